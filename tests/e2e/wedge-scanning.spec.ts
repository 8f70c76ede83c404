import { expect, test, type Page } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { scanWithWedge } from './support/scanner';
import { localBookingCount, loginWithBadge, openEnrolledTerminal } from './support/terminal';

// A keyboard-wedge scanner types into whatever has focus. Scans at 1-5 ms per key must each be recognised
// exactly once, and none of their characters may land in the field a person is typing into.

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

async function recordScans(page: Page): Promise<void> {
  await page.evaluate(() => {
    const scans: string[] = [];
    (window as unknown as { recordedScans: string[] }).recordedScans = scans;
    window.addEventListener('takt:scan', (event) => scans.push((event as CustomEvent<string>).detail));
  });
}

const recordedScans = (page: Page) =>
  page.evaluate(() => (window as unknown as { recordedScans: string[] }).recordedScans);

test('fast scans between human typing are recognised once each and never leak into the focused field', async ({
  page,
}) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await page.getByTestId('note').click();
  const note = page.getByTestId('note-text');
  await note.click();
  await recordScans(page);

  const human = ['Spindel ', 'warm, ', 'bitte ', 'prüfen'];
  const scans: string[] = [];
  for (let i = 0; i < human.length; i++) {
    await page.keyboard.type(human[i] ?? '', { delay: 110 });
    const scan = `ZX${String(7_000_000 + i * 7919).padStart(8, '0')}`;
    scans.push(scan);
    await scanWithWedge(page, scan, 1 + (i % 5));
    await page.waitForTimeout(150); // the person pauses before typing on
  }

  await expect.poll(() => recordedScans(page)).toEqual(scans);
  await expect(note).toHaveValue(human.join(''));
  // Each unknown code got its own error: none of them made a booking.
  await expect(page.getByTestId('feedback')).toHaveAttribute('data-kind', 'error');
});

test('a badge scanned by a wedge reader logs the operator in from the login screen', async ({ page }) => {
  await openEnrolledTerminal(page, server);
  await recordScans(page);
  await scanWithWedge(page, '04A1B2C4');
  await expect(page.getByTestId('operator-name')).toHaveText('Mehmet Yılmaz');
  expect(await recordedScans(page)).toEqual(['04A1B2C4']);
});

test('an order scan selects its operation at this station; a garbage scan says why and books nothing', async ({
  page,
}) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await scanWithWedge(page, 'FA1000004-0010');
  await expect(page.getByTestId('operation-panel')).toBeVisible();
  await expect(page.getByTestId('feedback')).toHaveAttribute('data-kind', 'success');

  const before = await localBookingCount(page);
  await scanWithWedge(page, ']C1010400638133393X'); // a GS1 GTIN with a broken check digit
  await expect(page.getByTestId('feedback')).toHaveAttribute('data-kind', 'error');
  await expect(page.getByTestId('feedback')).not.toBeEmpty();
  expect(await localBookingCount(page)).toBe(before);
});

test('a wedge badge reader that types decimal UIDs is normalised to the operator’s badge', async ({ page }) => {
  await server.adminPost('/api/v1/admin/import', {
    stations: [
      {
        id: 'ST-40',
        name: 'Prüfplatz',
        area: 'Qualität',
        scanPatterns: { orderPattern: '^FA\\d{7}$', badgePattern: '^\\d{10}$', badgeFormat: 'decimal' },
      },
    ],
  });
  await openEnrolledTerminal(page, server, 'ST-40');
  await scanWithWedge(page, String(0x04a1b2c5).padStart(10, '0')); // Katarzyna's badge 04A1B2C5
  await expect(page.getByTestId('operator-name')).toHaveText('Katarzyna Nowak');
});

test('a scan stays whole when the page is busy for 100 ms in the middle of it', async ({ page }) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await recordScans(page);
  // Right after the app handled the fifth key the page's main thread is blocked for 100 ms, as a long render
  // or GC would; the scanner goes on sending, and its keys queue up with the times the browser stamped them.
  await page.evaluate(() => {
    let keys = 0;
    // Capture phase on the window, like the app's listener, which stops the key from going further.
    window.addEventListener(
      'keydown',
      () => {
        if (++keys !== 5) return;
        const until = performance.now() + 100;
        while (performance.now() < until) {
          // busy
        }
      },
      { capture: true },
    );
  });
  const cdp = await page.context().newCDPSession(page);
  const scan = 'ZX07123456';
  const startedAt = Date.now() / 1000;
  const sent: Promise<unknown>[] = [];
  for (const [index, key] of [...scan, 'Enter'].entries()) {
    const timestamp = startedAt + index / 1000; // 1 ms apart, as the OS stamps a USB scanner's keys
    const text = key === 'Enter' ? '\r' : key;
    const code = key === 'Enter' ? { code: 'Enter', windowsVirtualKeyCode: 13 } : {};
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text, timestamp, ...code }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp, ...code }));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(sent);
  await expect.poll(() => recordedScans(page)).toEqual([scan]);
  await page.waitForTimeout(200);
  expect(await recordedScans(page)).toEqual([scan]);
});
