import type { Role } from '../../api.js';
import { REFERENCE_SERIES_ID } from '../../components/Chart.js';
import type { ValueFormat } from '../../format.js';

/**
 * The pure side of the targets page: who sees and edits it, how a value is typed and stored, how a
 * scope is named, and which baseline a chart draws.
 */

export interface Scope {
  channel: string | null;
  team: string | null;
  agent: string | null;
}

export interface ScopedTarget extends Scope {
  kpi: string;
  value: number;
  validFrom: string | null;
}

export interface BaselineLike extends Scope {
  kpi: string;
  from: string;
  /** Exclusive. */
  to: string;
  value: number | null;
}

export type ScopeKind = 'all' | 'channel' | 'team' | 'agent';

/** Agents read targets only through their own scorecards; the page is for those who plan or review. */
export function canSeeTargetsPage(role: Role): boolean {
  return role !== 'agent';
}

/** Only admins and managers set targets and take baselines (the API's policy). */
export function canEditTargets(role: Role): boolean {
  return role === 'admin' || role === 'manager';
}

/**
 * Shares are typed in percent (85) and stored as a fraction (0.85); every other format is typed in
 * its own unit. Rounded to drop binary noise: 0.57 * 100 is 56.99999999999999.
 */
export function entryFromValue(format: ValueFormat, value: number): number {
  if (!Number.isFinite(value)) return value;
  return format === 'percent' ? Number((value * 100).toPrecision(12)) : value;
}

export function valueFromEntry(format: ValueFormat, entry: number): number {
  if (!Number.isFinite(entry)) return entry;
  return format === 'percent' ? Number((entry / 100).toPrecision(12)) : entry;
}

/** A target's scope is one of: every contact, a channel, a team or an agent. */
export function scopeKind(scope: Scope): ScopeKind {
  if (scope.agent !== null) return 'agent';
  if (scope.team !== null) return 'team';
  if (scope.channel !== null) return 'channel';
  return 'all';
}

export function scopeOf(kind: ScopeKind, id: string | null): Scope {
  return {
    channel: kind === 'channel' ? id : null,
    team: kind === 'team' ? id : null,
    agent: kind === 'agent' ? id : null,
  };
}

/** The scope in words: `Team: Support NL`, or the all-contacts label. */
export function scopeLabel(
  scope: Scope,
  names: {
    all: string;
    dimension: (kind: Exclude<ScopeKind, 'all'>) => string;
    value: (kind: Exclude<ScopeKind, 'all'>, id: string) => string;
  },
): string {
  const kind = scopeKind(scope);
  if (kind === 'all') return names.all;
  const id = scope[kind] as string;
  return `${names.dimension(kind)}: ${names.value(kind, id)}`;
}

/** One key per indicator and scope: the PUT replaces the targets of each scope it names. */
export function scopeKey(t: { kpi: string } & Scope): string {
  return JSON.stringify([t.kpi, t.channel, t.team, t.agent]);
}

/**
 * The scopes whose targets a save replaces: those the page loaded (so a removed one is emptied) and
 * those it now holds.
 */
export function scopesToReplace(
  before: readonly ({ kpi: string } & Scope)[],
  after: readonly ({ kpi: string } & Scope)[],
): ({ kpi: string } & Scope)[] {
  const seen = new Map<string, { kpi: string } & Scope>();
  for (const t of [...before, ...after]) {
    const key = scopeKey(t);
    if (!seen.has(key)) seen.set(key, { kpi: t.kpi, channel: t.channel, team: t.team, agent: t.agent });
  }
  return [...seen.values()];
}

/** Sorted for reading: by indicator, then the wider scope first, then from date (none first). */
export function sortTargets<T extends ScopedTarget>(targets: readonly T[]): T[] {
  const order: Record<ScopeKind, number> = { all: 0, channel: 1, team: 2, agent: 3 };
  return [...targets].sort(
    (a, b) =>
      a.kpi.localeCompare(b.kpi) ||
      order[scopeKind(a)] - order[scopeKind(b)] ||
      (a.channel ?? a.team ?? a.agent ?? '').localeCompare(b.channel ?? b.team ?? b.agent ?? '') ||
      (a.validFrom ?? '').localeCompare(b.validFrom ?? ''),
  );
}

/**
 * A baseline period in words: a calendar quarter, month or year reads as such (`Q1 2026`,
 * `2026-03`, `2026`), any other as `from – last day` (the stored end is exclusive).
 */
export function periodLabel(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm);
  if (fd === 1 && td === 1) {
    if (months === 12 && fm === 1) return String(fy);
    if (months === 3 && (fm - 1) % 3 === 0) return `Q${(fm - 1) / 3 + 1} ${fy}`;
    if (months === 1) return `${fy}-${String(fm).padStart(2, '0')}`;
  }
  const last = new Date(Date.UTC(ty, tm - 1, td - 1)).toISOString().slice(0, 10);
  return `${from} – ${last}`;
}

/**
 * The baseline a chart draws for an indicator under the current filters: one for the single
 * channel, team or agent filtered on, else one for everything; the latest period wins.
 */
export function baselineFor<B extends BaselineLike>(
  baselines: readonly B[],
  kpi: string,
  filters: { channel: readonly string[]; team: readonly string[]; agent: readonly string[] },
): B | null {
  const only = (list: readonly string[]) => (list.length === 1 ? (list[0] as string) : null);
  const wanted: Scope[] = [];
  const agent = only(filters.agent);
  const team = only(filters.team);
  const channel = only(filters.channel);
  if (agent) wanted.push(scopeOf('agent', agent));
  if (team && filters.agent.length === 0) wanted.push(scopeOf('team', team));
  if (channel && filters.team.length === 0 && filters.agent.length === 0)
    wanted.push(scopeOf('channel', channel));
  if (filters.channel.length === 0 && filters.team.length === 0 && filters.agent.length === 0)
    wanted.push(scopeOf('all', null));
  for (const scope of wanted) {
    const found = baselines
      .filter(
        (b) =>
          b.kpi === kpi &&
          b.value !== null &&
          b.channel === scope.channel &&
          b.team === scope.team &&
          b.agent === scope.agent,
      )
      .sort((a, b) => b.from.localeCompare(a.from))[0];
    if (found) return found;
  }
  return null;
}

/** The line a chart draws for a baseline, labelled by the caller (in the reader's language). */
export function baselineLine<B extends BaselineLike>(
  baseline: B | null,
  label: (baseline: B) => string,
): { value: number; label: string } | null {
  return baseline && baseline.value !== null ? { value: baseline.value, label: label(baseline) } : null;
}

/** Baseline lines: the target's near-black, dash-dotted, so neither is taken for the other. */
export const BASELINE_COLOUR = '#374151';
export const BASELINE_DASH = [2, 4, 8, 4];

/**
 * A chart option with the baseline drawn as a horizontal line of its own, named in the legend
 * (`Baseline (Q1 2026): 85 %`). A series with no values carries it, so the line never reads as data
 * and the data series keep their indexes.
 */
export function withBaselineLine<O extends object>(
  option: O,
  baseline: { value: number; label: string } | null,
): O {
  const series = (option as { series?: unknown }).series;
  if (!baseline || !Array.isArray(series) || series.length === 0) return option;
  const first = series[0] as { data?: unknown };
  const length = Array.isArray(first.data) ? first.data.length : 0;
  const line = {
    id: REFERENCE_SERIES_ID,
    name: baseline.label,
    type: 'line',
    data: Array.from({ length }, () => null),
    silent: true,
    symbol: 'none',
    lineStyle: { color: BASELINE_COLOUR, type: BASELINE_DASH, width: 2 },
    itemStyle: { color: BASELINE_COLOUR },
    markLine: {
      symbol: 'none',
      silent: true,
      lineStyle: { color: BASELINE_COLOUR, type: BASELINE_DASH, width: 2 },
      label: { color: BASELINE_COLOUR, formatter: baseline.label, position: 'insideStartTop' },
      data: [{ yAxis: baseline.value }],
    },
  };
  return { ...option, series: [...series, line] };
}
