/**
 * Jobs the server runs by itself, on a cron schedule in a time zone or on demand, kept in the
 * database (see docs/api.md, "Jobs"): the table and its history (store.ts), the runner that runs
 * one job at a time (runner.ts), the schedules and the back-off after failures (schedule.ts), and
 * the kinds of job (kinds/).
 */
export * from './kind.js';
export { JOB_KINDS } from './kinds/index.js';
export * from './runner.js';
export * from './schedule.js';
export * from './store.js';
