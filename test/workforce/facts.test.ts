import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { importFiles } from '../../src/services/import.js';
import { rebuildWorkforceFacts } from '../../src/services/workforce/facts.js';
import { FIXTURES, withDuckDb } from '../support/engines.js';

/**
 * The hand-made team of test/fixtures/workforce (times UTC; the office calendar opens 08:00–17:00
 * Amsterdam, 07:00–16:00 UTC in March, and is closed on Tuesday 3 March):
 * - ann, team support: phone 07:00–11:00 Monday with a break 09:00–09:15 inside it; phone
 *   07:00–08:00 on the closed Tuesday. Logs in to a queue at 07:10, pauses 08:00–08:15 (coffee)
 *   and 09:00–09:15 (lunch), logs out 10:30; Tuesday 07:03–08:00. Answers a call 07:20–07:35 and
 *   replies to an e-mail at 10:00 (5 minutes of writing before it).
 * - bob, team support: chat 07:00–09:00, training 09:00–10:00. Online in the chat tool (chat only)
 *   06:58–09:00. Answers a chat 07:30–07:40 with after-contact work to 07:45.
 * - cem, no team: absent 07:00–11:00 Monday, no presence.
 */
const TEAM = join(FIXTURES, 'workforce');

async function sums(db: Engine, sql: string): Promise<Record<string, number | string | null>[]> {
  return (await db.all(sql)).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'number' || typeof v === 'bigint' ? Number(v) : (v as string | null),
      ]),
    ),
  );
}

const perAgent = (db: Engine) =>
  sums(
    db,
    `SELECT agent_id, CAST(CAST(interval_start AS DATE) AS VARCHAR) AS day,
       sum(CASE WHEN scheduled THEN minutes ELSE 0 END) AS scheduled,
       sum(CASE WHEN adhered THEN minutes ELSE 0 END) AS adhered,
       sum(CASE WHEN available THEN minutes ELSE 0 END) AS available,
       sum(CASE WHEN on_contacts THEN minutes ELSE 0 END) AS on_contacts,
       sum(CASE WHEN handling THEN minutes ELSE 0 END) AS handling,
       sum(CASE WHEN shrinkage_reason IS NOT NULL THEN minutes ELSE 0 END) AS shrinkage,
       sum(minutes) AS total
     FROM workforce_agent_facts GROUP BY 1, 2 ORDER BY 1, 2`,
  );

describe('the workforce facts of a hand-made team', () => {
  test('agent facts: minutes scheduled, adhered, available, handling and lost, per agent and day', async () => {
    await withDuckDb([TEAM], async (db) => {
      expect(await perAgent(db)).toEqual([
        // ann Monday: 240 scheduled; not adhered: 07:00–07:10 and 10:30–11:00 logged out (40),
        // 08:00–08:15 paused (15) → 185. Available 07:10–08:00, 08:15–09:00, 09:15–10:30 = 170.
        // Handling: the call 07:20–07:35 and 09:55–10:00 before the reply (the note counts nothing).
        // Lost: 40 not logged in + 15 unplanned pause + 15 break = 70.
        {
          agent_id: 'ann',
          day: '2026-03-02',
          scheduled: 240,
          adhered: 185,
          available: 170,
          on_contacts: 225,
          handling: 20,
          shrinkage: 70,
          total: 240,
        },
        // ann on the closed Tuesday: 07:00–07:03 not logged in, then available to 08:00.
        {
          agent_id: 'ann',
          day: '2026-03-03',
          scheduled: 60,
          adhered: 57,
          available: 57,
          on_contacts: 60,
          handling: 0,
          shrinkage: 3,
          total: 60,
        },
        // bob: 2 unscheduled minutes online before his shift; chat 120 available; training 60
        // logged out (adhered, lost to training); handling the chat and its wrap-up 07:30–07:45.
        {
          agent_id: 'bob',
          day: '2026-03-02',
          scheduled: 180,
          adhered: 180,
          available: 122,
          on_contacts: 120,
          handling: 15,
          shrinkage: 60,
          total: 182,
        },
        // cem: absent all four hours, which is adherence and shrinkage alike.
        {
          agent_id: 'cem',
          day: '2026-03-02',
          scheduled: 240,
          adhered: 240,
          available: 0,
          on_contacts: 0,
          handling: 0,
          shrinkage: 240,
          total: 240,
        },
      ]);
      expect(
        await sums(
          db,
          `SELECT shrinkage_reason, sum(minutes) AS minutes FROM workforce_agent_facts
           WHERE shrinkage_reason IS NOT NULL GROUP BY 1 ORDER BY 1`,
        ),
      ).toEqual([
        { shrinkage_reason: 'absence', minutes: 240 },
        { shrinkage_reason: 'break', minutes: 15 },
        { shrinkage_reason: 'not_logged_in', minutes: 43 },
        { shrinkage_reason: 'training', minutes: 60 },
        { shrinkage_reason: 'unplanned_pause', minutes: 15 },
      ]);
      // Unscheduled and available in the chat tool alone: the minutes are chat's, in the 06:45 interval.
      expect(
        await sums(
          db,
          `SELECT CAST(interval_start AS VARCHAR) AS at, activity, channel, state, minutes FROM workforce_agent_facts
           WHERE agent_id = 'bob' AND NOT scheduled`,
        ),
      ).toEqual([
        { at: '2026-03-02 06:45:00', activity: null, channel: 'chat', state: 'available', minutes: 2 },
      ]);
      // The pause keeps its reason; the break is the activity, not the pause, that explains the time.
      expect(
        await sums(
          db,
          `SELECT activity, pause_reason, adhered, shrinkage_reason, sum(minutes) AS minutes FROM workforce_agent_facts
           WHERE agent_id = 'ann' AND state = 'paused' GROUP BY 1, 2, 3, 4 ORDER BY 1`,
        ),
      ).toEqual([
        {
          activity: 'break',
          pause_reason: 'lunch',
          adhered: true as unknown as number,
          shrinkage_reason: 'break',
          minutes: 15,
        },
        {
          activity: 'phone',
          pause_reason: 'coffee',
          adhered: false as unknown as number,
          shrinkage_reason: 'unplanned_pause',
          minutes: 15,
        },
      ]);
      // Every row lies within its 15-minute interval.
      const [widest] = await sums(db, 'SELECT max(minutes) AS m FROM workforce_agent_facts');
      expect(widest?.m).toBe(15);
    });
  });

  test('coverage facts: in opening hours only, none on the closed day, per team and channel', async () => {
    await withDuckDb([TEAM], async (db) => {
      expect(
        await sums(
          db,
          `SELECT team_id, channel, CAST(CAST(interval_start AS DATE) AS VARCHAR) AS day,
             sum(CASE WHEN covered THEN minutes ELSE 0 END) AS covered, sum(minutes) AS minutes
           FROM workforce_coverage_facts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        ),
      ).toEqual([
        // bob, scheduled on chat and available for it all along (his 2 early minutes have nobody scheduled).
        { team_id: 'support', channel: 'chat', day: '2026-03-02', covered: 120, minutes: 120 },
        // ann on phone 07:00–09:00 and 09:15–11:00 (225); uncovered 07:00–07:10, 08:00–08:15, 10:30–11:00 (55).
        // Tuesday is closed, cem has no contact activity.
        { team_id: 'support', channel: 'phone', day: '2026-03-02', covered: 170, minutes: 225 },
      ]);
      expect(
        await sums(
          db,
          `SELECT CAST(interval_start AS VARCHAR) AS at, covered, scheduled_agents, available_agents, minutes
           FROM workforce_coverage_facts WHERE channel = 'phone' AND interval_start < CAST('2026-03-02 07:30:00' AS TIMESTAMP)
           ORDER BY 1, 2`,
        ),
      ).toEqual([
        {
          at: '2026-03-02 07:00:00',
          covered: false as unknown as number,
          scheduled_agents: 1,
          available_agents: 0,
          minutes: 10,
        },
        {
          at: '2026-03-02 07:00:00',
          covered: true as unknown as number,
          scheduled_agents: 1,
          available_agents: 1,
          minutes: 5,
        },
        {
          at: '2026-03-02 07:15:00',
          covered: true as unknown as number,
          scheduled_agents: 1,
          available_agents: 1,
          minutes: 15,
        },
      ]);
    });
  });

  test('shift facts: late beyond the grace minutes, on time within them or when in before the start', async () => {
    await withDuckDb([TEAM], async (db) => {
      expect(
        await sums(
          db,
          `SELECT agent_id, channel, CAST(shift_start AS VARCHAR) AS start, CAST(shift_end AS VARCHAR) AS end_at,
             CAST(first_available_at AS VARCHAR) AS came, late, missed, late_minutes
           FROM workforce_shift_facts ORDER BY agent_id, shift_start`,
        ),
      ).toEqual([
        // The break inside the shift does not split it; logged in 10 minutes after the start: late.
        {
          agent_id: 'ann',
          channel: 'phone',
          start: '2026-03-02 07:00:00',
          end_at: '2026-03-02 11:00:00',
          came: '2026-03-02 07:10:00',
          late: true as unknown as number,
          missed: false as unknown as number,
          late_minutes: 10,
        },
        // 3 minutes after the start is within the 5 grace minutes.
        {
          agent_id: 'ann',
          channel: 'phone',
          start: '2026-03-03 07:00:00',
          end_at: '2026-03-03 08:00:00',
          came: '2026-03-03 07:03:00',
          late: false as unknown as number,
          missed: false as unknown as number,
          late_minutes: 0,
        },
        // Online two minutes before the start; the training after the chat block is the same shift.
        {
          agent_id: 'bob',
          channel: 'chat',
          start: '2026-03-02 07:00:00',
          end_at: '2026-03-02 10:00:00',
          came: '2026-03-02 06:58:00',
          late: false as unknown as number,
          missed: false as unknown as number,
          late_minutes: 0,
        },
      ]);
    });
  });

  test('the settings move lateness and handling: 15 grace minutes, 10 minutes per written reply', async () => {
    await withDuckDb([TEAM], async (db) => {
      await db.run(
        `INSERT INTO workforce_settings VALUES ('settings', '{"graceMinutes":15,"writtenReplyMinutes":10}', CURRENT_TIMESTAMP)`,
      );
      await rebuildWorkforceFacts(db, new Date('2026-12-01T00:00:00Z'));
      const [late] = await sums(db, 'SELECT count(*) AS n FROM workforce_shift_facts WHERE late');
      expect(late?.n).toBe(0);
      const [handling] = await sums(
        db,
        "SELECT sum(minutes) AS m FROM workforce_agent_facts WHERE agent_id = 'ann' AND handling",
      );
      expect(handling?.m).toBe(25);
    });
  });

  test('facts reach up to now: the presence lasts until then, shifts are judged once their grace has passed', async () => {
    await withDuckDb([TEAM], async (db) => {
      // 08:07 Monday: ann is paused since 08:00; Tuesday has not come.
      await rebuildWorkforceFacts(db, new Date('2026-03-02T08:07:00Z'));
      expect(
        await sums(
          db,
          `SELECT agent_id, sum(minutes) AS total, CAST(max(interval_start) AS VARCHAR) AS last FROM workforce_agent_facts GROUP BY 1 ORDER BY 1`,
        ),
      ).toEqual([
        { agent_id: 'ann', total: 67, last: '2026-03-02 08:00:00' },
        { agent_id: 'bob', total: 69, last: '2026-03-02 08:00:00' },
        { agent_id: 'cem', total: 67, last: '2026-03-02 08:00:00' },
      ]);
      expect(
        await sums(db, 'SELECT agent_id, late, missed FROM workforce_shift_facts ORDER BY agent_id'),
      ).toEqual([
        { agent_id: 'ann', late: true as unknown as number, missed: false as unknown as number },
        { agent_id: 'bob', late: false as unknown as number, missed: false as unknown as number },
      ]);
      // 07:06: past the grace and ann is not in yet, so as of now she missed it; bob is in.
      await rebuildWorkforceFacts(db, new Date('2026-03-02T07:06:00Z'));
      expect(
        await sums(db, 'SELECT agent_id, late, missed FROM workforce_shift_facts ORDER BY agent_id'),
      ).toEqual([
        { agent_id: 'ann', late: true as unknown as number, missed: true as unknown as number },
        { agent_id: 'bob', late: false as unknown as number, missed: false as unknown as number },
      ]);
      // 07:04: both shifts are within their grace minutes: not judged yet.
      await rebuildWorkforceFacts(db, new Date('2026-03-02T07:04:00Z'));
      expect(await sums(db, 'SELECT agent_id FROM workforce_shift_facts')).toEqual([]);
    });
  });

  test('an import of schedules only rebuilds the workforce facts; importing again changes nothing', async () => {
    await withDuckDb([TEAM], async (db, dir) => {
      const before = await perAgent(db);
      const again = await importFiles(db, [TEAM]);
      expect(again.ok).toBe(true);
      expect(await perAgent(db)).toEqual(before);
      const extra = join(dir, 'more');
      await mkdir(extra);
      await writeFile(
        join(extra, 'schedules.csv'),
        'source,external_id,agent_id,starts_at,ends_at,activity,note\nwfm,cem-mon-mail,cem,2026-03-02T11:00:00Z,2026-03-02T12:00:00Z,email,\n',
      );
      const [contactsBefore] = await sums(
        db,
        'SELECT CAST(max(rebuilt_at) AS VARCHAR) AS at FROM facts_state',
      );
      const imported = await importFiles(db, [join(extra, 'schedules.csv')]);
      expect(imported.ok).toBe(true);
      if (imported.ok) expect(imported.data.facts?.scope).toBe('touched');
      const after = await perAgent(db);
      // cem, scheduled on e-mail after the morning's sick leave without logging in: an hour not
      // logged in more, a missed shift. (The block lies before the data's end, Tuesday 08:00: a
      // block after it would not be judged, the data not knowing what happened.)
      const cemBefore = before.find((r) => r.agent_id === 'cem');
      expect(after.filter((r) => r.agent_id === 'cem')).toEqual([
        {
          agent_id: 'cem',
          day: '2026-03-02',
          scheduled: Number(cemBefore?.scheduled) + 60,
          adhered: cemBefore?.adhered,
          available: 0,
          on_contacts: 60,
          handling: 0,
          shrinkage: Number(cemBefore?.shrinkage) + 60,
          total: Number(cemBefore?.total) + 60,
        },
      ]);
      expect(after.filter((r) => r.agent_id !== 'cem')).toEqual(before.filter((r) => r.agent_id !== 'cem'));
      expect(
        await sums(db, "SELECT late, missed, late_minutes FROM workforce_shift_facts WHERE agent_id = 'cem'"),
      ).toEqual([{ late: true as unknown as number, missed: true as unknown as number, late_minutes: 0 }]);
      // cem has no team: the e-mail coverage is the team-less agents', and the default calendar's.
      expect(
        await sums(
          db,
          "SELECT team_id, channel, sum(minutes) AS minutes, bool_or(covered) AS covered FROM workforce_coverage_facts WHERE channel = 'email' GROUP BY 1, 2",
        ),
      ).toEqual([{ team_id: null, channel: 'email', minutes: 60, covered: false as unknown as number }]);
      expect(contactsBefore?.at).not.toBeNull();
    });
  });
});

describe('how far the facts reach, and what an import rewrites', () => {
  test('data that ended long ago ends where its last event is: nobody stays logged in until today', async () => {
    await withDuckDb([TEAM], async (db) => {
      // bob comes online in the chat tool on Tuesday 09:00 and the data says nothing after that.
      await db.run(
        "INSERT INTO agent_status_events (source, external_id, agent_id, status, occurred_at, channel) VALUES ('chattool', 'b03', 'bob', 'login', CAST('2026-03-03 09:00:00' AS TIMESTAMP), 'chat')",
      );
      const lastOfBob = async () =>
        (
          await sums(
            db,
            "SELECT CAST(max(interval_start) AS VARCHAR) AS last, sum(CASE WHEN interval_start >= CAST('2026-03-03 00:00:00' AS TIMESTAMP) THEN minutes ELSE 0 END) AS tuesday FROM workforce_agent_facts WHERE agent_id = 'bob'",
          )
        )[0];
      // Months later the data is old: it ends at its last event, bob's log-in, and he is not
      // available for the months since.
      await rebuildWorkforceFacts(db, new Date('2026-06-01T00:00:00Z'));
      expect(await lastOfBob()).toEqual({ last: '2026-03-02 09:45:00', tuesday: 0 });
      // Three hours later it is current: he is online until that moment.
      await rebuildWorkforceFacts(db, new Date('2026-03-03T12:00:00Z'));
      expect(await lastOfBob()).toEqual({ last: '2026-03-03 11:45:00', tuesday: 180 });
    });
  });

  test('an import of contacts alone rewrites the facts from a day before the earliest of them', async () => {
    await withDuckDb([TEAM], async (db, dir) => {
      const monday = "interval_start < CAST('2026-03-02 10:00:00' AS TIMESTAMP)";
      const [before] = await sums(
        db,
        `SELECT count(*) AS n, sum(minutes) AS m FROM workforce_agent_facts WHERE ${monday}`,
      );
      const extra = join(dir, 'call');
      await mkdir(extra);
      // A second call of ann's, Tuesday 07:30–07:50: her Tuesday handling grows, Monday is kept.
      await writeFile(
        join(extra, 'contacts.csv'),
        'source,external_id,channel,created_at,team_id,assignee_id,status\nhelpdesk,p2,phone,2026-03-03T07:29:00Z,support,ann,solved\n',
      );
      await writeFile(
        join(extra, 'contact_events.csv'),
        [
          'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,queue',
          'helpdesk,p2,p2-q,queue_enter,2026-03-03T07:29:00Z,,,sales',
          'helpdesk,p2,p2-a,answer,2026-03-03T07:30:00Z,agent,ann,sales',
          'helpdesk,p2,p2-e,end,2026-03-03T07:50:00Z,agent,ann,sales',
          '',
        ].join('\n'),
      );
      // Monday's rows, marked: a windowed rebuild leaves them in place, a whole one would not.
      await db.run(
        `UPDATE workforce_agent_facts SET pause_reason = 'kept' WHERE ${monday} AND interval_start < CAST('2026-03-02 07:15:00' AS TIMESTAMP)`,
      );
      const imported = await importFiles(db, [extra]);
      expect(imported.ok).toBe(true);
      const [kept] = await sums(
        db,
        "SELECT count(*) AS n FROM workforce_agent_facts WHERE pause_reason = 'kept'",
      );
      expect(Number(kept?.n)).toBeGreaterThan(0);
      const [after] = await sums(
        db,
        `SELECT count(*) AS n, sum(minutes) AS m FROM workforce_agent_facts WHERE ${monday}`,
      );
      expect(after).toEqual(before);
      const [tuesday] = await sums(
        db,
        "SELECT sum(CASE WHEN handling THEN minutes ELSE 0 END) AS handling FROM workforce_agent_facts WHERE agent_id = 'ann' AND interval_start >= CAST('2026-03-03 00:00:00' AS TIMESTAMP)",
      );
      expect(tuesday?.handling).toBe(20);
    });
  });
});
