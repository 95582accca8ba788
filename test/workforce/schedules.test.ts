import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { listAudit } from '../../src/services/audit.js';
import { importFiles } from '../../src/services/import.js';
import {
  addScheduleBlock,
  copyScheduleWeek,
  listSchedule,
  removeScheduleBlock,
  updateScheduleBlock,
} from '../../src/services/workforce/schedules.js';
import { withDuckDb, withTempDir } from '../support/engines.js';

const NOW = new Date('2026-03-10T18:00:00Z');
const LEAD = 'user-lead';

const FILES: Record<string, string> = {
  'calendars.csv': 'id,name,timezone,is_default\nams,Amsterdam,Europe/Amsterdam,true\n',
  'calendar_intervals.csv': `calendar_id,weekday,start_time,end_time\n${[1, 2, 3, 4, 5].map((d) => `ams,${d},09:00,17:00`).join('\n')}\n`,
  'teams.csv': 'id,name,calendar_id\nsupport,Support,ams\n',
  'agents.csv': 'id,name,email,team_id,started_on,active\nann,Ann,,support,,true\nbob,Bob,,support,,true\n',
};

async function withTeam<T>(work: (db: DuckDbEngine, dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
    return withDuckDb([dir], (db) => work(db, dir));
  });
}

const DAY = { from: new Date('2026-03-10T00:00:00Z'), to: new Date('2026-03-11T00:00:00Z') };
const spans = (blocks: { startsAt: string; endsAt: string; activity: string }[]) =>
  blocks.map((b) => `${b.activity} ${b.startsAt.slice(11, 16)}–${b.endsAt.slice(11, 16)}`);

async function add(db: Engine, agentId: string, from: string, to: string, activity: string) {
  return addScheduleBlock(
    db,
    {
      agentId,
      startsAt: `2026-03-10T${from}:00Z`,
      endsAt: `2026-03-10T${to}:00Z`,
      activity: activity as 'phone',
    },
    LEAD,
    NOW,
  );
}

describe('schedule blocks', () => {
  test('are added as servicemeter blocks, listed with the agent and team, audited, and enter the facts', async () => {
    await withTeam(async (db) => {
      const added = await add(db, 'ann', '08:00', '16:00', 'phone');
      expect(added.ok).toBe(true);
      if (!added.ok) return;
      expect(added.data).toMatchObject({
        source: 'servicemeter',
        agentId: 'ann',
        agentName: 'Ann',
        teamId: 'support',
        startsAt: '2026-03-10T08:00:00.000Z',
        endsAt: '2026-03-10T16:00:00.000Z',
        activity: 'phone',
        note: null,
      });
      expect(await listSchedule(db, DAY)).toEqual([added.data]);
      expect(await listSchedule(db, { ...DAY, agentIds: ['bob'] })).toEqual([]);
      expect(await listSchedule(db, { ...DAY, teamId: 'support' })).toHaveLength(1);
      const audit = await listAudit(db, { page: 1, pageSize: 10, action: 'workforce' });
      expect(audit.rows.map((r) => [r.action, r.userId, r.target])).toEqual([
        ['workforce.schedule.add', LEAD, `servicemeter|${added.data.externalId}`],
      ]);
      // Eight scheduled hours on the phone, not logged in: the facts were rebuilt with the block.
      const facts = await db.all(
        "SELECT sum(minutes) AS minutes FROM workforce_agent_facts WHERE agent_id = 'ann' AND scheduled AND activity = 'phone'",
      );
      expect(Number(facts[0]?.minutes)).toBe(8 * 60);
    });
  });

  test('are refused when the agent, the times or the activity are wrong, naming the field', async () => {
    await withTeam(async (db) => {
      const path = async (result: ReturnType<typeof add>) => {
        const r = await result;
        return r.ok ? null : r.error.kind === 'invalid' ? r.error.issues.map((i) => i.path) : r.error.kind;
      };
      expect(await path(add(db, 'zed', '08:00', '09:00', 'phone'))).toEqual(['agentId']);
      expect(await path(add(db, 'ann', '09:00', '08:00', 'phone'))).toEqual(['endsAt']);
      expect(await path(add(db, 'ann', '09:00', '09:00', 'phone'))).toEqual(['endsAt']);
      expect(await path(add(db, 'ann', '08:00', '09:00', 'lunch'))).toEqual(['activity']);
      const long = await addScheduleBlock(
        db,
        {
          agentId: 'ann',
          startsAt: '2026-03-10T08:00:00Z',
          endsAt: '2026-03-11T08:00:01Z',
          activity: 'absence',
        },
        LEAD,
        NOW,
      );
      expect(!long.ok && long.error.kind === 'invalid' && long.error.issues[0]?.message).toMatch(/24 hours/);
      const naive = await addScheduleBlock(
        db,
        {
          agentId: 'ann',
          startsAt: '2026-03-10T08:00:00',
          endsAt: '2026-03-10T09:00:00Z',
          activity: 'phone',
        },
        LEAD,
        NOW,
      );
      expect(!naive.ok && naive.error.kind === 'invalid' && naive.error.issues[0]?.path).toBe('startsAt');
      expect(await listSchedule(db, DAY)).toEqual([]);
    });
  });

  test('that overlap a block of the same agent are refused, naming the block', async () => {
    await withTeam(async (db) => {
      const shift = await add(db, 'ann', '08:00', '16:00', 'phone');
      if (!shift.ok) throw new Error('no shift');
      const clash = await add(db, 'ann', '15:00', '18:00', 'chat');
      expect(clash).toEqual({
        ok: false,
        error: {
          kind: 'conflict',
          reason: `overlaps the phone block servicemeter|${shift.data.externalId} of ann from 2026-03-10T08:00:00.000Z to 2026-03-10T16:00:00.000Z`,
        },
      });
      // Touching is not overlapping, and another agent's block is no clash.
      expect((await add(db, 'ann', '16:00', '18:00', 'chat')).ok).toBe(true);
      expect((await add(db, 'bob', '08:00', '16:00', 'phone')).ok).toBe(true);
      // A break across the end of a shift does not lie inside it: refused, not split.
      expect((await add(db, 'ann', '15:45', '16:15', 'break')).ok).toBe(false);
    });
  });

  test('a break inside a shift splits the shift around it', async () => {
    await withTeam(async (db) => {
      const shift = await add(db, 'ann', '08:00', '16:00', 'phone');
      if (!shift.ok) throw new Error('no shift');
      const lunch = await add(db, 'ann', '12:00', '12:30', 'break');
      expect(lunch.ok).toBe(true);
      const blocks = await listSchedule(db, DAY);
      expect(spans(blocks)).toEqual(['phone 08:00–12:00', 'break 12:00–12:30', 'phone 12:30–16:00']);
      // The part before keeps the shift's key.
      expect(blocks[0]?.externalId).toBe(shift.data.externalId);
      // A meeting at the start of the part after moves its start.
      expect((await add(db, 'ann', '12:30', '13:00', 'meeting')).ok).toBe(true);
      expect(spans(await listSchedule(db, DAY))).toEqual([
        'phone 08:00–12:00',
        'break 12:00–12:30',
        'meeting 12:30–13:00',
        'phone 13:00–16:00',
      ]);
      const audit = await listAudit(db, { page: 1, pageSize: 10, action: 'workforce.schedule.add' });
      expect(audit.rows[1]?.detail).toMatchObject({
        activity: 'break',
        split: { block: `servicemeter|${shift.data.externalId}` },
      });
    });
  });

  test('are changed and removed, imported blocks under their own key', async () => {
    await withTeam(async (db, dir) => {
      await writeFile(
        join(dir, 'schedules.csv'),
        'source,external_id,agent_id,starts_at,ends_at,activity,note\nwfm,s1,bob,2026-03-10T08:00:00Z,2026-03-10T12:00:00Z,chat,\n',
      );
      const imported = await importFiles(db, [join(dir, 'schedules.csv')]);
      expect(imported.ok).toBe(true);
      const own = await add(db, 'bob', '13:00', '15:00', 'email');
      if (!own.ok) throw new Error('no block');
      const changed = await updateScheduleBlock(
        db,
        { source: 'wfm', externalId: 's1' },
        { endsAt: '2026-03-10T11:00:00Z', note: 'left early' },
        LEAD,
        NOW,
      );
      expect(changed.ok && changed.data).toMatchObject({
        source: 'wfm',
        externalId: 's1',
        endsAt: '2026-03-10T11:00:00.000Z',
        note: 'left early',
      });
      const clash = await updateScheduleBlock(
        db,
        { source: 'wfm', externalId: 's1' },
        { endsAt: '2026-03-10T14:00:00Z' },
        LEAD,
        NOW,
      );
      expect(!clash.ok && clash.error.kind).toBe('conflict');
      const missing = await updateScheduleBlock(
        db,
        { source: 'wfm', externalId: 'nope' },
        { note: 'x' },
        LEAD,
        NOW,
      );
      expect(missing).toEqual({ ok: false, error: { kind: 'not_found', what: 'schedule block wfm|nope' } });
      const removed = await removeScheduleBlock(
        db,
        { source: 'servicemeter', externalId: own.data.externalId },
        LEAD,
        NOW,
      );
      expect(removed.ok && removed.data.activity).toBe('email');
      expect(spans(await listSchedule(db, DAY))).toEqual(['chat 08:00–11:00']);
      const audit = await listAudit(db, { page: 1, pageSize: 10, action: 'workforce.schedule' });
      expect(audit.rows.map((r) => [r.action, r.target])).toEqual([
        ['workforce.schedule.remove', `servicemeter|${own.data.externalId}`],
        ['workforce.schedule.change', 'wfm|s1'],
        ['workforce.schedule.add', `servicemeter|${own.data.externalId}`],
      ]);
    });
  });

  test('a week is copied in local time, across the change to summer time', async () => {
    await withTeam(async (db) => {
      // Monday 16 March 2026, 09:00–17:00 in Amsterdam (UTC+1) is 08:00–16:00 UTC.
      const monday = await addScheduleBlock(
        db,
        {
          agentId: 'ann',
          startsAt: '2026-03-16T08:00:00Z',
          endsAt: '2026-03-16T16:00:00Z',
          activity: 'phone',
        },
        LEAD,
        NOW,
      );
      // Sunday 22 March 23:30 local is Sunday 22:30 UTC: still the week of the 16th.
      await addScheduleBlock(
        db,
        {
          agentId: 'bob',
          startsAt: '2026-03-22T22:30:00Z',
          endsAt: '2026-03-23T06:00:00Z',
          activity: 'chat',
          note: 'night',
        },
        LEAD,
        NOW,
      );
      // Monday 16 March 00:30 local is Sunday 15 March 23:30 UTC: the week of the 16th too.
      await addScheduleBlock(
        db,
        {
          agentId: 'bob',
          startsAt: '2026-03-15T23:30:00Z',
          endsAt: '2026-03-16T01:00:00Z',
          activity: 'email',
        },
        LEAD,
        NOW,
      );
      expect(monday.ok).toBe(true);
      // Clocks go forward on Sunday 29 March: on 30 March 09:00–17:00 local is 07:00–15:00 UTC.
      expect(await copyScheduleWeek(db, { fromWeek: '2026-03-18', toWeek: '2026-03-31' }, LEAD, NOW)).toEqual(
        {
          copied: 3,
          skipped: 0,
        },
      );
      const copied = await listSchedule(db, {
        from: new Date('2026-03-29T00:00:00Z'),
        to: new Date('2026-04-06T00:00:00Z'),
      });
      expect(copied.map((b) => [b.agentId, b.activity, b.startsAt, b.endsAt, b.source, b.note])).toEqual([
        ['bob', 'email', '2026-03-29T22:30:00.000Z', '2026-03-30T00:00:00.000Z', 'servicemeter', null],
        ['ann', 'phone', '2026-03-30T07:00:00.000Z', '2026-03-30T15:00:00.000Z', 'servicemeter', null],
        ['bob', 'chat', '2026-04-05T21:30:00.000Z', '2026-04-06T05:00:00.000Z', 'servicemeter', 'night'],
      ]);
      // Copying again would overlap every copy: all skipped. One agent only: just theirs.
      expect(await copyScheduleWeek(db, { fromWeek: '2026-03-16', toWeek: '2026-03-30' }, LEAD, NOW)).toEqual(
        {
          copied: 0,
          skipped: 3,
        },
      );
      expect(
        await copyScheduleWeek(
          db,
          { fromWeek: '2026-03-16', toWeek: '2026-03-09', agentIds: ['ann'] },
          LEAD,
          NOW,
        ),
      ).toEqual({ copied: 1, skipped: 0 });
      const audit = await listAudit(db, { page: 1, pageSize: 10, action: 'workforce.schedule.copy_week' });
      expect(audit.rows[0]?.detail).toMatchObject({ agentIds: ['ann'], copied: 1, skipped: 0 });
    });
  });
});
