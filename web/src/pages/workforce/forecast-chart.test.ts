import { describe, expect, test } from 'vitest';
import { chartSummary } from '../../components/Chart.js';
import { accuracyReading, forecastOption } from './forecast-chart.js';

describe('the forecast chart', () => {
  test('draws actual, forecast and the band stacked on its low', () => {
    const option = forecastOption(
      [
        {
          start: 'a',
          local: '2026-11-30T09:00',
          actual: 12,
          forecast: 10,
          low: 8,
          high: 13,
          ahtSeconds: 200,
        },
        {
          start: 'b',
          local: '2026-11-30T09:30',
          actual: null,
          forecast: 11,
          low: 9,
          high: 14,
          ahtSeconds: null,
        },
      ],
      { actual: 'Actual', forecast: 'Forecast', band: 'Band', label: (l) => l.slice(11), value: String },
    );
    const summary = chartSummary(option);
    expect(summary.categories).toEqual(['09:00', '09:30']);
    expect(summary.series.map((s) => [s.name, s.kind, s.values])).toEqual([
      ['Actual', 'line', [12, null]],
      ['Forecast', 'line', [10, 11]],
      ['Band (low)', 'band', [8, 9]],
      ['Band', 'band', [5, 5]],
    ]);
  });
});

describe('the accuracy reading', () => {
  const none = { wape: null, bias: null };
  test('compares with the better baseline that could be measured', () => {
    expect(
      accuracyReading({
        heldBack: { from: '2026-11-02', to: '2026-11-30' },
        method: { wape: 0.12, bias: 0.01 },
        lastFourWeeks: { wape: 0.19, bias: -0.02 },
        sameWeekLastYear: { wape: 0.25, bias: 0.1 },
      }),
    ).toEqual({ kind: 'compared', method: 0.12, baseline: 0.19, baselineName: 'lastFourWeeks' });
    expect(
      accuracyReading({
        heldBack: null,
        method: { wape: 0.12, bias: 0.01 },
        lastFourWeeks: none,
        sameWeekLastYear: { wape: 0.09, bias: 0 },
      }),
    ).toEqual({ kind: 'compared', method: 0.12, baseline: 0.09, baselineName: 'sameWeekLastYear' });
  });

  test('says the forecast alone, or nothing, when there is nothing to compare', () => {
    const accuracy = {
      heldBack: null,
      method: { wape: 0.2, bias: 0 },
      lastFourWeeks: none,
      sameWeekLastYear: none,
    };
    expect(accuracyReading(accuracy)).toEqual({ kind: 'method', method: 0.2 });
    expect(accuracyReading({ ...accuracy, method: none })).toEqual({ kind: 'none' });
  });
});
