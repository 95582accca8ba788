import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { KPIS } from '../src/core/kpi/catalog.js';
import type { KpiQueryInput } from '../src/core/kpi/query.js';
import { CANONICAL_TABLES } from '../src/core/schema.js';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import { exportCanonical } from '../src/services/export.js';
import { importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { parseCsv } from './support/csv.js';
import { withTempDir } from './support/engines.js';
import { PADDED_SUBJECT, TRICKY_SUBJECT, TRICKY_URL, trickyFixture } from './support/export-fixture.js';

const ALL_KPIS = KPIS.map((k) => k.id);
const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };

async function openDb(path: string): Promise<DuckDbEngine> {
  const db = await openDuckDb({ path });
  await migrate(db);
  return db;
}

async function content(db: Engine): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of [...CANONICAL_TABLES, 'contact_facts', 'survey_facts']) {
    const rows = await db.all(
      `SELECT CAST(to_json(x) AS VARCHAR) AS r FROM (SELECT * FROM ${table}) x ORDER BY r`,
    );
    out[table] = rows.map((r) => String(r.r));
  }
  return out;
}

const QUERIES: KpiQueryInput[] = [
  { kpis: ALL_KPIS },
  { kpis: ALL_KPIS, ...WEEK },
  { kpis: ALL_KPIS, ...WEEK, by: ['agent'] },
  { kpis: ALL_KPIS, ...WEEK, grain: 'week' },
  { kpis: ALL_KPIS, ...WEEK, grain: 'day', by: ['channel'], hours: 'calendar' },
];

async function allKpis(db: Engine): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const query of QUERIES) {
    const result = await runKpiQuery(db, query);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    out.push(result.data.rows);
  }
  return out;
}

async function text(db: Engine, sql: string): Promise<unknown[]> {
  return (await db.all(sql)).map((r) => Object.values(r)[0]);
}

test('export then import into an empty database gives the same tables and the same indicators', async () => {
  await withTempDir(async (tmp) => {
    const data = join(tmp, 'data');
    await trickyFixture(data);
    const first = await openDb(join(tmp, 'first.duckdb'));
    const second = await openDb(join(tmp, 'second.duckdb'));
    try {
      const imported = await importFiles(first, [data]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));

      const exported = await exportCanonical(first, join(tmp, 'export-1'));
      expect(exported.files.map((f) => f.table)).toEqual([...CANONICAL_TABLES]);
      const rows = Object.fromEntries(exported.files.map((f) => [f.table, f.rows]));
      expect(rows).toMatchObject({
        contacts: 6,
        contact_events: 31,
        survey_responses: 13,
        survey_invitations: 3,
        targets: 0,
      });

      // The export itself: the import format, UTC with a Z, fractions kept, quoting intact.
      const contactsCsv = parseCsv(await readFile(join(tmp, 'export-1', 'contacts.csv'), 'utf8'));
      const contactHeader = contactsCsv[0] ?? [];
      const byId = new Map(contactsCsv.slice(1).map((r) => [r[1], r]));
      expect(byId.get('t1')?.[contactHeader.indexOf('subject')]).toBe(TRICKY_SUBJECT);
      expect(byId.get('t4')?.[contactHeader.indexOf('subject')]).toBe(PADDED_SUBJECT);
      expect(byId.get('t2')?.[contactHeader.indexOf('created_at')]).toBe('2026-03-06T15:30:00Z');
      const eventsCsv = parseCsv(await readFile(join(tmp, 'export-1', 'contact_events.csv'), 'utf8'));
      const at = new Map(eventsCsv.slice(1).map((r) => [r[2], r[4]]));
      expect(at.get('e3')).toBe('2026-03-02T08:20:00.123000Z');
      expect(at.get('e8')).toBe('2026-03-09T08:30:00Z');
      expect(at.get('e17')).toBe('2026-03-03T10:00:40.000456Z');
      expect(at.get('e26')).toBe('2026-03-04T09:02:00Z');

      const reimported = await importFiles(second, [join(tmp, 'export-1')]);
      if (!reimported.ok) throw new Error(JSON.stringify(reimported.error));
      await exportCanonical(second, join(tmp, 'export-2'));

      // Every canonical table's export is byte for byte the same.
      for (const table of CANONICAL_TABLES) {
        const a = await readFile(join(tmp, 'export-1', `${table}.csv`));
        const b = await readFile(join(tmp, 'export-2', `${table}.csv`));
        expect(b.toString('utf8'), table).toBe(a.toString('utf8'));
      }
      // And so is what is stored, derived facts included.
      expect(await content(second)).toEqual(await content(first));
      expect(await allKpis(second)).toEqual(await allKpis(first));

      // The tricky values themselves arrived intact in the second database.
      expect(
        await text(second, "SELECT subject FROM contacts WHERE external_id IN ('t1', 't3', 't4') ORDER BY 1"),
      ).toEqual([PADDED_SUBJECT, 'Café ☕ — ok', TRICKY_SUBJECT].sort());
      expect(await text(second, "SELECT customer_id FROM contacts WHERE external_id = 't3'")).toEqual([
        '007',
      ]);
      expect(
        await text(
          second,
          "SELECT CAST(occurred_at AS VARCHAR) FROM contact_events WHERE external_id IN ('e3', 'e5', 'e8', 'e17', 'e26') ORDER BY external_id",
        ),
      ).toEqual([
        '2026-03-03 10:00:40.000456',
        '2026-03-04 09:02:00',
        '2026-03-02 08:20:00.123',
        '2026-03-06 15:30:00',
        '2026-03-09 08:30:00',
      ]);
      expect(await text(second, "SELECT comment FROM survey_responses WHERE external_id = 's1'")).toEqual([
        'Quick,\n"really" quick',
      ]);
      expect(await text(second, "SELECT score FROM survey_responses WHERE external_id = 's3'")).toEqual([
        4.5,
      ]);
      expect(
        await second.all(
          'SELECT CAST(sent_at AS VARCHAR) AS sent, CAST(opened_at AS VARCHAR) AS opened, language, failure, page_url FROM survey_invitations ORDER BY external_id',
        ),
      ).toEqual([
        {
          sent: '2026-03-02 09:00:00.25',
          opened: '2026-03-02 08:30:00',
          language: 'zh-CN',
          failure: null,
          page_url: null,
        },
        {
          sent: '2026-03-09 09:00:00',
          opened: null,
          language: 'nl',
          failure: '550 mailbox "full", try later',
          page_url: null,
        },
        { sent: null, opened: null, language: 'uk', failure: null, page_url: TRICKY_URL },
      ]);
      expect(
        await text(second, "SELECT choices FROM survey_responses WHERE external_id = 'i1:topics'"),
      ).toEqual(['speed|"tone", kindness']);
      expect(
        await second.all(
          "SELECT survey_id, survey_source, location FROM survey_facts WHERE survey_key = 'servicemeter|w1'",
        ),
      ).toEqual([{ survey_id: 'help', survey_source: 'help centre', location: 'Kyiv, shop 2' }]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
