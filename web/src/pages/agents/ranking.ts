import { enoughToRank } from '../../../../src/core/kpi/samples.js';
import type { CatalogKpi, Scorecard } from '../../api.js';

export type SortOrder = 'asc' | 'desc';

/** How the agents table is ordered: by name, or ranked by one indicator's value. */
export type AgentSort = { by: 'agent'; order: SortOrder } | { by: 'kpi'; kpi: string; order: SortOrder };

export interface AgentRanking {
  /** Agents with enough contacts or answers behind the indicator, in order of its value. */
  ranked: Scorecard[];
  /** Too few to rank: a value on a handful of answers says little, so they are never on top. */
  apart: Scorecard[];
}

/** The order that puts the best first: a click on an indicator asks "who does best?". */
export function bestFirst(kpi: Pick<CatalogKpi, 'better'>): SortOrder {
  return kpi.better === 'lower' ? 'asc' : 'desc';
}

export function agentName(card: Scorecard): string {
  return card.agent.name ?? card.agent.id;
}

function byName(a: Scorecard, b: Scorecard): number {
  return agentName(a).localeCompare(agentName(b)) || a.agent.id.localeCompare(b.agent.id);
}

/**
 * The agents in the order asked. Ranked by an indicator, only agents whose value rests on enough
 * contacts or answers (`enoughToRank`) are ordered by it; the others follow apart, by name.
 */
export function rankAgents(agents: readonly Scorecard[], sort: AgentSort): AgentRanking {
  const sign = sort.order === 'asc' ? 1 : -1;
  if (sort.by === 'agent') return { ranked: [...agents].sort((a, b) => sign * byName(a, b)), apart: [] };
  const kpiValueOf = (card: Scorecard) => card.kpis.find((k) => k.kpi === sort.kpi)?.value;
  const ranked: Scorecard[] = [];
  const apart: Scorecard[] = [];
  for (const card of agents) {
    const value = kpiValueOf(card);
    if (value?.value != null && enoughToRank(value.n)) ranked.push(card);
    else apart.push(card);
  }
  ranked.sort(
    (a, b) => sign * ((kpiValueOf(a)?.value as number) - (kpiValueOf(b)?.value as number)) || byName(a, b),
  );
  apart.sort(byName);
  return { ranked, apart };
}

/** The sort of the URL's `sort`/`order`, when it names a column of the table; else by name. */
export function agentSortOf(
  params: URLSearchParams,
  kpis: readonly Pick<CatalogKpi, 'id' | 'better'>[],
): AgentSort {
  const sort = params.get('sort');
  const order = params.get('order');
  const kpi = kpis.find((k) => k.id === sort);
  if (kpi)
    return { by: 'kpi', kpi: kpi.id, order: order === 'asc' || order === 'desc' ? order : bestFirst(kpi) };
  return { by: 'agent', order: order === 'desc' ? 'desc' : 'asc' };
}
