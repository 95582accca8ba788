import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { WORKFORCE_KPIS } from '../../src/core/kpi/catalog/workforce.js';
import { findKpi } from '../../src/core/kpi/catalog.js';
import { KpiQuery, type KpiQueryInput, type KpiRow } from '../../src/core/kpi/query.js';
import { scopeKpiQuery } from '../../src/server/scope.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { ENGINES, kpiValueIn, withFixture } from '../support/engines.js';

/**
 * The indicators of the hand-made team (test/fixtures/workforce; the minutes are worked out in
 * test/workforce/facts.test.ts), through the KPI engine, on DuckDB and on PGlite.
 *
 * Scheduled minutes: ann 240 + 60, bob 180, cem 240 = 720.
 * - adherence: adhered ann 185 + 57, bob 180, cem 240 = 662 ÷ 720.
 * - shrinkage: ann 70 + 3, bob 60 (training), cem 240 (absence) = 373 ÷ 720.
 * - conformance: available ann 170 + 57, bob 122 (2 unscheduled) = 349 ÷ on contacts ann 225 + 60,
 *   bob 120 = 405.
 * - occupancy: handling ann 20, bob 15 = 35 ÷ available 349.
 * - utilisation: handling while scheduled 35 ÷ paid 720.
 * - availability: phone covered 170 of 225 opening minutes, chat 120 of 120 = 290 ÷ 345.
 * - late_starts: ann's Monday shift of three shifts; late_start_minutes: its 10 minutes.
 */
const QUERY: KpiQueryInput = {
  from: '2026-03-01',
  to: '2026-03-08',
  timezone: 'Europe/Amsterdam',
  kpis: WORKFORCE_KPIS.map((k) => k.id),
};

async function rows(db: Engine, query: KpiQueryInput): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, { ...QUERY, ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

const valueIn = (row: KpiRow | undefined, id: string) => kpiValueIn(row, id).value;

/** An agent's KPI query as the server runs it: scoped to their team or to themselves. */
async function asAgent(db: Engine, agentId: string, query: KpiQueryInput): Promise<KpiRow[]> {
  const scoped = scopeKpiQuery(
    { agentId, teamId: 'support', timezone: 'Europe/Amsterdam' },
    KpiQuery.parse({ ...QUERY, ...query }),
  );
  if (!scoped.ok) throw new Error(scoped.error);
  const result = await runKpiQuery(db, scoped.data.query, scoped.data.options);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

describe.each(ENGINES)('the workforce indicators on $kind', (engine) => {
  test('every indicator equals its hand count', async () => {
    await withFixture(engine, 'workforce', async (db) => {
      const [all] = await rows(db, {});
      expect(valueIn(all, 'adherence')).toBeCloseTo(662 / 720, 10);
      expect(kpiValueIn(all, 'adherence').n).toBeCloseTo(720, 10);
      expect(valueIn(all, 'shrinkage')).toBeCloseTo(373 / 720, 10);
      expect(valueIn(all, 'conformance')).toBeCloseTo(349 / 405, 10);
      expect(valueIn(all, 'occupancy')).toBeCloseTo(35 / 349, 10);
      expect(valueIn(all, 'utilisation')).toBeCloseTo(35 / 720, 10);
      expect(valueIn(all, 'availability')).toBeCloseTo(290 / 345, 10);
      expect(valueIn(all, 'late_starts')).toBeCloseTo(1 / 3, 10);
      expect(kpiValueIn(all, 'late_starts').n).toBe(3);
      expect(valueIn(all, 'late_start_minutes')).toBeCloseTo(10, 10);
    });
  });

  test('per channel, per agent, per reason and per local day', async () => {
    await withFixture(engine, 'workforce', async (db) => {
      const byChannel = await rows(db, { kpis: ['availability'], by: ['channel'] });
      expect(byChannel.map((r) => [r.channel, valueIn(r, 'availability')])).toEqual([
        ['chat', 1],
        ['phone', 170 / 225],
      ]);
      const byAgent = await rows(db, { kpis: ['adherence', 'late_starts'], by: ['agent'] });
      const agent = (id: string) => byAgent.find((r) => r.agent === id);
      expect(valueIn(agent('ann'), 'adherence')).toBeCloseTo(242 / 300, 10);
      expect(valueIn(agent('bob'), 'adherence')).toBe(1);
      expect(valueIn(agent('ann'), 'late_starts')).toBeCloseTo(1 / 2, 10);
      // Grouped by reason, each reason's n is its minutes.
      const byReason = await rows(db, { kpis: ['shrinkage'], by: ['shrinkage_reason'] });
      expect(
        Object.fromEntries(byReason.map((r) => [String(r.shrinkage_reason), kpiValueIn(r, 'shrinkage').n])),
      ).toEqual({ absence: 240, break: 15, not_logged_in: 43, null: 347, training: 60, unplanned_pause: 15 });
      const filtered = await rows(db, { kpis: ['shrinkage'], filters: { shrinkage_reason: ['training'] } });
      expect(kpiValueIn(filtered[0], 'shrinkage').n).toBe(60);
      const byDay = await rows(db, { kpis: ['adherence', 'availability'], grain: 'day', to: '2026-03-04' });
      expect(
        byDay.map((r) => [r.period, kpiValueIn(r, 'adherence').n, kpiValueIn(r, 'availability').n]),
      ).toEqual([
        ['2026-03-01', 0, 0],
        // Minutes scheduled on Monday (everyone but ann's Tuesday) and the closed Tuesday.
        ['2026-03-02', 660, 345],
        ['2026-03-03', 60, 0],
      ]);
    });
  });

  test('an agent sees their own figures and no colleague’s', async () => {
    await withFixture(engine, 'workforce', async (db) => {
      const [own] = await asAgent(db, 'ann', {
        kpis: ['adherence', 'late_starts'],
        filters: { agent: ['ann'] },
      });
      expect(valueIn(own, 'adherence')).toBeCloseTo(242 / 300, 10);
      expect(valueIn(own, 'late_starts')).toBeCloseTo(1 / 2, 10);
      // The team's coverage on the phone is ann's alone: withheld from her colleague bob.
      const [team] = await asAgent(db, 'bob', {
        kpis: ['availability', 'adherence'],
        by: ['channel'],
        filters: { channel: ['phone'] },
      });
      expect(kpiValueIn(team, 'adherence')).toMatchObject({ value: null, withheld: true });
      expect(kpiValueIn(team, 'availability')).toMatchObject({ value: null, n: 0, withheld: true });
      // Availability is a team figure, its rows naming no agent: withheld from an agent whatever the
      // breakdown, by channel and hour (where one colleague alone was scheduled), or for the team.
      const byHour = await asAgent(db, 'bob', { kpis: ['availability'], by: ['channel', 'hour_of_day'] });
      expect(byHour.filter((r) => kpiValueIn(r, 'availability').n > 0)).toEqual([]);
      expect(byHour.some((r) => kpiValueIn(r, 'availability').withheld)).toBe(true);
      const [whole] = await asAgent(db, 'ann', { kpis: ['availability'] });
      expect(kpiValueIn(whole, 'availability')).toMatchObject({ value: null, withheld: true });
      // Filtered on herself, it is empty: no row of the coverage is hers.
      const [mine] = await asAgent(db, 'ann', { kpis: ['availability'], filters: { agent: ['ann'] } });
      expect(kpiValueIn(mine, 'availability')).toMatchObject({ value: null, n: 0 });
      const refused = scopeKpiQuery(
        { agentId: 'ann', teamId: 'support', timezone: 'Europe/Amsterdam' },
        KpiQuery.parse({ ...QUERY, kpis: ['adherence'], filters: { agent: ['bob'] } }),
      );
      expect(refused.ok).toBe(false);
    });
  });
});

test('the workforce indicators are in the catalog, defined with their time column and source', () => {
  for (const kpi of WORKFORCE_KPIS) {
    expect(findKpi(kpi.id)).toBe(kpi);
    expect(kpi.source.startsWith('workforce_')).toBe(true);
    expect(kpi.definition).toMatch(/Placed in the period/);
  }
});
