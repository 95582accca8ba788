/**
 * Business-hours calendars: weekly opening intervals in an IANA time zone, minus holidays, expanded to
 * UTC instants so that durations (first response time, resolution time, …) can be measured in business
 * seconds, exact to the second across DST changes.
 *
 * Documented rules:
 * - A weekly interval has an ISO weekday (1 = Monday … 7 = Sunday) and a local start and end, 'HH:MM' or
 *   'HH:MM:SS'. An end of '24:00' is the midnight that ends the day. An end at or before the start runs
 *   overnight into the next day ('00:00' is that midnight). start == end is invalid (empty or 24 h?); use
 *   00:00–24:00 for a whole day.
 * - An interval instance belongs to the local date it starts on. If that date is a holiday, the whole
 *   instance is skipped: an overnight interval starting the evening before a holiday still runs into the
 *   holiday; one starting on the holiday does not happen.
 * - Local wall-clock times are converted to UTC in the calendar's time zone. A local time maps to the first
 *   instant at which the zone's clock shows it:
 *   - autumn (clocks go back): a local time that occurs twice takes the earlier instant, so 01:00–03:00 on
 *     that night lasts 3 real hours;
 *   - spring (clocks go forward): a local time that does not exist maps to the transition instant (02:30 on
 *     a 02:00 → 03:00 night maps to the instant the clock jumps to 03:00), so 01:00–04:00 lasts 2 real hours.
 *   Between its start and end instants an interval counts real elapsed time.
 * - Overlapping or touching instances (an overnight Fri 22:00–06:00 and a Sat 05:00–12:00) are merged, so no
 *   second is counted twice.
 * - A calendar without intervals has no business time: it expands to [] and every duration in it is 0.
 *
 * Usage: expand once for a generous range (`expandCalendar`), then measure many durations against the
 * expansion (`businessSecondsBetween`, O(log n) each). Timestamps outside the expanded range are not covered.
 */
import { IANAZone } from 'luxon';

/** A weekly opening interval. See the module comment for the rules. */
export interface CalendarInterval {
  /** ISO weekday the interval starts on: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local start, 'HH:MM' or 'HH:MM:SS'. */
  start: string;
  /** Local end, 'HH:MM' or 'HH:MM:SS'; '24:00' is midnight; an end <= start runs overnight. */
  end: string;
}

export interface CalendarDefinition {
  id: string;
  /** IANA time zone of the opening hours, e.g. 'Europe/Amsterdam'. */
  timezone: string;
  intervals: CalendarInterval[];
  /** Closed local dates, 'YYYY-MM-DD'. */
  holidays: string[];
}

/** A stretch of business time in UTC. Expansions are sorted, non-overlapping, non-touching and non-empty. */
export interface BusinessInterval {
  /** UTC epoch ms, inclusive. */
  startMs: number;
  /** UTC epoch ms, exclusive. */
  endMs: number;
  /** Business seconds from the first interval's start up to this interval's start. */
  cumulativeBeforeSeconds: number;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const SECONDS_PER_DAY = 86_400;

/**
 * Local days expanded before the local date of `fromMs` and after that of `toMs`. An instance lasts at most
 * a day (plus a DST hour), so one day before would do; the margin costs nothing because instances that do not
 * overlap the range are dropped.
 */
const EXTRA_DAYS_BEFORE = 2;
const EXTRA_DAYS_AFTER = 1;

const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Seconds after local midnight; undefined when invalid. '24:00' (= 86 400) only where an end of day is allowed. */
export function parseTimeOfDay(text: string, allowEndOfDay: boolean): number | undefined {
  const match = TIME_PATTERN.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = match[3] === undefined ? 0 : Number(match[3]);
  if (minutes > 59 || seconds > 59) return undefined;
  if (hours === 24 && minutes === 0 && seconds === 0 && allowEndOfDay) return SECONDS_PER_DAY;
  if (hours > 23) return undefined;
  return hours * 3600 + minutes * 60 + seconds;
}

function isValidLocalDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear rather than Date.UTC, which maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Human-readable problems with a calendar definition; [] when it can be expanded. */
export function validateCalendar(calendar: CalendarDefinition): string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(calendar.timezone)) {
    problems.push(
      `unknown time zone "${calendar.timezone}" (expected an IANA name such as Europe/Amsterdam)`,
    );
  }
  calendar.intervals.forEach((interval, index) => {
    const label = `interval ${index + 1} (weekday ${interval.weekday}, ${interval.start}–${interval.end})`;
    if (!Number.isInteger(interval.weekday) || interval.weekday < 1 || interval.weekday > 7) {
      problems.push(`${label}: weekday must be an integer from 1 (Monday) to 7 (Sunday)`);
    }
    const startSeconds = parseTimeOfDay(interval.start, false);
    const endSeconds = parseTimeOfDay(interval.end, true);
    if (startSeconds === undefined) {
      problems.push(
        `${label}: start "${interval.start}" is not a time HH:MM or HH:MM:SS from 00:00 to 23:59:59`,
      );
    }
    if (endSeconds === undefined) {
      problems.push(`${label}: end "${interval.end}" is not a time HH:MM or HH:MM:SS from 00:00 to 24:00`);
    }
    if (startSeconds !== undefined && startSeconds === endSeconds) {
      problems.push(
        `${label}: start equals end, so the interval is empty (use 00:00–24:00 for a whole day; an end before the start runs overnight)`,
      );
    }
  });
  for (const holiday of calendar.holidays) {
    if (!isValidLocalDate(holiday)) problems.push(`holiday "${holiday}" is not a valid date YYYY-MM-DD`);
  }
  return problems;
}

/**
 * Local date-times are handled as "wall-clock ms": the local date and time encoded as if they were UTC,
 * e.g. 2026-03-29 02:30 local ↔ Date.UTC(2026, 2, 29, 2, 30). Whole wall-clock days are "day numbers"
 * (days since 1970-01-01), so calendar arithmetic needs no time zone.
 */
function wallClockAt(zone: IANAZone, utcMs: number): number {
  return utcMs + zone.offset(utcMs) * MS_PER_MINUTE;
}

/**
 * The first UTC instant at which the zone's clock shows `wallMs`: the earlier instant for a local time that
 * occurs twice, the transition instant for one that does not exist.
 *
 * Deliberately not luxon's DateTime.fromObject: for a local time that occurs twice it picks the instant whose
 * offset equals the zone's offset *at the moment the code runs* (so results would change with the season),
 * and it moves a non-existent time forward by the length of the gap (02:30 → 03:30).
 */
function wallClockToUtcMs(zone: IANAZone, wallMs: number): number {
  // Offsets are within ±14 h, so the instant lies within a day of wallMs. Zones change offset at most once
  // in that span, so sampling there finds every offset in effect around the wanted instant.
  const offsetsMs = [
    ...new Set([wallMs - MS_PER_DAY, wallMs, wallMs + MS_PER_DAY].map((t) => zone.offset(t))),
  ].map((offsetMinutes) => offsetMinutes * MS_PER_MINUTE);
  const matchingInstants = offsetsMs
    .map((offsetMs) => wallMs - offsetMs)
    .filter((utcMs) => wallClockAt(zone, utcMs) === wallMs);
  if (matchingInstants.length > 0) return Math.min(...matchingInstants);

  // wallMs falls in a spring-forward gap. The clock is below wallMs just before the transition and above it
  // just after, so bisect (on whole ms) for the first instant at which it has reached wallMs.
  let clockBelow = wallMs - Math.max(...offsetsMs);
  let clockReached = wallMs - Math.min(...offsetsMs);
  while (clockReached - clockBelow > 1) {
    const middle = Math.floor((clockBelow + clockReached) / 2);
    if (wallClockAt(zone, middle) >= wallMs) clockReached = middle;
    else clockBelow = middle;
  }
  return clockReached;
}

function localDayNumber(zone: IANAZone, utcMs: number): number {
  return Math.floor(wallClockAt(zone, utcMs) / MS_PER_DAY);
}

function isoDateOfDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

function isoWeekdayOfDay(dayNumber: number): number {
  // Day 0, 1970-01-01, was a Thursday (ISO weekday 4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** A weekly interval in seconds after the midnight that starts its day; endSeconds > startSeconds. */
interface WeeklyInterval {
  startSeconds: number;
  endSeconds: number;
}

/** Weekly intervals indexed by ISO weekday (index 0 unused). Overnight ends move to the next day. */
function weeklyIntervalsByWeekday(intervals: readonly CalendarInterval[]): WeeklyInterval[][] {
  const byWeekday: WeeklyInterval[][] = Array.from({ length: 8 }, () => []);
  for (const interval of intervals) {
    // validateCalendar has accepted both times.
    const startSeconds = parseTimeOfDay(interval.start, false) ?? 0;
    const endOnStartDay = parseTimeOfDay(interval.end, true) ?? 0;
    const endSeconds = endOnStartDay <= startSeconds ? endOnStartDay + SECONDS_PER_DAY : endOnStartDay;
    byWeekday[interval.weekday]?.push({ startSeconds, endSeconds });
  }
  return byWeekday;
}

/**
 * The calendar's business time as UTC intervals: every interval instance that overlaps [fromMs, toMs], whole
 * (not clipped), merged where instances overlap or touch. Pick a generous range: durations can only be
 * measured between timestamps inside it. Throws when validateCalendar reports problems.
 */
export function expandCalendar(
  calendar: CalendarDefinition,
  fromMs: number,
  toMs: number,
): BusinessInterval[] {
  const problems = validateCalendar(calendar);
  if (problems.length > 0) throw new Error(`calendar "${calendar.id}" is invalid: ${problems.join('; ')}`);
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new RangeError(`expandCalendar needs finite epoch ms, got ${fromMs} and ${toMs}`);
  }
  if (calendar.intervals.length === 0 || toMs < fromMs) return [];

  const zone = IANAZone.create(calendar.timezone);
  const holidays = new Set(calendar.holidays);
  const weeklyIntervals = weeklyIntervalsByWeekday(calendar.intervals);
  const instances: { startMs: number; endMs: number }[] = [];
  const lastDay = localDayNumber(zone, toMs) + EXTRA_DAYS_AFTER;
  for (let day = localDayNumber(zone, fromMs) - EXTRA_DAYS_BEFORE; day <= lastDay; day++) {
    if (holidays.has(isoDateOfDay(day))) continue;
    const midnightWallMs = day * MS_PER_DAY;
    for (const interval of weeklyIntervals[isoWeekdayOfDay(day)] ?? []) {
      const startMs = wallClockToUtcMs(zone, midnightWallMs + interval.startSeconds * MS_PER_SECOND);
      const endMs = wallClockToUtcMs(zone, midnightWallMs + interval.endSeconds * MS_PER_SECOND);
      // An instance lying wholly inside a spring-forward gap has no real duration.
      if (endMs <= startMs) continue;
      if (startMs <= toMs && endMs >= fromMs) instances.push({ startMs, endMs });
    }
  }
  return mergeAndAccumulate(instances);
}

function mergeAndAccumulate(instances: { startMs: number; endMs: number }[]): BusinessInterval[] {
  instances.sort((a, b) => a.startMs - b.startMs);
  const merged: BusinessInterval[] = [];
  // Accumulate in whole ms (exact integers) and divide once, so whole-second boundaries give whole seconds.
  let cumulativeMs = 0;
  for (const { startMs, endMs } of instances) {
    const previous = merged.at(-1);
    if (previous && startMs <= previous.endMs) {
      if (endMs > previous.endMs) {
        cumulativeMs += endMs - previous.endMs;
        previous.endMs = endMs;
      }
      continue;
    }
    merged.push({ startMs, endMs, cumulativeBeforeSeconds: cumulativeMs / MS_PER_SECOND });
    cumulativeMs += endMs - startMs;
  }
  return merged;
}

/** Index of the last interval whose start is <= tMs, or -1 (binary search; intervals are sorted). */
function lastIntervalStartingAtOrBefore(intervals: readonly BusinessInterval[], tMs: number): number {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((intervals[middle]?.startMs ?? Number.POSITIVE_INFINITY) <= tMs) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Business ms from the start of the expansion to tMs. */
function businessMsUntil(intervals: readonly BusinessInterval[], tMs: number): number {
  const interval = intervals[lastIntervalStartingAtOrBefore(intervals, tMs)];
  if (!interval) return 0;
  return interval.cumulativeBeforeSeconds * MS_PER_SECOND + Math.min(tMs, interval.endMs) - interval.startMs;
}

/**
 * F(t): business seconds from the start of the expansion to tMs (0 before it, the total after it).
 * Non-decreasing; businessSecondsBetween(a, b) = F(b) − F(a).
 */
export function businessClock(intervals: readonly BusinessInterval[], tMs: number): number {
  return businessMsUntil(intervals, tMs) / MS_PER_SECOND;
}

/**
 * Business seconds in [aMs, bMs); 0 when bMs <= aMs. Exact: fractional when the timestamps have sub-second
 * parts. Both timestamps must lie within the range the intervals were expanded for.
 */
export function businessSecondsBetween(
  intervals: readonly BusinessInterval[],
  aMs: number,
  bMs: number,
): number {
  if (!(bMs > aMs)) return 0;
  return (businessMsUntil(intervals, bMs) - businessMsUntil(intervals, aMs)) / MS_PER_SECOND;
}
