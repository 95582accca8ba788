import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCsv } from '../../../test/support/csv.js';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  expectReimportUnchanged,
  fixturePath,
  importSourceError,
  importSourceOrThrow,
  kpiOverview,
  overviewAndCounts,
  refuseThenSkipBadRows,
  rowCount,
} from '../../../test/support/sources.js';
import { excelSerial, writeXlsx, type XlsxCell } from '../../../test/support/xlsx.js';
import type { Engine } from '../../core/engine.js';
import { csvMapped } from './csv-mapped.js';
import { eventLog } from './event-log.js';
import { detectSourceFormats } from './index.js';
import { surveys } from './surveys.js';

const CALLS = fixturePath('sources/xlsx/calls-exceljs.xlsx');
const CALLS_MAP = fixturePath('sources/xlsx/calls.map.json');

const CALL_KPIS = [
  'contacts_created',
  'offered',
  'answered',
  'abandoned',
  'asa',
  'service_level',
  'aht',
  'frt',
];
const callIndicators = (db: Engine) => kpiOverview(db, CALL_KPIS, { from: '2026-03-01', to: '2026-03-04' });

const date = (day: string): XlsxCell => ({ number: excelSerial(day), format: 14 });
const clock = (time: string | null): XlsxCell =>
  time === null ? null : { number: excelSerial(time), format: 21 };
const elapsed = (time: string | null): XlsxCell =>
  time === null ? null : { number: excelSerial(time), format: '[h]:mm:ss' };
const CALL_HEADER = ['Call ID', 'Date', 'Queued', 'Answered', 'Hung up', 'Talk', 'Agent', 'Outcome'];

/** A row of the call sheet of calls.map.json, from text as it would be typed into Excel. */
function callRow(
  id: number,
  day: string,
  queued: string,
  answered: string | null,
  hungUp: string | null,
  talk: string | null,
  agent: string | null,
  outcome: string,
): XlsxCell[] {
  return [id, date(day), clock(queued), clock(answered), clock(hungUp), elapsed(talk), agent, outcome];
}

async function writeJson(path: string, value: unknown): Promise<string> {
  await writeFile(path, JSON.stringify(value));
  return path;
}

describe('csv --map on Excel workbooks', () => {
  test('calls from date, time and duration cells of a sheet chosen by name (an ExcelJS workbook)', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, csvMapped, [CALLS], { mappingPath: CALLS_MAP });
      expect(summary.warnings).toEqual([]);
      // 8 calls on the "Calls" sheet (the first sheet, "Summary", is not read): 6 answered after
      // 20, 45, 5, 20, 60 and 12 s; 2 abandoned after 90 and 30 s.
      expect(await callIndicators(db)).toEqual({
        contacts_created: { value: 8, n: 8 },
        offered: { value: 8, n: 8 },
        answered: { value: 6, n: 6 },
        abandoned: { value: 2, n: 2 },
        // (20 + 45 + 5 + 20 + 60 + 12) / 6 = 27 s.
        asa: { value: 27, n: 6 },
        // Answered within 20 s: 20, 5, 20, 12; both abandons waited longer than 20 s.
        service_level: { value: 4 / 8, n: 8 },
        // Talk cells [h]:mm:ss: 3:00, 5:00, 2:30, 1:00, 1:10:00, 4:00 = 5130 s over 6 calls.
        aht: { value: 855, n: 6 },
        // Sorted waits 5 12 20 20 45 60: median 20 s.
        frt: { value: 20, n: 6 },
      });
      // Amsterdam is UTC+1 in early March; call 5005 is answered after midnight.
      const night = await db.all(
        "SELECT kind, agent_id, CAST(occurred_at AS VARCHAR) AS at FROM contact_events WHERE contact_external_id = '5005' ORDER BY occurred_at, kind",
      );
      expect(night).toEqual([
        { kind: 'queue_enter', agent_id: null, at: '2026-03-02 22:59:50' },
        { kind: 'answer', agent_id: 'Eli', at: '2026-03-02 23:00:10' },
        { kind: 'end', agent_id: 'Eli', at: '2026-03-02 23:01:10' },
      ]);
      // A rich-text cell (E + li) is its plain text; the formula cell of 5008 is its cached result.
      const agents = await db.all(
        "SELECT external_id, assignee_id FROM contacts WHERE external_id IN ('5002', '5003', '5008') ORDER BY external_id",
      );
      expect(agents).toEqual([
        { external_id: '5002', assignee_id: 'Eli' },
        { external_id: '5003', assignee_id: null },
        { external_id: '5008', assignee_id: 'Eli' },
      ]);
    });
  });

  test('importing the workbook again changes nothing', async () => {
    await withDuckDb([], async (db) => {
      await expectReimportUnchanged(db, csvMapped, [CALLS], overviewAndCounts(callIndicators, ['contacts']), {
        mappingPath: CALLS_MAP,
      });
    });
  });

  test('a bad cell is rejected with its sheet row; --skip-bad-rows imports the other rows', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'calls.xlsx');
      // The header is on row 3: the rows are named by their number in the sheet.
      await writeXlsx(path, {
        sheets: [
          {
            name: 'Calls',
            firstRow: 3,
            rows: [
              CALL_HEADER,
              callRow(5101, '2026-03-02', '9:00:00', '9:00:10', null, '0:02:00', 'Dana', 'Answered'),
              callRow(5102, '2026-03-02', '9:10:00', '9:10:30', null, '0:04:00', 'Eli', 'Answered'),
              callRow(5103, '2026-03-02', '9:20:00', null, '9:21:00', null, null, 'Abandoned'),
              [
                5104,
                date('2026-03-02'),
                '9:3O:00',
                clock('9:31:00'),
                null,
                elapsed('0:02:00'),
                'Dana',
                'Answered',
              ],
              null,
              callRow(5105, '2026-03-02', '9:40:00', '9:40:05', null, '0:01:00', 'Eli', 'Transferred'),
              callRow(5106, '2026-03-02', '9:50:00', '9:50:20', null, '0:03:00', 'Dana', 'Answered'),
            ],
          },
        ],
      });
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, csvMapped, [path], join(dir, 'rejects.csv'), {
          mappingPath: CALLS_MAP,
        });
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 7,
              column: 'Queued',
              reason: "'9:3O:00' is not a time in the format H:mm[:ss]",
            },
            {
              file: path,
              line: 9,
              column: 'Outcome',
              reason:
                "'Transferred' is not in the map of field outcome: add it to map (null for no value, e.g. no status) or give default",
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        expect(await rowCount(db, 'contacts')).toBe(4);
        // The rejected record is the row's cells, as text, joined by the mapping's delimiter.
        const rejects = parseCsv(await readFile(join(dir, 'rejects.csv'), 'utf8'));
        expect(
          rejects.slice(1).map(([file, line, column, , record]) => [file, line, column, record]),
        ).toEqual([
          [path, '7', 'Queued', '5104,2026-03-02,9:3O:00,9:31:00,,0:02:00,Dana,Answered'],
          [path, '9', 'Outcome', '5105,2026-03-02,9:40:00,9:40:05,,0:01:00,Eli,Transferred'],
        ]);
      });
    });
  });

  test('a missing sheet, a file named .xlsx that is none and an .xls are each one clear error', async () => {
    await withTempDir(async (dir) => {
      const other = join(dir, 'other.xlsx');
      await writeXlsx(other, {
        sheets: [
          { name: 'Summary', rows: [['total', 3]] },
          { name: 'Data', rows: [CALL_HEADER] },
        ],
      });
      const text = join(dir, 'export.xlsx');
      await writeFile(text, 'Call ID,Date\n1,2026-03-02\n');
      const old = join(dir, 'calls.XLS');
      await writeFile(old, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]));
      await withDuckDb([], async (db) => {
        expect(
          await importSourceError(db, csvMapped, [other, text, old], { mappingPath: CALLS_MAP }),
        ).toEqual({
          kind: 'bad_rows',
          total: 3,
          problems: [
            {
              file: other,
              line: 1,
              column: 'sheet',
              reason: "no sheet 'Calls' in the workbook; its sheets: 'Summary', 'Data'",
            },
            {
              file: text,
              line: 1,
              column: '(file)',
              reason: 'not an Excel workbook (.xlsx): the file is not a zip archive',
            },
            {
              file: old,
              line: 1,
              column: '(file)',
              reason:
                'an Excel 97–2003 workbook (.xls) or a password-protected workbook: save it as .xlsx without a password, or as CSV',
            },
          ],
        });
      });
    });
  });

  test('a sheet by position, without a header: cells after the last filled one are empty, encoding does not apply', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'contacts.xlsx');
      await writeXlsx(path, {
        sheets: [
          { name: 'Notes', rows: [['not this one']] },
          {
            name: 'Mail',
            rows: [
              [
                'm1',
                { number: excelSerial('2026-03-02T09:15:00'), format: 22 },
                'Café €',
                null,
                null,
                'Dana',
              ],
              ['m2', { number: excelSerial('2026-03-02T10:00:00'), format: 'dd/mm/yyyy hh:mm' }, 'Thé'],
            ],
          },
        ],
      });
      const map = await writeJson(join(dir, 'map.json'), {
        rows: 'contact',
        sheet: 2,
        header: false,
        encoding: 'windows-1252',
        delimiter: ';',
        fields: {
          id: { column: 1 },
          created: { column: 2, type: 'timestamp' },
          subject: { column: 3 },
          agent: { column: 6 },
        },
        contact: {
          external_id: 'id',
          channel: { const: 'email' },
          created_at: 'created',
          subject: 'subject',
          assignee_id: 'agent',
        },
        events: [],
      });
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, csvMapped, [path], { mappingPath: map });
        expect(
          await db.all(
            'SELECT external_id, CAST(created_at AS VARCHAR) AS created, subject, assignee_id FROM contacts ORDER BY external_id',
          ),
        ).toEqual([
          { external_id: 'm1', created: '2026-03-02 09:15:00', subject: 'Café €', assignee_id: 'Dana' },
          { external_id: 'm2', created: '2026-03-02 10:00:00', subject: 'Thé', assignee_id: null },
        ]);
      });
    });
  });
});

describe('event-log and surveys on Excel workbooks', () => {
  const TICKETS = [
    ['T1', '2026-03-02T09:00:00', 'Opened', null],
    ['T1', '2026-03-02T09:30:00', 'Reply', 'Dana'],
    ['T1', '2026-03-02T11:00:00', 'Solved', 'Dana'],
    ['T2', '2026-03-02T10:00:00', 'Opened', null],
    ['T2', '2026-03-02T10:05:00', 'Reply', 'Eli'],
    ['T2', '2026-03-03T10:00:00', 'Solved', 'Eli'],
    ['T3', '2026-03-03T08:00:00', 'Opened', null],
    ['T3', '2026-03-03T09:00:00', 'Reply', 'Dana'],
    ['T3', '2026-03-03T12:00:00', 'Solved', 'Dana'],
  ] as const;
  const TICKET_KPIS = ['contacts_created', 'contacts_resolved', 'frt', 'resolution_time'];
  const ticketMapping = (time: Record<string, unknown>) => ({
    rows: 'event',
    sheet: 'Log',
    timezone: 'Europe/Amsterdam',
    fields: {
      ticket: { column: 'Ticket' },
      time: { column: 'When', type: 'timestamp', ...time },
      kind: {
        column: 'Activity',
        map: { Opened: 'customer_message', Reply: 'agent_reply', Solved: 'status_change' },
      },
      status: { column: 'Activity', map: { Solved: 'solved' }, default: null },
      agent: { column: 'Agent' },
    },
    event: { contact: 'ticket', kind: 'kind', at: 'time', agent_id: 'agent', status: 'status' },
    contact: { channel: { const: 'email' } },
  });

  test.each([
    ['date-time cells, read without a format', 'cells', {}],
    ['text cells that look like dates, read with a format as in CSV', 'text', { format: 'dd/MM/yyyy HH:mm' }],
  ])('a ticket log with %s: first response and resolution', async (_, kind, time) => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'log.xlsx');
      const when = (iso: string, i: number): XlsxCell =>
        kind === 'text'
          ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`
          : i % 3 === 0
            ? { number: excelSerial(iso), format: 22 }
            : i % 3 === 1
              ? { number: excelSerial(iso), format: 'dd/mm/yyyy hh:mm:ss' }
              : { xml: `<c r="B${i + 2}" t="d"><v>${iso}</v></c>` };
      await writeXlsx(path, {
        sheets: [
          { name: 'About', rows: [['Ticket log, March 2026']] },
          {
            name: 'Log',
            rows: [
              ['Ticket', 'When', 'Activity', 'Agent'],
              ...TICKETS.map(([ticket, iso, activity, agent], i) => [ticket, when(iso, i), activity, agent]),
            ],
          },
        ],
      });
      const map = await writeJson(join(dir, 'map.json'), ticketMapping(time));
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, eventLog, [path], { mappingPath: map });
        expect(await kpiOverview(db, TICKET_KPIS, { from: '2026-03-01', to: '2026-03-04' })).toEqual({
          contacts_created: { value: 3, n: 3 },
          contacts_resolved: { value: 3, n: 3 },
          // Opened → Reply: 30 min, 5 min, 1 h: median 30 min.
          frt: { value: 1800, n: 3 },
          // Opened → Solved: 2 h, 24 h, 4 h: median 4 h.
          resolution_time: { value: 14400, n: 3 },
        });
      });
    });
  });

  test('a date cell under a field with a format is rejected, naming the text it arrived as', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'log.xlsx');
      await writeXlsx(path, {
        sheets: [
          {
            name: 'Log',
            rows: [
              ['Ticket', 'When', 'Activity', 'Agent'],
              ['T1', { number: excelSerial('2026-03-02T09:00:00'), format: 22 }, 'Opened'],
            ],
          },
        ],
      });
      const map = await writeJson(join(dir, 'map.json'), ticketMapping({ format: 'dd/MM/yyyy HH:mm' }));
      await withDuckDb([], async (db) => {
        expect(await importSourceError(db, eventLog, [path], { mappingPath: map })).toMatchObject({
          problems: [
            {
              file: path,
              line: 2,
              column: 'When',
              reason: "'2026-03-02 09:00:00' is not a timestamp in the format dd/MM/yyyy HH:mm",
            },
          ],
        });
      });
    });
  });

  test('survey answers with numeric scores and date-time cells', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'csat.xlsx');
      const at = (iso: string): XlsxCell => ({ number: excelSerial(iso), format: 'yyyy-mm-dd hh:mm' });
      await writeXlsx(path, {
        sheets: [
          {
            name: 'Responses',
            rows: [
              ['Response', 'Submitted', 'Score', 'Comment'],
              ['R1', at('2026-03-02T09:15:00'), 5, 'Quick'],
              ['R2', at('2026-03-02T10:00:00'), 4],
              ['R3', at('2026-03-03T16:45:00'), 2, { rich: ['Too ', 'slow'] }],
              ['R4', at('2026-03-03T17:00:00'), 'N/A'],
            ],
          },
        ],
      });
      const map = await writeJson(join(dir, 'map.json'), {
        rows: 'survey',
        fields: {
          id: { column: 'Response' },
          answered: { column: 'Submitted', type: 'timestamp' },
          score: { column: 'Score', type: 'number', none: ['N/A'] },
          comment: { column: 'Comment' },
        },
        survey: {
          external_id: 'id',
          kind: { const: 'csat' },
          scale_min: { const: 1 },
          scale_max: { const: 5 },
          score: 'score',
          comment: 'comment',
          responded_at: 'answered',
        },
      });
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, surveys, [path], { mappingPath: map });
        expect(await kpiOverview(db, ['csat', 'csat_avg'], { from: '2026-03-01', to: '2026-03-04' })).toEqual(
          {
            // 5 and 4 of 5, 4 and 2 answered: 2 of 3 in the top box; mean 11 / 3.
            csat: { value: 2 / 3, n: 3 },
            csat_avg: { value: 11 / 3, n: 3 },
          },
        );
        expect(await db.all("SELECT comment FROM survey_responses WHERE external_id = 'R3'")).toEqual([
          { comment: 'Too slow' },
        ]);
      });
    });
  });
});

describe('--detect on Excel workbooks', () => {
  test('names the sheets a mapped format recognises, else the workbook and its sheets', async () => {
    expect(await detectSourceFormats(CALLS)).toEqual([
      {
        format: 'csv',
        description:
          "Excel workbook with the sheets 'Summary', 'Calls': a sheet is imported with a mapping file, whose \"sheet\" chooses it (default: the first); event-log and surveys read workbooks too",
      },
    ]);
    await withTempDir(async (dir) => {
      const log = join(dir, 'log.xlsx');
      await writeXlsx(log, {
        sheets: [
          { name: 'About', rows: [['Ticket log']] },
          { name: 'Log', rows: [['Case ID', 'Activity', 'Complete Timestamp', 'Resource']] },
        ],
      });
      expect(await detectSourceFormats(log)).toEqual([
        {
          format: 'event-log',
          description: expect.stringMatching(/^sheet 'Log' \(set "sheet": "Log" in the mapping\): Event log/),
        },
      ]);
      const text = join(dir, 'export.xlsx');
      await writeFile(text, 'call_id,vru_entry\n1,9:00:00\n');
      expect(await detectSourceFormats(text)).toEqual([]);
    });
  });
});
