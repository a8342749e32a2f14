import { defineConfig } from 'vitest/config';

// `npm run soak`: the long variants of the crash and attack runs (minutes, not seconds); never part of `npm test`.
export default defineConfig({
  test: {
    include: ['tests/soak/**/*.soak.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    pool: 'forks',
  },
});
