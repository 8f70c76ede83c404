import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const INCLUDED = [
  'shared/**/*.test.ts',
  'electron/**/*.test.ts',
  'server/**/*.test.ts',
  'renderer/src/**/*.test.ts',
  'tests/unit/**/*.test.ts',
  'tests/sim/**/*.test.ts',
  'tests/machine/**/*.test.ts',
];
const EXCLUDED = ['node_modules/**', 'out/**', 'tests/e2e/**', 'bench/.build/**'];

/** The simulation's seeds: a project of their own, run beside the benchmark smoke run in `npm test`. */
const SIMULATION_SEEDS = ['tests/sim/seeds-*.test.ts'];

/**
 * Test files that each need a fresh module graph: the workflows share the app's store and terminal data as
 * module state, and mock modules.
 */
const NEEDS_FRESH_MODULES = ['renderer/src/workflows/**/*.test.ts'];

/** Runs before each file in a shared worker: IndexedDB first, and the process environment as it was. */
const SHARED_WORKER_SETUP = 'tests/support/shared-worker.ts';

/** Long-running tests (the simulation's seeds, large backlogs) set their own limit; a hang fails here. */
const TIMEOUTS = { testTimeout: 30_000, hookTimeout: 30_000 };

export default defineConfig({
  // tsconfig.base.json's `@shared/*`, for imports and vi.mock paths alike.
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    // Vitest's default is one worker fewer than cores: a single worker on a 2-core machine. The main process only
    // collects results, so every core runs test files (the simulation's seeds are split in two files for this).
    maxWorkers: availableParallelism(),
    projects: [
      // Every other file shares its worker's loaded modules with the files before it: loading them afresh for
      // each of 200 files took more CPU than the tests themselves (the unit step 173-181 s -> 86-94 s on 2 cores).
      {
        extends: true,
        test: {
          ...TIMEOUTS,
          name: 'unit',
          include: INCLUDED,
          exclude: [...EXCLUDED, ...NEEDS_FRESH_MODULES, ...SIMULATION_SEEDS],
          isolate: false,
          setupFiles: [SHARED_WORKER_SETUP],
        },
      },
      {
        extends: true,
        test: { ...TIMEOUTS, name: 'unit-isolated', include: NEEDS_FRESH_MODULES, exclude: EXCLUDED },
      },
      {
        extends: true,
        test: {
          ...TIMEOUTS,
          name: 'simulation',
          include: SIMULATION_SEEDS,
          isolate: false,
          setupFiles: [SHARED_WORKER_SETUP],
        },
      },
    ],
  },
});
