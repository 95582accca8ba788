import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Engine } from '../core/engine.js';
import { isClickHouseUrl } from '../engines/clickhouse/engine.js';
import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { isPostgresUrl, openPostgres, shownAddress } from '../engines/postgres/engine.js';
import { readServerMarker } from '../server/marker.js';
import { migrate } from '../services/migrate.js';
import { removeStaleWorkDirs } from '../services/work-dir.js';

export class CliError extends Error {}

/** `--analytics`: only a ClickHouse address is one; anything else is refused, naming the forms. */
export function checkAnalyticsUrl(value: string): void {
  if (!isClickHouseUrl(value))
    throw new CliError(
      `--analytics ${value}: give a ClickHouse address, clickhouse://user@host:8123/database or chdb:///folder`,
    );
}

/** Stops a command that reads a database when its file is missing. A PostgreSQL database is checked on connecting. */
export function requireDatabase(path: string): void {
  if (isPostgresUrl(path)) return;
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

/** `--db` as messages show it: a PostgreSQL URL without its password. */
export function shownDatabase(target: string): string {
  return isPostgresUrl(target) ? shownAddress(target) : target;
}

export interface OpenOptions {
  /**
   * Create the file when it is missing: only the commands that bring data in (import, sync, demo).
   * Any other command on a missing file is a mistyped --db, and an empty database would answer it
   * with n 0 everywhere as if that were the data. A PostgreSQL database is never created here: it
   * must exist on its server.
   */
  create?: boolean;
  /** Opened to be served (`serve`, `demo`): DuckDB's memory is sized for a server. */
  serving?: boolean;
}

/**
 * Opens and upgrades in place the database `--db` names: a PostgreSQL server's database when it is
 * a `postgres://` URL, else a DuckDB file (created when asked).
 */
export async function openDatabase(target: string, options: OpenOptions = {}): Promise<Engine> {
  return isPostgresUrl(target) ? openPostgresDatabase(target) : openDuckDbFile(target, options);
}

/** The driver's reason in one line; a refused connection to every address of a host has no message of its own. */
function reasonOf(error: unknown): string {
  const failure = error as Error & { code?: string; errors?: Error[] };
  if (failure.message) return failure.message;
  const first = failure.errors?.find((e) => e.message)?.message;
  return first ?? failure.code ?? String(error);
}

async function openPostgresDatabase(url: string): Promise<Engine> {
  let db: Engine;
  try {
    db = await openPostgres({ url });
  } catch (error) {
    throw new CliError(
      `cannot reach the PostgreSQL server at ${shownAddress(url)}: ${reasonOf(error)}; check the address, the user and password, and that the database exists (createdb)`,
    );
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new CliError(`cannot upgrade the database at ${shownAddress(url)}: ${reasonOf(error)}`);
  }
  await removeStaleWorkDirs();
  return db;
}

/**
 * Opens (upgrading in place, and creating when asked) the database file. DuckDB lets one process
 * write a file; a second one gets a clear message instead of the driver's lock error.
 */
async function openDuckDbFile(path: string, options: OpenOptions): Promise<DuckDbEngine> {
  if (!options.create) requireDatabase(path);
  checkDatabaseFile(path);
  let db: DuckDbEngine;
  try {
    db = await openDuckDb({ path, use: options.serving ? 'server' : 'command' });
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

/** A command that works on a DuckDB file only, and what to do instead on PostgreSQL. */
export interface DuckDbOnly {
  /** The command as typed after `servicemeter`, e.g. `sync` or `jobs run`. */
  command: string;
  /** What to do on PostgreSQL instead (default: run it on a DuckDB file, then migrate-to). */
  instead?: string;
}

/**
 * Stops a DuckDB-only command given a PostgreSQL URL, naming the command and what to do instead,
 * before anything connects.
 */
export function refuseOnPostgres(target: string, what: string | DuckDbOnly): void {
  if (!isPostgresUrl(target)) return;
  const { command, instead } = typeof what === 'string' ? { command: what, instead: undefined } : what;
  throw new CliError(
    `servicemeter ${command} needs a DuckDB file (--db team.duckdb), not a PostgreSQL database; on PostgreSQL: ${instead ?? `${command} into a DuckDB file, then servicemeter migrate-to ${shownAddress(target)}`}`,
  );
}

/** Whether nothing was ever imported or synced into the database. */
async function holdsNothing(db: Engine): Promise<boolean> {
  const rows = await db.all(
    'SELECT (SELECT count(*) FROM import_log) + (SELECT count(*) FROM sync_state) + (SELECT count(*) FROM contacts) AS n',
  );
  return Number(rows[0]?.n ?? 0) === 0;
}

/** Runs `work` on the database (a DuckDB file or a PostgreSQL database), which must exist, and closes it. */
export function withDatabase<T>(target: string, work: (db: Engine) => Promise<T>): Promise<T> {
  return runOn(target, work, {});
}

/**
 * For the commands that bring data in: runs `work` on the database, creating a DuckDB file when
 * missing. A file this call created is removed again when `work` fails before anything was stored
 * in it, so a failed first import leaves no empty database behind. A PostgreSQL database must exist
 * already, and is left as it is.
 */
export function withNewOrExistingDatabase<T>(target: string, work: (db: Engine) => Promise<T>): Promise<T> {
  return runOn(target, work, { create: true });
}

/** Runs `work` on a DuckDB file that must exist; a PostgreSQL URL is refused, see `refuseOnPostgres`. */
export function withDuckDbFile<T>(
  target: string,
  what: string | DuckDbOnly,
  work: (db: DuckDbEngine) => Promise<T>,
): Promise<T> {
  refuseOnPostgres(target, what);
  return runOn(target, (db) => work(db as DuckDbEngine), {});
}

async function runOn<T>(target: string, work: (db: Engine) => Promise<T>, options: OpenOptions): Promise<T> {
  const created = options.create === true && !isPostgresUrl(target) && !existsSync(target);
  const db = await openDatabase(target, options);
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
      await rm(target, { force: true });
      await rm(`${target}.wal`, { force: true });
    }
  }
}
