import type { Dialect, EngineKind } from './dialect.js';

export type Row = Record<string, unknown>;

export interface ReadOptions {
  /**
   * Stops the read: a statement not started yet never starts, a running one is interrupted where the
   * engine can (DuckDB; PGlite runs it to the end). The promise rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /**
   * A short read every page waits for (a session, the status, the catalog): a server with a
   * connection kept for these runs it there, never queued behind other people's KPI statements.
   */
  quick?: boolean;
}

/** The port every database implements. Values come back normalised (numbers, strings, null). */
export interface Engine {
  readonly kind: EngineKind;
  readonly dialect: Dialect;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  all(sql: string, params?: readonly unknown[], options?: ReadOptions): Promise<Row[]>;
  /** Runs `work` in one transaction; rolls back when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Inserts plain rows; for small tables and copies between engines, not for bulk files. */
  insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  close(): Promise<void>;
  /**
   * Another connection to the same database, for reads only: it sees what was committed when each
   * statement starts. Engines that cannot open one leave this out.
   */
  openReader?(): Promise<Reader>;
}

export interface Reader {
  all(sql: string, params?: readonly unknown[], options?: ReadOptions): Promise<Row[]>;
  close(): Promise<void>;
}

export function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value); // bigint, numeric strings and numbers alike
  return Number.isFinite(n) ? n : null;
}

/** The error a read stopped by its signal rejects with: the signal's reason, or an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('the read was stopped', 'AbortError');
}

/**
 * The engine with every read stopped by `signal` (as well as by the read's own signal), and each
 * statement by its own time budget when `statementMs` is given. Writes are untouched.
 */
export function stopReads(engine: Engine, signal: AbortSignal | undefined, statementMs?: number): Engine {
  const signals = (own: AbortSignal | undefined) =>
    [signal, own, statementMs === undefined ? undefined : AbortSignal.timeout(statementMs)].filter(
      (s): s is AbortSignal => s !== undefined,
    );
  return {
    kind: engine.kind,
    dialect: engine.dialect,
    run: (sql, params) => engine.run(sql, params),
    all: (sql, params, options) => {
      const all = signals(options?.signal);
      return engine.all(sql, params, all.length === 0 ? {} : { signal: AbortSignal.any(all) });
    },
    transaction: (work) => engine.transaction(work),
    insertRows: (table, columns, rows) => engine.insertRows(table, columns, rows),
    close: () => engine.close(),
  };
}
