import { createReadStream } from 'node:fs';
import { clickhouseDialect } from '../../core/dialect.js';
import { abortReason, type Engine, type ReadOptions, type Row } from '../../core/engine.js';
import { shownAddress } from '../postgres/engine.js';

/**
 * Where the analytical tables live on ClickHouse:
 * - `clickhouse://user:password@host:8123/database` (`clickhouses://` over TLS): a server or a
 *   cluster's node, through the official HTTP client;
 * - `chdb:///absolute/folder?database=name`: ClickHouse in this process (chDB), its data in the folder.
 */
export interface ClickHouseOptions {
  url: string;
}

export interface ClickHouseEngine extends Engine {
  readonly kind: 'clickhouse';
  /** Rows in from a Parquet file on this machine, for large tables (a copy from a DuckDB file). */
  insertParquet(table: string, columns: readonly string[], file: string): Promise<void>;
  /** The address without its password, for messages and logs. */
  readonly address: string;
  /** The database the tables are in. */
  readonly database: string;
  /** Another database on the same ClickHouse (server or chDB folder), opened as an engine of its own. */
  sibling(database: string): Promise<ClickHouseEngine>;
}

export function isClickHouseUrl(value: string): boolean {
  return /^(clickhouses?|chdb):/i.test(value);
}

/**
 * What every statement runs with: outer joins and CASTs keep NULL as on the other engines, a
 * division by zero or a NaN comes back as NULL, 64-bit integers as numbers, times in UTC.
 */
const CLICKHOUSE_SETTINGS = {
  join_use_nulls: 1,
  cast_keep_nullable: 1,
  session_timezone: 'UTC',
  // A bare UNION removes duplicates, as standard SQL says.
  union_default_mode: 'DISTINCT',
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_denormals: 0,
  // Inserts are acknowledged once the rows are written, so a count right after sees them.
  async_insert: 0,
} as const;

/** A query's answer in ClickHouse's JSON format: the columns with their types, then the rows. */
interface Answer {
  meta: { name: string; type: string }[];
  data: Row[];
}

/** What the two ways of reaching ClickHouse have in common. */
interface Connection {
  rows(sql: string, signal?: AbortSignal): Promise<Answer>;
  command(sql: string): Promise<void>;
  insert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  insertParquet(table: string, columns: readonly string[], file: string): Promise<void>;
  close(): Promise<void>;
}

/** The address with its password left out. */
export function shownClickHouseAddress(url: string): string {
  return shownAddress(url, 'clickhouse://…');
}

/** A name ClickHouse takes unquoted: the database names this engine creates or is given. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function openClickHouse(options: ClickHouseOptions): Promise<ClickHouseEngine> {
  const url = new URL(options.url);
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  const database =
    scheme === 'chdb'
      ? (url.searchParams.get('database') ?? 'servicemeter')
      : decodeURIComponent(url.pathname.replace(/^\//, '')) || 'default';
  if (!PLAIN_NAME.test(database))
    throw new Error(`the ClickHouse database name "${database}" must be letters, digits and underscores`);
  const connection =
    scheme === 'chdb'
      ? await openChdb(decodeURIComponent(url.pathname), database)
      : await openHttp(url, database);
  return {
    kind: 'clickhouse',
    dialect: clickhouseDialect,
    address: shownClickHouseAddress(options.url),
    database,
    async run(sql, params) {
      await connection.command(withParameters(sql, params));
    },
    async all(sql, params, read: ReadOptions = {}) {
      const { signal } = read;
      if (signal?.aborted) throw abortReason(signal);
      try {
        const answer = await connection.rows(withParameters(sql, params), signal);
        if (signal?.aborted) throw abortReason(signal);
        return normaliseClickHouseRows(answer);
      } catch (error) {
        throw signal?.aborted ? abortReason(signal) : error;
      }
    },
    // ClickHouse has no transactions: the work runs as it is, each statement on its own. A copy into
    // ClickHouse is verified afterwards and its tables dropped when it fails (see migrate-to).
    transaction: (work) => work(),
    async insertRows(table, columns, rows) {
      if (rows.length > 0) await connection.insert(table, columns, rows);
    },
    insertParquet: (table, columns, file) => connection.insertParquet(table, columns, file),
    sibling: (other) => openClickHouse({ url: addressOfDatabase(options.url, other) }),
    close: () => connection.close(),
  };
}

/** The address of another database on the same ClickHouse: a server's path, chDB's `database`. */
function addressOfDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'chdb:') parsed.searchParams.set('database', database);
  else parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A ClickHouse server over HTTP, through the official client (loaded only then: every command
 * would otherwise pay for it at start). The password from the address, else CLICKHOUSE_PASSWORD.
 */
async function openHttp(url: URL, database: string): Promise<Connection> {
  const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
  const client = createClient({
    // A failure comes back as the statement's error, which the caller words; the client would also
    // print every failed request to the terminal.
    log: { level: ClickHouseLogLevel.OFF },
    url: `${url.protocol === 'clickhouses:' ? 'https' : 'http'}://${url.host}`,
    username: decodeURIComponent(url.username) || 'default',
    password: decodeURIComponent(url.password) || process.env.CLICKHOUSE_PASSWORD || '',
    database,
    clickhouse_settings: CLICKHOUSE_SETTINGS,
  });
  return {
    async rows(sql, signal) {
      const result = await client.query({ query: sql, format: 'JSON', abort_signal: signal });
      return result.json<Row>() as Promise<Answer>;
    },
    async command(sql) {
      await client.command({ query: sql });
    },
    async insert(table, columns, rows) {
      const [first, ...others] = columns;
      if (first === undefined) return;
      await client.insert({
        table,
        columns: [first, ...others],
        values: rows.map((r) => [...r]),
        format: 'JSONCompactEachRow',
      });
    },
    async insertParquet(table, columns, file) {
      const [first, ...others] = columns;
      if (first === undefined) return;
      await client.insert({
        table,
        columns: [first, ...others],
        values: createReadStream(file),
        format: 'Parquet',
      });
    },
    close: () => client.close(),
  };
}

type ChdbModule = typeof import('chdb');
type ChdbSession = InstanceType<ChdbModule['Session']>;

/**
 * chDB holds one data folder per process: the engines opened on it share one session, each with its
 * own database, and take turns so that each statement runs in its own database.
 */
let shared: {
  folder: string;
  session: ChdbSession;
  engines: number;
  current: string;
  turn: Promise<unknown>;
} | null = null;

async function openChdb(folder: string, database: string): Promise<Connection> {
  if (!folder.startsWith('/'))
    throw new Error(
      'a chdb: address names an absolute folder, as in chdb:///var/lib/servicemeter/clickhouse',
    );
  if (shared && shared.folder !== folder)
    throw new Error(
      `chDB keeps one data folder per process: ${shared.folder} is open, so ${folder} cannot be opened beside it`,
    );
  if (!shared) {
    const chdb = await loadChdb();
    const session = new chdb.Session(folder, {
      connectionArgs: Object.entries(CLICKHOUSE_SETTINGS).map(([name, value]) => `--${name}=${value}`),
    });
    shared = { folder, session, engines: 0, current: '', turn: Promise.resolve() };
  }
  const state = shared;
  state.engines++;
  let closed = false;
  const inTurn = <T>(work: (session: ChdbSession) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the chDB engine is closed'));
    const next = state.turn.then(async () => {
      if (state.current !== database) {
        await state.session.queryAsync(`CREATE DATABASE IF NOT EXISTS ${database}`);
        await state.session.queryAsync(`USE ${database}`);
        state.current = database;
      }
      return work(state.session);
    });
    state.turn = next.catch(() => undefined);
    return next;
  };
  return {
    rows: (sql, signal) =>
      inTurn(async (session) => {
        const result = await session.queryAsync(sql, { format: 'JSON', signal });
        const text = result.text();
        // A statement that answers nothing (a SET, a DDL) writes no JSON at all.
        return text.trim() === '' ? { meta: [], data: [] } : (JSON.parse(text) as Answer);
      }),
    command: (sql) => inTurn((session) => session.queryAsync(sql).then(() => undefined)),
    insert: (table, columns, rows) =>
      inTurn(async (session) => {
        await session.insert({
          table,
          columns: [...columns],
          format: 'JSONCompactEachRow',
          values: Buffer.from(`${rows.map((r) => JSON.stringify(r)).join('\n')}\n`),
        });
      }),
    insertParquet: (table, columns, file) =>
      inTurn(async (session) => {
        const list = columns.join(', ');
        await session.queryAsync(
          `INSERT INTO ${table} (${list}) SELECT ${list} FROM file(${clickhouseLiteral(file)}, Parquet)`,
        );
      }),
    async close() {
      if (closed) return;
      await inTurn(async () => undefined).catch(() => undefined);
      closed = true;
      // Its database may have been dropped: the next statement of any engine names its own again.
      if (state.current === database) state.current = '';
      state.engines--;
      if (state.engines === 0 && shared === state) {
        state.session.close();
        shared = null;
      }
    },
  };
}

async function loadChdb(): Promise<ChdbModule> {
  try {
    return await import('chdb');
  } catch (error) {
    throw new Error(
      `chDB (ClickHouse in-process) is not installed: run "npm install chdb", or give a clickhouse:// server address (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** ClickHouse writes a timestamp with all six decimals; the other engines without trailing zeros. */
const TIMESTAMP_TEXT = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{1,9})$/;

function normaliseClickHouseValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string') {
    const match = TIMESTAMP_TEXT.exec(value);
    if (match) {
      const fraction = (match[2] ?? '').replace(/0+$/, '');
      return fraction === '' ? match[1] : `${match[1]}.${fraction}`;
    }
  }
  return value;
}

/**
 * The rows with values as the other engines give them. ClickHouse answers a comparison or another
 * truth value as a UInt8, which no stored column is (integers are stored signed): those columns
 * come back as true and false.
 */
function normaliseClickHouseRows(answer: Answer): Row[] {
  const truths = new Set(
    answer.meta.filter((c) => /^(Nullable\()?UInt8\)?$/.test(c.type)).map((c) => c.name),
  );
  return answer.data.map((row) => {
    const out: Row = {};
    for (const [key, value] of Object.entries(row))
      out[key] =
        truths.has(key) && value !== null ? value === 1 || value === true : normaliseClickHouseValue(value);
    return out;
  });
}

/**
 * The statement with its `$n` placeholders replaced by literals: ClickHouse's own parameters are
 * typed by name (`{name:Type}`), which the shared SQL does not know. Quoted text and quoted names are
 * left as they are.
 */
function withParameters(sql: string, params?: readonly unknown[]): string {
  if (!params || params.length === 0) return sql;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === '\\') j += 2;
        else if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j] as string)) j++;
      const index = Number(sql.slice(i + 1, j));
      if (index < 1 || index > params.length)
        throw new Error(`the statement names parameter $${index} of ${params.length}`);
      out += clickhouseLiteral(params[index - 1]);
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function clickhouseLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`a parameter is not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : String(value);
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
