import { parseTimeOfDay } from '../core/calendar.js';
import { isCurrency } from '../core/currency.js';
import type { ColumnSpec, ColumnType } from '../core/schema.js';
import { EARLIEST_DATE, EARLIEST_YEAR, LATEST_DATE, LATEST_YEAR } from '../core/time-range.js';
import { isTimeZone } from '../core/time-zone.js';

/** Returns why a raw, non-empty value is not acceptable for the column, or null when it is. */
export type FieldCheck = (value: string) => string | null;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
export const BOOLEAN_TRUE = ['true', '1', 'yes', 'y', 't'] as const;
export const BOOLEAN_FALSE = ['false', '0', 'no', 'n', 'f'] as const;
const BOOLEANS = new Set<string>([...BOOLEAN_TRUE, ...BOOLEAN_FALSE]);

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    // As `Date.UTC`, which this replaces (a Date per value was a tenth of the check time), reads
    // them: years 0–99 as 1900–1999, so the same dates are accepted as before.
    const y = year <= 99 ? year + 1900 : year;
    return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The number written by `count` ASCII digits at `at` before `end`, or -1 when any of them is no digit. */
function digitsAt(text: string, at: number, count: number, end: number): number {
  if (at + count > end) return -1;
  let n = 0;
  for (let k = at; k < at + count; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const NOT_A_TIMESTAMP =
  'not an ISO 8601 timestamp (expected e.g. 2026-03-02T09:15:00Z or 2026-03-02 09:15:00+01:00)';
const COLON = 58;

/**
 * `checkTimestamp` of `text.slice(start, end)`, without making that string. Accepts exactly
 * `YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]][Z|±HH[[:]MM]]`, read character by character: a regular
 * expression with captures was most of the time of checking an events file.
 */
export function checkTimestampIn(text: string, start: number, end: number): string | null {
  const year = digitsAt(text, start, 4, end);
  const month = digitsAt(text, start + 5, 2, end);
  const day = digitsAt(text, start + 8, 2, end);
  const hour = digitsAt(text, start + 11, 2, end);
  const minute = digitsAt(text, start + 14, 2, end);
  const separator = text.charCodeAt(start + 10);
  if (
    year < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    text.charCodeAt(start + 4) !== 45 ||
    text.charCodeAt(start + 7) !== 45 ||
    (separator !== 84 && separator !== 32) ||
    text.charCodeAt(start + 13) !== COLON
  ) {
    return NOT_A_TIMESTAMP;
  }
  let at = start + 16;
  let second = 0;
  if (at < end && text.charCodeAt(at) === COLON) {
    second = digitsAt(text, at + 1, 2, end);
    if (second < 0) return NOT_A_TIMESTAMP;
    at += 3;
    if (at < end && text.charCodeAt(at) === 46) {
      let digits = at + 1;
      while (digitsAt(text, digits, 1, end) >= 0) digits++;
      if (digits === at + 1 || digits - at - 1 > 9) return NOT_A_TIMESTAMP;
      at = digits;
    }
  }
  // Minutes east of UTC.
  let offset = 0;
  if (at < end) {
    const sign = text.charCodeAt(at);
    if (sign === 90) {
      if (at + 1 !== end) return NOT_A_TIMESTAMP;
    } else if (sign === 43 || sign === 45) {
      const signAt = at;
      const offsetHours = digitsAt(text, at + 1, 2, end);
      if (offsetHours < 0) return NOT_A_TIMESTAMP;
      let offsetMinutes = 0;
      at += 3;
      if (at < end) {
        if (text.charCodeAt(at) === COLON) at++;
        offsetMinutes = digitsAt(text, at, 2, end);
        if (offsetMinutes < 0 || at + 2 !== end) return NOT_A_TIMESTAMP;
      }
      if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) {
        return `the offset ${text.slice(signAt, end)} is out of range (at most ±18:00)`;
      }
      offset = (sign === 43 ? 1 : -1) * (offsetHours * 60 + offsetMinutes);
    } else {
      return NOT_A_TIMESTAMP;
    }
  }
  if (!validDate(year, month, day)) {
    const part = (from: number, to: number) => text.slice(start + from, start + to);
    return `no such date ${part(0, 4)}-${part(5, 7)}-${part(8, 10)}`;
  }
  if (hour > 23 || minute > 59 || second > 59) return `time of day out of range`;
  // Years well inside the range are inside whatever their offset; only the edges need the instant.
  if (year <= EARLIEST_YEAR || year >= LATEST_YEAR) {
    const minutes = Date.UTC(year, month - 1, day, hour, minute) / 60_000 - offset;
    const utcYear = year < 100 ? year : new Date(minutes * 60_000).getUTCFullYear();
    if (utcYear < EARLIEST_YEAR || utcYear > LATEST_YEAR)
      return `${text.slice(start, end)} is ${OUT_OF_RANGE}`;
  }
  return null;
}

/** The largest offset from UTC written with a timestamp: ±18:00, as ISO 8601 and JavaScript allow. */
const MAX_OFFSET_MINUTES = 18 * 60;
const OUT_OF_RANGE = `outside the accepted range ${EARLIEST_DATE}T00:00:00Z to ${LATEST_DATE}T23:59:59Z`;

export function checkTimestamp(value: string): string | null {
  return checkTimestampIn(value, 0, value.length);
}

/** Allowed values by length: looked up, then compared, as a Set would hash every value read first. */
function valuesByLength(values: readonly string[]): string[][] {
  const byLength: string[][] = [];
  for (const value of values) {
    const same = byLength[value.length] ?? [];
    same.push(value);
    byLength[value.length] = same;
  }
  return byLength;
}

export function fieldCheck(type: ColumnType): FieldCheck {
  switch (type.kind) {
    case 'text':
      return () => null;
    case 'enum': {
      const byLength = valuesByLength(type.values);
      const list = type.values.join(', ');
      return (v) => {
        const candidates = byLength[v.length];
        if (candidates !== undefined) {
          for (const candidate of candidates) if (candidate === v) return null;
        }
        return `'${v}' is not one of ${list}`;
      };
    }
    case 'timestamp':
      return checkTimestamp;
    case 'date':
      return (v) => {
        const m = DATE.exec(v);
        if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3])))
          return `'${v}' is not a date YYYY-MM-DD`;
        return v < EARLIEST_DATE || v > LATEST_DATE
          ? `${v} is outside the accepted range ${EARLIEST_DATE} to ${LATEST_DATE}`
          : null;
      };
    case 'time': {
      const endOfDay = type.endOfDay ?? false;
      const range = endOfDay ? '00:00 to 24:00' : '00:00 to 23:59:59';
      return (v) =>
        parseTimeOfDay(v, endOfDay) === undefined
          ? `'${v}' is not a time of day HH:MM[:SS] from ${range}`
          : null;
    }
    case 'integer':
      return (v) => {
        if (!INTEGER.test(v)) return `'${v}' is not a whole number`;
        const n = Number(v);
        if (Math.abs(n) > 2_147_483_647) return `${v} is too large`;
        if (type.min !== undefined && n < type.min) return `${v} is below ${type.min}`;
        if (type.max !== undefined && n > type.max) return `${v} is above ${type.max}`;
        return null;
      };
    case 'double':
      return (v) => {
        if (!NUMBER.test(v)) return `'${v}' is not a number`;
        if (!Number.isFinite(Number(v))) return `${v} is too large`;
        if (type.min !== undefined && Number(v) < type.min) return `${v} is below ${type.min}`;
        return null;
      };
    case 'boolean':
      return (v) => (BOOLEANS.has(v.toLowerCase()) ? null : `'${v}' is not a boolean (true/false)`);
    case 'timezone':
      return (v) => (isTimeZone(v) ? null : `'${v}' is not an IANA time zone such as Europe/Amsterdam`);
    case 'currency':
      return (v) => (isCurrency(v) ? null : `'${v}' is not an ISO 4217 currency code such as EUR or USD`);
    default: {
      const unreachable: never = type;
      throw new Error(`unknown column type: ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Whether the non-empty value `text.slice(start, end)` passes the column's check; for the common
 * types without making that string. Null when every value passes (free text).
 */
export type FieldTest = (text: string, start: number, end: number) => boolean;

export function fieldTest(type: ColumnType, check: FieldCheck): FieldTest | null {
  switch (type.kind) {
    case 'text':
      return null;
    case 'timestamp':
      return (text, start, end) => checkTimestampIn(text, start, end) === null;
    case 'enum': {
      const byLength = valuesByLength(type.values);
      return (text, start, end) => {
        const candidates = byLength[end - start];
        if (candidates !== undefined) {
          for (const candidate of candidates) if (text.startsWith(candidate, start)) return true;
        }
        return false;
      };
    }
    default:
      return (text, start, end) => check(text.slice(start, end)) === null;
  }
}

export interface CompiledColumn {
  spec: ColumnSpec;
  check: FieldCheck;
  test: FieldTest | null;
}

export function compileColumns(columns: readonly ColumnSpec[]): Map<string, CompiledColumn> {
  return new Map(
    columns.map((spec) => {
      const check = fieldCheck(spec.type);
      return [spec.name, { spec, check, test: fieldTest(spec.type, check) }];
    }),
  );
}
