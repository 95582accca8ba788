import { describe, expect, test } from 'vitest';
import { chartValues, lastCompleteMonths, monthTable, totals } from './series.js';

describe('the monthly figures', () => {
  const rows = [
    {
      period: '2026-02-01',
      cost_per_contact: { value: null, n: 0 },
      customers_new: { value: 7, n: 7 },
    },
    {
      period: '2026-01-01',
      cost_per_contact: { value: 4.25, n: 80 },
      customers_new: { value: 12, n: 12 },
      churn_rate: { value: 0.05, n: 100, low: 0.02, high: 0.11 },
    },
  ];

  test('months in order, one value per indicator; a month without cost data stays empty, not 0', () => {
    const table = monthTable(rows, ['customers_new', 'cost_per_contact', 'churn_rate']);
    expect(table.periods).toEqual(['2026-01-01', '2026-02-01']);
    const [customers, cost, churn] = table.series;
    expect(customers?.values.map((v) => v?.value)).toEqual([12, 7]);
    expect(cost?.values).toEqual([
      { value: 4.25, n: 80, low: null, high: null },
      { value: null, n: 0, low: null, high: null },
    ]);
    expect(cost?.emptyMonths).toBe(1);
    expect(churn?.values).toEqual([{ value: 0.05, n: 100, low: 0.02, high: 0.11 }, null]);
    expect(chartValues(cost ?? { id: '', values: [], emptyMonths: 0 })).toEqual([4.25, null]);
    expect(chartValues(churn ?? { id: '', values: [], emptyMonths: 0 }, 100)).toEqual([5, null]);
  });

  test('totals over the range: the one row of a query without grain, null for what it lacks', () => {
    const [, january] = rows;
    expect(totals(january ? [january] : [], ['customers_new', 'productivity'])).toEqual({
      customers_new: { value: 12, n: 12, low: null, high: null },
      productivity: null,
    });
    expect(totals([], ['customers_new'])).toEqual({ customers_new: null });
  });
});

describe('the default period', () => {
  test('the last twelve complete months before the anchor; a month under way is left out', () => {
    expect(lastCompleteMonths('2026-12-05', 12)).toEqual({ from: '2025-12-01', to: '2026-12-01' });
    // Data up to 30 November: November is complete.
    expect(lastCompleteMonths('2026-12-01', 12)).toEqual({ from: '2025-12-01', to: '2026-12-01' });
    expect(lastCompleteMonths('2026-03-31', 3)).toEqual({ from: '2025-12-01', to: '2026-03-01' });
  });

  test('an anchor that is not a day is refused by name', () => {
    expect(() => lastCompleteMonths('soon', 12)).toThrow('not a day: soon');
  });
});
