import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { startTestServerProcess, type TestServerProcess } from './support/test-server-process';
import { loginWithBadge, openEnrolledTerminal } from './support/terminal';

// The README's station screens in both languages, landscape and portrait. Like docs/screenshot.png
// (terminal-shell.spec.ts) they are written when missing or with TAKT_UPDATE_SCREENSHOT=1; otherwise the
// spec still walks the same way, so a broken station screen fails here too.

const LANGUAGES = ['de', 'en'] as const;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];

let server: TestServerProcess;
test.beforeEach(async () => {
  server = await startTestServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

for (const language of LANGUAGES) {
  for (const viewport of VIEWPORTS) {
    const file = `docs/screenshots/${language}-${viewport.width}x${viewport.height}.png`;
    test(`the station screen in ${language} at ${viewport.width}x${viewport.height} (${file})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await openEnrolledTerminal(page, server);
      await loginWithBadge(page);
      await page.getByTestId(`language-${language}`).click();
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await page.getByTestId('operation-FA1000004-0010').click();
      await page.getByTestId('start-production').click();
      await expect(page.getByTestId('book-good')).toBeVisible();
      // The "saved" toast of the start goes after a few seconds; the picture shows the screen as it stays.
      await expect(page.getByTestId('feedback')).toBeHidden({ timeout: 10_000 });
      if (process.env.TAKT_UPDATE_SCREENSHOT === '1' || !fs.existsSync(file)) {
        fs.mkdirSync('docs/screenshots', { recursive: true });
        await page.screenshot({ path: file });
      }
    });
  }
}
