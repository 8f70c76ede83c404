import { expect, test } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { chooseOperation, loginWithBadge, openEnrolledTerminal } from './support/terminal';

// The station's state must be readable from 1.5 m: a word, a shape, a colour, the reason text and a timer;
// a running downtime takes over the screen until it is ended.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

const shoot = process.env.TAKT_STATE_SCREENSHOTS === '1';

test('the banner shows state, reason text and timer; a downtime takes over the screen until ended', async ({
  page,
}) => {
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await loginWithBadge(page);
  const banner = page.getByTestId('station-state');
  await expect(banner).toHaveAttribute('data-state', 'idle');

  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(banner).toHaveAttribute('data-state', 'producing');
  await expect(page.getByTestId('station-state-word')).toHaveText('Producing');
  await expect(page.getByTestId('station-state-reason')).toContainText('FA1000004 · 0010');
  await expect(page.getByTestId('station-state-timer')).toHaveText(/^\d\d:\d\d$/);

  await page.getByTestId('interrupt').click();
  await page.getByTestId('reason-I01').click();
  await expect(banner).toHaveAttribute('data-state', 'interrupted');
  await expect(page.getByTestId('station-state-reason')).toContainText('Break');
  if (shoot) await page.screenshot({ path: '/tmp/takt-state-interrupted-1280.png' });

  await page.getByTestId('downtime-start').click();
  await page.getByTestId('reason-D03').click();
  const overlay = page.getByTestId('downtime-overlay');
  await expect(overlay).toBeVisible();
  await expect(page.getByTestId('downtime-reason')).toHaveText('Machine breakdown'); // the text, not "D03"
  const timer = page.getByTestId('downtime-timer');
  await expect(timer).toHaveText(/^00:0\d$/);
  const first = await timer.textContent();
  await expect(timer).not.toHaveText(first ?? ''); // it runs
  await expect(page.getByTestId('connection-status')).toBeVisible(); // the top bar stays
  // Nothing behind the overlay can be tapped while the machine is down.
  const resume = await page.getByTestId('resume').boundingBox();
  const topmost = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x ?? 0, y ?? 0)?.closest('[data-testid="downtime-overlay"]') !== null,
    [(resume?.x ?? 0) + 5, (resume?.y ?? 0) + 5],
  );
  expect(topmost).toBe(true);
  const end = page.getByTestId('downtime-overlay-end');
  const box = await end.boundingBox();
  expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(100);
  if (shoot) {
    await page.screenshot({ path: '/tmp/takt-downtime-1280.png' });
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.screenshot({ path: '/tmp/takt-downtime-800.png' });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  await end.click();
  await expect(overlay).toBeHidden();
  await expect(banner).toHaveAttribute('data-state', 'interrupted');
  await page.getByTestId('resume').click();
  await expect(banner).toHaveAttribute('data-state', 'producing');
  if (shoot) {
    await page.screenshot({ path: '/tmp/takt-state-producing-1280.png' });
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.screenshot({ path: '/tmp/takt-state-producing-800.png' });
  }
});
