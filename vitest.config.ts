import { defineConfig } from 'vitest/config';

// Acceptance tests start real terraform + provider processes and an AWS emulator:
// on a 2-core machine two files at a time is the most that helps.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
