import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { CanonicalTableName } from '../src/core/schema.js';
import type { ImportFile } from '../src/ingest/canonical.js';
import { checkedWithoutReading, importFiles } from '../src/services/import.js';
import { withDuckDb } from './support/engines.js';

// A plain CSV file is checked in SQL and a scan of its bytes; anything else, and any value SQL
// cannot vouch for, is read record by record in JavaScript. Both ways store the same rows.

const CONTACTS = [
  'source,external_id,channel,created_at,subject',
  'web,c1,email,2026-03-02T09:00:00Z,"Where is ""my"" order, please?"',
  'web,c2,chat,2026-03-02 10:30:00+01:00,"two',
  'lines"',
  'web,c3,phone,2026-03-03T11:00:00.250Z,',
].join('\n');

const EVENTS = [
  'source,contact_external_id,kind,occurred_at,actor,agent_id,public,body',
  'web,c1,customer_message,2026-03-02T09:00:00Z,customer,,,Hello',
  'web,c1,agent_reply,2026-03-02T09:05:00Z,agent,ann,true,Hi!',
  'web,c2,customer_message,2026-03-02T09:31:00Z,,,,',
  'web,c2,end,2026-03-02T09:45:00Z,,ann,,',
].join('\r\n');

async function fileOf(dir: string, name: string, content: string | Buffer, table: CanonicalTableName) {
  const path = join(dir, name);
  await writeFile(path, content);
  return { path, table, format: { kind: 'csv', delimiter: ',' } } satisfies ImportFile;
}

describe('checkedWithoutReading', () => {
  test('vouches for a plain file: its columns and its count of records', async () => {
    await withDuckDb([], async (db, dir) => {
      const contacts = await checkedWithoutReading(
        db,
        await fileOf(dir, 'contacts.csv', CONTACTS, 'contacts'),
        'stage_contacts',
      );
      expect(contacts).toMatchObject({
        columns: ['source', 'external_id', 'channel', 'created_at', 'subject'],
        rowsRead: 3,
        problemCount: 0,
        rowsRejected: 0,
        fatal: false,
      });
      const events = await checkedWithoutReading(
        db,
        await fileOf(dir, 'contact_events.csv', `\u{FEFF}${EVENTS}\r\n`, 'contact_events'),
        'stage_events',
      );
      expect(events?.rowsRead).toBe(4);
      const answers = await checkedWithoutReading(
        db,
        await fileOf(
          dir,
          'survey_responses.csv',
          'source,external_id,kind,scale_min,scale_max,score,responded_at,sent_at\nweb,r1,csat,1,5,4,2026-03-02T09:00:00Z,\nweb,r2,csat,1,5,,,2026-03-02T09:00:00Z\n',
          'survey_responses',
        ),
        'stage_answers',
      );
      expect(answers?.rowsRead).toBe(2);
      // The file is staged, converted, in the same pass.
      const staged = await db.all('SELECT external_id, created_at FROM stage_contacts ORDER BY rowid');
      expect(staged.map((r) => r.external_id)).toEqual(['c1', 'c2', 'c3']);
    });
  });

  test('leaves to JavaScript every file it cannot vouch for', async () => {
    await withDuckDb([], async (db, dir) => {
      const cases: [string, string | Buffer, CanonicalTableName][] = [
        ['a value no check accepts', CONTACTS.replace('chat', 'fax'), 'contacts'],
        [
          'a form the checks accept but SQL does not vouch for',
          CONTACTS.replace('2026-03-03', '1970-01-01'),
          'contacts',
        ],
        ['a quote inside an unquoted field', CONTACTS.replace(',c3,', ',c"3,'), 'contacts'],
        ['an empty line', CONTACTS.replace('\nweb,c3', '\n\nweb,c3'), 'contacts'],
        ['a lone carriage return', CONTACTS.replace('Where is', 'Where\ris'), 'contacts'],
        [
          'a row with a field too many, which DuckDB refuses',
          `${CONTACTS}\nweb,c4,chat,2026-03-02T09:00:00Z,,x`,
          'contacts',
        ],
        [
          'an empty field too many, which DuckDB would drop unsaid',
          CONTACTS.replace(',c3,phone,2026-03-03T11:00:00.250Z,', ',c3,phone,2026-03-03T11:00:00.250Z,,'),
          'contacts',
        ],
        ['an unknown column', CONTACTS.replace('subject', 'subjekt'), 'contacts'],
        ['a compressed file', gzipSync(CONTACTS), 'contacts'],
        [
          'a survey answer outside its scale',
          'source,external_id,kind,scale_min,scale_max,score,responded_at\nweb,r1,csat,1,5,6,2026-03-02T09:00:00Z\n',
          'survey_responses',
        ],
        [
          'a table whose rules across fields are not in SQL',
          'agent_id,period_start,period_end,hours\nann,2026-03-01,2026-03-31,160\n',
          'paid_hours',
        ],
      ];
      for (const [reason, content, table] of cases) {
        const name = `${table}${typeof content === 'string' ? '.csv' : '.csv.gz'}`;
        expect(
          await checkedWithoutReading(db, await fileOf(dir, name, content, table), 'stage'),
          reason,
        ).toBeNull();
      }
    });
  });
  test('an interrupted stage stops the check instead of falling back to reading the file', async () => {
    await withDuckDb([], async (db, dir) => {
      const rows = Array.from(
        { length: 300_000 },
        (_, i) => `web,c${i},email,2026-03-02T09:${String(i % 60).padStart(2, '0')}:00Z,subject ${i}`,
      );
      const file = await fileOf(
        dir,
        'contacts.csv',
        `source,external_id,channel,created_at,subject\n${rows.join('\n')}\n`,
        'contacts',
      );
      // As the server does when it stops: interrupt until the statement running gives up.
      const interrupting = setInterval(() => db.connection.interrupt(), 2);
      try {
        await expect(checkedWithoutReading(db, file, 'stage')).rejects.toThrow(/^INTERRUPT Error/);
      } finally {
        clearInterval(interrupting);
      }
    });
  });
});

describe('the two ways of checking store the same', () => {
  test('a plain file and its compressed copy (read record by record) give the same tables', async () => {
    const stored = async (compressed: boolean) =>
      withDuckDb([], async (db, dir) => {
        const write = (name: string, content: string) =>
          compressed
            ? writeFile(join(dir, `${name}.gz`), gzipSync(content))
            : writeFile(join(dir, name), content);
        await write('contacts.csv', CONTACTS);
        await write('contact_events.csv', EVENTS);
        const checked = new Map<string, { bytesRead: number; totalBytes: number }>();
        const result = await importFiles(db, [dir], {
          rebuild: false,
          onProgress: (p) => {
            if (p.phase === 'check') checked.set(p.file, p);
          },
        });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        // Either way the check reports its progress through the whole file.
        for (const name of ['contacts.csv', 'contact_events.csv']) {
          const last = checked.get(join(dir, compressed ? `${name}.gz` : name));
          expect(last && last.bytesRead >= last.totalBytes, name).toBe(true);
        }
        const tables: string[][] = [];
        for (const table of ['contacts', 'contact_events']) {
          const rows = await db.all(`SELECT CAST(to_json(x) AS VARCHAR) AS r FROM ${table} x ORDER BY r`);
          tables.push(rows.map((r) => String(r.r)));
        }
        return { tables, rows: result.data.files.map((f) => [f.table, f.rowsRead, f.rowsImported]) };
      });
    const plain = await stored(false);
    expect(plain.rows).toEqual([
      ['contacts', 3, 3],
      ['contact_events', 4, 4],
    ]);
    expect(plain.tables[0]?.join('\n')).toContain('Where is \\"my\\" order, please?');
    expect(await stored(true)).toEqual(plain);
  });

  test('a value SQL doubts is still refused with its line, column and reason', async () => {
    await withDuckDb([], async (db, dir) => {
      await writeFile(join(dir, 'contacts.csv'), CONTACTS.replace('chat', 'fax'));
      const result = await importFiles(db, [dir], { rebuild: false });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toMatchObject({
        kind: 'bad_rows',
        total: 1,
        problems: [{ line: 3, column: 'channel', reason: expect.stringContaining("'fax' is not one of") }],
      });
      expect((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n).toBe(0);
    });
  });
});
