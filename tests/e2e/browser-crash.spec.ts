import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { freePort, startTaktServer, type TaktServer } from './support/takt-server';
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

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function launchChromium(profile: string): Promise<{ process: ChildProcess; browser: Browser }> {
  const port = await freePort();
  const proc = spawn(
    CHROMIUM,
    [
      '--headless=new',
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
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

let server: TaktServer;
let profile: string;
test.skip(!fs.existsSync(CHROMIUM), 'needs a Chromium binary to kill');
test.beforeEach(async () => {
  server = await startTaktServer();
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-profile-'));
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

test('a booking confirmed just before the browser is killed is still there after restart and syncs', async () => {
  const first = await launchChromium(profile);
  const context = first.browser.contexts()[0] ?? (await first.browser.newContext());
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect.poll(() => pendingCount(page)).toBe(0);

  // Keep the next bookings from leaving the terminal, so only IndexedDB can hold them.
  await context.route('**/api/v1/sync/push', (route) => route.abort('internetdisconnected'));
  await bookGood(page, 42);
  await bookGood(page, 43);
  first.process.kill('SIGKILL');
  await new Promise((resolve) => first.process.once('exit', resolve));
  expect((await allServerBookings(server)).some((b) => b.type === 'quantity.good')).toBe(false);

  const second = await launchChromium(profile);
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
