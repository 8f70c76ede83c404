import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from './tests/support/chromium';

const executablePath = chromiumExecutable();
if (!process.env.TAKT_CHROMIUM_ANNOUNCED) {
  // The config is loaded by the runner and by every worker; say it once.
  process.env.TAKT_CHROMIUM_ANNOUNCED = '1';
  console.log(`[e2e] browser: ${executablePath ?? "Playwright's own Chromium"}`);
}

// Specs that scan with a wedge, type with key timing or assert a real-time bound (see `projects` below).
const ONE_AT_A_TIME = [
  'board-live.spec.ts',
  'cycle-plausibility.spec.ts',
  'identity.spec.ts',
  'material.spec.ts',
  'order-rules.spec.ts',
  'quality-plan.spec.ts',
  'scan-typing.spec.ts',
  'sync-recovery.spec.ts',
  'wedge-scanning.spec.ts',
].map((file) => `**/${file}`);

export default defineConfig({
  testDir: 'tests/e2e',
  // Seeds the demo plant once; every test's server starts from a copy (tests/e2e/support/demo-template.ts).
  globalSetup: './tests/e2e/support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two projects. `npm test` (scripts/test.mjs) runs "side-by-side" on two workers, files
  // split between them (every test has its own server, port and data folder; a file's tests stay in order in one
  // worker), then "one-at-a-time" alone: the specs whose checks depend on key timing (wedge scans, typed keys) or on a
  // real-time bound (back online within 5 s), since a material scan once failed with a second worker on a loaded
  // machine. A plain `npx playwright test [spec]` runs one test at a time, as the whole suite used to.
  fullyParallel: false,
  workers: 1,
  projects: [
    { name: 'side-by-side', testIgnore: ONE_AT_A_TIME },
    { name: 'one-at-a-time', testMatch: ONE_AT_A_TIME },
  ],
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_FLAGS },
  },
});
