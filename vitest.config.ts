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
      'bench/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'out/**', 'tests/e2e/**', 'bench/.build/**'],
    // Generous for the sync simulation's 5,000-booking seeds on a loaded 2-core machine; a hang still fails.
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
