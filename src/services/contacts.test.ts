import { describe, expect, test } from 'vitest';
import { EVERY_ENGINE, withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { KPIS } from '../core/kpi/catalog.js';
import type { KpiValue } from '../core/kpi/query.js';
import { type ContactsRequest, exportContacts, getContact, listContacts, listsContacts } from './contacts.js';
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

describe.each(EVERY_ENGINE)('$kind: the contacts behind a number', (engine) => {
  test('for every KPI, the list holds as many rows as the number’s n, overall and per channel', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const overall = await runKpiQuery(db, WEEK);
      const byChannel = await runKpiQuery(db, { ...WEEK, by: ['channel'] });
      if (!overall.ok || !byChannel.ok) throw new Error('kpi query failed');
      // The workforce indicators count agents' time, not contacts: they have none to list.
      for (const kpi of KPIS.filter(listsContacts)) {
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

describe.each(EVERY_ENGINE)('$kind: one contact', (engine) => {
  test('says it was resolved at first contact exactly when fcr_rate counts it so, and nothing when it is not counted', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const keysOf = async (extra: Partial<ContactsRequest>) => {
        const result = await listContacts(db, request(extra), { page: 1, pageSize: 500 }, everyone);
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        return new Set(result.data.rows.map((r) => r.key ?? ''));
      };
      const resolvedFirst = await keysOf({ kpi: 'fcr_rate', part: 'numerator' });
      const notFirst = await keysOf({ kpi: 'fcr_rate', part: 'rest' });
      const all = await keysOf({});
      expect(resolvedFirst.size).toBeGreaterThan(0);
      expect(notFirst.size).toBeGreaterThan(0);
      const uncounted = [...all].filter((key) => !resolvedFirst.has(key) && !notFirst.has(key));
      expect(uncounted.length).toBeGreaterThan(0);
      const answer = async (key: string) => {
        const shown = await getContact(db, key, everyone);
        if (!shown.ok) throw new Error(JSON.stringify(shown.error));
        return shown.data.facts?.first_contact_resolution;
      };
      // A few of each kind keep the test quick; the rule is one SQL expression for all of them.
      const some = (keys: Iterable<string>) => [...keys].slice(0, 4);
      for (const key of some(resolvedFirst)) expect(await answer(key), key).toBe(true);
      for (const key of some(notFirst)) expect(await answer(key), key).toBe(false);
      for (const key of some(uncounted)) expect(await answer(key), key).toBeNull();
    });
  });
});

describe.each(EVERY_ENGINE)('$kind: shares, scope, export, bad requests', (engine) => {
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

describe.each(EVERY_ENGINE)('$kind: an agent and the survey answers on their contacts', (engine) => {
  test('an answer credited to a colleague (the contact was reassigned since) is neither listed nor shown on the contact', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
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

describe.each(EVERY_ENGINE)(
  '$kind: the order and units of a drill-down list are those it shows',
  (engine) => {
    const page = { page: 1, pageSize: 500 };
    const list = async (db: Engine, extra: Partial<ContactsRequest>) => {
      const result = await listContacts(db, request(extra), page, everyone);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.data;
    };
    const ascending = (values: (number | string | null)[]) => {
      const shown = values.filter((v) => v !== null);
      return shown.every((v, i) => i === 0 || (shown[i - 1] as number | string) <= v);
    };

    test('durations come in the hours of the KPI clicked and sort by what is shown', async () => {
      await withFixture(engine, 'small-helpdesk', async (db) => {
        const facts = await db.all('SELECT contact_key, frt_s, frt_bh_s FROM contact_facts');
        const business = new Map(facts.map((f) => [String(f.contact_key), f.frt_bh_s as number | null]));
        const calendar = new Map(facts.map((f) => [String(f.contact_key), f.frt_s as number | null]));
        // The fixture has replies outside office hours: the two orders differ.
        expect(facts.some((f) => f.frt_s !== f.frt_bh_s)).toBe(true);

        const inBusiness = await list(db, { kpi: 'frt', sort: 'frt_s', order: 'asc' });
        expect(inBusiness.hours).toBe('business');
        expect(inBusiness.sort).toBe('frt_s');
        expect(inBusiness.rows.map((r) => r.frtSeconds)).toEqual(
          inBusiness.rows.map((r) => business.get(String(r.key))),
        );
        expect(ascending(inBusiness.rows.map((r) => r.frtSeconds))).toBe(true);
        // The KPI's own value of the row is the shown first response.
        expect(inBusiness.rows.map((r) => r.value)).toEqual(inBusiness.rows.map((r) => r.frtSeconds));

        const inCalendar = await list(db, { kpi: 'frt', hours: 'calendar', sort: 'frt_s', order: 'asc' });
        expect(inCalendar.hours).toBe('calendar');
        expect(inCalendar.rows.map((r) => r.frtSeconds)).toEqual(
          inCalendar.rows.map((r) => calendar.get(String(r.key))),
        );
        expect(ascending(inCalendar.rows.map((r) => r.frtSeconds))).toBe(true);

        // Resolved within 24 hours counts calendar hours: its list shows them.
        expect((await list(db, { kpi: 'resolved_within_24h' })).hours).toBe('calendar');
        const resolved = await list(db, {
          kpi: 'resolution_time',
          sort: 'first_resolution_s',
          order: 'desc',
        });
        expect(ascending(resolved.rows.map((r) => r.resolutionSeconds).reverse())).toBe(true);
      });
    });

    test('the default order is by the time that places a row in the period, and says so', async () => {
      await withFixture(engine, 'small-helpdesk', async (db) => {
        const resolved = await list(db, { kpi: 'resolution_time' });
        expect(resolved).toMatchObject({ sort: 'time', order: 'desc', timeColumn: 'first_resolved_at' });
        expect(resolved.rows.map((r) => r.placedAt)).toEqual(resolved.rows.map((r) => r.firstResolvedAt));
        expect(ascending(resolved.rows.map((r) => r.placedAt).reverse())).toBe(true);
        expect((await list(db, { kpi: 'csat' })).timeColumn).toBe('counted_at');
        expect((await list(db, {})).timeColumn).toBe('created_at');
      });
    });

    test('assignees sort by the name shown, priorities from urgent to low', async () => {
      await withFixture(engine, 'small-helpdesk', async (db) => {
        // Named so that the names sort the other way round from the ids.
        await db.run("UPDATE agents SET name = 'Zoë' WHERE id = 'ann'");
        const byAssignee = await list(db, { sort: 'assignee_id', order: 'asc' });
        const names = byAssignee.rows.map((r) => r.assigneeId).filter((a) => a === 'ann' || a === 'bob');
        expect(names.indexOf('bob')).toBeLessThan(names.indexOf('ann'));
        expect(names.lastIndexOf('bob')).toBeLessThan(names.indexOf('ann'));

        const byPriority = await list(db, { sort: 'priority', order: 'desc' });
        const rank = ['low', 'normal', 'high', 'urgent'];
        const ranks = byPriority.rows.map((r) => (r.priority === null ? null : rank.indexOf(r.priority)));
        expect(ascending(ranks.reverse())).toBe(true);
      });
    });

    test('a timeline gives the time since the event before and since creation', async () => {
      await withFixture(engine, 'small-helpdesk', async (db) => {
        const shown = await getContact(db, 'helpdesk|t1', everyone);
        if (!shown.ok) throw new Error(JSON.stringify(shown.error));
        const { events, contact } = shown.data;
        expect(events.length).toBeGreaterThan(1);
        expect(events[0]?.sincePreviousSeconds).toBeNull();
        for (const [i, e] of events.entries()) {
          const at = Date.parse(e.occurredAt);
          expect(e.sinceCreatedSeconds).toBe((at - Date.parse(contact.createdAt)) / 1000);
          if (i > 0)
            expect(e.sincePreviousSeconds).toBe((at - Date.parse(events[i - 1]?.occurredAt ?? '')) / 1000);
        }
      });
    });
  },
);

describe('every engine gives the same drill-down', () => {
  /** Every list, the export and every contact of the fixture, as one engine gives them. */
  async function drillDown(db: Engine) {
    const lists: Record<string, unknown> = {};
    for (const kpi of KPIS.filter(listsContacts)) {
      for (const part of ['all', 'numerator', 'rest'] as const) {
        const listed = await listContacts(
          db,
          request({ kpi: kpi.id, part }),
          { page: 1, pageSize: 500 },
          everyone,
        );
        lists[`${kpi.id} ${part}`] = listed.ok ? listed.data : listed.error;
      }
    }
    const exported = await exportContacts(db, request({ kpi: 'frt' }), everyone);
    if (!exported.ok) throw new Error(JSON.stringify(exported.error));
    let csv = '';
    for await (const chunk of exported.data.rows()) csv += chunk;
    const keys = (await db.all('SELECT contact_key FROM contact_facts ORDER BY contact_key')).map((r) =>
      String(r.contact_key),
    );
    const contacts = [];
    for (const key of keys) contacts.push(await getContact(db, key, everyone));
    return { lists, csv, contacts };
  }

  test('lists, export and contact pages are equal on DuckDB, PGlite, the PostgreSQL server and ClickHouse', async () => {
    const seen = new Map<string, Awaited<ReturnType<typeof drillDown>>>();
    for (const engine of EVERY_ENGINE)
      seen.set(engine.kind, await withFixture(engine, 'small-helpdesk', (db) => drillDown(db)));
    const duckdb = seen.get('duckdb');
    expect(Object.keys(duckdb?.lists ?? {}).length).toBeGreaterThan(10);
    for (const engine of EVERY_ENGINE) {
      const other = seen.get(engine.kind);
      if (!other) throw new Error(`no drill-down from ${engine.kind}`);
      for (const [list, shown] of Object.entries(other.lists))
        expect(shown, `${engine.kind}: ${list}`).toEqual(duckdb?.lists[list]);
      expect(other, engine.kind).toEqual(duckdb);
    }
    // Every list on four engines, one after another.
  }, 180_000);
});
