import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { putKpiTargets, putThresholds } from '../../src/services/settings.js';
import { rebuildWorkforceFacts } from '../../src/services/workforce/facts.js';
import {
  DEFAULT_WORKFORCE_SETTINGS,
  getWorkforceSettings,
  updateWorkforceSettings,
} from '../../src/services/workforce/settings.js';
import { withDuckDb, withTempDir } from '../support/engines.js';

const NOW = new Date('2026-03-10T12:00:00Z');

/** Ann's shift starts at 09:00 UTC; she logs in at 09:07: late with a grace of 5 minutes, not with 10. */
const FILES: Record<string, string> = {
  'calendars.csv': 'id,name,timezone,is_default\noffice,Office,UTC,true\n',
  'teams.csv': 'id,name,calendar_id\nsupport,Support,office\n',
  'agents.csv': 'id,name,email,team_id,started_on,active\nann,Ann,,support,,true\n',
  'schedules.csv':
    'source,external_id,agent_id,starts_at,ends_at,activity,note\nwfm,s1,ann,2026-03-10T09:00:00Z,2026-03-10T11:00:00Z,phone,\n',
  'agent_status_events.csv':
    'source,external_id,agent_id,status,occurred_at,queue,reason\nasterisk,a1,ann,login,2026-03-10T09:07:00Z,,\nasterisk,a2,ann,logout,2026-03-10T11:00:00Z,,\n',
};

async function withTeam<T>(work: (db: Engine) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
    return withDuckDb([dir], (db) => work(db));
  });
}

describe('workforce settings', () => {
  test('are the defaults until changed', async () => {
    await withDuckDb([], async (db) => {
      expect(await getWorkforceSettings(db)).toEqual(DEFAULT_WORKFORCE_SETTINGS);
      expect(DEFAULT_WORKFORCE_SETTINGS).toMatchObject({
        graceMinutes: 5,
        intervalMinutes: 30,
        model: 'erlang-a',
        chatConcurrency: 2,
        maxOccupancy: 0.85,
        shrinkage: null,
        writtenReplyMinutes: 5,
        targets: {
          phone: { kind: 'service-level', share: 0.8, seconds: 20 },
          chat: { kind: 'service-level', share: 0.8, seconds: 30 },
          email: { responseTargetSeconds: 3600 },
          social: { responseTargetSeconds: 3600 },
        },
      });
    });
  });

  test('take their targets from the KPI settings when those name them', async () => {
    await withDuckDb([], async (db) => {
      await putThresholds(db, [
        { metric: 'service_level', channel: 'phone', teamId: null, seconds: 15, hours: null },
        { metric: 'frt', channel: 'email', teamId: null, seconds: 7200, hours: 'business' },
      ]);
      await putKpiTargets(db, [{ kpi: 'service_level', channel: 'phone', value: 0.9 }], NOW);
      const settings = await getWorkforceSettings(db);
      expect(settings.targets.phone).toEqual({ kind: 'service-level', share: 0.9, seconds: 15 });
      expect(settings.targets.chat).toEqual({ kind: 'service-level', share: 0.8, seconds: 30 });
      expect(settings.targets.email).toEqual({ responseTargetSeconds: 7200 });
      // A workforce target set by hand wins over the KPI settings.
      await updateWorkforceSettings(db, { targets: { phone: { kind: 'asa', seconds: 25 } } }, NOW);
      expect((await getWorkforceSettings(db)).targets.phone).toEqual({ kind: 'asa', seconds: 25 });
    });
  });

  test('merge partial changes into what was set before', async () => {
    await withDuckDb([], async (db) => {
      expect((await updateWorkforceSettings(db, { chatConcurrency: 3 }, NOW)).ok).toBe(true);
      expect(
        (await updateWorkforceSettings(db, { targets: { chat: { kind: 'asa', seconds: 40 } } }, NOW)).ok,
      ).toBe(true);
      const changed = await updateWorkforceSettings(db, { shrinkage: 0.3, model: 'erlang-c' }, NOW);
      const expected = {
        ...DEFAULT_WORKFORCE_SETTINGS,
        chatConcurrency: 3,
        shrinkage: 0.3,
        model: 'erlang-c',
        targets: { ...DEFAULT_WORKFORCE_SETTINGS.targets, chat: { kind: 'asa', seconds: 40 } },
      };
      expect(changed).toEqual({ ok: true, data: expected });
      expect(await getWorkforceSettings(db)).toEqual(expected);
      // null takes the shrinkage back to measured.
      const measured = await updateWorkforceSettings(db, { shrinkage: null }, NOW);
      expect(measured.ok && measured.data.shrinkage).toBe(null);
    });
  });

  test('refuse what is invalid, naming each field, and keep what was set', async () => {
    await withDuckDb([], async (db) => {
      const refused = await updateWorkforceSettings(
        db,
        {
          maxOccupancy: 1.5,
          intervalMinutes: 20,
          targets: { phone: { kind: 'service-level', share: 80, seconds: 20 } },
          colour: 'blue',
        },
        NOW,
      );
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.kind).toBe('invalid');
      const paths = refused.error.kind === 'invalid' ? refused.error.issues.map((i) => i.path) : [];
      expect(paths).toEqual(
        expect.arrayContaining(['maxOccupancy', 'intervalMinutes', 'targets.phone.share']),
      );
      expect(paths.some((p) => p === '' || p === 'colour')).toBe(true);
      expect(await getWorkforceSettings(db)).toEqual(DEFAULT_WORKFORCE_SETTINGS);
    });
  });

  test('refuse an occupancy cap below 30 %: staffing would need traffic ÷ cap agents', async () => {
    await withDuckDb([], async (db) => {
      const refused = await updateWorkforceSettings(db, { maxOccupancy: 0.0001 }, NOW);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.kind === 'invalid' ? refused.error.issues : []).toEqual([
        { path: 'maxOccupancy', message: 'at least 0.3 (30 %)' },
      ]);
      const kept = await updateWorkforceSettings(db, { maxOccupancy: 0.3 }, NOW);
      expect(kept.ok && kept.data.maxOccupancy).toBe(0.3);
    });
  });

  test('rebuild the workforce facts when the grace period changes', async () => {
    await withTeam(async (db) => {
      await rebuildWorkforceFacts(db, NOW);
      const late = async () =>
        (await db.all("SELECT late, late_minutes FROM workforce_shift_facts WHERE agent_id = 'ann'")).map(
          (r) => ({
            late: r.late,
            minutes: Number(r.late_minutes),
          }),
        );
      expect(await late()).toEqual([{ late: true, minutes: 7 }]);
      expect((await updateWorkforceSettings(db, { graceMinutes: 10 }, NOW)).ok).toBe(true);
      expect(await late()).toEqual([{ late: false, minutes: 0 }]);
    });
  });
});
