import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'server/**/*.test.ts',
      'renderer/src/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/sim/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'out/**', 'tests/e2e/**', 'bench/.build/**'],
    // Long-running tests (the simulation's seeds, large backlogs) set their own limit; a hang fails here.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
