/**
 * The facts rebuild on a PostgreSQL server is planned from real statistics and runs interpreted: a
 * bulk copy or import leaves the server believing the tables nearly empty until autovacuum comes
 * by (a nested loop over two large tables took minutes at 20,000 contacts), and compiling the facts
 * statement took seconds whatever the number of contacts.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { openPostgres } from '../../src/engines/postgres/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrateTo } from '../../src/services/migrate-to.js';
import { rebuildFacts } from '../../src/services/rebuild.js';
import { FIXTURES, withDuckDb } from '../support/engines.js';
import { createTestDatabase, withPostgresServer } from '../support/postgres.js';

const HELPDESK = join(FIXTURES, 'small-helpdesk');
const BULK_TABLES = ['contacts', 'contact_events', 'survey_responses'];

/** The tables of `tables` the planner has column statistics for (only ANALYZE makes them). */
async function tablesWithStatistics(engine: Engine, tables: readonly string[]): Promise<string[]> {
  const rows = await engine.all(
    `SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = current_schema()
     AND tablename IN (${tables.map((t) => `'${t}'`).join(', ')}) ORDER BY tablename`,
  );
  return rows.map((r) => String(r.tablename));
}

test('a copy from a DuckDB file leaves the server statistics of the tables it filled', async () => {
  await withDuckDb([HELPDESK], async (duck) => {
    const database = await createTestDatabase({ empty: true });
    const pg = await openPostgres({ url: database.url });
    try {
      const moved = await migrateTo(duck, pg);
      expect(moved.ok).toBe(true);
      expect(await tablesWithStatistics(pg, BULK_TABLES)).toEqual([...BULK_TABLES].sort());
    } finally {
      await pg.close();
      await database.drop();
    }
  });
});

test('an import into an empty database leaves statistics; a rebuild compiles nothing and keeps the setting to itself', async () => {
  await withPostgresServer(async (db) => {
    expect(await tablesWithStatistics(db, BULK_TABLES)).toEqual([]);
    const imported = await importFiles(db, [HELPDESK]);
    expect(imported.ok).toBe(true);
    expect(await tablesWithStatistics(db, BULK_TABLES)).toEqual([...BULK_TABLES].sort());

    const jitDuringRebuild = await db.transaction(async () => {
      const summary = await rebuildFacts(db);
      expect(summary.contacts).toBeGreaterThan(0);
      const [setting] = await db.all('SHOW jit');
      return setting?.jit;
    });
    expect(jitDuringRebuild).toBe('off');
    const [after] = await db.all('SHOW jit');
    expect(after?.jit).toBe('on');
  });
});

test('the quality views reach a contact’s facts through the index on its key, not by reading every contact', async () => {
  await withPostgresServer(async (pg) => {
    const imported = await importFiles(pg, [HELPDESK]);
    expect(imported.ok).toBe(true);
    await pg.run('ANALYZE');
    // Every other way made dear: the plan shows whether the index can serve the views' join at all.
    await pg.run('SET enable_seqscan = off');
    await pg.run('SET enable_hashjoin = off');
    await pg.run('SET enable_mergejoin = off');
    for (const view of ['qa_review_facts', 'qa_rating_facts', 'qa_check_facts']) {
      const plan = (await pg.all(`EXPLAIN SELECT * FROM ${view}`)).map((r) => String(Object.values(r)[0]));
      expect(plan.join('\n'), view).toMatch(/Index Scan using contact_facts_contact_key on contact_facts/);
    }
  });
});
