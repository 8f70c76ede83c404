import { expect, test, type Locator, type Page } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  allServerBookings,
  chooseOperation,
  localBookingCount,
  loginWithBadge,
  openEnrolledTerminal,
  pendingCount,
  typeOnPad,
} from './support/terminal';

// One intent, one booking: a double tap on a button that books saves one booking, on the terminal and on
// the server. The taps are mouse clicks at the button's place, as a finger would land, so a tap that hits
// whatever replaced the button counts too.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop('SIGKILL');
});

type Tapping = (page: Page, target: Locator) => Promise<void>;

const TAPPINGS: Array<[string, Tapping]> = [
  ['a double tap', (_page, target) => target.dblclick()],
  [
    'two quick taps',
    async (page, target) => {
      await expect(target).toBeEnabled();
      const box = await target.boundingBox();
      if (!box) throw new Error('target is not on screen');
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.click(x, y);
      await page.mouse.click(x, y);
    },
  ],
];

for (const [name, tap] of TAPPINGS) {
  test(`${name} on Save books once: good, scrap, interrupt, resume, downtime, end of downtime`, async ({ page }) => {
    await openEnrolledTerminal(page, server);
    await loginWithBadge(page);
    await chooseOperation(page, 'FA1000004', '0010');
    await page.getByTestId('start-production').click();
    const operation = page.getByTestId('operation-panel');
    await expect(operation).toHaveAttribute('data-state', 'production');
    // The start may still be on its way into the outbox: wait until the server holds it, so it is not counted
    // as one of the bookings below.
    await expect
      .poll(async () => (await allServerBookings(server)).at(-1)?.type, { timeout: 30_000 })
      .toBe('operation.start');
    await expect.poll(() => pendingCount(page)).toBe(0);
    const serverBefore = (await allServerBookings(server)).length;
    const localBefore = await localBookingCount(page);

    // One piece: a single piece never raises the cycle-time question, which would take the second tap.
    await page.getByTestId('book-good').click();
    await typeOnPad(page, '1');
    await tap(page, page.getByTestId('panel-save'));
    await expect(page.getByTestId('counter-good')).toHaveText('1');

    await page.getByTestId('book-scrap').click();
    await typeOnPad(page, '2');
    await page.getByTestId('reason-S01').click();
    await tap(page, page.getByTestId('panel-save'));
    await expect(page.getByTestId('counter-scrap')).toHaveText('2');

    await page.getByTestId('interrupt').click();
    await tap(page, page.getByTestId('reason-I01'));
    await expect(operation).toHaveAttribute('data-state', 'interrupted');

    await tap(page, page.getByTestId('resume'));
    await expect(operation).toHaveAttribute('data-state', 'production');

    await page.getByTestId('downtime-start').click();
    await tap(page, page.getByTestId('reason-D01'));
    await expect(page.getByTestId('downtime-overlay')).toBeVisible();

    await tap(page, page.getByTestId('downtime-overlay-end'));
    await expect(page.getByTestId('downtime-start')).toBeVisible();

    const expected = [
      'quantity.good',
      'quantity.scrap',
      'operation.interrupt',
      'operation.resume',
      'downtime.start',
      'downtime.end',
    ];
    // The last booking may still be on its way into the outbox when the screen changes: wait for the local
    // count first, then for the upload, then compare what the server holds (a double would be an extra entry).
    await expect.poll(() => localBookingCount(page)).toBeGreaterThanOrEqual(localBefore + expected.length);
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(async () => (await allServerBookings(server)).length - serverBefore, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(expected.length);
    expect(await localBookingCount(page)).toBe(localBefore + expected.length);
    const booked = (await allServerBookings(server)).slice(serverBefore);
    expect(booked.map((b) => b.type)).toEqual(expected);
  });
}
