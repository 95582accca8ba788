import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteLiteral } from '../core/dialect.js';
import type { Engine } from '../core/engine.js';
import { LATEST_SCHEMA_VERSION, viewStatements } from '../core/migrations.js';
import { err, ok, type Result } from '../core/result.js';
import type { ClickHouseEngine } from '../engines/clickhouse/engine.js';
import { type DuckDbEngine, duckDbOf, openDuckDb } from '../engines/duckdb/engine.js';
import { isPostgresServer, type PostgresEngine } from '../engines/postgres/engine.js';
import type { MigrateError, MigrateOptions, MigrateSummary, TableCopy } from './migrate-to.js';
import { kpiFingerprint } from './migrate-to.js';
import { copyTableOut, openPostgresSnapshot, typedCsvSelect } from './postgres-copy.js';

/**
 * The tables ClickHouse holds: everything the indicators and their notices are computed from — the
 * canonical tables an import writes (contacts, events, surveys, reviews, schedules, orders, …), the
 * facts the rebuild derives, the settings and logs the KPI answers read. What runs the product and
 * what is personal stays in the DuckDB file or on PostgreSQL: people's accounts, sessions, tokens
 * and audit trail, jobs, webhooks, alerts, reports, dashboards, and the reviewers' work in progress.
 */
function isAnalyticsTable(table: string): boolean {
  return !OPERATIONAL_TABLES.includes(table);
}

const OPERATIONAL_TABLES: readonly string[] = [
  'users',
  'sessions',
  'api_tokens',
  'audit_log',
  'jobs',
  'job_runs',
  'webhook_sources',
  'webhook_events',
  'queue_log_follows',
  'sync_state',
  'quarantine',
  'dashboards',
  'saved_views',
  'notification_reads',
  'alert_rules',
  'alert_states',
  'alert_events',
  'reports',
  'report_recipients',
  'report_deliveries',
  'qa_drafts',
  'qa_assignments',
  'qa_coaching_sessions',
  'qa_goals',
];

/** A DuckDB column type as ClickHouse stores it; every column may be NULL, as in the file. */
function clickhouseType(duckdbType: string): string {
  const type = duckdbType.toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  const base = decimal
    ? `Decimal(${decimal[1]}, ${decimal[2]})`
    : (
        {
          VARCHAR: 'String',
          DOUBLE: 'Float64',
          FLOAT: 'Float32',
          BIGINT: 'Int64',
          INTEGER: 'Int32',
          SMALLINT: 'Int16',
          TINYINT: 'Int8',
          HUGEINT: 'Int128',
          UBIGINT: 'UInt64',
          BOOLEAN: 'Bool',
          TIMESTAMP: "DateTime64(6, 'UTC')",
          DATE: 'Date32',
        } as Record<string, string>
      )[type];
  if (base === undefined) throw new Error(`no ClickHouse type for the DuckDB type ${duckdbType}`);
  return `Nullable(${base})`;
}

interface TableShape {
  table: string;
  columns: { name: string; type: string }[];
}

/** Where the analytical tables are read from: a DuckDB file, or a PostgreSQL server's database. */
export type AnalyticsSource = DuckDbEngine | PostgresEngine;

/**
 * The engine itself when its tables can be read on a connection of its own, in one snapshot (a
 * ClickHouse copy, a backup); null on another engine (PGlite, a wrapper).
 */
export function analyticsSourceOf(engine: Engine): AnalyticsSource | null {
  return duckDbOf(engine) ?? (isPostgresServer(engine) ? engine : null);
}

/**
 * A PostgreSQL column type as the DuckDB type of the same column (the migrations give both engines
 * the same tables), so that one mapping to ClickHouse serves both sources.
 */
function duckDbTypeOfPostgres(type: string, precision: unknown, scale: unknown): string {
  if (type === 'numeric' && precision != null) return `DECIMAL(${Number(precision)},${Number(scale ?? 0)})`;
  const known = (
    {
      text: 'VARCHAR',
      'character varying': 'VARCHAR',
      'double precision': 'DOUBLE',
      real: 'FLOAT',
      bigint: 'BIGINT',
      integer: 'INTEGER',
      smallint: 'SMALLINT',
      boolean: 'BOOLEAN',
      'timestamp without time zone': 'TIMESTAMP',
      date: 'DATE',
    } as Record<string, string>
  )[type];
  if (known === undefined) throw new Error(`no ClickHouse type for the PostgreSQL type ${type}`);
  return known;
}

async function analyticsTables(from: AnalyticsSource): Promise<TableShape[]> {
  const onPostgres = from.kind === 'postgres';
  const rows = await from.all(
    `SELECT c.table_name, c.column_name, c.data_type${onPostgres ? ', c.numeric_precision, c.numeric_scale' : ''}
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE t.table_type = 'BASE TABLE' AND t.table_schema = ${onPostgres ? 'current_schema()' : "'main'"}
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, TableShape>();
  for (const row of rows) {
    const table = String(row.table_name);
    if (!isAnalyticsTable(table)) continue;
    const shape = tables.get(table) ?? { table, columns: [] };
    const type = String(row.data_type);
    shape.columns.push({
      name: String(row.column_name),
      type: onPostgres ? duckDbTypeOfPostgres(type, row.numeric_precision, row.numeric_scale) : type,
    });
    tables.set(table, shape);
  }
  return [...tables.values()];
}

/**
 * The rows of a large table are spread over the cluster by contact and kept sorted by it, so that
 * the facts of one contact are read together; a table without a contact has no order worth keeping.
 */
function sortingKey(shape: TableShape): string {
  return shape.columns.some((c) => c.name === 'contact_key') ? "ifNull(contact_key, '')" : 'tuple()';
}

function createTable(shape: TableShape): string {
  const columns = shape.columns.map((c) => `${c.name} ${clickhouseType(c.type)}`).join(', ');
  // The block columns let a correction (UPDATE) rewrite a few rows in place, as the other engines do.
  return `CREATE TABLE ${shape.table} (${columns}) ENGINE = MergeTree ORDER BY ${sortingKey(shape)} SETTINGS enable_block_number_column = 1, enable_block_offset_column = 1`;
}

/**
 * ClickHouse runs a correlated EXISTS only in simple shapes: the views' look-ups of another table
 * are written as IN over the looked-up keys there, which ask the same (the keys compared are never
 * NULL, except a calibration session's, which the COALESCE keeps in as NOT EXISTS does).
 */
const CLICKHOUSE_VIEW_REWRITES: readonly (readonly [string, string, string])[] = [
  [
    'qa_review_facts',
    'EXISTS (SELECT 1 FROM qa_disputes d WHERE d.review_source = r.source AND d.review_external_id = r.external_id)',
    '(r.source, r.external_id) IN (SELECT review_source, review_external_id FROM qa_disputes)',
  ],
  [
    'qa_calibration_pair_facts',
    "NOT EXISTS (SELECT 1 FROM qa_calibration_sessions s WHERE s.id = a.calibration_session_id AND s.status = 'open')",
    "COALESCE(a.calibration_session_id, '') NOT IN (SELECT id FROM qa_calibration_sessions WHERE status = 'open' AND id IS NOT NULL)",
  ],
  // Both tables joined have a contact_key: ClickHouse would name the column f.contact_key.
  [
    'qa_check_facts',
    'SELECT f.contact_key, f.created_at',
    'SELECT f.contact_key AS contact_key, f.created_at',
  ],
  // ClickHouse joins in the order written: the join that only keeps DuckDB's order is left out.
  ['qa_check_facts', 'LEFT JOIN (SELECT 1 AS one) contact_first ON TRUE\n', ''],
];

/** The views as ClickHouse creates them; a rewrite whose text a view no longer holds is an error. */
export function clickhouseViews(): { view: string; sql: string }[] {
  const views = viewStatements();
  for (const [name, from, to] of CLICKHOUSE_VIEW_REWRITES) {
    const view = views.find((v) => v.view === name);
    if (!view?.sql.includes(from))
      throw new Error(
        `the view ${name} no longer reads "${from.slice(0, 60)}…": update its ClickHouse rewrite`,
      );
    view.sql = view.sql.replace(from, to);
  }
  return views;
}

async function existingTables(
  to: ClickHouseEngine,
): Promise<{ table: string; rows: number; view: boolean }[]> {
  const rows = await to.all(
    `SELECT name, engine, total_rows FROM system.tables WHERE database = currentDatabase() ORDER BY name`,
  );
  return rows.map((r) => ({
    table: String(r.name),
    rows: Number(r.total_rows ?? 0),
    view: String(r.engine) === 'View',
  }));
}

/** What `migrateToClickHouse` may be asked beside the PostgreSQL copy's options. */
export type ClickHouseCopyOptions = MigrateOptions & {
  /**
   * Compare the KPI fingerprints (default). Left out only where every answer is compared anyway:
   * the contract tests copy a fixture for each test and compare each number they read, and the
   * server's background copies, which are made of facts the file answers from meanwhile.
   */
  fingerprint?: boolean;
};

/**
 * Copies the analytical tables of a DuckDB file or a PostgreSQL database into a ClickHouse database
 * and verifies the copy as the PostgreSQL copy does: row counts, and the KPI fingerprint computed by
 * each engine. ClickHouse has no transactions: a copy is made where nobody reads it and undone by
 * dropping what it created when it fails. Replacing a copy, the new one is made in a database beside it (`<name>_next`),
 * verified there, and then each table exchanged for its new copy: until then the old copy stays as
 * it was, and a failed replacement leaves it so.
 */
export async function migrateToClickHouse(
  from: AnalyticsSource,
  to: ClickHouseEngine,
  options: ClickHouseCopyOptions = {},
): Promise<Result<MigrateSummary, MigrateError>> {
  const held = await existingTables(to);
  if (held.length === 0) return copyInto(from, to, options);
  if (!options.replace)
    return err({ kind: 'target_not_empty', tables: held.map(({ table, rows }) => ({ table, rows })) });
  const staging = await to.sibling(`${to.database}_next`);
  try {
    // What a replacement that stopped half-way left there.
    for (const t of await existingTables(staging))
      await staging.run(`${t.view ? 'DROP VIEW' : 'DROP TABLE'} IF EXISTS ${t.table}`);
    const copied = await copyInto(from, staging, options);
    if (!copied.ok) return copied;
    await exchange(
      to,
      staging,
      held,
      copied.data.tables.map((t) => t.table),
    );
    return ok({ ...copied.data, replacedRows: held.reduce((sum, t) => sum + t.rows, 0) });
  } finally {
    await staging.run(`DROP DATABASE IF EXISTS ${staging.database}`).catch(() => undefined);
    await staging.close();
  }
}

/**
 * Each table of the new copy takes the place of the old one (`EXCHANGE TABLES`, atomic per table);
 * the views read them by name, and are written again as this servicemeter writes them: a copy made
 * before a migration rewrote a view (migration 19's quality views) is read through the new one. A
 * table the new copy no longer has is dropped.
 */
async function exchange(
  to: ClickHouseEngine,
  staging: ClickHouseEngine,
  held: readonly { table: string; view: boolean }[],
  tables: readonly string[],
): Promise<void> {
  const present = new Set(held.map((t) => t.table));
  for (const table of tables)
    await to.run(
      present.has(table)
        ? `EXCHANGE TABLES ${to.database}.${table} AND ${staging.database}.${table}`
        : `RENAME TABLE ${staging.database}.${table} TO ${to.database}.${table}`,
    );
  for (const view of clickhouseViews())
    await to.run(view.sql.replace(/^\s*CREATE\s+VIEW\b/i, 'CREATE OR REPLACE VIEW'));
  for (const old of held)
    if (!old.view && !tables.includes(old.table)) await to.run(`DROP TABLE IF EXISTS ${old.table}`);
}

/** The copy into an empty database, verified; what it created is dropped when it fails. */
async function copyInto(
  from: AnalyticsSource,
  to: ClickHouseEngine,
  options: ClickHouseCopyOptions,
): Promise<Result<MigrateSummary, MigrateError>> {
  const started = performance.now();
  const views = clickhouseViews();

  const created: string[] = [];
  const undo = async () => {
    for (const view of views) await to.run(`DROP VIEW IF EXISTS ${view.view}`).catch(() => undefined);
    for (const table of created) await to.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
  };

  // A connection of its own in one transaction: every table, and the KPI answers compared, are read
  // from one snapshot of the database, and a serving database's own connection is never used here.
  const snapshot = await openSnapshot(from);
  const folder = await mkdtemp(join(tmpdir(), 'servicemeter-clickhouse-copy-'));
  const parquet = parquetWriter(snapshot, folder);
  try {
    const tables = await analyticsTables(snapshot);
    for (const shape of tables) {
      const failure = await (async () => {
        await to.run(createTable(shape));
        created.push(shape.table);
        await copyRows(parquet, to, shape, folder, options.onProgress);
      })().then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      if (failure !== null) {
        await undo();
        return err({ kind: 'copy_failed', table: shape.table, detail: failure });
      }
    }
    for (const view of views) {
      const failure = await to.run(view.sql).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      if (failure !== null) {
        await undo();
        return err({ kind: 'copy_failed', table: view.view, detail: failure });
      }
    }

    const names = tables.map((t) => t.table);
    const counts = async (engine: Engine) =>
      new Map(
        (
          await engine.all(
            names.map((t) => `SELECT '${t}' AS table_name, count(*) AS n FROM ${t}`).join(' UNION ALL '),
          )
        ).map((r) => [String(r.table_name), Number(r.n)]),
      );
    const sourceCounts = await counts(snapshot);
    const targetCounts = await counts(to);
    const copies: TableCopy[] = names.map((table) => ({
      table,
      rows: sourceCounts.get(table) ?? 0,
      targetRows: targetCounts.get(table) ?? 0,
    }));
    const fingerprints = { source: '', target: '' };
    if (options.fingerprint !== false) {
      const source = await kpiFingerprint(snapshot);
      if (!source.ok) {
        await undo();
        return err({ kind: 'fingerprint_failed', database: 'source', detail: source.error });
      }
      const target = await kpiFingerprint(to);
      if (!target.ok) {
        await undo();
        return err({ kind: 'fingerprint_failed', database: 'target', detail: target.error });
      }
      fingerprints.source = source.data;
      fingerprints.target = target.data;
    }
    if (copies.some((c) => c.rows !== c.targetRows) || fingerprints.source !== fingerprints.target) {
      await undo();
      return err({ kind: 'not_verified', tables: copies, fingerprints });
    }
    return ok({
      tables: copies,
      rows: copies.reduce((sum, c) => sum + c.rows, 0),
      fingerprint: fingerprints.source,
      schemaVersion: LATEST_SCHEMA_VERSION,
      replacedRows: 0,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    await undo();
    throw error;
  } finally {
    await snapshot.run('ROLLBACK').catch(() => undefined);
    await snapshot.close();
    await parquet.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Another connection to the source, in a transaction that reads one snapshot of it. */
async function openSnapshot(from: AnalyticsSource): Promise<AnalyticsSource> {
  if (from.kind === 'postgres') return openPostgresSnapshot(from);
  const snapshot = await from.openWriter();
  try {
    await snapshot.run('BEGIN TRANSACTION');
    return snapshot;
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

/** Writes a table of the snapshot into a Parquet file; returns its rows. */
interface ParquetWriter {
  write(shape: TableShape, file: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A DuckDB file's tables are written by DuckDB itself. PostgreSQL's leave as CSV through COPY (see
 * ./postgres-copy.ts) and a DuckDB in memory, opened at the first table, types them into Parquet.
 */
function parquetWriter(snapshot: AnalyticsSource, folder: string): ParquetWriter {
  if (snapshot.kind === 'duckdb')
    return {
      async write(shape, file) {
        const columns = shape.columns.map((c) => c.name).join(', ');
        const written = await snapshot.connection.run(
          `COPY (SELECT ${columns} FROM ${shape.table}) TO ${quoteLiteral(file)} (FORMAT parquet)`,
        );
        return Number(written.rowsChanged);
      },
      close: async () => undefined,
    };
  let bridge: DuckDbEngine | null = null;
  return {
    async write(shape, file) {
      const csv = join(folder, `${shape.table}.csv`);
      try {
        const rows = await copyTableOut(snapshot, shape.table, shape.columns, csv);
        bridge ??= await openDuckDb({ path: ':memory:', threads: 1, memoryLimit: '512MB' });
        await bridge.run(
          `COPY (${typedCsvSelect(csv, shape.columns)}) TO ${quoteLiteral(file)} (FORMAT parquet)`,
        );
        return rows;
      } finally {
        await rm(csv, { force: true });
      }
    },
    close: async () => {
      await bridge?.close();
    },
  };
}

/**
 * One table through a Parquet file, which ClickHouse reads in (chDB from the file, a server as a
 * stream over HTTP). Typed columns travel as they are, tens of times faster than rows of JSON, and
 * a timestamp keeps its microseconds.
 */
async function copyRows(
  parquet: ParquetWriter,
  to: ClickHouseEngine,
  shape: TableShape,
  folder: string,
  onProgress: MigrateOptions['onProgress'],
): Promise<void> {
  const file = join(folder, `${shape.table}.parquet`);
  try {
    const rows = await parquet.write(shape, file);
    await to.insertParquet(
      shape.table,
      shape.columns.map((c) => c.name),
      file,
    );
    onProgress?.({ table: shape.table, rows });
  } finally {
    await rm(file, { force: true });
  }
}
