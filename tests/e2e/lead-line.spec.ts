import { expect, test } from '@playwright/test';
import { uuidv7 } from '@shared/id/uuidv7';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { goOffline, loginWithBadge, openEnrolledTerminal, SABINE_LEAD } from './support/terminal';

// A shift lead at the terminal of ST-10 opens the Line: the board from the server with another station's
// downtime and note; offline, this station stays live and the others are marked stale with their age.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

const shoot = process.env.TAKT_LINE_SCREENSHOTS === '1';

/** The terminal of ST-20, over HTTP without a browser: a downtime and a shift note. */
async function st20ReportsDowntime(): Promise<void> {
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
  const base = { terminalId, epoch: 'e2e', occurredAt: Date.now(), clockOffsetMs: 0, stationId: 'ST-20' };
  const bookings = [
    {
      ...base,
      id: uuidv7(),
      seq: 1,
      type: 'downtime.start',
      operatorId: 'P-1002',
      masterDataVersion: 'e2e',
      payload: { reasonCode: 'D03' },
    },
    {
      ...base,
      id: uuidv7(),
      seq: 2,
      type: 'shift.note',
      operatorId: 'P-1002',
      masterDataVersion: 'e2e',
      payload: { text: 'Spindel klemmt, Instandhaltung informiert' },
    },
  ];
  await post('/api/v1/sync/push', { terminalId, epoch: 'e2e', bookings }, token);
}

test('a lead sees the line at a terminal, and offline this station live with the others marked stale', async ({
  browser,
}) => {
  // Enrolment, master data and a login in one page: on a shared, loaded machine more than the default minute.
  test.setTimeout(120_000);
  await st20ReportsDowntime();
  const context = await browser.newContext();
  const page = await context.newPage();
  await openEnrolledTerminal(page, server, 'ST-10');
  await loginWithBadge(page, SABINE_LEAD);
  await page.getByTestId('line-open').click();

  const line = page.getByTestId('line-screen');
  await expect(line).toHaveAttribute('data-live', 'true');
  const other = page.getByTestId('line-tile-ST-20');
  await expect(other).toHaveAttribute('data-state', 'down');
  // Sabine works in English (her language in master data).
  await expect(other).toContainText('Machine breakdown');
  await expect(page.getByTestId('line-note')).toContainText('Spindel klemmt');
  const own = page.getByTestId('line-tile-ST-10');
  await expect(own).toContainText(SABINE_LEAD.name);
  if (shoot) await page.screenshot({ path: '/tmp/takt-line-1280.png', fullPage: true });

  await goOffline(context);
  await expect(line).toHaveAttribute('data-live', 'false');
  await expect(page.getByTestId('line-freshness')).toHaveText(/OFFLINE.*\d+ min/);
  await expect(other).toHaveAttribute('data-stale', 'true');
  await expect(other).toHaveAttribute('data-state', 'down');
  await expect(own).toHaveAttribute('data-stale', 'false');
  await expect(own).toContainText(SABINE_LEAD.name);
  if (shoot) {
    await page.screenshot({ path: '/tmp/takt-line-stale-1280.png', fullPage: true });
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.screenshot({ path: '/tmp/takt-line-stale-800.png', fullPage: true });
  }
  await context.close();
});
