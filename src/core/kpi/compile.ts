import type { Dialect, Grain } from '../dialect.js';
import { quoteLiteral } from '../dialect.js';
import type { DurationStat, KpiDefinition, Measure } from './define.js';
import { col, type Expr, exprSql, isNotNull } from './expr.js';
import {
  type OffsetSegment,
  periodNumbering,
  periodNumberOfLocalStart,
  utcOffsetSegments,
} from './periods.js';
import { comparesAgents, type KpiQuery } from './query.js';
import { DIMENSIONS, type Dimension, SOURCES } from './sources.js';

/** One SQL statement computing several KPIs that share a source, a time column and an agent column. */
export interface CompiledUnit {
  kpis: KpiDefinition[];
  sql: string;
  /** Output columns holding group values, by query dimension (`period` for the grain). */
  groupColumns: string[];
  /** Whether the statement also returns, per group, how many agents its rows belong to. */
  countsAgents: boolean;
}

/** Which agents a statement counts behind each KPI's `n`: all, or all but the one asking. */
export interface AgentCount {
  except: string | null;
}

/** The column counting the distinct agents behind a KPI's `n` in each group (see `AgentCount`). */
export function agentsColumn(kpi: KpiDefinition): string {
  return `agents__${kpi.id}`;
}

export type GroupBy = KpiQuery['by'][number];

const PERIOD = 'period';

export function aggregateColumn(kpi: KpiDefinition, part: string): string {
  return `${kpi.id}__${part}`;
}

export function hoursFor(kpi: KpiDefinition, query: Pick<KpiQuery, 'hours'>): 'business' | 'calendar' {
  return query.hours ?? kpi.defaultHours ?? 'business';
}

export function statFor(kpi: KpiDefinition, query: Pick<KpiQuery, 'stat'>): DurationStat | null {
  return kpi.value.kind === 'duration' ? (query.stat ?? kpi.value.defaultStat) : null;
}

/**
 * The quantile behind a median or p90 and the bracket q_{p−h}, q_{p+h} whose width gives its standard
 * error (see `quantileStandardError` in stats.ts). h is fixed, not shrinking with n as a Hall–Sheather
 * bandwidth would, so the database computes all three in the one pass that computes the value; it is
 * about that bandwidth for samples of a few hundred to a few thousand rows (Hall & Sheather 1988,
 * JRSS B 50:381–391).
 */
export const QUANTILE_BRACKETS = {
  median: { p: 0.5, h: 0.1, below: 0.4, above: 0.6 },
  p90: { p: 0.9, h: 0.05, below: 0.85, above: 0.95 },
} as const;

export type QuantileBracket = (typeof QUANTILE_BRACKETS)[keyof typeof QUANTILE_BRACKETS];

/** The quantile a duration KPI shows in this query, or null when it shows a mean (or is no duration). */
export function quantileFor(kpi: KpiDefinition, query: Pick<KpiQuery, 'stat'>): QuantileBracket | null {
  const stat = statFor(kpi, query);
  return stat === 'median' || stat === 'p90' ? QUANTILE_BRACKETS[stat] : null;
}

/** Whether the query needs the spread of each value: for the agent comparison or the previous-period change. */
function measuresSpread(query: KpiQuery): boolean {
  return comparesAgents(query) || query.compare;
}

/** A duration KPI's value on one row: seconds, NULL for rows the KPI leaves out. */
function durationValueSql(kpi: KpiDefinition, query: KpiQuery, dialect: Dialect, base: string): string {
  if (kpi.value.kind !== 'duration') throw new Error(`${kpi.id} is not a duration`);
  const column =
    hoursFor(kpi, query) === 'business' && kpi.value.business ? kpi.value.business : kpi.value.calendar;
  return `CASE WHEN ${base} THEN ${dialect.toDouble(column)} END`;
}

function dimensionColumn(kpi: KpiDefinition, dimension: Dimension): string | null {
  if (dimension === 'agent' && kpi.agentColumn) return kpi.agentColumn;
  const dims: Partial<Record<Dimension, string>> = SOURCES[kpi.source].dimensions;
  return dims[dimension] ?? null;
}

/** The agent column as counted: NULL for the agent left out. */
function countedAgent(column: string, count: AgentCount): string {
  return count.except === null
    ? column
    : `CASE WHEN ${column} <> ${quoteLiteral(count.except)} THEN ${column} END`;
}

/** Reads a column as the query's hours ask: its business-hours variant, where it has one. */
function columnResolver(kpi: KpiDefinition, query: KpiQuery): (c: Extract<Expr, { op: 'col' }>) => string {
  const hours = hoursFor(kpi, query);
  return (c) => (hours === 'business' && c.business ? c.business : c.name);
}

/** The condition of the rows of its source a KPI looks at (`KpiDefinition.where`). */
function rowsCondition(kpi: KpiDefinition, query: KpiQuery): string {
  return kpi.where ? exprSql(kpi.where, columnResolver(kpi, query)) : 'TRUE';
}

/** A KPI's aggregate columns, and the condition of the rows its `n` counts. */
function measureAggregates(
  kpi: KpiDefinition,
  query: KpiQuery,
  dialect: Dialect,
): { columns: [string, string][]; population: string } {
  const resolve = columnResolver(kpi, query);
  const base = rowsCondition(kpi, query);
  const when = (extra?: Expr) => (extra ? `${base} AND ${exprSql(extra, resolve)}` : base);
  const countOf = (extra?: Expr, weight?: string) => {
    const condition = when(extra);
    if (weight !== undefined)
      return condition === 'TRUE'
        ? `sum(${weight})`
        : `sum(CASE WHEN ${condition} THEN ${weight} ELSE 0 END)`;
    // A sum of 0/1 runs faster than counting non-NULL CASE results; no rows give NULL, read as 0.
    return condition === 'TRUE' ? 'count(*)' : `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  };
  const name = (part: string) => aggregateColumn(kpi, part);
  const measured = measureColumns(kpi, query, dialect, countOf, when);
  // Rows carrying what a period can lack (`missing`): none in a group → no figure, never 0.
  const carries = carriedRows(kpi);
  if (!carries) return measured;
  return { ...measured, columns: [...measured.columns, [countOf(carries), name(CARRIED)]] };
}

/** The aggregate counting the rows that carry what a KPI's `missing` names. */
export const CARRIED = 'carried';

/** Which rows carry what a KPI's `missing` names: `carries`, else those with a numerator value. */
export function carriedRows(kpi: KpiDefinition): Expr | null {
  if (kpi.missing === undefined) return null;
  if (kpi.carries) return kpi.carries;
  const m = kpi.value;
  const weight = m.kind === 'count' ? m.weight : m.kind === 'quotient' ? m.numerator.weight : undefined;
  if (weight === undefined) throw new Error(`${kpi.id} names what it can miss but no column carrying it`);
  return isNotNull(col(weight));
}

function measureColumns(
  kpi: KpiDefinition,
  query: KpiQuery,
  dialect: Dialect,
  countOf: (extra?: Expr, weight?: string) => string,
  when: (extra?: Expr) => string,
): { columns: [string, string][]; population: string } {
  const base = rowsCondition(kpi, query);
  const name = (part: string) => aggregateColumn(kpi, part);
  const measure: Measure = kpi.value;
  switch (measure.kind) {
    case 'count':
      return {
        columns: [[countOf(measure.where, measure.weight), name('n')]],
        population: when(measure.where),
      };
    case 'quotient':
      return {
        columns: [
          [countOf(measure.numerator.where, measure.numerator.weight), name('num')],
          [countOf(measure.denominator.where, measure.denominator.weight), name('den')],
        ],
        population: when(measure.denominator.where),
      };
    case 'ratio':
      return {
        columns: [
          [countOf(measure.numerator.where, measure.numerator.weight), name('num')],
          [countOf(measure.denominator.where, measure.denominator.weight), name('den')],
        ],
        population: when(measure.denominator.where),
      };
    case 'duration': {
      const value = durationValueSql(kpi, query, dialect, base);
      const quantile = quantileFor(kpi, query);
      const spreads = measuresSpread(query);
      // With its bracket, a quantile is one of three read from one aggregate.
      const fractions = quantile ? [quantile.p, quantile.below, quantile.above] : [];
      const statSql = !quantile
        ? `avg(${value})`
        : spreads
          ? dialect.percentileAmong(fractions, 0, value)
          : dialect.percentile(quantile.p, value);
      // The spread feeds only the agent comparison and the change from the previous period: the
      // bracket of a quantile (its standard error), sums for Welch's test on means.
      const spread: [string, string][] = !spreads
        ? []
        : quantile
          ? [
              [dialect.percentileAmong(fractions, 1, value), name('below')],
              [dialect.percentileAmong(fractions, 2, value), name('above')],
            ]
          : [
              [`sum(${value})`, name('sum')],
              [`sum(${value} * ${value})`, name('sumsq')],
            ];
      return {
        columns: [[statSql, name('v')], [`count(${value})`, name('n')], ...spread],
        population: `${value} IS NOT NULL`,
      };
    }
    case 'mean': {
      const raw = dialect.toDouble(measure.column);
      const scaled = measure.rescaleTo
        ? `(${measure.rescaleTo.min} + (${raw} - scale_min) * ${measure.rescaleTo.max - measure.rescaleTo.min} / ${dialect.toDouble('scale_max - scale_min')})`
        : raw;
      const value = `CASE WHEN ${base} THEN ${scaled} END`;
      return {
        columns: [
          [`count(${value})`, name('n')],
          [`sum(${value})`, name('sum')],
          [`sum(${value} * ${value})`, name('sumsq')],
        ],
        population: `${value} IS NOT NULL`,
      };
    }
    case 'nps':
      return {
        columns: [
          [countOf(measure.promoters), name('p')],
          [countOf(measure.detractors), name('d')],
          [countOf(), name('n')],
        ],
        population: when(),
      };
    case 'stock':
      throw new Error('stock measures are compiled by compileStock');
    default: {
      const unreachable: never = measure;
      throw new Error(`unknown measure: ${JSON.stringify(unreachable)}`);
    }
  }
}

function filterSql(kpi: KpiDefinition, query: KpiQuery): string[] {
  const clauses: string[] = [];
  for (const dimension of DIMENSIONS) {
    const values = query.filters[dimension];
    if (!values) continue;
    const column = dimensionColumn(kpi, dimension);
    // A filter on a dimension the source does not have matches nothing rather than everything.
    clauses.push(column ? `${column} IN (${values.map(quoteLiteral).join(', ')})` : 'FALSE');
  }
  return clauses;
}

/** The offset from UTC, in seconds, at a UTC timestamp: a constant, or a CASE over the segments. */
function offsetSecondsSql(time: string, segments: readonly OffsetSegment[], dialect: Dialect): string {
  const last = segments[segments.length - 1];
  if (!last) throw new Error('no offset segments');
  if (segments.length === 1) return String(last.offsetSeconds);
  const arms = segments.flatMap((s) =>
    s.untilUtc === null
      ? []
      : [`WHEN ${time} < ${dialect.timestampLiteral(s.untilUtc)} THEN ${s.offsetSeconds}`],
  );
  return `CASE ${arms.join(' ')} ELSE ${last.offsetSeconds} END`;
}

/** Local wall-clock time of a UTC timestamp, as offset arithmetic over the query's offset segments. */
export function localTimeSql(time: string, segments: readonly OffsetSegment[], dialect: Dialect): string {
  const offset = offsetSecondsSql(time, segments, dialect);
  return offset === '0' ? time : dialect.addSeconds(time, offset);
}

/**
 * The local period of a UTC timestamp: its number for grains of a fixed length (see
 * `periodNumbering`), else its truncated local start. Numbers group much faster.
 */
function periodSql(grain: Grain, time: string, segments: readonly OffsetSegment[], dialect: Dialect): string {
  const numbering = periodNumbering(grain);
  if (!numbering) return dialect.dateTrunc(grain, localTimeSql(time, segments, dialect));
  const localSeconds = `${dialect.epochSeconds(time)} + ${offsetSecondsSql(time, segments, dialect)}`;
  return `CAST(floor((${localSeconds} - ${numbering.anchor}) / ${numbering.size}) AS BIGINT)`;
}

function groupExpressions(
  kpi: KpiDefinition,
  query: KpiQuery,
  dialect: Dialect,
  time: string,
  segments: readonly OffsetSegment[],
): [string, string][] {
  const local = localTimeSql(time, segments, dialect);
  const groups: [string, string][] = [];
  if (query.grain) groups.push([PERIOD, periodSql(query.grain, time, segments, dialect)]);
  for (const by of query.by) {
    if (by === 'hour_of_day') groups.push([by, dialect.hourOfDay(local)]);
    else if (by === 'weekday') groups.push([by, dialect.isoWeekday(local)]);
    else groups.push([by, dimensionColumn(kpi, by) ?? 'NULL']);
  }
  return groups;
}

/**
 * `aggregated` (one row per group) with, per group and KPI, the number of distinct agents among the
 * rows its `n` counts, all but `agents.except`. Counted in two steps — per group and agent whether
 * any of their rows is in each KPI's population, then how many agents are — and joined on the
 * group: one count(DISTINCT …) per KPI keeps a set of agents per KPI and group, and costs several
 * times the aggregates themselves.
 */
function withAgentCounts(
  aggregated: string,
  kpis: readonly KpiDefinition[],
  query: KpiQuery,
  dialect: Dialect,
  groups: readonly [string, string][],
  agents: { column: string; except: string | null },
  from: string,
): string {
  const positions = (count: number) => Array.from({ length: count }, (_, i) => i + 1).join(', ');
  const perAgent = [
    ...groups.map(([alias, sql]) => `${sql} AS ${alias}`),
    `${agents.column} AS counted_agent`,
    ...kpis.map(
      (k) => `${dialect.anyTrue(measureAggregates(k, query, dialect).population)} AS ${agentsColumn(k)}`,
    ),
  ];
  const others = agents.except === null ? '' : ` AND ${agents.column} <> ${quoteLiteral(agents.except)}`;
  const perAgentSql = `SELECT ${perAgent.join(', ')} FROM ${from} AND ${agents.column} IS NOT NULL${others} GROUP BY ${positions(groups.length + 1)}`;
  const counts = [
    ...groups.map(([alias]) => `c.${alias} AS ${alias}`),
    ...kpis.map((k) => `count(CASE WHEN c.${agentsColumn(k)} THEN 1 END) AS ${agentsColumn(k)}`),
  ];
  const countsSql = `SELECT ${counts.join(', ')} FROM (${perAgentSql}) c${groups.length > 0 ? ` GROUP BY ${positions(groups.length)}` : ''}`;
  const on =
    groups.length > 0
      ? groups.map(([alias]) => `m.${alias} IS NOT DISTINCT FROM a.${alias}`).join(' AND ')
      : 'TRUE';
  const agentColumns = kpis.map((k) => `COALESCE(a.${agentsColumn(k)}, 0) AS ${agentsColumn(k)}`);
  return `SELECT m.*, ${agentColumns.join(', ')} FROM (${aggregated}) m LEFT JOIN (${countsSql}) a ON ${on}`;
}

/** How the aggregates of the rest of an agent's team are named among the agent's (see `withTeamRest`). */
export const REST_PREFIX = 'rest_';

/** The name, among a KPI's aggregates, of the rest of the agent's team's `part`. */
export function restPart(part: 'v' | 'below' | 'above' | 'n'): string {
  return `${REST_PREFIX}${part}`;
}

/**
 * `aggregated` (one row per agent) with, per agent and KPI showing a quantile, that quantile over the
 * rows of the rest of the agent's team — the other agents of the same team in the agents table; agents
 * without one, or not listed there, are one team — with its bracket and n. A quantile of the rest is
 * no difference of the team's and the agent's (as a sum is), so each agent is joined to the rows of
 * the others of their team: the rows are read once per other agent of their team.
 */
function withTeamRest(
  aggregated: string,
  kpis: readonly KpiDefinition[],
  query: KpiQuery,
  dialect: Dialect,
  agentColumn: string,
  from: string,
): string {
  const values = kpis.map(
    (kpi, i) => `${durationValueSql(kpi, query, dialect, rowsCondition(kpi, query))} AS v${i}`,
  );
  const rows = `SELECT r.row_agent AS row_agent, COALESCE(g.team_id, '') AS row_team, ${kpis.map((_, i) => `r.v${i} AS v${i}`).join(', ')} FROM (SELECT ${agentColumn} AS row_agent, ${values.join(', ')} FROM ${from} AND ${agentColumn} IS NOT NULL) r LEFT JOIN agents g ON g.id = r.row_agent`;
  const columns = kpis.flatMap((kpi, i): [string, string][] => {
    const quantile = quantileFor(kpi, query);
    if (!quantile) throw new Error(`${kpi.id} shows no quantile`);
    const value = `o.v${i}`;
    const fractions = [quantile.p, quantile.below, quantile.above];
    return [
      [dialect.percentileAmong(fractions, 0, value), aggregateColumn(kpi, restPart('v'))],
      [dialect.percentileAmong(fractions, 1, value), aggregateColumn(kpi, restPart('below'))],
      [dialect.percentileAmong(fractions, 2, value), aggregateColumn(kpi, restPart('above'))],
      [`count(${value})`, aggregateColumn(kpi, restPart('n'))],
    ];
  });
  const rest = `SELECT me.row_agent AS rest_agent, ${columns.map(([sql, alias]) => `${sql} AS ${alias}`).join(', ')} FROM (SELECT DISTINCT row_agent, row_team FROM team_rows) me JOIN team_rows o ON o.row_team = me.row_team AND o.row_agent <> me.row_agent GROUP BY me.row_agent`;
  return `WITH team_rows AS (${rows}) SELECT m.*, ${columns.map(([, alias]) => `r.${alias} AS ${alias}`).join(', ')} FROM (${aggregated}) m LEFT JOIN (${rest}) r ON m.agent = r.rest_agent`;
}

function unitKey(kpi: KpiDefinition, query: KpiQuery, countAgents: boolean): string {
  const agentUsed = countAgents || query.by.includes('agent') || query.filters.agent !== undefined;
  return [kpi.source, kpi.timeColumn, agentUsed ? (dimensionColumn(kpi, 'agent') ?? '') : ''].join('/');
}

/**
 * Groups the KPIs into as few statements as their sources and time columns allow. With an
 * `agentCount`, each statement also counts the distinct agents behind each KPI's `n` per group
 * (KPIs whose source has no agent count none).
 */
export function compileUnits(
  kpis: readonly KpiDefinition[],
  query: KpiQuery,
  dialect: Dialect,
  range: { fromUtc: string; toUtc: string },
  agentCount: AgentCount | null = null,
  /** Agents' rest-of-team quantiles (`withTeamRest`); a previous period, which shows none, goes without. */
  options: { teamRest?: boolean } = {},
): CompiledUnit[] {
  const segments = utcOffsetSegments(query.timezone, range.fromUtc, range.toUtc);
  const byKey = new Map<string, KpiDefinition[]>();
  for (const kpi of kpis) {
    if (kpi.value.kind === 'stock') continue;
    const key = unitKey(kpi, query, agentCount !== null);
    byKey.set(key, [...(byKey.get(key) ?? []), kpi]);
  }
  return [...byKey.values()].map((group) => {
    const first = group[0] as KpiDefinition;
    const time = first.timeColumn;
    const groups = groupExpressions(first, query, dialect, time, segments);
    const where = [
      `${time} >= ${dialect.timestampLiteral(range.fromUtc)}`,
      `${time} < ${dialect.timestampLiteral(range.toUtc)}`,
      ...filterSql(first, query),
    ];
    // KPIs share a unit only when they share an agent column (see unitKey).
    const agentColumn = agentCount ? dimensionColumn(first, 'agent') : null;
    const agents = agentCount && agentColumn ? { column: agentColumn, except: agentCount.except } : null;
    const columns = [
      ...groups,
      ...group.flatMap((k) =>
        measureAggregates(k, query, dialect).columns.map(([sql, alias]): [string, string] => [alias, sql]),
      ),
    ];
    const groupBy = groups.length > 0 ? ` GROUP BY ${groups.map((_, i) => i + 1).join(', ')}` : '';
    const from = `${SOURCES[first.source].table} WHERE ${where.join(' AND ')}`;
    const perGroup = `SELECT ${columns.map(([alias, sql]) => `${sql} AS ${alias}`).join(', ')} FROM ${from}${groupBy}`;
    const quantileKpis =
      comparesAgents(query) && options.teamRest !== false ? group.filter((k) => quantileFor(k, query)) : [];
    const comparedAgent = dimensionColumn(first, 'agent');
    const aggregated =
      quantileKpis.length > 0 && comparedAgent
        ? withTeamRest(perGroup, quantileKpis, query, dialect, comparedAgent, from)
        : perGroup;
    const grouped = agents
      ? withAgentCounts(aggregated, group, query, dialect, groups, agents, from)
      : aggregated;
    const aliases = [
      ...columns.map(([alias]) => alias),
      ...(agents ? group.map((k) => agentsColumn(k)) : []),
    ];
    // A truncated period is grouped as a timestamp and written out as text only per group: casting
    // every row first costs as much as all the aggregates.
    const sql =
      query.grain && !periodNumbering(query.grain)
        ? `SELECT ${aliases.map((alias) => (alias === PERIOD ? `CAST(x.${alias} AS VARCHAR) AS ${alias}` : `x.${alias}`)).join(', ')} FROM (${grouped}) x`
        : grouped;
    return {
      kpis: group,
      groupColumns: groups.map(([alias]) => alias),
      sql,
      countsAgents: agents !== null,
    };
  });
}

/**
 * A stock is counted at the end of each period (or of the whole range): rows opened before the end
 * and not closed by then. Hour-of-day and weekday have no "end", so they give no stock rows.
 *
 * With a grain, every row is read once: it is open at the end of period P exactly when it opened in
 * P or earlier and closed in a later period (or after the range, or not at all while open now). The
 * rows are counted per (opened period, closed period) and those few counts are summed per period, so
 * the cost does not grow with the number of periods. The last period ends at the range end, which
 * may fall inside it: rows opened after it are left out, rows closed after it count as still open.
 */
export function compileStock(
  kpi: KpiDefinition,
  query: KpiQuery,
  dialect: Dialect,
  range: { fromUtc: string; toUtc: string },
  periodStarts: readonly string[],
  agentCount: AgentCount | null = null,
): CompiledUnit | null {
  if (kpi.value.kind !== 'stock') throw new Error(`${kpi.id} is not a stock`);
  const agentColumn = agentCount ? dimensionColumn(kpi, 'agent') : null;
  const agent = agentCount && agentColumn ? countedAgent(agentColumn, agentCount) : null;
  if (query.by.includes('hour_of_day') || query.by.includes('weekday')) return null;
  if (query.grain && periodStarts.length === 0) return null;
  const { openedAt, closedAt, openNow } = kpi.value;
  const end = dialect.timestampLiteral(range.toUtc);
  const dims = query.by.map((by): [string, string] => [by, dimensionColumn(kpi, by as Dimension) ?? 'NULL']);
  const n = aggregateColumn(kpi, 'n');
  const rows = [
    `${openedAt} < ${end}`,
    `(${closedAt} IS NOT NULL OR ${openNow})`,
    ...filterSql(kpi, query),
  ].join(' AND ');
  const table = SOURCES[kpi.source].table;
  if (!query.grain) {
    const select = [
      ...dims.map(([alias, sql]) => `${sql} AS ${alias}`),
      `count(*) AS ${n}`,
      ...(agent ? [`count(DISTINCT ${agent}) AS ${agentsColumn(kpi)}`] : []),
    ];
    const groupBy = dims.length > 0 ? ` GROUP BY ${dims.map((_, i) => i + 1).join(', ')}` : '';
    return {
      kpis: [kpi],
      countsAgents: agent !== null,
      groupColumns: dims.map(([alias]) => alias),
      sql: `SELECT ${select.join(', ')} FROM ${table} WHERE ${rows} AND (${closedAt} >= ${end} OR ${closedAt} IS NULL)${groupBy}`,
    };
  }
  const segments = utcOffsetSegments(query.timezone, range.fromUtc, range.toUtc);
  const grain = query.grain;
  const periodOf = (time: string) => periodSql(grain, time, segments, dialect);
  const numbered = periodNumbering(grain) !== null;
  const dimAliases = dims.map(([alias]) => alias);
  const counted = [
    ...dims.map(([alias, sql]) => `${sql} AS ${alias}`),
    ...(agent ? [`${agent} AS counted_agent`] : []),
    `${periodOf(openedAt)} AS opened_period`,
    `CASE WHEN ${closedAt} < ${end} THEN ${periodOf(closedAt)} END AS closed_period`,
    'count(*) AS n',
  ];
  const values = periodStarts
    .map((start) =>
      numbered ? `(${periodNumberOfLocalStart(grain, start)})` : `(${dialect.timestampLiteral(start)})`,
    )
    .join(', ');
  const select = [
    numbered ? `e.period_start AS ${PERIOD}` : `CAST(e.period_start AS VARCHAR) AS ${PERIOD}`,
    ...dimAliases.map((alias) => `c.${alias} AS ${alias}`),
    `sum(c.n) AS ${n}`,
    ...(agent ? [`count(DISTINCT c.counted_agent) AS ${agentsColumn(kpi)}`] : []),
  ];
  const grouping = select.length - 1 - (agent ? 1 : 0);
  const positions = (count: number) => Array.from({ length: count }, (_, i) => i + 1).join(', ');
  const perPeriodPair = `SELECT ${counted.join(', ')} FROM ${table} WHERE ${rows} GROUP BY ${positions(counted.length - 1)}`;
  return {
    kpis: [kpi],
    countsAgents: agent !== null,
    groupColumns: [PERIOD, ...dimAliases],
    sql: `SELECT ${select.join(', ')} FROM (VALUES ${values}) AS e(period_start) JOIN (${perPeriodPair}) c ON c.opened_period <= e.period_start AND (c.closed_period IS NULL OR c.closed_period > e.period_start) GROUP BY ${positions(grouping)}`,
  };
}

/**
 * How finely a value shown to an agent divides a day of their team's rows: not at all, by the
 * dimensions (every combination of their values), or by the hour of day and the dimensions.
 */
export type DayDivision = 'day' | 'dimensions' | 'hours';

/** One statement finding the local days on which some part of a division covers exactly one agent. */
export interface OneAgentDaysUnit {
  kpis: KpiDefinition[];
  sql: string;
}

/** The column saying whether a KPI's rows of a day have a part covering exactly one agent. */
export function oneAgentColumn(kpi: KpiDefinition): string {
  return `one__${kpi.id}`;
}

/**
 * Per local day of the range (its number, see `periodNumbering('day')`) and KPI: whether the rows
 * the KPI counts that day, split by team and by `division`, have a part whose rows belong to exactly
 * one agent other than `except`. The query's dimension filters are left out on purpose: the rows
 * they leave out are what a filtered value differs from an unfiltered one by. Stocks are left out
 * (a stock is not a sum over days); so are KPIs without an agent.
 */
export function compileOneAgentDays(
  kpis: readonly KpiDefinition[],
  query: KpiQuery,
  dialect: Dialect,
  range: { fromUtc: string; toUtc: string },
  except: string,
  division: DayDivision,
): OneAgentDaysUnit[] {
  const segments = utcOffsetSegments(query.timezone, range.fromUtc, range.toUtc);
  const byKey = new Map<string, KpiDefinition[]>();
  for (const kpi of kpis) {
    if (kpi.value.kind === 'stock' || !dimensionColumn(kpi, 'agent')) continue;
    const key = unitKey(kpi, query, true);
    byKey.set(key, [...(byKey.get(key) ?? []), kpi]);
  }
  return [...byKey.values()].map((group) => {
    const first = group[0] as KpiDefinition;
    const time = first.timeColumn;
    const agentColumn = dimensionColumn(first, 'agent') as string;
    const parts: string[] = [periodSql('day', time, segments, dialect)];
    if (division === 'hours') parts.push(dialect.hourOfDay(localTimeSql(time, segments, dialect)));
    for (const dimension of DIMENSIONS) {
      if (dimension === 'agent' || (dimension !== 'team' && division === 'day')) continue;
      const column = dimensionColumn(first, dimension);
      if (column) parts.push(column);
    }
    const teams = query.filters.team;
    const teamColumn = dimensionColumn(first, 'team');
    const where = [
      `${time} >= ${dialect.timestampLiteral(range.fromUtc)}`,
      `${time} < ${dialect.timestampLiteral(range.toUtc)}`,
      ...(teams ? [teamColumn ? `${teamColumn} IN (${teams.map(quoteLiteral).join(', ')})` : 'FALSE'] : []),
    ];
    // Per part and agent whether any of their rows is in each KPI's population, then per part how
    // many agents are: one count(DISTINCT …) per KPI costs several times as much (see withAgentCounts).
    const positions = (count: number) => Array.from({ length: count }, (_, i) => i + 1).join(', ');
    const seen = group.map(
      (kpi) =>
        `${dialect.anyTrue(measureAggregates(kpi, query, dialect).population)} AS ${agentsColumn(kpi)}`,
    );
    const others = [...where, `${agentColumn} <> ${quoteLiteral(except)}`];
    const perAgent = `SELECT ${parts.map((sql, i) => `${sql} AS part_${i}`).join(', ')}, ${agentColumn} AS counted_agent, ${seen.join(', ')} FROM ${SOURCES[first.source].table} WHERE ${others.join(' AND ')} GROUP BY ${positions(parts.length + 1)}`;
    const counts = group.map(
      (kpi) => `count(CASE WHEN y.${agentsColumn(kpi)} THEN 1 END) AS ${agentsColumn(kpi)}`,
    );
    const perPart = `SELECT ${parts.map((_, i) => `y.part_${i} AS part_${i}`).join(', ')}, ${counts.join(', ')} FROM (${perAgent}) y GROUP BY ${positions(parts.length)}`;
    const perDay = group.map(
      (kpi) => `max(CASE WHEN x.${agentsColumn(kpi)} = 1 THEN 1 ELSE 0 END) AS ${oneAgentColumn(kpi)}`,
    );
    return {
      kpis: group,
      sql: `SELECT x.part_0 AS day, ${perDay.join(', ')} FROM (${perPart}) x GROUP BY x.part_0`,
    };
  });
}
