import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { CANONICAL_TABLES } from '../src/core/schema.js';
import { OutOfRangeValue, upsertStage } from '../src/engines/duckdb/bulk.js';
import type { DuckDbEngine } from '../src/engines/duckdb/engine.js';
import type { ImportError, RowProblem } from '../src/ingest/canonical.js';
import { asteriskQueueLog } from '../src/ingest/sources/asterisk-queue-log.js';
import { chatwoot } from '../src/ingest/sources/chatwoot.js';
import { csvMapped } from '../src/ingest/sources/csv-mapped.js';
import type { SourceFormat } from '../src/ingest/sources/format.js';
import { freshdesk } from '../src/ingest/sources/freshdesk.js';
import { intercom } from '../src/ingest/sources/intercom.js';
import { zendesk } from '../src/ingest/sources/zendesk.js';
import { dataStatus } from '../src/services/data-status.js';
import { importFiles, importStaged } from '../src/services/import.js';
import { importSource } from '../src/services/import-source.js';
import { rebuildFacts } from '../src/services/rebuild.js';
import { FIXTURES, withDuckDb } from './support/engines.js';
import { EMAIL_MAPPING } from './support/mappings.js';
import { fixturePath } from './support/sources.js';
import { writeXlsx } from './support/xlsx.js';

// Rows that would take the database hostage (a year 0000 or 9999, NUL and other control
// characters) are refused by every import path with their file, line and column, and leave
// nothing behind; so does an import whose load fails inside the database. A rebuild that fails
// after the load leaves the rows committed and the facts stale, for the next rebuild.

const HELPDESK = join(FIXTURES, 'small-helpdesk');
const CONTACTS_HEADER =
  'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject';
const EVENTS_HEADER =
  'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public,status,escalation_type,queue,team_id';
const YEAR_0000 = '0000-01-01T00:00:00Z';
const YEAR_9999 = '9999-12-31T23:59:59Z';
const OUT_OF_RANGE = /outside the accepted range 1970-01-01.*2200-12-31/;
const CONTROL = /control character U\+0000 \(NUL\)/;

const contactLine = (id: string, createdAt: string, subject = 'Hello') =>
  `hx,${id},email,${createdAt},cust,support,ann,delivery,,normal,solved,${subject}`;
const eventLine = (contact: string, id: string, at: string) =>
  `hx,${contact},${id},customer_message,${at},,,,,,,`;

/** The stored rows of every canonical table, the import log and the facts, as counts. */
async function counts(db: Engine): Promise<Record<string, number>> {
  const tables = [...CANONICAL_TABLES, 'import_log', 'contact_facts', 'survey_facts'];
  const [row] = await db.all(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
  return Object.fromEntries(tables.map((t) => [t, Number(row?.[t])]));
}

/** A database holding the small helpdesk, facts rebuilt. */
function withHelpdesk<T>(work: (db: DuckDbEngine, dir: string) => Promise<T>): Promise<T> {
  return withDuckDb([HELPDESK], work);
}

function refusedRows(result: { ok: boolean; error?: ImportError }): RowProblem[] {
  expect(result.ok).toBe(false);
  if (result.ok || result.error?.kind !== 'bad_rows')
    throw new Error(`not refused: ${JSON.stringify(result)}`);
  return result.error.problems;
}

/** After a refusal the database still takes a good import and a rebuild. */
async function expectStillImportable(db: DuckDbEngine, dir: string): Promise<void> {
  const good = join(dir, 'good');
  await cp(HELPDESK, good, { recursive: true });
  await writeFile(
    join(good, 'contacts.csv'),
    `${CONTACTS_HEADER}\n${contactLine('ok1', '2026-03-03T10:00:00Z')}\n`,
  );
  await writeFile(
    join(good, 'contact_events.csv'),
    `${EVENTS_HEADER}\n${eventLine('ok1', 'ok1e', '2026-03-03T10:00:00Z')}\n`,
  );
  const before = await counts(db);
  const imported = await importFiles(db, [join(good, 'contacts.csv'), join(good, 'contact_events.csv')]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  const contacts = (before.contacts ?? 0) + 1;
  expect((await counts(db)).contacts).toBe(contacts);
  expect((await rebuildFacts(db)).contacts).toBe(contacts);
}

describe('canonical files', () => {
  test('contacts and events dated in the years 0000 and 9999 are refused by file, line and column; nothing is written', async () => {
    await withHelpdesk(async (db, dir) => {
      const before = await counts(db);
      const contacts = join(dir, 'contacts.csv');
      const events = join(dir, 'contact_events.csv');
      await writeFile(
        contacts,
        [
          CONTACTS_HEADER,
          contactLine('fine', '2026-03-02T10:00:00Z'),
          contactLine('z1', YEAR_0000),
          contactLine('z2', YEAR_9999),
        ].join('\n'),
      );
      await writeFile(
        events,
        [
          EVENTS_HEADER,
          eventLine('fine', 'f1', '2026-03-02T10:00:00Z'),
          eventLine('z1', 'e1', YEAR_9999),
        ].join('\n'),
      );
      const problems = refusedRows(await importFiles(db, [contacts, events]));
      expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([
        [contacts, 3, 'created_at'],
        [contacts, 4, 'created_at'],
        [events, 3, 'occurred_at'],
      ]);
      for (const p of problems) expect(p.reason).toMatch(OUT_OF_RANGE);
      expect(await counts(db)).toEqual(before);
      await expectStillImportable(db, dir);
    });
  });

  test('the range is of the instant: an offset moving a time over either edge is refused, and so is an offset over 18 hours', async () => {
    await withHelpdesk(async (db, dir) => {
      const before = await counts(db);
      const contacts = join(dir, 'contacts.csv');
      await writeFile(
        contacts,
        [
          CONTACTS_HEADER,
          contactLine('edge-low', '1970-01-01T00:00:00Z'),
          contactLine('edge-high', '2200-12-31T23:59:59Z'),
          contactLine('before', '1970-01-01T00:30:00+01:00'),
          contactLine('after', '2200-12-31T23:30:00-01:00'),
          contactLine('offset', '2026-03-02T10:00:00+25:00'),
        ].join('\n'),
      );
      const problems = refusedRows(await importFiles(db, [contacts]));
      expect(problems.map((p) => [p.line, p.column])).toEqual([
        [4, 'created_at'],
        [5, 'created_at'],
        [6, 'created_at'],
      ]);
      expect(problems[2]?.reason).toBe('the offset +25:00 is out of range (at most ±18:00)');
      expect(await counts(db)).toEqual(before);
    });
  });

  test('a holiday dated in the year 0000 is refused', async () => {
    await withHelpdesk(async (db, dir) => {
      const before = await counts(db);
      const holidays = join(dir, 'calendar_holidays.csv');
      await writeFile(
        holidays,
        'calendar_id,date,name\noffice,2026-04-27,King’s Day\noffice,0000-01-01,Zero\n',
      );
      const problems = refusedRows(await importFiles(db, [holidays]));
      expect(problems.map((p) => [p.line, p.column])).toEqual([[3, 'date']]);
      expect(problems[0]?.reason).toBe('0000-01-01 is outside the accepted range 1970-01-01 to 2200-12-31');
      expect(await counts(db)).toEqual(before);
    });
  });

  test('NDJSON: out-of-range times and a NUL, escaped or raw, are refused by line and field', async () => {
    await withHelpdesk(async (db, dir) => {
      const before = await counts(db);
      const contacts = join(dir, 'contacts.ndjson');
      const row = (id: string, createdAt: string, subject: string) =>
        JSON.stringify({ source: 'hx', external_id: id, channel: 'email', created_at: createdAt, subject });
      await writeFile(
        contacts,
        `${[
          row('n1', '2026-03-02T10:00:00Z', 'fine'),
          row('n2', YEAR_0000, 'fine'),
          row('n3', '2026-03-02T10:00:00Z', 'nul \u0000 escaped'),
          row('n4', YEAR_9999, 'fine'),
          `{"source":"hx","external_id":"n5","channel":"email","created_at":"2026-03-02T10:00:00Z","subject":"raw \u0000 nul"}`,
        ].join('\n')}\n`,
      );
      const problems = refusedRows(await importFiles(db, [contacts]));
      expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([
        [contacts, 2, 'created_at'],
        [contacts, 3, 'subject'],
        [contacts, 4, 'created_at'],
        // A raw control character is no JSON: the line is refused whole.
        [contacts, 5, '(row)'],
      ]);
      expect(problems[0]?.reason).toMatch(OUT_OF_RANGE);
      expect(problems[1]?.reason).toMatch(CONTROL);
      expect(problems[3]?.reason).toMatch(/control character/);
      expect(await counts(db)).toEqual(before);
      await expectStillImportable(db, dir);
    });
  });

  test('CSV: NUL in a key and a bell in free text are refused by line and column', async () => {
    await withHelpdesk(async (db, dir) => {
      const before = await counts(db);
      const contacts = join(dir, 'contacts.csv');
      await writeFile(
        contacts,
        [
          CONTACTS_HEADER,
          contactLine('k\u0000ey', '2026-03-02T10:00:00Z'),
          contactLine('k2', '2026-03-02T10:00:00Z', '"ring \u0007"'),
        ].join('\n'),
      );
      const problems = refusedRows(await importFiles(db, [contacts]));
      expect(problems.map((p) => [p.line, p.column])).toEqual([
        [2, 'external_id'],
        [3, 'subject'],
      ]);
      expect(problems[0]?.reason).toMatch(CONTROL);
      expect(problems[1]?.reason).toMatch(/control character U\+0007/);
      expect(await counts(db)).toEqual(before);
    });
  });

  test('a minute-precision time with a zone (09:00Z, 09:00+01:00), which the format allows, loads', async () => {
    await withHelpdesk(async (db, dir) => {
      const contacts = join(dir, 'contacts.csv');
      await writeFile(
        contacts,
        [
          CONTACTS_HEADER,
          contactLine('m1', '2026-03-02T09:00Z'),
          contactLine('m2', '2026-03-02 09:00+01:00'),
        ].join('\n'),
      );
      const imported = await importFiles(db, [contacts]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      const rows = await db.all(
        "SELECT external_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS at FROM contacts WHERE source = 'hx' ORDER BY 1",
      );
      expect(rows).toEqual([
        { external_id: 'm1', at: '2026-03-02T09:00:00Z' },
        { external_id: 'm2', at: '2026-03-02T08:00:00Z' },
      ]);
    });
  });
});

describe('source formats', () => {
  async function refusedSource(
    db: DuckDbEngine,
    format: SourceFormat,
    paths: string[],
    options: Parameters<typeof importSource>[3] = {},
  ): Promise<RowProblem[]> {
    const before = await counts(db);
    const problems = refusedRows(await importSource(db, format, paths, options));
    expect(await counts(db)).toEqual(before);
    return problems;
  }

  test('Zendesk: a ticket created in the year 0000 and an audit in 9999 are refused in their file and field; a NUL in a subject too', async () => {
    await withHelpdesk(async (db, dir) => {
      const folder = join(dir, 'zendesk');
      await cp(fixturePath('sources/zendesk'), folder, { recursive: true });
      await rm(join(folder, 'README.md'));
      const tickets = join(folder, 'tickets.json');
      const text = await readFile(tickets, 'utf8');
      await writeFile(tickets, text.replace('"2024-03-04T09:00:00Z"', `"${YEAR_0000}"`));
      const audits = join(folder, 'audits-102.json');
      const auditText = await readFile(audits, 'utf8');
      const firstTime = /"created_at": "([^"]+)"/.exec(auditText)?.[1] as string;
      await writeFile(audits, auditText.replace(`"${firstTime}"`, `"${YEAR_9999}"`));
      const problems = await refusedSource(db, zendesk, [folder]);
      const byFile = problems.map((p) => [p.file, p.column, OUT_OF_RANGE.test(p.reason)]);
      expect(byFile).toEqual([
        [tickets, 'tickets[0].created_at', true],
        [audits, 'audits[0].created_at', true],
      ]);
      for (const p of problems) expect(p.line).toBeGreaterThan(1);

      await writeFile(tickets, text.replace('"Where is my parcel?"', '"Where is \\u0000 my parcel?"'));
      await writeFile(audits, auditText);
      const nul = await refusedSource(db, zendesk, [folder]);
      // Found where the ticket is read: in the source file, on the ticket's line.
      expect(nul.map((p) => [p.file, p.line, p.column])).toEqual([[tickets, 3, 'tickets[0].subject']]);
      expect(nul[0]?.reason).toMatch(CONTROL);

      // Skipping bad rows skips that ticket (and its audits), and imports the rest.
      const rejectsPath = join(dir, 'rejects.csv');
      const skipped = await importSource(db, zendesk, [folder], { skipBadRows: true, rejectsPath });
      if (!skipped.ok) throw new Error(JSON.stringify(skipped.error));
      expect(skipped.data.rejected).toBe(1);
      const rejects = await readFile(rejectsPath, 'utf8');
      expect(rejects.split('\n')[1]).toMatch(
        /tickets\.json,3,tickets\[0\]\.subject,"holds the control character U\+0000 \(NUL\)/,
      );
      const stored = await db.all(
        "SELECT external_id FROM contacts WHERE source = 'zendesk' ORDER BY external_id",
      );
      expect(stored.map((r) => r.external_id)).not.toContain('101');
      expect(stored.length).toBeGreaterThan(0);
      await expectStillImportable(db, dir);
    });
  });

  test('Zendesk: a rating answered in the year 9999 is refused, never given its sending time; a ticket updated_at out of range, which only orders its versions, is a warning', async () => {
    await withHelpdesk(async (db, dir) => {
      const folder = join(dir, 'zendesk');
      await cp(fixturePath('sources/zendesk'), folder, { recursive: true });
      await rm(join(folder, 'README.md'));
      const ratings = join(folder, 'satisfaction_ratings.json');
      const ratingsText = await readFile(ratings, 'utf8');
      await writeFile(ratings, ratingsText.replace('"2024-03-04T13:00:00Z"', `"${YEAR_9999}"`));
      const problems = await refusedSource(db, zendesk, [folder]);
      expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([
        [ratings, 3, 'satisfaction_ratings[0].updated_at'],
      ]);
      expect(problems[0]?.reason).toMatch(OUT_OF_RANGE);

      await writeFile(ratings, ratingsText);
      const tickets = join(folder, 'tickets.json');
      const text = await readFile(tickets, 'utf8');
      await writeFile(
        tickets,
        text.replace('"updated_at": "2024-03-04T13:00:00Z"', `"updated_at": "${YEAR_9999}"`),
      );
      const imported = await importSource(db, zendesk, [folder]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      const warning = imported.data.warnings.find((w) => w.message.startsWith('ticket updated_at'));
      expect(warning?.examples[0]).toMatch(/^line 3 .*outside the accepted range/);
      expect(
        await db.all("SELECT 1 AS found FROM contacts WHERE source = 'zendesk' AND external_id = '101'"),
      ).toEqual([{ found: 1 }]);
    });
  });

  test('Intercom: a control character in a stored field is refused in its file and field; an unreadable statistics time, only compared, is a warning', async () => {
    await withHelpdesk(async (db, dir) => {
      const file = join(dir, 'conversations.json');
      const text = await readFile(fixturePath('sources/intercom/export/conversations.json'), 'utf8');
      await writeFile(file, text.replace('"Invoice 2026-118"', '"Invoice \\u0007 2026-118"'));
      const problems = await refusedSource(db, intercom, [file]);
      expect(problems.map((p) => [p.file, p.line, p.column.replace(/\[\d+\]/, '[n]')])).toEqual([
        [file, 1, 'conversations[n].source.subject'],
      ]);
      expect(problems[0]?.reason).toMatch(/control character U\+0007/);

      await writeFile(
        file,
        text.replace('"first_admin_reply_at": 1772442090', '"first_admin_reply_at": 99999999999'),
      );
      const imported = await importSource(db, intercom, [file]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      const warning = imported.data.warnings.find((w) =>
        w.message.startsWith('statistics.first_admin_reply_at'),
      );
      expect(warning?.examples[0]).toMatch(/outside the accepted range/);
      expect(imported.data.rejected).toBe(0);
    });
  });

  test('Asterisk queue_log: a time in the year 9999 is refused on its line', async () => {
    await withHelpdesk(async (db, dir) => {
      const log = join(dir, 'queue_log');
      const lines = (await readFile(fixturePath('sources/asterisk/queue_log'), 'utf8')).split('\n');
      lines[3] = (lines[3] as string).replace(/^\d+/, '253402300799');
      await writeFile(log, lines.join('\n'));
      const problems = await refusedSource(db, asteriskQueueLog, [log]);
      expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([[log, 4, 'time']]);
      expect(problems[0]?.reason).toMatch(/9999-12-31T23:59:59.000Z\) is outside the accepted range/);
    });
  });

  test('Freshdesk and the Asterisk queue_log: a control character in a stored field is refused on its source line, and skipping bad rows skips only that row', async () => {
    await withHelpdesk(async (db, dir) => {
      const tickets = join(dir, 'tickets.csv');
      const csv = await readFile(fixturePath('sources/freshdesk/tickets.csv'), 'utf8');
      await writeFile(tickets, csv.replace('1001,Where is my parcel?', '1001,Where is \u0000 my parcel?'));
      const problems = await refusedSource(db, freshdesk, [tickets]);
      expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([[tickets, 2, 'Subject']]);
      expect(problems[0]?.reason).toMatch(CONTROL);
      const skipped = await importSource(db, freshdesk, [tickets], {
        skipBadRows: true,
        rejectsPath: join(dir, 'rejects.csv'),
      });
      if (!skipped.ok) throw new Error(JSON.stringify(skipped.error));
      expect(skipped.data.rejected).toBe(1);
      const stored = await db.all("SELECT external_id FROM contacts WHERE source = 'freshdesk' ORDER BY 1");
      expect(stored.map((r) => r.external_id)).not.toContain('1001');
      expect(stored.map((r) => r.external_id)).toContain('1002');

      const log = join(dir, 'queue_log');
      const lines = (await readFile(fixturePath('sources/asterisk/queue_log'), 'utf8')).split('\n');
      lines[3] = (lines[3] as string).replace('|support|', '|supp\u0007ort|');
      await writeFile(log, lines.join('\n'));
      const queued = await refusedSource(db, asteriskQueueLog, [log]);
      expect(queued.map((p) => [p.file, p.line, p.column])).toEqual([[log, 4, 'queuename']]);
      expect(queued[0]?.reason).toMatch(/control character U\+0007/);
    });
  });

  test('Chatwoot: a Unix time in the year 5138 is refused in its file, line and field', async () => {
    await withHelpdesk(async (db, dir) => {
      const file = join(dir, 'conversations.ndjson');
      const text = await readFile(fixturePath('sources/chatwoot/ndjson/conversations.ndjson'), 'utf8');
      const lines = text.trimEnd().split('\n');
      lines[1] = JSON.stringify({ ...JSON.parse(lines[1] as string), created_at: 99999999999 });
      await writeFile(file, `${lines.join('\n')}\n`);
      const problems = await refusedSource(db, chatwoot, [file]);
      expect(problems).toHaveLength(1);
      expect([problems[0]?.file, problems[0]?.line, problems[0]?.column]).toEqual([file, 2, 'created_at']);
      expect(problems[0]?.reason).toBe(
        '99999999999 (5138-11-16T09:46:39.000Z) is outside the accepted range 1970-01-01T00:00:00Z to 2200-12-31T23:59:59Z',
      );
    });
  });

  /** The same format without its SQL stage: every row through the row-by-row converter. */
  const rowByRow: SourceFormat = { ...csvMapped, stage: undefined };

  test('a mapped CSV (SQL stage) refuses a year-0000 or 9999 time and a NUL as the converter does', async () => {
    await withHelpdesk(async (db, dir) => {
      const mapping = join(dir, 'email.map.json');
      await writeFile(mapping, JSON.stringify(EMAIL_MAPPING));
      const calls = join(dir, 'emails.csv');
      const good = 'id,opened,subject,agent\nm1,2026-03-02T10:00:00Z,fine,ann\n';
      await writeFile(calls, good);
      // The clean file goes through the SQL stage; the hostile ones are sent back to the converter.
      const clean = await importSource(db, csvMapped, [calls], { mappingPath: mapping });
      if (!clean.ok) throw new Error(JSON.stringify(clean.error));
      expect(clean.data.conversion).toEqual({ by: 'sql' });
      for (const [value, column, reason] of [
        [YEAR_0000, 'opened', OUT_OF_RANGE],
        ['9999-12-31T23:59:59+00:00', 'opened', OUT_OF_RANGE],
        ['2200-12-31T23:30:00-01:00', 'opened', OUT_OF_RANGE],
      ] as const) {
        await writeFile(calls, `${good}m2,${value},hello,bob\n`);
        for (const format of [csvMapped, rowByRow]) {
          const problems = await refusedSource(db, format, [calls], { mappingPath: mapping });
          expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([[calls, 3, column]]);
          expect(problems[0]?.reason).toMatch(reason);
        }
      }
      await writeFile(calls, `${good}m2,2026-03-02T11:00:00Z,nul \u0000 here,bob\n`);
      for (const format of [csvMapped, rowByRow]) {
        const problems = await refusedSource(db, format, [calls], { mappingPath: mapping });
        expect(problems.map((p) => [p.line, p.column])).toEqual([[3, 'subject']]);
        expect(problems[0]?.reason).toMatch(CONTROL);
      }
    });
  });

  test('a local time in the mapping zone that is before 1970 in UTC is refused both ways', async () => {
    await withHelpdesk(async (db, dir) => {
      const mapping = join(dir, 'email.map.json');
      // UTC+14: 1970-01-01 05:00 there is 1969-12-31 15:00 UTC.
      await writeFile(mapping, JSON.stringify({ ...EMAIL_MAPPING, timezone: 'Etc/GMT-14' }));
      const calls = join(dir, 'emails.csv');
      await writeFile(
        calls,
        'id,opened,subject,agent\nm1,2026-03-02 10:00,fine,ann\nm2,1970-01-01 05:00,edge,bob\n',
      );
      for (const format of [csvMapped, rowByRow]) {
        const problems = await refusedSource(db, format, [calls], { mappingPath: mapping });
        expect(problems.map((p) => [p.line, p.column])).toEqual([[3, 'opened']]);
        expect(problems[0]?.reason).toMatch(OUT_OF_RANGE);
      }
    });
  });

  test('a mapped Excel workbook refuses a year-9999 time and a NUL in a cell', async () => {
    await withHelpdesk(async (db, dir) => {
      const mapping = join(dir, 'email.map.json');
      await writeFile(mapping, JSON.stringify(EMAIL_MAPPING));
      const book = join(dir, 'emails.xlsx');
      for (const [row, column, reason] of [
        [['x2', YEAR_9999, 'fine', 'bob'], 'opened', OUT_OF_RANGE],
        [['x2', '2026-03-02T11:00:00Z', { inline: 'nul _x0000_ here' }, 'bob'], 'subject', CONTROL],
      ] as const) {
        await writeXlsx(book, {
          sheets: [
            {
              name: 'Mail',
              rows: [
                ['id', 'opened', 'subject', 'agent'],
                ['x1', '2026-03-02T10:00:00Z', 'fine', 'ann'],
                row,
              ],
            },
          ],
        });
        const problems = await refusedSource(db, csvMapped, [book], { mappingPath: mapping });
        expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([[book, 3, column]]);
        expect(problems[0]?.reason).toMatch(reason);
      }
    });
  });
});

describe('a failure inside the database: a failed load leaves nothing, a failed rebuild stale facts', () => {
  test('events the database refuses to number roll back the contacts loaded before them', async () => {
    await withHelpdesk(async (db, dir) => {
      // An event ordinal at the top of its type: numbering the next import's events overflows
      // inside DuckDB, after every check passed and the contacts file was already loaded.
      await db.run(
        'UPDATE contact_events SET seq = 9223372036854775000 WHERE seq = (SELECT max(seq) FROM contact_events)',
      );
      const before = await counts(db);
      const contacts = join(dir, 'contacts.csv');
      const events = join(dir, 'contact_events.csv');
      await writeFile(contacts, `${CONTACTS_HEADER}\n${contactLine('o1', '2026-03-02T10:00:00Z')}\n`);
      await writeFile(
        events,
        `${EVENTS_HEADER}\n${Array.from({ length: 2000 }, (_, i) => eventLine('o1', `oe${i}`, '2026-03-02T10:00:00Z')).join('\n')}\n`,
      );
      await expect(importFiles(db, [contacts, events])).rejects.toThrow();
      expect(await counts(db)).toEqual(before);
      expect(await db.all("SELECT 1 FROM contacts WHERE external_id = 'o1'")).toEqual([]);
    });
  });

  test('the load itself refuses a staged time outside the range, whatever staged it', async () => {
    await withHelpdesk(async (db) => {
      const before = await counts(db);
      await db.run("CREATE TEMP TABLE hostile_stage AS SELECT * FROM contacts WHERE external_id = 't1'");
      await db.run(
        "UPDATE hostile_stage SET external_id = 'late', contact_key = 'helpdesk|late', created_at = TIMESTAMP '9999-12-31 23:59:59'",
      );
      const load = db.transaction(() => upsertStage(db, 'contacts', 'hostile_stage'));
      await expect(load).rejects.toThrow(OutOfRangeValue);
      await expect(load).rejects.toThrow(
        'contacts.created_at 9999-12-31 23:59:59 is outside the accepted range 1970-01-01 to 2200-12-31',
      );
      expect(await counts(db)).toEqual(before);
    });
  });

  test('a staged time outside the range is a refusal naming the table and column, and nothing is written', async () => {
    await withHelpdesk(async (db) => {
      const before = await counts(db);
      await db.run("CREATE TEMP TABLE hostile_stage AS SELECT * FROM contacts WHERE external_id = 't1'");
      await db.run(
        "UPDATE hostile_stage SET external_id = 'late', contact_key = 'helpdesk|late', created_at = TIMESTAMP '9999-12-31 23:59:59'",
      );
      const result = await importStaged(db, [
        {
          label: 'hostile output contacts',
          table: 'contacts',
          order: 'rowid',
          stage: 'hostile_stage',
          rows: 1,
        },
      ]);
      expect(result).toEqual({
        ok: false,
        error: {
          kind: 'bad_rows',
          total: 1,
          problems: [
            {
              file: 'hostile output contacts',
              line: 0,
              column: 'created_at',
              reason:
                'contacts.created_at 9999-12-31 23:59:59 is outside the accepted range 1970-01-01 to 2200-12-31',
            },
          ],
        },
      });
      expect(await counts(db)).toEqual(before);
    });
  });

  test('an import whose rebuild fails keeps its rows with the facts marked stale, and the next rebuild takes them in', async () => {
    await withHelpdesk(async (db, dir) => {
      // A table only the rebuild writes, near its end, is missing: it fails after the load
      // committed and the facts were recomputed, inside the rebuild's own transaction.
      await db.run('ALTER TABLE source_activity RENAME TO source_activity_aside');
      const before = await counts(db);
      const facts = await db.all(
        'SELECT CAST(to_json(f) AS VARCHAR) AS fact FROM contact_facts f ORDER BY 1',
      );
      const contacts = join(dir, 'contacts.csv');
      await writeFile(contacts, `${CONTACTS_HEADER}\n${contactLine('r1', '2026-03-02T10:00:00Z')}\n`);
      await expect(importFiles(db, [contacts])).rejects.toThrow(/source_activity/);
      // The same through a mapped import loaded from SQL stages.
      const mapping = join(dir, 'email.map.json');
      await writeFile(mapping, JSON.stringify(EMAIL_MAPPING));
      const emails = join(dir, 'emails.csv');
      await writeFile(emails, 'id,opened,subject,agent\nm1,2026-03-02T10:00:00Z,fine,ann\n');
      await expect(importSource(db, csvMapped, [emails], { mappingPath: mapping })).rejects.toThrow(
        /source_activity/,
      );
      const after = await counts(db);
      expect(after.contacts).toBe((before.contacts ?? 0) + 2);
      expect(after.import_log).toBeGreaterThan(before.import_log ?? 0);
      expect(
        await db.all("SELECT external_id FROM contacts WHERE external_id IN ('r1', 'm1') ORDER BY 1"),
      ).toEqual([{ external_id: 'm1' }, { external_id: 'r1' }]);
      // The failed rebuild rolled back whole: the facts are those of before the imports.
      expect(
        await db.all('SELECT CAST(to_json(f) AS VARCHAR) AS fact FROM contact_facts f ORDER BY 1'),
      ).toEqual(facts);

      await db.run('ALTER TABLE source_activity_aside RENAME TO source_activity');
      expect((await dataStatus(db)).stale).toBe(true);
      expect((await rebuildFacts(db)).contacts).toBe(after.contacts);
      expect((await dataStatus(db)).stale).toBe(false);
      expect((await counts(db)).contact_facts).toBe(after.contacts);
      await expectStillImportable(db, dir);
    });
  });
});
