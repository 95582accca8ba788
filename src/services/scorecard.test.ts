import { describe, expect, test } from 'vitest';
import { EVERY_ENGINE, withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { findKpi } from '../core/kpi/catalog.js';
import type { KpiDefinition } from '../core/kpi/define.js';
import { KpiCache } from '../server/kpi-cache.js';
import { coachingFor, keptScorecardSources, scorecards } from './scorecard.js';

const kpi = (id: string) => findKpi(id) as KpiDefinition;
const comparison = (
  value: number,
  rest: number,
  clear: boolean,
  statistic: 'median' | 'share' | 'mean' = 'median',
) => ({
  against: 'rest of team support',
  statistic,
  rest: { value: rest, n: 240 },
  difference: value - rest,
  low: value - rest - 1,
  high: value - rest + 1,
  pValue: clear ? 0.0001 : 0.3,
  clear,
});

describe('coaching candidates', () => {
  test('only a clear difference in the worse direction, with the reason', () => {
    const slower = coachingFor(kpi('frt'), { value: 2880, n: 80, comparison: comparison(2880, 1080, true) });
    expect(slower.candidate).toBe(true);
    expect(slower.direction).toBe('worse');
    expect(slower.reason).toBe(
      'First response time: worse than the rest of team support — median 48m 00s against 18m 00s (n 80 against 240); difference +30m 00s (interval +29m 59s to +30m 01s, Bonferroni-corrected over the agents compared; p < 0.001)',
    );
    const happier = coachingFor(kpi('csat'), {
      value: 0.95,
      n: 80,
      comparison: comparison(0.95, 0.83, true, 'share'),
    });
    expect(happier).toMatchObject({ candidate: false, direction: 'better' });
    expect(happier.reason).toContain('support — 95.0 % against 83.0 % (n 80 against 240)');
    expect(happier.reason).toContain('difference +12.0 points');
    expect(
      coachingFor(kpi('csat'), { value: 0.5, n: 8, comparison: comparison(0.5, 0.8, false, 'share') }),
    ).toEqual({
      candidate: false,
      direction: null,
      reason: null,
    });
    expect(
      coachingFor(kpi('aht'), { value: 900, n: 80, comparison: comparison(900, 600, true, 'mean') })
        .candidate,
    ).toBe(false);
  });

  test('the difference written is that of the two figures as written', () => {
    // 12m 00.4s against 17m 59.6s: written 12m 00s and 18m 00s, so the difference reads −6m 00s, not −5m 59s.
    const faster = coachingFor(kpi('frt'), {
      value: 720.4,
      n: 80,
      comparison: comparison(720.4, 1079.6, true),
    });
    expect(faster.reason).toContain('median 12m 00s against 18m 00s');
    expect(faster.reason).toContain('difference −6m 00s');
  });
});

describe.each(EVERY_ENGINE)('$kind: scorecards', (engine) => {
  test('one agent’s card equals their card in the full list', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const query = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };
      const all = await scorecards(db, query);
      const bob = await scorecards(db, query, 'bob');
      if (!all.ok || !bob.ok) throw new Error('scorecards failed');
      expect(all.data.agents.map((a) => a.agent.id)).toEqual(['ann', 'bob']);
      expect(bob.data.agents).toEqual([all.data.agents[1]]);
      expect(await scorecards(db, query, 'nobody')).toMatchObject({
        ok: false,
        error: { kind: 'unknown_agent' },
      });
    });
  });

  test('kept by the server: every card and every reader share one computation until the facts change', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const seen = { factReads: 0, agentReads: 0 };
      const counted: Engine = {
        ...db,
        all: (sql, params) => {
          if (/contact_facts|survey_facts/.test(sql)) seen.factReads++;
          if (/FROM agents a LEFT JOIN teams/.test(sql)) seen.agentReads++;
          return db.all(sql, params);
        },
      };
      const cache = new KpiCache(counted);
      const kept = keptScorecardSources(counted, cache);
      const query = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };

      const all = await scorecards(counted, query, null, null, kept);
      expect(all).toEqual(await scorecards(db, query));
      const once = { ...seen };
      expect(once.factReads).toBeGreaterThan(0);
      const bob = await scorecards(counted, query, 'bob', null, kept);
      const again = await scorecards(counted, query, null, null, kept);
      expect(seen).toEqual(once);
      if (!all.ok || !bob.ok || !again.ok) throw new Error('scorecards failed');
      expect(bob.data.agents).toEqual([all.data.agents[1]]);
      expect(again).toEqual(all);
      // An agent's own card withholds differently: it is computed for them, and kept for them.
      const own = await scorecards(counted, query, 'bob', { agentId: 'bob' }, kept);
      expect(own).toEqual(await scorecards(db, query, 'bob', { agentId: 'bob' }));
      const forBob = seen.factReads;
      expect(forBob).toBeGreaterThan(once.factReads);
      await scorecards(counted, query, 'bob', { agentId: 'bob' }, kept);
      expect(seen.factReads).toBe(forBob);

      // A team renamed in the settings makes the server forget what it kept: the new name shows.
      await db.run("UPDATE teams SET name = 'Helpdesk' WHERE id = 'support'");
      cache.forget();
      const renamed = await scorecards(counted, query, null, null, kept);
      if (!renamed.ok) throw new Error('scorecards failed');
      expect(renamed.data.agents.map((a) => a.agent.teamName)).toEqual(['Helpdesk', 'Helpdesk']);
    });
  });
});

describe('every engine gives the same scorecards', () => {
  test('the cards of a manager and of an agent are equal on DuckDB, PGlite, the PostgreSQL server and ClickHouse', async () => {
    const query = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };
    const cards = async (db: Engine) => ({
      all: await scorecards(db, query),
      own: await scorecards(db, query, 'bob', { agentId: 'bob' }),
      weekly: await scorecards(db, { ...query, from: '2026-03-09' }),
    });
    const seen = new Map<string, Awaited<ReturnType<typeof cards>>>();
    for (const engine of EVERY_ENGINE)
      seen.set(engine.kind, await withFixture(engine, 'small-helpdesk', cards));
    const duckdb = seen.get('duckdb');
    expect(duckdb?.all.ok && duckdb.own.ok).toBe(true);
    for (const engine of EVERY_ENGINE) expect(seen.get(engine.kind), engine.kind).toEqual(duckdb);
    // Three readings on four engines, one after another.
  }, 180_000);
});
