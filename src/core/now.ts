/**
 * The pure parts of the "Now" view: which windows of time "today so far" is compared with, and what
 * state an agent is in from their latest status changes.
 */
import { DateTime } from 'luxon';

/** One stretch of time, as naive UTC timestamps (the form the tables store) and its local day. */
export interface DayWindow {
  /** The local date, YYYY-MM-DD. */
  day: string;
  fromUtc: string;
  toUtc: string;
}

/** How many earlier same weekdays today is compared with. */
export const COMPARED_WEEKS = 4;

function naiveUtc(time: DateTime): string {
  return time.toUTC().toFormat('yyyy-LL-dd HH:mm:ss.SSS');
}

/**
 * Today from local midnight up to `now`, then the same weekday of each of the last four weeks from
 * its midnight up to the same time of day on the wall clock (so a week across a clock change still
 * ends at the same local time).
 */
export function todayAndSameWeekdays(now: Date, timezone: string): DayWindow[] {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const windows: DayWindow[] = [];
  for (let weeksAgo = 0; weeksAgo <= COMPARED_WEEKS; weeksAgo++) {
    const end = local.minus({ weeks: weeksAgo });
    windows.push({
      day: end.toFormat('yyyy-LL-dd'),
      fromUtc: naiveUtc(end.startOf('day')),
      toUtc: naiveUtc(end),
    });
  }
  return windows;
}

/** The local date and wall-clock time of `now`, as the KPI query takes them. */
export function localDayAndTime(
  now: Date,
  timezone: string,
): { today: string; tomorrow: string; time: string } {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  return {
    today: local.toFormat('yyyy-LL-dd'),
    tomorrow: local.plus({ days: 1 }).toFormat('yyyy-LL-dd'),
    time: local.toFormat("yyyy-LL-dd'T'HH:mm:ss"),
  };
}

export const AGENT_STATES = ['available', 'paused', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The latest log-in or log-out of one agent in one queue (`queue` null: all queues). */
export interface MembershipChange {
  queue: string | null;
  /** login or add_member: in; logout or remove_member: out. */
  joined: boolean;
  at: string;
}

/** The latest pause or unpause of one agent, whichever queue it named. */
export interface PauseChange {
  paused: boolean;
  at: string;
  reason: string | null;
}

export interface AgentStateNow {
  state: AgentState;
  /** Since when the agent has been in that state, as far as the events tell. */
  since: string | null;
  /** The queues the agent is logged in to; empty when logged in to all (a change without a queue). */
  queues: string[];
  reason: string | null;
}

/**
 * An agent's state from their latest changes. A log-out without a queue ends every queue's log-in
 * before it; the agent is logged in while any queue's latest change (after that) is a log-in. A
 * pause counts while it is the latest pause change and no log-in came after it: logging in again
 * starts unpaused, as a queue system does.
 */
export function agentStateNow(
  memberships: readonly MembershipChange[],
  pause: PauseChange | null,
): AgentStateNow {
  const everywhere = memberships.find((m) => m.queue === null);
  const loggedOutEverywhereAt = everywhere && !everywhere.joined ? everywhere.at : null;
  const current = memberships.filter(
    (m) => m.joined && (loggedOutEverywhereAt === null || m.at > loggedOutEverywhereAt),
  );
  if (current.length === 0) {
    const lastOut = memberships.filter((m) => !m.joined).reduce<string | null>(latest, null);
    return { state: 'offline', since: lastOut, queues: [], reason: null };
  }
  const loggedInAt = current.map((m) => m.at).reduce<string | null>(latest, null) ?? '';
  const queues = current.some((m) => m.queue === null) ? [] : current.map((m) => m.queue ?? '').sort();
  if (pause?.paused && pause.at >= loggedInAt)
    return { state: 'paused', since: pause.at, queues, reason: pause.reason };
  const since = pause && !pause.paused && pause.at > loggedInAt ? pause.at : loggedInAt;
  return { state: 'available', since, queues, reason: null };
}

function latest(found: string | null, change: { at: string } | string): string {
  const at = typeof change === 'string' ? change : change.at;
  return found === null || at > found ? at : found;
}
