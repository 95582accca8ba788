/**
 * An independent computation of the indicators, from the written definitions (docs/kpis.md and the
 * "How the indicators come out" sections of docs/sources/*.md), over contacts described as plainly
 * as a reader of those documents would describe them. Nothing here reads the product's facts or SQL:
 * the tests build these contacts from the source records they generate, import the same records
 * through the product, and compare the two sets of figures.
 */
import { expect } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../../src/core/kpi/query.js';
import { runKpiQuery } from '../../src/services/kpi.js';

export type Channel = 'email' | 'chat' | 'phone' | 'social' | 'web_form' | 'in_person';
export type Status = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';

/** One event of a contact, in the words of the canonical format. Times are epoch milliseconds. */
export type RefEvent =
  | { kind: 'customer_message' | 'queue_enter' | 'abandon'; at: number }
  | { kind: 'agent_reply'; at: number; agent: string; public?: boolean; actor?: 'bot' }
  | { kind: 'internal_note' | 'bot_message'; at: number; agent?: string }
  | { kind: 'status_change'; at: number; status: Status }
  | { kind: 'escalation'; at: number; type: string }
  | { kind: 'answer' | 'end' | 'hold_start' | 'hold_end'; at: number; agent: string }
  | { kind: 'assignment'; at: number; agent: string };

/** A contact as its source describes it: events in source order (ties keep that order). */
export interface RefContact {
  id: string;
  channel: Channel;
  createdAt: number;
  assignee: string | null;
  events: RefEvent[];
}

export interface RefSurvey {
  kind: 'csat' | 'nps' | 'ces';
  scaleMin: number;
  scaleMax: number;
  score: number | null;
  sentAt: number | null;
  respondedAt: number | null;
  /** The agent named on the response, if any. */
  agent: string | null;
  dimension: string | null;
  /** The contact it is about, for the credit when `agent` is empty. */
  contact: RefContact | null;
}

const RESOLVED: readonly Status[] = ['solved', 'closed'];
const DAY_MS = 86_400_000;

/** Short-abandon threshold and service-level targets: the documented defaults. */
export const SHORT_ABANDON_S = 5;
const SERVICE_LEVEL_S: Partial<Record<Channel, number>> = { phone: 20, chat: 30 };

/** What the definitions say about one contact. Durations in seconds. */
export interface RefFacts {
  contact: RefContact;
  frt: number | null;
  frtAgent: string | null;
  pending: boolean;
  firstResolvedAt: number | null;
  resolution: number | null;
  reopened: boolean;
  reopenedWithin7d: boolean;
  touches: number;
  escalated: boolean;
  queued: boolean;
  answered: boolean;
  abandoned: boolean;
  shortAbandon: boolean;
  wait: number | null;
  handle: number | null;
  handledBy: string | null;
  /** Answered within T ÷ (answered + abandoned after T), per contact: in the denominator / numerator. */
  slCounted: boolean;
  slWithin: boolean;
}

const seconds = (ms: number) => ms / 1000;

/** Events in time order; equal times keep source order (the documented tie rule). */
function ordered(events: readonly RefEvent[]): RefEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map((e) => e.event);
}

const isHumanReply = (e: RefEvent) => e.kind === 'agent_reply' && e.public !== false && e.actor !== 'bot';

export function factsOf(contact: RefContact): RefFacts {
  const events = ordered(contact.events);
  // First response: first customer message or queue entry → first public human reply or answer
  // after it (a contact started by an agent is measured from the first customer message after it).
  const startIndex = events.findIndex((e) => e.kind === 'customer_message' || e.kind === 'queue_enter');
  const start = startIndex >= 0 ? events[startIndex] : undefined;
  const reply =
    startIndex >= 0
      ? events.slice(startIndex + 1).find((e) => isHumanReply(e) || e.kind === 'answer')
      : undefined;

  // Resolution: the first change to solved/closed; a change from solved/closed back to another
  // status is a reopen.
  let previous: Status | null = null;
  let firstResolvedAt: number | null = null;
  let reopened = false;
  let reopenedWithin7d = false;
  for (const e of events) {
    if (e.kind !== 'status_change') continue;
    if (RESOLVED.includes(e.status) && firstResolvedAt === null) firstResolvedAt = e.at;
    if (previous !== null && RESOLVED.includes(previous) && !RESOLVED.includes(e.status)) {
      reopened = true;
      if (firstResolvedAt !== null && e.at - firstResolvedAt <= 7 * DAY_MS) reopenedWithin7d = true;
    }
    previous = e.status;
  }

  // Queue: the first entry starts the wait; an answer ends it, else an abandon.
  const enter = events.find((e) => e.kind === 'queue_enter');
  const answers = events.filter((e) => e.kind === 'answer');
  const ends = events.filter((e) => e.kind === 'end');
  const abandon = events.find((e) => e.kind === 'abandon');
  const queued = enter !== undefined;
  const answered = queued && answers.length > 0;
  const abandoned = queued && !answered && abandon !== undefined;
  const exit = answered ? answers[0] : abandoned ? abandon : undefined;
  const wait = enter && exit ? seconds(exit.at - enter.at) : null;
  const shortAbandon = abandoned && wait !== null && wait < SHORT_ABANDON_S;
  const threshold = SERVICE_LEVEL_S[contact.channel];
  const slWithin = threshold !== undefined && answered && wait !== null && wait <= threshold;
  const slCounted = threshold !== undefined && (answered || (abandoned && wait !== null && wait > threshold));

  // Handle time: answer → end of every session, added; unknown when starts and ends differ in number.
  const handle =
    answers.length > 0 && answers.length === ends.length
      ? seconds(ends.reduce((s, e) => s + e.at, 0) - answers.reduce((s, e) => s + e.at, 0))
      : null;
  const firstAnswer = answers[0];

  // Touches: the answered sessions of a call or chat, else the public agent replies.
  const touches = answers.length > 0 ? answers.length : events.filter(isHumanReply).length;

  return {
    contact,
    frt: start && reply ? seconds(reply.at - start.at) : null,
    frtAgent: (reply as { agent?: string } | undefined)?.agent ?? null,
    pending: start !== undefined && reply === undefined && !abandoned,
    firstResolvedAt,
    resolution: firstResolvedAt === null ? null : seconds(firstResolvedAt - contact.createdAt),
    reopened,
    reopenedWithin7d,
    touches,
    escalated: events.some((e) => e.kind === 'escalation'),
    queued,
    answered,
    abandoned,
    shortAbandon,
    wait,
    handle,
    handledBy: (firstAnswer as { agent?: string } | undefined)?.agent ?? null,
    slCounted,
    slWithin,
  };
}

/** Continuous percentile with linear interpolation between the two nearest ranks. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (position - low);
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

export type Stat = 'median' | 'mean' | 'p90';

function statOf(values: readonly number[], stat: Stat): number | null {
  if (stat === 'mean') return mean(values);
  return percentile(values, stat === 'median' ? 0.5 : 0.9);
}

/** An indicator's value and its n, as the product reports them. */
export interface Figure {
  value: number | null;
  n: number;
}

const share = (numerator: number, denominator: number): Figure => ({
  value: denominator === 0 ? null : numerator / denominator,
  n: denominator,
});
const count = (n: number): Figure => ({ value: n, n });
const duration = (values: readonly (number | null)[], stat: Stat): Figure => {
  const present = values.filter((v): v is number => v !== null);
  return { value: statOf(present, stat), n: present.length };
};

/** The contact indicators over a set of contacts, by their definitions. */
export function contactIndicators(
  contacts: readonly RefContact[],
  stat: Stat = 'median',
): Record<string, Figure> {
  const facts = contacts.map(factsOf);
  const resolved = facts.filter((f) => f.firstResolvedAt !== null);
  const touched = resolved.filter((f) => f.touches >= 1);
  const offered = facts.filter((f) => f.queued && !f.shortAbandon);
  const answered = facts.filter((f) => f.answered);
  const sl = facts.filter((f) => f.slCounted);
  return {
    contacts_created: count(facts.length),
    frt: duration(
      facts.map((f) => f.frt),
      stat,
    ),
    frt_pending: count(facts.filter((f) => f.pending).length),
    contacts_resolved: count(resolved.length),
    resolution_time: duration(
      resolved.map((f) => f.resolution),
      stat,
    ),
    reopen_rate: share(resolved.filter((f) => f.reopened).length, resolved.length),
    fcr_rate: share(touched.filter((f) => f.touches === 1 && !f.reopenedWithin7d).length, touched.length),
    escalation_rate: share(facts.filter((f) => f.escalated).length, facts.length),
    aht: duration(
      facts.map((f) => f.handle),
      'mean',
    ),
    offered: count(offered.length),
    answered: count(answered.length),
    abandoned: count(facts.filter((f) => f.abandoned && !f.shortAbandon).length),
    abandonment_rate: share(offered.filter((f) => f.abandoned).length, offered.length),
    asa: duration(
      answered.map((f) => f.wait),
      'mean',
    ),
    service_level: share(sl.filter((f) => f.slWithin).length, sl.length),
  };
}

/** The agent a survey answer is credited to: the one named on it, else the last agent who replied
 * or answered before it was sent (or answered), else the first to answer, else the assignee. */
export function surveyAgent(survey: RefSurvey): string | null {
  if (survey.agent) return survey.agent;
  const contact = survey.contact;
  if (!contact) return null;
  const cutoff = survey.sentAt ?? survey.respondedAt;
  let last: string | null = null;
  for (const e of ordered(contact.events)) {
    if (cutoff !== null && e.at > cutoff) break;
    if (isHumanReply(e) || e.kind === 'answer') last = (e as { agent: string }).agent;
  }
  return last ?? factsOf(contact).handledBy ?? contact.assignee;
}

const topBox = (s: RefSurvey) => (s.score as number) > (s.scaleMin + s.scaleMax) / 2;

/** The survey indicators: only overall answers (no dimension) count. */
export function surveyIndicators(surveys: readonly RefSurvey[]): Record<string, Figure> {
  const overall = surveys.filter((s) => s.dimension === null);
  const answered = (kind: RefSurvey['kind']) => overall.filter((s) => s.kind === kind && s.score !== null);
  const csat = answered('csat');
  const nps = answered('nps');
  const ces = answered('ces');
  const sent = overall.filter((s) => s.kind === 'csat' && s.sentAt !== null);
  const promoters = nps.filter((s) => (s.score as number) >= 9).length;
  const detractors = nps.filter((s) => (s.score as number) <= 6).length;
  return {
    csat: share(csat.filter(topBox).length, csat.length),
    csat_avg: {
      value: mean(csat.map((s) => 1 + (((s.score as number) - s.scaleMin) * 4) / (s.scaleMax - s.scaleMin))),
      n: csat.length,
    },
    csat_response_rate: share(sent.filter((s) => s.score !== null).length, sent.length),
    nps: { value: nps.length === 0 ? null : ((promoters - detractors) / nps.length) * 100, n: nps.length },
    ces: share(ces.filter(topBox).length, ces.length),
  };
}

/** Indicators credited to an agent, and the agent each contact credits them to (docs/kpis.md). */
const CONTACT_CREDIT: Record<string, (f: RefFacts) => string | null> = {
  contacts_created: (f) => f.contact.assignee,
  frt: (f) => f.frtAgent,
  aht: (f) => f.handledBy,
  asa: (f) => f.handledBy,
  answered: (f) => f.handledBy,
};

/** Per agent: the contact indicators credited to that agent (see CONTACT_CREDIT). */
export function contactIndicatorsByAgent(
  contacts: readonly RefContact[],
  kpi: keyof typeof CONTACT_CREDIT,
  stat: Stat = 'median',
): Map<string | null, Figure> {
  const credit = CONTACT_CREDIT[kpi] as (f: RefFacts) => string | null;
  const groups = new Map<string | null, RefContact[]>();
  for (const contact of contacts) {
    const agent = credit(factsOf(contact));
    groups.set(agent, [...(groups.get(agent) ?? []), contact]);
  }
  return new Map([...groups].map(([agent, group]) => [agent, contactIndicators(group, stat)[kpi] as Figure]));
}

/** Per agent: csat over the answers credited to each agent. */
export function csatByAgent(surveys: readonly RefSurvey[]): Map<string | null, Figure> {
  const groups = new Map<string | null, RefSurvey[]>();
  for (const s of surveys.filter((s) => s.kind === 'csat' && s.dimension === null && s.score !== null)) {
    const agent = surveyAgent(s);
    groups.set(agent, [...(groups.get(agent) ?? []), s]);
  }
  return new Map([...groups].map(([agent, group]) => [agent, surveyIndicators(group).csat as Figure]));
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

// ---------------------------------------------------------------------------------------------
// The product's side

/** One period over everything, in calendar time and UTC. */
export const WHOLE_RANGE = {
  from: '2020-01-01',
  to: '2030-01-01',
  timezone: 'UTC',
  hours: 'calendar',
} as const;

async function productRows(db: Engine, query: KpiQueryInput): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, { ...WHOLE_RANGE, ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

function figureOf(row: KpiRow | undefined, kpi: string): Figure {
  const value = row?.[kpi] as KpiValue | undefined;
  return { value: value?.value ?? null, n: value?.n ?? 0 };
}

/** The product's figures of `kpis` over the whole range, in one row. */
export async function productFigures(
  db: Engine,
  kpis: readonly string[],
  query: Omit<KpiQueryInput, 'kpis'> = {},
): Promise<Record<string, Figure>> {
  const rows = await productRows(db, { ...query, kpis: [...kpis] });
  expect(rows).toHaveLength(1);
  return Object.fromEntries(kpis.map((kpi) => [kpi, figureOf(rows[0], kpi)]));
}

/** The product's figures of each indicator per value of one dimension (groups without rows left out). */
export async function productFiguresBy(
  db: Engine,
  kpis: readonly string[],
  dimension: 'agent' | 'channel',
  query: Omit<KpiQueryInput, 'kpis' | 'by'> = {},
): Promise<Map<string, Map<string | null, Figure>>> {
  const rows = await productRows(db, { ...query, kpis: [...kpis], by: [dimension] });
  const figures = new Map<string, Map<string | null, Figure>>(kpis.map((kpi) => [kpi, new Map()]));
  for (const row of rows) {
    for (const kpi of kpis) {
      const figure = figureOf(row, kpi);
      if (figure.n > 0) figures.get(kpi)?.set((row[dimension] as string | null) ?? null, figure);
    }
  }
  return figures;
}

/** The product's figures of each indicator per period of `grain` (periods without rows left out). */
export async function productFiguresByPeriod(
  db: Engine,
  kpis: readonly string[],
  query: Omit<KpiQueryInput, 'kpis' | 'by'> & { grain: NonNullable<KpiQueryInput['grain']> },
): Promise<Map<string, Map<string | null, Figure>>> {
  const rows = await productRows(db, { ...query, kpis: [...kpis] });
  const figures = new Map<string, Map<string | null, Figure>>(kpis.map((kpi) => [kpi, new Map()]));
  for (const row of rows) {
    for (const kpi of kpis) {
      const figure = figureOf(row, kpi);
      if (figure.n > 0) figures.get(kpi)?.set(row.period as string, figure);
    }
  }
  return figures;
}

/** The Monday (`yyyy-MM-dd`) of the week an instant falls in, on the wall clock of `timeZone`. */
export function localWeek(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(ms));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  const day = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** Rounds durations and shares so that two computations of the same figure compare equal. */
function rounded(figure: Figure): Figure {
  return { value: figure.value === null ? null : Math.round(figure.value * 1e6) / 1e6, n: figure.n };
}

/** Expects the product's figures to equal the reference's, indicator by indicator. */
export function expectFigures(
  product: Record<string, Figure>,
  reference: Record<string, Figure>,
  kpis: readonly string[],
): void {
  const pick = (figures: Record<string, Figure>) =>
    Object.fromEntries(kpis.map((kpi) => [kpi, rounded(figures[kpi] ?? { value: null, n: 0 })]));
  expect(pick(product)).toEqual(pick(reference));
}

/** Expects per-group figures to be equal, groups without rows left out of the reference too. */
export function expectGroupedFigures(
  product: Map<string | null, Figure>,
  reference: Map<string | null, Figure>,
): void {
  const plain = (figures: Map<string | null, Figure>) =>
    Object.fromEntries(
      [...figures]
        .filter(([, f]) => f.n > 0)
        .map(([key, f]) => [String(key), rounded(f)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  expect(plain(product)).toEqual(plain(reference));
}

// ---------------------------------------------------------------------------------------------
// Generating realistic data

/** A seeded generator (mulberry32): the same seed gives the same fixture on every machine. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** A skewed duration in seconds, mostly short with a long tail, as response times are. */
  skewed(typical: number, max: number): number {
    return Math.min(max, Math.max(1, Math.round(-Math.log(1 - this.next()) * typical)));
  }
}

/** 2026-03-02T00:00:00Z: the start of every generated fixture. */
export const START_MS = Date.UTC(2026, 2, 2);

export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
export const epochSeconds = (ms: number) => Math.round(ms / 1000);

export interface Comparison {
  /** Contact indicators compared overall (median for durations), and frt/resolution_time as mean and p90 when listed. */
  contactKpis: readonly string[];
  surveyKpis?: readonly string[];
  /** Indicators compared per channel. */
  byChannel?: readonly string[];
  /** Agent-credited indicators compared per agent. */
  byAgent?: readonly (keyof typeof CONTACT_CREDIT)[];
  csatByAgent?: boolean;
}

/** The indicators of a ticket's life, from creation through first response to resolution and reopening. */
export const TICKET_KPIS = [
  'contacts_created',
  'frt',
  'frt_pending',
  'contacts_resolved',
  'resolution_time',
  'reopen_rate',
  'fcr_rate',
] as const;

/** The indicators of a call queue: handling, offered, answered and abandoned calls, speed of answer. */
export const QUEUE_KPIS = [
  'aht',
  'offered',
  'answered',
  'abandoned',
  'abandonment_rate',
  'asa',
  'service_level',
] as const;

/** Every survey indicator. */
export const SURVEY_KPIS = ['csat', 'csat_avg', 'csat_response_rate', 'nps', 'ces'] as const;

/**
 * The comparison for a helpdesk export with CSAT: the ticket indicators overall, `byChannel` per
 * channel, first response and contacts per agent, and CSAT per agent.
 */
export function helpdeskComparison(surveyKpis: readonly string[], byChannel: readonly string[]): Comparison {
  return {
    contactKpis: TICKET_KPIS,
    surveyKpis,
    byChannel,
    byAgent: ['frt', 'contacts_created'],
    csatByAgent: true,
  };
}

/** Compares the product's figures with the reference's: overall, as other statistics, per channel and per agent. */
export async function expectSameFigures(
  db: Engine,
  contacts: readonly RefContact[],
  surveys: readonly RefSurvey[],
  comparison: Comparison,
): Promise<void> {
  const surveyKpis = comparison.surveyKpis ?? [];
  const kpis = [...comparison.contactKpis, ...surveyKpis];
  expectFigures(
    await productFigures(db, kpis),
    { ...contactIndicators(contacts), ...surveyIndicators(surveys) },
    kpis,
  );
  const durations = comparison.contactKpis.filter((k) => k === 'frt' || k === 'resolution_time');
  for (const stat of ['mean', 'p90'] as const) {
    if (durations.length > 0)
      expectFigures(
        await productFigures(db, durations, { stat }),
        contactIndicators(contacts, stat),
        durations,
      );
  }
  const byChannel = groupBy(contacts, (c) => c.channel);
  const channelKpis = comparison.byChannel ?? [];
  const perChannel = channelKpis.length > 0 ? await productFiguresBy(db, channelKpis, 'channel') : new Map();
  for (const kpi of channelKpis)
    expectGroupedFigures(
      perChannel.get(kpi) ?? new Map(),
      new Map([...byChannel].map(([channel, group]) => [channel, contactIndicators(group)[kpi] as Figure])),
    );
  const agentKpis = [...(comparison.byAgent ?? []), ...(comparison.csatByAgent ? ['csat'] : [])];
  const perAgent = agentKpis.length > 0 ? await productFiguresBy(db, agentKpis, 'agent') : new Map();
  for (const kpi of comparison.byAgent ?? [])
    expectGroupedFigures(perAgent.get(kpi) ?? new Map(), contactIndicatorsByAgent(contacts, kpi));
  if (comparison.csatByAgent) expectGroupedFigures(perAgent.get('csat') ?? new Map(), csatByAgent(surveys));
}
