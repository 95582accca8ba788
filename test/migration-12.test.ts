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
 * A database file as a release at schema version 11 left it: the fixture imported and its facts
 * rebuilt by this release, then copied into the tables and columns version 11 had.
 */
function versionElevenDatabase(dir: string): Promise<string> {
  return databaseAtVersion(dir, 11, async (current) => {
    const imported = await importFiles(current, [BASE]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
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

const QA_TABLES = [
  'qa_reviews',
  'qa_ratings',
  'training_days',
  'qa_scorecards',
  'qa_scorecard_versions',
  'qa_drafts',
  'qa_sampling_rules',
  'qa_assignments',
  'qa_goals',
  'qa_calibration_sessions',
  'qa_disputes',
  'qa_coaching_sessions',
  'qa_check_rules',
  'qa_checked_contacts',
  'qa_check_hits',
  'qa_config',
];

test('a version-11 database gains the quality-review tables and views, keeps its data and its figures without a rebuild', async () => {
  await withTempDir(async (dir) => {
    const path = await versionElevenDatabase(dir);
    const before = await openDuckDb({ path });
    const columns = new Map<string, string[]>();
    let data: Record<string, unknown[]>;
    try {
      for (const table of await tablesOf(before)) columns.set(table, await columnsOf(before, table));
      data = await dataOf(before, columns);
      expect(columns.has('qa_reviews')).toBe(false);
    } finally {
      await before.close();
    }
    expect(data.contact_events?.length).toBeGreaterThan(0);

    const db = await openDuckDb({ path });
    try {
      expect(await migrate(db)).toEqual({ from: 11, to: LATEST_SCHEMA_VERSION });
      const fresh = await openDuckDb({ path: join(dir, 'fresh.duckdb') });
      try {
        await migrate(fresh);
        expect(await schemaOf(db)).toEqual(await schemaOf(fresh));
      } finally {
        await fresh.close();
      }
      // Every row of version 11 is kept; the message text is empty, the new tables too.
      expect(await dataOf(db, columns)).toEqual(data);
      expect(await db.all('SELECT count(*) AS n FROM contact_events WHERE body IS NOT NULL')).toEqual([
        { n: 0 },
      ]);
      for (const table of QA_TABLES)
        expect(await db.all(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);

      // The views answer: every contact with an assignee is there, none reviewed yet.
      const [handled] = await db.all('SELECT count(*) AS n FROM contact_facts WHERE assignee_id IS NOT NULL');
      expect(Number(handled?.n)).toBeGreaterThan(0);
      expect(
        await db.all('SELECT count(*) AS n, count(CASE WHEN reviewed THEN 1 END) AS r FROM qa_contact_facts'),
      ).toEqual([{ n: handled?.n, r: 0 }]);
      for (const view of [
        'qa_review_facts',
        'qa_rating_facts',
        'qa_calibration_pair_facts',
        'qa_check_facts',
      ])
        expect(await db.all(`SELECT count(*) AS n FROM ${view}`), view).toEqual([{ n: 0 }]);

      // No rebuild is needed: every indicator, the new ones too, is what a new database gives.
      const current = await openDuckDb({ path: join(dir, 'current.duckdb') });
      try {
        expect(await allKpis(db)).toEqual(await allKpis(current));
      } finally {
        await current.close();
      }
      const stale = await db.all('SELECT count(*) AS n FROM facts_state WHERE rebuilt_at IS NULL');
      expect(stale).toEqual([{ n: 0 }]);

      // A review of one of the upgraded contacts is scored by the view at once: 4 on 1–5 → 0.75.
      const [contact] = await db.all(
        'SELECT source, external_id, assignee_id FROM contacts WHERE assignee_id IS NOT NULL ORDER BY source, external_id LIMIT 1',
      );
      await db.run(
        `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id, kind, reviewed_at)
         VALUES ('servicemeter', 'first', $1, $2, $3, 'lead', 'review', CAST('2026-03-03 10:00:00' AS TIMESTAMP))`,
        [contact?.source, contact?.external_id, contact?.assignee_id],
      );
      await db.run(
        `INSERT INTO qa_ratings (source, review_external_id, category_id, rating, scale_min, scale_max)
         VALUES ('servicemeter', 'first', 'tone', 4, 1, 5)`,
      );
      expect(
        await db.all('SELECT agent_id, score, passed, channel IS NOT NULL AS placed FROM qa_review_facts'),
      ).toEqual([{ agent_id: contact?.assignee_id, score: 0.75, passed: false, placed: true }]);
      expect(await db.all('SELECT count(*) AS n FROM qa_contact_facts WHERE reviewed')).toEqual([{ n: 1 }]);
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
