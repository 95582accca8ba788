import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { type ChartProps, chartSummary } from './Chart.js';

// Only the charts and components used are registered, which keeps ECharts to a fraction of its size.
echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

/**
 * An ECharts canvas. The canvas is hidden from assistive technology: every chart is paired with a
 * table of the same numbers, which is also the keyboard path to the drill-down.
 */
export default function EChart({ option, onClick, height = 320, label, testId }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const summary = useMemo(() => JSON.stringify(chartSummary(option)), [option]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => {
      clickRef.current?.({ seriesIndex: p.seriesIndex ?? 0, dataIndex: p.dataIndex, value: p.value });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily: 'inherit' },
        ...option,
        // Rich-text tooltips are drawn on the canvas: HTML tooltips would need inline styles, which
        // the server's Content-Security-Policy forbids.
        tooltip: { ...(option.tooltip as object | undefined), renderMode: 'richText' },
      },
      { notMerge: true },
    );
    chart.current?.getZr().setCursorStyle(onClick ? 'pointer' : 'default');
  }, [option, onClick]);

  return (
    <figure className="chart" aria-label={label} data-testid={testId} data-chart={summary}>
      <div ref={ref} className="chart-canvas" style={{ height }} aria-hidden="true" />
    </figure>
  );
}
