import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium by default (Playwright's own browser download is not available on our machines).
function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((p): p is string => Boolean(p));
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!process.env.TAKT_CHROMIUM_ANNOUNCED) {
    process.env.TAKT_CHROMIUM_ANNOUNCED = '1';
    console.log(`[e2e] browser: ${found ?? "Playwright's own Chromium"}`);
  }
  return found;
}

const executablePath = chromiumExecutable();

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
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
