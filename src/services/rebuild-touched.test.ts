import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withTempDir } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { importFiles } from './import.js';
import { migrate } from './migrate.js';

/**
 * A rebuild of the touched rows keeps the business intervals that still hold and summarises only
 * the sources touched: the tables it leaves must be exactly those of a full rebuild, also when the
 * span of the data grows at either end and when a survey answer names a contact of another source.
 */

const csv = (header: string, rows: readonly (readonly (string | number)[])[]) =>
  `${[header, ...rows.map((r) => r.join(','))].join('\n')}\n`;

const SET_UP: Record<string, string> = {
  'calendars.csv': csv('id,name,timezone,is_default', [
    ['office', 'Office', 'Europe/Amsterdam', 'true'],
    ['night', 'Night', 'UTC', 'false'],
  ]),
  'calendar_intervals.csv': csv('calendar_id,weekday,start_time,end_time', [
    ...[1, 2, 3, 4, 5].map((day) => ['office', day, '09:00', '17:00']),
    ...[1, 2, 3, 4, 5, 6, 7].map((day) => ['night', day, '22:00', '06:00']),
  ]),
  'teams.csv': csv('id,name,calendar_id', [
    ['support', 'Support', 'office'],
    ['sales', 'Sales', 'night'],
  ]),
};

/** Imports, one step after another; each step's files by name and content. */
const STEPS: Record<string, string>[] = [
  {
    'contacts.csv': csv('source,external_id,channel,created_at,team_id,status', [
      ['a', '1', 'email', '2026-03-10T10:00:00Z', 'support', 'open'],
    ]),
  },
  // Later: the span grows at its end, as live events make it.
  {
    'contacts.csv': csv('source,external_id,channel,created_at,team_id,status', [
      ['a', '2', 'chat', '2026-04-20T23:00:00Z', 'sales', 'solved'],
    ]),
    'contact_events.csv': csv('source,contact_external_id,external_id,kind,occurred_at,agent_id,status', [
      ['a', '2', 'e1', 'customer_message', '2026-04-20T23:00:00Z', '', ''],
      ['a', '2', 'e2', 'status_change', '2026-04-21T01:00:00Z', '', 'solved'],
    ]),
  },
  // Earlier: every interval's cumulative seconds move.
  {
    'contacts.csv': csv('source,external_id,channel,created_at,team_id,status', [
      ['a', '3', 'phone', '2026-01-05T08:00:00Z', 'support', 'open'],
    ]),
  },
  // Within the span, another source; and then a survey of source b about a contact of source a.
  {
    'contacts.csv': csv('source,external_id,channel,created_at,team_id,status', [
      ['b', '1', 'email', '2026-03-11T12:00:00Z', 'support', 'open'],
    ]),
  },
  {
    'survey_responses.csv': csv(
      'source,external_id,kind,scale_min,scale_max,score,contact_source,contact_external_id,sent_at,responded_at',
      [['b', 's1', 'csat', 1, 5, 4, 'a', '1', '2026-03-12T09:00:00Z', '2026-03-12T10:00:00Z']],
    ),
  },
  // A contact of source a moves to another channel and day: its old day and channel go.
  {
    'contacts.csv': csv('source,external_id,channel,created_at,team_id,status', [
      ['a', '1', 'chat', '2026-03-14T10:00:00Z', 'support', 'open'],
    ]),
  },
];

async function writeFiles(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return Object.keys(files).map((name) => join(dir, name));
}

async function imported(db: DuckDbEngine, files: string[], scope: 'touched' | 'all') {
  const result = await importFiles(db, files, { rebuildScope: scope });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

/** The tables the shortcuts write, in a fixed order. */
async function derived(db: Engine) {
  return {
    businessIntervals: await db.all(
      `SELECT calendar_id, CAST(start_at AS VARCHAR) AS start_at, CAST(end_at AS VARCHAR) AS end_at,
         cumulative_before_s FROM business_intervals ORDER BY calendar_id, start_at`,
    ),
    sourceInputs: await db.all('SELECT source, input FROM source_inputs ORDER BY source, input'),
    sourceActivity: await db.all(
      'SELECT source, channel, CAST(day AS VARCHAR) AS day FROM source_activity ORDER BY source, channel, day',
    ),
  };
}

describe('a rebuild of the touched rows', () => {
  test('leaves business intervals and source summaries exactly as a full rebuild does', async () => {
    await withTempDir(async (dir) => {
      const touchedDb = await openDuckDb({ path: join(dir, 'touched.duckdb') });
      const fullDb = await openDuckDb({ path: join(dir, 'full.duckdb') });
      try {
        for (const db of [touchedDb, fullDb]) {
          await migrate(db);
          await imported(db, await writeFiles(join(dir, 'setup'), SET_UP), 'all');
        }
        for (const [index, step] of STEPS.entries()) {
          const files = await writeFiles(join(dir, `step-${index}`), step);
          const touched = await imported(touchedDb, files, 'touched');
          await imported(fullDb, files, 'all');
          expect(touched.facts?.scope, `step ${index}`).toBe('touched');
          const [bySteps, whole] = [await derived(touchedDb), await derived(fullDb)];
          expect(bySteps.businessIntervals.length, `step ${index}`).toBeGreaterThan(0);
          expect(bySteps, `step ${index}`).toEqual(whole);
        }
      } finally {
        await touchedDb.close();
        await fullDb.close();
      }
    });
  }, 120_000);
});
