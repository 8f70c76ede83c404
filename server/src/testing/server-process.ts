import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE } from './test-server';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Starts the real CLI (demo plant, test secrets) in its own process and resolves once it prints the ready line.
 * For tests where sharing one event loop with the client would hide the behaviour (kills, socket timing).
 * The caller stops `child`.
 */
export function startServerProcess(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/main.ts', '--port', '0', '--data', dataDir, '--demo'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TAKT_ENROLLMENT_CODE: TEST_ENROLLMENT_CODE,
        TAKT_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        TAKT_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}
