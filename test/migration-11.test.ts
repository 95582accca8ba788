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
import { migrateUpTo, schemaOf } from './support/migrations.js';

const BASE = join(FIXTURES, 'small-helpdesk');

/** The tables of the database, but the record of its migrations. */
async function tablesOf(db: Engine): Promise<string[]> {
  const rows = await db.all(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name <> 'schema_migrations' ORDER BY 1",
  );
  return rows.map((r) => String(r.t));
}

async function columnsOf(db: Engine, table: string): Promise<string[]> {
  const rows = await db.all(
    'SELECT column_name AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = $1 ORDER BY ordinal_position',
    [table],
  );
  return rows.map((r) => String(r.c));
}

/**
 * A database file as a release at schema version 10 left it: the fixture imported and its facts
 * rebuilt by this release, then copied into the tables and columns version 10 had.
 */
async function versionTenDatabase(dir: string): Promise<string> {
  const current = await openDuckDb({ path: join(dir, 'current.duckdb') });
  try {
    await migrate(current);
    const imported = await importFiles(current, [BASE]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  } finally {
    await current.close();
  }
  const path = join(dir, 'v10.duckdb');
  const old = await openDuckDb({ path });
  try {
    await migrateUpTo(old, 10);
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

/** Every row of `tables`, in the columns they had at version 10, in a stable order. */
async function dataOf(
  db: Engine,
  columns: ReadonlyMap<string, string[]>,
): Promise<Record<string, unknown[]>> {
  const data: Record<string, unknown[]> = {};
  for (const [table, list] of columns)
    data[table] = await db.all(`SELECT ${list.join(', ')} FROM ${table} ORDER BY ALL`);
  return data;
}

async function allKpis(db: Engine): Promise<unknown> {
  const result = await runKpiQuery(db, {
    // The automatic checks' hit rate waits for checks an upgraded database has not run (migration-12.test.ts).
    kpis: KPIS.map((k) => k.id).filter((id) => id !== 'qa_check_hit_rate'),
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
