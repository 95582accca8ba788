import { createWriteStream } from 'node:fs';
import type { Engine, Row } from '../../core/engine.js';
import { type CanonicalTableName, type ColumnSpec, TABLES } from '../../core/schema.js';
import { replaceStoredRows, targetColumns } from '../duckdb/bulk.js';
import type { DuckDbEngine } from '../duckdb/engine.js';
import type { PostgresEngine } from './engine.js';

/**
 * The column of a PostgreSQL stage that numbers its rows in the order of their file: the rowid of
 * the DuckDB stage they were copied from.
 */
export const POSITION = '_position';

/** Rows read from the DuckDB stage per query while they are copied. */
const COPY_CHUNK_ROWS = 20_000;

/** A staged value as text PostgreSQL reads back as the same value. */
function asText(column: string, spec: ColumnSpec | undefined): string {
  // A column the file does not have is staged as an untyped NULL: cast it before formatting.
  if (spec?.type.kind === 'timestamp')
    return `strftime(CAST(${column} AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f')`;
  if (spec?.type.kind === 'date') return `CAST(CAST(${column} AS DATE) AS VARCHAR)`;
  return `CAST(${column} AS VARCHAR)`;
}

/**
 * Copies a DuckDB stage (`stageFile`) into a temporary table of the PostgreSQL `target` with the
 * same columns as the canonical table and the source order in `_position`, streaming its rows
 * through COPY. Returns the rows copied.
 */
export async function copyStage(
  scratch: DuckDbEngine,
  target: Engine,
  table: CanonicalTableName,
  stage: string,
): Promise<number> {
  const columns = targetColumns(table);
  const specs = new Map(TABLES[table].columns.map((c) => [c.name, c]));
  await target.run(`DROP TABLE IF EXISTS ${stage}`);
  await target.run(`CREATE TEMP TABLE ${stage} AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`);
  await target.run(`ALTER TABLE ${stage} ADD COLUMN ${POSITION} BIGINT`);
  const [extent] = await scratch.all(`SELECT max(rowid) AS last FROM ${stage}`);
  const last = extent?.last === null || extent?.last === undefined ? -1 : Number(extent.last);
  const select = [...columns.map((c) => asText(c, specs.get(c))), 'CAST(rowid AS VARCHAR)'];
  const aliases = [...columns, POSITION];
  async function* rows(): AsyncGenerator<unknown[]> {
    for (let from = 0; from <= last; from += COPY_CHUNK_ROWS) {
      const chunk = await scratch.all(
        `SELECT ${select.map((s, i) => `${s} AS ${aliases[i]}`).join(', ')} FROM ${stage} WHERE rowid >= ${from} AND rowid < ${from + COPY_CHUNK_ROWS}`,
      );
      for (const row of chunk) yield aliases.map((a) => (row as Row)[a] ?? null);
    }
  }
  const copying = target as Partial<PostgresEngine>;
  if (copying.copyRows) return copying.copyRows(stage, aliases, rows());
  // An engine without COPY (PGlite) takes the rows in batches.
  let copied = 0;
  let batch: unknown[][] = [];
  for await (const row of rows()) {
    batch.push(row);
    if (batch.length >= 1_000) {
      await target.insertRows(stage, aliases, batch);
      copied += batch.length;
      batch = [];
    }
  }
  await target.insertRows(stage, aliases, batch);
  return copied + batch.length;
}

/** Earliest and latest `created_at` of a contacts stage, as ISO 8601 UTC, as DuckDB's `contactRange` gives them. */
export async function contactRange(
  engine: Engine,
  stage: string,
): Promise<{ from: string | null; to: string | null }> {
  const rows = await engine.all(
    `SELECT ${isoUtc('min(created_at)', 'MS')} AS lo, ${isoUtc('max(created_at)', 'MS')} AS hi FROM ${stage}`,
  );
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { from: text(rows[0]?.lo), to: text(rows[0]?.hi) };
}

/**
 * `upsertStage` for a PostgreSQL stage (`copyStage`): replaces the stored rows with the stage's
 * keys and inserts the stage, the last row of each key by `_position` when `repeated`; an event's
 * `seq` is the next ordinal plus its position, as on DuckDB. Returns the rows written.
 */
export async function upsertStage(
  engine: Engine,
  table: CanonicalTableName,
  stage: string,
  repeated: boolean,
): Promise<number> {
  const firstSeq = await replaceStoredRows(engine, table, stage, repeated);
  const key = TABLES[table].key.join(', ');
  const list = targetColumns(table).join(', ');
  const events = table === 'contact_events';
  const into = events ? `${list}, seq` : list;
  const values = events ? `${list}, ${firstSeq} + ${POSITION}` : list;
  const select = repeated
    ? `SELECT DISTINCT ON (${key}) ${values} FROM ${stage} ORDER BY ${key}, ${POSITION} DESC`
    : `SELECT ${values} FROM ${stage}`;
  const [written] = await engine.all(
    `WITH written AS (INSERT INTO ${table} (${into}) ${select} RETURNING 1) SELECT count(*) AS n FROM written`,
  );
  return Number(written?.n ?? 0);
}

/**
 * A timestamp as ISO 8601 UTC text, as DuckDB writes it: whole seconds without a fraction, else
 * with milliseconds (`MS`, DuckDB's `%g`) or microseconds (`US`, its `%f`).
 */
function isoUtc(timestamp: string, fraction: 'MS' | 'US'): string {
  return `CASE WHEN CAST(EXTRACT(MICROSECONDS FROM ${timestamp}) AS BIGINT) % 1000000 = 0 THEN to_char(${timestamp}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') ELSE to_char(${timestamp}, 'YYYY-MM-DD"T"HH24:MI:SS.${fraction}"Z"') END`;
}

/** A canonical column as the text `exportTable` of DuckDB writes for it. */
function exported(column: ColumnSpec): string {
  const name = column.name;
  switch (column.type.kind) {
    case 'timestamp':
      return isoUtc(name, 'US');
    case 'date':
      return `to_char(${name}, 'YYYY-MM-DD')`;
    case 'boolean':
      return `CASE WHEN ${name} THEN 'true' WHEN NOT ${name} THEN 'false' END`;
    case 'double':
      return `CASE WHEN ${name} = trunc(${name}) THEN CAST(CAST(${name} AS BIGINT) AS VARCHAR) ELSE CAST(${name} AS VARCHAR) END`;
    default:
      return `CAST(${name} AS VARCHAR)`;
  }
}

/** Text compared byte by byte, as DuckDB sorts it, whatever the database's collation. */
function sortedAsBytes(column: ColumnSpec): string {
  const kind = column.type.kind;
  const ordered = kind === 'timestamp' || kind === 'date' || kind === 'integer' || kind === 'double';
  return ordered || kind === 'boolean' ? column.name : `${column.name} COLLATE "C"`;
}

/**
 * `exportTable` of DuckDB on a PostgreSQL server: the same file, byte for byte, streamed through
 * COPY. Returns the rows written.
 */
export async function exportTable(
  engine: PostgresEngine,
  table: CanonicalTableName,
  path: string,
): Promise<number> {
  const spec = TABLES[table];
  const specs = new Map(spec.columns.map((c) => [c.name, c]));
  const select = spec.columns.map((c) => `${exported(c)} AS ${c.name}`).join(', ');
  const key = spec.key.map((k) => {
    const column = specs.get(k);
    if (!column) throw new Error(`${table}: key column ${k} is not a column`);
    return sortedAsBytes(column);
  });
  const order = table === 'contact_events' ? ['seq', ...key] : key;
  return engine.copyOut(
    `SELECT ${select} FROM ${table} ORDER BY ${order.join(', ')}`,
    `FORMAT csv, HEADER true, QUOTE '"', ESCAPE '"'`,
    createWriteStream(path),
  );
}
