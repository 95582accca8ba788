/**
 * The trends page's logic apart from React, so its rules can be tested. The chart's option: interval
 * bands, small samples drawn hollow, a target line in a colour no series uses, duration axes that
 * tick at round durations, and axis labels in the same format as the values.
 */
import { MIN_RANKED_N } from '../../src/core/kpi/samples.js';
import type { ChartOption } from './components/Chart.js';
import { PREVIOUS_COLOUR, SERIES_COLOURS, TARGET_COLOUR } from './components/Chart.js';
import { type CsvValue, kpiColumn } from './csv.js';
import { formatCount, formatValue, plainValue, type ValueFormat } from './format.js';

export interface TrendPoint {
  value: number | null;
  n: number;
  low?: number | null;
  high?: number | null;
}

export interface TrendSeries {
  key: string | null;
  name: string;
  values: (TrendPoint | null)[];
  previous?: (number | null)[];
  target: number | null;
}

export interface TrendTexts {
  previous: string;
  /** The target line's label: `Target: 5 min`, or with the series' name when each has its own. */
  target: (value: string, seriesName: string | null) => string;
  smallSample: (n: string) => string;
  interval: (low: string, high: string) => string;
}

const SECOND = 1;
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Steps a duration axis may tick at: a reader counts in these, not in 1 h 23 min. */
export const ROUND_DURATIONS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
] as const;

/** At most this many steps between an axis' ends: five or six labels fit any chart height. */
const MAX_STEPS = 6;

/**
 * Ends and step of a duration axis through `values` (seconds) and zero: the smallest round step
 * that spans them in at most six steps; beyond the list, whole multiples of 30 days.
 */
export function durationAxis(values: readonly number[]): { min: number; max: number; interval: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  const low = Math.min(0, ...finite);
  const high = Math.max(0, ...finite);
  const steps = (step: number) => Math.ceil(high / step) - Math.floor(low / step);
  let interval: number =
    ROUND_DURATIONS.find((step) => steps(step) <= MAX_STEPS) ??
    30 * DAY * Math.ceil((high - low) / (30 * DAY) / MAX_STEPS);
  if (high === low) interval = MINUTE;
  const min = Math.floor(low / interval) * interval;
  return { min, max: Math.max(min + interval, Math.ceil(high / interval) * interval), interval };
}

/** Axis and tooltip numbers: shares as percentages, durations in time units, as in tables. */
export function axisFormatter(locale: string, format: ValueFormat) {
  return (v: number) => (format === 'count' ? formatCount(locale, v) : formatValue(locale, format, v));
}

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] as string;
}

/**
 * A point resting on fewer than MIN_RANKED_N contacts or answers. Counts are not samples: a day
 * with five contacts is exactly five.
 */
function isSmall(point: TrendPoint | null, format: ValueFormat): boolean {
  return format !== 'count' && point !== null && point.value !== null && point.n < MIN_RANKED_N;
}

function hasBand(point: TrendPoint | null): point is TrendPoint & { low: number; high: number } {
  return (
    point !== null &&
    typeof point.low === 'number' &&
    typeof point.high === 'number' &&
    Number.isFinite(point.low) &&
    Number.isFinite(point.high)
  );
}

/** What the chart draws besides the lines, for the notes under it. */
export function trendMarks(
  series: readonly TrendSeries[],
  format: ValueFormat,
): { bands: boolean; small: boolean } {
  return {
    bands: series.some((s) => s.values.some(hasBand)),
    small: series.some((s) => s.values.some((v) => isSmall(v, format))),
  };
}

interface TooltipParam {
  seriesIndex?: number;
  dataIndex?: number;
  marker?: unknown;
  axisValueLabel?: string;
}

/**
 * One line per series, its points filled when their `n` reaches MIN_RANKED_N and hollow below it,
 * with a shaded band from `low` to `high` where the API gives an interval; the previous period
 * dotted grey; targets dashed in TARGET_COLOUR. Series keep their index (the drill-down reads it):
 * the lines first, then the previous period, then the bands, which share their line's name so the
 * legend shows and hides both together.
 */
export function trendOption({
  periods,
  series,
  format,
  locale,
  texts,
  targetPerSeries,
}: {
  periods: readonly string[];
  series: readonly TrendSeries[];
  format: ValueFormat;
  locale: string;
  texts: TrendTexts;
  /** Each series has a target of its own (split by channel); else only the first one's is drawn. */
  targetPerSeries: boolean;
}): ChartOption {
  const fmt = axisFormatter(locale, format);
  // Targets of several series can lie close together: their labels take turns along the line.
  const labelPositions = ['insideEndTop', 'insideMiddleTop', 'insideStartTop'] as const;
  const lines = series.map((s, i) => {
    const colour = seriesColour(i);
    const drawTarget = s.target !== null && (i === 0 || targetPerSeries);
    return {
      name: s.name,
      type: 'line',
      connectNulls: false,
      symbol: 'circle',
      symbolSize: 6,
      itemStyle: { color: colour },
      lineStyle: { color: colour },
      data: s.values.map((v) =>
        isSmall(v, format)
          ? { value: v?.value ?? null, symbol: 'emptyCircle', symbolSize: 9, itemStyle: { borderWidth: 2 } }
          : (v?.value ?? null),
      ),
      markLine:
        drawTarget && s.target !== null
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: TARGET_COLOUR, type: 'dashed', width: 2 },
              label: {
                color: TARGET_COLOUR,
                formatter: texts.target(fmt(s.target), targetPerSeries ? s.name : null),
                position: labelPositions[i % labelPositions.length],
              },
              data: [{ yAxis: s.target }],
            }
          : undefined,
    };
  });
  const previous = series[0]?.previous;
  const previousLine = previous
    ? [
        {
          name: texts.previous,
          type: 'line',
          symbol: 'none',
          lineStyle: { type: 'dotted', width: 1.5, color: PREVIOUS_COLOUR },
          itemStyle: { color: PREVIOUS_COLOUR },
          data: previous,
        },
      ]
    : [];
  // A band is a transparent line at `low` with the difference to `high` stacked on it and filled.
  const bands = series.flatMap((s, i) => {
    if (!s.values.some(hasBand)) return [];
    const stack = `band-${i}`;
    const common = {
      name: s.name,
      type: 'line',
      stack,
      // Bands of NPS cross zero: the difference must stack on `low` whatever their signs.
      stackStrategy: 'all',
      symbol: 'none',
      silent: true,
      connectNulls: false,
      lineStyle: { opacity: 0 },
      tooltip: { show: false },
    };
    return [
      { ...common, data: s.values.map((v) => (hasBand(v) ? v.low : null)) },
      {
        ...common,
        areaStyle: { color: seriesColour(i), opacity: 0.15 },
        data: s.values.map((v) => (hasBand(v) ? v.high - v.low : null)),
      },
    ];
  });

  const plotted = series.flatMap((s) => [
    ...s.values.flatMap((v) => [v?.value, v?.high, v?.low]),
    ...(s.previous ?? []),
    s.target,
  ]);
  const numbers = plotted.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const yAxis =
    format === 'duration'
      ? { type: 'value', axisLabel: { formatter: fmt }, ...durationAxis(numbers) }
      : { type: 'value', axisLabel: { formatter: fmt }, min: format === 'percent' ? 0 : undefined };

  const tooltipText = (params: TooltipParam | TooltipParam[]) => {
    const list = Array.isArray(params) ? params : [params];
    const head = list[0]?.axisValueLabel ?? '';
    const rows = list.flatMap((p) => {
      const index = p.seriesIndex ?? -1;
      const at = p.dataIndex ?? -1;
      const marker = typeof p.marker === 'string' ? p.marker : '';
      if (index === series.length && previous) {
        const v = previous[at];
        return typeof v === 'number' ? [`${marker}${texts.previous}: ${fmt(v)}`] : [];
      }
      const s = series[index];
      const point = s?.values[at];
      if (!s || !point || point.value === null) return [];
      const interval = hasBand(point) ? ` (${texts.interval(fmt(point.low), fmt(point.high))})` : '';
      const small = isSmall(point, format) ? ` · ${texts.smallSample(formatCount(locale, point.n))}` : '';
      return [`${marker}${s.name}: ${fmt(point.value)}${interval}${small}`];
    });
    return [head, ...rows].join('\n');
  };

  return {
    color: [...SERIES_COLOURS],
    grid: { left: 80, right: 24, top: 40, bottom: 40 },
    legend: {
      top: 0,
      type: 'scroll',
      data: [...series.map((s) => s.name), ...(previous ? [texts.previous] : [])],
    },
    tooltip: { trigger: 'axis', formatter: tooltipText },
    xAxis: { type: 'category', data: [...periods] },
    yAxis,
    series: [...lines, ...previousLine, ...bands],
  };
}

/**
 * The server refused the query as too large (QUERY_LIMITS.cells, src/core/kpi/limits.ts): a 400
 * problem of its own type. A coarser grain is the usual way out.
 */
export function isTooLarge(error: { status?: number; type?: string }): boolean {
  return error.status === 400 && (error.type?.endsWith('/problems/query-too-large') ?? false);
}

/**
 * The trend as a CSV table: one row per series and period, values unrounded in the unit the
 * column names (`frt_seconds`, `csat_percent`), as every export does.
 */
export function trendCsv(
  model: { periods: readonly string[]; series: readonly TrendSeries[] },
  view: { kpiId: string; format: ValueFormat; split: string | null },
): { header: string[]; rows: CsvValue[][] } {
  const { kpiId, format, split } = view;
  const header = [
    'period',
    ...(split ? [split] : []),
    kpiColumn(kpiId, format),
    `${kpiId}_n`,
    ...(split ? [] : [kpiColumn(kpiId, format, 'previous')]),
  ];
  const rows = model.series.flatMap((s) =>
    model.periods.map((p, i) => [
      p,
      ...(split ? [s.name] : []),
      plainValue(format, s.values[i]?.value),
      s.values[i]?.n ?? 0,
      ...(split ? [] : [plainValue(format, s.previous?.[i])]),
    ]),
  );
  return { header, rows };
}
