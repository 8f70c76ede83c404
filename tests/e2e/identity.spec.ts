import { expect, test } from '@playwright/test';
import { scanWithWedge } from './support/scanner';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  ANNA,
  bookGood,
  chooseOperation,
  enterPin,
  MEHMET,
  openEnrolledTerminal,
  waitUntilSynced,
  SABINE_LEAD,
  typeBadge,
} from './support/terminal';

// Who is at the terminal: the PIN step for typed badges (with its lock), the team at one station, and the
// shift lead's approval. What reaches the server is checked through the admin API.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

test('a typed badge needs the PIN: 5 wrong PINs lock it with a countdown that survives a reload', async ({ page }) => {
  // Five PBKDF2 checks, a reload and a second look at the lock take a while on a loaded machine.
  test.setTimeout(120_000);
  await page.clock.install();
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await typeBadge(page, ANNA.uid);
  await expect(page.getByTestId('pin-for')).toHaveText('A typed badge number needs the PIN');
  for (let attempt = 1; attempt <= 4; attempt++) {
    await enterPin(page, '0000');
    await expect(page.getByTestId('pin-error')).toContainText(`${5 - attempt} attempts left`);
  }
  await enterPin(page, '0000');
  const lock = page.getByTestId('pin-lock');
  await expect(lock).toContainText('Try again in');
  await expect(page.getByTestId('pin-input')).toBeDisabled();
  const seconds = Number(await lock.getAttribute('data-seconds'));
  expect(seconds).toBeGreaterThan(50);
  expect(seconds).toBeLessThanOrEqual(60);
  await page.screenshot({ path: '/tmp/identity-pin-locked-1280x800.png' });

  // A reload does not reset the lock: the counter is in the terminal's local data.
  await page.reload();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await typeBadge(page, ANNA.uid);
  await expect(page.getByTestId('pin-lock')).toBeVisible();
  await expect(page.getByTestId('pin-input')).toBeDisabled();

  await page.clock.fastForward('01:01');
  await expect(page.getByTestId('pin-lock')).toBeHidden();
  await enterPin(page, ANNA.pin);
  await expect(page.getByTestId('station-screen')).toBeVisible();
  await expect(page.getByTestId('operator-name')).toHaveText(ANNA.name);
  const logins = (await waitUntilSynced(page, server)).filter((b) => b.type === 'operator.login');
  expect(logins.map((b) => [b.operatorId, b.payload])).toEqual([[ANNA.id, { method: 'manual' }]]);
});

test('a badge+pin station asks for the PIN after a scan; a wrong typed badge says nothing about who', async ({
  page,
}) => {
  await openEnrolledTerminal(page, server, 'ST-40');
  await page.getByTestId('language-en').click();
  await typeBadge(page, 'DEADBEEF');
  await enterPin(page, '1234');
  await expect(page.getByTestId('pin-error')).toContainText('Wrong badge number or PIN');
  await page.getByTestId('pin-cancel').click();

  await scanWithWedge(page, MEHMET.uid);
  await expect(page.getByTestId('pin-for')).toHaveText(`PIN for ${MEHMET.name}`);
  await page.screenshot({ path: '/tmp/identity-pin-1280x800.png' });
  await page.setViewportSize({ width: 800, height: 1280 });
  await page.screenshot({ path: '/tmp/identity-pin-800x1280.png' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await enterPin(page, MEHMET.pin);
  await expect(page.getByTestId('operator-name')).toHaveText(MEHMET.name);
});

test('team login: a second badge joins, a member badge switches, bookings carry the active operator', async ({
  page,
}) => {
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await scanWithWedge(page, ANNA.uid);
  await expect(page.getByTestId('station-screen')).toBeVisible();
  await scanWithWedge(page, MEHMET.uid);
  await expect(page.getByTestId('operator-name')).toHaveText(MEHMET.name);
  await expect(page.getByTestId('team-count')).toHaveAttribute('data-count', '2');

  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await bookGood(page, 2);

  await scanWithWedge(page, ANNA.uid);
  await expect(page.getByTestId('operator-name')).toHaveText(ANNA.name);
  await expect(page.getByTestId('team-count')).toHaveAttribute('data-count', '2');
  await bookGood(page, 3);

  // After a reload the team is back, with the member who was active.
  await page.reload();
  await expect(page.getByTestId('operator-name')).toHaveText(ANNA.name);
  await expect(page.getByTestId('team-count')).toHaveAttribute('data-count', '2');
  await page.getByTestId('team-toggle').click();
  await page.screenshot({ path: '/tmp/identity-team-1280x800.png' });
  await page.getByTestId(`team-logout-${ANNA.id}`).click();
  await expect(page.getByTestId('operator-name')).toHaveText(MEHMET.name);
  await expect(page.getByTestId('team-count')).toBeHidden();
  await page.getByTestId('team-logout-all').click();
  await expect(page.getByTestId('login-screen')).toBeVisible();

  const bookings = await waitUntilSynced(page, server);
  const goods = bookings.filter((b) => b.type === 'quantity.good');
  expect(goods.map((b) => [b.operatorId, b.payload.quantity])).toEqual([
    [MEHMET.id, 2],
    [ANNA.id, 3],
  ]);
  const sessions = bookings.filter((b) => b.type.startsWith('operator.')).map((b) => [b.type, b.operatorId]);
  expect(sessions).toEqual([
    ['operator.login', ANNA.id],
    ['operator.login', MEHMET.id],
    ['operator.logout', ANNA.id],
    ['operator.logout', MEHMET.id],
  ]);
});

test('restarting a finished operation asks a shift lead for badge and PIN and records who approved', async ({
  page,
}) => {
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await scanWithWedge(page, ANNA.uid);
  await expect(page.getByTestId('station-screen')).toBeVisible();
  await chooseOperation(page, 'FA1000006', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await page.getByTestId('finish-final').click();
  await expect(page.getByTestId('confirm-dialog')).toHaveAttribute('data-kind', 'final-summary');
  await page.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-work-state', 'finished');

  await page.getByTestId('start-production').click();
  const dialog = page.getByTestId('pin-dialog');
  await expect(dialog).toHaveAttribute('data-step', 'badge');
  await expect(page.getByTestId('approval-reason')).toHaveText('Restart a finished operation');
  await page.screenshot({ path: '/tmp/identity-approval-1280x800.png' });

  // An operator's badge and right PIN are not a lead's approval.
  await scanWithWedge(page, MEHMET.uid);
  await expect(dialog).toHaveAttribute('data-step', 'pin');
  await enterPin(page, MEHMET.pin);
  await expect(page.getByTestId('pin-error')).toContainText('Only a shift lead');

  await scanWithWedge(page, SABINE_LEAD.uid);
  await expect(page.getByTestId('pin-for')).toHaveText(`PIN for ${SABINE_LEAD.name}`);
  await enterPin(page, SABINE_LEAD.pin);
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await expect(page.getByTestId('operator-name')).toHaveText(ANNA.name);

  const starts = (await waitUntilSynced(page, server)).filter((b) => b.type === 'operation.start');
  expect(starts.map((b) => [b.operatorId, b.payload])).toEqual([
    [ANNA.id, { phase: 'production' }],
    [ANNA.id, { phase: 'production', approvedBy: SABINE_LEAD.id }],
  ]);
});
