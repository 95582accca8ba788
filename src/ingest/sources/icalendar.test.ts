import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  fixturePath,
  importSourceError,
  importSourceOrThrow,
} from '../../../test/support/sources.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { importFiles } from '../../services/import.js';
import {
  activityOfWords,
  icalendar,
  icalendarFormat,
  MAX_OCCURRENCES_PER_EVENT,
  RECURRENCE_HISTORY_YEARS,
  RECURRENCE_HORIZON_WEEKS,
} from './icalendar.js';
import { detectSourceFormats } from './index.js';

const ANNA = fixturePath('workforce-ingest/anna.ics');
const TEAM = fixturePath('workforce-ingest/team.ics');
const REFUSED = fixturePath('workforce-ingest/refused.ics');
const EMPTY = fixturePath('workforce-ingest/empty.ics');

/** Anna and Ben, with their e-mail addresses: the agents calendars name. */
async function withAgents<T>(work: (db: DuckDbEngine) => Promise<T>): Promise<T> {
  return withDuckDb([], async (db) => {
    const loaded = await importFiles(db, [fixturePath('workforce-ingest/agents')], { rebuild: false });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    return work(db);
  });
}

/** A calendar of `events`, each given as its lines between BEGIN:VEVENT and END:VEVENT. */
async function writeCalendar(path: string, events: readonly (readonly string[])[]): Promise<void> {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0'];
  for (const event of events) lines.push('BEGIN:VEVENT', ...event, 'END:VEVENT');
  await writeFile(path, [...lines, 'END:VCALENDAR', ''].join('\r\n'));
}

/** An iCalendar UTC time (`20260105T090000Z`) of an instant. */
const icsTime = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
const DAY_MS = 86_400_000;
/** 09:00 UTC, `days` days from today. */
const nineAm = (days: number) => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 9);
};
const GOOD_EVENT = [
  'UID:good',
  'X-SERVICEMETER-AGENT:anna',
  'SUMMARY:Phone',
  'DTSTART:20260406T070000Z',
  'DTEND:20260406T150000Z',
];

const scheduleRows = (db: DuckDbEngine) =>
  db.all(
    `SELECT external_id, agent_id, strftime(starts_at, '%Y-%m-%dT%H:%M:%SZ') AS starts_at,
       strftime(ends_at, '%Y-%m-%dT%H:%M:%SZ') AS ends_at, activity, note
     FROM schedules ORDER BY starts_at, agent_id`,
  );

describe('icalendar', () => {
  test('a calendar exported per agent: recurrence with EXDATE, DST, overnight, lunch, all-day vacation', async () => {
    await withAgents(async (db) => {
      const summary = await importSourceOrThrow(db, icalendar, [ANNA]);
      expect(await scheduleRows(db)).toEqual([
        // Monday 16 March 09:00–17:00 in Amsterdam is still winter time (UTC+1).
        {
          external_id: 'phones-monday@example.com|2026-03-16T08:00:00Z|anna',
          agent_id: 'anna',
          starts_at: '2026-03-16T08:00:00Z',
          ends_at: '2026-03-16T16:00:00Z',
          activity: 'phone',
          note: 'Phones',
        },
        {
          external_id: 'lunch-0316@example.com|2026-03-16T11:00:00Z|anna',
          agent_id: 'anna',
          starts_at: '2026-03-16T11:00:00Z',
          ends_at: '2026-03-16T11:30:00Z',
          activity: 'break',
          note: 'Lunch',
        },
        // 22:00 CET to 06:00 CEST: the night the clocks go forward is seven hours long.
        {
          external_id: 'night-0328@example.com|2026-03-28T21:00:00Z|anna',
          agent_id: 'anna',
          starts_at: '2026-03-28T21:00:00Z',
          ends_at: '2026-03-29T04:00:00Z',
          activity: 'chat',
          note: 'Night shift - chat',
        },
        // 23 March is an EXDATE; from 30 March the same 09:00–17:00 is summer time (UTC+2).
        {
          external_id: 'phones-monday@example.com|2026-03-30T07:00:00Z|anna',
          agent_id: 'anna',
          starts_at: '2026-03-30T07:00:00Z',
          ends_at: '2026-03-30T15:00:00Z',
          activity: 'phone',
          note: 'Phones',
        },
        {
          external_id: 'phones-monday@example.com|2026-04-06T07:00:00Z|anna',
          agent_id: 'anna',
          starts_at: '2026-04-06T07:00:00Z',
          ends_at: '2026-04-06T15:00:00Z',
          activity: 'phone',
          note: 'Phones',
        },
        // All day in the calendar's zone (X-WR-TIMEZONE): Amsterdam's midnight to midnight.
        {
          external_id: 'vacation-0410@example.com|2026-04-09T22:00:00Z|anna',
          agent_id: 'anna',
          starts_at: '2026-04-09T22:00:00Z',
          ends_at: '2026-04-10T22:00:00Z',
          activity: 'absence',
          note: 'Vacation',
        },
      ]);
      expect(summary.warnings).toEqual([
        {
          file: 'anna.ics',
          message: 'event marked free time (TRANSP:TRANSPARENT): not a schedule block, skipped',
          count: 1,
          examples: ['line 57'],
        },
      ]);
    });
  });

  test('importing the same calendar again replaces its blocks, never duplicates them', async () => {
    await withAgents(async (db) => {
      await importSourceOrThrow(db, icalendar, [ANNA]);
      const first = await scheduleRows(db);
      await importSourceOrThrow(db, icalendar, [ANNA]);
      expect(await scheduleRows(db)).toEqual(first);
      expect(first).toHaveLength(6);
    });
  });

  test('Outlook: a zone only its VTIMEZONE defines, attendees matched by e-mail, UTC times, DURATION', async () => {
    await withAgents(async (db) => {
      await importSourceOrThrow(db, icalendar, [TEAM]);
      expect(await scheduleRows(db)).toEqual([
        // 15:00 'W. Europe Standard Time' on 1 April is 13:00 UTC; the unknown third attendee is no agent.
        {
          external_id: '040000008200E00074C5B7101A82E00800000000|2026-04-01T13:00:00Z|anna',
          agent_id: 'anna',
          starts_at: '2026-04-01T13:00:00Z',
          ends_at: '2026-04-01T14:00:00Z',
          activity: 'meeting',
          note: 'Team overleg',
        },
        {
          external_id: '040000008200E00074C5B7101A82E00800000000|2026-04-01T13:00:00Z|ben',
          agent_id: 'ben',
          starts_at: '2026-04-01T13:00:00Z',
          ends_at: '2026-04-01T14:00:00Z',
          activity: 'meeting',
          note: 'Team overleg',
        },
        {
          external_id: 'inbox-0402@wfm.example|2026-04-02T13:00:00Z|ben',
          agent_id: 'ben',
          starts_at: '2026-04-02T13:00:00Z',
          ends_at: '2026-04-02T17:00:00Z',
          activity: 'email',
          note: 'E-mail inbox',
        },
        {
          external_id: 'project-0403@wfm.example|2026-04-03T09:00:00Z|ben',
          agent_id: 'ben',
          starts_at: '2026-04-03T09:00:00Z',
          ends_at: '2026-04-03T10:30:00Z',
          activity: 'other_work',
          note: 'Product update',
        },
      ]);
    });
  });

  test('an event without an agent and an all-day event that is no absence are refused by file, line and field', async () => {
    await withAgents(async (db) => {
      expect(await importSourceError(db, icalendar, [REFUSED])).toEqual({
        kind: 'bad_rows',
        total: 2,
        problems: [
          {
            file: REFUSED,
            line: 12,
            column: 'X-SERVICEMETER-AGENT',
            reason:
              "no agent: the event has neither X-SERVICEMETER-AGENT nor an ATTENDEE, and the file name 'refused.ics' is no agent id",
          },
          {
            file: REFUSED,
            line: 19,
            column: 'SUMMARY',
            reason:
              "all-day event 'Team day' is ambiguous: only an absence (vacation, holiday, leave, sick, …) may last whole days; give it times",
          },
        ],
      });
      expect(await db.all('SELECT count(*) AS n FROM schedules')).toEqual([{ n: 0 }]);
    });
  });

  test('with --skip-bad-rows the good events of that file are imported', async () => {
    await withTempDir(async (dir) => {
      await withAgents(async (db) => {
        const summary = await importSourceOrThrow(db, icalendar, [REFUSED], {
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        expect(summary.rejected).toBe(2);
        expect((await scheduleRows(db)).map((r) => r.external_id)).toEqual([
          'good-0406@example.com|2026-04-06T07:00:00Z|anna',
        ]);
      });
    });
  });

  test('a file without events is an error', async () => {
    await withAgents(async (db) => {
      expect(await importSourceError(db, icalendar, [EMPTY])).toEqual({
        kind: 'bad_rows',
        total: 1,
        problems: [
          { file: EMPTY, line: 1, column: 'VEVENT', reason: 'the file holds no event (no BEGIN:VEVENT)' },
        ],
      });
    });
  });

  test('a time zone neither IANA nor defined in the file is refused', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'anna.ics');
      await writeFile(
        path,
        [
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'BEGIN:VEVENT',
          'UID:x',
          'SUMMARY:Phone',
          'DTSTART;TZID=Mars Standard Time:20260406T090000',
          'DTEND;TZID=Mars Standard Time:20260406T170000',
          'END:VEVENT',
          'END:VCALENDAR',
          '',
        ].join('\r\n'),
      );
      await withAgents(async (db) => {
        expect(await importSourceError(db, icalendar, [path])).toMatchObject({
          problems: [
            {
              line: 3,
              column: 'DTSTART',
              reason:
                "time zone 'Mars Standard Time' is neither an IANA zone nor defined by a VTIMEZONE in the file",
            },
          ],
        });
      });
    });
  });

  test(`a rule without end is expanded up to ${RECURRENCE_HORIZON_WEEKS} weeks after the import day; a moved occurrence keeps its name`, async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'shifts.ics');
      const firstMonday = Date.UTC(2026, 0, 5, 9);
      await writeFile(
        path,
        [
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'BEGIN:VEVENT',
          'UID:weekly',
          'X-SERVICEMETER-AGENT:ben',
          'SUMMARY:Chat',
          'DTSTART:20260105T090000Z',
          'DTEND:20260105T170000Z',
          'RRULE:FREQ=WEEKLY',
          'END:VEVENT',
          'BEGIN:VEVENT',
          'UID:weekly',
          'RECURRENCE-ID:20260112T090000Z',
          'SUMMARY:Chat training',
          'DTSTART:20260113T100000Z',
          'DTEND:20260113T120000Z',
          'END:VEVENT',
          'END:VCALENDAR',
          '',
        ].join('\r\n'),
      );
      await withAgents(async (db) => {
        const before = Date.now();
        await importSourceOrThrow(db, icalendar, [path]);
        const rows = await scheduleRows(db);
        const horizon = before + RECURRENCE_HORIZON_WEEKS * 7 * 86_400_000;
        const weeks = Math.floor((horizon - firstMonday) / (7 * 86_400_000)) + 1;
        expect(rows).toHaveLength(weeks);
        expect(rows[1]).toEqual({
          external_id: 'weekly|2026-01-12T09:00:00Z|ben',
          agent_id: 'ben',
          starts_at: '2026-01-13T10:00:00Z',
          ends_at: '2026-01-13T12:00:00Z',
          activity: 'training',
          note: 'Chat training',
        });
        expect(Date.parse(String(rows.at(-1)?.starts_at))).toBeLessThanOrEqual(horizon);
      });
    });
  });

  test('a rule ical.js cannot expand refuses its event by line and field RRULE; the others import', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'rules.ics');
      const daily = (uid: string, ...more: string[]) => [
        `UID:${uid}`,
        'X-SERVICEMETER-AGENT:anna',
        'SUMMARY:Phone',
        'DTSTART:20260105T090000Z',
        'DTEND:20260105T170000Z',
        ...more,
      ];
      // 600 days in a row left out: ical.js gives up after 500 tries.
      const exdates = Array.from({ length: 600 }, (_, i) => `EXDATE:${icsTime(Date.UTC(2026, 0, 6 + i, 9))}`);
      await writeCalendar(path, [
        GOOD_EVENT,
        daily('weekly-monthday', 'RRULE:FREQ=WEEKLY;BYMONTHDAY=1'),
        daily('all-excluded', 'RRULE:FREQ=DAILY', ...exdates),
      ]);
      await withAgents(async (db) => {
        const error = await importSourceError(db, icalendar, [path]);
        expect(error).toMatchObject({ kind: 'bad_rows', total: 2 });
        const problems = error.kind === 'bad_rows' ? error.problems : [];
        expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([
          [path, 10, 'RRULE'],
          [path, 18, 'RRULE'],
        ]);
        expect(problems[0]?.reason).toBe(
          'the recurrence cannot be expanded: For WEEKLY recurrences neither BYMONTHDAY nor BYYEARDAY may appear',
        );
        expect(problems[1]?.reason).toMatch(/^the recurrence cannot be expanded: max tries have occurred/);
        const summary = await importSourceOrThrow(db, icalendar, [path], {
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        expect(summary.rejected).toBe(2);
        // The two rules that got through their first occurrences before failing left none behind.
        expect((await scheduleRows(db)).map((r) => r.external_id)).toEqual([
          'good|2026-04-06T07:00:00Z|anna',
        ]);
      });
    });
  });

  test('an event refused at a later occurrence writes none of its earlier ones', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'moved.ics');
      const first = nineAm(-21);
      await writeCalendar(path, [
        GOOD_EVENT,
        [
          'UID:weekly',
          'X-SERVICEMETER-AGENT:ben',
          'SUMMARY:Chat',
          `DTSTART:${icsTime(first)}`,
          `DTEND:${icsTime(first + 8 * 3_600_000)}`,
          'RRULE:FREQ=WEEKLY;COUNT=3',
        ],
        // The third occurrence, moved: it ends before it starts.
        [
          'UID:weekly',
          `RECURRENCE-ID:${icsTime(first + 14 * DAY_MS)}`,
          'SUMMARY:Chat',
          `DTSTART:${icsTime(first + 14 * DAY_MS + 3_600_000)}`,
          `DTEND:${icsTime(first + 14 * DAY_MS)}`,
        ],
      ]);
      await withAgents(async (db) => {
        const summary = await importSourceOrThrow(db, icalendar, [path], {
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        expect(summary.rejected).toBe(1);
        expect((await scheduleRows(db)).map((r) => r.external_id)).toEqual([
          'good|2026-04-06T07:00:00Z|anna',
        ]);
      });
    });
  });

  test(`a daily shift that started in 2010 gives the ${RECURRENCE_HISTORY_YEARS} years before the import day up to the horizon, without warning`, async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'since2010.ics');
      await writeCalendar(path, [
        [
          'UID:daily',
          'X-SERVICEMETER-AGENT:anna',
          'SUMMARY:Phone',
          'DTSTART:20100104T090000Z',
          'DTEND:20100104T170000Z',
          'RRULE:FREQ=DAILY',
        ],
      ]);
      await withAgents(async (db) => {
        const before = Date.now();
        const summary = await importSourceOrThrow(db, icalendar, [path]);
        const rows = await scheduleRows(db);
        const now = new Date(before);
        const from = Date.UTC(
          now.getUTCFullYear() - RECURRENCE_HISTORY_YEARS,
          now.getUTCMonth(),
          now.getUTCDate(),
          9,
        );
        const horizon = before + RECURRENCE_HORIZON_WEEKS * 7 * DAY_MS;
        expect(rows[0]?.starts_at).toBe(new Date(from).toISOString().replace('.000Z', 'Z'));
        expect(rows).toHaveLength(Math.floor((horizon - from) / DAY_MS) + 1);
        expect(rows.length).toBeLessThan(MAX_OCCURRENCES_PER_EVENT);
        // Today's shift is there.
        expect(rows.map((r) => r.starts_at)).toContain(
          new Date(nineAm(0)).toISOString().replace('.000Z', 'Z'),
        );
        expect(summary.warnings).toEqual([]);
      });
    });
  });

  test('the recurring events of a file past the per-file limit are refused, naming the file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'team.ics');
      const weekly = (uid: string) => [
        `UID:${uid}`,
        'X-SERVICEMETER-AGENT:anna',
        'SUMMARY:Phone',
        `DTSTART:${icsTime(nineAm(-7))}`,
        `DTEND:${icsTime(nineAm(-7) + 3_600_000)}`,
        'RRULE:FREQ=DAILY;COUNT=4',
      ];
      await writeCalendar(path, [weekly('a'), weekly('b'), GOOD_EVENT, weekly('c'), weekly('d')]);
      const limited = icalendarFormat({ maxOccurrencesPerFile: 10 });
      await withAgents(async (db) => {
        const error = await importSourceError(db, limited, [path]);
        expect(error).toMatchObject({ kind: 'bad_rows', total: 2 });
        const problems = error.kind === 'bad_rows' ? error.problems : [];
        expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([
          [path, 26, 'RRULE'],
          [path, 34, 'RRULE'],
        ]);
        expect(problems[0]?.reason).toMatch(
          /^the recurring events of team\.ics give more than 10 occurrences from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: this one and those after it are refused; split the calendar$/,
        );
        await importSourceOrThrow(db, limited, [path], {
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        expect(await scheduleRows(db)).toHaveLength(9);
      });
    });
  });

  test.each([
    ['Phones', 'phone'],
    ['Telefoon', 'phone'],
    ['Chat', 'chat'],
    ['E-mail', 'email'],
    ['Inbox', 'email'],
    ['Social', 'social'],
    ['Lunch break', 'break'],
    ['Pauze', 'break'],
    ['Cursus', 'training'],
    ['Chat training', 'training'],
    ['1:1 with lead', 'meeting'],
    ['Overleg', 'meeting'],
    ['Sick', 'absence'],
    ['Vakantie', 'absence'],
    ['OOO', 'absence'],
    ['Product update', null],
  ])('the words %s name %s', (words, activity) => {
    expect(activityOfWords(words)).toBe(activity);
  });

  test('.ics files are recognised as iCalendar alone', async () => {
    for (const file of [ANNA, TEAM, REFUSED]) {
      expect((await detectSourceFormats(file)).map((d) => d.format)).toEqual(['icalendar']);
    }
    expect(icalendar.detect(await detectInput(fixturePath('small-helpdesk/contacts.csv')))).toBeNull();
  });
});
