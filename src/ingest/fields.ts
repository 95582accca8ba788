import { parseTimeOfDay } from '../core/calendar.js';
import type { ColumnSpec, ColumnType } from '../core/schema.js';

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

/** The number written by `count` ASCII digits at `at`, or -1 when any of them is no digit. */
function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let k = at; k < at + count; k++) {
    const d = value.charCodeAt(k) - 48; // NaN past the end
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

const NOT_A_TIMESTAMP =
  'not an ISO 8601 timestamp (expected e.g. 2026-03-02T09:15:00Z or 2026-03-02 09:15:00+01:00)';
const COLON = 58;

/**
 * Accepts exactly `YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]][Z|±HH[[:]MM]]`. Read character by
 * character: a regular expression with captures was most of the time of checking an events file.
 */
export function checkTimestamp(value: string): string | null {
  const length = value.length;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const separator = value.charCodeAt(10);
  if (
    year < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    (separator !== 84 && separator !== 32) ||
    value.charCodeAt(13) !== COLON
  ) {
    return NOT_A_TIMESTAMP;
  }
  let at = 16;
  let second = 0;
  if (value.charCodeAt(at) === COLON) {
    second = digitsAt(value, at + 1, 2);
    if (second < 0) return NOT_A_TIMESTAMP;
    at += 3;
    if (value.charCodeAt(at) === 46) {
      let end = at + 1;
      while (digitsAt(value, end, 1) >= 0) end++;
      if (end === at + 1 || end - at - 1 > 9) return NOT_A_TIMESTAMP;
      at = end;
    }
  }
  if (at < length) {
    const sign = value.charCodeAt(at);
    if (sign === 90) {
      if (at + 1 !== length) return NOT_A_TIMESTAMP;
    } else if (sign === 43 || sign === 45) {
      if (digitsAt(value, at + 1, 2) < 0) return NOT_A_TIMESTAMP;
      at += 3;
      if (at < length) {
        if (value.charCodeAt(at) === COLON) at++;
        if (digitsAt(value, at, 2) < 0 || at + 2 !== length) return NOT_A_TIMESTAMP;
      }
    } else {
      return NOT_A_TIMESTAMP;
    }
  }
  if (!validDate(year, month, day)) {
    return `no such date ${value.slice(0, 4)}-${value.slice(5, 7)}-${value.slice(8, 10)}`;
  }
  if (hour > 23 || minute > 59 || second > 59) return `time of day out of range`;
  return null;
}

let knownZones: Set<string> | undefined;
function isTimeZone(value: string): boolean {
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  if (knownZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function fieldCheck(type: ColumnType): FieldCheck {
  switch (type.kind) {
    case 'text':
      return () => null;
    case 'enum': {
      // Looked up by length, then compared: a Set would hash every freshly read value first.
      const byLength: string[][] = [];
      for (const value of type.values) {
        const same = byLength[value.length] ?? [];
        same.push(value);
        byLength[value.length] = same;
      }
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
        return m && validDate(Number(m[1]), Number(m[2]), Number(m[3]))
          ? null
          : `'${v}' is not a date YYYY-MM-DD`;
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
    default: {
      const unreachable: never = type;
      throw new Error(`unknown column type: ${JSON.stringify(unreachable)}`);
    }
  }
}

export interface CompiledColumn {
  spec: ColumnSpec;
  check: FieldCheck;
}

export function compileColumns(columns: readonly ColumnSpec[]): Map<string, CompiledColumn> {
  return new Map(columns.map((spec) => [spec.name, { spec, check: fieldCheck(spec.type) }]));
}
