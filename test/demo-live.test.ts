import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import { type RunningServer, startServer } from '../src/server/serve.js';
import { dataStatus } from '../src/services/data-status.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import {
  configureDemoLive,
  DEMO_CHAT_SOURCE,
  DemoDuty,
  DemoLiveFeed,
  type DemoLiveSetup,
  demoClock,
  lastDemoDay,
} from '../src/services/demo/live.js';
import { DEMO_LOGIN, prepareDemoAccess } from '../src/services/demo-login.js';
import { importFiles } from '../src/services/import.js';
import { JOB_KINDS, listJobs } from '../src/services/jobs/index.js';
import { migrate } from '../src/services/migrate.js';
import { Client } from './server/support.js';

describe('demo clock', () => {
  test('is the demo’s last day at the time of day it is now in the team’s zone, and runs on', () => {
    // 21:15 in Amsterdam (summer time) on the real day.
    let real = Date.parse('2026-12-04T20:15:00Z');
    const clock = demoClock('2026-06-28', 'Europe/Amsterdam', () => real);
    expect(clock().toISOString()).toBe('2026-06-28T19:15:00.000Z');
    // Past midnight it is the next day, never the same day again.
    real += 3 * 3600_000;
    expect(clock().toISOString()).toBe('2026-06-28T22:15:00.000Z');
  });

  test('the last day is the newest contact’s date in the team’s zone', () => {
    expect(lastDemoDay('2026-06-28T22:30:00Z', 'Europe/Amsterdam')).toBe('2026-06-29');
    expect(lastDemoDay('2026-06-28T21:30:00Z', 'Europe/Amsterdam')).toBe('2026-06-28');
  });
});

/** The served demo: a small generated history, its live configuration and the real server. */
let dir: string;
let server: RunningServer;
let setup: DemoLiveSetup;
let duty: DemoDuty;
/** The server's clock: Sunday 28 June 2026, 13:30 in Amsterdam, moved on by every step. */
const clock = { now: new Date('2026-06-28T11:30:00Z') };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-demo-live-'));
  const files = join(dir, 'files');
  await writeDemoFiles(files, { contacts: 300, seed: 1 });
  const db: DuckDbEngine = await openDuckDb({ path: join(dir, 'demo.duckdb') });
  await migrate(db);
  const imported = await importFiles(db, [files]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  const access = await prepareDemoAccess(db);
  if (!access.ok) throw new Error(access.error);
  setup = await configureDemoLive(db, clock.now);
  duty = await DemoDuty.load(db, new Date('2026-06-27T00:00:00Z'), new Date('2026-06-30T00:00:00Z'));
  server = await startServer(db, {
    dbPath: join(dir, 'demo.duckdb'),
    port: 0,
    host: '127.0.0.1',
    staticDir: null,
    version: 'test',
    now: () => clock.now,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function admin(): Promise<Client> {
  const client = new Client(server.url.replace(/\/$/, ''));
  const reply = await client.login(DEMO_LOGIN.email, DEMO_LOGIN.password);
  if (reply.status !== 200) throw new Error(`demo login: ${reply.status} ${reply.text}`);
  return client;
}

/** One step of the feed at the server's clock, moved on by 30 s. */
function feedStep(feed: DemoLiveFeed): Promise<string[]> {
  clock.now = new Date(clock.now.getTime() + 30_000);
  return feed.step();
}

/** Polls until `check` holds, or gives the last value after `ms`. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the served demo', () => {
  test('has a nightly rebuild and a paused example Zendesk sync', async () => {
    const client = await admin();
    const reply = await client.get('/api/jobs');
    expect(reply.status).toBe(200);
    const jobs = JSON.stringify(reply.json);
    expect(jobs).toContain('Nightly rebuild');
    expect(jobs).toContain('sync-zendesk');
    // The same seen from the store, with the fields the Jobs page shows.
    expect(setup.jobs.map((j) => j.name)).toEqual([
      'Nightly rebuild',
      'Zendesk sync (example: set ZENDESK_TOKEN and resume)',
    ]);
  });

  // Each batch of the feed is processed with its facts rebuild: minutes on a loaded machine.
  test('the live feed’s events arrive through the webhook route and become contacts', async () => {
    expect(duty.availableAt(clock.now).length, 'agents on duty at the demo’s Sunday noon').toBeGreaterThan(0);
    const refused: string[] = [];
    const feed = new DemoLiveFeed({
      url: server.url,
      webhook: setup.webhook,
      now: () => clock.now,
      duty,
      seed: 1,
      onRefused: (status, detail) => refused.push(`${status} ${detail}`),
    });
    const kinds: string[] = [];
    for (let step = 0; step < 24; step++) kinds.push(...(await feedStep(feed)));
    await feed.stop();
    expect(refused).toEqual([]);
    expect(kinds).toContain('conversation_created');
    expect(kinds).toContain('conversation_status_changed');

    const client = await admin();
    const sources = await eventually(
      async () => (await client.get('/api/webhooks')).json,
      // biome-ignore lint/suspicious/noExplicitAny: the reply is checked field by field below
      (json: any) =>
        json?.sources?.[0]?.eventsWaiting === 0 && json.sources[0].eventsAccepted === kinds.length,
    );
    const source = sources.sources[0];
    expect(source).toMatchObject({
      id: setup.webhook.id,
      vendor: 'chatwoot',
      source: DEMO_CHAT_SOURCE,
      lastOutcome: 'accepted',
      eventsAccepted: kinds.length,
      eventsRefused: 0,
      eventsWaiting: 0,
      eventsFailed: 0,
    });
    // Signed and stamped at the demo clock's time, not the real one.
    expect(source.lastEventAt.slice(0, 10)).toBe('2026-06-28');

    // The Now page sees the feed as a live source.
    const now = await eventually(
      async () => (await client.get('/api/now')).json,
      // biome-ignore lint/suspicious/noExplicitAny: inspected below
      (json: any) => (json?.sources ?? []).some((s: { source: string }) => s.source === DEMO_CHAT_SOURCE),
    );
    expect(now.sources.map((s: { source: string }) => s.source)).toContain(DEMO_CHAT_SOURCE);
  }, 240_000);
});

describe('the live feed with nobody on duty', () => {
  test('only lets conversations arrive, and no more than a closed chat would collect', async () => {
    const feed = new DemoLiveFeed({
      url: server.url,
      webhook: setup.webhook,
      now: () => clock.now,
      duty: new DemoDuty(new Map()),
      seed: 2,
    });
    const kinds: string[] = [];
    for (let step = 0; step < 200; step++) kinds.push(...(await feedStep(feed)));
    expect(kinds).toContain('conversation_created');
    expect(kinds).not.toContain('conversation_status_changed');
    // Each new conversation is its creation and the customer's first message, nothing else.
    expect(kinds.filter((k) => k === 'message_created')).toHaveLength(
      kinds.filter((k) => k === 'conversation_created').length,
    );
    expect(kinds.filter((k) => k === 'conversation_created').length).toBeLessThanOrEqual(15);
  }, 240_000);
});

describe('demo data status', () => {
  test('the live feed adds no day to the demo: its newest contact is still on the last day', async () => {
    await server.close();
    const db = await openDuckDb({ path: join(dir, 'demo.duckdb') });
    try {
      const status = await dataStatus(db);
      expect(lastDemoDay(status.to ?? '', status.timezone)).toBe('2026-06-28');
      const [row] = await db.all(
        `SELECT count(*) AS n, count(DISTINCT status) AS statuses FROM contacts WHERE source = '${DEMO_CHAT_SOURCE}'`,
      );
      expect(Number(row?.n)).toBeGreaterThan(0);
      expect(
        (await listJobs(db, JOB_KINDS)).some((j) => j.kind === 'rebuild' && j.schedule === '0 3 * * *'),
      ).toBe(true);
    } finally {
      await db.close();
    }
  });
});
