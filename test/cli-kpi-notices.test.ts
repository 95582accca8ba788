import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { storeQualityNotices } from '../src/services/data-quality.js';
import { FIXTURES, withTempDir } from './support/engines.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const run = promisify(execFile);

/** The arguments of `servicemeter kpi` for the days `from` to `to` and the indicators `kpis` (comma-separated). */
const kpiArgs = (db: string, from: string, to: string, kpis: string) => [
  'kpi',
  '--db',
  db,
  '--from',
  from,
  '--to',
  to,
  '--kpi',
  kpis,
];

test('servicemeter kpi leaves an indicator without input empty and says what is missing', async () => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'kpi.duckdb');
    await run(process.execPath, [CLI, 'import', join(FIXTURES, 'small-helpdesk'), '--db', db]);
    const args = kpiArgs(db, '2026-03-02', '2026-03-16', 'escalation_rate,source_sla_met_rate');
    const table = await run(process.execPath, [CLI, ...args]);
    expect(table.stdout).toContain(
      'note: no figure for source_sla_met_rate: no source in the selection has an SLA flag of the source (contacts.source_sla_met).',
    );
    const json = await run(process.execPath, [CLI, ...args, '--format', 'json']);
    const [row] = JSON.parse(json.stdout) as Record<string, { value: number | null; n: number }>[];
    expect(row?.source_sla_met_rate).toMatchObject({ value: null, n: 0 });
    expect(row?.escalation_rate?.n).toBe(6);
    expect(json.stderr).toContain('note: no figure for source_sla_met_rate');
  });
});

test('servicemeter data-quality lists what imports found implausible; kpi notes it for those days', async () => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'dq.duckdb');
    await run(process.execPath, [CLI, 'import', join(FIXTURES, 'small-helpdesk'), '--db', db]);
    const empty = await run(process.execPath, [CLI, 'data-quality', '--db', db]);
    expect(empty.stdout).toBe('no data-quality notices\n');
    // What an import of a call log with absurd queue waits stores alongside its rows.
    const engine = await openDuckDb({ path: db });
    try {
      await storeQualityNotices(
        engine,
        'helpdesk',
        ['calls.csv'],
        [
          {
            file: 'calls.csv',
            message: 'queue wait over 12 hours',
            count: 2,
            examples: ['line 3 (call 7)', 'line 9 (call 12)'],
            quality: { code: 'long_queue_wait', days: { '2026-03-03': 2 } },
          },
        ],
      );
    } finally {
      await engine.close();
    }
    const listed = await run(process.execPath, [CLI, 'data-quality', '--db', db]);
    expect(listed.stdout).toBe(
      '2026-03-03  helpdesk  calls.csv  long_queue_wait: 2 contacts (queue wait over 12 hours; e.g. line 3 (call 7), line 9 (call 12))\n',
    );
    const json = await run(process.execPath, [CLI, 'data-quality', '--db', db, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject([
      { day: '2026-03-03', code: 'long_queue_wait', contacts: 2 },
    ]);
    const kpi = await run(process.execPath, [CLI, ...kpiArgs(db, '2026-03-02', '2026-03-09', 'frt')]);
    expect(kpi.stdout).toContain(
      'note: data quality: 2 contacts created on 2026-03-03 had an implausibly long queue wait at import',
    );
  });
});
