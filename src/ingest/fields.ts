import { parseTimeOfDay } from '../core/calendar.js';
import type { ColumnSpec, ColumnType } from '../core/schema.js';

/** Returns why a raw, non-empty value is not acceptable for the column, or null when it is. */
export type FieldCheck = (value: string) => string | null;

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
export const BOOLEAN_TRUE = ['true', '1', 'yes', 'y', 't'] as const;
export const BOOLEAN_FALSE = ['false', '0', 'no', 'n', 'f'] as const;
const BOOLEANS = new Set<string>([...BOOLEAN_TRUE, ...BOOLEAN_FALSE]);

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function checkTimestamp(value: string): string | null {
  const m = TIMESTAMP.exec(value);
  if (!m)
    return `not an ISO 8601 timestamp (expected e.g. 2026-03-02T09:15:00Z or 2026-03-02 09:15:00+01:00)`;
  const [, y, mo, d, h, mi, s] = m;
  if (!validDate(Number(y), Number(mo), Number(d))) return `no such date ${y}-${mo}-${d}`;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return `time of day out of range`;
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
      const allowed = new Set(type.values);
      const list = type.values.join(', ');
      return (v) => (allowed.has(v) ? null : `'${v}' is not one of ${list}`);
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
