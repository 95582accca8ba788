import { describe, expect, test } from 'vitest';
import { withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { periodsBetween } from '../core/kpi/periods.js';
import { Pace, periodsWithin, runKpiQuery, withinBudget } from './kpi.js';

describe('the JS work of a KPI query', () => {
  test('lists the same periods as periodsBetween, across offset changes', async () => {
    const cases = [
      ['hour', '2026-03-27', '2026-04-02', 'Europe/Amsterdam'],
      ['hour', '2026-10-23T05:00', '2026-10-27', 'Europe/Amsterdam'],
      // Half-hour daylight saving time; a change at midnight.
      ['hour', '2026-04-03', '2026-04-07', 'Australia/Lord_Howe'],
      ['day', '2018-10-30', '2018-11-10', 'America/Sao_Paulo'],
      ['week', '2025-12-20', '2026-04-01', 'America/New_York'],
      ['month', '2024-01-15', '2026-07-01', 'Asia/Kathmandu'],
      ['quarter', '2024-02-01', '2026-07-01', 'UTC'],
      ['year', '2019-06-01', '2026-07-01', 'Pacific/Chatham'],
    ] as const;
    for (const [grain, from, to, timezone] of cases)
      expect(await periodsWithin(grain, from, to, timezone, new Pace())).toEqual(
        periodsBetween(grain, from, to, timezone),
      );
  });

  test('work past its budget or stopped by its caller ends there, not once its loop is done', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      // Ten seconds of JS with no database read in it, on a budget of 200 ms.
      const spin = async (_engine: unknown, _stop: AbortSignal, pace: Pace) => {
        const until = performance.now() + 10_000;
        while (performance.now() < until) await pace.step();
        return 'done';
      };
      const started = performance.now();
      expect(await withinBudget(db, undefined, spin, 200)).toEqual({
        ok: false,
        error: { kind: 'too_slow', budgetMs: 200 },
      });
      expect(performance.now() - started).toBeLessThan(5_000);

      const gone = new AbortController();
      setTimeout(() => gone.abort(), 100);
      expect(await withinBudget(db, gone.signal, spin)).toEqual({ ok: false, error: { kind: 'cancelled' } });

      // Hours over a decade, on a budget too short for them.
      const tooLong = withinBudget(
        db,
        undefined,
        (_engine, _stop, pace) => periodsWithin('hour', '2016-01-01', '2026-01-01', 'UTC', pace),
        100,
      );
      expect(await tooLong).toEqual({ ok: false, error: { kind: 'too_slow', budgetMs: 100 } });
    });
  });
});

describe('the statements of a KPI query', () => {
  test.each([
    { kind: 'postgres-server' as const, most: 2 },
    { kind: 'duckdb' as const, most: 1 },
  ])(
    'go out $most at a time on $kind, and give the answer they give one at a time',
    async ({ kind, most }) => {
      await withFixture({ kind }, 'small-helpdesk', async (db) => {
        let inFlight = 0;
        let seen = 0;
        let statements = 0;
        // Each read held a little, so that a statement sent beside another is seen running with it.
        const watched: Engine = {
          ...db,
          all: async (sql, params, options) => {
            inFlight++;
            statements++;
            seen = Math.max(seen, inFlight);
            try {
              await new Promise((resolve) => setTimeout(resolve, 20));
              return await db.all(sql, params, options);
            } finally {
              inFlight--;
            }
          },
        };
        const query = {
          from: '2026-03-02',
          to: '2026-03-16',
          timezone: 'Europe/Amsterdam',
          by: ['agent' as const],
        };
        const watchedAnswer = await runKpiQuery(watched, query);
        const plainAnswer = await runKpiQuery(db, query);
        if (!watchedAnswer.ok || !plainAnswer.ok) throw new Error('the query failed');
        expect(statements).toBeGreaterThan(4);
        expect(seen).toBe(most);
        expect(watchedAnswer.data.rows).toEqual(plainAnswer.data.rows);
      });
    },
  );
});
