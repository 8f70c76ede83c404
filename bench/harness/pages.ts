import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../core/paths';
import { POUCHDB_BROWSER_FILES } from '../pouch-peer/browser-build';

// The bench pages are built apart from the product and served beside the built terminal, so the terminal
// bundle never contains benchmark code. Their bundles go to node_modules/.cache, where lint never looks.

export const PAGE_OUT_DIR = path.join(REPO_ROOT, 'node_modules/.cache/takt-bench/page');
export const RENDERER_OUT_DIR = path.join(REPO_ROOT, 'out/renderer');

/** `npm run build` (the product's own build), so the bundle case and the app pages use current code. */
export function buildProduct(): void {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

export function hasProductBuild(): boolean {
  return fs.existsSync(path.join(RENDERER_OUT_DIR, 'index.html'));
}

export async function buildBenchPages(): Promise<void> {
  const root = path.join(REPO_ROOT, 'bench/page');
  await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    resolve: { alias: { '@shared': path.join(REPO_ROOT, 'shared') } },
    build: {
      outDir: PAGE_OUT_DIR,
      emptyOutDir: true,
      minify: true,
      rolldownOptions: { input: { terminal: path.join(root, 'terminal.html'), pouch: path.join(root, 'pouch.html') } },
    },
  });
  const vendor = path.join(PAGE_OUT_DIR, 'vendor');
  fs.mkdirSync(vendor, { recursive: true });
  for (const file of POUCHDB_BROWSER_FILES) fs.copyFileSync(file, path.join(vendor, path.basename(file)));
}

/** A folder with the built terminal at / and the bench pages at /bench/, for the server's --static. */
export function makeStaticSite(workDir: string): string {
  const site = path.join(workDir, 'site');
  fs.rmSync(site, { recursive: true, force: true });
  fs.cpSync(RENDERER_OUT_DIR, site, { recursive: true });
  fs.cpSync(PAGE_OUT_DIR, path.join(site, 'bench'), { recursive: true });
  return site;
}
