import { describe, expect, test } from 'vitest';
import { expandCalendar } from '../calendar.js';
import type { PresenceSpan } from './presence.js';
import {
  type AgentTimeline,
  activitySegments,
  agentFacts,
  agentPieces,
  coverageFacts,
  type ScheduledBlock,
  shiftFacts,
} from './time-facts.js';

const t = (iso: string) => Date.parse(iso);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const block = (
  id: string,
  from: string,
  to: string,
  activity: ScheduledBlock['activity'],
): ScheduledBlock => ({
  id,
  startMs: t(from),
  endMs: t(to),
  activity,
});
const available = (from: string, to: string, channels: string[] | null = null): PresenceSpan => ({
  startMs: t(from),
  endMs: t(to),
  state: 'available',
  pauseReason: null,
  channels,
});
const timeline = (
  blocks: ScheduledBlock[],
  presence: PresenceSpan[],
  extra: Partial<AgentTimeline> = {},
): AgentTimeline => ({
  agentId: 'ann',
  teamId: 'support',
  blocks,
  presence,
  handling: [],
  ...extra,
});
const NOW = t('2027-01-01T00:00:00Z');

describe('the schedule where blocks overlap', () => {
  test('the later-starting block wins; blocks starting together: the shorter, then the greater id', () => {
    const segments = activitySegments(
      [
        block('shift', '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', 'phone'),
        block('meeting', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', 'meeting'),
        // Inside the meeting, later: the break wins there.
        block('break', '2026-03-02T09:30:00Z', '2026-03-02T09:45:00Z', 'break'),
        // Starts with the shift, shorter: wins its first quarter.
        block('a-huddle', '2026-03-02T08:00:00Z', '2026-03-02T08:15:00Z', 'meeting'),
        block('b-huddle', '2026-03-02T08:00:00Z', '2026-03-02T08:15:00Z', 'training'),
      ],
      NOW,
    );
    expect(segments.map((s) => [hhmm(s.startMs).slice(11), hhmm(s.endMs).slice(11), s.activity])).toEqual([
      ['08:00', '08:15', 'training'],
      ['08:15', '09:00', 'phone'],
      ['09:00', '09:30', 'meeting'],
      ['09:30', '09:45', 'break'],
      ['09:45', '10:00', 'meeting'],
      ['10:00', '12:00', 'phone'],
    ]);
  });
});

describe('agent facts', () => {
  test('a night shift across UTC and Amsterdam midnight is cut into the 15-minute intervals it spans', () => {
    // 22:50–01:10 UTC = 23:50–02:10 Amsterdam (winter): crosses both midnights.
    const rows = agentFacts(
      timeline(
        [block('night', '2026-03-01T22:50:00Z', '2026-03-02T01:10:00Z', 'phone')],
        [available('2026-03-01T22:55:00Z', '2026-03-02T01:10:00Z')],
      ),
      NOW,
    );
    const byInterval = rows.map((r) => [hhmm(r.intervalStartMs), r.state, r.minutes]);
    expect(byInterval.slice(0, 3)).toEqual([
      ['2026-03-01 22:45', 'logged_out', 5],
      ['2026-03-01 22:45', 'available', 5],
      ['2026-03-01 23:00', 'available', 15],
    ]);
    expect(byInterval.at(-1)).toEqual(['2026-03-02 01:00', 'available', 10]);
    expect(rows.reduce((sum, r) => sum + r.minutes, 0)).toBe(140);
    expect(rows.filter((r) => r.adhered).reduce((sum, r) => sum + r.minutes, 0)).toBe(135);
    // 22:50–23:00 UTC is Sunday in Amsterdam too (23:50), 23:00 on is Monday: the local day
    // boundary falls on an interval boundary, so the KPI engine can place every minute.
    expect(rows.every((r) => r.intervalStartMs % (15 * 60_000) === 0)).toBe(true);
  });

  test('handling while available counts once however the spans overlap; a paused agent loses the minutes', () => {
    const rows = agentFacts(
      timeline(
        [block('s', '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', 'chat')],
        [
          available('2026-03-02T08:00:00Z', '2026-03-02T08:30:00Z', ['chat']),
          {
            ...available('2026-03-02T08:30:00Z', '2026-03-02T09:00:00Z', ['chat']),
            state: 'paused',
            pauseReason: 'toilet',
          },
        ],
        {
          handling: [
            { startMs: t('2026-03-02T08:05:00Z'), endMs: t('2026-03-02T08:20:00Z') },
            // A second chat at once: the agent is handling, not twice.
            { startMs: t('2026-03-02T08:10:00Z'), endMs: t('2026-03-02T08:25:00Z') },
          ],
        },
      ),
      NOW,
    );
    const minutes = (keep: (r: (typeof rows)[number]) => boolean) =>
      rows.filter(keep).reduce((sum, r) => sum + r.minutes, 0);
    expect(minutes((r) => r.handling)).toBe(20);
    expect(minutes((r) => r.shrinkageReason === 'unplanned_pause')).toBe(30);
    expect(rows.find((r) => r.state === 'paused')?.pauseReason).toBe('toilet');
  });
});

describe('coverage facts', () => {
  const night = (day: string) => ({
    id: 'night',
    timezone: 'Europe/Amsterdam',
    intervals: [{ weekday: 7, start: '01:00', end: '04:00' }],
    holidays: [] as string[],
    day,
  });
  const covered = (fromIso: string, toIso: string, calendarDay: string) => {
    const calendar = night(calendarDay);
    const open = expandCalendar(calendar, t(fromIso) - 86_400_000, t(toIso) + 86_400_000);
    const pieces = agentPieces(
      timeline([block('s', fromIso, toIso, 'phone')], [available(fromIso, toIso)]),
      NOW,
    );
    return coverageFacts('support', [pieces], open, NOW);
  };

  test('spring forward: an opening interval 01:00–04:00 local lasts two hours', () => {
    // Sunday 29 March 2026: 01:00 CET = 00:00 UTC, 04:00 CEST = 02:00 UTC.
    const rows = covered('2026-03-28T22:00:00Z', '2026-03-29T05:00:00Z', '2026-03-29');
    expect(rows.reduce((sum, r) => sum + r.minutes, 0)).toBe(120);
    expect(hhmm(Math.min(...rows.map((r) => r.intervalStartMs)))).toBe('2026-03-29 00:00');
    expect(rows.every((r) => r.covered && r.scheduledAgents === 1)).toBe(true);
  });

  test('fall back: an opening interval 01:00–04:00 local lasts four hours', () => {
    // Sunday 25 October 2026: 01:00 CEST = 23:00 UTC the day before, 04:00 CET = 03:00 UTC.
    const rows = covered('2026-10-24T21:00:00Z', '2026-10-25T05:00:00Z', '2026-10-25');
    expect(rows.reduce((sum, r) => sum + r.minutes, 0)).toBe(240);
    expect(hhmm(Math.min(...rows.map((r) => r.intervalStartMs)))).toBe('2026-10-24 23:00');
  });

  test('a holiday closes the day: no coverage rows at all', () => {
    const calendar = { ...night('x'), holidays: ['2026-03-29'] };
    const open = expandCalendar(calendar, t('2026-03-27T00:00:00Z'), t('2026-03-31T00:00:00Z'));
    const pieces = agentPieces(
      timeline([block('s', '2026-03-28T22:00:00Z', '2026-03-29T05:00:00Z', 'phone')], []),
      NOW,
    );
    expect(coverageFacts('support', [pieces], open, NOW)).toEqual([]);
  });

  test('two scheduled, one available: uncovered; an agent scheduled elsewhere does not count', () => {
    const ann = agentPieces(
      timeline(
        [block('a', '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', 'phone')],
        [available('2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z')],
      ),
      NOW,
    );
    const bob = agentPieces(
      timeline([block('b', '2026-03-02T08:00:00Z', '2026-03-02T08:30:00Z', 'phone')], []),
      NOW,
    );
    // Available for every channel, but scheduled on e-mail: not phone's.
    const cem = agentPieces(
      timeline(
        [block('c', '2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', 'email')],
        [available('2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z')],
      ),
      NOW,
    );
    const phone = coverageFacts('support', [ann, bob, cem], null, NOW).filter((r) => r.channel === 'phone');
    expect(
      phone.map((r) => [
        hhmm(r.intervalStartMs).slice(11),
        r.scheduledAgents,
        r.availableAgents,
        r.covered,
        r.minutes,
      ]),
    ).toEqual([
      ['08:00', 2, 1, false, 15],
      ['08:15', 2, 1, false, 15],
      ['08:30', 1, 1, true, 15],
      ['08:45', 1, 1, true, 15],
    ]);
  });
});

describe('shift facts', () => {
  const shifts = (blocks: ScheduledBlock[], presence: PresenceSpan[], graceMinutes = 5, now = NOW) =>
    shiftFacts(timeline(blocks, presence), { graceMinutes, nowMs: now }).map((s) => ({
      start: hhmm(s.shiftStartMs),
      channel: s.channel,
      late: s.late,
      missed: s.missed,
      lateMinutes: s.lateMinutes,
    }));

  test('blocks an hour or more apart are two shifts; a shift starts with its first contact block', () => {
    expect(
      shifts(
        [
          block('m', '2026-03-02T07:30:00Z', '2026-03-02T08:00:00Z', 'meeting'),
          block('p', '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', 'phone'),
          block('c', '2026-03-02T13:00:00Z', '2026-03-02T16:00:00Z', 'chat'),
          // Training alone, no contact block: no shift here.
          block('t', '2026-03-03T08:00:00Z', '2026-03-03T12:00:00Z', 'training'),
          // Absence splits nothing and starts nothing.
          block('x', '2026-03-04T08:00:00Z', '2026-03-04T12:00:00Z', 'absence'),
        ],
        [available('2026-03-02T08:06:00Z', '2026-03-02T16:00:00Z')],
      ),
    ).toEqual([
      { start: '2026-03-02 08:00', channel: 'phone', late: true, missed: false, lateMinutes: 6 },
      { start: '2026-03-02 13:00', channel: 'chat', late: false, missed: false, lateMinutes: 0 },
    ]);
  });

  test('the grace minutes are on time; availability for another channel only does not count', () => {
    const phone = [block('p', '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', 'phone')];
    expect(shifts(phone, [available('2026-03-02T08:05:00Z', '2026-03-02T12:00:00Z')])[0]?.late).toBe(false);
    expect(
      shifts(phone, [available('2026-03-02T08:05:00Z', '2026-03-02T12:00:00Z')], 4)[0]?.lateMinutes,
    ).toBe(5);
    expect(
      shifts(phone, [available('2026-03-02T07:00:00Z', '2026-03-02T12:00:00Z', ['chat'])])[0],
    ).toMatchObject({
      late: true,
      missed: true,
      lateMinutes: 0,
    });
    // Logged in long before: on time (availability from an hour before the start counts).
    expect(shifts(phone, [available('2026-03-02T05:00:00Z', '2026-03-02T12:00:00Z')])[0]?.late).toBe(false);
  });
});
