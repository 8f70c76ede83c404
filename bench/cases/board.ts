import path from 'node:path';
import { DATABASE_FILE_NAME } from '../../server/src/app';
import { readSse } from '../../server/src/board/testing/sse-reader';
import { openDatabase } from '../../server/src/db/database';
import { uuidv7 } from '@shared/id/uuidv7';
import type { BenchCase } from '../core/cases';
import { count, ms, num } from '../core/format';
import { formatSpread, median, percentile, spread } from '../core/stats';
import { benchBookings } from '../fixtures/bookings';
import { writeBusyPlant } from '../fixtures/busy-plant';
import { FULL_SIZES } from '../core/sizes';
import { BENCH_ADMIN_TOKEN, prepareBenchDataDir, startBenchServer } from '../harness/takt-server';

// The line board (issue 10) against the real server process: `GET /api/v1/board` with 200 stations that have
// a history (< 50 ms), and the time from a push to the `station` event that shows it on the board's event
// stream while terminals push at their paced rate (p95 < 1 s). Pushes and the stream are read by this
// process. The latency that is judged runs from the push's response (the server stored the push and has
// answered it) to the event's arrival; the server publishes before it answers, so an event that arrives first
// counts as 0 ms. Sending → event (which adds the push's own round trip) is reported beside it.

const SNAPSHOT_TARGET_MS = 50;
const EVENT_TARGET_P95_MS = 1_000;
const STATIONS = 200;
const HOUR = 3_600_000;
/** One terminal's pace in case 4: 200 terminals offer 6,000 bookings/s together, 30 each. */
const TERMINAL_BOOKINGS_PER_SECOND = FULL_SIZES.ingest.offeredPerSecond / FULL_SIZES.ingest.terminals;
const ADMIN = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

export const boardCase: BenchCase = {
  id: 'board',
  title: 'Line board: snapshot of 200 stations, push to SSE event under load',
  async run(ctx) {
    const sizes = ctx.sizes.ingest;
    const snapshotWarmups = ctx.isQuick ? 2 : 3;
    const snapshotRepeats = ctx.isQuick ? 8 : 15;
    const dataDir = path.join(ctx.workDir, 'board-server');
    // The demo plant, then 200 stations with a terminal and some hours of history each, before the server starts.
    await prepareBenchDataDir(dataDir);
    const stations = Array.from({ length: STATIONS }, (_, i) => `BS-${String(i + 1).padStart(3, '0')}`);
    const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
    let history: number;
    try {
      const to = Date.now();
      history = writeBusyPlant(db, {
        stations,
        operationsOf: (stationId) => [operationOf(stationId)],
        from: to - (ctx.isQuick ? 1 : 8) * HOUR,
        to,
        now: to,
      });
      db.prepare('UPDATE terminals SET last_seen_at = ? WHERE id LIKE ?').run(to, 'T-BUSY-%');
    } finally {
      db.close();
    }

    ctx.log(`board: demo plant ready, ${count(history)} bookings of history written`);
    const server = await startBenchServer({ dataDir, logLevel: 'warn' });
    // The bench's stations, with an order and operation each, so terminals enroll there and book on them.
    await server.adminPost('/api/v1/admin/import', plantOf(stations));
    let events: Awaited<ReturnType<typeof pushToEvent>> | undefined;
    try {
      const snapshotTimes: number[] = [];
      let shown = 0;
      for (let run = 0; run < snapshotWarmups + snapshotRepeats; run++) {
        const started = performance.now();
        const response = await fetch(`${server.url}/api/v1/board`, { headers: ADMIN });
        const snapshot = (await response.json()) as { stations: unknown[] };
        const elapsed = performance.now() - started;
        if (!response.ok) throw new Error(`GET /api/v1/board: HTTP ${response.status}`);
        shown = snapshot.stations.length;
        if (run >= snapshotWarmups) snapshotTimes.push(elapsed);
      }
      ctx.log(`board: snapshot of ${shown} stations in ${median(snapshotTimes).toFixed(1)} ms (median)`);

      // Quick mode: fewer terminals (its ingest size) for two seconds, each still at its full pace.
      events = await pushToEvent(server, stations, { ...sizes, seconds: ctx.isQuick ? 2 : sizes.seconds });
      const p95 = percentile(events.latencies, 95);
      const sentP95 = percentile(events.fromSending, 95);
      ctx.log(
        `board: push accepted → SSE event p95 ${p95.toFixed(0)} ms (from sending ${sentP95.toFixed(0)} ms) over ${events.latencies.length} pushes`,
      );
      return {
        rows: [
          {
            case: `Board snapshot, ${count(shown)} stations (${count(history)} bookings)`,
            takt: formatSpread(spread(snapshotTimes), 'ms', num),
            reference: '—',
            ratio: null,
            target: `< ${SNAPSHOT_TARGET_MS} ms`,
            met: median(snapshotTimes) < SNAPSHOT_TARGET_MS,
          },
          {
            case: `Push accepted → board SSE event, ${sizes.terminals} terminals on as many stations, ${num(TERMINAL_BOOKINGS_PER_SECOND)} bookings/s each`,
            takt: `p50 ${ms(percentile(events.latencies, 50))}, p95 ${ms(p95)}; from sending p95 ${ms(sentP95)} (${count(events.latencies.length)} pushes, ${count(events.missed)} not seen)`,
            reference: '—',
            ratio: null,
            target: `p95 < ${num(EVENT_TARGET_P95_MS)} ms`,
            met: p95 < EVENT_TARGET_P95_MS && events.missed === 0,
          },
        ],
        metrics: {
          snapshotMs: spread(snapshotTimes),
          stationsShown: shown,
          historyBookings: history,
          eventP50Ms: percentile(events.latencies, 50),
          eventP95Ms: p95,
          eventMaxMs: Math.max(...events.latencies),
          eventFromSendingP50Ms: percentile(events.fromSending, 50),
          eventFromSendingP95Ms: sentP95,
          terminalBookingsPerSecond: TERMINAL_BOOKINGS_PER_SECOND,
          eventPushes: events.latencies.length,
          eventsMissed: events.missed,
        },
        notes: [
          'Push → event runs from the push response (accepted and answered) to the event; an event that arrives before the response counts as 0 ms. "From sending" adds the push round trip.',
        ],
      };
    } finally {
      // Stopped while the event stream is still open, as a board is when the server shuts down.
      await server.stop();
      await events?.closeStream();
    }
  },
};

const operationOf = (stationId: string) => ({ orderId: `FA-${stationId}`, operationId: `FA-${stationId}-0010` });

/** Master data for the bench's stations: each its own released order with one operation there. */
function plantOf(stations: readonly string[]) {
  return {
    mode: 'merge',
    stations: stations.map((id) => ({ id, name: `Bench ${id}` })),
    orders: stations.map((stationId) => ({
      id: operationOf(stationId).orderId,
      number: operationOf(stationId).orderId,
      material: 'M-BENCH',
      materialText: 'Bench part',
      quantity: 1_000_000,
      unit: 'Stk',
      dueDate: '2030-12-31',
      status: 'released',
    })),
    operations: stations.map((stationId) => ({
      id: operationOf(stationId).operationId,
      orderId: operationOf(stationId).orderId,
      number: '0010',
      text: 'Bench',
      stationId,
      setupMinutes: 10,
      cycleSeconds: 1,
      status: 'released',
    })),
  };
}

/**
 * Terminals spread over the bench's stations push, each at one terminal's pace of case 4, while one board client reads
 * the event stream; each push's last booking is matched with the first `station` event that names it as the
 * station's last booking. The stream stays open until the caller has stopped the server (`closeStream`):
 * a client that aborts first leaves a spare connection the server then waits a minute for at shutdown.
 */
async function pushToEvent(
  server: { url: string; enroll(stationId?: string): Promise<{ terminalId: string; token: string }> },
  stations: readonly string[],
  sizes: { terminals: number; seconds: number; bookingsPerPush: number },
): Promise<{ latencies: number[]; fromSending: number[]; missed: number; closeStream(): Promise<void> }> {
  const terminals = await Promise.all(
    Array.from({ length: sizes.terminals }, async (_, i) => {
      const stationId = stations[i % stations.length] as string;
      return { ...(await server.enroll(stationId)), stationId, epoch: uuidv7(), seq: 0 };
    }),
  );
  const controller = new AbortController();
  const stream = await fetch(`${server.url}/api/v1/board/events`, { headers: ADMIN, signal: controller.signal });
  const reader = readSse(stream.body as unknown as AsyncIterable<Uint8Array>);
  /** Per pushed booking id: when it was sent, and when its push was answered (once it was). */
  const pending = new Map<string, { sentAt: number; answeredAt?: number; seenAt?: number }>();
  const latencies: number[] = [];
  const fromSending: number[] = [];
  const settle = (id: string) => {
    const push = pending.get(id);
    if (push?.answeredAt === undefined || push.seenAt === undefined) return;
    latencies.push(Math.max(0, push.seenAt - push.answeredAt));
    fromSending.push(push.seenAt - push.sentAt);
    pending.delete(id);
  };
  const reading = (async () => {
    for (;;) {
      const message = await reader.next((m) => m.event === 'station').catch(() => undefined);
      if (!message) return;
      const seenAt = performance.now();
      const id = (JSON.parse(message.data) as { lastBooking: { id: string } | null }).lastBooking?.id;
      const push = id === undefined ? undefined : pending.get(id);
      if (push === undefined || push.seenAt !== undefined || id === undefined) continue;
      push.seenAt = seenAt;
      settle(id);
    }
  })();

  const intervalMs = (sizes.bookingsPerPush * 1000) / TERMINAL_BOOKINGS_PER_SECOND;
  const started = performance.now();
  const end = started + sizes.seconds * 1000;
  let pushes = 0;
  await Promise.all(
    terminals.map(async (terminal, index) => {
      let due = started + (intervalMs * index) / terminals.length;
      while (performance.now() < end) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        due = Math.max(due + intervalMs, performance.now());
        const bookings = benchBookings(terminal, terminal.seq + 1, sizes.bookingsPerPush, Date.now(), crypto).map(
          (booking) => ({ ...booking, stationId: terminal.stationId, ...operationOf(terminal.stationId) }),
        );
        terminal.seq += sizes.bookingsPerPush;
        const last = bookings[bookings.length - 1];
        if (last) pending.set(last.id, { sentAt: performance.now() });
        const response = await fetch(`${server.url}/api/v1/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${terminal.token}` },
          body: JSON.stringify({ terminalId: terminal.terminalId, epoch: terminal.epoch, bookings }),
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`push: HTTP ${response.status}`);
        const push = last === undefined ? undefined : pending.get(last.id);
        if (push !== undefined && last !== undefined) {
          push.answeredAt = performance.now();
          settle(last.id);
        }
        pushes += 1;
      }
    }),
  );
  // Events of the last pushes are on their way: a second is far beyond the target.
  const waitUntil = performance.now() + 1_000;
  while (pending.size > 0 && performance.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 20));
  return {
    latencies,
    fromSending,
    missed: pushes - latencies.length,
    async closeStream() {
      controller.abort();
      await reading;
    },
  };
}
