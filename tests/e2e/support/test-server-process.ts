import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/free-port';
import { demoTemplateDir } from './demo-template';
import { ADMIN_TOKEN, ENROLLMENT_CODE, launchServerProcess } from './server-process';

// A real central server for end-to-end tests: the same entry point as `npm run server`, its own data
// folder and port on 127.0.0.1, stopped by the test (gracefully or with SIGKILL).

export interface TestServerProcess {
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

/** `args`: more command-line options for every start of this server (e.g. `['--offline-after', '3']`). */
export async function startTestServerProcess(options: { args?: readonly string[] } = {}): Promise<TestServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-e2e-'));
  const enrollmentCode = ENROLLMENT_CODE;
  const adminToken = ADMIN_TOKEN;
  // The demo plant seeded once for the run (global-setup.ts); without it, this start seeds its own.
  const template = demoTemplateDir();
  if (template !== undefined) fs.cpSync(template, dataDir, { recursive: true });
  let child: ChildProcess | null = null;

  async function launch(): Promise<void> {
    const started = launchServerProcess(port, dataDir, undefined, options.args);
    child = started.proc;
    await started.listening;
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
