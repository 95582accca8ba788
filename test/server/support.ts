import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hc } from 'hono/client';
import type { Engine } from '../../src/core/engine.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { openPostgres } from '../../src/engines/postgres/engine.js';
import type { AppType, RequestLog } from '../../src/server/app.js';
import type { LoginLimits } from '../../src/server/rate-limit.js';
import { type RunningServer, type ServeOptions, startServer } from '../../src/server/serve.js';
import { importFiles } from '../../src/services/import.js';
import { createUser, type Role } from '../../src/services/users.js';
import { copyCanonical, FIXTURES, openMigratedDuckDb } from '../support/engines.js';

export const PASSWORD = 'correct horse battery';

/** The fixture's people: ann and bob are agents of team support. */
export const PEOPLE = {
  admin: { email: 'admin@example.com', role: 'admin' as Role },
  manager: { email: 'manager@example.com', role: 'manager' as Role },
  ann: { email: 'ann@example.com', role: 'agent' as Role, agentId: 'ann' },
  bob: { email: 'bob@example.com', role: 'agent' as Role, agentId: 'bob' },
  viewer: { email: 'viewer@example.com', role: 'viewer' as Role },
};
export type Person = keyof typeof PEOPLE;

export interface TestServer {
  url: string;
  dir: string;
  /** The served database as --db names it: the DuckDB file, or the PostgreSQL URL. */
  dbPath: string;
  logs: RequestLog[];
  server: RunningServer;
  /** The clock the server reads; tests move it to expire sessions. */
  clock: { now: Date };
  stop(): Promise<void>;
}

/**
 * The real server (createApp on @hono/node-server, port 0) over a temporary DuckDB file holding
 * the small-helpdesk fixture, with one user per role unless `users: false`. With `postgresUrl`, the
 * fixture's rows are copied into that PostgreSQL database and the server serves it instead.
 */
export async function startTestServer(
  options: {
    users?: boolean;
    staticDir?: string | null;
    loginLimits?: LoginLimits;
    trustProxy?: boolean | string[];
    prepare?: (db: DuckDbEngine, dir: string) => Promise<void>;
    /** More of the server's options (metrics token, followed queue logs, …), given the test folder. */
    serve?: (dir: string) => Partial<ServeOptions>;
    /** A migrated PostgreSQL database to serve instead of the DuckDB file (no `prepare` then). */
    postgresUrl?: string;
  } = {},
): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-server-'));
  const duckDbPath = join(dir, 'test.duckdb');
  const duck = await openMigratedDuckDb(duckDbPath);
  const imported = await importFiles(duck, [join(FIXTURES, 'small-helpdesk')]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  let db: Engine = duck;
  let dbPath = duckDbPath;
  if (options.postgresUrl !== undefined) {
    if (options.prepare) throw new Error('prepare works on the DuckDB file: not with postgresUrl');
    const served = await openPostgres({ url: options.postgresUrl });
    try {
      await copyCanonical(duck, served);
    } catch (error) {
      await served.close();
      throw error;
    } finally {
      await duck.close();
    }
    db = served;
    dbPath = options.postgresUrl;
  }
  if (options.users !== false) {
    for (const person of Object.values(PEOPLE)) {
      const result = await createUser(db, { ...person, password: PASSWORD });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    }
  }
  await options.prepare?.(duck, dir);
  const logs: RequestLog[] = [];
  const clock = { now: new Date() };
  const server = await startServer(db, {
    // A PostgreSQL database has no file to put the server's marker beside.
    dbPath: options.postgresUrl === undefined ? dbPath : null,
    port: 0,
    host: '127.0.0.1',
    staticDir: options.staticDir ?? null,
    version: 'test',
    log: (entry) => logs.push(entry),
    loginLimits: options.loginLimits,
    trustProxy: options.trustProxy,
    now: () => clock.now,
    ...options.serve?.(dir),
  });
  return {
    url: server.url.replace(/\/$/, ''),
    dir,
    dbPath,
    logs,
    server,
    clock,
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  json: any;
}

/** fetch with a cookie jar and the session's CSRF token on every state change, like the dashboard. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;

  constructor(readonly base: string) {}

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    if (this.bearer) headers.set('authorization', `Bearer ${this.bearer}`);
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (this.csrf && !['GET', 'HEAD'].includes(method) && !headers.has('x-csrf-token'))
      headers.set('x-csrf-token', this.csrf);
    const response = await fetch(input, { ...init, headers });
    const set = response.headers.getSetCookie();
    for (const line of set) {
      const [pair = ''] = line.split(';');
      const [name, value] = pair.split('=');
      if (name === 'sm_session') this.cookie = value ? `sm_session=${value}` : null;
    }
    return response;
  };

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const response = await this.fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, body ?? {}, headers);
  put = (path: string, body?: unknown) => this.request('PUT', path, body ?? {});
  patch = (path: string, body?: unknown) => this.request('PATCH', path, body ?? {});
  delete = (path: string) => this.request('DELETE', path);

  async login(email: string, password = PASSWORD): Promise<Reply> {
    const reply = await this.post('/api/auth/login', { email, password });
    if (reply.status === 200) this.csrf = reply.json.csrfToken;
    return reply;
  }

  /** The typed client the dashboard uses, over this client's cookies. */
  typed() {
    return hc<AppType>(this.base, { fetch: this.fetch });
  }
}

export async function signedIn(base: string, person: Person): Promise<Client> {
  const client = new Client(base);
  const reply = await client.login(PEOPLE[person].email);
  if (reply.status !== 200) throw new Error(`login as ${person}: ${reply.status} ${reply.text}`);
  return client;
}

/** The week of the fixture, as the KPI tests query it. */
export const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };
