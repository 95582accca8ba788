/**
 * Vitest global setup: one scratch folder for the run, removed at its end. A test process puts the
 * folders it keeps for its whole life (the migrated DuckDB template, its chDB data) in it: vitest
 * ends its worker processes without running their exit handlers, so each run used to leave them
 * behind in the system's temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'servicemeter-run-'));
  // The test workers are started after this and inherit it.
  process.env.SERVICEMETER_TEST_SCRATCH = folder;
  return () => rm(folder, { recursive: true, force: true });
}
