import { expect, test, type Page } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import {
  bookGood,
  chooseOperation,
  localBookingCount,
  loginWithBadge,
  openEnrolledTerminal,
  waitUntilSynced,
  typeOnPad,
} from './support/terminal';

// The quality plan at the inspection station (ST-40, shaft plan QP-WELLE on FA1000001-0030): what the
// operator sees in each language, and what reaches the server (counted, with the review flags).

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

interface ReviewedBooking {
  review?: string[];
  booking: { type: string; payload: Record<string, unknown> };
}

/** Quality results on the server once the terminal has sent everything, with their review findings. */
async function serverQualityResults(page: Page): Promise<ReviewedBooking[]> {
  await waitUntilSynced(page, server);
  const { bookings } = await server.adminGet<{ bookings: ReviewedBooking[] }>('/api/v1/admin/bookings?limit=1000');
  return bookings.filter((row) => row.booking.type === 'quality.result');
}

async function startInspection(page: Page, language: 'de' | 'en'): Promise<void> {
  await openEnrolledTerminal(page, server, 'ST-40');
  await page.getByTestId(`language-${language}`).click();
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000001', '0030');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
}

async function typeMeasurement(page: Page, typed: string): Promise<void> {
  for (const key of typed) await page.getByTestId(key === ',' ? 'pad-comma' : `pad-${key}`).click();
}

async function clearPad(page: Page): Promise<void> {
  const display = page.getByTestId('number-pad-value');
  while ((await display.inputValue()) !== '') await page.getByTestId('pad-clear').click();
}

test('German: limits with a decimal comma, typo refused, out of tolerance re-measured or confirmed, defect code asked, the plan stays open', async ({
  page,
}) => {
  await startInspection(page, 'de');
  // At the start of production: diameter, length and surface are due.
  await expect(page.getByTestId('book-quality-badge')).toHaveAttribute('data-count', '3');
  await page.getByTestId('book-quality').click();
  const panel = page.getByTestId('panel-quality');
  await expect(panel).toHaveAttribute('data-current', 'WEL-DIA');
  await expect(page.getByTestId('characteristic-WEL-RA')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('quality-name')).toHaveText('Durchmesser Ø40 h6');
  await expect(page.getByTestId('quality-limits')).toHaveText('39,984–40,000 mm');

  await page.getByTestId('characteristic-WEL-LEN').click();
  await expect(page.getByTestId('quality-name')).toHaveText('Gesamtlänge');
  await expect(page.getByTestId('quality-nominal')).toHaveText('120,00 mm');
  await expect(page.getByTestId('quality-limits')).toHaveText('119,50–120,50 mm');
  await expect(page.getByTestId('pad-comma')).toHaveText(',');
  const before = await localBookingCount(page);

  // 12000 typed for 120,00: refused as a typing error, the value stays for correcting.
  await typeOnPad(page, '12000');
  await page.getByTestId('panel-save').click();
  await expect(page.getByTestId('quality-implausible')).toHaveText(
    '12000,00 mm liegt weit außerhalb von 119,50–120,50 mm – Tippfehler? Nichts gespeichert.',
  );
  await expect(page.getByTestId('feedback')).toHaveAttribute('data-kind', 'error');
  await expect(page.getByTestId('number-pad-value')).toHaveValue('12000');
  expect(await localBookingCount(page)).toBe(before);

  // 121,0: out of tolerance asks to measure again; the value stays visible; measuring 120,2 books a pass.
  await clearPad(page);
  await typeMeasurement(page, '121,0');
  await page.getByTestId('panel-save').click();
  await expect(page.getByTestId('quality-out-of-tolerance')).toContainText('121,00 mm liegt außerhalb');
  await expect(page.getByTestId('quality-outside-value')).toHaveText('121,00 mm');
  expect(await localBookingCount(page)).toBe(before);
  await page.getByTestId('quality-remeasure').click();
  await expect(page.getByTestId('quality-first-measurement')).toContainText('121,00 mm');
  await typeMeasurement(page, '120,2');
  await page.getByTestId('panel-save').click();
  await expect(page.getByTestId('feedback')).toHaveText('Gespeichert: Prüfung in Ordnung');
  // Still in the plan: on to the next due characteristic, the surface.
  await expect(panel).toHaveAttribute('data-current', 'WEL-SURF');
  await expect(page.getByTestId('characteristic-WEL-LEN')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('quality-name')).toHaveText('Oberfläche ohne Riefen');

  // Attribute not OK asks for a defect code and never speaks of tolerance.
  await page.getByTestId('attribute-nok').click();
  await expect(page.getByTestId('quality-defects')).toBeVisible();
  expect(await localBookingCount(page)).toBe(before + 1);
  await page.getByTestId('reason-F01').click();
  await expect(page.getByTestId('feedback')).toHaveText(
    'Nicht in Ordnung: Oberfläche ohne Riefen (Riefen) – Schichtführung informieren',
  );
  await expect(page.getByTestId('feedback')).not.toContainText('Toleranz');
  await expect(panel).toHaveAttribute('data-current', 'WEL-DIA');

  // Diameter 40,1: out of tolerance, confirmed: booked once as not OK.
  await typeMeasurement(page, '40,1');
  await page.getByTestId('panel-save').click();
  await page.getByTestId('quality-confirm-fail').click();
  await expect(page.getByTestId('feedback')).toContainText('Außerhalb der Toleranz: Durchmesser Ø40 h6');
  // Nothing is due any more: the plan moves on to the open roughness and stays open until closed.
  await expect(panel).toHaveAttribute('data-current', 'WEL-RA');
  await expect(page.getByTestId('quality-due-summary')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('quality-limits')).toHaveText('0,0–1,6 µm');
  await page.getByTestId('quality-close').click();
  await expect(panel).toBeHidden();
  await expect(page.getByTestId('book-quality-badge')).toHaveCount(0);

  const results = await serverQualityResults(page);
  expect(results.map((row) => [row.booking.payload, row.review])).toEqual([
    [{ characteristicId: 'WEL-LEN', value: 120.2, verdict: 'pass' }, undefined],
    [
      { characteristicId: 'WEL-SURF', attribute: 'nok', defectCode: 'F01', verdict: 'fail' },
      ['quality-fail(WEL-SURF)'],
    ],
    [{ characteristicId: 'WEL-DIA', value: 40.1, verdict: 'fail' }, ['quality-fail(WEL-DIA)']],
  ]);
});

test('English: decimal point, a second value out of tolerance after re-measuring is booked as a fail once', async ({
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 1280 });
  await startInspection(page, 'en');
  await page.getByTestId('book-quality').click();
  await page.getByTestId('characteristic-WEL-LEN').click();
  await expect(page.getByTestId('quality-limits')).toHaveText('119.50–120.50 mm');
  await expect(page.getByTestId('pad-comma')).toHaveText('.');

  // A physical keyboard types the English decimal point; the pad reads it.
  await expect(page.getByTestId('number-pad-value')).toBeFocused();
  await page.keyboard.type('119.4', { delay: 110 });
  await expect(page.getByTestId('number-pad-value')).toHaveValue('119.4');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('quality-out-of-tolerance')).toContainText('119.40 mm is outside the tolerance');
  await page.getByTestId('quality-remeasure').click();
  await typeMeasurement(page, '119,3');
  await page.getByTestId('panel-save').click();
  await expect(page.getByTestId('feedback')).toContainText('Out of tolerance: Overall length');
  await expect(page.getByTestId('panel-quality')).toHaveAttribute('data-current', 'WEL-SURF');
  await page.getByTestId('quality-close').click();

  // 50 good pieces: every-50 (diameter, roughness) and, with nothing open, the finish checks fall due.
  await expect(page.getByTestId('book-quality-badge')).toHaveAttribute('data-count', '2');
  await bookGood(page, 50);
  await expect(page.getByTestId('book-quality-badge')).toHaveAttribute('data-count', '4');
  await expect(page.getByTestId('book-quality-badge')).toHaveText('4 due');

  const results = await serverQualityResults(page);
  expect(results.map((row) => [row.booking.payload, row.review])).toEqual([
    [{ characteristicId: 'WEL-LEN', value: 119.3, verdict: 'fail' }, ['quality-fail(WEL-LEN)']],
  ]);
});

test('the quality panel in German and English, landscape and portrait (screenshots for a person to look at)', async ({
  page,
}, testInfo) => {
  await startInspection(page, 'de');
  await page.getByTestId('book-quality').click();
  await page.getByTestId('characteristic-WEL-LEN').click();
  await typeMeasurement(page, '121');
  await page.getByTestId('panel-save').click();
  await expect(page.getByTestId('quality-out-of-tolerance')).toBeVisible();
  const directory = process.env.TAKT_SCREENSHOT_DIR;
  for (const language of ['de', 'en'] as const) {
    await page.getByTestId(`language-${language}`).click();
    for (const [width, height] of [
      [1280, 800],
      [800, 1280],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expect(page.getByTestId('quality-out-of-tolerance')).toBeVisible();
      const name = `quality-${language}-${width}x${height}.png`;
      await page.getByTestId('panel-quality').evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: directory ? `${directory}/${name}` : testInfo.outputPath(name), fullPage: true });
      // The panel stays inside the operation it belongs to (the station screen's own width is not its business).
      const [quality, operation] = await Promise.all(
        ['panel-quality', 'operation-panel'].map((id) => page.getByTestId(id).boundingBox()),
      );
      expect(quality && operation && quality.x + quality.width <= operation.x + operation.width).toBe(true);
    }
  }
});
