import { describe, expect, test } from 'vitest';
import { withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { dataStatus } from './data-status.js';
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
