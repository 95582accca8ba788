import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { periodKeyFromEngine, periodNumberOfLocalStart, periodsBetween } from './periods.js';

describe('numbered periods', () => {
  test.each(['hour', 'day', 'week'] as const)(
    'a %s period number gives back the key of the period it numbers',
    (grain) => {
      for (const period of periodsBetween(grain, '2026-03-27', '2026-04-02', 'Europe/Amsterdam')) {
        expect(periodKeyFromEngine(grain, periodNumberOfLocalStart(grain, period.localStart))).toBe(
          period.key,
        );
      }
    },
  );

  test('weeks are numbered from Monday', () => {
    const monday = periodNumberOfLocalStart('week', '2026-03-30 00:00:00');
    expect(periodNumberOfLocalStart('week', '2026-04-05 23:59:59')).toBe(monday);
    expect(periodNumberOfLocalStart('week', '2026-04-06 00:00:00')).toBe(monday + 1);
    expect(DateTime.fromISO('2026-03-30').weekday).toBe(1);
    expect(periodKeyFromEngine('week', monday)).toBe('2026-03-30');
  });

  test('months are not numbered: the engine gives their truncated start', () => {
    expect(periodKeyFromEngine('month', '2026-03-01 00:00:00')).toBe('2026-03-01');
    expect(() => periodNumberOfLocalStart('month', '2026-03-01 00:00:00')).toThrow(
      'month periods are not numbered',
    );
  });
});
