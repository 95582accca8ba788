/**
 * An agent's presence over time, from their status events (`agent_status_events`), without a
 * database: the stretches in which they were logged out, paused or available, and for which
 * channels. The rules mirror the live view (src/services/now.ts, src/core/now.ts):
 *
 * - An agent's events are taken in time order; events at the same instant in the order of their
 *   external id, so the outcome does not depend on the order rows were stored in.
 * - Membership is kept per key: the event's channel, else its queue, else '*' (everything).
 *   `login` and `add_member` join that key, `logout` and `remove_member` leave it; a `logout`
 *   naming neither queue nor channel leaves every membership (the agent went home).
 * - The agent is logged in while they hold some membership.
 * - `pause` and `unpause` are per agent, whatever queue they name (a queue system pauses the
 *   person); the pause keeps its reason. A log-in from logged out starts unpaused, as a queue
 *   system does; a pause sent while logged out is therefore forgotten at the next log-in.
 * - State: logged_out (no membership), else paused, else available.
 * - Channels covered: every channel when some membership has no channel (a queue or '*'), else the
 *   channels the memberships name (a chat tool's online status covers chat only).
 * - Before an agent's first event they are logged out; after the last event the state lasts until
 *   `now`. Events after `now` are not read.
 */

export const PRESENCE_STATES = ['logged_out', 'paused', 'available'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** One status event of one agent, as stored. */
export interface StatusEvent {
  externalId: string;
  status: 'login' | 'logout' | 'pause' | 'unpause' | 'add_member' | 'remove_member';
  /** Epoch ms. */
  at: number;
  queue: string | null;
  channel: string | null;
  reason: string | null;
}

/** A stretch of one state, [startMs, endMs). */
export interface PresenceSpan {
  startMs: number;
  endMs: number;
  state: PresenceState;
  /** The pause's reason, while paused. */
  pauseReason: string | null;
  /** The channels the presence covers, sorted; null: every channel. Empty when logged out. */
  channels: readonly string[] | null;
}

const EVERYTHING = '*';

function byTimeThenId(a: StatusEvent, b: StatusEvent): number {
  return a.at - b.at || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);
}

/** Whether `span` covers `channel`: logged in (not necessarily available) for it. */
export function coversChannel(span: Pick<PresenceSpan, 'state' | 'channels'>, channel: string): boolean {
  return span.state !== 'logged_out' && (span.channels === null || span.channels.includes(channel));
}

/**
 * The presence of one agent from their events, up to `nowMs`: logged-in spans and the logged-out
 * spans between them (none before the first event), each at least a millisecond long, neighbours
 * that say the same merged.
 */
export function presenceSpans(events: readonly StatusEvent[], nowMs: number): PresenceSpan[] {
  const ordered = events.filter((e) => e.at <= nowMs).sort(byTimeThenId);
  // key → the channel it is for (null: every channel)
  const memberships = new Map<string, string | null>();
  let paused = false;
  let pauseReason: string | null = null;
  const spans: PresenceSpan[] = [];
  let current: Omit<PresenceSpan, 'endMs'> | null = null;

  const stateNow = (): Omit<PresenceSpan, 'startMs' | 'endMs'> => {
    if (memberships.size === 0) return { state: 'logged_out', pauseReason: null, channels: [] };
    const named = [...memberships.values()];
    const channels = named.includes(null)
      ? null
      : [...new Set(named.filter((c): c is string => c !== null))].sort();
    return paused
      ? { state: 'paused', pauseReason, channels }
      : { state: 'available', pauseReason: null, channels };
  };
  const same = (a: Omit<PresenceSpan, 'startMs' | 'endMs'>, b: Omit<PresenceSpan, 'startMs' | 'endMs'>) =>
    a.state === b.state &&
    a.pauseReason === b.pauseReason &&
    (a.channels === null
      ? b.channels === null
      : b.channels !== null && a.channels.join('|') === b.channels.join('|'));

  for (const event of ordered) {
    const key = event.channel ?? event.queue ?? EVERYTHING;
    switch (event.status) {
      case 'login':
      case 'add_member':
        if (memberships.size === 0) {
          paused = false;
          pauseReason = null;
        }
        memberships.set(key, event.channel);
        break;
      case 'logout':
        if (event.channel === null && event.queue === null) memberships.clear();
        else memberships.delete(key);
        break;
      case 'remove_member':
        memberships.delete(key);
        break;
      case 'pause':
        paused = true;
        pauseReason = event.reason;
        break;
      case 'unpause':
        paused = false;
        pauseReason = null;
        break;
    }
    const next = stateNow();
    if (current !== null && same(current, next)) continue;
    if (current !== null && event.at > current.startMs) spans.push({ ...current, endMs: event.at });
    current = { startMs: event.at, ...next };
  }
  if (current !== null && nowMs > current.startMs) spans.push({ ...current, endMs: nowMs });
  // A change and its undoing at the same instant leave two equal neighbours.
  const merged: PresenceSpan[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && last.endMs === span.startMs && same(last, span)) last.endMs = span.endMs;
    else merged.push({ ...span });
  }
  return merged;
}
