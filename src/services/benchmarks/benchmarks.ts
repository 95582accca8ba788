import {
  type Benchmark,
  type BenchmarkContext,
  benchmarkFor,
  mergeBenchmarks,
  PUBLISHED_PREFIX,
} from '../../core/benchmarks/benchmark.js';
import { benchmarkProblems } from '../../core/benchmarks/checks.js';
import {
  type BenchmarkComparison,
  compareWithBenchmarks,
  type Filters,
  type YearOverYearRow,
  type YearSpan,
  yearOverYearQuery,
  yearOverYearRows,
  yearSpan,
} from '../../core/benchmarks/comparison.js';
import { PUBLISHED_BENCHMARKS } from '../../core/benchmarks/published.js';
import { type Engine, type Row, toNumberOrNull } from '../../core/engine.js';
import { findKpi } from '../../core/kpi/catalog.js';
import type { KpiQueryInput } from '../../core/kpi/query.js';
import { err, ok, type Result } from '../../core/result.js';
import type { BenchmarkKind } from '../../core/schema.js';
import { type KpiQueryError, type KpiResult, runKpiQuery } from '../kpi.js';

export type { Benchmark, BenchmarkComparison, BenchmarkContext, YearOverYearRow, YearSpan };
export { benchmarkFor, compareWithBenchmarks, yearOverYearQuery, yearSpan };

export interface BenchmarkFilter {
  kpi?: string | readonly string[];
  kind?: BenchmarkKind;
  channel?: string;
}

/** The shipped published figures and the stored rows (imported or entered), a stored row overriding its id. */
export async function listBenchmarks(engine: Engine, filter: BenchmarkFilter = {}): Promise<Benchmark[]> {
  const rows = await engine.all(
    'SELECT id, kind, kpi_id, value, name, year, industry, region, channel, source, source_url, note FROM benchmarks ORDER BY id',
    [],
    { quick: true },
  );
  const all = mergeBenchmarks(PUBLISHED_BENCHMARKS, rows.map(fromRow));
  const kpis =
    filter.kpi === undefined ? null : new Set(typeof filter.kpi === 'string' ? [filter.kpi] : filter.kpi);
  return all.filter(
    (b) =>
      (kpis === null || kpis.has(b.kpiId)) &&
      (filter.kind === undefined || b.kind === filter.kind) &&
      (filter.channel === undefined || b.channel === null || b.channel === filter.channel),
  );
}

function fromRow(row: Row): Benchmark {
  const text = (value: unknown) =>
    value === null || value === undefined || value === '' ? null : String(value);
  return {
    id: String(row.id),
    kind: row.kind === 'competitor' ? 'competitor' : 'published',
    kpiId: String(row.kpi_id),
    value: toNumberOrNull(row.value) ?? Number.NaN,
    name: String(row.name ?? ''),
    year: toNumberOrNull(row.year) ?? 0,
    industry: text(row.industry),
    region: text(row.region),
    channel: text(row.channel),
    source: text(row.source),
    sourceUrl: text(row.source_url),
    note: text(row.note),
    origin: 'stored',
  };
}

/** A competitor's figure entered by the team (from mystery shopping, public reviews, surveys). */
export interface CompetitorFigure {
  kpiId: string;
  value: number;
  /** The competitor's name. */
  name: string;
  year: number;
  industry?: string | null;
  region?: string | null;
  channel?: string | null;
  source?: string | null;
  sourceUrl?: string | null;
  note?: string | null;
}

export type BenchmarkWriteError =
  | { kind: 'invalid'; problems: { field: string; reason: string }[] }
  | { kind: 'shipped'; id: string }
  | { kind: 'not_found'; id: string };

/** Writes (or replaces) the competitor figure `id`. A shipped published id cannot be taken. */
export async function putCompetitorFigure(
  engine: Engine,
  id: string,
  figure: CompetitorFigure,
): Promise<Result<Benchmark, BenchmarkWriteError>> {
  if (id.startsWith(PUBLISHED_PREFIX)) return err({ kind: 'shipped', id });
  const problems = [
    ...(id.trim() === '' ? [{ field: 'id', reason: 'is empty' }] : []),
    ...(figure.name.trim() === '' ? [{ field: 'name', reason: 'is empty: name the competitor' }] : []),
    ...benchmarkProblems({ kpiId: figure.kpiId, value: figure.value, sourceUrl: figure.sourceUrl ?? '' }).map(
      (p) => ({ field: FIELD_OF_COLUMN[p.column], reason: p.reason }),
    ),
  ];
  if (problems.length > 0) return err({ kind: 'invalid', problems });
  const benchmark: Benchmark = {
    id,
    kind: 'competitor',
    kpiId: figure.kpiId,
    value: figure.value,
    name: figure.name.trim(),
    year: figure.year,
    industry: blankToNull(figure.industry),
    region: blankToNull(figure.region),
    channel: blankToNull(figure.channel),
    source: blankToNull(figure.source),
    sourceUrl: blankToNull(figure.sourceUrl),
    note: blankToNull(figure.note),
    origin: 'stored',
  };
  const p = (i: number) => engine.dialect.placeholder(i);
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM benchmarks WHERE id = ${p(1)}`, [id]);
    await engine.run(
      `INSERT INTO benchmarks (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => p(i + 1)).join(', ')})`,
      [
        benchmark.id,
        benchmark.kind,
        benchmark.kpiId,
        benchmark.value,
        benchmark.name,
        benchmark.year,
        benchmark.industry,
        benchmark.region,
        benchmark.channel,
        benchmark.source,
        benchmark.sourceUrl,
        benchmark.note,
      ],
    );
  });
  return ok(benchmark);
}

/** Deletes a stored figure (imported or entered); the shipped ones are part of servicemeter. */
export async function deleteBenchmark(
  engine: Engine,
  id: string,
): Promise<Result<void, BenchmarkWriteError>> {
  const found = await engine.all(`SELECT id FROM benchmarks WHERE id = ${engine.dialect.placeholder(1)}`, [
    id,
  ]);
  if (found.length === 0) {
    return err(
      PUBLISHED_BENCHMARKS.some((b) => b.id === id) ? { kind: 'shipped', id } : { kind: 'not_found', id },
    );
  }
  await engine.run(`DELETE FROM benchmarks WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return ok(undefined);
}

const COLUMNS = [
  'id',
  'kind',
  'kpi_id',
  'value',
  'name',
  'year',
  'industry',
  'region',
  'channel',
  'source',
  'source_url',
  'note',
] as const;

const FIELD_OF_COLUMN = { kpi_id: 'kpiId', value: 'value', source_url: 'sourceUrl' } as const;

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export interface YearOverYearOptions {
  year: number;
  timezone: string;
  filters?: Filters;
  now?: Date;
}

export interface YearOverYear {
  span: YearSpan;
  lastYear: { from: string; to: string };
  rows: YearOverYearRow[];
  notes: string[];
}

/**
 * Each indicator's value for the year (or the year to date) against the same span a year before,
 * with the change and whether it went the way the indicator calls better.
 */
export async function yearOverYear(
  engine: Engine,
  kpis: readonly string[],
  options: YearOverYearOptions,
): Promise<Result<YearOverYear, KpiQueryError>> {
  const span = yearSpan(options.year, options.now ?? new Date(), options.timezone);
  const answer = await runKpiQuery(engine, yearOverYearQuery(kpis, span, options.timezone, options.filters));
  if (!answer.ok) return answer;
  return ok(yearOverYearAnswer(kpis, span, answer.data));
}

/** The year-over-year view of a KPI answer to `yearOverYearQuery` (the server runs the query scoped). */
export function yearOverYearAnswer(kpis: readonly string[], span: YearSpan, result: KpiResult): YearOverYear {
  return {
    span,
    lastYear: { from: minusYear(span.from), to: minusYear(span.to) },
    rows: yearOverYearRows(kpis, result.rows[0]),
    notes: result.notes,
  };
}

function minusYear(date: string): string {
  return `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
}

export interface CompareOptions {
  from: string;
  to: string;
  timezone: string;
  filters?: Filters;
  context?: BenchmarkContext;
}

/** The KPI query of the team's values that `compare` sets beside the figures of `list`. */
export function compareQuery(list: readonly Benchmark[], options: CompareOptions): KpiQueryInput {
  const kpis = [...new Set(list.map((b) => b.kpiId))].filter((id) => findKpi(id) !== undefined);
  return {
    kpis,
    from: options.from,
    to: options.to,
    timezone: options.timezone,
    filters: options.filters ?? {},
  };
}

/** The team's value beside the published and competitor figures, per indicator, for a period. */
export async function compare(
  engine: Engine,
  options: CompareOptions,
): Promise<Result<{ rows: BenchmarkComparison[]; notes: string[] }, KpiQueryError>> {
  const list = await listBenchmarks(engine, { channel: options.context?.channel ?? undefined });
  const query = compareQuery(list, options);
  if (query.kpis?.length === 0) return ok({ rows: [], notes: [] });
  const answer = await runKpiQuery(engine, query);
  if (!answer.ok) return answer;
  return ok({
    rows: compareWithBenchmarks(list, answer.data.rows[0], options.context ?? {}),
    notes: answer.data.notes,
  });
}
