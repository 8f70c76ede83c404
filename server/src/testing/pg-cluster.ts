import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temporary folder, on a free port of
// 127.0.0.1 and a unix socket in that folder, fsync off, stopped and deleted by stop().

/** Debian keeps the binaries out of PATH, under one folder per major version; the newest wins. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
const SUPERUSER = 'takt';
/** PostgreSQL refuses to run as root; the cluster then runs as this user, which owns the temporary folder. */
const UNPRIVILEGED_USER = 'nobody';

export type PgAvailability = { isAvailable: true; binDir: string } | { isAvailable: false; reason: string };

export function findPgBinaries(): PgAvailability {
  const versions = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_ROOT, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest !== undefined) return { isAvailable: true, binDir: join(DEBIAN_ROOT, newest, 'bin') };
  return {
    isAvailable: false,
    reason: `PostgreSQL binaries not found (no ${DEBIAN_ROOT}/<version>/bin/initdb); install the "postgresql" package (scripts/system-deps.sh --install) to run the PostgreSQL tests`,
  };
}

/**
 * Whether a test file may run its PostgreSQL tests. A developer without PostgreSQL gets a skip with the
 * reason; CI (CI=true) must run them, so there a missing installation is an error, not a skip.
 */
export function pgTestAvailability(): PgAvailability {
  const found = findPgBinaries();
  if (!found.isAvailable && process.env['CI'] === 'true') {
    throw new Error(`CI=true but the PostgreSQL tests cannot run: ${found.reason}`);
  }
  return found;
}

export interface PgCluster {
  port: number;
  /** Superuser connection to the `postgres` database (trust auth, 127.0.0.1 only). */
  url: string;
  /** How long initdb and the start took. */
  startMs: number;
  /** A new empty database on the cluster, for one test's isolation; returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function run(command: string, args: string[], options: { uid?: number; gid?: number; cwd: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${output.slice(-2000)}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function unprivilegedIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${UNPRIVILEGED_USER}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`no user "${UNPRIVILEGED_USER}" to run PostgreSQL as`);
  return { uid: Number(uid), gid: Number(gid) };
}

export interface PgClusterOptions {
  /** More server settings (`name=value`), e.g. the benchmark's autovacuum pace. */
  settings?: readonly string[];
}

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const found = pgTestAvailability();
  if (!found.isAvailable) throw new Error(found.reason);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'takt-pg-'));
  const dataDir = join(dir, 'data');
  const ids = process.getuid?.() === 0 ? unprivilegedIds() : undefined;
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const asOwner = { cwd: dir, ...(ids ?? {}) };
  let isRunning = false;
  const stop = async () => {
    if (isRunning) await run(join(found.binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w'], asOwner);
    isRunning = false;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(
      join(found.binDir, 'initdb'),
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
      asOwner,
    );
    // A port can be taken between probing and binding; a few tries make that race harmless.
    let port = 0;
    for (let attempt = 1; !isRunning; attempt += 1) {
      port = await freePort();
      const settings = [
        `-p ${port}`,
        `-k ${dir}`,
        "-c listen_addresses='127.0.0.1'",
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
        ...(options.settings ?? []).map((setting) => `-c ${setting}`),
      ].join(' ');
      try {
        await run(
          join(found.binDir, 'pg_ctl'),
          ['start', '-D', dataDir, '-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', settings],
          asOwner,
        );
        isRunning = true;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    let databases = 0;
    return {
      port,
      url,
      startMs: Math.round(performance.now() - started),
      async createDatabase() {
        databases += 1;
        const name = `takt_test_${databases}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
