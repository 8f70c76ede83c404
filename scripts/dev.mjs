#!/usr/bin/env node
// `npm run dev`: the central server with the demo plant, and the renderer from Vite's dev server with hot
// reload; `/api` is proxied to the server so the page is a browser terminal as in production.
// Ctrl+C stops both.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverPort = process.env.TAKT_PORT ?? '8080';
const devPort = Number(process.env.TAKT_DEV_PORT ?? '5173');
const dataDir = process.env.TAKT_DATA ?? path.join(root, '.takt-data');
const stationId = process.env.TAKT_STATION_ID ?? 'ST-10';

const server = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'server/src/main.ts'), '--port', serverPort, '--data', dataDir, '--demo'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
);

const vite = await createServer({
  configFile: false,
  root: path.join(root, 'renderer'),
  resolve: { alias: { '@shared': path.join(root, 'shared') } },
  plugins: [
    react(),
    {
      // Hot reload injects inline scripts and a websocket, which the production CSP forbids; dev only.
      name: 'takt-dev-csp',
      transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[\s\S]*?\/>/, ''),
    },
  ],
  server: {
    host: '127.0.0.1',
    port: devPort,
    strictPort: true,
    proxy: { '/api': `http://127.0.0.1:${serverPort}` },
  },
});

function stopAll() {
  if (server.exitCode === null) server.kill('SIGTERM');
  void vite.close();
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
server.on('exit', (code) => {
  console.error(`[takt] central server stopped (${code ?? 'signal'})`);
  void vite.close();
  process.exitCode = code ?? 0;
});

server.stdout.setEncoding('utf8');
let announced = false;
server.stdout.on('data', async (chunk) => {
  process.stdout.write(chunk);
  const code = /enrollment code[:=]\s*(\S+)/i.exec(chunk)?.[1];
  if (announced || !code) return;
  announced = true;
  await vite.listen();
  const url = `http://127.0.0.1:${devPort}/?station=${encodeURIComponent(stationId)}&enroll=${encodeURIComponent(code)}`;
  console.log(`[takt] dev terminal with hot reload: ${url}`);
});
