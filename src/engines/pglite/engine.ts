import { PGlite } from '@electric-sql/pglite';
import { postgresDialect } from '../../core/dialect.js';
import { abortReason, type Engine, type Row } from '../../core/engine.js';
import { multiRowInsert, normaliseRow, transactionRunner } from '../normalise.js';

/** An embedded PostgreSQL database, which can be saved whole and opened again from that copy. */
export interface PgliteEngine extends Engine {
  /** The whole database as an uncompressed tar archive, for `openPglite({ from })`. */
  dumpDataDir(): Promise<Blob>;
}

/**
 * A new database's files: creating the first one runs initdb, which takes seconds; every later one
 * in the process starts from a copy of those files instead.
 */
let emptyDataDir: Promise<Blob> | null = null;

async function createPglite(from: Blob | undefined): Promise<PGlite> {
  if (from) return PGlite.create({ loadDataDir: from });
  if (emptyDataDir) {
    const copy = await emptyDataDir.catch(() => null);
    if (copy) return PGlite.create({ loadDataDir: copy });
  }
  const db = await PGlite.create();
  // Saved before anything is written to it: the copy is of an empty database.
  emptyDataDir ??= db.dumpDataDir('none');
  await emptyDataDir.catch(() => null);
  return db;
}

/**
 * Embedded PostgreSQL. Used to prove that the generated SQL is portable; a server PostgreSQL
 * engine would share this dialect. `from`: a database saved by `dumpDataDir`, opened as a copy.
 */
export async function openPglite(options: { from?: Blob } = {}): Promise<PgliteEngine> {
  const db = await createPglite(options.from);
  await db.exec("SET TIME ZONE 'UTC'");
  const engine: PgliteEngine = {
    dumpDataDir: () => db.dumpDataDir('none'),
    kind: 'postgres',
    dialect: postgresDialect,
    async run(sql, params) {
      if (params && params.length > 0) await db.query(sql, [...params]);
      else await db.exec(sql);
    },
    // PGlite cannot interrupt a statement: a stopped read is refused before it starts, or runs to
    // its end and is then dropped.
    async all(sql, params, options) {
      if (options?.signal?.aborted) throw abortReason(options.signal);
      const result = await db.query<Row>(sql, params ? [...params] : []);
      if (options?.signal?.aborted) throw abortReason(options.signal);
      return result.rows.map((row) => normaliseRow(row));
    },
    transaction: transactionRunner((sql) => db.exec(sql).then(() => undefined)),
    async insertRows(table, columns, rows) {
      const batch = Math.max(1, Math.floor(2000 / Math.max(1, columns.length)));
      for (let i = 0; i < rows.length; i += batch) {
        const slice = rows.slice(i, i + batch);
        await db.query(
          multiRowInsert(table, columns, slice.length, postgresDialect.placeholder),
          slice.flat(),
        );
      }
    },
    async close() {
      await db.close();
    },
  };
  return engine;
}
