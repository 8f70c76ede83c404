import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { SYNC_ROUTES, type PushResponse } from '@shared/protocol';
import { pgTestAvailability, startPgCluster, type PgCluster } from '../../testing/pg-cluster';
import { makeBooking, TEST_ADMIN_TOKEN } from '../../testing/test-server';
import { ONE_STATION_PLANT } from '../../testing/one-station-plant';

// Issue 13's proof item: two real server processes on one PostgreSQL, terminals spread over both, one instance
// killed with SIGKILL while pushes are in flight. A terminal whose push fails on the network resends the same
// batch (same ids) to the other instance, as its outbox would. Nothing may be lost, doubled, or left unacked.

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TERMINALS = 20;
const BOOKINGS_PER_TERMINAL = 24;
const BATCH = 3;
const EPOCH = 'epoch-sigkill';
const STATION = 'ST-10';
const MASTER_DATA = ONE_STATION_PLANT;

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  dataDir: string;
}

const availability = pgTestAvailability();
let cluster: PgCluster | undefined;
let databaseUrl = '';
let startMs = '';
const instances: Instance[] = [];
const tempDirs: string[] = [];

/** `npm run server -- --database <url>` as its own process; resolves once it prints its ready line. */
function startInstance(name: string): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), `takt-pg-${name}-`));
  tempDirs.push(dataDir);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/src/main.ts',
      '--database',
      databaseUrl,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, TAKT_ADMIN_TOKEN: TEST_ADMIN_TOKEN, TAKT_LOG_LEVEL: 'error', TAKT_DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const instance: Instance = { name, url: '', child, dataDir };
  instances.push(instance);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Takt server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] && instance.url === '') {
        instance.url = match[1];
        resolve(instance);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (instance.url === '')
        reject(new Error(`instance ${name} exited (${code ?? signal}) before listening: ${output}`));
    });
  });
}

async function post(
  url: string,
  path: string,
  body: unknown,
  token: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  if (!availability.isAvailable) return;
  cluster = await startPgCluster();
  databaseUrl = await cluster.createDatabase();
  // Both start together: the schema migration at start takes turns on an advisory lock.
  const instancesStarted = performance.now();
  await Promise.all([startInstance('a'), startInstance('b')]);
  startMs = `cluster ${cluster.startMs} ms, both instances ${Math.round(performance.now() - instancesStarted)} ms`;
}, 60_000);

afterAll(async () => {
  await Promise.all(
    instances.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  await cluster?.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe.skipIf(!availability.isAvailable)('two server instances on one PostgreSQL, one killed mid-push', () => {
  it('loses none, doubles none, and every terminal finishes acknowledged', async () => {
    const [a, b] = instances as [Instance, Instance];
    expect((await post(a.url, '/api/v1/admin/import', MASTER_DATA, TEST_ADMIN_TOKEN)).status).toBe(200);
    const code = await post(
      b.url,
      '/api/v1/admin/enrollment-codes',
      { stationId: STATION, expiresInMinutes: 60, uses: TERMINALS },
      TEST_ADMIN_TOKEN,
    );
    expect(code.status).toBe(201);
    const terminals = await Promise.all(
      Array.from({ length: TERMINALS }, async (_, index) => {
        const enrolled = await post(
          index % 2 === 0 ? a.url : b.url,
          SYNC_ROUTES.enroll,
          { stationId: STATION, enrollmentCode: (code.body as { code: string }).code },
          '',
        );
        expect(enrolled.status).toBe(201);
        return enrolled.body as { terminalId: string; token: string };
      }),
    );

    const total = TERMINALS * BOOKINGS_PER_TERMINAL;
    let sent = 0;
    let retries = 0;
    let refused = 0;
    const sentIds: string[] = [];
    let killed: Promise<void> | undefined;
    const killDelayMs = Math.floor(Math.random() * 30);
    // The "A" slot of the alternation: instance a until it is killed, then its restart once that listens.
    let slotA = a;
    let restarted: Promise<Instance> | undefined;
    const killA = () =>
      new Promise<void>((resolve) => {
        a.child.once('exit', () => {
          restarted = startInstance('a-restarted').then((instance) => (slotA = instance));
          resolve();
        });
        setTimeout(() => a.child.kill('SIGKILL'), killDelayMs);
      });

    const runTerminal = async (terminal: { terminalId: string; token: string }, index: number) => {
      const bookings: Booking[] = Array.from({ length: BOOKINGS_PER_TERMINAL }, (_, i) =>
        makeBooking(terminal.terminalId, EPOCH, i + 1, { stationId: STATION }),
      );
      sentIds.push(...bookings.map((booking) => booking.id));
      let last: PushResponse | undefined;
      for (let start = 0, turn = index; start < bookings.length; start += BATCH, turn += 1) {
        const batch = bookings.slice(start, start + BATCH);
        // Alternate between the instances; a failed push goes, unchanged, to the other one.
        let target = turn % 2 === 0 ? slotA : b;
        for (let attempt = 1; ; attempt += 1) {
          let response: { status: number; body: unknown };
          try {
            response = await post(
              target.url,
              SYNC_ROUTES.push,
              { terminalId: terminal.terminalId, epoch: EPOCH, bookings: batch },
              terminal.token,
            );
          } catch (error) {
            // Only a network failure (fetch's TypeError) is resent; an HTTP answer is checked below.
            if (!(error instanceof TypeError) || attempt >= 5) throw error;
            retries += 1;
            // Refused: a was already gone. Anything else (reset, closed socket): the push was on an open connection.
            if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') refused += 1;
            target = target === b ? slotA : b;
            continue;
          }
          expect(response.status).toBe(200);
          last = response.body as PushResponse;
          break;
        }
        expect(last.ackedUpTo).toBe(start + batch.length);
        expect(last.results.every((r) => r.status === 'accepted' || r.status === 'duplicate')).toBe(true);
        sent += batch.length;
        if (killed === undefined && sent >= total / 3) killed = killA();
      }
      return { last, lastBatch: bookings.slice(-BATCH) };
    };

    const pushesStarted = performance.now();
    const finished = await Promise.all(terminals.map(runTerminal));
    const pushMs = Math.round(performance.now() - pushesStarted);
    await killed;
    expect(a.child.signalCode).toBe('SIGKILL');
    expect(retries).toBeGreaterThan(0);
    for (const { last } of finished) expect(last?.ackedUpTo).toBe(BOOKINGS_PER_TERMINAL);
    // The restarted instance serves the same database: every terminal's last batch again is all duplicates.
    const again = await restarted;
    const restartWaitMs = Math.round(performance.now() - pushesStarted) - pushMs;
    if (!again) throw new Error('instance a was not restarted');
    const resent = await Promise.all(
      finished.map(async ({ lastBatch }, index) => {
        const terminal = terminals[index]!;
        const body = { terminalId: terminal.terminalId, epoch: EPOCH, bookings: lastBatch };
        return (await post(again.url, SYNC_ROUTES.push, body, terminal.token)).body as PushResponse;
      }),
    );
    for (const answer of resent) {
      expect(answer.ackedUpTo).toBe(BOOKINGS_PER_TERMINAL);
      expect(answer.results.map((r) => r.status)).toEqual(Array(BATCH).fill('duplicate'));
    }
    console.info(
      `killed instance a ${killDelayMs} ms after a third was sent; ${retries} pushes resent to the other instance ` +
        `(${retries - refused} cut on an open connection, ${refused} refused). Start: ${startMs}; ` +
        `pushes ${pushMs} ms; waited ${restartWaitMs} ms more for the restart`,
    );

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]?.n);
      expect(await count('SELECT COUNT(*) AS n FROM bookings')).toBe(total);
      const stored = await db.query<{ id: string }>('SELECT id FROM bookings ORDER BY id');
      expect(stored.rows.map((row) => row.id)).toEqual([...sentIds].sort());
      expect(await count('SELECT COUNT(DISTINCT (terminal_id, epoch, seq)) AS n FROM bookings')).toBe(total);
      expect(await count('SELECT COUNT(*) AS n FROM quarantined_bookings')).toBe(0);
      expect(await count('SELECT COUNT(*) AS n FROM rejected_bookings')).toBe(0);
      const epochs = await db.query<{ terminal_id: string; acked_up_to: string; max_seq: string }>(
        'SELECT terminal_id, acked_up_to, max_seq FROM terminal_epochs WHERE epoch = $1',
        [EPOCH],
      );
      expect(epochs.rows.map((row) => row.terminal_id).sort()).toEqual(terminals.map((t) => t.terminalId).sort());
      for (const row of epochs.rows) {
        expect(Number(row.acked_up_to)).toBe(BOOKINGS_PER_TERMINAL);
        expect(Number(row.max_seq)).toBe(BOOKINGS_PER_TERMINAL);
      }
    } finally {
      await db.end();
    }
  }, 30_000);
});
