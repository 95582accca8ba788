import { createContext, useContext, useMemo } from 'react';
import type { Catalog, CatalogKpi, DataStatus, FilterValues, KpiTarget, Role, User } from './api.js';
import {
  activeDimensionFilters,
  type Filters,
  parseFilters,
  presetAnchor,
  type Range,
  resolveRange,
} from './filters.js';
import { useLocation } from './router.js';

/** What every page of a signed-in user needs: who they are and what there is to show. */
export interface AppData {
  user: User;
  catalog: Catalog;
  status: DataStatus;
  filterValues: FilterValues;
  reloadStatus: () => void;
}

export const AppDataContext = createContext<AppData | null>(null);

export function useAppData(): AppData {
  const value = useContext(AppDataContext);
  if (!value) throw new Error('useAppData outside AppDataContext');
  return value;
}

/**
 * What a role may see, in one place; the server enforces the same, this only hides what it refuses.
 * Finance reads like a viewer (no contacts, reviews or comments), exports the figures it sees and
 * besides sees every money figure.
 */
export function can(role: Role) {
  return {
    drillDown: !readsAggregatesOnly(role),
    exportData: role !== 'viewer',
    byAgent: role !== 'agent',
    /** The server limits an agent's aggregates to their own team. */
    teamFilter: role !== 'agent',
    /** An agent's team figures come in whole days: an hourly grain would single out a colleague. */
    hourGrain: role !== 'agent',
    allScorecards: role !== 'agent',
    settings: role === 'admin',
    users: role === 'admin',
    imports: role === 'admin' || role === 'manager',
    /** Money figures at any grain, per agent included. */
    money: role === 'admin' || role === 'finance',
    /** Money figures as team totals, never per agent: what a manager sees. */
    moneyTotals: role === 'admin' || role === 'finance' || role === 'manager',
    business: role !== 'agent',
  };
}

/** Roles that read the team's figures without the contacts, reviews and comments behind them. */
export function readsAggregatesOnly(role: Role): boolean {
  return role === 'viewer' || role === 'finance';
}

export function useCan() {
  return can(useAppData().user.role);
}

export function findKpi(catalog: Catalog, id: string): CatalogKpi | undefined {
  return catalog.kpis.find((k) => k.id === id);
}

/**
 * The target a value is judged against: the one for the single filtered channel if there is one,
 * else the one for every channel.
 */
/** Where a figure's target is looked up beyond its channels: the teams and agents, and its period. */
export interface TargetLookup {
  teams?: readonly string[];
  agents?: readonly string[];
  /** The period shown (`to` excluded): the target in force on its last day. Default: today. */
  range?: { from: string; to: string } | null;
}

/** The day before `to`, a local date. */
function lastDayOf(range: { from: string; to: string }): string {
  if (range.to <= range.from) return range.from;
  const d = new Date(`${range.to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The most specific target in force (agent, then team, then channel, then everyone; of those the
 * latest started by the period's last day). A target for a team or agent applies only where the
 * filters name exactly that one (as src/core/targets/pick.ts on the server).
 */
export function targetFor(
  targets: readonly KpiTarget[],
  kpi: string,
  channels: readonly string[],
  lookup: TargetLookup = {},
): KpiTarget | null {
  const day = lookup.range ? lastDayOf(lookup.range) : new Date().toISOString().slice(0, 10);
  const matches = (value: string | null, values: readonly string[]) =>
    value === null || (values.length === 1 && values[0] === value);
  const rank = (t: KpiTarget) =>
    (t.agent === null ? 0 : 4) + (t.team === null ? 0 : 2) + (t.channel === null ? 0 : 1);
  let best: KpiTarget | null = null;
  for (const t of targets) {
    if (t.kpi !== kpi || (t.validFrom !== null && t.validFrom > day)) continue;
    if (
      !matches(t.channel, channels) ||
      !matches(t.team, lookup.teams ?? []) ||
      !matches(t.agent, lookup.agents ?? [])
    )
      continue;
    const better = best === null ? 1 : rank(t) - rank(best);
    if (better > 0 || (better === 0 && (t.validFrom ?? '') > (best?.validFrom ?? ''))) best = t;
  }
  return best;
}

export function meetsTarget(
  kpi: Pick<CatalogKpi, 'better'>,
  value: number | null,
  target: number,
): boolean | null {
  if (value === null) return null;
  if (kpi.better === 'higher') return value >= target;
  if (kpi.better === 'lower') return value <= target;
  return null;
}

export interface DashboardFilters {
  filters: Filters;
  range: Range | null;
  /** The team's time zone, from the server: what the filters use unless the URL names another. */
  defaultTimeZone: string;
  /** The part of every query the filter bar decides. */
  base: {
    from?: string;
    to?: string;
    timezone: string;
    filters: Partial<Record<'channel' | 'team' | 'agent' | 'topic', string[]>>;
  };
}

export function useDashboardFilters(): DashboardFilters {
  const { search } = useLocation();
  const { status, user } = useAppData();
  // The team's zone, not the browser's: everyone reading the team's figures sees the same days.
  const defaultTimeZone = status.timezone;
  const key = search.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `search`, which is a new object every render.
  return useMemo(() => {
    const filters = parseFilters(search, defaultTimeZone);
    // An agent's aggregates are their own team's (the server adds that filter): never filter by
    // another agent or team.
    if (user.role === 'agent') {
      filters.agent = [];
      filters.team = [];
    }
    const range = resolveRange(filters, presetAnchor(status.to, filters.timezone));
    return {
      filters,
      range,
      defaultTimeZone,
      base: {
        ...(range ? { from: range.from, to: range.to } : {}),
        timezone: filters.timezone,
        filters: activeDimensionFilters(filters),
      },
    };
  }, [key, defaultTimeZone, status.to, user.role]);
}
