import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/locales/en';
import { demoOrders } from '../../server/src/seed/demo-plant';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  bookGood,
  chooseOperation,
  goOffline,
  goOnline,
  loginWithBadge,
  openEnrolledTerminal,
  waitUntilSynced,
} from './support/terminal';

// A booking captured offline on an order the office closes meanwhile still happened: the server stores it,
// flags it for review by the terminal's own work-state rule, and the operator sees the flag in My shift.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

test('a booking captured offline before its order was closed is flagged by the server and shown so in My shift', async ({
  page,
  context,
}) => {
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await waitUntilSynced(page, server);

  await goOffline(context);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
  await bookGood(page, 3);
  const order = demoOrders(Date.now()).orders.find((o) => o.id === 'FA1000004');
  await server.adminPost('/api/v1/admin/import', { orders: [{ ...order, status: 'closed' }] });
  await goOnline(context);
  await waitUntilSynced(page, server);

  const flagged = await server.adminGet<{ bookings: Array<{ review?: string[]; booking: { type: string } }> }>(
    '/api/v1/admin/bookings?review=true',
  );
  expect(flagged.bookings.map((row) => [row.booking.type, row.review])).toEqual([
    // The server's quantity rule may flag it too (3 pieces right after the start): the closed order is what counts here.
    ['quantity.good', expect.arrayContaining(['order-closed(FA1000004)'])],
  ]);

  await page.getByTestId('my-shift').click();
  const good = page.getByTestId('history-row').and(page.locator('[data-type="quantity.good"]'));
  await expect(good).toHaveAttribute('data-sync', 'flagged');
  await expect(good.getByTestId('history-sync')).toContainText(
    en.history.syncState.flagged.replace('{{reason}}', 'order-closed(FA1000004)'),
  );
  const start = page.getByTestId('history-row').and(page.locator('[data-type="operation.start"]'));
  await expect(start).toHaveAttribute('data-sync', 'sent');
});
