import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths';
import { freePort } from '../../tests/support/free-port';
import { DATABASE_FILE_NAME } from '../../server/src/app';
import { BENCH_MASTER_DATA } from '../fixtures/bookings';

// The real central server, started the way an installation starts it (`server/src/main.ts` as its own
// process), on 127.0.0.1 with its own data folder.

export const BENCH_ENROLLMENT_CODE = 'BENCH-CODE-2024';
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef0123456789';

export interface BenchServerOptions {
  dataDir: string;
  port?: number;
  staticDir?: string;
  /** pino level; the product default is info (one line per push). */
  logLevel?: string;
  /** Folder for a `--cpu-prof` profile, written when the server exits. */
  cpuProfDir?: string | undefined;
}

export interface BenchServer {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  enroll(stationId?: string): Promise<{ terminalId: string; token: string }>;
  adminPost(pathname: string, body: unknown): Promise<unknown>;
  /** SIGTERM and wait: the server closes its database (and writes a CPU profile when asked). */
  stop(): Promise<void>;
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const port = options.port ?? (await freePort());
  await prepareBenchDataDir(options.dataDir);
  const nodeFlags = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const child = spawnServer(port, options.dataDir, options.logLevel ?? 'info', nodeFlags, options.staticDir);
  await untilListening(child);
  const url = `http://127.0.0.1:${port}`;

  async function post(pathname: string, body: unknown, token?: string): Promise<unknown> {
    const response = await fetch(`${url}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer: unknown = await response.json();
    if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
    return answer;
  }

  return {
    url,
    port,
    dataDir: options.dataDir,
    pid: child.pid ?? -1,
    async enroll(stationId = 'ST-10') {
      const answer = (await post('/api/v1/terminals/enroll', { stationId, enrollmentCode: BENCH_ENROLLMENT_CODE })) as {
        terminalId: string;
        token: string;
      };
      return { terminalId: answer.terminalId, token: answer.token };
    },
    adminPost: (pathname, body) => post(pathname, body, BENCH_ADMIN_TOKEN),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A new folder starts from the demo plant seeded once per run, not seeded again (start-up is not measured);
 * a case can write its own fixture into the database before the server first starts.
 */
export async function prepareBenchDataDir(dataDir: string): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(path.join(dataDir, DATABASE_FILE_NAME)))
    fs.cpSync(await demoTemplate(), dataDir, { recursive: true });
}

// Seeding hashes every demo operator's PIN at the production PBKDF2 cost: seconds per server on a loaded machine.
let demoTemplateDir: Promise<string> | undefined;

/** A data folder the real server seeded with --demo and closed, made once per process, removed at its exit. */
function demoTemplate(): Promise<string> {
  demoTemplateDir ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-bench-template-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const child = spawnServer(port, dir, 'warn', []);
    await untilListening(child);
    const imported = await fetch(`http://127.0.0.1:${port}/api/v1/admin/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_ADMIN_TOKEN}` },
      body: JSON.stringify(BENCH_MASTER_DATA),
    });
    if (!imported.ok) throw new Error(`bench master data: HTTP ${imported.status} ${await imported.text()}`);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    return dir;
  })();
  return demoTemplateDir;
}

function spawnServer(
  port: number,
  dataDir: string,
  logLevel: string,
  nodeFlags: string[],
  staticDir?: string,
): ChildProcess {
  const args = [
    '--import',
    'tsx',
    ...nodeFlags,
    path.join(REPO_ROOT, 'server/src/main.ts'),
    '--port',
    String(port),
    '--data',
    dataDir,
    '--demo',
  ];
  if (staticDir) args.push('--static', staticDir);
  return spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TAKT_ENROLLMENT_CODE: BENCH_ENROLLMENT_CODE,
      TAKT_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      TAKT_LOG_LEVEL: logLevel,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits for the server's one start-up line; keeps draining its output so a chatty log never blocks it. */
function untilListening(child: ChildProcess): Promise<void> {
  let tail = '';
  const keepTail = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${tail}`)), 30_000);
    const onData = () => {
      if (!tail.includes('Takt server listening on')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${tail}`));
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
