import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// Stryker's runs (`npm run mutate`): only the tests named in MUTATION_TESTS (comma-separated paths or globs),
// so each mutant of the files given to --mutate is checked by the tests that cover them, not the whole suite.
export default defineConfig({
  test: { ...base.test, include: (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean) },
});
