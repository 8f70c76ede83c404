import { expect, test, type Locator, type Page } from '@playwright/test';
import { de } from '../../renderer/src/i18n/locales/de';
import { en } from '../../renderer/src/i18n/locales/en';
import { pl } from '../../renderer/src/i18n/locales/pl';
import { tr } from '../../renderer/src/i18n/locales/tr';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { chooseOperation, loginWithBadge, openEnrolledTerminal, typeOnPad } from './support/terminal';

// The terminal on the screens it meets on a shop floor: tablet portrait, old 4:3 panels, 16:10 terminals and
// full HD. Nothing may stick out sideways and an open panel's action row must be on screen, in every
// language the plant speaks.

const VIEWPORTS = [
  { width: 800, height: 1280 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const MESSAGES = { de, en, pl, tr };

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${where}: page width`).toBeLessThanOrEqual(clientWidth);
}

/** Fully on screen and not hidden under the toast. */
async function expectReachable(page: Page, action: Locator, where: string): Promise<void> {
  await expect(action, where).toBeInViewport({ ratio: 1 });
  // One look at both: the toast may go away between two separate reads.
  const overlaps = await action.evaluate((element) => {
    const toast = document.querySelector('[data-testid="feedback"]');
    if (!toast || toast.checkVisibility() === false) return false;
    const [a, b] = [element.getBoundingClientRect(), toast.getBoundingClientRect()];
    if (b.width === 0 || b.height === 0) return false;
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  });
  expect(overlaps, `${where}: covered by the toast`).toBe(false);
}

/** Visible text that looks like an i18n key ("home.scanBadge"): a translation is missing. */
async function visibleKeys(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text.match(/\b[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+(?:\.[a-zA-Z]+)*\b/g) ?? [];
}

for (const [language, messages] of Object.entries(MESSAGES)) {
  test(`the login screen in ${language}: its own words, no missing keys, no overflow in portrait or landscape`, async ({
    page,
  }) => {
    await openEnrolledTerminal(page, server);
    await page.getByTestId(`language-${language}`).click();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const login = page.getByTestId('login-screen');
    await expect(login.getByRole('heading')).toHaveText(messages.home.scanBadge);
    await expect(login).toContainText(messages.home.scanHint);
    await expect(page.getByTestId('manual-badge-open')).toHaveText(messages.home.enterBadge);
    expect(await visibleKeys(page)).toEqual([]);
    for (const viewport of [VIEWPORTS[0], VIEWPORTS[2]]) {
      await page.setViewportSize(viewport!);
      await expectNoHorizontalOverflow(page, `${language} login ${viewport!.width}x${viewport!.height}`);
    }
    await page.getByTestId('manual-badge-open').click();
    await expect(login).toContainText(messages.home.badgeNumber);
    await expect(page.getByTestId('manual-badge-submit')).toHaveText(messages.home.login);
    await expectReachable(page, page.getByTestId('manual-badge-submit'), `${language} login`);
    expect(await visibleKeys(page)).toEqual([]);
    await expectNoHorizontalOverflow(page, `${language} typed badge`);
  });
}

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`at ${size} nothing overflows sideways and every open panel's action is on screen`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    await openEnrolledTerminal(page, server);
    // German has the longest words of the four.
    await page.getByTestId('language-de').click();
    await expectNoHorizontalOverflow(page, `${size} login`);
    await loginWithBadge(page);
    await chooseOperation(page, 'FA1000004', '0010');
    await page.getByTestId('start-production').click();
    await expect(page.getByTestId('book-good')).toBeEnabled();
    await expectNoHorizontalOverflow(page, `${size} station`);

    const panels: Array<{ open: string; panel: string; actions: string[]; type?: string }> = [
      { open: 'book-good', panel: 'panel-good', actions: ['panel-save', 'panel-cancel'], type: '12' },
      { open: 'book-scrap', panel: 'panel-scrap', actions: ['panel-save', 'panel-cancel'], type: '3' },
      { open: 'interrupt', panel: 'panel-interrupt', actions: ['panel-cancel'] },
      { open: 'downtime-start', panel: 'panel-downtime', actions: ['panel-cancel'] },
      { open: 'note', panel: 'panel-note', actions: ['note-save', 'panel-cancel'] },
      { open: 'my-shift', panel: 'panel-history', actions: ['panel-cancel'] },
    ];
    for (const { open, panel, actions, type } of panels) {
      await page.getByTestId(open).click();
      await expect(page.getByTestId(panel)).toBeVisible();
      if (type) await typeOnPad(page, type);
      for (const action of actions) await expectReachable(page, page.getByTestId(action), `${size} ${panel} ${action}`);
      // Reasons may scroll inside the panel: the last one can be reached, and the action row stays in view.
      const reasons = page.getByTestId(panel).locator('[data-testid^="reason-"]');
      if ((await reasons.count()) > 0) {
        await reasons.last().scrollIntoViewIfNeeded();
        await expectReachable(page, reasons.last(), `${size} ${panel} last reason`);
        for (const action of actions)
          await expectReachable(page, page.getByTestId(action), `${size} ${panel} ${action}`);
      }
      await expectNoHorizontalOverflow(page, `${size} ${panel}`);
      await page.getByTestId('panel-cancel').click();
      await expect(page.getByTestId(panel)).toBeHidden();
    }
  });
}
