import fs from 'node:fs';
import { seedDemoTemplate } from './demo-template';

// Once per Playwright run: the demo plant every test's server copies (demo-template.ts); removed at the end.
export default async function globalSetup(): Promise<() => void> {
  const dir = await seedDemoTemplate();
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
