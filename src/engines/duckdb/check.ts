import { quoteLiteral } from '../../core/dialect.js';
import { type CanonicalTableName, type ColumnSpec, type ColumnType, TABLES } from '../../core/schema.js';
import { EARLIEST_DATE, EARLIEST_YEAR, LATEST_DATE, LATEST_YEAR } from '../../core/time-range.js';
import { hasRowRule, type ImportFile } from '../../ingest/canonical.js';
import { BOOLEAN_FALSE, BOOLEAN_TRUE } from '../../ingest/fields.js';
import { FIELD_LIMIT, RECORD_LIMIT } from '../../ingest/records.js';
import { isOneOf, stageFile, VOUCHED } from './bulk.js';
import type { DuckDbEngine } from './engine.js';

/*
 * The checks of `src/ingest/fields.ts` as SQL over DuckDB's reader of the raw file, one pass on all
 * threads. Each predicate is true only for a value the JavaScript check certainly accepts: it may
 * doubt a good value (then the file is read record by record in JavaScript, which decides and names
 * the bad rows), never pass a bad one.
 */

/** The same characters as `CONTROL` in records.ts, in RE2's syntax. */
const CONTROL = '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\x{FEFF}]';

/**
 * `YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]][Z|±HH[[:]MM]]` with every part in its range and offsets up to
 * ±18:00, as `checkTimestampIn` accepts; the day of the month is checked by the date cast. Years
 * inside the accepted range only: at its edges an offset may take an instant out of it, which
 * JavaScript decides.
 */
const TIMESTAMP =
  '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])[T ]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-](0\\d|1[0-7])(:?[0-5]\\d)?|[+-]18(:?00)?)?';

let zones: string[] | undefined;
let currencies: string[] | undefined;

/** A SQL condition on the non-empty raw value `v`, true only when `fieldCheck(type)` accepts it. */
export function certainlyGood(type: ColumnType, v: string): string {
  const matches = (pattern: string) => `regexp_full_match(${v}, ${quoteLiteral(pattern)})`;
  switch (type.kind) {
    case 'text':
      // Vouched for by the record's length, at most a field's (`goodRecordSql`), and by the one
      // search for control characters in all text fields at once.
      return 'true';
    case 'enum':
      return isOneOf(v, type.values);
    case 'timestamp':
      return `${matches(TIMESTAMP)} AND TRY_CAST(substr(${v}, 1, 10) AS DATE) IS NOT NULL AND substr(${v}, 1, 4) BETWEEN '${EARLIEST_YEAR + 1}' AND '${LATEST_YEAR - 1}'`;
    case 'date':
      return `${matches('\\d{4}-\\d{2}-\\d{2}')} AND TRY_CAST(${v} AS DATE) IS NOT NULL AND ${v} BETWEEN '${EARLIEST_DATE}' AND '${LATEST_DATE}'`;
    case 'integer': {
      const n = `TRY_CAST(${v} AS BIGINT)`;
      const bounds = [
        `abs(${n}) <= 2147483647`,
        ...(type.min === undefined ? [] : [`${n} >= ${type.min}`]),
        ...(type.max === undefined ? [] : [`${n} <= ${type.max}`]),
      ];
      return `${matches('-?\\d{1,10}')} AND ${bounds.join(' AND ')}`;
    }
    case 'double': {
      const n = `TRY_CAST(${v} AS DOUBLE)`;
      const min = type.min === undefined ? '' : ` AND ${n} >= ${type.min}`;
      return `${matches('-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?')} AND isfinite(${n})${min}`;
    }
    case 'boolean':
      return `${matches('[A-Za-z0-9]{1,5}')} AND ${isOneOf(`lower(${v})`, [...BOOLEAN_TRUE, ...BOOLEAN_FALSE])}`;
    case 'timezone':
      zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC'];
      return isOneOf(v, zones);
    case 'currency':
      currencies ??= Intl.supportedValuesOf('currency');
      return `${matches('[A-Za-z]{3}')} AND ${isOneOf(`upper(${v})`, currencies)}`;
    case 'time':
      return 'false';
    default: {
      const unreachable: never = type;
      throw new Error(`unknown column type: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A field of the record as the checks read it: '' when empty or absent from the file. */
type Field = (name: string) => string;

/**
 * `ROW_CHECKS` of canonical.ts in SQL, for the large tables: true only for a row they pass, its
 * fields already vouched for one by one (so numbers read the same as JavaScript's `Number`).
 */
const ROW_RULES: Partial<Record<CanonicalTableName, (field: Field) => string>> = {
  survey_responses: (field) => {
    const empty = (name: string) => `${field(name)} = ''`;
    // `Number('')` is 0.
    const number = (name: string) => `COALESCE(TRY_CAST(NULLIF(${field(name)}, '') AS DOUBLE), 0)`;
    const [min, max, score] = [number('scale_min'), number('scale_max'), number('score')];
    const scoreless = `${min} = ${max} AND ${empty('score')} AND ${field('kind')} = 'custom'`;
    return [
      `(${empty('scale_min')} OR ${empty('scale_max')} OR ${min} < ${max} OR (${scoreless}))`,
      `(${empty('score')} OR (${score} >= ${min} AND ${score} <= ${max}))`,
      `(${empty('score')} OR NOT ${empty('responded_at')})`,
      `(NOT ${empty('score')} OR NOT ${empty('sent_at')} OR NOT ${empty('responded_at')})`,
    ].join(' AND ');
  },
};

/**
 * Whether the SQL checks can vouch for a table's files: its rules across fields, if any, are in
 * SQL too, and every type has a predicate (a time of day has none: its tables are small).
 */
export function checkableInSql(table: CanonicalTableName): boolean {
  return (
    (!hasRowRule(table) || ROW_RULES[table] !== undefined) &&
    TABLES[table].columns.every((c) => c.type.kind !== 'time')
  );
}

function fieldIsGood(column: ColumnSpec): string {
  const v = `s.${column.name}`;
  const empty = `${v} IS NULL OR ${v} = ''`;
  return column.required
    ? `NOT (${empty}) AND (${certainlyGood(column.type, v)})`
    : `${empty} OR (${certainlyGood(column.type, v)})`;
}

/**
 * A SQL condition, over the raw fields of a file's reader aliased `s`, true for a record every
 * check of `validateFile` certainly passes.
 */
export function goodRecordSql(table: CanonicalTableName, fileColumns: readonly string[]): string {
  const byName = new Map(TABLES[table].columns.map((c) => [c.name, c]));
  const present = fileColumns.map((name) => {
    const column = byName.get(name);
    if (column === undefined) throw new Error(`${name} is no column of ${table}`);
    return column;
  });
  if (TABLES[table].columns.some((c) => c.required && !fileColumns.includes(c.name))) return 'false';
  const fields = present.map((c) => `(${fieldIsGood(c)})`);
  // No field is longer than the record: a record of at most a field's limit needs no field's
  // length checked. A longer one, rare, is left to JavaScript.
  const length = present.map((c) => `COALESCE(strlen(s.${c.name}), 0)`).join(' + ');
  const texts = present.filter((c) => c.type.kind === 'text').map((c) => `s.${c.name}`);
  // One search of the fields joined: a regular expression per field cost twice as much (1.9 s
  // against 1.2 s over 8.3 million events), and joining makes no control character of others.
  const noControl =
    texts.length === 0 ? [] : [`NOT regexp_matches(concat(${texts.join(', ')}), ${quoteLiteral(CONTROL)})`];
  const field: Field = (name) => (fileColumns.includes(name) ? `COALESCE(s.${name}, '')` : "''");
  const rowRule = ROW_RULES[table];
  const rules = rowRule ? [rowRule(field)] : [];
  return `COALESCE(${[...fields, `${length} <= ${Math.min(FIELD_LIMIT, RECORD_LIMIT)}`, ...noControl, ...rules].join(' AND ')}, false)`;
}

export interface SqlCheck {
  /** Records read after the header. */
  rows: number;
  /** Records some check could not vouch for. */
  doubtful: number;
}

/**
 * Stages the file as `stageFile` does, checking every record in the same pass, and counts its
 * records and those a check doubts. Throws what the reader or a conversion throws on a file it
 * cannot read (the caller then reads it in JavaScript, which names the problem).
 */
export async function stageAndVouch(
  engine: DuckDbEngine,
  file: ImportFile,
  path: string,
  fileColumns: readonly string[],
  stage: string,
): Promise<SqlCheck> {
  const rows = await stageFile(
    engine,
    file,
    path,
    fileColumns,
    stage,
    goodRecordSql(file.table, fileColumns),
  );
  const [counted] = await engine.all(
    `SELECT count(*) FILTER (WHERE NOT ${VOUCHED}) AS doubtful FROM ${stage}`,
  );
  return { rows, doubtful: Number(counted?.doubtful ?? 0) };
}
