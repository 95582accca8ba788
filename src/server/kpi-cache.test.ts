import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, kpiValueIn, withDuckDb, withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { QUERY_LIMITS } from '../core/kpi/limits.js';
import type { Result } from '../core/result.js';
import type { DuckDbEngine } from '../engines/duckdb/engine.js';
import { importFiles } from '../services/import.js';
import type { KpiQueryError, KpiResult } from '../services/kpi.js';
import { type FactsChange, rebuildFacts } from '../services/rebuild.js';
import { KpiCache } from './kpi-cache.js';

/** The real engine, counting the statements that read contact facts. */
function counting(engine: Engine) {
  const seen = { factQueries: 0 };
  const counted: Engine = {
    ...engine,
    all: (sql, params) => {
      if (/contact_facts|survey_facts/.test(sql)) seen.factQueries++;
      return engine.all(sql, params);
    },
  };
  return { counted, seen };
}

const QUERY = { kpis: ['frt', 'csat'], from: '2026-01-01', to: '2026-01-03', timezone: 'UTC' };

describe('KpiCache', () => {
  test('people asking for the same view at once cost one query; the result is kept until the facts change', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const { counted, seen } = counting(db);
      const cache = new KpiCache(counted);
      const [a, b, c] = await Promise.all([cache.run(QUERY), cache.run({ ...QUERY }), cache.run(QUERY)]);
      const once = seen.factQueries;
      expect(once).toBeGreaterThan(0);
      expect(b).toBe(a);
      expect(c).toBe(a);
      expect(a.ok && a.data.rows.length).toBeGreaterThan(0);
      // The same query spelled with its defaults is the same view.
      await cache.run({ ...QUERY, by: [], filters: {}, compare: false });
      expect(seen.factQueries).toBe(once);
      // A rebuild by something else than this server is seen once the time of the last rebuild,
      // read again after a second, has come back; the request that starts the read does not wait.
      await rebuildFacts(db);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await cache.run(QUERY)).toBe(a);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const fresh = await cache.run(QUERY);
      expect(seen.factQueries).toBe(2 * once);
      expect(fresh).not.toBe(a);
      expect(fresh).toEqual(a);
      // A change made through the server is seen at once.
      cache.forget();
      expect(await cache.run(QUERY)).not.toBe(fresh);
      expect(seen.factQueries).toBe(3 * once);
    });
  });

  test('a refused query is not kept', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const cache = new KpiCache(db);
      const first = await cache.run({ kpis: ['no_such_kpi'] });
      expect(first.ok).toBe(false);
      const second = await cache.run({ kpis: ['no_such_kpi'] });
      expect(second).not.toBe(first);
    });
  });

  test('keeps at most its capacity, dropping the least recently used', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const { counted, seen } = counting(db);
      const cache = new KpiCache(counted, 2);
      const day = (d: number) => ({ ...QUERY, to: `2026-01-0${d}` });
      await cache.run(day(2));
      await cache.run(day(3));
      await cache.run(day(2)); // used again: day 3 is now the oldest
      await cache.run(day(4)); // drops day 3
      const before = seen.factQueries;
      await cache.run(day(2));
      expect(seen.factQueries).toBe(before);
      await cache.run(day(3));
      expect(seen.factQueries).toBeGreaterThan(before);
    });
  });

  test('an answer above the kept-answer cell limit is not kept; the kept answers stay within their cell total', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const { counted, seen } = counting(db);
      const cache = new KpiCache(counted);
      // Every hour of a year for one KPI: 8,760 cells, allowed but above what is kept.
      const hourly = {
        kpis: ['frt'],
        grain: 'hour' as const,
        from: '2026-01-01',
        to: '2027-01-01',
        timezone: 'UTC',
      };
      const big = await cache.run(hourly);
      expect(big.ok && big.data.rows.length).toBe(8760);
      expect(8760).toBeGreaterThan(QUERY_LIMITS.keptAnswerCells);
      expect(cache.cells).toBe(0);
      const before = seen.factQueries;
      const again = await cache.run(hourly);
      expect(again).not.toBe(big);
      expect(seen.factQueries).toBeGreaterThan(before);

      // Daily answers of 2 KPIs over 10 days (20 cells each), within a total of 50 cells: the
      // least recently used go once a third would pass it.
      const small = new KpiCache(counted, 256, { keptAnswerCells: 40, keptCells: 50 });
      const days = (start: number) => ({
        ...QUERY,
        grain: 'day' as const,
        from: `2026-01-${String(start).padStart(2, '0')}`,
        to: `2026-01-${String(start + 10).padStart(2, '0')}`,
      });
      await small.run(days(1));
      expect(small.cells).toBe(20);
      await small.run(days(2));
      expect(small.cells).toBe(40);
      await small.run(days(1)); // used again: days(2) is now the oldest
      await small.run(days(3)); // 60 cells would pass 50: days(2) goes
      expect(small.cells).toBe(40);
      const kept = seen.factQueries;
      await small.run(days(1));
      await small.run(days(3));
      expect(seen.factQueries).toBe(kept);
      await small.run(days(2));
      expect(seen.factQueries).toBeGreaterThan(kept);
      expect(small.cells).toBeLessThanOrEqual(50);
      small.forget();
      expect(small.cells).toBe(0);
    });
  });

  test('a query stops when everyone waiting for it has gone, not before', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const cache = new KpiCache(db);
      const heavy = { ...QUERY, grain: 'hour' as const, compare: true };
      await cache.run(QUERY); // the time of the last rebuild is known from here
      const left = new AbortController();
      const leaving = cache.run(heavy, {}, left.signal);
      const staying = cache.run(heavy);
      await new Promise((resolve) => setTimeout(resolve, 0)); // both are waiting for the one query
      left.abort();
      expect((await staying).ok).toBe(true);
      await leaving;

      const alone = new AbortController();
      const other = { ...heavy, to: '2026-01-04' };
      const stopped = cache.run(other, {}, alone.signal);
      alone.abort();
      expect(await stopped).toEqual({ ok: false, error: { kind: 'cancelled' } });
      // A stopped query is not kept: the next person gets the answer.
      expect((await cache.run(other)).ok).toBe(true);
      // Repeats are the same view as without them.
      expect(await cache.run({ ...QUERY, kpis: ['frt', 'csat', 'frt'] })).toBe(await cache.run(QUERY));
    });
  });

  describe('forget(change)', () => {
    /** Imports canonical files written into `dir` as the server would, and returns its change. */
    async function importWritten(
      db: DuckDbEngine,
      dir: string,
      files: Record<string, string>,
    ): Promise<FactsChange> {
      await mkdir(dir, { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
      const result = await importFiles(
        db,
        Object.keys(files).map((name) => join(dir, name)),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(result.data.facts?.scope).toBe('touched');
      return result.data.facts?.change as FactsChange;
    }

    const created = (result: Result<KpiResult, KpiQueryError>) =>
      result.ok ? kpiValueIn(result.data.rows[0], 'contacts_created').value : null;
    const backlog = (result: Result<KpiResult, KpiQueryError>) =>
      result.ok ? kpiValueIn(result.data.rows[0], 'backlog_open').value : null;

    test('a result outside the days an import changed stays kept; one inside is computed again with the new value', async () => {
      await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db, dir) => {
        const { counted, seen } = counting(db);
        const cache = new KpiCache(counted);
        const early = { kpis: ['contacts_created'], from: '2026-03-01', to: '2026-03-08', timezone: 'UTC' };
        const late = { ...early, from: '2026-03-15', to: '2026-03-25' };
        // Counts the backlog at the end of its range, after the new contact was created.
        const backlogAfter = {
          kpis: ['backlog_open'],
          from: '2026-03-01',
          to: '2026-04-01',
          timezone: 'UTC',
        };
        // The same days of the next year, compared with the year before: they read the days changed.
        const nextYear = {
          ...late,
          from: '2027-03-15',
          to: '2027-03-25',
          compare: true,
          compareWith: 'year' as const,
        };
        const nextYearAlone = { ...nextYear, compareWith: 'previous' as const };
        const keptEarly = await cache.run(early);
        const keptLate = await cache.run(late);
        const keptBacklog = await cache.run(backlogAfter);
        const keptNextYear = await cache.run(nextYear);
        const keptNextYearAlone = await cache.run(nextYearAlone);
        expect(created(keptEarly)).toBe(6);
        expect(created(keptLate)).toBe(0);
        const statusReads = { n: 0 };
        const status = () => cache.remember('status', async () => ++statusReads.n);
        const filters = { n: 0 };
        const filterValues = () => cache.remember('filters', async () => ++filters.n, 'filter-values');
        await status();
        await filterValues();

        // A webhook-sized import: one new, open contact on 2026-03-20 with its first message.
        const change = await importWritten(db, join(dir, 'one'), {
          'contacts.csv':
            'source,external_id,channel,created_at,team_id,assignee_id,status\nhelpdesk,t7,email,2026-03-20T10:00:00Z,support,ann,open\n',
          'contact_events.csv':
            'source,contact_external_id,external_id,kind,occurred_at\nhelpdesk,t7,e70,customer_message,2026-03-20T10:00:00Z\n',
        });
        expect(change.days).toEqual({ from: '2026-03-20T00:00:00.000Z', to: '2026-03-21T00:00:00.000Z' });
        expect(change.backlog).toEqual({ from: '2026-03-20T00:00:00.000Z', to: null });
        expect(change.filterValues).toBe(false);
        cache.forget(change);

        const before = seen.factQueries;
        expect(await cache.run(early)).toBe(keptEarly);
        expect(seen.factQueries).toBe(before);
        const fresh = await cache.run(late);
        expect(fresh).not.toBe(keptLate);
        expect(created(fresh)).toBe(1);
        const freshNextYear = await cache.run(nextYear);
        expect(freshNextYear).not.toBe(keptNextYear);
        expect(
          freshNextYear.ok && kpiValueIn(freshNextYear.data.rows[0], 'contacts_created').previous,
        ).toEqual({ value: 1, n: 1 });
        expect(await cache.run(nextYearAlone)).toBe(keptNextYearAlone);
        const freshBacklog = await cache.run(backlogAfter);
        expect(freshBacklog).not.toBe(keptBacklog);
        expect(backlog(freshBacklog)).toBe((backlog(keptBacklog) ?? 0) + 1);
        // The data status always goes; the filter values stay: no dimension gained a value.
        await status();
        await filterValues();
        expect(statusReads.n).toBe(2);
        expect(filters.n).toBe(1);

        // A new agent is a new filter value; a full rebuild (or no change given) forgets all.
        cache.forget(
          await importWritten(db, join(dir, 'two'), {
            'contacts.csv':
              'source,external_id,channel,created_at,assignee_id\nhelpdesk,t8,chat,2026-03-21T10:00:00Z,zoe\n',
          }),
        );
        await filterValues();
        expect(filters.n).toBe(2);
        expect(await cache.run(early)).toBe(keptEarly);
        cache.forget((await rebuildFacts(db)).change);
        expect(await cache.run(early)).not.toBe(keptEarly);
      });
    });

    test('agents written reach every KPI result and the answers about agents; settings stay', async () => {
      await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db, dir) => {
        const cache = new KpiCache(db);
        const early = { kpis: ['contacts_created'], from: '2026-03-01', to: '2026-03-08', timezone: 'UTC' };
        const kept = await cache.run(early);
        const reads = { scope: 0, catalog: 0 };
        const scope = () => cache.remember('agent-scope', async () => ++reads.scope, 'agents');
        const catalog = () => cache.remember('catalog', async () => ++reads.catalog, 'settings');
        await scope();
        await catalog();
        const change = await importWritten(db, join(dir, 'agents'), {
          'agents.csv': 'id,name,team_id\nann,Ann,sales\n',
        });
        expect(change.agents).toBe(true);
        cache.forget(change);
        expect(await cache.run(early)).not.toBe(kept);
        await scope();
        await catalog();
        expect(reads).toEqual({ scope: 2, catalog: 1 });
        cache.forget();
        await catalog();
        expect(reads.catalog).toBe(2);
      });
    });
  });
});
