import { z } from 'zod';
import { localDateTimeProblem } from '../date-range.js';
import { isTimeZone } from '../time-zone.js';
import { QUERY_LIMITS } from './limits.js';
import { DIMENSIONS } from './sources.js';

export const GRAINS = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export const TIME_DIMENSIONS = ['hour_of_day', 'weekday'] as const;
/**
 * What `compare` sets a range against: the periods just before it, or the same periods a year
 * before — a change over a year, such as satisfaction improvement, is free of the seasons.
 */
export const COMPARED_PERIODS = ['previous', 'year'] as const;

/** A local date or date-time in the query time zone, between 1970-01-01 and 2200-12-31. */
const isoDate = z.string().superRefine((text, context) => {
  const reason = localDateTimeProblem(text);
  if (reason !== null) context.addIssue({ code: 'custom', message: reason });
});

/** A value to filter on: an id or a name, never a document (exports put the query in the audit log). */
export const FilterValue = z.string().max(200, 'at most 200 characters');

export const KpiQuery = z
  .object({
    kpis: z
      .array(z.string())
      .min(1)
      .max(QUERY_LIMITS.listEntries)
      .optional()
      .describe('KPI ids; all when omitted; repeats count once'),
    from: isoDate.optional().describe('inclusive start, local to timezone'),
    to: isoDate.optional().describe('exclusive end, local to timezone'),
    timezone: z.string().default('UTC').refine(isTimeZone, 'not an IANA time zone'),
    grain: z.enum(GRAINS).optional(),
    by: z
      .array(z.enum([...DIMENSIONS, ...TIME_DIMENSIONS]))
      .max(QUERY_LIMITS.listEntries)
      .default([])
      .describe(`at most ${QUERY_LIMITS.byDimensions} distinct dimensions; repeats count once`),
    filters: z
      .partialRecord(z.enum(DIMENSIONS), z.array(FilterValue).min(1).max(QUERY_LIMITS.listEntries))
      .default({}),
    stat: z.enum(['median', 'p90', 'mean']).optional().describe('duration statistic; each KPI has a default'),
    hours: z.enum(['business', 'calendar']).optional().describe('each KPI has a default'),
    compare: z.boolean().default(false).describe('add the previous period of equal length'),
    compareWith: z
      .enum(COMPARED_PERIODS)
      .default('previous')
      .describe(
        'with compare: previous, the periods just before of equal length; year, the same periods a year before',
      ),
  })
  .strict();
export type KpiQuery = z.infer<typeof KpiQuery>;
export type KpiQueryInput = z.input<typeof KpiQuery>;

/** Agent rows are compared with the rest of their team when the query groups by agent alone. */
export function comparesAgents(query: Pick<KpiQuery, 'by' | 'grain'>): boolean {
  return query.by.length === 1 && query.by[0] === 'agent' && !query.grain;
}

/** The statistic a comparison is of: the one the value shows. */
export type ComparedStatistic = 'median' | 'p90' | 'mean' | 'share' | 'nps';

/** A value's change from the previous period (`compare`). */
export interface KpiChange {
  /** value − previous.value. */
  difference: number;
  /** 95 % interval of the difference; null for counts and backlogs, and for samples too small. */
  low: number | null;
  high: number | null;
  /** The interval excludes 0 (counts: the difference exceeds 1.96 Poisson SEs). */
  clear: boolean;
}

/** One indicator in one group. `low`/`high` only for shares and scores. */
export interface KpiValue {
  value: number | null;
  n: number;
  low?: number | null;
  high?: number | null;
  previous?: { value: number | null; n: number } | null;
  /** With `compare`: the change from `previous`, null unless both values are there. */
  change?: KpiChange | null;
  /** How many distinct agents the rows behind `n` belong to, when asked for (`countAgents`). */
  agents?: number;
  /** The numbers are left out: they could reveal one colleague of the agent asking (see `viewerAgent`). */
  withheld?: boolean;
  /**
   * Agent rows: the difference with the rest of the agent's team on the statistic shown, and whether
   * it is clear. `difference` is `value − rest.value`.
   */
  comparison?: {
    against: string;
    statistic: ComparedStatistic;
    rest: { value: number | null; n: number };
    difference: number;
    low: number;
    high: number;
    pValue: number;
    clear: boolean;
  } | null;
}

/** One group: its dimension values (and `period` for a grain), then one KpiValue per KPI id. */
export type KpiRow = Record<string, string | number | null | KpiValue>;
