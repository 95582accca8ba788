import { describe, expect, it } from 'vitest';
import { MIN_RANKED_N } from '../../src/core/kpi/samples.js';
import { chartSummary, PREVIOUS_COLOUR, SERIES_COLOURS, TARGET_COLOUR } from './components/Chart.js';
import { coarserGrain, defaultGrain, MAX_TREND_POINTS, periodsIn, trendGrain } from './filters.js';
import { formatValue } from './format.js';
import {
  durationAxis,
  isTooLarge,
  ROUND_DURATIONS,
  type TrendSeries,
  trendCsv,
  trendMarks,
  trendOption,
} from './trends.js';

const texts = {
  previous: 'Previous period',
  target: (value: string, name: string | null) => (name ? `Target ${name}: ${value}` : `Target: ${value}`),
  smallSample: (n: string) => `small sample: n = ${n}`,
  interval: (low: string, high: string) => `${low} – ${high}`,
};

interface OptionSeries {
  name: string;
  data: unknown[];
  stack?: string;
  areaStyle?: unknown;
  markLine?: { lineStyle: { color: string } };
}

function seriesOf(option: ReturnType<typeof trendOption>): OptionSeries[] {
  return option.series as OptionSeries[];
}

describe('the grain of a trend', () => {
  it('defaults to one that keeps the range readable, up to years over decades', () => {
    const grainOf = (from: string, to: string) => defaultGrain({ from, to });
    expect(grainOf('2026-01-01', '2026-01-03')).toBe('hour');
    expect(grainOf('2026-01-01', '2026-02-10')).toBe('day');
    expect(grainOf('2026-01-01', '2026-12-31')).toBe('week');
    expect(grainOf('2022-01-01', '2026-12-31')).toBe('month');
    expect(grainOf('2010-01-01', '2026-12-31')).toBe('quarter');
    expect(grainOf('1990-01-01', '2030-01-01')).toBe('year');
    expect(defaultGrain({ from: '2026-01-01', to: '2026-01-02' }, false)).toBe('day');
  });

  it('counts the periods a range touches', () => {
    expect(periodsIn({ from: '2026-01-01', to: '2026-01-03' }, 'hour')).toBe(48);
    expect(periodsIn({ from: '2026-01-01', to: '2026-02-01' }, 'day')).toBe(31);
    // Thursday 1 January to Sunday 11 January: the weeks of 29 Dec and 5 Jan.
    expect(periodsIn({ from: '2026-01-01', to: '2026-01-12' }, 'week')).toBe(2);
    expect(periodsIn({ from: '2026-01-15', to: '2026-03-02' }, 'month')).toBe(3);
    expect(periodsIn({ from: '2025-11-01', to: '2026-04-02' }, 'quarter')).toBe(3);
    expect(periodsIn({ from: '1990-01-01', to: '2030-01-01' }, 'year')).toBe(40);
    expect(periodsIn({ from: '1990-01-01', to: '2030-01-01' }, 'hour')).toBe(350_640);
  });

  it('refuses hours over forty years and shows the finest grain that stays readable', () => {
    const choice = trendGrain('hour', { from: '1990-01-01', to: '2030-01-01' });
    expect(choice.grain).toBe('month');
    expect(choice.tooFine).toEqual({ asked: 'hour', points: 350_640 });
    expect(periodsIn({ from: '1990-01-01', to: '2030-01-01' }, choice.grain)).toBeLessThanOrEqual(
      MAX_TREND_POINTS,
    );
  });

  it('keeps a chosen grain that stays readable, and the default without a choice', () => {
    expect(trendGrain('day', { from: '2026-01-01', to: '2026-04-01' })).toEqual({
      grain: 'day',
      tooFine: null,
    });
    expect(trendGrain(null, { from: '1990-01-01', to: '2030-01-01' })).toEqual({
      grain: 'year',
      tooFine: null,
    });
    expect(trendGrain('hour', { from: '2026-01-01', to: '2026-01-02' }, false).grain).toBe('day');
    expect(trendGrain('fortnight', { from: '2026-01-01', to: '2026-01-02' }).grain).toBe('hour');
  });

  it('steps to the next coarser grain, none after years', () => {
    expect(coarserGrain('hour')).toBe('day');
    expect(coarserGrain('quarter')).toBe('year');
    expect(coarserGrain('year')).toBeNull();
  });
});

describe('a refusal as too large', () => {
  it('is recognised from the problem type the server gives it', () => {
    // test/server/availability.test.ts checks that the server gives this type to such a refusal.
    const type = 'https://servicemeter.dev/problems/query-too-large';
    expect(isTooLarge({ status: 400, type })).toBe(true);
    expect(isTooLarge({ status: 400, type: 'https://servicemeter.dev/problems/invalid-request' })).toBe(
      false,
    );
    expect(isTooLarge({ status: 503, type })).toBe(false);
  });
});

describe('duration axes', () => {
  it('tick at round durations chosen from the data', () => {
    expect(durationAxis([40, 290])).toEqual({ min: 0, max: 300, interval: 60 });
    expect(durationAxis([2900, 5400])).toEqual({ min: 0, max: 5400, interval: 900 });
    expect(durationAxis([3 * 3600, 20 * 3600])).toEqual({ min: 0, max: 86_400, interval: 6 * 3600 });
  });

  it('always use a step from the round list and at most six steps', () => {
    for (const top of [7, 59, 61, 500, 3599, 3601, 7300, 50_000, 200_000, 900_000]) {
      const axis = durationAxis([top / 3, top]);
      expect(ROUND_DURATIONS).toContain(axis.interval);
      expect(axis.max).toBeGreaterThanOrEqual(top);
      expect((axis.max - axis.min) / axis.interval).toBeLessThanOrEqual(6);
    }
  });

  it('label their ticks as values are formatted', () => {
    const option = trendOption({
      periods: ['1 Jan'],
      series: [{ key: null, name: 'All', values: [{ value: 2900, n: 100 }], target: null }],
      format: 'duration',
      locale: 'en',
      texts,
      targetPerSeries: false,
    });
    const axis = option.yAxis as { axisLabel: { formatter: (v: number) => string }; interval: number };
    expect(axis.interval).toBe(600);
    expect(axis.axisLabel.formatter(3600)).toBe(formatValue('en', 'duration', 3600));
  });
});

describe('the trend chart', () => {
  const shares: TrendSeries = {
    key: null,
    name: 'All',
    values: [
      { value: 0.8, n: 200, low: 0.74, high: 0.85 },
      { value: 0.5, n: MIN_RANKED_N - 1, low: 0.3, high: 0.7 },
      null,
    ],
    previous: [0.7, 0.75, null],
    target: 0.9,
  };
  const durations: TrendSeries = {
    key: 'chat',
    name: 'Chat',
    values: [
      { value: 600, n: 3 },
      { value: 900, n: 400 },
    ],
    target: 300,
  };

  it('draws target lines in a colour no series uses', () => {
    expect(SERIES_COLOURS).not.toContain(TARGET_COLOUR);
    expect(TARGET_COLOUR).not.toBe(PREVIOUS_COLOUR);
    const option = trendOption({
      periods: ['a', 'b'],
      series: SERIES_COLOURS.map((_, i) => ({ ...durations, key: `c${i}`, name: `Channel ${i}` })),
      format: 'duration',
      locale: 'en',
      texts,
      targetPerSeries: true,
    });
    const summary = chartSummary(option);
    const lineColours = summary.series.filter((s) => s.kind === 'line').map((s) => s.colour);
    const targets = summary.series.flatMap((s) => (s.target ? [s.target] : []));
    expect(targets).toHaveLength(SERIES_COLOURS.length);
    for (const target of targets) {
      expect(lineColours).not.toContain(target);
      expect(summary.palette).not.toContain(target);
    }
  });

  it('shades the interval of shares and keeps the lines first for the drill-down', () => {
    const option = trendOption({
      periods: ['a', 'b', 'c'],
      series: [shares],
      format: 'percent',
      locale: 'en',
      texts,
      targetPerSeries: false,
    });
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['All', 'Previous period', 'All', 'All']);
    const [low, width] = series.slice(2);
    expect(low?.stack).toBe(width?.stack);
    expect(low?.data).toEqual([0.74, 0.3, null]);
    expect(
      ((width?.data ?? []) as (number | null)[]).map((v) => (v === null ? null : Number(v.toFixed(2)))),
    ).toEqual([0.11, 0.4, null]);
    expect(width?.areaStyle).toBeDefined();
  });

  it('draws points on a small sample hollow and says so in the tooltip', () => {
    const option = trendOption({
      periods: ['1 Jan', '2 Jan'],
      series: [durations],
      format: 'duration',
      locale: 'en',
      texts,
      targetPerSeries: false,
    });
    const [line] = seriesOf(option);
    expect(line?.data[0]).toMatchObject({ value: 600, symbol: 'emptyCircle' });
    expect(line?.data[1]).toBe(900);
    // No interval for durations: no band.
    expect(seriesOf(option)).toHaveLength(1);
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    const small = tooltip.formatter([{ seriesIndex: 0, dataIndex: 0, axisValueLabel: '1 Jan', marker: '' }]);
    expect(small).toContain('small sample: n = 3');
    expect(small).toContain(formatValue('en', 'duration', 600));
    const large = tooltip.formatter([{ seriesIndex: 0, dataIndex: 1, axisValueLabel: '2 Jan', marker: '' }]);
    expect(large).not.toContain('small sample');
  });

  it('does not call a small count a small sample', () => {
    const counts: TrendSeries = { key: null, name: 'All', values: [{ value: 3, n: 3 }], target: null };
    expect(trendMarks([counts], 'count')).toEqual({ bands: false, small: false });
    expect(trendMarks([counts], 'duration')).toEqual({ bands: false, small: true });
    const option = trendOption({
      periods: ['a'],
      series: [counts],
      format: 'count',
      locale: 'en',
      texts,
      targetPerSeries: false,
    });
    expect(seriesOf(option)[0]?.data).toEqual([3]);
  });

  it('gives the interval in the tooltip in the value’s format', () => {
    const option = trendOption({
      periods: ['a', 'b', 'c'],
      series: [shares],
      format: 'percent',
      locale: 'en',
      texts,
      targetPerSeries: false,
    });
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    const text = tooltip.formatter([
      { seriesIndex: 0, dataIndex: 0, axisValueLabel: 'a', marker: '' },
      { seriesIndex: 1, dataIndex: 0, axisValueLabel: 'a', marker: '' },
      { seriesIndex: 2, dataIndex: 0, axisValueLabel: 'a', marker: '' },
    ]);
    expect(text.split('\n')).toEqual([
      'a',
      `All: ${formatValue('en', 'percent', 0.8)} (${formatValue('en', 'percent', 0.74)} – ${formatValue('en', 'percent', 0.85)})`,
      `Previous period: ${formatValue('en', 'percent', 0.7)}`,
    ]);
  });
});

describe('trend CSV', () => {
  const series = (name: string, key: string | null, previous?: (number | null)[]): TrendSeries => ({
    key,
    name,
    values: [
      { value: 0.8125, n: 40 },
      { value: null, n: 0 },
    ],
    ...(previous ? { previous } : {}),
    target: null,
  });
  const periods = ['2026-01-05', '2026-01-12'];

  it('names the unit in the value columns and keeps the values unrounded in it', () => {
    const { header, rows } = trendCsv(
      { periods, series: [series('All', null, [0.75, null])] },
      { kpiId: 'csat', format: 'percent', split: null },
    );
    expect(header).toEqual(['period', 'csat_percent', 'csat_n', 'csat_previous_percent']);
    expect(rows).toEqual([
      ['2026-01-05', 81.25, 40, 75],
      ['2026-01-12', null, 0, null],
    ]);
  });

  it('gives durations in seconds and a column for the split, without a previous period', () => {
    const { header, rows } = trendCsv(
      { periods, series: [series('Email', 'email'), series('Chat', 'chat')] },
      { kpiId: 'frt', format: 'duration', split: 'channel' },
    );
    expect(header).toEqual(['period', 'channel', 'frt_seconds', 'frt_n']);
    expect(rows[0]).toEqual(['2026-01-05', 'Email', 0.8125, 40]);
    expect(rows[3]).toEqual(['2026-01-12', 'Chat', null, 0]);
  });
});
