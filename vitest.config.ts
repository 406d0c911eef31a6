import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // sqlite3 is a native addon; separate processes keep each file's connections apart.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
