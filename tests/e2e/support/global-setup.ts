import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedDemoTemplate } from './demo-template';

const BUILT_TERMINAL = fileURLToPath(new URL('../../../out/renderer/index.html', import.meta.url));

// Once per Playwright run: the demo plant every test's server copies (demo-template.ts); removed at the end.
export default async function globalSetup(): Promise<() => void> {
  // The test servers serve the built renderer: without it every test would wait for a page that never comes.
  // (`npm run test:e2e` and `npm test` build first; a plain `npx playwright test` tests what was built last.)
  if (!fs.existsSync(BUILT_TERMINAL))
    throw new Error(`The terminal is not built (${BUILT_TERMINAL} is missing): run \`npm run build\` first.`);
  const dir = await seedDemoTemplate();
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
