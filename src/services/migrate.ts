import type { Engine } from '../core/engine.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../core/migrations.js';
import { rebuildWorkforceFacts } from './workforce/facts.js';

/**
 * The version that brought the workforce facts: tables written from the presence the database
 * already holds, so an upgraded database shows its occupancy without being asked to rebuild.
 */
const WORKFORCE_FACTS_VERSION = 13;

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
      const statements = [
        ...migration.statements,
        ...(engine.kind === 'postgres' ? (migration.postgresStatements ?? []) : []),
      ];
      for (const statement of statements) await engine.run(statement);
      await engine.run(
        `INSERT INTO schema_migrations VALUES (${engine.dialect.placeholder(1)}, ${engine.dialect.placeholder(2)}, CURRENT_TIMESTAMP)`,
        [migration.version, migration.description],
      );
    });
  }
  if (from > 0 && from < WORKFORCE_FACTS_VERSION) await rebuildWorkforceFacts(engine, new Date());
  return { from, to: LATEST_SCHEMA_VERSION };
}
