import type { Page } from '@playwright/test';

/**
 * A keyboard-wedge scanner inside the page: key events at an exact pace (busy-wait between keys, as a
 * scanner's firmware does), then Enter. Playwright's own keyboard pays a browser round trip per key, which
 * on a loaded machine can stretch a 2 ms gap past the 30 ms a person can type, so scans use this; the
 * person's typing uses Playwright's keyboard.
 */
export async function scanWithWedge(page: Page, text: string, msPerKey = 2): Promise<void> {
  await page.evaluate(
    ({ text, msPerKey }) => {
      const press = (key: string) => {
        const target = document.activeElement ?? document.body;
        target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      };
      for (const key of [...text, 'Enter']) {
        press(key);
        const until = performance.now() + msPerKey;
        while (performance.now() < until) {
          // busy-wait: a timer could not promise a 1-5 ms gap
        }
      }
    },
    { text, msPerKey },
  );
}
