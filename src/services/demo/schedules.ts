/**
 * The demo team's schedule (`schedules`): the plan a team lead published, which the presence
 * (presence.ts, the reality) follows only roughly.
 *
 * Weekdays the webshop teams work the opening hours on a channel per half day, rotating, with a
 * lunch break while the webshop closes and a short break in each half, staggered within the team.
 * On Mondays and Thursdays one agent of each webshop team has the early e-mail shift from 08:00,
 * which in reality nobody starts before the shop opens: a late start every time, and e-mail
 * uncovered for half an hour. Saturdays a few of each team are on the rota. The phone team splits
 * the long phone day into an early and a late shift, with the lunches staggered as presence.ts
 * takes them, and one agent a week on the Friday-night hotline. Sundays the inbox duty roster
 * presence.ts draws is the plan. Every team has a weekly meeting before opening; there are a few
 * trainings (the new agent's first mornings, a product training per team, the under-performer's
 * coaching training) and a few days of leave and sickness, which reality does not honour (the
 * agents are logged in on those days), so they count against adherence.
 *
 * The plan runs two weeks past the data (the weeks a staffing plan looks at). Public holidays are
 * not scheduled. Drawn from a random stream of its own, so the other tables stay what they were.
 */

import type { ScheduleActivity } from '../../core/schema.js';
import { Rng } from './random.js';
import {
  AGENTS,
  type AgentDef,
  HOLIDAYS,
  NEW_AGENT_ID,
  SOURCE,
  type TeamId,
  UNDER_PERFORMER_ID,
} from './scenario.js';
import { DAY, dayNumber, fromAmsterdam, isoUtc, isoWeekday, MINUTE, parseTime } from './time.js';

/** Mixed into the seed so the schedule never shares draws with the contacts or the presence. */
const SCHEDULE_STREAM = 0x5c4e_d01e;
/** Weeks of plan after the data's last day. */
export const PLANNED_WEEKS_AHEAD = 2;

type Activity = ScheduleActivity;

/** One block in local minutes of its day (past 24 × 60 runs into the next day). */
interface LocalBlock {
  start: number;
  end: number;
  activity: Activity;
  note: string;
}

/** A Sunday duty the presence drew: the agent and the shift in local minutes of the day. */
export interface SundayDuty {
  agentId: string;
  day: number;
  start: number;
  end: number;
}

const at = parseTime;

/** Half-day channel rotations per webshop team: who is on what, shifted one agent a day. */
const WEBSHOP_ROLES: Record<'orders' | 'returns', { morning: Activity[]; afternoon: Activity[] }> = {
  orders: { morning: ['chat', 'chat', 'email', 'email'], afternoon: ['email', 'chat', 'social', 'email'] },
  returns: { morning: ['chat', 'email', 'email', 'email'], afternoon: ['email', 'chat', 'email', 'email'] },
};

/** Weekly meetings before opening, so they take nobody off the queues: ISO weekday and time. */
const TEAM_MEETINGS: Record<TeamId, { weekday: number; start: string; end: string }> = {
  orders: { weekday: 2, start: '08:00', end: '08:30' },
  returns: { weekday: 3, start: '08:00', end: '08:30' },
  phone: { weekday: 4, start: '07:30', end: '08:00' },
};

/** Days of the early e-mail shift (08:00–16:30) for one agent of each webshop team. */
const EARLY_EMAIL_WEEKDAYS = new Set([1, 4]);

/** The phone team: early and late shift; lunches staggered by position, as presence.ts takes them. */
const PHONE_EARLY = new Set(['julia', 'lucas']);

/** Trainings, in local time: a day, a time and who attends (a team, or one agent). */
const TRAININGS: readonly {
  date: string;
  start: string;
  end: string;
  attendees: string;
  note: string;
}[] = [
  {
    date: '2026-03-18',
    start: '14:00',
    end: '16:00',
    attendees: 'orders',
    note: 'Product training: new delivery options',
  },
  {
    date: '2026-04-22',
    start: '14:00',
    end: '16:00',
    attendees: 'returns',
    note: 'Product training: refunds and Klarna',
  },
  {
    date: '2026-05-12',
    start: '13:00',
    end: '17:30',
    attendees: UNDER_PERFORMER_ID,
    note: 'Product-knowledge training: capsules and lamps',
  },
];

/** Leave the team lead planned, whole days. */
const LEAVE: readonly { agent: string; from: string; to: string; note: string }[] = [
  { agent: 'emma', from: '2026-02-16', to: '2026-02-18', note: 'Holiday' },
  { agent: 'bram', from: '2026-05-18', to: '2026-05-19', note: 'Holiday' },
  { agent: 'lotte', from: '2026-06-15', to: '2026-06-16', note: 'Holiday' },
  // In the weeks ahead: the staffing plan has to do without her.
  { agent: 'sanne', from: '2026-07-06', to: '2026-07-10', note: 'Holiday' },
];

const HOTLINE = 'Friday-night hotline';

/** Sick days drawn per period: each a whole day of one agent, reported in the morning. */
const SICK_DAYS = 3;

/**
 * The schedule rows of the whole demo, in time order, as CSV fields in the column order of
 * `schedules` (source, external_id, agent_id, starts_at, ends_at, activity, note).
 */
export function scheduleRows(
  period: { firstDay: number; lastDay: number },
  sundayDuties: readonly SundayDuty[],
  seed: number,
): string[][] {
  const r = new Rng((seed ^ SCHEDULE_STREAM) >>> 0);
  const holidays = new Set(HOLIDAYS.map((h) => dayNumber(h.date)));
  const lastPlanned = period.lastDay + 7 * PLANNED_WEEKS_AHEAD;
  const absent = new Map<string, string>();
  for (const leave of LEAVE)
    for (let day = dayNumber(leave.from); day <= dayNumber(leave.to); day++)
      absent.set(`${leave.agent}/${day}`, leave.note);
  const workdays: number[] = [];
  for (let day = period.firstDay; day <= period.lastDay; day++)
    if (isoWeekday(day) <= 5 && !holidays.has(day)) workdays.push(day);
  const regulars = AGENTS.filter((a) => a.id !== NEW_AGENT_ID);
  for (let n = 0; n < SICK_DAYS; n++) absent.set(`${r.pick(regulars).id}/${r.pick(workdays)}`, 'Sick');

  // The weeks ahead repeat the last fortnight's Sunday roster.
  const duties = [...sundayDuties];
  for (const duty of sundayDuties)
    if (duty.day > period.lastDay - 14)
      for (let day = duty.day + 14; day <= lastPlanned; day += 14) duties.push({ ...duty, day });

  const rows: { t: number; fields: string[] }[] = [];
  for (const agent of AGENTS) {
    const startedOn = dayNumber(agent.startedOn);
    let seq = 0;
    const push = (day: number, block: LocalBlock) => {
      seq++;
      const startsAt = fromAmsterdam(day * DAY + block.start * MINUTE);
      const endsAt = fromAmsterdam(day * DAY + block.end * MINUTE);
      rows.push({
        t: startsAt,
        fields: [
          SOURCE,
          `plan-${agent.id}-${String(seq).padStart(5, '0')}`,
          agent.id,
          isoUtc(startsAt),
          isoUtc(endsAt),
          block.activity,
          block.note,
        ],
      });
    };
    for (let day = Math.max(period.firstDay, startedOn); day <= lastPlanned; day++) {
      if (holidays.has(day)) continue;
      const leave = absent.get(`${agent.id}/${day}`);
      const blocks = dayPlan(agent, day, duties, startedOn);
      if (blocks.length === 0) continue;
      if (leave !== undefined) {
        // The day shift's hours, as one block of absence.
        const shift = blocks.filter((b) => b.activity !== 'meeting' && b.note !== HOTLINE);
        if (shift.length > 0) {
          const start = Math.min(...shift.map((b) => b.start));
          const end = Math.max(...shift.map((b) => b.end));
          push(day, { start, end, activity: 'absence', note: leave });
          continue;
        }
      }
      for (const block of blocks) push(day, block);
    }
  }
  rows.sort((x, y) => x.t - y.t || (x.fields[1] ?? '').localeCompare(y.fields[1] ?? ''));
  return rows.map((row) => row.fields);
}

/** An agent's plan for one local day, blocks in time order, touching but never overlapping. */
function dayPlan(
  agent: AgentDef,
  day: number,
  sundayDuties: readonly SundayDuty[],
  startedOn: number,
): LocalBlock[] {
  const weekday = isoWeekday(day);
  // Rotations turn over on Mondays (day 0, 1 January 1970, was a Thursday).
  const week = Math.floor((day + 3) / 7);
  const team = AGENTS.filter((a) => a.team === agent.team && dayNumber(a.startedOn) <= day);
  const position = team.indexOf(agent);
  const blocks: LocalBlock[] = [];
  const meeting = TEAM_MEETINGS[agent.team];
  if (weekday === meeting.weekday)
    blocks.push({
      start: at(meeting.start),
      end: at(meeting.end),
      activity: 'meeting',
      note: 'Team meeting',
    });

  if (weekday === 7) {
    const duty = sundayDuties.find((d) => d.agentId === agent.id && d.day === day);
    if (duty === undefined) return blocks;
    const early = duty.start < at('12:00');
    const lunch = early ? at('12:30') : at('17:00');
    return work(
      duty.start,
      duty.end,
      [early ? 'social' : 'email', early ? 'email' : 'social'],
      [
        { start: duty.start + 120, end: duty.start + 135, activity: 'break', note: 'Break' },
        { start: lunch, end: lunch + 30, activity: 'break', note: 'Lunch' },
        { start: duty.end - 120, end: duty.end - 105, activity: 'break', note: 'Break' },
      ],
      'Sunday inbox duty',
    );
  }

  if (agent.team === 'phone') {
    const phoneTeam = AGENTS.filter((a) => a.team === 'phone');
    const index = phoneTeam.indexOf(agent);
    if (weekday === 5 && phoneTeam[week % phoneTeam.length] === agent)
      blocks.push(
        ...work(
          at('22:00'),
          at('26:00'),
          ['phone', 'phone'],
          [{ start: at('24:00'), end: at('24:15'), activity: 'break', note: 'Break' }],
          HOTLINE,
        ),
      );
    if (weekday > 5) return blocks;
    const lunch = at('11:45') + 45 * (index % 3);
    const dayShift = PHONE_EARLY.has(agent.id)
      ? work(
          at('08:00'),
          at('16:30'),
          ['phone', 'phone'],
          [
            { start: at('10:00'), end: at('10:15'), activity: 'break', note: 'Break' },
            { start: lunch, end: lunch + 30, activity: 'break', note: 'Lunch' },
            { start: at('14:30'), end: at('14:45'), activity: 'break', note: 'Break' },
          ],
        )
      : work(
          at('11:30'),
          at('20:00'),
          ['phone', 'phone'],
          [
            { start: lunch, end: lunch + 30, activity: 'break', note: 'Lunch' },
            { start: at('15:30'), end: at('15:45'), activity: 'break', note: 'Break' },
            { start: at('18:00'), end: at('18:15'), activity: 'break', note: 'Break' },
          ],
        );
    return [...dayShift, ...blocks].sort((x, y) => x.start - y.start);
  }

  const roles = WEBSHOP_ROLES[agent.team];
  const rotate = (list: Activity[]): Activity =>
    list[((position + day) % team.length) % list.length] ?? 'email';
  if (weekday === 6) {
    // Two of the team on Saturdays, taking turns by week.
    const onDuty = [week % team.length, (week + 1) % team.length];
    if (agent.id === NEW_AGENT_ID || !onDuty.includes(position)) return blocks;
    const channel: Activity = onDuty[0] === position ? 'chat' : 'email';
    return work(
      at('10:00'),
      at('14:00'),
      [channel, channel],
      [{ start: at('12:00'), end: at('12:15'), activity: 'break', note: 'Break' }],
    );
  }
  if (weekday > 5) return blocks;
  const stagger = 15 * (position % 3);
  const early =
    EARLY_EMAIL_WEEKDAYS.has(weekday) &&
    (week + weekday) % team.length === position &&
    weekday !== meeting.weekday;
  const shift = early ? { start: at('08:00'), end: at('16:30') } : { start: at('08:30'), end: at('17:30') };
  const morning: Activity = early ? 'email' : rotate(roles.morning);
  const afternoon: Activity = early ? 'email' : rotate(roles.afternoon);
  const pauses: LocalBlock[] = [
    { start: at('10:15') + stagger, end: at('10:30') + stagger, activity: 'break', note: 'Break' },
    { start: at('12:30'), end: at('13:00'), activity: 'break', note: 'Lunch' },
    { start: at('15:15') + stagger, end: at('15:30') + stagger, activity: 'break', note: 'Break' },
  ];
  for (const training of TRAININGS)
    if (
      dayNumber(training.date) === day &&
      (training.attendees === agent.team || training.attendees === agent.id)
    )
      pauses.push({
        start: at(training.start),
        end: at(training.end),
        activity: 'training',
        note: training.note,
      });
  // The new agent's first two days start with an introduction.
  if (day - startedOn < 2 && agent.id === NEW_AGENT_ID)
    pauses.push({
      start: shift.start,
      end: at('12:30'),
      activity: 'training',
      note: 'Introduction training',
    });
  const blocksOfDay = work(
    shift.start,
    shift.end,
    [morning, afternoon],
    pauses,
    early ? 'Early e-mail shift' : '',
  );
  return [...blocks, ...blocksOfDay].sort((x, y) => x.start - y.start);
}

/**
 * A shift from `start` to `end` on a channel before lunch time and another after, cut around its
 * breaks and trainings (`pauses`; an overlapped pause gives way to the one that starts earlier).
 */
function work(
  start: number,
  end: number,
  channels: [Activity, Activity],
  pauses: LocalBlock[],
  note = '',
): LocalBlock[] {
  const kept: LocalBlock[] = [];
  for (const pause of [...pauses].sort((x, y) => x.start - y.start)) {
    const from = Math.max(pause.start, start, kept[kept.length - 1]?.end ?? start);
    const to = Math.min(pause.end, end);
    if (to > from) kept.push({ ...pause, start: from, end: to });
  }
  // The channel changes at lunch; without a lunch, halfway.
  const split = kept.find((pause) => pause.note === 'Lunch')?.start ?? Math.round((start + end) / 2);
  const out: LocalBlock[] = [];
  let cursor = start;
  const fill = (until: number) => {
    while (cursor < until) {
      const stop = cursor < split && until > split ? split : until;
      out.push({ start: cursor, end: stop, activity: cursor < split ? channels[0] : channels[1], note });
      cursor = stop;
    }
  };
  for (const pause of kept) {
    fill(pause.start);
    out.push(pause);
    cursor = pause.end;
  }
  fill(end);
  // Neighbouring blocks of the same channel are one block.
  const merged: LocalBlock[] = [];
  for (const block of out) {
    const last = merged[merged.length - 1];
    if (last && last.end === block.start && last.activity === block.activity && last.note === block.note)
      last.end = block.end;
    else merged.push({ ...block });
  }
  return merged;
}
