import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../core/engine.js';
import { CONTACT_KEY_TABLES, sqlType } from '../core/migrations.js';
import { err, ok, type Result } from '../core/result.js';
import { type CanonicalTableName, TABLES } from '../core/schema.js';
import {
  contactRange,
  dropOrphans,
  dropStage,
  hasDuplicateKeys,
  nextEventSeq,
  OutOfRangeValue,
  orphanContactIds,
  repeatedKeys,
  stageFile,
  upsertStage,
} from '../engines/duckdb/bulk.js';
import { checkableInSql, stageAndVouch } from '../engines/duckdb/check.js';
import { type DuckDbEngine, isDuckDb, openDuckDb } from '../engines/duckdb/engine.js';
import * as postgresBulk from '../engines/postgres/bulk.js';
import {
  csvLine,
  type FileCheck,
  type ImportError,
  type ImportFile,
  LineWriter,
  type RowProblem,
  resolveImportFiles,
  validateFile,
} from '../ingest/canonical.js';
import { plainCsvRecordCount, startsWithBom } from '../ingest/csv-structure.js';
import type { ReadProgress } from '../ingest/records.js';
import { rebuildBusinessFacts } from './business/facts.js';
import { runChecks } from './qa/checks.js';
import {
  type FactsChange,
  type RebuildSummary,
  rebuildFacts,
  rebuildTouchedFacts,
  type TouchedRows,
} from './rebuild.js';
import { analyseTexts } from './words/analyse.js';
import { makeWorkDir } from './work-dir.js';
import { rebuildWorkforceFacts } from './workforce/facts.js';

export interface ImportProgress {
  phase: 'check' | 'load' | 'rebuild';
  file: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export interface ImportOptions {
  /** Import the good rows and write the rejected ones, with their reasons, to `rejectsPath`. */
  skipBadRows?: boolean;
  rejectsPath?: string;
  /** Rebuild the derived facts afterwards (default true). */
  rebuild?: boolean;
  /**
   * Which facts the rebuild computes: those of the rows the import touched (default), or all of
   * them. An import that touches a large share of the contacts, or writes calendars, teams or
   * targets, rebuilds all of them either way.
   */
  rebuildScope?: 'touched' | 'all';
  /** Count the contacts whose facts the rebuild changed (costs a copy of the facts). */
  countChangedContacts?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Warn about rows that repeat a key within one file (default true). The import of a source
   * format turns it off: rows its conversion repeats are its own business.
   */
  reportRepeatedKeys?: boolean;
  /**
   * Writes what belongs with the rows (e.g. data-quality notices) in the import's own transaction;
   * given the creation times of the contacts imported, as in the summary.
   */
  alongside?: (contacts: { from: string | null; to: string | null }) => Promise<void>;
  /**
   * Runs the rebuild that follows the load (e.g. under a lock that keeps two rebuilds on different
   * connections of one database from deleting the same facts at once).
   */
  aroundRebuild?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * The clock the facts that stop at "now" are rebuilt with (the workforce facts): the server's
   * own, e.g. the demo's. The real time when not given.
   */
  now?: () => Date;
}

/**
 * The rows were imported (their transaction committed) but the rebuild of the facts that follows
 * failed: the facts are stale until the next rebuild. `summary` is the import's, without facts.
 */
export class FactsNotRebuilt extends Error {
  constructor(
    readonly summary: ImportSummary,
    readonly reason: unknown,
  ) {
    super(
      `imported, facts not rebuilt: ${(reason as Error)?.message ?? String(reason)}; run servicemeter rebuild`,
    );
  }
}

export interface ImportedFile {
  file: string;
  table: string;
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
}

/** Something imported as documented that the user should still know about. */
export interface ImportWarning {
  file: string;
  message: string;
  count: number;
  /** The first few places it happened, e.g. `lines 5 and 9`. */
  examples: string[];
}

export interface ImportSummary {
  files: ImportedFile[];
  /** Earliest and latest creation of the contacts imported (ISO 8601, UTC); null without contacts. */
  contactsFrom: string | null;
  contactsTo: string | null;
  rejectsPath: string | null;
  rejected: number;
  facts: RebuildSummary | null;
  warnings: ImportWarning[];
}

const REJECTS_HEADER = ['file', 'line', 'column', 'reason', 'record'];

/** Thrown inside the import transaction so it rolls back; turned into an ImportError outside. */
class OrphanRows extends Error {
  constructor(
    readonly file: ImportFile,
    readonly keys: string[],
    readonly total: number,
  ) {
    super('rows refer to contacts that do not exist');
  }
}

/**
 * Above this many contacts touched, and above this share of those stored, the import rebuilds all
 * facts: then that is as quick, and it keeps no list of keys.
 */
const TOUCHED_CONTACTS_LIMIT = 5_000;
const TOUCHED_SHARE_LIMIT = 0.1;

/** Tables whose rows only ever touch the facts of their own keys' contacts, survey rows or agents. */
const TOUCHING_TABLES: readonly CanonicalTableName[] = [
  'contacts',
  'contact_events',
  'survey_responses',
  'agents',
  'agent_status_events',
  'survey_invitations',
  'schedules',
];

/**
 * Tables the workforce facts are made from besides the calendars and teams (whose changes rebuild
 * every fact): an import writing one rebuilds the workforce facts after the others.
 */
const CONTACT_TABLES: readonly CanonicalTableName[] = ['contacts', 'contact_events'];

/**
 * Tables no contact or survey fact is made from: writing one rebuilds the business facts alone
 * (src/services/business/facts.ts), never the contact facts.
 */
const BUSINESS_TABLES: readonly CanonicalTableName[] = [
  'customers',
  'orders',
  'costs',
  'people',
  'paid_hours',
  'exchange_rates',
  'training_days',
];
/** Tables no fact is made from: benchmarks are read as they are stored. */
const FACTLESS_TABLES: readonly CanonicalTableName[] = ['benchmarks'];
/** Tables the business facts are made from: the business tables, the contacts and the agents' teams. */
const BUSINESS_INPUT_TABLES: readonly CanonicalTableName[] = [
  ...BUSINESS_TABLES,
  'contacts',
  'contact_events',
  'agents',
];
const WORKFORCE_INPUT_TABLES: readonly CanonicalTableName[] = [
  'schedules',
  'agent_status_events',
  'contact_events',
  'contacts',
  'agents',
];

/**
 * The rows an import writes, collected table by table before each is written: the keys written,
 * and the contacts of the events they replace (an event can move to another contact). Gives up —
 * the import then rebuilds all facts — when the import touches too much for that to pay.
 */
class TouchedKeys {
  readonly contacts = new Set<string>();
  readonly surveys = new Set<string>();
  readonly agents = new Set<string>();
  /** Every table written, touching facts or not. */
  readonly tables = new Set<CanonicalTableName>();
  /** Why all facts are to be rebuilt, or null. */
  everything: string | null = null;
  private limit: number | null = null;

  constructor(
    private readonly engine: Engine,
    scope: ImportOptions['rebuildScope'],
  ) {
    if (scope === 'all') this.everything = 'asked for';
  }

  /**
   * Notes what writing `rows` (a stage table or a subquery) into `table` touches. `order` numbers
   * the rows in source order, as the write reads it (an event's `seq` follows from it); `repeated`
   * says whether a key may repeat among them.
   */
  async add(table: CanonicalTableName, rows: string, order: string, repeated: boolean): Promise<void> {
    this.tables.add(table);
    if (this.everything !== null || BUSINESS_TABLES.includes(table) || FACTLESS_TABLES.includes(table))
      return;
    if (this.limit === null) {
      const [stored] = await this.engine.all(
        'SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM facts_state) AS rebuilt',
      );
      this.limit = Math.max(
        TOUCHED_CONTACTS_LIMIT,
        Math.ceil(Number(stored?.contacts ?? 0) * TOUCHED_SHARE_LIMIT),
      );
      if (Number(stored?.rebuilt ?? 0) === 0) this.everything = 'no facts yet';
    }
    if (this.everything !== null) return;
    if (!TOUCHING_TABLES.includes(table)) {
      // A helpdesk export re-sent with its calendars, or a review export synced again, changes
      // nothing: only a row that differs from the stored one makes every fact to be rebuilt. Rows
      // that change nothing are not a table written either (the workforce facts would then be
      // rebuilt over all time, not from the contacts imported on).
      if (await changesStoredRows(this.engine, table, rows)) this.everything = `${table} changed`;
      else this.tables.delete(table);
      return;
    }
    const keys = async (sql: string, into: Set<string>) => {
      const found = await this.engine.all(`${sql} LIMIT ${(this.limit ?? 0) + 1}`);
      for (const row of found) into.add(String(row.k));
      if (found.length > (this.limit ?? 0) || this.contacts.size > (this.limit ?? 0))
        this.everything = 'most contacts touched';
    };
    // Only rows that differ from the stored row of their key touch anything: an export imported
    // again, whole, rebuilds the few contacts that changed since, not every fact.
    switch (table) {
      case 'contacts':
        return keys(changedRows(table, rows, 'DISTINCT s.contact_key AS k'), this.contacts);
      case 'contact_events':
        return touchedByEvents(this.engine, rows, order, repeated, (sql) => keys(sql, this.contacts));
      case 'survey_responses':
        return keys(changedRows(table, rows, "DISTINCT s.source || '|' || s.external_id AS k"), this.surveys);
      case 'agents':
        return keys(changedRows(table, rows, 'DISTINCT s.id AS k'), this.agents);
      default:
        // Agent status changes, schedules and survey invitations feed no contact or survey facts
        // (a survey's response rate counts the rows of survey_responses); the workforce facts are
        // rebuilt apart (rebuildAfterLoad).
        return;
    }
  }

  rows(): TouchedRows {
    return { contacts: [...this.contacts], surveys: [...this.surveys], agents: [...this.agents] };
  }
}

/** The columns a write stores from its rows: the canonical ones and the derived contact key. */
function storedColumns(table: CanonicalTableName): { name: string; type: string }[] {
  const columns = TABLES[table].columns.map((c) => ({ name: c.name, type: sqlType(c.type) }));
  return (CONTACT_KEY_TABLES as readonly string[]).includes(table)
    ? [...columns, { name: 'contact_key', type: 'VARCHAR' }]
    : columns;
}

/**
 * How a row of `rows` (`s`) meets the stored row of its key (`t`, all NULL for a new row): `join`
 * the rows with their stored ones, `differs` true for a row that is new or differs. Values are
 * compared as the insert would store them; a key column that may be empty (a target for every
 * channel) as the write's DELETE compares it, a required one with `=`, which PostgreSQL can hash.
 */
function storedRowComparison(table: CanonicalTableName, rows: string): { join: string; differs: string } {
  const { key, columns } = TABLES[table];
  const optional = new Set(columns.filter((c) => !c.required).map((c) => c.name));
  const sameKey = key
    .map((k) => (optional.has(k) ? `t.${k} IS NOT DISTINCT FROM s.${k}` : `t.${k} = s.${k}`))
    .join(' AND ');
  const same = storedColumns(table)
    .map((c) => `CAST(s.${c.name} AS ${c.type}) IS NOT DISTINCT FROM t.${c.name}`)
    .join(' AND ');
  // Every key has a required column first: NULL there only for a row with no stored one.
  return {
    join: `${rows} s LEFT JOIN ${table} t ON ${sameKey}`,
    differs: `t.${key[0]} IS NULL OR NOT (${same})`,
  };
}

/** The rows of `rows` that are new or differ from the stored row of their key, as `SELECT ${select}`. */
function changedRows(table: CanonicalTableName, rows: string, select: string): string {
  const { join, differs } = storedRowComparison(table, rows);
  return `SELECT ${select} FROM ${join} WHERE ${differs}`;
}

/**
 * Gives `collect` the contacts whose facts writing the events `rows` may change, as a query of
 * `k`: those of the events that are new or differ from the stored ones, those of the stored events
 * such an event replaces (it may move to another contact), and those where events at the same
 * time would come in another order. Replacing an event gives it a new `seq` after every stored
 * one, and events at the same time are taken in `seq` order; an export imported again in the same
 * order keeps it.
 */
async function touchedByEvents(
  engine: Engine,
  rows: string,
  order: string,
  repeated: boolean,
  collect: (sql: string) => Promise<void>,
): Promise<void> {
  // A webhook batch or a sync brings new events: their contacts, without reading stored rows whole.
  const [stored] = await engine.all(
    `SELECT EXISTS (SELECT 1 FROM ${rows} s JOIN contact_events t ON t.source = s.source AND t.external_id = s.external_id) AS found`,
  );
  if (stored?.found === false) return collect(`SELECT DISTINCT contact_key AS k FROM ${rows} w`);
  // The events are joined to the stored ones once, for both the contacts touched and the order kept.
  const { join, differs } = storedRowComparison(
    'contact_events',
    `(SELECT *, ${order} AS _import_order FROM ${rows})`,
  );
  await engine.run('DROP TABLE IF EXISTS touched_event_rows');
  // Contacts only of the rows that differ: the few, when an export is imported again whole.
  await engine.run(
    `CREATE TEMP TABLE touched_event_rows AS
     SELECT differs, CASE WHEN differs THEN k END AS k, CASE WHEN differs THEN stored_k END AS stored_k, stored_seq, position
     FROM (SELECT ${differs} AS differs, s.contact_key AS k, t.contact_key AS stored_k, t.seq AS stored_seq,
       s._import_order AS position FROM ${join}) x`,
  );
  const either = 'CASE WHEN w.i = 1 THEN d.k ELSE d.stored_k END';
  const changed = `SELECT DISTINCT ${either} AS k FROM touched_event_rows d
    CROSS JOIN (VALUES (1), (2)) w(i) WHERE d.differs AND ${either} IS NOT NULL`;
  const inOrder = !repeated && (await keepsStoredOrder(engine));
  await collect(inOrder ? changed : `${changed} UNION ${await reorderedContacts(engine, rows, order)}`);
  // Dropped only once read: a failed statement ends the transaction, which takes the table along.
  await engine.run('DROP TABLE IF EXISTS touched_event_rows');
}

/**
 * The contacts of the stored events at the same time as one of `rows` whose order among them
 * writing `rows` changes, as a query of `contact_key`: each contact and second ranked before and
 * after.
 */
async function reorderedContacts(engine: Engine, rows: string, order: string): Promise<string> {
  const firstSeq = await nextEventSeq(engine);
  return `SELECT contact_key FROM (
      SELECT t.contact_key,
        row_number() OVER (PARTITION BY t.contact_key, t.occurred_at ORDER BY t.seq) AS rank_before,
        row_number() OVER (PARTITION BY t.contact_key, t.occurred_at ORDER BY COALESCE(r.seq, t.seq)) AS rank_after
      FROM contact_events t
      JOIN (SELECT DISTINCT contact_key, CAST(occurred_at AS TIMESTAMP) AS occurred_at FROM ${rows} w) g
        ON g.contact_key = t.contact_key AND g.occurred_at = t.occurred_at
      LEFT JOIN (SELECT source, external_id, ${firstSeq} + max(${order}) AS seq FROM ${rows} w GROUP BY source, external_id) r
        ON r.source = t.source AND r.external_id = t.external_id
    ) reordered WHERE rank_before <> rank_after`;
}

/**
 * Whether the events of `touched_event_rows` (no key twice) that change nothing keep their order
 * among the stored events at the same time, in every contact, known from two passes over whole
 * tables instead of ranking the events of each contact and second (7 of the 19 s that comparing a
 * whole export of a million contacts took). It holds when both are true:
 * - they come in the order of their stored seq: they then keep their order among themselves;
 * - every stored event from the earliest of theirs on is one of them: a stored event not sent
 *   again comes before them now, and will after they are replaced.
 * A contact with an event that is new or changed is touched anyway. False only says that the
 * order may change somewhere; the events of each contact and second are then compared.
 */
async function keepsStoredOrder(engine: Engine): Promise<boolean> {
  const [answer] = await engine.all(
    `SELECT
       (SELECT count(*) FROM (SELECT position, lag(position) OVER (ORDER BY stored_seq) AS previous
          FROM touched_event_rows WHERE NOT differs) x WHERE previous > position) AS inversions,
       (SELECT count(*) FROM contact_events
          WHERE seq >= (SELECT min(stored_seq) FROM touched_event_rows)) AS stored_since,
       (SELECT count(stored_seq) FROM touched_event_rows) AS sent_again`,
  );
  return Number(answer?.inversions) === 0 && Number(answer?.stored_since) === Number(answer?.sent_again);
}

/**
 * Whether writing `rows` into `table` would change what is stored: some row of theirs has no
 * stored row equal in every column. Stored rows are only ever replaced by key, never removed, so
 * rows that all equal stored ones leave the table as it was. Values are compared as the insert
 * would store them.
 */
async function changesStoredRows(engine: Engine, table: CanonicalTableName, rows: string): Promise<boolean> {
  const [answer] = await engine.all(`SELECT EXISTS (${changedRows(table, rows, '1')}) AS changed`);
  return answer?.changed !== false;
}

/**
 * Lines of `file` whose contact key is one of `keys`: the key is `source|contact_external_id`, with
 * a survey's contact_source in place of its source when given (as the stage computes it).
 */
async function locateOrphans(file: ImportFile, keys: ReadonlySet<string>, limit: number) {
  const found: { line: number; values: string[]; id: string }[] = [];
  let idColumn = -1;
  let sourceColumn = -1;
  let contactSourceColumn = -1;
  await validateFile(file, {
    onColumns: (columns) => {
      idColumn = columns.indexOf('contact_external_id');
      sourceColumn = columns.indexOf('source');
      contactSourceColumn = columns.indexOf('contact_source');
    },
    onGoodRecord: (values, line) => {
      const id = values[idColumn];
      if (found.length >= limit || id === undefined || id === '') return;
      const source = values[contactSourceColumn] || values[sourceColumn] || '';
      if (keys.has(`${source}|${id}`)) found.push({ line, values, id });
    },
  });
  return found;
}

/** Whether a file's last byte is a line feed; a gzipped file is not looked into (false). */
async function endsWithLineFeed(path: string): Promise<boolean> {
  if (path.toLowerCase().endsWith('.gz')) return false;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** A copy of a checked CSV file with its good records, written as RFC 4180 with LF line ends. */
async function writeCheckedCopy(file: ImportFile, path: string): Promise<void> {
  const copy = new LineWriter(path);
  await validateFile(file, {
    onColumns: (names) => copy.write(csvLine(names)),
    onGoodRecord: (values) => copy.write(csvLine(values)),
    afterBatch: () => copy.flush(),
  });
  await copy.close();
}

/** The lines of the good records of a file at the given 0-based positions among them. */
async function goodRecordLines(
  file: ImportFile,
  positions: ReadonlySet<number>,
): Promise<Map<number, number>> {
  const lines = new Map<number, number>();
  let index = 0;
  await validateFile(file, {
    onGoodRecord: (_values, line) => {
      if (positions.has(index)) lines.set(index, line);
      index++;
    },
  });
  return lines;
}

function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Rows of a staged file that repeat a key of an earlier row of the same file: the last of each key
 * is imported, as always, and the user is told, with the lines of a few of them.
 */
async function repeatedKeyWarnings(
  engine: DuckDbEngine,
  file: ImportFile,
  stage: string,
): Promise<ImportWarning[]> {
  const found = await repeatedKeys(engine, file.table, stage);
  const lines = await goodRecordLines(
    file,
    new Set([...found.conflictExamples, ...found.identicalExamples].flat()),
  );
  const where = (positions: number[]) =>
    `lines ${listed(positions.map((p) => String(lines.get(p) ?? `? (row ${p + 1})`)))}`;
  const key = TABLES[file.table].key.join(', ');
  const warnings: ImportWarning[] = [];
  if (found.conflicting > 0) {
    warnings.push({
      file: file.path,
      message: `rows repeat the key (${key}) of an earlier row of the file with other values; the last row of each key was imported`,
      count: found.conflicting,
      examples: found.conflictExamples.map(where),
    });
  }
  if (found.identical > 0) {
    warnings.push({
      file: file.path,
      message: 'rows repeat an earlier row of the file exactly; each was imported once',
      count: found.identical,
      examples: found.identicalExamples.map(where),
    });
  }
  return warnings;
}

/**
 * A value the load refused as outside the accepted range (`upsertStage`), as a refusal of the
 * import: the checks refuse such a value on its line before anything is staged, so this names
 * the file or stage, the table and the column, without a line (0).
 */
function outOfRangeRefusal(file: string, error: OutOfRangeValue): ImportError {
  return {
    kind: 'bad_rows',
    problems: [{ file, line: 0, column: error.column, reason: error.message }],
    total: 1,
  };
}

function orphanProblem(file: ImportFile, line: number, id: string): RowProblem {
  return {
    file: file.path,
    line,
    column: 'contact_external_id',
    reason: `no contact '${id}' in this import or the database (import its contacts file too)`,
  };
}

/** The outcome of queued database work: it never rejects, so nothing is left unhandled meanwhile. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Database work on the import's connection, one statement after the other, running on DuckDB's
 * threads while JavaScript checks the next records.
 */
class DatabaseQueue {
  private tail: Promise<unknown> = Promise.resolve();

  add<T>(work: () => Promise<T>): Promise<Settled<T>> {
    const settled = this.tail.then(work).then(
      (value): Settled<T> => ({ ok: true, value }),
      (error: unknown): Settled<T> => ({ ok: false, error }),
    );
    this.tail = settled;
    return settled;
  }

  /** Resolves once everything queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}

/**
 * Checks a plain CSV file in SQL while staging it (`stageAndVouch`), and scans its bytes to prove
 * that DuckDB's reader and the checks see the same records (`plainCsvRecordCount`). Returns the
 * file's check when both vouch for every record, the file then staged in `stage`; null when the
 * file must be read record by record in JavaScript (a doubtful value, a file DuckDB refuses,
 * quoting or line ends not plain, a compressed file, a table with rules across fields not in
 * SQL), which then decides and names what is bad.
 */
export async function checkedWithoutReading(
  stager: DuckDbEngine,
  file: ImportFile,
  stage: string,
  progress: ReadProgress = { bytesRead: 0 },
  afterChunk?: () => void,
  queue = new DatabaseQueue(),
): Promise<FileCheck | null> {
  if (file.format.kind !== 'csv' || /\.gz$/i.test(file.path) || !checkableInSql(file.table)) return null;
  const header = await validateFile(file, { headerOnly: true });
  if (header.problemCount > 0 || header.columns.length === 0) return null;
  const inSql = queue.add(() => stageAndVouch(stager, file, file.path, header.columns, stage));
  const records = await plainCsvRecordCount(
    file.path,
    file.format.delimiter,
    header.columns.length,
    progress,
    afterChunk,
  );
  const checked = await inSql;
  // An import stopped on purpose (the server stopping) stops here rather than read on.
  if (!checked.ok && /^INTERRUPT Error/.test((checked.error as Error)?.message ?? '')) throw checked.error;
  if (records === null || !checked.ok || checked.value.doubtful > 0 || checked.value.rows !== records)
    return null;
  return { ...header, rowsRead: records };
}

interface PlannedFile {
  check: FileCheck;
  /** The temporary table the file to load (the checked one, or its cleaned copy) is staged in. */
  stage: string;
  /** Once staged: whether a key repeats in the stage. Null when nothing was staged. */
  staged: Promise<Settled<boolean>> | null;
}

/**
 * Imports canonical files atomically: every file is checked completely before anything is
 * written, and all of them are written in one transaction. Rows with an existing key replace the
 * stored row, so importing the same or overlapping files again changes nothing.
 *
 * A plain CSV file is checked in SQL (`checkedWithoutReading`) and staged by DuckDB on all its
 * threads. Any other file, or one where SQL doubts a value, is read record by record in JavaScript
 * while DuckDB already reads it into a temporary stage table and looks for repeated keys there,
 * writing nothing to the database. Usually the checked file is the one loaded; when its cleaned
 * copy is (--skip-bad-rows, or NDJSON with a BOM), that replaces the stage.
 */
export async function importFiles(
  engine: Engine,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<Result<ImportSummary, ImportError>> {
  const resolved = await resolveImportFiles(paths);
  if (!resolved.ok) return resolved;
  const files = resolved.data;
  const workDir = await makeWorkDir('import');
  // DuckDB reads, converts and stages the files. A DuckDB database stages them itself; another
  // engine gets each stage copied into a temporary table of its own, once every file is checked.
  let scratch: DuckDbEngine | null = null;
  if (!isDuckDb(engine)) {
    try {
      scratch = await openDuckDb({ path: join(workDir, 'stage.duckdb') });
    } catch (error) {
      await rm(workDir, { recursive: true, force: true });
      throw error;
    }
  }
  const stager = scratch ?? (engine as DuckDbEngine);
  // The stages copied into the engine, when it is not the stager.
  const copied = scratch ? new Set<string>() : null;
  const rejectsPath = options.skipBadRows ? (options.rejectsPath ?? 'servicemeter-rejects.csv') : null;
  const rejects = rejectsPath ? new LineWriter(rejectsPath) : null;
  rejects?.write(csvLine(REJECTS_HEADER));
  let rejected = 0;
  const queue = new DatabaseQueue();
  const stages: string[] = [];
  const stageAndCheck = (file: ImportFile, path: string, columns: readonly string[], stage: string) =>
    queue.add(async () => {
      await stageFile(stager, file, path, columns, stage);
      return hasDuplicateKeys(stager, file.table, stage);
    });
  const dropStages = async () => {
    await queue.idle();
    for (const stage of stages.splice(0)) await dropStage(stager, stage);
    for (const stage of [...(copied ?? [])]) {
      await dropStage(engine, stage);
      copied?.delete(stage);
    }
  };

  try {
    const planned: PlannedFile[] = [];
    const problems: RowProblem[] = [];
    let problemTotal = 0;
    for (const [index, file] of files.entries()) {
      const totalBytes = (await stat(file.path)).size;
      const progress = { bytesRead: 0 };
      const cleanPath = join(workDir, `${index}.${file.format.kind === 'ndjson' ? 'ndjson' : 'csv'}`);
      // NDJSON with a BOM is loaded from the checked copy, which has none. So is NDJSON whose last
      // line has no line feed: DuckDB's reader then sometimes stages that line first, which would
      // put it first among events at the same time and let it lose to an earlier row of its key.
      const fromCopy =
        file.format.kind === 'ndjson' &&
        ((await startsWithBom(file.path)) || !(await endsWithLineFeed(file.path)));
      const stage = `import_stage_${index}`;
      stages.push(stage);
      const reportCheck = () =>
        options.onProgress?.({
          phase: 'check',
          file: file.path,
          bytesRead: progress.bytesRead,
          totalBytes,
          rows: 0,
        });
      if (!fromCopy && problemTotal === 0) {
        const vouched = await checkedWithoutReading(stager, file, stage, progress, reportCheck, queue);
        if (vouched !== null) {
          planned.push({
            check: vouched,
            stage,
            staged: queue.add(() => hasDuplicateKeys(stager, file.table, stage)),
          });
          continue;
        }
        progress.bytesRead = 0;
      }
      const clean = options.skipBadRows || fromCopy ? new LineWriter(cleanPath) : null;
      let staged: PlannedFile['staged'] = null;
      let columns: string[] = [];
      const check = await validateFile(file, {
        progress,
        onColumns: (names) => {
          columns = names;
          if (file.format.kind === 'csv') clean?.write(csvLine(names));
          // Once the import is refused, staging more is wasted work.
          if (!fromCopy && problemTotal === 0) staged = stageAndCheck(file, file.path, names, stage);
        },
        onGoodRecord: clean
          ? (values) => {
              clean.write(
                file.format.kind === 'csv'
                  ? csvLine(values)
                  : `${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i] === '' ? null : values[i]])))}\n`,
              );
            }
          : undefined,
        onBadRecord: rejects
          ? (line, values, rowProblems) => {
              rejected++;
              for (const p of rowProblems) {
                rejects.write(csvLine([p.file, String(line), p.column, p.reason, csvLine(values).trimEnd()]));
              }
            }
          : undefined,
        afterBatch: async () => {
          reportCheck();
          await clean?.flush();
          await rejects?.flush();
        },
      });
      await clean?.close();
      if (check.problemCount > 0 && (!options.skipBadRows || check.fatal)) {
        // The import is refused: what DuckDB is staging now will never be loaded.
        stager.connection.interrupt();
        problemTotal += check.problemCount;
        problems.push(...check.problems.slice(0, Math.max(0, 20 - problems.length)));
        continue;
      }
      // DuckDB's reader refuses a carriage return inside an unquoted field; the copy quotes it.
      const carriageReturns = check.carriageReturnsInFields > 0;
      if (
        problemTotal === 0 &&
        (fromCopy || carriageReturns || (options.skipBadRows === true && check.rowsRejected > 0))
      ) {
        if (clean === null) await writeCheckedCopy(file, cleanPath);
        // The checked copy of a CSV or TSV file is always comma-separated.
        const loadFile: ImportFile =
          file.format.kind === 'csv' ? { ...file, format: { kind: 'csv', delimiter: ',' } } : file;
        staged = stageAndCheck(loadFile, cleanPath, check.columns, stage);
      }
      planned.push({ check, stage, staged });
    }
    // The connection runs one statement at a time: staging must be over before the transaction.
    await queue.idle();
    if (problemTotal > 0) return err({ kind: 'bad_rows', problems, total: problemTotal });
    // DuckDB's reader refuses some files the checks read as RFC 4180 allows (lines ending now in
    // LF, now in CRLF): such a file is loaded from its checked copy.
    for (const [index, plannedFile] of planned.entries()) {
      const { check, stage, staged } = plannedFile;
      if (staged === null || check.file.format.kind !== 'csv' || (await staged).ok) continue;
      const copy = join(workDir, `${index}-reread.csv`);
      await writeCheckedCopy(check.file, copy);
      const loadFile: ImportFile = { ...check.file, format: { kind: 'csv', delimiter: ',' } };
      plannedFile.staged = stageAndCheck(loadFile, copy, check.columns, stage);
    }
    await queue.idle();
    const warnings: ImportWarning[] = [];
    if (options.reportRepeatedKeys !== false) {
      for (const { check, stage, staged } of planned) {
        const repeated = staged === null ? null : await staged;
        if (repeated?.ok && repeated.value)
          warnings.push(...(await repeatedKeyWarnings(stager, check.file, stage)));
      }
    }

    const imported: ImportedFile[] = [];
    let contactsFrom: string | null = null;
    let contactsTo: string | null = null;
    const touched = new TouchedKeys(engine, options.rebuildScope);
    // The file being loaded, named when the load refuses one of its values.
    const loading: { path: string | null } = { path: null };
    try {
      await engine.transaction(async () => {
        for (const { check, stage, staged } of planned) {
          const file = check.file;
          loading.path = file.path;
          options.onProgress?.({
            phase: 'load',
            file: file.path,
            bytesRead: 0,
            totalBytes: 0,
            rows: check.rowsRead,
          });
          if (check.rowsRead - check.rowsRejected === 0) {
            imported.push({
              file: file.path,
              table: file.table,
              rowsRead: check.rowsRead,
              rowsImported: 0,
              rowsRejected: check.rowsRejected,
            });
            continue;
          }
          if (staged === null) throw new Error(`${file.path} was checked but not staged`);
          const stagedFile = await staged;
          if (!stagedFile.ok) throw stagedFile.error;
          if (copied) {
            copied.add(stage);
            await postgresBulk.copyStage(stager, engine, file.table, stage);
          }
          const orphans = await orphanContactIds(
            engine,
            file.table,
            options.skipBadRows ? 1_000_000 : 20,
            stage,
          );
          let orphanRows = 0;
          if (orphans.total > 0) {
            if (!options.skipBadRows) throw new OrphanRows(file, orphans.keys, orphans.total);
            const located = await locateOrphans(file, new Set(orphans.keys), orphans.total);
            for (const o of located) {
              const p = orphanProblem(file, o.line, o.id);
              rejects?.write(
                csvLine([p.file, String(o.line), p.column, p.reason, csvLine(o.values).trimEnd()]),
              );
            }
            orphanRows = orphans.total;
            rejected += orphanRows;
            await dropOrphans(engine, stage);
          }
          if (file.table === 'contacts') {
            const range = copied
              ? await postgresBulk.contactRange(engine, stage)
              : await contactRange(stager, stage);
            if (range.from !== null && (contactsFrom === null || range.from < contactsFrom))
              contactsFrom = range.from;
            if (range.to !== null && (contactsTo === null || range.to > contactsTo)) contactsTo = range.to;
          }
          await touched.add(file.table, stage, copied ? postgresBulk.POSITION : 'rowid', stagedFile.value);
          const rowsImported = copied
            ? await postgresBulk.upsertStage(engine, file.table, stage, stagedFile.value)
            : await upsertStage(stager, file.table, stage, stagedFile.value);
          imported.push({
            file: file.path,
            table: file.table,
            rowsRead: check.rowsRead,
            rowsImported,
            rowsRejected: check.rowsRejected + orphanRows,
          });
          await engine.run('INSERT INTO import_log VALUES (CURRENT_TIMESTAMP, $1, $2, $3, $4, $5)', [
            file.path,
            file.table,
            check.rowsRead,
            rowsImported,
            check.rowsRejected + orphanRows,
          ]);
        }
        await options.alongside?.({ from: contactsFrom, to: contactsTo });
      });
    } catch (error) {
      if (error instanceof OutOfRangeValue && loading.path !== null) {
        await dropStages();
        return err(outOfRangeRefusal(loading.path, error));
      }
      if (!(error instanceof OrphanRows)) throw error;
      await dropStages();
      const located = await locateOrphans(error.file, new Set(error.keys), 20);
      return err({
        kind: 'bad_rows',
        problems: located.map((o) => orphanProblem(error.file, o.line, o.id)),
        total: error.total,
      });
    }
    // Before the rebuild, which needs the memory.
    await dropStages();
    await analyzeWrittenTables(engine, imported);
    const summary = { files: imported, contactsFrom, contactsTo, rejectsPath, rejected, warnings };
    const facts = await rebuildAfterLoad(engine, options, touched, summary);
    return ok({ ...summary, facts });
  } finally {
    await dropStages().catch(() => undefined);
    await scratch?.close().catch(() => undefined);
    await rejects?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * On PostgreSQL, refreshes the statistics of the tables an import changed by a tenth or more, as
 * autovacuum would a while later: the rebuild right after it would otherwise be planned as if the
 * tables were nearly empty, and a nested loop over two large tables takes minutes. A small import
 * into a large table changes nothing the planner needs.
 */
async function analyzeWrittenTables(engine: Engine, imported: readonly ImportedFile[]): Promise<void> {
  if (engine.kind !== 'postgres') return;
  const written = new Map<string, number>();
  for (const file of imported) written.set(file.table, (written.get(file.table) ?? 0) + file.rowsImported);
  const tables = [...written].filter(([, rows]) => rows > 0).map(([table]) => table);
  if (tables.length === 0) return;
  // reltuples is -1 for a table never analyzed.
  const estimated = await engine.all(
    `SELECT relname AS table_name, reltuples AS row_estimate FROM pg_class
     WHERE relnamespace = current_schema()::regnamespace AND relname IN (${tables.map((_, i) => engine.dialect.placeholder(i + 1)).join(', ')})`,
    tables,
  );
  const estimates = new Map(estimated.map((r) => [String(r.table_name), Number(r.row_estimate)]));
  const stale = tables.filter((table) => {
    const estimate = estimates.get(table) ?? -1;
    return estimate < 0 || (written.get(table) ?? 0) >= estimate / 10;
  });
  if (stale.length > 0) await engine.run(`ANALYZE ${stale.join(', ')}`);
}

/**
 * The rebuild that follows a load, after the load committed: DuckDB reads a transaction's own
 * uncommitted rows many times slower, and the rebuild leaves out a contact it cannot handle rather
 * than failing. Should it fail all the same, the rows stay and the facts are stale until the next
 * rebuild (the data status says so); the error goes to the caller. Null when the caller asked for
 * no rebuild.
 */
async function rebuildAfterLoad(
  engine: Engine,
  options: ImportOptions,
  touched: TouchedKeys,
  imported: Omit<ImportSummary, 'facts'>,
): Promise<RebuildSummary | null> {
  if (options.rebuild === false) return null;
  options.onProgress?.({ phase: 'rebuild', file: '', bytesRead: 0, totalBytes: 0, rows: 0 });
  const rebuildOptions = { countChangedContacts: options.countChangedContacts ?? false };
  const contacts = { from: imported.contactsFrom, to: imported.contactsTo };
  const rebuild = async () => {
    if (touched.everything !== null) return rebuildFacts(engine, rebuildOptions);
    const summary = await rebuildTouchedFacts(engine, touched.rows(), rebuildOptions);
    // What `alongside` wrote (data-quality notices) is about the days of the contacts imported.
    return options.alongside ? { ...summary, change: withDays(summary.change, contacts) } : summary;
  };
  let summary: RebuildSummary;
  try {
    summary = await (options.aroundRebuild ? options.aroundRebuild(rebuild) : rebuild());
  } catch (error) {
    throw new FactsNotRebuilt({ ...imported, facts: null }, error);
  }
  // The automatic quality checks read the facts (the first-response target): after the rebuild,
  // on the contacts it rebuilt.
  const scope = touched.everything !== null ? 'all' : { contactKeys: touched.rows().contacts };
  const check = () => runChecks(engine, scope, new Date());
  await (options.aroundRebuild ? options.aroundRebuild(check) : check());
  // The customers' words in the comments and messages imported are read as they arrive.
  const texts =
    touched.everything !== null
      ? 'new'
      : { contactKeys: touched.rows().contacts, surveyKeys: touched.rows().surveys };
  const read = () => analyseTexts(engine, texts, options.now?.() ?? new Date());
  await (options.aroundRebuild ? options.aroundRebuild(read) : read());
  // A full rebuild has rebuilt the workforce facts already.
  if (touched.everything === null && WORKFORCE_INPUT_TABLES.some((t) => touched.tables.has(t))) {
    // Contacts and their events alone change only the handling from the earliest of them on (a
    // day's margin for a call answered the evening before): a live server's small imports rewrite
    // that stretch, not every fact.
    const contactsOnly = [...touched.tables].every((t) => CONTACT_TABLES.includes(t));
    const from =
      contactsOnly && imported.contactsFrom !== null
        ? new Date(Date.parse(imported.contactsFrom) - 86_400_000)
        : undefined;
    const now = options.now?.() ?? new Date();
    const workforce = () => rebuildWorkforceFacts(engine, now, { from });
    await (options.aroundRebuild ? options.aroundRebuild(workforce) : workforce());
  }
  // A full rebuild has rebuilt the business facts already.
  if (touched.everything === null && BUSINESS_INPUT_TABLES.some((t) => touched.tables.has(t))) {
    const now = options.now?.() ?? new Date();
    const business = () => rebuildBusinessFacts(engine, now);
    await (options.aroundRebuild ? options.aroundRebuild(business) : business());
  }
  return summary;
}

/** `change` with the whole UTC days from `range.from` to `range.to` added to its days. */
function withDays(change: FactsChange, range: { from: string | null; to: string | null }): FactsChange {
  if (range.from === null || range.to === null) return change;
  const dayStart = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  const from = Math.min(
    dayStart(range.from),
    change.days ? Date.parse(change.days.from) : Number.POSITIVE_INFINITY,
  );
  const to = Math.max(dayStart(range.to) + 86_400_000, change.days ? Date.parse(change.days.to) : 0);
  return { ...change, days: { from: new Date(from).toISOString(), to: new Date(to).toISOString() } };
}

/**
 * Rows typed and keyed as `stageFile` stages a file: in a temporary stage table, or given by a
 * query whose rows never share a key (no stage, no search for repeated keys).
 */
export type StagedRows = {
  /** What the summary and the import log call it, e.g. `csv output contacts`. */
  label: string;
  table: CanonicalTableName;
  /**
   * The column that numbers the rows in the order the format emitted them: the last row of a
   * repeated key wins, and events at the same time keep this order.
   */
  order: string;
} & ({ stage: string; rows: number } | { select: string });

/**
 * Loads stage tables a source format filled itself (`mapping-sql.ts`) in one transaction, as
 * `importFiles` loads checked files: rows with an existing key replace the stored ones, then the
 * facts are rebuilt. The stages are dropped afterwards, whatever happens. The format stages the
 * contact of every event it stages, so there is no search for events without their contact.
 */
export async function importStaged(
  engine: DuckDbEngine,
  staged: readonly StagedRows[],
  options: ImportOptions = {},
): Promise<Result<ImportSummary, ImportError>> {
  const imported: ImportedFile[] = [];
  let contactsFrom: string | null = null;
  let contactsTo: string | null = null;
  const touched = new TouchedKeys(engine, options.rebuildScope);
  const loading: { label: string | null } = { label: null };
  try {
    await engine.transaction(async () => {
      for (const s of staged) {
        loading.label = s.label;
        const rows = 'stage' in s ? s.rows : 0;
        options.onProgress?.({ phase: 'load', file: s.label, bytesRead: 0, totalBytes: 0, rows });
        let rowsImported: number;
        if ('stage' in s) {
          if (s.table === 'contacts') {
            const range = await contactRange(engine, s.stage);
            contactsFrom = range.from;
            contactsTo = range.to;
          }
          const duplicates = await hasDuplicateKeys(engine, s.table, s.stage);
          await touched.add(s.table, s.stage, s.order, duplicates);
          rowsImported = await upsertStage(engine, s.table, s.stage, duplicates, s.order);
        } else {
          await touched.add(s.table, `(${s.select})`, s.order, false);
          rowsImported = await upsertStage(engine, s.table, `(${s.select})`, false, s.order);
        }
        const rowsRead = 'stage' in s ? s.rows : rowsImported;
        imported.push({ file: s.label, table: s.table, rowsRead, rowsImported, rowsRejected: 0 });
        await engine.run('INSERT INTO import_log VALUES (CURRENT_TIMESTAMP, $1, $2, $3, $4, $5)', [
          s.label,
          s.table,
          rowsRead,
          rowsImported,
          0,
        ]);
      }
      await options.alongside?.({ from: contactsFrom, to: contactsTo });
    });
  } catch (error) {
    if (error instanceof OutOfRangeValue && loading.label !== null)
      return err(outOfRangeRefusal(loading.label, error));
    throw error;
  } finally {
    for (const s of staged) if ('stage' in s) await dropStage(engine, s.stage);
  }
  const summary = { files: imported, contactsFrom, contactsTo, rejectsPath: null, rejected: 0, warnings: [] };
  const facts = await rebuildAfterLoad(engine, options, touched, summary);
  return ok({ ...summary, facts });
}
