import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../core/paths';
import type { IngestLoadConfig, IngestLoadResult } from '../harness/ingest-load.main';
import type { StoredBookings } from '../harness/server-db';
import { runIngestLoad } from '../harness/run-ingest-load';
import { BENCH_ADMIN_TOKEN } from '../harness/takt-server';
import { BENCH_MASTER_DATA } from '../fixtures/bookings';
import { freePort } from '../../tests/support/free-port';
import {
  DEMO_OPERATORS,
  DEMO_QUALITY_PLANS,
  DEMO_REASONS,
  DEMO_SHIFTS,
  DEMO_STATIONS,
  demoOrders,
} from '../../server/src/seed/demo-plant';

// Helpers of case 12: the real server on PostgreSQL (`server/src/main.ts --database`) as a process of its
// own, the load generator of case 4 as a process aimed at one instance, and the database check afterwards.

/**
 * Connections per instance: two instances with 4 each give the 2-core machine's database 8, the 2 to 4 per
 * core docs/postgresql.md advises (with the default 10 each, backends mostly wait for each other's CPU).
 */
const POOL_SIZE = 4;

export interface PgBenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startPgBenchServer(dataDir: string, databaseUrl: string): Promise<PgBenchServer> {
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'server/src/main.ts'),
      '--port',
      String(port),
      '--data',
      dataDir,
      '--database',
      databaseUrl,
      '--pool-size',
      String(POOL_SIZE),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TAKT_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
        TAKT_LOG_LEVEL: 'info', // as case 4's SQLite server: one line per push
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await untilListening(child);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function untilListening(child: ChildProcess): Promise<void> {
  let tail = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL server did not start within 30 s:\n${tail}`)), 30_000);
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4_000);
      if (!tail.includes('Takt server listening on')) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL server exited (${code}) before listening:\n${tail}`));
    };
    // Keeps draining both pipes for the server's whole life, so a chatty log never blocks it.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4_000)));
    child.once('exit', onExit);
  });
}

/**
 * The part of the demo plant the bench bookings name (ST-10, P-1001, S01) and their order (BENCH_MASTER_DATA), through the admin
 * import, and an enrollment code for ST-10 with enough uses for the run (the store has no plant-wide code).
 */
export async function prepareBenchPlant(url: string): Promise<string> {
  const { orders, operations, boms } = demoOrders(Date.now());
  const body = {
    mode: 'merge',
    stations: DEMO_STATIONS,
    reasons: DEMO_REASONS,
    qualityPlans: DEMO_QUALITY_PLANS,
    shifts: DEMO_SHIFTS,
    operators: DEMO_OPERATORS.filter((operator) => operator.id === 'P-1001'), // PIN hashing is slow
    orders: [...orders, ...BENCH_MASTER_DATA.orders],
    operations: [...operations, ...BENCH_MASTER_DATA.operations],
    boms,
  };
  await adminPost(url, '/api/v1/admin/import', body);
  const created = (await adminPost(url, '/api/v1/admin/enrollment-codes', {
    stationId: 'ST-10',
    expiresInMinutes: 60,
    uses: 1_000,
  })) as { code: string };
  return created.code;
}

async function adminPost(url: string, pathname: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

/** Two load generators, one per instance, each with half the terminals and half the offered rate, at once. */
export async function runSplitLoad(
  urls: readonly [string, string],
  config: Omit<IngestLoadConfig, 'url'>,
): Promise<IngestLoadResult> {
  const half = (value: number) => value / 2;
  const parts = await Promise.all(
    urls.map((url) =>
      runIngestLoad({
        ...config,
        url,
        terminals: Math.ceil(half(config.terminals)),
        offeredPerSecond: config.offeredPerSecond === null ? null : half(config.offeredPerSecond),
      }),
    ),
  );
  const [a, b] = parts as [IngestLoadResult, IngestLoadResult];
  const statuses: Record<string, number> = { ...a.statuses };
  for (const [status, n] of Object.entries(b.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  // Each generator sees its own pushes only; the worse half's percentile stands for both (an upper bound).
  return {
    windowBookings: a.windowBookings.map((n, i) => n + (b.windowBookings[i] ?? 0)),
    latenciesMs: {
      p50: Math.max(a.latenciesMs.p50, b.latenciesMs.p50),
      p90: Math.max(a.latenciesMs.p90, b.latenciesMs.p90),
      p99: Math.max(a.latenciesMs.p99, b.latenciesMs.p99),
      max: Math.max(a.latenciesMs.max, b.latenciesMs.max),
      count: a.latenciesMs.count + b.latenciesMs.count,
    },
    errors: a.errors + b.errors,
    errorSamples: [...a.errorSamples, ...b.errorSamples],
    statuses,
    acceptedTotal: a.acceptedTotal + b.acceptedTotal,
    cpuMs: a.cpuMs + b.cpuMs,
  };
}

export async function inspectPgBookings(databaseUrl: string): Promise<StoredBookings> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const one = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? Number.NaN);
    return {
      rows: await one('SELECT COUNT(*) AS n FROM bookings'),
      distinctIds: await one('SELECT COUNT(DISTINCT id) AS n FROM bookings'),
      distinctSlots: await one(
        'SELECT COUNT(*) AS n FROM (SELECT DISTINCT plant_id, terminal_id, epoch, seq FROM bookings) AS slots',
      ),
      quarantined: await one('SELECT COUNT(*) AS n FROM quarantined_bookings'),
      rejected: await one('SELECT COUNT(*) AS n FROM rejected_bookings'),
    };
  } finally {
    await client.end();
  }
}
