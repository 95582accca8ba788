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

/** What a ranking needs of each item: its value and the contacts or answers behind it. */
export interface RankedValue {
  value: number | null;
  n: number;
}

/**
 * The ranking rule: only items whose value rests on enough contacts or answers (`enoughToRank`)
 * are ordered by it (ties by name); the others follow apart, by name. `everyN` ranks them all, for
 * counts, which are tallies rather than samples.
 */
export function rankByValue<T>(
  items: readonly T[],
  rankedValueOf: (item: T) => RankedValue | null | undefined,
  byName: (a: T, b: T) => number,
  order: SortOrder,
  everyN = false,
): { ranked: T[]; apart: T[] } {
  const sign = order === 'asc' ? 1 : -1;
  const ranked: T[] = [];
  const apart: T[] = [];
  for (const item of items) {
    const value = rankedValueOf(item);
    if (value?.value != null && (everyN || enoughToRank(value.n))) ranked.push(item);
    else apart.push(item);
  }
  ranked.sort(
    (a, b) =>
      sign * ((rankedValueOf(a)?.value as number) - (rankedValueOf(b)?.value as number)) || byName(a, b),
  );
  apart.sort(byName);
  return { ranked, apart };
}

/**
 * The agents in the order asked. Ranked by an indicator, only agents whose value rests on enough
 * contacts or answers (`enoughToRank`) are ordered by it; the others follow apart, by name.
 */
export function rankAgents(agents: readonly Scorecard[], sort: AgentSort): AgentRanking {
  const sign = sort.order === 'asc' ? 1 : -1;
  if (sort.by === 'agent') return { ranked: [...agents].sort((a, b) => sign * byName(a, b)), apart: [] };
  const { kpi } = sort;
  return rankByValue(agents, (card) => card.kpis.find((k) => k.kpi === kpi)?.value, byName, sort.order);
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
