import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import type { KpiQueryInput, KpiValue } from '../src/core/kpi/query.js';
import { importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { rebuildFacts } from '../src/services/rebuild.js';
import { EVERY_ENGINE, FIXTURES, kpiValueIn, withDuckDb, withFixture } from './support/engines.js';

const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };

async function overall(db: Engine, query: KpiQueryInput = {}): Promise<Record<string, KpiValue>> {
  const result = await runKpiQuery(db, { ...WEEK, ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  expect(result.data.rows).toHaveLength(1);
  return result.data.rows[0] as Record<string, KpiValue>;
}

describe.each(EVERY_ENGINE)('$kind: indicators on the hand-computed fixture', (engine) => {
  test('volumes, speed, resolution and queue indicators', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const row = await overall(db);
      expect(row.contacts_created).toMatchObject({ value: 6, n: 6 });
      expect(row.contacts_resolved).toMatchObject({ value: 4 });
      // FRT business seconds: t1 1200, t2 3600 (Fri 16:30 → Mon 09:30), t3 20 (answer), t6 30.
      expect(row.frt).toMatchObject({ value: 615, n: 4 });
      expect(row.frt_pending).toMatchObject({ value: 0 });
      // t6 (phone, 30 s > 20 s) misses its target; the other three make it.
      expect(row.frt_within_target?.value).toBeCloseTo(0.75, 10);
      expect(row.frt_within_target?.n).toBe(4);
      expect(row.aht).toMatchObject({ value: 450, n: 2 });
      expect(row.acw_time).toMatchObject({ value: 60, n: 1 });
      // t5 gave up after 3 s: a short abandon, in neither offered nor abandoned.
      expect(row.offered).toMatchObject({ value: 3 });
      expect(row.answered).toMatchObject({ value: 2 });
      expect(row.abandoned).toMatchObject({ value: 1 });
      expect(row.abandonment_rate?.value).toBeCloseTo(1 / 3, 10);
      expect(row.asa).toMatchObject({ value: 25, n: 2 });
      // Chat t3 answered in 20 s ≤ 30 s; phone t6 answered after 30 s > 20 s; t4 abandoned after 60 s.
      expect(row.service_level?.value).toBeCloseTo(1 / 3, 10);
      expect(row.service_level?.n).toBe(3);
      expect(row.fcr_rate?.value).toBeCloseTo(0.75, 10);
      expect(row.reopen_rate?.value).toBeCloseTo(0.25, 10);
      expect(row.escalation_rate?.value).toBeCloseTo(1 / 6, 10);
      expect(row.resolved_within_24h?.value).toBeCloseTo(0.75, 10);
    });
  });

  test('calendar hours and other statistics', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const mean = await overall(db, { kpis: ['frt'], stat: 'mean', hours: 'calendar' });
      expect(mean.frt?.value).toBeCloseTo((20 + 30 + 1200 + 234_000) / 4, 6);
      const business = await overall(db, { kpis: ['frt'], stat: 'mean', hours: 'business' });
      expect(business.frt?.value).toBeCloseTo((20 + 30 + 1200 + 3600) / 4, 6);
    });
  });

  test('surveys: skipped answers are not in the denominator', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const row = await overall(db);
      expect(row.csat).toMatchObject({ value: 0.5, n: 4 });
      expect(row.csat?.low).toBeCloseTo(0.15003, 4);
      expect(row.csat?.high).toBeCloseTo(0.84997, 4);
      expect(row.csat_avg).toMatchObject({ value: 3.5, n: 4 });
      expect(row.csat_response_rate).toMatchObject({ value: 0.8, n: 5 });
      expect(row.nps).toMatchObject({ value: 0, n: 3 });
      expect(row.ces).toMatchObject({ value: 0.5, n: 2 });
    });
  });

  test('grouping by agent credits FRT to the replier and CSAT to the last replier', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const result = await runKpiQuery(db, { ...WEEK, kpis: ['frt', 'csat'], by: ['agent'] });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const byAgent = Object.fromEntries(result.data.rows.map((r) => [String(r.agent), r]));
      expect(byAgent.ann?.frt).toMatchObject({ n: 2 });
      expect(byAgent.bob?.frt).toMatchObject({ n: 2 });
      expect(byAgent.ann?.csat).toMatchObject({ value: 1, n: 2 });
      expect(byAgent.bob?.csat).toMatchObject({ value: 0, n: 2 });
    });
  });

  test('weekly grain fills empty weeks and counts the backlog at each week end', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const result = await runKpiQuery(db, {
        from: '2026-02-23',
        to: '2026-03-16',
        timezone: 'Europe/Amsterdam',
        grain: 'week',
        kpis: ['contacts_created', 'backlog_open'],
      });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const rows = result.data.rows.map((r) => [
        r.period,
        (r.contacts_created as KpiValue).value,
        (r.backlog_open as KpiValue).value,
      ]);
      // Week of 2 March: six created; t2 is open at the end of it (reopened 10 March, solved 10 March 11:05 UTC).
      expect(rows).toEqual([
        ['2026-02-23', 0, 0],
        ['2026-03-02', 6, 1],
        ['2026-03-09', 0, 0],
      ]);
    });
  });
});

describe.each(EVERY_ENGINE)(
  '$kind: shown to an agent, a value covering exactly one colleague is withheld',
  (engine) => {
    const shown = (v: unknown) => {
      const value = v as KpiValue;
      return value.withheld ? 'withheld' : value.value;
    };

    test('per group and per KPI, counting the agents behind its n other than the one asking', async () => {
      await withFixture(engine, 'small-helpdesk', async (db) => {
        const query = { ...WEEK, kpis: ['contacts_created', 'csat'], by: ['channel' as const] };
        const open = await runKpiQuery(db, query);
        const forAnn = await runKpiQuery(db, query, { viewerAgent: 'ann' });
        const forCarol = await runKpiQuery(db, query, { viewerAgent: 'carol' });
        if (!open.ok || !forAnn.ok || !forCarol.ok) throw new Error('query failed');
        const table = (rows: typeof open.data.rows) =>
          rows.map((r) => [r.channel, shown(r.contacts_created), shown(r.csat)]);
        expect(table(open.data.rows)).toEqual([
          ['chat', 1, 1],
          ['email', 2, 0.5],
          ['phone', 3, 0],
        ]);
        // Chat is ann's alone; email is ann's and bob's; phone is bob's, besides two calls nobody
        // took. Split by channel, 4 and 6 March each have a part that is bob's alone (a call, an
        // e-mail): every channel's value over the week is withheld, chat's too, or the week's total
        // minus the other channels would be his.
        expect(table(forAnn.data.rows)).toEqual([
          ['chat', 'withheld', 'withheld'],
          ['email', 'withheld', 'withheld'],
          ['phone', 'withheld', 'withheld'],
        ]);
        // Someone in neither: email covers two colleagues, but on 2 March ann's e-mail alone.
        expect(table(forCarol.data.rows)).toEqual([
          ['chat', 'withheld', 'withheld'],
          ['email', 'withheld', 'withheld'],
          ['phone', 'withheld', 'withheld'],
        ]);
        // Tuesday 3 March: ann's chat and two calls nobody took; nothing of a colleague's.
        const tuesday = await runKpiQuery(
          db,
          { ...query, from: '2026-03-03', to: '2026-03-04' },
          { viewerAgent: 'ann' },
        );
        if (!tuesday.ok) throw new Error('query failed');
        expect(table(tuesday.data.rows).map((r) => r.slice(0, 2))).toEqual([
          ['chat', 1],
          ['phone', 2],
        ]);
        expect(forAnn.data.rows[1]?.csat).toEqual({
          value: null,
          n: 0,
          low: null,
          high: null,
          withheld: true,
        });
        expect(forAnn.data.notices).toContainEqual({ code: 'withheld' });
        expect(open.data.notices).not.toContainEqual({ code: 'withheld' });
        // Without a viewer, the count is asked for and given.
        const counted = await runKpiQuery(db, query, { countAgents: true });
        if (!counted.ok) throw new Error('query failed');
        expect(counted.data.rows.map((r) => (r.contacts_created as KpiValue).agents)).toEqual([1, 2, 1]);

        // CSAT and NPS share a statement; CSAT answers are credited to ann and bob, the three NPS
        // answers (about no contact) to nobody: each KPI counts the agents behind its own n.
        const surveys = await runKpiQuery(db, { ...WEEK, kpis: ['csat', 'nps'] }, { viewerAgent: 'ann' });
        if (!surveys.ok) throw new Error('query failed');
        expect([shown(surveys.data.rows[0]?.csat), shown(surveys.data.rows[0]?.nps)]).toEqual([
          'withheld',
          0,
        ]);
      });
    });

    test('the backlog counts the agents of the contacts open at each period end; the previous period too', async () => {
      await withFixture(engine, 'small-helpdesk', async (db) => {
        const weekly = async (viewerAgent: string) => {
          const result = await runKpiQuery(
            db,
            {
              from: '2026-02-23',
              to: '2026-03-16',
              timezone: 'Europe/Amsterdam',
              grain: 'week',
              kpis: ['contacts_created', 'backlog_open'],
            },
            { viewerAgent },
          );
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          return result.data.rows.map((r) => [r.period, shown(r.contacts_created), shown(r.backlog_open)]);
        };
        // Only t2, bob's, is open at the end of the week of 2 March; nothing at the others' ends.
        expect(await weekly('ann')).toEqual([
          ['2026-02-23', 0, 0],
          ['2026-03-02', 'withheld', 'withheld'],
          ['2026-03-09', 0, 0],
        ]);
        expect(await weekly('bob')).toEqual([
          ['2026-02-23', 0, 0],
          ['2026-03-02', 'withheld', 1],
          ['2026-03-09', 0, 0],
        ]);
        const compared = await runKpiQuery(
          db,
          {
            from: '2026-03-09',
            to: '2026-03-16',
            timezone: 'UTC',
            kpis: ['contacts_created'],
            compare: true,
          },
          { viewerAgent: 'ann' },
        );
        if (!compared.ok) throw new Error(JSON.stringify(compared.error));
        expect(compared.data.rows[0]?.contacts_created).toMatchObject({
          value: 0,
          previous: { value: null, n: 0 },
        });
        expect(compared.data.rows[0]?.contacts_created).not.toHaveProperty('withheld');
      });
    });
  },
);

describe('stale facts', () => {
  test('a query after an import without rebuild says the facts are stale, and not after a rebuild', async () => {
    await withDuckDb([], async (db) => {
      const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')], { rebuild: false });
      expect(imported.ok).toBe(true);
      const before = await runKpiQuery(db, { ...WEEK, kpis: ['contacts_created'] });
      expect(before.ok && before.data.notes.some((n) => n.includes('servicemeter rebuild'))).toBe(true);
      expect(before.ok && kpiValueIn(before.data.rows[0], 'contacts_created').value).toBe(0);
      await rebuildFacts(db);
      const after = await runKpiQuery(db, { ...WEEK, kpis: ['contacts_created'] });
      expect(after.ok && after.data.notes).toEqual([]);
      expect(after.ok && kpiValueIn(after.data.rows[0], 'contacts_created').value).toBe(6);
    });
  });
});

describe('default range', () => {
  test('without --from/--to the range covers late resolutions and survey answers', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const result = await runKpiQuery(db, { kpis: ['csat', 'contacts_resolved_full'] });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      // t2 is created 6 March, answered and fully resolved on 9 and 10 March.
      expect(result.data.range).toEqual({ from: '2026-03-02', to: '2026-03-11', timezone: 'UTC' });
      expect(result.data.rows[0]?.csat).toMatchObject({ value: 0.5, n: 4 });
      expect(result.data.rows[0]?.contacts_resolved_full).toMatchObject({ value: 4 });
    });
  });
});
