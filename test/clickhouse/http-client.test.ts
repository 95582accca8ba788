/**
 * The `clickhouse://` engine — the official HTTP client — against real ClickHouse. No ClickHouse
 * server package can be installed here (Debian's is from 2018), so the test puts a small HTTP front
 * on chDB, the ClickHouse engine run in this process, speaking the part of ClickHouse's HTTP
 * interface that `@clickhouse/client` uses: the statement in the body or in the `query` parameter
 * (an INSERT's rows then follow in the body), the database and the settings as URL parameters, the
 * user and password in a Basic header or X-ClickHouse-User/Key. What answers is ClickHouse itself:
 * the front only checks the password, switches database and settings, and passes the text through.
 *
 * This process never opens a `chdb://` engine: chDB holds one data folder per process, and the
 * front's session is on a folder of its own.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Session } from 'chdb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { type ClickHouseEngine, openClickHouse } from '../../src/engines/clickhouse/engine.js';
import { migrateToClickHouse } from '../../src/services/analytics-copy.js';
import { FIXTURES, withDuckDb } from '../support/engines.js';
import { expectSame, kpiRows } from '../support/same.js';

const USER = 'meter';
const PASSWORD = 'secret';

/** URL parameters of the HTTP interface that are not settings. */
const NOT_SETTINGS = new Set(['query', 'query_id', 'database', 'default_format', 'session_id', 'role']);

interface Front {
  port: number;
  close(): Promise<void>;
}

/** An error as ClickHouse writes it, which the client reads its code and message from. */
function failure(code: number, name: string, message: string): string {
  return `Code: ${code}. DB::Exception: ${message}. (${name}) (version chDB)\n`;
}

/** The user and password as ClickHouse reads them: a Basic header, else its own headers, else none. */
function credentials(request: IncomingMessage): { user: string; password: string } {
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  };
  return { user: header('x-clickhouse-user') || 'default', password: header('x-clickhouse-key') };
}

/** A setting's value as a literal in SET. */
function settingLiteral(value: string): string {
  return /^-?\d+(\.\d+)?$/.test(value) ? value : `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

async function startFront(folder: string): Promise<Front> {
  const session = new Session(folder);
  // One chDB session answers every request: they take turns, each with its own database and settings
  // put in place first, as a server gives each request its own.
  let turn: Promise<unknown> = Promise.resolve();
  let database = '';
  let uploads = 0;
  const applied = new Map<string, string>();

  async function execute(params: URLSearchParams, statement: string) {
    const wanted = params.get('database') ?? 'default';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(wanted)) throw new Error(`the database name ${wanted}`);
    if (wanted !== database) {
      // A server would answer UNKNOWN_DATABASE; here the database stands for one provisioned beforehand.
      await session.queryAsync(`CREATE DATABASE IF NOT EXISTS ${wanted}`);
      await session.queryAsync(`USE ${wanted}`);
      database = wanted;
    }
    const settings = new Map([...params].filter(([name]) => !NOT_SETTINGS.has(name)));
    for (const name of applied.keys())
      if (!settings.has(name)) {
        await session.queryAsync(`SET ${name} = DEFAULT`);
        applied.delete(name);
      }
    for (const [name, value] of settings) {
      if (name.startsWith('param_')) throw new Error('query parameters are not served here');
      if (!/^\w+$/.test(name)) throw new Error(`the setting name ${name}`);
      if (applied.get(name) === value) continue;
      await session.queryAsync(`SET ${name} = ${settingLiteral(value)}`);
      applied.set(name, value);
    }
    // The HTTP interface answers in TabSeparated unless the statement or default_format says otherwise.
    return session.queryAsync(statement, { format: params.get('default_format') ?? 'TabSeparated' });
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://front');
    if (url.pathname === '/ping') {
      response.end('Ok.\n');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const bytes = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const body = bytes.toString('utf8');

    const { user, password } = credentials(request);
    if (user !== USER || password !== PASSWORD) {
      const refused = failure(
        516,
        'AUTHENTICATION_FAILED',
        `${user}: Authentication failed: password is incorrect, or there is no user with such name`,
      );
      response.writeHead(516, { 'Content-Type': 'text/plain', 'X-ClickHouse-Exception-Code': '516' });
      response.end(refused);
      return;
    }

    const query = url.searchParams.get('query');
    // An INSERT names its format in the query parameter; its rows in that format are the body. A
    // binary body (Parquet) cannot follow the statement as text: it is read from a file instead.
    const parquet =
      query === null ? null : /^(INSERT INTO \S+(?: \([^)]*\))?) FORMAT Parquet\s*$/i.exec(query);
    let statement = query === null ? body : body === '' ? query : `${query}\n${body}`;
    if (parquet) {
      const file = join(folder, `upload-${++uploads}.parquet`);
      await writeFile(file, bytes);
      statement = `${parquet[1]} SELECT * FROM file('${file}', Parquet)`;
    }
    const run = turn.then(() => execute(url.searchParams, statement));
    turn = run.catch(() => undefined);
    try {
      const result = await run;
      response.writeHead(200, {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Summary': JSON.stringify({
          read_rows: String(result.rowsRead),
          read_bytes: String(result.bytesRead),
          elapsed_ns: String(Math.round(result.elapsed * 1e9)),
        }),
      });
      response.end(Buffer.from(result.bytes()));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { clickhouseCode?: number }).clickhouseCode ?? 1000;
      const text = /^Code: \d+\./.test(message) ? `${message}\n` : failure(code, 'STD_EXCEPTION', message);
      response.writeHead(500, { 'Content-Type': 'text/plain', 'X-ClickHouse-Exception-Code': String(code) });
      response.end(text);
    }
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await turn;
      session.close();
    },
  };
}

let folder: string;
let front: Front;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'servicemeter-chdb-http-'));
  front = await startFront(folder);
});

afterAll(async () => {
  await front?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const address = (userinfo: string, database = 'analytics') =>
  `clickhouse://${userinfo}@127.0.0.1:${front.port}/${database}`;

async function withClickHouse<T>(url: string, work: (ch: ClickHouseEngine) => Promise<T>): Promise<T> {
  const ch = await openClickHouse({ url });
  try {
    return await work(ch);
  } finally {
    await ch.close();
  }
}

test('over HTTP a table is created, filled and read, the values as the other engines give them, with the engine’s settings in effect', async () => {
  await withClickHouse(address(`${USER}:${PASSWORD}`), async (ch) => {
    await ch.run(
      `CREATE TABLE readings (id Nullable(Int64), at Nullable(DateTime64(6, 'UTC')), amount Nullable(Float64),
        done Nullable(Bool), note Nullable(String)) ENGINE = MergeTree ORDER BY tuple()`,
    );
    const awkward = 'it\'s a back\\slash and a "quote"';
    await ch.insertRows(
      'readings',
      ['id', 'at', 'amount', 'done', 'note'],
      [
        [1, '2026-03-01 08:30:00', '1.5', true, awkward],
        [2, '2026-03-01 09:00:00.250000', 2, false, null],
        [3, null, null, null, 'plain'],
      ],
    );

    const rows = await ch.all(
      'SELECT id, at, amount, done, note, amount > $1 AS above FROM readings WHERE id <= $2 ORDER BY id',
      [1.75, 3],
    );
    expect(rows).toEqual([
      { id: 1, at: '2026-03-01 08:30:00', amount: 1.5, done: true, note: awkward, above: false },
      { id: 2, at: '2026-03-01 09:00:00.25', amount: 2, done: false, note: null, above: true },
      { id: 3, at: null, amount: null, done: null, note: 'plain', above: null },
    ]);
    expect(await ch.all('SELECT count(*) AS n FROM readings WHERE note = $1', [awkward])).toEqual([{ n: 1 }]);
    expect(await ch.all('SELECT count(*) AS n FROM readings')).toEqual([{ n: 3 }]);

    // What the shared SQL relies on: an outer join's missing side is NULL, a CAST keeps NULL, a bare
    // UNION removes duplicates, times are in UTC.
    expect(
      await ch.all(
        "SELECT r.id AS id, o.label AS label FROM readings r LEFT JOIN (SELECT 1 AS k, 'one' AS label) o ON o.k = r.id ORDER BY id",
      ),
    ).toEqual([
      { id: 1, label: 'one' },
      { id: 2, label: null },
      { id: 3, label: null },
    ]);
    expect(await ch.all('SELECT CAST(amount AS String) AS s FROM readings WHERE id = 3')).toEqual([
      { s: null },
    ]);
    expect(await ch.all("SELECT 'a' AS v UNION SELECT 'a'")).toEqual([{ v: 'a' }]);
    expect(await ch.all('SELECT timezone() AS tz')).toEqual([{ tz: 'UTC' }]);
  });
}, 120_000);

test('the password comes from CLICKHOUSE_PASSWORD when the address has none; a wrong one is refused', async () => {
  const before = process.env.CLICKHOUSE_PASSWORD;
  try {
    delete process.env.CLICKHOUSE_PASSWORD;
    await withClickHouse(address(USER), async (ch) => {
      await expect(ch.all('SELECT currentDatabase() AS db')).rejects.toThrow(/authentication failed/i);
    });
    process.env.CLICKHOUSE_PASSWORD = PASSWORD;
    await withClickHouse(address(USER), async (ch) => {
      expect(await ch.all('SELECT currentDatabase() AS db')).toEqual([{ db: 'analytics' }]);
    });
  } finally {
    if (before === undefined) delete process.env.CLICKHOUSE_PASSWORD;
    else process.env.CLICKHOUSE_PASSWORD = before;
  }
  await withClickHouse(address(`${USER}:wrong`), async (ch) => {
    await expect(ch.all('SELECT currentDatabase() AS db')).rejects.toThrow(/authentication failed/i);
    await expect(ch.run('CREATE TABLE nothing (a Int32) ENGINE = Memory')).rejects.toThrow(
      /authentication failed/i,
    );
  });
}, 120_000);

test('a fixture copied into ClickHouse over HTTP is verified by the copy and answers the KPIs as DuckDB does', async () => {
  await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (duck) => {
    await withClickHouse(address(`${USER}:${PASSWORD}`, 'helpdesk'), async (ch) => {
      const copied = await migrateToClickHouse(duck, ch);
      expect(copied.ok, JSON.stringify(copied.ok ? null : copied.error)).toBe(true);
      const query: KpiQueryInput = { timezone: 'Europe/Amsterdam', by: ['channel'] };
      const expected = await kpiRows(duck, query);
      expect(expected.length).toBeGreaterThan(1);
      expectSame(await kpiRows(ch, query), expected, 'by channel');
    });
  });
}, 120_000);
