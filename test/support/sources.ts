import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Engine, Row } from '../../src/core/engine.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../../src/core/kpi/query.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import type { ImportError } from '../../src/ingest/canonical.js';
import type { SourceFormat } from '../../src/ingest/sources/format.js';
import {
  importSource,
  type SourceImportOptions,
  type SourceImportSummary,
} from '../../src/services/import-source.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { FIXTURES, kpiValueIn, withDuckDb } from './engines.js';

/** A path below test/fixtures/. */
export function fixturePath(relative: string): string {
  return join(FIXTURES, relative);
}

/** What a format's `detect` is given for a file: its name and the start of its text (64 Ki characters). */
export async function detectInput(path: string, name = path): Promise<Parameters<SourceFormat['detect']>[0]> {
  return { name, head: (await readFile(path, 'utf8')).slice(0, 65536) };
}

/** The lines of a text file, without the line break at its end. */
async function readLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).trimEnd().split('\n');
}

/** Writes `lines` as a text file, each line ended by a line break. */
async function writeLines(path: string, lines: readonly string[]): Promise<void> {
  await writeFile(path, `${lines.join('\n')}\n`);
}

/**
 * Copies the text file `from` to `to` with some lines changed: each edit names a line by its index
 * (0: the first line) and replaces the first occurrence of a text in it.
 */
export async function writeEditedCopy(
  from: string,
  to: string,
  edits: readonly (readonly [line: number, text: string, replacement: string])[],
): Promise<void> {
  const lines = await readLines(from);
  for (const [line, text, replacement] of edits) lines[line] = lines[line]?.replace(text, replacement) ?? '';
  await writeLines(to, lines);
}

/**
 * Splits the text file `from`, a header line and then records, into two overlapping parts that each
 * start with the header: its lines before index `end` into `first.path`, and the header and the lines
 * from index `start` into `second.path`.
 */
export async function writeOverlappingParts(
  from: string,
  first: { path: string; end: number },
  second: { path: string; start: number },
): Promise<void> {
  const lines = await readLines(from);
  await writeLines(first.path, lines.slice(0, first.end));
  await writeLines(second.path, [lines[0] ?? '', ...lines.slice(second.start)]);
}

/** Imports source files that must import; the test fails with the import's error otherwise. */
export async function importSourceOrThrow(
  ...args: Parameters<typeof importSource>
): Promise<SourceImportSummary> {
  const result = await importSource(...args);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

/** Imports source files that must be refused, and returns why, for the test to compare. */
export async function importSourceError(...args: Parameters<typeof importSource>): Promise<ImportError> {
  const result = await importSource(...args);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('the import succeeded');
  return result.error;
}

/**
 * Imports files holding bad rows twice: as they are, which must be refused with nothing written to
 * `emptyTable` (default: contacts), then with --skip-bad-rows and the rejects in `rejectsPath`.
 * Returns the refusal, the second import's summary and the lines of the rejects file (its header first).
 */
export async function refuseThenSkipBadRows(
  db: DuckDbEngine,
  format: SourceFormat,
  paths: readonly string[],
  rejectsPath: string,
  { emptyTable = 'contacts', ...options }: SourceImportOptions & { emptyTable?: string } = {},
): Promise<{ error: ImportError; skipped: SourceImportSummary; rejects: string[] }> {
  const error = await importSourceError(db, format, paths, options);
  expect(await rowCount(db, emptyTable)).toBe(0);
  const skipped = await importSourceOrThrow(db, format, paths, {
    ...options,
    skipBadRows: true,
    rejectsPath,
  });
  return { error, skipped, rejects: (await readFile(rejectsPath, 'utf8')).split('\n') };
}

/** Runs a KPI query that must succeed and returns its rows. */
export async function kpiRows(db: Engine, query: KpiQueryInput): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, query);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

/** An indicator's value and the count it rests on: the two figures the tests work out by hand. */
export type KpiFigure = Pick<KpiValue, 'value' | 'n'>;

/** The figures of one indicator in a result row; fails the test when the row lacks it. */
export function kpiFigure(row: KpiRow | undefined, id: string): KpiFigure {
  const { value, n } = kpiValueIn(row, id);
  return { value, n };
}

/**
 * The figures of each indicator over a whole date range, in calendar hours: durations worked out by
 * hand from a fixture's timestamps count every second, not opening hours.
 */
export async function kpiOverview(
  db: Engine,
  kpis: readonly string[],
  range: { from: string; to: string },
): Promise<Record<string, KpiFigure>> {
  const [row] = await kpiRows(db, { kpis: [...kpis], hours: 'calendar', ...range });
  return Object.fromEntries(kpis.map((id) => [id, kpiFigure(row, id)]));
}

/** How many rows `table` holds. */
export async function rowCount(db: Engine, table: string): Promise<unknown> {
  const [row] = await db.all(`SELECT count(*) AS n FROM ${table}`);
  return row?.n;
}

/** The row counts of several tables, in one row: a cheap part of comparing two databases. */
async function rowCounts(db: Engine, tables: readonly string[]): Promise<Row[]> {
  return db.all(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
}

/** A view of a database that two imports of the same data must agree on. */
export type Snapshot<T> = (db: Engine) => Promise<T>;

/** The indicators and the table sizes: what most formats compare to call two databases the same. */
export function overviewAndCounts(
  overview: (db: Engine) => Promise<Record<string, KpiFigure>>,
  tables: readonly string[],
): Snapshot<{ kpis: Record<string, KpiFigure>; tables: Row[] }> {
  return async (db) => ({ kpis: await overview(db), tables: await rowCounts(db, tables) });
}

/**
 * Imports `paths` into `db`, then imports them (or `againPaths`) once more: the second import must
 * change no contact and leave the snapshot as it was. Returns that snapshot, for comparing other
 * imports of the same data with.
 */
export async function expectReimportUnchanged<T>(
  db: DuckDbEngine,
  format: SourceFormat,
  paths: readonly string[],
  snapshot: Snapshot<T>,
  { againPaths = paths, ...options }: SourceImportOptions & { againPaths?: readonly string[] } = {},
): Promise<T> {
  await importSourceOrThrow(db, format, paths, options);
  const expected = await snapshot(db);
  const again = await importSourceOrThrow(db, format, againPaths, options);
  expect(again.facts?.changedContacts).toBe(0);
  expect(await snapshot(db)).toEqual(expected);
  return expected;
}

/**
 * Imports `paths` twice into a new database (see expectReimportUnchanged), and `pieces`, overlapping
 * parts of the same data, into another: the two must give the same snapshot.
 */
export async function expectPiecesLikeWhole<T>(
  format: SourceFormat,
  paths: readonly string[],
  pieces: readonly string[],
  snapshot: Snapshot<T>,
  options: SourceImportOptions = {},
): Promise<void> {
  await withDuckDb([], async (whole) => {
    const expected = await expectReimportUnchanged(whole, format, paths, snapshot, options);
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, format, pieces, options);
      expect(await snapshot(db)).toEqual(expected);
    });
  });
}
