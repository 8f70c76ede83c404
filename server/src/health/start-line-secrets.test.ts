import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let dataDir: string | undefined;
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The real CLI on a fresh folder, no secrets in the environment: everything it writes until it is ready. */
async function firstStartOutput(dir: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, TAKT_LOG_LEVEL: 'info' };
  delete env.TAKT_ADMIN_TOKEN;
  delete env.TAKT_ENROLLMENT_CODE;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--port', '0', '--data', dir], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/listening on .*\n/.test(output)) resolve(output);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
  } finally {
    child.kill('SIGKILL');
  }
}

describe('the generated admin token', () => {
  it('is written only to the 0600 secrets file: not to stdout, stderr or the log', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'takt-start-line-'));
    const output = await firstStartOutput(dataDir);
    const file = join(dataDir, 'secrets.json');
    const { adminToken } = JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string };
    expect(adminToken.length).toBeGreaterThanOrEqual(43);
    expect(output).toContain(`admin token: in ${file}`);
    expect(output).not.toContain(adminToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  }, 20_000);
});
