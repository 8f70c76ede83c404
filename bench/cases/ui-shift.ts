import path from 'node:path';
import type { Page } from '@playwright/test';
import type { BenchContext } from '../core/cases';
import { mb } from '../core/format';
import { openEnrolledApp } from '../harness/app';
import { heapAfterGc, launchBenchBrowser } from '../harness/browser';
import { startBenchServer } from '../harness/takt-server';

// An operator's shift on the real terminal, compressed: every 5 simulated minutes a booking through the
// UI (good quantities, scrap every half hour, a login change every hour), with Playwright's clock running
// the app's timers in between. Used for the memory case. A slot is shorter than the idle logout (10 min);
// a logout at a shift's end is answered by logging in again, as the next shift's operator would.

const SLOT_MS = 5 * 60_000;
const OPERATORS = [
  { badge: '04A1B2C3', pin: '1234' },
  { badge: '04A1B2C4', pin: '2345' },
] as const;

export interface ShiftReport {
  hours: number;
  startHeap: number;
  endHeap: number;
  bookings: number;
  pendingAtEnd: number;
}

async function login(page: Page, operator: { badge: string; pin: string }): Promise<void> {
  await page.getByTestId('manual-badge-open').click();
  await page.getByTestId('manual-badge').fill(operator.badge);
  await page.getByTestId('manual-badge-submit').click();
  await page.getByTestId('pin-input').fill(operator.pin);
  await page.getByTestId('pin-submit').click();
  await page.getByTestId('station-screen').waitFor({ state: 'visible' });
  await page.getByTestId('operation-FA1000004-0010').click();
  await page.getByTestId('operation-panel').waitFor({ state: 'visible' });
}

async function saveAndConfirm(page: Page): Promise<void> {
  await page.getByTestId('panel-save').click();
  // A shift's worth of quick bookings outruns the cycle time and the plan: answer the plausibility question.
  const asked = page.getByTestId('confirm-dialog');
  const booked = page.locator('[data-testid="feedback"][data-kind="success"]');
  await asked.or(booked).first().waitFor({ state: 'visible' });
  if (await asked.isVisible()) await page.getByTestId('confirm-accept').click();
  await page.locator('[data-testid="feedback"][data-kind="success"]').waitFor({ state: 'visible' });
}

async function bookGood(page: Page, quantity: number): Promise<void> {
  await page.getByTestId('book-good').click();
  for (const digit of String(quantity)) await page.getByTestId(`pad-${digit}`).click();
  await saveAndConfirm(page);
}

async function bookScrap(page: Page): Promise<void> {
  await page.getByTestId('book-scrap').click();
  await page.getByTestId('pad-1').click();
  await page.getByTestId('reason-S01').click();
  await saveAndConfirm(page);
}

export async function simulateShift(ctx: BenchContext, hours: number): Promise<ShiftReport> {
  const server = await startBenchServer({
    dataDir: path.join(ctx.workDir, 'shift-server'),
    staticDir: ctx.siteDir,
    logLevel: 'warn',
  });
  const browser = await launchBenchBrowser(ctx.workDir, 'shift');
  const { page, cdp } = browser;
  try {
    await page.clock.install();
    await openEnrolledApp(page, server);
    await login(page, OPERATORS[0]);
    await page.getByTestId('start-production').click();
    await page.getByTestId('operation-panel').and(page.locator('[data-state="production"]')).waitFor();
    const startHeap = await heapAfterGc(cdp);
    let bookings = 2; // login and production start
    const slots = Math.max(1, Math.round((hours * 3_600_000) / SLOT_MS));
    for (let slot = 1; slot <= slots; slot++) {
      const operator = OPERATORS[Math.floor(slot / 12) % OPERATORS.length] ?? OPERATORS[0];
      if (await page.getByTestId('login-screen').isVisible()) {
        await login(page, operator); // the shift ended and logged the team out
        bookings += 2;
      } else if (slot % 12 === 0) {
        await page.getByTestId('logout').click();
        await page.getByTestId('login-screen').waitFor({ state: 'visible' });
        await login(page, operator);
        bookings += 2;
      }
      if (slot % 6 === 0) await bookScrap(page);
      else await bookGood(page, 1 + (slot % 9));
      bookings += 1;
      await page.clock.runFor(SLOT_MS);
    }
    const pendingAtEnd = await waitForSynced(page);
    const endHeap = await heapAfterGc(cdp);
    ctx.log(
      `shift: ${hours} h simulated, ${bookings} bookings, heap ${mb(startHeap)} → ${mb(endHeap)}, ${pendingAtEnd} pending`,
    );
    return { hours, startHeap, endHeap, bookings, pendingAtEnd };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Lets the app's push run in real time until the top bar shows nothing pending (or gives up after 30 s). */
async function waitForSynced(page: Page): Promise<number> {
  const pending = page.getByTestId('pending-count');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = Number(await pending.getAttribute('data-count'));
    if (value === 0 || Date.now() > deadline) return value;
    await page.clock.runFor(31_000); // the periodic push
    await page.waitForTimeout(200);
  }
}
