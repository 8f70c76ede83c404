import { expect, test, type Page } from '@playwright/test';
import { en } from '../../renderer/src/i18n/locales/en';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { chooseOperation, loginWithBadge, openEnrolledTerminal, waitUntilSynced } from './support/terminal';

// More good pieces than the machine can have made since the last booking is asked about, with the limit in
// front of the operator. FA1000005-0010 has a 45 s cycle; the page clock is moved on instead of waiting.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

const aboveCycle = (limit: number) =>
  en.work.confirm.aboveCycle.replace('{{limit}}', String(limit)).replace('{{unit}}', 'Stk');

async function enterGood(page: Page, quantity: string): Promise<void> {
  await page.getByTestId('book-good').click();
  await expect(page.getByTestId('number-pad-value')).toBeFocused();
  await page.keyboard.type(quantity);
  await page.keyboard.press('Enter');
}

test('the cycle time since the last booking bounds good pieces: above it asks with the limit, up to it books', async ({
  page,
}) => {
  await page.clock.install();
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000005', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');

  // Eight minutes at 45 s a piece make 10⅔ pieces; with the 150 % tolerance, 16 are plausible. (Ten minutes
  // would meet the station's idle logout.)
  await page.clock.fastForward('08:00');
  await enterGood(page, '17');
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toHaveAttribute('data-kind', 'implausible-quantity');
  await expect(dialog).toContainText(aboveCycle(16));
  await expect(page.getByTestId('confirm-entered')).toHaveText('17 Stk');
  await page.getByTestId('confirm-cancel').click();
  await expect(dialog).toBeHidden();
  // Back at the pad with 17 still there, corrected with the physical keyboard.
  await expect(page.getByTestId('number-pad-value')).toHaveValue('17');
  await expect(page.getByTestId('number-pad-value')).toBeFocused();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('16');
  await expect(page.getByTestId('number-pad-value')).toHaveValue('16');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-good')).toHaveText('16');
  await expect(dialog).toBeHidden();

  // The count starts again at that booking: right after it, only the piece on the machine is plausible.
  await enterGood(page, '2');
  await expect(dialog).toContainText(aboveCycle(1));
  await page.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('counter-good')).toHaveText('18');
  const goods = (await waitUntilSynced(page, server)).filter((booking) => booking.type === 'quantity.good');
  expect(goods.map((booking) => booking.payload.quantity)).toEqual([16, 2]);
});
