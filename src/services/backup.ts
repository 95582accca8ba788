/**
 * A copy of the database taken while it is in use. Copying the file itself is not safe while a
 * process has it open: DuckDB writes committed changes to `<db>.wal` first and moves them into the
 * file at a checkpoint, which may run in the middle of the copy. Instead the database is copied by
 * DuckDB (`COPY FROM DATABASE`) into a new file, inside one transaction: the copy is what was
 * committed when it started, complete, and opens like any database file. Writers go on meanwhile.
 *
 * A PostgreSQL server's database is backed up into the same kind of file: every table read in one
 * snapshot and verified, a file that `serve` opens as it is and `migrate-to` moves back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, Reader } from '../core/engine.js';
import { LATEST_SCHEMA_VERSION } from '../core/migrations.js';
import { err, ok, type Result } from '../core/result.js';
import { type DuckDbEngine, isDuckDb, openDuckDb } from '../engines/duckdb/engine.js';
import { isPostgresServer, type PostgresEngine } from '../engines/postgres/engine.js';
import { migrate } from './migrate.js';
import { emptyDatabase, kpiFingerprint, schemaVersion } from './migrate-to.js';
import { copyTableOut, openPostgresSnapshot, type TypedColumn, typedCsvSelect } from './postgres-copy.js';

export type BackupError =
  | { kind: 'exists'; path: string }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'failed'; path: string; reason: string };

export interface BackupSummary {
  path: string;
  bytes: number;
}

function quoteText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Writes a consistent copy of the open DuckDB database to `target` (a new file), on a connection of
 * its own so that the requests waiting for the shared one do not wait for the copy. The copy is
 * written beside the target and renamed into place when complete.
 */
export async function backupDatabase(
  engine: Engine,
  target: string,
): Promise<Result<BackupSummary, BackupError>> {
  if (isPostgresServer(engine)) return backupPostgres(engine, target);
  if (!isDuckDb(engine)) {
    return err({
      kind: 'unsupported',
      reason: 'only a DuckDB database file or a PostgreSQL server’s database can be backed up this way',
    });
  }
  if (await stat(target).catch(() => null)) return err({ kind: 'exists', path: target });
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const alias = `backup_${randomBytes(6).toString('hex')}`;
  let connection: Reader | null = null;
  try {
    connection = await engine.openReader();
    const [current] = await connection.all('SELECT current_database() AS name');
    const name = String(current?.name);
    await connection.all(`ATTACH ${quoteText(partial)} AS ${alias}`);
    try {
      await connection.all(`COPY FROM DATABASE "${name.replaceAll('"', '""')}" TO ${alias}`);
    } finally {
      await connection.all(`DETACH ${alias}`);
    }
    await rename(partial, target);
    return ok({ path: target, bytes: (await stat(target)).size });
  } catch (error) {
    return err({
      kind: 'failed',
      path: target,
      reason: error instanceof Error ? error.message : String(error),
    });
  } finally {
    await connection?.close();
    await rm(partial, { force: true });
    await rm(`${partial}.wal`, { force: true });
  }
}

/** The tables of a DuckDB database with their columns' types (the migrations' bookkeeping left out). */
async function typedTables(file: DuckDbEngine): Promise<Map<string, TypedColumn[]>> {
  const rows = await file.all(
    `SELECT c.table_name, c.column_name, c.data_type
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE t.table_type = 'BASE TABLE' AND t.table_schema = 'main' AND t.table_name <> 'schema_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, TypedColumn[]>();
  for (const row of rows) {
    const table = String(row.table_name);
    tables.set(table, [
      ...(tables.get(table) ?? []),
      { name: String(row.column_name), type: String(row.data_type) },
    ]);
  }
  return tables;
}

/** The PostgreSQL database's tables and columns the new file does not have, as a reason; null when none. */
async function unknownToFile(
  snapshot: PostgresEngine,
  tables: ReadonlyMap<string, TypedColumn[]>,
): Promise<string | null> {
  const rows = await snapshot.all(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE t.table_type = 'BASE TABLE' AND t.table_schema = current_schema() AND t.table_name <> 'schema_migrations'`,
  );
  const missing = rows
    .filter((r) => !tables.get(String(r.table_name))?.some((c) => c.name === String(r.column_name)))
    .map((r) => `${String(r.table_name)}.${String(r.column_name)}`);
  return missing.length === 0
    ? null
    : `the database has ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}, which this servicemeter does not know`;
}

/**
 * A PostgreSQL server's database into a new DuckDB file: the file is migrated to this
 * servicemeter's schema, emptied of what the migrations put in, and every table copied into it
 * from one snapshot (REPEATABLE READ) of the database, in one transaction. The copy is verified as
 * migrate-to verifies one — each table's row count and the KPI fingerprint computed on both — and
 * only a verified file is renamed into place.
 */
async function backupPostgres(
  engine: PostgresEngine,
  target: string,
): Promise<Result<BackupSummary, BackupError>> {
  if (await stat(target).catch(() => null)) return err({ kind: 'exists', path: target });
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const folder = await mkdtemp(join(tmpdir(), 'servicemeter-backup-'));
  let file: DuckDbEngine | null = null;
  let snapshot: PostgresEngine | null = null;
  const failed = (reason: string) => err<BackupError>({ kind: 'failed', path: target, reason });
  try {
    snapshot = await openPostgresSnapshot(engine);
    const version = await schemaVersion(snapshot);
    if (version !== LATEST_SCHEMA_VERSION)
      return failed(
        `the database is at schema version ${version} and this servicemeter writes ${LATEST_SCHEMA_VERSION}: back it up with the servicemeter that serves it`,
      );
    file = await openDuckDb({ path: partial });
    await migrate(file);
    const tables = await typedTables(file);
    const unknown = await unknownToFile(snapshot, tables);
    if (unknown !== null) return failed(unknown);
    const source = snapshot;
    const into = file;
    await into.transaction(async () => {
      await emptyDatabase(into);
      for (const [table, columns] of tables) {
        const csv = join(folder, `${table}.csv`);
        await copyTableOut(source, table, columns, csv);
        await into.run(
          `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) ${typedCsvSelect(csv, columns)}`,
        );
        await rm(csv, { force: true });
      }
    });
    const names = [...tables.keys()];
    const counted = async (db: Engine) =>
      new Map(
        (
          await db.all(names.map((t) => `SELECT '${t}' AS t, count(*) AS n FROM ${t}`).join(' UNION ALL '))
        ).map((r) => [String(r.t), Number(r.n)]),
      );
    const [held, written] = [await counted(source), await counted(into)];
    const differing = names.filter((t) => held.get(t) !== written.get(t));
    if (differing.length > 0)
      return failed(
        `the copy's row counts differ from the database's: ${differing.map((t) => `${t} ${written.get(t)} rows against ${held.get(t)}`).join(', ')}`,
      );
    const [expected, got] = [await kpiFingerprint(source), await kpiFingerprint(into)];
    if (!expected.ok || !got.ok)
      return failed(
        `the KPI fingerprint failed: ${expected.ok ? '' : expected.error}${got.ok ? '' : got.error}`,
      );
    if (expected.data !== got.data)
      return failed('the KPI fingerprint of the copy differs from the database’s');
    await into.run('CHECKPOINT');
    await into.close();
    file = null;
    await rename(partial, target);
    return ok({ path: target, bytes: (await stat(target)).size });
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  } finally {
    await snapshot?.run('ROLLBACK').catch(() => undefined);
    await snapshot?.close();
    await file?.close();
    await rm(partial, { force: true });
    await rm(`${partial}.wal`, { force: true });
    await rm(folder, { recursive: true, force: true });
  }
}
