import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths';
import { PAGE_OUT_DIR } from './pages';

// Starts the PouchDB peer server (the workspace package bench/pouch-peer) as its own process on 127.0.0.1.

export interface PouchServer {
  url: string;
  stop(): Promise<void>;
}

export async function startPouchServer(dataDir: string): Promise<PouchServer> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'bench/pouch-peer/server.main.ts'),
      '--data',
      dataDir,
      '--static',
      PAGE_OUT_DIR,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pouch server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pouch server exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      // The reference peer's graceful close waits for the page's open connections (seen: about 100 s in CI);
      // its data is thrown away, so it gets two seconds and then is killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
