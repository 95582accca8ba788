/**
 * A Zendesk sync into a PostgreSQL server: the same pages pulled, the same rows stored and the same
 * indicators as in a DuckDB file, its cursors kept so that the next sync resumes; from the CLI and
 * as a job.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { CANONICAL_TABLES } from '../../src/core/schema.js';
import { syncZendesk } from '../../src/services/sync-zendesk.js';
import { cli } from '../support/cli.js';
import { withMigrated, withMigratedServer } from '../support/engines.js';
import { FakeZendesk, ZENDESK_EMAIL, ZENDESK_SOURCE, ZENDESK_TOKEN } from '../support/fake-zendesk.js';
import { createTestDatabase } from '../support/postgres.js';
import { expectSame, kpiRows } from '../support/same.js';

const server = new FakeZendesk(ZENDESK_EMAIL, ZENDESK_TOKEN);
beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => server.reset());

/** Row counts of the canonical tables, the contacts and the sync's cursors. */
async function stored(engine: Engine) {
  const counts: Record<string, number> = {};
  for (const table of CANONICAL_TABLES) {
    const [row] = await engine.all(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(row?.n);
  }
  const contacts = await engine.all(
    'SELECT contact_key, channel, status, assignee_id FROM contacts ORDER BY contact_key',
  );
  const cursors = await engine.all('SELECT source, stream, cursor FROM sync_state ORDER BY stream');
  return { counts, contacts, cursors };
}

const QUERIES: KpiQueryInput[] = [
  { from: '2024-03-01', to: '2024-03-31', timezone: 'UTC' },
  { from: '2024-03-01', to: '2024-03-31', timezone: 'Europe/Amsterdam', grain: 'day', by: ['agent'] },
];

test('a sync into PostgreSQL stores what it stores in a DuckDB file, through faults, and the next one resumes', async () => {
  await withMigrated('duckdb', async (duck) => {
    const onDuck = await syncZendesk(duck, server.syncOptions());
    if (!onDuck.ok) throw new Error(JSON.stringify(onDuck.error));
    const expected = await stored(duck);
    expect(expected.counts.contacts).toBeGreaterThan(0);
    server.reset();
    server.faults = [
      { match: /^\/api\/v2\/incremental\/tickets\//, fault: '429' },
      { match: /^\/api\/v2\/tickets\/102\/audits\.json/, fault: 'drop' },
    ];
    await withMigratedServer(async (pg) => {
      const onPostgres = await syncZendesk(pg, server.syncOptions());
      if (!onPostgres.ok) throw new Error(JSON.stringify(onPostgres.error));
      expect(onPostgres.data).toMatchObject({
        source: ZENDESK_SOURCE,
        retries: 2,
        users: onDuck.data.users,
        tickets: onDuck.data.tickets,
        audits: onDuck.data.audits,
        ratings: onDuck.data.ratings,
        batches: onDuck.data.batches,
        rowsImported: onDuck.data.rowsImported,
        cursors: onDuck.data.cursors,
      });
      expect(await stored(pg)).toEqual(expected);
      for (const query of QUERIES) {
        const rows = await kpiRows(duck, {
          kpis: ['contacts_created', 'frt', 'csat', 'reopen_rate'],
          ...query,
        });
        expect(rows.length).toBeGreaterThan(0);
        expectSame(
          await kpiRows(pg, { kpis: ['contacts_created', 'frt', 'csat', 'reopen_rate'], ...query }),
          rows,
          JSON.stringify(query),
        );
      }

      // Nothing new: the next sync asks from the saved cursors only and imports nothing.
      server.reset();
      const again = await syncZendesk(pg, server.syncOptions());
      if (!again.ok) throw new Error(JSON.stringify(again.error));
      expect(again.data).toMatchObject({ pagesFetched: 2, batches: 0, rowsImported: 0 });
      expect(server.requests.every((r) => r.includes('cursor='))).toBe(true);
      expect(await stored(pg)).toEqual(expected);
    });
  });
}, 120_000);

test('servicemeter sync zendesk and a sync-zendesk job run on a PostgreSQL database', async () => {
  const database = await createTestDatabase();
  try {
    const synced = await cli([
      'sync',
      'zendesk',
      '--subdomain',
      'example',
      '--email',
      ZENDESK_EMAIL,
      '--token',
      ZENDESK_TOKEN,
      '--base-url',
      server.origin,
      '--db',
      database.url,
    ]);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/^zendesk:example: \d+ pages \(0 retried\), 5 tickets, 6 users, 16 audits/);

    const added = await cli([
      'jobs',
      'add',
      'sync-zendesk',
      '--params',
      JSON.stringify({
        subdomain: 'example',
        email: ZENDESK_EMAIL,
        tokenEnv: 'ZENDESK_PG_TEST_TOKEN',
        baseUrl: server.origin,
      }),
      '--db',
      database.url,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const id = /^added job (\S+) /.exec(added.stdout)?.[1];
    expect(id).toBeDefined();
    server.reset();
    const ran = await cli(['jobs', 'run', String(id), '--db', database.url], {
      ZENDESK_PG_TEST_TOKEN: ZENDESK_TOKEN,
    });
    expect(ran.code, ran.stderr).toBe(0);
    // The job resumed from the cursors the command saved: nothing new to import.
    expect(ran.stdout).toMatch(new RegExp(`^job ${id} \\(sync-zendesk\\) ok: .*"source":"zendesk:example"`));
    expect(ran.stdout).toContain('"tickets":0');
    expect(server.requests.every((r) => r.includes('cursor='))).toBe(true);
  } finally {
    await database.drop();
  }
}, 120_000);
