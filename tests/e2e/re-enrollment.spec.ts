import { expect, test } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  allServerBookings,
  approveAsLead,
  bookGood,
  chooseOperation,
  goOffline,
  goOnline,
  localBookingCount,
  loginWithBadge,
  openEnrolledTerminal,
  pendingCount,
  type ServerBooking,
  waitUntilSynced,
} from './support/terminal';

// A tablet moved to another station is enrolled again while bookings of its old identity are still
// waiting. The server takes those only with the old identity's token, so the terminal must keep it until
// they are sent: every booking of both identities reaches the server exactly once.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
});

type StoredBooking = ServerBooking & { terminalId: string; stationId: string };

test('bookings captured before a new enrollment arrive exactly once, with those after it', async ({
  page,
  context,
}) => {
  await openEnrolledTerminal(page, server, 'ST-10');
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await waitUntilSynced(page, server);
  const [firstTerminal] = new Set((await allServerBookings(server)).map((b) => (b as StoredBooking).terminalId));

  // Offline at ST-10: these wait in the outbox under the first identity.
  await goOffline(context);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
  for (const quantity of [3, 5]) await bookGood(page, quantity);
  await expect.poll(() => pendingCount(page)).toBe(2);

  // Plant IT opens the setup link for ST-20. Uploads stay blocked until the new identity has bookings too.
  await page.route('**/api/v1/sync/push', (route) => route.abort());
  await goOnline(context);
  // `takt:ready` fires once the team is restored from the bookings: only then is "who is logged in" settled.
  await page.addInitScript(() =>
    window.addEventListener('takt:ready', () => document.documentElement.setAttribute('data-takt-ready', '')),
  );
  await page.goto(server.setupUrl('ST-20'));
  await expect(page.locator('html')).toHaveAttribute('data-takt-ready', '');
  await expect(page.getByTestId('station-name')).toHaveText('Fräszentrum 2');
  if ((await page.getByTestId('operator-name').textContent()) !== 'Anna Berger') await loginWithBadge(page);
  await page
    .getByTestId(/^operation-FA\d+-\d{4}$/)
    .first()
    .click();
  await expect(page.getByTestId('operation-panel')).toBeVisible();
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await bookGood(page, 4);
  // The pending figure is refreshed after the booking is stored, so wait for it instead of reading it once.
  await expect.poll(() => pendingCount(page)).toBeGreaterThanOrEqual(4);

  // Back online for uploads.
  await goOffline(context);
  await page.unroute('**/api/v1/sync/push');
  await goOnline(context);
  await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);

  const bookings = (await allServerBookings(server)) as StoredBooking[];
  expect(new Set(bookings.map((b) => b.id)).size).toBe(bookings.length);
  expect(bookings.length).toBe(await localBookingCount(page));
  expect(new Set(bookings.map((b) => b.terminalId)).size).toBe(2);
  const old = bookings.filter((b) => b.terminalId === firstTerminal);
  const fresh = bookings.filter((b) => b.terminalId !== firstTerminal);
  expect(old.every((b) => b.stationId === 'ST-10')).toBe(true);
  expect(fresh.every((b) => b.stationId === 'ST-20')).toBe(true);
  const goods = (list: StoredBooking[]) =>
    list.filter((b) => b.type === 'quantity.good').map((b) => b.payload['quantity']);
  expect(goods(old)).toEqual([3, 5]);
  expect(goods(fresh)).toEqual([4]);
  // Each identity's stream runs from seq 1 without gaps, so the server sees nothing missing.
  for (const list of [old, fresh]) {
    const seqs = list.map((b) => b.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  }
});

test('the admin screen enrolls the terminal again; bookings waiting under the old identity still arrive', async ({
  page,
  context,
}) => {
  await openEnrolledTerminal(page, server, 'ST-10');
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  // Uploads fail from here on; the enrollment itself still reaches the server.
  await page.route('**/api/v1/sync/push', (route) => route.abort());
  await bookGood(page, 7);
  await expect.poll(() => pendingCount(page)).toBeGreaterThanOrEqual(1);
  const waiting = await pendingCount(page);

  await page.getByTestId('status-toggle').click();
  await page.getByTestId('admin-open').click();
  await approveAsLead(page);
  // The form says what happens to what is waiting before anyone uses it.
  await expect(page.getByTestId('admin-reenroll-hint')).toContainText(String(waiting));
  await page.getByTestId('admin-reenroll-station').fill('ST-20');
  await page.getByTestId('admin-reenroll-code').fill('WRONG-CODE-0000');
  await page.getByTestId('admin-reenroll-submit').click();
  await expect(page.getByTestId('admin-reenroll-error')).toHaveText(
    /Einrichtungscode ist falsch|enrollment code is wrong/,
  );

  await page.getByTestId('admin-reenroll-code').fill(server.enrollmentCode);
  await page.getByTestId('admin-reenroll-submit').click();
  await expect(page.getByTestId('station-name')).toHaveText('Fräszentrum 2');

  // Back online for uploads: what was booked at ST-10 goes out under the first identity, once.
  await goOffline(context);
  await page.unroute('**/api/v1/sync/push');
  await goOnline(context);
  await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
  // The pending figure can read 0 while the last upload is still answered: wait until the server holds what the
  // terminal holds (a double would make it more, and never equal).
  const local = await localBookingCount(page);
  await expect.poll(async () => (await allServerBookings(server)).length, { timeout: 30_000 }).toBe(local);
  const bookings = (await allServerBookings(server)) as StoredBooking[];
  expect(new Set(bookings.map((b) => b.id)).size).toBe(bookings.length);
  expect(bookings.length).toBe(local);
  const sevens = bookings.filter((b) => b.type === 'quantity.good');
  expect(sevens.map((b) => [b.payload['quantity'], b.stationId])).toEqual([[7, 'ST-10']]);
});
