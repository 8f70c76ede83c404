#!/usr/bin/env node
// `npm test`: type-check, lint, build, unit tests, end-to-end tests, in that order; stops at the first
// failing step and says which.
import { spawnSync } from 'node:child_process';

const steps = [
  ['type-check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['unit tests (vitest)', 'npx', ['vitest', 'run']],
  ['end-to-end tests (Playwright)', 'npx', ['playwright', 'test']],
];

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
