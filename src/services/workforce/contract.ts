/**
 * The workforce capability's shared types: what the facts, the schedules, the forecasts and the
 * staffing week hand each other, and what the server, the command line and the dashboard show.
 * Kept apart so that every layer names the same.
 */

import type { ScheduleActivity } from '../../core/schema.js';
import type { QueueModel, StaffingTarget } from '../../core/workforce/erlang.js';
import type { IntervalMinutes } from '../../core/workforce/forecast.js';

/** The source of every schedule block made or changed in servicemeter. */
export const WORKFORCE_SOURCE = 'servicemeter';

/** Channels the staffing week plans: queued ones with an Erlang model, written ones by workload. */
export const STAFFED_CHANNELS = ['phone', 'chat', 'email', 'social'] as const;
export type StaffedChannel = (typeof STAFFED_CHANNELS)[number];

/** Who is asking: the signed-in user, with the agent they are (agents only). */
export interface WorkforceActor {
  userId: string;
  role: 'admin' | 'manager' | 'agent' | 'viewer' | 'finance';
  agentId: string | null;
}

export type WorkforceProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'conflict'; reason: string };

/**
 * What a team lead sets once (workforce_settings, one JSON value per key). Every field has a
 * default (DEFAULT_WORKFORCE_SETTINGS in settings.ts).
 */
export interface WorkforceSettings {
  /** Minutes after a shift's start within which logging in is not late. Default 5. */
  graceMinutes: number;
  /** The staffing week's interval. Default 30. */
  intervalMinutes: IntervalMinutes;
  /** Phone and chat: Erlang A (patience from the team's own waits) or C. Default erlang-a. */
  model: QueueModel;
  /** Per channel: what the staffing aims for. Defaults: phone 80 % in 20 s, chat 80 % in 30 s; e-mail and social answered within 1 h (responseTargetSeconds). */
  targets: {
    phone: StaffingTarget;
    chat: StaffingTarget;
    email: { responseTargetSeconds: number };
    social: { responseTargetSeconds: number };
  };
  /** Chats an agent handles at once. Default 2. */
  chatConcurrency: number;
  /** The highest occupancy planned for. Default 0.85. */
  maxOccupancy: number;
  /**
   * Share of paid time not available for contacts, added to go from required to scheduled
   * (required ÷ (1 − shrinkage)). Null: measured, the team's shrinkage over the last 8 weeks.
   */
  shrinkage: number | null;
  /** Work time counted before each written reply (e-mail, social) for occupancy and workload when no handle time is recorded. Default 5. */
  writtenReplyMinutes: number;
}

/** A schedule block as stored (canonical `schedules`) and shown. */
export interface ScheduleBlock {
  source: string;
  externalId: string;
  agentId: string;
  agentName: string | null;
  teamId: string | null;
  /** ISO 8601 UTC. */
  startsAt: string;
  endsAt: string;
  activity: ScheduleActivity;
  note: string | null;
}

export interface ScheduleBlockInput {
  agentId: string;
  startsAt: string;
  endsAt: string;
  activity: ScheduleActivity;
  note?: string | null;
}

/** A day the forecast treats apart: a one-off event (volume × factor) or a day closed. */
export interface MarkedDayView {
  id: string;
  /** Local date 'YYYY-MM-DD'. */
  day: string;
  /** Null: every channel. */
  channel: StaffedChannel | null;
  kind: 'event' | 'closed';
  /** Arrivals multiplier for events (1.5 = half as many again); null: learnt from past events of the same label, else 1. */
  factor: number | null;
  label: string;
  createdBy: string | null;
  createdAt: string;
}

/** What-if changes to a staffing week, applied to the forecast before the staffing. */
export interface WhatIf {
  /** +20 = a fifth more arrivals. */
  volumePercent?: number;
  /** −10 = handle time a tenth shorter. */
  handleTimePercent?: number;
  /** Replaces the estimated patience (Erlang A). */
  patienceSeconds?: number;
  /** Replaces the channel's target. */
  target?: StaffingTarget;
  /** Replaces the shrinkage. */
  shrinkage?: number;
  model?: QueueModel;
}

export interface StaffingQuery {
  channel: StaffedChannel;
  /** Any local date of the week: the week runs Monday to Sunday in the team calendar's time zone. */
  week: string;
  intervalMinutes?: IntervalMinutes;
  teamId?: string | null;
  whatIf?: WhatIf;
}

/** One interval of a staffing week. Agents are full-time equivalents present in the interval. */
export interface StaffingInterval {
  /** ISO 8601 UTC start; `local` is its wall-clock time in the week's time zone, 'YYYY-MM-DDTHH:MM'. */
  start: string;
  local: string;
  open: boolean;
  forecastArrivals: number;
  ahtSeconds: number | null;
  /** Agents needed on the channel to meet the target (for chat: agents, slots ÷ concurrency). */
  required: number;
  /** required ÷ (1 − shrinkage), rounded up: the agents to schedule. */
  requiredScheduled: number;
  /** Agents scheduled on the channel's activity (mean over the interval). */
  scheduled: number;
  /** Agents available on the channel (mean over the interval); null for intervals not yet come. */
  available: number | null;
  /** Outcome at the scheduled number of agents less shrinkage (what the plan gives). Null for written channels and closed intervals. */
  atScheduled: { serviceLevel: number; asa: number | null; abandonment: number; occupancy: number } | null;
  /** Outcome at the required number. */
  atRequired: { serviceLevel: number; asa: number | null; abandonment: number; occupancy: number } | null;
  /** under: scheduled below requiredScheduled; over: above it by more than one agent and a fifth. */
  staffing: 'under' | 'over' | 'ok' | 'closed';
}

export interface StaffingWeek {
  channel: StaffedChannel;
  timezone: string;
  weekStart: string;
  intervalMinutes: IntervalMinutes;
  model: QueueModel | 'workload';
  target: StaffingTarget | { responseTargetSeconds: number };
  shrinkage: { value: number; measured: boolean };
  /** Erlang A: the patience used, estimated from the team's waits (or set by the what-if). */
  patience: {
    meanSeconds: number | null;
    abandoned: number;
    observedSeconds: number;
    setByWhatIf: boolean;
  } | null;
  concurrency: number | null;
  intervals: StaffingInterval[];
  totals: {
    forecastArrivals: number;
    underIntervals: number;
    overIntervals: number;
    requiredHours: number;
    scheduledHours: number;
  };
}

/** The forecast of a channel with its accuracy on held-back weeks. */
export interface ForecastView {
  channel: StaffedChannel;
  timezone: string;
  intervalMinutes: IntervalMinutes;
  method: string;
  /** Actual arrivals of the recent past, and the forecast from today on, per interval. */
  series: {
    start: string;
    local: string;
    actual: number | null;
    forecast: number | null;
    low: number | null;
    high: number | null;
    ahtSeconds: number | null;
  }[];
  accuracy: {
    heldBack: { from: string; to: string } | null;
    method: { wape: number | null; bias: number | null };
    lastFourWeeks: { wape: number | null; bias: number | null };
    sameWeekLastYear: { wape: number | null; bias: number | null };
  };
}
