/**
 * Benchmarks: the row checks of the canonical file, import and export, which figure fits best, the
 * shipped figures, and every indicator year over year on real data in DuckDB and PGlite.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type Benchmark, benchmarkFor, mergeBenchmarks } from '../../src/core/benchmarks/benchmark.js';
import { yearSpan } from '../../src/core/benchmarks/comparison.js';
import { PUBLISHED_BENCHMARKS } from '../../src/core/benchmarks/published.js';
import type { Engine } from '../../src/core/engine.js';
import { findKpi } from '../../src/core/kpi/catalog.js';
import {
  deleteBenchmark,
  listBenchmarks,
  putCompetitorFigure,
  yearOverYear,
} from '../../src/services/benchmarks/benchmarks.js';
import { exportCanonical } from '../../src/services/export.js';
import { importFiles } from '../../src/services/import.js';
import { ENGINES, withCopyOn, withDuckDb, withMigrated, withTempDir } from '../support/engines.js';

const HEADER = 'id,kind,kpi_id,value,name,year,industry,region,channel,source,source_url,note';

async function write(dir: string, name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

function figure(over: Partial<Benchmark>): Benchmark {
  return {
    id: 'x',
    kind: 'published',
    kpiId: 'csat',
    value: 0.8,
    name: 'Study',
    year: 2020,
    industry: null,
    region: null,
    channel: null,
    source: null,
    sourceUrl: null,
    note: null,
    origin: 'stored',
    ...over,
  };
}

describe('the benchmarks file', () => {
  test('a bad row is refused with its file, line, field and reason; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const path = await write(dir, 'benchmarks.csv', [
        HEADER,
        'a,published,csat,82,Study,2024,,,chat,,,',
        'b,published,no_such_kpi,0.5,Study,2024,,,,,,',
        'c,competitor,frt,-3,Rival,2024,,,email,,,',
        'd,published,csat,0.8,Study,2024,,,,,ftp://example.com/report,',
        'e,published,csat,150,Study,2024,,,,,,',
      ]);
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, [path]);
        expect(result.ok).toBe(false);
        const problems = !result.ok && result.error.kind === 'bad_rows' ? result.error.problems : [];
        expect(
          problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line} ${p.column}: ${p.reason}`),
        ).toEqual([
          'benchmarks.csv:2 value: 82 is a share written as a percentage: write 0.82 (shares are fractions from 0 to 1)',
          'benchmarks.csv:3 kpi_id: no_such_kpi is not an indicator servicemeter computes (see servicemeter kpi list)',
          'benchmarks.csv:4 value: -3 is below 0: a duration is in seconds, 0 or more',
          'benchmarks.csv:5 source_url: ftp://example.com/report is not an http(s) address',
          'benchmarks.csv:6 value: 150 is outside 0–1: a share is a fraction from 0 to 1',
        ]);
        expect(await db.all('SELECT * FROM benchmarks')).toEqual([]);
      });
    });
  });

  test('imports, lists beside the shipped figures, exports and imports again without doubling', async () => {
    await withTempDir(async (dir) => {
      const path = await write(dir, 'benchmarks.csv', [
        HEADER,
        'acme-2025-csat-chat,competitor,csat,0.78,Acme,2025,retail,NL,chat,mystery shopping,,"20 chats, March"',
        'published:zendesk-2015-csat-chat,published,csat,0.9,Zendesk,2015,,,chat,Our own reading,https://example.com/r,',
      ]);
      await withDuckDb([], async (db) => {
        const first = await importFiles(db, [path]);
        expect(first.ok, JSON.stringify(first)).toBe(true);
        const listed = await listBenchmarks(db);
        expect(listed).toHaveLength(PUBLISHED_BENCHMARKS.length + 1);
        const acme = listed.find((b) => b.id === 'acme-2025-csat-chat');
        expect(acme).toMatchObject({
          kind: 'competitor',
          name: 'Acme',
          value: 0.78,
          channel: 'chat',
          region: 'NL',
          origin: 'stored',
          note: '20 chats, March',
        });
        // The imported row with a shipped id overrides it.
        expect(listed.find((b) => b.id === 'published:zendesk-2015-csat-chat')).toMatchObject({
          value: 0.9,
          origin: 'stored',
        });

        const out = join(dir, 'export');
        await exportCanonical(db, out);
        const exported = await readFile(join(out, 'benchmarks.csv'), 'utf8');
        expect(exported).toContain('acme-2025-csat-chat');
        await withDuckDb([], async (again) => {
          for (let round = 0; round < 2; round += 1) {
            const result = await importFiles(again, [join(out, 'benchmarks.csv')]);
            expect(result.ok, JSON.stringify(result)).toBe(true);
          }
          expect(await listBenchmarks(again)).toEqual(listed);
        });
      });
    });
  });
});

describe('which figure fits', () => {
  const list = [
    figure({ id: 'all-2019', year: 2019 }),
    figure({ id: 'all-2021', year: 2021 }),
    figure({ id: 'chat-2018', year: 2018, channel: 'chat' }),
    figure({ id: 'email-2023', year: 2023, channel: 'email' }),
    figure({ id: 'chat-retail-2017', year: 2017, channel: 'chat', industry: 'retail' }),
    figure({ id: 'rival', kind: 'competitor', year: 2025, channel: 'chat' }),
  ];

  test('the same channel before any channel, then the newest year; never another channel, never a competitor', () => {
    expect(benchmarkFor(list, 'csat', { channel: 'chat' })?.id).toBe('chat-2018');
    expect(benchmarkFor(list, 'csat', { channel: 'chat', industry: 'Retail' })?.id).toBe('chat-retail-2017');
    expect(benchmarkFor(list, 'csat', { channel: 'phone' })?.id).toBe('all-2021');
    expect(benchmarkFor(list, 'csat', {})?.id).toBe('all-2021');
    expect(benchmarkFor(list, 'frt', { channel: 'chat' })).toBeNull();
  });

  test('a stored figure replaces the shipped one of its id', () => {
    const shipped = [figure({ id: 'published:a', origin: 'shipped', value: 0.5 })];
    expect(mergeBenchmarks(shipped, [figure({ id: 'published:a', value: 0.6 })])).toEqual([
      figure({ id: 'published:a', value: 0.6 }),
    ]);
  });

  test('the shipped figures are dated, sourced and in their indicator’s unit', () => {
    expect(PUBLISHED_BENCHMARKS.length).toBeGreaterThanOrEqual(6);
    expect(PUBLISHED_BENCHMARKS.length).toBeLessThanOrEqual(15);
    for (const b of PUBLISHED_BENCHMARKS) {
      expect(b.id).toMatch(/^published:/);
      expect(findKpi(b.kpiId), b.id).toBeDefined();
      expect(b.sourceUrl, b.id).toMatch(/^https:\/\//);
      expect(b.source, b.id).toBeTruthy();
      expect(b.year, b.id).toBeGreaterThan(2000);
      if (findKpi(b.kpiId)?.format === 'percent') expect(b.value).toBeLessThanOrEqual(1);
    }
  });
});

/** A contact of `day` answered after `minutes`, within office hours. */
function contact(id: string, day: string, minutes: number): { contact: string; events: string[] } {
  const created = `${day}T09:00:00Z`;
  const replied = new Date(Date.parse(created) + minutes * 60_000).toISOString();
  return {
    contact: `helpdesk,${id},email,${created},c-${id},support,ann,,,normal,open,Question`,
    events: [
      `helpdesk,${id},${id}-1,customer_message,${created},customer,,,,,,`,
      `helpdesk,${id},${id}-2,agent_reply,${replied},agent,ann,true,,,,`,
    ],
  };
}

describe.each(ENGINES)('year over year ($kind)', ({ kind }) => {
  test('each indicator against the same span a year before, with the change and whether it improved', async () => {
    await withTempDir(async (dir) => {
      // 2025: three contacts answered after two hours; 2026: four answered after one.
      const contacts = [
        contact('a1', '2025-03-03', 120),
        contact('a2', '2025-05-06', 120),
        contact('a3', '2025-09-09', 120),
        contact('b1', '2026-03-03', 60),
        contact('b2', '2026-05-05', 60),
        contact('b3', '2026-09-08', 60),
        contact('b4', '2026-11-10', 60),
      ];
      const fixture = join(import.meta.dirname, '../fixtures/small-helpdesk');
      const paths = [
        join(fixture, 'calendars.csv'),
        join(fixture, 'calendar_intervals.csv'),
        join(fixture, 'teams.csv'),
        join(fixture, 'agents.csv'),
        await write(dir, 'contacts.csv', [
          'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject',
          ...contacts.map((c) => c.contact),
        ]),
        await write(dir, 'contact_events.csv', [
          'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public,status,escalation_type,queue,team_id',
          ...contacts.flatMap((c) => c.events),
        ]),
      ];
      await withDuckDb(paths, async (duck) => {
        const check = async (db: Engine) => {
          const answer = await yearOverYear(db, ['contacts_created', 'frt'], {
            year: 2026,
            timezone: 'Europe/Amsterdam',
            now: new Date('2027-02-01T12:00:00Z'),
          });
          expect(answer.ok, JSON.stringify(answer)).toBe(true);
          if (!answer.ok) return;
          expect(answer.data.span).toEqual({
            year: 2026,
            from: '2026-01-01',
            to: '2027-01-01',
            toDate: false,
          });
          expect(answer.data.lastYear).toEqual({ from: '2025-01-01', to: '2026-01-01' });
          const [created, frt] = answer.data.rows;
          expect(created).toMatchObject({
            kpi: 'contacts_created',
            value: 4,
            lastYear: 3,
            change: 1,
            improved: null,
          });
          expect(frt).toMatchObject({
            kpi: 'frt',
            value: 3600,
            lastYear: 7200,
            change: -3600,
            improved: true,
          });
        };
        await withCopyOn(kind, duck, check);
      });
    });
  });
});

test('competitor figures are entered, replaced and deleted; shipped ones stay', async () => {
  await withMigrated('duckdb', async (db) => {
    const put = await putCompetitorFigure(db, 'rival-csat', {
      kpiId: 'csat',
      value: 0.7,
      name: 'Rival',
      year: 2026,
      channel: 'chat',
    });
    expect(put.ok).toBe(true);
    const again = await putCompetitorFigure(db, 'rival-csat', {
      kpiId: 'csat',
      value: 0.75,
      name: 'Rival',
      year: 2026,
    });
    expect(again.ok).toBe(true);
    const stored = (await listBenchmarks(db, { kind: 'competitor' })).map((b) => [b.id, b.value, b.channel]);
    expect(stored).toEqual([['rival-csat', 0.75, null]]);
    const bad = await putCompetitorFigure(db, 'rival-csat', {
      kpiId: 'csat',
      value: 75,
      name: 'Rival',
      year: 2026,
    });
    expect(!bad.ok && bad.error.kind === 'invalid' ? bad.error.problems : []).toEqual([
      {
        field: 'value',
        reason: '75 is a share written as a percentage: write 0.75 (shares are fractions from 0 to 1)',
      },
    ]);
    const shipped = PUBLISHED_BENCHMARKS[0]?.id ?? '';
    expect(await deleteBenchmark(db, shipped)).toEqual({
      ok: false,
      error: { kind: 'shipped', id: shipped },
    });
    expect((await deleteBenchmark(db, 'rival-csat')).ok).toBe(true);
    expect(await listBenchmarks(db, { kind: 'competitor' })).toEqual([]);
  });
});

test('a running year is compared to date: up to today, today excluded', () => {
  expect(yearSpan(2026, new Date('2026-03-10T08:00:00Z'), 'Europe/Amsterdam')).toEqual({
    year: 2026,
    from: '2026-01-01',
    to: '2026-03-10',
    toDate: true,
  });
  expect(yearSpan(2026, new Date('2026-01-01T10:00:00Z'), 'UTC').to).toBe('2026-01-02');
});
