import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code (*.test.ts) and in tests/integration.
// Playwright specs (tests/e2e) are kept out: they run under `playwright test`.
export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'shared/**/*.test.ts',
      'renderer/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tools/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
