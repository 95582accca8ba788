import { quoteLiteral } from '../../core/dialect.js';
import type { Engine } from '../../core/engine.js';
import { type CanonicalTableName, type ColumnSpec, TABLES } from '../../core/schema.js';
import { EARLIEST_DATE, LATEST_DATE } from '../../core/time-range.js';
import type { ImportFile } from '../../ingest/canonical.js';
import { BOOLEAN_FALSE, BOOLEAN_TRUE } from '../../ingest/fields.js';
import type { DuckDbEngine } from './engine.js';

/** The stage table used when the caller names none. */
const STAGE = 'import_stage';

/** The longest list `isOneOf` searches value by value (32 values: 135 ms over 8 million). */
const LISTED_AT_MOST = 32;

/**
 * SQL: whether `value` is one of `values`, NULL for NULL, as `IN` is. Not written as `IN (…)`:
 * DuckDB rewrites an IN list of five or more values into a join, whose probe on several threads
 * gives the rows back out of the order it read them, and a stage's rowid is its file's line order
 * (the last row of a repeated key wins; events at the same time keep it). A short list is searched
 * value by value; a long one (time zones, currencies) is a cast to an ENUM of them, a look-up. Over
 * 8 million values that are all in the list: 16 values 70 ms listed, 114 ms cast; 600 values 920
 * ms listed, 93 ms cast.
 */
export function isOneOf(value: string, values: Iterable<string>): string {
  const unique = [...new Set(values)];
  const literals = unique.map(quoteLiteral).join(', ');
  if (unique.length <= LISTED_AT_MOST) return `list_contains([${literals}], ${value})`;
  return `CASE WHEN ${value} IS NOT NULL THEN TRY_CAST(${value} AS ENUM(${literals})) IS NOT NULL END`;
}

export function readerSql(path: string, file: ImportFile, columns: readonly string[]): string {
  const struct = `{${columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ')}}`;
  if (file.format.kind === 'ndjson') {
    return `read_json(${quoteLiteral(path)}, format = 'newline_delimited', columns = ${struct})`;
  }
  // A record the checks let through (fields of up to 1 MiB, records of up to 4 MiB characters)
  // is at most 12 MiB of UTF-8: a reader for lines of up to 16 MiB, with the default buffer.
  return `read_csv(${quoteLiteral(path)}, header = true, auto_detect = false, delim = ${quoteLiteral(file.format.delimiter)}, quote = '"', escape = '"', max_line_size = 16777216, buffer_size = 33554432, columns = ${struct})`;
}

function converted(column: ColumnSpec, present: ReadonlySet<string>): string {
  if (!present.has(column.name)) return 'NULL';
  const raw = `NULLIF(s.${column.name}, '')`;
  switch (column.type.kind) {
    case 'text':
    case 'enum':
    case 'time':
    case 'timezone':
      return raw;
    case 'currency':
      return `upper(${raw})`;
    case 'timestamp': {
      // The UTC wall clock of the instant. Same result as `AT TIME ZONE 'UTC'`, without its ICU
      // round trip per value (a value without an offset is read in the session zone, UTC, either way).
      // DuckDB's cast refuses a zone after minutes without seconds (`09:00Z`, `09:00+01:00`), which
      // the format allows: only values the plain cast refuses are given their seconds.
      const withSeconds = `substr(${raw}, 1, 16) || ':00' || substr(${raw}, 17)`;
      const instant = `COALESCE(TRY_CAST(${raw} AS TIMESTAMPTZ), CAST(${withSeconds} AS TIMESTAMPTZ))`;
      return `make_timestamp(epoch_us(${instant}))`;
    }
    case 'date':
      return `CAST(${raw} AS DATE)`;
    case 'integer':
      return `CAST(${raw} AS INTEGER)`;
    case 'double':
      return `CAST(${raw} AS DOUBLE)`;
    case 'boolean':
      return `CASE WHEN ${isOneOf(`lower(${raw})`, BOOLEAN_TRUE)} THEN TRUE WHEN ${isOneOf(`lower(${raw})`, BOOLEAN_FALSE)} THEN FALSE END`;
    default: {
      const unreachable: never = column.type;
      throw new Error(`unknown column type: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Defaults that depend on other fields of the row, and the derived contact key. */
export function derivedColumns(table: CanonicalTableName, value: Map<string, string>): Map<string, string> {
  const get = (name: string) => value.get(name) ?? 'NULL';
  switch (table) {
    case 'contacts':
      return new Map([['contact_key', `${get('source')} || '|' || ${get('external_id')}`]]);
    case 'contact_events': {
      const kind = get('kind');
      const actor = `COALESCE(${get('actor')}, CASE WHEN ${isOneOf(kind, ['customer_message', 'abandon', 'queue_enter'])} THEN 'customer' WHEN ${kind} = 'bot_message' THEN 'bot' WHEN ${isOneOf(kind, ['status_change', 'assignment', 'escalation', 'transfer'])} THEN 'system' ELSE 'agent' END)`;
      const identity = `concat_ws('|', ${get('contact_external_id')}, ${kind}, CAST(${get('occurred_at')} AS VARCHAR), ${actor}, ${get('agent_id')}, ${get('status')}, ${get('escalation_type')}, ${get('queue')})`;
      return new Map([
        ['actor', actor],
        [
          'public',
          `COALESCE(${get('public')}, CASE WHEN ${kind} = 'agent_reply' THEN TRUE WHEN ${kind} = 'internal_note' THEN FALSE END)`,
        ],
        ['external_id', `COALESCE(${get('external_id')}, 'derived:' || md5(${identity}))`],
        ['contact_key', `${get('source')} || '|' || ${get('contact_external_id')}`],
      ]);
    }
    case 'survey_responses':
      return new Map([
        ['contact_source', `COALESCE(${get('contact_source')}, ${get('source')})`],
        [
          'contact_key',
          `CASE WHEN ${get('contact_external_id')} IS NOT NULL THEN COALESCE(${get('contact_source')}, ${get('source')}) || '|' || ${get('contact_external_id')} END`,
        ],
      ]);
    default:
      return new Map();
  }
}

export function targetColumns(table: CanonicalTableName): string[] {
  const names = TABLES[table].columns.map((c) => c.name);
  return table === 'contacts' || table === 'contact_events' || table === 'survey_responses'
    ? [...names, 'contact_key']
    : names;
}

/** The column of a stage that says whether SQL vouches for its row (`stageFile`'s `vouch`). */
export const VOUCHED = '_vouched';

/** The rows of a file, converted to the canonical types, with the derived columns: a SELECT. */
function convertedSelect(
  file: ImportFile,
  path: string,
  fileColumns: readonly string[],
  vouch?: string,
): string {
  const spec = TABLES[file.table];
  const present = new Set(fileColumns);
  const base = new Map(spec.columns.map((c) => [c.name, converted(c, present)]));
  const derived = derivedColumns(file.table, base);
  const select = targetColumns(file.table).map(
    (name) => `${derived.get(name) ?? base.get(name) ?? 'NULL'} AS ${name}`,
  );
  if (vouch !== undefined) select.push(`${vouch} AS ${VOUCHED}`);
  return `SELECT ${select.join(', ')} FROM ${readerSql(path, file, fileColumns)} s`;
}

/**
 * Reads a validated file with DuckDB's parallel reader into a temporary stage table whose columns
 * are already converted to the canonical types; its rowid follows the file's order. Returns the
 * staged row count. `vouch`, a condition on the raw fields (`s.<column>`), is kept per row in a
 * column `VOUCHED`: the check and the load then read the file once.
 */
export async function stageFile(
  engine: DuckDbEngine,
  file: ImportFile,
  path: string,
  fileColumns: readonly string[],
  stage = STAGE,
  vouch?: string,
): Promise<number> {
  await engine.run(`DROP TABLE IF EXISTS ${stage}`);
  await engine.run(`CREATE TEMP TABLE ${stage} AS ${convertedSelect(file, path, fileColumns, vouch)}`);
  const rows = await engine.all(`SELECT count(*) AS n FROM ${stage}`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Stage rows whose contact is neither in the stage's own import nor in the database: their count
 * and the first `limit` distinct contact keys (`source|external_id`) they point at.
 */
export async function orphanContactIds(
  engine: Engine,
  table: CanonicalTableName,
  limit: number,
  stage = STAGE,
) {
  if (table !== 'contact_events' && table !== 'survey_responses') return { total: 0, keys: [] as string[] };
  const orphan = `FROM ${stage} s WHERE s.contact_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.contact_key = s.contact_key)`;
  const count = await engine.all(`SELECT count(*) AS n ${orphan}`);
  const total = Number(count[0]?.n ?? 0);
  if (total === 0) return { total, keys: [] as string[] };
  // The same first keys on every engine: PostgreSQL would sort by its database's collation.
  const key = engine.kind === 'postgres' ? 's.contact_key COLLATE "C"' : 's.contact_key';
  const keys = await engine.all(`SELECT DISTINCT ${key} AS k ${orphan} ORDER BY 1 LIMIT ${limit}`);
  return { total, keys: keys.map((r) => String(r.k)) };
}

/** Earliest and latest `created_at` of a contacts stage, as ISO 8601 UTC. */
export async function contactRange(
  engine: DuckDbEngine,
  stage = STAGE,
): Promise<{ from: string | null; to: string | null }> {
  const iso = (column: string) =>
    `CASE WHEN microsecond(${column}) % 1000000 = 0 THEN strftime(${column}, '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ') END`;
  const rows = await engine.all(
    `SELECT ${iso('min(created_at)')} AS lo, ${iso('max(created_at)')} AS hi FROM ${stage}`,
  );
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { from: text(rows[0]?.lo), to: text(rows[0]?.hi) };
}

export async function dropOrphans(engine: Engine, stage = STAGE): Promise<void> {
  await engine.run(
    `DELETE FROM ${stage} s WHERE s.contact_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.contact_key = s.contact_key)`,
  );
}

/**
 * Whether two rows of the stage may share a key (then the last of them must win). Groups by a
 * 64-bit hash of the key, cheaper than grouping by its text: equal keys always have equal hashes,
 * so no repeat is missed, and two keys that merely share a hash only send the file through the
 * de-duplicating insert it did not need.
 */
export async function hasDuplicateKeys(
  engine: DuckDbEngine,
  table: CanonicalTableName,
  stage = STAGE,
): Promise<boolean> {
  const key = TABLES[table].key.join(', ');
  const rows = await engine.all(
    `SELECT 1 AS x FROM ${stage} GROUP BY hash(${key}) HAVING count(*) > 1 LIMIT 1`,
  );
  return rows.length > 0;
}

/**
 * The ordinal the next event written takes: one past the largest stored. Read before an import
 * replaces any row, so its events follow every event stored before it.
 */
export async function nextEventSeq(engine: Engine): Promise<number> {
  const rows = await engine.all('SELECT COALESCE(max(seq), 0) + 1 AS next FROM contact_events');
  return Number(rows[0]?.next ?? 1);
}

/**
 * Inserts the rows of `rows` (a stage table or a subquery) into `table`, the last row of each key
 * only when `repeated`. `order` numbers the rows in source order (a stage's rowid follows its
 * file's lines); an event's `seq` is `firstSeq` plus that number, so events at the same time keep
 * the order of their files and lines however the insert is spread over threads.
 */
async function insertInSourceOrder(
  engine: DuckDbEngine,
  table: CanonicalTableName,
  rows: string,
  order: string,
  repeated: boolean,
  firstSeq: number,
): Promise<number> {
  const key = TABLES[table].key;
  const list = targetColumns(table).join(', ');
  const events = table === 'contact_events';
  // The position is taken in a subquery: DuckDB fails on a rowid selected next to a QUALIFY.
  const from = events ? `(SELECT *, ${order} AS _position FROM ${rows})` : rows;
  const position = events ? '_position' : order;
  // Numbering the rows of every key costs a third of the insert; only a stage with a repeated key needs it.
  const latest = repeated
    ? ` QUALIFY row_number() OVER (PARTITION BY ${key.join(', ')} ORDER BY ${position} DESC) = 1`
    : '';
  const into = events ? `${list}, seq` : list;
  const values = events ? `${list}, ${firstSeq} + _position` : list;
  return insertUnordered(engine, `INSERT INTO ${table} (${into}) SELECT ${values} FROM ${from}${latest}`);
}

/** Rows of a stage that repeat the key of an earlier row of it, and a few examples. */
export interface RepeatedKeys {
  /** Rows equal in every column to an earlier row with their key. */
  identical: number;
  /** Rows whose key an earlier row with other values has. */
  conflicting: number;
  /** For the first few keys with rows that differ, the 0-based positions (rowids) of their rows. */
  conflictExamples: number[][];
  identicalExamples: number[][];
}

/** How the rows of a stage that share a key differ (`hasDuplicateKeys` said some may). */
export async function repeatedKeys(
  engine: DuckDbEngine,
  table: CanonicalTableName,
  stage = STAGE,
  examples = 3,
): Promise<RepeatedKeys> {
  const key = TABLES[table].key.join(', ');
  const row = `row(${TABLES[table].columns.map((c) => c.name).join(', ')})`;
  const groups = `SELECT count(*) AS n, count(DISTINCT ${row}) AS d, list(rowid ORDER BY rowid) AS ids FROM ${stage} GROUP BY ${key} HAVING count(*) > 1`;
  const totals = await engine.all(
    `SELECT sum(n - d) AS identical, sum(d - 1) AS conflicting FROM (${groups})`,
  );
  const positions = async (where: string) =>
    (await engine.all(`SELECT ids FROM (${groups}) WHERE ${where} ORDER BY ids[1] LIMIT ${examples}`)).map(
      (r) => (r.ids as unknown[]).map(Number),
    );
  const identical = Number(totals[0]?.identical ?? 0);
  const conflicting = Number(totals[0]?.conflicting ?? 0);
  return {
    identical,
    conflicting,
    conflictExamples: conflicting > 0 ? await positions('d > 1') : [],
    identicalExamples: identical > 0 ? await positions('n > d') : [],
  };
}

/** A staged value outside the accepted range: the load stops before it is written. */
export class OutOfRangeValue extends Error {
  constructor(
    readonly table: CanonicalTableName,
    readonly column: string,
    readonly value: string,
  ) {
    super(`${table}.${column} ${value} is outside the accepted range ${EARLIEST_DATE} to ${LATEST_DATE}`);
  }
}

/**
 * The first timestamp or date column of a stage (table or subquery) holding a value outside the
 * accepted range, with its smallest or largest value; null when there is none. The checks refuse
 * such values with their line before anything is staged; this is the guarantee that none is ever
 * stored, whatever staged it. One pass over the stage, of its minima and maxima.
 */
export async function valueOutOfRange(
  engine: Engine,
  table: CanonicalTableName,
  stage: string,
): Promise<{ column: string; value: string } | null> {
  const columns = TABLES[table].columns.filter((c) => c.type.kind === 'timestamp' || c.type.kind === 'date');
  if (columns.length === 0) return null;
  // Cast, as a column the file does not have is staged as an untyped NULL.
  const typed = (c: ColumnSpec) => `CAST(${c.name} AS ${c.type.kind === 'date' ? 'DATE' : 'TIMESTAMP'})`;
  const bounds = columns.flatMap((c, i) => [
    `CAST(min(${typed(c)}) AS VARCHAR) AS lo_${i}`,
    `CAST(max(${typed(c)}) AS VARCHAR) AS hi_${i}`,
    `min(${typed(c)}) < ${earliestOf(c)} OR max(${typed(c)}) > ${latestOf(c)} AS out_${i}`,
  ]);
  const rows = await engine.all(`SELECT ${bounds.join(', ')} FROM ${stage}`);
  const row = rows[0] ?? {};
  for (const [i, c] of columns.entries()) {
    if (row[`out_${i}`] !== true) continue;
    const lo = String(row[`lo_${i}`]);
    return { column: c.name, value: lo < EARLIEST_DATE ? lo : String(row[`hi_${i}`]) };
  }
  return null;
}

function earliestOf(column: ColumnSpec): string {
  return column.type.kind === 'date' ? `DATE '${EARLIEST_DATE}'` : `TIMESTAMP '${EARLIEST_DATE} 00:00:00'`;
}

function latestOf(column: ColumnSpec): string {
  return column.type.kind === 'date' ? `DATE '${LATEST_DATE}'` : `TIMESTAMP '${LATEST_DATE} 23:59:59.999999'`;
}

/**
 * Replaces rows with the same key and inserts the rest; within one file the last row of a key
 * wins, by `order` (the stage's rowid unless the stage says otherwise), which also gives events
 * their ordinal. Runs inside the caller's transaction. Returns the number of rows written.
 * `duplicates` is what `hasDuplicateKeys` said of the stage, when the caller already asked.
 */
export async function upsertStage(
  engine: DuckDbEngine,
  table: CanonicalTableName,
  stage = STAGE,
  duplicates?: boolean,
  order = 'rowid',
): Promise<number> {
  const repeated = duplicates ?? (await hasDuplicateKeys(engine, table, stage));
  const firstSeq = await replaceStoredRows(engine, table, stage, repeated);
  return insertInSourceOrder(engine, table, stage, order, repeated, firstSeq);
}

/**
 * What every engine does before it inserts a stage: refuses a value outside the accepted range,
 * and deletes the stored rows whose keys the stage has. Returns the ordinal of the stage's first
 * event (read before any row is replaced, so its events follow every event stored before it).
 */
export async function replaceStoredRows(
  engine: Engine,
  table: CanonicalTableName,
  stage: string,
  repeated: boolean,
): Promise<number> {
  const outside = await valueOutOfRange(engine, table, stage);
  if (outside !== null) throw new OutOfRangeValue(table, outside.column, outside.value);
  const key = TABLES[table].key;
  const firstSeq = table === 'contact_events' ? await nextEventSeq(engine) : 0;
  // A first import finds the table empty: a DELETE would still join every stage key against it.
  const stored = await engine.all(`SELECT 1 AS x FROM ${table} LIMIT 1`);
  if (stored.length > 0) {
    const match = key.map((k) => `t.${k} IS NOT DISTINCT FROM s.${k}`).join(' AND ');
    const keys = repeated ? `(SELECT DISTINCT ${key.join(', ')} FROM ${stage})` : stage;
    await engine.run(`DELETE FROM ${table} t USING ${keys} s WHERE ${match}`);
  }
  return firstSeq;
}

/**
 * Runs an INSERT … SELECT with DuckDB free to write the rows in any order, on all its threads: a
 * canonical table is a set (every query orders what it reads), and keeping the order of the
 * stage would write on one thread. Returns the rows written.
 */
export async function insertUnordered(engine: DuckDbEngine, insert: string): Promise<number> {
  await engine.run('SET preserve_insertion_order = false');
  try {
    const inserted = await engine.connection.run(insert);
    return Number(inserted.rowsChanged);
  } finally {
    await engine.run('SET preserve_insertion_order = true');
  }
}

export async function dropStage(engine: Engine, stage = STAGE): Promise<void> {
  await engine.run(`DROP TABLE IF EXISTS ${stage}`);
}

function exported(column: ColumnSpec): string {
  switch (column.type.kind) {
    case 'timestamp':
      // Whole seconds unless the value has a fraction, always UTC with a Z.
      return `CASE WHEN ${column.name} IS NULL THEN NULL WHEN microsecond(${column.name}) % 1000000 = 0 THEN strftime(${column.name}, '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(${column.name}, '%Y-%m-%dT%H:%M:%S.%fZ') END`;
    case 'date':
      return `strftime(${column.name}, '%Y-%m-%d')`;
    case 'boolean':
      return `CASE WHEN ${column.name} THEN 'true' WHEN NOT ${column.name} THEN 'false' END`;
    case 'double':
      return `CASE WHEN ${column.name} = trunc(${column.name}) THEN CAST(CAST(${column.name} AS BIGINT) AS VARCHAR) ELSE CAST(${column.name} AS VARCHAR) END`;
    default:
      return `CAST(${column.name} AS VARCHAR)`;
  }
}

/**
 * Writes a canonical table as CSV in the import format, ordered by its key; events in the order
 * they were imported, so that importing the file again keeps the order of events at the same time.
 * Returns rows written.
 */
export async function exportTable(
  engine: DuckDbEngine,
  table: CanonicalTableName,
  path: string,
): Promise<number> {
  const spec = TABLES[table];
  const select = spec.columns.map((c) => `${exported(c)} AS ${c.name}`).join(', ');
  const order = table === 'contact_events' ? ['seq', ...spec.key] : spec.key;
  const result = await engine.connection.run(
    `COPY (SELECT ${select} FROM ${table} ORDER BY ${order.join(', ')}) TO ${quoteLiteral(path)} (FORMAT csv, HEADER true, QUOTE '"', ESCAPE '"')`,
  );
  return Number(result.rowsChanged);
}
