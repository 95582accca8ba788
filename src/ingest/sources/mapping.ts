import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { currencyCode } from '../../core/currency.js';
import { localToUtc } from '../../core/local-time.js';
import {
  ACTORS,
  AGENT_STATUSES,
  CANONICAL_TABLES,
  type CanonicalTableName,
  CHANNELS,
  COST_CATEGORIES,
  ESCALATION_TYPES,
  EVENT_KINDS,
  LEAVE_KINDS,
  ORDER_STATUSES,
  PRIORITIES,
  SCHEDULE_ACTIVITIES,
  STATUSES,
  SURVEY_KINDS,
  TABLES,
} from '../../core/schema.js';
import { EARLIEST_DATE, instantInRange, LATEST_DATE, utcText } from '../../core/time-range.js';
import { makeWorkDir } from '../../services/work-dir.js';
import {
  FIELD_LIMIT,
  type FileRecord,
  fieldCountReason,
  InvalidUtf8Error,
  RecordSyntaxError,
  readCsvRecords,
  textProblem,
} from '../records.js';
import { isWorkbookPath, readXlsxRecords, XlsxError } from '../xlsx.js';
import type { ConvertContext, QualityMark } from './format.js';
import { AmountReader } from './order-export.js';
import {
  checkExample,
  checkFails,
  checkInterval,
  DEFAULT_AFTER_TOLERANCE_S,
  MOVE_LIMIT_MS,
  movedExample,
  movedMessage,
  ODD_CODE,
  plausibleLimits,
  plausibleSchema,
  QUEUE_CHECKS,
  utcDay,
} from './plausibility.js';
import { utcTimestamp } from './writer.js';

/**
 * Mapped imports: a JSON mapping file says how the columns of a CSV/TSV export become canonical
 * contacts, events and survey responses. The mapping is validated and compiled once into closures,
 * so converting a row costs a few function calls and no luxon work (time zones are cached per hour).
 */

// ---------------------------------------------------------------------------------------------
// The mapping file

const constant = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A canonical column's value: the name of a field, or `{ "const": value }`. */
const valueRef = z.union([z.string().min(1), z.object({ const: constant }).strict()]);
type ValueRef = z.infer<typeof valueRef>;

const fieldSchema = z
  .object({
    column: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
    const: constant.optional(),
    type: z.enum(['text', 'number', 'timestamp', 'date', 'time', 'duration']).optional(),
    format: z.string().min(1).optional(),
    date: z.string().min(1).optional(),
    after: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Seconds the value may be earlier than its `after` field without counting as later (clock skew). */
    tolerance: z.number().min(0).optional(),
    from: z.string().min(1).optional(),
    plus: z.string().min(1).optional(),
    minus: z.string().min(1).optional(),
    unit: z.enum(['seconds', 'minutes', 'hours', 'h:mm:ss']).optional(),
    none: z.array(z.string()).optional(),
    map: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
    default: z.union([z.string(), z.number(), z.null()]).optional(),
    skip: z.array(z.string()).min(1).optional(),
    /** The first of these fields that has a value. */
    coalesce: z.array(z.string().min(1)).min(2).optional(),
    /** The text fields joined by `separator`; nothing when one of them is nothing. */
    join: z.array(z.string().min(1)).min(2).optional(),
    separator: z.string().optional(),
  })
  .strict();
type FieldSpec = z.infer<typeof fieldSchema>;

const condition = z
  .object({
    field: z.string().min(1),
    in: z.array(constant).min(1).optional(),
    notIn: z.array(constant).optional(),
  })
  .strict();
/** One condition, or a list of conditions that must all hold. */
const when = z.union([condition, z.array(condition).min(1)]);
export type Condition = z.infer<typeof condition>;

/** The conditions of a `when`, as a list. */
export function conditionsOf(w: z.infer<typeof when> | undefined): Condition[] {
  return w === undefined ? [] : Array.isArray(w) ? w : [w];
}

const eventColumns = {
  agent_id: valueRef.optional(),
  actor: valueRef.optional(),
  public: valueRef.optional(),
  status: valueRef.optional(),
  escalation_type: valueRef.optional(),
  queue: valueRef.optional(),
  team_id: valueRef.optional(),
  /** The message text: shown in transcripts, read by the quality checks. */
  body: valueRef.optional(),
};

const contactColumns = {
  external_id: valueRef.optional(),
  channel: valueRef.optional(),
  created_at: valueRef.optional(),
  customer_id: valueRef.optional(),
  team_id: valueRef.optional(),
  assignee_id: valueRef.optional(),
  topic: valueRef.optional(),
  tags: valueRef.optional(),
  priority: valueRef.optional(),
  status: valueRef.optional(),
  subject: valueRef.optional(),
  /** The source's own SLA verdict: true or false. */
  source_sla_met: valueRef.optional(),
  /** The contact starts with a customer message at its creation (tickets whose log has none). */
  first_message: z.boolean().optional(),
};

const surveyColumns = {
  external_id: valueRef,
  kind: valueRef,
  scale_min: valueRef,
  scale_max: valueRef,
  score: valueRef.optional(),
  comment: valueRef.optional(),
  dimension: valueRef.optional(),
  language: valueRef.optional(),
  contact_source: valueRef.optional(),
  contact_external_id: valueRef.optional(),
  agent_id: valueRef.optional(),
  customer_id: valueRef.optional(),
  sent_at: valueRef.optional(),
  responded_at: valueRef.optional(),
};

/** `rows: "status"`: an agent's status change (or the state they went into) per row. */
const statusColumns = {
  external_id: valueRef.optional(),
  agent_id: valueRef,
  status: valueRef,
  occurred_at: valueRef,
  queue: valueRef.optional(),
  reason: valueRef.optional(),
  channel: valueRef.optional(),
};

/** `rows: "schedule"`: one schedule block per row. */
const scheduleColumns = {
  external_id: valueRef.optional(),
  agent_id: valueRef,
  starts_at: valueRef,
  ends_at: valueRef,
  activity: valueRef,
  note: valueRef.optional(),
};

/**
 * The rows of the business tables: one cost line, person, pay period, customer, order or exchange
 * rate per row. Each section takes its table's own columns; the source is the import's.
 */
export const BUSINESS_ROWS = {
  cost: 'costs',
  person: 'people',
  paid_hours: 'paid_hours',
  customer: 'customers',
  order: 'orders',
  rate: 'exchange_rates',
} as const satisfies Record<string, CanonicalTableName>;
type BusinessRows = keyof typeof BUSINESS_ROWS;
export const BUSINESS_ROW_KINDS = Object.keys(BUSINESS_ROWS) as BusinessRows[];

function businessColumns(table: CanonicalTableName) {
  const columns = TABLES[table].columns.filter((c) => c.name !== 'source');
  return z
    .object(Object.fromEntries(columns.map((c) => [c.name, valueRef.optional()])))
    .strict()
    .optional();
}

/**
 * What a status row may say: a status change, or the state the agent went into, as a WFM or ACD
 * export lists them (one row per state): `available` is logged in and not paused, `paused` logged
 * in and paused, `logged_out` logged out.
 */
const STATE_STATUSES: Record<string, readonly (typeof AGENT_STATUSES)[number][]> = {
  available: ['login', 'unpause'],
  paused: ['login', 'pause'],
  logged_out: ['logout'],
};
const STATUS_ROW_VALUES: readonly string[] = [...AGENT_STATUSES, ...Object.keys(STATE_STATUSES)];

export const mappingSchema = z
  .object({
    rows: z.enum([
      'contact',
      'event',
      'update',
      'survey',
      'status',
      'schedule',
      'cost',
      'person',
      'paid_hours',
      'customer',
      'order',
      'rate',
    ]),
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    header: z.boolean().default(true),
    encoding: z.enum(['utf-8', 'windows-1252', 'latin1']).default('utf-8'),
    /** Excel workbooks: the sheet to read, by name or 1-based position (default: the first). */
    sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
    timezone: z.string().min(1).optional(),
    none: z.array(z.string()).default(['']),
    suspicious: z.enum(['import', 'skip']).default('skip'),
    /** Thresholds of the plausibility warnings (queue wait, handle time). */
    plausible: plausibleSchema.optional(),
    /** rows: "contact": what to do with rows of one contact whose values conflict. */
    duplicates: z.enum(['refuse', 'first', 'last']).optional(),
    fields: z.record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'field names are letters, digits and _'),
      fieldSchema,
    ),
    contact: z.object(contactColumns).strict().optional(),
    events: z
      .array(
        z
          .object({
            kind: valueRef,
            at: valueRef,
            when: when.optional(),
            missing: z.enum(['reject', 'skip']).optional(),
            ...eventColumns,
          })
          .strict(),
      )
      .optional(),
    event: z
      .object({
        contact: valueRef,
        kind: valueRef,
        at: valueRef,
        external_id: valueRef.optional(),
        ...eventColumns,
      })
      .strict()
      .optional(),
    update: z
      .object({
        contact: valueRef,
        at: valueRef,
        status: valueRef,
        assignee: valueRef.optional(),
        /** The assignment group: its changes are assignments with a team_id. */
        group: valueRef.optional(),
        /** What a change of group after the first one also is: an escalation, or only an assignment. */
        group_change: z.enum(['assignment', 'escalation']).optional(),
      })
      .strict()
      .optional(),
    survey: z.object(surveyColumns).strict().optional(),
    status: z.object(statusColumns).strict().optional(),
    schedule: z.object(scheduleColumns).strict().optional(),
    cost: businessColumns('costs'),
    person: businessColumns('people'),
    paid_hours: businessColumns('paid_hours'),
    customer: businessColumns('customers'),
    order: businessColumns('orders'),
    rate: businessColumns('exchange_rates'),
  })
  .strict();
export type Mapping = z.infer<typeof mappingSchema>;
export type RowsKind = Mapping['rows'];

/** A mapping that cannot be used: the JSON path inside the file and why. */
export interface MappingProblem {
  path: string;
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Timestamps

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC written in the value, or null. */
  offset: number | null;
  /** Epoch milliseconds written in the value (X / x tokens), or null. */
  epoch: number | null;
}

type PartSetter = (parts: Parts, text: string) => void;

function parseOffset(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

const TOKENS: Record<string, { pattern: string; set: PartSetter }> = {
  yyyy: { pattern: '(\\d{4})', set: (p, t) => (p.year = Number(t)) },
  yy: {
    pattern: '(\\d{2})',
    // luxon's reading of two-digit years: 61–99 are 19xx, 00–60 are 20xx.
    set: (p, t) => (p.year = Number(t) > 60 ? 1900 + Number(t) : 2000 + Number(t)),
  },
  MM: { pattern: '(\\d{2})', set: (p, t) => (p.month = Number(t)) },
  M: { pattern: '(\\d{1,2})', set: (p, t) => (p.month = Number(t)) },
  dd: { pattern: '(\\d{2})', set: (p, t) => (p.day = Number(t)) },
  d: { pattern: '(\\d{1,2})', set: (p, t) => (p.day = Number(t)) },
  HH: { pattern: '(\\d{2})', set: (p, t) => (p.hour = Number(t)) },
  H: { pattern: '(\\d{1,2})', set: (p, t) => (p.hour = Number(t)) },
  mm: { pattern: '(\\d{2})', set: (p, t) => (p.minute = Number(t)) },
  m: { pattern: '(\\d{1,2})', set: (p, t) => (p.minute = Number(t)) },
  ss: { pattern: '(\\d{2})', set: (p, t) => (p.second = Number(t)) },
  s: { pattern: '(\\d{1,2})', set: (p, t) => (p.second = Number(t)) },
  SSS: { pattern: '(\\d{3})', set: (p, t) => (p.ms = Number(t)) },
  S: { pattern: '(\\d{1,3})', set: (p, t) => (p.ms = Number(t.padEnd(3, '0'))) },
  ZZ: { pattern: '(Z|[+-]\\d{2}:?\\d{2})', set: (p, t) => (p.offset = parseOffset(t)) },
  Z: { pattern: '(Z|[+-]\\d{2}(?::?\\d{2})?)', set: (p, t) => (p.offset = parseOffset(t)) },
  ZZZ: { pattern: '(Z|[+-]\\d{4})', set: (p, t) => (p.offset = parseOffset(t)) },
  X: { pattern: '(\\d+(?:\\.\\d+)?)', set: (p, t) => (p.epoch = Number(t) * 1000) },
  x: { pattern: '(\\d+)', set: (p, t) => (p.epoch = Number(t)) },
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A luxon-style format (`dd/MM/yyyy HH:mm`, `yyMMdd`, …) as a regular expression and setters. */
export function compileFormat(
  format: string,
): { regex: RegExp; setters: PartSetter[]; tokens: string[] } | { error: string } {
  let pattern = '';
  const setters: PartSetter[] = [];
  const tokens: string[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format.charAt(i);
    if (c === "'") {
      const close = format.indexOf("'", i + 1);
      if (close === -1) return { error: 'unclosed quote' };
      pattern += escapeRegex(close === i + 1 ? "'" : format.slice(i + 1, close));
      i = close + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (format.charAt(j) === c) j++;
      const token = format.slice(i, j);
      const known = TOKENS[token];
      if (!known) return { error: `unknown token '${token}'` };
      pattern += known.pattern;
      setters.push(known.set);
      tokens.push(token);
      i = j;
    } else {
      pattern += escapeRegex(c);
      i++;
    }
  }
  return { regex: new RegExp(`^${pattern}$`), setters, tokens };
}

export const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function freshParts(): Parts {
  return { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0, offset: null, epoch: null };
}

function resetParts(p: Parts): Parts {
  p.year = 1970;
  p.month = 1;
  p.day = 1;
  p.hour = 0;
  p.minute = 0;
  p.second = 0;
  p.ms = 0;
  p.offset = null;
  p.epoch = null;
  return p;
}

type NumericPart = 'year' | 'year2' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'ms';

/** Tokens of a fixed width: formats made only of these are read by position, without a regex. */
const FIXED_WIDTH: Record<string, { width: number; part: NumericPart }> = {
  yyyy: { width: 4, part: 'year' },
  yy: { width: 2, part: 'year2' },
  MM: { width: 2, part: 'month' },
  dd: { width: 2, part: 'day' },
  HH: { width: 2, part: 'hour' },
  mm: { width: 2, part: 'minute' },
  ss: { width: 2, part: 'second' },
  SSS: { width: 3, part: 'ms' },
};

function setPart(p: Parts, part: NumericPart, n: number): void {
  switch (part) {
    case 'year':
      p.year = n;
      break;
    case 'year2':
      p.year = n > 60 ? 1900 + n : 2000 + n;
      break;
    case 'month':
      p.month = n;
      break;
    case 'day':
      p.day = n;
      break;
    case 'hour':
      p.hour = n;
      break;
    case 'minute':
      p.minute = n;
      break;
    case 'second':
      p.second = n;
      break;
    case 'ms':
      p.ms = n;
      break;
  }
}

/** The steps of a format made only of fixed-width numbers and literals, or null. */
function fixedSteps(format: string): { literal: number; width: number; part: NumericPart }[] | null {
  const steps: { literal: number; width: number; part: NumericPart }[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format.charAt(i);
    if (c === "'") return null;
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (format.charAt(j) === c) j++;
      const fixed = FIXED_WIDTH[format.slice(i, j)];
      if (!fixed) return null;
      steps.push({ literal: -1, width: fixed.width, part: fixed.part });
      i = j;
    } else {
      steps.push({ literal: format.charCodeAt(i), width: 1, part: 'ms' });
      i++;
    }
  }
  return steps;
}

/** Digits of `text` from `start` to `end` as a number, or -1. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let k = start; k < end; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `H:mm`, `H:mm:ss` or `H:mm:ss.SSS`, read without a regex: the most common cell of a call log. */
function readClock(text: string, parts: Parts): Parts | null {
  const colon = text.charCodeAt(1) === 58 ? 1 : text.charCodeAt(2) === 58 ? 2 : -1;
  if (colon === -1) return null;
  const hour = digits(text, 0, colon);
  const minute = digits(text, colon + 1, colon + 3);
  if (hour < 0 || minute < 0) return null;
  resetParts(parts);
  parts.hour = hour;
  parts.minute = minute;
  const rest = colon + 3;
  if (text.length === rest) return parts;
  if (text.charCodeAt(rest) !== 58 || text.length < rest + 3) return null;
  const second = digits(text, rest + 1, rest + 3);
  if (second < 0) return null;
  parts.second = second;
  if (text.length === rest + 3) return parts;
  if (text.charCodeAt(rest + 3) !== 46 || text.length > rest + 7 || text.length === rest + 4) return null;
  const fraction = text.slice(rest + 4);
  const ms = digits(fraction, 0, fraction.length);
  if (ms < 0) return null;
  parts.ms = Number(fraction.padEnd(3, '0'));
  return parts;
}

/**
 * A reader of timestamp/date/time text into parts, or null when the text does not fit. The parts
 * object is reused: read it before the next call.
 */
function partsReader(
  type: 'timestamp' | 'date' | 'time',
  format: string | undefined,
): (text: string) => Parts | null {
  const parts = freshParts();
  if (format !== undefined) {
    const compiled = compileFormat(format);
    if ('error' in compiled) throw new Error(compiled.error);
    const { regex, setters } = compiled;
    const steps = fixedSteps(format);
    const length = steps?.reduce((sum, step) => sum + step.width, 0) ?? -1;
    if (steps) {
      return (text) => {
        if (text.length !== length) return null;
        resetParts(parts);
        let pos = 0;
        for (const step of steps) {
          if (step.literal >= 0) {
            if (text.charCodeAt(pos) !== step.literal) return null;
          } else {
            const n = digits(text, pos, pos + step.width);
            if (n < 0) return null;
            setPart(parts, step.part, n);
          }
          pos += step.width;
        }
        return parts;
      };
    }
    return (text) => {
      const m = regex.exec(text);
      if (!m) return null;
      resetParts(parts);
      for (let k = 0; k < setters.length; k++) setters[k]?.(parts, m[k + 1] ?? '');
      return parts;
    };
  }
  if (type === 'time') return (text) => readClock(text, parts);
  return (text) => {
    const m = ISO.exec(text);
    if (!m || (type === 'date' && m[4] !== undefined)) return null;
    resetParts(parts);
    parts.year = Number(m[1]);
    parts.month = Number(m[2]);
    parts.day = Number(m[3]);
    parts.hour = Number(m[4] ?? 0);
    parts.minute = Number(m[5] ?? 0);
    parts.second = Number(m[6] ?? 0);
    parts.ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
    parts.offset = m[8] === undefined ? null : parseOffset(m[8]);
    return parts;
  };
}

const OUTSIDE_RANGE = `outside the accepted range ${EARLIEST_DATE} to ${LATEST_DATE} (UTC)`;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** Local epoch milliseconds (the wall clock read as UTC) of valid parts, or null. */
function localMs(p: Parts, withDate: boolean, withTime: boolean): number | null {
  let day = 0;
  if (withDate) {
    if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(p.year, p.month)) return null;
    day = Date.UTC(p.year, p.month - 1, p.day);
    if (!withTime) return day;
  }
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  return day + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + p.ms;
}

// ---------------------------------------------------------------------------------------------
// Compiling the mapping

type Value = string | number | null;
const SKIP_ROW = Symbol('skip row');

/** What evaluating a row found: a field it cannot read, a row to skip or an odd value. */
interface RowState {
  values: Value[];
  problem: { column: string; reason: string } | null;
  skip: string | null;
  odd: string | null;
  /** The first time field `after` moved to the next day implausibly far: its column and the gap. */
  moved: { column: string; gapMs: number } | null;
  /** The record holds a control character or a field over the size limit: look at each value read. */
  checkText?: boolean;
}

type FieldReader = (record: readonly string[], state: RowState) => Value | typeof SKIP_ROW;

interface CompiledField {
  name: string;
  type: NonNullable<FieldSpec['type']>;
  index: number;
  read: FieldReader;
}

/** Column positions (0-based) of a file's header, by name; -1 for names given more than once. */
type HeaderIndex = Map<string, number>;

interface Columns {
  /** Resolves the column references against one file's header; a problem when one is missing. */
  bind(header: HeaderIndex | null): MappingProblem | null;
}

const ENUMS: Record<string, readonly string[]> = {
  channel: CHANNELS,
  priority: PRIORITIES,
  status: STATUSES,
  kind: EVENT_KINDS,
  actor: ACTORS,
  escalation_type: ESCALATION_TYPES,
  survey_kind: SURVEY_KINDS,
};

export const TIMESTAMP_COLUMNS = new Set([
  'created_at',
  'occurred_at',
  'at',
  'sent_at',
  'responded_at',
  'starts_at',
  'ends_at',
  'first_seen_at',
  'closed_at',
  'ordered_at',
  'refunded_at',
]);

/** Columns of the business tables that take a day: from a field of type date, or a constant yyyy-MM-dd. */
const DATE_COLUMNS: ReadonlySet<string> = new Set([
  'period_start',
  'period_end',
  'hired_on',
  'left_on',
  'valid_from',
]);

export interface CompiledMapping {
  mapping: Mapping;
  fields: CompiledField[];
  fieldIndex: Map<string, number>;
  columns: Columns;
  timezone: string;
}

function describeZodPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.') || '(mapping)';
}

/** Parses and checks a mapping file's text. */
export function parseMapping(
  text: string,
  defaultTimezone: string,
): { ok: true; compiled: CompiledMapping } | { ok: false; problem: MappingProblem } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { path: '(file)', reason: `not valid JSON: ${(error as Error).message}` } };
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      problem: { path: describeZodPath(issue?.path ?? []), reason: issue?.message ?? 'invalid mapping' },
    };
  }
  const problem = { current: null as MappingProblem | null };
  const compiled = compileMapping(parsed.data, defaultTimezone, (path, reason) => {
    problem.current ??= { path, reason };
  });
  if (problem.current) return { ok: false, problem: problem.current };
  return { ok: true, compiled };
}

function compileMapping(
  mapping: Mapping,
  defaultTimezone: string,
  fail: (path: string, reason: string) => void,
): CompiledMapping {
  const timezone = mapping.timezone ?? defaultTimezone;
  if (!IANAZone.isValidZone(timezone))
    fail(mapping.timezone ? 'timezone' : '(timezone)', `unknown time zone '${timezone}'`);
  const toUtc = localToUtc(IANAZone.isValidZone(timezone) ? timezone : 'UTC');
  if (mapping.duplicates !== undefined && mapping.rows !== 'contact')
    fail('duplicates', 'applies to rows: "contact" (one row per contact)');
  if (mapping.update?.group_change !== undefined && mapping.update.group === undefined)
    fail('update.group_change', 'needs update.group, the field of the assignment group');
  const specs = mapping.fields;
  const names = Object.keys(specs);
  const fieldIndex = new Map(names.map((n, i) => [n, i]));
  const globalNone = new Set(mapping.none);
  const bindings: { path: string; column: string | number; slot: { index: number } }[] = [];

  const typing = new Set<string>();
  const typeOf = (name: string): NonNullable<FieldSpec['type']> | undefined => {
    const spec = specs[name];
    if (!spec) return undefined;
    if (spec.join) return 'text';
    if (spec.coalesce) {
      // The type of the fields it takes (a time of day on its date is a timestamp).
      if (typing.has(name)) return undefined;
      typing.add(name);
      const first = typeOf(spec.coalesce[0] as string);
      typing.delete(name);
      return first === 'time' ? 'timestamp' : first;
    }
    if (spec.type) return spec.type;
    return spec.from ? 'timestamp' : 'text';
  };
  const refField = (path: string, name: string, types?: readonly string[]): number => {
    const index = fieldIndex.get(name);
    const type = typeOf(name);
    if (index === undefined || type === undefined) {
      fail(path, `no field '${name}' in fields`);
      return -1;
    }
    if (types && !types.includes(type))
      fail(path, `field '${name}' is ${type}, expected ${types.join(' or ')}`);
    return index;
  };

  // Fields are read in dependency order: a time after its date, a sum after its terms.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const dependencies = (spec: FieldSpec): string[] =>
    [
      spec.date,
      ...(typeof spec.after === 'string' ? [spec.after] : (spec.after ?? [])),
      spec.from,
      spec.plus,
      spec.minus,
      ...(spec.coalesce ?? []),
      ...(spec.join ?? []),
    ].filter((d): d is string => d !== undefined);
  const visit = (name: string, path: string) => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      fail(path, `field '${name}' depends on itself`);
      return;
    }
    state.set(name, 'visiting');
    const spec = specs[name];
    if (spec) for (const dep of dependencies(spec)) if (specs[dep]) visit(dep, `fields.${name}`);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name, `fields.${name}`);

  const fields: CompiledField[] = [];
  for (const name of order) {
    const spec = specs[name] as FieldSpec;
    const path = `fields.${name}`;
    const type = typeOf(name) ?? 'text';
    const index = fieldIndex.get(name) ?? -1;
    const sources = [
      spec.column !== undefined,
      spec.const !== undefined,
      spec.from !== undefined,
      spec.coalesce !== undefined,
      spec.join !== undefined,
    ].filter(Boolean).length;
    if (sources !== 1) {
      fail(path, 'give exactly one of column, const, from, coalesce or join');
      continue;
    }
    if (spec.coalesce || spec.join) {
      const key = spec.coalesce ? 'coalesce' : 'join';
      const extra = Object.keys(spec).find((k) => k !== key && k !== 'type' && k !== 'separator');
      if (extra)
        fail(
          `${path}.${extra}`,
          `a field made by ${key} takes only ${key}${key === 'join' ? ', separator' : ''} and type`,
        );
      if (spec.separator !== undefined && !spec.join) fail(`${path}.separator`, 'separator applies to join');
      if (spec.type !== undefined && spec.type !== type)
        fail(
          `${path}.type`,
          `the fields it ${key === 'join' ? 'joins make a text' : `takes are of type ${type}`}`,
        );
      fields.push({ name, type, index, read: compileField(name, spec, type, [], path) });
      continue;
    }
    if (spec.separator !== undefined) fail(`${path}.separator`, 'separator applies to join');
    if (typeof spec.column === 'string' && !mapping.header)
      fail(`${path}.column`, 'a column name needs header: true; use a 1-based position');
    if (spec.format !== undefined) {
      if (type !== 'timestamp' && type !== 'date' && type !== 'time')
        fail(`${path}.format`, `a format applies to timestamp, date and time fields, not ${type}`);
      else {
        const compiled = compileFormat(spec.format);
        if ('error' in compiled) fail(`${path}.format`, compiled.error);
      }
    }
    if (spec.unit !== undefined && type !== 'duration')
      fail(`${path}.unit`, 'a unit applies to duration fields');
    if (type === 'duration' && spec.unit === undefined)
      fail(path, 'a duration needs a unit: seconds, minutes, hours or h:mm:ss');
    if (spec.date !== undefined) {
      if (type !== 'time') fail(`${path}.date`, 'only a time field takes a date');
      refField(`${path}.date`, spec.date, ['date']);
    }
    if (type === 'time' && spec.date === undefined)
      fail(path, 'a time field needs the date field it belongs to (date)');
    const afters = typeof spec.after === 'string' ? [spec.after] : (spec.after ?? []);
    const afterIndexes = afters.map((a) => refField(`${path}.after`, a, ['timestamp', 'time']));
    if (spec.tolerance !== undefined && afters.length === 0)
      fail(`${path}.tolerance`, 'a tolerance applies to a field with after');
    if (spec.from !== undefined) {
      if (type !== 'timestamp') fail(`${path}.type`, 'a computed time (from) is a timestamp');
      if ((spec.plus === undefined) === (spec.minus === undefined))
        fail(path, 'from needs either plus or minus');
    } else if (spec.plus !== undefined || spec.minus !== undefined) fail(path, 'plus and minus need from');
    if (spec.default !== undefined && spec.map === undefined)
      fail(`${path}.default`, 'default applies to values not in map');

    fields.push({ name, type, index, read: compileField(name, spec, type, afterIndexes, path) });
  }

  function compileField(
    name: string,
    spec: FieldSpec,
    type: NonNullable<FieldSpec['type']>,
    afterIndexes: number[],
    path: string,
  ): FieldReader {
    if (spec.coalesce) {
      const parts = spec.coalesce.map((f, i) => {
        const index = refField(`${path}.coalesce.${i}`, f);
        const partType = typeOf(f) === 'time' ? 'timestamp' : typeOf(f);
        if (index !== -1 && partType !== type)
          fail(
            `${path}.coalesce.${i}`,
            `field '${f}' is ${typeOf(f)}, '${spec.coalesce?.[0]}' is ${typeOf(spec.coalesce?.[0] ?? '')}`,
          );
        return index;
      });
      return (_record, s) => {
        for (const index of parts) {
          const value = s.values[index];
          if (value !== null && value !== undefined) return value;
        }
        return null;
      };
    }
    if (spec.join) {
      const parts = spec.join.map((f, i) => refField(`${path}.join.${i}`, f, ['text']));
      const separator = spec.separator ?? '-';
      return (_record, s) => {
        let text = '';
        for (let k = 0; k < parts.length; k++) {
          const value = s.values[parts[k] as number];
          if (value === null || value === undefined) return null;
          text += k === 0 ? String(value) : separator + String(value);
        }
        return text;
      };
    }
    if (spec.from !== undefined) {
      const from = refField(`${path}.from`, spec.from, ['timestamp', 'time']);
      const term = spec.plus ?? spec.minus ?? '';
      const durationIndex = refField(`${path}.${spec.plus ? 'plus' : 'minus'}`, term, ['duration']);
      const sign = spec.plus ? 1000 : -1000;
      return (_record, s) => {
        const start = s.values[from];
        const seconds = s.values[durationIndex];
        if (typeof start !== 'number' || typeof seconds !== 'number') return null;
        const ms = start + sign * seconds;
        if (instantInRange(ms)) return ms;
        s.problem = {
          column: `${name} (${spec.from} ${spec.plus ? 'plus' : 'minus'} ${term})`,
          reason: `${utcText(ms)} is ${OUTSIDE_RANGE}`,
        };
        return null;
      };
    }
    if (spec.const !== undefined) {
      const value: Value = typeof spec.const === 'boolean' ? String(spec.const) : spec.const;
      return () => value;
    }
    const slot = { index: typeof spec.column === 'number' ? spec.column - 1 : -1 };
    if (spec.column !== undefined) bindings.push({ path: `${path}.column`, column: spec.column, slot });
    const column = typeof spec.column === 'string' ? spec.column : `column ${spec.column}`;
    const none = spec.none ? new Set([...spec.none, ...globalNone]) : globalNone;
    const skip = spec.skip ? new Set(spec.skip) : null;
    const map = spec.map ? new Map(Object.entries(spec.map)) : null;
    const hasDefault = spec.default !== undefined;
    const fallback: Value = spec.default ?? null;
    const parse = compileParser(type, spec, afterIndexes);
    return (record, s) => {
      const raw = record[slot.index];
      if (raw === undefined) {
        s.problem = { column, reason: `the row has no ${column} (${record.length} fields)` };
        return null;
      }
      if (s.checkText) {
        const reason = textProblem(raw);
        if (reason !== null) {
          s.problem = { column, reason };
          return null;
        }
      }
      if (none.has(raw)) return null;
      if (skip?.has(raw)) {
        s.skip ??= `${name} is '${raw}'`;
        return SKIP_ROW;
      }
      let value: Value = raw;
      if (map) {
        const mapped = map.get(raw);
        if (mapped === undefined) {
          if (!hasDefault) {
            s.problem = {
              column,
              reason: `'${raw}' is not in the map of field ${name}: add it to map (null for no value, e.g. no status) or give default`,
            };
            return null;
          }
          value = fallback;
        } else value = mapped;
        if (value === null || typeof value === 'number') return value;
      }
      return parse(value, column, s);
    };
  }

  function compileParser(
    type: NonNullable<FieldSpec['type']>,
    spec: FieldSpec,
    afterIndexes: number[],
  ): (text: string, column: string, s: RowState) => Value {
    switch (type) {
      case 'text':
        return (text) => text;
      case 'number':
        return (text, column, s) => {
          const n = Number(text.trim().replace(',', '.'));
          if (text.trim() === '' || !Number.isFinite(n)) {
            s.problem = { column, reason: `'${text}' is not a number` };
            return null;
          }
          return n;
        };
      case 'duration': {
        const factor = spec.unit === 'minutes' ? 60 : spec.unit === 'hours' ? 3600 : 1;
        const clock = spec.unit === 'h:mm:ss';
        return (text, column, s) => {
          let seconds: number;
          if (clock) {
            const m = /^(-?)(\d+):([0-5]\d):([0-5]\d(?:\.\d+)?)$/.exec(text.trim());
            if (!m) {
              s.problem = { column, reason: `'${text}' is not a duration h:mm:ss` };
              return null;
            }
            seconds = (m[1] ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]));
          } else {
            seconds = Number(text.trim().replace(',', '.')) * factor;
            if (text.trim() === '' || !Number.isFinite(seconds)) {
              s.problem = { column, reason: `'${text}' is not a duration in ${spec.unit}` };
              return null;
            }
          }
          if (seconds < 0) s.odd ??= `${column}: negative duration`;
          return seconds;
        };
      }
      case 'date':
      case 'time':
      case 'timestamp': {
        let read: (text: string) => Parts | null;
        try {
          read = partsReader(type, spec.format);
        } catch {
          return () => null;
        }
        const expected =
          spec.format ?? (type === 'time' ? 'H:mm[:ss]' : type === 'date' ? 'yyyy-MM-dd' : 'ISO 8601');
        const dateIndex = spec.date === undefined ? -1 : (fieldIndex.get(spec.date) ?? -1);
        const toleranceMs = 1000 * (spec.tolerance ?? DEFAULT_AFTER_TOLERANCE_S);
        return (text, column, s) => {
          const parts = read(text);
          const local =
            parts === null
              ? null
              : parts.epoch !== null
                ? parts.epoch
                : localMs(parts, type !== 'time', type !== 'date');
          if (parts === null || local === null) {
            s.problem = { column, reason: `'${text}' is not a ${type} in the format ${expected}` };
            return null;
          }
          if (type === 'date') {
            if (instantInRange(local)) return local;
            s.problem = { column, reason: `'${text}' is ${OUTSIDE_RANGE}` };
            return null;
          }
          let ms: number;
          if (parts.epoch !== null) ms = parts.epoch;
          else if (type === 'time') {
            const day = s.values[dateIndex];
            if (typeof day !== 'number') return null;
            ms = toUtc(day + local);
          } else ms = parts.offset !== null ? local - parts.offset * MINUTE_MS : toUtc(local);
          if (afterIndexes.length > 0) {
            let previous: Value = null;
            for (const a of afterIndexes) {
              previous = s.values[a] ?? null;
              if (typeof previous === 'number') break;
            }
            if (typeof previous === 'number' && ms < previous - toleranceMs) {
              // A clock time earlier than the one before it on the same date is the next day.
              if (type === 'time') {
                ms = toUtc((s.values[dateIndex] as number) + DAY_MS + local);
                if (ms - previous > MOVE_LIMIT_MS) s.moved ??= { column, gapMs: ms - previous };
              } else s.odd ??= `${column}: earlier than the time before it`;
            }
          }
          if (!instantInRange(ms)) {
            s.problem = { column, reason: `'${text}' is ${OUTSIDE_RANGE}` };
            return null;
          }
          return ms;
        };
      }
    }
  }

  const columns: Columns = {
    bind(header) {
      for (const { path, column, slot } of bindings) {
        if (typeof column === 'number') continue;
        const index = header?.get(column);
        if (index === undefined) return { path, reason: `no column '${column}' in the header` };
        if (index === -1)
          return {
            path,
            reason: `column '${column}' appears more than once in the header; use its position`,
          };
        slot.index = index;
      }
      return null;
    },
  };

  checkTargets(mapping, { refField, typeOf, specs, fail });
  return { mapping, fields, fieldIndex, columns, timezone };
}

interface TargetCheck {
  refField(path: string, name: string, types?: readonly string[]): number;
  typeOf(name: string): NonNullable<FieldSpec['type']> | undefined;
  specs: Record<string, FieldSpec>;
  fail(path: string, reason: string): void;
}

export function enumFor(column: string, section: string): readonly string[] | undefined {
  if (section === 'status' && column === 'status') return STATUS_ROW_VALUES;
  if (section === 'order' && column === 'status') return ORDER_STATUSES;
  if (column === 'category') return COST_CATEGORIES;
  if (column === 'leave_kind') return LEAVE_KINDS;
  if (column === 'activity') return SCHEDULE_ACTIVITIES;
  if (column === 'kind')
    return section === 'survey' ? ENUMS.survey_kind : [...EVENT_KINDS, 'created', 'ignore'];
  return ENUMS[column];
}

/** Checks the target sections: every reference exists, has the right type, maps onto valid values. */
function checkTargets(mapping: Mapping, check: TargetCheck): void {
  const required: Record<
    RowsKind,
    {
      section: 'contact' | 'events' | 'event' | 'update' | 'survey' | 'status' | 'schedule' | BusinessRows;
      columns: string[];
    }[]
  > = {
    contact: [
      { section: 'contact', columns: ['external_id', 'channel', 'created_at'] },
      { section: 'events', columns: [] },
    ],
    event: [
      { section: 'event', columns: ['contact', 'kind', 'at'] },
      { section: 'contact', columns: ['channel'] },
    ],
    update: [
      { section: 'update', columns: ['contact', 'at', 'status'] },
      { section: 'contact', columns: ['channel', 'created_at'] },
    ],
    survey: [{ section: 'survey', columns: ['external_id', 'kind', 'scale_min', 'scale_max'] }],
    status: [{ section: 'status', columns: ['agent_id', 'status', 'occurred_at'] }],
    schedule: [{ section: 'schedule', columns: ['agent_id', 'starts_at', 'ends_at', 'activity'] }],
    ...(Object.fromEntries(
      BUSINESS_ROW_KINDS.map((rows) => [rows, [{ section: rows, columns: businessRequired(rows) }]]),
    ) as Record<BusinessRows, { section: BusinessRows; columns: string[] }[]>),
  };
  for (const { section, columns } of required[mapping.rows]) {
    const value = mapping[section];
    if (value === undefined) {
      check.fail(section, `rows: "${mapping.rows}" needs a ${section} section`);
      return;
    }
    const objects = Array.isArray(value)
      ? value.map((v, i) => [`${section}.${i}`, v] as const)
      : [[section, value] as const];
    for (const [path, object] of objects) {
      const record = object as Record<string, unknown>;
      for (const column of columns)
        if (record[column] === undefined) check.fail(`${path}.${column}`, 'required');
      for (const [column, ref] of Object.entries(record)) {
        if (NOT_VALUE_REFS.has(column) || ref === undefined) continue;
        checkRef(`${path}.${column}`, column, ref as ValueRef, section, check);
      }
      if ('when' in record && record.when) {
        const w = record.when as z.infer<typeof when>;
        if (Array.isArray(w))
          for (const [i, c] of w.entries()) check.refField(`${path}.when.${i}.field`, c.field);
        else check.refField(`${path}.when.field`, w.field);
      }
    }
  }
}

function checkRef(path: string, column: string, ref: ValueRef, section: string, check: TargetCheck): void {
  const values = enumFor(column === 'status' && section === 'update' ? 'status' : column, section);
  if (typeof ref !== 'string') {
    if (values && ref.const !== null && !values.includes(String(ref.const)))
      check.fail(`${path}.const`, `'${String(ref.const)}' is not one of ${values.join(', ')}`);
    if (TIMESTAMP_COLUMNS.has(column)) check.fail(path, 'a time comes from a field, not a constant');
    if (DATE_COLUMNS.has(column) && ref.const !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(ref.const)))
      check.fail(`${path}.const`, `'${String(ref.const)}' is not a day yyyy-MM-dd`);
    return;
  }
  if (DATE_COLUMNS.has(column)) {
    check.refField(path, ref, ['date']);
    return;
  }
  if (TIMESTAMP_COLUMNS.has(column)) {
    check.refField(path, ref, ['timestamp', 'time']);
    return;
  }
  if (check.refField(path, ref) === -1) return;
  const spec = check.specs[ref];
  if (!values || !spec) return;
  const produced = spec.map
    ? [...Object.values(spec.map), ...(spec.default === undefined ? [] : [spec.default])]
    : spec.const !== undefined
      ? [spec.const]
      : [];
  for (const value of produced) {
    if (value !== null && !values.includes(String(value)))
      check.fail(
        `fields.${ref}.${spec.map ? 'map' : 'const'}`,
        `'${String(value)}' is not one of ${values.join(', ')} (used as ${path})`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Converting rows

type Cell = string | number | boolean | null;
type Getter = (values: readonly Value[]) => Value;

function getter(ref: ValueRef, fieldIndex: Map<string, number>): Getter {
  if (typeof ref !== 'string') {
    const value: Value = typeof ref.const === 'boolean' ? String(ref.const) : ref.const;
    return () => value;
  }
  const index = fieldIndex.get(ref) ?? -1;
  return (values) => values[index] ?? null;
}

/** Keys of a canonical section that say how to build it rather than which value a column takes. */
const NOT_VALUE_REFS: ReadonlySet<string> = new Set(['when', 'missing', 'first_message', 'group_change']);

interface TargetColumn {
  column: string;
  get: Getter;
  /** Allowed values of an enum column. */
  allowed: ReadonlySet<string> | null;
  timestamp: boolean;
}

function targetColumns(
  section: Readonly<Record<string, unknown>>,
  fieldIndex: Map<string, number>,
  enumSection: string,
  skip: readonly string[] = [],
): TargetColumn[] {
  const list: TargetColumn[] = [];
  for (const [column, ref] of Object.entries(section)) {
    if (ref === undefined || skip.includes(column) || NOT_VALUE_REFS.has(column)) continue;
    const values = enumFor(column, enumSection);
    list.push({
      column,
      get: getter(ref as ValueRef, fieldIndex),
      allowed: values ? new Set(values) : null,
      timestamp: TIMESTAMP_COLUMNS.has(column),
    });
  }
  return list;
}

/** Canonical columns that take true or false (any case), as the schema types them. */
export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set(
  CANONICAL_TABLES.flatMap((t) =>
    TABLES[t].columns.filter((c) => c.type.kind === 'boolean').map((c) => c.name),
  ),
);

/** Returned by cellOf when a value does not fit its column; the reason is in `misfitReason`. */
const MISFIT = Symbol('misfit');
// Kept outside the result so that converting a cell allocates nothing on the hot path.
let misfitReason = '';

function misfit(reason: string): typeof MISFIT {
  misfitReason = reason;
  return MISFIT;
}

/** The canonical cell of a column, or MISFIT when the value does not fit it. */
function cellOf(target: TargetColumn, value: Value): Cell | typeof MISFIT {
  if (value === null) return null;
  if (target.timestamp) return typeof value === 'number' ? utcTimestamp(value) : misfit('not a time');
  if (target.allowed && !target.allowed.has(String(value)))
    return misfit(
      `'${value}' is not a valid ${target.column} (${[...target.allowed].join(', ')}); add it to a map`,
    );
  if (BOOLEAN_COLUMNS.has(target.column)) {
    const text = String(value).toLowerCase();
    if (text !== 'true' && text !== 'false') return misfit(`'${value}' is not true or false`);
    return text === 'true';
  }
  return value;
}

/** Fills `row` from the targets; the column of the first value that does not fit, or null. */
function fill(
  row: Record<string, Cell>,
  targets: readonly TargetColumn[],
  values: readonly Value[],
): string | null {
  for (const target of targets) {
    const cell = cellOf(target, target.get(values));
    if (cell === MISFIT) return target.column;
    row[target.column] = cell;
  }
  return null;
}

export interface MappedRow {
  file: string;
  line: number;
  values: readonly Value[];
  raw: () => string;
}

/** What a `rows` kind does with evaluated rows. */
interface RowSink {
  row(row: MappedRow): void;
  /** When the row's contact was created, as far as the row tells: the day its quality notices go to. */
  createdOf(values: readonly Value[]): number | null;
  /** After the last file: whatever was kept in memory. */
  finish(lastFile: string): void;
}

/** Reads and compiles `context.mappingPath`; reports a broken mapping through `context.reject`. */
export async function loadMapping(
  context: ConvertContext,
  allowed: readonly RowsKind[],
  format: string,
): Promise<CompiledMapping | null> {
  const file = context.mappingPath;
  const reject = (path: string, reason: string) =>
    context.reject({ file: file ?? '--map', line: 1, column: path, reason }, '');
  if (file === null) {
    reject('(mapping)', `${format} needs a mapping file: --map mapping.json`);
    return null;
  }
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) {
    reject('(file)', 'cannot read the mapping file');
    return null;
  }
  const parsed = parseMapping(text.replace(/^\uFEFF/, ''), context.timezone);
  if (!parsed.ok) {
    reject(parsed.problem.path, parsed.problem.reason);
    return null;
  }
  if (!allowed.includes(parsed.compiled.mapping.rows)) {
    reject('rows', `${format} reads rows: ${allowed.map((a) => `"${a}"`).join(' or ')}`);
    return null;
  }
  return parsed.compiled;
}

/** A copy of a file in UTF-8, for exports written in Windows-1252 or Latin-1. */
async function utf8Copy(path: string, encoding: 'windows-1252' | 'latin1', dir: string): Promise<string> {
  const target = join(dir, basename(path));
  const decoder = new TextDecoder(encoding === 'latin1' ? 'iso-8859-1' : 'windows-1252');
  await pipeline(
    createReadStream(path),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
      yield decoder.decode();
    },
    createWriteStream(target),
  );
  return target;
}

function headerIndex(fields: readonly string[]): HeaderIndex {
  const index: HeaderIndex = new Map();
  fields.forEach((name, i) => {
    const key = name.trim();
    index.set(key, index.has(key) ? -1 : i);
  });
  return index;
}

/**
 * Converts the files row by row: each row's fields are evaluated, checked and handed to the sink
 * of the mapping's `rows` kind. Memory stays flat except where the sink keeps state.
 */
export async function convertMapped(
  paths: readonly string[],
  context: ConvertContext,
  compiled: CompiledMapping,
): Promise<void> {
  const { mapping, fields } = compiled;
  const sink = makeSink(compiled, context);
  const state: RowState = {
    values: new Array<Value>(fields.length).fill(null),
    problem: null,
    skip: null,
    odd: null,
    moved: null,
  };
  const delimiter = mapping.delimiter;
  const tempDir = mapping.encoding === 'utf-8' ? null : await makeWorkDir('mapped');
  let lastFile = '';
  try {
    for (const path of paths) {
      const fileName = basename(path);
      lastFile = fileName;
      // A workbook is XML in a zip archive: no text encoding applies to it.
      const workbook = isWorkbookPath(path);
      const readPath =
        tempDir && mapping.encoding !== 'utf-8' && !workbook
          ? await utf8Copy(path, mapping.encoding, tempDir)
          : path;
      const totalBytes = (await stat(readPath)).size;
      const progress = { bytesRead: 0 };
      let needHeader = mapping.header;
      let header: readonly string[] = [];
      let unreadable = false;
      if (!needHeader) compiled.columns.bind(null);
      let record: readonly string[] = [];
      let line = 0;
      // A sheet row ends at its last cell that holds something: the empty cells after it, up to the
      // header's width or the furthest column position mapped, are empty values, not missing ones.
      let width = workbook
        ? Math.max(
            0,
            ...Object.values(mapping.fields).map((f) => (typeof f.column === 'number' ? f.column : 0)),
          )
        : 0;
      const records: AsyncIterable<FileRecord[]> = workbook
        ? readXlsxRecords(path, mapping.sheet, progress)
        : readCsvRecords(readPath, delimiter, progress);
      const mapped: MappedRow = {
        file: path,
        line: 0,
        values: state.values,
        raw: () => record.join(delimiter),
      };
      try {
        for await (const batch of records) {
          for (const item of batch) {
            record = item.fields ?? item.text.slice(item.start, item.end).split(delimiter);
            line = item.line;
            if (record.length < width)
              record = [...record, ...new Array<string>(width - record.length).fill('')];
            if (needHeader) {
              needHeader = false;
              header = record;
              if (workbook) width = Math.max(width, record.length);
              const problem = compiled.columns.bind(headerIndex(record));
              if (problem) {
                context.reject(
                  { file: path, line, column: problem.path, reason: problem.reason },
                  record.join(delimiter),
                );
                unreadable = true;
                break;
              }
              continue;
            }
            resetState(state);
            // A workbook's reader does not mark control characters (Office writes them as `_x0000_`):
            // every value read from a workbook is looked at.
            state.checkText = workbook || item.control === true || record.some((f) => f.length > FIELD_LIMIT);
            let skipped = false;
            for (const field of fields) {
              const value = field.read(record, state);
              if (state.problem !== null) break;
              if (value === SKIP_ROW) {
                skipped = true;
                break;
              }
              state.values[field.index] = value;
            }
            if (state.problem !== null) {
              // A row of another width than the header: say what the reader saw that may explain it.
              const { column, reason: why } = state.problem;
              const width = fieldCountReason(item, record.length, header.length);
              const reason =
                header.length === 0 || header.length === record.length
                  ? why
                  : why.startsWith('the row has no ')
                    ? `the row has no ${column}: it ${width}`
                    : item.bareCr === 'split' || item.quoteFrom !== undefined
                      ? `${why}; the row ${width}`
                      : why;
              context.reject({ file: path, line, column, reason }, record.join(delimiter));
              continue;
            }
            if (skipped) {
              context.warn(fileName, `${state.skip}: row skipped`, `line ${line}`);
              continue;
            }
            if (state.odd !== null || state.moved !== null) {
              const created = sink.createdOf(state.values);
              const mark = (code: QualityMark['code']) =>
                created === null ? undefined : { code, day: utcDay(created) };
              const skip = mapping.suspicious === 'skip';
              if (state.odd !== null) {
                context.warn(
                  fileName,
                  `${state.odd}: row ${skip ? 'skipped' : 'imported as is'}`,
                  `line ${line}`,
                  mark(ODD_CODE),
                );
                if (skip) continue;
              }
              if (state.moved !== null)
                context.warn(
                  fileName,
                  movedMessage(state.moved.column),
                  movedExample(line, state.moved.gapMs),
                  mark('moved_to_next_day'),
                );
            }
            mapped.line = line;
            sink.row(mapped);
          }
          if (unreadable) break;
          context.progress(path, progress.bytesRead, totalBytes);
          await context.out.flush();
        }
      } catch (error) {
        if (error instanceof XlsxError) {
          context.reject({ file: path, line: error.line, column: error.column, reason: error.message }, '');
          continue;
        }
        if (!(error instanceof RecordSyntaxError)) throw error;
        if (error instanceof InvalidUtf8Error) {
          const column =
            error.field === undefined ? '(record)' : (header[error.field] ?? `column ${error.field + 1}`);
          const hint = `; if the file is in Windows-1252 or Latin-1, say so with "encoding" in the mapping`;
          context.reject({ file: path, line: error.line, column, reason: `${error.message}${hint}` }, '');
          continue;
        }
        context.reject({ file: path, line: error.line, column: '(record)', reason: error.message }, '');
      }
    }
    sink.finish(lastFile);
  } finally {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

function resetState(state: RowState): void {
  state.problem = null;
  state.skip = null;
  state.odd = null;
  state.moved = null;
}

function makeSink(compiled: CompiledMapping, context: ConvertContext): RowSink {
  switch (compiled.mapping.rows) {
    case 'contact':
      return contactRows(compiled, context);
    case 'event':
      return eventRows(compiled, context);
    case 'update':
      return updateRows(compiled, context);
    case 'survey':
      return surveyRows(compiled, context);
    case 'status':
      return statusRows(compiled, context);
    case 'schedule':
      return scheduleRows(compiled, context);
    case 'cost':
    case 'person':
    case 'paid_hours':
    case 'customer':
    case 'order':
    case 'rate':
      return businessRows(compiled, context, compiled.mapping.rows);
  }
}

/** A getter of a time, or null when the row has none. */
function timeOf(get: Getter): (values: readonly Value[]) => number | null {
  return (values) => {
    const value = get(values);
    return typeof value === 'number' ? value : null;
  };
}

function rejecter(context: ConvertContext) {
  return (row: MappedRow, column: string, reason: string) =>
    context.reject({ file: row.file, line: row.line, column, reason }, row.raw());
}

/** `rows: "contact"`: one row per contact (a call), with events at the times it names. */
function contactRows(compiled: CompiledMapping, context: ConvertContext): RowSink {
  const { mapping, fieldIndex } = compiled;
  const contact = mapping.contact ?? {};
  const contactTargets = targetColumns(contact, fieldIndex, 'contact');
  const createdAt = getter(contact.created_at ?? { const: null }, fieldIndex);
  const externalId = getter(contact.external_id ?? { const: null }, fieldIndex);
  const events = (mapping.events ?? []).map((e, i) => {
    const conditions = conditionsOf(e.when).map((c) => ({
      index: fieldIndex.get(c.field) ?? -1,
      in: c.in ? new Set(c.in.map((v) => (v === null ? null : String(v)))) : null,
      notIn: c.notIn ? new Set(c.notIn.map((v) => (v === null ? null : String(v)))) : null,
    }));
    return {
      label: `events.${i}`,
      index: i,
      rejectMissing: (e.missing ?? (e.when ? 'reject' : 'skip')) === 'reject',
      applies: (values: readonly Value[]) =>
        conditions.every((c) => {
          const v = values[c.index];
          const key = v === null || v === undefined ? null : String(v);
          return (c.in === null || c.in.has(key)) && (c.notIn === null || !c.notIn.has(key));
        }),
      at: getter(e.at, fieldIndex),
      kind: getter(e.kind, fieldIndex),
      targets: targetColumns(e, fieldIndex, 'event', ['kind', 'at']),
      kindTarget: targetColumns({ kind: e.kind }, fieldIndex, 'event')[0] as TargetColumn,
    };
  });
  const reject = rejecter(context);
  const { out, source } = context;
  const pending: PendingEvent[] = [];
  const limits = plausibleLimits(mapping.plausible);
  const repeats = contactRepeats(
    mapping,
    contactTargets.map((t) => t.column),
    events.map((e) => e.targets.map((t) => t.column)),
    context,
    (id, contactRow, created, rowEvents) => {
      out.write('contacts', contactRow);
      if (contact.first_message)
        out.write('contact_events', {
          source,
          contact_external_id: id,
          kind: 'customer_message',
          occurred_at: utcTimestamp(created),
        });
      for (const p of rowEvents) out.write('contact_events', p.row);
    },
  );
  return {
    createdOf: timeOf(createdAt),
    row(row) {
      const { values } = row;
      const id = externalId(values);
      const created = createdAt(values);
      if (id === null) return reject(row, 'contact.external_id', 'the contact id is empty');
      if (typeof created !== 'number') return reject(row, 'contact.created_at', 'the creation time is empty');
      const contactRow: Record<string, Cell> = { source };
      const problem = fill(contactRow, contactTargets, values);
      if (problem) return reject(row, `contact.${problem}`, misfitReason);
      pending.length = 0;
      for (const event of events) {
        if (!event.applies(values)) continue;
        const kind = cellOf(event.kindTarget, event.kind(values));
        if (kind === MISFIT) return reject(row, `${event.label}.kind`, misfitReason);
        if (kind === null || kind === 'ignore' || kind === 'created') continue;
        const at = event.at(values);
        if (typeof at !== 'number') {
          if (event.rejectMissing) return reject(row, `${event.label}.at`, `no time for the ${kind} event`);
          continue;
        }
        const eventRow: Record<string, Cell> = {
          source,
          contact_external_id: String(id),
          kind,
          occurred_at: utcTimestamp(at),
        };
        const eventProblem = fill(eventRow, event.targets, values);
        if (eventProblem) return reject(row, `${event.label}.${eventProblem}`, misfitReason);
        pending.push({ kind: String(kind), at, row: eventRow, event: event.index });
      }
      const skip = mapping.suspicious === 'skip';
      const file = basename(row.file);
      const mark = (code: QualityMark['code']): QualityMark => ({ code, day: utcDay(created) });
      let impossible = false;
      const early = pending.find((p) => p.at < created);
      if (early) {
        impossible = true;
        context.warn(
          file,
          `${early.kind} before the contact was created: row ${skip ? 'skipped' : 'imported as is'}`,
          `line ${row.line}`,
          mark(ODD_CODE),
        );
      }
      const firstAt = (kind: string) => {
        let first: number | null = null;
        for (const p of pending) if (p.kind === kind && (first === null || p.at < first)) first = p.at;
        return first;
      };
      for (const check of QUEUE_CHECKS) {
        const interval = checkInterval(check, firstAt);
        if (interval === null || !checkFails(check, interval, limits)) continue;
        impossible ||= check.impossible;
        context.warn(
          file,
          check.message(limits, skip),
          checkExample(check, row.line, interval),
          mark(check.code),
        );
      }
      if (impossible && skip) return;
      repeats.add(row, String(id), contactRow, created, pending);
    },
    finish() {
      repeats.finish();
    },
  };
}

interface PendingEvent {
  kind: string;
  at: number;
  row: Record<string, Cell>;
  /** Its position in the mapping's `events`. */
  event: number;
}

type WriteContact = (
  id: string,
  contactRow: Record<string, Cell>,
  created: number,
  events: readonly PendingEvent[],
) => void;

/** A row kept for `duplicates: "last"` until every row of its contact is known. */
interface HeldRow {
  signature: string;
  file: string;
  line: number;
  /** Order of the row among all rows read: file, then line. */
  position: number;
  write: (() => void) | null;
}

/**
 * Rows of one contact (the same contact id) are one contact only when they agree: the same
 * canonical contact row and the same events, every time and value. Rows that agree are merged;
 * rows that conflict are refused (`duplicates: "refuse"`, the default) or dropped, keeping the
 * contact's first or last row. One signature per contact is kept in memory (every row's, with
 * `"last"`, until the end).
 */
function contactRepeats(
  mapping: Mapping,
  contactColumns: readonly string[],
  eventColumns: readonly (readonly string[])[],
  context: ConvertContext,
  write: WriteContact,
) {
  const mode = mapping.duplicates ?? 'refuse';
  const counts = { converted: 0, merged: 0, conflicting: 0 };
  const files = new Map<string, number>();
  const labels = [
    ...contactColumns.filter((c) => c !== 'source').map((c) => `contact.${c}`),
    ...eventColumns.flatMap((columns, i) => [
      `events.${i}`,
      ...['kind', 'at', ...columns].map((c) => `events.${i}.${c}`),
    ]),
  ];
  const canonical = (cell: Cell | undefined) => (cell === '' || cell === undefined ? null : cell);
  const signatureOf = (contactRow: Record<string, Cell>, events: readonly PendingEvent[]) => {
    const cells: Cell[] = contactColumns.filter((c) => c !== 'source').map((c) => canonical(contactRow[c]));
    eventColumns.forEach((columns, i) => {
      const event = events.find((e) => e.event === i);
      cells.push(event ? true : null);
      for (const c of ['kind', 'occurred_at', ...columns]) cells.push(event ? canonical(event.row[c]) : null);
    });
    return JSON.stringify(cells);
  };
  /** The first column whose cell differs: its label and both values. */
  const difference = (kept: string, other: string) => {
    const a = JSON.parse(kept) as Cell[];
    const b = JSON.parse(other) as Cell[];
    const i = a.findIndex((cell, k) => cell !== b[k]);
    const label = labels[i] ?? '(row)';
    const show = (cell: Cell | undefined) =>
      cell === null || cell === undefined ? 'nothing' : `'${String(cell)}'`;
    const event = (cell: Cell | undefined) => (cell ? 'an event' : 'no event');
    if (/^events\.\d+$/.test(label)) return { label, field: label, kept: event(a[i]), here: event(b[i]) };
    return { label, field: label.replace(/^contact\./, ''), kept: show(a[i]), here: show(b[i]) };
  };
  const place = (file: string, line: number, here: string) =>
    file === here ? `line ${line}` : `${basename(file)}:${line}`;
  const position = (row: MappedRow) => {
    if (!files.has(row.file)) files.set(row.file, files.size);
    return (files.get(row.file) as number) * 2 ** 32 + row.line;
  };
  const warnDropped = (id: string, dropped: HeldRow, kept: HeldRow) => {
    const diff = difference(kept.signature, dropped.signature);
    context.warn(
      basename(dropped.file),
      `a contact id repeated with another ${diff.field}: row dropped, the ${mode} row of the contact kept`,
      `line ${dropped.line} (contact ${id}, kept ${place(kept.file, kept.line, dropped.file)})`,
    );
  };
  const seen = new Map<string, HeldRow>();
  const held = new Map<string, HeldRow[]>();
  return {
    add(
      row: MappedRow,
      id: string,
      contactRow: Record<string, Cell>,
      created: number,
      events: PendingEvent[],
    ) {
      counts.converted++;
      const signature = signatureOf(contactRow, events);
      const here: HeldRow = {
        signature,
        file: row.file,
        line: row.line,
        position: position(row),
        write: null,
      };
      if (mode === 'last') {
        const copy = events.slice();
        here.write = () => write(id, contactRow, created, copy);
        const rows = held.get(id);
        if (rows) rows.push(here);
        else held.set(id, [here]);
        return;
      }
      const kept = seen.get(id);
      if (!kept) {
        seen.set(id, here);
        write(id, contactRow, created, events);
        return;
      }
      if (kept.signature === signature) {
        counts.merged++;
        return;
      }
      counts.conflicting++;
      if (mode === 'first') return warnDropped(id, here, kept);
      const diff = difference(kept.signature, signature);
      context.reject(
        {
          file: row.file,
          line: row.line,
          column: diff.label,
          reason: `contact ${id} is also on ${place(kept.file, kept.line, row.file)} with another ${diff.field} (${diff.kept} there, ${diff.here} here): rows of one contact must agree; give "duplicates": "first" or "last" in the mapping to keep one of them`,
        },
        row.raw(),
      );
    },
    finish() {
      if (mode === 'last') {
        const dropped: { id: string; row: HeldRow; kept: HeldRow }[] = [];
        const kept: HeldRow[] = [];
        for (const [id, rows] of held) {
          const last = rows[rows.length - 1] as HeldRow;
          kept.push(last);
          for (const other of rows.slice(0, -1)) {
            if (other.signature === last.signature) counts.merged++;
            else dropped.push({ id, row: other, kept: last });
          }
        }
        counts.conflicting += dropped.length;
        dropped.sort((a, b) => a.row.position - b.row.position);
        for (const d of dropped) warnDropped(d.id, d.row, d.kept);
        kept.sort((a, b) => a.position - b.position);
        for (const row of kept) row.write?.();
        held.clear();
      }
      seen.clear();
      context.contactRows?.({
        ...counts,
        contacts: counts.converted - counts.merged - counts.conflicting,
      });
    },
  };
}

interface ContactSoFar {
  createdMs: number;
  /** Contact columns from the contact's first row. */
  row: Record<string, Cell>;
  statusMs: number;
  status: string | null;
  agentMs: number;
  agent: string | null;
  /** The earliest queue_enter, answer, abandon and end of the contact, for the plausibility checks. */
  queue: Map<string, { at: number; file: string; line: number }> | null;
}

const QUEUE_KINDS = new Set(['queue_enter', 'answer', 'abandon', 'end']);

/** `rows: "event"`: one row per event; contacts are written at the end from what their events said. */
function eventRows(compiled: CompiledMapping, context: ConvertContext): RowSink {
  const { mapping, fieldIndex } = compiled;
  const event = mapping.event as NonNullable<Mapping['event']>;
  const contact = mapping.contact ?? {};
  const contactTargets = targetColumns(contact, fieldIndex, 'contact', ['external_id', 'created_at']);
  const createdAt = contact.created_at ? getter(contact.created_at, fieldIndex) : null;
  const contactId = getter(event.contact, fieldIndex);
  const at = getter(event.at, fieldIndex);
  const kindTarget = targetColumns({ kind: event.kind }, fieldIndex, 'event')[0] as TargetColumn;
  const eventTargets = targetColumns(event, fieldIndex, 'event', ['contact', 'kind', 'at']);
  const reject = rejecter(context);
  const contacts = new Map<string, ContactSoFar>();
  const { out, source } = context;
  const createdOf = timeOf(createdAt ?? at);
  return {
    createdOf,
    row(row) {
      const { values } = row;
      const idValue = contactId(values);
      if (idValue === null) return reject(row, 'event.contact', 'the contact id is empty');
      const id = String(idValue);
      const time = at(values);
      if (typeof time !== 'number') return reject(row, 'event.at', 'the time is empty');
      const kindCell = cellOf(kindTarget, kindTarget.get(values));
      if (kindCell === MISFIT) return reject(row, 'event.kind', misfitReason);
      const kind = kindCell === null ? 'ignore' : String(kindCell);
      const eventRow: Record<string, Cell> = {
        source,
        contact_external_id: id,
        kind,
        occurred_at: utcTimestamp(time),
      };
      const problem = fill(eventRow, eventTargets, values);
      if (problem) return reject(row, `event.${problem}`, misfitReason);
      let known = contacts.get(id);
      if (!known) {
        const contactRow: Record<string, Cell> = { source, external_id: id };
        const contactProblem = fill(contactRow, contactTargets, values);
        if (contactProblem) return reject(row, `contact.${contactProblem}`, misfitReason);
        const created = createdAt ? createdAt(values) : null;
        known = {
          createdMs: typeof created === 'number' ? created : time,
          row: contactRow,
          statusMs: Number.NEGATIVE_INFINITY,
          status: null,
          agentMs: Number.NEGATIVE_INFINITY,
          agent: null,
          queue: null,
        };
        contacts.set(id, known);
      }
      if (!createdAt && time < known.createdMs) known.createdMs = time;
      if (kind === 'ignore' || kind === 'created') return;
      if (kind === 'status_change') {
        if (typeof eventRow.status !== 'string')
          return reject(row, 'event.status', 'a status_change needs a status');
        if (time >= known.statusMs) {
          known.statusMs = time;
          known.status = eventRow.status;
        }
      }
      if (typeof eventRow.agent_id === 'string' && time >= known.agentMs) {
        known.agentMs = time;
        known.agent = eventRow.agent_id;
      }
      if (QUEUE_KINDS.has(kind)) {
        known.queue ??= new Map();
        const first = known.queue.get(kind);
        if (!first || time < first.at)
          known.queue.set(kind, { at: time, file: basename(row.file), line: row.line });
      }
      out.write('contact_events', eventRow);
    },
    finish() {
      const limits = plausibleLimits(mapping.plausible);
      for (const [id, known] of contacts) {
        // Events are written as they are read: an impossible order is counted, not skipped.
        const queue = known.queue;
        if (queue)
          for (const check of QUEUE_CHECKS) {
            const interval = checkInterval(check, (kind) => queue.get(kind)?.at ?? null);
            if (interval === null || !checkFails(check, interval, limits)) continue;
            const to = check.to.map((kind) => queue.get(kind)).find((t) => t !== undefined);
            context.warn(
              to?.file ?? '',
              check.message(limits, false),
              checkExample(check, to?.line ?? '?', interval),
              { code: check.code, day: utcDay(known.createdMs) },
            );
          }
        out.write('contacts', {
          ...known.row,
          created_at: utcTimestamp(known.createdMs),
          status: known.row.status ?? known.status ?? 'open',
          assignee_id: known.row.assignee_id ?? known.agent,
        });
        if (contact.first_message)
          out.write('contact_events', {
            source,
            contact_external_id: id,
            kind: 'customer_message',
            occurred_at: utcTimestamp(known.createdMs),
          });
      }
    },
  };
}

interface TicketUpdate {
  at: number;
  line: number;
  /** Null: the row says nothing of the status (a code mapped to null). */
  status: string | null;
  assignee: string | null;
  group: string | null;
  contact: Record<string, Cell>;
}

/**
 * `rows: "update"`: one row per change of a ticket with its state at that time. Rows are grouped
 * per ticket in memory, ordered by update time, and turned into status changes and assignments.
 */
function updateRows(compiled: CompiledMapping, context: ConvertContext): RowSink {
  const { mapping, fieldIndex } = compiled;
  const update = mapping.update as NonNullable<Mapping['update']>;
  const contact = mapping.contact ?? {};
  const contactTargets = targetColumns(contact, fieldIndex, 'contact', ['external_id', 'status']);
  const ticketId = getter(update.contact, fieldIndex);
  const at = getter(update.at, fieldIndex);
  const statusTarget = targetColumns({ status: update.status }, fieldIndex, 'contact')[0] as TargetColumn;
  const assignee = update.assignee ? getter(update.assignee, fieldIndex) : () => null;
  const group = update.group ? getter(update.group, fieldIndex) : () => null;
  const groupChangeEscalates = update.group_change === 'escalation';
  const reject = rejecter(context);
  const tickets = new Map<string, TicketUpdate[]>();
  const { out, source } = context;
  return {
    createdOf: timeOf(contact.created_at ? getter(contact.created_at, fieldIndex) : () => null),
    row(row) {
      const { values } = row;
      const idValue = ticketId(values);
      if (idValue === null) return reject(row, 'update.contact', 'the ticket id is empty');
      const time = at(values);
      if (typeof time !== 'number') return reject(row, 'update.at', 'the update time is empty');
      const status = cellOf(statusTarget, statusTarget.get(values));
      if (status === MISFIT) return reject(row, 'update.status', misfitReason);
      const contactRow: Record<string, Cell> = { source, external_id: String(idValue) };
      const problem = fill(contactRow, contactTargets, values);
      if (problem) return reject(row, `contact.${problem}`, misfitReason);
      if (contactRow.created_at === null)
        return reject(row, 'contact.created_at', 'the creation time is empty');
      const who = assignee(values);
      const team = group(values);
      const list = tickets.get(String(idValue)) ?? [];
      list.push({
        at: time,
        line: row.line,
        status: status === null ? null : String(status),
        assignee: who === null ? null : String(who),
        group: team === null ? null : String(team),
        contact: contactRow,
      });
      tickets.set(String(idValue), list);
    },
    finish() {
      for (const [id, updates] of tickets) {
        updates.sort((a, b) => a.at - b.at || a.line - b.line);
        // The same change twice in one minute (solved, reopened, solved again at 12:00) must stay
        // two events, yet the same history imported again must give the same ids. The first
        // occurrence keeps the id it always had (derived from its content when `derived`); a
        // repeat is numbered.
        const seen = new Map<string, number>();
        const eventId = (kind: string, occurredAt: string, what: string, derived: boolean) => {
          const base = `${id}|${kind}|${occurredAt}|${what}`;
          const n = (seen.get(base) ?? 0) + 1;
          seen.set(base, n);
          if (n > 1) return `${base}|${n}`;
          return derived ? undefined : base;
        };
        let status: string | null = null;
        let agent: string | null = null;
        let team: string | null = null;
        for (const u of updates) {
          const occurred_at = utcTimestamp(u.at);
          if (u.assignee !== null && u.assignee !== agent)
            out.write('contact_events', {
              source,
              contact_external_id: id,
              external_id: eventId('assignment', occurred_at, `agent:${u.assignee}`, true),
              kind: 'assignment',
              occurred_at,
              agent_id: u.assignee,
            });
          if (u.group !== null && u.group !== team) {
            if (team !== null && groupChangeEscalates)
              out.write('contact_events', {
                source,
                contact_external_id: id,
                external_id: eventId('escalation', occurred_at, u.group, false),
                kind: 'escalation',
                occurred_at,
                escalation_type: 'functional',
                team_id: u.group,
              });
            out.write('contact_events', {
              source,
              contact_external_id: id,
              external_id: eventId('assignment', occurred_at, u.group, false),
              kind: 'assignment',
              occurred_at,
              team_id: u.group,
            });
            team = u.group;
          }
          if (u.status !== null && u.status !== status)
            out.write('contact_events', {
              source,
              contact_external_id: id,
              external_id: eventId('status_change', occurred_at, u.status, true),
              kind: 'status_change',
              occurred_at,
              status: u.status,
            });
          if (u.status !== null) status = u.status;
          if (u.assignee !== null) agent = u.assignee;
        }
        const last = updates[updates.length - 1] as TicketUpdate;
        out.write('contacts', {
          ...last.contact,
          status,
          assignee_id: agent,
          team_id: last.contact.team_id ?? team,
        });
        if (contact.first_message)
          out.write('contact_events', {
            source,
            contact_external_id: id,
            kind: 'customer_message',
            occurred_at: last.contact.created_at ?? null,
          });
      }
    },
  };
}

/** `rows: "survey"`: one row per survey answer (or invitation). */
function surveyRows(compiled: CompiledMapping, context: ConvertContext): RowSink {
  const { mapping, fieldIndex } = compiled;
  const survey = mapping.survey as NonNullable<Mapping['survey']>;
  const targets = targetColumns(survey, fieldIndex, 'survey');
  const reject = rejecter(context);
  const { out, source } = context;
  return {
    createdOf: () => null,
    row(row) {
      const surveyRow: Record<string, Cell> = { source };
      const problem = fill(surveyRow, targets, row.values);
      if (problem) return reject(row, `survey.${problem}`, misfitReason);
      const { score, scale_min: min, scale_max: max } = surveyRow;
      for (const [column, value] of [
        ['scale_min', min],
        ['scale_max', max],
      ] as const) {
        if (!Number.isInteger(Number(value)) || value === null || value === '')
          return reject(row, `survey.${column}`, `'${String(value)}' is not a whole number`);
      }
      if (surveyRow.external_id === null)
        return reject(row, 'survey.external_id', 'the response id is empty');
      if (score !== null && score !== undefined) {
        const n = Number(score);
        if (!Number.isFinite(n)) return reject(row, 'survey.score', `'${String(score)}' is not a number`);
        if (n < Number(min) || n > Number(max))
          return reject(row, 'survey.score', `${n} is outside the scale ${String(min)}–${String(max)}`);
        if (!surveyRow.responded_at)
          return reject(row, 'survey.responded_at', 'an answered survey needs its answer time');
        surveyRow.score = n;
      }
      out.write('survey_responses', surveyRow);
    },
    finish() {},
  };
}

/**
 * `rows: "status"`: one status change per row, or the state the agent went into (`available`,
 * `paused`, `logged_out`), written as the changes that lead into it. Without an id column a change
 * is named by its agent, status, time and channel, so the same export imported again changes nothing.
 */
function statusRows(compiled: CompiledMapping, context: ConvertContext): RowSink {
  const { mapping, fieldIndex } = compiled;
  const status = mapping.status as NonNullable<Mapping['status']>;
  const targets = targetColumns(status, fieldIndex, 'status');
  const reject = rejecter(context);
  const { out, source } = context;
  return {
    createdOf: () => null,
    row(row) {
      const values: Record<string, Cell> = {};
      const problem = fill(values, targets, row.values);
      if (problem) return reject(row, `status.${problem}`, misfitReason);
      const { external_id: id, agent_id: agent, status: said, occurred_at: at } = values;
      if (agent === null || agent === undefined || agent === '')
        return reject(row, 'status.agent_id', 'the agent is empty');
      if (said === null || said === undefined) return reject(row, 'status.status', 'the status is empty');
      if (at === null || at === undefined) return reject(row, 'status.occurred_at', 'the time is empty');
      const statuses = STATE_STATUSES[String(said)] ?? [String(said)];
      for (const change of statuses) {
        const name = `${String(agent)}|${change}|${String(at)}|${String(values.channel ?? '')}|${String(values.queue ?? '')}`;
        out.write('agent_status_events', {
          ...values,
          source,
          external_id:
            id === null || id === undefined ? name : statuses.length > 1 ? `${String(id)}|${change}` : id,
          status: change,
          // A state's reason (the pause reason) goes with its pause, not with the log-in before it.
          reason: statuses.length > 1 && change !== 'pause' ? null : (values.reason ?? null),
        });
      }
    },
    finish() {},
  };
}

/**
 * `rows: "schedule"`: one schedule block per row. Without an id column a block is named by its
 * agent, start and activity, so a block whose end moved replaces the one imported before.
 */
function scheduleRows(compiled: CompiledMapping, context: ConvertContext): RowSink {
  const { mapping, fieldIndex } = compiled;
  const schedule = mapping.schedule as NonNullable<Mapping['schedule']>;
  const targets = targetColumns(schedule, fieldIndex, 'schedule');
  const reject = rejecter(context);
  const { out, source } = context;
  return {
    createdOf: () => null,
    row(row) {
      const values: Record<string, Cell> = {};
      const problem = fill(values, targets, row.values);
      if (problem) return reject(row, `schedule.${problem}`, misfitReason);
      const { agent_id: agent, starts_at: start, ends_at: end, activity } = values;
      if (agent === null || agent === undefined || agent === '')
        return reject(row, 'schedule.agent_id', 'the agent is empty');
      if (start === null || start === undefined)
        return reject(row, 'schedule.starts_at', 'the start is empty');
      if (end === null || end === undefined) return reject(row, 'schedule.ends_at', 'the end is empty');
      if (activity === null || activity === undefined)
        return reject(row, 'schedule.activity', 'the activity is empty');
      if (Date.parse(String(end)) <= Date.parse(String(start)))
        return reject(row, 'schedule.ends_at', `${String(end)} is not after the start ${String(start)}`);
      out.write('schedules', {
        ...values,
        source,
        external_id: values.external_id ?? `${String(agent)}|${String(start)}|${String(activity)}`,
      });
    },
    finish() {},
  };
}

/** The columns a business section must map: its table's required ones, but a cost line's id. */
function businessRequired(rows: BusinessRows): string[] {
  return TABLES[BUSINESS_ROWS[rows]].columns
    .filter((c) => c.required && c.name !== 'source' && !(rows === 'cost' && c.name === 'external_id'))
    .map((c) => c.name);
}

/**
 * The business rows: one row of the section's table per row. Amounts written as text are read as
 * the order exports read them (`1,234.56`, `12,50`; a file writing decimals both ways is refused,
 * as is a negative amount), currencies are ISO 4217 codes in any case. A cost line without an id
 * column is named by its period, category, team and channel, so the same file imported again
 * replaces it.
 */
function businessRows(compiled: CompiledMapping, context: ConvertContext, rows: BusinessRows): RowSink {
  const { mapping, fieldIndex } = compiled;
  const table = BUSINESS_ROWS[rows];
  const targets = targetColumns(mapping[rows] ?? {}, fieldIndex, rows);
  const specs = new Map(TABLES[table].columns.map((c) => [c.name, c]));
  const required = businessRequired(rows);
  const amounts = new Map<string, AmountReader>();
  // Cost lines without an id are known by what they are for; two alike lines (two software bills of
  // a month) are numbered in the order the files give them, so neither replaces the other and a
  // second import of the same files replaces both.
  const alikeCostLines = new Map<string, number>();
  const reject = rejecter(context);
  const { out, source } = context;
  return {
    createdOf: () => null,
    row(row) {
      const values: Record<string, Cell> = {};
      const problem = fill(values, targets, row.values);
      if (problem) return reject(row, `${rows}.${problem}`, misfitReason);
      for (const [column, value] of Object.entries(values)) {
        const type = specs.get(column)?.type;
        if (value === null || value === '' || type === undefined) continue;
        const path = `${rows}.${column}`;
        if (type.kind === 'double') {
          let amount: number;
          if (typeof value === 'number') amount = value;
          else {
            const reader = amounts.get(row.file) ?? new AmountReader();
            amounts.set(row.file, reader);
            const read = reader.read(String(value), `line ${row.line}, ${path} '${String(value)}'`);
            if (!read.ok) return reject(row, path, read.reason);
            amount = read.value;
          }
          if (type.min !== undefined && amount < type.min) return reject(row, path, `${amount} is negative`);
          values[column] = amount;
        } else if (type.kind === 'currency') {
          const code = currencyCode(String(value));
          if (code === null)
            return reject(
              row,
              path,
              `'${String(value)}' is not an ISO 4217 currency code such as EUR or USD`,
            );
          values[column] = code;
        } else if (type.kind === 'date') {
          const day = typeof value === 'number' ? new Date(value).toISOString().slice(0, 10) : String(value);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
            return reject(
              row,
              path,
              `'${day}' is not a day yyyy-MM-dd: give the field type "date" and its format`,
            );
          values[column] = day;
        }
      }
      for (const column of required)
        if (values[column] === null || values[column] === undefined || values[column] === '')
          return reject(row, `${rows}.${column}`, 'the value is empty');
      if (table === 'costs' && (values.external_id === null || values.external_id === undefined)) {
        const described = [values.period_start, values.category, values.team_id, values.channel]
          .map((v) => (v === null || v === undefined ? '' : String(v)))
          .join('|');
        const alike = (alikeCostLines.get(described) ?? 0) + 1;
        alikeCostLines.set(described, alike);
        values.external_id = alike === 1 ? described : `${described}|${alike}`;
      }
      out.write(table, specs.has('source') ? { ...values, source } : values);
    },
    finish() {},
  };
}
