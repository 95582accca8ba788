import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { KPIS } from '../src/core/kpi/catalog.js';
import { LATEST_SCHEMA_VERSION } from '../src/core/migrations.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { findSourceFormat } from '../src/ingest/sources/index.js';
import { importFiles } from '../src/services/import.js';
import { importSource } from '../src/services/import-source.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { FIXTURES, withTempDir } from './support/engines.js';
import { columnsOf, databaseAtVersion, dataOf, schemaOf, tablesOf } from './support/migrations.js';

const BASE = join(FIXTURES, 'small-helpdesk');
const QUEUE_LOG = join(FIXTURES, 'sources', 'asterisk', 'queue_log');
const ASTERISK = (() => {
  const format = findSourceFormat('asterisk-queue-log');
  if (!format) throw new Error('the asterisk-queue-log format is not registered');
  return format;
})();

/**
 * A database file as a release at schema version 12 left it (helpdesk tickets and a phone queue with
 * its agents' log-ins and pauses): the fixture imported and its facts
 * rebuilt by this release, then copied into the tables and columns version 12 had.
 */
function versionTwelveDatabase(dir: string): Promise<string> {
  return databaseAtVersion(dir, 12, async (current) => {
    const imported = await importFiles(current, [BASE]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    const calls = await importSource(current, ASTERISK, [QUEUE_LOG]);
    if (!calls.ok) throw new Error(JSON.stringify(calls.error));
  });
}

/**
 * Every indicator but the automatic checks' hit rate: an import checks the contacts it brings, so a
 * database imported by this release has them checked, and an upgraded one only once checks are run.
 */
async function allKpis(db: Engine): Promise<unknown> {
  const result = await runKpiQuery(db, {
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

const WORKFORCE_TABLES = ['schedules', 'workforce_settings', 'workforce_marked_days'];

test('a version-12 database gains schedules and the workforce facts, built from the presence it holds, and keeps its figures', async () => {
  await withTempDir(async (dir) => {
    const path = await versionTwelveDatabase(dir);
    const before = await openDuckDb({ path });
    const columns = new Map<string, string[]>();
    let data: Record<string, unknown[]>;
    try {
      for (const table of await tablesOf(before)) columns.set(table, await columnsOf(before, table));
      data = await dataOf(before, columns);
      expect(columns.has('schedules')).toBe(false);
    } finally {
      await before.close();
    }
    expect(data.agent_status_events?.length).toBeGreaterThan(0);

    const db = await openDuckDb({ path });
    try {
      expect(await migrate(db)).toEqual({ from: 12, to: LATEST_SCHEMA_VERSION });
      const fresh = await openDuckDb({ path: join(dir, 'fresh.duckdb') });
      try {
        await migrate(fresh);
        expect(await schemaOf(db)).toEqual(await schemaOf(fresh));
      } finally {
        await fresh.close();
      }
      // Every row of version 12 is kept; the new tables are empty.
      expect(await dataOf(db, columns)).toEqual(data);
      for (const table of WORKFORCE_TABLES)
        expect(await db.all(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);

      // The presence already held becomes workforce facts during the upgrade: the indicators that
      // need no schedule (occupancy) answer at once, as on a database this release imported.
      const [agentFacts] = await db.all('SELECT count(*) AS n FROM workforce_agent_facts');
      expect(Number(agentFacts?.n)).toBeGreaterThan(0);
      const current = await openDuckDb({ path: join(dir, 'current.duckdb') });
      try {
        expect(await allKpis(db)).toEqual(await allKpis(current));
      } finally {
        await current.close();
      }
    } finally {
      await db.close();
    }
    const again = await openDuckDb({ path });
    try {
      expect(await migrate(again)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    } finally {
      await again.close();
    }
  });
});
