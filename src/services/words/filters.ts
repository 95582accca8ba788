/**
 * Which analysed texts a reading of customers' words covers: the period in the caller's time zone,
 * the dimensions asked for, and the caller's visibility (an agent reads only texts of their own
 * contacts). Every query of topics, tone, attributes and messages starts from `textWhere`.
 */
import { localDateTimeProblem } from '../../core/date-range.js';
import type { Engine } from '../../core/engine.js';
import { localToUtc, type Period, periodsBetween } from '../../core/kpi/periods.js';
import { err, ok, type Result } from '../../core/result.js';
import { isTimeZone } from '../../core/time-zone.js';
import {
  TEXT_KINDS,
  type TermFilters,
  type TextKind,
  type TextLanguage,
  WORDS_LANGUAGES,
  type WordsProblem,
} from './contract.js';

/** Whose texts may be read: an agent's own id, or null for every text. */
export interface WordsVisibility {
  agentId: string | null;
}

export const EVERY_TEXT: WordsVisibility = { agentId: null };

export const TREND_GRAINS = ['day', 'week', 'month'] as const;
export type TrendGrain = (typeof TREND_GRAINS)[number];

const TEXT_LANGUAGES: readonly TextLanguage[] = [...WORDS_LANGUAGES, 'other'];
/** A trend longer than this is asked at a coarser grain. */
const MAX_PERIODS = 400;
const LIST_LIMIT = 200;
const DEFAULT_DAYS = 90;

/** Parameters numbered in the engine's placeholder style, in the order they are added. */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly engine: Engine) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.engine.dialect.placeholder(this.values.length);
  }
  list(values: readonly unknown[]): string {
    return values.map((v) => this.add(v)).join(', ');
  }
}

/**
 * The conditions on `text_items` (as `alias`) for the filters and the visibility. The period is
 * [from, to) in local time of the filters' time zone.
 */
export function textWhere(
  params: SqlParams,
  filters: TermFilters,
  visibility: WordsVisibility,
  alias = 'i',
): string {
  const conditions = [
    `${alias}.occurred_at >= CAST(${params.add(localToUtc(filters.from, filters.timezone))} AS TIMESTAMP)`,
    `${alias}.occurred_at < CAST(${params.add(localToUtc(filters.to, filters.timezone))} AS TIMESTAMP)`,
  ];
  const lists: [keyof TermFilters, string][] = [
    ['channel', 'channel'],
    ['team', 'team_id'],
    ['agent', 'agent_id'],
    ['topic', 'topic'],
    ['language', 'language'],
    ['kind', 'kind'],
  ];
  for (const [field, column] of lists) {
    const values = filters[field] as readonly string[] | undefined;
    if (values && values.length > 0) conditions.push(`${alias}.${column} IN (${params.list(values)})`);
  }
  // An agent's request reads their own texts only, whatever else it asks for.
  if (visibility.agentId !== null) conditions.push(`${alias}.agent_id = ${params.add(visibility.agentId)}`);
  return conditions.join(' AND ');
}

/** The periods of a trend; refused when there would be too many to draw. */
export function trendPeriods(filters: TermFilters, grain: TrendGrain): Result<Period[], WordsProblem> {
  const periods = periodsBetween(grain, filters.from, filters.to, filters.timezone);
  if (periods.length > MAX_PERIODS)
    return err(
      invalid(
        'grain',
        `${periods.length} periods of a ${grain}: at most ${MAX_PERIODS}; ask a coarser grain`,
      ),
    );
  return ok(periods);
}

/**
 * The periods as a table `periods(period, start_at, end_at)` to join texts to. Their bounds are
 * written as literals: they are computed here, never taken from the request.
 */
export function periodsTable(engine: Engine, periods: readonly Period[]): string {
  if (periods.length === 0)
    return `(SELECT CAST(NULL AS VARCHAR) AS period, CAST(NULL AS TIMESTAMP) AS start_at, CAST(NULL AS TIMESTAMP) AS end_at WHERE 1 = 0)`;
  const rows = periods.map(
    (p) =>
      `SELECT '${p.key}' AS period, ${engine.dialect.timestampLiteral(p.startUtc)} AS start_at, ${engine.dialect.timestampLiteral(p.endUtc)} AS end_at`,
  );
  return `(${rows.join(' UNION ALL ')})`;
}

export function invalid(path: string, message: string): WordsProblem {
  return { kind: 'invalid', issues: [{ path, message }] };
}

const listOf = (text: string | undefined) =>
  text
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The filters as the API and the CLI take them: text fields, lists comma-separated. */
export interface TermFiltersInput {
  from?: string;
  to?: string;
  timezone?: string;
  channel?: string;
  team?: string;
  agent?: string;
  topic?: string;
  language?: string;
  kind?: string;
}

/**
 * Filters from text, each field checked and named when refused. Without a period: the 90 days up to
 * today included, in the time zone asked for (UTC by default).
 */
export function termFiltersFrom(input: TermFiltersInput, now: Date): Result<TermFilters, WordsProblem> {
  const issues: { path: string; message: string }[] = [];
  const timezone = input.timezone?.trim() || 'UTC';
  if (!isTimeZone(timezone))
    issues.push({ path: 'timezone', message: `${timezone} is not an IANA time zone` });
  for (const field of ['from', 'to'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const problem = localDateTimeProblem(value);
    if (problem) issues.push({ path: field, message: problem });
  }
  const languages = listOf(input.language) ?? [];
  for (const language of languages)
    if (!(TEXT_LANGUAGES as readonly string[]).includes(language))
      issues.push({ path: 'language', message: `${language} is not one of ${TEXT_LANGUAGES.join(', ')}` });
  const kinds = listOf(input.kind) ?? [];
  for (const kind of kinds)
    if (!(TEXT_KINDS as readonly string[]).includes(kind))
      issues.push({ path: 'kind', message: `${kind} is not one of ${TEXT_KINDS.join(', ')}` });
  if (issues.length > 0) return err({ kind: 'invalid', issues });

  const today = new Date(`${now.toLocaleString('sv-SE', { timeZone: timezone }).replace(' ', 'T')}Z`);
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const to = input.to ?? day(new Date(today.getTime() + 86_400_000));
  const from =
    input.from ?? day(new Date(Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - DEFAULT_DAYS * 86_400_000));
  if (from >= to) return err(invalid('from', `${from} is not before to (${to})`));

  const filters: TermFilters = { from, to, timezone };
  const lists: ['channel' | 'team' | 'agent' | 'topic', string[] | undefined][] = [
    ['channel', listOf(input.channel)],
    ['team', listOf(input.team)],
    ['agent', listOf(input.agent)],
    ['topic', listOf(input.topic)],
  ];
  for (const [field, values] of lists) {
    if (!values?.length) continue;
    if (values.length > LIST_LIMIT) return err(invalid(field, `at most ${LIST_LIMIT} values`));
    filters[field] = values;
  }
  if (languages.length) filters.language = languages as TextLanguage[];
  if (kinds.length) filters.kind = kinds as TextKind[];
  return ok(filters);
}

/** A grain as text, checked. */
export function trendGrainFrom(text: string | undefined): Result<TrendGrain, WordsProblem> {
  if (text === undefined || text === '') return ok('week');
  if ((TREND_GRAINS as readonly string[]).includes(text)) return ok(text as TrendGrain);
  return err(invalid('grain', `${text} is not one of ${TREND_GRAINS.join(', ')}`));
}

/** The filters of the same length just before these: what a period's own terms are set against. */
export function previousPeriod(filters: TermFilters): TermFilters {
  const from = Date.parse(`${localToUtc(filters.from, 'UTC').replace(' ', 'T')}Z`);
  const to = Date.parse(`${localToUtc(filters.to, 'UTC').replace(' ', 'T')}Z`);
  const earlier = new Date(from - (to - from)).toISOString().slice(0, 19);
  return { ...filters, from: earlier, to: filters.from };
}
