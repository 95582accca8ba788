import type { DuckDBConnection } from '@duckdb/node-api';
import { abortReason } from '../../core/engine.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import type { ExclusiveEngine } from './kind.js';

/**
 * The server's DuckDB database for code written against a `DuckDbEngine` (imports, syncs): every
 * statement, including those sent to the connection directly, waits its turn on the shared writing
 * connection, and a transaction holds it until it ends. Between statements other requests' writes
 * (a sign-in, a setting) go ahead, so a sync that spends minutes waiting for an API never holds the
 * database while it waits; reads of the dashboard run on their own connections all along.
 *
 * Once `signal` is aborted (the server is stopping) no new statement starts: the work in hand fails
 * at its next statement, and a transaction open then is rolled back.
 */
export function sharedDuckDb(shared: ExclusiveEngine, raw: DuckDbEngine, signal: AbortSignal): DuckDbEngine {
  const turn = <T>(work: () => Promise<T>): Promise<T> =>
    shared.exclusive(async () => {
      if (signal.aborted) throw abortReason(signal);
      return work();
    });
  const connection = new Proxy(raw.connection, {
    get(target, property) {
      // Interrupting would stop whichever statement holds the connection, maybe another request's;
      // the work it meant to cut short is only thrown away later, so letting it finish is harmless.
      if (property === 'interrupt') return () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === 'string' && /^(run|stream)/.test(property))
        return (...args: unknown[]) => turn(async () => method.apply(target, args));
      return method.bind(target);
    },
  }) as DuckDBConnection;
  return {
    kind: 'duckdb',
    dialect: raw.dialect,
    connection,
    run: (sql, params) => turn(() => raw.run(sql, params)),
    all: (sql, params, options) => turn(() => raw.all(sql, params, options)),
    transaction: (work) => turn(() => raw.transaction(work)),
    insertRows: (table, columns, rows) => turn(() => raw.insertRows(table, columns, rows)),
    openReader: () => raw.openReader(),
    openWriter: () => raw.openWriter(),
    // The server closes the database; a job only borrows it.
    close: async () => undefined,
  };
}
