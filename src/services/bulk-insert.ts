/**
 * Writing many rows at once. A run of the automatic checks or of the text analysis writes tens of
 * thousands of rows, and a multi-row INSERT with a parameter per value is many times slower than
 * one JSON parameter the engine reads back into rows.
 */
import type { Engine } from '../core/engine.js';

/**
 * Inserts rows of text in one statement (timestamps as text in the columns named `timestamps`,
 * numbers as text in those named in `casts` with their SQL type).
 */
export async function insertAsJson(
  engine: Engine,
  table: string,
  columns: readonly string[],
  timestamps: ReadonlySet<string>,
  rows: readonly (readonly (string | null)[])[],
  casts: Readonly<Record<string, string>> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const payload = jsonRowsParam(columns, rows);
  const read = jsonRowsSql(engine, columns, 1);
  const values = columns
    .map((c) => {
      if (timestamps.has(c)) return `CAST(${c} AS TIMESTAMP)`;
      const type = casts[c];
      return type === undefined ? c : `CAST(${c} AS ${type})`;
    })
    .join(', ');
  await engine.run(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM (${read}) x`, [
    payload,
  ]);
}

/**
 * A SELECT of the rows in the JSON parameter `index` (an array of objects whose values are text or
 * null), with one text column per name in `columns`.
 */
export function jsonRowsSql(engine: Engine, columns: readonly string[], index: number): string {
  const p = engine.dialect.placeholder;
  const structure = JSON.stringify([Object.fromEntries(columns.map((c) => [c, 'VARCHAR']))]);
  return engine.kind === 'duckdb'
    ? `SELECT ${columns.map((c) => `r.${c} AS ${c}`).join(', ')} FROM (SELECT unnest(from_json(${p(index)}, '${structure}')) AS r)`
    : `SELECT * FROM json_to_recordset(CAST(${p(index)} AS json)) AS r(${columns.map((c) => `${c} VARCHAR`).join(', ')})`;
}

/** The JSON parameter jsonRowsSql reads. */
export function jsonRowsParam(
  columns: readonly string[],
  rows: readonly (readonly (string | null)[])[],
): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null]))));
}
