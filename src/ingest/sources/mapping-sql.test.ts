import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { callLogMapping } from '../../../test/support/mappings.js';
import { fixturePath, importSourceError, importSourceOrThrow } from '../../../test/support/sources.js';
import type { CanonicalTableName } from '../../core/schema.js';
import { exportTable } from '../../engines/duckdb/bulk.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { importSource, type SourceImportSummary } from '../../services/import-source.js';
import { csvMapped } from './csv-mapped.js';
import type { SourceFormat } from './format.js';

/** The same format without its SQL stage: every row through the row-by-row converter. */
const rowByRow: SourceFormat = { ...csvMapped, stage: undefined };

async function tableText(db: DuckDbEngine, dir: string, table: CanonicalTableName): Promise<string> {
  const path = join(dir, `${table}-${Math.random().toString(36).slice(2)}.csv`);
  await exportTable(db, table, path);
  return readFile(path, 'utf8');
}

/** What an import leaves and says, without how it got there. */
function said(summary: SourceImportSummary) {
  return {
    warnings: summary.warnings,
    contactRows: summary.contactRows,
    files: summary.files.map((f) => [f.table, f.rowsRead, f.rowsImported, f.rowsRejected]),
    from: summary.contactsFrom,
    to: summary.contactsTo,
    changed: summary.facts?.changedContacts,
  };
}

/**
 * Imports `files` with the SQL stage and row by row into two databases and expects the same
 * contacts, events, facts, warnings and counts. Returns the SQL import's summary.
 */
async function expectSameBothWays(
  files: string[],
  mappingPath: string,
  timezone = 'UTC',
): Promise<SourceImportSummary> {
  return withTempDir(async (dir) =>
    withDuckDb([], async (sqlDb) =>
      withDuckDb([], async (rowsDb) => {
        const bySql = await importSourceOrThrow(sqlDb, csvMapped, files, { mappingPath, timezone });
        const byRows = await importSourceOrThrow(rowsDb, rowByRow, files, { mappingPath, timezone });
        expect(byRows.conversion.by).toBe('rows');
        expect(said(bySql)).toEqual(said(byRows));
        for (const table of ['contacts', 'contact_events'] as const)
          expect(await tableText(sqlDb, dir, table)).toBe(await tableText(rowsDb, dir, table));
        const facts = (db: DuckDbEngine) =>
          db
            .all('SELECT * EXCLUDE (rebuilt_at) FROM contact_facts ORDER BY contact_key')
            .catch(() => db.all('SELECT * FROM contact_facts ORDER BY contact_key'));
        expect(await facts(sqlDb)).toEqual(await facts(rowsDb));
        return bySql;
      }),
    ),
  );
}

const HEADER = 'id;opened;queued;answered;ended;hold;outcome;agent;channel;note';

/**
 * Rows that exercise the mapping language: custom formats, offsets written in the value, Unix
 * times, a time zone with its spring gap and autumn repeat, placeholders, value maps with a
 * default, skips, suspicious rows, durations in h:mm:ss, quoted fields with delimiters and line
 * breaks, a repeated id with the same values (merged).
 */
const ROWS = [
  'A1;10/03/2024 01:59;01:59:30;2:00:10;2:05:00;0:01:00;ok;ann;Phone;plain',
  // The spring gap in New York: 02:30 does not exist.
  'A2;10/03/2024 02:30;02:31;02:40;02:50;0:00:00;ok;bob;phone;"quoted; with delimiter"',
  // The autumn repeat: 01:30 happens twice.
  'A3;03/11/2024 01:30;01:31;01:45;-;0:02:30;drop;-;phone;"line one\nline two"',
  // Crosses midnight: answered after 00:00 belongs to the next day.
  'A4;31/12/2024 23:58;23:59:00;00:00:20;00:03:00;0:00:00;ok;ann;PHONE;',
  'A5;01/01/2025 09:00;09:00:05;09:00:07;09:00:09;;ok;;chat;"""quoted"" text"',
  // A test call: skipped and counted.
  'A6;01/01/2025 09:10;09:10:05;-;-;-;TEST;-;phone;skip me',
  // Ended before it was answered: suspicious.
  'A7;01/01/2025 10:00;10:00:01;10:00:30;10:00:10;0:00:00;ok;bob;phone;odd',
  // A negative hold: suspicious too.
  'A8;01/01/2025 11:00;11:00:01;11:00:30;11:01:10;-0:00:05;ok;bob;phone;negative',
  // An unknown outcome takes the default (nothing): no answer, no abandon.
  'A9;01/01/2025 12:00;12:00:01;-;-;-;weird;-;email;unknown outcome',
  // Repeated id with the same values (a channel written otherwise, mapped the same): merged into A1.
  'A1;10/03/2024 01:59;01:59:30;2:00:10;2:05:00;0:01:00;ok;ann;phone;plain',
];

const MAPPING = {
  rows: 'contact',
  delimiter: ';',
  timezone: 'America/New_York',
  none: ['', '-'],
  suspicious: 'import',
  fields: {
    id: { column: 'id' },
    opened: { column: 'opened', type: 'timestamp', format: 'dd/MM/yyyy HH:mm' },
    day: { column: 'opened', type: 'date', format: 'dd/MM/yyyy HH:mm' },
    queued: { column: 'queued', type: 'time', date: 'day', after: 'opened' },
    answered: { column: 'answered', type: 'time', date: 'day', after: 'queued' },
    ended: { column: 'ended', type: 'time', date: 'day', after: ['answered', 'queued'] },
    hold: { column: 'hold', type: 'duration', unit: 'h:mm:ss', none: ['0:00:00'] },
    resumed: { from: 'answered', plus: 'hold' },
    outcome: { column: 'outcome', map: { ok: 'answered', drop: 'abandoned' }, default: null, skip: ['TEST'] },
    agent: { column: 'agent' },
    channel: {
      column: 'channel',
      map: { Phone: 'phone', phone: 'phone', PHONE: 'phone', chat: 'chat', email: 'email' },
    },
    note: { column: 'note' },
  },
  contact: {
    external_id: 'id',
    channel: 'channel',
    created_at: 'opened',
    assignee_id: 'agent',
    subject: 'note',
    status: { const: 'closed' },
    first_message: true,
  },
  events: [
    { kind: { const: 'queue_enter' }, at: 'queued', queue: { const: 'main' } },
    {
      kind: { const: 'answer' },
      at: 'answered',
      when: { field: 'outcome', in: ['answered'] },
      agent_id: 'agent',
    },
    {
      kind: { const: 'abandon' },
      at: 'ended',
      when: { field: 'outcome', in: ['abandoned'] },
      missing: 'skip',
    },
    {
      kind: { const: 'hold_end' },
      at: 'resumed',
      when: { field: 'outcome', notIn: [null, 'abandoned'] },
      missing: 'skip',
      agent_id: 'agent',
    },
    { kind: { const: 'end' }, at: 'ended', when: { field: 'outcome', in: ['answered'] }, missing: 'skip' },
  ],
};

async function writeCase(dir: string, rows = ROWS, mapping: object = MAPPING, name = 'calls.csv') {
  const csv = join(dir, name);
  // CRLF line ends and a byte order mark, as spreadsheet exports write them.
  await writeFile(csv, `\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
  const map = join(dir, 'calls.map.json');
  await writeFile(map, JSON.stringify(mapping));
  return { csv, map };
}

describe('mapped imports staged in SQL', () => {
  test('the call-centre fixture: the same database as row by row, staged in SQL', async () => {
    const summary = await expectSameBothWays(
      [fixturePath('sources/csv/bank-calls.txt')],
      fixturePath('sources/csv/bank-calls.map.json'),
    );
    expect(summary.conversion).toEqual({ by: 'sql' });
    expect(summary.warnings.map((w) => [w.message, w.count])).toEqual([
      ["outcome is 'PHANTOM': row skipped", 2],
    ]);
  });

  test('formats, time-zone changes, midnight, placeholders, maps, skips and odd rows read as row by row', async () => {
    await withTempDir(async (dir) => {
      const { csv, map } = await writeCase(dir);
      const summary = await expectSameBothWays([csv], map);
      expect(summary.conversion).toEqual({ by: 'sql' });
      // Line 8, not 7: the quoted note of A3 spans two lines.
      expect(summary.warnings.map((w) => [w.message, w.count, w.examples])).toEqual([
        ["outcome is 'TEST': row skipped", 1, ['line 8']],
        // A7 ends 20 s before its answer: within the `after` tolerance, so not moved to the next day.
        ['end before the answer: row imported as is', 1, ['line 9 (0:00:20 before)']],
        ['hold: negative duration: row imported as is', 1, ['line 10']],
      ]);
    });
  });

  test('suspicious rows skipped, several files with their own column order, a gzipped file', async () => {
    await withTempDir(async (dir) => {
      const { csv, map } = await writeCase(dir, ROWS.slice(0, 5), { ...MAPPING, suspicious: 'skip' });
      const reordered = join(dir, 'more.csv.gz');
      const columns = HEADER.split(';');
      const order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
      const split = (row: string) =>
        row.match(/("([^"]|"")*"|[^;]*)(;|$)/g)?.map((c) => c.replace(/;$/, '')) ?? [];
      const lines = [
        order.map((i) => columns[i]).join(';'),
        ...ROWS.slice(5).map((r) => order.map((i) => split(r)[i]).join(';')),
      ];
      await writeFile(reordered, gzipSync(`${lines.join('\n')}\n`));
      const summary = await expectSameBothWays([csv, reordered], map, 'UTC');
      expect(summary.conversion).toEqual({ by: 'sql' });
      // A1 of the gzipped file repeats A1 of the first with the same values: one contact.
      expect(summary.files.map((f) => [f.table, f.rowsImported])).toEqual([
        ['contacts', 6],
        ['contact_events', expect.any(Number)],
      ]);
      expect(summary.contactRows).toEqual({ converted: 7, merged: 1, conflicting: 0, contacts: 6 });
    });
  });

  test('a value the converter rejects sends the import row by row, which names the line', async () => {
    await withDuckDb([], async (db) => {
      await withTempDir(async (dir) => {
        const rows = [...ROWS];
        rows[3] = rows[3]?.replace('00:00:20', '00:0O:20') ?? '';
        const { csv, map } = await writeCase(dir, rows);
        const result = await importSource(db, csvMapped, [csv], { mappingPath: map });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({
          kind: 'bad_rows',
          total: 1,
          problems: [
            {
              file: csv,
              line: 6,
              column: 'answered',
              reason: "'00:0O:20' is not a time in the format H:mm[:ss]",
            },
          ],
        });
        expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);
        const skipped = await importSource(db, csvMapped, [csv], {
          mappingPath: map,
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        expect(skipped.ok && skipped.data.conversion).toEqual({
          by: 'rows',
          reason: '1 rows the converter rejects',
        });
        expect(skipped.ok && skipped.data.rejected).toBe(1);
      });
    });
  });

  test('what the SQL does not cover goes row by row, and says why', async () => {
    await withTempDir(async (dir) =>
      withDuckDb([], async (db) => {
        const short = await writeCase(dir, [...ROWS, 'A10;01/01/2025 13:00'], MAPPING, 'short.csv');
        const result = await importSource(db, csvMapped, [short.csv], {
          mappingPath: short.map,
          skipBadRows: true,
          rejectsPath: join(dir, 'r.csv'),
        });
        expect(result.ok && result.data.conversion.by).toBe('rows');
        expect(result.ok && result.data.rejected).toBe(1);
        const latinCsv = join(dir, 'latin.csv');
        await writeFile(
          latinCsv,
          Buffer.from(
            `${[HEADER, ...ROWS.slice(0, 2)].join('\n').replace('plain', 'caf\u00e9')}\n`,
            'latin1',
          ),
        );
        const latinMap = join(dir, 'latin.map.json');
        await writeFile(latinMap, JSON.stringify({ ...MAPPING, encoding: 'latin1' }));
        const latin = await importSource(db, csvMapped, [latinCsv], { mappingPath: latinMap });
        expect(latin.ok && latin.data.conversion).toEqual({ by: 'rows', reason: 'the file is not UTF-8' });
      }),
    );
  });

  test('importing the same file again through SQL changes nothing', async () => {
    await withTempDir(async (dir) =>
      withDuckDb([], async (db) => {
        const { csv, map } = await writeCase(dir);
        await importSourceOrThrow(db, csvMapped, [csv], { mappingPath: map });
        const first = await tableText(db, dir, 'contact_events');
        const again = await importSourceOrThrow(db, csvMapped, [csv], { mappingPath: map });
        expect(again.conversion.by).toBe('sql');
        expect(again.facts?.changedContacts).toBe(0);
        expect(await tableText(db, dir, 'contact_events')).toBe(first);
      }),
    );
  });
});

describe('keys, coalesce, conditions and repeated contacts staged in SQL', () => {
  const CALLS = callLogMapping({ timezone: 'Europe/Amsterdam' });
  const ROWS = [
    'date,line,call_id,q_start,q_exit,ser_start,outcome,server',
    '2026-03-02,1,7,10:00:00,10:00:20,10:00:25,AGENT,ann',
    '2026-03-02,2,7,10:01:00,10:01:30,0:00:00,AGENT,bob',
    '2026-03-03,1,7,23:59:50,0:00:05,NULL,AGENT,NO_SERVER',
    '2026-03-03,1,8,11:00:00,11:00:09,,NONE,',
    '2026-03-03,1,9,12:00:00,12:00:30,,HANG,',
    // An exact repeat: merged.
    '2026-03-02,1,7,10:00:00,10:00:20,10:00:25,AGENT,ann',
  ];
  const write = async (dir: string, rows: string[], mapping: object) => {
    const csv = join(dir, 'calls.csv');
    await writeFile(csv, `${rows.join('\n')}\n`);
    const map = join(dir, 'calls.map.json');
    await writeFile(map, JSON.stringify(mapping));
    return { csv, map };
  };

  test('composite keys, coalesce, conditions on two fields and merged repeats: the same both ways, in SQL', async () => {
    await withTempDir(async (dir) => {
      const { csv, map } = await write(dir, ROWS, CALLS);
      const summary = await expectSameBothWays([csv], map);
      expect(summary.conversion).toEqual({ by: 'sql' });
      expect(summary.contactRows).toEqual({ converted: 6, merged: 1, conflicting: 0, contacts: 5 });
    });
  });

  test('conflicting rows send the import row by row, which refuses them or keeps the first or last', async () => {
    await withTempDir(async (dir) => {
      const conflicting = [...ROWS, '2026-03-02,2,7,10:01:00,10:01:30,10:01:40,AGENT,cat'];
      const refused = await withDuckDb([], async (db) => {
        const { csv, map } = await write(dir, conflicting, CALLS);
        return importSourceError(db, csvMapped, [csv], { mappingPath: map });
      });
      expect(refused).toMatchObject({
        kind: 'bad_rows',
        total: 1,
        problems: [
          { line: 8, column: 'contact.assignee_id', reason: expect.stringContaining('also on line 3') },
        ],
      });
      for (const duplicates of ['first', 'last']) {
        const { csv, map } = await write(dir, conflicting, { ...CALLS, duplicates });
        const summary = await expectSameBothWays([csv], map);
        expect(summary.conversion).toEqual({ by: 'rows', reason: '1 contact id repeats with other values' });
        expect(summary.contactRows).toEqual({ converted: 7, merged: 1, conflicting: 1, contacts: 5 });
        expect(summary.warnings.map((w) => [w.message, w.examples])).toEqual([
          [
            `a contact id repeated with another assignee_id: row dropped, the ${duplicates} row of the contact kept`,
            [
              duplicates === 'first'
                ? 'line 8 (contact 2026-03-02-2-7, kept line 3)'
                : 'line 3 (contact 2026-03-02-2-7, kept line 8)',
            ],
          ],
        ]);
      }
    });
  });
});
