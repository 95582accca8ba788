import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { withDuckDb } from '../../test/support/engines.js';
import {
  FakeZendesk,
  ZENDESK_EMAIL,
  ZENDESK_FIXTURE,
  ZENDESK_SOURCE,
  ZENDESK_TOKEN,
} from '../../test/support/fake-zendesk.js';
import { importSourceOrThrow, kpiOverview } from '../../test/support/sources.js';
import type { Engine } from '../core/engine.js';
import { TABLES } from '../core/schema.js';
import { zendesk } from '../ingest/sources/zendesk.js';
import { syncZendesk, type ZendeskSyncOptions } from './sync-zendesk.js';

const KPIS = [
  'contacts_created',
  'frt',
  'contacts_resolved',
  'resolution_time',
  'reopen_rate',
  'fcr_rate',
  'csat',
  'csat_response_rate',
] as const;

const FIXTURE = ZENDESK_FIXTURE;
const SOURCE = ZENDESK_SOURCE;
const EMAIL = ZENDESK_EMAIL;
const TOKEN = ZENDESK_TOKEN;

const server = new FakeZendesk(EMAIL, TOKEN);
// Two ratings a page, so that a sync follows next_page as with Zendesk's paging.
server.ratingsPerPage = 2;
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => server.reset());

const options = (overrides: Partial<ZendeskSyncOptions> = {}) => server.syncOptions(overrides);

async function fixtureFiles(): Promise<string[]> {
  return (await readdir(FIXTURE))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(FIXTURE, name));
}

/** Every canonical row the import writes, in a stable order, and the indicators of March 2024. */
async function snapshot(db: Engine) {
  const tables: Record<string, unknown[]> = {};
  for (const table of ['contacts', 'contact_events', 'survey_responses', 'agents'] as const) {
    const columns = TABLES[table].columns.map((c) => c.name);
    const list = columns.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ');
    tables[table] = await db.all(`SELECT ${list} FROM ${table} ORDER BY ALL`);
  }
  const kpis = await kpiOverview(db, KPIS, { from: '2024-03-01', to: '2024-03-31' });
  return { kpis, tables };
}

/** The database of the recorded responses imported as files: what every sync must end with. */
async function expectedSnapshot() {
  return withDuckDb([], async (db) => {
    await importSourceOrThrow(db, zendesk, await fixtureFiles(), { source: SOURCE });
    return snapshot(db);
  });
}

const syncState = (db: Engine) =>
  db.all('SELECT source, stream, cursor FROM sync_state ORDER BY stream') as Promise<
    { source: string; stream: string; cursor: string }[]
  >;

async function recordedCursor(file: string): Promise<string> {
  const page = JSON.parse(await readFile(join(FIXTURE, file), 'utf8')) as { after_cursor: string };
  return page.after_cursor;
}

describe('syncZendesk', () => {
  test('pulls users, ticket pages, audits and ratings through a 429, a dropped connection and a 500, and gives the database of the same responses imported as files', async () => {
    const expected = await expectedSnapshot();
    // The hand-worked figures of the records (see src/ingest/sources/zendesk.test.ts).
    expect(expected.kpis).toEqual({
      // 101, 102, 103, 105; 104 was merged into 101 and is left out.
      contacts_created: { value: 4, n: 4 },
      // First public agent reply: 103 after 5 min, 101 after 30 min, 102 after 60 min (its internal
      // note at 20 min does not count); 105 has only an internal note. Median of 300, 1800, 3600 s.
      frt: { value: 1800, n: 3 },
      // Solved: 103 after 5 min, 102 after 1 h (first time), 101 after 3 h: median 3600 s.
      contacts_resolved: { value: 3, n: 3 },
      resolution_time: { value: 3600, n: 3 },
      // 102 went from solved back to open the next day.
      reopen_rate: { value: 1 / 3, n: 3 },
      // Only 103 was solved with one public reply and never reopened.
      fcr_rate: { value: 1 / 3, n: 3 },
      // 7001 good (2 on 1–2), 7002 bad (1): one of two answers in the top box.
      csat: { value: 0.5, n: 2 },
      // Offered: 7001, 7002 and 7003 (never answered); 7004 was never offered.
      csat_response_rate: { value: 2 / 3, n: 3 },
    });

    server.faults = [
      { match: /^\/api\/v2\/incremental\/tickets\//, fault: '429' },
      { match: /^\/api\/v2\/tickets\/102\/audits\.json/, fault: 'drop' },
      { match: /^\/api\/v2\/satisfaction_ratings\.json/, fault: '500' },
    ];
    await withDuckDb([], async (db) => {
      const result = await syncZendesk(db, options());
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(await snapshot(db)).toEqual(expected);
      expect(server.faults).toEqual([]);
      expect([...server.authHeaders]).toEqual([
        `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`,
      ]);
      const ticketsCursor = await recordedCursor('tickets-3.json');
      const usersCursor = await recordedCursor('users-1.json');
      expect(result.data).toMatchObject({
        source: SOURCE,
        // 1 users page, 3 ticket pages, 6 audit pages (101 has two), 4 rating pages (two spans of
        // 3 and 4 ratings, two a page), 1 Show Many Users for 105's unknown author 3001.
        pagesFetched: 15,
        // The 429, the dropped connection and the 500, each repeated once.
        retries: 3,
        users: 6,
        tickets: 5,
        // 4 (101) + 5 (102) + 2 (103) + 2 (104) + 3 (105).
        audits: 16,
        // 7001 and 7003 with page 1, 7002 with page 3; page 2 has no rating offered.
        ratings: 3,
        ticketsWithoutAudits: 0,
        // The users page and the three ticket pages.
        batches: 4,
        cursors: { users: usersCursor, tickets: ticketsCursor },
        resumedFrom: { users: null, tickets: null },
      });
      expect(result.data.rowsImported).toBeGreaterThan(0);
      expect(result.data.warnings.map((w) => `${w.message} ×${w.count}`).sort()).toEqual([
        'comment by a user who is in no users file and is not the requester: not imported (add users.json) ×1',
        'ticket closed by a merge (tag closed_by_merge): left out of the indicators ×1',
      ]);
      expect(await syncState(db)).toEqual([
        // The facts were rebuilt after the last page.
        { source: SOURCE, stream: 'facts', cursor: 'current' },
        { source: SOURCE, stream: 'tickets', cursor: ticketsCursor },
        { source: SOURCE, stream: 'users', cursor: usersCursor },
      ]);
      expect(server.requests.filter((r) => r.startsWith('/api/v2/incremental/'))).toEqual([
        '/api/v2/incremental/users/cursor.json?start_time=0',
        '/api/v2/incremental/tickets/cursor.json?start_time=0',
        '/api/v2/incremental/tickets/cursor.json?start_time=0',
        `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(await recordedCursor('tickets-1.json'))}`,
        `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(await recordedCursor('tickets-2.json'))}`,
      ]);

      // A second sync with nothing new: resumes from the saved cursors and changes nothing.
      server.reset();
      const again = await syncZendesk(db, options());
      if (!again.ok) throw new Error(JSON.stringify(again.error));
      expect(server.requests).toEqual([
        `/api/v2/incremental/users/cursor.json?cursor=${encodeURIComponent(usersCursor)}`,
        `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(ticketsCursor)}`,
      ]);
      expect(again.data).toMatchObject({
        pagesFetched: 2,
        retries: 0,
        tickets: 0,
        batches: 0,
        rowsImported: 0,
        cursors: { users: usersCursor, tickets: ticketsCursor },
        resumedFrom: { users: usersCursor, tickets: ticketsCursor },
      });
      expect(await snapshot(db)).toEqual(expected);
      expect(await syncState(db)).toHaveLength(3);
    });
  });

  test('a sync that fails after the first ticket page is an error value; the next one resumes from its cursor and gives the same database', async () => {
    const expected = await expectedSnapshot();
    await withDuckDb([], async (db) => {
      server.brokenAfterFirstTicketPage = true;
      const failed = await syncZendesk(db, options({ maxRetries: 3 }));
      expect(failed.ok).toBe(false);
      if (failed.ok) return;
      const firstCursor = await recordedCursor('tickets-1.json');
      const url = `${server.origin}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(firstCursor)}`;
      expect(failed.error).toMatchObject({ kind: 'http', status: 500, url });
      expect(failed.error.message).toContain(`GET ${url}: HTTP 500 (gave up after 3 retries)`);
      // One try and three retries of the second page.
      expect(
        server.requests.filter((r) => r.includes(`cursor=${encodeURIComponent(firstCursor)}`)),
      ).toHaveLength(4);
      // The first page (101, 103) is in, with its cursor.
      expect(await db.all('SELECT external_id FROM contacts ORDER BY external_id')).toEqual([
        { external_id: '101' },
        { external_id: '103' },
      ]);
      expect((await syncState(db)).find((s) => s.stream === 'tickets')?.cursor).toBe(firstCursor);
      // The facts were rebuilt before the error was returned: the first page counts already.
      expect((await snapshot(db)).kpis).toMatchObject({
        contacts_created: { value: 2, n: 2 },
        // 103 after 5 min, 101 after 30 min: the median of two is their mean, 1050 s.
        frt: { value: 1050, n: 2 },
      });

      server.reset();
      const resumed = await syncZendesk(db, options());
      if (!resumed.ok) throw new Error(JSON.stringify(resumed.error));
      expect(server.requests.find((r) => r.startsWith('/api/v2/incremental/tickets/'))).toBe(
        `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(firstCursor)}`,
      );
      // Pages 2 and 3: their authors come from Show Many Users, the users stream having nothing new.
      expect(resumed.data).toMatchObject({ tickets: 3, users: 0, batches: 2 });
      expect(server.requests.some((r) => r.startsWith('/api/v2/users/show_many.json'))).toBe(true);
      expect(await snapshot(db)).toEqual(expected);
    });
  });

  test('refused credentials give the auth error at once, without retries and without a cursor', async () => {
    await withDuckDb([], async (db) => {
      const result = await syncZendesk(db, options({ token: 'wrong' }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toMatchObject({
        kind: 'auth',
        status: 401,
        url: `${server.origin}/api/v2/incremental/users/cursor.json?start_time=0`,
      });
      expect(result.error.message).toContain('check the e-mail and the API token');
      expect(result.error.message).not.toContain('wrong');
      expect(server.requests).toHaveLength(1);
      expect(await syncState(db)).toEqual([]);
    });
  });

  test('a server that keeps dropping the connection ends in a network error naming the URL', async () => {
    server.faults = Array.from({ length: 3 }, () => ({
      match: /^\/api\/v2\/incremental\/users\//,
      fault: 'drop' as const,
    }));
    await withDuckDb([], async (db) => {
      const result = await syncZendesk(db, options({ maxRetries: 2 }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const url = `${server.origin}/api/v2/incremental/users/cursor.json?start_time=0`;
      expect(result.error).toMatchObject({ kind: 'network', url });
      expect(result.error.message).toMatch(/socket hang up|ECONNRESET/);
      expect(result.error.message).toContain('gave up after 2 retries');
      expect(server.requests).toHaveLength(3);
    });
  });
});
