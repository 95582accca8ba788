import { DateTime } from 'luxon';
import { quoteLiteral } from '../core/dialect.js';
import { type Engine, type ReadOptions, type Row, stopReads } from '../core/engine.js';
import { findKpi, KPIS } from '../core/kpi/catalog.js';
import {
  type AgentCount,
  agentsColumn,
  type CompiledUnit,
  compileStock,
  compileUnits,
  hoursFor,
  quantileFor,
  REST_PREFIX,
  statFor,
} from '../core/kpi/compile.js';
import type { KpiDefinition } from '../core/kpi/define.js';
import type { KpiInput } from '../core/kpi/inputs.js';
import {
  checkShape,
  checkSize,
  type DimensionSizes,
  estimateSize,
  QUERY_LIMITS,
} from '../core/kpi/limits.js';
import {
  eachPeriod,
  localToUtc,
  type Period,
  periodKey,
  periodKeyFromEngine,
  utcToLocal,
} from '../core/kpi/periods.js';
import {
  comparesAgents,
  KpiQuery,
  type KpiQueryInput,
  type KpiRow,
  type KpiValue,
} from '../core/kpi/query.js';
import { type Dimension, SOURCES } from '../core/kpi/sources.js';
import {
  type Aggregates,
  addAggregates,
  changeBetween,
  compareAgainst,
  kpiValue,
  lacksData,
  readAggregates,
  restAggregates,
  withheldValue,
} from '../core/kpi/values.js';
import { err, ok, type Result } from '../core/result.js';
import { DATA_QUALITY_CODES } from '../ingest/sources/format.js';
import { factsCurrency } from './business/facts.js';
import { OneColleagueDays, oneColleagueDays } from './kpi-privacy.js';
import { type Notice, noticeText } from './notices.js';

export type KpiQueryError =
  | { kind: 'invalid_query'; issues: string[] }
  | { kind: 'unknown_kpi'; id: string; known: string[] }
  /** The answer would be larger than QUERY_LIMITS allow. */
  | { kind: 'too_large'; detail: string }
  /** The query ran longer than its budget and was interrupted. */
  | { kind: 'too_slow'; budgetMs: number }
  /** The caller stopped the query (e.g. the client went away). */
  | { kind: 'cancelled' };

export interface KpiResult {
  rows: KpiRow[];
  range: { from: string; to: string; timezone: string };
  /** Things the reader should know to interpret the numbers (e.g. contacts without a calendar). */
  notices: Notice[];
  /** The notices in English. */
  notes: string[];
  /** The currency of the money figures (see `reportingCurrency`); only when the query asks for one. */
  currency?: string | null;
}

interface Group {
  dims: Record<string, string | number | null>;
  aggregates: Map<string, Aggregates>;
  /** Per KPI, the distinct agents behind its aggregates, when they were counted. */
  agents: Map<string, number>;
}

export interface KpiQueryOptions {
  /**
   * The agent asking: every value that could reveal one agent other than them is withheld — whose
   * rows are that one colleague's, or that covers a day with a part that is (see kpi-privacy.ts),
   * and every value of a team figure (`isTeamFigure`).
   */
  viewerAgent?: string;
  /** Gives every value the number of distinct agents behind its `n` (`KpiValue.agents`). */
  countAgents?: boolean;
  /**
   * Leaves out the data-quality notices (default: added). Their contact counts span every agent
   * of a source, so an agent is not given them.
   */
  withoutQualityNotices?: boolean;
}

const DAY_FORMAT = 'yyyy-LL-dd';

/**
 * Whether a KPI's rows say no agent: its value is the team's alone (availability, the coverage of a
 * channel), never an agent's own. No check of one colleague's days can bound it — where one colleague
 * alone was scheduled on a channel, it is that colleague's presence — so an agent is never shown it.
 */
export function isTeamFigure(kpi: KpiDefinition): boolean {
  const dims: Partial<Record<Dimension, string>> = SOURCES[kpi.source].dimensions;
  return !kpi.agentColumn && dims.agent === undefined;
}

async function dataRange(engine: Engine, timezone: string): Promise<{ from: string; to: string }> {
  // Reviews are given after the contacts they are about, often days after the last one imported:
  // the span of the facts is widened to the reviews, or the latest would be outside every default.
  const rows = await engine.all(
    `SELECT (SELECT CAST(facts_from AS VARCHAR) FROM facts_state) AS lo, (SELECT CAST(facts_to AS VARCHAR) FROM facts_state) AS hi,
       (SELECT CAST(min(reviewed_at) AS VARCHAR) FROM qa_reviews) AS review_lo,
       (SELECT CAST(max(reviewed_at) AS VARCHAR) FROM qa_reviews) AS review_hi`,
  );
  const widen = (facts: unknown, review: unknown, pick: (a: string, b: string) => boolean) =>
    facts == null ? review : review == null || pick(String(facts), String(review)) ? facts : review;
  const lo = widen(rows[0]?.lo, rows[0]?.review_lo, (a, b) => a <= b);
  const hi = widen(rows[0]?.hi, rows[0]?.review_hi, (a, b) => a >= b);
  if (lo == null || hi == null) {
    const today = DateTime.now().setZone(timezone).toFormat(DAY_FORMAT);
    return { from: today, to: today };
  }
  return {
    from: utcToLocal(String(lo), timezone).toFormat(DAY_FORMAT),
    to: utcToLocal(String(hi), timezone).plus({ days: 1 }).toFormat(DAY_FORMAT),
  };
}

function groupKey(dims: Record<string, unknown>): string {
  return JSON.stringify(dims);
}

/** Raised by `Pace` when a query has run past its budget. */
class OverBudget extends Error {}

/** Items of a loop between two looks at the clock: a look costs little, an item can cost microseconds. */
const STEPS_PER_LOOK = 32;
/** Milliseconds a query's JS work may hold the event loop before it gives way to other requests. */
const SLICE_MS = 10;

/**
 * Paces the work a query does in JS once the database has answered. A loop over tens of thousands
 * of groups would hold the event loop, so every other request, for seconds, and no timer (so no
 * time budget) fires while it runs. So each such loop calls `step` once per item: every few
 * milliseconds it gives way to other requests, and it stops the query — throws — once it is over
 * its budget, read from the clock, or stopped by its caller.
 */
export class Pace {
  private sliceStart = performance.now();
  private steps = 0;

  constructor(
    private readonly deadline = Number.POSITIVE_INFINITY,
    private readonly signal?: AbortSignal,
  ) {}

  /** Resolves at once but every few milliseconds, when it lets other work run first. */
  step(): Promise<void> | undefined {
    if (++this.steps % STEPS_PER_LOOK !== 0) return undefined;
    const now = performance.now();
    if (now >= this.deadline) throw new OverBudget();
    this.signal?.throwIfAborted();
    if (now - this.sliceStart < SLICE_MS) return undefined;
    return this.giveWay();
  }

  private async giveWay(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
    if (this.sliceStart >= this.deadline) throw new OverBudget();
    this.signal?.throwIfAborted();
  }
}

async function runUnits(
  engine: Engine,
  units: CompiledUnit[],
  query: KpiQuery,
  pace: Pace,
): Promise<Map<string, Group>> {
  const groups = new Map<string, Group>();
  // Every unit returns the same periods: each is written once, not once per row.
  const periodKeys = new Map<string | number, string>();
  const periodKeyOf = (grain: NonNullable<KpiQuery['grain']>, value: string | number): string => {
    let key = periodKeys.get(value);
    if (key === undefined) {
      key = periodKeyFromEngine(grain, value);
      periodKeys.set(value, key);
    }
    return key;
  };
  // On PostgreSQL the next statement is sent while one is read: a server runs the two on its two
  // reading connections, two backends that each use a core. Not more at once, so that one query's
  // statements do not queue ahead of every other user's reads. DuckDB already spreads a statement
  // over every core: two at once made a new overview slower under load (bench/api.ts).
  const ahead = engine.kind === 'postgres' ? 1 : 0;
  const answers: Promise<Row[]>[] = [];
  const send = (index: number) => {
    const unit = units[index];
    if (unit === undefined || answers[index] !== undefined) return;
    answers[index] = engine.all(unit.sql);
    answers[index].catch(() => undefined);
  };
  for (const [index, unit] of units.entries()) {
    send(index);
    send(index + ahead);
    for (const row of await (answers[index] as Promise<Row[]>)) {
      await pace.step();
      const dims: Record<string, string | number | null> = {};
      for (const column of unit.groupColumns) {
        const value = row[column];
        dims[column] =
          column === 'period' && query.grain && value != null
            ? periodKeyOf(query.grain, value as string | number)
            : (value as string | number | null);
      }
      const key = groupKey(dims);
      const group = groups.get(key) ?? { dims, aggregates: new Map(), agents: new Map() };
      groups.set(key, group);
      for (const kpi of unit.kpis) {
        group.aggregates.set(kpi.id, readAggregates(kpi, row));
        if (unit.countsAgents) group.agents.set(kpi.id, Number(row[agentsColumn(kpi)] ?? 0));
      }
    }
  }
  return groups;
}

/** Adds the periods in which nothing happened, for every combination of the other dimensions seen. */
async function fillGaps(groups: Map<string, Group>, periods: Period[], query: KpiQuery, pace: Pace) {
  const others = new Map<string, Record<string, string | number | null>>();
  for (const group of groups.values()) {
    await pace.step();
    const { period: _period, ...rest } = group.dims;
    others.set(groupKey(rest), rest);
  }
  if (others.size === 0 && query.by.length === 0) others.set('{}', {});
  for (const rest of others.values()) {
    for (const period of periods) {
      await pace.step();
      const dims = { period: period.key, ...rest };
      const key = groupKey(dims);
      if (!groups.has(key)) groups.set(key, { dims, aggregates: new Map(), agents: new Map() });
    }
  }
}

/**
 * The periods `periodsBetween` lists, paced: an hourly decade is a hundred thousand periods and
 * seconds of date arithmetic, which must not hold every other request.
 */
export async function periodsWithin(
  grain: NonNullable<KpiQuery['grain']>,
  fromLocal: string,
  toLocal: string,
  timezone: string,
  pace: Pace,
): Promise<Period[]> {
  const periods: Period[] = [];
  for (const period of eachPeriod(grain, fromLocal, toLocal, timezone)) {
    await pace.step();
    periods.push(period);
  }
  return periods;
}

async function compute(
  engine: Engine,
  query: KpiQuery,
  kpis: KpiDefinition[],
  span: { from: string; to: string; agentCount: AgentCount | null; teamRest?: boolean },
  pace: Pace,
) {
  const { from, to, agentCount, teamRest } = span;
  const range = { fromUtc: localToUtc(from, query.timezone), toUtc: localToUtc(to, query.timezone) };
  const periods = query.grain ? await periodsWithin(query.grain, from, to, query.timezone, pace) : [];
  const units = compileUnits(kpis, query, engine.dialect, range, agentCount, { teamRest });
  for (const kpi of kpis) {
    if (kpi.value.kind !== 'stock') continue;
    const unit = compileStock(
      kpi,
      query,
      engine.dialect,
      range,
      periods.map((p) => p.localStart),
      agentCount,
    );
    if (unit) units.push(unit);
  }
  const groups = await runUnits(engine, units, query, pace);
  // A group can come back from one statement with nothing any KPI counts (e.g. contacts without an
  // agent when only agent-credited KPIs are asked); it says nothing, so it is not shown. What the
  // rest of an agent's team counted is not the group's own.
  const own = (a: Aggregates) => Object.entries(a).filter(([part]) => !part.startsWith(REST_PREFIX));
  for (const [key, group] of groups) {
    await pace.step();
    if ([...group.aggregates.values()].every((a) => own(a).every(([, v]) => !v))) groups.delete(key);
  }
  if (query.grain) await fillGaps(groups, periods, query, pace);
  if (groups.size === 0 && query.by.length === 0)
    groups.set('{}', { dims: {}, aggregates: new Map(), agents: new Map() });
  return { groups, periods };
}

function compareKeys(a: Group, b: Group): number {
  for (const key of Object.keys(a.dims)) {
    const x = a.dims[key];
    const y = b.dims[key];
    if (x === y) continue;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * The range a query compares with: the previous range of equal length — the same number of
 * periods (`periodCount`, with a grain), else the same span — or the same range a year before
 * (`compareWith: 'year'`; see `yearBefore`).
 */
function previousRange(
  query: KpiQuery,
  from: string,
  to: string,
  periodCount: number,
): { from: string; to: string } {
  const start = DateTime.fromISO(from, { zone: query.timezone });
  const end = DateTime.fromISO(to, { zone: query.timezone });
  if (query.compareWith === 'year') {
    const back = yearBefore(query.grain);
    return {
      from: start.minus(back).toISO({ includeOffset: false }) ?? from,
      to: end.minus(back).toISO({ includeOffset: false }) ?? to,
    };
  }
  if (query.grain) {
    const unit = `${query.grain}s`;
    return {
      from: start.minus({ [unit]: periodCount }).toISO({ includeOffset: false }) ?? from,
      to: start.toISO({ includeOffset: false }) ?? from,
    };
  }
  const days = end.diff(start, 'days').days;
  return { from: start.minus({ days }).toISO({ includeOffset: false }) ?? from, to: from };
}

/**
 * How far back "a year before" is: 52 weeks for weekly periods, so that each week meets the week
 * of the same weekdays, else a calendar year (the 29th of February goes back to the 28th).
 */
function yearBefore(grain: KpiQuery['grain']): { weeks: number } | { years: number } {
  return grain === 'week' ? { weeks: 52 } : { years: 1 };
}

/**
 * The key of the period a period is compared with. A period of the previous range pairs with the
 * one at the same position; a year before, with the period a year earlier, which is not always at
 * the same position (a range over the 29th of February has one day more than the year before).
 */
function counterpartKeys(
  query: KpiQuery,
  periods: readonly Period[],
  previousPeriods: readonly Period[],
): Map<string, string | null> {
  const grain = query.grain;
  if (!grain) return new Map();
  if (query.compareWith !== 'year')
    return new Map(periods.map((period, index) => [period.key, previousPeriods[index]?.key ?? null]));
  const known = new Set(previousPeriods.map((period) => period.key));
  const back = yearBefore(grain);
  return new Map(
    periods.map((period) => {
      const start = DateTime.fromFormat(period.localStart, 'yyyy-LL-dd HH:mm:ss', { zone: 'UTC' });
      const key = periodKey(grain, start.minus(back));
      return [period.key, known.has(key) ? key : null];
    }),
  );
}

async function agentTeams(engine: Engine): Promise<Map<string, string>> {
  const rows = await engine.all('SELECT id, team_id FROM agents');
  return new Map(rows.map((r) => [String(r.id), r.team_id == null ? '' : String(r.team_id)]));
}

/** The UTC days a local range touches; its end is exclusive, so a range ending at midnight stops the day before. */
function utcDays(
  range: { from: string; to: string },
  timezone: string,
): { firstDay: string; lastDay: string } {
  const end = DateTime.fromISO(localToUtc(range.to, timezone).replace(' ', 'T'), { zone: 'UTC' });
  return {
    firstDay: localToUtc(range.from, timezone).slice(0, 10),
    lastDay: end.minus({ seconds: 1 }).toFormat(DAY_FORMAT),
  };
}

/**
 * The sources with anything in the selection — a contact created or resolved, a survey sent or
 * answered on a (UTC) day of the range, in the channels filtered on — and the inputs they record.
 * Read from the rebuild's per-source summary, so it costs a few rows whatever the data.
 */
async function selectionInputs(
  engine: Engine,
  query: KpiQuery,
  range: { from: string; to: string },
): Promise<{ sources: string[]; inputs: Set<KpiInput> }> {
  const { firstDay, lastDay } = utcDays(range, query.timezone);
  const channels = query.filters.channel;
  const rows = await engine.all(
    `SELECT DISTINCT a.source, i.input FROM source_activity a LEFT JOIN source_inputs i ON i.source = a.source
     WHERE a.day >= CAST(${quoteLiteral(firstDay)} AS DATE) AND a.day <= CAST(${quoteLiteral(lastDay)} AS DATE)${
       channels ? ` AND a.channel IN (${channels.map(quoteLiteral).join(', ')})` : ''
     }`,
  );
  return {
    sources: [...new Set(rows.map((r) => String(r.source)))].sort(),
    inputs: new Set(rows.flatMap((r) => (r.input == null ? [] : [String(r.input) as KpiInput]))),
  };
}

/** Plausibility problems stored at import for contacts created on days of the range, per problem. */
async function qualityNotices(
  engine: Engine,
  sources: readonly string[],
  range: { from: string; to: string },
  timezone: string,
): Promise<Notice[]> {
  if (sources.length === 0) return [];
  const { firstDay, lastDay } = utcDays(range, timezone);
  const rows = await engine.all(
    `SELECT code, sum(contacts) AS contacts, CAST(min(day) AS VARCHAR) AS first_day, CAST(max(day) AS VARCHAR) AS last_day
     FROM data_quality_notices
     WHERE day >= CAST(${quoteLiteral(firstDay)} AS DATE) AND day <= CAST(${quoteLiteral(lastDay)} AS DATE)
       AND source IN (${sources.map(quoteLiteral).join(', ')})
     GROUP BY code`,
  );
  return DATA_QUALITY_CODES.flatMap((problem): Notice[] => {
    const row = rows.find((r) => r.code === problem);
    if (!row) return [];
    return [
      {
        code: 'data_quality',
        problem,
        contacts: Number(row.contacts),
        from: String(row.first_day).slice(0, 10),
        to: String(row.last_day).slice(0, 10),
      },
    ];
  });
}

/**
 * Grains and time dimensions finer than a month, and a range that cuts a month: a monthly figure
 * (`minGrain`) is empty by them. A customer month sits at its first day, so a range from the 10th
 * to the 20th would count none of it, and one from the 10th of March to the 10th of May whole April
 * and May but no March: a part of a month has no monthly figure.
 */
function tooFineFor(query: KpiQuery): boolean {
  return (
    cutsAMonth(query.from) ||
    cutsAMonth(query.to) ||
    query.grain === 'hour' ||
    query.grain === 'day' ||
    query.grain === 'week' ||
    query.by.includes('hour_of_day') ||
    query.by.includes('weekday')
  );
}

/**
 * A bound the query gives that is not the start of a month. The bound is a local date-time in the
 * query's time zone already, so its own fields are the local calendar: read as is, not converted.
 * A bound left out is the edge of the data, which the query does not choose.
 */
function cutsAMonth(bound: string | undefined): boolean {
  if (bound === undefined) return false;
  const local = DateTime.fromISO(bound, { zone: 'UTC' });
  return (
    local.day !== 1 || local.hour !== 0 || local.minute !== 0 || local.second !== 0 || local.millisecond !== 0
  );
}

/** The value of an indicator that nothing in the selection can carry: empty, in its usual shape. */
function emptyValue(kpi: KpiDefinition, compare: boolean): KpiValue {
  const value: KpiValue = { value: null, n: 0 };
  if (kpi.value.kind === 'ratio' || kpi.value.kind === 'mean' || kpi.value.kind === 'nps')
    Object.assign(value, { low: null, high: null });
  if (compare) Object.assign(value, { previous: { value: null, n: 0 }, change: null });
  return value;
}

/** How long and how large one KPI query may be, and who may stop it. */
export interface KpiBudget {
  /** Stops the query, e.g. when the client asking has gone away. */
  signal?: AbortSignal;
  /** Milliseconds the query may run; QUERY_LIMITS.budgetMs when left out. */
  budgetMs?: number;
  /** The number of values of each dimension, when the caller keeps them (the server does). */
  dimensionSizes?: () => Promise<DimensionSizes>;
}

const bothFacts = (contact: string, survey: string) =>
  `(SELECT count(*) FROM (SELECT ${contact} AS v FROM contact_facts UNION SELECT ${survey} FROM survey_facts) x)`;

/** How each data dimension's number of values is counted. */
const DIMENSION_SIZE_SQL: Readonly<Record<string, string>> = {
  channel: bothFacts('channel', 'channel'),
  team: bothFacts('team_id', 'team_id'),
  agent: bothFacts('assignee_id', 'agent_id'),
  topic: bothFacts('topic', 'topic'),
  priority: bothFacts('priority', 'priority'),
  escalation_type: '(SELECT count(DISTINCT first_escalation_type) FROM contact_facts)',
  survey_dimension: '(SELECT count(DISTINCT dimension) FROM survey_facts)',
  survey: '(SELECT count(DISTINCT survey_id) FROM survey_facts)',
  survey_question: '(SELECT count(DISTINCT question_id) FROM survey_facts)',
  survey_source: '(SELECT count(DISTINCT survey_source) FROM survey_facts)',
  survey_location: '(SELECT count(DISTINCT location) FROM survey_facts)',
  qa_scorecard: '(SELECT count(DISTINCT scorecard_id) FROM qa_reviews)',
  qa_category: '(SELECT count(DISTINCT category_id) FROM qa_ratings)',
  qa_reviewer: '(SELECT count(DISTINCT reviewer_id) FROM qa_reviews)',
  qa_check: '(SELECT count(*) FROM qa_check_rules)',
  shrinkage_reason: '(SELECT count(DISTINCT shrinkage_reason) FROM workforce_agent_facts)',
  segment: '(SELECT count(DISTINCT segment) FROM business_customer_facts)',
  acquisition_channel: '(SELECT count(DISTINCT acquisition_channel) FROM business_customer_facts)',
  cost_category: '(SELECT count(DISTINCT cost_category) FROM business_ledger_facts)',
  text_language: '(SELECT count(DISTINCT language) FROM text_items)',
  brand_attribute: '(SELECT count(*) FROM brand_attributes)',
};

/**
 * The number of distinct values of data dimensions in the facts, for sizing a query before it
 * runs: of `only` when given (a single query counts its own: over a million contacts, all of them
 * take a sixth of a second), else of every one (the server counts them once and keeps them).
 */
export async function dimensionSizes(
  engine: Engine,
  options: ReadOptions = {},
  only?: readonly string[],
): Promise<DimensionSizes> {
  const wanted = Object.entries(DIMENSION_SIZE_SQL).filter(
    ([name]) => only === undefined || only.includes(name),
  );
  if (wanted.length === 0) return {};
  const rows = await engine.all(
    `SELECT ${wanted.map(([name, sql]) => `${sql} AS ${name}`).join(',\n       ')}`,
    [],
    options,
  );
  const row: Row = rows[0] ?? {};
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v ?? 0)])) as DimensionSizes;
}

export type StoppedQuery = { kind: 'too_slow'; budgetMs: number } | { kind: 'cancelled' };

/**
 * Runs `work` on the engine with a time budget: once `budgetMs` have passed, or `signal` stops it
 * (the client went away), its reads are interrupted, and so is its JS work where it is paced by
 * `pace`; the answer says which of the two it was.
 */
export async function withinBudget<T>(
  engine: Engine,
  signal: AbortSignal | undefined,
  work: (bounded: Engine, stop: AbortSignal, pace: Pace) => Promise<T>,
  budgetMs: number = QUERY_LIMITS.budgetMs,
): Promise<Result<T, StoppedQuery>> {
  const budget = AbortSignal.timeout(budgetMs);
  const stop = signal ? AbortSignal.any([signal, budget]) : budget;
  const pace = new Pace(performance.now() + budgetMs, stop);
  try {
    return ok(await work(stopReads(engine, stop), stop, pace));
  } catch (error) {
    if (budget.aborted || error instanceof OverBudget) return err({ kind: 'too_slow', budgetMs });
    if (signal?.aborted) return err({ kind: 'cancelled' });
    throw error;
  }
}

/**
 * Runs a KPI query within its limits (QUERY_LIMITS): lists without repeats, at most a few `by`
 * dimensions, an answer of bounded size — estimated before anything runs — and a time budget after
 * which the database work is interrupted.
 */
export async function runKpiQuery(
  engine: Engine,
  input: KpiQueryInput,
  options: KpiQueryOptions & KpiBudget = {},
): Promise<Result<KpiResult, KpiQueryError>> {
  const {
    signal: callerSignal,
    budgetMs = QUERY_LIMITS.budgetMs,
    dimensionSizes: knownSizes,
    ...rest
  } = options;
  const parsed = KpiQuery.safeParse(input);
  if (!parsed.success) return answerKpiQuery(engine, input, rest);
  const shaped = checkShape(parsed.data);
  if (!shaped.ok) return err({ kind: 'invalid_query', issues: shaped.error });
  const query = shaped.data;
  for (const id of query.kpis ?? [])
    if (!findKpi(id)) return err({ kind: 'unknown_kpi', id, known: KPIS.map((k) => k.id) });

  const answer = await withinBudget(
    engine,
    callerSignal,
    async (bounded, signal, pace): Promise<Result<KpiResult, KpiQueryError>> => {
      const span =
        query.from && query.to
          ? { from: query.from, to: query.to }
          : await dataRange(bounded, query.timezone);
      const range = { from: query.from ?? span.from, to: query.to ?? span.to };
      // One data dimension without a grain has no more groups than the database has values.
      const dataDimensions = query.by.filter((b) => b !== 'hour_of_day' && b !== 'weekday');
      if (query.grain || dataDimensions.length > 1 || dataDimensions.length < query.by.length) {
        const sizes =
          dataDimensions.length === 0
            ? {}
            : await (knownSizes ? knownSizes() : dimensionSizes(bounded, { signal }, dataDimensions));
        const size = estimateSize(query, range, query.kpis?.length ?? KPIS.length, sizes);
        const checked = checkSize(size, query);
        if (!checked.ok) return err({ kind: 'too_large', detail: checked.error });
      }
      return answerKpiQuery(bounded, { ...query, ...range }, rest, pace);
    },
    budgetMs,
  );
  return answer.ok ? answer.data : answer;
}

/**
 * Answers a KPI query: every aggregate is computed in the database; this only combines the few
 * aggregate rows into values, intervals, previous-period changes and agent comparisons.
 */
async function answerKpiQuery(
  engine: Engine,
  input: KpiQueryInput,
  options: KpiQueryOptions = {},
  pace: Pace = new Pace(),
): Promise<Result<KpiResult, KpiQueryError>> {
  const parsed = KpiQuery.safeParse(input);
  if (!parsed.success) {
    return err({
      kind: 'invalid_query',
      issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`),
    });
  }
  const query = parsed.data;
  const kpis: KpiDefinition[] = [];
  for (const id of query.kpis ?? KPIS.map((k) => k.id)) {
    const kpi = findKpi(id);
    if (!kpi) return err({ kind: 'unknown_kpi', id, known: KPIS.map((k) => k.id) });
    kpis.push(kpi);
  }
  const span =
    query.from && query.to ? { from: query.from, to: query.to } : await dataRange(engine, query.timezone);
  const from = query.from ?? span.from;
  const to = query.to ?? span.to;
  const viewer = options.viewerAgent ?? null;
  const agentCount: AgentCount | null = viewer !== null || options.countAgents ? { except: viewer } : null;
  // A monthly figure by day or hour, or over part of a month, would be a month's customers placed
  // on its first day: not computed.
  const tooFine = tooFineFor(query);
  const monthly = kpis.filter((k) => k.minGrain === 'month' && tooFine).map((k) => k.id);
  const computed = kpis.filter((k) => !monthly.includes(k.id));
  const { groups, periods } = await compute(engine, query, computed, { from, to, agentCount }, pace);

  let previous: Map<string, Group> | null = null;
  let previousPeriods: Period[] = [];
  const prev = query.compare ? previousRange(query, from, to, periods.length) : null;
  if (prev) {
    // Agents are compared with their team in the period asked for only: no rest join for this one.
    const result = await compute(engine, query, computed, { ...prev, agentCount, teamRest: false }, pace);
    previous = result.groups;
    previousPeriods = result.periods;
  }
  // Shown to an agent, a value is withheld when a day it covers has a part covering exactly one
  // colleague (see kpi-privacy.ts); the previous period is checked the same way.
  const unsafeDays = new OneColleagueDays(
    viewer === null
      ? new Map<string, Set<string>>()
      : await oneColleagueDays(
          engine,
          query,
          computed,
          { from: prev && prev.from < from ? prev.from : from, to },
          viewer,
        ),
    query,
  );
  const counterparts = counterpartKeys(query, periods, previousPeriods);
  const previousKey = (dims: Record<string, unknown>): string => {
    if (!query.grain) return groupKey(dims);
    return groupKey({ ...dims, period: counterparts.get(dims.period as string) ?? null });
  };

  const agentComparison = comparesAgents(query);
  const teamOf = agentComparison ? await agentTeams(engine) : new Map<string, string>();
  const teamTotals = new Map<string, Map<string, Aggregates>>();
  const comparedAgents = new Map<string, number>();
  if (agentComparison) {
    for (const group of groups.values()) {
      await pace.step();
      const agent = group.dims.agent;
      if (agent == null) continue;
      const team = teamOf.get(String(agent)) ?? '';
      const totals = teamTotals.get(team) ?? new Map<string, Aggregates>();
      teamTotals.set(team, totals);
      for (const [id, aggregates] of group.aggregates) {
        const total = totals.get(id) ?? {};
        addAggregates(total, aggregates);
        totals.set(id, total);
        if ((aggregates.n ?? aggregates.den ?? 0) > 0)
          comparedAgents.set(id, (comparedAgents.get(id) ?? 0) + 1);
      }
    }
  }

  // Indicators whose input no source in the selection records are empty, whatever they counted.
  const selection = await selectionInputs(engine, query, { from, to });
  const unfed = new Map<KpiInput, string[]>();
  if (selection.sources.length > 0)
    for (const kpi of kpis)
      if (kpi.needs && !selection.inputs.has(kpi.needs))
        unfed.set(kpi.needs, [...(unfed.get(kpi.needs) ?? []), kpi.id]);
  const unfedIds = new Set([...unfed.values()].flat());

  let withheld = false;
  const lacking = new Map<string, { kpis: Set<string>; periods: Set<string> }>();
  const oneColleague = (
    group: Group,
    kpi: KpiDefinition,
    value: KpiValue,
    range: { from: string; to: string },
  ): boolean =>
    viewer !== null &&
    value.n > 0 &&
    (isTeamFigure(kpi) ||
      // A stock is what is open at one instant: two instants differ by what opened and closed in
      // between, which no check of days bounds. Shown only when it holds none of a colleague's.
      (kpi.value.kind === 'stock'
        ? group.agents.get(kpi.id) !== 0
        : group.agents.get(kpi.id) === 1 || unsafeDays.covers(kpi.id, range, group.dims)));
  const rows: KpiRow[] = [];
  for (const group of [...groups.values()].sort(compareKeys)) {
    await pace.step();
    const row: KpiRow = { ...group.dims };
    const prevGroup = previous?.get(previousKey(group.dims));
    for (const kpi of kpis) {
      if (unfedIds.has(kpi.id) || monthly.includes(kpi.id)) {
        row[kpi.id] = emptyValue(kpi, query.compare);
        continue;
      }
      const aggregates = group.aggregates.get(kpi.id) ?? {};
      let value: KpiValue = kpiValue(kpi, aggregates);
      if (oneColleague(group, kpi, value, { from, to })) {
        value = withheldValue(value);
        withheld = true;
      } else if (kpi.missing !== undefined && lacksData(kpi, aggregates)) {
        const seen = lacking.get(kpi.missing) ?? { kpis: new Set<string>(), periods: new Set<string>() };
        lacking.set(kpi.missing, seen);
        seen.kpis.add(kpi.id);
        if (typeof group.dims.period === 'string') seen.periods.add(group.dims.period);
      }
      if (viewer === null && !value.withheld && group.agents.has(kpi.id)) {
        value.agents = group.agents.get(kpi.id);
      }
      if (previous) {
        const prevAggregates = prevGroup?.aggregates.get(kpi.id) ?? {};
        const prevValue = kpiValue(kpi, prevAggregates);
        const hidden =
          prevGroup !== undefined && prev !== null && oneColleague(prevGroup, kpi, prevValue, prev);
        withheld ||= hidden;
        value.previous = hidden ? { value: null, n: 0 } : { value: prevValue.value, n: prevValue.n };
        value.change = changeBetween(
          kpi,
          quantileFor(kpi, query),
          { value, aggregates },
          { value: value.previous.value, aggregates: prevAggregates },
        );
      }
      if (agentComparison && group.dims.agent != null) {
        const team = teamOf.get(String(group.dims.agent)) ?? '';
        const total = teamTotals.get(team)?.get(kpi.id);
        const quantile = quantileFor(kpi, query);
        const comparison = total
          ? compareAgainst(
              kpi,
              statFor(kpi, query),
              quantile,
              aggregates,
              restAggregates(kpi, quantile, aggregates, total),
              comparedAgents.get(kpi.id) ?? 1,
            )
          : null;
        value.comparison = comparison
          ? { against: team === '' ? 'other agents without a team' : `rest of team ${team}`, ...comparison }
          : null;
      }
      row[kpi.id] = value;
    }
    rows.push(row);
  }

  const notices: Notice[] = [];
  for (const [missing, ids] of unfed) notices.push({ code: 'no_input', missing, kpis: ids });
  if (!options.withoutQualityNotices)
    notices.push(...(await qualityNotices(engine, selection.sources, { from, to }, query.timezone)));
  for (const [missing, seen] of lacking)
    notices.push({
      code: 'missing_data',
      missing,
      kpis: kpis.filter((k) => seen.kpis.has(k.id)).map((k) => k.id),
      periods: [...seen.periods].sort(),
    });
  if (monthly.length > 0) notices.push({ code: 'monthly_figure', kpis: monthly });
  if (withheld) notices.push({ code: 'withheld' });
  const stale = await engine.all(
    "SELECT (SELECT max(imported_at) FROM import_log) > COALESCE((SELECT max(rebuilt_at) FROM facts_state), CAST('1970-01-01' AS TIMESTAMP)) AS stale",
  );
  if (stale[0]?.stale === true) notices.push({ code: 'stale_facts' });
  if (
    kpis.some((k) => k.value.kind === 'duration' && k.value.business && hoursFor(k, query) === 'business')
  ) {
    const missing = await engine.all('SELECT count(*) AS n FROM contact_facts WHERE calendar_id IS NULL');
    const n = Number(missing[0]?.n ?? 0);
    if (n > 0) notices.push({ code: 'without_calendar', contacts: n });
  }
  const currency = kpis.some((k) => k.format === 'money' || k.money)
    ? { currency: await factsCurrency(engine) }
    : {};
  return ok({
    rows,
    range: { from, to, timezone: query.timezone },
    notices,
    notes: notices.map(noticeText),
    ...currency,
  });
}
