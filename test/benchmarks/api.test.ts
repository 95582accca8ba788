/**
 * /api/benchmarks on the real server over the small-helpdesk fixture: the figures, a competitor
 * figure entered and deleted by a manager (refused to an agent), the comparison scoped to an
 * agent's team, and year over year.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { PUBLISHED_BENCHMARKS } from '../../src/core/benchmarks/published.js';
import { signedIn, startTestServer, type TestServer, WEEK } from '../server/support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer();
  ts.clock.now = new Date('2026-03-20T12:00:00Z');
});

afterAll(async () => {
  await ts?.stop();
});

test('a manager enters a competitor figure, everyone reads it, an agent cannot change it, the shipped ones stay', async () => {
  const manager = await signedIn(ts.url, 'manager');
  const ann = await signedIn(ts.url, 'ann');
  const figure = {
    kpiId: 'csat',
    value: 0.81,
    name: 'Rival',
    year: 2026,
    channel: 'email',
    source: 'mystery shopping',
  };

  const refused = await manager.put('/api/benchmarks/rival', { ...figure, value: 81 });
  expect(refused.status).toBe(400);
  expect(refused.json.detail).toBe(
    'value: 81 is a share written as a percentage: write 0.81 (shares are fractions from 0 to 1)',
  );

  const put = await manager.put('/api/benchmarks/rival', figure);
  expect(put.status, put.text).toBe(200);
  expect(put.json).toMatchObject({ id: 'rival', kind: 'competitor', origin: 'stored', value: 0.81 });
  expect((await ann.put('/api/benchmarks/rival', figure)).status).toBe(403);

  const listed = await ann.get('/api/benchmarks?kpi=csat');
  expect(listed.status).toBe(200);
  const ids = listed.json.benchmarks.map((b: { id: string }) => b.id);
  expect(ids).toContain('rival');
  expect(ids).toEqual(
    expect.arrayContaining(PUBLISHED_BENCHMARKS.filter((b) => b.kpiId === 'csat').map((b) => b.id)),
  );

  const shipped = PUBLISHED_BENCHMARKS[0]?.id ?? '';
  expect((await manager.delete(`/api/benchmarks/${encodeURIComponent(shipped)}`)).status).toBe(409);
  expect((await manager.put(`/api/benchmarks/${encodeURIComponent(shipped)}`, figure)).status).toBe(409);
  expect((await manager.delete('/api/benchmarks/rival')).status).toBe(200);
  expect((await manager.delete('/api/benchmarks/rival')).status).toBe(404);
});

test("the comparison sets the team's value beside the figures; an agent gets their team's only", async () => {
  const manager = await signedIn(ts.url, 'manager');
  const ann = await signedIn(ts.url, 'ann');
  const query = `from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}&channel=email`;
  const asManager = await manager.get(`/api/benchmarks/compare?${query}`);
  expect(asManager.status, asManager.text).toBe(200);
  const csat = asManager.json.rows.find((r: { kpi: string }) => r.kpi === 'csat');
  expect(csat.best?.id).toBe('published:zendesk-2015-csat-email');
  expect(
    csat.benchmarks.every((b: { channel: string | null }) => b.channel === null || b.channel === 'email'),
  ).toBe(true);

  const asAgent = await ann.get(`/api/benchmarks/compare?${query}&team=support`);
  expect(asAgent.status, asAgent.text).toBe(200);
  expect((await ann.get(`/api/benchmarks/compare?${query}&team=another-team`)).status).toBe(403);
});

test('year over year: this year to date against the same days a year before', async () => {
  const manager = await signedIn(ts.url, 'manager');
  const reply = await manager.get(
    '/api/benchmarks/year-over-year?kpi=contacts_created,csat&timezone=Europe/Amsterdam',
  );
  expect(reply.status, reply.text).toBe(200);
  expect(reply.json.span).toEqual({ year: 2026, from: '2026-01-01', to: '2026-03-20', toDate: true });
  expect(reply.json.lastYear).toEqual({ from: '2025-01-01', to: '2025-03-20' });
  const created = reply.json.rows.find((r: { kpi: string }) => r.kpi === 'contacts_created');
  expect(created.value).toBeGreaterThan(0);
  expect(created.lastYear === null || created.lastYear === 0).toBe(true);
});
