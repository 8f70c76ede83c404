import { expect, test } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { chooseOperation, loginWithBadge, MEHMET, openEnrolledTerminal } from './support/terminal';

// A reload (crash, update, refresh) keeps the team logged in and the operation they were working on selected.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
});

test('the selected operation is still selected after a reload; a cleared selection stays cleared', async ({ page }) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  const card = page.getByTestId('operation-FA1000004-0010');
  await expect(card).toHaveAttribute('aria-pressed', 'true');

  await page.reload();
  await expect(page.getByTestId('station-screen')).toBeVisible();
  await expect(card).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('operation-panel')).toBeVisible();

  await card.click();
  await expect(card).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.getByTestId('station-screen')).toBeVisible();
  await expect(card).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('operation-panel')).toBeHidden();
});

test('names in the top bar are shown whole, in landscape and portrait', async ({ page }) => {
  const operatorName = page.getByTestId('operator-name');
  const names = [operatorName, page.getByTestId('station-name')];
  const isCut = (el: HTMLElement | SVGElement) =>
    el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  for (const size of [
    { width: 1280, height: 800 },
    { width: 800, height: 1280 },
  ]) {
    await page.setViewportSize(size);
    await expect(operatorName).toHaveText('Nobody logged in');
    for (const name of names) expect(await name.evaluate(isCut)).toBe(false);
    await page.screenshot({ path: `/tmp/top-bar-nobody-${size.width}x${size.height}.png` });
  }
  await loginWithBadge(page, MEHMET);
  for (const size of [
    { width: 1280, height: 800 },
    { width: 800, height: 1280 },
  ]) {
    await page.setViewportSize(size);
    await expect(operatorName).toHaveText(MEHMET.name);
    for (const name of names) expect(await name.evaluate(isCut)).toBe(false);
    await page.screenshot({ path: `/tmp/top-bar-mehmet-${size.width}x${size.height}.png` });
  }
});
