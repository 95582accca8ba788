import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests that need the machine to themselves: the dashboard in Chromium (Debian's,
 * against a real `servicemeter serve`) and the timing acceptance tests; one file at a time.
 * npm run test:browser.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts', 'test/serial/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/support/scratch-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
  },
});
