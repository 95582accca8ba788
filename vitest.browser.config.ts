import { defineConfig } from 'vitest/config';

/** The dashboard in Debian's Chromium against a real `servicemeter serve`: npm run test:browser. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
