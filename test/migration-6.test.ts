import { join } from 'node:path';
import { expect, test } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../src/core/migrations.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { rebuildFacts } from '../src/services/rebuild.js';
import { kpiValueIn, withTempDir } from './support/engines.js';
import { migrateUpTo, schemaOf } from './support/migrations.js';

/**
 * A database file as a release at schema version 5 left it. Version 1 creates the tables as they are
 * now, so the columns version 6 brings are dropped again; the rows are written as that release did.
 */
async function versionFiveDatabase(path: string): Promise<void> {
  const db = await openDuckDb({ path });
  try {
    await migrateUpTo(db, 5);
    await db.run('ALTER TABLE contacts DROP COLUMN source_sla_met');
    for (const column of ['assignments', 'reassigned', 'source_sla_met'])
      await db.run(`ALTER TABLE contact_facts DROP COLUMN ${column}`);
    await db.run(
      `INSERT INTO contacts (source, external_id, channel, created_at, status, contact_key)
       VALUES ('desk', 't1', 'email', '2026-03-02 09:00:00', 'open', 'desk|t1')`,
    );
    await db.run(
      `INSERT INTO contact_events (source, contact_external_id, external_id, kind, occurred_at, actor, agent_id, contact_key, seq)
       VALUES ('desk', 't1', 'a1', 'assignment', '2026-03-02 09:01:00', 'system', 'ann', 'desk|t1', 1),
              ('desk', 't1', 'a2', 'assignment', '2026-03-02 09:02:00', 'system', 'bob', 'desk|t1', 2)`,
    );
    await db.run(
      `INSERT INTO contact_facts (contact_key, channel, created_at) VALUES ('desk|t1', 'email', '2026-03-02 09:00:00')`,
    );
    await db.run("INSERT INTO import_log VALUES (CURRENT_TIMESTAMP, 'contacts.csv', 'contacts', 1, 1, 0)");
    await db.run(
      "INSERT INTO facts_state VALUES (CURRENT_TIMESTAMP + INTERVAL 1 SECOND, 1, '2026-03-02 09:00:00', '2026-03-02 09:00:00')",
    );
  } finally {
    await db.close();
  }
}

test('a version-5 database gains the notices, the source summary and the new columns; the facts ask for a rebuild', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'v5.duckdb');
    await versionFiveDatabase(path);
    const db = await openDuckDb({ path });
    try {
      expect(await migrate(db)).toEqual({ from: 5, to: LATEST_SCHEMA_VERSION });
      const fresh = await openDuckDb({ path: join(dir, 'fresh.duckdb') });
      try {
        await migrate(fresh);
        expect(await schemaOf(db)).toEqual(await schemaOf(fresh));
      } finally {
        await fresh.close();
      }
      expect(await db.all('SELECT source, external_id, source_sla_met FROM contacts')).toEqual([
        { source: 'desk', external_id: 't1', source_sla_met: null },
      ]);
      // What the source records is known at once: no queue events, so no queue figures.
      expect(await db.all('SELECT source, input FROM source_inputs ORDER BY input')).toEqual([
        { source: 'desk', input: 'assignments' },
      ]);
      const query = { from: '2026-03-02', to: '2026-03-03', kpis: ['offered', 'reassignment_rate'] };
      const before = await runKpiQuery(db, query);
      if (!before.ok) throw new Error(JSON.stringify(before.error));
      expect(before.data.notices).toEqual([
        { code: 'no_input', missing: 'queue', kpis: ['offered'] },
        { code: 'stale_facts' },
      ]);
      await rebuildFacts(db);
      const after = await runKpiQuery(db, query);
      if (!after.ok) throw new Error(JSON.stringify(after.error));
      expect(kpiValueIn(after.data.rows[0], 'reassignment_rate')).toMatchObject({ value: 1, n: 1 });
      expect(after.data.notices).toEqual([{ code: 'no_input', missing: 'queue', kpis: ['offered'] }]);
    } finally {
      await db.close();
    }
  });
});
