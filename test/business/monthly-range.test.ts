import { describe, expect, test, vi } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { type KpiResult, runKpiQuery } from '../../src/services/kpi.js';
import { ENGINES, type EngineKind, kpiValueIn, withMigrated } from '../support/engines.js';

/**
 * Monthly indicators over a range that cuts a month, on DuckDB and PGlite. A customer month sits at
 * its first day, so part of a month would hold all of it or none: such a range gets no monthly
 * figure and a notice, as a grain finer than a month does, while the other indicators are computed.
 *
 * Customer months written by hand: March, c1 and c2 on the books at the start, c2 churned, c3 new;
 * April, c1 and c3 on the books, none churned. Over both: churn 1 ÷ 4, 5 active customer months.
 * Customers c1, c2, c3 first seen on 10, 11 and 12 March.
 */

// PGlite migrates in seconds, on a busy machine in a minute or more.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const MONTHLY = ['churn_rate', 'customers_active'];

async function writeFacts(db: Engine): Promise<void> {
  const march = '2026-03-01 12:00:00';
  const april = '2026-04-01 12:00:00';
  await db.insertRows(
    'business_customer_month_facts',
    ['month_start', 'customer_id', 'active', 'active_at_start', 'is_new', 'churned'],
    [
      [march, 'c1', true, true, false, false],
      [march, 'c2', true, true, false, true],
      [march, 'c3', true, false, true, false],
      [april, 'c1', true, true, false, false],
      [april, 'c3', true, true, false, false],
    ],
  );
  await db.insertRows(
    'business_customer_facts',
    ['customer_id', 'first_seen_at'],
    [
      ['c1', '2026-03-10 09:00:00'],
      ['c2', '2026-03-11 09:00:00'],
      ['c3', '2026-03-12 09:00:00'],
    ],
  );
}

async function withFacts<T>(kind: EngineKind, work: (db: Engine) => Promise<T>): Promise<T> {
  return withMigrated(kind, async (db) => {
    await writeFacts(db);
    return work(db);
  });
}

async function answer(db: Engine, query: KpiQueryInput): Promise<KpiResult> {
  const result = await runKpiQuery(db, { timezone: 'UTC', ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

const monthlyNotices = (result: KpiResult) => result.notices.filter((n) => n.code === 'monthly_figure');

describe.each(ENGINES)('monthly indicators over ranges on $kind', ({ kind }) => {
  test('a range within a month: no monthly figure and a notice, the other indicators computed', async () => {
    await withFacts(kind, async (db) => {
      const result = await answer(db, {
        kpis: [...MONTHLY, 'customers_new'],
        from: '2026-03-10',
        to: '2026-03-20',
      });
      const [all] = result.rows;
      expect(kpiValueIn(all, 'churn_rate')).toMatchObject({ value: null, n: 0, low: null, high: null });
      expect(kpiValueIn(all, 'customers_active')).toMatchObject({ value: null, n: 0 });
      expect(kpiValueIn(all, 'customers_new')).toMatchObject({ value: 3 });
      expect(monthlyNotices(result)).toEqual([{ code: 'monthly_figure', kpis: MONTHLY }]);
    });
  });

  test('either bound off the first of a month, or off midnight, by month too', async () => {
    await withFacts(kind, async (db) => {
      const ranges: KpiQueryInput[] = [
        { from: '2026-03-01', to: '2026-04-10' },
        { from: '2026-03-10', to: '2026-05-01' },
        { from: '2026-03-01T06:00', to: '2026-05-01' },
        { from: '2026-03-10', to: '2026-05-01', grain: 'month' },
        { from: '2026-03-01', to: '2026-04-15', grain: 'quarter' },
      ];
      for (const range of ranges) {
        const result = await answer(db, { kpis: MONTHLY, ...range });
        const label = JSON.stringify(range);
        expect(monthlyNotices(result), label).toEqual([{ code: 'monthly_figure', kpis: MONTHLY }]);
        for (const row of result.rows)
          for (const id of MONTHLY) expect(kpiValueIn(row, id).value, `${label} ${id}`).toBeNull();
      }
    });
  });

  test('whole months in the time zone of the query: figures, no notice', async () => {
    await withFacts(kind, async (db) => {
      for (const timezone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
        const result = await answer(db, {
          kpis: MONTHLY,
          from: '2026-03-01T00:00',
          to: '2026-05-01',
          timezone,
        });
        const [all] = result.rows;
        expect(kpiValueIn(all, 'churn_rate').value, timezone).toBeCloseTo(1 / 4, 10);
        expect(kpiValueIn(all, 'churn_rate').n, timezone).toBe(4);
        expect(kpiValueIn(all, 'customers_active').value, timezone).toBe(5);
        expect(monthlyNotices(result), timezone).toEqual([]);
      }
      const byMonth = await answer(db, {
        kpis: MONTHLY,
        from: '2026-03-01',
        to: '2026-05-01',
        grain: 'month',
      });
      expect(byMonth.rows.map((row) => kpiValueIn(row, 'customers_active').value)).toEqual([3, 2]);
    });
  });
});
