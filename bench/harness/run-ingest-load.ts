import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths';
import type { IngestLoadConfig, IngestLoadResult } from './ingest-load.main';

/** Runs the ingest load generator (`ingest-load.main.ts`) as its own process and answers its result line. */
export function runIngestLoad(config: IngestLoadConfig): Promise<IngestLoadResult> {
  const timeoutMs = (config.warmupSeconds + config.seconds) * 1000 + 120_000;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'bench/harness/ingest-load.main.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, TAKT_BENCH_LOAD: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as IngestLoadResult);
      else reject(new Error(`load generator exited with ${code}:\n${stderr}`));
    });
  });
}
