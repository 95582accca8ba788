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
export const TARGET_COLOUR = '#b91c1c';
