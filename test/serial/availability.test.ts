/**
 * One person's request must not take the server from everyone else: each request known to have
 * exhausted memory or held the database for minutes is sent by a read-only viewer while a second
 * person keeps using the dashboard, who must get every answer, fast.
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KPIS } from '../../src/core/kpi/catalog.js';
import { QUERY_LIMITS } from '../../src/core/kpi/limits.js';
import { OVERVIEW_KPIS } from '../../src/core/kpi/overview.js';
import { writeDemoFiles } from '../../src/services/demo/generate.js';
import { importFiles } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import { Client, PASSWORD, signedIn, startTestServer, type TestServer } from '../server/support.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    prepare: async (db, dir) => {
      const files = join(dir, 'demo');
      await writeDemoFiles(files, { contacts: 4000, seed: 1 });
      const imported = await importFiles(db, [files]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      // An agent of the demo, whose colleagues' values are withheld on many days.
      const agent = await createUser(db, {
        email: 'daan@example.com',
        role: 'agent',
        agentId: 'daan',
        password: PASSWORD,
      });
      if (!agent.ok) throw new Error(JSON.stringify(agent.error));
    },
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

const OVERVIEW = { kpis: [...OVERVIEW_KPIS], from: '2026-02-01', to: '2026-05-01', compare: true };
/** Allowed, but seconds of database work: every KPI per hour for a quarter, with the quarter before. */
/**
 * Every indicator by the hour, with the period before: as many days from 1 March as stay within
 * the size limit (rows × indicators), however many indicators the catalog holds.
 */
const HEAVY_DAYS = Math.floor(QUERY_LIMITS.cells / (24 * KPIS.length)) - 1;
const HEAVY = {
  from: '2026-03-01',
  to: new Date(Date.UTC(2026, 2, 1 + HEAVY_DAYS)).toISOString().slice(0, 10),
  grain: 'hour',
  compare: true,
  timezone: 'Europe/Amsterdam',
};

interface Call {
  what: string;
  status: number;
  ms: number;
}

/** The second person: health and the (cached) overview, again and again until `stop`. */
function keepWorking(client: Client, stop: { done: boolean }): Promise<Call[]> {
  const calls: Call[] = [];
  const timed = async (what: string, call: () => Promise<{ status: number }>) => {
    const started = performance.now();
    const reply = await call();
    calls.push({ what, status: reply.status, ms: performance.now() - started });
  };
  return (async () => {
    while (!stop.done) {
      await timed('health', () => client.get('/api/health'));
      await timed('overview', () => client.post('/api/kpi/query', OVERVIEW));
    }
    return calls;
  })();
}

/** Waits for the server's log line of the request to `path` that ended with `status`. */
async function logged(path: string, status: number, withinMs: number) {
  const until = Date.now() + withinMs;
  for (;;) {
    const entry = server.logs.find((l) => l.path === path && l.status === status);
    if (entry || Date.now() > until) return entry;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('availability', () => {
  test('killer requests are refused or stopped while a second person keeps working', async () => {
    const viewer = await signedIn(server.url, 'viewer');
    const manager = await signedIn(server.url, 'manager');
    // Contacts, scorecards and exports are not a viewer's: their killers come from an admin.
    const admin = await signedIn(server.url, 'admin');
    expect((await manager.post('/api/kpi/query', OVERVIEW)).status).toBe(200);

    const stop = { done: false };
    const working = keepWorking(manager, stop);
    try {
      // A six-dimension hourly breakdown over years: once the process's end.
      const six = await viewer.post('/api/kpi/query', {
        grain: 'hour',
        by: ['channel', 'team', 'agent', 'topic', 'priority', 'hour_of_day'],
        from: '2020-01-01',
        to: '2026-07-01',
      });
      expect(six.status).toBe(400);
      expect(six.json.issues.join(' ')).toContain(`at most ${QUERY_LIMITS.byDimensions} dimensions`);

      // Within the dimension limit, still far too many cells: refused before it runs.
      const hourly = await viewer.post('/api/kpi/query', {
        grain: 'hour',
        by: ['agent', 'topic', 'hour_of_day'],
        from: '2024-01-01',
        to: '2026-07-01',
      });
      expect(hourly.status).toBe(400);
      // Its own problem type, so the dashboard can offer a coarser grain rather than an error.
      expect(hourly.json.type).toBe('https://servicemeter.dev/problems/query-too-large');
      expect(hourly.json.detail).toContain(`limit of ${QUERY_LIMITS.cells}`);
      expect(hourly.json.detail).toContain('coarser grain');

      // The same export (for those who may export) is refused the same way.
      const exported = await admin.post('/api/kpi/export', {
        grain: 'hour',
        by: ['agent', 'topic', 'hour_of_day'],
        from: '2024-01-01',
        to: '2026-07-01',
      });
      expect(exported.status).toBe(400);

      // One KPI id 2,000 times: six minutes of database work before.
      const repeated = await viewer.post('/api/kpi/query', {
        kpis: Array.from({ length: 2000 }, () => 'frt'),
        grain: 'day',
        by: ['channel'],
      });
      expect(repeated.status).toBe(400);
      expect(repeated.json.issues.join(' ')).toContain('kpis');
      // Within the list limit, repeats count once.
      const fewer = await viewer.post('/api/kpi/query', {
        kpis: Array.from({ length: QUERY_LIMITS.listEntries }, () => 'frt'),
        from: '2026-03-02',
        to: '2026-03-09',
      });
      expect(fewer.status).toBe(200);
      expect(fewer.json.query.kpis).toEqual(['frt']);
      expect(Object.keys(fewer.json.rows[0])).toEqual(['frt']);

      // A 50,000-entry by.
      const by = await viewer.post('/api/kpi/query', { by: Array.from({ length: 50_000 }, () => 'agent') });
      expect(by.status).toBe(400);

      // Filters, contacts and scorecards are bounded too.
      const values = Array.from({ length: QUERY_LIMITS.listEntries + 1 }, (_, i) => `c${i}`);
      expect((await viewer.post('/api/kpi/query', { filters: { channel: values } })).status).toBe(400);
      expect((await admin.post('/api/contacts/query', { filters: { channel: values } })).status).toBe(400);
      expect((await admin.post('/api/contacts/query', { pageSize: 100_000 })).status).toBe(400);
      const cards = await admin.get(
        `/api/scorecards?kpis=${Array.from({ length: 2000 }, () => 'frt').join(',')}`,
      );
      expect(cards.status).toBe(200);
      expect(cards.json.kpis).toEqual(['frt']);

      // A query that is allowed but runs for seconds is stopped when its client goes away.
      const gone = new AbortController();
      const abandoned = viewer
        .fetch(`${server.url}/api/kpi/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(HEAVY),
          signal: gone.signal,
        })
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      gone.abort();
      expect(await abandoned).toBeInstanceOf(Error);
      expect(await logged('/api/kpi/query', 503, 10_000)).toBeDefined();

      // Allowed, and once minutes of work for the server itself after the database answered: one
      // KPI per hour over eleven years with the eleven before (each period was looked up in the
      // list of periods), and an agent's daily values over 18 months (each value was checked
      // against every day withheld). The event loop must stay free for everyone else meanwhile.
      const loop = monitorEventLoopDelay({ resolution: 20 });
      loop.enable();
      const decade = await viewer.post('/api/kpi/query', {
        kpis: ['contacts_created'],
        grain: 'hour',
        compare: true,
        from: '2015-07-01',
        to: '2026-07-01',
      });
      expect(decade.status).toBe(200);
      expect(decade.json.rows.length).toBeGreaterThan(90_000);
      const daan = new Client(server.url);
      expect((await daan.login('daan@example.com')).status).toBe(200);
      const started = performance.now();
      const agentView = await daan.post('/api/kpi/query', {
        grain: 'day',
        by: ['channel'],
        compare: true,
        // Four months of days: with every survey, workforce and business indicator and the answers
        // of no channel (public links, QR codes, the widget) in the demo, a longer range would pass
        // the query's cell limit.
        from: '2026-03-01',
        to: '2026-07-01',
      });
      const agentMs = performance.now() - started;
      loop.disable();
      expect(agentView.status).toBe(200);
      expect(agentView.json.notices).toContainEqual(expect.objectContaining({ code: 'withheld' }));
      expect(agentMs).toBeLessThan(5_000);
      expect(loop.max / 1e6).toBeLessThan(1_000);
    } finally {
      stop.done = true;
      // The server stops after the test: the second person's last call must have ended by then.
      await working.catch(() => undefined);
    }
    const calls = await working;
    expect(calls.length).toBeGreaterThan(4);
    expect(calls.filter((c) => c.status !== 200)).toEqual([]);
    expect(calls.filter((c) => c.ms > 2000)).toEqual([]);
    expect((await manager.get('/api/health')).status).toBe(200);
  }, 120_000);
});
