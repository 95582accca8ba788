import { AsyncLocalStorage } from 'node:async_hooks';
import { abortReason, type Engine, type Reader, type ReadOptions } from '../core/engine.js';

/** Reading connections besides the writing one: one per core of a small server is plenty. */
export const READING_CONNECTIONS = 2;

/** The reading connections a server or a command reads on; none is left open if one fails to open. */
export async function openReadingConnections(openReader: () => Promise<Reader>): Promise<Reader[]> {
  const opened = await Promise.allSettled(Array.from({ length: READING_CONNECTIONS }, () => openReader()));
  const readers = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed === undefined) return readers;
  for (const reader of readers) await reader.close();
  throw failed.reason;
}

export interface SerializedEngine extends Engine {
  /**
   * Runs `work` with the database to itself: statements of other requests wait. For multi-statement
   * work that must not interleave with another request's writes (a rebuild, a check-then-insert).
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` while no other fact rebuild runs, on this connection or on another (an import's
   * own writer): two rebuilds deleting the same facts at once make DuckDB refuse the second. It
   * does not hold the writing connection: statements of other requests go on meanwhile. Take it
   * outside `exclusive`, never inside, so that the two are always taken in the same order.
   */
  rebuilding<T>(work: () => Promise<T>): Promise<T>;
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
 * query of someone else nor for a rebuild, and sees what was committed when it starts. Reads marked
 * `quick` go to a reader of their own when there is one: what every page waits for first (its
 * session, the status, the catalog) is not queued behind a burst of KPI statements.
 */

export function serializeEngine(
  inner: Engine,
  readers: readonly Reader[] = [],
  quickReader: Reader | null = null,
): SerializedEngine {
  const holding = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  const lane = (reader: Reader): ReaderLane => ({ reader, waiting: 0, tail: Promise.resolve() });
  const lanes: ReaderLane[] = readers.map(lane);
  const quickLane = quickReader ? lane(quickReader) : null;

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (holding.getStore()) return work();
    const run = tail.then(() => holding.run(true, work));
    tail = run.catch(() => undefined);
    return run;
  }

  const rebuildingNow = new AsyncLocalStorage<true>();
  let rebuildTail: Promise<unknown> = Promise.resolve();
  function rebuilding<T>(work: () => Promise<T>): Promise<T> {
    if (rebuildingNow.getStore()) return work();
    const run = rebuildTail.then(() => rebuildingNow.run(true, work));
    rebuildTail = run.catch(() => undefined);
    return run;
  }

  let closing = false;

  /**
   * A read whose signal stops it: waiting for its turn, it is dropped (it will not start); running,
   * the reader interrupts it, and only it, since a connection runs one statement at a time.
   */
  function read(sql: string, params?: readonly unknown[], options: ReadOptions = {}) {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (holding.getStore() || lanes.length === 0)
      return stoppable(
        exclusive(() => inner.all(sql, params, options)),
        signal,
      );
    if (closing) return Promise.reject(new Error('the database is being closed'));
    const lane =
      options.quick && quickLane
        ? quickLane
        : lanes.reduce((best, l) => (l.waiting < best.waiting ? l : best));
    lane.waiting++;
    let counted = true;
    const leave = () => {
      if (counted) lane.waiting--;
      counted = false;
    };
    const run = lane.tail.then(() => (signal?.aborted ? undefined : lane.reader.all(sql, params, options)));
    lane.tail = run.catch(() => undefined);
    return stoppable(
      run.then((rows) => {
        if (rows === undefined) throw abortReason(signal as AbortSignal);
        return rows;
      }),
      signal,
      leave,
    ).finally(leave);
  }

  return {
    kind: inner.kind,
    dialect: inner.dialect,
    exclusive,
    rebuilding,
    run: (sql, params) => exclusive(() => inner.run(sql, params)),
    all: read,
    transaction: (work) => exclusive(() => inner.transaction(work)),
    insertRows: (table, columns, rows) => exclusive(() => inner.insertRows(table, columns, rows)),
    close: () => {
      closing = true;
      return exclusive(async () => {
        const all = quickLane ? [...lanes, quickLane] : lanes;
        await Promise.all(all.map((l) => l.tail));
        for (const lane of all) await lane.reader.close();
        await inner.close();
      });
    },
  };
}

/** `work`, or its signal's reason as soon as the signal stops it (then `stopped` is called). */
function stoppable<T>(work: Promise<T>, signal: AbortSignal | undefined, stopped?: () => void): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      stopped?.();
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The same engine with every read marked `quick` (see `ReadOptions.quick`). */
export function quickReads<E extends Engine>(engine: E): E {
  return { ...engine, all: (sql, params, options) => engine.all(sql, params, { ...options, quick: true }) };
}
