import { rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { Engine } from '../core/engine.js';
import { err, ok, type Result } from '../core/result.js';
import type { ImportError } from '../ingest/canonical.js';
import type { SourceWarning } from '../ingest/sources/format.js';
import { zendesk } from '../ingest/sources/zendesk.js';
import { importSource } from './import-source.js';
import { rebuildFacts } from './rebuild.js';
import { makeWorkDir } from './work-dir.js';

/**
 * Pulls a Zendesk Support account through its API and imports it with the `zendesk` source format:
 * users first (so every batch can tell agents from customers), then the incremental ticket export
 * page by page, each page with the audits and satisfaction ratings of its tickets. Every page is
 * imported on its own (atomic, idempotent) and only then is its cursor saved in `sync_state`, so a
 * sync that stops half-way resumes where it stopped and at worst imports one page again.
 */

export interface ZendeskSyncOptions {
  /** The account: `{subdomain}.zendesk.com`. */
  subdomain: string;
  /** The e-mail of the user the API token acts for. */
  email: string;
  /** An API token (Admin Center → Apps and integrations → Zendesk API). */
  token: string;
  /** Default `https://{subdomain}.zendesk.com`. */
  baseUrl?: string;
  /** Unix seconds where the first sync starts (default 0: everything); later syncs resume from their cursors. */
  startTime?: number;
  /** Retries of one request after a 5xx or a dropped connection (default 5); waits double from 1 s. */
  maxRetries?: number;
  /** Waits after HTTP 429 before giving up on one request (default 20); each waits its Retry-After. */
  maxRateLimitWaits?: number;
  /** Multiplies every wait (Retry-After and backoff); below 1 only to keep tests fast. */
  retryDelayScale?: number;
  /** Seconds before a request without an answer counts as a dropped connection (default 120). */
  requestTimeoutSeconds?: number;
  onProgress?: (progress: ZendeskSyncProgress) => void;
  /** Runs the facts rebuild at the end, e.g. in its turn with other rebuilds (`SerializedEngine.rebuilding`). */
  aroundRebuild?: <T>(rebuild: () => Promise<T>) => Promise<T>;
}

export interface ZendeskSyncProgress {
  stream: 'users' | 'tickets';
  pages: number;
  records: number;
}

export type ZendeskSyncError =
  | { kind: 'auth'; url: string; status: number; message: string }
  | { kind: 'http'; url: string; status: number; message: string }
  | { kind: 'network'; url: string; message: string }
  | { kind: 'bad_response'; url: string; message: string }
  | { kind: 'import'; stream: 'users' | 'tickets'; error: ImportError; message: string };

export interface ZendeskSyncCursors {
  users: string | null;
  tickets: string | null;
}

export interface ZendeskSyncSummary {
  /** The `source` of the imported rows and of the `sync_state` rows: `zendesk:{subdomain}`. */
  source: string;
  /** Successful HTTP responses (every page of every endpoint). */
  pagesFetched: number;
  /** Requests repeated after a 429, a 5xx or a dropped connection. */
  retries: number;
  users: number;
  tickets: number;
  audits: number;
  ratings: number;
  /** Tickets whose audits answered 404 (deleted meanwhile): imported without events. */
  ticketsWithoutAudits: number;
  /** Pages imported (each one import). */
  batches: number;
  /** Canonical rows written by the imports. */
  rowsImported: number;
  /** Where the next sync starts. */
  cursors: ZendeskSyncCursors;
  /** Cursors this sync started from (null: from `startTime`). */
  resumedFrom: ZendeskSyncCursors;
  warnings: SourceWarning[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const AGENT_ROLES = new Set(['agent', 'admin']);
/** Zendesk's Show Many Users takes at most 100 ids. */
const SHOW_MANY_LIMIT = 100;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: Json | undefined): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return null;
}

function objects(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The status codes worth another try: the server or something between us was briefly unwell. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408;
}

interface Response {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** A small HTTP client: Basic auth, JSON pages, 429/5xx/dropped-connection retries as values. */
class ZendeskClient {
  pagesFetched = 0;
  retries = 0;
  private readonly origin: string;
  private readonly authorization: string;

  constructor(
    readonly baseUrl: string,
    email: string,
    token: string,
    private readonly options: {
      maxRetries: number;
      maxRateLimitWaits: number;
      delayScale: number;
      timeoutMs: number;
    },
  ) {
    this.origin = new URL(baseUrl).origin;
    this.authorization = `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
  }

  url(path: string): string {
    return new URL(path, this.origin).toString();
  }

  /** GETs one JSON object; `url` must be on the account's own origin (credentials go nowhere else). */
  async get(url: string): Promise<Result<JsonObject, ZendeskSyncError>> {
    if (new URL(url).origin !== this.origin) {
      return err({
        kind: 'bad_response',
        url,
        message: `Zendesk pointed to ${url}, outside ${this.origin}: not followed`,
      });
    }
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      const answer = await this.send(url);
      if (!answer.ok) {
        if (failures >= this.options.maxRetries) {
          return err({
            kind: 'network',
            url,
            message: `GET ${url}: ${answer.error} (gave up after ${failures} retries)`,
          });
        }
        await this.wait(2 ** failures);
        failures++;
        this.retries++;
        continue;
      }
      const { status, body, retryAfter } = answer.data;
      if (status === 200) {
        this.pagesFetched++;
        let parsed: Json;
        try {
          parsed = JSON.parse(body) as Json;
        } catch {
          return err({ kind: 'bad_response', url, message: `GET ${url}: the answer is not JSON` });
        }
        if (!isObject(parsed)) {
          return err({ kind: 'bad_response', url, message: `GET ${url}: the answer is not a JSON object` });
        }
        return ok(parsed);
      }
      if (status === 401 || status === 403) {
        return err({
          kind: 'auth',
          url,
          status,
          message: `GET ${url}: HTTP ${status}; Zendesk refused the credentials: check the e-mail and the API token (and that token access is enabled)`,
        });
      }
      if (status === 429) {
        if (rateLimitWaits >= this.options.maxRateLimitWaits) {
          return err({
            kind: 'http',
            url,
            status,
            message: `GET ${url}: HTTP 429 (rate limited) ${rateLimitWaits} times in a row; try again later`,
          });
        }
        const seconds = Number(retryAfter);
        await this.wait(Number.isFinite(seconds) && seconds >= 0 ? seconds : 60);
        rateLimitWaits++;
        this.retries++;
        continue;
      }
      if (retryable(status) && failures < this.options.maxRetries) {
        await this.wait(2 ** failures);
        failures++;
        this.retries++;
        continue;
      }
      return err({
        kind: 'http',
        url,
        status,
        message: `GET ${url}: HTTP ${status}${retryable(status) ? ` (gave up after ${failures} retries)` : ''}: ${body.slice(0, 200)}`,
      });
    }
  }

  private wait(seconds: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000 * this.options.delayScale));
  }

  /** One request; a dropped connection, a reset or a timeout is a value, not a throw. */
  private send(url: string): Promise<Result<Response, string>> {
    const target = new URL(url);
    const request = target.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((resolve) => {
      const req = request(
        target,
        {
          method: 'GET',
          headers: {
            authorization: this.authorization,
            accept: 'application/json',
            'user-agent': 'servicemeter-sync',
          },
          timeout: this.options.timeoutMs,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => resolve(err(error.message)));
          res.on('aborted', () => resolve(err('connection closed while reading the answer')));
          res.on('end', () => {
            const header = res.headers['retry-after'];
            resolve(
              ok({
                status: res.statusCode ?? 0,
                retryAfter: Array.isArray(header) ? header[0] : header,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs / 1000} s`)));
      req.on('error', (error: NodeJS.ErrnoException) =>
        resolve(err(error.code ? `${error.code} ${error.message}` : error.message)),
      );
      req.end();
    });
  }
}

/** The next page of a list: `next_page` (offset pagination) or `links.next` (cursor pagination). */
function nextPage(page: JsonObject): string | null {
  if (typeof page.next_page === 'string' && page.next_page !== '') return page.next_page;
  const meta = page.meta;
  const links = page.links;
  if (isObject(meta) && meta.has_more === true && isObject(links) && typeof links.next === 'string')
    return links.next;
  return null;
}

/** All pages of a list endpoint, following its next-page links. */
async function getAll(
  client: ZendeskClient,
  url: string,
  key: string,
): Promise<Result<JsonObject[], ZendeskSyncError>> {
  const records: JsonObject[] = [];
  let next: string | null = url;
  while (next !== null) {
    const page = await client.get(next);
    if (!page.ok) return page;
    if (!Array.isArray(page.data[key])) {
      return err({
        kind: 'bad_response',
        url: next,
        message: `GET ${next}: no '${key}' array in the answer`,
      });
    }
    records.push(...objects(page.data[key]));
    next = nextPage(page.data);
  }
  return ok(records);
}

/** The `sync_state` row saying whether the facts were rebuilt after the last imported page. */
const FACTS_STREAM = 'facts';

async function loadState(engine: Engine, source: string, stream: string): Promise<string | null> {
  const rows = await engine.all('SELECT cursor FROM sync_state WHERE source = $1 AND stream = $2', [
    source,
    stream,
  ]);
  const value = rows[0]?.cursor;
  return typeof value === 'string' && value !== '' ? value : null;
}

async function loadCursors(engine: Engine, source: string): Promise<ZendeskSyncCursors> {
  return {
    users: await loadState(engine, source, 'users'),
    tickets: await loadState(engine, source, 'tickets'),
  };
}

async function saveCursor(engine: Engine, source: string, stream: string, cursor: string) {
  await engine.transaction(async () => {
    await engine.run('DELETE FROM sync_state WHERE source = $1 AND stream = $2', [source, stream]);
    await engine.run(
      'INSERT INTO sync_state (source, stream, cursor, updated_at) VALUES ($1, $2, $3, CAST(now() AS TIMESTAMP))',
      [source, stream, cursor],
    );
  });
}

/** Users met in this sync: agents in full (the import writes them), end-users by id only. */
class KnownUsers {
  readonly agents = new Map<string, JsonObject>();
  readonly endUsers = new Set<string>();

  add(user: JsonObject): void {
    const id = idOf(user.id);
    if (id === null) return;
    this.agents.delete(id);
    this.endUsers.delete(id);
    if (typeof user.role === 'string' && AGENT_ROLES.has(user.role)) this.agents.set(id, user);
    else this.endUsers.add(id);
  }

  /** What the import needs to know about `ids`: the agents' records and the end-users' roles. */
  recordsFor(ids: Iterable<string>): JsonObject[] {
    const records: JsonObject[] = [];
    for (const id of ids) {
      const agent = this.agents.get(id);
      if (agent) records.push(agent);
      else if (this.endUsers.has(id)) records.push({ id: Number(id), role: 'end-user' });
    }
    return records;
  }

  has(id: string): boolean {
    return this.agents.has(id) || this.endUsers.has(id);
  }
}

/** The authors of the comments and changes in `audits`: whose role the import must know. */
function authorsOf(audits: readonly JsonObject[]): Set<string> {
  const ids = new Set<string>();
  for (const audit of audits) {
    const author = idOf(audit.author_id);
    if (author !== null) ids.add(author);
    for (const event of objects(audit.events)) {
      const eventAuthor = idOf(event.author_id);
      if (eventAuthor !== null) ids.add(eventAuthor);
    }
  }
  return ids;
}

function timeMs(value: Json | undefined): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether a ticket carries a satisfaction rating that was offered or answered. */
function hasRating(ticket: JsonObject): boolean {
  const rating = ticket.satisfaction_rating;
  return isObject(rating) && typeof rating.score === 'string' && rating.score !== 'unoffered';
}

function mergeWarnings(into: Map<string, SourceWarning>, warnings: readonly SourceWarning[]): void {
  for (const warning of warnings) {
    const key = warning.message;
    const known = into.get(key);
    if (!known) {
      into.set(key, { ...warning, examples: [...warning.examples] });
      continue;
    }
    known.count += warning.count;
    for (const example of warning.examples) if (known.examples.length < 3) known.examples.push(example);
  }
}

/**
 * Pulls the account into the database and returns what it did; an expected failure (refused
 * credentials, a server that keeps failing, an answer that is not Zendesk's) is an error value,
 * and everything imported before it stays imported with its cursor saved.
 */
export async function syncZendesk(
  engine: Engine,
  options: ZendeskSyncOptions,
): Promise<Result<ZendeskSyncSummary, ZendeskSyncError>> {
  const source = `zendesk:${options.subdomain}`;
  const client = new ZendeskClient(
    options.baseUrl ?? `https://${options.subdomain}.zendesk.com`,
    options.email,
    options.token,
    {
      maxRetries: options.maxRetries ?? 5,
      maxRateLimitWaits: options.maxRateLimitWaits ?? 20,
      delayScale: options.retryDelayScale ?? 1,
      timeoutMs: (options.requestTimeoutSeconds ?? 120) * 1000,
    },
  );
  const startTime = Math.max(0, Math.floor(options.startTime ?? 0));
  const resumedFrom = await loadCursors(engine, source);
  // A sync that stopped between its imports and its rebuild left the facts behind its rows.
  let factsStale = (await loadState(engine, source, FACTS_STREAM)) === 'stale';
  const cursors: ZendeskSyncCursors = { ...resumedFrom };
  const warnings = new Map<string, SourceWarning>();
  const known = new KnownUsers();
  const counts = { users: 0, tickets: 0, audits: 0, ratings: 0, ticketsWithoutAudits: 0 };
  let batches = 0;
  let rowsImported = 0;
  const summary = (): ZendeskSyncSummary => ({
    source,
    pagesFetched: client.pagesFetched,
    retries: client.retries,
    ...counts,
    batches,
    rowsImported,
    cursors: { ...cursors },
    resumedFrom,
    warnings: [...warnings.values()],
  });

  /** Imports one batch of API records as the files the `zendesk` format reads. */
  const importBatch = async (
    stream: 'users' | 'tickets',
    files: Record<string, JsonObject>,
  ): Promise<Result<null, ZendeskSyncError>> => {
    const folder = await makeWorkDir('zendesk-sync');
    try {
      for (const [name, content] of Object.entries(files))
        await writeFile(join(folder, name), JSON.stringify(content));
      if (!factsStale) {
        await saveCursor(engine, source, FACTS_STREAM, 'stale');
        factsStale = true;
      }
      // The facts are rebuilt once at the end, not after every page.
      const imported = await importSource(engine, zendesk, [folder], { source, rebuild: false });
      if (!imported.ok) {
        const detail =
          imported.error.kind === 'bad_rows'
            ? imported.error.problems
                .slice(0, 3)
                .map((p) => `${p.column}: ${p.reason}`)
                .join('; ')
            : imported.error.kind;
        return err({
          kind: 'import',
          stream,
          error: imported.error,
          message: `Zendesk ${stream} could not be imported: ${detail}`,
        });
      }
      batches++;
      rowsImported += imported.data.files.reduce((sum, f) => sum + f.rowsImported, 0);
      mergeWarnings(warnings, imported.data.warnings);
      return ok(null);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };

  /** Follows one incremental cursor export until the end of its stream, page by page. */
  const exportStream = async (
    stream: 'users' | 'tickets',
    handlePage: (records: JsonObject[]) => Promise<Result<null, ZendeskSyncError>>,
  ): Promise<Result<null, ZendeskSyncError>> => {
    const path = `/api/v2/incremental/${stream}/cursor.json`;
    let pages = 0;
    let records = 0;
    for (;;) {
      const cursor = cursors[stream];
      const url = client.url(
        cursor === null ? `${path}?start_time=${startTime}` : `${path}?cursor=${encodeURIComponent(cursor)}`,
      );
      const page = await client.get(url);
      if (!page.ok) return page;
      const list = page.data[stream];
      if (!Array.isArray(list) || typeof page.data.end_of_stream !== 'boolean') {
        return err({
          kind: 'bad_response',
          url,
          message: `GET ${url}: expected an incremental export page ('${stream}' and 'end_of_stream')`,
        });
      }
      const items = objects(list);
      if (items.length > 0) {
        const handled = await handlePage(items);
        if (!handled.ok) return handled;
      }
      pages++;
      records += items.length;
      options.onProgress?.({ stream, pages, records });
      const after = page.data.after_cursor;
      // The page is imported: only now may the next sync start after it.
      if (typeof after === 'string' && after !== '' && after !== cursor) {
        await saveCursor(engine, source, stream, after);
        cursors[stream] = after;
      }
      if (page.data.end_of_stream) return ok(null);
      if (typeof after !== 'string' || after === '' || after === cursor) {
        return err({
          kind: 'bad_response',
          url,
          message: `GET ${url}: the stream is not at its end but gives no new after_cursor`,
        });
      }
    }
  };

  const pulled = await pull();
  // Rebuilt after a failure too: what was imported before it counts.
  if (factsStale) {
    const around = options.aroundRebuild ?? ((rebuild) => rebuild());
    await around(() => rebuildFacts(engine));
    await saveCursor(engine, source, FACTS_STREAM, 'current');
  }
  return pulled.ok ? ok(summary()) : pulled;

  async function pull(): Promise<Result<null, ZendeskSyncError>> {
    // Users first: every ticket page needs to know which authors are agents.
    const users = await exportStream('users', async (records) => {
      for (const user of records) known.add(user);
      counts.users += records.length;
      return importBatch('users', { 'users.json': { users: records } });
    });
    if (!users.ok) return users;

    const tickets = await exportStream('tickets', async (page) => {
      const audits: JsonObject[] = [];
      const ticketIds = new Set<string>();
      for (const ticket of page) {
        const id = idOf(ticket.id);
        if (id === null) continue; // the import rejects it, naming the field
        ticketIds.add(id);
        if (ticket.status === 'deleted') continue; // its audits are gone with it
        const url = client.url(`/api/v2/tickets/${id}/audits.json`);
        const pages = await getAll(client, url, 'audits');
        if (!pages.ok) {
          if (pages.error.kind === 'http' && pages.error.status === 404) {
            counts.ticketsWithoutAudits++;
            continue;
          }
          return pages;
        }
        audits.push(...pages.data);
      }

      // Ratings of this page's tickets, in the time span in which they can have been given.
      const rated = page.filter(hasRating);
      let ratings: JsonObject[] = [];
      if (rated.length > 0) {
        const created = rated.map((t) => timeMs(t.created_at)).filter((t): t is number => t !== null);
        const updated = rated.map((t) => timeMs(t.updated_at)).filter((t): t is number => t !== null);
        const from = Math.floor(Math.min(...created) / 1000);
        const to = Math.ceil(Math.max(...updated, ...created) / 1000) + 1;
        const url = client.url(`/api/v2/satisfaction_ratings.json?start_time=${from}&end_time=${to}`);
        const all = await getAll(client, url, 'satisfaction_ratings');
        if (!all.ok) return all;
        ratings = all.data.filter((r) => {
          const ticket = idOf(r.ticket_id);
          return ticket !== null && ticketIds.has(ticket);
        });
      }

      // Authors met in no users page of this sync (older users): ask Zendesk who they are.
      const authors = authorsOf(audits);
      const unknown = [...authors].filter((id) => !known.has(id));
      for (let i = 0; i < unknown.length; i += SHOW_MANY_LIMIT) {
        const ids = unknown.slice(i, i + SHOW_MANY_LIMIT).join(',');
        const found = await getAll(client, client.url(`/api/v2/users/show_many.json?ids=${ids}`), 'users');
        if (!found.ok) return found;
        for (const user of found.data) known.add(user);
      }

      counts.tickets += page.length;
      counts.audits += audits.length;
      counts.ratings += ratings.length;
      const files: Record<string, JsonObject> = { 'tickets.json': { tickets: page } };
      const userRecords = known.recordsFor(authors);
      if (userRecords.length > 0) files['users.json'] = { users: userRecords };
      if (audits.length > 0) files['audits.json'] = { audits };
      if (ratings.length > 0) files['satisfaction_ratings.json'] = { satisfaction_ratings: ratings };
      return importBatch('tickets', files);
    });
    return tickets;
  }
}
