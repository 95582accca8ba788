import type { ChartOption } from '../../components/Chart.js';
import type { ForecastView } from './api.js';

/**
 * The forecast page's chart and its one-line reading of the accuracy: pure, so what is drawn and
 * said is tested without a browser.
 */

export const ACTUAL_COLOUR = '#1f5fa8';
export const FORECAST_COLOUR = '#c2410c';
/** The prediction band: the forecast's colour, faint, so the band and its line read as one. */
export const BAND_COLOUR = 'rgba(194, 65, 12, 0.18)';

export interface ForecastTexts {
  actual: string;
  forecast: string;
  band: string;
  label: (local: string) => string;
  value: (n: number) => string;
}

/**
 * Actual arrivals and the forecast per interval on one time axis, with the forecast's band drawn
 * as a transparent `low` and the band's width stacked on it.
 */
export function forecastOption(series: ForecastView['series'], texts: ForecastTexts): ChartOption {
  const nullable = (n: number | null) => (n === null || !Number.isFinite(n) ? null : n);
  return {
    color: [ACTUAL_COLOUR, FORECAST_COLOUR],
    grid: { left: 56, right: 24, top: 40, bottom: 48 },
    legend: { top: 0, data: [texts.actual, texts.forecast, texts.band] },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: series.map((p) => texts.label(p.local)),
      axisLabel: { hideOverlap: true },
    },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => texts.value(v) } },
    series: [
      {
        name: texts.actual,
        type: 'line',
        showSymbol: false,
        lineStyle: { color: ACTUAL_COLOUR, width: 2 },
        itemStyle: { color: ACTUAL_COLOUR },
        data: series.map((p) => nullable(p.actual)),
      },
      {
        name: texts.forecast,
        type: 'line',
        showSymbol: false,
        lineStyle: { color: FORECAST_COLOUR, width: 2, type: 'dashed' },
        itemStyle: { color: FORECAST_COLOUR },
        data: series.map((p) => nullable(p.forecast)),
      },
      {
        name: `${texts.band} (low)`,
        type: 'line',
        stack: 'band',
        showSymbol: false,
        silent: true,
        lineStyle: { opacity: 0 },
        itemStyle: { color: BAND_COLOUR },
        tooltip: { show: false },
        data: series.map((p) => nullable(p.low)),
      },
      {
        name: texts.band,
        type: 'line',
        stack: 'band',
        showSymbol: false,
        silent: true,
        lineStyle: { opacity: 0 },
        itemStyle: { color: BAND_COLOUR },
        areaStyle: { color: BAND_COLOUR },
        tooltip: { show: false },
        data: series.map((p) =>
          p.low === null || p.high === null ? null : Math.max(0, nullable(p.high - p.low) ?? 0),
        ),
      },
    ],
  };
}

export type AccuracyReading =
  | { kind: 'none' }
  | { kind: 'method'; method: number }
  | {
      kind: 'compared';
      method: number;
      baseline: number;
      baselineName: 'lastFourWeeks' | 'sameWeekLastYear';
    };

/**
 * What the accuracy table says in one line: the forecast's WAPE against the better of the two naive
 * baselines that could be measured (the fairer comparison), or alone when neither could.
 */
export function accuracyReading(accuracy: ForecastView['accuracy']): AccuracyReading {
  const method = accuracy.method.wape;
  if (method === null) return { kind: 'none' };
  const baselines = (
    [
      ['lastFourWeeks', accuracy.lastFourWeeks.wape],
      ['sameWeekLastYear', accuracy.sameWeekLastYear.wape],
    ] as const
  ).filter((b): b is readonly ['lastFourWeeks' | 'sameWeekLastYear', number] => b[1] !== null);
  const best = [...baselines].sort((a, b) => a[1] - b[1])[0];
  if (!best) return { kind: 'method', method };
  return { kind: 'compared', method, baseline: best[1], baselineName: best[0] };
}
