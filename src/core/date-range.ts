/**
 * The local dates and date-times the API takes (a query's from and to, a clicked period, a
 * holiday): real calendar dates and clock times inside the range of src/core/time-range.ts, which
 * the imports apply to what they load. The API's schemas and the KPI query model (and with it the
 * CLI) check them here, so all of them refuse the same things with the same words.
 */
import { EARLIEST_DATE, EARLIEST_YEAR, LATEST_DATE, LATEST_YEAR } from './time-range.js';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Arithmetic, not Date.UTC, which reads the years 0–99 as 1900–1999. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (value: number, digits = 2) => String(value).padStart(digits, '0');

/** Why year-month-day is not a date servicemeter accepts, or null. */
export function calendarDateProblem(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  if (day < 1 || day > daysInMonth(year, month))
    return `${pad(year, 4)}-${pad(month)}-${pad(day)} does not exist`;
  if (year < EARLIEST_YEAR || year > LATEST_YEAR)
    return `year ${pad(year, 4)} is outside ${EARLIEST_DATE} … ${LATEST_DATE}`;
  return null;
}

/** Why hour:minute:second is not a clock time, or null. 24:00 is not one: it is the next day. */
export function clockTimeProblem(hour: number, minute: number, second = 0): string | null {
  if (hour > 23 || minute > 59 || second > 59) return 'not a time of day (00:00:00 … 23:59:59)';
  return null;
}

/**
 * Why a local date or date-time as the API takes it (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`,
 * `YYYY-MM-DDTHH:MM:SS`, no offset) cannot be used, or null.
 */
export function localDateTimeProblem(text: string): string | null {
  const match = LOCAL_DATE_TIME.exec(text);
  if (!match) return 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM';
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  return (
    calendarDateProblem(year ?? 0, month ?? 0, day ?? 0) ??
    (match[4] === undefined ? null : clockTimeProblem(hour ?? 0, minute ?? 0, second ?? 0))
  );
}

/** Why a calendar day `YYYY-MM-DD` (a holiday) cannot be used, or null. */
export function localDateProblem(text: string): string | null {
  return text.length === 10 ? localDateTimeProblem(text) : 'expected YYYY-MM-DD';
}
