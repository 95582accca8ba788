import type { Dialect, EngineKind } from './dialect.js';

export type Row = Record<string, unknown>;

/** The port every database implements. Values come back normalised (numbers, strings, null). */
export interface Engine {
  readonly kind: EngineKind;
  readonly dialect: Dialect;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
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
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value); // bigint, numeric strings and numbers alike
  return Number.isFinite(n) ? n : null;
}
