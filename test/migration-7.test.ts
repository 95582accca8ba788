import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { LATEST_SCHEMA_VERSION } from '../src/core/migrations.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { migrate } from '../src/services/migrate.js';
import { repairDatabase } from '../src/services/repair.js';
import { withTempDir } from './support/engines.js';
import { migrateUpTo, schemaOf } from './support/migrations.js';

/**
 * A database file as a release at schema version 6 left it, with a contact whose event lies in the
 * year 9999: that release let such rows in, and they are what the quarantine table is for.
 */
async function versionSixDatabase(path: string): Promise<void> {
  const db = await openDuckDb({ path });
  try {
    await migrateUpTo(db, 6);
    await db.run(
      `INSERT INTO contacts (source, external_id, channel, created_at, status, contact_key) VALUES
         ('desk', 't1', 'email', '2026-03-02 09:00:00', 'open', 'desk|t1'),
         ('desk', 't2', 'email', '2026-03-02 10:00:00', 'solved', 'desk|t2')`,
    );
    await db.run(
      `INSERT INTO contact_events (source, contact_external_id, external_id, kind, occurred_at, actor, agent_id, contact_key, seq) VALUES
         ('desk', 't1', 'a1', 'assignment', '2026-03-02 09:01:00', 'system', 'ann', 'desk|t1', 1),
         ('desk', 't2', 'a2', 'assignment', '2026-03-02 10:01:00', 'system', 'ann', 'desk|t2', 2),
         ('desk', 't2', 'a3', 'status_change', '9999-12-31 00:00:00', 'agent', 'ann', 'desk|t2', 3)`,
    );
    await db.run(
      `INSERT INTO contact_facts (contact_key, channel, created_at) VALUES ('desk|t1', 'email', '2026-03-02 09:00:00')`,
    );
    await db.run(
      `INSERT INTO data_quality_notices VALUES ('desk', 'contacts.csv', 'long_queue_wait', 'a message', '2026-03-02', 1, '["line 2"]', '2026-03-03 08:00:00')`,
    );
    await db.run("INSERT INTO import_log VALUES (CURRENT_TIMESTAMP, 'contacts.csv', 'contacts', 2, 2, 0)");
    await db.run(
      "INSERT INTO facts_state VALUES (TIMESTAMP '2026-03-03 08:00:00', 1, '2026-03-02 09:00:00', '2026-03-02 09:00:00')",
    );
  } finally {
    await db.close();
  }
}

/** Every row of the tables a version-6 database had, in a stable order. */
async function dataOf(db: Engine): Promise<Record<string, unknown[]>> {
  const tables = (
    await db.all(
      "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name NOT IN ('schema_migrations', 'quarantine') ORDER BY 1",
    )
  ).map((t) => String(t.table_name));
  const data: Record<string, unknown[]> = {};
  for (const table of tables) data[table] = await db.all(`SELECT * FROM ${table} ORDER BY ALL`);
  return data;
}

test('a version-6 database gains the quarantine table, equals a new one and keeps its data', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'v6.duckdb');
    await versionSixDatabase(path);
    const before = await openDuckDb({ path });
    let data: Record<string, unknown[]>;
    try {
      data = await dataOf(before);
      expect(await schemaOf(before)).not.toContain('quarantine.row_json VARCHAR');
    } finally {
      await before.close();
    }
    expect(data.contacts).toHaveLength(2);

    const db = await openDuckDb({ path });
    try {
      expect(await migrate(db)).toEqual({ from: 6, to: LATEST_SCHEMA_VERSION });
      const fresh = await openDuckDb({ path: join(dir, 'fresh.duckdb') });
      try {
        await migrate(fresh);
        expect(await schemaOf(db)).toEqual(await schemaOf(fresh));
      } finally {
        await fresh.close();
      }
      expect((await schemaOf(db)).filter((c) => c.startsWith('quarantine.'))).toEqual([
        'quarantine.quarantined_at TIMESTAMP',
        'quarantine.reason VARCHAR',
        'quarantine.row_json VARCHAR',
        'quarantine.table_name VARCHAR',
      ]);
      // The tables later versions add start empty; those of version 6 keep every row.
      const after = await dataOf(db);
      expect(Object.fromEntries(Object.keys(data).map((table) => [table, after[table]]))).toEqual(data);
      expect(Number((await db.all('SELECT count(*) AS n FROM quarantine'))[0]?.n)).toBe(0);

      // The row that release let in can now be put aside, with the rest of its contact.
      const report = await repairDatabase(db, { dryRun: false });
      expect(report).toMatchObject({ rows: 3, quarantined: 3 });
      expect(await db.all('SELECT contact_key FROM contacts')).toEqual([{ contact_key: 'desk|t1' }]);
      expect(await db.all('SELECT contact_key FROM contact_facts')).toEqual([{ contact_key: 'desk|t1' }]);
    } finally {
      await db.close();
    }
    // Migrating again changes nothing.
    const again = await openDuckDb({ path });
    try {
      expect(await migrate(again)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    } finally {
      await again.close();
    }
  });
});
