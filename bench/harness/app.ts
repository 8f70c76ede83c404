import type { Page } from '@playwright/test';
import { BENCH_ENROLLMENT_CODE, type BenchServer } from './takt-server';

// The built terminal as a browser terminal served by the central server (README "A browser as a terminal").

/** First start: enrolls through the setup link and waits for the login screen. */
export async function openEnrolledApp(page: Page, server: BenchServer, stationId = 'ST-10'): Promise<void> {
  await page.addInitScript(recordReadyTime);
  await page.goto(`${server.url}/?station=${stationId}&enroll=${BENCH_ENROLLMENT_CODE}`);
  await page.waitForFunction(
    () => (window as unknown as { __benchReadyAt?: number }).__benchReadyAt !== undefined,
    undefined,
    { timeout: 30_000 },
  );
  await page.getByTestId('login-screen').waitFor({ state: 'visible', timeout: 30_000 });
}

/** For page.addInitScript: notes when the app says it is ready (ms since navigation start). */
export function recordReadyTime(): void {
  window.addEventListener('takt:ready', () => {
    (window as unknown as { __benchReadyAt?: number }).__benchReadyAt = performance.now();
  });
}

/** Loads the app and returns the time from navigation start to 'takt:ready' (login screen visible). */
export async function timeToReady(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => (window as unknown as { __benchReadyAt?: number }).__benchReadyAt,
    undefined,
    {
      timeout: 60_000,
      polling: 10,
    },
  );
  const readyAt = Number(await handle.jsonValue());
  await page.getByTestId('login-screen').waitFor({ state: 'visible', timeout: 10_000 });
  return readyAt;
}
