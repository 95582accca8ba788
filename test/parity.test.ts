import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { KpiQueryInput, KpiRow, KpiValue } from '../src/core/kpi/query.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { EVERY_ENGINE, withCopyOn, withDuckDb, withTempDir } from './support/engines.js';
import { expectSame, kpiRows } from './support/same.js';

const SHAPES: KpiQueryInput[] = [
  { timezone: 'Europe/Amsterdam' },
  { timezone: 'Europe/Amsterdam', grain: 'week', by: ['channel'] },
  { timezone: 'America/New_York', grain: 'month', stat: 'p90', hours: 'calendar' },
  { timezone: 'Europe/Amsterdam', by: ['agent'] },
  // The rest of each agent's team on the 90th percentile; changes from the previous period with
  // the brackets of the medians.
  { timezone: 'Europe/Amsterdam', by: ['agent'], stat: 'p90', kpis: ['frt', 'resolution_time', 'aht'] },
  {
    timezone: 'Europe/Amsterdam',
    from: '2026-03-01',
    to: '2026-04-01',
    by: ['channel'],
    compare: true,
    kpis: ['contacts_created', 'frt', 'resolution_time', 'aht', 'csat', 'csat_avg', 'nps', 'backlog_open'],
  },
  { timezone: 'UTC', by: ['team', 'priority'], stat: 'mean' },
  {
    timezone: 'Europe/Amsterdam',
    by: ['hour_of_day', 'weekday'],
    kpis: ['contacts_created', 'frt', 'abandonment_rate'],
  },
  { timezone: 'Europe/Amsterdam', by: ['escalation_type'], kpis: ['escalation_rate', 'contacts_created'] },
  // Hours across the spring DST change, with the backlog at every hour end.
  {
    timezone: 'Europe/Amsterdam',
    from: '2026-03-28',
    to: '2026-03-31',
    grain: 'hour',
    kpis: ['contacts_created', 'frt', 'csat', 'backlog_open'],
  },
  {
    timezone: 'Europe/Amsterdam',
    from: '2026-03-01',
    to: '2026-05-01',
    grain: 'day',
    compare: true,
    filters: { channel: ['chat', 'phone'] },
    kpis: ['offered', 'answered', 'abandonment_rate', 'asa', 'service_level', 'aht', 'backlog_open'],
  },
  // The survey indicators by the survey dimensions, against the same months a year before.
  {
    timezone: 'Europe/Amsterdam',
    grain: 'month',
    by: ['survey', 'survey_source'],
    compare: true,
    compareWith: 'year',
    kpis: [
      'survey_response_rate',
      'csat_response_rate',
      'csat',
      'nps',
      'satisfaction_top2',
      'likely_to_stay',
    ],
  },
];

test('DuckDB, PostgreSQL (PGlite), a PostgreSQL server and ClickHouse (chDB) give the same numbers for every query shape', async () => {
  await withTempDir(async (dir) => {
    const files = join(dir, 'files');
    await writeDemoFiles(files, { contacts: 1_500, seed: 3 });
    await withDuckDb([files], async (duck) => {
      const expected: KpiRow[][] = [];
      for (const [index, shape] of SHAPES.entries()) {
        const shown = await kpiRows(duck, shape);
        expect(shown.length, `shape ${index}`).toBeGreaterThan(0);
        const someValue = shown.some((r) =>
          Object.values(r).some((v) => typeof v === 'object' && v !== null && (v as KpiValue).n > 0),
        );
        expect(someValue, `shape ${index} has data`).toBe(true);
        expected.push(shown);
      }
      for (const { kind } of EVERY_ENGINE.filter((e) => e.kind !== 'duckdb'))
        await withCopyOn(kind, duck, async (other) => {
          for (const [index, shape] of SHAPES.entries())
            expectSame(await kpiRows(other, shape), expected[index], `${kind}: shape ${index}`);
        });
    });
  });
  // The demo's schedules and presence span half a year whatever the number of contacts: their
  // workforce facts are written into PGlite too.
}, 300_000);
