import { describe, expect, test } from 'vitest';
import { chooseReportingCurrency } from './money.js';

describe('the reporting currency', () => {
  const rows = new Map([
    ['EUR', 40],
    ['USD', 60],
    ['GBP', 5],
  ]);

  test('is the setting when there is one', () => {
    expect(chooseReportingCurrency('SEK', rows, new Set(['USD']))).toMatchObject({
      currency: 'SEK',
      guessed: false,
    });
  });

  test('without a setting, is the one currency of the data the rates do not convert: more USD orders do not change it', () => {
    expect(chooseReportingCurrency(null, rows, new Set(['USD', 'GBP']))).toMatchObject({
      currency: 'EUR',
      guessed: true,
    });
  });

  test('without a setting or rates that tell, is the most used', () => {
    expect(chooseReportingCurrency(null, rows).currency).toBe('USD');
    expect(chooseReportingCurrency(null, rows, new Set(['GBP'])).currency).toBe('USD');
    expect(chooseReportingCurrency(null, new Map([['EUR', 3]])).currency).toBe('EUR');
  });
});
