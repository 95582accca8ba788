/**
 * Days of the business facts. A day is held as the epoch milliseconds of its 12:00 UTC: any time
 * zone within ±12 h reads that instant on the same calendar date, so a dashboard in Amsterdam or
 * in Shanghai puts a day's costs and a month's customers where the data meant them.
 */

export const DAY_MS = 86_400_000;
const NOON_MS = 12 * 3_600_000;

/** 12:00 UTC of the UTC day `epochMs` falls on. */
export function noonOf(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS + NOON_MS;
}

/** 12:00 UTC of a `YYYY-MM-DD` date. */
export function noonOfDate(date: string): number {
  const ms = Date.parse(`${date.slice(0, 10)}T12:00:00Z`);
  if (!Number.isFinite(ms)) throw new Error(`not a date: ${date}`);
  return ms;
}

/** `YYYY-MM-DD` of a day. */
export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** 00:00 UTC of the first day of the calendar month `epochMs` falls in. */
export function monthOf(epochMs: number): number {
  const d = new Date(epochMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** 00:00 UTC of the first day of the month after the one starting at `monthStartMs`. */
export function nextMonth(monthStartMs: number): number {
  const d = new Date(monthStartMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The days (12:00 UTC) from `firstDay` to `lastDay`, both included; none when the last is before the first. */
export function daysBetween(firstDay: number, lastDay: number): number[] {
  const days: number[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) days.push(day);
  return days;
}

/**
 * An amount of a period spread evenly over its days (period_end inclusive): a month's wages are
 * a thirtieth or a thirty-first a day, so any range of days gets its part.
 */
export function spreadEvenly(
  amount: number,
  firstDay: number,
  lastDay: number,
): { day: number; amount: number }[] {
  const days = daysBetween(firstDay, lastDay);
  return days.map((day) => ({ day, amount: amount / days.length }));
}
