import type { EChartsCoreOption } from 'echarts/core';
import { lazy, Suspense } from 'react';
import { Loading } from './States.js';

export type ChartOption = EChartsCoreOption;

export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  value: unknown;
}

export interface ChartProps {
  option: ChartOption;
  onClick?: (click: ChartClick) => void;
  height?: number;
  label: string;
  testId?: string;
}

/** ECharts loads with the first chart shown, so signing in and the overview do not wait for it. */
const EChart = lazy(() => import('./EChart.js'));

export function Chart(props: ChartProps) {
  return (
    <Suspense fallback={<Loading />}>
      <EChart {...props} />
    </Suspense>
  );
}

/** Colours with at least 3:1 contrast against white for lines and bars, in a colour-blind-safe order. */
export const SERIES_COLOURS = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207'];
/**
 * Target lines: near-black and dashed, a colour no series uses, so a target never reads as one more
 * series (or as the series that happens to share its colour).
 */
export const TARGET_COLOUR = '#111827';
/** The previous period's line: a light grey, dotted. */
export const PREVIOUS_COLOUR = '#6b7280';

interface SummarySeries {
  id?: unknown;
  name?: unknown;
  type?: unknown;
  data?: unknown;
  lineStyle?: { color?: unknown };
  itemStyle?: { color?: unknown };
  areaStyle?: unknown;
  markLine?: { lineStyle?: { color?: unknown } };
}

/**
 * What a chart draws, in words a test or a script can read from the page (the canvas cannot be
 * read): the categories, and per series its name, colour, kind, values and target-line colour.
 */
/** The id of a series that only carries a reference line across the chart (a baseline), no values. */
export const REFERENCE_SERIES_ID = 'reference-line';

function isReference(s: SummarySeries): boolean {
  return s.id === REFERENCE_SERIES_ID;
}

export function chartSummary(option: ChartOption) {
  const palette = Array.isArray(option.color) ? (option.color as string[]) : SERIES_COLOURS;
  const axis = (Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis) as
    | { data?: unknown }
    | undefined;
  const list = (Array.isArray(option.series) ? option.series : []) as SummarySeries[];
  return {
    categories: Array.isArray(axis?.data) ? axis.data.map(String) : [],
    palette: [...palette],
    series: list.map((s, i) => ({
      name: typeof s.name === 'string' ? s.name : '',
      type: typeof s.type === 'string' ? s.type : '',
      // Stacking is used only for interval bands: a transparent `low` with the filled width on it.
      // A series without values that only carries a line across the chart (a baseline) is a reference.
      kind: isReference(s) ? 'reference' : s.areaStyle || (s as { stack?: unknown }).stack ? 'band' : 'line',
      colour: String(s.lineStyle?.color ?? s.itemStyle?.color ?? palette[i % palette.length]),
      values: Array.isArray(s.data)
        ? s.data.map((d: unknown) => {
            const v =
              d !== null && typeof d === 'object' && 'value' in d ? (d as { value: unknown }).value : d;
            return typeof v === 'number' ? v : null;
          })
        : [],
      target: s.markLine && !isReference(s) ? String(s.markLine.lineStyle?.color ?? '') : null,
      reference: s.markLine && isReference(s) ? String(s.markLine.lineStyle?.color ?? '') : null,
    })),
  };
}
