import { describe, expect, test } from 'vitest';
import { KPIS } from './catalog.js';
import { checkShape, checkSize, estimateSize, periodCount, QUERY_LIMITS, withoutRepeats } from './limits.js';
import { KpiQuery } from './query.js';

const parse = (input: unknown) => KpiQuery.parse(input);

describe('query limits', () => {
  test('repeats count once, first occurrence kept', () => {
    const query = withoutRepeats(
      parse({
        kpis: ['frt', 'csat', 'frt', 'frt'],
        by: ['agent', 'channel', 'agent'],
        filters: { channel: ['chat', 'email', 'chat'] },
      }),
    );
    expect(query.kpis).toEqual(['frt', 'csat']);
    expect(query.by).toEqual(['agent', 'channel']);
    expect(query.filters.channel).toEqual(['chat', 'email']);
  });

  test('every list is bounded before anything is computed', () => {
    const many = Array.from({ length: QUERY_LIMITS.listEntries + 1 }, () => 'frt');
    expect(KpiQuery.safeParse({ kpis: many }).success).toBe(false);
    expect(KpiQuery.safeParse({ kpis: many.slice(1) }).success).toBe(true);
    const by = Array.from({ length: 50_000 }, () => 'agent');
    expect(KpiQuery.safeParse({ by }).success).toBe(false);
    const values = Array.from({ length: QUERY_LIMITS.listEntries + 1 }, (_, i) => `c${i}`);
    expect(KpiQuery.safeParse({ filters: { channel: values } }).success).toBe(false);
  });

  test('at most a few distinct dimensions in by; repeats of one are one', () => {
    expect(checkShape(parse({ by: ['agent', 'agent', 'agent', 'weekday', 'hour_of_day'] })).ok).toBe(true);
    const six = checkShape(parse({ by: ['channel', 'team', 'agent', 'topic', 'priority', 'hour_of_day'] }));
    expect(six.ok).toBe(false);
    if (!six.ok) expect(six.error[0]).toContain(`at most ${QUERY_LIMITS.byDimensions} dimensions`);
  });

  test('a range must end after it starts: a reversed or empty one is refused, not answered with n 0', () => {
    expect(checkShape(parse({ from: '2026-03-01', to: '2026-03-02' })).ok).toBe(true);
    for (const [from, to] of [
      ['2026-03-02', '2026-03-01'],
      ['2026-03-01', '2026-03-01T00:00'],
      ['2026-03-01T10:00', '2026-03-01T09:30'],
    ]) {
      const refused = checkShape(parse({ from, to }));
      expect(refused.ok, `${from} → ${to}`).toBe(false);
      if (!refused.ok)
        expect(refused.error[0]).toBe(`to: ${to} is not after from (${from}); the end is exclusive`);
    }
  });

  test('periods are counted from the range and grain, in the time zone', () => {
    expect(periodCount('hour', '2026-01-01', '2027-01-01', 'Europe/Amsterdam')).toBe(8760);
    // The spring change has a 23-hour day.
    expect(periodCount('hour', '2026-03-29', '2026-03-30', 'Europe/Amsterdam')).toBe(23);
    expect(periodCount('day', '2026-01-01', '2026-01-31', 'UTC')).toBe(30);
    // A range ending inside a period still shows that period.
    expect(periodCount('week', '2026-03-04', '2026-03-10', 'UTC')).toBe(2);
    expect(periodCount('month', '2026-01-15', '2026-03-02', 'UTC')).toBe(3);
    expect(periodCount('quarter', '2026-01-01', '2027-01-01', 'UTC')).toBe(4);
    expect(periodCount('year', '2020-01-01', '2026-01-01', 'UTC')).toBe(6);
    expect(periodCount('hour', '0001-01-01', '9999-01-01', 'UTC')).toBeGreaterThan(80_000_000);
  });

  test('groups: a filter narrows a dimension, each has one more group for none, time dimensions are fixed', () => {
    const sizes = { agent: 40, channel: 5 };
    const range = { from: '2026-01-01', to: '2026-01-08' };
    const size = estimateSize(
      parse({
        grain: 'day',
        by: ['agent', 'channel', 'hour_of_day'],
        filters: { channel: ['chat', 'email'] },
      }),
      range,
      3,
      sizes,
    );
    expect(size).toEqual({ periods: 7, rows: 7 * 41 * 2 * 24, cells: 7 * 41 * 2 * 24 * 3 });
    // A dimension the facts do not have yet is one group, "none".
    expect(estimateSize(parse({ by: ['topic', 'weekday'] }), range, 1, {}).rows).toBe(7);
  });

  test('a six-dimension hourly breakdown over years is refused, naming the limit and a way out', () => {
    const query = parse({ grain: 'hour', by: ['agent', 'topic', 'hour_of_day'] });
    const size = estimateSize(query, { from: '2023-01-01', to: '2026-01-01' }, KPIS.length, {
      agent: 40,
      topic: 10,
    });
    const checked = checkSize(size, query);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error).toContain(String(QUERY_LIMITS.cells));
      expect(checked.error).toContain('coarser grain');
      expect(checked.error).toContain('26304 hour periods');
    }
    const daily = parse({ grain: 'day', by: ['agent', 'topic', 'hour_of_day'] });
    const week = estimateSize(daily, { from: '2026-01-05', to: '2026-01-12' }, 1, { agent: 40, topic: 10 });
    expect(week.cells).toBe(7 * 41 * 11 * 24);
    expect(checkSize(week, daily).ok).toBe(true);
  });
});
