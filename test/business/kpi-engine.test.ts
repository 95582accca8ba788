import { describe, expect, test } from 'vitest';
import { renderKpiTable } from '../../src/cli/format.js';
import type { Engine } from '../../src/core/engine.js';
import { BUSINESS_KPIS } from '../../src/core/kpi/catalog/business.js';
import { findKpi } from '../../src/core/kpi/catalog.js';
import type { KpiDefinition } from '../../src/core/kpi/define.js';
import type { KpiQueryInput, KpiRow } from '../../src/core/kpi/query.js';
import { type KpiResult, runKpiQuery } from '../../src/services/kpi.js';
import { ENGINES, type EngineKind, kpiValueIn, withMigrated } from '../support/engines.js';

/**
 * The business indicators through the KPI engine, on DuckDB and on PGlite, over facts rows written
 * by hand (the rebuild that writes them has tests of its own).
 *
 * Ledger, March 2026 (team t1): wages 300 (payroll), tools 100, acquisition spend 50; ann handled
 * 10, resolved 8 in 16 paid hours and 2 FTE-days, bob handled 10, resolved 2 in 8 hours and 1
 * FTE-day; an order of 2,000 revenue with 1,200 cost of goods (margin 800). April: ann handled 5,
 * resolved 5 in 8 hours and 1 FTE-day, an order of 500 (margin 200), and no cost line at all.
 * - March: service cost 400; per contact 400 ÷ 20 = 20; per resolution 400 ÷ 10 = 40; payroll 300;
 *   share of revenue 400 ÷ 2,000 = 0.2; gross margin 800 − 300 − 100 = 400; acquisition 50,
 *   retention 0 (cost lines, none of retention); 10 resolutions ÷ 24 hours; 10 ÷ 3 FTE-days × 365/12.
 * - April: every cost figure empty with "no cost data", payroll empty with "no payroll data";
 *   revenue 500; 5 ÷ 8 hours.
 * - March and April together: the cost figures over the costed days (March) only — per contact
 *   400 ÷ 20, not 400 ÷ 25; share 400 ÷ 2,000; gross margin 400, not 600 with April's order.
 * - 3 March by day: acquisition spend 50 and bob's work, but no service cost: the service cost
 *   figures are empty with "no cost data", not 0.
 *
 * Customer months, March: c1 and c2 on the books at the start, c2 churned; c3 new; c1 returning;
 * escalations c2 2, c3 1. Churn 1 ÷ 2, retention 1 ÷ 2, 3 active, 1,000 × 3 ÷ 3 escalations per
 * 1,000. Customers: c1 (lifetime value 100), c2 (300, churned 20 March), c3 (no margin): 3 new, 1
 * churned, mean lifetime value 200 over 2. Contacts: 4, one followed by an order of 150.
 * People, March: ann 31 days at FTE 1, 2 years' tenure, a training day; bob 10 days at FTE 0.5,
 * half a year's tenure, leaving on the 10th. Turnover 1 ÷ 41 × 365; tenure (62 + 5) ÷ 41; training
 * days per FTE 1 ÷ 36 × 365.
 */

const MARCH = '2026-03';
const LEDGER = [
  'day',
  'team_id',
  'channel',
  'agent_id',
  'cost_category',
  'cost',
  'payroll',
  'spend',
  'revenue',
  'cost_of_goods',
  'margin',
  'handled',
  'resolved',
  'paid_hours',
  'fte_days',
  'costed',
];

async function writeFacts(db: Engine): Promise<void> {
  const day = (date: string) => `${date} 12:00:00`;
  // Every March day carries cost data (as if its lines were spread over the month), no April day.
  const costed = (row: unknown[]) => [...row, String(row[0]).startsWith(MARCH)];
  await db.insertRows(
    'business_ledger_facts',
    LEDGER,
    [
      [
        day(`${MARCH}-02`),
        't1',
        null,
        null,
        'wages',
        300,
        300,
        null,
        null,
        null,
        -300,
        null,
        null,
        null,
        null,
      ],
      [
        day(`${MARCH}-02`),
        't1',
        null,
        null,
        'tools',
        100,
        null,
        null,
        null,
        null,
        -100,
        null,
        null,
        null,
        null,
      ],
      [
        day(`${MARCH}-03`),
        't1',
        null,
        null,
        'acquisition',
        null,
        null,
        50,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      [day(`${MARCH}-02`), 't1', 'email', 'ann', null, null, null, null, null, null, null, 10, 8, 16, 2],
      [day(`${MARCH}-03`), 't1', 'email', 'bob', null, null, null, null, null, null, null, 10, 2, 8, 1],
      [day(`${MARCH}-05`), 't1', null, null, null, null, null, null, 2000, 1200, 800, null, null, null, null],
      [day('2026-04-01'), 't1', 'email', 'ann', null, null, null, null, null, null, null, 5, 5, 8, 1],
      [day('2026-04-02'), 't1', null, null, null, null, null, null, 500, 300, 200, null, null, null, null],
    ].map(costed),
  );
  const month = day(`${MARCH}-01`);
  await db.insertRows(
    'business_customer_month_facts',
    [
      'month_start',
      'customer_id',
      'segment',
      'active',
      'active_at_start',
      'is_new',
      'churned',
      'is_returning',
      'escalations',
    ],
    [
      [month, 'c1', 'retail', true, true, false, false, true, 0],
      [month, 'c2', 'retail', true, true, false, true, false, 2],
      [month, 'c3', 'b2b', true, false, true, false, false, 1],
    ],
  );
  await db.insertRows(
    'business_customer_facts',
    ['customer_id', 'segment', 'first_seen_at', 'churned_at', 'clv'],
    [
      ['c1', 'retail', `${MARCH}-10 09:00:00`, null, 100],
      ['c2', 'retail', `${MARCH}-11 09:00:00`, `${MARCH}-20 00:00:00`, 300],
      ['c3', 'b2b', `${MARCH}-12 09:00:00`, null, null],
    ],
  );
  await db.insertRows(
    'business_contact_facts',
    [
      'contact_key',
      'created_at',
      'channel',
      'team_id',
      'assignee_id',
      'customer_id',
      'ordered_after',
      'revenue_after',
    ],
    [
      ['k1', `${MARCH}-04 10:00:00`, 'email', 't1', 'ann', 'c1', true, 150],
      ['k2', `${MARCH}-04 11:00:00`, 'email', 't1', 'ann', 'c2', false, 0],
      ['k3', `${MARCH}-05 10:00:00`, 'chat', 't1', 'bob', 'c2', false, 0],
      ['k4', `${MARCH}-06 10:00:00`, 'chat', 't1', 'bob', 'c3', false, 0],
    ],
  );
  const people: unknown[][] = [];
  for (let d = 1; d <= 31; d++) {
    const date = `${MARCH}-${String(d).padStart(2, '0')}`;
    people.push([day(date), 'ann', 't1', 1, 1, 0, 2, d === 5 ? 1 : 0]);
    if (d <= 10) people.push([day(date), 'bob', 't1', 0.5, 1, d === 10 ? 1 : 0, 0.5, 0]);
  }
  await db.insertRows(
    'business_people_facts',
    ['day', 'agent_id', 'team_id', 'fte', 'employed', 'leavers', 'tenure_years', 'training_days'],
    people,
  );
}

/** A migrated empty database of each kind holding the facts above. */
async function withFacts<T>(kind: EngineKind, work: (db: Engine) => Promise<T>): Promise<T> {
  return withMigrated(kind, async (db) => {
    await writeFacts(db);
    return work(db);
  });
}

const QUERY: KpiQueryInput = { from: '2026-03-01', to: '2026-05-01', timezone: 'UTC' };

async function answer(db: Engine, query: KpiQueryInput): Promise<KpiResult> {
  const result = await runKpiQuery(db, { ...QUERY, ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

const valueIn = (row: KpiRow | undefined, id: string) => kpiValueIn(row, id).value;
const LEDGER_KPIS = BUSINESS_KPIS.filter((k) => k.source === 'business_ledger_facts').map((k) => k.id);
const COST_KPIS = [
  'service_cost',
  'cost_per_contact',
  'cost_per_resolution',
  'service_cost_share',
  'gross_margin',
  'acquisition_spend',
  'retention_spend',
];

describe.each(ENGINES)('the business indicators on $kind', (engine) => {
  test('money and work of the ledger per month, and no cost data for April rather than 0', async () => {
    await withFacts(engine.kind, async (db) => {
      const result = await answer(db, { kpis: LEDGER_KPIS, grain: 'month' });
      const [march, april] = result.rows;
      expect(march?.period).toBe('2026-03-01');
      expect(valueIn(march, 'service_cost')).toBeCloseTo(400, 10);
      expect(valueIn(march, 'cost_per_contact')).toBeCloseTo(20, 10);
      expect(kpiValueIn(march, 'cost_per_contact').n).toBe(20);
      expect(valueIn(march, 'cost_per_resolution')).toBeCloseTo(40, 10);
      expect(valueIn(march, 'payroll_cost')).toBeCloseTo(300, 10);
      expect(valueIn(march, 'service_cost_share')).toBeCloseTo(0.2, 10);
      expect(valueIn(march, 'revenue')).toBeCloseTo(2000, 10);
      expect(valueIn(march, 'gross_margin')).toBeCloseTo(400, 10);
      expect(valueIn(march, 'acquisition_spend')).toBeCloseTo(50, 10);
      expect(valueIn(march, 'retention_spend')).toBe(0);
      expect(valueIn(march, 'productivity')).toBeCloseTo(10 / 24, 10);
      expect(valueIn(march, 'productivity_per_fte')).toBeCloseTo((10 / 3) * (365 / 12), 10);
      // A quotient has no interval: a sum of money is no count of trials.
      expect(kpiValueIn(march, 'cost_per_contact').low).toBeUndefined();

      expect(april?.period).toBe('2026-04-01');
      for (const id of [...COST_KPIS, 'payroll_cost']) expect(valueIn(april, id), id).toBeNull();
      expect(valueIn(april, 'revenue')).toBeCloseTo(500, 10);
      expect(valueIn(april, 'productivity')).toBeCloseTo(5 / 8, 10);
      expect(result.notices.filter((n) => n.code === 'missing_data')).toEqual([
        { code: 'missing_data', missing: 'cost data', kpis: COST_KPIS, periods: ['2026-04-01'] },
        { code: 'missing_data', missing: 'payroll data', kpis: ['payroll_cost'], periods: ['2026-04-01'] },
      ]);
      expect(result.notes).toContain(
        `no cost data for 2026-04-01: no figure for ${COST_KPIS.join(', ')}, rather than 0.`,
      );
      expect(result.currency).toBeNull();
    });
  });

  test('a range of which only some days carry cost data sets the cost against those days alone', async () => {
    await withFacts(engine.kind, async (db) => {
      const result = await answer(db, {
        kpis: [
          'service_cost',
          'cost_per_contact',
          'cost_per_resolution',
          'service_cost_share',
          'gross_margin',
          'revenue',
        ],
      });
      const [all] = result.rows;
      expect(valueIn(all, 'service_cost')).toBeCloseTo(400, 10);
      expect(valueIn(all, 'cost_per_contact')).toBeCloseTo(20, 10);
      expect(valueIn(all, 'cost_per_resolution')).toBeCloseTo(40, 10);
      expect(valueIn(all, 'service_cost_share')).toBeCloseTo(0.2, 10);
      expect(valueIn(all, 'gross_margin')).toBeCloseTo(400, 10);
      // Revenue is no cost figure: all of it.
      expect(valueIn(all, 'revenue')).toBeCloseTo(2500, 10);
    });
  });

  test('a day with acquisition spend but no service cost has no cost data, not a cost of 0', async () => {
    await withFacts(engine.kind, async (db) => {
      const serviceCost = [
        'service_cost',
        'cost_per_contact',
        'cost_per_resolution',
        'service_cost_share',
        'gross_margin',
      ];
      const result = await answer(db, {
        kpis: [...serviceCost, 'acquisition_spend'],
        from: '2026-03-03',
        to: '2026-03-04',
      });
      const [day] = result.rows;
      for (const id of serviceCost) expect(valueIn(day, id), id).toBeNull();
      expect(valueIn(day, 'acquisition_spend')).toBeCloseTo(50, 10);
      expect(
        result.notices.flatMap((n) =>
          n.code === 'missing_data' ? [{ missing: n.missing, kpis: n.kpis }] : [],
        ),
      ).toEqual([{ missing: 'cost data', kpis: serviceCost }]);
    });
  });

  test('a day without FTE-days has no people data for productivity per FTE, not 0', async () => {
    await withFacts(engine.kind, async (db) => {
      // 5 March holds only the order.
      const result = await answer(db, {
        kpis: ['productivity_per_fte'],
        from: '2026-03-05',
        to: '2026-03-06',
      });
      expect(valueIn(result.rows[0], 'productivity_per_fte')).toBeNull();
      expect(
        result.notices.flatMap((n) =>
          n.code === 'missing_data' ? [{ missing: n.missing, kpis: n.kpis }] : [],
        ),
      ).toEqual([{ missing: 'people data', kpis: ['productivity_per_fte'] }]);
    });
  });

  test('a range without cost lines says so for the whole range', async () => {
    await withFacts(engine.kind, async (db) => {
      const result = await answer(db, { kpis: ['cost_per_contact', 'productivity'], from: '2026-04-01' });
      const [all] = result.rows;
      expect(valueIn(all, 'cost_per_contact')).toBeNull();
      // Only the contacts of days that carry cost data count, and April has none.
      expect(kpiValueIn(all, 'cost_per_contact').n).toBe(0);
      expect(valueIn(all, 'productivity')).toBeCloseTo(5 / 8, 10);
      expect(result.notes).toContain(
        'no cost data for this period: no figure for cost_per_contact, rather than 0.',
      );
    });
  });

  test('per agent: work figures without a comparison interval; cost lines carry no agent', async () => {
    await withFacts(engine.kind, async (db) => {
      const { rows } = await answer(db, {
        kpis: ['productivity', 'cost_per_contact'],
        by: ['agent'],
        to: '2026-04-01',
      });
      const ann = rows.find((r) => r.agent === 'ann');
      expect(valueIn(ann, 'productivity')).toBeCloseTo(8 / 16, 10);
      expect(kpiValueIn(ann, 'productivity').comparison).toBeNull();
      expect(valueIn(ann, 'cost_per_contact')).toBeNull();
    });
  });

  test('the customer months by month, and empty with a notice by day', async () => {
    await withFacts(engine.kind, async (db) => {
      const ids = [
        'churn_rate',
        'retention_rate',
        'customers_active',
        'returning_customers',
        'escalations_per_1000_customers',
      ];
      const monthly = await answer(db, { kpis: ids, grain: 'month', to: '2026-04-01' });
      const [march] = monthly.rows;
      expect(valueIn(march, 'churn_rate')).toBeCloseTo(1 / 2, 10);
      expect(kpiValueIn(march, 'churn_rate').n).toBe(2);
      expect(valueIn(march, 'retention_rate')).toBeCloseTo(1 / 2, 10);
      expect(valueIn(march, 'customers_active')).toBe(3);
      expect(valueIn(march, 'returning_customers')).toBe(1);
      expect(valueIn(march, 'escalations_per_1000_customers')).toBeCloseTo(1000, 10);
      expect(monthly.notices.filter((n) => n.code === 'monthly_figure')).toEqual([]);

      const quarterly = await answer(db, { kpis: ['churn_rate'], grain: 'quarter', to: '2026-04-01' });
      expect(valueIn(quarterly.rows[0], 'churn_rate')).toBeCloseTo(1 / 2, 10);

      const daily = await answer(db, {
        kpis: ['churn_rate', 'customers_new'],
        grain: 'day',
        to: '2026-03-15',
      });
      expect(daily.rows.every((r) => valueIn(r, 'churn_rate') === null)).toBe(true);
      expect(daily.rows.find((r) => r.period === '2026-03-10')?.customers_new).toMatchObject({ value: 1 });
      expect(daily.notices).toContainEqual({ code: 'monthly_figure', kpis: ['churn_rate'] });
      expect(daily.notes).toContain(
        'Churn rate is a monthly figure: choose month, quarter or year, and a range of whole months.',
      );
    });
  });

  test('customers, lifetime value and conversion after contact', async () => {
    await withFacts(engine.kind, async (db) => {
      const result = await answer(db, {
        kpis: [
          'customers_new',
          'customers_churned',
          'clv',
          'conversion_after_contact',
          'revenue_after_contact',
        ],
        to: '2026-04-01',
      });
      const [all] = result.rows;
      expect(valueIn(all, 'customers_new')).toBe(3);
      expect(valueIn(all, 'customers_churned')).toBe(1);
      expect(valueIn(all, 'clv')).toBeCloseTo(200, 10);
      expect(kpiValueIn(all, 'clv').n).toBe(2);
      expect(valueIn(all, 'conversion_after_contact')).toBeCloseTo(1 / 4, 10);
      expect(valueIn(all, 'revenue_after_contact')).toBeCloseTo(150, 10);
      expect(result.currency).toBeNull();

      const bySegment = await answer(db, { kpis: ['customers_new'], by: ['segment'], to: '2026-04-01' });
      expect(bySegment.rows.map((r) => [r.segment, valueIn(r, 'customers_new')])).toEqual([
        ['b2b', 1],
        ['retail', 2],
      ]);
    });
  });

  test('the people days: turnover annualised, tenure weighted by days, training per FTE-year', async () => {
    await withFacts(engine.kind, async (db) => {
      const { rows } = await answer(db, {
        kpis: ['employee_turnover', 'tenure', 'training_days', 'training_days_per_fte'],
        to: '2026-04-01',
      });
      const [all] = rows;
      expect(valueIn(all, 'employee_turnover')).toBeCloseTo((1 / 41) * 365, 10);
      expect(valueIn(all, 'tenure')).toBeCloseTo((31 * 2 + 10 * 0.5) / 41, 10);
      expect(valueIn(all, 'training_days')).toBe(1);
      expect(valueIn(all, 'training_days_per_fte')).toBeCloseTo((1 / 36) * 365, 10);
    });
  });

  test('money figures carry the reporting currency of the business settings', async () => {
    await withFacts(engine.kind, async (db) => {
      await db.run(
        "INSERT INTO business_settings (key, value, updated_at) VALUES ('settings', '{\"reportingCurrency\":\"EUR\"}', CAST('2026-03-01 00:00:00' AS TIMESTAMP))",
      );
      const money = await answer(db, { kpis: ['cost_per_contact'], to: '2026-04-01' });
      expect(money.currency).toBe('EUR');
      const kpis = [findKpi('cost_per_contact'), findKpi('productivity')] as KpiDefinition[];
      const work = await answer(db, { kpis: ['cost_per_contact', 'productivity'], to: '2026-04-01' });
      const table = renderKpiTable(work.rows, kpis, { currency: work.currency ?? null });
      expect(table).toContain('20.00 EUR');
      expect(table).toContain('0.42');
      const plain = await answer(db, { kpis: ['productivity'], to: '2026-04-01' });
      expect(plain.currency).toBeUndefined();
    });
  });
});
