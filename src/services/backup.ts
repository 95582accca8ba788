/**
 * A copy of the database taken while it is in use. Copying the file itself is not safe while a
 * process has it open: DuckDB writes committed changes to `<db>.wal` first and moves them into the
 * file at a checkpoint, which may run in the middle of the copy. Instead the database is copied by
 * DuckDB (`COPY FROM DATABASE`) into a new file, inside one transaction: the copy is what was
 * committed when it started, complete, and opens like any database file. Writers go on meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import type { Engine, Reader } from '../core/engine.js';
import { err, ok, type Result } from '../core/result.js';

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
  if (engine.kind !== 'duckdb' || !engine.openReader) {
    return err({ kind: 'unsupported', reason: 'only a DuckDB database file can be backed up this way' });
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
