import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { KPIS } from '../src/core/kpi/catalog.js';
import { LATEST_SCHEMA_VERSION } from '../src/core/migrations.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { FIXTURES, withTempDir } from './support/engines.js';
import { columnsOf, databaseAtVersion, dataOf, schemaOf, tablesOf } from './support/migrations.js';

const BASE = join(FIXTURES, 'small-helpdesk');

/**
 * A database file as a release at schema version 10 left it: the fixture imported and its facts
 * rebuilt by this release, then copied into the tables and columns version 10 had.
 */
function versionTenDatabase(dir: string): Promise<string> {
  return databaseAtVersion(dir, 10, async (current) => {
    const imported = await importFiles(current, [BASE]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  });
}

async function allKpis(db: Engine): Promise<unknown> {
  const result = await runKpiQuery(db, {
    // The automatic checks' hit rate waits for checks an upgraded database has not run (migration-12.test.ts).
    // So do the customers' words, until the next analysis reads the texts (test/words/analyse.test.ts).
    kpis: KPIS.filter((k) => k.id !== 'qa_check_hit_rate' && !k.source.startsWith('text_')).map((k) => k.id),
    from: '2026-03-02',
    to: '2026-03-16',
    timezone: 'Europe/Amsterdam',
    by: ['channel'],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

test('a version-10 database gains the survey tables and columns, keeps its data and its figures without a rebuild', async () => {
  await withTempDir(async (dir) => {
    const path = await versionTenDatabase(dir);
    const before = await openDuckDb({ path });
    const columns = new Map<string, string[]>();
    let data: Record<string, unknown[]>;
    try {
      for (const table of await tablesOf(before)) columns.set(table, await columnsOf(before, table));
      data = await dataOf(before, columns);
      expect(columns.has('survey_invitations')).toBe(false);
    } finally {
      await before.close();
    }
    expect(data.survey_responses).toHaveLength(10);
    expect(data.survey_facts).toHaveLength(10);

    const db = await openDuckDb({ path });
    try {
      expect(await migrate(db)).toEqual({ from: 10, to: LATEST_SCHEMA_VERSION });
      const fresh = await openDuckDb({ path: join(dir, 'fresh.duckdb') });
      try {
        await migrate(fresh);
        expect(await schemaOf(db)).toEqual(await schemaOf(fresh));
      } finally {
        await fresh.close();
      }
      // Every row of version 10 is kept; the columns it gains are empty, as are the new tables.
      expect(await dataOf(db, columns)).toEqual(data);
      const gained = await db.all(
        `SELECT count(*) AS n FROM survey_responses WHERE survey_id IS NOT NULL OR question_id IS NOT NULL OR via IS NOT NULL OR location IS NOT NULL OR choices IS NOT NULL`,
      );
      expect(gained).toEqual([{ n: 0 }]);
      for (const table of ['surveys', 'survey_versions', 'survey_invitations', 'survey_submissions'])
        expect(await db.all(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);

      // No rebuild is needed: every indicator, the new ones too, is what a new database gives.
      const current = await openDuckDb({ path: join(dir, 'current.duckdb') });
      try {
        expect(await allKpis(db)).toEqual(await allKpis(current));
      } finally {
        await current.close();
      }
      const stale = await db.all('SELECT count(*) AS n FROM facts_state WHERE rebuilt_at IS NULL');
      expect(stale).toEqual([{ n: 0 }]);
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
