/**
 * How large and how long one query may be. A query is sized before it runs: one person's request
 * must not hold the database or the server's memory for everyone else. The API documentation and
 * the tests read the numbers from here.
 */
import { DateTime } from 'luxon';
import type { Grain } from '../dialect.js';
import { err, ok, type Result } from '../result.js';
import type { KpiQuery } from './query.js';
import type { Dimension } from './sources.js';

export const QUERY_LIMITS = {
  /** Entries of any list in a query (KPI ids, `by`, the values of one filter), before duplicates go. */
  listEntries: 1000,
  /** Dimensions in `by`, after duplicates go: e.g. `agent, weekday, hour_of_day`. */
  byDimensions: 3,
  /** Rows × KPIs of one answer: rows are the periods times the combinations of the `by` values. */
  cells: 100_000,
  /** Rows of a contacts page. */
  pageSize: 500,
  /** Milliseconds a query may run before it is interrupted and answered with 503. */
  budgetMs: 30_000,
  /**
   * Cells of the largest answer the server keeps for the next person asking: a dashboard's views
   * are small, and one allowed answer of `cells` cells takes tens of megabytes.
   */
  keptAnswerCells: 5_000,
  /** Cells of every kept answer together; the least recently used go first. */
  keptCells: 500_000,
} as const;

/** Groups a time dimension can have, whatever the data. */
const TIME_DIMENSION_SIZES = { hour_of_day: 24, weekday: 7 } as const;

/** The query with every list free of repeats, first occurrence kept, so the work is done once. */
export function withoutRepeats(query: KpiQuery): KpiQuery {
  const filters: KpiQuery['filters'] = {};
  for (const [dimension, values] of Object.entries(query.filters) as [Dimension, string[] | undefined][])
    if (values) filters[dimension] = [...new Set(values)];
  return {
    ...query,
    ...(query.kpis ? { kpis: [...new Set(query.kpis)] } : {}),
    by: [...new Set(query.by)],
    filters,
  };
}

/** Checks what can be checked without the data: the number of `by` dimensions. */
export function checkShape(query: KpiQuery): Result<KpiQuery, string[]> {
  // An empty or reversed range would answer with n 0 everywhere, which reads like a quiet period.
  if (query.from !== undefined && query.to !== undefined) {
    const from = DateTime.fromISO(query.from, { zone: query.timezone });
    const to = DateTime.fromISO(query.to, { zone: query.timezone });
    if (to <= from) return err([`to: ${query.to} is not after from (${query.from}); the end is exclusive`]);
  }
  const bounded = withoutRepeats(query);
  if (bounded.by.length > QUERY_LIMITS.byDimensions)
    return err([
      `by: at most ${QUERY_LIMITS.byDimensions} dimensions, got ${bounded.by.length} (${bounded.by.join(', ')}); group by fewer`,
    ]);
  return ok(bounded);
}

/** How many periods of `grain` [from, to) local overlaps: counted, not listed, so any range is cheap. */
export function periodCount(grain: Grain, from: string, to: string, timezone: string): number {
  const start = DateTime.fromISO(from, { zone: timezone }).startOf(grain);
  const end = DateTime.fromISO(to, { zone: timezone });
  if (!start.isValid || !end.isValid || end <= start) return 0;
  return Math.ceil(end.diff(start, grain).as(grain));
}

/** The number of values each data dimension has in the facts. */
export type DimensionSizes = Partial<Record<Dimension, number>>;

export interface QuerySize {
  periods: number;
  rows: number;
  cells: number;
}

/**
 * An upper bound of the answer's size: every period (all are shown, empty or not) times every
 * combination of the `by` values — a filter's values when fewer, and one more for "none".
 */
export function estimateSize(
  query: Pick<KpiQuery, 'grain' | 'by' | 'filters' | 'timezone'>,
  range: { from: string; to: string },
  kpiCount: number,
  sizes: DimensionSizes,
): QuerySize {
  const periods = query.grain
    ? Math.max(1, periodCount(query.grain, range.from, range.to, query.timezone))
    : 1;
  let rows = periods;
  for (const dimension of query.by) {
    if (dimension === 'hour_of_day' || dimension === 'weekday') {
      rows *= TIME_DIMENSION_SIZES[dimension];
      continue;
    }
    const known = (sizes[dimension] ?? 0) + 1;
    const filtered = query.filters[dimension]?.length;
    rows *= filtered === undefined ? known : Math.min(known, filtered);
  }
  return { periods, rows, cells: rows * Math.max(1, kpiCount) };
}

/** Refuses an answer above the cell limit, saying how to ask for less. */
export function checkSize(size: QuerySize, query: Pick<KpiQuery, 'grain' | 'by'>): Result<QuerySize, string> {
  if (size.cells <= QUERY_LIMITS.cells) return ok(size);
  const coarser = query.grain && query.grain !== 'year' ? 'a coarser grain, ' : '';
  const periods = query.grain ? `${size.periods} ${query.grain} periods × ` : '';
  return err(
    `the answer would have up to ${size.cells} cells (${periods}${size.rows / size.periods} groups × ${
      size.cells / size.rows
    } KPIs), above the limit of ${QUERY_LIMITS.cells}; ask for ${coarser}a shorter range, fewer dimensions in by, filters or fewer KPIs`,
  );
}
