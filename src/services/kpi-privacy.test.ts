import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import type { Grain } from '../core/dialect.js';
import { periodKey } from '../core/kpi/periods.js';
import { OneColleagueDays } from './kpi-privacy.js';

/** The rule as stated, one withheld day at a time: what the per-group lookup must agree with. */
function coversByRule(
  days: ReadonlySet<string>,
  range: { from: string; to: string },
  grain: Grain | undefined,
  dims: Record<string, unknown>,
): boolean {
  for (const day of days) {
    const start = DateTime.fromISO(day, { zone: 'UTC' });
    const next = start.plus({ days: 1 }).toFormat('yyyy-LL-dd');
    if (!(day < range.to && next > range.from)) continue;
    if (grain === 'hour' && !String(dims.period ?? '').startsWith(day)) continue;
    if (grain && grain !== 'hour' && periodKey(grain, start.startOf(grain)) !== dims.period) continue;
    if (dims.weekday != null && start.weekday !== Number(dims.weekday)) continue;
    return true;
  }
  return false;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

describe('OneColleagueDays', () => {
  test('matches a group exactly when a withheld day lies in its range, period and weekday', () => {
    const pick = random(7);
    const base = DateTime.fromISO('2025-12-01', { zone: 'UTC' });
    const dayAt = (n: number) => base.plus({ days: n });
    for (const grain of [undefined, 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const) {
      for (let round = 0; round < 40; round++) {
        const days = new Set(Array.from({ length: pick(30) }, () => dayAt(pick(120)).toFormat('yyyy-LL-dd')));
        const start = dayAt(pick(100));
        // Ranges starting and ending at midnight or within a day, as queries may.
        const range = {
          from: pick(2)
            ? start.toFormat('yyyy-LL-dd')
            : start.plus({ hours: pick(24) }).toFormat("yyyy-LL-dd'T'HH:mm"),
          to: start
            .plus({ days: 1 + pick(40), hours: pick(2) ? 0 : pick(24) })
            .toFormat("yyyy-LL-dd'T'HH:mm"),
        };
        const check = new OneColleagueDays(new Map([['frt', days]]), { grain });
        for (let group = 0; group < 60; group++) {
          const day = dayAt(pick(120));
          const dims: Record<string, unknown> = {};
          if (grain === 'hour') dims.period = day.plus({ hours: pick(24) }).toFormat("yyyy-LL-dd'T'HH:mm");
          else if (grain) dims.period = periodKey(grain, day.startOf(grain));
          if (pick(2)) dims.weekday = 1 + pick(7);
          if (pick(3) === 0) dims.channel = 'email';
          expect(
            check.covers('frt', range, dims),
            JSON.stringify({ grain, range, dims, days: [...days] }),
          ).toBe(coversByRule(days, range, grain, dims));
          expect(check.covers('csat', range, dims)).toBe(false);
        }
      }
    }
  });
});
