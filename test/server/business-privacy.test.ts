import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KPIS } from '../../src/core/kpi/catalog.js';
import { createUser } from '../../src/services/users.js';
import { seedMoneyFacts } from './money-facts.js';
import { Client, PASSWORD, signedIn, startTestServer, type TestServer, WEEK } from './support.js';

/**
 * An agent and a manager probing for payroll figures, through every route that returns figures:
 * KPI queries and exports, scorecards, contact lists and exports, the people view. Team support is
 * ann and bob; team solo is carl alone, so its totals are his pay, booked as a cost line of the team
 * (rows naming no agent). Finance and admins see them all.
 */
const MONTH = 'from=2026-03-01&to=2026-04-01';
const MONEY = new Set(KPIS.filter((k) => k.money).map((k) => k.id));

let ts: TestServer;
let ann: Client;
let manager: Client;
let finance: Client;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db) => {
      const created = await createUser(db, {
        email: 'finance@example.com',
        role: 'finance',
        password: PASSWORD,
      });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      await seedMoneyFacts(db);
    },
  });
  ann = await signedIn(ts.url, 'ann');
  manager = await signedIn(ts.url, 'manager');
  finance = new Client(ts.url);
  expect((await finance.login('finance@example.com')).status).toBe(200);
});

afterAll(async () => {
  await ts.stop();
});

type Cell = { value: number | null; n: number; withheld?: boolean };
const byKey = (rows: Record<string, unknown>[], key: string, id: string) =>
  Object.fromEntries(rows.map((r) => [String(r[key]), r[id] as Cell]));
/** A withheld value: no number but its count of 0; no interval, comparison or previous value either. */
const hidden = { value: null, n: 0, withheld: true };
function expectHidden(cell: unknown, where?: string) {
  expect(cell as Record<string, unknown>, where).toMatchObject(hidden);
  const { low, high, comparison, previous, agents } = cell as Record<string, unknown>;
  expect(
    [low, high, comparison, agents].filter((v) => v != null),
    where,
  ).toEqual([]);
  expect((previous as { value: unknown } | undefined)?.value ?? null, where).toBeNull();
}

test('money figures are marked in the catalog the walk reads, payroll and cost per contact among them', () => {
  expect(MONEY.has('payroll_cost')).toBe(true);
  expect(MONEY.has('cost_per_contact')).toBe(true);
});

describe('payroll by agent', () => {
  test('finance and admins get each agent’s pay', async () => {
    const admin = await signedIn(ts.url, 'admin');
    for (const client of [finance, admin]) {
      const reply = await client.post('/api/kpi/query', { ...WEEK, kpis: ['payroll_cost'], by: ['agent'] });
      expect(reply.status).toBe(200);
      const pay = byKey(reply.json.rows, 'agent', 'payroll_cost');
      // Two days of wages: 160 and 150 a day.
      expect([pay.ann?.value, pay.bob?.value]).toEqual([320, 300]);
      // Carl's, 170 a day, is a cost line of his team: by team it is there, the team's one agent's.
      const byTeam = await client.post('/api/kpi/query', { ...WEEK, kpis: ['payroll_cost'], by: ['team'] });
      expect(byKey(byTeam.json.rows, 'team', 'payroll_cost').solo?.value).toBe(340);
    }
  });

  test('a manager: withheld by agent, filtered to one, and where a team is one agent', async () => {
    for (const body of [
      { by: ['agent'] },
      { filters: { agent: ['bob'] } },
      { by: ['team', 'agent'] },
      { filters: { team: ['solo'] } },
    ]) {
      const reply = await manager.post('/api/kpi/query', { ...WEEK, kpis: ['payroll_cost'], ...body });
      expect(reply.status, JSON.stringify(body)).toBe(200);
      for (const row of reply.json.rows) expectHidden(row.payroll_cost, JSON.stringify(body));
      expect(reply.json.notices).toContainEqual({
        code: 'money_withheld',
        rule: 'team_totals',
        kpis: ['payroll_cost'],
      });
      expect(reply.json.notes.join(' ')).toMatch(/team totals/);
    }
    // Team totals: support's two agents together; solo's total would be carl's pay.
    const byTeam = await manager.post('/api/kpi/query', { ...WEEK, kpis: ['payroll_cost'], by: ['team'] });
    const pay = byKey(byTeam.json.rows, 'team', 'payroll_cost');
    expect(pay.support?.value).toBe(620);
    expectHidden(pay.solo);
  });

  test('a manager: no cost category of a team of one, nor any cost category at all', async () => {
    // The probe: solo's wages by cost category is carl's pay, though no row of it names him.
    const probe = { filters: { team: ['solo'] }, by: ['cost_category'] };
    const full = await finance.post('/api/kpi/query', { ...WEEK, kpis: ['payroll_cost'], ...probe });
    expect(byKey(full.json.rows, 'cost_category', 'payroll_cost').wages?.value).toBe(340);
    for (const body of [
      probe,
      { by: ['cost_category'] },
      { filters: { cost_category: ['wages'] } },
      { filters: { team: ['solo'], cost_category: ['wages'] } },
      { filters: { team: ['support'], cost_category: ['wages'] } },
      { by: ['team'], filters: { cost_category: ['wages'] } },
    ]) {
      const reply = await manager.post('/api/kpi/query', {
        ...WEEK,
        kpis: ['payroll_cost', 'service_cost', 'contacts_created'],
        ...body,
      });
      expect(reply.status, JSON.stringify(body)).toBe(200);
      expect(reply.json.rows.length, JSON.stringify(body)).toBeGreaterThan(0);
      for (const row of reply.json.rows) {
        expectHidden(row.payroll_cost, JSON.stringify(body));
        expectHidden(row.service_cost, JSON.stringify(body));
        expect(row.contacts_created.withheld, JSON.stringify(body)).toBeUndefined();
      }
      expect(reply.json.notices).toContainEqual({
        code: 'money_withheld',
        rule: 'team_totals',
        kpis: ['payroll_cost', 'service_cost'],
      });
    }
  });

  test('a manager: a team of two by team or filtered to it, never a total holding a team of one', async () => {
    const ask = (body: object, range: object = WEEK) =>
      manager.post('/api/kpi/query', { ...range, kpis: ['payroll_cost'], ...body });
    const support = await ask({ filters: { team: ['support'] } });
    expect(support.json.rows[0].payroll_cost.value).toBe(620);
    expect(support.json.notices).not.toContainEqual(expect.objectContaining({ code: 'money_withheld' }));
    const byDay = await ask({ filters: { team: ['support'] }, grain: 'day' });
    expect(byDay.json.rows.map((r: { payroll_cost: Cell }) => r.payroll_cost.value).filter(Boolean)).toEqual([
      310, 310,
    ]);
    // All teams, or support and solo, less support's total would be carl's pay.
    for (const body of [{}, { filters: { team: ['support', 'solo'] } }, { by: ['channel'] }]) {
      const reply = await ask(body);
      expect(reply.status, JSON.stringify(body)).toBe(200);
      for (const row of reply.json.rows) expectHidden(row.payroll_cost, JSON.stringify(body));
    }
    // Bob was hired on 2026-02-25: over a range from before, support is not two agents throughout,
    // and its total less the week's would be ann's pay of the days before.
    const longer = { from: '2026-02-16', to: WEEK.to, timezone: WEEK.timezone };
    const before = await ask({ by: ['team'] }, longer);
    expectHidden(byKey(before.json.rows, 'team', 'payroll_cost').support);
    const fullLonger = await finance.post('/api/kpi/query', {
      ...longer,
      kpis: ['payroll_cost'],
      by: ['team'],
    });
    expect(byKey(fullLonger.json.rows, 'team', 'payroll_cost').support?.value).toBe(780);
  });

  test('a manager: no previous period of a money figure, whose total was one agent’s', async () => {
    // The week before, support's wages were ann's alone: finance sees them, a manager does not.
    const full = await finance.post('/api/kpi/query', {
      ...WEEK,
      kpis: ['payroll_cost'],
      by: ['team'],
      compare: true,
    });
    const fullSupport = byKey(full.json.rows, 'team', 'payroll_cost').support as Cell & {
      previous: { value: number };
    };
    expect([fullSupport.value, fullSupport.previous.value]).toEqual([620, 160]);
    for (const body of [
      { by: ['team'] },
      { filters: { team: ['support'] } },
      { by: ['team'], grain: 'week' },
    ]) {
      const reply = await manager.post('/api/kpi/query', {
        ...WEEK,
        kpis: ['payroll_cost', 'contacts_created'],
        compare: true,
        ...body,
      });
      expect(reply.status, JSON.stringify(body)).toBe(200);
      const shown = reply.json.rows.filter((r: Record<string, unknown>) => r.team !== 'solo');
      expect(shown.length, JSON.stringify(body)).toBeGreaterThan(0);
      for (const row of shown) {
        expect(row.payroll_cost.previous, JSON.stringify(body)).toEqual({ value: null, n: 0 });
        expect(row.payroll_cost.change ?? null, JSON.stringify(body)).toBeNull();
        // Other figures keep their previous period.
        expect(row.contacts_created.previous, JSON.stringify(body)).toBeTruthy();
      }
      expect(
        shown.some(
          (r: { payroll_cost: Cell }) => r.payroll_cost.value === 620 || r.payroll_cost.value === 310,
        ),
      ).toBe(true);
      expect(reply.json.notices).toContainEqual({
        code: 'money_withheld',
        rule: 'team_totals',
        kpis: ['payroll_cost'],
      });
    }
    const csv = await manager.post('/api/kpi/export', {
      ...WEEK,
      kpis: ['payroll_cost'],
      filters: { team: ['support'] },
      compare: true,
    });
    expect(csv.status).toBe(200);
    expect(csv.text).not.toMatch(/\b160\b/);
  });

  test('an agent: not by agent at all, and not even their own pay', async () => {
    expect(
      (await ann.post('/api/kpi/query', { ...WEEK, kpis: ['payroll_cost'], by: ['agent'] })).status,
    ).toBe(403);
    for (const body of [{}, { filters: { agent: ['ann'] } }, { by: ['channel'] }, { grain: 'day' }]) {
      const reply = await ann.post('/api/kpi/query', { ...WEEK, kpis: ['payroll_cost', 'frt'], ...body });
      expect(reply.status, JSON.stringify(body)).toBe(200);
      for (const row of reply.json.rows) expectHidden(row.payroll_cost);
      expect(reply.json.notices).toContainEqual({
        code: 'money_withheld',
        rule: 'none',
        kpis: ['payroll_cost'],
      });
    }
    // All KPIs at once (no list): every money figure withheld, the others answered.
    const all = await ann.post('/api/kpi/query', { ...WEEK, filters: { agent: ['ann'] } });
    expect(all.status).toBe(200);
    const [row] = all.json.rows;
    for (const id of MONEY) expectHidden(row[id], id);
    expect(row.frt.value).toBe(610);
  });
});

test('cost per contact filtered to an agent: the manager and the agent get none, finance gets it', async () => {
  const ask = (client: Client, agent: string) =>
    client.post('/api/kpi/query', { ...WEEK, kpis: ['cost_per_contact'], filters: { agent: [agent] } });
  expectHidden((await ask(manager, 'ann')).json.rows[0].cost_per_contact);
  expectHidden((await ask(ann, 'ann')).json.rows[0].cost_per_contact);
  expect((await ask(ann, 'bob')).status).toBe(403);
  const own = (await ask(finance, 'ann')).json.rows[0].cost_per_contact;
  expect(own.withheld).toBeUndefined();
  expect(own.value).toBeGreaterThan(0);
});

test('KPI exports: the same cells are empty', async () => {
  const csv = await manager.post('/api/kpi/export', { ...WEEK, kpis: ['payroll_cost'], by: ['agent'] });
  expect(csv.status).toBe(200);
  const [header = '', ...lines] = csv.text.trim().split('\r\n');
  const column = header.split(',').indexOf('payroll_cost');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line.split(',')[column]).toBe('');
  const own = await ann.post('/api/kpi/export', {
    ...WEEK,
    kpis: ['payroll_cost'],
    filters: { agent: ['ann'] },
  });
  expect(own.text).not.toMatch(/320/);
  const full = await finance.post('/api/kpi/export', { ...WEEK, kpis: ['payroll_cost'], by: ['agent'] });
  expect(full.text.split('\r\n').some((l) => l.startsWith('ann,') && l.includes(',320,'))).toBe(true);
});

test('the people view: hourly cost for finance only', async () => {
  const full = await finance.get(`/api/business/people?${MONTH}`);
  expect(full.status).toBe(200);
  const cost = Object.fromEntries(
    full.json.agents.map((a: { agentId: string; hourlyCost: number | null }) => [a.agentId, a.hourlyCost]),
  );
  expect(cost).toMatchObject({ ann: 20, bob: 19 });
  const team = await manager.get(`/api/business/people?${MONTH}`);
  expect(team.status).toBe(200);
  expect(team.json.agents.length).toBeGreaterThan(0);
  for (const agent of team.json.agents) expect(agent.hourlyCost).toBeNull();
  expect((await ann.get(`/api/business/people?${MONTH}`)).status).toBe(403);
  expect((await ann.get(`/api/business/clv?${MONTH}`)).status).toBe(403);
});

test('contacts behind a money figure: refused; contact lists and exports carry no money', async () => {
  for (const client of [manager, ann])
    for (const kpi of ['payroll_cost', 'cost_per_contact', 'revenue_after_contact']) {
      for (const path of ['/api/contacts/query', '/api/contacts/export']) {
        const reply = await client.post(path, { ...WEEK, kpi });
        expect(reply.status, `${path} ${kpi} ${reply.text}`).toBe(403);
        expect(reply.json.detail).toContain(kpi);
      }
    }
  for (const client of [manager, ann]) {
    const csv = await client.post('/api/contacts/export', WEEK);
    expect(csv.status).toBe(200);
    const header = csv.text.split('\r\n')[0] ?? '';
    expect(header).not.toMatch(/cost|payroll|revenue|margin|clv|wage/);
  }
});

test('scorecards: a money KPI on an agent’s card is refused, and none is on it by default', async () => {
  const range = `from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}`;
  for (const [client, path] of [
    [manager, '/api/scorecards'],
    [manager, '/api/scorecards/bob'],
    [ann, '/api/scorecards'],
    [ann, '/api/scorecards/ann'],
  ] as const) {
    const reply = await client.get(`${path}?${range}&kpis=frt,payroll_cost`);
    expect(reply.status, `${path} ${reply.text}`).toBe(403);
    expect(reply.json.detail).toMatch(/payroll_cost: money figures of one agent/);
  }
  const cards = await manager.get(`/api/scorecards?${range}`);
  expect(cards.status).toBe(200);
  for (const id of cards.json.kpis) expect(MONEY.has(id), id).toBe(false);
  const card = await finance.get(`/api/scorecards/carl?${range}&kpis=payroll_cost`);
  expect([200, 404]).toContain(card.status);
  const annCard = await finance.get(`/api/scorecards/ann?${range}&kpis=payroll_cost`);
  expect(annCard.status).toBe(200);
  expect(annCard.json.kpis[0].value.value).toBe(320);
});

test("an agent's API token carries the same limits", async () => {
  const created = await ann.post('/api/tokens', { name: 'probe' });
  expect(created.status).toBe(201);
  const script = new Client(ts.url);
  script.bearer = created.json.token;
  const reply = await script.post('/api/kpi/query', {
    ...WEEK,
    kpis: ['payroll_cost'],
    filters: { agent: ['ann'] },
  });
  expectHidden(reply.json.rows[0].payroll_cost);
  expect((await script.get(`/api/business/people?${MONTH}`)).status).toBe(403);
});
