import { describe, expect, test } from 'vitest';
import { withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { QUERY_LIMITS } from '../core/kpi/limits.js';
import { rebuildFacts } from '../services/rebuild.js';
import { KpiCache } from './kpi-cache.js';

/** The real engine, counting the statements that read contact facts. */
function counting(engine: Engine) {
  const seen = { factQueries: 0 };
  const counted: Engine = {
    ...engine,
    all: (sql, params) => {
      if (/contact_facts|survey_facts/.test(sql)) seen.factQueries++;
      return engine.all(sql, params);
    },
  };
  return { counted, seen };
}

const QUERY = { kpis: ['frt', 'csat'], from: '2026-01-01', to: '2026-01-03', timezone: 'UTC' };

describe('KpiCache', () => {
  test('people asking for the same view at once cost one query; the result is kept until the facts change', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const { counted, seen } = counting(db);
      const cache = new KpiCache(counted);
      const [a, b, c] = await Promise.all([cache.run(QUERY), cache.run({ ...QUERY }), cache.run(QUERY)]);
      const once = seen.factQueries;
      expect(once).toBeGreaterThan(0);
      expect(b).toBe(a);
      expect(c).toBe(a);
      expect(a.ok && a.data.rows.length).toBeGreaterThan(0);
      // The same query spelled with its defaults is the same view.
      await cache.run({ ...QUERY, by: [], filters: {}, compare: false });
      expect(seen.factQueries).toBe(once);
      // A rebuild by something else than this server is seen once the time of the last rebuild,
      // read again after a second, has come back; the request that starts the read does not wait.
      await rebuildFacts(db);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await cache.run(QUERY)).toBe(a);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const fresh = await cache.run(QUERY);
      expect(seen.factQueries).toBe(2 * once);
      expect(fresh).not.toBe(a);
      expect(fresh).toEqual(a);
      // A change made through the server is seen at once.
      cache.forget();
      expect(await cache.run(QUERY)).not.toBe(fresh);
      expect(seen.factQueries).toBe(3 * once);
    });
  });

  test('a refused query is not kept', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const cache = new KpiCache(db);
      const first = await cache.run({ kpis: ['no_such_kpi'] });
      expect(first.ok).toBe(false);
      const second = await cache.run({ kpis: ['no_such_kpi'] });
      expect(second).not.toBe(first);
    });
  });

  test('keeps at most its capacity, dropping the least recently used', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const { counted, seen } = counting(db);
      const cache = new KpiCache(counted, 2);
      const day = (d: number) => ({ ...QUERY, to: `2026-01-0${d}` });
      await cache.run(day(2));
      await cache.run(day(3));
      await cache.run(day(2)); // used again: day 3 is now the oldest
      await cache.run(day(4)); // drops day 3
      const before = seen.factQueries;
      await cache.run(day(2));
      expect(seen.factQueries).toBe(before);
      await cache.run(day(3));
      expect(seen.factQueries).toBeGreaterThan(before);
    });
  });

  test('an answer above the kept-answer cell limit is not kept; the kept answers stay within their cell total', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const { counted, seen } = counting(db);
      const cache = new KpiCache(counted);
      // Every hour of a year for one KPI: 8,760 cells, allowed but above what is kept.
      const hourly = {
        kpis: ['frt'],
        grain: 'hour' as const,
        from: '2026-01-01',
        to: '2027-01-01',
        timezone: 'UTC',
      };
      const big = await cache.run(hourly);
      expect(big.ok && big.data.rows.length).toBe(8760);
      expect(8760).toBeGreaterThan(QUERY_LIMITS.keptAnswerCells);
      expect(cache.cells).toBe(0);
      const before = seen.factQueries;
      const again = await cache.run(hourly);
      expect(again).not.toBe(big);
      expect(seen.factQueries).toBeGreaterThan(before);

      // Daily answers of 2 KPIs over 10 days (20 cells each), within a total of 50 cells: the
      // least recently used go once a third would pass it.
      const small = new KpiCache(counted, 256, { keptAnswerCells: 40, keptCells: 50 });
      const days = (start: number) => ({
        ...QUERY,
        grain: 'day' as const,
        from: `2026-01-${String(start).padStart(2, '0')}`,
        to: `2026-01-${String(start + 10).padStart(2, '0')}`,
      });
      await small.run(days(1));
      expect(small.cells).toBe(20);
      await small.run(days(2));
      expect(small.cells).toBe(40);
      await small.run(days(1)); // used again: days(2) is now the oldest
      await small.run(days(3)); // 60 cells would pass 50: days(2) goes
      expect(small.cells).toBe(40);
      const kept = seen.factQueries;
      await small.run(days(1));
      await small.run(days(3));
      expect(seen.factQueries).toBe(kept);
      await small.run(days(2));
      expect(seen.factQueries).toBeGreaterThan(kept);
      expect(small.cells).toBeLessThanOrEqual(50);
      small.forget();
      expect(small.cells).toBe(0);
    });
  });

  test('a query stops when everyone waiting for it has gone, not before', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const cache = new KpiCache(db);
      const heavy = { ...QUERY, grain: 'hour' as const, compare: true };
      await cache.run(QUERY); // the time of the last rebuild is known from here
      const left = new AbortController();
      const leaving = cache.run(heavy, {}, left.signal);
      const staying = cache.run(heavy);
      await new Promise((resolve) => setTimeout(resolve, 0)); // both are waiting for the one query
      left.abort();
      expect((await staying).ok).toBe(true);
      await leaving;

      const alone = new AbortController();
      const other = { ...heavy, to: '2026-01-04' };
      const stopped = cache.run(other, {}, alone.signal);
      alone.abort();
      expect(await stopped).toEqual({ ok: false, error: { kind: 'cancelled' } });
      // A stopped query is not kept: the next person gets the answer.
      expect((await cache.run(other)).ok).toBe(true);
      // Repeats are the same view as without them.
      expect(await cache.run({ ...QUERY, kpis: ['frt', 'csat', 'frt'] })).toBe(await cache.run(QUERY));
    });
  });
});
