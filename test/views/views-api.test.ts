/**
 * /api/views and /api/dashboards through the real server: a view saved and found again, an agent
 * kept from a colleague's private view and from tiles on a colleague, a viewer reading a shared
 * dashboard, the role's default, problems naming the field, and the audit log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, signedIn, startTestServer, type TestServer } from '../server/support.js';

const STATE = { period: { preset: 'last30' }, timezone: 'Europe/Amsterdam', filters: { channel: ['email'] } };

let ts: TestServer;
let admin: Client;
let manager: Client;
let viewer: Client;
let ann: Client;
let bob: Client;

beforeAll(async () => {
  ts = await startTestServer();
  [admin, manager, viewer, ann, bob] = await Promise.all([
    signedIn(ts.url, 'admin'),
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'viewer'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'bob'),
  ]);
}, 120_000);

afterAll(async () => {
  await ts.stop();
});

describe('saved views', () => {
  test('saved, listed, changed and removed; private ones stay their owner’s', async () => {
    const created = await bob.post('/api/views', { name: 'My mail', page: 'trends', state: STATE });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      name: 'My mail',
      shared: false,
      page: 'trends',
      state: { ...STATE, grain: null, kpis: [], search: '' },
    });
    const id = created.json.id;
    expect((await bob.get('/api/views')).json.views.map((v: { id: string }) => v.id)).toContain(id);
    expect((await ann.get('/api/views')).json.views).toEqual([]);
    const hidden = await ann.get(`/api/views/${id}`);
    expect(hidden.status).toBe(404);
    expect((await ann.put(`/api/views/${id}`, { name: 'x' })).status).toBe(404);
    expect((await ann.delete(`/api/views/${id}`)).status).toBe(404);
    const again = await bob.post('/api/views', { name: 'MY MAIL', page: 'overview', state: STATE });
    expect(again.status).toBe(409);
    const shared = await bob.put(`/api/views/${id}`, { shared: true });
    expect(shared.status, shared.text).toBe(200);
    expect((await viewer.get(`/api/views/${id}`)).json.name).toBe('My mail');
    expect((await ann.put(`/api/views/${id}`, { name: 'Taken' })).status).toBe(403);
    expect((await bob.delete(`/api/views/${id}`)).status).toBe(200);
    expect((await bob.get(`/api/views/${id}`)).status).toBe(404);
  });

  test('a bad field is 400 naming it; an agent may not aim a view at a colleague', async () => {
    const bad = await manager.post('/api/views', {
      name: 'Bad',
      page: 'trends',
      state: { ...STATE, timezone: 'Nowhere/Land', kpis: ['nope'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([
      'state.kpis.0: unknown indicator "nope"',
      'state.timezone: an IANA time zone such as Europe/Amsterdam',
    ]);
    const missing = await manager.post('/api/views', { name: 'Bad', state: STATE });
    expect(missing.status).toBe(400);
    expect(missing.json.issues.join(' ')).toMatch(/^page: /);
    const colleague = await ann.post('/api/views', {
      name: 'Bob',
      page: 'trends',
      state: { ...STATE, filters: { agent: ['bob'] } },
    });
    expect(colleague.status).toBe(400);
    expect(colleague.json.detail).toBe('state.filters.agent: agents can filter only on themselves');
  });
});

describe('dashboards', () => {
  test('a shared dashboard a viewer reads; a tile on a colleague refused to an agent', async () => {
    const created = await manager.post('/api/dashboards', {
      name: 'Team',
      shared: true,
      state: STATE,
      tiles: [
        { kpi: 'frt', kind: 'value', width: 2, height: 1 },
        { kpi: 'contacts_created', kind: 'chart', width: 4, height: 2, split: 'agent' },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const read = await viewer.get(`/api/dashboards/${created.json.id}`);
    expect(read.status).toBe(200);
    expect(read.json.tiles.map((t: { kpi: string }) => t.kpi)).toEqual(['frt', 'contacts_created']);
    expect((await viewer.put(`/api/dashboards/${created.json.id}`, { tiles: [] })).status).toBe(403);
    const spy = await ann.post('/api/dashboards', {
      name: 'Bob',
      tiles: [{ kpi: 'frt', kind: 'value', filters: { agent: ['bob'] } }],
    });
    expect(spy.status).toBe(400);
    expect(spy.json.detail).toBe('tiles.0.filters.agent: agents can filter only on themselves');
    const size = await ann.post('/api/dashboards', { name: 'Big', tiles: [{ kpi: 'frt', width: 9 }] });
    expect(size.status).toBe(400);
    expect(size.json.detail).toBe('tiles.0.width: a whole number from 1 to 4');
  });

  test("the role's default: set by an admin, answered per role", async () => {
    expect((await ann.get('/api/dashboards/default')).status).toBe(404);
    const byManager = await manager.post('/api/dashboards', {
      name: 'Floor',
      shared: true,
      defaultFor: ['agent'],
    });
    expect(byManager.status).toBe(403);
    const floor = await admin.post('/api/dashboards', {
      name: 'Floor',
      shared: true,
      defaultFor: ['agent'],
      tiles: [{ kpi: 'frt' }],
    });
    expect(floor.status, floor.text).toBe(201);
    const opened = await ann.get('/api/dashboards/default');
    expect(opened.status).toBe(200);
    expect(opened.json.id).toBe(floor.json.id);
    expect((await viewer.get('/api/dashboards/default')).status).toBe(404);
    const audit = await admin.get('/api/audit?action=dashboard.create');
    expect(audit.status, audit.text).toBe(200);
    expect(JSON.stringify(audit.json)).toContain(floor.json.id);
  });
});
