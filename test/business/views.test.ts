import { describe, expect, test, vi } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { compareMeans, meanInterval, wilsonInterval } from '../../src/core/stats.js';
import { clvByHandling } from '../../src/services/business/clv.js';
import { retentionCohorts } from '../../src/services/business/cohorts.js';
import type { BusinessActor } from '../../src/services/business/contract.js';
import { conversionView } from '../../src/services/business/conversion.js';
import { peopleView } from '../../src/services/business/people.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { ENGINES, withFixture, withMigrated } from '../support/engines.js';

// PGlite migrates in seconds, on a busy machine in a minute or more.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const actor = (role: BusinessActor['role']): BusinessActor => ({
  userId: role,
  role,
  agentId: role === 'agent' ? 'ann' : null,
});
const RANGE = { from: '2026-01-01', to: '2026-04-01' };

async function insert(db: Engine, table: string, columns: string, rows: unknown[][]): Promise<void> {
  await db.insertRows(table, columns.split(','), rows);
}

/**
 * Three monthly cohorts of 2026 and one customer before: churn, handling, lifetime value, orders
 * (one refunded in part, one pending), contacts with and without an order after them, customer
 * months, two agents with people rows and a third without, an exchange rate for bob's dollars.
 */
async function writeFacts(db: Engine): Promise<void> {
  const customers = 'customer_id,segment,acquisition_channel,first_seen_at,churned_at,handling,clv,margin';
  await insert(db, 'business_customer_facts', customers, [
    ['c1', 'consumer', 'search', '2026-01-05 10:00:00', null, 'first_contact', 100, 100],
    ['c2', 'consumer', 'social', '2026-01-20 10:00:00', '2026-02-10 00:00:00', 'later', 40, 40],
    ['c3', 'business', 'search', '2026-01-25 10:00:00', '2026-03-15 00:00:00', 'unresolved', 10, 10],
    ['c4', 'consumer', 'search', '2026-02-03 10:00:00', null, 'first_contact', 140, 140],
    ['c5', 'business', 'referral', '2026-02-14 10:00:00', '2026-02-28 00:00:00', 'no_contact', null, null],
    ['c6', 'consumer', 'search', '2026-02-20 10:00:00', null, 'later', 60, 60],
    ['c7', 'consumer', 'search', '2025-12-10 10:00:00', null, 'first_contact', 500, 500],
    ['c8', 'consumer', 'search', '2026-03-02 10:00:00', null, 'first_contact', 120, 120],
  ]);
  await insert(
    db,
    'orders',
    'source,external_id,customer_id,ordered_at,revenue,currency,status,refunded_amount',
    [
      ['shop', 'o1', 'c1', '2026-01-06 10:00:00', 100, 'EUR', 'paid', null],
      ['shop', 'o2', 'c1', '2026-02-06 10:00:00', 150, 'EUR', 'paid', 50],
      ['shop', 'o3', 'c2', '2026-01-21 10:00:00', 80, 'EUR', null, null],
      ['shop', 'o4', 'c2', '2026-02-01 10:00:00', 999, 'EUR', 'pending', null],
      ['shop', 'o5', 'c3', '2026-02-11 10:00:00', 20, 'EUR', 'paid', null],
    ],
  );
  const contacts =
    'contact_key,created_at,channel,team_id,assignee_id,customer_id,segment,acquisition_channel,ordered_after';
  await insert(db, 'business_contact_facts', contacts, [
    ['k1', '2026-01-10 09:00:00', 'email', 'north', 'ann', 'c1', 'consumer', 'search', true],
    ['k2', '2026-01-15 09:00:00', 'email', 'north', 'bob', 'c2', 'consumer', 'social', false],
    ['k3', '2026-02-01 09:00:00', 'chat', 'south', 'cid', 'c3', 'business', 'search', true],
    ['k4', '2026-02-10 09:00:00', 'chat', 'south', 'cid', 'c4', 'consumer', 'search', false],
    ['k5', '2026-03-31 10:00:00', 'email', 'north', 'ann', 'c6', 'consumer', 'search', true],
    ['k6', '2025-12-20 09:00:00', 'email', 'north', 'ann', 'c7', 'consumer', 'search', true],
    // Its window is still open when the data ends: neither converted nor not, so not counted.
    ['k7', '2026-03-30 09:00:00', 'email', 'north', 'bob', 'c2', 'consumer', 'social', null],
  ]);
  const months = 'month_start,customer_id,segment,acquisition_channel,is_new,contacted,ordered';
  await insert(db, 'business_customer_month_facts', months, [
    ['2025-12-01 12:00:00', 'a', 'consumer', 'search', true, false, true],
    ['2026-01-01 12:00:00', 'a', 'consumer', 'search', false, false, true],
    ['2026-01-01 12:00:00', 'b', 'consumer', 'search', false, false, false],
    ['2026-01-01 12:00:00', 'c', 'business', 'search', null, false, false],
    ['2026-01-01 12:00:00', 'd', 'consumer', 'search', false, true, true],
    // New customers' first months hold the order that made them customers: not in the baseline.
    ['2026-01-01 12:00:00', 'f', 'consumer', 'search', true, false, true],
    ['2026-02-01 12:00:00', 'a', 'consumer', 'search', false, false, true],
    ['2026-02-01 12:00:00', 'b', 'consumer', 'search', false, false, true],
    ['2026-02-01 12:00:00', 'c', 'business', 'search', false, false, false],
    ['2026-02-01 12:00:00', 'e', 'consumer', 'search', false, null, false],
    ['2026-02-01 12:00:00', 'f', 'consumer', 'search', false, false, false],
    ['2026-03-01 12:00:00', 'a', 'consumer', 'search', false, false, false],
    ['2026-03-01 12:00:00', 'g', 'consumer', 'search', true, false, true],
  ]);
  await insert(db, 'teams', 'id,name', [
    ['north', 'North'],
    ['south', 'South'],
  ]);
  await insert(db, 'agents', 'id,name,team_id', [
    ['ann', 'Ann', 'north'],
    ['bob', 'Bob', 'north'],
    ['cid', 'Cid', 'south'],
  ]);
  await insert(db, 'people', 'agent_id,hired_on,left_on,fte,hourly_cost,currency', [
    ['ann', '2025-12-01', null, null, 30, 'EUR'],
    ['bob', '2020-01-01', '2026-02-28', 0.5, 20, 'USD'],
  ]);
  await insert(db, 'exchange_rates', 'currency,valid_from,rate', [
    ['USD', '2025-06-01', 0.8],
    ['USD', '2026-01-01', 0.9],
  ]);
  await insert(db, 'business_ledger_facts', 'day,team_id,agent_id,cost,paid_hours,resolved', [
    ['2025-12-15 12:00:00', 'north', 'ann', null, 8, 8],
    ['2026-01-10 12:00:00', 'north', 'ann', null, 8, 4],
    ['2026-02-10 12:00:00', 'north', 'ann', null, 8, 2],
    ['2026-01-10 12:00:00', 'north', 'bob', null, 4, 3],
    ['2026-01-10 12:00:00', 'north', null, 500, null, null],
  ]);
  await insert(db, 'business_people_facts', 'day,agent_id,team_id,training_days', [
    ['2026-01-12 12:00:00', 'ann', 'north', 1],
    ['2026-02-03 12:00:00', 'ann', 'north', 0.5],
    ['2025-11-03 12:00:00', 'ann', 'north', 3],
  ]);
}

describe.each(ENGINES)('business views on $kind', ({ kind }) => {
  test('retention cohorts: the customers of each month not churned by the end of month k', async () => {
    await withMigrated(kind, async (db) => {
      await writeFacts(db);
      const view = await retentionCohorts(db, RANGE);
      if (!view.ok) throw new Error(JSON.stringify(view.error));
      // The data reaches 2026-03-31: March is the last month whole. December's customer is no cohort.
      const shares = view.data.cohorts.map((c) => [c.cohort, c.size, c.months.map((m) => m.retained)]);
      expect(shares).toEqual([
        ['2026-01', 3, [3, 2, 1]],
        ['2026-02', 3, [2, 2]],
        ['2026-03', 1, [1]],
      ]);
      const february = view.data.cohorts[1]?.months[0];
      expect(february?.share).toBeCloseTo(2 / 3, 12);
      expect(february?.interval).toEqual(wilsonInterval(2, 3));

      const consumers = await retentionCohorts(db, { ...RANGE, segment: ['consumer'] });
      if (!consumers.ok) throw new Error('refused');
      expect(consumers.data.cohorts[0]?.months.map((m) => m.retained)).toEqual([2, 1, 1]);
      const won = await retentionCohorts(db, { ...RANGE, acquisitionChannel: ['social', 'referral'] });
      if (!won.ok) throw new Error('refused');
      expect(won.data.cohorts.map((c) => [c.cohort, c.size])).toEqual([
        ['2026-01', 1],
        ['2026-02', 1],
      ]);

      const backwards = await retentionCohorts(db, { from: '2026-04-01', to: '2026-01-01' });
      expect(backwards).toMatchObject({ ok: false, error: { kind: 'invalid', issues: [{ path: 'to' }] } });
    });
  });

  test('lifetime value by handling, each group against first contact, and the cohorts cumulated', async () => {
    await withMigrated(kind, async (db) => {
      await writeFacts(db);
      const view = await clvByHandling(db, RANGE, actor('finance'));
      if (!view.ok) throw new Error(JSON.stringify(view.error));
      expect(view.data.currency).toBe('EUR');
      const [first, later, unresolved, none] = view.data.groups;
      // first contact: 100, 140, 120 → mean 120, sd 20.
      expect(first).toMatchObject({ handling: 'first_contact', customers: 3, difference: null });
      expect(first?.meanClv).toBeCloseTo(120, 9);
      const firstInterval = meanInterval(120, 20, 3);
      expect(first?.interval?.low).toBeCloseTo(firstInterval?.low ?? 0, 6);
      expect(first?.interval?.high).toBeCloseTo(firstInterval?.high ?? 0, 6);
      // later: 40, 60 → mean 50, sd √200; 70 below first contact.
      expect(later?.meanClv).toBeCloseTo(50, 9);
      expect(later?.difference?.value).toBeCloseTo(-70, 9);
      const welch = compareMeans(50, Math.sqrt(200), 2, 120, 20, 3);
      expect(later?.difference?.interval?.low).toBeCloseTo(welch?.low ?? 0, 6);
      expect(later?.difference?.interval?.high).toBeCloseTo(welch?.high ?? 0, 6);
      // One customer: a mean without an interval, a difference without one.
      expect(unresolved).toMatchObject({ customers: 1, meanClv: 10, interval: null });
      expect(unresolved?.difference).toEqual({ value: -110, interval: null });
      // A customer without orders has no lifetime value to average.
      expect(none).toEqual({
        handling: 'no_contact',
        customers: 1,
        meanClv: null,
        interval: null,
        difference: null,
      });

      // January's cohort (3 customers): c1's 100 spread 100:100 over January and February (the
      // refund leaves February 100 net), c2's 40 in January (the pending order is none), c3's 10
      // in February, its month 1.
      const january = view.data.cohorts.find((c) => c.cohort === '2026-01');
      expect(january?.size).toBe(3);
      expect(january?.cumulative.map((c) => c.offset)).toEqual([0, 1, 2]);
      expect(january?.cumulative[0]?.meanMargin).toBeCloseTo(90 / 3, 9);
      expect(january?.cumulative[1]?.meanMargin).toBeCloseTo(150 / 3, 9);
      expect(january?.cumulative[2]?.meanMargin).toBeCloseTo(150 / 3, 9);
      // February's cohort ordered nothing on record: 0 per customer, not left out.
      expect(view.data.cohorts.find((c) => c.cohort === '2026-02')?.cumulative[0]?.meanMargin).toBe(0);

      for (const role of ['admin', 'manager'] as const)
        expect((await clvByHandling(db, RANGE, actor(role))).ok).toBe(true);
      for (const role of ['viewer', 'agent'] as const)
        expect(await clvByHandling(db, RANGE, actor(role))).toMatchObject({
          ok: false,
          error: { kind: 'forbidden' },
        });
    });
  });

  test('conversion after contact per channel, team and agent, against customers without a contact', async () => {
    await withMigrated(kind, async (db) => {
      await writeFacts(db);
      const byChannel = await conversionView(db, RANGE, 'channel', actor('viewer'));
      if (!byChannel.ok) throw new Error(JSON.stringify(byChannel.error));
      expect(byChannel.data.conversionDays).toBe(7);
      expect(byChannel.data.rows.map((r) => [r.key, r.contacts, r.converted])).toEqual([
        ['chat', 2, 1],
        ['email', 3, 2],
      ]);
      expect(byChannel.data.rows[1]?.interval).toEqual(wilsonInterval(2, 3));
      // Customer-months without a contact, new customers' first months (f in January, g in March,
      // each with its acquisition order) left out: January 1 of 3 ordered, February 2 of 5 (a month
      // with no contact recorded counts), March 0 of 1; a week is 7/31 of January and 7/28 of February.
      const expected = (1 * 7) / 31 + (2 * 7) / 28;
      expect(byChannel.data.baseline.n).toBe(9);
      expect(byChannel.data.baseline.rate).toBeCloseTo(expected / 9, 12);
      expect(byChannel.data.baseline.interval).toEqual(wilsonInterval(expected, 9));
      expect(byChannel.data.method).toMatch(/not a randomised comparison/i);
      expect(byChannel.data.method).toMatch(/leaving out the month a customer was new in/);

      const byAgent = await conversionView(db, RANGE, 'agent', actor('manager'));
      if (!byAgent.ok) throw new Error('refused');
      expect(byAgent.data.rows.map((r) => [r.key, r.label, r.contacts, r.converted])).toEqual([
        ['ann', 'Ann', 2, 2],
        ['bob', 'Bob', 1, 0],
        ['cid', 'Cid', 2, 1],
      ]);
      const north = await conversionView(db, { ...RANGE, team: ['north'] }, 'team', actor('admin'));
      if (!north.ok) throw new Error('refused');
      expect(north.data.rows.map((r) => [r.key, r.label, r.contacts, r.converted])).toEqual([
        ['north', 'North', 3, 2],
      ]);

      expect(await conversionView(db, RANGE, 'agent', actor('viewer'))).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await conversionView(db, RANGE, 'channel', actor('agent'))).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
    });
  });

  test('people: paid hours, resolved per paid hour, training and tenure; hourly cost for money roles only', async () => {
    await withMigrated(kind, async (db) => {
      await writeFacts(db);
      const view = await peopleView(db, RANGE, actor('finance'));
      if (!view.ok) throw new Error(JSON.stringify(view.error));
      expect(view.data.currency).toBe('EUR');
      expect(view.data.newAgentDays).toBe(90);
      const [ann, bob] = view.data.agents;
      expect(view.data.agents).toHaveLength(2);
      expect(ann).toMatchObject({
        agentId: 'ann',
        name: 'Ann',
        teamId: 'north',
        hiredOn: '2025-12-01',
        leftOn: null,
        fte: 1,
        paidHours: 16,
        resolved: 6,
        trainingDays: 1.5,
        hourlyCost: 30,
      });
      expect(ann?.resolvedPerPaidHour).toBeCloseTo(6 / 16, 12);
      expect(ann?.tenureYears).toBeCloseTo(120 / 365.25, 9);
      // Bob left in February: his tenure ends then; his dollars at the rate from 2026-01-01.
      expect(bob).toMatchObject({
        agentId: 'bob',
        leftOn: '2026-02-28',
        fte: 0.5,
        paidHours: 4,
        resolved: 3,
      });
      expect(bob?.hourlyCost).toBeCloseTo(18, 9);
      expect(bob?.tenureYears).toBeCloseTo(
        (Date.parse('2026-02-28') - Date.parse('2020-01-01')) / 86_400_000 / 365.25,
        9,
      );

      const managers = await peopleView(db, RANGE, actor('manager'));
      if (!managers.ok) throw new Error('refused');
      expect(managers.data.agents.map((a) => a.hourlyCost)).toEqual([null, null]);
      const south = await peopleView(db, { ...RANGE, team: ['south'] }, actor('admin'));
      if (!south.ok) throw new Error('refused');
      expect(south.data.agents).toEqual([]);
      // Bob left before March: not employed in a range of March alone.
      const march = await peopleView(db, { from: '2026-03-01', to: '2026-04-01' }, actor('admin'));
      if (!march.ok) throw new Error('refused');
      expect(march.data.agents.map((a) => a.agentId)).toEqual(['ann']);

      for (const role of ['viewer', 'agent'] as const)
        expect(await peopleView(db, RANGE, actor(role))).toMatchObject({
          ok: false,
          error: { kind: 'forbidden' },
        });
    });
  });
});

describe.each(ENGINES)('new and experienced agents on $kind', ({ kind }) => {
  /** The KPI engine's value of one share for some agents over some days: successes and n. */
  async function kpi(db: Engine, id: 'fcr_rate' | 'csat', agents: string[], from: string, to: string) {
    const result = await runKpiQuery(db, { kpis: [id], from, to, filters: { agent: agents } });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const value = result.data.rows[0]?.[id] as { value: number | null; n: number } | undefined;
    const n = value?.n ?? 0;
    return { successes: Math.round((value?.value ?? 0) * n), n };
  }

  test('first-contact resolution and CSAT per tenure group equal the KPI engine’s, split at the day an agent stops being new', async () => {
    await withFixture({ kind }, 'small-helpdesk', async (db) => {
      // Ann is new until 2026-03-05 (hired 90 days before), Bob long experienced.
      await insert(db, 'people', 'agent_id,hired_on', [
        ['ann', '2025-12-05'],
        ['bob', '2019-05-01'],
      ]);
      const range = { from: '2026-03-01', to: '2026-03-20' };
      const view = await peopleView(db, range, actor('admin'));
      if (!view.ok) throw new Error(JSON.stringify(view.error));
      const [fresh, experienced] = view.data.tenureGroups;
      expect(fresh?.group).toBe('new');
      expect(experienced?.group).toBe('experienced');

      for (const [name, id] of [
        ['fcr', 'fcr_rate'],
        ['csat', 'csat'],
      ] as const) {
        const whileNew = await kpi(db, id, ['ann'], range.from, '2026-03-05');
        const annLater = await kpi(db, id, ['ann'], '2026-03-05', range.to);
        const bob = await kpi(db, id, ['bob'], range.from, range.to);
        const later = { successes: annLater.successes + bob.successes, n: annLater.n + bob.n };
        expect(fresh?.[name].n, `${name} new`).toBe(whileNew.n);
        expect(experienced?.[name].n, `${name} experienced`).toBe(later.n);
        expect(experienced?.[name].n, `${name} has rows`).toBeGreaterThan(0);
        for (const [group, expected] of [
          [fresh, whileNew],
          [experienced, later],
        ] as const) {
          const shown = group?.[name];
          if (expected.n === 0) expect(shown?.value).toBeNull();
          else {
            expect(shown?.value).toBeCloseTo(expected.successes / expected.n, 12);
            expect(shown?.interval).toEqual(wilsonInterval(expected.successes, expected.n));
          }
        }
      }
    });
  });
});
