import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ZendeskSyncOptions } from '../../src/services/sync-zendesk.js';
import { fixturePath } from './sources.js';

type JsonObject = Record<string, unknown>;
type Fault = '429' | 'drop' | '500';

export const ZENDESK_FIXTURE = fixturePath('sources/zendesk-api/');
const RECORDED_ORIGIN = 'https://example.zendesk.com';
/** The account the recorded pages belong to, and the source a sync of it imports as. */
export const ZENDESK_SOURCE = 'zendesk:example';
/** The API user and token the sync tests sign in with. */
export const ZENDESK_EMAIL = 'ann@example.com';
export const ZENDESK_TOKEN = 'ZtV0k3nFixture';

/**
 * Zendesk as a sync sees it, on 127.0.0.1: the recorded API pages of the zendesk-api fixture behind
 * Basic auth. Every request is logged as its path and query. Faults can be injected (a 429, a
 * dropped connection, a 500), every ticket page after the first can fail, and a request for the
 * second ticket page can be held until the test lets it go, to cut a sync off in the middle.
 */
export class FakeZendesk {
  readonly requests: string[] = [];
  readonly authHeaders = new Set<string>();
  origin = '';
  /** Faults for the next requests whose path and query match, each used once. */
  faults: { match: RegExp; fault: Fault }[] = [];
  /** Every ticket page after the first answers 500. */
  brokenAfterFirstTicketPage = false;
  /** While set, the second ticket page is not answered. */
  holdSecondTicketPage = false;
  /** Satisfaction ratings a page, as Zendesk pages them; null: all on one page. */
  ratingsPerPage: number | null = null;
  private held: ServerResponse[] = [];
  private server: Server | null = null;
  private files = new Map<string, JsonObject>();

  constructor(
    readonly email: string,
    readonly token: string,
  ) {}

  async start(): Promise<void> {
    for (const name of await readdir(ZENDESK_FIXTURE)) {
      if (!name.endsWith('.json')) continue;
      this.files.set(name, JSON.parse(await readFile(join(ZENDESK_FIXTURE, name), 'utf8')) as JsonObject);
    }
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * How a sync of the recorded account reaches this server; Retry-After: 1 and the 1 s, 2 s, …
   * backoff become milliseconds.
   */
  syncOptions(overrides: Partial<ZendeskSyncOptions> = {}): ZendeskSyncOptions {
    return {
      subdomain: 'example',
      email: this.email,
      token: this.token,
      baseUrl: this.origin,
      retryDelayScale: 0.001,
      ...overrides,
    };
  }

  /** Forgets the requests seen and the faults and holds asked for. */
  reset(): void {
    this.requests.length = 0;
    this.authHeaders.clear();
    this.faults = [];
    this.brokenAfterFirstTicketPage = false;
    this.holdSecondTicketPage = false;
  }

  /** Whether a request is being held. */
  holding(): boolean {
    return this.held.length > 0;
  }

  /** Drops the held requests' connections. */
  dropHeld(): void {
    for (const res of this.held.splice(0)) res.socket?.destroy();
  }

  async stop(): Promise<void> {
    this.dropHeld();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private file(name: string): JsonObject {
    const content = this.files.get(name);
    if (!content) throw new Error(`no fixture ${name}`);
    return content;
  }

  private send(res: ServerResponse, status: number, body: JsonObject, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body).replaceAll(RECORDED_ORIGIN, this.origin));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    const where = `${url.pathname}${url.search}`;
    this.requests.push(where);
    this.authHeaders.add(req.headers.authorization ?? '');
    const expected = `Basic ${Buffer.from(`${this.email}/token:${this.token}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      this.send(res, 401, { error: "Couldn't authenticate you" });
      return;
    }
    const faultAt = this.faults.findIndex((f) => f.match.test(where));
    const fault = faultAt >= 0 ? this.faults.splice(faultAt, 1)[0]?.fault : undefined;
    if (fault !== undefined) {
      if (fault === 'drop') req.socket.destroy();
      else if (fault === '429') this.send(res, 429, { error: 'TooManyRequests' }, { 'retry-after': '1' });
      else this.send(res, 500, { error: 'InternalServerError' });
      return;
    }
    const body = this.route(url);
    if (body === 'hold') this.held.push(res);
    else if (body === null) this.send(res, 404, { error: 'RecordNotFound', description: 'Not found' });
    else if (body === 'broken') this.send(res, 500, { error: 'InternalServerError' });
    else this.send(res, 200, body);
  }

  private route(url: URL): JsonObject | 'hold' | 'broken' | null {
    const query = url.searchParams;
    const incremental = /^\/api\/v2\/incremental\/(users|tickets)\/cursor\.json$/.exec(url.pathname);
    if (incremental) {
      const stream = incremental[1] as 'users' | 'tickets';
      const pages =
        stream === 'users' ? ['users-1.json'] : ['tickets-1.json', 'tickets-2.json', 'tickets-3.json'];
      const cursor = query.get('cursor');
      if (cursor === null) return query.has('start_time') ? this.file(pages[0] as string) : null;
      if (stream === 'tickets' && this.brokenAfterFirstTicketPage) return 'broken';
      const after = pages.findIndex((p) => this.file(p).after_cursor === cursor);
      if (after < 0) return null;
      if (stream === 'tickets' && after === 0 && this.holdSecondTicketPage) return 'hold';
      const next = pages[after + 1];
      if (next !== undefined) return this.file(next);
      // At the end of the stream: nothing new, the same cursor to come back with.
      return {
        [stream]: [],
        after_url: `${RECORDED_ORIGIN}/api/v2/incremental/${stream}/cursor.json?cursor=${cursor}`,
        after_cursor: cursor,
        before_url: null,
        before_cursor: null,
        end_of_stream: true,
      };
    }
    const audits = /^\/api\/v2\/tickets\/(\d+)\/audits\.json$/.exec(url.pathname);
    if (audits) {
      const id = audits[1];
      if (id === '101') return this.file(`audits-101-page-${query.get('page') ?? '1'}.json`);
      return this.files.get(`audits-${id}.json`) ?? null;
    }
    if (url.pathname === '/api/v2/satisfaction_ratings.json') {
      const from = Number(query.get('start_time') ?? 0);
      const to = Number(query.get('end_time') ?? Number.POSITIVE_INFINITY);
      const all = this.file('satisfaction_ratings.json').satisfaction_ratings as { created_at: string }[];
      const inSpan = all.filter((r) => {
        const at = Date.parse(r.created_at) / 1000;
        return at >= from && at <= to;
      });
      const size = this.ratingsPerPage ?? Math.max(1, inSpan.length);
      const page = Number(query.get('page') ?? 1);
      const next = new URL(url.toString());
      next.searchParams.set('page', String(page + 1));
      return {
        satisfaction_ratings: inSpan.slice((page - 1) * size, page * size),
        next_page: page * size < inSpan.length ? next.toString() : null,
        previous_page: null,
        count: inSpan.length,
      };
    }
    if (url.pathname === '/api/v2/users/show_many.json') {
      const ids = new Set((query.get('ids') ?? '').split(','));
      const users = (this.file('users-1.json').users as { id: number }[]).filter((u) =>
        ids.has(String(u.id)),
      );
      return { users, next_page: null, previous_page: null, count: users.length };
    }
    return null;
  }
}
