import { expect, test } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  acceptIfAsked,
  chooseOperation,
  loginWithBadge,
  openEnrolledTerminal,
  waitUntilSynced,
} from './support/terminal';

// The pad's shortcuts: +1, the quantity still open ("remaining") and the last good quantity entered.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

test('+1 counts up, "as last time" repeats the last good quantity and "remaining" fills in what is open', async ({
  page,
}) => {
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  const pad = page.getByTestId('number-pad-value');

  await page.getByTestId('book-good').click();
  // Nothing booked yet: no "as last time"; 80 planned, 80 open.
  await expect(page.getByTestId('pad-last')).toHaveCount(0);
  await expect(page.getByTestId('pad-remaining')).toHaveText('Remaining 80');
  await page.getByTestId('pad-plus-one').click();
  await page.getByTestId('pad-plus-one').click();
  await expect(pad).toHaveValue('2');
  await page.getByTestId('panel-save').click();
  await acceptIfAsked(page, 'panel-good');
  await expect(page.getByTestId('counter-good')).toHaveText('2');

  await page.getByTestId('book-good').click();
  await expect(page.getByTestId('pad-last')).toHaveText('As last time: 2');
  await expect(page.getByTestId('pad-remaining')).toHaveText('Remaining 78');
  await page.getByTestId('pad-remaining').click();
  await expect(pad).toHaveValue('78');
  await page.getByTestId('pad-last').click();
  await expect(pad).toHaveValue('2');
  await page.getByTestId('panel-cancel').click();
  const goods = (await waitUntilSynced(page, server)).filter((booking) => booking.type === 'quantity.good');
  expect(goods.map((booking) => booking.payload.quantity)).toEqual([2]);
});
