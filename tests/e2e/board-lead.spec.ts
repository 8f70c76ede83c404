import { expect, test } from '@playwright/test';
import { startTaktServer, type TaktServer } from './support/takt-server';
import { bookGood, chooseOperation, loginWithBadge, openEnrolledTerminal, SABINE_LEAD } from './support/terminal';

// A shift lead signs in at /board in a browser and watches a station tile follow what an operator books at
// the terminal; when the server goes away the board keeps the last state, marked stale, and recovers.

let server: TaktServer;
test.beforeEach(async () => {
  server = await startTaktServer();
});
test.afterEach(async () => {
  await server.stop();
});

const shoot = process.env.TAKT_BOARD_SCREENSHOTS === '1';

test('a lead signs in at /board and sees the station tile follow the terminal live', async ({ browser }) => {
  // Two browser pages and a server restart on a shared machine: more than the default minute.
  test.setTimeout(150_000);
  const terminal = await browser.newPage();
  await openEnrolledTerminal(terminal, server, 'ST-10');

  const lead = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await lead.goto(`${server.url}/board`);
  await lead.getByTestId('login-badge').fill(SABINE_LEAD.uid);
  await lead.getByTestId('login-pin').fill('0000');
  await lead.getByTestId('login-submit').click();
  await expect(lead.getByTestId('login-error')).toBeVisible();
  await lead.getByTestId('login-pin').fill(SABINE_LEAD.pin);
  await lead.getByTestId('login-submit').click();
  await expect(lead.getByTestId('board-viewer')).toHaveText(SABINE_LEAD.name);
  await expect(lead.getByTestId('board')).toHaveAttribute('data-connection', 'live');
  const tile = lead.getByTestId('tile-ST-10');
  await expect(tile).toBeVisible();

  await loginWithBadge(terminal);
  await chooseOperation(terminal, 'FA1000004', '0010');
  await terminal.getByTestId('start-production').click();
  await expect(tile).toHaveAttribute('data-state', 'producing');
  await bookGood(terminal, 7);
  await expect(tile.getByTestId('tile-op-FA1000004-0010').getByTestId('tile-good')).toContainText(/^7 \//);
  if (shoot) await lead.screenshot({ path: '/tmp/takt-board-1920.png' });

  // The server goes away: the tile stays, the board says the data is stale; it recovers by itself.
  await server.stop();
  await expect(lead.getByTestId('board')).toHaveAttribute('data-connection', 'stale');
  await expect(lead.getByTestId('board-status')).toBeVisible();
  await expect(tile).toHaveAttribute('data-state', 'producing');
  if (shoot) await lead.screenshot({ path: '/tmp/takt-board-stale-1920.png' });
  await server.restart();
  await expect(lead.getByTestId('board')).toHaveAttribute('data-connection', 'live', { timeout: 20_000 });

  await lead.getByTestId('tab-review').click();
  await expect(lead.getByTestId('review-queue')).toBeVisible();
  if (shoot) {
    await lead.screenshot({ path: '/tmp/takt-board-review-1920.png' });
    await lead.setViewportSize({ width: 800, height: 1280 });
    await lead.getByTestId('tab-stations').click();
    await lead.screenshot({ path: '/tmp/takt-board-800.png' });
  }
});

test('a display link shows the board read-only, without the review queue', async ({ browser }) => {
  const link = await server.adminPost<{ path: string }>('/api/v1/admin/display-links', { label: 'Schichtbüro' });
  const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await screen.goto(`${server.url}${link.path}`);
  await expect(screen.getByTestId('board-viewer')).toHaveText(/Schichtbüro/);
  await expect(screen.getByTestId('tile-ST-10')).toBeVisible();
  await expect(screen.getByTestId('tab-review')).toHaveCount(0);
  await expect(screen.getByTestId('board-logout')).toHaveCount(0);
});
