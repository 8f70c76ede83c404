import { spawn, type ChildProcess } from 'node:child_process';

// How an end-to-end test starts the real server: the same entry point as `npm run server`, in demo mode,
// with fixed secrets the tests know.

export const ENROLLMENT_CODE = 'E2E-CODE-1234';
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef0123456789';

/**
 * Starts `server/src/main.ts --demo` on the port (0: the server picks a free one, so two workers never race for
 * a port) and data folder, with `extraArgs` after (e.g. `--offline-after`); `listening` resolves with the port once
 * it listens, or rejects when it exits.
 */
export function launchServerProcess(
  port: number,
  dataDir: string,
  startTimeoutMs = 30_000,
  extraArgs: readonly string[] = [],
): { proc: ChildProcess; listening: Promise<number> } {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/main.ts', '--port', String(port), '--data', dataDir, '--demo', ...extraArgs],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        TAKT_ENROLLMENT_CODE: ENROLLMENT_CODE,
        TAKT_ADMIN_TOKEN: ADMIN_TOKEN,
        TAKT_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running: a server that never said it listens would outlive the run and load the machine.
      proc.kill('SIGKILL');
      reject(new Error(`server did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on https?:\/\/\S+:(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${output}`));
    });
  });
  return { proc, listening };
}
