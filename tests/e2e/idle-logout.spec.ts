import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/locales/en';
import { DEMO_STATIONS } from '../../server/src/seed/demo-plant';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  ANNA,
  bookGood,
  chooseOperation,
  loginWithBadge,
  openEnrolledTerminal,
  waitUntilSynced,
} from './support/terminal';

// A terminal left logged in lets the next person book under someone else's name. The station's idle time
// comes from master data (`idleLogoutMinutes`); the page clock is moved forward instead of waiting.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

test('after the station’s idle time the operator is warned, then logged out; the next booking needs a login', async ({
  page,
}) => {
  const lathe = DEMO_STATIONS.find((station) => station.id === 'ST-10');
  await server.adminPost('/api/v1/admin/import', { stations: [{ ...lathe, idleLogoutMinutes: 1 }] });
  await page.clock.install();
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await bookGood(page, 1);

  // One minute: the warning with its countdown comes 30 s before the end; a touch keeps the operator.
  await page.clock.fastForward('00:31');
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await expect(page.getByTestId('idle-seconds')).toHaveAttribute('data-seconds', /^([1-9]|[12]\d|30)$/);
  await page.getByTestId('idle-stay').click();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  await expect(page.getByTestId('station-screen')).toBeVisible();

  await page.clock.fastForward('00:31');
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.fastForward('00:31');
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await expect(page.getByTestId('feedback')).toHaveText(en.session.timedOut.replace('{{name}}', ANNA.name));
  await expect(page.getByTestId('book-good')).toBeHidden();

  // Nothing can be booked until someone logs in again; then the booking carries that operator.
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await bookGood(page, 1);
  const goods = (await waitUntilSynced(page, server)).filter((booking) => booking.type === 'quantity.good');
  expect(goods.map((booking) => booking.operatorId)).toEqual([ANNA.id, ANNA.id]);
});
