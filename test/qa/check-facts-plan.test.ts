import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { migrate } from '../../src/services/migrate.js';
import { withTempDir } from '../support/engines.js';

interface PlanNode {
  name: string;
  children: PlanNode[];
}

/** The operators above the first `name` in the plan, top down, or null when it has none. */
function above(node: PlanNode, name: string, path: string[] = []): string[] | null {
  if (node.name === name) return path;
  for (const child of node.children) {
    const found = above(child, name, [...path, node.name]);
    if (found !== null) return found;
  }
  return null;
}

test('qa_check_facts joins the checked contacts to their facts before it multiplies them by the rules', async () => {
  await withTempDir(async (dir) => {
    const db = await openDuckDb({ path: join(dir, 'plan.duckdb') });
    try {
      await migrate(db);
      // 20,000 contacts checked in batches of 500, as the checks run writes them: with these
      // estimates DuckDB, left to itself, builds its hash table from every contact × rule row.
      await db.run(
        `INSERT INTO contact_facts (contact_key, created_at, channel, assignee_id)
         SELECT 'desk|' || i, TIMESTAMP '2026-01-01' + i * INTERVAL 1 MINUTE, 'email', 'agent' || (i % 12) FROM range(20000) t(i)`,
      );
      await db.run(
        `INSERT INTO qa_check_rules (id, kind, label, enabled, settings)
         SELECT 'rule' || i, 'greeting', 'Rule', TRUE, '{}' FROM range(8) t(i)`,
      );
      for (let start = 0; start < 20000; start += 500)
        await db.run(
          `INSERT INTO qa_checked_contacts (contact_key, checked_at, hit_rules)
           SELECT 'desk|' || i, TIMESTAMP '2026-02-01', CASE WHEN i % 3 = 0 THEN '|rule1|' END
           FROM range(${start}, ${start + 500}) t(i)`,
        );
      const [plan] = await db.all(
        'EXPLAIN (FORMAT JSON) SELECT assignee_id, sum(CASE WHEN hit THEN 1 ELSE 0 END) AS hits, count(*) AS n FROM qa_check_facts GROUP BY 1',
      );
      const root = (JSON.parse(String(plan?.explain_value)) as PlanNode[])[0] as PlanNode;
      expect(above(root, 'HASH_JOIN')).toContain('CROSS_PRODUCT');
      expect(above(root, 'CROSS_PRODUCT')).not.toContain('HASH_JOIN');
    } finally {
      await db.close();
    }
  });
});
