import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../support/chromium';
import { freePort } from '../support/free-port';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  allServerBookings,
  bookGood,
  chooseOperation,
  loginWithBadge,
  openEnrolledTerminal,
  pendingCount,
} from './support/terminal';

// A power cut at the worst moment: the browser process is SIGKILLed right after the UI said "saved".
// Chromium is started by hand (not by Playwright) so the test owns the process and its profile folder.

const CHROMIUM = chromiumExecutable();

async function launchChromium(binary: string, profile: string): Promise<{ process: ChildProcess; browser: Browser }> {
  const port = await freePort();
  const proc = spawn(
    binary,
    [
      '--headless=new',
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      ...CHROMIUM_FLAGS,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
      return { process: proc, browser };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  proc.kill('SIGKILL');
  throw new Error('chromium did not start');
}

let server: TestServerProcess;
let profile: string;
// Playwright's own browser could not be SIGKILLed this way; without a system Chromium there is nothing to test.
test.skip(CHROMIUM === undefined, 'needs a Chromium binary the test can start and kill itself');
test.beforeEach(async () => {
  server = await startTestServerProcess();
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-profile-'));
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

test('a booking confirmed just before the browser is killed is still there after restart and syncs', async () => {
  const first = await launchChromium(CHROMIUM ?? '', profile);
  const context = first.browser.contexts()[0] ?? (await first.browser.newContext());
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await expect.poll(() => pendingCount(page)).toBe(0);

  // Keep the next bookings from leaving the terminal, so only IndexedDB can hold them.
  await context.route('**/api/v1/sync/push', (route) => route.abort('internetdisconnected'));
  await bookGood(page, 42);
  await bookGood(page, 43);
  first.process.kill('SIGKILL');
  await new Promise((resolve) => first.process.once('exit', resolve));
  expect((await allServerBookings(server)).some((b) => b.type === 'quantity.good')).toBe(false);

  const second = await launchChromium(CHROMIUM ?? '', profile);
  try {
    const page2 = await (second.browser.contexts()[0] ?? (await second.browser.newContext())).newPage();
    await page2.goto(server.url);
    await expect(page2.getByTestId('terminal')).toHaveAttribute('data-phase', 'ready');
    const goodsOnServer = async () =>
      (await allServerBookings(server)).filter((b) => b.type === 'quantity.good').map((b) => b.payload.quantity);
    await expect.poll(goodsOnServer, { timeout: 30_000 }).toEqual([42, 43]);
    await expect.poll(() => pendingCount(page2)).toBe(0);
  } finally {
    second.process.kill('SIGKILL');
    await new Promise((resolve) => second.process.once('exit', resolve));
  }
});
