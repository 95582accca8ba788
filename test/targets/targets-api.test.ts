/**
 * /api/targets and /api/baselines through the real server: a manager sets targets for the team and
 * for each agent; an agent sees their own and the team's, never a colleague's — in the list and in
 * the catalog; the history names who changed what; a baseline is taken and removed.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Client, signedIn, startTestServer, type TestServer } from '../server/support.js';

let ts: TestServer;
let manager: Client;
let viewer: Client;
let ann: Client;

beforeAll(async () => {
  ts = await startTestServer();
  [manager, viewer, ann] = await Promise.all([
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'viewer'),
    signedIn(ts.url, 'ann'),
  ]);
}, 120_000);

afterAll(async () => {
  await ts.stop();
});

const scoped = (value: number, scope: { team?: string; agent?: string; validFrom?: string }) => ({
  kpi: 'csat',
  channel: null,
  team: scope.team ?? null,
  agent: scope.agent ?? null,
  validFrom: scope.validFrom ?? null,
  value,
});

test('an agent sees the team’s targets and their own, never a colleague’s', async () => {
  const put = await manager.put('/api/targets', {
    targets: [
      scoped(0.85, { team: 'support' }),
      scoped(0.9, { agent: 'ann' }),
      scoped(0.7, { agent: 'bob', validFrom: '2026-03-01' }),
    ],
  });
  expect(put.status, put.text).toBe(200);
  expect(put.json.targets).toEqual(
    expect.arrayContaining([scoped(0.7, { agent: 'bob', validFrom: '2026-03-01' })]),
  );

  const own = await ann.get('/api/targets?kpi=csat');
  expect(own.status).toBe(200);
  expect(own.json.targets).toEqual([scoped(0.85, { team: 'support' }), scoped(0.9, { agent: 'ann' })]);
  const catalog = (await ann.get('/api/catalog')).json;
  expect(catalog.targets.filter((t: { agent: string | null }) => t.agent === 'bob')).toEqual([]);
  expect(catalog.targets).toEqual(expect.arrayContaining([scoped(0.9, { agent: 'ann' })]));
  // Everyone else sees every target, the catalog included (it is kept: the put forgot it).
  expect((await viewer.get('/api/catalog')).json.targets).toEqual(
    expect.arrayContaining([scoped(0.7, { agent: 'bob', validFrom: '2026-03-01' })]),
  );

  expect((await ann.put('/api/targets', { targets: [] })).status).toBe(403);
  expect((await ann.get('/api/targets/history')).status).toBe(403);
  const history = await viewer.get('/api/targets/history?kpi=csat');
  expect(history.status).toBe(200);
  expect(history.json.changes).toHaveLength(3);
  expect(history.json.changes[0]).toMatchObject({ kpi: 'csat', oldValue: null });

  const badDate = await manager.put('/api/targets', {
    targets: [scoped(0.9, { agent: 'ann', validFrom: '2026-13-01' })],
  });
  expect(badDate.status).toBe(400);
  expect(badDate.json.issues).toEqual(['targets.0.validFrom: month 13 does not exist']);
  const badAgent = await manager.put('/api/targets', {
    targets: [scoped(0.9, { agent: 'ann' }), scoped(0.9, { agent: 'nobody' })],
  });
  expect(badAgent.status).toBe(400);
  expect(badAgent.json.issues).toEqual(['targets.1.agent: unknown agent nobody']);
});

test('a baseline is taken over a past period, listed to whom may see it, and removed', async () => {
  const taken = await manager.post('/api/baselines', {
    kpi: 'csat',
    channel: null,
    team: null,
    agent: 'bob',
    from: '2026-03-01',
    to: '2026-04-01',
    timezone: 'Europe/Amsterdam',
  });
  expect(taken.status, taken.text).toBe(201);
  expect(taken.json).toMatchObject({ kpi: 'csat', agent: 'bob', n: expect.any(Number) });
  expect((await ann.get('/api/baselines')).json.baselines).toEqual([]);
  expect((await viewer.get('/api/baselines')).json.baselines.map((b: { id: string }) => b.id)).toEqual([
    taken.json.id,
  ]);
  expect((await ann.delete(`/api/baselines/${taken.json.id}`)).status).toBe(403);
  expect((await manager.delete(`/api/baselines/${taken.json.id}`)).status).toBe(204);
  expect((await manager.delete(`/api/baselines/${taken.json.id}`)).status).toBe(404);
});
