import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { EVERY_ENGINE, withFixture } from '../../test/support/engines.js';
import type { Grain } from '../core/dialect.js';
import type { Engine } from '../core/engine.js';
import { KPIS } from '../core/kpi/catalog.js';
import { periodKey } from '../core/kpi/periods.js';
import { KpiQuery, type KpiQueryInput } from '../core/kpi/query.js';
import { runKpiQuery } from './kpi.js';
import { dayDivision, OneColleagueDays, oneColleagueDays } from './kpi-privacy.js';

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

describe('every engine withholds the same values', () => {
  const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };
  // One query per way of dividing a day (see dayDivision), and by period.
  const QUERIES: KpiQueryInput[] = [
    { ...WEEK },
    { ...WEEK, by: ['channel'] },
    { ...WEEK, by: ['hour_of_day'] },
    { ...WEEK, grain: 'day', by: ['weekday'] },
    { ...WEEK, grain: 'week', compare: true },
  ];

  /** Per query: the days withheld per KPI for each agent, and the values each agent is shown. */
  async function privacy(db: Engine) {
    const seen: unknown[] = [];
    for (const input of QUERIES) {
      const query = KpiQuery.parse(input);
      for (const viewer of ['ann', 'bob', 'carol']) {
        const days = await oneColleagueDays(db, query, KPIS, { from: WEEK.from, to: WEEK.to }, viewer);
        const sorted = Object.fromEntries([...days].map(([kpi, set]) => [kpi, [...set].sort()]).sort());
        const shown = await runKpiQuery(db, input, { viewerAgent: viewer });
        seen.push({ input, viewer, division: dayDivision(query), days: sorted, shown });
      }
    }
    return seen;
  }

  test('the days covering one colleague and the values shown to agents are equal on DuckDB, PGlite, the PostgreSQL server and ClickHouse', async () => {
    const results = new Map<string, unknown[]>();
    for (const engine of EVERY_ENGINE)
      results.set(engine.kind, await withFixture(engine, 'small-helpdesk', privacy));
    const duckdb = results.get('duckdb') ?? [];
    // The fixture has days that are one colleague's: the comparison is not of empty sets.
    expect(duckdb.some((entry) => Object.keys((entry as { days: object }).days).length > 0)).toBe(true);
    expect(duckdb.every((entry) => (entry as { shown: { ok: boolean } }).shown.ok)).toBe(true);
    for (const engine of EVERY_ENGINE) {
      const other = results.get(engine.kind) ?? [];
      expect(other.length, engine.kind).toBe(duckdb.length);
      other.forEach((entry, i) => {
        expect(entry, `${engine.kind} ${JSON.stringify((entry as { input: unknown }).input)}`).toEqual(
          duckdb[i],
        );
      });
    }
    // Every query shape on four engines, one after another.
  }, 240_000);
});
