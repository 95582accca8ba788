import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { openPostgres } from '../../src/engines/postgres/engine.js';
import { runKpiQuery } from '../../src/services/kpi.js';
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

const QUERIES: KpiQueryInput[] = [
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

/** Sends the extra contact and its first reply to a server, waits for the import, returns the job. */
async function importExtraContact(admin: Client): Promise<Record<string, unknown>> {
  const form = new FormData();
  form.append(
    'files',
    new Blob([
      'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject\n' +
        'helpdesk,t100,email,2026-03-03T10:00:00Z,c100,support,ann,delivery,,normal,open,New one\n',
    ]),
    'contacts.csv',
  );
  form.append(
    'files',
    new Blob([
      'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public\n' +
        'helpdesk,t100,t100-1,customer_message,2026-03-03T10:00:00Z,customer,,\n' +
        'helpdesk,t100,t100-2,agent_reply,2026-03-03T10:42:00Z,agent,ann,true\n',
    ]),
    'contact_events.csv',
  );
  const sent = await admin.fetch(`${admin.base}/api/imports`, { method: 'POST', body: form });
  expect(sent.status, await sent.clone().text()).toBe(202);
  const { id } = (await sent.json()) as { id: string };
  for (;;) {
    const job = await admin.get(`/api/imports/${id}`);
    expect(job.status, job.text).toBe(200);
    if (job.json.state === 'succeeded' || job.json.state === 'failed') return job.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('files sent to the server on PostgreSQL are imported as into the file, and counted alike', async () => {
  const [onPg, onDuck] = await both('admin');
  const before = await onPg.post('/api/kpi/query', QUERIES[0]);
  const [pgJob, duckJob] = [await importExtraContact(onPg), await importExtraContact(onDuck)];
  expect(pgJob).toMatchObject({ state: 'succeeded', error: null });
  const files = (job: Record<string, unknown>) => (job.result as { files: unknown }).files;
  expect(files(pgJob)).toEqual(files(duckJob));
  for (const query of QUERIES) {
    const pg = await onPg.post('/api/kpi/query', query);
    const duck = await onDuck.post('/api/kpi/query', query);
    expect(pg.status, pg.text).toBe(200);
    expect(pg.json.rows).toEqual(duck.json.rows);
  }
  const after = await onPg.post('/api/kpi/query', QUERIES[0]);
  expect(after.json.rows[0].contacts_created.value).toBe(before.json.rows[0].contacts_created.value + 1);
  // Sent again, nothing is counted twice.
  expect(await importExtraContact(onPg)).toMatchObject({ state: 'succeeded' });
  expect((await onPg.post('/api/kpi/query', QUERIES[0])).json.rows).toEqual(after.json.rows);
});

test('an admin’s backup of the server on PostgreSQL is a DuckDB file with its people and the same figures', async () => {
  const [admin] = await both('admin');
  const response = await admin.fetch(`${onPostgres.url}/api/backup`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-disposition')).toMatch(
    /attachment; filename="servicemeter-.*\.duckdb"/,
  );
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-pg-backup-'));
  try {
    const path = join(dir, 'backup.duckdb');
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    const copy = await openDuckDb({ path });
    try {
      const people = await copy.all('SELECT email FROM users ORDER BY email');
      expect(people.map((r) => r.email)).toContain('admin@example.com');
      for (const query of QUERIES) {
        const answer = await runKpiQuery(copy, query);
        if (!answer.ok) throw new Error(JSON.stringify(answer.error));
        expect(answer.data.rows).toEqual((await admin.post('/api/kpi/query', query)).json.rows);
      }
    } finally {
      await copy.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // Only an admin may take one.
  const manager = await signedIn(onPostgres.url, 'manager');
  expect((await manager.get('/api/backup')).status).toBe(403);
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
