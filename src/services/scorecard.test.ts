import { describe, expect, test } from 'vitest';
import { ENGINES, withFixture } from '../../test/support/engines.js';
import { findKpi } from '../core/kpi/catalog.js';
import type { KpiDefinition } from '../core/kpi/define.js';
import { coachingFor, scorecards } from './scorecard.js';

const kpi = (id: string) => findKpi(id) as KpiDefinition;
const comparison = (difference: number, clear: boolean) => ({
  against: 'rest of team support',
  difference,
  low: difference - 1,
  high: difference + 1,
  pValue: clear ? 0.0001 : 0.3,
  clear,
});

describe('coaching candidates', () => {
  test('only a clear difference in the worse direction, with the reason', () => {
    const slower = coachingFor(kpi('frt'), { value: 4000, n: 80, comparison: comparison(1800, true) });
    expect(slower.candidate).toBe(true);
    expect(slower.direction).toBe('worse');
    expect(slower.reason).toContain('First response time: worse than the rest of team support');
    expect(slower.reason).toContain('+30m 00s');
    expect(slower.reason).toContain('p = < 0.001');
    const happier = coachingFor(kpi('csat'), { value: 0.95, n: 80, comparison: comparison(0.12, true) });
    expect(happier).toMatchObject({ candidate: false, direction: 'better' });
    expect(happier.reason).toContain('+12.0 points');
    expect(coachingFor(kpi('csat'), { value: 0.5, n: 8, comparison: comparison(-0.3, false) })).toEqual({
      candidate: false,
      direction: null,
      reason: null,
    });
    expect(coachingFor(kpi('aht'), { value: 900, n: 80, comparison: comparison(300, true) }).candidate).toBe(
      false,
    );
  });
});

describe('scorecards', () => {
  const engine = ENGINES[0] ?? { kind: 'duckdb' as const };
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
});
