import { expect, test, type Page } from '@playwright/test';
import { SYNC_ROUTES } from '@shared/protocol';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  allServerBookings,
  bookGood,
  chooseOperation,
  loginWithBadge,
  openEnrolledTerminal,
  pendingCount,
  waitUntilSynced,
} from './support/terminal';

// When the server comes back, the terminal must notice within seconds, however long its push backoff has
// grown; and an operator or IT can always ask for an attempt at once.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
});

/** How long until the terminal's next scheduled push retry; -Infinity when none is scheduled. */
const msUntilRetry = (page: Page) =>
  page.getByTestId('connection-status').evaluate((element) => {
    const at = (element as HTMLElement).dataset.nextRetryAt;
    return at === undefined ? Number.NEGATIVE_INFINITY : Number(at) - Date.now();
  });

async function startWorking(page: Page, { hasServiceWorker = true } = {}): Promise<void> {
  if (hasServiceWorker) {
    await openEnrolledTerminal(page, server);
  } else {
    await page.goto(server.setupUrl());
    await expect(page.getByTestId('terminal')).toHaveAttribute('data-master', 'ready', { timeout: 20_000 });
  }
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await waitUntilSynced(page, server);
}

const goodQuantities = async () =>
  (await allServerBookings(server)).filter((b) => b.type === 'quantity.good').map((b) => b.payload.quantity);

test('after the server returns the terminal is online again within 5 s, however long its backoff', async ({ page }) => {
  test.setTimeout(120_000);
  await startWorking(page);

  await server.stop();
  await bookGood(page, 3);
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('connection-online')).toHaveText(/Offline/);
  // Let the backoff grow until, without the probe, the terminal would wait far beyond the 8 s below.
  await expect.poll(() => msUntilRetry(page), { timeout: 70_000, intervals: [500] }).toBeGreaterThan(10_000);

  await server.restart();
  const restartedAt = Date.now();
  // Read after the restart: on a loaded machine the restart itself may outlast the old backoff.
  const retryDueAt = restartedAt + (await msUntilRetry(page));
  await expect.poll(() => pendingCount(page), { timeout: 8_000, intervals: [250] }).toBe(0);
  await expect(status).toHaveAttribute('data-state', 'synced', { timeout: 1_000 });
  expect(Date.now() - restartedAt).toBeLessThan(6_000); // 5 s, plus the poll's own step
  // The probe brought it back, not the backoff timer (when the timer was not due within the bound anyway).
  if (retryDueAt - restartedAt > 6_000) expect(Date.now()).toBeLessThan(retryDueAt);
  await expect(page.getByTestId('connection-online')).toHaveText('Online');
  expect(await goodQuantities()).toEqual([3]);
});

test.describe('retry now', () => {
  // Routes must see the page's requests, so no service worker sits in between.
  test.use({ serviceWorkers: 'block' });

  test('the status screen retries at once, without waiting for the backoff', async ({ page }) => {
    test.setTimeout(120_000);
    await startWorking(page, { hasServiceWorker: false });

    // The terminal cannot reach the server, and its probe never hears that it came back: only the button can.
    await page.route(`**${SYNC_ROUTES.health}`, (route) => route.abort('connectionrefused'));
    await page.route('**/api/v1/sync/**', (route) => route.abort('connectionrefused'));
    await bookGood(page, 4);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
    await expect.poll(() => msUntilRetry(page), { timeout: 70_000, intervals: [500] }).toBeGreaterThan(8_000);
    await page.unroute('**/api/v1/sync/**');

    await page.getByTestId('status-toggle').click();
    const retry = page.getByTestId('sync-retry-now');
    const box = await retry.boundingBox();
    expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(72);
    await retry.click();
    await expect.poll(() => pendingCount(page), { timeout: 5_000, intervals: [250] }).toBe(0);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'synced');
    expect(await goodQuantities()).toEqual([4]);
  });
});
