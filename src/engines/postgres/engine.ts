import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { postgresDialect } from '../../core/dialect.js';
import { abortReason, type Engine, type Reader, type ReadOptions, type Row } from '../../core/engine.js';
import { normaliseRow, transactionRunner } from '../normalise.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`); `?sslmode=require` as libpq reads it. */
  url: string;
  /** Connections at most: the writing one, the readers a server opens, and the cancels of stopped reads (default 8). */
  maxConnections?: number;
}

export interface PostgresEngine extends Engine {
  readonly kind: 'postgres';
  /** The address without its password, for messages and logs. */
  readonly address: string;
  openReader(): Promise<Reader>;
  /**
   * Another connection that writes, with transactions of its own (an import sent to the server),
   * so that long work holds neither the shared connection nor the statements queued for it.
   * Closing it closes only the connection.
   */
  openWriter(): Promise<PostgresWriter>;
  /** Rows in through COPY, for large tables (a copy from a DuckDB file). */
  copyRows(
    table: string,
    columns: readonly string[],
    rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  ): Promise<number>;
  /**
   * What `COPY (query) TO STDOUT WITH (options)` writes, streamed into `into` (a file) without
   * holding it in memory. Returns the rows written.
   */
  copyOut(query: string, options: string, into: NodeJS.WritableStream): Promise<number>;
}

/** A connection of `openWriter`: `interrupt` cancels the statement it runs, if any. */
export interface PostgresWriter extends PostgresEngine {
  interrupt(): void;
}

/** Whether the engine is a PostgreSQL server's (not PGlite, not a wrapper), with its bulk COPY paths. */
export function isPostgresServer(engine: Engine): engine is PostgresEngine {
  return engine.kind === 'postgres' && typeof (engine as Partial<PostgresEngine>).copyRows === 'function';
}

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** The address with its password left out, for messages and logs; `fallback` when it is no URL. */
export function shownAddress(url: string, fallback = 'postgres://…'): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return fallback;
  }
}

// Naive timestamps are UTC instants, as on the other engines (PGlite and DuckDB hand back a Date the
// boundary turns into 'YYYY-MM-DD HH:MM:SS[.fff]'); the driver would read them in the process's zone.
const TYPE_TIMESTAMP = 1114;
const TYPE_DATE = 1082;
const TYPE_INT8 = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TYPE_TIMESTAMP) return (value: string) => utcInstant(`${value.replace(' ', 'T')}Z`, value);
    if (oid === TYPE_DATE) return (value: string) => utcInstant(`${value}T00:00:00Z`, value);
    if (oid === TYPE_INT8)
      return (value: string) => {
        const n = BigInt(value);
        return n < BigInt(Number.MIN_SAFE_INTEGER) || n > BigInt(Number.MAX_SAFE_INTEGER) ? n : Number(n);
      };
    return pg.types.getTypeParser(oid, format);
  },
};

function utcInstant(iso: string, original: string): Date | string {
  const at = new Date(iso);
  // 'infinity' and years beyond the Date range stay text.
  return Number.isNaN(at.getTime()) ? original : at;
}

/** One CSV field as PostgreSQL's COPY reads it: an unquoted empty field is NULL, a quoted one text. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * A PostgreSQL server, through a pool of connections. Like the DuckDB engine, the engine itself is
 * one connection — its writes and transactions run there, one statement at a time, so a service's
 * transaction holds what it wrote — and `openReader` hands out more connections for reads.
 */
export async function openPostgres(options: PostgresOptions): Promise<PostgresEngine> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 8,
    types,
    application_name: 'servicemeter',
  });
  // An idle connection the server drops (a restart, a proxy's timeout) must not bring the process down.
  pool.on('error', () => undefined);
  const connect = async () => {
    const client = await pool.connect();
    try {
      await client.query("SET TIME ZONE 'UTC'");
    } catch (error) {
      client.release(true);
      throw error;
    }
    return client;
  };
  const writer = await connect().catch(async (error: unknown) => {
    await pool.end().catch(() => undefined);
    throw error;
  });
  const clients = new Set<pg.PoolClient>([writer]);
  let closed = false;

  /** Stops the statement running on `client`: PostgreSQL cancels it from another connection. */
  const cancel = async (client: pg.PoolClient) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid === undefined) return;
    await pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  };

  // A connection runs one statement at a time, and the driver's own queue of concurrent calls is
  // going away: callers of one connection (a service's Promise.all) wait for each other here.
  const turns = new WeakMap<pg.PoolClient, Promise<unknown>>();
  const inTurn = <T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> => {
    const next = (turns.get(client) ?? Promise.resolve()).then(work, work);
    turns.set(
      client,
      next.catch(() => undefined),
    );
    return next;
  };

  const readAll = (client: pg.PoolClient, sql: string, params?: readonly unknown[], read: ReadOptions = {}) =>
    inTurn(client, async () => {
      const { signal } = read;
      if (signal?.aborted) throw abortReason(signal);
      // Listened to only while this statement runs: a cancel stops whatever the connection runs.
      const interrupt = () => void cancel(client);
      signal?.addEventListener('abort', interrupt, { once: true });
      try {
        const result = await client.query<Row>(sql, params ? [...params] : []);
        if (signal?.aborted) throw abortReason(signal);
        return result.rows.map((row) => normaliseRow(row));
      } catch (error) {
        throw signal?.aborted ? abortReason(signal) : error;
      } finally {
        signal?.removeEventListener('abort', interrupt);
      }
    });

  /** The statements of a writing connection: one at a time, transactions held on it. */
  const statementsOn = (client: pg.PoolClient) => {
    const copyRows: PostgresEngine['copyRows'] = async (table, columns, rows) => {
      let count = 0;
      async function* lines() {
        let chunk = '';
        for await (const row of rows) {
          chunk += `${row.map(copyField).join(',')}\n`;
          count++;
          if (chunk.length > 1 << 20) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      }
      return inTurn(client, async () => {
        const stream = client.query(
          copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`),
        );
        await pipeline(Readable.from(lines()), stream);
        return count;
      });
    };
    const copyOut: PostgresEngine['copyOut'] = (query, copyOptions, into) =>
      inTurn(client, async () => {
        const stream = client.query(copyTo(`COPY (${query}) TO STDOUT WITH (${copyOptions})`));
        await pipeline(stream, into);
        return stream.rowCount;
      });
    return {
      async run(sql: string, params?: readonly unknown[]) {
        // Without parameters several statements may be sent at once (the migrations do).
        await inTurn(client, () =>
          params && params.length > 0 ? client.query(sql, [...params]) : client.query(sql),
        );
      },
      all: (sql: string, params?: readonly unknown[], read?: ReadOptions) =>
        readAll(client, sql, params, read),
      transaction: transactionRunner((sql) => inTurn(client, () => client.query(sql)).then(() => undefined)),
      async insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) {
        if (rows.length > 0) await copyRows(table, columns, rows);
      },
      copyRows,
      copyOut,
    };
  };

  const engine: PostgresEngine = {
    kind: 'postgres',
    dialect: postgresDialect,
    address: shownAddress(options.url),
    ...statementsOn(writer),
    async openWriter(): Promise<PostgresWriter> {
      const own = await connect();
      clients.add(own);
      return {
        ...engine,
        ...statementsOn(own),
        interrupt: () => void cancel(own),
        async close() {
          if (clients.delete(own)) own.release();
        },
      };
    },
    async openReader(): Promise<Reader> {
      const own = await connect();
      clients.add(own);
      return {
        all: (sql, params, read) => readAll(own, sql, params, read),
        async close() {
          if (clients.delete(own)) own.release();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const client of clients) client.release();
      clients.clear();
      await pool.end();
    },
  };
  return engine;
}
