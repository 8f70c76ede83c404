import 'fake-indexeddb/auto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BookingDraft } from '@shared/booking';
import { openJournal } from '../../electron/main/journal/journal';
import { OUTBOX_META_KEY } from '../../renderer/src/data/bookings/bookings-db';
import { deleteTerminalData, openTerminalData, type TerminalData } from '../../renderer/src/data/terminal-data';
import { createFetchTransport, startSyncEngine } from '../../renderer/src/sync';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server';

// The Electron path without IPC: captures go to IndexedDB (fake-indexeddb) and to main's journal on disk;
// the IndexedDB is wiped or loses its last commit; the journal brings the bookings back with their ids, and
// the uploader delivers each to a real server exactly once.

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

let dbCounter = 0;

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-journal-restore-'));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const journal = await openJournal({ dir, log: () => undefined });
  cleanup.push(() => journal.close());
  const server = await startTestServer();
  cleanup.push(() => server.dispose());
  const credentials = await server.enroll('ST-10');
  dbCounter++;
  const names = { bookingsDbName: `journal-bookings-${dbCounter}`, masterDbName: `journal-master-${dbCounter}` };
  const open = async (): Promise<TerminalData> => {
    const data = openTerminalData({ ...names, crossTab: false, journal: { append: (b) => journal.append(b) } });
    cleanup.push(() => data.close());
    await data.saveIdentity({ terminalId: credentials.terminalId, stationId: 'ST-10', token: credentials.token });
    return data;
  };
  const wipe = async (data: TerminalData) => {
    data.close();
    await deleteTerminalData(names);
  };
  return { journal, server, open, wipe };
}

const note = (text: string): BookingDraft => ({ type: 'shift.note', payload: { text }, stationId: 'ST-10' });

async function pushAll(data: TerminalData, server: TestServer) {
  const engine = startSyncEngine({
    data,
    transport: createFetchTransport({
      baseUrl: 'http://takt.test',
      getToken: (terminalId) => data.readToken(terminalId),
      fetch: injectFetch(server),
    }),
    isAutomatic: false,
    connectivity: null,
    locks: null,
    datasets: [],
  });
  try {
    return await engine.pushNow();
  } finally {
    await engine.stop();
  }
}

function injectFetch(server: TestServer): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const response = await server.request({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(response.body, {
      status: response.statusCode,
      headers: { 'content-type': String(response.headers['content-type'] ?? 'application/json') },
    });
  }) as typeof fetch;
}

const serverBookingIds = (server: TestServer) =>
  (server.db.prepare('SELECT id FROM bookings ORDER BY seq').all() as { id: string }[]).map((row) => row.id);

describe('restoring from the journal', () => {
  it('brings back a wiped IndexedDB with the same ids, pending, and the server stores each once', async () => {
    const { journal, server, open, wipe } = await setup();
    const before = await open();
    const captured = [await before.captureBooking(note('a')), await before.captureBooking(note('b'))];
    await wipe(before);

    const after = await open();
    expect((await after.outbox.readStats()).pendingCount).toBe(0);
    const report = await after.restoreFromJournal((await journal.replay()).bookings);
    expect(report).toEqual({ restored: 2, present: 0, slotTaken: 0 });
    expect((await after.outbox.readPendingBatch(10)).map((b) => b.id)).toEqual(captured.map((b) => b.id));
    expect((await after.outbox.readStats()).pendingCount).toBe(2);

    // The counter continues the restored epoch above the restored seqs.
    const next = await after.captureBooking(note('c'));
    expect(next).toMatchObject({ epoch: captured[0]!.epoch, seq: 3 });

    expect(await pushAll(after, server)).toMatchObject({ ok: true, answered: { synced: 3 } });
    expect(serverBookingIds(server)).toEqual([...captured, next].map((b) => b.id));

    // A second replay at the next start changes nothing and sends nothing.
    expect(await after.restoreFromJournal((await journal.replay()).bookings)).toEqual({
      restored: 0,
      present: 3,
      slotTaken: 0,
    });
    expect((await after.outbox.readStats()).pendingCount).toBe(0);
  });

  it('sends bookings the server already had once more at most, and the server keeps one copy', async () => {
    const { journal, server, open, wipe } = await setup();
    const first = await open();
    await first.captureBooking(note('a'));
    await first.captureBooking(note('b'));
    await pushAll(first, server);
    await wipe(first); // wiped after the upload, before main pruned the journal

    const second = await open();
    expect((await second.restoreFromJournal((await journal.replay()).bookings)).restored).toBe(2);
    expect(await pushAll(second, server)).toMatchObject({ ok: true });
    expect((await second.outbox.readStats()).pendingCount).toBe(0);
    expect(serverBookingIds(server)).toHaveLength(2);
    expect(server.countRows()['quarantined_bookings']).toBe(0);
  });

  it('restores a lost last commit into the same epoch and keeps the next seq above it', async () => {
    const { journal, open } = await setup();
    const data = await open();
    await data.captureBooking(note('a'));
    const lost = await data.captureBooking(note('b'));
    // A power cut took IndexedDB's last commit: the booking, its outbox row and the counter step.
    const db = data.bookingsDb;
    await db.transaction('rw', [db.bookings, db.outbox, db.meta], async () => {
      await db.bookings.delete(lost.id);
      await db.outbox.delete([lost.epoch, lost.seq]);
      await db.meta.where('key').equals(OUTBOX_META_KEY).modify({ nextSeq: 2, pendingCount: 1 });
    });

    expect(await data.restoreFromJournal((await journal.replay()).bookings)).toEqual({
      restored: 1,
      present: 1,
      slotTaken: 0,
    });
    expect((await data.outbox.readStats()).pendingCount).toBe(2);
    expect(await data.captureBooking(note('c'))).toMatchObject({ epoch: lost.epoch, seq: 3 });
  });

  it('keeps a journaled booking whose slot another booking took as a dead letter, never drops it', async () => {
    const { journal, open } = await setup();
    const data = await open();
    const lost = await data.captureBooking(note('a'));
    const db = data.bookingsDb;
    await db.transaction('rw', [db.bookings, db.outbox, db.meta], async () => {
      await db.bookings.delete(lost.id);
      await db.outbox.delete([lost.epoch, lost.seq]);
      await db.meta.where('key').equals(OUTBOX_META_KEY).modify({ nextSeq: 1, pendingCount: 0 });
    });
    const other = await data.captureBooking(note('x')); // captured into the lost booking's slot
    expect(other.seq).toBe(lost.seq);

    const replayed = (await journal.replay()).bookings.filter((b) => b.id === lost.id);
    expect(await data.restoreFromJournal(replayed)).toEqual({ restored: 0, present: 0, slotTaken: 1 });
    expect((await data.outbox.listDeadLetters()).map((row) => row.id)).toEqual([lost.id]);
  });

  it('reports a failed journal append as journal-failed, with the booking saved in IndexedDB', async () => {
    const data = openTerminalData({
      bookingsDbName: `journal-fail-${++dbCounter}`,
      masterDbName: `journal-fail-master-${dbCounter}`,
      crossTab: false,
      journal: { append: () => Promise.reject(new Error('disk full')) },
    });
    cleanup.push(() => data.close());
    await data.saveIdentity({ terminalId: 'T-0001', stationId: 'ST-10' });
    const failure = await data.captureBooking(note('a')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'journal-failed', messageKey: 'capture.errors.journalFailed' });
    const saved = (failure as { savedBooking?: { id: string } }).savedBooking;
    expect((await data.outbox.readPendingBatch(5)).map((b) => b.id)).toEqual([saved?.id]);
  });
});
