import path from 'node:path';
import { DATABASE_FILE_NAME } from '../../server/src/app';
import { readSse } from '../../server/src/board/testing/sse-reader';
import { openDatabase } from '../../server/src/db/database';
import { uuidv7 } from '../../shared/id/uuidv7';
import type { BenchCase } from '../core/cases';
import { count, ms, num } from '../core/format';
import { formatSpread, median, percentile, spread } from '../core/stats';
import { benchBookings } from '../fixtures/bookings';
import { writeBusyPlant } from '../fixtures/busy-plant';
import { BENCH_ADMIN_TOKEN, startBenchServer } from '../harness/takt-server';

// The line board (issue 10) against the real server process: `GET /api/v1/board` with 200 stations that have
// a history (< 50 ms), and the time from a push to the `station` event that shows it on the board's event
// stream while 200 terminals push at their paced rate (p95 < 1 s). Pushes and the stream are read by this
// process: the latency runs from sending the push, an upper bound of "accepted → event".

const SNAPSHOT_TARGET_MS = 50;
const EVENT_TARGET_P95_MS = 1_000;
const STATIONS = 200;
const HOUR = 3_600_000;
const SNAPSHOT_WARMUPS = 3;
const SNAPSHOT_REPEATS = 15;
const ADMIN = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

export const boardCase: BenchCase = {
  id: 'board',
  title: 'Line board: snapshot of 200 stations, push to SSE event under load',
  async run(ctx) {
    const sizes = ctx.sizes.ingest;
    const dataDir = path.join(ctx.workDir, 'board-server');
    // First start seeds the demo plant; then 200 stations with a terminal and some hours of history each.
    await (await startBenchServer({ dataDir, logLevel: 'warn' })).stop();
    const stations = Array.from({ length: STATIONS }, (_, i) => `BS-${String(i + 1).padStart(3, '0')}`);
    const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
    let history: number;
    try {
      const to = Date.now();
      history = writeBusyPlant(db, {
        stations,
        operationsOf: (stationId) => [{ orderId: `FA-${stationId}`, operationId: `FA-${stationId}-0010` }],
        from: to - (ctx.isQuick ? 2 : 8) * HOUR,
        to,
        now: to,
      });
      db.prepare('UPDATE terminals SET last_seen_at = ? WHERE id LIKE ?').run(to, 'T-BUSY-%');
    } finally {
      db.close();
    }

    const server = await startBenchServer({ dataDir, logLevel: 'warn' });
    try {
      const snapshotTimes: number[] = [];
      let shown = 0;
      for (let run = 0; run < SNAPSHOT_WARMUPS + SNAPSHOT_REPEATS; run++) {
        const started = performance.now();
        const response = await fetch(`${server.url}/api/v1/board`, { headers: ADMIN });
        const snapshot = (await response.json()) as { stations: unknown[] };
        const elapsed = performance.now() - started;
        if (!response.ok) throw new Error(`GET /api/v1/board: HTTP ${response.status}`);
        shown = snapshot.stations.length;
        if (run >= SNAPSHOT_WARMUPS) snapshotTimes.push(elapsed);
      }
      ctx.log(`board: snapshot of ${shown} stations in ${median(snapshotTimes).toFixed(1)} ms (median)`);

      const events = await pushToEvent(server, sizes);
      const p95 = percentile(events.latencies, 95);
      ctx.log(`board: push → SSE event p95 ${p95.toFixed(0)} ms over ${events.latencies.length} pushes`);
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
            case: `Push → board SSE event, ${sizes.terminals} terminals paced at ${count(sizes.offeredPerSecond)}/s`,
            takt: `p50 ${ms(percentile(events.latencies, 50))}, p95 ${ms(p95)} (${count(events.latencies.length)} pushes, ${count(events.missed)} not seen)`,
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
          eventPushes: events.latencies.length,
          eventsMissed: events.missed,
        },
        notes: [],
      };
    } finally {
      await server.stop();
    }
  },
};

/**
 * Terminals of the demo stations push paced (as case 4) while one board client reads the event stream; each
 * push's last booking is matched with the first `station` event that names it as the station's last booking.
 */
async function pushToEvent(
  server: { url: string; enroll(stationId?: string): Promise<{ terminalId: string; token: string }> },
  sizes: { terminals: number; seconds: number; bookingsPerPush: number; offeredPerSecond: number },
): Promise<{ latencies: number[]; missed: number }> {
  const demoStations = ['ST-10', 'ST-20', 'ST-30', 'ST-40'];
  const terminals = [];
  for (let i = 0; i < sizes.terminals; i++) {
    const enrolled = await server.enroll(demoStations[i % demoStations.length]);
    terminals.push({ ...enrolled, epoch: uuidv7(), seq: 0 });
  }
  const controller = new AbortController();
  const stream = await fetch(`${server.url}/api/v1/board/events`, { headers: ADMIN, signal: controller.signal });
  const reader = readSse(stream.body as unknown as AsyncIterable<Uint8Array>);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let isReading = true;
  const reading = (async () => {
    while (isReading) {
      const message = await reader.next((m) => m.event === 'station').catch(() => undefined);
      if (!message) return;
      const id = (JSON.parse(message.data) as { lastBooking: { id: string } | null }).lastBooking?.id;
      const sent = id === undefined ? undefined : sentAt.get(id);
      if (sent === undefined || id === undefined) continue;
      latencies.push(performance.now() - sent);
      sentAt.delete(id);
    }
  })();

  // The demo bookings name ST-10's operation: each terminal books on that order at its own station.
  const intervalMs = (sizes.terminals * sizes.bookingsPerPush * 1000) / sizes.offeredPerSecond;
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
        const stationId = demoStations[index % demoStations.length] as string;
        const bookings = benchBookings(terminal, terminal.seq + 1, sizes.bookingsPerPush, Date.now(), crypto).map(
          (booking) => ({ ...booking, stationId }),
        );
        terminal.seq += sizes.bookingsPerPush;
        const last = bookings[bookings.length - 1];
        if (last) sentAt.set(last.id, performance.now());
        const response = await fetch(`${server.url}/api/v1/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${terminal.token}` },
          body: JSON.stringify({ terminalId: terminal.terminalId, epoch: terminal.epoch, bookings }),
        });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`push: HTTP ${response.status}`);
        pushes += 1;
      }
    }),
  );
  // Events of the last pushes are on their way: a second is far beyond the target.
  const waitUntil = performance.now() + 1_000;
  while (sentAt.size > 0 && performance.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 20));
  isReading = false;
  controller.abort();
  await reading;
  return { latencies, missed: pushes - latencies.length };
}
