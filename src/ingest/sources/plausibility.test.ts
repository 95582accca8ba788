import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { importSourceOrThrow } from '../../../test/support/sources.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import type { SourceImportSummary } from '../../services/import-source.js';
import { csvMapped } from './csv-mapped.js';
import type { SourceFormat } from './format.js';
import { parseMapping } from './mapping.js';

/** The same format without its SQL stage: every row through the row-by-row converter. */
const rowByRow: SourceFormat = { ...csvMapped, stage: undefined };

const HEADER = 'id;day;arrived;q_start;q_exit;answered;ended;outcome';
const ROWS = [
  // Plain: waits 30 s, talks 4.5 min.
  'C1;2026-03-02;08:59:50;09:00:00;09:00:30;09:00:30;09:05:00;AGENT',
  // The answer clock is 3 s behind the queue's: within the tolerance, the same day (wait 2 s).
  'C2;2026-03-02;09:09:50;09:10:00;09:10:05;09:10:02;09:12:00;AGENT',
  // Answered 3 minutes "before" the queue exit: moved a whole day, a wait of almost 24 hours.
  'C3;2026-03-02;09:59:50;10:00:00;10:02:00;09:59:00;10:05:00;AGENT',
  // A handle time of 12.5 hours.
  'C4;2026-03-02;10:59:50;11:00:00;11:00:10;11:00:10;23:30:00;AGENT',
  // Answered 20 s before it entered the queue (not moved: within the tolerance of q_exit).
  'C5;2026-03-02;12:00:00;12:00:30;12:00:30;12:00:10;12:03:00;AGENT',
  // Abandoned 30 s before it entered the queue.
  'C6;2026-03-02;12:59:50;13:00:30;13:00:00;;;HANG',
  // A real midnight crossing: answered 20 s after midnight.
  'C7;2026-03-02;23:59:40;23:59:50;00:00:10;00:00:10;00:02:00;AGENT',
  // A 13-hour wait on the next day.
  'C8;2026-03-03;07:59:50;08:00:00;21:00:00;21:00:00;21:01:00;AGENT',
];

const MAPPING = {
  rows: 'contact',
  delimiter: ';',
  fields: {
    id: { column: 'id' },
    day: { column: 'day', type: 'date' },
    arrived: { column: 'arrived', type: 'time', date: 'day' },
    q_start: { column: 'q_start', type: 'time', date: 'day', after: 'arrived' },
    q_exit: { column: 'q_exit', type: 'time', date: 'day', after: 'q_start' },
    answered: { column: 'answered', type: 'time', date: 'day', after: 'q_exit' },
    ended: { column: 'ended', type: 'time', date: 'day', after: 'answered' },
    outcome: { column: 'outcome', map: { AGENT: 'answered', HANG: 'abandoned' } },
  },
  contact: { external_id: 'id', channel: { const: 'phone' }, created_at: 'arrived' },
  events: [
    { kind: { const: 'queue_enter' }, at: 'q_start' },
    { kind: { const: 'answer' }, at: 'answered', when: { field: 'outcome', in: ['answered'] } },
    { kind: { const: 'abandon' }, at: 'q_exit', when: { field: 'outcome', in: ['abandoned'] } },
    { kind: { const: 'end' }, at: 'ended', when: { field: 'outcome', in: ['answered'] } },
  ],
};

async function writeCase(dir: string, mapping: object, rows = ROWS) {
  const csv = join(dir, 'calls.csv');
  await writeFile(csv, `${[HEADER, ...rows].join('\n')}\n`);
  const map = join(dir, `calls-${Math.random().toString(36).slice(2)}.map.json`);
  await writeFile(map, JSON.stringify(mapping));
  return { csv, map };
}

const contactIds = async (db: DuckDbEngine) =>
  (await db.all('SELECT external_id FROM contacts ORDER BY external_id')).map((r) => r.external_id);

/** Imports through the SQL stage and row by row; both must warn alike and keep the same contacts. */
async function importBothWays(mapping: object, rows = ROWS) {
  return withTempDir(async (dir) => {
    const { csv, map } = await writeCase(dir, mapping, rows);
    return withDuckDb([], async (sqlDb) =>
      withDuckDb([], async (rowsDb) => {
        const bySql = await importSourceOrThrow(sqlDb, csvMapped, [csv], { mappingPath: map });
        const byRows = await importSourceOrThrow(rowsDb, rowByRow, [csv], { mappingPath: map });
        expect(bySql.conversion).toEqual({ by: 'sql' });
        expect(byRows.conversion.by).toBe('rows');
        expect(bySql.warnings).toEqual(byRows.warnings);
        expect(await contactIds(sqlDb)).toEqual(await contactIds(rowsDb));
        const waits = (db: DuckDbEngine) =>
          db.all('SELECT contact_key, queue_wait_s, handle_s FROM contact_facts ORDER BY contact_key');
        expect(await waits(sqlDb)).toEqual(await waits(rowsDb));
        const answers = await sqlDb.all(
          "SELECT contact_external_id AS id, CAST(occurred_at AS VARCHAR) AS at FROM contact_events WHERE kind = 'answer' ORDER BY id",
        );
        return { summary: bySql, contacts: await contactIds(sqlDb), answers };
      }),
    );
  });
}

const brief = (summary: SourceImportSummary) =>
  summary.warnings.map((w) => ({
    message: w.message,
    count: w.count,
    examples: w.examples,
    quality: w.quality,
  }));

describe('plausibility of mapped rows', () => {
  test('long waits and handle times are imported and counted; impossible orders follow suspicious', async () => {
    const { summary, contacts } = await importBothWays(MAPPING);
    expect(brief(summary)).toEqual([
      {
        message: 'answered: moved to the next day, more than 12 h after the time it follows: imported',
        count: 1,
        examples: ['line 4 (23:57:00 after it)'],
        quality: { code: 'moved_to_next_day', days: { '2026-03-02': 1 } },
      },
      {
        message: 'queue wait over 12 h: imported',
        count: 2,
        examples: ['line 4 (wait 23:59:00)', 'line 9 (wait 13:00:00)'],
        quality: { code: 'long_queue_wait', days: { '2026-03-02': 1, '2026-03-03': 1 } },
      },
      {
        message: 'handle time over 12 h: imported',
        count: 1,
        examples: ['line 5 (handle 12:29:50)'],
        quality: { code: 'long_handle_time', days: { '2026-03-02': 1 } },
      },
      {
        message: 'answer before the queue entry: row skipped',
        count: 1,
        examples: ['line 6 (0:00:20 before)'],
        quality: { code: 'answer_before_queue', days: { '2026-03-02': 1 } },
      },
      {
        message: 'abandon before the queue entry: row skipped',
        count: 1,
        examples: ['line 7 (0:00:30 before)'],
        quality: { code: 'negative_interval', days: { '2026-03-02': 1 } },
      },
    ]);
    // The impossible rows are skipped (suspicious: "skip", the default); the long ones are kept.
    expect(contacts).toEqual(['C1', 'C2', 'C3', 'C4', 'C7', 'C8']);

    const imported = await importBothWays({ ...MAPPING, suspicious: 'import' });
    expect(imported.contacts).toHaveLength(8);
    expect(imported.summary.warnings.map((w) => w.message)).toContain(
      'answer before the queue entry: row imported as is',
    );
  });

  test('the after tolerance keeps a clock a few seconds behind on the same day', async () => {
    const { summary, answers } = await importBothWays(MAPPING, ROWS.slice(0, 2));
    expect(summary.warnings).toEqual([]);
    expect(answers).toEqual([
      { id: 'C1', at: '2026-03-02 09:00:30' },
      { id: 'C2', at: '2026-03-02 09:10:02' },
    ]);
    // Without a tolerance the answer 3 s before the queue exit is the next day: almost 24 hours.
    const strict = {
      ...MAPPING,
      fields: { ...MAPPING.fields, answered: { ...MAPPING.fields.answered, tolerance: 0 } },
    };
    const moved = await importBothWays(strict, ROWS.slice(0, 2));
    expect(brief(moved.summary).map((w) => [w.message, w.examples])).toEqual([
      [
        'answered: moved to the next day, more than 12 h after the time it follows: imported',
        ['line 3 (23:59:57 after it)'],
      ],
      ['queue wait over 12 h: imported', ['line 3 (wait 24:00:02)']],
    ]);
  });

  test('thresholds come from the mapping, in seconds or with a unit', async () => {
    const { summary } = await importBothWays({
      ...MAPPING,
      plausible: { max_wait: '30min', max_handle: 14 * 3600 },
    });
    const messages = summary.warnings.map((w) => [w.message, w.count]);
    expect(messages).toContainEqual(['queue wait over 30 min: imported', 2]);
    expect(messages.some(([m]) => String(m).startsWith('handle time'))).toBe(false);
    const problem = (plausible: unknown) => {
      const parsed = parseMapping(JSON.stringify({ ...MAPPING, plausible }), 'UTC');
      return parsed.ok ? null : parsed.problem.path;
    };
    expect(problem({ max_wait: '12 hours' })).toBe('plausible.max_wait');
    expect(problem({ max_waits: '12h' })).toBe('plausible');
    expect(
      parseMapping(
        JSON.stringify({
          ...MAPPING,
          fields: { ...MAPPING.fields, day: { ...MAPPING.fields.day, tolerance: 5 } },
        }),
        'UTC',
      ),
    ).toMatchObject({ ok: false, problem: { path: 'fields.day.tolerance' } });
  });

  test('rows: "event" — a contact whose wait is implausible is counted on its creation day', async () => {
    await withTempDir(async (dir) =>
      withDuckDb([], async (db) => {
        const csv = join(dir, 'log.csv');
        await writeFile(
          csv,
          [
            'case,activity,time',
            'K1,Queued,2026-03-02T08:00:00Z',
            'K2,Queued,2026-03-02T09:00:00Z',
            'K1,Answered,2026-03-02T21:00:00Z',
            'K2,Answered,2026-03-02T09:00:20Z',
            'K2,Ended,2026-03-02T09:00:10Z',
            'K1,Ended,2026-03-02T21:05:00Z',
            '',
          ].join('\n'),
        );
        const map = join(dir, 'log.map.json');
        await writeFile(
          map,
          JSON.stringify({
            rows: 'event',
            fields: {
              case: { column: 'case' },
              kind: { column: 'activity', map: { Queued: 'queue_enter', Answered: 'answer', Ended: 'end' } },
              time: { column: 'time', type: 'timestamp' },
            },
            event: { contact: 'case', kind: 'kind', at: 'time' },
            contact: { channel: { const: 'phone' } },
          }),
        );
        const summary = await importSourceOrThrow(db, csvMapped, [csv], { mappingPath: map });
        expect(brief(summary)).toEqual([
          {
            message: 'queue wait over 12 h: imported',
            count: 1,
            examples: ['line 4 (wait 13:00:00)'],
            quality: { code: 'long_queue_wait', days: { '2026-03-02': 1 } },
          },
          {
            message: 'end before the answer: row imported as is',
            count: 1,
            examples: ['line 6 (0:00:10 before)'],
            quality: { code: 'negative_interval', days: { '2026-03-02': 1 } },
          },
        ]);
      }),
    );
  });
});
