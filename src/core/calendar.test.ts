import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  type BusinessInterval,
  businessClock,
  businessSecondsBetween,
  type CalendarDefinition,
  expandCalendar,
  validateCalendar,
} from './calendar.js';

const HOUR = 3600;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Epoch ms of an ISO timestamp with an explicit offset, so expected values are computed by hand, not by code. */
function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test timestamp ${iso}`);
  return ms;
}

type IntervalRow = [weekday: number, start: string, end: string];

function calendar(timezone: string, rows: IntervalRow[], holidays: string[] = []): CalendarDefinition {
  return {
    id: 'test',
    timezone,
    intervals: rows.map(([weekday, start, end]) => ({ weekday, start, end })),
    holidays,
  };
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const weekdays = (start: string, end: string): IntervalRow[] => WEEKDAYS.map((day) => [day, start, end]);

/** Business seconds between two ISO timestamps, expanding a week either side. */
function measure(cal: CalendarDefinition, fromIso: string, toIso: string): number {
  const a = at(fromIso);
  const b = at(toIso);
  return businessSecondsBetween(expandCalendar(cal, a - 7 * DAY_MS, b + 7 * DAY_MS), a, b);
}

/** The expansion over [fromIso, toIso] as ISO UTC pairs; it holds the instances that overlap that range. */
function expandedUtc(cal: CalendarDefinition, fromIso: string, toIso: string): [string, string][] {
  return expandCalendar(cal, at(fromIso), at(toIso)).map((interval) => [
    new Date(interval.startMs).toISOString(),
    new Date(interval.endMs).toISOString(),
  ]);
}

describe('business hours: hand-computed examples', () => {
  const amsterdamOffice = calendar('Europe/Amsterdam', weekdays('09:00', '17:00'));

  it('Mon–Fri 09–17 in Amsterdam: Friday 16:00 → Monday 10:00 is 2 h', () => {
    expect(measure(amsterdamOffice, '2026-01-16T16:00:00+01:00', '2026-01-19T10:00:00+01:00')).toBe(2 * HOUR);
    expect(measure(amsterdamOffice, '2026-01-12T00:00:00+01:00', '2026-01-19T00:00:00+01:00')).toBe(
      40 * HOUR,
    );
    expect(expandedUtc(amsterdamOffice, '2026-01-16T00:00:00+01:00', '2026-01-16T23:59:59+01:00')).toEqual([
      ['2026-01-16T08:00:00.000Z', '2026-01-16T16:00:00.000Z'],
    ]);
  });

  it('counts nothing for an empty or reversed range', () => {
    expect(measure(amsterdamOffice, '2026-01-16T10:00:00+01:00', '2026-01-16T10:00:00+01:00')).toBe(0);
    expect(measure(amsterdamOffice, '2026-01-16T12:00:00+01:00', '2026-01-16T10:00:00+01:00')).toBe(0);
  });

  it('splits a day around lunch (09:00–12:00 and 13:00–17:00)', () => {
    const lunchBreak = calendar('Europe/Amsterdam', [
      ...weekdays('09:00', '12:00'),
      ...weekdays('13:00', '17:00'),
    ]);
    expect(measure(lunchBreak, '2026-01-19T08:00:00+01:00', '2026-01-19T18:00:00+01:00')).toBe(7 * HOUR);
    expect(measure(lunchBreak, '2026-01-19T11:30:00+01:00', '2026-01-19T13:30:00+01:00')).toBe(1 * HOUR);
    expect(measure(lunchBreak, '2026-01-19T12:15:00+01:00', '2026-01-19T12:45:00+01:00')).toBe(0);
  });

  it('runs an overnight interval (Fri 22:00–06:00) into Saturday', () => {
    const nightShift = calendar('Europe/Amsterdam', [[5, '22:00', '06:00']]);
    expect(measure(nightShift, '2026-01-16T21:00:00+01:00', '2026-01-17T07:00:00+01:00')).toBe(8 * HOUR);
    expect(measure(nightShift, '2026-01-17T05:00:00+01:00', '2026-01-17T07:00:00+01:00')).toBe(1 * HOUR);
  });

  it('merges an overnight interval with an overlapping next-morning one, counting no second twice', () => {
    const overlapping = calendar('Europe/Amsterdam', [
      [5, '22:00', '06:00'],
      [6, '05:00', '12:00'],
    ]);
    expect(measure(overlapping, '2026-01-16T20:00:00+01:00', '2026-01-17T20:00:00+01:00')).toBe(14 * HOUR);
    expect(expandedUtc(overlapping, '2026-01-16T12:00:00Z', '2026-01-17T18:00:00Z')).toEqual([
      ['2026-01-16T21:00:00.000Z', '2026-01-17T11:00:00.000Z'],
    ]);
  });

  it('skips a holiday (King’s Day, Monday 2026-04-27)', () => {
    const withKingsDay = calendar('Europe/Amsterdam', weekdays('09:00', '17:00'), ['2026-04-27']);
    expect(measure(withKingsDay, '2026-04-24T16:00:00+02:00', '2026-04-28T10:00:00+02:00')).toBe(2 * HOUR);
  });

  it('lets an overnight interval starting the evening before a holiday run into it, but not one starting on it', () => {
    const nights = calendar(
      'Europe/Amsterdam',
      [
        [7, '22:00', '06:00'],
        [1, '22:00', '06:00'],
      ],
      ['2026-04-27'],
    );
    // Sunday 22:00 → Monday 06:00 runs (8 h); Monday 22:00 → Tuesday 06:00 starts on the holiday: skipped.
    expect(measure(nights, '2026-04-26T12:00:00+02:00', '2026-04-29T00:00:00+02:00')).toBe(8 * HOUR);
  });

  it('spring forward in Amsterdam (2026-03-29): 01:00–04:00 lasts 2 real hours', () => {
    const sundayNight = calendar('Europe/Amsterdam', [[7, '01:00', '04:00']]);
    expect(measure(sundayNight, '2026-03-29T00:00:00+01:00', '2026-03-29T12:00:00+02:00')).toBe(2 * HOUR);
    expect(expandedUtc(sundayNight, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toEqual([
      [
        new Date(at('2026-03-29T01:00:00+01:00')).toISOString(),
        new Date(at('2026-03-29T04:00:00+02:00')).toISOString(),
      ],
    ]);
  });

  it('fall back in Amsterdam (2026-10-25): 01:00–04:00 lasts 4 real hours, 01:00–03:00 lasts 3', () => {
    const long = calendar('Europe/Amsterdam', [[7, '01:00', '04:00']]);
    expect(measure(long, '2026-10-25T00:00:00+02:00', '2026-10-25T12:00:00+01:00')).toBe(4 * HOUR);
    expect(expandedUtc(long, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
      ['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z'],
    ]);
    const short = calendar('Europe/Amsterdam', [[7, '01:00', '03:00']]);
    expect(measure(short, '2026-10-25T00:00:00+02:00', '2026-10-25T12:00:00+01:00')).toBe(3 * HOUR);
  });

  it('maps a local time that occurs twice to its earlier instant, whatever the season the code runs in', () => {
    // luxon's DateTime.fromObject resolves such a time with the zone's offset at the current moment, so an
    // implementation built on it passes in summer and fails in winter (or vice versa). Run in both.
    const realNow = Settings.now;
    try {
      for (const now of [at('2026-01-15T12:00:00Z'), at('2026-07-15T12:00:00Z')]) {
        Settings.now = () => now;
        // 02:30 happens at 02:30+02:00 and again at 02:30+01:00; the interval starts at the first.
        const fromTheRepeatedHour = calendar('Europe/Amsterdam', [[7, '02:30', '04:00']]);
        expect(expandedUtc(fromTheRepeatedHour, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
          ['2026-10-25T00:30:00.000Z', '2026-10-25T03:00:00.000Z'],
        ]);
        const intoTheRepeatedHour = calendar('Europe/Amsterdam', [[7, '01:00', '02:30']]);
        expect(expandedUtc(intoTheRepeatedHour, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toEqual([
          ['2026-10-24T23:00:00.000Z', '2026-10-25T00:30:00.000Z'],
        ]);
      }
    } finally {
      Settings.now = realNow;
    }
  });

  it('maps a non-existent local start (02:30 on 2026-03-29) to 03:00 local, not 03:30', () => {
    const fromTheGap = calendar('Europe/Amsterdam', [[7, '02:30', '05:00']]);
    expect(expandedUtc(fromTheGap, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toEqual([
      [
        new Date(at('2026-03-29T03:00:00+02:00')).toISOString(),
        new Date(at('2026-03-29T05:00:00+02:00')).toISOString(),
      ],
    ]);
    expect(measure(fromTheGap, '2026-03-29T00:00:00+01:00', '2026-03-29T12:00:00+02:00')).toBe(2 * HOUR);
    // An interval lying wholly inside the gap has no real duration at all.
    const insideTheGap = calendar('Europe/Amsterdam', [[7, '02:00', '02:30']]);
    expect(expandCalendar(insideTheGap, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toEqual([]);
  });

  it('America/New_York across its spring change (2026-03-08): Friday 16:00 → Monday 10:00 is 2 h', () => {
    const newYorkOffice = calendar('America/New_York', weekdays('09:00', '17:00'));
    expect(measure(newYorkOffice, '2026-03-06T16:00:00-05:00', '2026-03-09T10:00:00-04:00')).toBe(2 * HOUR);
    expect(expandedUtc(newYorkOffice, '2026-03-09T12:00:00Z', '2026-03-09T23:00:00Z')).toEqual([
      ['2026-03-09T13:00:00.000Z', '2026-03-09T21:00:00.000Z'],
    ]);
  });

  it('Asia/Kolkata (+05:30, no DST): 09:30–18:00 is 04:00Z–12:30Z', () => {
    const kolkataOffice = calendar('Asia/Kolkata', weekdays('09:30', '18:00'));
    expect(measure(kolkataOffice, '2026-03-02T00:00:00Z', '2026-03-02T12:00:00Z')).toBe(8 * HOUR);
    expect(expandedUtc(kolkataOffice, '2026-03-02T00:00:00Z', '2026-03-02T18:00:00Z')).toEqual([
      ['2026-03-02T04:00:00.000Z', '2026-03-02T12:30:00.000Z'],
    ]);
  });

  it('Australia/Lord_Howe (30-minute DST change on 2026-04-05): 01:00–03:00 lasts 2.5 real hours', () => {
    const lordHowe = calendar('Australia/Lord_Howe', [[7, '01:00', '03:00']]);
    expect(measure(lordHowe, '2026-04-04T12:00:00Z', '2026-04-05T12:00:00Z')).toBe(2.5 * HOUR);
    expect(expandedUtc(lordHowe, '2026-04-04T12:00:00Z', '2026-04-05T12:00:00Z')).toEqual([
      [
        new Date(at('2026-04-05T01:00:00+11:00')).toISOString(),
        new Date(at('2026-04-05T03:00:00+10:30')).toISOString(),
      ],
    ]);
  });

  it("ends at '24:00' (or '00:00') at midnight and merges touching intervals", () => {
    const expected = [['2026-01-17T17:00:00.000Z', '2026-01-18T01:00:00.000Z']];
    const endsAt24 = calendar('Europe/Amsterdam', [
      [6, '18:00', '24:00'],
      [7, '00:00', '02:00'],
    ]);
    expect(expandedUtc(endsAt24, '2026-01-17T12:00:00Z', '2026-01-18T12:00:00Z')).toEqual(expected);
    const endsAt00 = calendar('Europe/Amsterdam', [
      [6, '18:00', '00:00'],
      [7, '00:00', '02:00'],
    ]);
    expect(expandedUtc(endsAt00, '2026-01-17T12:00:00Z', '2026-01-18T12:00:00Z')).toEqual(expected);
    const wholeDay = calendar('UTC', [[3, '00:00', '24:00']]);
    expect(measure(wholeDay, '2026-01-13T00:00:00Z', '2026-01-16T00:00:00Z')).toBe(24 * HOUR);
  });

  it('measures seconds and sub-second timestamps exactly', () => {
    const withSeconds = calendar('UTC', [[1, '09:00:30', '09:01:15']]);
    expect(measure(withSeconds, '2026-01-19T08:00:00Z', '2026-01-19T10:00:00Z')).toBe(45);
    expect(measure(amsterdamOffice, '2026-01-19T09:00:00.250+01:00', '2026-01-19T09:00:01+01:00')).toBe(0.75);
  });

  it('a calendar without intervals expands to [] and measures 0', () => {
    const closed = calendar('Europe/Amsterdam', []);
    const intervals = expandCalendar(closed, at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'));
    expect(intervals).toEqual([]);
    expect(businessSecondsBetween(intervals, at('2026-01-05T00:00:00Z'), at('2026-01-20T00:00:00Z'))).toBe(0);
    expect(businessClock(intervals, at('2026-01-20T00:00:00Z'))).toBe(0);
  });

  it('businessClock is 0 before the expansion, counts inside it and stays at the total after it', () => {
    const intervals = expandCalendar(amsterdamOffice, at('2026-01-19T12:00:00Z'), at('2026-01-20T12:00:00Z'));
    expect(intervals.map((interval) => interval.cumulativeBeforeSeconds)).toEqual([0, 8 * HOUR]);
    expect(businessClock(intervals, at('2026-01-19T07:00:00Z'))).toBe(0);
    expect(businessClock(intervals, at('2026-01-19T08:00:00Z'))).toBe(0);
    expect(businessClock(intervals, at('2026-01-19T09:30:00Z'))).toBe(1.5 * HOUR);
    expect(businessClock(intervals, at('2026-01-19T20:00:00Z'))).toBe(8 * HOUR);
    expect(businessClock(intervals, at('2026-01-20T09:00:00Z'))).toBe(9 * HOUR);
    expect(businessClock(intervals, at('2026-02-01T00:00:00Z'))).toBe(16 * HOUR);
  });
});

describe('validateCalendar', () => {
  it('accepts a correct calendar', () => {
    const good = calendar(
      'Europe/Amsterdam',
      [
        [1, '09:00', '17:00'],
        [5, '22:00:00', '06:00'],
        [6, '00:00', '24:00'],
        [7, '18:00', '00:00'],
      ],
      ['2026-04-27', '2028-02-29'],
    );
    expect(validateCalendar(good)).toEqual([]);
  });

  it('reports each problem in words', () => {
    const bad = calendar(
      'Europe/Amstredam',
      [
        [0, '09:00', '17:00'],
        [8, '09:00', '17:00'],
        [1.5, '09:00', '17:00'],
        [1, '9:00', '17:00'],
        [1, '09:60', '17:00'],
        [1, '24:00', '06:00'],
        [1, '09:00', '24:01'],
        [1, '09:00', '25:00'],
        [1, '09:00', '09:00:00'],
        [1, '00:00', '00:00'],
      ],
      ['2026-02-29', '2026-4-27', 'next monday'],
    );
    const problems = validateCalendar(bad);
    expect(problems).toEqual([
      expect.stringContaining('unknown time zone "Europe/Amstredam"'),
      expect.stringMatching(/^interval 1 .*weekday must be/),
      expect.stringMatching(/^interval 2 .*weekday must be/),
      expect.stringMatching(/^interval 3 .*weekday must be/),
      expect.stringMatching(/^interval 4 .*start "9:00"/),
      expect.stringMatching(/^interval 5 .*start "09:60"/),
      expect.stringMatching(/^interval 6 .*start "24:00"/),
      expect.stringMatching(/^interval 7 .*end "24:01"/),
      expect.stringMatching(/^interval 8 .*end "25:00"/),
      expect.stringMatching(/^interval 9 .*start equals end/),
      expect.stringMatching(/^interval 10 .*start equals end/),
      expect.stringContaining('holiday "2026-02-29"'),
      expect.stringContaining('holiday "2026-4-27"'),
      expect.stringContaining('holiday "next monday"'),
    ]);
  });

  it('expandCalendar refuses an invalid calendar', () => {
    const bad = calendar('Nowhere/Special', [[1, '09:00', '17:00']]);
    expect(() => expandCalendar(bad, 0, DAY_MS)).toThrow(/calendar "test" is invalid: unknown time zone/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property-based tests against an independent reference.

/**
 * Deliberately simple reference, sharing no code with calendar.ts: walk every UTC minute in [a, b), read the
 * zone's wall clock for it (UTC → local only, via luxon; never local → UTC), and decide from the weekly table
 * whether the business is open at that wall-clock moment.
 *
 * The moment judged is the *highest* wall-clock reading reached so far, not the current one. In the repeated
 * hour after clocks go back, the current reading falls back to times already passed; judging those again would
 * reopen an interval whose end was the earlier occurrence (and close one whose start was). The high-water
 * reading passes each local time exactly once, at its first occurrence, which is the product rule ("a local
 * time that occurs twice takes the earlier instant"); at a spring-forward gap it jumps over the missing times,
 * so a start or end inside the gap takes effect at the transition instant, which is also the rule.
 *
 * Interval boundaries, zone offsets and DST transitions are all minute aligned, so openness is constant within
 * a UTC minute and the partial first and last minutes are counted by their milliseconds.
 */
function referenceBusinessSeconds(cal: CalendarDefinition, aMs: number, bMs: number): number {
  if (bMs <= aMs) return 0;
  const weeklyTable = cal.intervals.map((interval) => {
    const startAfterMidnightMs = secondsOfDay(interval.start) * 1000;
    const endOnStartDayMs = secondsOfDay(interval.end) * 1000;
    const overnight = endOnStartDayMs <= startAfterMidnightMs;
    return {
      weekday: interval.weekday,
      startAfterMidnightMs,
      endAfterMidnightMs: overnight ? endOnStartDayMs + DAY_MS : endOnStartDayMs,
    };
  });
  const holidays = new Set(cal.holidays);

  /** Wall-clock moments are local date-times encoded as if they were UTC ms. */
  const isOpenAt = (wallClock: number): boolean => {
    const today = Math.floor(wallClock / DAY_MS) * DAY_MS;
    // An instance lasts at most a day, so only instances started today or yesterday can contain the moment.
    return [today, today - DAY_MS].some((startDay) => {
      const startDate = new Date(startDay);
      if (holidays.has(startDate.toISOString().slice(0, 10))) return false;
      const isoWeekday = startDate.getUTCDay() === 0 ? 7 : startDate.getUTCDay();
      return weeklyTable.some(
        (row) =>
          row.weekday === isoWeekday &&
          wallClock >= startDay + row.startAfterMidnightMs &&
          wallClock < startDay + row.endAfterMidnightMs,
      );
    });
  };

  let openMs = 0;
  let highWaterWallClock = Number.NEGATIVE_INFINITY;
  // Start the walk early enough for the high-water reading to be right at a: clocks go back by at most 2 hours.
  const firstMinute = Math.floor(aMs / MINUTE_MS) * MINUTE_MS - 3 * HOUR_MS;
  for (let minute = firstMinute; minute < bMs; minute += MINUTE_MS) {
    const local = DateTime.fromMillis(minute, { zone: cal.timezone });
    const wallClock = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
    highWaterWallClock = Math.max(highWaterWallClock, wallClock);
    if (minute + MINUTE_MS > aMs && isOpenAt(highWaterWallClock)) {
      openMs += Math.min(minute + MINUTE_MS, bMs) - Math.max(minute, aMs);
    }
  }
  return openMs / 1000;
}

function secondsOfDay(time: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = time.split(':').map(Number);
  return hours * 3600 + minutes * 60 + seconds;
}

/** Each zone with the dates of its own DST changes (or, without DST, Amsterdam's). */
const ZONES_AND_CHANGE_DATES: [zone: string, changeDates: string[]][] = [
  ['Europe/Amsterdam', ['2026-03-29', '2026-10-25']],
  ['America/New_York', ['2026-03-08', '2026-11-01']],
  ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']],
  ['Asia/Kolkata', ['2026-03-29', '2026-10-25']],
  ['UTC', ['2026-03-29', '2026-10-25']],
];

function formatMinuteOfDay(minuteOfDay: number, withSeconds: boolean): string {
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return withSeconds ? `${hh}:${mm}:00` : `${hh}:${mm}`;
}

// Minutes of day, often near the small hours where DST changes happen (01:00–03:30, incl. Lord Howe's :30s).
const minuteOfDayArb = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.constantFrom(0, 60, 90, 120, 150, 180, 210, 1320, 1380),
);
const intervalTimesArb = fc
  .record({
    start: minuteOfDayArb,
    end: fc.oneof(minuteOfDayArb, fc.constant(1440)),
    withSeconds: fc.boolean(),
  })
  .filter(({ start, end }) => start !== end)
  .map(({ start, end, withSeconds }) => ({
    start: formatMinuteOfDay(start, withSeconds),
    end: end === 1440 ? '24:00' : formatMinuteOfDay(end, withSeconds),
  }));

/** A random calendar around one of its zone's DST changes, with timestamps a <= b near that change. */
const scenarioArb = fc
  .constantFrom(...ZONES_AND_CHANGE_DATES)
  .chain(([timezone, changeDates]) =>
    fc.record({
      timezone: fc.constant(timezone),
      changeMs: fc.constantFrom(...changeDates.map((date) => Date.parse(`${date}T00:00:00Z`))),
      intervalsPerWeekday: fc.tuple(
        ...[1, 2, 3, 4, 5, 6, 7].map(() => fc.array(intervalTimesArb, { minLength: 0, maxLength: 4 })),
      ),
      holidayOffsets: fc.array(fc.integer({ min: -10, max: 10 }), { minLength: 0, maxLength: 5 }),
      timestampOffsets: fc.tuple(
        fc.integer({ min: -7 * DAY_MS, max: 7 * DAY_MS }),
        fc.integer({ min: -7 * DAY_MS, max: 7 * DAY_MS }),
      ),
    }),
  )
  .map(({ timezone, changeMs, intervalsPerWeekday, holidayOffsets, timestampOffsets }) => {
    const cal: CalendarDefinition = {
      id: 'random',
      timezone,
      intervals: intervalsPerWeekday.flatMap((times, index) =>
        times.map((t) => ({ weekday: index + 1, ...t })),
      ),
      holidays: holidayOffsets.map((days) => new Date(changeMs + days * DAY_MS).toISOString().slice(0, 10)),
    };
    const [a, b] = timestampOffsets.map((offset) => changeMs + offset).sort((x, y) => x - y) as [
      number,
      number,
    ];
    return { cal, a, b };
  });

const PROPERTY_RUNS = { seed: 42, numRuns: 300 };

function expandAround(cal: CalendarDefinition, from: number, to: number): BusinessInterval[] {
  return expandCalendar(cal, from - 3 * DAY_MS, to + 3 * DAY_MS);
}

describe('business hours: properties', () => {
  it('businessSecondsBetween equals a minute-by-minute reference', () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal, a, b }) => {
        const actual = businessSecondsBetween(expandAround(cal, a, b), a, b);
        const expected = referenceBusinessSeconds(cal, a, b);
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6);
      }),
      PROPERTY_RUNS,
    );
  });

  it('expansions are sorted, non-empty, separated and correctly accumulated', () => {
    fc.assert(
      fc.property(scenarioArb, ({ cal, a, b }) => {
        const intervals = expandAround(cal, a, b);
        let cumulativeMs = 0;
        intervals.forEach((interval, index) => {
          expect(interval.endMs).toBeGreaterThan(interval.startMs);
          const previous = intervals[index - 1];
          if (previous) expect(interval.startMs).toBeGreaterThan(previous.endMs);
          expect(interval.cumulativeBeforeSeconds).toBe(cumulativeMs / 1000);
          cumulativeMs += interval.endMs - interval.startMs;
        });
      }),
      PROPERTY_RUNS,
    );
  });

  it('businessClock is non-decreasing and businessSecondsBetween is additive', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: -7 * DAY_MS, max: 7 * DAY_MS }),
        ({ cal, a, b }, offsetOfC) => {
          const [first, middle, last] = [a, b, a + offsetOfC].sort((x, y) => x - y) as [
            number,
            number,
            number,
          ];
          const intervals = expandAround(cal, first, last);
          const clockAt = (t: number) => businessClock(intervals, t);
          expect(clockAt(first)).toBeLessThanOrEqual(clockAt(middle));
          expect(clockAt(middle)).toBeLessThanOrEqual(clockAt(last));
          const firstToMiddle = businessSecondsBetween(intervals, first, middle);
          const middleToLast = businessSecondsBetween(intervals, middle, last);
          expect(
            Math.abs(firstToMiddle + middleToLast - businessSecondsBetween(intervals, first, last)),
          ).toBeLessThan(1e-6);
          expect(Math.abs(firstToMiddle - (clockAt(middle) - clockAt(first)))).toBeLessThan(1e-6);
        },
      ),
      PROPERTY_RUNS,
    );
  });
});
