import { describe, expect, test } from 'vitest';
import { withFixture } from '../../test/support/engines.js';
import { QUERY_LIMITS } from '../core/kpi/limits.js';
import { runKpiQuery } from './kpi.js';

const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };

describe('KPI query budget and size', () => {
  test('a query over its time budget is interrupted and says so; one whose caller went away is stopped', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const slow = await runKpiQuery(db, { ...WEEK, grain: 'hour', compare: true }, { budgetMs: 1 });
      expect(slow).toEqual({ ok: false, error: { kind: 'too_slow', budgetMs: 1 } });
      const gone = new AbortController();
      gone.abort();
      const stopped = await runKpiQuery(db, { ...WEEK, grain: 'day' }, { signal: gone.signal });
      expect(stopped).toEqual({ ok: false, error: { kind: 'cancelled' } });
      // Within the budget, the same query is answered.
      const answered = await runKpiQuery(db, { ...WEEK, grain: 'hour', compare: true });
      expect(answered.ok).toBe(true);
    });
  });

  test('repeated ids and dimensions are computed once; too large an answer is refused before it runs', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const repeated = await runKpiQuery(db, {
        ...WEEK,
        kpis: ['frt', 'csat', 'frt'],
        by: ['channel', 'channel'],
      });
      if (!repeated.ok) throw new Error(JSON.stringify(repeated.error));
      const once = await runKpiQuery(db, { ...WEEK, kpis: ['frt', 'csat'], by: ['channel'] });
      expect(repeated).toEqual(once);

      const large = await runKpiQuery(db, {
        grain: 'hour',
        by: ['agent', 'topic', 'hour_of_day'],
        from: '2020-01-01',
        to: '2026-01-01',
      });
      expect(large.ok).toBe(false);
      if (!large.ok && large.error.kind === 'too_large')
        expect(large.error.detail).toContain(`limit of ${QUERY_LIMITS.cells}`);
      else throw new Error(`expected too_large, got ${JSON.stringify(large)}`);
    });
  });
});
