import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { readServerMarker } from '../server/marker.js';
import { migrate } from '../services/migrate.js';
import { removeStaleWorkDirs } from '../services/work-dir.js';

export class CliError extends Error {}

/** Stops a command that reads a database when its file is missing. */
export function requireDatabase(path: string): void {
  if (!existsSync(path)) throw new CliError(`no database at ${path}: run servicemeter import or demo first`);
}

/**
 * DuckDB opens other files it can read (a CSV, a Parquet file) as a database of one view, and would
 * then take an import into it without storing anything: a --db that points at an export is refused.
 * A DuckDB database file carries "DUCK" at byte 8.
 */
function checkDatabaseFile(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const header = Buffer.alloc(12);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 12, 0);
  } finally {
    closeSync(fd);
  }
  if (header.subarray(8, 12).toString('latin1') !== 'DUCK')
    throw new CliError(
      `${path} is not a servicemeter database (a DuckDB file): give --db the database, not a data file`,
    );
}

export interface OpenOptions {
  /**
   * Create the file when it is missing: only the commands that bring data in (import, sync, demo).
   * Any other command on a missing file is a mistyped --db, and an empty database would answer it
   * with n 0 everywhere as if that were the data.
   */
  create?: boolean;
}

/**
 * Opens (upgrading in place, and creating when asked) the database file. DuckDB lets one process
 * write a file; a second one gets a clear message instead of the driver's lock error.
 */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<DuckDbEngine> {
  if (!options.create) requireDatabase(path);
  checkDatabaseFile(path);
  let db: DuckDbEngine;
  try {
    db = await openDuckDb({ path });
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) {
      const server = readServerMarker(path);
      if (server)
        throw new CliError(
          `the servicemeter server at ${server.url} (process ${server.pid}) holds the database ${path}; stop the server (Ctrl+C where it runs) before running this command, or use the dashboard`,
        );
      throw new CliError(
        `the database ${path} is in use by another process (a running servicemeter server or command); stop it or use another --db file`,
      );
    }
    throw new CliError(`cannot open the database ${path}: ${message}`);
  }
  await migrate(db);
  // An import or sync killed outright leaves its work folder behind: the next command clears it.
  await removeStaleWorkDirs();
  return db;
}

/** Whether nothing was ever imported or synced into the database. */
async function holdsNothing(db: DuckDbEngine): Promise<boolean> {
  const rows = await db.all(
    'SELECT (SELECT count(*) FROM import_log) + (SELECT count(*) FROM sync_state) + (SELECT count(*) FROM contacts) AS n',
  );
  return Number(rows[0]?.n ?? 0) === 0;
}

/** Runs `work` on the database, which must exist, and closes it. */
export function withDatabase<T>(path: string, work: (db: DuckDbEngine) => Promise<T>): Promise<T> {
  return runOn(path, work, {});
}

/**
 * For the commands that bring data in: runs `work` on the database, creating it when missing. A
 * file this call created is removed again when `work` fails before anything was stored in it, so a
 * failed first import leaves no empty database behind.
 */
export function withNewOrExistingDatabase<T>(
  path: string,
  work: (db: DuckDbEngine) => Promise<T>,
): Promise<T> {
  return runOn(path, work, { create: true });
}

async function runOn<T>(
  path: string,
  work: (db: DuckDbEngine) => Promise<T>,
  options: OpenOptions,
): Promise<T> {
  const created = options.create === true && !existsSync(path);
  const db = await openDatabase(path, options);
  let failed = false;
  let empty = false;
  try {
    return await work(db);
  } catch (error) {
    failed = true;
    empty = created && (await holdsNothing(db).catch(() => false));
    throw error;
  } finally {
    await db.close();
    if (failed && empty) {
      await rm(path, { force: true });
      await rm(`${path}.wal`, { force: true });
    }
  }
}
