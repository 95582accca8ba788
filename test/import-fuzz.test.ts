import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CANONICAL_TABLES } from '../src/core/schema.js';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import { FIELD_LIMIT } from '../src/ingest/records.js';
import { csvMapped } from '../src/ingest/sources/csv-mapped.js';
import { importFiles } from '../src/services/import.js';
import { importSource } from '../src/services/import-source.js';
import { migrate } from '../src/services/migrate.js';
import { EMAIL_MAPPING } from './support/mappings.js';

// Valid canonical files (and one mapped CSV), mutated as an attacker or a broken export would:
// bytes of other encodings, characters cut short, BOMs and control characters inside fields,
// oversized fields, stray and unclosed quotes, repeated keys, carriage returns. Every import must
// end as the CLI's exit 1 (refused, naming file and line, nothing stored changed) or exit 0 (with
// a warning where something was repeated), never as an internal error (exit 2: a thrown error).

/** The built CLI: run `npm run build:server` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const ROWS = 100;
const RUNS = 100;

type Table = 'contacts' | 'contact_events';
const HEADERS: Record<Table, string[]> = {
  contacts: ['source', 'external_id', 'channel', 'created_at', 'customer_id', 'topic', 'priority', 'subject'],
  contact_events: [
    'source',
    'contact_external_id',
    'external_id',
    'kind',
    'occurred_at',
    'agent_id',
    'queue',
  ],
};
/** Columns any text may go into; the others are keys, codes and times. */
const TEXT: Record<Table, number[]> = { contacts: [4, 5, 7], contact_events: [5, 6] };

const stamp = (i: number, minute = 0) =>
  `2026-03-${String(2 + (i % 20)).padStart(2, '0')}T${String(8 + (i % 9)).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

function baseRows(table: Table): string[][] {
  return Array.from({ length: ROWS }, (_, i) =>
    table === 'contacts'
      ? [
          'fuzz',
          `k${i}`,
          ['email', 'chat', 'phone'][i % 3] as string,
          stamp(i),
          `cust-${i}`,
          i % 4 === 0 ? 'billing' : 'delivery',
          'normal',
          // Every subject has a 2-byte character before any line break; some are quoted.
          i % 5 === 0 ? `Café "latte", n° ${i}\nsecond line 中文 😀` : `Café order ${i}`,
        ]
      : ['fuzz', `k${i}`, `e${i}`, 'customer_message', stamp(i, 1), '', `queue ${i % 3}`],
  );
}

const quoted = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);

/** The file's text and the line each record (0 = header) starts on. */
function serialise(header: string[], rows: string[][], eol = '\n'): { text: string; lines: number[] } {
  const lines: number[] = [];
  let line = 1;
  const out: string[] = [];
  for (const record of [header, ...rows]) {
    lines.push(line);
    const text = record.map(quoted).join(',');
    out.push(text + eol);
    line += (text.match(/\n/g) ?? []).length + 1;
  }
  return { text: out.join(''), lines };
}

type Mutation =
  | { kind: 'latin1' | 'cut-character' | 'lone-lead-byte'; row: number }
  | { kind: 'control'; row: number; column: number; at: number; char: string }
  | { kind: 'big'; row: number; extra: number }
  | { kind: 'stray-quote' | 'unclosed-quote'; row: number; column: number; at: number }
  | { kind: 'duplicate'; row: number; to: number; exact: boolean }
  | { kind: 'cr' | 'cr-in-crlf-file'; row: number; column: number; at: number }
  | { kind: 'crlf-line'; row: number };

const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u000B', '\u001B', '\u007F', '\u0085', '\uFEFF'];

const mutation = (table: Table): fc.Arbitrary<Mutation> => {
  const row = fc.integer({ min: 0, max: ROWS - 1 });
  const column = fc.constantFrom(...TEXT[table]);
  const at = fc.nat({ max: 40 });
  const encodings =
    table === 'contacts'
      ? [fc.record({ kind: fc.constantFrom('latin1', 'cut-character', 'lone-lead-byte' as const), row })]
      : [];
  return fc.oneof(
    ...encodings,
    fc.record({
      kind: fc.constant('control' as const),
      row,
      column: fc.integer({ min: 0, max: HEADERS[table].length - 1 }),
      at,
      char: fc.constantFrom(...CONTROLS),
    }),
    fc.record({ kind: fc.constant('big' as const), row, extra: fc.integer({ min: 1, max: 5000 }) }),
    fc.record({ kind: fc.constantFrom('stray-quote', 'unclosed-quote' as const), row, column, at }),
    fc.record({ kind: fc.constant('duplicate' as const), row, to: row, exact: fc.boolean() }),
    fc.record({ kind: fc.constantFrom('cr', 'cr-in-crlf-file' as const), row, column, at }),
    fc.record({ kind: fc.constant('crlf-line' as const), row }),
  ) as fc.Arbitrary<Mutation>;
};

interface Mutated {
  table: Table;
  bytes: Buffer;
  /** What the import must say: refused on `line` (and `column`) with a reason matching `reason`, or imported with a warning. */
  expect:
    | { refused: true; line?: number; column?: string; reason: RegExp }
    | { refused: false; warning?: RegExp; stored?: { column: string; value: string } };
}

/** A text column of the row whose value is written without quotes and is not empty. */
const plainColumn = (table: Table, row: string[]) =>
  TEXT[table].find((c) => /^[^",\r\n]+$/.test(row[c] as string)) as number;

const insertAt = (text: string, at: number, piece: string) => {
  const i = Math.min(at, text.length);
  return text.slice(0, i) + piece + text.slice(i);
};

function mutate(table: Table, m: Mutation): Mutated {
  const header = HEADERS[table];
  const rows = baseRows(table);
  const target = rows[m.row] as string[];
  const base = serialise(header, rows);
  const line = base.lines[m.row + 1] as number;
  const subject = header.length - 1;
  switch (m.kind) {
    case 'latin1':
    case 'lone-lead-byte': {
      // The file as bytes, with the subject's é (C3 A9) written as Latin-1 (E9), or a lead byte
      // with nothing after it.
      const bytes = Buffer.from(base.text);
      const before = base.text
        .split('\n')
        .slice(0, line - 1)
        .join('\n');
      const at = bytes.indexOf(Buffer.from('é'), Buffer.byteLength(before));
      const bad = m.kind === 'latin1' ? Buffer.of(0xe9) : Buffer.of(0xe2, 0x41);
      return {
        table,
        bytes: Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at + 2)]),
        expect: { refused: true, line, column: 'subject', reason: /^not valid UTF-8: byte 0x(E9|E2) / },
      };
    }
    case 'cut-character': {
      // The file ends half-way through a character.
      const cut = serialise(header, rows.slice(0, m.row + 1)).text.trimEnd();
      const euro = Buffer.from('€');
      return {
        table,
        bytes: Buffer.concat([Buffer.from(cut), euro.subarray(0, 1 + (m.row % 2))]),
        expect: {
          refused: true,
          line: cut.split('\n').length,
          column: 'subject',
          reason: /the file ends inside a character/,
        },
      };
    }
    case 'control': {
      target[m.column] = insertAt(target[m.column] as string, m.at, m.char);
      return {
        table,
        bytes: Buffer.from(serialise(header, rows).text),
        expect: { refused: true, line, column: header[m.column], reason: /^holds the control character U\+/ },
      };
    }
    case 'big': {
      target[subject] = 'x'.repeat(FIELD_LIMIT + m.extra);
      return {
        table,
        bytes: Buffer.from(serialise(header, rows).text),
        expect: {
          refused: true,
          line,
          column: header[subject],
          reason: /over the limit of 1,048,576 \(1 MiB\) per field/,
        },
      };
    }
    case 'stray-quote':
    case 'unclosed-quote': {
      // Only in a field written without quotes, so the quote is the only one there.
      const index = plainColumn(table, target);
      const value = target[index] as string;
      const lineText = base.text.split('\n')[line - 1] as string;
      const fieldStart = lineText.split(',').slice(0, index).join(',').length + (index > 0 ? 1 : 0);
      const offset = m.kind === 'unclosed-quote' ? 0 : 1 + (m.at % Math.max(1, value.length));
      const lines = base.text.split('\n');
      lines[line - 1] = insertAt(lineText, fieldStart + offset, '"');
      return {
        table,
        bytes: Buffer.from(lines.join('\n')),
        expect:
          m.kind === 'stray-quote'
            ? {
                refused: false,
                stored: { column: header[index] as string, value: insertAt(value, offset, '"') },
              }
            : { refused: true, reason: /quote|fields, the header has/ },
      };
    }
    case 'duplicate': {
      const copy = [...target];
      if (!m.exact) copy[TEXT[table][0] as number] = 'changed';
      rows.splice(m.to + 1, 0, copy);
      return {
        table,
        bytes: Buffer.from(serialise(header, rows).text),
        expect: {
          refused: false,
          warning: m.exact
            ? /repeat an earlier row of the file exactly/
            : /with other values; the last row of each key was imported/,
        },
      };
    }
    case 'crlf-line': {
      // One record of an LF file ends in CRLF, as where two exports were pasted together.
      const lines = base.text.split('\n');
      const end = (base.lines[m.row + 2] ?? lines.length) - 2;
      lines[end] = `${lines[end]}\r`;
      return { table, bytes: Buffer.from(lines.join('\n')), expect: { refused: false } };
    }
    case 'cr':
    case 'cr-in-crlf-file': {
      const index = plainColumn(table, target);
      const value = target[index] as string;
      target[index] = insertAt(value, 1 + (m.at % Math.max(1, value.length - 1)), '\r');
      if (m.kind === 'cr') {
        // Written unquoted: a CR inside an unquoted field of an LF file is text.
        const text = [header, ...rows]
          .map((r) => `${r.map((f, i) => (i === index ? f : quoted(f))).join(',')}\n`)
          .join('');
        return {
          table,
          bytes: Buffer.from(text),
          expect: {
            refused: false,
            stored: { column: header[index] as string, value: target[index] as string },
          },
        };
      }
      const text = [header, ...rows]
        .map((r) => `${r.map((f, i) => (i === index ? f : quoted(f))).join(',')}\r\n`)
        .join('');
      return {
        table,
        bytes: Buffer.from(text),
        expect: { refused: true, reason: /a carriage return inside a field\?/ },
      };
    }
  }
}

async function openDb(path: string): Promise<DuckDbEngine> {
  const db = await openDuckDb({ path });
  await migrate(db);
  return db;
}

/** Every canonical table and the import log, as sorted JSON rows. */
async function everything(db: DuckDbEngine): Promise<string[][]> {
  const out: string[][] = [];
  for (const table of [...CANONICAL_TABLES, 'import_log', 'contact_facts']) {
    const rows = await db.all(`SELECT CAST(to_json(x) AS VARCHAR) AS r FROM ${table} x ORDER BY r`);
    out.push(rows.map((r) => String(r.r)));
  }
  return out;
}

let dir: string;
let pristine: string;
let db: DuckDbEngine;
let held: string[][];

/** The database back to what the fuzzing starts from, after an import that was let through. */
async function restore(): Promise<void> {
  await db.close();
  await copyFile(pristine, join(dir, 'work.duckdb'));
  db = await openDb(join(dir, 'work.duckdb'));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-fuzz-'));
  pristine = join(dir, 'pristine.duckdb');
  // Something stored that no refused import may touch: the valid files under another source.
  const seed = await openDb(pristine);
  for (const table of ['contacts', 'contact_events'] as const) {
    const rows = baseRows(table)
      .slice(0, 10)
      .map((r) => ['held', ...r.slice(1)]);
    await writeFile(join(dir, `${table}-held.csv`), serialise(HEADERS[table], rows).text);
  }
  const seeded = await importFiles(seed, [
    join(dir, 'contacts-held.csv'),
    join(dir, 'contact_events-held.csv'),
  ]);
  if (!seeded.ok) throw new Error(JSON.stringify(seeded.error));
  await seed.close();
  await copyFile(pristine, join(dir, 'work.duckdb'));
  db = await openDb(join(dir, 'work.duckdb'));
  held = await everything(db);
}, 60_000);

afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Writes the mutated file next to a valid other one, imports both, checks the outcome. */
async function importMutated(mutations: { table: Table; m: Mutation }[]): Promise<void> {
  const byTable = new Map<Table, Mutated>();
  for (const { table, m } of mutations) if (!byTable.has(table)) byTable.set(table, mutate(table, m));
  const paths: string[] = [];
  for (const table of ['contacts', 'contact_events'] as const) {
    const path = join(dir, `${table}.csv`);
    await writeFile(path, byTable.get(table)?.bytes ?? serialise(HEADERS[table], baseRows(table)).text);
    paths.push(path);
  }
  const expected = [...byTable.values()];
  const single = expected.length === 1 ? expected[0] : undefined;
  // An import expected through goes to a database of its own, so the held one needs no restoring.
  const through = single !== undefined && !single.expect.refused;
  const target = through ? await openDb(':memory:') : db;
  try {
    await checkImport(target, paths, single);
  } finally {
    if (through) await target.close();
  }
}

async function checkImport(db: DuckDbEngine, paths: string[], single: Mutated | undefined): Promise<void> {
  // A thrown error is the CLI's exit 2: the test fails with it.
  const result = await importFiles(db, paths);
  if (!result.ok) {
    expect(result.error.kind).toBe('bad_rows');
    if (result.error.kind !== 'bad_rows') return;
    for (const p of result.error.problems) {
      expect(paths).toContain(p.file);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.reason.length).toBeGreaterThan(0);
    }
    if (single) {
      expect(single.expect.refused).toBe(true);
      if (single.expect.refused) {
        const file = join(dir, `${single.table}.csv`);
        const { line, column, reason } = single.expect;
        expect(result.error.problems).toContainEqual({
          file,
          line: line ?? expect.any(Number),
          column: column ?? expect.any(String),
          reason: expect.stringMatching(reason),
        });
      }
    }
    expect(await everything(db)).toEqual(held);
    return;
  }
  expect(single === undefined || !single.expect.refused).toBe(true);
  if (single && !single.expect.refused) {
    if (single.expect.warning) {
      expect(result.data.warnings.map((w) => w.message)).toContainEqual(
        expect.stringMatching(single.expect.warning),
      );
      expect(
        result.data.warnings.every((w) => w.examples.every((e) => /^lines \d+( and \d+)?$/.test(e))),
      ).toBe(true);
    } else expect(result.data.warnings).toEqual([]);
    if (single.expect.stored !== undefined) {
      const { column, value } = single.expect.stored;
      const found = await db.all(`SELECT count(*) AS n FROM ${single.table} WHERE ${column} = $1`, [value]);
      expect(found, `${column} holds ${JSON.stringify(value)}`).toEqual([{ n: 1 }]);
    }
  }
  if (single === undefined) await restore();
}

const TABLE = fc.constantFrom<Table>('contacts', 'contact_events');
const ONE = TABLE.chain((table) => mutation(table).map((m) => [{ table, m }]));
const SOME = fc.array(
  TABLE.chain((table) => mutation(table).map((m) => ({ table, m }))),
  { minLength: 2, maxLength: 3 },
);

describe('fuzzed canonical files: exit 1 with a named line, or exit 0 with a warning, never exit 2', () => {
  test(`${RUNS} mutated imports, one mutation each or several at once`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: ONE, weight: 4 }, { arbitrary: SOME, weight: 1 }),
        importMutated,
      ),
      { numRuns: RUNS, seed: 20261204, endOnFailure: true },
    );
  }, 150_000);
});

// ---------------------------------------------------------------------------------------------
// One mapped format: csv --map with a contact per row, read by DuckDB or row by row.

const MAPPED_HEADER = ['id', 'opened', 'subject', 'agent', 'note'];
const mappedRows = () =>
  Array.from({ length: ROWS }, (_, i) => [`m${i}`, stamp(i), `Café ${i}`, `agent ${i % 4}`, `note ${i}`]);

type MappedMutation =
  | { kind: 'latin1' | 'stray-quote' | 'big' | 'cr' | 'cr-in-crlf-file'; row: number }
  | { kind: 'control'; row: number; column: 2 | 3 | 4; char: string };

const MAPPED_MUTATION: fc.Arbitrary<MappedMutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('latin1', 'stray-quote', 'big', 'cr', 'cr-in-crlf-file' as const),
    row: fc.integer({ min: 0, max: ROWS - 1 }),
  }),
  fc.record({
    kind: fc.constant('control' as const),
    row: fc.integer({ min: 0, max: ROWS - 1 }),
    column: fc.constantFrom(2 as const, 3 as const, 4 as const),
    char: fc.constantFrom(...CONTROLS),
  }),
);

async function importMappedMutated(m: MappedMutation): Promise<void> {
  const rows = mappedRows();
  const target = rows[m.row] as string[];
  const line = m.row + 2;
  let eol = '\n';
  let outcome:
    | { refused: true; column: string; reason: RegExp; line?: number }
    | { refused: false; by: 'sql' | 'rows' };
  switch (m.kind) {
    case 'latin1':
      outcome = {
        refused: true,
        column: 'subject',
        reason: /^not valid UTF-8: byte 0xE9 .*"encoding" in the mapping$/,
      };
      break;
    case 'stray-quote':
      target[3] = `agent "${m.row}`;
      // A quote inside an unquoted field is text, for DuckDB's reader and the converter alike.
      outcome = { refused: false, by: 'sql' };
      break;
    case 'big':
      target[2] = 'y'.repeat(FIELD_LIMIT + 1);
      outcome = {
        refused: true,
        column: 'subject',
        reason: /over the limit of 1,048,576 \(1 MiB\) per field/,
      };
      break;
    case 'cr':
      target[2] = `Café\r${m.row}`;
      outcome = { refused: false, by: 'rows' };
      break;
    case 'cr-in-crlf-file':
      target[3] = `agent\r${m.row}`;
      eol = '\r\n';
      // The row's first part has every field mapped; its rest is a row of two fields.
      outcome = {
        refused: true,
        line: line + 1,
        column: 'opened',
        reason: /a carriage return inside a field\?/,
      };
      break;
    case 'control':
      target[m.column] = `${target[m.column]}${m.char}`;
      // A column the mapping does not read may hold anything.
      outcome =
        m.column === 4
          ? { refused: false, by: 'sql' }
          : {
              refused: true,
              column: MAPPED_HEADER[m.column] as string,
              reason: /^holds the control character U\+/,
            };
      break;
  }
  const text = [MAPPED_HEADER, ...rows].map((r) => `${r.join(',')}${eol}`).join('');
  let bytes = Buffer.from(text);
  if (m.kind === 'latin1') {
    const at = bytes.indexOf(Buffer.from(`Café ${m.row},`));
    bytes = Buffer.concat([bytes.subarray(0, at + 3), Buffer.of(0xe9), bytes.subarray(at + 5)]);
  }
  const path = join(dir, 'export.csv');
  const mappingPath = join(dir, 'export.map.json');
  await writeFile(path, bytes);
  await writeFile(mappingPath, JSON.stringify(EMAIL_MAPPING));
  const result = await importSource(db, csvMapped, [path], { mappingPath });
  if (!result.ok) {
    expect(outcome.refused).not.toBe(false);
    if (outcome.refused !== false && result.error.kind === 'bad_rows') {
      expect(result.error.problems).toContainEqual({
        file: path,
        line: 'line' in outcome ? outcome.line : line,
        column: outcome.column,
        reason: expect.stringMatching(outcome.reason),
      });
    } else expect(result.error.kind).toBe('bad_rows');
    expect(await everything(db)).toEqual(held);
    return;
  }
  expect(outcome).toEqual({ refused: false, by: result.data.conversion.by });
  if (m.kind === 'stray-quote') {
    const stored = await db.all('SELECT assignee_id FROM contacts WHERE external_id = $1', [`m${m.row}`]);
    expect(stored).toEqual([{ assignee_id: `agent "${m.row}` }]);
  }
  expect(await db.all("SELECT count(*) AS n FROM contacts WHERE source = 'csv'")).toEqual([{ n: ROWS }]);
  if (m.kind === 'cr') {
    const stored = await db.all('SELECT subject FROM contacts WHERE external_id = $1', [`m${m.row}`]);
    expect(stored).toEqual([{ subject: `Café\r${m.row}` }]);
  }
  await restore();
}

describe('a fuzzed mapped CSV: both ways of reading agree on what is refused', () => {
  test('20 mutated imports', async () => {
    await fc.assert(fc.asyncProperty(MAPPED_MUTATION, importMappedMutated), {
      numRuns: 20,
      seed: 20261204,
      endOnFailure: true,
    });
  }, 90_000);
});

// ---------------------------------------------------------------------------------------------
// The real CLI, for a few of them: the exit code and the message a user sees.

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI: exit 1 naming file and line, or exit 0 with a warning', () => {
  test('bad bytes, a control character, a huge field and a repeated key', async () => {
    // Rows 0 and 5 take two lines each: row 7 starts on line 11.
    const cases: { m: Mutation; code: number; stderr: RegExp }[] = [
      {
        m: { kind: 'latin1', row: 7 },
        code: 1,
        stderr: /contacts\.csv:11 subject: not valid UTF-8: byte 0xE9/,
      },
      {
        m: { kind: 'control', row: 3, column: 7, at: 2, char: '\u0000' },
        code: 1,
        stderr: /contacts\.csv:6 subject: holds the control character U\+0000 \(NUL\)/,
      },
      {
        m: { kind: 'big', row: 0, extra: 1 },
        code: 1,
        stderr: /contacts\.csv:2 subject: is 1,048,577 characters long/,
      },
      {
        m: { kind: 'duplicate', row: 1, to: 2, exact: false },
        code: 0,
        stderr:
          /warning: .*contacts\.csv: rows repeat the key \(source, external_id\) .* 1× \(e\.g\. lines 4 and 6\)/,
      },
    ];
    for (const [index, c] of cases.entries()) {
      const database = join(dir, `cli-${index}.duckdb`);
      await copyFile(pristine, database);
      const file = join(dir, 'contacts.csv');
      await writeFile(file, mutate('contacts', c.m).bytes);
      const run = await runCli(['import', file, '--db', database]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: c.code,
        stderr: expect.stringMatching(c.stderr),
      });
      expect(run.stderr).not.toMatch(/internal error/);
    }
  }, 60_000);
});
