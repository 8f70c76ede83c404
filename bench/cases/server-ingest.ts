import path from 'node:path';
import type { BenchCase } from '../core/cases';
import { count, ms, num } from '../core/format';
import { serverProfileDir } from '../core/profile';
import { formatSpread, spread } from '../core/stats';
import type { IngestLoadResult } from '../harness/ingest-load.main';
import { runIngestLoad } from '../harness/run-ingest-load';
import { inspectServerBookings } from '../harness/server-db';
import { BENCH_ENROLLMENT_CODE, startBenchServer } from '../harness/takt-server';

// 4. One server, many terminals pushing at once. First paced: 200 terminals together offer 6,000 bookings/s
// (1.2× the target) for 60 s; the server must keep up, and p99 is the latency a terminal sees under that
// load. Then closed loop (every terminal pushes again as soon as answered) for the server's capacity; its
// latency is queueing by construction (200 pushes in flight ÷ throughput). Afterwards the database must
// hold every accepted booking once. Server and load generator are separate processes on loopback.

const TARGET_RATE = 5_000;
const TARGET_P99_MS = 250;

export const serverIngestCase: BenchCase = {
  id: 'server-ingest',
  title: 'Server ingest under load',
  async run(ctx) {
    const sizes = ctx.sizes.ingest;
    const dataDir = path.join(ctx.workDir, 'ingest-server');
    const server = await startBenchServer({ dataDir, cpuProfDir: serverProfileDir(ctx, 'ingest') });
    let paced: IngestLoadResult;
    let closed: IngestLoadResult;
    try {
      const base = { url: server.url, enrollmentCode: BENCH_ENROLLMENT_CODE, ...sizes };
      paced = await runIngestLoad({ ...base, offeredPerSecond: sizes.offeredPerSecond });
      closed = await runIngestLoad({ ...base, seconds: sizes.saturationSeconds, offeredPerSecond: null });
    } finally {
      await server.stop();
    }
    const stored = inspectServerBookings(dataDir);
    const accepted = paced.acceptedTotal + closed.acceptedTotal;
    const errors = paced.errors + closed.errors;
    const duplicates =
      (paced.statuses['duplicate'] ?? 0) +
      (closed.statuses['duplicate'] ?? 0) +
      (stored.rows - stored.distinctIds) +
      (stored.rows - stored.distinctSlots);
    const isStoredExactly = stored.rows === accepted && stored.quarantined === 0 && stored.rejected === 0;
    const pacedRates = spread(paced.windowBookings.map((bookings) => bookings / sizes.windowSeconds));
    const closedRates = spread(closed.windowBookings.map((bookings) => bookings / sizes.windowSeconds));
    const who = `${sizes.terminals} terminals, ${sizes.bookingsPerPush}/push`;
    return {
      rows: [
        {
          case: `4 Ingest at ${count(sizes.offeredPerSecond)}/s offered, ${who}, ${sizes.seconds} s`,
          takt: `${formatSpread(pacedRates, 'bookings/s', num)} sustained`,
          reference: '—',
          ratio: null,
          target: `≥ ${count(TARGET_RATE)} bookings/s`,
          met: pacedRates.median >= TARGET_RATE,
        },
        {
          case: '4 Push latency at that load',
          takt: `p50 ${ms(paced.latenciesMs.p50)}, p99 ${ms(paced.latenciesMs.p99)} (${count(paced.latenciesMs.count)} pushes)`,
          reference: '—',
          ratio: null,
          target: `p99 < ${TARGET_P99_MS} ms`,
          met: paced.latenciesMs.p99 < TARGET_P99_MS,
        },
        {
          case: `4 Ingest capacity, closed loop, ${who}, ${sizes.saturationSeconds} s`,
          takt: `${formatSpread(closedRates, 'bookings/s', num)}; p50 ${ms(closed.latenciesMs.p50)}, p99 ${ms(closed.latenciesMs.p99)} (queueing)`,
          reference: '—',
          ratio: null,
          target: `≥ ${count(TARGET_RATE)} bookings/s`,
          met: closedRates.median >= TARGET_RATE,
        },
        {
          case: '4 Errors and duplicates (both runs)',
          takt: `${count(errors)} errors, ${count(duplicates)} duplicates; ${count(stored.rows)} stored = ${count(accepted)} accepted`,
          reference: '—',
          ratio: null,
          target: '0 errors, 0 duplicates',
          met: errors === 0 && duplicates === 0 && isStoredExactly,
        },
      ],
      metrics: {
        pacedBookingsPerSecond: pacedRates,
        pacedLatencyP50Ms: paced.latenciesMs.p50,
        pacedLatencyP90Ms: paced.latenciesMs.p90,
        pacedLatencyP99Ms: paced.latenciesMs.p99,
        pacedLatencyMaxMs: paced.latenciesMs.max,
        closedBookingsPerSecond: closedRates,
        closedLatencyP50Ms: closed.latenciesMs.p50,
        closedLatencyP99Ms: closed.latenciesMs.p99,
        pushes: paced.latenciesMs.count + closed.latenciesMs.count,
        errors,
        errorSamples: [...paced.errorSamples, ...closed.errorSamples].join(' | '),
        duplicates,
        storedRows: stored.rows,
        acceptedTotal: accepted,
      },
      notes: [],
    };
  },
};
