import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { LATEST_SCHEMA_VERSION } from '../src/core/migrations.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { FIXTURES, withTempDir } from './support/engines.js';
import { databaseAtVersion, schemaOf } from './support/migrations.js';

/** The automatic checks' hit rate per channel and per agent, as the dashboard asks for it. */
async function hitRates(db: Engine): Promise<unknown> {
  const figures = [];
  for (const by of [['channel'], ['agent']] as const) {
    const result = await runKpiQuery(db, {
      kpis: ['qa_check_hit_rate'],
      from: '2026-03-02',
      to: '2026-03-16',
      timezone: 'Europe/Amsterdam',
      by: [...by],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    figures.push(result.data.rows);
  }
  return figures;
}

const checkFacts = (db: Engine) =>
  db.all('SELECT contact_key, rule_id, hit FROM qa_check_facts ORDER BY contact_key, rule_id');

test('a version-19 database gives each checked contact the checks it hit, and the same check figures', async () => {
  await withTempDir(async (dir) => {
    // The import checks the contacts it brings: the old database holds their checks and hits.
    const path = await databaseAtVersion(dir, 19, async (current) => {
      const imported = await importFiles(current, [join(FIXTURES, 'small-helpdesk')]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    });
    const db = await openDuckDb({ path });
    const current = await openDuckDb({ path: join(dir, 'current.duckdb') });
    try {
      expect(await migrate(db)).toEqual({ from: 19, to: LATEST_SCHEMA_VERSION });
      expect(await schemaOf(db)).toEqual(await schemaOf(current));
      const lists = 'SELECT contact_key, hit_rules FROM qa_checked_contacts ORDER BY contact_key';
      const upgraded = await db.all(lists);
      expect(upgraded).toEqual(await current.all(lists));
      // Some contacts hit several checks, some none.
      expect(upgraded.some((r) => String(r.hit_rules).split('|').length > 3)).toBe(true);
      expect(upgraded.some((r) => r.hit_rules === null)).toBe(true);

      const facts = await checkFacts(db);
      expect(facts.filter((r) => r.hit === true).length).toBeGreaterThan(0);
      expect(facts).toEqual(await checkFacts(current));
      expect(await hitRates(db)).toEqual(await hitRates(current));
    } finally {
      await current.close();
      await db.close();
    }
  });
});
