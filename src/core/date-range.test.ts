import { describe, expect, test } from 'vitest';
import { calendarDateProblem, localDateProblem, localDateTimeProblem } from './date-range.js';
import { KpiQuery } from './kpi/query.js';

describe('local dates and date-times', () => {
  test.each([
    '1970-01-01',
    '2200-12-31',
    '2024-02-29',
    '2000-02-29',
    '2026-03-02T10:00',
    '2026-03-02T23:59:59',
  ])('%s is accepted', (text) => expect(localDateTimeProblem(text)).toBeNull());

  test.each([
    ['0000-01-01', 'year 0000 is outside 1970-01-01 … 2200-12-31'],
    ['9999-12-31', 'year 9999 is outside'],
    ['1969-12-31', 'year 1969 is outside'],
    ['2201-01-01', 'year 2201 is outside'],
    ['2026-02-31', '2026-02-31 does not exist'],
    ['2025-02-29', '2025-02-29 does not exist'],
    ['2100-02-29', '2100-02-29 does not exist'],
    ['2026-04-31', '2026-04-31 does not exist'],
    ['2026-13-01', 'month 13 does not exist'],
    ['2026-00-10', 'month 0 does not exist'],
    ['2026-03-00', '2026-03-00 does not exist'],
    ['2026-03-02T24:00', 'not a time of day'],
    ['2026-03-02T10:60', 'not a time of day'],
    ['2026-03-02T10:00:60', 'not a time of day'],
    ['2026-03-02T10:00+01:00', 'expected YYYY-MM-DD'],
    ['2026-3-2', 'expected YYYY-MM-DD'],
    ['', 'expected YYYY-MM-DD'],
  ])('%s is refused: %s', (text, reason) => {
    expect(localDateTimeProblem(text)).toContain(reason);
  });

  test('the years 0–99 are not read as 1900–1999', () => {
    expect(calendarDateProblem(0, 2, 29)).toContain('year 0000');
  });
});

test('a holiday is a day, without a time', () => {
  expect(localDateProblem('2026-12-25')).toBeNull();
  expect(localDateProblem('2026-12-25T10:00')).toBe('expected YYYY-MM-DD');
  expect(localDateProblem('2026-12-32')).toContain('does not exist');
});

test('the KPI query model, which the CLI shares, refuses them naming the field', () => {
  const parsed = KpiQuery.safeParse({ from: '9999-01-01', to: '2026-02-30' });
  expect(parsed.success).toBe(false);
  const issues = parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  expect(issues).toEqual([
    'from: year 9999 is outside 1970-01-01 … 2200-12-31',
    'to: 2026-02-30 does not exist',
  ]);
  expect(KpiQuery.safeParse({ from: '1970-01-01', to: '2200-12-31T23:59' }).success).toBe(true);
});
