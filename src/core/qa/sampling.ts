/**
 * Sampling rules and the draw itself, without a database: which conversations of a period go to
 * review. A rule draws N contacts per agent, spread over the channels the agent worked in, from the
 * contacts its filters let through. The draw is reproducible: the candidates arrive ordered by
 * contact key, are shuffled by a PRNG seeded from the rule's seed (or the rule and the period), and
 * each pick goes to the reviewer with the fewest open assignments.
 */
import { z } from 'zod';
import { localToUtc } from '../local-time.js';
import { CHANNELS, type Channel } from '../schema.js';

export const SAMPLING_SCHEDULES = ['daily', 'weekly'] as const;
export type SamplingSchedule = (typeof SAMPLING_SCHEDULES)[number];

const Id = z.string().trim().min(1).max(200);

export const SamplingFilters = z
  .object({
    channels: z.array(z.enum(CHANNELS)).default([]),
    teams: z.array(Id).default([]),
    agents: z.array(Id).default([]),
    /** Only contacts whose CSAT answer did not reach the top box. */
    lowCsat: z.boolean().default(false),
    reopened: z.boolean().default(false),
    escalated: z.boolean().default(false),
    /** Only contacts handled at least this long (a call's handle time, else the time to resolve). */
    longHandle: z
      .object({
        minSeconds: z
          .number()
          .positive()
          .max(90 * 86_400),
      })
      .strict()
      .nullable()
      .default(null),
    topics: z.array(Id).default([]),
    tags: z.array(Id).default([]),
    /** Only contacts within an agent's first N days (from the first contact they handled). */
    newAgentDays: z.number().int().min(1).max(365).nullable().default(null),
    /** Only contacts on which one of these automatic checks hit. */
    checks: z.array(Id).default([]),
  })
  .strict();
export type SamplingFilters = z.infer<typeof SamplingFilters>;

export const SamplingRule = z
  .object({
    name: z.string().trim().min(1).max(120),
    schedule: z.enum(SAMPLING_SCHEDULES).default('weekly'),
    /** Contacts drawn per agent and period. */
    perAgent: z.number().int().min(1).max(200).default(5),
    /** Spread each agent's picks over their channels, in proportion to the contacts they handled there. */
    stratifyByChannel: z.boolean().default(true),
    filters: SamplingFilters.prefault({}),
    /** The scorecard to review with; empty: the one that applies to the contact's channel and team. */
    scorecardId: Id.nullable().default(null),
    /** User ids of the reviewers the picks are shared among. */
    reviewers: z.array(Id).max(200).default([]),
    /** Days from the draw to the assignments' due date; null: no due date. */
    dueDays: z.number().int().min(0).max(365).nullable().default(7),
    /** Give each agent their own contacts to review instead of a reviewer. */
    selfReview: z.boolean().default(false),
    /** Fixed seed of the draws; empty: the rule id and the period. */
    seed: z.string().max(200).nullable().default(null),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (!rule.selfReview && rule.reviewers.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['reviewers'],
        message: 'name at least one reviewer, or choose self-review',
      });
    if (new Set(rule.reviewers).size !== rule.reviewers.length)
      ctx.addIssue({ code: 'custom', path: ['reviewers'], message: 'a reviewer is named twice' });
  });
export type SamplingRule = z.infer<typeof SamplingRule>;
export type SamplingRuleInput = z.input<typeof SamplingRule>;

// ---------------------------------------------------------------------------------------------
// Periods

export interface SamplingPeriod {
  /** `2026-03-02` (a day) or `2026-W10` (an ISO week). */
  period: string;
  /** Start and end (exclusive) as instants. */
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dayText = (localMs: number) => new Date(localMs).toISOString().slice(0, 10);

/** The local calendar day of `instant` in `zone`, as the UTC midnight of that date. */
function localMidnight(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'));
}

/** Monday (UTC midnight of the local date) of ISO week `week` of `year`. */
function isoWeekMonday(year: number, week: number): number {
  const january4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(january4).getUTCDay() + 6) % 7; // Monday 0
  return january4 - weekday * DAY_MS + (week - 1) * 7 * DAY_MS;
}

function isoWeekLabel(mondayMs: number): string {
  const thursday = new Date(mondayMs + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.round((mondayMs - isoWeekMonday(year, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${pad(week)}`;
}

function weeksInYear(year: number): number {
  return isoWeekLabel(isoWeekMonday(year, 53)).startsWith(`${year}-`) ? 53 : 52;
}

function periodOf(label: string, startLocal: number, days: number, zone: string): SamplingPeriod {
  const toUtc = localToUtc(zone);
  return {
    period: label,
    from: new Date(toUtc(startLocal)),
    to: new Date(toUtc(startLocal + days * DAY_MS)),
  };
}

/**
 * The period a draw covers: the one named (a day `YYYY-MM-DD` or an ISO week `YYYY-Www`), or else
 * the last full day or ISO week before `now` in `zone`. Null when the name is neither.
 */
export function samplingPeriod(
  schedule: SamplingSchedule,
  now: Date,
  zone: string,
  named?: string,
): SamplingPeriod | null {
  if (named !== undefined) {
    const day = DAY.exec(named);
    if (day) {
      const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
      return dayText(start) === named ? periodOf(named, start, 1, zone) : null;
    }
    const week = WEEK.exec(named);
    if (week) {
      const year = Number(week[1]);
      const number = Number(week[2]);
      if (number < 1 || number > weeksInYear(year)) return null;
      return periodOf(named, isoWeekMonday(year, number), 7, zone);
    }
    return null;
  }
  const today = localMidnight(now, zone);
  if (schedule === 'daily') return periodOf(dayText(today - DAY_MS), today - DAY_MS, 1, zone);
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS - 7 * DAY_MS;
  return periodOf(isoWeekLabel(monday), monday, 7, zone);
}

// ---------------------------------------------------------------------------------------------
// The seeded draw

/** A PRNG from a text seed (cyrb128 hash into sfc32): the same seed, the same numbers, on any machine. */
export function seededRandom(seed: string): () => number {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  let a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
  let b = (h2 ^ h1) >>> 0;
  let c = (h3 ^ h1) >>> 0;
  let d = (h4 ^ h1) >>> 0;
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given random numbers; the input is left as it is. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * How many of `picks` each channel gets: in proportion to `weights` (largest remainder), each
 * channel at least once when there are picks enough; with fewer picks than channels, the busiest
 * channels get one each.
 */
export function channelQuotas(picks: number, weights: ReadonlyMap<Channel, number>): Map<Channel, number> {
  const channels = [...weights.entries()]
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const quotas = new Map<Channel, number>();
  if (picks <= 0 || channels.length === 0) return quotas;
  if (picks < channels.length) {
    for (const [channel] of channels.slice(0, picks)) quotas.set(channel, 1);
    return quotas;
  }
  const total = channels.reduce((sum, [, weight]) => sum + weight, 0);
  const share = new Map(channels.map(([channel, weight]) => [channel, (picks * weight) / total]));
  for (const [channel] of channels)
    quotas.set(channel, Math.max(1, Math.floor(share.get(channel) as number)));
  const given = () => [...quotas.values()].reduce((sum, n) => sum + n, 0);
  const excess = (channel: Channel) => (quotas.get(channel) as number) - (share.get(channel) as number);
  while (given() > picks) {
    // The minimum of one made too many: take back from the channel most above its share.
    const over = channels
      .map(([channel]) => channel)
      .filter((channel) => (quotas.get(channel) as number) > 1)
      .sort((a, b) => excess(b) - excess(a) || a.localeCompare(b))[0] as Channel;
    quotas.set(over, (quotas.get(over) as number) - 1);
  }
  while (given() < picks) {
    const under = channels
      .map(([channel]) => channel)
      .sort((a, b) => excess(a) - excess(b) || a.localeCompare(b))[0] as Channel;
    quotas.set(under, (quotas.get(under) as number) + 1);
  }
  return quotas;
}

export interface SamplingCandidate {
  contactKey: string;
  agentId: string;
  channel: Channel;
}

export interface SamplingReviewer {
  userId: string;
  /** The agent the reviewer is, if any: never given that agent's contacts. */
  agentId: string | null;
  /** Open assignments before the draw. */
  open: number;
}

export interface DrawPlan<C extends SamplingCandidate> {
  picks: { candidate: C; reviewerId: string }[];
  /** Picks that found no reviewer (every reviewer is the agent, or no user is the agent on self-review). */
  unassigned: number;
}

export interface DrawInput<C extends SamplingCandidate> {
  /** Contacts that may be drawn: filtered, none assigned or reviewed before. */
  candidates: readonly C[];
  /** Contacts still to draw per agent (the rule's N less what was drawn for the period before). */
  wanted: ReadonlyMap<string, number>;
  /** Per agent and channel, the contacts the agent handled in the period: the stratification weights. */
  handled: ReadonlyMap<string, ReadonlyMap<Channel, number>>;
  stratifyByChannel: boolean;
  seed: string;
  reviewers: readonly SamplingReviewer[];
  /** With self-review: the user who is each agent. */
  selfReviewers: ReadonlyMap<string, string> | null;
}

/** The draw: which candidates are picked and who reviews each. Pure and reproducible. */
export function planDraw<C extends SamplingCandidate>(input: DrawInput<C>): DrawPlan<C> {
  const ordered = [...input.candidates].sort((a, b) =>
    a.contactKey < b.contactKey ? -1 : a.contactKey > b.contactKey ? 1 : 0,
  );
  const unique = ordered.filter((c, i) => i === 0 || ordered[i - 1]?.contactKey !== c.contactKey);
  const mixed = shuffled(unique, seededRandom(input.seed));
  const byAgent = new Map<string, C[]>();
  for (const candidate of mixed) {
    const list = byAgent.get(candidate.agentId) ?? [];
    list.push(candidate);
    byAgent.set(candidate.agentId, list);
  }
  const open = new Map(input.reviewers.map((r) => [r.userId, r.open]));
  const picks: DrawPlan<C>['picks'] = [];
  let unassigned = 0;
  for (const agentId of [...byAgent.keys()].sort()) {
    const available = byAgent.get(agentId) as C[];
    const wanted = Math.min(input.wanted.get(agentId) ?? 0, available.length);
    for (const candidate of pickForAgent(
      available,
      wanted,
      input.handled.get(agentId),
      input.stratifyByChannel,
    )) {
      const reviewerId = input.selfReviewers
        ? (input.selfReviewers.get(agentId) ?? null)
        : leastBusyReviewer(input.reviewers, open, agentId);
      if (reviewerId === null) {
        unassigned++;
        continue;
      }
      open.set(reviewerId, (open.get(reviewerId) ?? 0) + 1);
      picks.push({ candidate, reviewerId });
    }
  }
  return { picks, unassigned };
}

/** `wanted` of one agent's shuffled candidates, each channel's quota first, the rest in shuffled order. */
function pickForAgent<C extends SamplingCandidate>(
  available: readonly C[],
  wanted: number,
  handled: ReadonlyMap<Channel, number> | undefined,
  stratify: boolean,
): C[] {
  if (!stratify) return available.slice(0, wanted);
  const present = new Set(available.map((c) => c.channel));
  // Channels the agent handled but with nothing left to draw get no quota: the picks go where they can.
  const weights = new Map<Channel, number>();
  for (const channel of present) weights.set(channel, Math.max(handled?.get(channel) ?? 0, 1));
  const quotas = channelQuotas(wanted, weights);
  const chosen = new Set<C>();
  for (const candidate of available) {
    const quota = quotas.get(candidate.channel) ?? 0;
    if (quota === 0) continue;
    chosen.add(candidate);
    quotas.set(candidate.channel, quota - 1);
  }
  for (const candidate of available) {
    if (chosen.size >= wanted) break;
    chosen.add(candidate);
  }
  return available.filter((c) => chosen.has(c));
}

function leastBusyReviewer(
  reviewers: readonly SamplingReviewer[],
  open: ReadonlyMap<string, number>,
  agentId: string,
): string | null {
  let best: string | null = null;
  for (const reviewer of reviewers) {
    if (reviewer.agentId === agentId || reviewer.userId === agentId) continue;
    if (best === null || (open.get(reviewer.userId) ?? 0) < (open.get(best) ?? 0)) best = reviewer.userId;
  }
  return best;
}
