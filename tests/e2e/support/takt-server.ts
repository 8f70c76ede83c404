import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/free-port';

// A real central server for end-to-end tests: the same entry point as `npm run server`, its own data
// folder and port on 127.0.0.1, stopped by the test (gracefully or with SIGKILL).

export interface TaktServer {
  url: string;
  port: number;
  dataDir: string;
  enrollmentCode: string;
  adminToken: string;
  setupUrl(stationId?: string): string;
  /** Kills the process; `SIGKILL` simulates a crash or power cut. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same port and data folder. */
  restart(): Promise<void>;
  adminGet<T>(pathAndQuery: string): Promise<T>;
  adminPost<T>(pathAndQuery: string, body: unknown): Promise<T>;
}

export async function startTaktServer(): Promise<TaktServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-e2e-'));
  const enrollmentCode = 'E2E-CODE-1234';
  const adminToken = 'e2e-admin-token-0123456789abcdef0123456789';
  let child: ChildProcess | null = null;

  async function launch(): Promise<void> {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/src/main.ts', '--port', String(port), '--data', dataDir, '--demo'],
      {
        cwd: process.cwd(),
        env: {
          ...process.env,
          TAKT_ENROLLMENT_CODE: enrollmentCode,
          TAKT_ADMIN_TOKEN: adminToken,
          TAKT_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}):\n${output}`));
      });
    });
  }

  await launch();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    dataDir,
    enrollmentCode,
    adminToken,
    setupUrl: (stationId = 'ST-10') => `${url}/?station=${stationId}&enroll=${enrollmentCode}`,
    async stop(signal = 'SIGTERM') {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill(signal);
      await exited;
    },
    restart: launch,
    async adminGet<T>(pathAndQuery: string): Promise<T> {
      const response = await fetch(`${url}${pathAndQuery}`, { headers: { authorization: `Bearer ${adminToken}` } });
      if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status}`);
      return (await response.json()) as T;
    },
    async adminPost<T>(pathAndQuery: string, body: unknown): Promise<T> {
      const response = await fetch(`${url}${pathAndQuery}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}
