import type { Engine } from '../core/engine.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../core/migrations.js';

export interface MigrationReport {
  from: number;
  to: number;
}

/** Brings the database to the latest schema, one transaction per migration. */
export async function migrate(engine: Engine): Promise<MigrationReport> {
  await engine.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)',
  );
  const rows = await engine.all('SELECT max(version) AS version FROM schema_migrations');
  const from = Number(rows[0]?.version ?? 0);
  if (from > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `database schema version ${from} is newer than this servicemeter (${LATEST_SCHEMA_VERSION}); upgrade servicemeter`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    await engine.transaction(async () => {
      for (const statement of migration.statements) await engine.run(statement);
      await engine.run(
        `INSERT INTO schema_migrations VALUES (${engine.dialect.placeholder(1)}, ${engine.dialect.placeholder(2)}, CURRENT_TIMESTAMP)`,
        [migration.version, migration.description],
      );
    });
  }
  return { from, to: LATEST_SCHEMA_VERSION };
}
