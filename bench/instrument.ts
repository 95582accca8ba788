/**
 * An engine wrapper that times every SQL statement the services send, so a step's time can be split
 * into its statements without touching the services. Also catches `engine.connection.run`, which
 * the bulk loader uses directly. BEGIN/COMMIT go through the inner engine and are not listed: a
 * step's time minus the statements is JavaScript work plus the commit.
 */
import type { DuckDbEngine } from '../src/engines/duckdb/engine.js';

export interface StatementTiming {
  /** Collapsed first characters of the statement. */
  label: string;
  sql: string;
  /** `performance.now()` when the statement was sent. */
  startedAt: number;
  seconds: number;
}

export function statementLabel(sql: string, length = 90): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

export class StatementLog {
  readonly entries: StatementTiming[] = [];

  async time<T>(sql: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.entries.push({
        label: statementLabel(sql),
        sql,
        startedAt: started,
        seconds: (performance.now() - started) / 1000,
      });
    }
  }

  clear(): void {
    this.entries.length = 0;
  }

  total(): number {
    return this.entries.reduce((sum, e) => sum + e.seconds, 0);
  }

  /** The slowest statements, slowest first. */
  top(count: number): StatementTiming[] {
    return [...this.entries].sort((a, b) => b.seconds - a.seconds).slice(0, count);
  }
}

export function instrument(engine: DuckDbEngine, log: StatementLog): DuckDbEngine {
  const inner = engine.connection;
  const connection = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'run' || property === 'runAndReadAll') {
        return (sql: string, ...rest: unknown[]) =>
          log.time(sql, () => (value as (...args: unknown[]) => Promise<unknown>).call(target, sql, ...rest));
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return {
    ...engine,
    connection,
    run: (sql, params) => log.time(sql, () => engine.run(sql, params)),
    all: (sql, params) => log.time(sql, () => engine.all(sql, params)),
    insertRows: (table, columns, rows) =>
      log.time(`insertRows ${table} (${rows.length} rows)`, () => engine.insertRows(table, columns, rows)),
  };
}
