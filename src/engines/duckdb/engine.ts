import { availableParallelism, totalmem } from 'node:os';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { duckdbDialect } from '../../core/dialect.js';
import { abortReason, type Engine, type Reader, type ReadOptions, type Row } from '../../core/engine.js';
import { multiRowInsert, normaliseRow, transactionRunner } from '../normalise.js';

export interface DuckDbOptions {
  /** Database file, or `:memory:`. */
  path: string;
  /** Default: `SERVICEMETER_DUCKDB_THREADS`, else every core the process may use. */
  threads?: number;
  /** e.g. `1GB`; DuckDB spills to disk beyond it. Default: see `duckDbResources`. */
  memoryLimit?: string;
  /** What opens the file, for the default memory limit (see `duckDbResources`); default `server`. */
  use?: DuckDbUse;
}

/**
 * A server reads for its users while it imports and rebuilds; a command has the file to itself
 * (DuckDB lets one process open it) for as long as it runs.
 */
export type DuckDbUse = 'server' | 'command';

const THREADS_VARIABLE = 'SERVICEMETER_DUCKDB_THREADS';
const MEMORY_VARIABLE = 'SERVICEMETER_DUCKDB_MEMORY';
/** A server's memory limit unless SERVICEMETER_DUCKDB_MEMORY says otherwise; see duckDbResources. */
const SERVER_MEMORY_LIMIT = '1GB';

/** The memory the process may use: the machine's, or less in a container that limits it. */
export function usableMemory(): number {
  const machine = totalmem();
  // Without a limit, Node reports 0 or the largest number the limit file holds.
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 && limit < machine ? limit : machine;
}

/** Half the memory the process may use, and never less than a server gets. */
function commandMemoryLimit(): string {
  return `${Math.max(1000, Math.floor(usableMemory() / 2 / 1e6))}MB`;
}
const MEMORY_AMOUNT = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/**
 * DuckDB's threads and memory limit when the caller gives none: from the environment, else every
 * core, and a memory limit by `use`. A server keeps 1 GB: with half the machine's memory its
 * readers waited up to 1.4 s behind a large import instead of 0.6 s
 * (test/serial/imports-while-reading). A command, alone on its file, gets half the memory the
 * process may use (the machine's, or a container's limit): a million-contact import and rebuild
 * then no longer spill to disk (41.5 s instead of 49.7 s, bench/run.ts).
 */
export function duckDbResources(
  env: NodeJS.ProcessEnv = process.env,
  use: DuckDbUse = 'server',
): {
  threads: number;
  memoryLimit: string;
} {
  const threadsText = env[THREADS_VARIABLE]?.trim();
  let threads = availableParallelism();
  if (threadsText) {
    threads = Number(threadsText);
    if (!/^\d+$/.test(threadsText) || threads < 1 || threads > 1024)
      throw new Error(
        `${THREADS_VARIABLE} must be a whole number of threads from 1 to 1024, got "${threadsText}": set it to e.g. 4, or unset it to use every core.`,
      );
  }
  const memoryText = env[MEMORY_VARIABLE]?.trim();
  if (memoryText && (!MEMORY_AMOUNT.test(memoryText) || Number.parseFloat(memoryText) <= 0))
    throw new Error(
      `${MEMORY_VARIABLE} must be an amount of memory such as 4GB or 512MB (units KB, MB, GB, TB, KiB, MiB, GiB, TiB), got "${memoryText}": set it so, or unset it for the default (1GB for a server, half the memory the process may use for a command).`,
    );
  const memoryLimit = memoryText || (use === 'command' ? commandMemoryLimit() : SERVER_MEMORY_LIMIT);
  return { threads, memoryLimit };
}

export interface DuckDbEngine extends Engine {
  readonly kind: 'duckdb';
  readonly connection: DuckDBConnection;
  openReader(): Promise<Reader>;
  /**
   * Another connection to the same database that writes, with transactions and temporary tables of
   * its own: long work (an import through the server) then holds neither the shared connection nor
   * the statements queued for it. Closing it closes only the connection.
   */
  openWriter(): Promise<DuckDbEngine>;
}

/** Whether the engine is a DuckDB database, which stages files and runs imports itself. */
export function isDuckDb(engine: Engine): engine is DuckDbEngine {
  return engine.kind === 'duckdb' && 'connection' in engine;
}

/** The engine itself when it is DuckDB, else null: for work only DuckDB's own paths can do. */
export function duckDbOf(engine: Engine): DuckDbEngine | null {
  return isDuckDb(engine) ? engine : null;
}

export async function openDuckDb(options: DuckDbOptions): Promise<DuckDbEngine> {
  // The environment is read only when the caller leaves something to it: a bad value stops no
  // caller that needs none.
  const sized =
    options.threads !== undefined && options.memoryLimit !== undefined
      ? { threads: options.threads, memoryLimit: options.memoryLimit }
      : duckDbResources(process.env, options.use);
  const instance = await DuckDBInstance.create(options.path, {
    threads: String(options.threads ?? sized.threads),
    memory_limit: options.memoryLimit ?? sized.memoryLimit,
  });
  const connect = async () => {
    const connection = await instance.connect();
    // Naive timestamps are UTC everywhere; ICU must be loaded before the setting exists.
    await connection.run("SET TimeZone = 'UTC'");
    return connection;
  };
  const readAll = async (
    connection: DuckDBConnection,
    sql: string,
    params?: readonly unknown[],
    options: ReadOptions = {},
  ) => {
    const { signal } = options;
    if (signal?.aborted) throw abortReason(signal);
    // A connection runs one statement at a time, and its callers wait for each other (see
    // serialized-engine.ts): the statement interrupted is this one.
    const interrupt = () => connection.interrupt();
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      const result = await connection.run(sql, params ? ([...params] as DuckDBValue[]) : undefined);
      // Rows become JavaScript objects on the server's own thread, chunk by chunk as DuckDB hands
      // them over (2,048 at a time), with the event loop free between two: all at once, 16,000
      // events with their texts held it for 150–200 ms, 300,000 rows for a second.
      const rows: Row[] = [];
      for await (const chunk of result.yieldRowObjectJs()) {
        if (signal?.aborted) throw abortReason(signal);
        for (const row of chunk) rows.push(normaliseRow(row));
      }
      if (signal?.aborted) throw abortReason(signal);
      return rows;
    } catch (error) {
      throw signal?.aborted ? abortReason(signal) : error;
    } finally {
      signal?.removeEventListener('abort', interrupt);
    }
  };
  const connection = await connect();
  const readers = new Set<DuckDBConnection>();
  let closed = false;

  /** The statements of an engine, on one connection. */
  const statementsOn = (own: DuckDBConnection) => {
    const run = async (sql: string, params?: readonly unknown[]) => {
      await own.run(sql, params ? ([...params] as DuckDBValue[]) : undefined);
    };
    return {
      run,
      all: (sql: string, params?: readonly unknown[], options?: ReadOptions) =>
        readAll(own, sql, params, options),
      transaction: transactionRunner((sql) => own.run(sql).then(() => undefined)),
      async insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) {
        const batch = Math.max(1, Math.floor(1000 / Math.max(1, columns.length)));
        for (let i = 0; i < rows.length; i += batch) {
          const slice = rows.slice(i, i + batch);
          await run(multiRowInsert(table, columns, slice.length, duckdbDialect.placeholder), slice.flat());
        }
      },
    };
  };

  const engine: DuckDbEngine = {
    kind: 'duckdb',
    dialect: duckdbDialect,
    connection,
    ...statementsOn(connection),
    async openWriter(): Promise<DuckDbEngine> {
      const own = await connect();
      readers.add(own);
      return {
        ...engine,
        connection: own,
        ...statementsOn(own),
        async close() {
          if (readers.delete(own)) own.closeSync();
        },
      };
    },
    async openReader(): Promise<Reader> {
      const own = await connect();
      readers.add(own);
      return {
        all: (sql, params, options) => readAll(own, sql, params, options),
        async close() {
          if (readers.delete(own)) own.closeSync();
        },
      };
    },
    async close() {
      // A server that failed to start closes what it opened, and its caller closes again.
      if (closed) return;
      closed = true;
      for (const reader of readers) reader.closeSync();
      readers.clear();
      connection.closeSync();
      instance.closeSync();
    },
  };
  return engine;
}
