import { basename } from 'node:path';
import { quoteLiteral } from '../../core/dialect.js';
import { type LocalPiece, localPieces } from '../../core/local-time.js';
import type { CanonicalTableName } from '../../core/schema.js';
import { EARLIEST_MS, LATEST_MS } from '../../core/time-range.js';
import { derivedColumns, isOneOf, targetColumns } from '../../engines/duckdb/bulk.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { FIELD_LIMIT, RecordSyntaxError, readCsvRecords } from '../records.js';
import type { ContactRowCounts, DataQualityCode, SourceWarning } from './format.js';
import {
  BOOLEAN_COLUMNS,
  type CompiledMapping,
  compileFormat,
  conditionsOf,
  enumFor,
  ISO,
  type Mapping,
  TIMESTAMP_COLUMNS,
} from './mapping.js';
import {
  checkExample,
  checkLimitMs,
  DEFAULT_AFTER_TOLERANCE_S,
  MOVE_LIMIT_MS,
  movedExample,
  movedMessage,
  ODD_CODE,
  type PlausibleLimits,
  plausibleLimits,
  QUEUE_CHECKS,
} from './plausibility.js';

/**
 * The fast way through a mapped import: the mapping compiled into DuckDB SQL over `read_csv`, the
 * canonical rows built in temporary stage tables without leaving the engine.
 *
 * It is an optimisation of `convertMapped`, which stays the reference: the SQL takes a file only
 * when every row is one it reads exactly as the row-by-row converter would. A row the converter
 * would reject (a value that does not parse, an unknown code, a short row), a construct the SQL
 * does not cover, or any error of DuckDB's reader sends the whole import back to the converter,
 * which names the file, line, field and reason. What it imports and warns about is the converter's
 * to the row; `mapping-sql.test.ts` imports the same files both ways and compares the databases.
 */

type FieldSpec = Mapping['fields'][string];
type FieldType = NonNullable<FieldSpec['type']>;

/**
 * Canonical rows ready to load: a stage table, or a query whose rows never share a key. The order
 * column sorts them as the converter would have written them.
 */
export type StagedTable = { table: CanonicalTableName; order: string } & (
  | { stage: string; rows: number }
  | { select: string }
);

export type MappedWarning = SourceWarning;

export type SqlStaging =
  | {
      ok: true;
      tables: StagedTable[];
      rowsRead: number;
      warnings: MappedWarning[];
      contactRows: ContactRowCounts;
    }
  | { ok: false; reason: string };

const DAY_MS = 86_400_000;
const STAGE_ROWS = 'mapped_rows';
const STAGE_SINK = 'mapped_sink';
const STAGE_KEPT = 'mapped_kept';
/** One row per warning of a row: made once, then counted per file and message and per day. */
const STAGE_WARNINGS = 'mapped_warnings';

class Unsupported extends Error {}

const lit = quoteLiteral;
const list = (values: Iterable<string>) => [...values].map(lit).join(', ');

/** Whether the SQL can take the mapping at all; the reason when it cannot. */
export function sqlUnsupported(compiled: CompiledMapping, paths: readonly string[]): string | null {
  const { mapping } = compiled;
  if (mapping.rows !== 'contact') return `rows: "${mapping.rows}" is converted row by row`;
  if (mapping.encoding !== 'utf-8') return 'the file is not UTF-8';
  if (paths.some((p) => !/\.(csv|tsv|txt)(\.gz)?$/i.test(p))) return 'not a .csv, .tsv or .txt file';
  try {
    for (const field of compiled.fields) {
      const spec = mapping.fields[field.name] as FieldSpec;
      fieldPlan(field.name, spec, field.type);
      if (spec.date !== undefined && mapping.fields[spec.date]?.coalesce)
        throw new Unsupported(`fields.${field.name}.date is a coalesce of dates`);
    }
    targetsPlan(compiled);
  } catch (error) {
    if (error instanceof Unsupported) return error.message;
    throw error;
  }
  return null;
}

/** What kind of SQL value a field has once read. */
type SqlKind = 'text' | 'number' | 'time';

interface FieldPlan {
  name: string;
  spec: FieldSpec;
  type: FieldType;
  kind: SqlKind;
}

function fieldPlan(name: string, spec: FieldSpec, type: FieldType): FieldPlan {
  const numbers = [
    ...(spec.map ? Object.values(spec.map) : []),
    ...(spec.default === undefined ? [] : [spec.default]),
  ].some((v) => typeof v === 'number');
  if (numbers && type !== 'number') throw new Unsupported(`fields.${name} maps codes to numbers`);
  if (spec.const !== undefined && typeof spec.const === 'number')
    throw new Unsupported(`fields.${name} is a number constant`);
  if (spec.const !== undefined && type !== 'text')
    throw new Unsupported(`fields.${name} is a constant of type ${type}`);
  if (spec.format !== undefined && type !== 'timestamp') {
    const compiled = compileFormat(spec.format);
    if ('tokens' in compiled && compiled.tokens.some((t) => t === 'X' || t === 'x'))
      throw new Unsupported(`fields.${name} reads a Unix time as a ${type}`);
  }
  const kind: SqlKind =
    type === 'number' || type === 'duration' ? 'number' : type === 'text' ? 'text' : 'time';
  return { name, spec, type, kind };
}

function fieldKinds(compiled: CompiledMapping): Map<string, FieldPlan> {
  return new Map(
    compiled.fields.map((f) => [
      f.name,
      fieldPlan(f.name, compiled.mapping.fields[f.name] as FieldSpec, f.type),
    ]),
  );
}

type Ref = string | { const: string | number | boolean | null };

/** A canonical column's source: a text field, a time field, or a constant. */
function refSql(ref: Ref, plans: Map<string, FieldPlan>, path: string, want: 'text' | 'time'): string {
  if (typeof ref !== 'string') {
    if (typeof ref.const === 'number') throw new Unsupported(`${path} is a number`);
    return ref.const === null ? 'CAST(NULL AS VARCHAR)' : lit(String(ref.const));
  }
  const plan = plans.get(ref);
  if (!plan) throw new Unsupported(`${path}: no field ${ref}`);
  if (plan.kind === 'number') throw new Unsupported(`${path} takes the number field ${ref}`);
  if (want === 'text' && plan.kind === 'time') throw new Unsupported(`${path} takes the time field ${ref}`);
  return `f_${ref}`;
}

interface TargetPlan {
  column: string;
  sql: string;
  allowed: readonly string[] | null;
  time: boolean;
}

function targetList(
  section: Readonly<Record<string, unknown>>,
  plans: Map<string, FieldPlan>,
  enumSection: string,
  path: string,
  skip: readonly string[] = [],
): TargetPlan[] {
  const targets: TargetPlan[] = [];
  for (const [column, ref] of Object.entries(section)) {
    if (ref === undefined || skip.includes(column) || ['when', 'missing', 'first_message'].includes(column))
      continue;
    const time = TIMESTAMP_COLUMNS.has(column);
    targets.push({
      column,
      sql: refSql(ref as Ref, plans, `${path}.${column}`, time ? 'time' : 'text'),
      allowed: enumFor(column, enumSection) ?? null,
      time,
    });
  }
  return targets;
}

interface EventPlan {
  label: string;
  when: string;
  rejectMissing: boolean;
  kind: TargetPlan;
  at: string;
  targets: TargetPlan[];
}

function targetsPlan(compiled: CompiledMapping) {
  const plans = fieldKinds(compiled);
  const contact = compiled.mapping.contact ?? {};
  const contactTargets = targetList(contact, plans, 'contact', 'contact');
  const events: EventPlan[] = (compiled.mapping.events ?? []).map((e, i) => {
    const parts: string[] = [];
    for (const c of conditionsOf(e.when)) {
      const plan = plans.get(c.field);
      if (plan?.kind !== 'text') throw new Unsupported(`events.${i}.when reads a field that is not text`);
      const condition = (values: readonly (string | number | boolean | null)[], negate: boolean) => {
        const texts = values.filter((v) => v !== null).map(String);
        const hasNull = values.includes(null);
        const inList = texts.length > 0 ? isOneOf(`f_${c.field}`, texts) : 'FALSE';
        const test = `(CASE WHEN f_${c.field} IS NULL THEN ${hasNull ? 'TRUE' : 'FALSE'} ELSE ${inList} END)`;
        return negate ? `NOT ${test}` : test;
      };
      if (c.in) parts.push(condition(c.in, false));
      if (c.notIn) parts.push(condition(c.notIn, true));
    }
    const when = parts.length > 0 ? parts.join(' AND ') : 'TRUE';
    const [kind] = targetList({ kind: e.kind }, plans, 'event', `events.${i}`);
    return {
      label: `events.${i}`,
      when,
      rejectMissing: (e.missing ?? (e.when ? 'reject' : 'skip')) === 'reject',
      kind: kind as TargetPlan,
      at: refSql(e.at as Ref, plans, `events.${i}.at`, 'time'),
      targets: targetList(e, plans, 'event', `events.${i}`, ['kind', 'at']),
    };
  });
  return {
    plans,
    externalId: refSql((contact.external_id ?? { const: null }) as Ref, plans, 'contact.external_id', 'text'),
    createdAt: refSql((contact.created_at ?? { const: null }) as Ref, plans, 'contact.created_at', 'time'),
    contactTargets,
    events,
    firstMessage: contact.first_message === true,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the fields

/** SQL for the value of a part of a date or time, from the named groups of a regular expression. */
interface PartsSql {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  ms: string;
  offset: string | null;
  epoch: string | null;
  /** A condition under which the SQL cannot be sure of the converter's reading. */
  unsure: string | null;
}

function offsetSql(group: string): string {
  const digits = `replace(substr(${group}, 2), ':', '')`;
  return `CASE WHEN ${isOneOf(group, ['Z', 'z'])} THEN 0 ELSE (CASE WHEN left(${group}, 1) = '-' THEN -1 ELSE 1 END) * (CAST(substr(${digits}, 1, 2) AS INTEGER) * 60 + COALESCE(TRY_CAST(NULLIF(substr(${digits}, 3, 2), '') AS INTEGER), 0)) END`;
}

function formatParts(format: string, struct: string): { pattern: string; names: string[]; parts: PartsSql } {
  const compiled = compileFormat(format);
  if ('error' in compiled) throw new Unsupported(compiled.error);
  const names = compiled.tokens.map((_, i) => `g${i + 1}`);
  const parts: PartsSql = {
    year: '1970',
    month: '1',
    day: '1',
    hour: '0',
    minute: '0',
    second: '0',
    ms: '0',
    offset: null,
    epoch: null,
    unsure: null,
  };
  compiled.tokens.forEach((token, i) => {
    const g = `${struct}.g${i + 1}`;
    const n = `CAST(${g} AS INTEGER)`;
    switch (token) {
      case 'yyyy':
        parts.year = n;
        break;
      case 'yy':
        parts.year = `(CASE WHEN ${n} > 60 THEN 1900 + ${n} ELSE 2000 + ${n} END)`;
        break;
      case 'MM':
      case 'M':
        parts.month = n;
        break;
      case 'dd':
      case 'd':
        parts.day = n;
        break;
      case 'HH':
      case 'H':
        parts.hour = n;
        break;
      case 'mm':
      case 'm':
        parts.minute = n;
        break;
      case 'ss':
      case 's':
        parts.second = n;
        break;
      case 'SSS':
        parts.ms = n;
        break;
      case 'S':
        parts.ms = `CAST(rpad(${g}, 3, '0') AS INTEGER)`;
        break;
      case 'ZZ':
      case 'Z':
      case 'ZZZ':
        parts.offset = offsetSql(g);
        break;
      case 'X':
        parts.epoch = `TRY_CAST(${g} AS BIGINT) * 1000`;
        parts.unsure = `(contains(${g}, '.') OR TRY_CAST(${g} AS BIGINT) IS NULL OR TRY_CAST(${g} AS BIGINT) > 9007199254740)`;
        break;
      case 'x':
        parts.epoch = `TRY_CAST(${g} AS BIGINT)`;
        parts.unsure = `(TRY_CAST(${g} AS BIGINT) IS NULL OR TRY_CAST(${g} AS BIGINT) > 9007199254740991)`;
        break;
      default:
        throw new Unsupported(`format token ${token}`);
    }
  });
  return { pattern: compiled.regex.source, names, parts };
}

function defaultParts(type: 'timestamp' | 'date' | 'time', struct: string) {
  if (type === 'time') {
    return {
      pattern: '^(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,3}))?)?$',
      names: ['h', 'mi', 's', 'f'],
      parts: {
        year: '1970',
        month: '1',
        day: '1',
        hour: `CAST(${struct}.h AS INTEGER)`,
        minute: `CAST(${struct}.mi AS INTEGER)`,
        second: `COALESCE(TRY_CAST(NULLIF(${struct}.s, '') AS INTEGER), 0)`,
        ms: `COALESCE(TRY_CAST(NULLIF(rpad(${struct}.f, 3, '0'), '') AS INTEGER), 0)`,
        offset: null,
        epoch: null,
        unsure: null,
      } satisfies PartsSql,
    };
  }
  const optional = (g: string) => `COALESCE(TRY_CAST(NULLIF(${struct}.${g}, '') AS INTEGER), 0)`;
  return {
    pattern: ISO.source,
    names: ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'],
    parts: {
      year: `CAST(${struct}.y AS INTEGER)`,
      month: `CAST(${struct}.mo AS INTEGER)`,
      day: `CAST(${struct}.d AS INTEGER)`,
      hour: optional('h'),
      minute: optional('mi'),
      second: optional('s'),
      ms: `COALESCE(TRY_CAST(NULLIF(rpad(left(${struct}.f, 3), 3, '0'), '') AS INTEGER), 0)`,
      offset: `CASE WHEN ${struct}.z <> '' THEN ${offsetSql(`${struct}.z`)} END`,
      epoch: null,
      // A date field must not carry a time.
      unsure: type === 'date' ? `${struct}.h <> ''` : null,
    } satisfies PartsSql,
  };
}

function emptyStruct(names: readonly string[]): string {
  return `{${names.map((n) => `${lit(n)}: ''`).join(', ')}}`;
}

const NUMBER = "'^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$'";

/**
 * The first layer: every column field's text after placeholders, skips and value maps (`x_`), and
 * its state (`k_`: 0 a value, 1 nothing, 2 skip the row, 3 an unknown code).
 */
/** `textProblem`'s control characters, for RE2. */
const CONTROL_RE2 = String.raw`[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x{9F}\x{FEFF}]`;

function textLayer(plan: FieldPlan, raw: string, globalNone: readonly string[]): string[] {
  const { spec, name } = plan;
  const none = [...new Set([...(spec.none ?? []), ...globalNone])];
  const skip = spec.skip ?? [];
  const isNone = none.length > 0 ? isOneOf(raw, none) : 'FALSE';
  const isSkip = skip.length > 0 ? isOneOf(raw, skip) : 'FALSE';
  let mapped = raw;
  let unknown = 'FALSE';
  if (spec.map) {
    const entries = Object.entries(spec.map);
    const fallback = spec.default === undefined || spec.default === null ? 'NULL' : lit(String(spec.default));
    const cases = entries
      .map(([from, to]) => `WHEN ${lit(from)} THEN ${to === null ? 'NULL' : lit(String(to))}`)
      .join(' ');
    mapped = entries.length > 0 ? `CASE ${raw} ${cases} ELSE ${fallback} END` : fallback;
    if (spec.default === undefined)
      unknown =
        entries.length > 0
          ? `NOT ${isOneOf(
              raw,
              entries.map(([k]) => k),
            )}`
          : 'TRUE';
  }
  // As the converter: a control character or a field over the size limit rejects the row (3), and
  // so does the one text read as nothing, the reader's null string.
  const unreadable = `(${raw} IS NULL OR length(${raw}) > ${FIELD_LIMIT} OR regexp_matches(${raw}, ${lit(CONTROL_RE2)}))`;
  return [
    `CASE WHEN ${unreadable} THEN 3 WHEN ${isNone} THEN 1 WHEN ${isSkip} THEN 2 WHEN ${unknown} THEN 3 ELSE 0 END AS k_${name}`,
    `CASE WHEN ${isNone} OR ${isSkip} THEN NULL ELSE ${mapped} END AS x_${name}`,
    ...(skip.length > 0 ? [`${raw} AS r_${name}`] : []),
  ];
}

/**
 * The second layer: each column field's typed value (`v_`: text, a number, or local milliseconds),
 * the offset written in a timestamp (`z_`, minutes), and whether the converter would reject it (`q_`).
 */
function valueLayer(plan: FieldPlan): { regex: string[]; value: string[]; check: string } {
  const { name, spec, type } = plan;
  const x = `x_${name}`;
  const present = `(k_${name} = 0 AND ${x} IS NOT NULL)`;
  switch (type) {
    case 'text':
      return { regex: [], value: [`${x} AS v_${name}`], check: `k_${name} = 3 AS q_${name}` };
    case 'number':
    case 'duration': {
      const factor = spec.unit === 'minutes' ? ' * 60' : spec.unit === 'hours' ? ' * 3600' : '';
      let value: string;
      if (spec.unit === 'h:mm:ss') {
        const m = `regexp_extract(trim(${x}), '^(-?)([0-9]+):([0-5][0-9]):([0-5][0-9](?:[.][0-9]+)?)$', ['sign', 'h', 'm', 's'])`;
        value = `CASE WHEN regexp_full_match(trim(${x}), '^-?[0-9]+:[0-5][0-9]:[0-5][0-9]([.][0-9]+)?$') THEN (CASE WHEN starts_with(trim(${x}), '-') THEN -1 ELSE 1 END) * (CAST(${m}.h AS DOUBLE) * 3600 + CAST(${m}.m AS DOUBLE) * 60 + CAST(${m}.s AS DOUBLE)) END`;
      } else {
        const text = `regexp_replace(trim(${x}), ',', '.')`;
        value = `CASE WHEN regexp_full_match(${text}, ${NUMBER}) THEN TRY_CAST(${text} AS DOUBLE)${factor} END`;
      }
      return {
        regex: [],
        value: [`CASE WHEN ${present} THEN ${value} END AS v_${name}`],
        check: `k_${name} = 3 OR (${present} AND (v_${name} IS NULL OR isinf(v_${name}))) AS q_${name}`,
      };
    }
    case 'date':
    case 'time':
    case 'timestamp': {
      const struct = `s_${name}`;
      const read = spec.format !== undefined ? formatParts(spec.format, struct) : defaultParts(type, struct);
      const { parts } = read;
      const pattern = lit(read.pattern);
      const date = `try(make_date(${parts.year}, ${parts.month}, ${parts.day}))`;
      const dayMs = `(epoch_ms(CAST(${date} AS TIMESTAMP)))`;
      const clockMs = `((((${parts.hour}) * 60 + (${parts.minute})) * 60 + (${parts.second})) * 1000 + (${parts.ms}))`;
      const clockValid = `(${parts.hour}) <= 23 AND (${parts.minute}) <= 59 AND (${parts.second}) <= 59`;
      // Date.UTC reads years 0–99 as 1900–1999: such rows go to the converter.
      const dateValid = `${date} IS NOT NULL AND (${parts.year}) >= 100`;
      let local: string;
      let valid: string;
      if (type === 'date') {
        local = dayMs;
        valid = dateValid;
      } else if (type === 'time') {
        local = clockMs;
        valid = clockValid;
      } else {
        local = `${dayMs} + ${clockMs}`;
        valid = `${dateValid} AND ${clockValid}`;
      }
      if (parts.epoch !== null) {
        local = parts.epoch;
        valid = 'TRUE';
      }
      const sure = parts.unsure === null ? 'TRUE' : `NOT (${parts.unsure})`;
      const ok = `${struct} IS NOT NULL AND ${sure} AND ${valid}`;
      const zone =
        parts.epoch !== null ? '0' : type === 'timestamp' && parts.offset !== null ? parts.offset : 'NULL';
      return {
        // Every pattern's first group is mandatory and never empty: an empty one means no match.
        regex: [
          `CASE WHEN ${present} THEN NULLIF(regexp_extract(${x}, ${pattern}, [${list(read.names)}]), ${emptyStruct(read.names)}) END AS ${struct}`,
        ],
        value: [
          `CASE WHEN ${ok} THEN CAST(${local} AS BIGINT) END AS v_${name}`,
          `CASE WHEN ${ok} THEN CAST(${zone} AS INTEGER) END AS z_${name}`,
        ],
        check: `k_${name} = 3 OR (${present} AND NOT COALESCE(${ok}, FALSE)) AS q_${name}`,
      };
    }
  }
}

/**
 * The converter's queue checks (`QUEUE_CHECKS`) over a staged row: the interval each looks at, from
 * the earliest event of each kind, and the condition under which it fails.
 */
function queueChecksSql(plan: ReturnType<typeof targetsPlan>, limits: PlausibleLimits) {
  const firstAt = (kind: string) => {
    const times = plan.events.map(
      (e, i) => `CASE WHEN e${i}_exists AND ${e.kind.sql} = ${lit(kind)} THEN ${e.at} END`,
    );
    return times.length > 0 ? `least(${times.join(', ')})` : 'CAST(NULL AS BIGINT)';
  };
  const pick = (kinds: readonly string[]) =>
    kinds.length === 1 ? firstAt(kinds[0] as string) : `COALESCE(${kinds.map(firstAt).join(', ')})`;
  return QUEUE_CHECKS.map((check) => {
    const interval = `(${pick(check.to)} - ${pick(check.from)})`;
    const fails = `${interval} ${check.detail === 'before' ? '<' : '>'} ${checkLimitMs(check, limits)}`;
    return { check, interval, fails };
  });
}

/** A local wall clock (milliseconds) as UTC milliseconds: a search tree over the zone's pieces. */
function utcSql(local: string, pieces: readonly LocalPiece[]): string {
  const leaf = (piece: LocalPiece) =>
    'instantMs' in piece ? `CAST(${piece.instantMs} AS BIGINT)` : `${local} - ${piece.offsetMs}`;
  const tree = (from: number, to: number): string => {
    if (from === to) return leaf(pieces[from] as LocalPiece);
    const mid = (from + to) >> 1;
    const until = (pieces[mid] as LocalPiece).untilLocalMs as number;
    return `CASE WHEN ${local} < ${until} THEN ${tree(from, mid)} ELSE ${tree(mid + 1, to)} END`;
  };
  return tree(0, pieces.length - 1);
}

// ---------------------------------------------------------------------------------------------
// Staging

async function firstRecord(path: string, delimiter: Mapping['delimiter']): Promise<string[] | null> {
  for await (const batch of readCsvRecords(path, delimiter)) {
    const item = batch[0];
    if (item) return item.fields ?? item.text.slice(item.start, item.end).split(delimiter);
  }
  return null;
}

/** Where the first of the files has a carriage return as text of a field, or null. */
async function carriageReturnInField(
  paths: readonly string[],
  delimiter: Mapping['delimiter'],
): Promise<string | null> {
  for (const path of paths) {
    try {
      for await (const batch of readCsvRecords(path, delimiter, undefined, true)) {
        const found = batch.find((item) => item.bareCr === 'inside');
        if (found) return `${basename(path)} line ${found.line} has a carriage return inside a field`;
      }
    } catch (error) {
      if (!(error instanceof RecordSyntaxError)) throw error;
    }
  }
  return null;
}

/** 1-based line numbers of the data records at the given 0-based positions of a file. */
async function linesOf(path: string, delimiter: Mapping['delimiter'], header: boolean, rows: number[]) {
  const wanted = new Set(rows);
  const last = Math.max(...rows);
  const lines = new Map<number, number>();
  let index = header ? -1 : 0;
  outer: for await (const batch of readCsvRecords(path, delimiter)) {
    for (const item of batch) {
      if (index >= 0 && wanted.has(index)) lines.set(index, item.line);
      index++;
      if (index > last) break outer;
    }
  }
  return lines;
}

function readerSql(path: string, mapping: Mapping, width: number): string {
  const columns = Array.from({ length: width }, (_, i) => `${lit(`c${i + 1}`)}: 'VARCHAR'`).join(', ');
  // No text means "empty": only the mapping's `none` turns a value into nothing.
  return `read_csv(${lit(path)}, header = false, skip = ${mapping.header ? 1 : 0}, auto_detect = false, delim = ${lit(mapping.delimiter)}, quote = '"', escape = '"', nullstr = '\u0001', columns = {${columns}})`;
}

function headerPositions(compiled: CompiledMapping, header: readonly string[] | null): Map<string, number> {
  const index = new Map<string, number>();
  if (header) {
    header.forEach((name, i) => {
      const key = name.trim();
      index.set(key, index.has(key) ? -1 : i);
    });
  }
  const positions = new Map<string, number>();
  for (const field of compiled.fields) {
    const column = (compiled.mapping.fields[field.name] as FieldSpec).column;
    if (column === undefined) continue;
    const position = typeof column === 'number' ? column - 1 : (index.get(column) ?? -1);
    if (position < 0) throw new Unsupported(`column ${String(column)} is missing or repeated`);
    positions.set(field.name, position);
  }
  return positions;
}

async function count(engine: DuckDbEngine, sql: string): Promise<number> {
  const rows = await engine.all(sql);
  return Number(rows[0]?.n ?? 0);
}

export async function dropMappedStages(engine: DuckDbEngine): Promise<void> {
  for (const stage of [
    STAGE_ROWS,
    STAGE_SINK,
    STAGE_KEPT,
    STAGE_WARNINGS,
    'mapped_contacts',
    'mapped_events',
  ])
    await engine.run(`DROP TABLE IF EXISTS ${stage}`);
}

/**
 * Stages the canonical rows of a `rows: "contact"` mapping in DuckDB, or says why the converter
 * must do it. On success the stages `mapped_contacts` and `mapped_events` hold the rows, typed and
 * keyed as the canonical import stages them.
 */
export async function stageMappedSql(
  engine: DuckDbEngine,
  paths: readonly string[],
  compiled: CompiledMapping,
  source: string,
): Promise<SqlStaging> {
  const unsupported = sqlUnsupported(compiled, paths);
  if (unsupported) return { ok: false, reason: unsupported };
  const { mapping } = compiled;
  const plan = targetsPlan(compiled);
  const fieldPlans = compiled.fields.map((f) => plan.plans.get(f.name) as FieldPlan);
  const columnFields = fieldPlans.filter((p) => p.spec.column !== undefined);
  await dropMappedStages(engine);
  try {
    // 1. Every row's fields, typed, with the row's fate: -i the converter would reject it at
    //    field i, +i field i skips it, 0 it goes on.
    const fileStarts: number[] = [];
    let rowsRead = 0;
    for (const [fileIndex, path] of paths.entries()) {
      const first = await firstRecord(path, mapping.delimiter);
      if (first === null) return { ok: false, reason: `${basename(path)} is empty` };
      const positions = headerPositions(compiled, mapping.header ? first : null);
      const text = columnFields.flatMap((p) =>
        textLayer(p, `c${(positions.get(p.name) as number) + 1}`, mapping.none),
      );
      const values = columnFields.map(valueLayer);
      const fate = fieldPlans
        .filter((p) => p.spec.column !== undefined)
        .flatMap((p) => {
          const i = fieldPlans.indexOf(p) + 1;
          return [`WHEN q_${p.name} THEN ${-i}`, `WHEN k_${p.name} = 2 THEN ${i}`];
        });
      const constants = fieldPlans
        .filter((p) => p.spec.const !== undefined)
        .map((p) => {
          const c = p.spec.const;
          return `${c === null ? 'CAST(NULL AS VARCHAR)' : lit(String(c))} AS v_${p.name}`;
        });
      const kept = [
        `${fileIndex} AS _file`,
        fate.length > 0 ? `CASE ${fate.join(' ')} ELSE 0 END AS _fate` : '0 AS _fate',
        ...columnFields.flatMap((p) => [
          `v_${p.name}`,
          ...(p.kind === 'time' ? [`z_${p.name}`] : []),
          ...(p.spec.skip ? [`r_${p.name}`] : []),
        ]),
        ...constants,
      ];
      const layers = [
        text,
        values.flatMap((v) => v.regex),
        values.flatMap((v) => v.value),
        values.map((v) => v.check),
      ];
      let from = readerSql(path, mapping, first.length);
      for (const columns of layers) from = `(SELECT *${columns.map((c) => `, ${c}`).join('')} FROM ${from})`;
      const select = `SELECT ${kept.join(', ')} FROM ${from}`;
      fileStarts.push(rowsRead);
      if (fileIndex === 0) await engine.run(`CREATE TEMP TABLE ${STAGE_ROWS} AS ${select}`);
      else await engine.run(`INSERT INTO ${STAGE_ROWS} ${select}`);
      rowsRead = await count(engine, `SELECT count(*) AS n FROM ${STAGE_ROWS}`);
    }
    const rejected = await count(engine, `SELECT count(*) AS n FROM ${STAGE_ROWS} WHERE _fate < 0`);
    if (rejected > 0) return { ok: false, reason: `${rejected} rows the converter rejects` };

    // 2. Times to UTC, in the order the fields depend on each other.
    const zone = compiled.timezone;
    let pieces: LocalPiece[] = [{ untilLocalMs: null, offsetMs: 0 }];
    const locals = fieldPlans.filter((p) => p.kind === 'time' && p.spec.column !== undefined);
    if (zone !== 'UTC' && zone !== 'Etc/UTC' && locals.length > 0) {
      const range = await engine.all(
        `SELECT ${locals.map((p) => `min(v_${p.name}) AS lo_${p.name}, max(v_${p.name}) AS hi_${p.name}`).join(', ')} FROM ${STAGE_ROWS} WHERE _fate = 0`,
      );
      const found = locals
        .flatMap((p) => [range[0]?.[`lo_${p.name}`], range[0]?.[`hi_${p.name}`]])
        .filter((v) => v !== null && v !== undefined)
        .map(Number);
      if (found.length > 0) {
        const lo = Math.min(0, ...found);
        const hi = Math.max(...found) + 2 * DAY_MS;
        pieces = localPieces(zone, Math.min(lo, Math.min(...found)), hi);
      }
    }
    const toUtc = (local: string) => utcSql(local, pieces);
    let layer = `SELECT rowid AS _order, * FROM ${STAGE_ROWS} WHERE _fate >= 0`;
    const odd: string[] = [];
    // Times `after` moved to the next day implausibly far, in the converter's order of fields.
    const moved: { when: string; message: string; gap: string }[] = [];
    for (const p of fieldPlans) {
      const spec = p.spec;
      const columnName = typeof spec.column === 'string' ? spec.column : `column ${spec.column}`;
      const afters = typeof spec.after === 'string' ? [spec.after] : (spec.after ?? []);
      const previous = afters.length > 0 ? `COALESCE(${afters.map((a) => `f_${a}`).join(', ')})` : null;
      let expr: string;
      if (spec.coalesce) {
        layer = `SELECT *, COALESCE(${spec.coalesce.map((f) => `f_${f}`).join(', ')}) AS f_${p.name} FROM (${layer})`;
        continue;
      }
      if (spec.join) {
        // || is NULL when a part is: a key with a part missing is no key, as in the converter.
        const joined = spec.join.map((f) => `f_${f}`).join(` || ${lit(spec.separator ?? '-')} || `);
        layer = `SELECT *, (${joined}) AS f_${p.name} FROM (${layer})`;
        continue;
      }
      if (spec.from !== undefined) {
        const term = spec.plus ?? spec.minus;
        const sign = spec.plus ? '+' : '-';
        expr = `f_${spec.from} ${sign} CAST(round(1000 * f_${term}) AS BIGINT)`;
        layer = `SELECT *, ${expr} AS f_${p.name} FROM (${layer})`;
        continue;
      }
      if (p.type === 'duration')
        odd.push(`WHEN f_${p.name} < 0 THEN ${lit(`${columnName}: negative duration`)}`);
      if (p.kind !== 'time' || p.type === 'date' || spec.const !== undefined) {
        layer = `SELECT *, v_${p.name} AS f_${p.name} FROM (${layer})`;
        continue;
      }
      const tolerance = 1000 * (spec.tolerance ?? DEFAULT_AFTER_TOLERANCE_S);
      if (p.type === 'timestamp') {
        expr = `CASE WHEN z_${p.name} IS NOT NULL THEN v_${p.name} - 60000 * z_${p.name} ELSE ${toUtc(`v_${p.name}`)} END`;
        layer = `SELECT *, ${expr} AS f_${p.name} FROM (${layer})`;
        if (previous)
          odd.push(
            `WHEN f_${p.name} < ${previous} - ${tolerance} THEN ${lit(`${columnName}: earlier than the time before it`)}`,
          );
        continue;
      }
      // A time of day on its date; earlier than the time it follows, it is on the next day.
      const date = `v_${spec.date}`;
      layer = `SELECT *, ${date} + v_${p.name} AS l_${p.name} FROM (${layer})`;
      layer = `SELECT *, ${toUtc(`l_${p.name}`)} AS u_${p.name} FROM (${layer})`;
      const nextDay = toUtc(`(l_${p.name} + ${DAY_MS})`);
      const earlier = `${previous} IS NOT NULL AND u_${p.name} < ${previous} - ${tolerance}`;
      expr = previous ? `CASE WHEN ${earlier} THEN ${nextDay} ELSE u_${p.name} END` : `u_${p.name}`;
      layer = `SELECT *, ${expr} AS f_${p.name} FROM (${layer})`;
      if (previous)
        moved.push({
          when: `${earlier} AND f_${p.name} - ${previous} > ${MOVE_LIMIT_MS}`,
          message: lit(movedMessage(columnName)),
          gap: `f_${p.name} - ${previous}`,
        });
    }
    const oddSql = odd.length > 0 ? `CASE ${odd.join(' ')} END` : 'CAST(NULL AS VARCHAR)';
    const movedSql = (part: 'message' | 'gap') =>
      moved.length > 0 ? `CASE ${moved.map((m) => `WHEN ${m.when} THEN ${m[part]}`).join(' ')} END` : 'NULL';
    const keep = [
      '_order',
      '_file',
      '_fate',
      ...fieldPlans.filter((p) => p.spec.skip).map((p) => `r_${p.name}`),
      ...fieldPlans.map((p) => `f_${p.name}`),
    ];
    const values = `SELECT ${keep.join(', ')}, ${oddSql} AS _odd, ${movedSql('message')} AS _moved, ${movedSql('gap')} AS _moved_gap FROM (${layer})`;
    return await sink(engine, compiled, plan, paths, fileStarts, rowsRead, source, values);
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    // DuckDB's reader refuses a carriage return inside a field of a file whose lines end in LF.
    const carriageReturn = await carriageReturnInField(paths, mapping.delimiter);
    if (carriageReturn) return { ok: false, reason: carriageReturn };
    // Whatever DuckDB's reader or the SQL refuses, the converter reads row by row and explains.
    return { ok: false, reason: (error as Error).message.split('\n', 1)[0] ?? 'DuckDB error' };
  }
}

function misfitSql(target: TargetPlan): string | null {
  if (target.time) return null;
  if (target.allowed) return `(${target.sql} IS NOT NULL AND NOT ${isOneOf(target.sql, target.allowed)})`;
  if (BOOLEAN_COLUMNS.has(target.column))
    return `(${target.sql} IS NOT NULL AND NOT ${isOneOf(`lower(${target.sql})`, ['true', 'false'])})`;
  return null;
}

/** A canonical text cell as it comes back from a CSV: an empty text is nothing. */
function cellSql(target: TargetPlan): string {
  if (target.time) return `make_timestamp(${target.sql} * 1000)`;
  if (BOOLEAN_COLUMNS.has(target.column)) return `lower(${target.sql}) = 'true'`;
  return `NULLIF(${target.sql}, '')`;
}

async function sink(
  engine: DuckDbEngine,
  compiled: CompiledMapping,
  plan: ReturnType<typeof targetsPlan>,
  paths: readonly string[],
  fileStarts: readonly number[],
  rowsRead: number,
  source: string,
  values: string,
): Promise<SqlStaging> {
  const { mapping } = compiled;
  const skipOdd = mapping.suspicious === 'skip';
  // 3. What the contact sink makes of every row that reaches it.
  const reject: string[] = [
    `${plan.externalId} IS NULL`,
    `NULLIF(${plan.externalId}, '') IS NULL`,
    `${plan.createdAt} IS NULL`,
  ];
  for (const t of plan.contactTargets) {
    const misfit = misfitSql(t);
    if (misfit) reject.push(misfit);
    // Required by the canonical contacts table.
    if (t.column === 'channel') reject.push(`${t.sql} IS NULL`);
  }
  const eventColumns: string[] = [];
  const early: string[] = [];
  plan.events.forEach((e, i) => {
    const kind = e.kind.sql;
    const applies = `(${e.when})`;
    const kindMisfit = misfitSql(e.kind);
    if (kindMisfit) reject.push(`(${applies} AND ${kindMisfit})`);
    const wanted = `(${applies} AND ${kind} IS NOT NULL AND NOT ${isOneOf(kind, ['ignore', 'created'])})`;
    if (e.rejectMissing) reject.push(`(${wanted} AND ${e.at} IS NULL)`);
    const exists = `(${wanted} AND ${e.at} IS NOT NULL)`;
    for (const t of e.targets) {
      const misfit = misfitSql(t);
      if (misfit) reject.push(`(${exists} AND ${misfit})`);
    }
    eventColumns.push(`${exists} AS e${i}_exists`);
    early.push(
      `WHEN ${exists} AND ${e.at} < ${plan.createdAt} THEN ${kind} || ' before the contact was created: row ${skipOdd ? 'skipped' : 'imported as is'}'`,
    );
  });
  const earlySql = early.length > 0 ? `CASE ${early.join(' ')} END` : 'CAST(NULL AS VARCHAR)';
  const reaches = `_fate = 0 AND ${skipOdd ? '_odd IS NULL' : 'TRUE'}`;
  await engine.run(
    `CREATE TEMP TABLE ${STAGE_SINK} AS SELECT *, ${reaches} AS _reaches, CASE WHEN ${reaches} THEN ${reject.map((r) => `(${r})`).join(' OR ')} ELSE FALSE END AS _reject, CASE WHEN ${reaches} THEN ${earlySql} END AS _early${eventColumns.map((c) => `, ${c}`).join('')} FROM (${values})`,
  );
  await engine.run(`DROP TABLE IF EXISTS ${STAGE_ROWS}`);
  const rejected = await count(engine, `SELECT count(*) AS n FROM ${STAGE_SINK} WHERE _reject`);
  if (rejected > 0) return { ok: false, reason: `${rejected} rows the contact sink rejects` };
  // The converter refuses a time outside the accepted range in the first field that holds one,
  // reading a row's fields in order up to the one that skips it.
  const outside = compiled.fields.flatMap((f, i) =>
    plan.plans.get(f.name)?.kind === 'time'
      ? [`((f_${f.name} < ${EARLIEST_MS} OR f_${f.name} > ${LATEST_MS}) AND (_fate = 0 OR _fate > ${i + 1}))`]
      : [],
  );
  if (outside.length > 0) {
    const out = await count(engine, `SELECT count(*) AS n FROM ${STAGE_SINK} WHERE ${outside.join(' OR ')}`);
    if (out > 0) return { ok: false, reason: `${out} rows with a time outside the accepted range` };
  }

  // 4. Warnings as the converter counts them: per file and message, first three lines.
  const skipMessages = [...plan.plans.values()].filter((p) => p.spec.skip);
  const fieldNumber = (name: string) => compiled.fields.findIndex((f) => f.name === name) + 1;
  const skipMessage =
    skipMessages.length > 0
      ? `CASE ${skipMessages.map((p) => `WHEN _fate = ${fieldNumber(p.name)} THEN ${lit(`${p.name} is '`)} || r_${p.name} || ''': row skipped'`).join(' ')} END`
      : 'NULL';
  // Every warning a row gets, ranked as the converter emits them for one row: a skip or an odd
  // value, a time moved a day, an event before the creation, then the queue checks in their order.
  const limits = plausibleLimits(mapping.plausible);
  const checks = queueChecksSql(plan, limits);
  const day = `strftime(make_timestamp(${plan.createdAt} * 1000), '%Y-%m-%d')`;
  const sources = [
    `SELECT _file, _order, 0 AS _rank, ${skipMessage} AS message, CAST(NULL AS VARCHAR) AS code, CAST(NULL AS VARCHAR) AS day, CAST(NULL AS BIGINT) AS detail FROM ${STAGE_SINK} WHERE _fate > 0`,
    `SELECT _file, _order, 0, _odd || ': row ${skipOdd ? 'skipped' : 'imported as is'}', ${lit(ODD_CODE)}, ${day}, NULL FROM ${STAGE_SINK} WHERE _fate = 0 AND _odd IS NOT NULL`,
    `SELECT _file, _order, 1, _moved, 'moved_to_next_day', ${day}, _moved_gap FROM ${STAGE_SINK} WHERE _reaches AND _moved IS NOT NULL`,
    `SELECT _file, _order, 2, _early, ${lit(ODD_CODE)}, ${day}, NULL FROM ${STAGE_SINK} WHERE _reaches AND _early IS NOT NULL`,
    ...checks.map(
      (c, k) =>
        `SELECT _file, _order, ${3 + k}, ${lit(c.check.message(limits, skipOdd))}, ${lit(c.check.code)}, ${day}, ${c.interval} FROM ${STAGE_SINK} WHERE _reaches AND ${c.fails}`,
    ),
  ];
  await engine.run(
    `CREATE TEMP TABLE ${STAGE_WARNINGS} AS SELECT * FROM (${sources.join(' UNION ALL ')}) WHERE message IS NOT NULL`,
  );
  const warned = await engine.all(
    `SELECT _file AS file, message, any_value(_rank) AS rank, any_value(code) AS code, count(*) AS n,
       min(_order * 64 + _rank) AS first, list({o: _order, d: detail} ORDER BY _order)[1:3] AS examples
     FROM ${STAGE_WARNINGS} GROUP BY _file, message ORDER BY first`,
  );
  const daysOf = new Map<string, [string, number][]>();
  for (const d of await engine.all(
    `SELECT _file AS file, message, day, count(*) AS n FROM ${STAGE_WARNINGS}
     WHERE code IS NOT NULL AND day IS NOT NULL GROUP BY _file, message, day ORDER BY day`,
  )) {
    const key = `${d.file}\u0000${d.message}`;
    daysOf.set(key, [...(daysOf.get(key) ?? []), [String(d.day), Number(d.n)]]);
  }
  await engine.run(`DROP TABLE ${STAGE_WARNINGS}`);
  type Example = { o: unknown; d: unknown };
  const warnings: MappedWarning[] = [];
  const examplesByFile = new Map<number, number[]>();
  for (const w of warned) {
    const file = Number(w.file);
    const rows = (w.examples as Example[]).map((e) => Number(e.o) - (fileStarts[file] as number));
    examplesByFile.set(file, [...(examplesByFile.get(file) ?? []), ...rows]);
  }
  const lines = new Map<number, Map<number, number>>();
  for (const [file, rows] of examplesByFile)
    lines.set(file, await linesOf(paths[file] as string, mapping.delimiter, mapping.header, rows));
  for (const w of warned) {
    const file = Number(w.file);
    const start = fileStarts[file] as number;
    const rank = Number(w.rank);
    const check = rank >= 3 ? checks[rank - 3]?.check : undefined;
    const example = (e: Example) => {
      const line = lines.get(file)?.get(Number(e.o) - start) ?? '?';
      if (rank === 1) return movedExample(line, Number(e.d));
      if (check) return checkExample(check, line, Number(e.d));
      return `line ${line}`;
    };
    const warning: MappedWarning = {
      file: basename(paths[file] as string),
      message: String(w.message),
      count: Number(w.n),
      examples: (w.examples as Example[]).map(example),
    };
    const days = daysOf.get(`${w.file}\u0000${w.message}`);
    if (w.code !== null && days !== undefined)
      warning.quality = { code: w.code as DataQualityCode, days: Object.fromEntries(days) };
    warnings.push(warning);
  }

  // 5. The canonical stages.
  const impossible = checks
    .filter((c) => c.check.impossible)
    .map((c) => ` AND NOT COALESCE(${c.fails}, FALSE)`);
  const included = `_reaches AND ${skipOdd ? `_early IS NULL${impossible.join('')}` : 'TRUE'}`;
  const events = plan.events.length + 2;
  const contactCells = new Map<string, string>([
    ['source', lit(source)],
    ['external_id', `NULLIF(${plan.externalId}, '')`],
    ['created_at', `make_timestamp(${plan.createdAt} * 1000)`],
  ]);
  for (const t of plan.contactTargets) contactCells.set(t.column, cellSql(t));
  const contactId = `NULLIF(${plan.externalId}, '')`;

  // 6. Rows of one contact id: merged when they agree; any conflict goes to the converter, which
  //    names both lines and the field (or keeps the first or last row, as `duplicates` says).
  const totals = await engine.all(
    `SELECT count(*) AS rows, count(DISTINCT ${contactId}) AS contacts FROM ${STAGE_SINK} WHERE ${included}`,
  );
  const converted = Number(totals[0]?.rows ?? 0);
  const contactCount = Number(totals[0]?.contacts ?? 0);
  let rowsOf = `${STAGE_SINK} WHERE ${included}`;
  if (contactCount < converted) {
    const signature = [
      ...contactCells.values(),
      ...plan.events.flatMap((e, i) => [
        `e${i}_exists`,
        ...[e.kind.sql, `make_timestamp(${e.at} * 1000)`, ...e.targets.map(cellSql)].map(
          (cell) => `CASE WHEN e${i}_exists THEN ${cell} END`,
        ),
      ]),
    ];
    const conflicts = await count(
      engine,
      `SELECT count(*) AS n FROM (SELECT _key FROM (SELECT DISTINCT ${contactId} AS _key, ${signature.join(', ')} FROM ${STAGE_SINK} WHERE ${included}) GROUP BY _key HAVING count(*) > 1)`,
    );
    if (conflicts > 0)
      return {
        ok: false,
        reason: `${conflicts} ${conflicts === 1 ? 'contact id repeats' : 'contact ids repeat'} with other values`,
      };
    const order = mapping.duplicates === 'last' ? '_order DESC' : '_order';
    await engine.run(
      `CREATE TEMP TABLE ${STAGE_KEPT} AS SELECT * FROM ${STAGE_SINK} WHERE ${included} QUALIFY row_number() OVER (PARTITION BY ${contactId} ORDER BY ${order}) = 1`,
    );
    rowsOf = STAGE_KEPT;
  }
  const contactRows = { converted, merged: converted - contactCount, conflicting: 0, contacts: contactCount };
  await engine.run(
    `CREATE TEMP TABLE mapped_contacts AS ${canonicalSelect('contacts', contactCells, `_order * ${events}`)} FROM ${rowsOf}`,
  );
  const eventSelects: string[] = [];
  if (plan.firstMessage) {
    const cells = new Map<string, string>([
      ['source', lit(source)],
      ['contact_external_id', contactId],
      ['kind', `'customer_message'`],
      ['occurred_at', `make_timestamp(${plan.createdAt} * 1000)`],
    ]);
    eventSelects.push(`${canonicalSelect('contact_events', cells, `_order * ${events} + 1`)} FROM ${rowsOf}`);
  }
  plan.events.forEach((e, i) => {
    const cells = new Map<string, string>([
      ['source', lit(source)],
      ['contact_external_id', contactId],
      ['kind', e.kind.sql],
      ['occurred_at', `make_timestamp(${e.at} * 1000)`],
    ]);
    for (const t of e.targets) cells.set(t.column, cellSql(t));
    eventSelects.push(
      `${canonicalSelect('contact_events', cells, `_order * ${events} + ${i + 2}`)} FROM ${rowsOf}${rowsOf === STAGE_KEPT ? ' WHERE' : ' AND'} e${i}_exists`,
    );
  });
  const emptyEvents = `${canonicalSelect('contact_events', new Map(), '0')} WHERE FALSE`;
  const eventsSql = eventSelects.length > 0 ? eventSelects.join(' UNION ALL ') : emptyEvents;
  const tables: StagedTable[] = [];
  const contacts = await count(engine, 'SELECT count(*) AS n FROM mapped_contacts');
  tables.push({ table: 'contacts', stage: 'mapped_contacts', rows: contacts, order: '_order' });
  // Events need no stage when no two of them can share a key: the contact ids are distinct (and
  // without the | that joins the parts of a derived event id) and every event kind is a distinct
  // constant. Then they go straight from the rows into the table.
  const kinds = [
    ...(plan.firstMessage ? ['customer_message'] : []),
    ...(mapping.events ?? []).map((e) => (typeof e.kind === 'string' ? null : String(e.kind.const))),
  ];
  const distinctKinds = !kinds.includes(null) && new Set(kinds).size === kinds.length;
  const repeated = distinctKinds
    ? await count(
        engine,
        `SELECT count(*) - count(DISTINCT ${contactId}) + count_if(contains(${contactId}, '|')) AS n FROM ${rowsOf}`,
      )
    : 1;
  if (repeated === 0) tables.push({ table: 'contact_events', select: eventsSql, order: '_order' });
  else {
    await engine.run(`CREATE TEMP TABLE mapped_events AS ${eventsSql}`);
    const rows = await count(engine, 'SELECT count(*) AS n FROM mapped_events');
    tables.push({ table: 'contact_events', stage: 'mapped_events', rows, order: '_order' });
  }
  return { ok: true, tables, rowsRead, warnings, contactRows };
}

/** A SELECT list of a canonical table's stage columns (typed, with derived columns) and an order. */
function canonicalSelect(table: CanonicalTableName, cells: Map<string, string>, order: string): string {
  const derived = derivedColumns(table, cells);
  const select = targetColumns(table).map(
    (name) => `${derived.get(name) ?? cells.get(name) ?? 'NULL'} AS ${name}`,
  );
  return `SELECT ${select.join(', ')}, ${order} AS _order`;
}
