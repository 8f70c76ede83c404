#!/usr/bin/env node
// `npm start`: build the bundles, start the central server with the demo plant, then the Electron
// terminal connected to it. Where the Electron binary is missing, say so and serve the terminal to a
// browser instead. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.TAKT_PORT ?? '8080';
const dataDir = process.env.TAKT_DATA ?? path.join(root, '.takt-data');
const stationId = process.env.TAKT_STATION_ID ?? 'ST-10';
const serverUrl = `http://127.0.0.1:${port}`;
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const build = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (build.status !== 0) {
  console.error('[takt] build failed');
  process.exit(1);
}

const server = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'server/src/main.ts'), '--port', port, '--data', dataDir, '--demo'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
);
children.push(server);
server.on('exit', (code) => {
  console.error(`[takt] central server stopped (${code ?? 'signal'})`);
  stopAll(code ?? 0);
});

let started = false;
server.stdout.setEncoding('utf8');
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (started) return;
  const code = /enrollment code[:=]\s*(\S+)/i.exec(chunk)?.[1] ?? process.env.TAKT_ENROLLMENT_CODE;
  if (!/listening|ready|http:\/\//i.test(chunk) || !code) return;
  started = true;
  launchTerminal(code);
});

function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** @param {string} enrollmentCode */
function launchTerminal(enrollmentCode) {
  const setupUrl = `${serverUrl}/?station=${encodeURIComponent(stationId)}&enroll=${encodeURIComponent(enrollmentCode)}`;
  const binary = electronBinary();
  if (!binary) {
    console.log(
      `[takt] Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); open the terminal in a browser: ${setupUrl}`,
    );
    return;
  }
  const terminal = spawn(binary, [root], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      TAKT_SERVER_URL: serverUrl,
      TAKT_STATION_ID: stationId,
      TAKT_ENROLLMENT_CODE: enrollmentCode,
    },
  });
  children.push(terminal);
  terminal.on('exit', () => stopAll(0));
  console.log(`[takt] Electron terminal started for station ${stationId}; a browser terminal also runs at ${setupUrl}`);
}
