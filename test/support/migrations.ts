import { join } from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import { MIGRATIONS } from '../../src/core/migrations.js';
import { type DuckDbEngine, openDuckDb } from '../../src/engines/duckdb/engine.js';
import { migrate } from '../../src/services/migrate.js';

/** Every column of every table, with its type: equal for databases with the same schema. */
export async function schemaOf(db: Engine): Promise<string[]> {
  const rows = await db.all(
    "SELECT table_name || '.' || column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1",
  );
  return rows.map((r) => String(r.c));
}

/** Applies the migrations up to `version` and records them, as a release at that version did. */
export async function migrateUpTo(db: Engine, version: number): Promise<void> {
  await db.run(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)',
  );
  for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
    for (const statement of migration.statements) await db.run(statement);
    await db.run('INSERT INTO schema_migrations VALUES ($1, $2, CURRENT_TIMESTAMP)', [
      migration.version,
      migration.description,
    ]);
  }
}

/** The tables of the database (views and the record of its migrations left out). */
export async function tablesOf(db: Engine): Promise<string[]> {
  const rows = await db.all(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1",
  );
  return rows.map((r) => String(r.t));
}

export async function columnsOf(db: Engine, table: string): Promise<string[]> {
  const rows = await db.all(
    'SELECT column_name AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = $1 ORDER BY ordinal_position',
    [table],
  );
  return rows.map((r) => String(r.c));
}

/** Every row of the tables, in the columns given for each, in a stable order. */
export async function dataOf(
  db: Engine,
  columns: ReadonlyMap<string, string[]>,
): Promise<Record<string, unknown[]>> {
  const data: Record<string, unknown[]> = {};
  for (const [table, list] of columns)
    data[table] = await db.all(`SELECT ${list.join(', ')} FROM ${table} ORDER BY ALL`);
  return data;
}

/**
 * A database file as a release at schema `version` left it: `fill` imports into a database of this
 * release (`dir`/current.duckdb, kept for comparing figures), whose rows are then copied into the
 * tables and columns `version` had. Returns the old database's path.
 */
export async function databaseAtVersion(
  dir: string,
  version: number,
  fill: (current: DuckDbEngine) => Promise<void>,
): Promise<string> {
  const current = await openDuckDb({ path: join(dir, 'current.duckdb') });
  try {
    await migrate(current);
    await fill(current);
  } finally {
    await current.close();
  }
  const path = join(dir, `v${version}.duckdb`);
  const old = await openDuckDb({ path });
  try {
    await migrateUpTo(old, version);
    await old.run(`ATTACH '${join(dir, 'current.duckdb')}' AS current_release (READ_ONLY)`);
    for (const table of await tablesOf(old)) {
      const list = (await columnsOf(old, table)).join(', ');
      await old.run(`INSERT INTO ${table} (${list}) SELECT ${list} FROM current_release.main.${table}`);
    }
    await old.run('DETACH current_release');
  } finally {
    await old.close();
  }
  return path;
}
