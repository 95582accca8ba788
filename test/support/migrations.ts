import type { Engine } from '../../src/core/engine.js';
import { MIGRATIONS } from '../../src/core/migrations.js';

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
