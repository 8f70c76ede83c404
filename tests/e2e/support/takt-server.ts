import { test } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoTemplateDir } from './demo-template';
import { ADMIN_TOKEN, ENROLLMENT_CODE, launchServerProcess } from './server-process';

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

/** A server process started ahead of the test that will use it: listening (or failing) in the background. */
interface StartingServer {
  dataDir: string;
  proc: ChildProcess;
  listening: Promise<number>;
}

function startInNewDataFolder(): StartingServer {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-e2e-'));
  // The demo plant seeded once for the run (global-setup.ts); without it, this start seeds its own.
  const template = demoTemplateDir();
  if (template !== undefined) fs.cpSync(template, dataDir, { recursive: true });
  // It may start early, behind a whole test on a loaded machine: as long as the template seeding gets. A test
  // waiting for it is bounded by its own timeout anyway.
  const { proc, listening } = launchServerProcess(0, dataDir, 120_000);
  // Nobody may be waiting yet: a failure is reported to the test that takes this server, not as unhandled.
  listening.catch(() => undefined);
  return { dataDir, proc, listening };
}

// A server start costs the test a second or more (on a loaded machine far more), nearly all of it loading the
// server's modules. So each worker starts the next test's server while the current test drives its browser: the
// same process, template copy and data folder a test would start itself, only earlier. One server per test.
let next: StartingServer | undefined;
process.once('exit', () => {
  // The worker is ending: the unused server goes with it (a synchronous kill, as 'exit' allows nothing else).
  if (next === undefined) return;
  next.proc.kill('SIGKILL');
  fs.rmSync(next.dataDir, { recursive: true, force: true });
});

export async function startTaktServer(): Promise<TaktServer> {
  const { dataDir, proc, listening } = next ?? startInNewDataFolder();
  next = undefined;
  const port = await listening;
  // Only now: started together, the two would share the cores the server this test waits for needs. Not for
  // the timing-sensitive specs (playwright.config.ts): a start would load the machine while they scan and type.
  if (test.info().project.metadata.startsServersAhead !== false) next = startInNewDataFolder();
  const enrollmentCode = ENROLLMENT_CODE;
  const adminToken = ADMIN_TOKEN;
  let child: ChildProcess = proc;

  async function launch(): Promise<void> {
    const started = launchServerProcess(port, dataDir);
    child = started.proc;
    await started.listening;
  }

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
      if (proc.exitCode !== null || proc.signalCode !== null) return;
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
