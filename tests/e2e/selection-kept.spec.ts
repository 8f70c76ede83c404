import { expect, test } from '@playwright/test';
import { startTaktServer, type TaktServer } from './support/takt-server';
import { chooseOperation, loginWithBadge, openEnrolledTerminal } from './support/terminal';

// A reload (crash, update, refresh) keeps the team logged in and the operation they were working on selected.

let server: TaktServer;
test.beforeEach(async () => {
  server = await startTaktServer();
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
