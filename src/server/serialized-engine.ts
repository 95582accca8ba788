import { AsyncLocalStorage } from 'node:async_hooks';
import type { Engine } from '../core/engine.js';

export interface SerializedEngine extends Engine {
  /**
   * Runs `work` with the database to itself: statements of other requests wait. For multi-statement
   * work that must not interleave with another request's writes (a rebuild, a check-then-insert).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * One database connection shared by every request. A statement runs only when the previous one has
 * finished, and a transaction or `exclusive` block holds the connection until it ends: otherwise a
 * request's statement would land in another request's open transaction. Statements issued from
 * inside a held block (found through the async context) run at once.
 */
export function serializeEngine(inner: Engine): SerializedEngine {
  const holding = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (holding.getStore()) return work();
    const run = tail.then(() => holding.run(true, work));
    tail = run.catch(() => undefined);
    return run;
  }

  return {
    kind: inner.kind,
    dialect: inner.dialect,
    exclusive,
    run: (sql, params) => exclusive(() => inner.run(sql, params)),
    all: (sql, params) => exclusive(() => inner.all(sql, params)),
    transaction: (work) => exclusive(() => inner.transaction(work)),
    insertRows: (table, columns, rows) => exclusive(() => inner.insertRows(table, columns, rows)),
    close: () => exclusive(() => inner.close()),
  };
}
