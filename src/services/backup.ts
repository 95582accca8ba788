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
import {
  baseTables,
  emptyDatabase,
  kpiFingerprint,
  missingIn,
  rowCounts,
  schemaVersion,
} from './migrate-to.js';
import { copyTableOut, openPostgresSnapshot, typedCsvSelect } from './postgres-copy.js';

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
    const tables = await baseTables(file, "table_schema = 'main'");
    const unknown = missingIn(tables, await baseTables(snapshot, 'table_schema = current_schema()')).map(
      ({ table, columns }) => (columns === null ? table : columns.map((c) => `${table}.${c}`).join(', ')),
    );
    if (unknown.length > 0)
      return failed(
        `the database has ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}, which this servicemeter does not know`,
      );
    const source = snapshot;
    const into = file;
    await into.transaction(async () => {
      await emptyDatabase(into);
      for (const { table, columns } of tables) {
        const csv = join(folder, `${table}.csv`);
        await copyTableOut(source, table, columns, csv);
        await into.run(
          `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) ${typedCsvSelect(csv, columns)}`,
        );
        await rm(csv, { force: true });
      }
    });
    const names = tables.map((t) => t.table);
    const [held, written] = [await rowCounts(source, names), await rowCounts(into, names)];
    // Both in the order of `names`.
    const differing = written.flatMap((t, i) =>
      t.rows === held[i]?.rows ? [] : [`${t.table} ${t.rows} rows against ${held[i]?.rows}`],
    );
    if (differing.length > 0)
      return failed(`the copy's row counts differ from the database's: ${differing.join(', ')}`);
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
