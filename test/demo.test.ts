import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { KpiRow } from '../src/core/kpi/query.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { kpiValueIn, withDuckDb, withTempDir } from './support/engines.js';

function byAgent(rows: KpiRow[]): Map<string, KpiRow> {
  return new Map(rows.map((r) => [String(r.agent), r]));
}

describe('demo team', () => {
  test('the under-performer is flagged and the new agent with few answers is not', async () => {
    await withTempDir(async (dir) => {
      const files = join(dir, 'files');
      await writeDemoFiles(files, { contacts: 20_000, seed: 1 });
      await withDuckDb([files], async (db) => {
        const result = await runKpiQuery(db, {
          kpis: ['csat', 'frt', 'reopen_rate', 'frt_within_target'],
          by: ['agent'],
          timezone: 'Europe/Amsterdam',
        });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        const agents = byAgent(result.data.rows);
        expect(agents.size).toBe(12);

        const ruben = agents.get('ruben');
        for (const id of ['csat', 'frt', 'reopen_rate']) {
          expect(kpiValueIn(ruben, id).comparison?.clear, `ruben ${id}`).toBe(true);
        }
        expect(kpiValueIn(ruben, 'csat').comparison?.difference).toBeLessThan(-0.2);
        expect(kpiValueIn(ruben, 'frt').comparison?.difference).toBeGreaterThan(0);

        const noah = agents.get('noah');
        const noahCsat = kpiValueIn(noah, 'csat');
        expect(noahCsat.n).toBeGreaterThan(0);
        expect(noahCsat.n).toBeLessThan(30);
        for (const id of ['csat', 'frt', 'reopen_rate', 'frt_within_target']) {
          expect(kpiValueIn(noah, id).comparison?.clear ?? false, `noah ${id}`).toBe(false);
        }
      });
    });
  });

  test('the same seed gives the same indicators', async () => {
    await withTempDir(async (dir) => {
      const overview = async (name: string) => {
        const files = join(dir, name);
        await writeDemoFiles(files, { contacts: 2_000, seed: 9 });
        return withDuckDb([files], async (db) => {
          const result = await runKpiQuery(db, { grain: 'month', timezone: 'Europe/Amsterdam' });
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          return result.data.rows;
        });
      };
      const first = await overview('a');
      // Contacts are created January–June; their last resolutions and survey answers fall in July.
      expect(first.map((r) => r.period)).toEqual([
        '2026-01-01',
        '2026-02-01',
        '2026-03-01',
        '2026-04-01',
        '2026-05-01',
        '2026-06-01',
        '2026-07-01',
      ]);
      expect(await overview('b')).toEqual(first);
    });
  });
});
