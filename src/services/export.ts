import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../core/engine.js';
import { CANONICAL_TABLES, type CanonicalTableName } from '../core/schema.js';
import { exportTable as exportFromDuckDb } from '../engines/duckdb/bulk.js';
import { isDuckDb } from '../engines/duckdb/engine.js';
import { exportTable as exportFromPostgres } from '../engines/postgres/bulk.js';
import { isPostgresServer } from '../engines/postgres/engine.js';

export interface ExportSummary {
  dir: string;
  files: { table: string; file: string; rows: number }[];
}

/** How `engine` writes one table as CSV: DuckDB and a PostgreSQL server write the same bytes. */
function tableWriter(engine: Engine): (table: CanonicalTableName, path: string) => Promise<number> {
  if (isDuckDb(engine)) return (table, path) => exportFromDuckDb(engine, table, path);
  if (isPostgresServer(engine)) return (table, path) => exportFromPostgres(engine, table, path);
  throw new Error(`an export reads a DuckDB file or a PostgreSQL server, not a ${engine.kind} engine`);
}

/**
 * Writes every canonical table to `<dir>/<table>.csv` in the import format, so importing the
 * folder into an empty database gives the same indicators. Derived facts are not exported.
 */
export async function exportCanonical(engine: Engine, dir: string): Promise<ExportSummary> {
  const write = tableWriter(engine);
  await mkdir(dir, { recursive: true });
  const files: ExportSummary['files'] = [];
  for (const table of CANONICAL_TABLES) {
    const file = join(dir, `${table}.csv`);
    files.push({ table, file, rows: await write(table, file) });
  }
  return { dir, files };
}
