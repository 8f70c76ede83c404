import { expect, test, type Page } from '@playwright/test';
import { scanWithWedge } from './support/scanner';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  chooseOperation,
  localBookingCount,
  loginWithBadge,
  openEnrolledTerminal,
  waitUntilSynced,
  SABINE_LEAD,
  type ServerBooking,
} from './support/terminal';

// Component labels scanned with a keyboard-wedge scanner against the demo BOM of FA1000004-0010 (Lagerdeckel,
// turning: one "Ronde EN AW-6082 Ø75×22", GTIN 04012345100051, lot required, per piece). What reaches the
// server is counted through the admin API.

const DISC = '04012345100051';
const BAR_STEEL = '04012345100013';

// Scans may need a retry on a loaded machine (see scanLabel).
test.describe.configure({ timeout: 120_000 });

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

/**
 * A GS1 DataMatrix as a wedge scanner types it: AIM identifier ]d2, FNC1 sent as the "<GS>" substitution
 * after every variable-length field but the last.
 */
function gs1Label(fields: Array<[string, string]>): string {
  const fixedLength = new Set(['01', '02', '11', '15', '17']);
  const body = fields.map(([ai, value], index) => {
    const isLast = index === fields.length - 1;
    return `${ai}${value}${fixedLength.has(ai) || ai.startsWith('310') || isLast ? '' : '<GS>'}`;
  });
  return `]d2${body.join('')}`;
}

/** A GS1 expiry (YYMMDD) about a year from now. */
function nextYearExpiry(): string {
  const next = new Date();
  return `${String((next.getFullYear() + 1) % 100).padStart(2, '0')}1231`;
}

/**
 * Scans a label and waits until the terminal recognised it whole. On a loaded 2-core machine the OS may
 * pause the page for more than the scanner's 30 ms between two keys, which splits the burst; the pieces
 * are refused as unreadable (they book nothing, see the assertions on server counts), so the label is
 * simply scanned again, as an operator would after an error beep.
 */
async function scanLabel(page: Page, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => ((window as unknown as RecordedScans).recordedScans = []));
    await scanWithWedge(page, text, 1);
    const isWhole = await page
      .waitForFunction((whole) => (window as unknown as RecordedScans).recordedScans.includes(whole), text, {
        timeout: 3_000,
      })
      .then(() => true)
      .catch(() => false);
    if (isWhole) return;
    if (attempt === 5) {
      const seen = await page.evaluate(() => (window as unknown as RecordedScans).recordedScans);
      throw new Error(`the terminal never recognised the whole scan ${text}; it read ${JSON.stringify(seen)}`);
    }
  }
}

/** Two reads of one label in one burst of key events, the second before the first can have been saved. */
async function scanLabelTwiceAtOnce(page: Page, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.evaluate(() => ((window as unknown as RecordedScans).recordedScans = []));
    await page.evaluate((label) => {
      for (const key of [...label, 'Enter', ...label, 'Enter']) {
        const target = document.activeElement ?? document.body;
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        const until = performance.now() + 1;
        while (performance.now() < until) {
          // busy-wait, as in scanWithWedge
        }
      }
    }, text);
    const isTwice = await page
      .waitForFunction(
        (whole) => (window as unknown as RecordedScans).recordedScans.filter((scan) => scan === whole).length === 2,
        text,
        { timeout: 3_000 },
      )
      .then(() => true)
      .catch(() => false);
    if (isTwice) return;
    // A split burst may have left one whole read: that one books, and the repeat below must then ask.
    const whole = await page.evaluate(
      (label) => (window as unknown as RecordedScans).recordedScans.includes(label),
      text,
    );
    if (whole || attempt === 5) throw new Error(`the two reads of ${text} were not both recognised`);
  }
}

interface RecordedScans {
  recordedScans: string[];
}

async function recordScans(page: Page): Promise<void> {
  await page.evaluate(() => {
    const recorder = window as unknown as RecordedScans;
    recorder.recordedScans = [];
    window.addEventListener('takt:scan', (event) => recorder.recordedScans.push((event as CustomEvent<string>).detail));
  });
}

async function serverConsumptions(page: Page): Promise<ServerBooking[]> {
  return (await waitUntilSynced(page, server)).filter((b) => b.type === 'material.consume');
}

async function startTurningLagerdeckel(page: Page, who?: { uid: string; pin: string }): Promise<void> {
  await openEnrolledTerminal(page, server);
  await page.getByTestId('language-en').click();
  await loginWithBadge(page, who);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await recordScans(page);
}

async function expectRefusal(page: Page, ...texts: string[]): Promise<void> {
  const feedback = page.getByTestId('feedback');
  await expect(feedback).toHaveAttribute('data-kind', 'error');
  for (const text of texts) await expect(feedback).toContainText(text);
}

test('wrong material and an expired lot are refused with what is expected; a cancelled lead approval books nothing', async ({
  page,
}) => {
  await startTurningLagerdeckel(page);
  const before = await localBookingCount(page);

  await scanLabel(
    page,
    gs1Label([
      ['01', BAR_STEEL],
      ['10', 'C-7'],
      ['3103', '012500'],
    ]),
  );
  await expectRefusal(page, 'Wrong material', BAR_STEEL, 'Ronde EN AW-6082 Ø75×22', 'RM-AW6082-75', DISC);

  await scanLabel(
    page,
    gs1Label([
      ['01', DISC],
      ['17', '200101'],
      ['10', 'OLD-1'],
      ['30', '25'],
    ]),
  );
  await expectRefusal(page, 'expired on 2020-01-01', 'OLD-1', 'shift lead');
  // Any operator may ask a shift lead to allow it (badge + PIN); cancelled, nothing is booked.
  await expect(page.getByTestId('pin-dialog')).toHaveAttribute('data-purpose', 'approval');
  await expect(page.getByTestId('approval-reason')).toHaveText('Allow a different material');
  await page.getByTestId('pin-cancel').click();
  await expect(page.getByTestId('feedback')).toContainText('Not approved');

  await scanLabel(
    page,
    gs1Label([
      ['01', DISC],
      ['30', '25'],
    ]),
  );
  await expectRefusal(page, 'no lot number');

  expect(await localBookingCount(page)).toBe(before);
  expect(await serverConsumptions(page)).toEqual([]);
});

test('a correct label books once with its quantity and the BOM unit; the same label again asks first', async ({
  page,
}) => {
  await startTurningLagerdeckel(page);
  const label = gs1Label([
    ['01', DISC],
    ['17', nextYearExpiry()],
    ['10', 'A-17'],
    ['30', '25'],
  ]);

  // Read twice within milliseconds, as a scanner does when held still: the second read is not booked.
  await scanLabelTwiceAtOnce(page, label);
  const feedback = page.getByTestId('feedback');
  await expect(feedback).toHaveAttribute('data-kind', 'success');
  await expect(feedback).toContainText('25 Stk Ronde EN AW-6082 Ø75×22');
  await expect(feedback).not.toContainText('pcs');

  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toHaveAttribute('data-kind', 'duplicate-label');
  await expect(dialog).toContainText(/Already booked at \d\d:\d\d/);
  await expect(dialog).toContainText('A-17');
  await page.getByTestId('confirm-cancel').click();
  await expect(dialog).toBeHidden();

  const booked = await serverConsumptions(page);
  expect(booked).toHaveLength(1);
  expect(booked[0]?.payload).toEqual({
    gtin: DISC,
    materialNumber: 'RM-AW6082-75',
    lot: 'A-17',
    expiry: `20${nextYearExpiry().slice(0, 2)}-12-31`,
    quantity: 25,
    unit: 'Stk',
  });

  // The checklist: 25 of 80 consumed (1 per piece, 80 planned).
  await page.getByTestId('book-material').click();
  const row = page.getByTestId('bom-0010');
  await expect(row).toContainText('Ronde EN AW-6082 Ø75×22');
  await expect(page.getByTestId('bom-consumed')).toHaveText('25 of 80 Stk');
  await expect(row).toHaveAttribute('data-complete', 'false');
  await expect(row).toContainText('Lots: A-17');

  // A second container of the same lot: the operator says yes, and it books exactly once more.
  await scanLabel(page, label);
  await expect(dialog).toHaveAttribute('data-kind', 'duplicate-label');
  await page.getByTestId('confirm-accept').click();
  await expect(page.getByTestId('bom-consumed')).toHaveText('50 of 80 Stk');
  expect((await serverConsumptions(page)).map((b) => b.payload.quantity)).toEqual([25, 25]);
});

test('a label without a quantity opens the pad with the BOM quantity per unit; a shift lead may book an expired lot', async ({
  page,
}) => {
  await startTurningLagerdeckel(page, SABINE_LEAD);
  await scanLabel(
    page,
    gs1Label([
      ['01', DISC],
      ['17', '200101'],
      ['10', 'OLD-1'],
    ]),
  );
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toHaveAttribute('data-kind', 'lead-override');
  await expect(dialog).toContainText('expired on 2020-01-01');
  await page.getByTestId('confirm-accept').click();

  // No quantity on the label: the pad offers the BOM's 1 Stk per piece, and the operator enters 12.
  await expect(page.getByTestId('material-entry-name')).toHaveText('Ronde EN AW-6082 Ø75×22');
  await expect(page.getByTestId('material-entry-unit')).toHaveText('Stk');
  await expect(page.getByTestId('number-pad-value')).toHaveValue('');
  await expect(page.getByTestId('panel-save')).toHaveText('Book 1 Stk');
  await page.getByTestId('pad-1').click();
  await page.getByTestId('pad-2').click();
  await expect(page.getByTestId('number-pad-value')).toHaveValue('12');
  await expect(page.getByTestId('panel-save')).toHaveText('Book 12 Stk');
  await page.getByTestId('panel-save').click();
  await expect(page.getByTestId('feedback')).toContainText('12 Stk Ronde');
  await expect(page.getByTestId('bom-consumed')).toHaveText('12 of 80 Stk');

  const booked = await serverConsumptions(page);
  expect(booked.map((b) => [b.payload.lot, b.payload.quantity, b.payload.unit])).toEqual([['OLD-1', 12, 'Stk']]);

  await page.screenshot({ path: '/tmp/material-panel-1280x800.png' });
  await page.setViewportSize({ width: 800, height: 1280 });
  await scanLabel(
    page,
    gs1Label([
      ['01', DISC],
      ['17', nextYearExpiry()],
      ['10', 'B-3'],
    ]),
  );
  await expect(page.getByTestId('material-entry')).toBeVisible();
  await page.screenshot({ path: '/tmp/material-panel-800x1280.png' });
  // Nothing in the material panel is wider than the panel on a portrait screen.
  const panel = page.getByTestId('panel-material');
  const { scrollWidth, clientWidth } = await panel.evaluate((element) => ({
    scrollWidth: element.scrollWidth,
    clientWidth: element.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
});
