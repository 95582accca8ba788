/**
 * The instants and dates servicemeter accepts, from imports and from the API alike. Nothing a
 * service team measures lies outside them, and a value far outside (year 0000 or 9999) breaks the
 * date arithmetic of the rebuild and of calendars, so it is refused where it comes in.
 */
export const EARLIEST_DATE = '1970-01-01';
export const LATEST_DATE = '2200-12-31';

/** 1970-01-01T00:00:00Z in milliseconds since the epoch. */
export const EARLIEST_MS = Date.UTC(1970, 0, 1);
/** The last millisecond of 2200-12-31 (UTC). */
export const LATEST_MS = Date.UTC(2201, 0, 1) - 1;

export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 2200;

/** "1970-01-01 … 2200-12-31", for messages. */
export const ACCEPTED_RANGE = `${EARLIEST_DATE} … ${LATEST_DATE}`;

/** Whether an instant (epoch milliseconds, UTC) is accepted. */
export function instantInRange(ms: number): boolean {
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** Whether a calendar date `YYYY-MM-DD` (compared as written) is accepted. */
export function dateInRange(isoDate: string): boolean {
  return isoDate >= EARLIEST_DATE && isoDate <= LATEST_DATE;
}

/** Why an instant is refused, or null: "is outside the accepted range …", after the value in a message. */
export function instantRangeProblem(ms: number): string | null {
  if (!Number.isFinite(ms)) return `is not a time between ${ACCEPTED_RANGE} (UTC)`;
  if (instantInRange(ms)) return null;
  return `is outside the accepted range ${EARLIEST_DATE}T00:00:00Z to ${LATEST_DATE}T23:59:59Z`;
}

/** An instant for a message, ISO 8601 UTC; one beyond what a Date holds is given in milliseconds. */
export function utcText(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms after 1970-01-01` : date.toISOString();
}
