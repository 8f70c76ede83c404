import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  allServerBookings,
  approveAsLead,
  bookGood,
  chooseOperation,
  enterPin,
  goOffline,
  goOnline,
  loginWithBadge,
  MEHMET,
  openEnrolledTerminal,
  pendingCount,
  waitUntilSynced,
} from './support/terminal';

// A terminal whose network is gone for good: a shift lead exports its pending bookings to a file and an
// admin imports the file on the server. Every booking arrives once, however often the file is imported.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
});

test('pending bookings exported from an offline terminal and imported on the server arrive once', async ({
  page,
  context,
}) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  const before = await waitUntilSynced(page, server);

  await goOffline(context);
  for (const quantity of [3, 4, 5]) await bookGood(page, quantity);
  await expect.poll(() => pendingCount(page)).toBe(3);

  // An operator cannot open the admin screen; a shift lead can.
  await page.getByTestId('status-toggle').click();
  await page.getByTestId('admin-open').click();
  await page.getByTestId('approval-badge').fill(MEHMET.uid);
  await page.getByTestId('approval-badge-submit').click();
  await enterPin(page, MEHMET.pin);
  await expect(page.getByTestId('pin-dialog')).toContainText(/Schichtleit|shift lead/);
  await page.getByTestId('pin-cancel').click();
  await expect(page.getByTestId('pin-dialog')).toBeHidden();
  await expect(page.getByTestId('admin-panel')).toHaveCount(0);
  await page.getByTestId('admin-open').click();
  await approveAsLead(page);
  await expect(page.getByTestId('admin-panel')).toBeVisible();

  const downloadStarted = page.waitForEvent('download');
  await page.getByTestId('admin-export').click();
  const download = await downloadStarted;
  expect(download.suggestedFilename()).toMatch(/^takt-pending-ST-10-.*\.json$/);
  await expect(page.getByTestId('admin-export-result')).toContainText('3');
  const file: unknown = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));

  const first = await server.adminPost<Record<string, number>>('/api/v1/admin/bookings/import', file);
  expect(first).toMatchObject({ bookings: 3, accepted: 3, duplicate: 0 });
  const second = await server.adminPost<Record<string, number>>('/api/v1/admin/bookings/import', file);
  expect(second).toMatchObject({ bookings: 3, accepted: 0, duplicate: 3 });

  const after = await allServerBookings(server);
  expect(after.length).toBe(before.length + 3);
  expect(after.filter((b) => b.type === 'quantity.good').map((b) => b.payload.quantity)).toEqual([3, 4, 5]);

  // The network comes back after all: the terminal pushes, the server answers duplicate, nothing doubles.
  await goOnline(context);
  await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
  expect((await allServerBookings(server)).length).toBe(before.length + 3);
});
