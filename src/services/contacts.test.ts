import { describe, expect, test } from 'vitest';
import { ENGINES, withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { KPIS } from '../core/kpi/catalog.js';
import type { KpiValue } from '../core/kpi/query.js';
import { type ContactsRequest, exportContacts, getContact, listContacts } from './contacts.js';
import { runKpiQuery } from './kpi.js';

const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };
const request = (extra: Partial<ContactsRequest> = {}): ContactsRequest => ({
  ...WEEK,
  filters: {},
  part: 'all',
  order: 'desc',
  ...extra,
});
const everyone = { agentId: null };

async function total(db: Engine, extra: Partial<ContactsRequest>): Promise<number> {
  const result = await listContacts(db, request(extra), { page: 1, pageSize: 500 }, everyone);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.total;
}

describe.each(ENGINES)('$kind: the contacts behind a number', (engine) => {
  test('for every KPI, the list holds as many rows as the number’s n, overall and per channel', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const overall = await runKpiQuery(db, WEEK);
      const byChannel = await runKpiQuery(db, { ...WEEK, by: ['channel'] });
      if (!overall.ok || !byChannel.ok) throw new Error('kpi query failed');
      for (const kpi of KPIS) {
        const value = overall.data.rows[0]?.[kpi.id] as KpiValue;
        expect(await total(db, { kpi: kpi.id }), kpi.id).toBe(value.n);
        // Answers without a contact have no channel; a filter cannot ask for "none".
        for (const row of byChannel.data.rows.filter((r) => r.channel !== null)) {
          const n = (row[kpi.id] as KpiValue).n;
          const channel = String(row.channel);
          expect(
            await total(db, { kpi: kpi.id, filters: { channel: [channel] } }),
            `${kpi.id} ${channel}`,
          ).toBe(n);
        }
      }
    });
  });

  test('per day and per hour-of-day cell, the same counts as the grouped query', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      for (const id of ['contacts_created', 'frt', 'csat', 'resolution_time']) {
        const daily = await runKpiQuery(db, { ...WEEK, kpis: [id], grain: 'day' });
        const cells = await runKpiQuery(db, { ...WEEK, kpis: [id], by: ['hour_of_day', 'weekday'] });
        if (!daily.ok || !cells.ok) throw new Error('kpi query failed');
        for (const row of daily.data.rows) {
          const n = (row[id] as KpiValue).n;
          expect(
            await total(db, { kpi: id, period: { grain: 'day', key: String(row.period) } }),
            `${id} ${row.period}`,
          ).toBe(n);
        }
        for (const row of cells.data.rows) {
          const n = (row[id] as KpiValue).n;
          const cell = { hourOfDay: Number(row.hour_of_day), weekday: Number(row.weekday) };
          expect(await total(db, { kpi: id, ...cell }), `${id} ${JSON.stringify(cell)}`).toBe(n);
        }
      }
    });
  });
});

// The compiled SQL's portability is proven above; the rest needs one engine.
describe('duckdb: shares, scope, export, bad requests', () => {
  const engine = { kind: 'duckdb' as const };

  test('a share splits into its numerator and the rest', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const result = await runKpiQuery(db, { ...WEEK, kpis: ['csat', 'abandonment_rate', 'fcr_rate'] });
      if (!result.ok) throw new Error('kpi query failed');
      for (const id of ['csat', 'abandonment_rate', 'fcr_rate']) {
        const value = result.data.rows[0]?.[id] as KpiValue;
        const numerator = await total(db, { kpi: id, part: 'numerator' });
        const rest = await total(db, { kpi: id, part: 'rest' });
        expect(numerator + rest, id).toBe(value.n);
        expect(numerator / value.n, id).toBeCloseTo(value.value ?? Number.NaN, 10);
      }
    });
  });

  test('an agent’s scope: only contacts assigned to them, surveys on those only', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const own = await listContacts(db, request(), { page: 1, pageSize: 50 }, { agentId: 'bob' });
      if (!own.ok) throw new Error('list failed');
      expect(own.data.rows.map((r) => r.key).sort()).toEqual(['helpdesk|t2', 'helpdesk|t6']);
      const csat = await listContacts(
        db,
        request({ kpi: 'csat' }),
        { page: 1, pageSize: 50 },
        { agentId: 'bob' },
      );
      if (!csat.ok) throw new Error('list failed');
      expect(csat.data.rows.map((r) => r.survey?.comment ?? '(none)').sort()).toEqual([
        '(none)',
        'Took all weekend',
      ]);
      const other = await getContact(db, 'helpdesk|t1', { agentId: 'bob' });
      expect(other).toEqual({ ok: false, error: { kind: 'forbidden', key: 'helpdesk|t1' } });
    });
  });

  test('the export has one line per contact of the population', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const result = await exportContacts(db, request({ kpi: 'csat' }), everyone);
      if (!result.ok) throw new Error('export failed');
      let text = '';
      for await (const chunk of result.data.rows()) text += chunk;
      const lines = text.trim().split('\r\n');
      // Four CSAT answers in the week, on t1, t2, t3 and t6.
      expect(
        lines
          .slice(1)
          .map((l) => l.split(',')[0])
          .sort(),
      ).toEqual(['helpdesk|t1', 'helpdesk|t2', 'helpdesk|t3', 'helpdesk|t6']);
    });
  });

  test('bad requests are values, not exceptions', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const page = { page: 1, pageSize: 10 };
      expect(await listContacts(db, request({ kpi: 'nope' }), page, everyone)).toMatchObject({
        ok: false,
        error: { kind: 'unknown_kpi' },
      });
      expect(
        await listContacts(db, request({ kpi: 'backlog_open', hourOfDay: 3 }), page, everyone),
      ).toMatchObject({
        ok: false,
        error: { kind: 'invalid_query' },
      });
      expect(
        await listContacts(
          db,
          request({ kpi: 'frt', period: { grain: 'month', key: '2026-03-02' } }),
          page,
          everyone,
        ),
      ).toMatchObject({ ok: false, error: { kind: 'invalid_query' } });
    });
  });
});

describe('an agent and the survey answers on their contacts', () => {
  test('an answer credited to a colleague (the contact was reassigned since) is neither listed nor shown on the contact', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const ann = { agentId: 'ann' };
      const listed = await listContacts(db, request({ kpi: 'csat' }), { page: 1, pageSize: 500 }, ann);
      if (!listed.ok) throw new Error(JSON.stringify(listed.error));
      const row = listed.data.rows.find((r) => r.key !== null);
      expect(row).toBeDefined();
      const key = String(row?.key);
      const before = await getContact(db, key, ann);
      if (!before.ok) throw new Error(JSON.stringify(before.error));
      expect(before.data.surveys.length).toBeGreaterThan(0);
      // The facts credit the answers of that contact to bob, who handled it before ann.
      await db.run(`UPDATE survey_facts SET agent_id = 'bob' WHERE contact_key = $1`, [key]);
      const after = await listContacts(db, request({ kpi: 'csat' }), { page: 1, pageSize: 500 }, ann);
      if (!after.ok) throw new Error(JSON.stringify(after.error));
      expect(after.data.rows.map((r) => r.key)).not.toContain(key);
      const shown = await getContact(db, key, ann);
      if (!shown.ok) throw new Error(JSON.stringify(shown.error));
      expect(shown.data.surveys).toEqual([]);
      // A manager still sees them.
      const manager = await getContact(db, key, everyone);
      expect(manager.ok && manager.data.surveys.length).toBe(before.data.surveys.length);
    });
  });
});
