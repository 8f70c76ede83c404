#!/usr/bin/env node
// `npm test`: the full suite, in order: system packages, type-check and lint (side by side), build, unit tests,
// end-to-end tests, benchmark smoke run beside the simulation's seeds. Stops at the first failing step and says
// which. The simulation runs TAKT_SIM_SEEDS seeds (40 by default, 200 in CI).
import { spawn, spawnSync } from 'node:child_process';

/** @typedef {[name: string, command: string, args: string[]]} Command */

/**
 * The specs that tolerate a neighbour run on two workers, then the timing-sensitive ones alone
 * (playwright.config.ts): one worker for everything no longer fits CI's 20 minutes. TAKT_E2E_WORKERS=1 runs the
 * whole suite one test at a time, as before.
 * @returns {Command[][]}
 */
function endToEndSteps() {
  const workers = process.env.TAKT_E2E_WORKERS ?? '2';
  if (workers === '1') return [[['end-to-end tests (Playwright)', 'npx', ['playwright', 'test']]]];
  return [
    [
      [
        'end-to-end tests side by side (Playwright)',
        'npx',
        ['playwright', 'test', '--project=side-by-side', `--workers=${workers}`],
      ],
    ],
    [['end-to-end tests one at a time (Playwright)', 'npx', ['playwright', 'test', '--project=one-at-a-time']]],
  ];
}

// The simulation's seeds (vitest's `simulation` project, minutes of CPU with CI's 200) run beside the benchmark
// smoke run, whose figures are not asserted, rather than lengthening the unit-test step.
const UNIT_PROJECTS = ['--project', 'unit', '--project', 'unit-isolated'];

// A step is one command, or commands that run side by side: those that only read the sources and use one core
// each (tsc, eslint), and the seeds beside the benchmark smoke run. Their output is held back and printed whole,
// one after the other.
/** @type {Command[][]} */
const steps = [
  [['system packages', 'bash', ['scripts/system-deps.sh', '--install']]],
  [
    ['type-check', 'npm', ['run', '--silent', 'typecheck']],
    ['lint', 'npm', ['run', '--silent', 'lint']],
  ],
  [['build', 'npm', ['run', '--silent', 'build']]],
  [['unit tests (vitest)', 'npx', ['vitest', 'run', ...UNIT_PROJECTS]]],
  ...endToEndSteps(),
  [
    ['benchmark smoke (npm run bench -- --quick)', 'npm', ['run', '--silent', 'bench:smoke']],
    ['simulation seeds (vitest)', 'npx', ['vitest', 'run', '--project', 'simulation']],
  ],
];

/** @param {number} started */
const since = (started) => ((Date.now() - started) / 1000).toFixed(1);

/** @param {string} name @param {string} seconds @param {number | null} status */
function fail(name, seconds, status) {
  console.error(`\n=== ${name} FAILED after ${seconds} s`);
  process.exit(status ?? 1);
}

/** @param {Command} command */
function runAlone([name, command, args]) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) fail(name, since(started), result.status);
  console.log(`=== ${name} passed in ${since(started)} s`);
}

/**
 * @param {Command} command
 * @returns {Promise<{ name: string, status: number | null, output: string, seconds: string }>}
 */
function runHeldBack([name, command, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => (output += chunk.toString()));
    child.stderr.on('data', (/** @type {Buffer} */ chunk) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ name, status: 1, output: String(error), seconds: since(started) }));
    child.on('close', (status) => resolve({ name, status, output, seconds: since(started) }));
  });
}

/** @param {Command[]} group */
async function runSideBySide(group) {
  console.log(`\n=== ${group.map(([name]) => name).join(' and ')} (side by side)`);
  const results = await Promise.all(group.map(runHeldBack));
  for (const { name, status, output, seconds } of results) {
    console.log(`\n=== ${name}`);
    process.stdout.write(output);
    if (status === 0) console.log(`=== ${name} passed in ${seconds} s`);
  }
  const failed = results.find((result) => result.status !== 0);
  if (failed) fail(failed.name, failed.seconds, failed.status);
}

const suiteStarted = Date.now();
for (const step of steps) {
  const [only, ...others] = step;
  if (only && others.length === 0) runAlone(only);
  else await runSideBySide(step);
}
console.log(`\n=== all steps passed in ${since(suiteStarted).replace(/\.\d$/, '')} s`);
