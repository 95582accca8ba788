import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, withDuckDb, withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { dataStatus, filterValues } from './data-status.js';
import { importFiles } from './import.js';
import { type CalendarView, putCalendar } from './settings.js';

const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
const calendar = (id: string, timezone: string, isDefault: boolean): CalendarView => ({
  id,
  name: id,
  timezone,
  isDefault,
  intervals: weekdays,
  holidays: [],
});

async function saved(engine: Engine, view: CalendarView): Promise<string> {
  const result = await putCalendar(engine, view);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return (await dataStatus(engine)).timezone;
}

describe("the team's time zone", () => {
  test('is the default calendar’s, else the one zone the calendars share, else UTC', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      // The fixture's one calendar, `office`, is the default, in Amsterdam.
      expect((await dataStatus(db)).timezone).toBe('Europe/Amsterdam');
      expect(await saved(db, calendar('office', 'Europe/Amsterdam', false))).toBe('Europe/Amsterdam');
      expect(await saved(db, calendar('east', 'America/New_York', false))).toBe('UTC');
      expect(await saved(db, calendar('east', 'America/New_York', true))).toBe('America/New_York');
    });
  });
});

describe('filter values', () => {
  test('include agents who appear only in survey answers, by which survey KPIs group', async () => {
    await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db) => {
      const dir = await mkdtemp(join(tmpdir(), 'sm-values-'));
      try {
        // An answer about no contact of the data, credited to an agent who handled none.
        await writeFile(
          join(dir, 'survey_responses.csv'),
          'source,external_id,kind,scale_min,scale_max,score,agent_id,sent_at,responded_at\n' +
            'panel,p1,csat,1,5,4,zoe,2026-03-03T09:00:00Z,2026-03-03T10:00:00Z\n',
        );
        const imported = await importFiles(db, [dir]);
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const values = await filterValues(db, null);
      expect(values.agent.map((a) => a.id)).toContain('zoe');
    });
  });
});
