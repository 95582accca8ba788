import { describe, expect, it } from 'vitest';
import { MIN_RANKED_N } from '../../../../src/core/kpi/samples.js';
import type { Scorecard } from '../../api.js';
import { agentSortOf, bestFirst, rankAgents } from './ranking.js';

/** An agent's card with only what the ranking reads: name and each indicator's value and n. */
function card(id: string, values: Record<string, [number | null, number]>): Scorecard {
  const shape = {
    agent: { id, name: id.toUpperCase(), teamId: 't', teamName: 'T' },
    range: { from: '2026-01-01', to: '2026-01-31', timezone: 'UTC' },
    kpis: Object.entries(values).map(([kpi, [value, n]]) => ({
      kpi,
      value: { value, n, comparison: null },
      team: null,
      coaching: { candidate: false, direction: null, reason: null },
    })),
    coachingCandidate: false,
    notices: [],
    notes: [],
  };
  return shape as unknown as Scorecard;
}

const AGENTS = [
  card('ann', { nps: [20, 120], frt: [900, 300] }),
  card('bob', { nps: [66.7, 3], frt: [60, 4] }),
  card('cid', { nps: [35, MIN_RANKED_N], frt: [1200, 250] }),
  card('dee', { nps: [null, 0], frt: [600, MIN_RANKED_N - 1] }),
  card('eve', { nps: [35, 80], frt: [600, 90] }),
];

const ids = (cards: Scorecard[]) => cards.map((c) => c.agent.id);

describe('ranking agents by an indicator', () => {
  it('never puts an agent with a handful of answers on top: they are listed apart, by name', () => {
    const { ranked, apart } = rankAgents(AGENTS, { by: 'kpi', kpi: 'nps', order: 'desc' });
    expect(ids(ranked)).toEqual(['cid', 'eve', 'ann']);
    expect(ids(apart)).toEqual(['bob', 'dee']);
  });

  it('puts the best first: the shortest time, the highest score', () => {
    expect(bestFirst({ better: 'lower' })).toBe('asc');
    expect(bestFirst({ better: 'higher' })).toBe('desc');
    const { ranked, apart } = rankAgents(AGENTS, { by: 'kpi', kpi: 'frt', order: 'asc' });
    expect(ids(ranked)).toEqual(['eve', 'ann', 'cid']);
    expect(ids(apart)).toEqual(['bob', 'dee']);
  });

  it('by name, lists everyone in one group', () => {
    const { ranked, apart } = rankAgents(AGENTS, { by: 'agent', order: 'desc' });
    expect(ids(ranked)).toEqual(['eve', 'dee', 'cid', 'bob', 'ann']);
    expect(apart).toEqual([]);
  });
});

describe('the sort of the URL', () => {
  const kpis = [
    { id: 'nps', better: 'higher' as const },
    { id: 'frt', better: 'lower' as const },
  ];
  it('ranks by a column of the table, best first unless the order says otherwise', () => {
    expect(agentSortOf(new URLSearchParams('sort=frt'), kpis)).toEqual({
      by: 'kpi',
      kpi: 'frt',
      order: 'asc',
    });
    expect(agentSortOf(new URLSearchParams('sort=nps&order=asc'), kpis)).toEqual({
      by: 'kpi',
      kpi: 'nps',
      order: 'asc',
    });
  });
  it('falls back to names for anything else', () => {
    expect(agentSortOf(new URLSearchParams('sort=csat'), kpis)).toEqual({ by: 'agent', order: 'asc' });
    expect(agentSortOf(new URLSearchParams(''), kpis)).toEqual({ by: 'agent', order: 'asc' });
  });
});
