import { AsyncLocalStorage } from 'node:async_hooks';
import type { Engine, Reader } from '../core/engine.js';

export interface SerializedEngine extends Engine {
  /**
   * Runs `work` with the database to itself: statements of other requests wait. For multi-statement
   * work that must not interleave with another request's writes (a rebuild, a check-then-insert).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** A reader with the statements waiting for it: each connection runs one statement at a time. */
interface ReaderLane {
  reader: Reader;
  waiting: number;
  tail: Promise<unknown>;
}

/**
 * One writing connection shared by every request. A statement runs only when the previous one has
 * finished, and a transaction or `exclusive` block holds the connection until it ends: otherwise a
 * request's statement would land in another request's open transaction. Statements issued from
 * inside a held block (found through the async context) run at once.
 *
 * Reads outside a held block go to the readers when there are any, each to the one with the fewest
 * statements waiting: a request that only reads (most of them) then waits neither for a long KPI
 * query of someone else nor for a rebuild, and sees what was committed when it starts.
 */
export function serializeEngine(inner: Engine, readers: readonly Reader[] = []): SerializedEngine {
  const holding = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  const lanes: ReaderLane[] = readers.map((reader) => ({ reader, waiting: 0, tail: Promise.resolve() }));

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (holding.getStore()) return work();
    const run = tail.then(() => holding.run(true, work));
    tail = run.catch(() => undefined);
    return run;
  }

  let closing = false;

  function read(sql: string, params?: readonly unknown[]) {
    if (holding.getStore() || lanes.length === 0) return exclusive(() => inner.all(sql, params));
    if (closing) return Promise.reject(new Error('the database is being closed'));
    const lane = lanes.reduce((best, l) => (l.waiting < best.waiting ? l : best));
    lane.waiting++;
    const run = lane.tail.then(() => lane.reader.all(sql, params));
    lane.tail = run.catch(() => undefined);
    return run.finally(() => {
      lane.waiting--;
    });
  }

  return {
    kind: inner.kind,
    dialect: inner.dialect,
    exclusive,
    run: (sql, params) => exclusive(() => inner.run(sql, params)),
    all: read,
    transaction: (work) => exclusive(() => inner.transaction(work)),
    insertRows: (table, columns, rows) => exclusive(() => inner.insertRows(table, columns, rows)),
    close: () => {
      closing = true;
      return exclusive(async () => {
        await Promise.all(lanes.map((l) => l.tail));
        for (const lane of lanes) await lane.reader.close();
        await inner.close();
      });
    },
  };
}
