import { describe, expect, test } from 'vitest';
import { withFixture } from '../../test/support/engines.js';
import { getSettings, putKpiTargets, putThresholds } from './settings.js';

describe('settings', () => {
  test('a first-response deadline is stored in seconds and decides frt_within_target per contact', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const within = async () =>
        Number((await db.all('SELECT count(*) AS n FROM contact_facts WHERE frt_within_target'))[0]?.n);
      const threshold = (seconds: number) => ({
        metric: 'frt' as const,
        channel: 'email' as const,
        teamId: null,
        seconds,
        hours: 'calendar' as const,
      });
      expect((await putThresholds(db, [threshold(1)])).ok).toBe(true);
      const strict = await within();
      const saved = await putThresholds(db, [threshold(30 * 86_400)]);
      if (!saved.ok) throw new Error(JSON.stringify(saved.error));
      expect(saved.data.rebuild).not.toBeNull();
      expect(saved.data.settings.thresholds).toContainEqual(threshold(30 * 86_400));
      expect(await within()).toBeGreaterThan(strict);
    });
  });

  test('errors name the row, the field and the reason', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const row = {
        metric: 'frt' as const,
        channel: 'chat' as const,
        teamId: null,
        seconds: 60,
        hours: null,
      };
      expect(await putThresholds(db, [row, { ...row, seconds: 90 }])).toEqual({
        ok: false,
        error: {
          kind: 'invalid',
          issues: [
            'thresholds.1: the first-response deadline for chat, all teams is already set in thresholds.0',
          ],
        },
      });
      expect(await putThresholds(db, [{ ...row, seconds: -1 }])).toMatchObject({
        error: {
          issues: [expect.stringMatching(/^thresholds\.0\.seconds: the first-response deadline .* from 0/)],
        },
      });
      const targets = await putKpiTargets(db, [
        { kpi: 'frt_within_target', channel: null, value: 85 },
        { kpi: 'frt', channel: 'email', value: -5 },
        { kpi: 'nps', channel: null, value: 120 },
        { kpi: 'csat', channel: null, value: 0.8 },
        { kpi: 'csat', channel: null, value: 0.9 },
      ]);
      expect(targets).toEqual({
        ok: false,
        error: {
          kind: 'invalid',
          issues: [
            'targets.0.value: frt_within_target is a share; its target is a fraction from 0 to 1 (0.85 for 85 %), not 85',
            'targets.1.value: frt is a duration; its target is in seconds from 0 to 31536000 (a year), not -5',
            'targets.2.value: an NPS target is from -100 to 100, not 120',
            'targets.4: csat for all channels is already set in targets.3',
          ],
        },
      });
      // Nothing was stored by the refused changes.
      expect((await getSettings(db)).targets).toEqual([]);
    });
  });

  test('KPI targets keep the unit of the KPI: a fraction for a share, seconds for a duration', async () => {
    await withFixture({ kind: 'duckdb' }, 'small-helpdesk', async (db) => {
      const saved = await putKpiTargets(db, [
        { kpi: 'frt_within_target', channel: 'email', value: 0.85 },
        { kpi: 'frt', channel: 'email', value: 5400 },
      ]);
      if (!saved.ok) throw new Error(JSON.stringify(saved.error));
      expect(saved.data.rebuild).toBeNull();
      expect(saved.data.settings.targets).toEqual([
        { kpi: 'frt', channel: 'email', value: 5400 },
        { kpi: 'frt_within_target', channel: 'email', value: 0.85 },
      ]);
    });
  });
});
