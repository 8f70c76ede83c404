import { expect, test, type Page } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { scanWithWedge } from './support/scanner';
import { chooseOperation, loginWithBadge, openEnrolledTerminal, typeOnPad } from './support/terminal';

// Scanning never eats typing: a fast typist stays a typist, a scan leaves a typed quantity alone, and a
// torn label is told apart from a badge.

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

test('a shift note typed at 15 ms per key, ended with Enter, keeps its text', async ({ page }) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await page.getByTestId('note').click();
  const note = page.getByTestId('note-text');
  await note.click();
  await recordScans(page);

  // Exactly 15 ms between keys and a final Enter: everything a scan has except a scanner's pace.
  await scanWithWedge(page, 'FA1000004 Spindel warm', 15);
  await expect(note).toHaveValue('FA1000004 Spindel warm\n');
  // A real scan into the same field is still a scan and leaves the text alone.
  await scanWithWedge(page, 'ZX07123456', 2);
  await expect.poll(() => recordedScans(page)).toEqual(['ZX07123456']);
  await expect(note).toHaveValue('FA1000004 Spindel warm\n');
});

test('a scan while the good-quantity pad holds 12 keeps the 12', async ({ page }) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  await chooseOperation(page, 'FA1000004', '0010');
  await page.getByTestId('start-production').click();
  await expect(page.getByTestId('operation-panel')).toHaveAttribute('data-state', 'production');
  await page.getByTestId('book-good').click();
  await typeOnPad(page, '12');
  const pad = page.getByTestId('number-pad-value');
  await expect(pad).toHaveValue('12');
  await recordScans(page);

  // The label of the operation on screen: nothing to change.
  await scanWithWedge(page, 'FA1000004-0010');
  await expect.poll(() => recordedScans(page)).toEqual(['FA1000004-0010']);
  await expect(page.getByTestId('panel-good')).toBeVisible();
  await expect(pad).toHaveValue('12');

  // Another operation's label would close the pad: it asks to save or cancel the 12 first.
  await scanWithWedge(page, 'FA1000005-0010');
  await expect.poll(() => recordedScans(page)).toHaveLength(2);
  await expect(page.getByTestId('feedback')).toHaveAttribute('data-kind', 'error');
  await expect(page.getByTestId('feedback')).toContainText('12');
  await expect(page.getByTestId('panel-good')).toBeVisible();
  await expect(pad).toHaveValue('12');
});

test('a truncated order label says it looks like an order number one digit short', async ({ page }) => {
  await openEnrolledTerminal(page, server);
  await loginWithBadge(page);
  const name = await page.getByTestId('operator-name').textContent();

  await scanWithWedge(page, 'FA100000');
  const feedback = page.getByTestId('feedback');
  await expect(feedback).toHaveAttribute('data-kind', 'error');
  await expect(feedback).toContainText(/(order number|Auftragsnummer).*\b6\b.*\b7\b/);
  await expect(page.getByTestId('operator-name')).toHaveText(name ?? '');
});
