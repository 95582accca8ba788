import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import type { KpiQueryInput } from '../src/core/kpi/query.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/core/migrations.js';
import { CANONICAL_TABLES } from '../src/core/schema.js';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import type { ImportError, RowProblem } from '../src/ingest/canonical.js';
import { type ImportOptions, type ImportSummary, importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { analyseTexts } from '../src/services/words/analyse.js';
import { parseCsv } from './support/csv.js';
import { FIXTURES, withTempDir } from './support/engines.js';

/** The tables of migration 14, which earlier schema versions lack. */
const BUSINESS_TABLES = ['customers', 'orders', 'costs', 'people', 'paid_hours', 'exchange_rates'];

const BASE = join(FIXTURES, 'small-helpdesk');
const CORRUPT_TIMESTAMP = join(FIXTURES, 'bad', 'corrupt-timestamp', 'contacts.csv');
const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };
const BASE_COUNTS = { contacts: 6, contact_events: 31, survey_responses: 10 };

// ---------------------------------------------------------------------------------------------
// Helpers

/** The fixture's files as header + records. */
async function baseTable(table: string): Promise<{ header: string[]; rows: string[][] }> {
  const [header, ...rows] = parseCsv(await readFile(join(BASE, `${table}.csv`), 'utf8'));
  return { header: header ?? [], rows };
}

async function baseFiles(): Promise<string[]> {
  return (await readdir(BASE)).filter((n) => n.endsWith('.csv')).sort();
}

/** A fresh copy of the fixture folder (CSV files only) at `dir/name`. */
async function copyBase(dir: string, name: string): Promise<string> {
  const target = join(dir, name);
  await mkdir(target, { recursive: true });
  for (const file of await baseFiles()) await cp(join(BASE, file), join(target, file));
  return target;
}

/** Lines of a fixture file (without the trailing empty line), edited and written to `path`. */
async function writeEdited(
  table: string,
  path: string,
  edit: (lines: string[]) => string[],
): Promise<string> {
  const lines = (await readFile(join(BASE, `${table}.csv`), 'utf8')).split('\n').slice(0, -1);
  await writeFile(path, `${edit(lines).join('\n')}\n`);
  return path;
}

function replaceLine(lines: string[], lineNumber: number, from: string, to: string): string[] {
  const line = lines[lineNumber - 1];
  if (line === undefined || !line.includes(from)) throw new Error(`line ${lineNumber} has no '${from}'`);
  return lines.map((l, i) => (i === lineNumber - 1 ? l.replace(from, to) : l));
}

async function openDb(path: string): Promise<DuckDbEngine> {
  const db = await openDuckDb({ path });
  await migrate(db);
  return db;
}

/** Opens (or creates) `dir/name.duckdb`, runs `work`, closes it. */
async function withDb<T>(dir: string, name: string, work: (db: DuckDbEngine) => Promise<T>): Promise<T> {
  const db = await openDb(join(dir, `${name}.duckdb`));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function importOk(db: DuckDbEngine, paths: string[], options?: ImportOptions): Promise<ImportSummary> {
  const result = await importFiles(db, paths, options);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.error, null, 2)}`);
  return result.data;
}

async function importFails(db: DuckDbEngine, paths: string[]): Promise<ImportError> {
  const result = await importFiles(db, paths);
  if (result.ok) throw new Error(`import succeeded: ${JSON.stringify(result.data.files)}`);
  return result.error;
}

function badRows(error: ImportError): { problems: RowProblem[]; total: number } {
  if (error.kind !== 'bad_rows') throw new Error(`expected bad_rows, got ${JSON.stringify(error)}`);
  return error;
}

const FACT_TABLES = ['contact_facts', 'survey_facts'];
const BOOKKEEPING_TABLES = ['import_log', 'facts_state', 'business_intervals', 'schema_migrations'];

/**
 * The rows of `table` to compare. An event's ordinal (`seq`) depends on what was imported before
 * it, so events show what it decides instead: their place among their contact's events. A database
 * from before the ordinal ordered events at the same time by their id.
 */
async function comparableRows(db: Engine, table: string): Promise<string> {
  if (table !== 'contact_events') return `SELECT * FROM ${table}`;
  const seq = await db.all(
    "SELECT 1 AS x FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = 'contact_events' AND column_name = 'seq'",
  );
  return seq.length > 0
    ? 'SELECT * EXCLUDE (seq), row_number() OVER (PARTITION BY contact_key ORDER BY occurred_at, seq) AS place FROM contact_events'
    : 'SELECT *, row_number() OVER (PARTITION BY contact_key ORDER BY occurred_at, external_id) AS place FROM contact_events';
}

/**
 * Every row of every listed table as JSON text (timestamps with full precision), sorted: equal
 * snapshots mean equal table contents.
 */
async function snapshot(db: Engine, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.all(
      `SELECT CAST(to_json(x) AS VARCHAR) AS r FROM (${await comparableRows(db, table)}) x ORDER BY r`,
    );
    out[table] = rows.map((row) => String(row.r));
  }
  return out;
}

/** Canonical tables and derived facts: what an import determines. */
const contentOf = (db: Engine) => snapshot(db, [...CANONICAL_TABLES, ...FACT_TABLES]);
/** Everything, bookkeeping included: what must not move when an import is refused. */
const everythingIn = (db: Engine) =>
  snapshot(db, [...CANONICAL_TABLES, ...FACT_TABLES, ...BOOKKEEPING_TABLES]);

const KPI_QUERIES: KpiQueryInput[] = [
  { ...WEEK },
  { ...WEEK, by: ['agent'] },
  { ...WEEK, grain: 'week' },
  { ...WEEK, by: ['channel'], grain: 'day' },
];

async function kpis(db: Engine): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const query of KPI_QUERIES) {
    const result = await runKpiQuery(db, query);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    out.push(result.data.rows);
  }
  return out;
}

function withoutCheckHits(rows: unknown[]): unknown {
  return JSON.parse(JSON.stringify(rows, (key, value) => (key === 'qa_check_hit_rate' ? undefined : value)));
}

/** The fixture imported on its own: the reference every equivalent import must reproduce. */
let reference: { content: Record<string, string[]>; kpis: unknown[] };

beforeAll(async () => {
  await withTempDir(async (tmp) => {
    await withDb(tmp, 'reference', async (db) => {
      await importOk(db, [BASE]);
      reference = { content: await contentOf(db), kpis: await kpis(db) };
    });
  });
  expect(reference.content.contacts).toHaveLength(BASE_COUNTS.contacts);
  expect(reference.content.contact_events).toHaveLength(BASE_COUNTS.contact_events);
  expect(reference.content.survey_responses).toHaveLength(BASE_COUNTS.survey_responses);
  expect(reference.content.contact_facts).toHaveLength(BASE_COUNTS.contacts);
});

// ---------------------------------------------------------------------------------------------

describe('a refused import names file, line, field and reason and changes nothing', () => {
  let tmp: string;
  let db: DuckDbEngine;
  let before: Record<string, string[]>;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'servicemeter-test-'));
    db = await openDb(join(tmp, 'held.duckdb'));
    await importOk(db, [BASE]);
    before = await everythingIn(db);
  });

  afterAll(async () => {
    await db.close();
    await rm(tmp, { recursive: true, force: true });
  });

  test('corrupt timestamps: exact lines after a multi-line record, nothing written', async () => {
    // The good fixture files are part of the same import: they must not be written either.
    const data = await copyBase(tmp, 'corrupt');
    const error = badRows(await importFails(db, [data, CORRUPT_TIMESTAMP]));
    expect(error.total).toBe(2);
    expect(error.problems).toEqual([
      {
        file: CORRUPT_TIMESTAMP,
        line: 4,
        column: 'created_at',
        reason: expect.stringContaining('no such date 2026-02-30'),
      },
      {
        file: CORRUPT_TIMESTAMP,
        line: 5,
        column: 'created_at',
        reason: expect.stringContaining('not an ISO 8601 timestamp'),
      },
    ]);
    expect(await everythingIn(db)).toEqual(before);
  });

  interface BadCase {
    name: string;
    /** Writes the bad file(s) into `dir`; returns the paths to import and the bad file. */
    write: (dir: string) => Promise<{ paths: string[]; file: string }>;
    line: number;
    column: string;
    reason: RegExp;
  }

  const contactsWith = (edit: (lines: string[]) => string[]) => async (dir: string) => {
    const file = await writeEdited('contacts', join(dir, 'contacts.csv'), edit);
    return { paths: [file], file };
  };

  const cases: BadCase[] = [
    {
      name: 'unknown enum value',
      write: contactsWith((l) => replaceLine(l, 4, ',chat,', ',fax,')),
      line: 4,
      column: 'channel',
      reason: /'fax' is not one of email, chat, phone/,
    },
    {
      name: 'missing required value',
      write: async (dir) => {
        const file = await writeEdited('contact_events', join(dir, 'contact_events.csv'), (l) =>
          replaceLine(l, 8, ',escalation,', ',,'),
        );
        return { paths: [file], file };
      },
      line: 8,
      column: 'kind',
      reason: /^is required$/,
    },
    {
      name: 'unknown column in the header',
      write: contactsWith((l) => l.map((line, i) => `${line},${i === 0 ? 'mood' : 'happy'}`)),
      line: 1,
      column: 'mood',
      reason: /unknown column for contacts/,
    },
    {
      name: 'missing required column',
      write: contactsWith((l) => l.map((line) => line.split(',').toSpliced(2, 1).join(','))),
      line: 1,
      column: 'channel',
      reason: /required column is missing from the header/,
    },
    {
      name: 'a row with too many fields',
      write: contactsWith((l) => replaceLine(l, 6, ',closed,', ',closed,extra,')),
      line: 6,
      column: '(row)',
      reason: /has 13 fields, the header has 12/,
    },
    {
      name: 'unterminated quote',
      // The quote opens on line 6 and is never closed: the record starts on line 6.
      write: contactsWith((l) => replaceLine(l, 6, ',closed,', ',closed,"never closed')),
      line: 6,
      column: '(row)',
      reason: /quoted field is not closed/,
    },
    {
      name: 'NDJSON line that is not JSON',
      write: async (dir) => {
        const { header, rows } = await baseTable('contacts');
        const lines = rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i]]))));
        lines.splice(2, 0, '{"source": "helpdesk", "external_id": "t9",');
        const file = join(dir, 'contacts.ndjson');
        await writeFile(file, `${lines.join('\n')}\n`);
        return { paths: [file], file };
      },
      line: 3,
      column: '(row)',
      reason: /not valid JSON/,
    },
    {
      name: 'survey score outside the scale',
      write: async (dir) => {
        const file = await writeEdited('survey_responses', join(dir, 'survey_responses.csv'), (l) =>
          replaceLine(l, 5, 'csat,1,5,3,', 'csat,1,5,6,'),
        );
        return { paths: [file], file };
      },
      line: 5,
      column: 'score',
      reason: /6 is outside the scale 1–5/,
    },
    {
      name: 'an event whose contact is neither in the files nor in the database',
      write: async (dir) => {
        // t7 comes with this import, t1 is in the database, t99 is nowhere.
        const contacts = join(dir, 'contacts.csv');
        await writeFile(
          contacts,
          'source,external_id,channel,created_at\nhelpdesk,t7,chat,2026-03-05T10:00:00Z\n',
        );
        const events = join(dir, 'contact_events.csv');
        await writeFile(
          events,
          [
            'source,contact_external_id,external_id,kind,occurred_at,agent_id',
            'helpdesk,t7,x1,customer_message,2026-03-05T10:00:00Z,',
            'helpdesk,t1,x2,internal_note,2026-03-02T08:30:00Z,ann',
            'helpdesk,t7,x3,agent_reply,2026-03-05T10:05:00Z,bob',
            'helpdesk,t99,x4,customer_message,2026-03-05T11:00:00Z,',
            'helpdesk,t1,x5,internal_note,2026-03-02T08:40:00Z,ann',
            '',
          ].join('\n'),
        );
        return { paths: [contacts, events], file: events };
      },
      line: 5,
      column: 'contact_external_id',
      reason: /no contact 't99' in this import or the database/,
    },
  ];

  test.each(cases)('$name', async ({ name, write, line, column, reason }) => {
    const dir = join(tmp, name.replaceAll(/\W+/g, '-'));
    await mkdir(dir);
    const { paths, file } = await write(dir);
    const error = badRows(await importFails(db, paths));
    expect(error.problems).toHaveLength(1);
    expect(error.total).toBe(1);
    const [problem] = error.problems;
    expect(problem).toMatchObject({ file, line, column });
    expect(problem?.reason).toMatch(reason);
    expect(await everythingIn(db)).toEqual(before);
  });

  test('values beyond the column types are refused with a reason, not an engine error', async () => {
    // 99999999999 does not fit the INTEGER column scale_max; 1e999 is not a finite DOUBLE.
    const dir = join(tmp, 'out-of-range');
    await mkdir(dir);
    const surveys = await writeEdited('survey_responses', join(dir, 'survey_responses.csv'), (l) =>
      replaceLine(l, 7, 'nps,0,10,10,', 'nps,0,99999999999,10,'),
    );
    const targets = join(dir, 'targets.csv');
    await writeFile(targets, 'metric,channel,threshold_seconds\nfrt,email,1e999\n');
    const error = badRows(await importFails(db, [surveys, targets]));
    expect(error.total).toBe(2);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { file: surveys, line: 7, column: 'scale_max', reason: expect.stringContaining('99999999999') },
        { file: targets, line: 2, column: 'threshold_seconds', reason: expect.stringContaining('1e999') },
      ]),
    );
    expect(await everythingIn(db)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe('importing again changes nothing', () => {
  test('the fixture imported twice equals the fixture imported once', async () => {
    await withTempDir(async (tmp) => {
      await withDb(tmp, 'twice', async (db) => {
        await importOk(db, [BASE]);
        const second = await importOk(db, [BASE]);
        expect(second.files.find((f) => f.table === 'contacts')).toMatchObject({
          rowsRead: 6,
          rowsImported: 6,
        });
        expect(await contentOf(db)).toEqual(reference.content);
        expect(await kpis(db)).toEqual(reference.kpis);
      });
    });
  });

  test('events without an id, and a key repeated within one file, do not duplicate rows', async () => {
    await withTempDir(async (tmp) => {
      const { header, rows } = await baseTable('contact_events');
      const idColumn = header.indexOf('external_id');
      const withoutIds = rows.map((r) => r.map((f, i) => (i === idColumn ? '' : f)));
      const csvFile = join(tmp, 'contact_events.csv');
      await writeFile(csvFile, [header, ...withoutIds].map((r) => `${r.join(',')}\n`).join(''));
      // The same events as NDJSON, with the time written in another offset: same derived ids.
      const ndjsonFile = join(tmp, 'contact_events-again.ndjson');
      await writeFile(
        ndjsonFile,
        withoutIds
          .map((r) => {
            const object = Object.fromEntries(header.map((h, i) => [h, r[i] === '' ? null : r[i]]));
            // Fixture times are 08:00–16:00 UTC, so +2 h stays on the same day.
            object.occurred_at = String(object.occurred_at).replace(
              /T(\d\d)(.*)Z$/,
              (_, hour: string, rest: string) => `T${String(Number(hour) + 2).padStart(2, '0')}${rest}+02:00`,
            );
            return JSON.stringify(object);
          })
          .join('\n'),
      );
      const contacts = await baseTable('contacts');
      const twice = join(tmp, 'contacts.csv');
      const t4 = contacts.rows.find((r) => r[1] === 't4') ?? [];
      const changed = t4.map((f, i) => (i === 11 ? 'second wins' : f));
      await writeFile(
        twice,
        [contacts.header, ...contacts.rows, changed]
          .map((r) => `${r.map((f) => `"${f}"`).join(',')}\n`)
          .join(''),
      );
      const statics = ['agents', 'calendar_intervals', 'calendars', 'teams'].map((t) =>
        join(BASE, `${t}.csv`),
      );
      await withDb(tmp, 'derived', async (db) => {
        const first = await importOk(db, [...statics, twice, csvFile]);
        expect(first.files.find((f) => f.table === 'contacts')).toMatchObject({
          rowsRead: 7,
          rowsImported: 6,
        });
        const once = await contentOf(db);
        expect(once.contact_events).toHaveLength(31);
        expect(once.contact_events?.every((r) => r.includes('"external_id":"derived:'))).toBe(true);
        const subject = await db.all("SELECT subject FROM contacts WHERE external_id = 't4'");
        expect(subject).toEqual([{ subject: 'second wins' }]);

        await importOk(db, [csvFile]);
        await importOk(db, [ndjsonFile]);
        expect(await contentOf(db)).toEqual(once);
      });
    });
  });

  test('overlapping files give the same database as their union imported once', async () => {
    await withTempDir(async (tmp) => {
      const contacts = await baseTable('contacts');
      const events = await baseTable('contact_events');
      const surveys = await baseTable('survey_responses');
      const csv = (header: string[], rows: string[][]) =>
        [header, ...rows]
          .map((r) => `${r.map((f) => (/[",\n]/.test(f) ? `"${f}"` : f)).join(',')}\n`)
          .join('');
      const contactOf = (row: string[]) => row[1] as string;
      const eventContact = (row: string[]) => row[1] as string;
      // The change: t4 becomes urgent with a new subject, and its caller hung up after 4 s (a short
      // abandon, so the queue indicators change too).
      const changedContact = (row: string[]) =>
        contactOf(row) === 't4'
          ? row.map((f, i) => (i === 9 ? 'urgent' : i === 11 ? 'Changed, later' : f))
          : row;
      const changedEvent = (row: string[]) =>
        row[2] === 'e21' ? row.map((f, i) => (i === 4 ? '2026-03-03T11:00:04Z' : f)) : row;

      const statics = ['agents', 'calendar_intervals', 'calendars', 'teams'];
      const first = join(tmp, 'first');
      const second = join(tmp, 'second');
      const union = join(tmp, 'union');
      for (const dir of [first, second, union]) await mkdir(dir);
      for (const table of statics) {
        await cp(join(BASE, `${table}.csv`), join(first, `${table}.csv`));
        await cp(join(BASE, `${table}.csv`), join(union, `${table}.csv`));
      }
      const inFirst = ['t1', 't2', 't3', 't4'];
      const inSecond = ['t3', 't4', 't5', 't6'];
      await writeFile(
        join(first, 'contacts.csv'),
        csv(
          contacts.header,
          contacts.rows.filter((r) => inFirst.includes(contactOf(r))),
        ),
      );
      await writeFile(
        join(first, 'contact_events.csv'),
        csv(
          events.header,
          events.rows.filter((r) => inFirst.includes(eventContact(r))),
        ),
      );
      await writeFile(
        join(second, 'contacts.csv'),
        csv(
          contacts.header,
          contacts.rows.filter((r) => inSecond.includes(contactOf(r))).map(changedContact),
        ),
      );
      await writeFile(
        join(second, 'contact_events.csv'),
        csv(events.header, events.rows.filter((r) => inSecond.includes(eventContact(r))).map(changedEvent)),
      );
      await writeFile(join(second, 'survey_responses.csv'), csv(surveys.header, surveys.rows));
      await writeFile(join(union, 'contacts.csv'), csv(contacts.header, contacts.rows.map(changedContact)));
      await writeFile(join(union, 'contact_events.csv'), csv(events.header, events.rows.map(changedEvent)));
      await writeFile(join(union, 'survey_responses.csv'), csv(surveys.header, surveys.rows));

      const unionDb = await withDb(tmp, 'union', async (db) => {
        await importOk(db, [union]);
        return { content: await contentOf(db), kpis: await kpis(db) };
      });
      expect(unionDb.content.contacts).toHaveLength(6);
      expect(unionDb.content.contact_events).toHaveLength(31);
      // The change is visible, so the comparison below can tell the old row from the new.
      expect(unionDb.content).not.toEqual(reference.content);
      expect(unionDb.kpis).not.toEqual(reference.kpis);

      // Two imports, one after the other.
      await withDb(tmp, 'sequential', async (db) => {
        await importOk(db, [first]);
        await importOk(db, [second]);
        expect(await contentOf(db)).toEqual(unionDb.content);
        expect(await kpis(db)).toEqual(unionDb.kpis);
        const t4 = await db.all(
          "SELECT priority, subject FROM contacts WHERE source = 'helpdesk' AND external_id = 't4'",
        );
        expect(t4).toEqual([{ priority: 'urgent', subject: 'Changed, later' }]);
        const e21 = await db.all(
          "SELECT CAST(occurred_at AS VARCHAR) AS at FROM contact_events WHERE external_id = 'e21'",
        );
        expect(e21).toEqual([{ at: '2026-03-03 11:00:04' }]);
      });
      // Both in one import: the later file of a table wins.
      await withDb(tmp, 'together', async (db) => {
        await importOk(db, [first, second]);
        expect(await contentOf(db)).toEqual(unionDb.content);
        expect(await kpis(db)).toEqual(unionDb.kpis);
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('--skip-bad-rows', () => {
  test('imports the good rows and lists every rejected row with its reason', async () => {
    await withTempDir(async (tmp) => {
      const data = await copyBase(tmp, 'data');
      // A new contact t7 with a bad channel; its event becomes an orphan once t7 is rejected.
      const contactsFile = await writeEdited('contacts', join(data, 'contacts.csv'), (l) => [
        ...l,
        'helpdesk,t7,fax,2026-03-05T09:00:00Z,c7,support,ann,,,normal,open,"Sent by fax,',
        'really"',
      ]);
      const eventsFile = await writeEdited('contact_events', join(data, 'contact_events.csv'), (l) => [
        ...l.slice(0, 5),
        'helpdesk,t7,x1,customer_message,2026-03-05T09:00:00Z,,,,,,,',
        ...l.slice(5, 10),
        'helpdesk,t99,x2,customer_message,2026-03-05T11:00:00Z,,,,,,,',
        'helpdesk,t1,x3,agent_reply,yesterday,,ann,,,,,',
        ...l.slice(10),
      ]);
      const surveysFile = await writeEdited('survey_responses', join(data, 'survey_responses.csv'), (l) =>
        replaceLine(l, 3, 'csat,1,5,2,', 'csat,1,5,9,'),
      );
      const rejectsPath = join(tmp, 'rejects.csv');
      await withDb(tmp, 'skip', async (db) => {
        const summary = await importOk(db, [data], { skipBadRows: true, rejectsPath });
        const byTable = Object.fromEntries(summary.files.map((f) => [f.table, f]));
        expect(byTable.contacts).toMatchObject({ rowsRead: 7, rowsImported: 6, rowsRejected: 1 });
        expect(byTable.contact_events).toMatchObject({ rowsRead: 34, rowsImported: 31, rowsRejected: 3 });
        expect(byTable.survey_responses).toMatchObject({ rowsRead: 10, rowsImported: 9, rowsRejected: 1 });
        expect(summary.rejected).toBe(5);
        expect(summary.rejectsPath).toBe(rejectsPath);

        const [header, ...rejects] = parseCsv(await readFile(rejectsPath, 'utf8'));
        expect(header).toEqual(['file', 'line', 'column', 'reason', 'record']);
        const sorted = rejects.sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`));
        expect(sorted.map(([file, line, column]) => [file, Number(line), column])).toEqual(
          [
            [contactsFile, 8, 'channel'],
            [eventsFile, 6, 'contact_external_id'],
            [eventsFile, 12, 'contact_external_id'],
            [eventsFile, 13, 'occurred_at'],
            [surveysFile, 3, 'score'],
          ].sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`)),
        );
        const find = (file: string, line: number) =>
          sorted.find((r) => r[0] === file && Number(r[1]) === line);
        expect(find(contactsFile, 8)?.[3]).toMatch(/'fax' is not one of/);
        expect(parseCsv(`${find(contactsFile, 8)?.[4]}\n`)[0]).toEqual([
          'helpdesk',
          't7',
          'fax',
          '2026-03-05T09:00:00Z',
          'c7',
          'support',
          'ann',
          '',
          '',
          'normal',
          'open',
          'Sent by fax,\nreally',
        ]);
        expect(find(eventsFile, 6)?.[3]).toMatch(/no contact 't7'/);
        expect(find(eventsFile, 6)?.[4]).toBe('helpdesk,t7,x1,customer_message,2026-03-05T09:00:00Z,,,,,,,');
        expect(find(eventsFile, 12)?.[3]).toMatch(/no contact 't99'/);
        expect(find(eventsFile, 13)?.[3]).toMatch(/not an ISO 8601 timestamp/);
        expect(find(eventsFile, 13)?.[4]).toBe('helpdesk,t1,x3,agent_reply,yesterday,,ann,,,,,');
        expect(find(surveysFile, 3)?.[3]).toMatch(/9 is outside the scale 1–5/);

        // The good rows are exactly the fixture minus the rejected survey s2.
        const content = await contentOf(db);
        expect(content.contacts).toEqual(reference.content.contacts);
        expect(content.contact_events).toEqual(reference.content.contact_events);
        expect(content.survey_responses).toEqual(
          reference.content.survey_responses?.filter((r) => !r.includes('"external_id":"s2"')),
        );
        expect(content.survey_responses).toHaveLength(9);
      });
    });
  });

  test('orphans are found by source and id: a stored contact of another source does not count', async () => {
    // helpdesk|t1 exists; chatbot|t1 does not. Only the chatbot rows are orphans.
    await withTempDir(async (tmp) => {
      const events = join(tmp, 'contact_events.csv');
      await writeFile(
        events,
        [
          'source,contact_external_id,external_id,kind,occurred_at',
          'helpdesk,t1,x1,internal_note,2026-03-02T08:30:00Z',
          'chatbot,t1,x2,customer_message,2026-03-02T08:31:00Z',
          'helpdesk,t1,x3,internal_note,2026-03-02T08:32:00Z',
          'chatbot,t1,x4,customer_message,2026-03-02T08:33:00Z',
          '',
        ].join('\n'),
      );
      const surveys = join(tmp, 'survey_responses.csv');
      await writeFile(
        surveys,
        [
          'source,external_id,kind,scale_min,scale_max,score,contact_source,contact_external_id,responded_at',
          'survey,y1,csat,1,5,4,helpdesk,t2,2026-03-09T12:00:00Z',
          'survey,y2,csat,1,5,4,,t2,2026-03-09T12:00:00Z',
          '',
        ].join('\n'),
      );
      await withDb(tmp, 'orphans', async (db) => {
        await importOk(db, [BASE]);
        const refused = badRows(await importFails(db, [events, surveys]));
        expect(refused.total).toBe(2);
        expect(refused.problems.map((p) => [p.file, p.line, p.column])).toEqual([
          [events, 3, 'contact_external_id'],
          [events, 5, 'contact_external_id'],
        ]);

        const rejectsPath = join(tmp, 'rejects.csv');
        const summary = await importOk(db, [events, surveys], { skipBadRows: true, rejectsPath });
        expect(summary.rejected).toBe(3);
        const rejects = parseCsv(await readFile(rejectsPath, 'utf8')).slice(1);
        expect(rejects.map((r) => [r[0], Number(r[1]), r[2]])).toEqual([
          [events, 3, 'contact_external_id'],
          [events, 5, 'contact_external_id'],
          // y2's contact defaults to its own source: survey|t2, which does not exist.
          [surveys, 3, 'contact_external_id'],
        ]);
        const stored = await db.all(
          "SELECT external_id FROM contact_events WHERE external_id LIKE 'x%' UNION ALL SELECT external_id FROM survey_responses WHERE external_id LIKE 'y%' ORDER BY 1",
        );
        expect(stored.map((r) => r.external_id)).toEqual(['x1', 'x3', 'y1']);
      });
    });
  });

  test.each([
    { format: 'TSV', name: 'contacts.tsv', delimiter: '\t' },
    { format: 'gzipped CSV', name: 'contacts.csv.gz', delimiter: ',' },
  ])('works for $format files', async ({ name, delimiter }) => {
    await withTempDir(async (tmp) => {
      const data = await copyBase(tmp, 'data');
      await rm(join(data, 'contacts.csv'));
      const { header, rows } = await baseTable('contacts');
      const bad = ['helpdesk', 't7', 'fax', '2026-03-05T09:00:00Z', '', '', '', '', '', '', '', 'Fax'];
      const text = [header, ...rows.slice(0, 2), bad, ...rows.slice(2)]
        .map((r) => `${r.map((f) => (delimiter === ',' && /[",]/.test(f) ? `"${f}"` : f)).join(delimiter)}\n`)
        .join('');
      const file = join(data, name);
      await writeFile(file, name.endsWith('.gz') ? gzipSync(text) : text);
      const rejectsPath = join(tmp, 'rejects.csv');
      await withDb(tmp, 'skip', async (db) => {
        const summary = await importOk(db, [data], { skipBadRows: true, rejectsPath });
        expect(summary.rejected).toBe(1);
        const rejects = parseCsv(await readFile(rejectsPath, 'utf8')).slice(1);
        expect(rejects.map((r) => [r[0], r[1], r[2]])).toEqual([[file, '4', 'channel']]);
        expect(await contentOf(db)).toEqual(reference.content);
      });
    });
  });

  test('an NDJSON line that is not JSON is listed in the rejects file', async () => {
    await withTempDir(async (tmp) => {
      const data = await copyBase(tmp, 'data');
      await rm(join(data, 'contacts.csv'));
      const { header, rows } = await baseTable('contacts');
      const lines = rows.map((r) =>
        JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i] === '' ? null : r[i]]))),
      );
      lines.splice(3, 0, '{"source": "helpdesk", "external_id": "t8"');
      const file = join(data, 'contacts.ndjson');
      await writeFile(file, `${lines.join('\n')}\n`);
      const rejectsPath = join(tmp, 'rejects.csv');
      await withDb(tmp, 'skip', async (db) => {
        const summary = await importOk(db, [data], { skipBadRows: true, rejectsPath });
        expect(summary.files.find((f) => f.table === 'contacts')).toMatchObject({
          rowsRead: 7,
          rowsImported: 6,
          rowsRejected: 1,
        });
        expect(summary.rejected).toBe(1);
        const rejects = parseCsv(await readFile(rejectsPath, 'utf8')).slice(1);
        expect(rejects.map((r) => [r[0], r[1], r[2]])).toEqual([[file, '4', '(row)']]);
        expect(rejects[0]?.[3]).toMatch(/not valid JSON/);
        // The record column holds the record as one CSV line: here the raw text is its only field.
        expect(parseCsv(`${rejects[0]?.[4]}\n`)).toEqual([['{"source": "helpdesk", "external_id": "t8"']]);
        expect(await contentOf(db)).toEqual(reference.content);
      });
    });
  });

  test('a CSV syntax error is not silently skipped', async () => {
    // After an unterminated quote the rest of the file cannot be split into records: the import
    // must refuse (or list it), never import a guess or fail with an engine error.
    await withTempDir(async (tmp) => {
      const data = await copyBase(tmp, 'data');
      const file = await writeEdited('contacts', join(data, 'contacts.csv'), (l) =>
        replaceLine(l, 3, 'Refund, please"', 'Refund, please'),
      );
      await withDb(tmp, 'skip', async (db) => {
        const before = await everythingIn(db);
        const result = await importFiles(db, [data], {
          skipBadRows: true,
          rejectsPath: join(tmp, 'rejects.csv'),
        });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(badRows(result.error).problems).toEqual([
          { file, line: 3, column: '(row)', reason: expect.stringMatching(/quoted field is not closed/) },
        ]);
        expect(await everythingIn(db)).toEqual(before);
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('file formats give the same rows as the CSV', () => {
  const toDelimited = (rows: string[][], delimiter: string, eol: string) =>
    rows
      .map(
        (r) =>
          `${r.map((f) => (delimiter === ',' && /[",\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(delimiter)}${eol}`,
      )
      .join('');

  /** Writes every fixture table through `write` into a fresh folder. */
  async function convert(
    dir: string,
    write: (table: string, header: string[], rows: string[][]) => Promise<void>,
  ): Promise<void> {
    await mkdir(dir);
    for (const file of await baseFiles()) {
      const table = file.replace(/\.csv$/, '');
      const { header, rows } = await baseTable(table);
      await write(table, header, rows);
    }
  }

  /** NDJSON objects: empty fields left out or null, numbers and booleans as JSON values. */
  const ndjsonLines = (header: string[], rows: string[][]) =>
    rows.map((r, n) =>
      JSON.stringify(
        Object.fromEntries(
          header.flatMap((h, i): [string, unknown][] => {
            const v = r[i] ?? '';
            if (v === '') return n % 2 === 0 ? [] : [[h, null]];
            if (/^-?\d+(\.\d+)?$/.test(v) && !/^(external_id|id)$/.test(h)) return [[h, Number(v)]];
            if (v === 'true' || v === 'false') return [[h, v === 'true']];
            return [[h, v]];
          }),
        ),
      ),
    );

  const variants: { name: string; write: (dir: string) => Promise<void> }[] = [
    {
      name: 'NDJSON',
      write: (dir) =>
        convert(dir, async (table, header, rows) => {
          await writeFile(join(dir, `${table}.ndjson`), `${ndjsonLines(header, rows).join('\n')}\n`);
        }),
    },
    {
      name: 'JSON lines with CRLF and a BOM, plain and gzipped',
      write: (dir) =>
        convert(dir, async (table, header, rows) => {
          const text = `\uFEFF${ndjsonLines(header, rows).join('\r\n')}\r\n`;
          if (table.startsWith('contact')) await writeFile(join(dir, `${table}.jsonl.gz`), gzipSync(text));
          else await writeFile(join(dir, `${table}.ndjson`), text);
        }),
    },
    {
      name: 'gzipped CSV',
      write: (dir) =>
        convert(dir, async (table, header, rows) => {
          await writeFile(join(dir, `${table}.csv.gz`), gzipSync(toDelimited([header, ...rows], ',', '\n')));
        }),
    },
    {
      name: 'TSV',
      write: (dir) =>
        convert(dir, async (table, header, rows) => {
          await writeFile(join(dir, `${table}.tsv`), toDelimited([header, ...rows], '\t', '\n'));
        }),
    },
    {
      name: 'CSV with CRLF line endings and a UTF-8 BOM',
      write: (dir) =>
        convert(dir, async (table, header, rows) => {
          await writeFile(join(dir, `${table}.csv`), `\uFEFF${toDelimited([header, ...rows], ',', '\r\n')}`);
        }),
    },
    {
      name: 'CSV with blank lines',
      write: (dir) =>
        convert(dir, async (table, header, rows) => {
          const text = toDelimited([header, ...rows], ',', '\n').replace('\n', '\n\n');
          await writeFile(join(dir, `${table}.csv`), `${text}\n\n`);
        }),
    },
  ];

  test('every timestamp form the checks accept is stored as the same UTC instant', async () => {
    await withTempDir(async (tmp) => {
      const file = await writeEdited('contacts', join(tmp, 'contacts.csv'), (l) =>
        l.map((line, i) => {
          const forms = [
            '',
            '2026-03-02 09:00:00+01',
            '2026-03-06T16:30:00+0100',
            '2026-03-03T10:00',
            '2026-03-03 11:00:00.250-00:00',
            '2026-03-03T12:00:00.123456789Z',
            '2026-03-04T14:30:00.5+05:30',
          ];
          return i === 0 ? line : line.replace(/,\d{4}-\d{2}-\d{2}T[\d:]+Z,/, `,${forms[i]},`);
        }),
      );
      await withDb(tmp, 'forms', async (db) => {
        await importOk(db, [file]);
        const rows = await db.all(
          'SELECT external_id, CAST(created_at AS VARCHAR) AS at FROM contacts ORDER BY external_id',
        );
        expect(rows).toEqual([
          { external_id: 't1', at: '2026-03-02 08:00:00' },
          { external_id: 't2', at: '2026-03-06 15:30:00' },
          { external_id: 't3', at: '2026-03-03 10:00:00' },
          { external_id: 't4', at: '2026-03-03 11:00:00.25' },
          { external_id: 't5', at: expect.stringMatching(/^2026-03-03 12:00:00\.12345[67]$/) },
          { external_id: 't6', at: '2026-03-04 09:00:00.5' },
        ]);
      });
    });
  });

  test.each(variants)('$name', async ({ write }) => {
    await withTempDir(async (tmp) => {
      const data = join(tmp, 'data');
      await write(data);
      await withDb(tmp, 'converted', async (db) => {
        const summary = await importOk(db, [data]);
        expect(summary.files).toHaveLength(7);
        expect(await contentOf(db)).toEqual(reference.content);
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * A database file as a release at schema `version` left it, holding the fixture: the migrations up
 * to `version`, and in each table the columns it has then, copied from the fixture imported now
 * (an import of that release wrote the same values; the columns of later versions are missing).
 */
async function databaseAtVersion(dir: string, version: number): Promise<string> {
  await withDb(dir, 'current', (db) => importOk(db, [BASE]));
  const path = join(dir, `v${version}.duckdb`);
  const old = await openDuckDb({ path });
  try {
    await old.run(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)',
    );
    for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
      for (const statement of migration.statements) await old.run(statement);
      await old.run('INSERT INTO schema_migrations VALUES ($1, $2, CURRENT_TIMESTAMP)', [
        migration.version,
        migration.description,
      ]);
    }
    const tables = await old.all(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name <> 'schema_migrations'",
    );
    await old.run(`ATTACH '${join(dir, 'current.duckdb')}' AS current_release (READ_ONLY)`);
    for (const { t } of tables) {
      const columns = await old.all(
        'SELECT column_name AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = $1 ORDER BY ordinal_position',
        [String(t)],
      );
      const list = columns.map((c) => String(c.c)).join(', ');
      await old.run(
        `INSERT INTO ${String(t)} (${list}) SELECT ${list} FROM current_release.main.${String(t)}`,
      );
    }
    await old.run('DETACH current_release');
  } finally {
    await old.close();
  }
  return path;
}

/** Every column of every table, with its type: equal for databases with the same schema. */
async function schemaOf(db: Engine): Promise<string[]> {
  const rows = await db.all(
    "SELECT table_name || '.' || column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1",
  );
  return rows.map((r) => String(r.c));
}

describe('migrations', () => {
  test('a database of the first schema version is upgraded in place, its data kept', async () => {
    await withTempDir(async (tmp) => {
      const path = await databaseAtVersion(tmp, 1);
      const laterTables = [
        'agent_status_events',
        'survey_invitations',
        'qa_reviews',
        'qa_ratings',
        'training_days',
        'schedules',
        ...BUSINESS_TABLES,
        'benchmarks',
      ];
      const firstTables = [...CANONICAL_TABLES.filter((t) => !laterTables.includes(t)), ...FACT_TABLES];
      const old = await openDuckDb({ path });
      const before = await snapshot(old, firstTables);
      await old.close();

      const upgraded = await openDuckDb({ path });
      try {
        expect(await migrate(upgraded)).toEqual({ from: 1, to: LATEST_SCHEMA_VERSION });
        expect(await snapshot(upgraded, firstTables)).toEqual(before);
        // An import checks the contacts it brings (automatic quality checks); an upgraded database's
        // contacts are checked when `qa checks run` or the next import asks, so that figure waits.
        // Its customers' texts are read by the next analysis (the job, `words analyse`).
        await analyseTexts(upgraded, 'new', new Date());
        expect(withoutCheckHits(await kpis(upgraded))).toEqual(withoutCheckHits(reference.kpis));
        expect(await upgraded.all('SELECT count(*) AS n FROM agent_status_events')).toEqual([{ n: 0 }]);
      } finally {
        await upgraded.close();
      }
    });
  });

  test('a version-4 database gains the event ordinal: events at the same time keep the order they had', async () => {
    await withTempDir(async (tmp) => {
      const path = await databaseAtVersion(tmp, 4);
      const upgraded = await openDuckDb({ path });
      try {
        // Two events of t1 at the same moment, whose ids sort the other way round than their lines.
        await upgraded.run(
          `INSERT INTO contact_events (source, contact_external_id, external_id, kind, occurred_at, actor, contact_key)
           VALUES ('helpdesk', 't1', 'tie-b', 'internal_note', '2026-03-02 09:59:00', 'agent', 'helpdesk|t1'),
                  ('helpdesk', 't1', 'tie-a', 'internal_note', '2026-03-02 09:59:00', 'agent', 'helpdesk|t1')`,
        );
        const laterTables = [
          'survey_invitations',
          'qa_reviews',
          'qa_ratings',
          'training_days',
          'schedules',
          ...BUSINESS_TABLES,
          'benchmarks',
        ];
        const tables = [...CANONICAL_TABLES.filter((t) => !laterTables.includes(t)), ...FACT_TABLES];
        const before = await snapshot(upgraded, tables);
        expect(await migrate(upgraded)).toEqual({ from: 4, to: LATEST_SCHEMA_VERSION });
        expect(await snapshot(upgraded, tables)).toEqual(before);
        // Every event has an ordinal of its own, in the order of time and then id.
        const events = await upgraded.all(
          'SELECT external_id, seq FROM contact_events ORDER BY occurred_at, source, external_id',
        );
        expect(events).toHaveLength(BASE_COUNTS.contact_events + 2);
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
        const tie = events.filter((e) => String(e.external_id).startsWith('tie-'));
        expect(tie.map((e) => e.external_id)).toEqual(['tie-a', 'tie-b']);
        // The next import numbers its events after every stored one.
        await importOk(upgraded, [join(BASE, 'contact_events.csv')]);
        const stored = await upgraded.all(
          "SELECT min(seq) AS lo, max(seq) AS hi, count(DISTINCT seq) AS n FROM contact_events WHERE external_id NOT LIKE 'tie-%'",
        );
        expect(stored).toEqual([
          {
            lo: BASE_COUNTS.contact_events + 3,
            hi: 2 * BASE_COUNTS.contact_events + 2,
            n: BASE_COUNTS.contact_events,
          },
        ]);
        // And the upgraded schema is the one a new database gets.
        await withDb(tmp, 'fresh', async (fresh) => {
          expect(await schemaOf(upgraded)).toEqual(await schemaOf(fresh));
        });
      } finally {
        await upgraded.close();
      }
    });
  });

  test('reopening a database keeps its data and applies no migration twice', async () => {
    await withTempDir(async (tmp) => {
      const path = join(tmp, 'kept.duckdb');
      const first = await openDuckDb({ path });
      const fresh = await migrate(first);
      expect(fresh).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION });
      await importOk(first, [BASE]);
      const before = await everythingIn(first);
      await first.close();

      for (let round = 0; round < 2; round++) {
        const again = await openDuckDb({ path });
        try {
          expect(await migrate(again)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
          expect(await migrate(again)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
          const versions = await again.all(
            'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
          );
          expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, n: 1 })));
          expect(await everythingIn(again)).toEqual(before);
          expect(await kpis(again)).toEqual(reference.kpis);
        } finally {
          await again.close();
        }
      }
    });
  });
});
