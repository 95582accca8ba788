/**
 * /api/business: retention cohorts, lifetime value, conversion after contact, the people figures,
 * the settings and the notices, through the real server over a DuckDB file holding the
 * small-helpdesk team (ann and bob of team support, customers c1–c4 in contact) with those
 * customers' records, their orders and the agents' employment imported. Who may see what: agents
 * nothing, viewers no money and no agent's conversion, managers no hourly cost, finance all.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import { Client, PASSWORD, signedIn, startTestServer, type TestServer } from './support.js';

const FILES: Record<string, string[]> = {
  'customers.csv': [
    'id,first_seen_at,segment,acquisition_channel,closed_at',
    'c1,2026-01-10T09:00:00Z,consumer,search,',
    'c2,2026-01-15T09:00:00Z,consumer,social,2026-03-20T00:00:00Z',
    'c3,2026-02-05T09:00:00Z,business,search,',
    'c4,2026-02-10T09:00:00Z,consumer,search,',
  ],
  'orders.csv': [
    'source,external_id,customer_id,ordered_at,revenue,cost_of_goods,currency,status',
    'shop,o1,c1,2026-01-11T10:00:00Z,100,60,EUR,paid',
    'shop,o2,c1,2026-03-03T10:00:00Z,50,20,EUR,paid',
    'shop,o3,c3,2026-02-06T10:00:00Z,80,30,EUR,paid',
    'shop,o4,c4,2026-03-20T10:00:00Z,40,10,EUR,',
  ],
  'people.csv': [
    'agent_id,hired_on,fte,hourly_cost,currency',
    'ann,2025-12-20,1,30,EUR',
    'bob,2019-01-01,0.8,25,EUR',
  ],
};

const RANGE = 'from=2026-01-01&to=2026-04-01';

let ts: TestServer;
let admin: Client;
let manager: Client;
let viewer: Client;
let ann: Client;
let finance: Client;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      const folder = join(dir, 'business');
      await mkdir(folder);
      for (const [name, lines] of Object.entries(FILES))
        await writeFile(join(folder, name), `${lines.join('\n')}\n`);
      const imported = await importFiles(db, [folder]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      const user = await createUser(db, {
        email: 'finance@example.com',
        role: 'finance',
        password: PASSWORD,
      });
      if (!user.ok) throw new Error(JSON.stringify(user.error));
    },
  });
  finance = new Client(ts.url);
  const login = await finance.login('finance@example.com');
  if (login.status !== 200) throw new Error(login.text);
  [admin, manager, viewer, ann] = await Promise.all([
    signedIn(ts.url, 'admin'),
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'viewer'),
    signedIn(ts.url, 'ann'),
  ]);
}, 120_000);

afterAll(async () => {
  await ts.stop();
});

describe('retention cohorts', () => {
  test('the customers first seen in each month, retained month by month up to the last whole month', async () => {
    const reply = await viewer.get(`/api/business/cohorts?${RANGE}`);
    expect(reply.status, reply.text).toBe(200);
    // The data ends on 2026-03-20: February is the last whole month. c2 closed in March.
    // biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
    const cohorts = reply.json.cohorts.map((c: any) => [
      c.cohort,
      c.size,
      c.months.map((m: { retained: number }) => m.retained),
    ]);
    expect(cohorts).toEqual([
      ['2026-01', 2, [2, 2]],
      ['2026-02', 2, [2]],
    ]);
    expect(reply.json.method).toMatch(/churned/);
  });

  test('filters by segment and acquisition channel, comma-separated', async () => {
    const reply = await finance.get(
      `/api/business/cohorts?${RANGE}&segment=business,vip&acquisition_channel=search`,
    );
    expect(reply.status, reply.text).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
    expect(reply.json.cohorts.map((c: any) => [c.cohort, c.size])).toEqual([['2026-02', 1]]);
  });

  test('an agent sees none of it', async () => {
    const reply = await ann.get(`/api/business/cohorts?${RANGE}`);
    expect(reply.status).toBe(403);
  });

  test('a bad day or a range backwards is refused, naming the parameter', async () => {
    const bad = await viewer.get('/api/business/cohorts?from=2026-13-01&to=2026-04-01');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/from/);
    const backwards = await viewer.get('/api/business/cohorts?from=2026-04-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.json.detail).toMatch(/^to: must be after from/);
  });
});

describe('lifetime value and the people figures are money', () => {
  test('finance and managers see lifetime value by handling; viewers and agents do not', async () => {
    const reply = await finance.get(`/api/business/clv?${RANGE}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.currency).toBe('EUR');
    // biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
    expect(reply.json.groups.map((g: any) => g.handling)).toEqual([
      'first_contact',
      'later',
      'unresolved',
      'no_contact',
    ]);
    // biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
    const customers = reply.json.groups.reduce((sum: number, g: any) => sum + g.customers, 0);
    expect(customers).toBe(4);
    expect((await manager.get(`/api/business/clv?${RANGE}`)).status).toBe(200);
    expect((await viewer.get(`/api/business/clv?${RANGE}`)).status).toBe(403);
    expect((await ann.get(`/api/business/clv?${RANGE}`)).status).toBe(403);
  });

  test('finance sees hourly costs; a manager the same agents without them; viewers and agents nothing', async () => {
    const full = await finance.get(`/api/business/people?${RANGE}`);
    expect(full.status, full.text).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
    expect(full.json.agents.map((a: any) => [a.agentId, a.hourlyCost])).toEqual([
      ['ann', 30],
      ['bob', 25],
    ]);
    const totals = await manager.get(`/api/business/people?${RANGE}`);
    expect(totals.status, totals.text).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
    expect(totals.json.agents.map((a: any) => [a.agentId, a.hourlyCost])).toEqual([
      ['ann', null],
      ['bob', null],
    ]);
    expect(totals.json.tenureGroups).toHaveLength(2);
    expect((await viewer.get(`/api/business/people?${RANGE}`)).status).toBe(403);
    expect((await ann.get(`/api/business/people?${RANGE}`)).status).toBe(403);
  });
});

describe('conversion after contact', () => {
  test('per channel for a viewer, per agent for a manager, never per agent for a viewer', async () => {
    const byChannel = await viewer.get(`/api/business/conversion?${RANGE}`);
    expect(byChannel.status, byChannel.text).toBe(200);
    expect(byChannel.json.by).toBe('channel');
    expect(byChannel.json.conversionDays).toBe(7);
    // c1 ordered the day after contact t1 (e-mail, 2026-03-02).
    // biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
    const email = byChannel.json.rows.find((r: any) => r.key === 'email');
    expect(email.converted).toBeGreaterThanOrEqual(1);
    expect(byChannel.json.method).toMatch(/not a randomised comparison/i);

    const byAgent = await manager.get(`/api/business/conversion?${RANGE}&by=agent`);
    expect(byAgent.status, byAgent.text).toBe(200);
    expect(byAgent.json.by).toBe('agent');
    expect((await viewer.get(`/api/business/conversion?${RANGE}&by=agent`)).status).toBe(403);
    expect((await ann.get(`/api/business/conversion?${RANGE}`)).status).toBe(403);
  });

  test('an unknown grouping is refused, naming by', async () => {
    const reply = await admin.get(`/api/business/conversion?${RANGE}&by=topic`);
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(/by/);
  });
});

describe('settings and notices', () => {
  test('finance changes the settings, the facts follow; a manager reads them only; a bad value names its field', async () => {
    const read = await manager.get('/api/business/settings');
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({ conversionDays: 7, churnAfterDays: 365, newAgentDays: 90 });
    expect((await manager.put('/api/business/settings', { conversionDays: 14 })).status).toBe(403);
    expect((await viewer.get('/api/business/settings')).status).toBe(403);

    const bad = await finance.put('/api/business/settings', { conversionDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/^conversionDays: /);

    const changed = await finance.put('/api/business/settings', { conversionDays: 14 });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.conversionDays).toBe(14);
    const after = await viewer.get(`/api/business/conversion?${RANGE}`);
    expect(after.json.conversionDays).toBe(14);
    expect(after.json.method).toMatch(/within 14 days/);
  });

  test('the notices are read by every role but agents', async () => {
    const reply = await viewer.get('/api/business/notices');
    expect(reply.status, reply.text).toBe(200);
    expect(Array.isArray(reply.json.notices)).toBe(true);
    expect((await ann.get('/api/business/notices')).status).toBe(403);
  });

  test('the OpenAPI document declares every business operation with its response schema', async () => {
    const doc = (await admin.get('/api/openapi.json')).json;
    for (const [path, method, schema] of [
      ['/api/business/cohorts', 'get', 'RetentionCohorts'],
      ['/api/business/clv', 'get', 'BusinessClv'],
      ['/api/business/conversion', 'get', 'BusinessConversion'],
      ['/api/business/people', 'get', 'BusinessPeople'],
      ['/api/business/settings', 'get', 'BusinessSettings'],
      ['/api/business/settings', 'put', 'BusinessSettings'],
      ['/api/business/notices', 'get', 'BusinessNoticeList'],
    ] as const) {
      const response = doc.paths[path]?.[method]?.responses?.['200'];
      expect(response?.content?.['application/json']?.schema?.$ref, `${method} ${path}`).toBe(
        `#/components/schemas/${schema}`,
      );
    }
  });
});
