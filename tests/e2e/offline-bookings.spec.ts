import { expect, test } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  allServerBookings,
  bookGood,
  chooseOperation,
  goOffline,
  goOnline,
  loginWithBadge,
  openEnrolledTerminal,
  pendingCount,
  waitUntilSynced,
} from './support/terminal';

// Bookings are facts: whatever the network or the server does, each one the UI confirmed reaches the
// server exactly once.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
});

test('offline bookings survive a reload and arrive exactly once when the network returns', async ({
  page,
  context,
}) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  const before = (await waitUntilSynced(page, server)).length;

  await goOffline(context);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
  for (const quantity of [5, 7, 11]) await bookGood(page, quantity);
  await page.getByTestId('book-scrap').click();
  await page.getByTestId('pad-2').click();
  await page.getByTestId('reason-S01').click();
  await page.getByTestId('panel-save').click();
  await expect(page.getByTestId('counter-scrap')).toHaveText('2');
  await expect.poll(() => pendingCount(page)).toBe(4);

  await page.reload(); // offline: the app shell comes from the service worker, the bookings from IndexedDB
  await expect(page.getByTestId('station-screen')).toBeVisible();
  await expect(page.getByTestId('operator-name')).toHaveText('Anna Berger');
  await expect.poll(() => pendingCount(page)).toBe(4);
  expect((await allServerBookings(server)).length).toBe(before);

  await goOnline(context);
  await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
  const bookings = await allServerBookings(server);
  expect(bookings.length).toBe(before + 4);
  expect(new Set(bookings.map((b) => b.id)).size).toBe(bookings.length);
  const goods = bookings.filter((b) => b.type === 'quantity.good').map((b) => b.payload.quantity);
  expect(goods).toEqual([5, 7, 11]);
  const seqs = bookings.map((b) => b.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
});

test('a server killed mid-sync loses nothing and doubles nothing', async ({ page }) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await waitUntilSynced(page, server);

  // Kill the server the moment the next push is on the wire: it may or may not have committed it.
  let killed = false;
  page.on('request', (request) => {
    if (!killed && request.url().endsWith('/api/v1/sync/push')) {
      killed = true;
      void server.stop('SIGKILL');
    }
  });
  for (let i = 1; i <= 6; i++) await bookGood(page, i);
  expect(killed).toBe(true);
  await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'synced');

  await server.restart();
  await expect.poll(() => pendingCount(page), { timeout: 70_000 }).toBe(0);
  const bookings = await allServerBookings(server);
  expect(new Set(bookings.map((b) => b.id)).size).toBe(bookings.length);
  expect(bookings.filter((b) => b.type === 'quantity.good').map((b) => b.payload.quantity)).toEqual([1, 2, 3, 4, 5, 6]);
  const seqs = bookings.map((b) => b.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
});
