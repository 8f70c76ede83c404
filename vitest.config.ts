import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'server/**/*.test.ts',
      'renderer/src/**/*.test.ts',
      'tests/unit/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'out/**', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
