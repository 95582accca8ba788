/**
 * Time helpers for the demo generator. All instants are whole seconds since the Unix epoch (UTC).
 * The scenario lives in Europe/Amsterdam; its offset follows the EU rule (summer time from the
 * last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC), computed here rather
 * than through Intl so that generating millions of events stays fast.
 */

export const DAY = 86_400;
export const HOUR = 3_600;
export const MINUTE = 60;

const dstCache = new Map<number, readonly [number, number]>();

function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month + 1, 0) / 1000;
  const weekday = new Date(lastDay * 1000).getUTCDay(); // 0 = Sunday
  return lastDay - weekday * DAY + HOUR;
}

function dstRange(year: number): readonly [number, number] {
  let range = dstCache.get(year);
  if (range === undefined) {
    range = [lastSundayAt0100Utc(year, 2), lastSundayAt0100Utc(year, 9)];
    dstCache.set(year, range);
  }
  return range;
}

/** Offset of Europe/Amsterdam from UTC at the instant `utc`, in seconds. */
export function amsterdamOffset(utc: number): number {
  const year = new Date(utc * 1000).getUTCFullYear();
  const [start, end] = dstRange(year);
  return utc >= start && utc < end ? 2 * HOUR : HOUR;
}

/** Local wall-clock seconds (as if UTC) of an instant. */
export function toAmsterdam(utc: number): number {
  return utc + amsterdamOffset(utc);
}

/** The instant of an Amsterdam wall-clock time (seconds since epoch, as if UTC). */
export function fromAmsterdam(local: number): number {
  const summer = local - 2 * HOUR;
  return amsterdamOffset(summer) === 2 * HOUR ? summer : local - HOUR;
}

/** ISO weekday, 1 = Monday … 7 = Sunday, of a day number (days since 1970-01-01). */
export function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Day number of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000 / DAY;
}

export function formatDate(dayNum: number): string {
  return new Date(dayNum * DAY * 1000).toISOString().slice(0, 10);
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const datePrefixes = new Map<number, string>();

/** `2026-03-02T09:15:03Z` for an instant in whole seconds. */
export function isoUtc(utc: number): string {
  const day = Math.floor(utc / DAY);
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    prefix = `${formatDate(day)}T`;
    datePrefixes.set(day, prefix);
  }
  let rest = utc - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  const s = rest - m * MINUTE;
  return `${prefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}Z`;
}

/** `HH:MM` → minutes after midnight. */
export function parseTime(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

export interface WeeklyInterval {
  weekday: number;
  start: string;
  end: string;
}

/**
 * Opening hours of one calendar as sorted UTC intervals, for arithmetic on business time.
 * Follows the import format's rules: an end at or before the start runs overnight, and an
 * interval that starts on a holiday is skipped entirely.
 */
export class BusinessCalendar {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(
    intervals: readonly WeeklyInterval[],
    holidays: readonly string[],
    fromDate: string,
    toDate: string,
  ) {
    const closed = new Set(holidays.map(dayNumber));
    const pairs: [number, number][] = [];
    for (let day = dayNumber(fromDate); day <= dayNumber(toDate); day++) {
      if (closed.has(day)) continue;
      const weekday = isoWeekday(day);
      for (const interval of intervals) {
        if (interval.weekday !== weekday) continue;
        const startMin = parseTime(interval.start);
        const endMin = parseTime(interval.end);
        const endDay = endMin <= startMin ? day + 1 : day;
        pairs.push([
          fromAmsterdam(day * DAY + startMin * MINUTE),
          fromAmsterdam(endDay * DAY + endMin * MINUTE),
        ]);
      }
    }
    pairs.sort((x, y) => x[0] - y[0]);
    for (const [start, end] of pairs) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** The opening intervals, [start, end) in UTC seconds, in time order. */
  openIntervals(): [number, number][] {
    return this.starts.map((start, i) => [start, this.ends[i] as number]);
  }

  /** Index of the first interval that ends after `t`. */
  private firstEndingAfter(t: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  isOpen(t: number): boolean {
    const i = this.firstEndingAfter(t);
    return i < this.starts.length && (this.starts[i] as number) <= t;
  }

  /**
   * The instant reached after `seconds` of opening time counted from `t` (waiting for the next
   * opening first). `Infinity` past the end of the calendar's range.
   */
  addBusiness(t: number, seconds: number): number {
    let remaining = seconds;
    for (let i = this.firstEndingAfter(t); i < this.starts.length; i++) {
      const from = Math.max(t, this.starts[i] as number);
      const available = (this.ends[i] as number) - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** The first open instant at or after `t`. */
  nextOpen(t: number): number {
    return this.addBusiness(t, 0);
  }
}
