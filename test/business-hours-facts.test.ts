import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { businessSecondsBetween, type CalendarDefinition, expandCalendar } from '../src/core/calendar.js';
import { ENGINES, withCopyOn, withDuckDb, withTempDir } from './support/engines.js';

/** A calendar with a lunch split, an overnight interval, a weekend day and a holiday, around a DST change. */
const CALENDAR: CalendarDefinition = {
  id: 'split',
  timezone: 'Europe/Amsterdam',
  intervals: [
    ...[1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, start: '08:30', end: '12:30' },
      { weekday, start: '13:15', end: '17:45' },
    ]),
    { weekday: 5, start: '22:00', end: '03:30' },
    { weekday: 6, start: '10:00', end: '14:00' },
  ],
  holidays: ['2026-04-06'],
};

const FROM = Date.parse('2026-03-18T00:00:00Z');
const TO = Date.parse('2026-04-15T00:00:00Z');

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

async function writeFixture(dir: string, pairs: [number, number][]): Promise<void> {
  const intervals = CALENDAR.intervals.map((i) => `split,${i.weekday},${i.start},${i.end}`);
  await writeFile(join(dir, 'calendars.csv'), 'id,timezone,is_default\nsplit,Europe/Amsterdam,true\n');
  await writeFile(
    join(dir, 'calendar_intervals.csv'),
    `calendar_id,weekday,start_time,end_time\n${intervals.join('\n')}\n`,
  );
  await writeFile(join(dir, 'calendar_holidays.csv'), 'calendar_id,date\nsplit,2026-04-06\n');
  const contacts = pairs.map(([a], i) => `p,c${i},email,${iso(a)}`);
  await writeFile(
    join(dir, 'contacts.csv'),
    `source,external_id,channel,created_at\n${contacts.join('\n')}\n`,
  );
  const events = pairs.flatMap(([a, b], i) => [
    `p,c${i},customer_message,${iso(a)},`,
    `p,c${i},agent_reply,${iso(b)},x`,
  ]);
  await writeFile(
    join(dir, 'contact_events.csv'),
    `source,contact_external_id,kind,occurred_at,agent_id\n${events.join('\n')}\n`,
  );
}

describe('business hours in the derived facts', () => {
  test('first response in business seconds equals the calendar module on random timestamps, on both engines', async () => {
    const pairs = fc.sample(
      fc
        .tuple(fc.integer({ min: FROM, max: TO }), fc.integer({ min: 0, max: 6 * 86_400_000 }))
        .map(([a, gap]): [number, number] => [a, a + gap]),
      { seed: 7, numRuns: 250 },
    );
    const expected = pairs.map(([a, b]) =>
      businessSecondsBetween(expandCalendar(CALENDAR, FROM - 7 * 86_400_000, TO + 14 * 86_400_000), a, b),
    );
    await withTempDir(async (dir) => {
      await writeFixture(dir, pairs);
      await withDuckDb([dir], async (duck) => {
        for (const { kind } of ENGINES)
          await withCopyOn(kind, duck, async (engine) => {
            const rows = await engine.all(
              `SELECT contact_key, frt_s, frt_bh_s FROM contact_facts ORDER BY CAST(substr(contact_key, 4) AS INTEGER)`,
            );
            expect(rows).toHaveLength(pairs.length);
            rows.forEach((row, i) => {
              const [a, b] = pairs[i] as [number, number];
              expect(Number(row.frt_s), `${kind} calendar ${iso(a)} → ${iso(b)}`).toBeCloseTo(
                (b - a) / 1000,
                3,
              );
              expect(Number(row.frt_bh_s), `${kind} business ${iso(a)} → ${iso(b)}`).toBeCloseTo(
                expected[i] as number,
                3,
              );
            });
          });
      });
    });
  });

  test('an always-open calendar, one interval from the first day to a year past the data, counts every second', async () => {
    await withTempDir(async (dir) => {
      const days = [1, 2, 3, 4, 5, 6, 7].map((weekday) => `always,${weekday},00:00,24:00`);
      await writeFile(join(dir, 'calendars.csv'), 'id,timezone,is_default\nalways,Europe/Amsterdam,true\n');
      await writeFile(
        join(dir, 'calendar_intervals.csv'),
        `calendar_id,weekday,start_time,end_time\n${days.join('\n')}\n`,
      );
      // Over a weekend, across the change to summer time, and within a minute.
      const pairs: [string, string][] = [
        ['2026-03-27T16:00:00Z', '2026-03-30T09:30:00Z'],
        ['2026-04-01T10:00:00Z', '2026-04-01T10:00:45Z'],
      ];
      await writeFile(
        join(dir, 'contacts.csv'),
        `source,external_id,channel,created_at\n${pairs.map(([a], i) => `p,c${i},email,${a}`).join('\n')}\n`,
      );
      const events = pairs.flatMap(([a, b], i) => [
        `p,c${i},customer_message,${a},`,
        `p,c${i},agent_reply,${b},x`,
      ]);
      await writeFile(
        join(dir, 'contact_events.csv'),
        `source,contact_external_id,kind,occurred_at,agent_id\n${events.join('\n')}\n`,
      );
      await withDuckDb([dir], async (duck) => {
        for (const { kind } of ENGINES)
          await withCopyOn(kind, duck, async (engine) => {
            const rows = await engine.all('SELECT frt_s, frt_bh_s FROM contact_facts ORDER BY contact_key');
            expect(
              rows.map((r) => [Number(r.frt_s), Number(r.frt_bh_s)]),
              kind,
            ).toEqual([
              [235_800, 235_800],
              [45, 45],
            ]);
          });
      });
    });
  });
});
