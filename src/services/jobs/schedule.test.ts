import { describe, expect, test } from 'vitest';
import { nextScheduledRun, retryAt, retryDelayMs, scheduleProblem, timeZoneProblem } from './schedule.js';

const runs = (schedule: string, timezone: string, from: string, count: number) => {
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const next = nextScheduledRun(schedule, timezone, at);
    if (!next) break;
    out.push(next.toISOString());
    at = next;
  }
  return out;
};

describe('schedules', () => {
  test('a time skipped by the spring change runs at the first time after it, once', () => {
    // 02:30 does not exist in Amsterdam on 29 March 2026: the clocks go from 02:00 to 03:00.
    expect(runs('30 2 * * *', 'Europe/Amsterdam', '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  test('a time repeated by the autumn change runs once', () => {
    // 02:30 happens twice in Amsterdam on 25 October 2026.
    expect(runs('30 2 * * *', 'Europe/Amsterdam', '2026-10-24T12:00:00Z', 3)).toEqual([
      // The first 02:30 (summer time), not the second an hour later.
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  test('no schedule: no run by itself', () => {
    expect(nextScheduledRun(null, 'UTC', new Date())).toBeNull();
  });

  test('five fields only, in a time zone the runtime knows', () => {
    expect(scheduleProblem('0 2 * * *', 'UTC')).toBeNull();
    expect(scheduleProblem('0 0 2 * * *', 'UTC')).toMatch(
      /^'0 0 2 \* \* \*' is not a cron schedule of five fields/,
    );
    expect(scheduleProblem('61 * * * *', 'UTC')).toMatch(/minute: 61/);
    expect(scheduleProblem('0 0 30 2 *', 'UTC')).toBe("'0 0 30 2 *' never runs");
    expect(timeZoneProblem('Europe/Amsterdam')).toBeNull();
    expect(timeZoneProblem('Mars/Olympus')).toBe(
      "'Mars/Olympus' is not an IANA time zone (such as Europe/Amsterdam)",
    );
  });

  test('the wait after failures doubles from a minute up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => retryDelayMs(n) / 60_000)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60, 60,
    ]);
    const failedAt = new Date('2026-06-01T02:00:00Z');
    expect(retryAt(3, '0 2 * * *', 'UTC', failedAt)?.toISOString()).toBe('2026-06-01T02:04:00.000Z');
    expect(retryAt(3, '*/2 * * * *', 'UTC', failedAt)?.toISOString()).toBe('2026-06-01T02:02:00.000Z');
    expect(retryAt(3, null, 'UTC', failedAt)).toBeNull();
  });
});
