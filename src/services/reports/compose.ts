/**
 * The figures of one sending of a report for one recipient: the indicators of its saved view or
 * dashboard over the reported period and the one before, with their charts, targets and benchmarks,
 * limited exactly as the KPI endpoint limits them for a signed-in user of the recipient's role.
 */

import type { Engine } from '../../core/engine.js';
import { findKpi } from '../../core/kpi/catalog.js';
import { OVERVIEW_KPIS } from '../../core/kpi/overview.js';
import { KpiQuery, type KpiRow, type KpiValue } from '../../core/kpi/query.js';
import { addDays } from '../../core/presets.js';
import { err, ok, type Result } from '../../core/result.js';
import { lastDay, pickTarget } from '../../core/targets/pick.js';
import { readsAggregatesOnly } from '../../server/access.js';
import {
  type AgentScope,
  agentScope,
  moneyOptions,
  moneyScope,
  scopeKpiQuery,
  smallTeamRows,
  withholdMoney,
} from '../../server/scope.js';
import { type Benchmark, benchmarkFor, listBenchmarks } from '../benchmarks/benchmarks.js';
import { runKpiQuery } from '../kpi.js';
import type { KpiTarget } from '../targets/contract.js';
import { listTargets, targetsVisibleToAgent } from '../targets/targets.js';
import type { UserView } from '../users.js';
import type { ViewFilters } from '../views/contract.js';
import { getDashboard } from '../views/dashboards.js';
import { getSavedView } from '../views/views.js';
import type {
  ReportAudience,
  ReportContent,
  ReportDefinition,
  ReportFigure,
  ReportFrequency,
  ReportPeriod,
  ReportRecipient,
  ReportsProblem,
} from './contract.js';
import { kpiName, reportMessages } from './messages.js';

/** How many periods of the report's grain its charts show: the reported one and those before it. */
export const CHART_PERIODS: Record<ReportFrequency, number> = { daily: 14, weekly: 8, monthly: 8 };

const GRAIN_OF: Record<ReportFrequency, 'day' | 'week' | 'month'> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
};

/** One indicator as the report's source asks for it. */
interface Wanted {
  kpi: string;
  title: string | null;
  filters: ViewFilters;
  split: 'channel' | 'team' | 'agent' | null;
  chart: ReportFigure['chart'];
}

export interface ComposeInput {
  report: ReportDefinition;
  recipient: ReportRecipient;
  audience: ReportAudience;
  period: ReportPeriod;
  publicUrl: string | null;
}

async function wantedOf(
  engine: Engine,
  source: ReportDefinition['source'],
): Promise<Result<{ figures: Wanted[]; path: string }, ReportsProblem>> {
  if (source.kind === 'view') {
    const view = await getSavedView(engine, source.id);
    if (!view) return err({ kind: 'not_found', what: `saved view ${source.id}` });
    const kpis = view.state.kpis.length > 0 ? view.state.kpis : OVERVIEW_KPIS;
    return ok({
      path: `/views/${encodeURIComponent(view.id)}`,
      figures: kpis.map((kpi) => ({
        kpi,
        title: null,
        filters: view.state.filters,
        split: null,
        chart: 'chart',
      })),
    });
  }
  const dashboard = await getDashboard(engine, source.id);
  if (!dashboard) return err({ kind: 'not_found', what: `dashboard ${source.id}` });
  return ok({
    path: `/dashboards/${encodeURIComponent(dashboard.id)}`,
    figures: dashboard.tiles.map((tile) => ({
      kpi: tile.kpi,
      title: tile.title,
      filters: { ...dashboard.state.filters, ...tile.filters },
      split: tile.split,
      chart: tile.kind,
    })),
  });
}

/** The scope of an audience as `agentScope` reads it from a signed-in user. */
async function scopeOfAudience(engine: Engine, audience: ReportAudience): Promise<AgentScope | null> {
  const user = { role: audience.role, agentId: audience.agentId } as Pick<UserView, 'role' | 'agentId'>;
  return agentScope(engine, user as UserView);
}

type Answer = { ok: true; rows: KpiRow[] } | { ok: false; reason: string };

/** A KPI query answered as `POST /kpis/query` answers it for the audience. */
async function queryAs(
  engine: Engine,
  audience: ReportAudience,
  scope: AgentScope | null,
  input: Record<string, unknown>,
): Promise<Answer> {
  const parsed = KpiQuery.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join('; ') };
  const scoped = scopeKpiQuery(scope, parsed.data);
  if (!scoped.ok) return { ok: false, reason: scoped.error };
  const money = moneyScope(audience.role, scoped.data.query);
  const options = moneyOptions(money, scoped.data.options);
  const result = await runKpiQuery(engine, scoped.data.query, options);
  if (!result.ok) return { ok: false, reason: result.error.kind };
  const smallTeams = await smallTeamRows(engine, money, scoped.data.query, result.data.range);
  return { ok: true, rows: withholdMoney(money, result.data, smallTeams).rows };
}

const kpiValueOf = (row: KpiRow | undefined, kpi: string): KpiValue | null => {
  const value = row?.[kpi];
  return value !== null && typeof value === 'object' ? value : null;
};

/** The roles that see figures per agent: the rest get the split by agent as one line. */
const seesAgents = (audience: ReportAudience) =>
  audience.role !== 'agent' && !readsAggregatesOnly(audience.role);

export async function composeReport(
  engine: Engine,
  input: ComposeInput,
): Promise<Result<ReportContent, ReportsProblem>> {
  const { report, recipient, audience, period } = input;
  const words = reportMessages(recipient.locale);
  const source = await wantedOf(engine, report.source);
  if (!source.ok) return source;
  const scope = await scopeOfAudience(engine, audience);
  const targets = await visibleTargets(engine, scope);
  const benchmarks = await listBenchmarks(engine);
  const grain = GRAIN_OF[report.frequency];
  const seriesFrom = chartStart(report.frequency, period.from);

  const figures: ReportFigure[] = [];
  for (const wanted of source.data.figures) {
    const kpi = findKpi(wanted.kpi);
    const label = wanted.title ?? kpiName(recipient.locale, wanted.kpi);
    const empty: ReportFigure = {
      kpi: wanted.kpi,
      label,
      format: kpi?.format ?? 'count',
      better: kpi?.better === 'higher' || kpi?.better === 'lower' ? kpi.better : 'neither',
      value: null,
      previous: null,
      change: null,
      n: null,
      target: null,
      met: null,
      benchmark: null,
      notice: null,
      series: [],
      chart: wanted.chart,
    };
    if (!kpi) {
      figures.push({ ...empty, notice: words.unknownKpi });
      continue;
    }
    // Money is not shown to a role that sees none of it: the figure is left out rather than shown empty.
    if (kpi.money && (audience.role === 'viewer' || audience.role === 'agent')) continue;
    const filters = Object.fromEntries(
      Object.entries(wanted.filters).filter(
        (e): e is [string, string[]] => Array.isArray(e[1]) && e[1].length > 0,
      ),
    );
    const base = { kpis: [wanted.kpi], timezone: period.timezone, grain, filters };
    const current = await queryAs(engine, audience, scope, {
      ...base,
      from: period.from,
      to: period.to,
      compare: true,
    });
    if (!current.ok) {
      figures.push({ ...empty, notice: words.withheld });
      continue;
    }
    const value = kpiValueOf(
      current.rows.find((r) => r.period === period.from) ?? current.rows[0],
      wanted.kpi,
    );
    const split = wanted.split === 'agent' && !seesAgents(audience) ? null : wanted.split;
    const chart = await queryAs(engine, audience, scope, {
      ...base,
      from: seriesFrom,
      to: period.to,
      by: split ? [split] : [],
    });
    const withheldMoney =
      kpi.money === true && (value?.withheld === true || value?.value == null) && (value?.n ?? 0) > 0;
    const shown = value?.withheld ? null : (value?.value ?? null);
    const previous = value?.withheld ? null : (value?.previous?.value ?? null);
    const scopeOfFigure = {
      channels: filters.channel ?? [],
      teams: filters.team ?? (scope?.teamId && !filters.agent ? [scope.teamId] : []),
      agents: filters.agent ?? (scope && !scope.teamId ? [scope.agentId] : []),
    };
    const target = pickTarget(targets, wanted.kpi, scopeOfFigure, lastDay(period))?.value ?? null;
    const benchmark = benchmarkOf(benchmarks, wanted.kpi, filters.channel);
    figures.push({
      ...empty,
      value: shown,
      previous,
      change: shown !== null && previous !== null ? shown - previous : null,
      n: value?.withheld ? null : (value?.n ?? null),
      target,
      met: target === null || shown === null ? null : metTarget(empty.better, shown, target),
      benchmark,
      notice: value?.withheld
        ? kpi.money
          ? words.moneyWithheld
          : words.withheld
        : withheldMoney
          ? words.moneyWithheld
          : shown === null
            ? words.noData
            : null,
      series: chart.ok ? seriesOf(chart.rows, wanted.kpi, split, seriesFrom, period.to, grain) : [],
    });
  }
  const link = input.publicUrl ? `${input.publicUrl.replace(/\/+$/, '')}${source.data.path}` : null;
  return ok({
    report: { id: report.id, name: report.name, frequency: report.frequency },
    recipient,
    period,
    figures,
    link,
  });
}

/** Targets the audience may see: an agent's are those for everyone, their channel, team and themselves. */
async function visibleTargets(engine: Engine, scope: AgentScope | null): Promise<KpiTarget[]> {
  const all = await listTargets(engine);
  return scope ? targetsVisibleToAgent(all, scope.agentId, scope.teamId) : all;
}

function metTarget(better: ReportFigure['better'], value: number, target: number): boolean | null {
  if (better === 'higher') return value >= target;
  if (better === 'lower') return value <= target;
  return null;
}

function benchmarkOf(
  list: Benchmark[],
  kpi: string,
  channels: string[] | undefined,
): ReportFigure['benchmark'] {
  const found = benchmarkFor(list, kpi, { channel: channels?.length === 1 ? channels[0] : null });
  return found && Number.isFinite(found.value)
    ? { name: found.name, year: found.year, value: found.value }
    : null;
}

/** The first day of the chart: the reported period and the ones before it, `CHART_PERIODS` in all. */
export function chartStart(frequency: ReportFrequency, from: string): string {
  if (frequency === 'daily') return addDays(from, 1 - CHART_PERIODS.daily);
  if (frequency === 'weekly') return addDays(from, -7 * (CHART_PERIODS.weekly - 1));
  const [year, month] = from.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - (CHART_PERIODS.monthly - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The chart's lines: one per split value, each with a point for every period (null where empty). */
function seriesOf(
  rows: KpiRow[],
  kpi: string,
  split: string | null,
  from: string,
  to: string,
  grain: 'day' | 'week' | 'month',
): ReportFigure['series'] {
  const periods = periodKeys(from, to, grain);
  const lines = new Map<string | null, Map<string, number | null>>();
  for (const row of rows) {
    const name = split ? (row[split] == null ? null : String(row[split])) : null;
    const value = kpiValueOf(row, kpi);
    const points = lines.get(name) ?? new Map<string, number | null>();
    points.set(String(row.period).slice(0, 10), value && !value.withheld ? value.value : null);
    lines.set(name, points);
  }
  if (lines.size === 0) lines.set(null, new Map());
  return [...lines].map(([name, points]) => ({
    name,
    points: periods.map((p) => ({ period: p, value: points.get(p) ?? null })),
  }));
}

function periodKeys(from: string, to: string, grain: 'day' | 'week' | 'month'): string[] {
  const keys: string[] = [];
  let day = from;
  while (day < to && keys.length < 400) {
    keys.push(day);
    if (grain === 'day') day = addDays(day, 1);
    else if (grain === 'week') day = addDays(day, 7);
    else {
      const [y, m] = day.split('-').map(Number) as [number, number];
      day = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    }
  }
  return keys;
}
