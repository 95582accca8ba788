import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { csvMapped } from '../src/ingest/sources/csv-mapped.js';
import type { SourceFormat } from '../src/ingest/sources/format.js';
import { importSource } from '../src/services/import-source.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { kpiValueIn, withDuckDb, withTempDir } from './support/engines.js';

/** The csv format without its SQL stage: every row through the row-by-row converter. */
const rowByRow: SourceFormat = { ...csvMapped, stage: undefined };

const mapping = (slaField: object) =>
  JSON.stringify({
    rows: 'contact',
    fields: {
      call: { column: 'call' },
      start: { column: 'start', type: 'timestamp' },
      made_sla: { column: 'made_sla', ...slaField },
    },
    contact: {
      external_id: 'call',
      channel: { const: 'phone' },
      created_at: 'start',
      source_sla_met: 'made_sla',
    },
    events: [{ kind: { const: 'queue_enter' }, at: 'start' }],
  });

const CALLS = `call,start,made_sla
c1,2026-03-02T09:00:00Z,Y
c2,2026-03-02T10:00:00Z,N
c3,2026-03-02T11:00:00Z,Y
c4,2026-03-02T12:00:00Z,
`;

describe.each([
  { name: 'staged in SQL', format: csvMapped, by: 'sql' },
  { name: 'row by row', format: rowByRow, by: 'rows' },
])('the source’s own SLA flag in a csv mapping, $name', ({ format, by }) => {
  test('maps onto contacts.source_sla_met and gives source_sla_met_rate', async () => {
    await withTempDir(async (dir) => {
      const calls = join(dir, 'calls.csv');
      const map = join(dir, 'calls.map.json');
      await writeFile(calls, CALLS);
      await writeFile(map, mapping({ map: { Y: 'true', N: 'false' } }));
      await withDuckDb([], async (db) => {
        const result = await importSource(db, format, [calls], { mappingPath: map, source: 'pbx' });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        expect(result.data.conversion.by).toBe(by);
        expect(await db.all('SELECT external_id, source_sla_met FROM contacts ORDER BY external_id')).toEqual(
          [
            { external_id: 'c1', source_sla_met: true },
            { external_id: 'c2', source_sla_met: false },
            { external_id: 'c3', source_sla_met: true },
            { external_id: 'c4', source_sla_met: null },
          ],
        );
        const kpi = await runKpiQuery(db, {
          from: '2026-03-02',
          to: '2026-03-03',
          kpis: ['source_sla_met_rate'],
        });
        if (!kpi.ok) throw new Error(JSON.stringify(kpi.error));
        expect(kpiValueIn(kpi.data.rows[0], 'source_sla_met_rate')).toMatchObject({ value: 2 / 3, n: 3 });
      });
    });
  });

  test('a value that is neither true nor false is named with its line', async () => {
    await withTempDir(async (dir) => {
      const calls = join(dir, 'calls.csv');
      const map = join(dir, 'calls.map.json');
      await writeFile(calls, CALLS.replace(',N\n', ',no\n').replaceAll(',Y\n', ',TRUE\n'));
      await writeFile(map, mapping({}));
      await withDuckDb([], async (db) => {
        const result = await importSource(db, format, [calls], { mappingPath: map, source: 'pbx' });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({
          kind: 'bad_rows',
          problems: [{ line: 3, column: 'contact.source_sla_met', reason: "'no' is not true or false" }],
        });
      });
    });
  });
});
