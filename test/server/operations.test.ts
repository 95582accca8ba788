import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { createApp } from '../../src/server/app.js';
import { OUTSIDE_API } from '../../src/server/operations/handlers.js';
import { serializeEngine } from '../../src/server/serialized-engine.js';
import { FIXTURES, withDuckDb } from '../support/engines.js';
import { Client, signedIn, startTestServer, type TestServer, WEEK } from './support.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one sample of the Prometheus text, or 0 when the series has none yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function scrape(url: string): Promise<string> {
  const reply = await new Client(url).get('/metrics', { authorization: `Bearer ${TOKEN}` });
  expect(reply.status).toBe(200);
  return reply.text;
}

test('no route is served outside /api but the ones OUTSIDE_API exempts from authorization, each with its reason', async () => {
  await withDuckDb([], async (db) => {
    const app = createApp({ engine: serializeEngine(db), version: 'test', staticDir: null });
    const outside = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && !r.path.startsWith('/api/')).map((r) => r.path),
    );
    expect([...outside].sort()).toEqual(Object.keys(OUTSIDE_API).sort());
    for (const reason of Object.values(OUTSIDE_API)) expect(reason.length).toBeGreaterThan(20);
  });
});

describe('without a metrics token', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('/metrics does not exist; /livez and /readyz answer anyone', async () => {
    const anonymous = new Client(ts.url);
    expect((await anonymous.get('/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    const live = await anonymous.get('/livez');
    expect([live.status, live.text]).toEqual([200, 'ok\n']);
    const ready = await anonymous.get('/readyz');
    expect([ready.status, ready.text]).toEqual([200, 'ready\n']);
    expect(ready.headers.get('cache-control')).toBe('no-store');
  });
});

describe('with a metrics token', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ serve: () => ({ metricsToken: TOKEN }) });
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('/metrics needs the token as a bearer token', async () => {
    const anonymous = new Client(ts.url);
    const missing = await anonymous.get('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await anonymous.get('/metrics', { authorization: 'Bearer not-the-token' })).status).toBe(401);
    // A session is no way in: only the token is.
    const admin = await signedIn(ts.url, 'admin');
    expect((await admin.get('/metrics')).status).toBe(401);
  });

  test('answers in the Prometheus text format, with the database size and the process metrics', async () => {
    const reply = await new Client(ts.url).get('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(reply.text, 'servicemeter_database_size_bytes{file="database"}')).toBeGreaterThan(0);
    expect(sample(reply.text, 'servicemeter_webhook_queue_lag_seconds')).toBe(0);
    expect(reply.text).toContain('# TYPE servicemeter_http_request_duration_seconds histogram');
    expect(reply.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(reply.text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  test('requests are counted by route pattern and status, not by raw path', async () => {
    const manager = await signedIn(ts.url, 'manager');
    const health = 'servicemeter_http_requests_total{method="GET",route="/api/health",status="200"}';
    const contact = 'servicemeter_http_requests_total{method="GET",route="/api/contacts/{key}",status="200"}';
    const unknown = 'servicemeter_http_requests_total{method="GET",route="(none)",status="404"}';
    const timed = 'servicemeter_http_request_duration_seconds_count{method="GET",route="/api/health"}';
    const before = await scrape(ts.url);
    for (let i = 0; i < 3; i++) expect((await manager.get('/api/health')).status).toBe(200);
    expect((await manager.get(`/api/contacts/${encodeURIComponent('helpdesk|t1')}`)).status).toBe(200);
    expect((await manager.get('/api/no-such-thing')).status).toBe(404);
    expect((await new Client(ts.url).get('/api/contacts/someone')).status).toBe(401);
    const after = await scrape(ts.url);
    expect(sample(after, health) - sample(before, health)).toBe(3);
    expect(sample(after, timed) - sample(before, timed)).toBe(3);
    expect(sample(after, contact) - sample(before, contact)).toBe(1);
    expect(sample(after, unknown) - sample(before, unknown)).toBe(1);
    const refused = 'servicemeter_http_requests_total{method="GET",route="/api/contacts/{key}",status="401"}';
    expect(sample(after, refused) - sample(before, refused)).toBe(1);
    expect(after).not.toContain('helpdesk|t1');
    expect(after).not.toContain('no-such-thing');
  });

  test('refused webhook requests and job runs are counted', async () => {
    const refused = 'servicemeter_webhook_events_total{vendor="zendesk",outcome="refused"}';
    const rebuilt = 'servicemeter_job_runs_total{kind="rebuild",outcome="ok"}';
    const before = await scrape(ts.url);
    const vendor = await new Client(ts.url).post('/api/webhooks/zendesk/no-such-source', { id: 'x' });
    expect(vendor.status).toBe(404);

    const admin = await signedIn(ts.url, 'admin');
    const job = await admin.post('/api/jobs', { kind: 'rebuild' });
    expect(job.status).toBe(201);
    expect((await admin.post(`/api/jobs/${job.json.id}/run`)).status).toBe(202);
    const deadline = Date.now() + 30_000;
    while (sample(await scrape(ts.url), rebuilt) === sample(before, rebuilt) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));

    const after = await scrape(ts.url);
    expect(sample(after, refused) - sample(before, refused)).toBe(1);
    expect(sample(after, rebuilt) - sample(before, rebuilt)).toBe(1);
  });

  test('a webhook request to a made-up vendor is counted as an unknown one, adding no series of its own', async () => {
    const unknown = 'servicemeter_webhook_events_total{vendor="unknown",outcome="refused"}';
    const before = await scrape(ts.url);
    for (const vendor of ['made-up-vendor-one', 'made-up-vendor-two']) {
      const reply = await new Client(ts.url).post(`/api/webhooks/${vendor}/no-such-source`, { id: 'x' });
      expect(reply.status).toBe(404);
    }
    const after = await scrape(ts.url);
    expect(sample(after, unknown) - sample(before, unknown)).toBe(2);
    expect(after).not.toContain('made-up-vendor');
  });
});

test('/readyz answers 503 once the server is stopping, while /livez still answers', async () => {
  const ts = await startTestServer({ users: false, serve: () => ({ stopDelayMs: 2_000 }) });
  try {
    const anonymous = new Client(ts.url);
    expect((await anonymous.get('/readyz')).status).toBe(200);
    const stopped = ts.server.close();
    const ready = await anonymous.get('/readyz');
    expect([ready.status, ready.text]).toEqual([503, 'not ready: the server is stopping\n']);
    expect((await anonymous.get('/livez')).status).toBe(200);
    await stopped;
  } finally {
    await ts.stop();
  }
});

test('/readyz tells anyone only that the database does not answer; the log has why', async () => {
  const opened: { database?: DuckDbEngine } = {};
  const ts = await startTestServer({
    users: false,
    prepare: async (db) => {
      opened.database = db;
    },
  });
  const stderr = process.stderr.write;
  let logged = '';
  try {
    // The table the check reads, gone underneath the running server.
    await opened.database?.run('DROP TABLE schema_migrations');
    process.stderr.write = (chunk: string | Uint8Array) => {
      logged += String(chunk);
      return true;
    };
    const ready = await new Client(ts.url).get('/readyz');
    process.stderr.write = stderr;
    expect([ready.status, ready.text]).toEqual([503, 'not ready: the database does not answer\n']);
    const line = JSON.parse(logged.trim().split('\n').at(-1) ?? '{}');
    expect(line).toMatchObject({ level: 'error', what: 'readyz' });
    expect(line.error).toMatch(/schema_migrations/);
  } finally {
    process.stderr.write = stderr;
    await ts.stop();
  }
});

describe('a followed queue_log', () => {
  const LOG = join(FIXTURES, 'sources/asterisk/queue_log');
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({
      serve: (dir) => ({ metricsToken: TOKEN, followQueueLogs: [join(dir, 'queue_log')] }),
    });
  });
  afterAll(async () => {
    await ts.stop();
  });

  async function phoneContacts(client: Client): Promise<number> {
    const reply = await client.post('/api/kpi/query', {
      ...WEEK,
      kpis: ['contacts_created'],
      by: ['channel'],
    });
    expect(reply.status).toBe(200);
    const phone = reply.json.rows.find((r: { channel: string }) => r.channel === 'phone');
    return phone?.contacts_created.value ?? 0;
  }

  test('lines written to it while the server runs reach the indicators, counted once', async () => {
    const manager = await signedIn(ts.url, 'manager');
    const before = await phoneContacts(manager);
    const rows = 'servicemeter_rows_imported_total{via="queue_log"}';
    const lines = (await readFile(LOG, 'utf8')).trimEnd().split('\n');
    const path = join(ts.dir, 'queue_log');
    await writeFile(path, `${lines.slice(0, 12).join('\n')}\n`);
    await appendFile(path, `${lines.slice(12).join('\n')}\n`);
    // The fixture has 8 calls; the server looks about every second.
    const deadline = Date.now() + 30_000;
    while ((await phoneContacts(manager)) < before + 8 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await phoneContacts(manager)).toBe(before + 8);
    expect(sample(await scrape(ts.url), rows)).toBeGreaterThan(0);
    // Looks with nothing new import nothing again.
    const imported = sample(await scrape(ts.url), rows);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sample(await scrape(ts.url), rows)).toBe(imported);
    expect(await phoneContacts(manager)).toBe(before + 8);
  });
});
