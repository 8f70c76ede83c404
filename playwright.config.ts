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
  // Seeds the demo plant once; every test's server starts from a copy (tests/e2e/support/demo-template.ts).
  globalSetup: './tests/e2e/support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One at a time: two workers could not be shown stable on a shared, loaded machine (a material scan failed).
  // Every test has its own server, port and data folder, so `--workers=2` can be tried on a quiet one.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_FLAGS },
  },
});
