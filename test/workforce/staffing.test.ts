import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { queueOutcome } from '../../src/core/workforce/erlang.js';
import type { StaffingWeek } from '../../src/services/workforce/contract.js';
import { rebuildWorkforceFacts } from '../../src/services/workforce/facts.js';
import { updateWorkforceSettings } from '../../src/services/workforce/settings.js';
import { staffingWeek } from '../../src/services/workforce/staffing.js';
import {
  copyCanonical,
  openMigratedPostgres,
  POSTGRES_ENGINES,
  withDuckDb,
  withTempDir,
} from '../support/engines.js';

/** The staffed week: Monday 16 February 2026; the history is the six Mondays before it. */
const WEEK = '2026-02-16';
const NOW = new Date('2026-02-16T00:00:00Z');
const MONDAYS = ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'];

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * Every history Monday, from 10:00 to 10:30 UTC: 100 calls offered, 90 answered after 10 s in the
 * queue and handled for 180 s, 10 given up after 60 s; and 3 short abandons (2 s, below the 5 s
 * limit), which are not offered. Patience by hand: all waits 6 × (90 × 10 + 10 × 60) = 9000 s over
 * 60 abandons = 150 s. And 10 e-mails at 10:00 with one public reply each (5 minutes of work), and
 * on the Sunday before, 4 at noon.
 */
function historyFiles(): Record<string, string> {
  const contacts = ['source,external_id,channel,created_at,team_id,assignee_id,status,subject'];
  const events = ['source,contact_external_id,external_id,kind,occurred_at,agent_id,status,queue'];
  for (const day of MONDAYS) {
    const start = Date.parse(`${day}T10:00:00Z`);
    for (let i = 0; i < 103; i++) {
      const id = `${day}-c${i}`;
      const at = start + i * 17_000;
      contacts.push(`pbx,${id},phone,${iso(at)},support,,closed,`);
      events.push(`pbx,${id},${id}q,queue_enter,${iso(at)},,,line`);
      if (i < 90) {
        events.push(`pbx,${id},${id}a,answer,${iso(at + 10_000)},ann,,line`);
        events.push(`pbx,${id},${id}e,end,${iso(at + 190_000)},ann,,line`);
      } else if (i < 100) events.push(`pbx,${id},${id}x,abandon,${iso(at + 60_000)},,,line`);
      else events.push(`pbx,${id},${id}x,abandon,${iso(at + 2_000)},,,line`);
    }
    for (let i = 0; i < 10; i++) {
      const id = `${day}-m${i}`;
      const at = start + i * 60_000;
      contacts.push(`mail,${id},email,${iso(at)},support,,solved,`);
      events.push(`mail,${id},${id}q,customer_message,${iso(at)},,,`);
      events.push(`mail,${id},${id}r,agent_reply,${iso(at + 600_000)},ann,,`);
    }
    // Four e-mails every Sunday at noon, when the team is closed.
    for (let i = 0; i < 4; i++) {
      const id = `${day}-s${i}`;
      const at = start - 86_400_000 + 2 * 3_600_000 + i * 60_000;
      contacts.push(`mail,${id},email,${iso(at)},support,,solved,`);
      events.push(`mail,${id},${id}q,customer_message,${iso(at)},,,`);
      events.push(`mail,${id},${id}r,agent_reply,${iso(at + 86_400_000)},ann,,`);
    }
  }
  return {
    'calendars.csv': 'id,name,timezone,is_default\noffice,Office,UTC,true\n',
    'calendar_intervals.csv': `calendar_id,weekday,start_time,end_time\n${[1, 2, 3, 4, 5].map((d) => `office,${d},08:00,18:00`).join('\n')}\n`,
    'teams.csv': 'id,name,calendar_id\nsupport,Support,office\n',
    'agents.csv':
      'id,name,email,team_id,started_on,active\nann,Ann,,support,,true\nbob,Bob,,support,,true\ncarol,Carol,,support,,true\n',
    'contacts.csv': `${contacts.join('\n')}\n`,
    'contact_events.csv': `${events.join('\n')}\n`,
    // Monday 9 February: Ann is on the phone 10:00–12:00 but logs in only at 10:30 (and out at
    // 12:00): 30 of 120 minutes on contacts not available, a shrinkage of 0.25.
    // Monday 16 February: Ann on the phone 10:00–10:30, Bob 10:00–10:15, Carol 09:30–11:00 with an
    // imported break 10:10–10:20 inside (the later-starting block wins): at 10:00 1 + 0.5 + 2/3.
    'schedules.csv': `source,external_id,agent_id,starts_at,ends_at,activity,note
wfm,h1,ann,2026-02-09T10:00:00Z,2026-02-09T12:00:00Z,phone,
wfm,w1,ann,2026-02-16T10:00:00Z,2026-02-16T10:30:00Z,phone,
wfm,w2,bob,2026-02-16T10:00:00Z,2026-02-16T10:15:00Z,phone,
wfm,w3,carol,2026-02-16T09:30:00Z,2026-02-16T11:00:00Z,phone,
wfm,w4,carol,2026-02-16T10:10:00Z,2026-02-16T10:20:00Z,break,
`,
    'agent_status_events.csv': `source,external_id,agent_id,status,occurred_at,queue,reason
asterisk,s1,ann,login,2026-02-09T10:30:00Z,,
asterisk,s2,ann,logout,2026-02-09T12:00:00Z,,
`,
  };
}

async function withHistory<T>(work: (db: Engine) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    for (const [name, text] of Object.entries(historyFiles())) await writeFile(join(dir, name), text);
    return withDuckDb([dir], async (db) => {
      await rebuildWorkforceFacts(db, NOW);
      return work(db);
    });
  });
}

async function week(
  db: Engine,
  query: Partial<Parameters<typeof staffingWeek>[1]> = {},
  now = NOW,
): Promise<StaffingWeek> {
  const result = await staffingWeek(db, { channel: 'phone', week: WEEK, ...query }, now);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

const at = (staffing: StaffingWeek, local: string) => {
  const found = staffing.intervals.find((i) => i.local === local);
  if (!found) throw new Error(`no interval ${local}`);
  return found;
};

describe('the staffing week', () => {
  test('staffs the textbook interval: 100 calls in 30 minutes at 180 s for 80 % in 20 s need 14 agents (Erlang C)', async () => {
    await withHistory(async (db) => {
      const staffing = await week(db, { whatIf: { model: 'erlang-c', shrinkage: 0 } });
      expect(staffing).toMatchObject({
        channel: 'phone',
        timezone: 'UTC',
        weekStart: WEEK,
        intervalMinutes: 30,
        model: 'erlang-c',
      });
      expect(staffing.intervals).toHaveLength(7 * 48);
      const peak = at(staffing, '2026-02-16T10:00');
      expect(peak.forecastArrivals).toBeCloseTo(100, 6);
      expect(peak.ahtSeconds).toBeCloseTo(180, 6);
      expect(peak.required).toBe(14);
      expect(peak.requiredScheduled).toBe(14);
      // 13 agents would miss the target; 14 meet it.
      const load = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180 };
      expect(queueOutcome('erlang-c', load, 13, 20).serviceLevel).toBeLessThan(0.8);
      expect(peak.atRequired?.serviceLevel).toBeGreaterThanOrEqual(0.8);
      expect(peak.atRequired?.serviceLevel).toBeCloseTo(
        queueOutcome('erlang-c', load, 14, 20).serviceLevel,
        6,
      );
      // No calls on the other Mondays' slots; Saturday is closed.
      expect(at(staffing, '2026-02-16T11:00').required).toBe(0);
      expect(at(staffing, '2026-02-21T10:00')).toMatchObject({
        open: false,
        staffing: 'closed',
        atRequired: null,
      });
      expect(staffing.totals.forecastArrivals).toBeCloseTo(100, 6);
    });
  });

  test('what-if: a fifth more calls needs more agents, a shorter handle time fewer', async () => {
    await withHistory(async (db) => {
      const base = at(await week(db, { whatIf: { model: 'erlang-c' } }), '2026-02-16T10:00');
      const busier = at(
        await week(db, { whatIf: { model: 'erlang-c', volumePercent: 20 } }),
        '2026-02-16T10:00',
      );
      const quicker = at(
        await week(db, { whatIf: { model: 'erlang-c', handleTimePercent: -50 } }),
        '2026-02-16T10:00',
      );
      expect(busier.forecastArrivals).toBeCloseTo(120, 6);
      expect(busier.required).toBeGreaterThan(base.required);
      expect(quicker.ahtSeconds).toBeCloseTo(90, 6);
      expect(quicker.required).toBeLessThan(base.required);
      const asa = at(
        await week(db, { whatIf: { model: 'erlang-c', target: { kind: 'asa', seconds: 60 } } }),
        '2026-02-16T10:00',
      );
      expect(asa.atRequired?.asa).toBeLessThanOrEqual(60);
    });
  });

  test('an outcome at the scheduled agents out of the model’s reach is null, not a failed week', async () => {
    await withHistory(async (db) => {
      // 1100 calls in 30 minutes with a day of patience at the 2 agents scheduled: the Erlang A line
      // would need over 50 000 states (QueueTooLongError); the agents required are still computed.
      const staffing = await week(db, {
        whatIf: { model: 'erlang-a', patienceSeconds: 86_400, volumePercent: 1000, shrinkage: 0 },
      });
      const peak = at(staffing, '2026-02-16T10:00');
      expect(peak.forecastArrivals).toBeCloseTo(1100, 6);
      expect(peak.required).toBeGreaterThan(100);
      expect(peak.atRequired?.serviceLevel).toBeGreaterThanOrEqual(0.8);
      expect(peak.atScheduled).toBeNull();
      expect(peak.staffing).toBe('under');
    });
  });

  test('Erlang A estimates the callers’ patience from the answered and abandoned waits', async () => {
    await withHistory(async (db) => {
      const staffing = await week(db, { whatIf: { shrinkage: 0 } });
      expect(staffing.model).toBe('erlang-a');
      expect(staffing.patience).toEqual({
        meanSeconds: 150,
        abandoned: 60,
        observedSeconds: 9000,
        setByWhatIf: false,
      });
      const peak = at(staffing, '2026-02-16T10:00');
      // Callers who give up free the line: no more agents than Erlang C asks.
      expect(peak.required).toBeLessThanOrEqual(14);
      expect(peak.atRequired?.abandonment).toBeGreaterThan(0);
      const patient = await week(db, { whatIf: { patienceSeconds: 30 } });
      expect(patient.patience).toMatchObject({ meanSeconds: 30, setByWhatIf: true });
    });
  });

  test('adds the shrinkage measured in the facts and sets required against scheduled and available', async () => {
    await withHistory(async (db) => {
      const staffing = await week(db, { whatIf: { model: 'erlang-c' } });
      expect(staffing.shrinkage).toEqual({ value: 0.25, measured: true });
      const peak = at(staffing, '2026-02-16T10:00');
      expect(peak.requiredScheduled).toBe(Math.ceil(14 / 0.75));
      expect(peak.scheduled).toBeCloseTo(1 + 0.5 + 2 / 3, 9);
      expect(peak.available).toBeNull();
      expect(peak.staffing).toBe('under');
      // Three agents scheduled in a quiet open interval: 2 of them too many.
      expect(at(staffing, '2026-02-16T09:30')).toMatchObject({ scheduled: 1, required: 0, staffing: 'ok' });
      expect(at(staffing, '2026-02-16T10:30')).toMatchObject({ scheduled: 1, staffing: 'ok' });
      // What the plan gives: ⌊2.17 × 0.75⌋ = 1 agent for 10 Erlangs.
      expect(peak.atScheduled?.serviceLevel).toBe(0);
      const set = await updateWorkforceSettings(db, { shrinkage: 0.5 }, NOW);
      expect(set.ok).toBe(true);
      const halved = await week(db, { whatIf: { model: 'erlang-c' } });
      expect(halved.shrinkage).toEqual({ value: 0.5, measured: false });
      expect(at(halved, '2026-02-16T10:00').requiredScheduled).toBe(28);
    });
  });

  test('an interval scheduled well beyond what is required is over', async () => {
    await withHistory(async (db) => {
      const staffing = await week(db, { whatIf: { model: 'erlang-c', volumePercent: -99, shrinkage: 0 } });
      // One call: 1 agent required; 2.17 scheduled is more than one agent and a fifth over.
      expect(at(staffing, '2026-02-16T10:00')).toMatchObject({ required: 1, staffing: 'over' });
      expect(staffing.totals.overIntervals).toBe(1);
    });
  });

  test('a past week shows the agents that were available', async () => {
    await withHistory(async (db) => {
      const past = await week(db, { week: '2026-02-09', whatIf: { model: 'erlang-c' } });
      expect(at(past, '2026-02-09T10:00').available).toBe(0);
      expect(at(past, '2026-02-09T10:30').available).toBe(1);
      expect(at(past, '2026-02-09T12:00').available).toBe(0);
      expect(at(past, '2026-02-09T10:30').scheduled).toBe(1);
    });
  });

  test('e-mail is staffed by the workload cleared within the response target', async () => {
    await withHistory(async (db) => {
      const staffing = await week(db, { channel: 'email', whatIf: { shrinkage: 0 } });
      expect(staffing).toMatchObject({
        model: 'workload',
        target: { responseTargetSeconds: 3600 },
        patience: null,
      });
      // 10 e-mails × 300 s spread over the two intervals of the hour: 1500 s each ÷ (1800 s × 0.85) → 1 agent.
      const ten = at(staffing, '2026-02-16T10:00');
      expect(ten).toMatchObject({ required: 1, atScheduled: null, atRequired: null });
      expect(ten.ahtSeconds).toBeCloseTo(300, 6);
      expect(at(staffing, '2026-02-16T10:30').required).toBe(1);
      expect(at(staffing, '2026-02-16T11:00').required).toBe(0);
      // Sunday's 4 e-mails (closed) wait for Monday's opening: 1200 s over 08:00 and 08:30.
      expect(at(staffing, '2026-02-16T08:00').required).toBe(1);
      expect(at(staffing, '2026-02-16T08:30').required).toBe(1);
      expect(at(staffing, '2026-02-16T09:00').required).toBe(0);
    });
  });

  test.each(POSTGRES_ENGINES)('is the same on $kind', async ({ kind }) => {
    await withHistory(async (db) => {
      const pg = await openMigratedPostgres(kind);
      try {
        await copyCanonical(db, pg);
        await rebuildWorkforceFacts(pg, NOW);
        for (const channel of ['phone', 'email'] as const) {
          const duck = await week(db, { channel });
          const other = await week(pg, { channel });
          expect(other.shrinkage).toEqual(duck.shrinkage);
          expect(other.patience).toEqual(duck.patience);
          const figures = (w: StaffingWeek) =>
            w.intervals.map((i) => [
              i.local,
              i.required,
              i.requiredScheduled,
              i.scheduled.toFixed(9),
              i.staffing,
            ]);
          expect(figures(other)).toEqual(figures(duck));
          expect(other.totals.forecastArrivals).toBeCloseTo(duck.totals.forecastArrivals, 9);
        }
        const past = await week(pg, { week: '2026-02-09' });
        expect(at(past, '2026-02-09T10:30').available).toBe(1);
      } finally {
        await pg.close();
      }
    });
  });

  test('refuses an unknown channel, week or team', async () => {
    await withDuckDb([], async (db) => {
      const paths = async (query: Record<string, unknown>) => {
        const result = await staffingWeek(db, { channel: 'phone', week: WEEK, ...query } as never, NOW);
        return result.ok
          ? null
          : result.error.kind === 'invalid'
            ? result.error.issues.map((i) => i.path)
            : null;
      };
      expect(await paths({ channel: 'fax' })).toEqual(['channel']);
      expect(await paths({ week: '2026-02-30' })).toEqual(['week']);
      expect(await paths({ intervalMinutes: 20 })).toEqual(['intervalMinutes']);
      expect(await paths({ teamId: 'nobody' })).toEqual(['teamId']);
      expect(await paths({ whatIf: { volumePercent: -100 } })).toEqual(['whatIf.volumePercent']);
    });
  });
});
