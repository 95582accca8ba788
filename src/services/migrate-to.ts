import { createHash } from 'node:crypto';
import type { Engine } from '../core/engine.js';
import type { KpiQueryInput } from '../core/kpi/query.js';
import { LATEST_SCHEMA_VERSION } from '../core/migrations.js';
import { err, ok, type Result } from '../core/result.js';
import { isClickHouseUrl } from '../engines/clickhouse/engine.js';
import type { DuckDbEngine } from '../engines/duckdb/engine.js';
import { isPostgresServer } from '../engines/postgres/engine.js';
import { runKpiQuery } from './kpi.js';
import { migrate } from './migrate.js';

export interface TableCopy {
  table: string;
  /** Rows read from the DuckDB file. */
  rows: number;
  /** Rows the target holds afterwards; equal to `rows` when the copy is verified. */
  targetRows: number;
}

export interface MigrateSummary {
  tables: TableCopy[];
  rows: number;
  /** sha256 of the KPI answers both databases give (see `kpiFingerprint`). */
  fingerprint: string;
  schemaVersion: number;
  /** Rows the target held before, emptied because `replace` was asked. */
  replacedRows: number;
  ms: number;
}

export type MigrateError =
  /** PostgreSQL and ClickHouse are the targets. */
  | { kind: 'unsupported_target'; scheme: string }
  /** The target holds data already; `replace` empties it first. */
  | { kind: 'target_not_empty'; tables: { table: string; rows: number }[] }
  /** The two databases are at different schema versions even after migrating the target. */
  | { kind: 'schema_versions'; detail: string }
  /** A table or column of the DuckDB file has no counterpart in the target. */
  | { kind: 'schema_differs'; detail: string }
  /** The copy did not give the target what the file holds; nothing was kept. */
  | {
      kind: 'not_verified';
      tables: TableCopy[];
      fingerprints: { source: string; target: string };
    }
  /** The target refused a table's rows (a value it cannot read, a constraint); nothing was kept. */
  | { kind: 'copy_failed'; table: string; detail: string }
  /** The KPI query the verification runs failed on one of the databases. */
  | { kind: 'fingerprint_failed'; database: 'source' | 'target'; detail: string };

export interface MigrateOptions {
  /** Empty the target's tables first (in the same transaction as the copy). */
  replace?: boolean;
  /** After each chunk a table's copy writes: the rows of that table so far. */
  onProgress?: (progress: { table: string; rows: number }) => void;
}

/** What a target address is; a URL this copy cannot write to is refused before anything opens. */
export function checkTargetUrl(url: string): Result<'postgres' | 'clickhouse', MigrateError> {
  if (/^postgres(ql)?:\/\//i.test(url)) return ok('postgres');
  if (isClickHouseUrl(url)) return ok('clickhouse');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? '';
  return err({ kind: 'unsupported_target', scheme });
}

/** The table whose rows record the applied migrations: each database keeps its own. */
const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * The KPI answers the verification compares: every indicator of the catalog by month, and by
 * channel over the whole span, in UTC. Between them they read every fact table the KPIs use. The
 * durations are counted in business hours by default: the months once more in calendar hours read
 * the other half of each duration pair.
 */
const FINGERPRINT_QUERIES: readonly KpiQueryInput[] = [
  { timezone: 'UTC', grain: 'month' },
  { timezone: 'UTC', by: ['channel'] },
  { timezone: 'UTC', grain: 'month', hours: 'calendar' },
];

/** A large database's KPI answers take longer than a dashboard's budget allows. */
const FINGERPRINT_BUDGET_MS = 30 * 60_000;

/** A failure that undoes the copy: thrown out of the target's transaction so that it rolls back. */
class CopyUndone extends Error {
  constructor(readonly failure: MigrateError) {
    super(failure.kind);
  }
}

/**
 * Copies everything a DuckDB database holds into another database (PostgreSQL), then verifies the
 * copy: each table's row count, and the fingerprint of a broad KPI answer on both sides. The copy
 * and the verification are one transaction on the target: when either fails the target is left as
 * it was.
 */
export async function migrateTo(
  from: DuckDbEngine,
  to: Engine,
  options: MigrateOptions = {},
): Promise<Result<MigrateSummary, MigrateError>> {
  const started = performance.now();

  const targetVersion = await schemaVersion(to);
  if (targetVersion > LATEST_SCHEMA_VERSION)
    return err({
      kind: 'schema_versions',
      detail: `the target's schema version ${targetVersion} is newer than this servicemeter (${LATEST_SCHEMA_VERSION}); upgrade servicemeter`,
    });
  await migrate(to);
  const missingVersions = await versionsMissing(from, to);
  if (missingVersions.length > 0)
    return err({
      kind: 'schema_versions',
      detail: `the DuckDB file has migrations ${missingVersions.join(', ')} the target lacks; use the servicemeter version that wrote the file`,
    });

  const tables = await baseTables(from, `table_schema = 'main'`);
  const targetTables = await baseTables(to, 'table_schema = current_schema()');
  const [gap] = missingIn(targetTables, tables);
  if (gap)
    return err({
      kind: 'schema_differs',
      detail:
        gap.columns === null
          ? `the target has no table ${gap.table}`
          : `the target's table ${gap.table} has no column ${gap.columns.join(', ')}`,
    });

  // One connection of the file in one transaction: every table, and the KPI answers compared with
  // the target's, are read from the same snapshot even if something writes to the file meanwhile.
  const snapshot = await from.openWriter();
  try {
    await snapshot.run('BEGIN TRANSACTION');
    const copied = await to.transaction(async (): Promise<Result<MigrateSummary, MigrateError>> => {
      const held = await rowCounts(
        to,
        targetTables.map((t) => t.table),
      );
      const replacedRows = held.reduce((sum, t) => sum + t.rows, 0);
      if (replacedRows > 0) {
        if (!options.replace)
          return err({ kind: 'target_not_empty', tables: held.filter((t) => t.rows > 0) });
        await emptyTables(
          to,
          held.filter((t) => t.rows > 0).map((t) => t.table),
        );
      }

      for (const { table, columns } of tables) {
        const names = columns.map((c) => c.name);
        await copyTable(snapshot, to, table, names, options.onProgress).catch((error: unknown) => {
          throw new CopyUndone({
            kind: 'copy_failed',
            table,
            detail: error instanceof Error ? error.message : String(error),
          });
        });
        await moveSequencesPast(to, table);
      }
      // A bulk copy leaves the server without statistics until autovacuum comes by: the verification
      // and the first rebuild would be planned as if the tables were nearly empty, and a nested loop
      // over two large tables takes minutes. Inside the transaction, so it sees the copied rows.
      if (to.kind === 'postgres') await to.run(`ANALYZE ${tables.map((t) => t.table).join(', ')}`);

      // Counted again on both sides, not taken from the copy: a table the copy missed or cut short
      // differs here whatever the copy believed it wrote.
      const names = tables.map((t) => t.table);
      const targetCounts = new Map((await rowCounts(to, names)).map((t) => [t.table, t.rows]));
      const copies: TableCopy[] = (await rowCounts(snapshot, names)).map(({ table, rows }) => ({
        table,
        rows,
        targetRows: targetCounts.get(table) ?? 0,
      }));
      const source = await kpiFingerprint(snapshot);
      if (!source.ok)
        throw new CopyUndone({
          kind: 'fingerprint_failed',
          database: 'source',
          detail: source.error,
        });
      const target = await kpiFingerprint(to);
      if (!target.ok)
        throw new CopyUndone({
          kind: 'fingerprint_failed',
          database: 'target',
          detail: target.error,
        });
      if (copies.some((c) => c.rows !== c.targetRows) || source.data !== target.data)
        throw new CopyUndone({
          kind: 'not_verified',
          tables: copies,
          fingerprints: { source: source.data, target: target.data },
        });
      return ok({
        tables: copies,
        rows: copies.reduce((sum, c) => sum + c.rows, 0),
        fingerprint: source.data,
        schemaVersion: LATEST_SCHEMA_VERSION,
        replacedRows,
        ms: 0,
      });
    });
    if (!copied.ok) return copied;
    return ok({ ...copied.data, ms: Math.round(performance.now() - started) });
  } catch (error) {
    if (error instanceof CopyUndone) return err(error.failure);
    throw error;
  } finally {
    await snapshot.run('ROLLBACK').catch(() => undefined);
    await snapshot.close();
  }
}

export async function schemaVersion(engine: Engine): Promise<number> {
  const exists = await engine.all(
    `SELECT count(*) AS n FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_name = '${MIGRATIONS_TABLE}'`,
  );
  if (Number(exists[0]?.n ?? 0) === 0) return 0;
  const rows = await engine.all(`SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`);
  return Number(rows[0]?.version ?? 0);
}

/** The file's applied migrations the target has not applied. */
async function versionsMissing(from: Engine, to: Engine): Promise<number[]> {
  const versions = async (engine: Engine) =>
    new Set((await engine.all(`SELECT version FROM ${MIGRATIONS_TABLE}`)).map((r) => Number(r.version)));
  const target = await versions(to);
  return [...(await versions(from))].filter((v) => !target.has(v)).sort((a, b) => a - b);
}

/** A table with its columns, in their order, each with its type as the engine names it. */
export interface TableColumns {
  table: string;
  columns: { name: string; type: string }[];
}

/**
 * The tables (not views) of a schema with their columns, in a fixed order; the migrations'
 * bookkeeping left out. The migrations declare no foreign keys, so no table has to be written
 * before another.
 */
export async function baseTables(engine: Engine, schema: string): Promise<TableColumns[]> {
  const rows = await engine.all(
    `SELECT c.table_name, c.column_name, c.data_type
     FROM information_schema.columns c
     JOIN information_schema.tables t
       ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE t.table_type = 'BASE TABLE' AND t.${schema} AND t.table_name <> '${MIGRATIONS_TABLE}'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, TableColumns['columns']>();
  for (const row of rows) {
    const table = String(row.table_name);
    const columns = tables.get(table) ?? [];
    columns.push({ name: String(row.column_name), type: String(row.data_type) });
    tables.set(table, columns);
  }
  return [...tables].map(([table, columns]) => ({ table, columns }));
}

/**
 * What a copy from `source` into `target` would lose: each table of the source the target lacks
 * (`columns` null), or the source's columns a table of the target lacks; in the source's order.
 */
export function missingIn(
  target: readonly TableColumns[],
  source: readonly TableColumns[],
): { table: string; columns: string[] | null }[] {
  const held = new Map(target.map((t) => [t.table, new Set(t.columns.map((c) => c.name))]));
  return source.flatMap(({ table, columns }): { table: string; columns: string[] | null }[] => {
    const present = held.get(table);
    if (!present) return [{ table, columns: null }];
    const absent = columns.map((c) => c.name).filter((c) => !present.has(c));
    return absent.length > 0 ? [{ table, columns: absent }] : [];
  });
}

export async function rowCounts(
  engine: Engine,
  tables: readonly string[],
): Promise<{ table: string; rows: number }[]> {
  if (tables.length === 0) return [];
  const rows = await engine.all(
    tables.map((t) => `SELECT '${t}' AS table_name, count(*) AS n FROM ${t}`).join(' UNION ALL '),
  );
  const counts = new Map(rows.map((r) => [String(r.table_name), Number(r.n)]));
  return tables.map((table) => ({ table, rows: counts.get(table) ?? 0 }));
}

async function emptyTables(engine: Engine, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  // TRUNCATE is transactional in PostgreSQL, and much faster than deleting row by row.
  if (engine.kind === 'postgres') await engine.run(`TRUNCATE ${tables.join(', ')}`);
  else for (const table of tables) await engine.run(`DELETE FROM ${table}`);
}

/**
 * Streams one table from the file into the target. Every value is read as text: DuckDB writes
 * timestamps as 'YYYY-MM-DD HH:MM:SS[.ffffff]', booleans as true/false and doubles in their
 * shortest exact form, all of which PostgreSQL reads back to the same value. The schema has no
 * list, blob or JSON column that would need converting.
 */
async function copyTable(
  snapshot: DuckDbEngine,
  to: Engine,
  table: string,
  columns: readonly string[],
  onProgress: MigrateOptions['onProgress'],
): Promise<number> {
  const select = columns.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ');
  const result = await snapshot.connection.stream(`SELECT ${select} FROM ${table}`);
  let rows = 0;
  async function* chunks() {
    for await (const chunk of result.yieldRows()) {
      const values = chunk as (string | null)[][];
      yield values;
      rows += values.length;
      onProgress?.({ table, rows });
    }
  }
  if (isPostgresServer(to)) {
    async function* each() {
      for await (const chunk of chunks()) yield* chunk;
    }
    await to.copyRows(table, columns, each());
  } else {
    for await (const chunk of chunks()) await to.insertRows(table, columns, chunk);
  }
  return rows;
}

/**
 * A column numbered by a sequence (SERIAL, IDENTITY) would hand out numbers the copied rows already
 * hold: its sequence is moved past their largest. The schema has none today; one added later is
 * covered without touching this copy.
 */
async function moveSequencesPast(to: Engine, table: string): Promise<void> {
  if (to.kind !== 'postgres') return;
  const numbered = await to.all(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = '${table}'
       AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`,
  );
  for (const { column_name } of numbered) {
    const column = String(column_name);
    await to.run(
      `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), max_value, true)
       FROM (SELECT max(${column}) AS max_value FROM ${table}) m WHERE max_value IS NOT NULL`,
    );
  }
}

/**
 * sha256 of the answers to FINGERPRINT_QUERIES. Both databases hold the same rows, but they add up
 * doubles in their own order, so a mean or a sum can differ in its last bits between them: every
 * number is rounded to 9 significant digits before hashing, well beyond what any indicator shows
 * and far coarser than that noise.
 */
export async function kpiFingerprint(engine: Engine): Promise<Result<string, string>> {
  const hash = createHash('sha256');
  for (const query of FINGERPRINT_QUERIES) {
    const answer = await runKpiQuery(engine, query, { budgetMs: FINGERPRINT_BUDGET_MS });
    if (!answer.ok) return err(JSON.stringify(answer.error));
    hash.update(JSON.stringify(canonical({ range: answer.data.range, rows: answer.data.rows })));
    hash.update('\n');
  }
  return ok(hash.digest('hex'));
}

/** The value with its numbers rounded and object keys sorted, so equal answers give equal text. */
function canonical(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(9)) : String(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

/** Rows the database holds in its tables (the schema's own bookkeeping left out). */
export async function storedRows(engine: Engine): Promise<number> {
  const tables = await baseTables(engine, 'table_schema = current_schema()');
  const counts = await rowCounts(
    engine,
    tables.map((t) => t.table),
  );
  return counts.reduce((sum, t) => sum + t.rows, 0);
}

/** Empties every table of the database, keeping its schema; in the caller's transaction. */
export async function emptyDatabase(engine: Engine): Promise<void> {
  const tables = await baseTables(engine, 'table_schema = current_schema()');
  await emptyTables(
    engine,
    tables.map((t) => t.table),
  );
}
