import type { ClvView, RetentionCohortsView } from '../../../../src/services/business/contract.js';

/**
 * The retention cohorts as the heatmap lays them out: a row per monthly cohort, a column per month
 * since the cohort's first month. A month still to come has no cell (null), which is not a month
 * in which nobody stayed. Pure, so the layout and the shading are tested without a browser.
 */

export interface CohortCell {
  offset: number;
  retained: number;
  share: number;
  low: number | null;
  high: number | null;
  /** 0 (lightest) … 4 (darkest): the share in steps of a fifth, so it reads in grey too. */
  shade: 0 | 1 | 2 | 3 | 4;
}

export interface CohortRow {
  cohort: string;
  size: number;
  cells: (CohortCell | null)[];
}

export interface CohortGrid {
  offsets: number[];
  rows: CohortRow[];
}

export function shadeOf(share: number): CohortCell['shade'] {
  if (!Number.isFinite(share) || share <= 0) return 0;
  return Math.min(4, Math.floor(share * 5)) as CohortCell['shade'];
}

export function cohortGrid(view: Pick<RetentionCohortsView, 'cohorts'>): CohortGrid {
  const cohorts = [...view.cohorts].sort((a, b) => a.cohort.localeCompare(b.cohort));
  const last = Math.max(-1, ...cohorts.flatMap((c) => c.months.map((m) => m.offset)));
  const offsets = Array.from({ length: last + 1 }, (_, i) => i);
  return {
    offsets,
    rows: cohorts.map((c) => {
      const byOffset = new Map(c.months.map((m) => [m.offset, m]));
      return {
        cohort: c.cohort,
        size: c.size,
        cells: offsets.map((offset) => {
          const m = byOffset.get(offset);
          if (!m) return null;
          return {
            offset,
            retained: m.retained,
            share: m.share,
            low: m.interval?.low ?? null,
            high: m.interval?.high ?? null,
            shade: shadeOf(m.share),
          };
        }),
      };
    }),
  };
}

/**
 * The cohort lifetime-value curves: one line per cohort over the months since its first, on a
 * shared axis of offsets; a cohort too young for an offset has null there (a gap, not a drop).
 */
export function clvCurves(cohorts: ClvView['cohorts']): {
  offsets: number[];
  lines: { cohort: string; size: number; values: (number | null)[] }[];
} {
  const last = Math.max(-1, ...cohorts.flatMap((c) => c.cumulative.map((p) => p.offset)));
  const offsets = Array.from({ length: last + 1 }, (_, i) => i);
  return {
    offsets,
    lines: [...cohorts]
      .sort((a, b) => a.cohort.localeCompare(b.cohort))
      .map((c) => {
        const at = new Map(c.cumulative.map((p) => [p.offset, p.meanMargin]));
        return { cohort: c.cohort, size: c.size, values: offsets.map((o) => at.get(o) ?? null) };
      }),
  };
}
