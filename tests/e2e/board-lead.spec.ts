import { expect, type Page } from '@playwright/test';
import { uuidv7 } from '@shared/id/uuidv7';
import { test } from './support/own-pages';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { bookGood, chooseOperation, loginWithBadge, openEnrolledTerminal, SABINE_LEAD } from './support/terminal';

// A shift lead signs in at /board in a browser and watches a station tile follow what an operator books at
// the terminal; when the server goes away the board keeps the last state, marked stale, and recovers.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

const shoot = process.env.TAKT_BOARD_SCREENSHOTS === '1';

async function signInAsLead(page: Page): Promise<void> {
  await page.goto(`${server.url}/board`);
  await page.getByTestId('login-badge').fill(SABINE_LEAD.uid);
  await page.getByTestId('login-pin').fill(SABINE_LEAD.pin);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('board-viewer')).toHaveText(SABINE_LEAD.name);
}

/** A terminal of ST-20 (over HTTP, no browser) books on a closed order: the booking waits for review. */
async function pushBookingOnClosedOrder(): Promise<void> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
    return (await response.json()) as { terminalId: string; token: string };
  };
  const { terminalId, token } = await post('/api/v1/terminals/enroll', {
    stationId: 'ST-20',
    enrollmentCode: server.enrollmentCode,
  });
  const booking = {
    id: uuidv7(),
    terminalId,
    epoch: 'e2e',
    seq: 1,
    type: 'quantity.good',
    occurredAt: Date.now(),
    clockOffsetMs: 0,
    stationId: 'ST-20',
    operatorId: 'P-1002',
    orderId: 'FA1000019',
    operationId: 'FA1000019-0010',
    masterDataVersion: 'e2e',
    payload: { quantity: 3, unit: 'Stk' },
  };
  await post('/api/v1/sync/push', { terminalId, epoch: 'e2e', bookings: [booking] }, token);
}

test('a lead signs in at /board and sees the station tile follow the terminal live', async ({ openPage }) => {
  // Two browser pages and a server restart on a shared machine: more than the default minute.
  test.setTimeout(150_000);
  const terminal = await openPage();
  await openEnrolledTerminal(terminal, server, 'ST-10');

  const lead = await openPage({ viewport: { width: 1920, height: 1080 } });
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

  if (shoot) {
    await lead.setViewportSize({ width: 800, height: 1280 });
    await lead.screenshot({ path: '/tmp/takt-board-800.png' });
  }
});

test('the lead reverses a flagged booking from the review queue; the server books the reversal', async ({
  openPage,
}) => {
  await pushBookingOnClosedOrder();
  const lead = await openPage({ viewport: { width: 1920, height: 1080 } });
  await signInAsLead(lead);
  await expect(lead.getByTestId('tab-review')).toHaveText(/\(1\)/);
  await lead.getByTestId('tab-review').click();
  const item = lead.getByTestId('review-item-flagged');
  await expect(item).toContainText('FA1000019');
  if (shoot) await lead.screenshot({ path: '/tmp/takt-board-review-1920.png' });
  await item.getByTestId('review-reverse').click();
  await expect(item.getByRole('alert')).toBeVisible(); // a reason is needed
  await item.getByTestId('review-reason').fill('Auftrag war schon abgeschlossen');
  await item.getByTestId('review-reverse').click();
  await expect(lead.getByTestId('review-item-flagged')).toHaveCount(0);
  await expect(lead.getByTestId('review-decided')).toContainText('Sabine Krüger');

  const stored = await server.adminGet<{ bookings: Array<{ booking: { type: string; terminalId: string } }> }>(
    '/api/v1/admin/bookings?limit=1000',
  );
  expect(stored.bookings.map((row) => [row.booking.type, row.booking.terminalId])).toContainEqual([
    'booking.reverse',
    'takt-server',
  ]);
});

test('a display link shows the board read-only, without the review queue', async ({ openPage }) => {
  const link = await server.adminPost<{ path: string }>('/api/v1/admin/display-links', { label: 'Schichtbüro' });
  const screen = await openPage({ viewport: { width: 1920, height: 1080 } });
  await screen.goto(`${server.url}${link.path}`);
  await expect(screen.getByTestId('board-viewer')).toHaveText(/Schichtbüro/);
  await expect(screen.getByTestId('tile-ST-10')).toBeVisible();
  await expect(screen.getByTestId('tab-review')).toHaveCount(0);
  await expect(screen.getByTestId('board-logout')).toHaveCount(0);
});
