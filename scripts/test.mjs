#!/usr/bin/env node
// `npm test`: the full suite, in order: system packages, type-check, lint, build, unit tests, end-to-end
// tests, benchmark smoke run. Stops at the first failing step and says which. The simulation runs
// TAKT_SIM_SEEDS seeds (40 by default, 200 in CI).
import { spawnSync } from 'node:child_process';

/** @type {Array<[name: string, command: string, args: string[]]>} */
const steps = [
  ['system packages', 'bash', ['scripts/system-deps.sh', '--install']],
  ['type-check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['unit tests (vitest)', 'npx', ['vitest', 'run']],
  ['end-to-end tests (Playwright)', 'npx', ['playwright', 'test']],
  ['benchmark smoke (npm run bench -- --quick)', 'npm', ['run', '--silent', 'bench:smoke']],
];

const suiteStarted = Date.now();
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n=== ${name} FAILED after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name} passed in ${seconds} s`);
}
console.log(`\n=== all steps passed in ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s`);
