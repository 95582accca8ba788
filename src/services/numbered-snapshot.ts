/**
 * Reading a large query a page at a time. Paging the query itself (`key > last ORDER BY key LIMIT
 * n`) runs it again for every page: over a year of history, a thousand times over every event (a
 * first import of a million contacts spent more than half an hour that way). A snapshot runs it
 * once into a temporary table numbered by `n`, and a page is a range of those numbers.
 */
import type { Engine, Row } from '../core/engine.js';

/** A query's rows at one moment, numbered: several rows may share a number (a contact's events). */
export interface NumberedSnapshot {
  /** The temporary table, for a snapshot taken from this one. */
  readonly table: string;
  /** The largest number, 0 when there are no rows. */
  readonly last: number;
  /**
   * The rows numbered above `after` up to `through`, in `orderBy`: `columns` of the query, all of
   * them unless named (turning values into JavaScript is most of a page's time).
   */
  rows(after: number, through: number, orderBy: string, columns?: string): Promise<Row[]>;
}

let snapshots = 0;

/**
 * Takes `select` (a query with a whole-number column `n`, parameters `params`) into a temporary
 * table of the engine's own connection for the time of `work`. Rows written afterwards are not in it:
 * a reader of texts or checks of contacts picks them up on its next run.
 */
export async function withNumberedSnapshot<T>(
  engine: Engine,
  select: string,
  params: readonly unknown[],
  work: (snapshot: NumberedSnapshot) => Promise<T>,
): Promise<T> {
  // A name of its own: a server may read texts and check contacts on the same connection.
  const table = `numbered_snapshot_${++snapshots}`;
  await engine.run(`DROP TABLE IF EXISTS ${table}`);
  // Not sorted: a sort of every text with its body needs more than a server's gigabyte. A page is
  // found by its numbers all the same: DuckDB reads the number column alone to find its rows, and
  // PostgreSQL has an index.
  await engine.run(`CREATE TEMP TABLE ${table} AS ${select}`, params);
  try {
    if (engine.kind === 'postgres') {
      await engine.run(`CREATE INDEX ${table}_n ON ${table} (n)`);
      // Temporary tables are never analysed by autovacuum: without statistics every page is a full scan.
      await engine.run(`ANALYZE ${table}`);
    }
    // Read in a transaction: a server sends other reads to connections of their own, where this
    // temporary table does not exist; a transaction's statements stay on the connection that made it.
    const read = (sql: string) => engine.transaction(() => engine.all(sql));
    const [counted] = await read(`SELECT COALESCE(max(n), 0) AS last FROM ${table}`);
    const snapshot: NumberedSnapshot = {
      table,
      last: Number(counted?.last ?? 0),
      rows: (after, through, orderBy, columns = '*') =>
        read(
          `SELECT ${columns} FROM ${table} WHERE n > ${Math.trunc(after)} AND n <= ${Math.trunc(through)} ORDER BY ${orderBy}`,
        ),
    };
    return await work(snapshot);
  } finally {
    // Not over the error that got here (a transaction PostgreSQL aborted refuses it): the table
    // goes with the connection at the latest.
    await engine.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  }
}
