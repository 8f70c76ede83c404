import fs from 'node:fs';

// How every test and benchmark starts Chromium on our machines: Debian's binary (Playwright's own browser
// download is not available here) with the flags that keep it off the closed network.

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else undefined (Playwright's own browser). */
export function chromiumExecutable(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((candidate): candidate is string =>
    Boolean(candidate && fs.existsSync(candidate)),
  );
}
