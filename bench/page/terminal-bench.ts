import Dexie from 'dexie';
import {
  openTerminalData,
  deleteTerminalData,
  type TerminalData,
  type TerminalDataOptions,
} from '../../renderer/src/data';
import {
  createFetchTransport,
  enrollTerminal,
  startSyncEngine,
  type SyncEngine,
  type SyncTransport,
} from '../../renderer/src/sync';
import { benchBooking, benchBookings, benchDraft } from '../fixtures/bookings';
import { benchOrderBook } from '../fixtures/master-data';
import { outboxRowOf } from '../../renderer/src/data/bookings/bookings-db';
import type { DbNames, DrainReport, TerminalBenchApi } from './bench-api';

// The terminal's real data layer and sync engine in a plain page, driven by the bench over page.evaluate.

const SEED_CHUNK = 5_000;

function namesOf({ dbPrefix }: DbNames): TerminalDataOptions {
  return dbPrefix === undefined ? {} : { bookingsDbName: `${dbPrefix}-bookings`, masterDbName: `${dbPrefix}-master` };
}

const opened = new Map<string, TerminalData>();
function dataFor(args: DbNames): TerminalData {
  const key = args.dbPrefix ?? '';
  let data = opened.get(key);
  if (!data) {
    data = openTerminalData(namesOf(args));
    opened.set(key, data);
  }
  return data;
}

function transportFor(data: TerminalData): SyncTransport {
  return createFetchTransport({
    baseUrl: window.location.origin,
    getToken: async () => (await data.readIdentity())?.token,
  });
}

/** One raw IndexedDB write per transaction, strict like the bookings database: the floor under a capture. */
async function openRawStore(name: string): Promise<IDBDatabase> {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => request.result.createObjectStore('rows', { keyPath: 'id' });
  return requestResult(request);
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function putRaw(db: IDBDatabase, row: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction('rows', 'readwrite', { durability: 'strict' });
    tx.objectStore('rows').put(row);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('raw put failed'));
    tx.onabort = () => reject(tx.error ?? new Error('raw put aborted'));
  });
}

async function timeEach(count: number, action: (index: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await action(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

let session: { data: TerminalData; engine: SyncEngine } | undefined;

const api: TerminalBenchApi = {
  async captureLatency(args) {
    const data = dataFor(args);
    await data.saveIdentity({ terminalId: 'T-BENCH-CAPTURE', stationId: 'ST-10' });
    const raw = await openRawStore(`${args.dbPrefix ?? 'takt'}-raw-put`);
    const stream = { terminalId: 'T-BENCH-CAPTURE', epoch: 'raw' };
    let rawSeq = 0;
    const rawRow = () => benchBooking(stream, ++rawSeq, Date.now(), crypto);
    let captured = 0;
    const capture = () => data.captureBooking(benchDraft(captured++));
    const result = { capture: [] as number[][], raw: [] as number[][] };
    // One for one, so both see the same state of the database files (LevelDB compactions come and go).
    for (let r = -1; r < args.repeats; r++) {
      const captureTimes: number[] = [];
      const rawTimes: number[] = [];
      for (let i = 0; i < (r < 0 ? args.warmup : args.count); i++) {
        captureTimes.push(...(await timeEach(1, capture)));
        rawTimes.push(...(await timeEach(1, () => putRaw(raw, rawRow()))));
      }
      if (r < 0) continue;
      result.capture.push(captureTimes);
      result.raw.push(rawTimes);
    }
    raw.close();
    return result;
  },

  async seedBacklog(args) {
    const data = dataFor(args);
    if (args.identity) await data.saveIdentity(args.identity);
    const identity = await data.readIdentity();
    const meta = await data.bookingsDb.meta.get('outbox');
    if (!identity || !meta) throw new Error('seedBacklog needs an enrolled terminal with an outbox');
    const stream = { terminalId: identity.terminalId, epoch: meta.epoch };
    const started = performance.now();
    const endAt = Date.now();
    for (let done = 0; done < args.count; done += SEED_CHUNK) {
      const size = Math.min(SEED_CHUNK, args.count - done);
      const rows = benchBookings(stream, meta.nextSeq + done, size, endAt - (args.count - done - size) * 1_000, crypto);
      await data.bookingsDb.transaction('rw', data.bookingsDb.bookings, data.bookingsDb.outbox, async () => {
        await data.bookingsDb.bookings.bulkAdd(rows);
        await data.bookingsDb.outbox.bulkAdd(rows.map(outboxRowOf));
      });
    }
    // Keep the outbox's stored pending count in step, as capture does.
    const pendingCount = meta.pendingCount === undefined ? {} : { pendingCount: meta.pendingCount + args.count };
    await data.bookingsDb.meta.put({ ...meta, nextSeq: meta.nextSeq + args.count, ...pendingCount });
    const ms = performance.now() - started;
    return { ms, pending: (await data.outbox.readStats()).pendingCount };
  },

  async drain(args): Promise<DrainReport> {
    const data = dataFor(args);
    const inner = transportFor(data);
    const report: DrainReport = {
      ms: 0,
      synced: 0,
      isComplete: false,
      pushes: 0,
      networkMs: 0,
      failedRuns: 0,
      progress: [],
    };
    let answered = 0;
    const drainStarted = performance.now();
    const transport: SyncTransport = {
      async push(request, options) {
        const started = performance.now();
        const outcome = await inner.push(request, options);
        const now = performance.now();
        report.networkMs += now - started;
        report.pushes += 1;
        if (outcome.kind === 'ok') report.progress.push([(answered += request.bookings.length), now - drainStarted]);
        return outcome;
      },
      pull: inner.pull,
    };
    const engine = startSyncEngine({ transport, data, isAutomatic: false, connectivity: null });
    let isTimeUp = false;
    const stopAtLimit = () => {
      isTimeUp = true;
      void engine.stop(); // abandons the run; what was answered so far stays answered
    };
    const limit = Number.isFinite(args.timeLimitMs)
      ? setTimeout(stopAtLimit, Math.min(args.timeLimitMs, 2 ** 31 - 1))
      : undefined;
    try {
      for (;;) {
        const run = await engine.pushNow();
        report.synced += run?.answered.synced ?? 0;
        if (run?.ok) {
          report.isComplete = true;
          break;
        }
        if (isTimeUp) break;
        report.failedRuns += 1;
        if (report.failedRuns > args.maxFailedRuns) throw new Error(`drain failed: ${run?.error ?? 'unknown'}`);
      }
      report.ms = performance.now() - drainStarted;
    } finally {
      clearTimeout(limit);
      await engine.stop();
    }
    return report;
  },

  async pullMaster(args) {
    const data = dataFor(args);
    await enrollTerminal(window.location.origin, 'ST-10', args.enrollmentCode, { data });
    const engine = startSyncEngine({ transport: transportFor(data), data, isAutomatic: false, connectivity: null });
    const started = performance.now();
    try {
      const run = await engine.pullNow();
      if (!run?.ok) throw new Error(`pull failed: ${run?.error ?? 'unknown'}`);
    } finally {
      await engine.stop();
    }
    const ms = performance.now() - started;
    let rows = 0;
    for (const table of data.masterDb.tables) if (table.name !== 'datasets') rows += await table.count();
    return { ms, rows };
  },

  async bulkPutMaster(args) {
    const data = dataFor(args);
    const book = benchOrderBook(args.records);
    const orders = book.orders.map((order) => ({ ...order, _gen: 1, _key: order.id }));
    const operations = book.operations.map((operation) => ({ ...operation, _gen: 1, _key: operation.id }));
    const started = performance.now();
    const orderTable = data.masterDb.records('orders');
    const operationTable = data.masterDb.records('operations');
    for (let i = 0; i < orders.length; i += args.chunk) await orderTable.bulkPut(orders.slice(i, i + args.chunk));
    for (let i = 0; i < operations.length; i += args.chunk)
      await operationTable.bulkPut(operations.slice(i, i + args.chunk));
    return { ms: performance.now() - started, rows: orders.length + operations.length };
  },

  async startSession(args) {
    const data = dataFor(args);
    const { terminalId } = await enrollTerminal(window.location.origin, 'ST-10', args.enrollmentCode, { data });
    session = { data, engine: startSyncEngine({ transport: transportFor(data), data }) };
    return { terminalId };
  },

  async captureMany(args) {
    const current = session;
    if (!current) throw new Error('no session');
    let next = 0;
    let failed = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < args.count) {
        const index = args.firstIndex + next++;
        await current.data.captureBooking(benchDraft(index)).catch(() => (failed += 1));
      }
    };
    await Promise.all(Array.from({ length: args.concurrency }, worker));
    return { ms: performance.now() - started, failed };
  },

  async pendingCount(args) {
    return (await dataFor(args).outbox.readStats()).pendingCount;
  },

  async stopSession() {
    await session?.engine.stop();
    session = undefined;
  },

  async deleteDatabases(args) {
    const key = args.dbPrefix ?? '';
    opened.get(key)?.close();
    opened.delete(key);
    await deleteTerminalData(namesOf(args));
    if (args.dbPrefix !== undefined) await Dexie.delete(`${args.dbPrefix}-raw-put`);
  },
};

window.taktBench = api;
document.title = 'takt bench: ready';
