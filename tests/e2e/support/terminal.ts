import { expect, type BrowserContext, type Page, type Route } from '@playwright/test';
import type { TestServerProcess } from './test-server-process';

// What an operator does, as steps the specs share. Waits are on what the app shows, never on sleeps.

export const ANNA = { id: 'P-1001', uid: '04A1B2C3', name: 'Anna Berger', pin: '1234' };
export const MEHMET = { id: 'P-1002', uid: '04A1B2C4', name: 'Mehmet Yılmaz', pin: '2345' };
export const SABINE_LEAD = { id: 'P-2001', uid: '04A1B2D1', name: 'Sabine Krüger', pin: '2468' };

const cutOff = (route: Route): Promise<void> => route.abort('internetdisconnected');

/**
 * Takes the terminal off the network: Chromium's offline emulation (the app sees `offline`) and, as well, every
 * request to the server's API aborted by the test's own router. The emulation alone once let a push through in CI
 * (offline-bookings.spec.ts saw a booking arrive while "offline"), and a spec that proves "nothing arrives
 * while offline" must not depend on it.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
  await context.route('**/api/**', cutOff);
  await context.setOffline(true);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.setOffline(false);
  await context.unroute('**/api/**', cutOff);
}

export async function openEnrolledTerminal(page: Page, server: TestServerProcess, stationId = 'ST-10'): Promise<void> {
  await page.goto(server.setupUrl(stationId));
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-phase', 'ready');
  await expect(page.getByTestId('terminal')).toHaveAttribute('data-master', 'ready', { timeout: 20_000 });
  await expect(page.getByTestId('station-name')).not.toHaveText(/^(Keine Station|No station|ST-10)$/);
  await page.evaluate(async () => {
    await navigator.serviceWorker?.ready;
  });
}

/**
 * Logs in by typing the badge number and the PIN. Specs about other things use this rather than a wedge
 * scan: a scan's key timing cannot be promised on a loaded test machine (identity.spec.ts scans badges).
 */
export async function loginWithBadge(page: Page, who: { uid: string; pin: string } = ANNA): Promise<void> {
  await typeBadge(page, who.uid);
  await enterPin(page, who.pin);
  await expect(page.getByTestId('station-screen')).toBeVisible();
}

/** Types the badge number by hand: the PIN dialog follows. */
export async function typeBadge(page: Page, uid: string): Promise<void> {
  await page.getByTestId('manual-badge-open').click();
  await page.getByTestId('manual-badge').fill(uid);
  await page.getByTestId('manual-badge-submit').click();
  await expect(page.getByTestId('pin-dialog')).toHaveAttribute('data-step', 'pin');
}

/** Enters a PIN in the open PIN dialog (callers wait for what the check shows). */
export async function enterPin(page: Page, pin: string): Promise<void> {
  await expect(page.getByTestId('pin-input')).toBeEnabled();
  await page.getByTestId('pin-input').fill(pin);
  await page.getByTestId('pin-submit').click();
}

export async function chooseOperation(page: Page, order: string, operation: string): Promise<void> {
  await page.getByTestId(`operation-${order}-${operation}`).click();
  await expect(page.getByTestId('operation-panel')).toBeVisible();
}

export async function typeOnPad(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await page.getByTestId(`pad-${digit}`).click();
}

/**
 * Taps "Good" until its pad shows. A tap made while the previous booking still saves (or within the settle time
 * after it) is taken as the rest of that tap and opens nothing, by design (workflows/one-intent.ts); specs tap
 * "Good" right after "Start", and on a loaded machine the start's save can still be running then.
 */
async function openGoodPanel(page: Page): Promise<void> {
  const pad = page.getByTestId('pad-1');
  await expect(async () => {
    if (!(await pad.isVisible())) await page.getByTestId('book-good').click({ timeout: 2_000 });
    await expect(pad).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** Books a good quantity and waits for the "saved" confirmation the operator relies on. */
export async function bookGood(page: Page, quantity: number): Promise<void> {
  await openGoodPanel(page);
  await typeOnPad(page, String(quantity));
  await page.getByTestId('panel-save').click();
  await acceptIfAsked(page, 'panel-good');
  await expect(page.getByTestId('feedback')).toHaveAttribute('data-kind', 'success');
  await expect(page.getByTestId('panel-good')).toBeHidden();
}

/**
 * Test bookings come faster than any machine's cycle time, so the plausibility question may appear: wait
 * until the panel either closed (booked) or asks, and answer yes.
 */
export async function acceptIfAsked(page: Page, panelTestId: string): Promise<void> {
  await page.waitForFunction(
    (id) =>
      document.querySelector('[data-testid="confirm-dialog"]') !== null ||
      document.querySelector(`[data-testid="${id}"]`) === null,
    panelTestId,
  );
  const dialog = page.getByTestId('confirm-dialog');
  if (await dialog.isVisible()) {
    // More than the order still needs takes a shift lead's badge and PIN.
    const needsLead = (await page.getByTestId('confirm-accept').getAttribute('data-needs-lead')) === 'true';
    await page.getByTestId('confirm-accept').click();
    await expect(dialog).toBeHidden();
    if (needsLead) await approveAsLead(page);
  }
}

/** Answers the open shift lead approval with Sabine's typed badge number and PIN. */
export async function approveAsLead(page: Page): Promise<void> {
  const dialog = page.getByTestId('pin-dialog');
  await expect(dialog).toHaveAttribute('data-purpose', 'approval');
  await expect(dialog).toHaveAttribute('data-step', 'badge');
  await page.getByTestId('approval-badge').fill(SABINE_LEAD.uid);
  await page.getByTestId('approval-badge-submit').click();
  await expect(dialog).toHaveAttribute('data-step', 'pin');
  await enterPin(page, SABINE_LEAD.pin);
  await expect(dialog).toBeHidden();
}

export async function pendingCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('pending-count').getAttribute('data-count'));
}

export interface ServerBooking {
  id: string;
  seq: number;
  type: string;
  operatorId?: string;
  payload: Record<string, unknown>;
}

export async function allServerBookings(server: TestServerProcess): Promise<ServerBooking[]> {
  const all: ServerBooking[] = [];
  let after = 0;
  for (;;) {
    const page = await server.adminGet<{
      bookings: Array<{ booking: ServerBooking }>;
      hasMore: boolean;
      nextAfter: number;
    }>(`/api/v1/admin/bookings?after=${after}&limit=1000`);
    all.push(...page.bookings.map((row) => row.booking));
    if (!page.hasMore) return all;
    after = page.nextAfter;
  }
}

/** Bookings stored on the terminal, read straight from IndexedDB (pending, synced and set aside alike). */
export async function localBookingCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('takt-bookings');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('bookings').objectStore('bookings').count();
          count.onsuccess = () => {
            resolve(count.result);
            open.result.close();
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

/**
 * Waits until the server holds every booking this terminal stored, then for the pending figure to say so, and
 * answers what the server holds. The pending figure alone is not enough: it can still read 0 for a moment
 * after a booking was stored and before the figure counted it (CI saw a spec read the server too early).
 */
export async function waitUntilSynced(page: Page, server: TestServerProcess): Promise<ServerBooking[]> {
  const stored = await localBookingCount(page);
  await expect.poll(async () => (await allServerBookings(server)).length, { timeout: 20_000 }).toBe(stored);
  await expect.poll(() => pendingCount(page)).toBe(0);
  return allServerBookings(server);
}
