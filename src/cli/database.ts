import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { readServerMarker } from '../server/marker.js';
import { migrate } from '../services/migrate.js';
import { removeStaleWorkDirs } from '../services/work-dir.js';

export class CliError extends Error {}

/**
 * Opens (creating or upgrading in place) the database file. DuckDB lets one process write a file;
 * a second one gets a clear message instead of the driver's lock error.
 */
export async function openDatabase(path: string): Promise<DuckDbEngine> {
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

export async function withDatabase<T>(path: string, work: (db: DuckDbEngine) => Promise<T>): Promise<T> {
  const db = await openDatabase(path);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
