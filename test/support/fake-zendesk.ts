import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fixturePath } from './sources.js';

type JsonObject = Record<string, unknown>;

export const ZENDESK_FIXTURE = fixturePath('sources/zendesk-api/');
const RECORDED_ORIGIN = 'https://example.zendesk.com';

/**
 * Zendesk as a sync sees it, on 127.0.0.1: the recorded API pages of the zendesk-api fixture behind
 * Basic auth (the pattern of src/services/sync-zendesk.test.ts, without its faults). A request for
 * the second ticket page can be held until the test lets it go, to cut a sync off in the middle.
 */
export class FakeZendesk {
  readonly requests: string[] = [];
  origin = '';
  /** While set, the second ticket page is not answered. */
  holdSecondTicketPage = false;
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

  private send(res: ServerResponse, status: number, body: JsonObject): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body).replaceAll(RECORDED_ORIGIN, this.origin));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.origin);
    this.requests.push(`${url.pathname}${url.search}`);
    const expected = `Basic ${Buffer.from(`${this.email}/token:${this.token}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      this.send(res, 401, { error: "Couldn't authenticate you" });
      return;
    }
    const body = this.route(url);
    if (body === 'hold') this.held.push(res);
    else if (body === null) this.send(res, 404, { error: 'RecordNotFound' });
    else this.send(res, 200, body);
  }

  private route(url: URL): JsonObject | 'hold' | null {
    const query = url.searchParams;
    const incremental = /^\/api\/v2\/incremental\/(users|tickets)\/cursor\.json$/.exec(url.pathname);
    if (incremental) {
      const stream = incremental[1] as 'users' | 'tickets';
      const pages =
        stream === 'users' ? ['users-1.json'] : ['tickets-1.json', 'tickets-2.json', 'tickets-3.json'];
      const cursor = query.get('cursor');
      if (cursor === null) return this.file(pages[0] as string);
      const after = pages.findIndex((p) => this.file(p).after_cursor === cursor);
      if (after < 0) return null;
      if (stream === 'tickets' && after === 0 && this.holdSecondTicketPage) return 'hold';
      const next = pages[after + 1];
      if (next !== undefined) return this.file(next);
      return { [stream]: [], after_cursor: cursor, end_of_stream: true };
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
      const ratings = all.filter((r) => {
        const at = Date.parse(r.created_at) / 1000;
        return at >= from && at <= to;
      });
      return { satisfaction_ratings: ratings, next_page: null, previous_page: null, count: ratings.length };
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
