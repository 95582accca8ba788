import type { ChartOption } from '../../components/Chart.js';
import { SERIES_COLOURS } from '../../components/Chart.js';
import type { DistinctiveTerm, TermTrendPoint } from './api.js';

/**
 * The terms as horizontal bars of their z-score, the one that stands out most on top (ECharts
 * draws a category axis from the bottom, so the list goes in reversed).
 */
export function termChart(terms: readonly DistinctiveTerm[], valueName: string): ChartOption {
  const bottomUp = [...terms].reverse();
  return {
    color: SERIES_COLOURS,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 140, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', name: valueName },
    yAxis: { type: 'category', data: bottomUp.map((term) => term.label) },
    series: [{ name: valueName, type: 'bar', data: bottomUp.map((term) => Math.round(term.z * 10) / 10) }],
  };
}

/** Per period, the share of texts that hold the term; a period without texts has no share (a gap, not 0). */
export function trendShares(points: readonly TermTrendPoint[]): { period: string; share: number | null }[] {
  return points.map((p) => ({ period: p.period, share: p.texts > 0 ? p.withTerm / p.texts : null }));
}

/** Shares of the four tones in a tone count, for the split bars; all null without texts. */
export function toneSplit(counts: {
  positive: number;
  neutral: number;
  negative: number;
  unsure: number;
}): { positive: number; neutral: number; negative: number; unsure: number } | null {
  const total = counts.positive + counts.neutral + counts.negative + counts.unsure;
  if (total === 0) return null;
  return {
    positive: counts.positive / total,
    neutral: counts.neutral / total,
    negative: counts.negative / total,
    unsure: counts.unsure / total,
  };
}
