/**
 * The demo team's presence: when each agent logs in, pauses and logs out (`agent_status_events`).
 *
 * Shifts follow the team's opening hours, with a lunch pause and short breaks, and bend around the
 * work the contacts give each agent: whoever answers a call or chat, replies or writes a note is
 * logged in and not paused at that moment. On Sundays, when the calendars are closed, a small duty
 * roster watches the inboxes, so the demo's last day (a Sunday) has agents in every state.
 *
 * Drawn from a random stream of its own, so the other tables stay exactly what they were for a seed.
 */
import { csvField } from './csv.js';
import { Rng } from './random.js';
import { AGENTS, type AgentDef, HOLIDAYS, NEW_AGENT_ID, SOURCE, type TeamId } from './scenario.js';
import {
  type BusinessCalendar,
  DAY,
  dayNumber,
  fromAmsterdam,
  isoUtc,
  isoWeekday,
  MINUTE,
  toAmsterdam,
} from './time.js';

/** Mixed into the seed so presence never shares draws with the contacts. */
const PRESENCE_STREAM = 0x5e55_10a7;
/** Windows this close together are one session: the webshop's lunch closure becomes a pause. */
const MERGE_GAP = 45 * MINUTE;
/** Work this close together is one stretch of being logged in outside the opening hours. */
const CLUSTER_GAP = 20 * MINUTE;
/** Writing a reply or a note takes a moment before its event. */
const WRITING = 2 * MINUTE;
/** How far a pause may move from its planned time to fall between contacts. */
const PAUSE_SLACK = 90 * MINUTE;

/**
 * Sunday inbox duty, in local minutes of the day: the calendars are closed, but someone watches
 * social media and the live chat. Two of the orders and returns agents, one early, one late.
 */
const SUNDAY_SHIFTS: readonly { start: number; end: number }[] = [
  { start: 9 * 60, end: 17 * 60 },
  { start: 13 * 60, end: 21 * 60 },
];

/** The minutes each agent is busy with a contact, from the events the generator writes. */
export class AgentActivity {
  private readonly busy = new Map<string, Uint8Array>();

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {
    const minutes = Math.ceil((to - from) / MINUTE) + 1;
    for (const agent of AGENTS) this.busy.set(agent.id, new Uint8Array(minutes));
  }

  /** Marks `agent` busy from `start` to `end` (seconds, both included). */
  mark(agent: string, start: number, end: number): void {
    const minutes = this.busy.get(agent);
    if (minutes === undefined) return;
    const first = Math.max(0, Math.floor((Math.max(start, this.from) - this.from) / MINUTE));
    const last = Math.min(minutes.length - 1, Math.floor((Math.min(end, this.to) - this.from) / MINUTE));
    for (let m = first; m <= last; m++) minutes[m] = 1;
  }

  /** Whether `agent` has work anywhere in [start, end). */
  busyBetween(agent: string, start: number, end: number): boolean {
    const minutes = this.busy.get(agent);
    if (minutes === undefined) return false;
    const first = Math.max(0, Math.floor((start - this.from) / MINUTE));
    const last = Math.min(minutes.length - 1, Math.floor((end - 1 - this.from) / MINUTE));
    for (let m = first; m <= last; m++) if (minutes[m]) return true;
    return false;
  }

  /** The stretches of work of `agent`, joined where less than CLUSTER_GAP apart, as [start, end]. */
  stretches(agent: string): [number, number][] {
    const minutes = this.busy.get(agent);
    const out: [number, number][] = [];
    if (minutes === undefined) return out;
    let start = -1;
    let last = -1;
    for (let m = 0; m < minutes.length; m++) {
      if (!minutes[m]) continue;
      if (start >= 0 && (m - last) * MINUTE > CLUSTER_GAP) {
        out.push([this.from + start * MINUTE, this.from + (last + 1) * MINUTE]);
        start = -1;
      }
      if (start < 0) start = m;
      last = m;
    }
    if (start >= 0) out.push([this.from + start * MINUTE, this.from + (last + 1) * MINUTE]);
    return out;
  }
}

/** One contact event as far as presence needs it. */
export interface ActivityEvent {
  t: number;
  kind: string;
  actor: string;
  agent: string;
}

/**
 * Marks the work in one contact's events (in time order): a call or chat from its answer to its
 * end and after-call work, every other action of an agent for the moment of writing it.
 */
export function markContactWork(activity: AgentActivity, events: readonly ActivityEvent[]): void {
  const handling = new Map<string, number>();
  for (const e of events) {
    if (e.actor !== 'agent' || e.agent === '') continue;
    if (e.kind === 'answer') handling.set(e.agent, e.t);
    else if (e.kind === 'end' || e.kind === 'acw_end') {
      activity.mark(e.agent, handling.get(e.agent) ?? e.t - WRITING, e.t);
      handling.set(e.agent, e.t);
    } else if (e.kind !== 'acw_start') activity.mark(e.agent, e.t - WRITING, e.t);
  }
}

export interface PresenceCalendars {
  webshop: BusinessCalendar;
  phoneLate: BusinessCalendar;
}

interface Session {
  start: number;
  end: number;
  /** A planned shift (opening hours or Sunday duty), which gets its pauses; else a stretch of work. */
  planned: boolean;
}

interface StatusRow {
  t: number;
  agent: string;
  status: 'login' | 'logout' | 'pause' | 'unpause';
  reason: string;
}

/**
 * The presence rows of the whole demo, in time order, as CSV fields in the column order of
 * `agent_status_events` (source, external_id, agent_id, status, occurred_at, queue, reason,
 * channel). `onSundayDuty` hears the Sunday duty roster as it is drawn: the schedule plans it.
 */
export function presenceRows(
  activity: AgentActivity,
  calendars: PresenceCalendars,
  period: { firstDay: number; lastDay: number },
  seed: number,
  onSundayDuty?: (duty: { agentId: string; day: number; start: number; end: number }) => void,
): string[][] {
  const r = new Rng((seed ^ PRESENCE_STREAM) >>> 0);
  const holidays = new Set(HOLIDAYS.map((h) => dayNumber(h.date)));
  const planned = new Map<string, Session[]>(AGENTS.map((a) => [a.id, []]));
  const periodStart = fromAmsterdam(period.firstDay * DAY);
  const periodEnd = fromAmsterdam((period.lastDay + 1) * DAY);

  for (const agent of AGENTS) {
    const calendar = agent.team === 'phone' ? calendars.phoneLate : calendars.webshop;
    const startedAt = fromAmsterdam(dayNumber(agent.startedOn) * DAY);
    for (const [start, end] of calendar.openIntervals()) {
      if (start < periodStart || start >= periodEnd || start < startedAt) continue;
      // Logged in a few minutes before opening, out a few minutes after closing.
      planned.get(agent.id)?.push({ start: start - r.int(60, 600), end: end + r.int(0, 480), planned: true });
    }
  }
  const sundayPool = AGENTS.filter((a) => (['orders', 'returns'] as TeamId[]).includes(a.team));
  for (let day = period.firstDay; day <= period.lastDay; day++) {
    if (isoWeekday(day) !== 7 || holidays.has(day)) continue;
    const onDuty = new Set<string>();
    for (const shift of SUNDAY_SHIFTS) {
      const available = sundayPool.filter(
        (a) => !onDuty.has(a.id) && dayNumber(a.startedOn) <= day && a.id !== NEW_AGENT_ID,
      );
      const agent = r.pick(available);
      onSundayDuty?.({ agentId: agent.id, day, start: shift.start, end: shift.end });
      onDuty.add(agent.id);
      planned.get(agent.id)?.push({
        start: fromAmsterdam(day * DAY + shift.start * MINUTE) - r.int(0, 300),
        end: fromAmsterdam(day * DAY + shift.end * MINUTE) + r.int(0, 300),
        planned: true,
      });
    }
  }

  const rows: StatusRow[] = [];
  for (const agent of AGENTS) {
    const windows = [...(planned.get(agent.id) ?? [])];
    // Work outside every planned shift (a chat running past closing, a late escalation) gets a
    // log-in of its own, which joins the shift next to it.
    for (const [start, end] of activity.stretches(agent.id))
      windows.push({ start: start - r.int(60, 240), end: end + r.int(60, 300), planned: false });
    for (const session of mergeSessions(windows)) {
      rows.push({ t: session.start, agent: agent.id, status: 'login', reason: '' });
      if (session.planned) rows.push(...pauses(agent, session, activity, r));
      rows.push({ t: session.end, agent: agent.id, status: 'logout', reason: '' });
    }
  }
  rows.sort((x, y) => x.t - y.t || x.agent.localeCompare(y.agent) || order(x.status) - order(y.status));
  const seq = new Map<string, number>();
  return rows.map((row) => {
    const n = (seq.get(row.agent) ?? 0) + 1;
    seq.set(row.agent, n);
    return [
      SOURCE,
      `presence-${row.agent}-${String(n).padStart(6, '0')}`,
      row.agent,
      row.status,
      isoUtc(row.t),
      '',
      csvField(row.reason),
      // Presence for every channel the agent works.
      '',
    ];
  });
}

/** Within one instant a log-in comes before a pause, and a pause ends before a log-out. */
function order(status: StatusRow['status']): number {
  return { login: 0, unpause: 1, pause: 2, logout: 3 }[status];
}

function mergeSessions(windows: Session[]): Session[] {
  const sorted = windows.sort((x, y) => x.start - y.start);
  const merged: Session[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end + MERGE_GAP) {
      last.end = Math.max(last.end, w.end);
      last.planned ||= w.planned;
    } else merged.push({ ...w });
  }
  return merged;
}

/**
 * A lunch pause in a long session and a short break in each half, each moved to where the agent
 * has no contact in hand; a pause that finds no such moment is skipped, as it would be on a busy day.
 */
function pauses(agent: AgentDef, session: Session, activity: AgentActivity, r: Rng): StatusRow[] {
  const length = session.end - session.start;
  const localStart = toAmsterdam(session.start);
  const day = Math.floor(localStart / DAY);
  const at = (hour: number) => fromAmsterdam(day * DAY + Math.round(hour * 3600));
  const plans: { t: number; minutes: number; reason: string }[] = [];
  if (length >= 5 * 3600) {
    // The webshop closes 12:30–13:00; the phone line stays open, so its agents take turns.
    const lunch =
      agent.team === 'phone'
        ? at(11.75 + 0.75 * (AGENTS.filter((a) => a.team === 'phone').indexOf(agent) % 3))
        : at(12.5);
    const middle = session.start + Math.round(length / 2);
    plans.push({ t: Math.abs(lunch - middle) < 3 * 3600 ? lunch : middle, minutes: 30, reason: 'lunch' });
  }
  if (length >= 3 * 3600)
    plans.push({ t: session.start + 2 * 3600 + r.int(-1200, 1200), minutes: r.int(10, 15), reason: 'break' });
  if (length >= 7 * 3600)
    plans.push({ t: session.end - 2 * 3600 + r.int(-1200, 1200), minutes: r.int(10, 15), reason: 'break' });
  const taken: [number, number][] = [];
  const out: StatusRow[] = [];
  for (const plan of plans) {
    const span = plan.minutes * MINUTE;
    for (let shift = 0; shift <= PAUSE_SLACK; shift += 5 * MINUTE) {
      const candidates = shift === 0 ? [plan.t] : [plan.t + shift, plan.t - shift];
      const start = candidates.find(
        (t) =>
          t >= session.start + 30 * MINUTE &&
          t + span <= session.end - 30 * MINUTE &&
          !activity.busyBetween(agent.id, t, t + span) &&
          taken.every(([a, b]) => t + span <= a || t >= b),
      );
      if (start === undefined) continue;
      taken.push([start, start + span]);
      out.push({ t: start, agent: agent.id, status: 'pause', reason: plan.reason });
      out.push({ t: start + span, agent: agent.id, status: 'unpause', reason: '' });
      break;
    }
  }
  return out;
}
