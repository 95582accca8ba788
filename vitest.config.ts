import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Chromium tests and timing acceptance tests run on their own, one file at a time:
    // npm run test:browser (vitest.browser.config.ts).
    exclude: ['test/browser/**', 'test/serial/**', '**/node_modules/**'],
    // A PostgreSQL cluster for the run: the engine tests run on a real server too.
    globalSetup: ['test/support/scratch-setup.ts', 'test/support/postgres-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker process runs file after file with the modules it has loaded, and the migrated
    // database templates it has made (test/support/engines.ts), instead of loading and migrating
    // again for every file: 1,625 s instead of 1,835 s for the suite. A test that changes the
    // environment or a module's state puts it back.
    isolate: false,
    // Most test time is spent waiting on databases, child processes and servers: two files at a time
    // even on two cores (vitest's default there is one). Timing tests are in test/serial.
    maxWorkers: 2,
  },
});
