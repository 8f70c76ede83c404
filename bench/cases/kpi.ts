import path from 'node:path';
import { DATABASE_FILE_NAME } from '../../server/src/app';
import { openDatabase } from '../../server/src/db/database';
import type { BenchCase } from '../core/cases';
import { count, num, seconds } from '../core/format';
import { formatSpread, median, spread } from '../core/stats';
import { writeBusyPlant } from '../fixtures/busy-plant';
import { BENCH_ADMIN_TOKEN, startBenchServer } from '../harness/takt-server';

// `GET /api/v1/kpi` for one station over 30 days of a busy plant (about 1 million bookings in the database),
// over real HTTP against the real server process, its database written beforehand (issue 10: < 200 ms).

const TARGET_MS = 200;
const DAY = 86_400_000;
const DAYS = 30;
const REPEATS = 15;
const WARMUPS = 3;

export const kpiCase: BenchCase = {
  id: 'kpi',
  title: 'KPIs of one station over 30 days of a busy plant',
  async run(ctx) {
    // Full: 112 stations of about 9,000 bookings each (1 million); quick: 4 stations, the same 30 days.
    const stations = Array.from({ length: ctx.isQuick ? 4 : 112 }, (_, i) => `ST-${10 + i * 10}`);
    const dataDir = path.join(ctx.workDir, 'kpi-server');
    const to = Math.floor(Date.now() / DAY) * DAY;
    const from = to - DAYS * DAY;

    // First start seeds the demo plant (shift calendar with breaks, ST-10's operations with cycle times).
    await (await startBenchServer({ dataDir, logLevel: 'warn' })).stop();
    const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
    let bookings: number;
    const writeStarted = performance.now();
    try {
      const st10 = db
        .prepare(
          `SELECT json_extract(value, '$.orderId') AS orderId, key AS operationId FROM master_records
            WHERE dataset = 'operations' AND value IS NOT NULL AND json_extract(value, '$.stationId') = 'ST-10'`,
        )
        .all() as Array<{ orderId: string; operationId: string }>;
      bookings = writeBusyPlant(db, {
        stations,
        operationsOf: (stationId) =>
          stationId === 'ST-10'
            ? st10
            : [1, 2, 3].map((k) => ({ orderId: `FA-${stationId}-${k}`, operationId: `FA-${stationId}-${k}-0010` })),
        from,
        to,
        now: Date.now(),
      });
      db.pragma('optimize');
    } finally {
      db.close();
    }
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    ctx.log(`kpi: ${count(bookings)} bookings for ${stations.length} stations written in ${writeSeconds.toFixed(0)} s`);

    const server = await startBenchServer({ dataDir, logLevel: 'warn' });
    try {
      const url = `${server.url}/api/v1/kpi?stationId=ST-10&from=${from}&to=${to}`;
      const times: number[] = [];
      let answer: Record<string, unknown> = {};
      for (let run = 0; run < WARMUPS + REPEATS; run++) {
        const started = performance.now();
        const response = await fetch(url, { headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` } });
        answer = (await response.json()) as Record<string, unknown>;
        const elapsed = performance.now() - started;
        if (!response.ok) throw new Error(`GET /api/v1/kpi: HTTP ${response.status} ${JSON.stringify(answer)}`);
        if (run >= WARMUPS) times.push(elapsed);
      }
      const figure = median(times);
      ctx.log(
        `kpi: ST-10 over ${DAYS} days in ${figure.toFixed(1)} ms (median of ${REPEATS}); availability ${String(answer.availability)}, produced ${String(answer.produced)}`,
      );
      return {
        rows: [
          {
            case: `KPIs, one station, ${DAYS} days of ${count(bookings)} bookings`,
            takt: formatSpread(spread(times), 'ms', num),
            reference: `${seconds(writeSeconds)} to write the history`,
            ratio: null,
            target: `< ${TARGET_MS} ms`,
            met: figure < TARGET_MS,
          },
        ],
        metrics: {
          kpiMs: spread(times),
          bookings,
          stations: stations.length,
          days: DAYS,
          writeSeconds,
          availability: typeof answer.availability === 'number' ? answer.availability : null,
          oee: typeof answer.oee === 'number' ? answer.oee : null,
        },
        notes: [],
      };
    } finally {
      await server.stop();
    }
  },
};
