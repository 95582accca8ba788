/**
 * The workforce facts, without a database: how each agent's time was spent against their schedule
 * (agent facts), whether the agents available covered those scheduled in the opening hours
 * (coverage facts), and whether each shift started on time (shift facts). The service
 * (src/services/workforce/facts.ts) reads the tables, calls these and writes the rows.
 *
 * Agent facts. Each agent's timeline is cut at every schedule boundary, presence change (see
 * presence.ts), handling change and every 15-minute UTC boundary, up to `now`; a piece belongs to
 * the 15-minute UTC interval it lies in (`interval_start`), and pieces neither scheduled nor logged
 * in are dropped. Pieces of one agent and interval that say the same are added up into one row.
 * - activity: the scheduled activity, or none. Where blocks overlap, the later-starting one wins
 *   (a break inside a shift); blocks starting together: the shorter one, then the greater id.
 * - scheduled: an activity is set; paid: scheduled (absence is paid leave here: time off without
 *   pay is left out of the schedule); on_contacts: the activity is phone, chat, email or social.
 * - channel: the activity when it is a contact activity; else, unscheduled and available, the
 *   presence's channel when it names exactly one; else none.
 * - state, pause_reason, available (state available): the presence.
 * - handling: the agent is working a contact: from a call's or chat's `answer` to its next `answer`
 *   or `end` (the agent of the answer), from `acw_start` to the next `acw_end` (the agent of the
 *   start), and for `writtenReplyMinutes` before each public reply of an agent on an e-mail, social
 *   or web-form contact. A start without its end counts nothing.
 * - adhered: scheduled and either on contacts and available, or away from contacts and not
 *   available (on a break, in training, logged out while absent).
 * - shrinkage_reason, for scheduled time only: the activity when it is away from contacts (break,
 *   training, meeting, other_work, absence); `unplanned_pause` when on contacts and paused;
 *   `not_logged_in` when on contacts and logged out; none when on contacts and available.
 * - minutes: the piece's length in minutes.
 *
 * Coverage facts, per team and contact channel, inside the opening hours of the team's calendar
 * (every minute when there is none): the timeline is cut at every change of the number of the
 * team's agents scheduled on the channel and of those available for it, at the opening hours'
 * edges and at every 15-minute UTC boundary, up to `now`; pieces with nobody scheduled are dropped.
 * An agent is available for a channel when available with a presence covering it and either
 * scheduled on it or unscheduled with a presence naming it. covered: available ≥ scheduled.
 *
 * Shift facts. An agent's blocks other than absence, each starting less than 60 minutes after the
 * end of the ones before, form a shift; it starts with its first block on contacts (a shift without
 * one is none here), whose activity is its channel, and ends with its last block. The agent is on
 * time when first available for that channel at or after 60 minutes before the start, and before
 * the shift's end, no later than `graceMinutes` after the start. Never available: missed (and
 * late). late_minutes: from the start to first available, when late and not missed, else 0. Only
 * shifts judged by `now` count: those whose start plus the grace minutes has passed (a shift
 * running without the agent counts as missed until they come, and the next rebuild says so).
 */
import { CONTACT_ACTIVITIES, type ScheduleActivity } from '../schema.js';
import { coversChannel, type PresenceSpan, type PresenceState } from './presence.js';

export const FACT_INTERVAL_MS = 15 * 60_000;
/** Blocks this close together are one shift; a log-in this long before a shift counts for it. */
export const SHIFT_GAP_MS = 60 * 60_000;
export const SHRINKAGE_REASONS = [
  'break',
  'training',
  'meeting',
  'other_work',
  'absence',
  'unplanned_pause',
  'not_logged_in',
] as const;
export type ShrinkageReason = (typeof SHRINKAGE_REASONS)[number];

const MINUTE_MS = 60_000;
const CONTACT_ACTIVITY_SET: ReadonlySet<string> = new Set(CONTACT_ACTIVITIES);

export function isContactActivity(activity: string | null): boolean {
  return activity !== null && CONTACT_ACTIVITY_SET.has(activity);
}

/** One schedule block, [startMs, endMs). `id` orders blocks that start together and are as long. */
export interface ScheduledBlock {
  id: string;
  startMs: number;
  endMs: number;
  activity: ScheduleActivity;
}

export interface Span {
  startMs: number;
  endMs: number;
}

export interface AgentTimeline {
  agentId: string;
  teamId: string | null;
  blocks: readonly ScheduledBlock[];
  /** From presenceSpans. */
  presence: readonly PresenceSpan[];
  /** Times working a contact; may overlap. */
  handling: readonly Span[];
}

export interface AgentFactRow {
  agentId: string;
  teamId: string | null;
  intervalStartMs: number;
  activity: ScheduleActivity | null;
  channel: string | null;
  scheduled: boolean;
  paid: boolean;
  onContacts: boolean;
  state: PresenceState;
  pauseReason: string | null;
  available: boolean;
  handling: boolean;
  adhered: boolean;
  shrinkageReason: ShrinkageReason | null;
  minutes: number;
}

export interface CoverageFactRow {
  teamId: string | null;
  channel: string;
  intervalStartMs: number;
  covered: boolean;
  scheduledAgents: number;
  availableAgents: number;
  minutes: number;
}

export interface ShiftFactRow {
  agentId: string;
  teamId: string | null;
  channel: string;
  shiftStartMs: number;
  shiftEndMs: number;
  firstAvailableMs: number | null;
  late: boolean;
  missed: boolean;
  lateMinutes: number;
}

/** A stretch of an agent's time in which nothing changes: schedule, presence and handling alike. */
export interface AgentPiece {
  startMs: number;
  endMs: number;
  activity: ScheduleActivity | null;
  presence: PresenceSpan | null;
  handling: boolean;
}

interface ActivitySegment extends Span {
  activity: ScheduleActivity;
}

/** Which block wins where blocks overlap: the later start, then the shorter, then the greater id. */
function wins(a: ScheduledBlock, b: ScheduledBlock): boolean {
  if (a.startMs !== b.startMs) return a.startMs > b.startMs;
  if (a.endMs !== b.endMs) return a.endMs < b.endMs;
  return a.id > b.id;
}

/** The schedule as non-overlapping segments, each with the activity that wins there. */
export function activitySegments(blocks: readonly ScheduledBlock[], untilMs: number): ActivitySegment[] {
  const valid = blocks.filter((b) => b.endMs > b.startMs && b.startMs < untilMs);
  const cuts = [...new Set(valid.flatMap((b) => [b.startMs, Math.min(b.endMs, untilMs)]))].sort(
    (a, b) => a - b,
  );
  const segments: ActivitySegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const startMs = cuts[i] as number;
    const endMs = cuts[i + 1] as number;
    let winner: ScheduledBlock | null = null;
    for (const block of valid) {
      if (block.startMs <= startMs && block.endMs >= endMs && (winner === null || wins(block, winner)))
        winner = block;
    }
    if (winner === null) continue;
    const last = segments.at(-1);
    if (last && last.endMs === startMs && last.activity === winner.activity) last.endMs = endMs;
    else segments.push({ startMs, endMs, activity: winner.activity });
  }
  return segments;
}

/** The union of possibly overlapping spans, sorted and apart. */
export function unionOf(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.endMs > s.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else out.push({ ...span });
  }
  return out;
}

/** The element of sorted, non-overlapping `spans` containing `ms`, or null. */
function spanAt<T extends Span>(spans: readonly T[], ms: number): T | null {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const span = spans[middle] as T;
    if (ms < span.startMs) high = middle - 1;
    else if (ms >= span.endMs) low = middle + 1;
    else return span;
  }
  return null;
}

/** An agent's time up to `nowMs` cut where schedule, presence or handling changes. */
export function agentPieces(timeline: AgentTimeline, nowMs: number): AgentPiece[] {
  const activities = activitySegments(timeline.blocks, nowMs);
  const handling = unionOf(timeline.handling);
  const presence = timeline.presence.filter((p) => p.startMs < nowMs);
  const cuts = new Set<number>();
  for (const list of [activities, handling, presence])
    for (const s of list) {
      cuts.add(s.startMs);
      cuts.add(Math.min(s.endMs, nowMs));
    }
  const sorted = [...cuts].filter((c) => c <= nowMs).sort((a, b) => a - b);
  const pieces: AgentPiece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const startMs = sorted[i] as number;
    const endMs = sorted[i + 1] as number;
    pieces.push({
      startMs,
      endMs,
      activity: spanAt(activities, startMs)?.activity ?? null,
      presence: spanAt(presence, startMs),
      handling: spanAt(handling, startMs) !== null,
    });
  }
  return pieces;
}

/** [startMs, endMs) split at the 15-minute UTC boundaries, each part with its interval's start. */
function* byInterval(startMs: number, endMs: number): Generator<{ intervalStartMs: number; ms: number }> {
  let at = startMs;
  while (at < endMs) {
    const intervalStartMs = Math.floor(at / FACT_INTERVAL_MS) * FACT_INTERVAL_MS;
    const until = Math.min(endMs, intervalStartMs + FACT_INTERVAL_MS);
    yield { intervalStartMs, ms: until - at };
    at = until;
  }
}

function shrinkageOf(activity: ScheduleActivity | null, state: PresenceState): ShrinkageReason | null {
  if (activity === null) return null;
  if (!isContactActivity(activity)) return activity as ShrinkageReason;
  if (state === 'paused') return 'unplanned_pause';
  if (state === 'logged_out') return 'not_logged_in';
  return null;
}

/** The agent facts of one agent (see the module comment). */
export function agentFacts(
  timeline: AgentTimeline,
  nowMs: number,
  pieces = agentPieces(timeline, nowMs),
): AgentFactRow[] {
  const rows = new Map<string, AgentFactRow>();
  for (const piece of pieces) {
    const state: PresenceState = piece.presence?.state ?? 'logged_out';
    const scheduled = piece.activity !== null;
    if (!scheduled && state === 'logged_out') continue;
    const onContacts = isContactActivity(piece.activity);
    const available = state === 'available';
    const channels = piece.presence?.channels ?? null;
    const channel = onContacts
      ? piece.activity
      : !scheduled && available && channels !== null && channels.length === 1
        ? (channels[0] ?? null)
        : null;
    const pauseReason = state === 'paused' ? (piece.presence?.pauseReason ?? null) : null;
    const shrinkageReason = shrinkageOf(piece.activity, state);
    const adhered = scheduled && (onContacts ? available : !available);
    for (const part of byInterval(piece.startMs, piece.endMs)) {
      const key = [part.intervalStartMs, piece.activity, channel, state, pauseReason, piece.handling].join(
        '\u0000',
      );
      const row = rows.get(key);
      if (row) {
        row.minutes += part.ms / MINUTE_MS;
        continue;
      }
      rows.set(key, {
        agentId: timeline.agentId,
        teamId: timeline.teamId,
        intervalStartMs: part.intervalStartMs,
        activity: piece.activity,
        channel,
        scheduled,
        paid: scheduled,
        onContacts,
        state,
        pauseReason,
        available,
        handling: piece.handling,
        adhered,
        shrinkageReason,
        minutes: part.ms / MINUTE_MS,
      });
    }
  }
  return [...rows.values()];
}

/** Whether the piece's agent is available for `channel` (see the module comment). */
function availableFor(piece: AgentPiece, channel: string): boolean {
  const presence = piece.presence;
  if (presence === null || presence.state !== 'available' || !coversChannel(presence, channel)) return false;
  if (piece.activity !== null) return piece.activity === channel;
  return presence.channels?.includes(channel) === true;
}

/**
 * The coverage facts of one team: `pieces` are its agents' pieces (agentPieces), `open` the
 * opening hours of its calendar as sorted, apart spans, or null when it has none (always open).
 */
export function coverageFacts(
  teamId: string | null,
  agents: readonly (readonly AgentPiece[])[],
  open: readonly Span[] | null,
  nowMs: number,
): CoverageFactRow[] {
  const rows: CoverageFactRow[] = [];
  for (const channel of CONTACT_ACTIVITIES) {
    const deltas = new Map<number, { scheduled: number; available: number }>();
    const add = (at: number, scheduled: number, available: number) => {
      const delta = deltas.get(at) ?? { scheduled: 0, available: 0 };
      delta.scheduled += scheduled;
      delta.available += available;
      deltas.set(at, delta);
    };
    for (const pieces of agents)
      for (const piece of pieces) {
        const scheduled = piece.activity === channel ? 1 : 0;
        const available = availableFor(piece, channel) ? 1 : 0;
        if (scheduled === 0 && available === 0) continue;
        add(piece.startMs, scheduled, available);
        add(Math.min(piece.endMs, nowMs), -scheduled, -available);
      }
    if (deltas.size === 0) continue;
    const times = [...deltas.keys()].sort((a, b) => a - b);
    const byKey = new Map<string, CoverageFactRow>();
    let scheduled = 0;
    let available = 0;
    for (let i = 0; i + 1 < times.length; i++) {
      const at = times[i] as number;
      const delta = deltas.get(at);
      scheduled += delta?.scheduled ?? 0;
      available += delta?.available ?? 0;
      const until = times[i + 1] as number;
      if (scheduled < 1 || at >= nowMs) continue;
      for (const part of openParts(at, Math.min(until, nowMs), open))
        for (const slice of byInterval(part.startMs, part.endMs)) {
          const key = `${slice.intervalStartMs}|${scheduled}|${available}`;
          const row = byKey.get(key);
          if (row) row.minutes += slice.ms / MINUTE_MS;
          else
            byKey.set(key, {
              teamId,
              channel,
              intervalStartMs: slice.intervalStartMs,
              covered: available >= scheduled,
              scheduledAgents: scheduled,
              availableAgents: available,
              minutes: slice.ms / MINUTE_MS,
            });
        }
    }
    rows.push(...byKey.values());
  }
  return rows;
}

/** The parts of [startMs, endMs) inside the opening hours (all of it when there are none). */
function openParts(startMs: number, endMs: number, open: readonly Span[] | null): Span[] {
  if (endMs <= startMs) return [];
  if (open === null) return [{ startMs, endMs }];
  // The first opening span that ends after the start.
  let low = 0;
  let high = open.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((open[middle] as Span).endMs <= startMs) low = middle + 1;
    else high = middle;
  }
  const parts: Span[] = [];
  for (let i = low; i < open.length; i++) {
    const span = open[i] as Span;
    if (span.startMs >= endMs) break;
    const from = Math.max(span.startMs, startMs);
    const to = Math.min(span.endMs, endMs);
    if (to > from) parts.push({ startMs: from, endMs: to });
  }
  return parts;
}

/** The shift facts of one agent (see the module comment). */
export function shiftFacts(
  timeline: AgentTimeline,
  options: { graceMinutes: number; nowMs: number },
): ShiftFactRow[] {
  const blocks = timeline.blocks
    .filter((b) => b.activity !== 'absence' && b.endMs > b.startMs)
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const shifts: ScheduledBlock[][] = [];
  let endOfShift = Number.NEGATIVE_INFINITY;
  for (const block of blocks) {
    const current = shifts.at(-1);
    if (current && block.startMs - endOfShift < SHIFT_GAP_MS) current.push(block);
    else {
      shifts.push([block]);
      endOfShift = Number.NEGATIVE_INFINITY;
    }
    endOfShift = Math.max(endOfShift, block.endMs);
  }
  const graceMs = options.graceMinutes * MINUTE_MS;
  const rows: ShiftFactRow[] = [];
  for (const shift of shifts) {
    const first = shift.find((b) => isContactActivity(b.activity));
    if (first === undefined) continue;
    const startMs = first.startMs;
    const endMs = Math.max(...shift.map((b) => b.endMs));
    if (startMs + graceMs > options.nowMs) continue;
    const from = startMs - SHIFT_GAP_MS;
    const until = Math.min(endMs, options.nowMs);
    const came = timeline.presence.find(
      (p) =>
        p.state === 'available' && coversChannel(p, first.activity) && p.endMs > from && p.startMs < until,
    );
    const firstAvailableMs = came === undefined ? null : Math.max(came.startMs, from);
    const missed = firstAvailableMs === null;
    const late = missed || firstAvailableMs > startMs + graceMs;
    rows.push({
      agentId: timeline.agentId,
      teamId: timeline.teamId,
      channel: first.activity,
      shiftStartMs: startMs,
      shiftEndMs: endMs,
      firstAvailableMs,
      late,
      missed,
      lateMinutes: late && !missed ? (firstAvailableMs - startMs) / MINUTE_MS : 0,
    });
  }
  return rows;
}
