import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CANONICAL_TABLES } from '../core/schema.js';
import { exportTable } from '../engines/duckdb/bulk.js';
import type { DuckDbEngine } from '../engines/duckdb/engine.js';

export interface ExportSummary {
  dir: string;
  files: { table: string; file: string; rows: number }[];
}

/**
 * Writes every canonical table to `<dir>/<table>.csv` in the import format, so importing the
 * folder into an empty database gives the same indicators. Derived facts are not exported.
 */
export async function exportCanonical(engine: DuckDbEngine, dir: string): Promise<ExportSummary> {
  await mkdir(dir, { recursive: true });
  const files: ExportSummary['files'] = [];
  for (const table of CANONICAL_TABLES) {
    const file = join(dir, `${table}.csv`);
    files.push({ table, file, rows: await exportTable(engine, table, file) });
  }
  return { dir, files };
}
