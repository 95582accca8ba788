/**
 * Tables read out of a PostgreSQL server's database into DuckDB, value for value: by the ClickHouse
 * copy (through a DuckDB in memory and Parquet) and by a backup into a DuckDB file. A table leaves
 * PostgreSQL as CSV through `COPY … TO STDOUT`, streamed to a file, written so that nothing is lost
 * on the way, and DuckDB reads every column as text and casts it to the column's type.
 */
import { createWriteStream } from 'node:fs';
import { quoteLiteral } from '../core/dialect.js';
import type { PostgresEngine } from '../engines/postgres/engine.js';

/** A column by its name and its DuckDB type (`VARCHAR`, `TIMESTAMP`, `DECIMAL(18,2)`, …). */
export interface TypedColumn {
  name: string;
  type: string;
}

/**
 * Another connection to the database, in a transaction that reads one snapshot of it: every table
 * and every answer compared are of the same moment while the database goes on serving.
 */
export async function openPostgresSnapshot(from: PostgresEngine): Promise<PostgresEngine> {
  const snapshot = await from.openWriter();
  try {
    // PostgreSQL reads one snapshot for a whole transaction only from REPEATABLE READ up.
    await snapshot.run('BEGIN ISOLATION LEVEL REPEATABLE READ');
    // Every double written as text reads back as the same double (PostgreSQL before 12 wrote 15 digits).
    await snapshot.run('SET LOCAL extra_float_digits = 3');
    return snapshot;
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

/** A column as text PostgreSQL's COPY writes and DuckDB reads back as the same value. */
function postgresText(column: TypedColumn): string {
  switch (column.type) {
    case 'TIMESTAMP':
      return `to_char(${column.name}, 'YYYY-MM-DD HH24:MI:SS.US')`;
    case 'DATE':
      return `to_char(${column.name}, 'YYYY-MM-DD')`;
    case 'BOOLEAN':
      return `CASE WHEN ${column.name} THEN 'true' WHEN NOT ${column.name} THEN 'false' END`;
    default:
      return `CAST(${column.name} AS TEXT)`;
  }
}

/** Writes a table's rows as CSV with a header to `path`; returns the rows written. */
export function copyTableOut(
  snapshot: PostgresEngine,
  table: string,
  columns: readonly TypedColumn[],
  path: string,
): Promise<number> {
  return snapshot.copyOut(
    `SELECT ${columns.map((c) => `${postgresText(c)} AS ${c.name}`).join(', ')} FROM ${table}`,
    `FORMAT csv, HEADER true, QUOTE '"', ESCAPE '"'`,
    createWriteStream(path),
  );
}

/**
 * DuckDB's SELECT of a file `copyTableOut` wrote, each column typed. In the CSV an empty text is
 * quoted and a NULL is not: the reader keeps them apart (`allow_quoted_nulls = false`).
 */
export function typedCsvSelect(path: string, columns: readonly TypedColumn[]): string {
  const asText = `{${columns.map((c) => `${quoteLiteral(c.name)}: 'VARCHAR'`).join(', ')}}`;
  const typed = columns.map((c) => `CAST(${c.name} AS ${c.type}) AS ${c.name}`).join(', ');
  return `SELECT ${typed} FROM read_csv(${quoteLiteral(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, max_line_size = 16777216, buffer_size = 33554432, columns = ${asText})`;
}
