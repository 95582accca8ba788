import { PGlite } from '@electric-sql/pglite';
import { postgresDialect } from '../../core/dialect.js';
import { abortReason, type Engine, type Row } from '../../core/engine.js';
import { multiRowInsert, normaliseRow, transactionRunner } from '../normalise.js';

/**
 * Embedded PostgreSQL. Used to prove that the generated SQL is portable; a server PostgreSQL
 * engine would share this dialect.
 */
export async function openPglite(): Promise<Engine> {
  const db = await PGlite.create();
  await db.exec("SET TIME ZONE 'UTC'");
  const engine: Engine = {
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
