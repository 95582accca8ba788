/**
 * A report's charts, drawn on the server without a browser: the dashboard's chart library renders
 * to SVG, and the SVG is rasterised to PNG for mail clients and the PDF, which show no SVG.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { formatFigure } from '../../core/reports/format.js';
import type { Locale } from '../users.js';
import type { ReportFigure } from './contract.js';
import { reportMessages } from './messages.js';

/** Fonts with the letters of every language of the product (Debian: fonts-dejavu-core, fonts-droid-fallback). */
export const FONT_FILES = {
  latin: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  latinBold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  cjk: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
} as const;

const LINE_COLOURS = ['#2563eb', '#16a34a', '#ea580c', '#9333ea', '#0891b2', '#be123c', '#4d7c0f', '#a16207'];
const FONT_FAMILY = "'DejaVu Sans', 'Droid Sans Fallback', sans-serif";

/** The axis label of a period key (`2026-11-30`, `2026-11-01`) in the recipient's language. */
function periodLabel(locale: Locale, key: string, monthly: boolean): string {
  const date = new Date(`${key.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return key;
  const options: Intl.DateTimeFormatOptions = monthly
    ? { month: 'short', year: '2-digit', timeZone: 'UTC' }
    : { day: 'numeric', month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** A figure's chart as an SVG document: a line per series, and the target as a dashed line. */
export function chartSvg(
  figure: ReportFigure,
  locale: Locale,
  options: { width: number; height: number },
): string {
  const points = figure.series[0]?.points ?? [];
  const monthly = points.length > 1 && points.every((p) => p.period.endsWith('-01'));
  const words = reportMessages(locale);
  const format = (value: number) => formatFigure(locale, figure.format, value);
  const target = figure.target ?? 0;
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: options.width,
    height: options.height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY },
      color: LINE_COLOURS,
      grid: { left: 8, right: 16, top: figure.series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
      legend: figure.series.length > 1 ? { top: 4, textStyle: { fontFamily: FONT_FAMILY } } : undefined,
      xAxis: {
        type: 'category',
        data: points.map((p) => periodLabel(locale, p.period, monthly)),
        axisLabel: { fontFamily: FONT_FAMILY, fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        scale: figure.format !== 'count',
        // The target line is drawn only inside the axis: the axis reaches it.
        ...(figure.target === null
          ? {}
          : {
              min: (extent: { min: number }) => Math.min(extent.min, target),
              max: (extent: { max: number }) => Math.max(extent.max, target),
            }),
        axisLabel: { fontFamily: FONT_FAMILY, fontSize: 11, formatter: format },
      },
      series: figure.series.map((line, index) => ({
        name: line.name ?? figure.label,
        type: figure.chart === 'table' ? 'bar' : 'line',
        data: line.points.map((p) => p.value),
        connectNulls: false,
        symbolSize: 5,
        markLine:
          index === 0 && figure.target !== null
            ? {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#dc2626', width: 1.5 },
                label: {
                  formatter: `${words.target} ${format(figure.target)}`,
                  position: 'insideEndTop',
                  fontFamily: FONT_FAMILY,
                  color: '#dc2626',
                },
                data: [{ yAxis: figure.target, name: 'target' }],
              }
            : undefined,
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * The fonts found on this machine for an SVG: the Chinese one only where the SVG has Chinese (it is
 * large and slow to load); the system's fonts only when neither is installed.
 */
function fontsFor(svg: string): { fontFiles: string[]; loadSystemFonts: boolean } {
  const wanted = [
    FONT_FILES.latin,
    FONT_FILES.latinBold,
    ...(/[\u3000-\u9fff\uff00-\uffef]/.test(svg) ? [FONT_FILES.cjk] : []),
  ];
  const fontFiles = wanted.filter((file) => existsSync(file));
  return { fontFiles, loadSystemFonts: fontFiles.length === 0 };
}

/** An SVG rasterised to PNG at `scale` times its size (2: sharp on high-density screens). */
export function chartPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { ...fontsFor(svg), defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}
