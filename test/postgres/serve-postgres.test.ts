import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPostgres } from '../../src/engines/postgres/engine.js';
import { type Client, signedIn, startTestServer, type TestServer, WEEK } from '../server/support.js';
import { createTestDatabase, type TestPostgres } from '../support/postgres.js';

/**
 * The same fixture served twice: from a DuckDB file, and from a PostgreSQL server's database its
 * rows were copied into. The API must answer both alike.
 */
let database: TestPostgres;
let onPostgres: TestServer;
let onDuckDb: TestServer;
let stopped = false;

beforeAll(async () => {
  database = await createTestDatabase();
  onPostgres = await startTestServer({ postgresUrl: database.url });
  onDuckDb = await startTestServer();
}, 120_000);

afterAll(async () => {
  if (!stopped) await onPostgres?.stop();
  await onDuckDb?.stop();
  await database?.drop();
});

const QUERIES = [
  { ...WEEK, kpis: ['contacts_created', 'frt', 'csat', 'nps', 'reopen_rate'] },
  { ...WEEK, kpis: ['contacts_created', 'frt', 'resolution_time', 'csat'], by: ['agent'] },
  { ...WEEK, kpis: ['contacts_created', 'frt'], grain: 'day', by: ['channel'] },
];

async function both(person: 'admin' | 'manager' | 'ann'): Promise<[Client, Client]> {
  return [await signedIn(onPostgres.url, person), await signedIn(onDuckDb.url, person)];
}

test('an admin signs in to the server on PostgreSQL and sees its data', async () => {
  const [admin] = await both('admin');
  const session = await admin.get('/api/auth/session');
  expect(session.status, session.text).toBe(200);
  expect(session.json.user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
  const status = await admin.get('/api/status');
  expect(status.status, status.text).toBe(200);
  expect(JSON.stringify(status.json)).toContain('2026-03');
});

test('KPI numbers served from PostgreSQL are those served from the DuckDB file', async () => {
  const [onPg, onDuck] = await both('manager');
  for (const query of QUERIES) {
    const pg = await onPg.post('/api/kpi/query', query);
    const duck = await onDuck.post('/api/kpi/query', query);
    expect(pg.status, pg.text).toBe(200);
    expect(duck.status, duck.text).toBe(200);
    expect(pg.json.rows.length, JSON.stringify(query)).toBeGreaterThan(0);
    expect(pg.json.rows, JSON.stringify(query)).toEqual(duck.json.rows);
    expect(pg.json.query).toEqual(duck.json.query);
  }
  const scorecards = `/api/scorecards?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}`;
  const pgCards = await onPg.get(scorecards);
  expect(pgCards.status, pgCards.text).toBe(200);
  expect(pgCards.json).toEqual((await onDuck.get(scorecards)).json);
});

test('on PostgreSQL too, an agent sees only her own figures and contacts', async () => {
  const [ann] = await both('ann');
  expect((await ann.post('/api/kpi/query', { ...WEEK, by: ['agent'] })).status).toBe(403);
  expect((await ann.post('/api/kpi/query', { ...WEEK, filters: { agent: ['bob'] } })).status).toBe(403);
  const own = await ann.post('/api/kpi/query', { ...WEEK, kpis: ['frt'], filters: { agent: ['ann'] } });
  expect(own.status, own.text).toBe(200);
  expect(own.json.rows[0].frt).toMatchObject({ value: 610, n: 2 });
  const contacts = await ann.post('/api/contacts/query', { ...WEEK });
  expect(contacts.status, contacts.text).toBe(200);
  expect(new Set(contacts.json.rows.map((r: { assigneeId: string }) => r.assigneeId))).toEqual(
    new Set(['ann']),
  );
  expect((await ann.get(`/api/contacts/${encodeURIComponent('helpdesk|t2')}`)).status).toBe(404);
});

test('what needs a DuckDB file (imports sent to the server, backups) is refused saying so', async () => {
  const [admin] = await both('admin');
  const upload = await admin.request('POST', '/api/imports', 'contact_id\n', { 'content-type': 'text/csv' });
  expect(upload.status, upload.text).toBe(503);
  expect(upload.json.detail).toMatch(/DuckDB database file.*servicemeter import/);
  const backup = await admin.get('/api/backup');
  expect(backup.status, backup.text).toBe(503);
  expect(backup.json.detail).toMatch(/no DuckDB database file/);
});

test('the server on PostgreSQL stops cleanly, closing every connection it opened', async () => {
  const connections = async () => {
    const watcher = await openPostgres({ url: database.url, maxConnections: 1 });
    try {
      const rows = await watcher.all(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'servicemeter'`,
      );
      return Number(rows[0]?.n);
    } finally {
      await watcher.close();
    }
  };
  expect(await connections()).toBeGreaterThan(0);
  stopped = true;
  await onPostgres.stop();
  expect(await connections()).toBe(0);
  await expect(fetch(`${onPostgres.url}/livez`)).rejects.toThrow();
});
