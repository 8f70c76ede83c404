import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import packageJson from './package.json' with { type: 'json' };

// Three bundles: main (Node, ESM), preload (CommonJS and self-contained, because a sandboxed preload can
// neither load ESM nor require node_modules) and renderer (a plain web app, also served by the server; its
// second page is the shift leads' board).
// Every side imports shared/ as `@shared/...` (tsconfig.base.json's `paths`, which tsc and tsx read).
const resolveShared = { alias: { '@shared': resolve('shared') } };

export default defineConfig({
  main: {
    resolve: resolveShared,
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    resolve: resolveShared,
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    resolve: resolveShared,
    // The renderer may not import package.json (it imports only renderer/ and shared/): the version comes in here.
    define: { 'import.meta.env.VITE_TAKT_VERSION': JSON.stringify(packageJson.version) },
    build: {
      outDir: resolve('out/renderer'),
      minify: true,
      // The budget that matters is the gzip size of the initial JavaScript, tracked by `npm run bench`.
      chunkSizeWarningLimit: 1_000,
      // Two pages: the terminal and the shift leads' board (`/board`), sharing React and the chunks.
      rollupOptions: { input: { index: resolve('renderer/index.html'), board: resolve('renderer/board.html') } },
    },
  },
});
