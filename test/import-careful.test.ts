import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { CANONICAL_TABLES } from '../src/core/schema.js';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import type { RowProblem } from '../src/ingest/canonical.js';
import { type ImportOptions, importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { parseCsv } from './support/csv.js';
import { withTempDir } from './support/engines.js';

// Careful reading of canonical files: carriage returns, line numbers, bytes that are no UTF-8,
// control characters, very large fields and keys repeated within one file.

const HEADER = ['source', 'external_id', 'channel', 'created_at', 'customer_id', 'subject'];

function contact(id: number, subject = `subject ${id}`): string[] {
  const day = String(2 + (id % 5)).padStart(2, '0');
  return [
    'web',
    `c${id}`,
    'email',
    `2026-03-${day}T09:${String(id % 60).padStart(2, '0')}:00Z`,
    `u${id}`,
    subject,
  ];
}

const field = (f: string) => (/[",\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
const csv = (rows: string[][], eol = '\n') => rows.map((r) => `${r.map(field).join(',')}${eol}`).join('');

async function withDb<T>(work: (db: DuckDbEngine, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const db = await openDuckDb({ path: join(dir, 'test.duckdb') });
    try {
      await migrate(db);
      return await work(db, dir);
    } finally {
      await db.close();
    }
  });
}

/** Every canonical table and the import log, as sorted JSON rows. */
async function everything(db: Engine): Promise<string[][]> {
  const out: string[][] = [];
  for (const table of [...CANONICAL_TABLES, 'import_log']) {
    const rows = await db.all(`SELECT CAST(to_json(x) AS VARCHAR) AS r FROM ${table} x ORDER BY r`);
    out.push(rows.map((r) => String(r.r)));
  }
  return out;
}

/** Imports `content` as `dir/name` into a database holding other contacts; expects a refusal that changes nothing. */
async function refused(
  name: string,
  content: string | Buffer,
  options: ImportOptions = {},
): Promise<{ problems: RowProblem[]; total: number; file: string }> {
  return withDb(async (db, dir) => {
    const held = join(dir, 'contacts-held.csv');
    await writeFile(held, csv([HEADER, contact(900), contact(901)]));
    const first = await importFiles(db, [held]);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const before = await everything(db);
    const file = join(dir, name);
    await writeFile(file, content);
    const result = await importFiles(db, [file], { rejectsPath: join(dir, 'rejects.csv'), ...options });
    if (result.ok || result.error.kind !== 'bad_rows')
      throw new Error(`not refused: ${JSON.stringify(result)}`);
    expect(await everything(db)).toEqual(before);
    return { ...result.error, file };
  });
}

describe('carriage returns and line numbers', () => {
  test('a lone CR inside an unquoted field of an LF file is text, stored as such', async () => {
    await withDb(async (db, dir) => {
      const ending = contact(4, 'ends in CR\r');
      ending[4] = 'u4\r';
      const rows = [
        HEADER,
        contact(1),
        contact(2, 'two\rlines'),
        contact(3, 'quoted, "and"\nmulti-line'),
        ending,
      ];
      const file = join(dir, 'contacts.csv');
      await writeFile(file, csv(rows));
      expect(await readFile(file, 'utf8')).toContain('c2,email,2026-03-04T09:02:00Z,u2,two\rlines\n');
      const result = await importFiles(db, [file]);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(result.data.files[0]).toMatchObject({ rowsRead: 4, rowsImported: 4 });
      const stored = await db.all(
        'SELECT external_id, customer_id, subject FROM contacts ORDER BY external_id',
      );
      expect(stored).toEqual([
        { external_id: 'c1', customer_id: 'u1', subject: 'subject 1' },
        { external_id: 'c2', customer_id: 'u2', subject: 'two\rlines' },
        { external_id: 'c3', customer_id: 'u3', subject: 'quoted, "and"\nmulti-line' },
        // A CR right before the line feed is the line's end (CRLF), one before a comma is text.
        { external_id: 'c4', customer_id: 'u4\r', subject: 'ends in CR' },
      ]);
    });
  });

  test('a file whose lines end now in LF, now in CRLF is loaded as the checks read it', async () => {
    await withDb(async (db, dir) => {
      const file = join(dir, 'contacts.csv');
      const lines = csv([HEADER, contact(1), contact(2), contact(3, 'a "quoted"\r\nbreak')]).split('\n');
      await writeFile(file, `${lines[0]}\n${lines[1]}\r\n${lines.slice(2).join('\n')}`);
      const result = await importFiles(db, [file]);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const stored = await db.all('SELECT external_id, subject FROM contacts ORDER BY external_id');
      expect(stored).toEqual([
        { external_id: 'c1', subject: 'subject 1' },
        { external_id: 'c2', subject: 'subject 2' },
        { external_id: 'c3', subject: 'a "quoted"\r\nbreak' },
      ]);
    });
  });

  test('in a CRLF file a lone CR splits the row, and the error says so on the editor’s line', async () => {
    const split = contact(3);
    split[4] = 'u\r3';
    const rows = [HEADER, contact(1, 'a\nquoted break'), contact(2), split, contact(4)];
    const { problems, file } = await refused('contacts.csv', csv(rows, '\r\n'));
    // Line 1 header, 2–3 the quoted break, 4 contact 2, 5 contact 3 up to the CR, 6 its rest.
    expect(problems).toEqual([
      {
        file,
        line: 5,
        column: '(row)',
        reason: 'has 5 fields, the header has 6 (a carriage return inside a field?)',
      },
      {
        file,
        line: 6,
        column: '(row)',
        reason: 'has 2 fields, the header has 6 (a carriage return inside a field?)',
      },
    ]);
  });

  test('a quote left open swallows lines: the count error names where the quote started', async () => {
    const text = csv([HEADER, contact(1), contact(2), contact(3), contact(4), contact(5)]).replace(
      'u2,subject 2',
      'u2,"subject 2',
    );
    // The stray quote on line 3 now closes… nowhere: the file ends inside it.
    const open = await refused('contacts.csv', text);
    expect(open.problems).toEqual([
      {
        file: open.file,
        line: 3,
        column: '(row)',
        reason: expect.stringMatching(/^a quoted field is not closed before the end of the file/),
      },
    ]);
    // With a quoted field further down, the swallowed lines end in a record of the wrong width.
    const closed = await refused('contacts.csv', `${text.trimEnd().replace(/subject 5$/, '"subject 5"')}\n`);
    expect(closed.problems[0]).toMatchObject({
      line: 6,
      reason: expect.stringMatching(/text after a closing quote/),
    });
    const wide = `${csv([HEADER, contact(1)])}web,c2,email,2026-03-02T09:00:00Z,u2,"one\ntwo",x\n${csv([contact(3)])}`;
    const count = await refused('contacts.csv', wide);
    expect(count.problems).toEqual([
      {
        file: count.file,
        line: 3,
        column: '(row)',
        reason: 'has 7 fields, the header has 6 (an unclosed quote starting on line 3?)',
      },
    ]);
  });
});

describe('bad bytes are named', () => {
  test('bytes that are no UTF-8: line, field, offset and what to do', async () => {
    const good = csv([HEADER, contact(1), contact(2, 'Café')]);
    const bytes = Buffer.from(good.replace('Café', 'Caf\u0000'));
    bytes[bytes.indexOf(0)] = 0xe9;
    const { problems, file, total } = await refused('contacts.csv', bytes);
    expect(total).toBe(1);
    expect(problems).toEqual([
      {
        file,
        line: 3,
        column: 'subject',
        reason: expect.stringMatching(
          /^not valid UTF-8: byte 0xE9 \(é in Windows-1252\) at byte \d+ of the file; save the file as UTF-8/,
        ),
      },
    ]);
    const ndjson = Buffer.concat([
      Buffer.from(
        `${JSON.stringify({ source: 'web', external_id: 'n1', channel: 'chat', created_at: '2026-03-02T09:00:00Z' })}\n{"source":"web","external_id":"n`,
      ),
      Buffer.of(0xc3, 0x28),
      Buffer.from('","channel":"chat","created_at":"2026-03-02T09:00:00Z"}\n'),
    ]);
    const json = await refused('contacts.ndjson', ndjson);
    expect(json.problems).toEqual([
      {
        file: json.file,
        line: 2,
        column: '(row)',
        reason: expect.stringMatching(/^not valid UTF-8: byte 0xC3/),
      },
    ]);
  });

  test('NUL and other control characters are refused by field; tabs and line breaks are text', async () => {
    const rows = [
      HEADER,
      contact(1, 'tab\there, "quoted\r\nbreak"'),
      contact(2, 'nul\u0000inside'),
      contact(3, 'escape\u001B'),
      [...contact(4).slice(0, 3), '2026-03-02T09:00:00Z\uFEFF', 'u4', 'bom in a time'],
    ];
    const { problems, file, total } = await refused('contacts.csv', csv(rows));
    expect(total).toBe(3);
    expect(problems).toEqual([
      {
        file,
        line: 4,
        column: 'subject',
        reason: expect.stringMatching(/^holds the control character U\+0000 \(NUL\) at character 4;/),
      },
      { file, line: 5, column: 'subject', reason: expect.stringMatching(/U\+001B at character 7/) },
      {
        file,
        line: 6,
        column: 'created_at',
        reason: expect.stringMatching(/U\+FEFF \(a byte order mark\) at character 21/),
      },
    ]);
    const escaped = `${JSON.stringify({ source: 'web', external_id: 'n1', channel: 'chat', created_at: '2026-03-02T09:00:00Z', subject: 'a\u0000b' })}\n`;
    const json = await refused('contacts.ndjson', escaped);
    expect(json.problems).toEqual([
      { file: json.file, line: 1, column: 'subject', reason: expect.stringMatching(/U\+0000 \(NUL\)/) },
    ]);
  });

  test('with --skip-bad-rows a row with a control character goes to the rejects file', async () => {
    await withDb(async (db, dir) => {
      const file = join(dir, 'contacts.csv');
      await writeFile(file, csv([HEADER, contact(1), contact(2, 'bell\u0007'), contact(3)]));
      const rejectsPath = join(dir, 'rejects.csv');
      const result = await importFiles(db, [file], { skipBadRows: true, rejectsPath });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(result.data.files[0]).toMatchObject({ rowsRead: 3, rowsImported: 2, rowsRejected: 1 });
      const rejects = parseCsv(await readFile(rejectsPath, 'utf8'));
      expect(rejects[1]?.slice(0, 3)).toEqual([file, '3', 'subject']);
    });
  });

  test('a field over 1 MiB is refused by name; records up to the limits load past DuckDB’s default line size', async () => {
    const huge = 'x'.repeat((1 << 20) + 1);
    const { problems, file } = await refused('contacts.csv', csv([HEADER, contact(1), contact(2, huge)]));
    expect(problems).toEqual([
      {
        file,
        line: 3,
        column: 'subject',
        reason: 'is 1,048,577 characters long, over the limit of 1,048,576 (1 MiB) per field',
      },
    ]);
    const wide = [...HEADER, 'topic', 'tags'];
    const big = (c: string) => c.repeat(1 << 20);
    const rows = [wide, [...contact(1, big('s')), big('é'), big('t')]];
    const tooWide = await refused(
      'contacts.csv',
      csv([
        ...rows,
        [...contact(2, big('a')), big('b'), `${big('c')}`],
        [...contact(3, big('a')), big('b'), big('c')].map((f, i) => (i === 4 ? big('u') : f)),
      ]),
    );
    expect(tooWide.problems).toEqual([
      {
        file: tooWide.file,
        line: 4,
        column: '(row)',
        reason: expect.stringMatching(
          /^is 4,194,3\d\d characters long, over the limit of 4,194,304 \(4 MiB\) per record$/,
        ),
      },
    ]);
    await withDb(async (db, dir) => {
      // Three 1 MiB fields, one of 2-byte characters: 4 MiB on one line, twice DuckDB's default.
      const path = join(dir, 'contacts.csv');
      await writeFile(path, csv(rows));
      const result = await importFiles(db, [path]);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const stored = await db.all('SELECT length(subject) AS s, length(topic) AS t FROM contacts');
      expect(stored).toEqual([{ s: 1 << 20, t: 1 << 20 }]);
    });
  });
});

describe('a key repeated within one file', () => {
  test('is imported once, last row winning, with a counted warning naming the lines', async () => {
    await withDb(async (db, dir) => {
      const file = join(dir, 'contacts.csv');
      const rows = [
        HEADER,
        contact(1),
        contact(2),
        contact(1),
        contact(3, 'multi\nline'),
        contact(2, 'changed'),
        contact(2, 'again'),
        contact(3, 'multi\nline'),
      ];
      await writeFile(file, csv(rows));
      const result = await importFiles(db, [file]);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(result.data.files[0]).toMatchObject({ rowsRead: 7, rowsImported: 3 });
      expect(result.data.warnings).toEqual([
        {
          file,
          message:
            'rows repeat the key (source, external_id) of an earlier row of the file with other values; the last row of each key was imported',
          count: 2,
          examples: ['lines 3, 7 and 8'],
        },
        {
          file,
          message: 'rows repeat an earlier row of the file exactly; each was imported once',
          count: 2,
          examples: ['lines 2 and 4', 'lines 5 and 9'],
        },
      ]);
      expect(await db.all("SELECT subject FROM contacts WHERE external_id = 'c2'")).toEqual([
        { subject: 'again' },
      ]);
    });
  });

  test('rows with distinct keys give no warning', async () => {
    await withDb(async (db, dir) => {
      const file = join(dir, 'contacts.csv');
      await writeFile(file, csv([HEADER, contact(1), contact(2)]));
      const result = await importFiles(db, [file]);
      expect(result.ok && result.data.warnings).toEqual([]);
    });
  });
});
