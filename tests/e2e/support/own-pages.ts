import { test as base, type Browser, type Page } from '@playwright/test';

/**
 * `openPage`: a page in a context of its own, closed when the test ends. `browser.newPage()` alone is not: its
 * page lives on in the worker's browser for every later test of that worker (a terminal keeps syncing, a board
 * keeps reconnecting, a clock keeps ticking), and a later test's failure report shows it as that test's page.
 */
export const test = base.extend<{ openPage: (options?: Parameters<Browser['newContext']>[0]) => Promise<Page> }>({
  openPage: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<Browser['newContext']>>[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
});
