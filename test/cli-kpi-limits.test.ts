import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { QUERY_LIMITS } from '../src/core/kpi/limits.js';
import { FIXTURES, withTempDir } from './support/engines.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const run = promisify(execFile);

test('servicemeter kpi refuses a query above the size limit before it runs, saying how to ask for less', async () => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'kpi.duckdb');
    await run(process.execPath, [CLI, 'import', join(FIXTURES, 'small-helpdesk'), '--db', db]);
    const refused = await run(process.execPath, [
      CLI,
      'kpi',
      '--db',
      db,
      '--by',
      'hour,agent,topic,hour_of_day',
      '--from',
      '2020-01-01',
      '--to',
      '2026-01-01',
    ]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain(`limit of ${QUERY_LIMITS.cells}`);
    expect(refused?.stderr).toContain('coarser grain');
    // A week of the same breakdown by day is within the limit.
    const allowed = await run(process.execPath, [
      CLI,
      'kpi',
      '--db',
      db,
      '--kpi',
      'frt,frt',
      '--by',
      'day,agent',
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-09',
      '--format',
      'json',
    ]);
    const rows = JSON.parse(allowed.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0] ?? {})).toEqual(['period', 'agent', 'frt']);
  });
}, 60_000);
