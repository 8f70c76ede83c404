import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // tsconfig.base.json's `@shared/*`, for imports and vi.mock paths alike.
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'server/**/*.test.ts',
      'renderer/src/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/sim/**/*.test.ts',
      'tests/machine/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'out/**', 'tests/e2e/**', 'bench/.build/**'],
    // Vitest's default is one worker fewer than cores: a single worker on a 2-core machine. The main process only
    // collects results, so every core runs test files (the simulation's seeds are split in two files for this).
    maxWorkers: availableParallelism(),
    // Long-running tests (the simulation's seeds, large backlogs) set their own limit; a hang fails here.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
