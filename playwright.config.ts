import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from './tests/support/chromium';

const executablePath = chromiumExecutable();
if (!process.env.TAKT_CHROMIUM_ANNOUNCED) {
  // The config is loaded by the runner and by every worker; say it once.
  process.env.TAKT_CHROMIUM_ANNOUNCED = '1';
  console.log(`[e2e] browser: ${executablePath ?? "Playwright's own Chromium"}`);
}

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_FLAGS },
  },
});
