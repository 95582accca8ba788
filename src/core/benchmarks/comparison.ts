import { DateTime } from 'luxon';
import { findKpi } from '../kpi/catalog.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../kpi/query.js';
import { type Benchmark, type BenchmarkContext, benchmarkFor } from './benchmark.js';

export type Filters = NonNullable<KpiQueryInput['filters']>;

export interface YearSpan {
  year: number;
  from: string;
  /** Exclusive. */
  to: string;
  /** The year is still running: the span ends today, and last year's span ends on the same day. */
  toDate: boolean;
}

/**
 * The span of `year` to compare with the year before: the whole year once it is over, else the
 * year to date (1 January up to today, today excluded: a day half gone set against a whole one
 * would always look worse), in `timezone`.
 */
export function yearSpan(year: number, now: Date, timezone: string): YearSpan {
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: timezone });
  const end = from.plus({ years: 1 });
  if (today >= end) return { year, from: isoDate(from), to: isoDate(end), toDate: false };
  const to = today > from ? today : from.plus({ days: 1 });
  return { year, from: isoDate(from), to: isoDate(to), toDate: true };
}

function isoDate(date: DateTime): string {
  return date.toISODate() ?? '';
}

/** The KPI query of a year set against the same span a year before. */
export function yearOverYearQuery(
  kpis: readonly string[],
  span: YearSpan,
  timezone: string,
  filters: Filters = {},
): KpiQueryInput {
  return {
    kpis: [...kpis],
    from: span.from,
    to: span.to,
    timezone,
    filters,
    compare: true,
    compareWith: 'year',
  };
}

export interface YearOverYearRow {
  kpi: string;
  value: number | null;
  n: number;
  lastYear: number | null;
  lastYearN: number;
  /** value − lastYear; null unless both are there. */
  change: number | null;
  /** The change in the direction the indicator calls better; null when it has none or either is missing. */
  improved: boolean | null;
  /** The 95 % interval of the change excludes 0. */
  clear: boolean;
  withheld: boolean;
}

/** One row per indicator from the answer of `yearOverYearQuery` (one group: no `by`, no grain). */
export function yearOverYearRows(kpis: readonly string[], row: KpiRow | undefined): YearOverYearRow[] {
  return kpis.map((kpi) => {
    const cell = kpiValue(row?.[kpi]);
    const value = cell?.value ?? null;
    const lastYear = cell?.previous?.value ?? null;
    const change = value !== null && lastYear !== null ? value - lastYear : null;
    const better = findKpi(kpi)?.better ?? 'neutral';
    const improved =
      change === null || better === 'neutral' ? null : better === 'higher' ? change > 0 : change < 0;
    return {
      kpi,
      value,
      n: cell?.n ?? 0,
      lastYear,
      lastYearN: cell?.previous?.n ?? 0,
      change,
      improved,
      clear: cell?.change?.clear ?? false,
      withheld: cell?.withheld === true,
    };
  });
}

export interface BenchmarkComparison {
  kpi: string;
  value: number | null;
  n: number;
  withheld: boolean;
  /** The published figure that fits best (`benchmarkFor`), or null. */
  best: Benchmark | null;
  /** Every figure on this indicator for the channel compared (or for all channels): published and competitors. */
  benchmarks: Benchmark[];
}

/** The team's value of each indicator that has figures to compare with, beside those figures. */
export function compareWithBenchmarks(
  list: readonly Benchmark[],
  row: KpiRow | undefined,
  context: BenchmarkContext,
): BenchmarkComparison[] {
  const kpis = [...new Set(list.map((b) => b.kpiId))].filter((id) => findKpi(id) !== undefined);
  return kpis.map((kpi) => {
    const cell = kpiValue(row?.[kpi]);
    return {
      kpi,
      value: cell?.value ?? null,
      n: cell?.n ?? 0,
      withheld: cell?.withheld === true,
      best: benchmarkFor(list, kpi, context),
      benchmarks: list.filter((b) => b.kpiId === kpi && fitsChannel(b, context.channel)),
    };
  });
}

function fitsChannel(benchmark: Benchmark, channel: string | null | undefined): boolean {
  return !channel || benchmark.channel === null || benchmark.channel === channel;
}

function kpiValue(cell: KpiRow[string] | undefined): KpiValue | null {
  return cell !== null && typeof cell === 'object' ? cell : null;
}
