/**
 * Writes a believable demo dataset in the product's canonical import format (one CSV per table).
 *
 * Deterministic: the same options give byte-identical files. Streaming: contacts are generated one
 * at a time, rows are buffered into ~1 MB chunks and written with backpressure, so memory stays flat
 * even for millions of contacts.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type CanonicalTableName, TABLES } from '../../core/schema.js';
import { CsvTableWriter, columnPositions, csvField } from './csv.js';
import { bodyLanguage, DemoMessages, firstNameOf, type MessageContext } from './messages.js';
import { AgentActivity, markContactWork, presenceRows } from './presence.js';
import { DemoReviewPool } from './qa.js';
import { Rng } from './random.js';
import {
  AGENTS,
  type AgentDef,
  agentEmail,
  CALENDARS,
  CHANNEL_SHARE,
  CHAT_QUEUES,
  DEMO_CHANNELS,
  type DemoChannel,
  GENERIC_TAGS,
  HOLIDAYS,
  HORIZON,
  NEW_AGENT_ID,
  NPS_SOURCE,
  PERIOD_FIRST_DAY,
  PERIOD_LAST_DAY,
  PHONE_QUEUES,
  PRIORITY_NAMES,
  PRIORITY_SPEED,
  PRIORITY_WEIGHTS,
  RETURNS_TEAM_TOPICS,
  SOURCE,
  SUBJECTS,
  TARGETS,
  TEAMS,
  type TeamId,
  TIMEZONE,
  TOPIC_TAGS,
  TOPIC_WEIGHTS,
  TOPICS,
  type Topic,
  UNDER_PERFORMER_ID,
} from './scenario.js';
import { type SundayDuty, scheduleRows } from './schedules.js';
import {
  askedByOwnSurvey,
  type DemoCustomer,
  DemoSurveyRows,
  demoCustomer,
  type Tone,
} from './survey-rows.js';
import {
  BusinessCalendar,
  DAY,
  dayNumber,
  fromAmsterdam,
  HOUR,
  isoUtc,
  isoWeekday,
  toAmsterdam,
} from './time.js';
import { type DemoTextLanguage, DemoWords, type TextSituation } from './words-texts.js';

export interface DemoOptions {
  contacts: number;
  seed: number;
}

export interface DemoSummary {
  /** Table name → data rows written (header not counted). */
  files: Record<string, number>;
  /** ISO range of contact creation. */
  from: string;
  to: string;
}

// ---------------------------------------------------------------------------------------------
// Fixed model: calendars, arrival profile

const HORIZON_T = Date.parse(HORIZON) / 1000;
const SLOT = 900;
const FIRST_DAY = dayNumber(PERIOD_FIRST_DAY);
const LAST_DAY = dayNumber(PERIOD_LAST_DAY);
/** Returns-team CSAT was asked on the old 1–3 scale before this local date. */
const OLD_SCALE_UNTIL_DAY = dayNumber('2026-02-09');
/** A carrier disruption: more delivery contacts and longer waits in this ISO week of the period. */
const DISRUPTION_WEEK = 6;
/** How many contacts the new agent handles, independent of the dataset size (capped by availability). */
const NEW_AGENT_CONTACTS = 80;
/** How many CSAT answers the new agent should receive on average. */
const NEW_AGENT_ANSWERS = 14;
const CSAT_SENT_SHARE = 0.7;
const CSAT_RESPONSE_RATE = 0.3;

const WEEKDAY_WEIGHT = [1.35, 1.15, 1.05, 1, 0.9, 0.5, 0.4] as const;

const gauss = (x: number, mean: number, sd: number): number => Math.exp(-((x - mean) ** 2) / (2 * sd * sd));

function weekMultiplier(week: number): number {
  let m = 1 + 0.008 * week;
  if (week <= 1) m *= 1.12; // after-holiday returns
  if (week === DISRUPTION_WEEK) m *= 1.3;
  return m;
}

/** 0 in the first week of the period, 1 in its last. */
function periodProgress(week: number): number {
  return Math.min(1, Math.max(0, week / Math.max(1, Math.floor((LAST_DAY - FIRST_DAY) / 7))));
}

/**
 * The half-year's two trends, which together give the demo its mix shift: e-mail (first reply in
 * hours) grows from about a third of the contacts to almost half, while the team gets faster on
 * every channel. Between the dashboard's default periods the median first response over all
 * channels therefore gets worse although it improved in each channel — the case the overview's
 * mix note is for (src/core/kpi/mix.ts).
 */
function emailGrowth(week: number): number {
  return 0.75 + 0.5 * periodProgress(week);
}

/** Multiplier on first-reply delays and queue waits: the team gets faster as the months go by. */
function practice(week: number): number {
  return 1.12 - 0.24 * periodProgress(week);
}

function topicWeights(channel: DemoChannel, week: number): number[] {
  const w = [...TOPIC_WEIGHTS[channel]];
  if (week <= 3) w[1] = (w[1] ?? 0) * 1.7; // January: returns of December presents
  if (week === DISRUPTION_WEEK) {
    w[0] = (w[0] ?? 0) * 2.5;
    w[5] = (w[5] ?? 0) * 1.5;
  }
  return w;
}

function buildCalendar(id: string): BusinessCalendar {
  const def = CALENDARS.find((c) => c.id === id);
  if (!def) throw new Error(`demo scenario: unknown calendar ${id}`);
  return new BusinessCalendar(
    def.intervals,
    HOLIDAYS.map((h) => h.date),
    '2025-12-28',
    '2026-08-10',
  );
}

interface Model {
  webshop: BusinessCalendar;
  phoneLate: BusinessCalendar;
  periodStart: number;
  periodEnd: number;
  slots: number;
  /** Per channel (DEMO_CHANNELS order), the normalized arrival weight of every slot. */
  channelWeights: Float64Array[];
  /** Cumulative total weight, length slots + 1, ending at 1. */
  cumulative: Float64Array;
  /** Expected share of all contacts that land in the Returns team during the new agent's weeks. */
  newAgentWindowShare: number;
}

function buildModel(): Model {
  const webshop = buildCalendar('webshop');
  const phoneLate = buildCalendar('phone-late');
  const holidays = new Set(HOLIDAYS.map((h) => dayNumber(h.date)));
  const periodStart = fromAmsterdam(FIRST_DAY * DAY);
  const periodEnd = fromAmsterdam((LAST_DAY + 1) * DAY);
  const slots = (periodEnd - periodStart) / SLOT;
  const raw = DEMO_CHANNELS.map(() => new Float64Array(slots));
  const newAgentStart = dayNumber(AGENTS.find((a) => a.id === NEW_AGENT_ID)?.startedOn ?? PERIOD_LAST_DAY);
  const inWindow = new Uint8Array(slots);
  for (let s = 0; s < slots; s++) {
    const t = periodStart + s * SLOT;
    const local = toAmsterdam(t);
    const day = Math.floor(local / DAY);
    const hour = (local - day * DAY + SLOT / 2) / HOUR;
    const weekday = isoWeekday(day);
    const week = Math.floor((day - FIRST_DAY) / 7);
    const holiday = holidays.has(day);
    const dayW = (WEEKDAY_WEIGHT[weekday - 1] ?? 1) * weekMultiplier(week);
    const profile = gauss(hour, 10, 1.3) + 0.85 * gauss(hour, 14, 1.6);
    const evening = gauss(hour, 20.5, 1.6);
    const channelW: Record<DemoChannel, number> = {
      email: dayW * (0.07 + profile + 0.35 * evening) * (holiday ? 0.6 : 1) * emailGrowth(week),
      social: dayW * (0.12 + 0.8 * profile + 0.7 * evening) * (holiday ? 0.8 : 1),
      chat: webshop.isOpen(t) ? dayW * (0.15 + profile) : 0,
      phone: phoneLate.isOpen(t) ? dayW * (0.1 + profile + 0.25 * gauss(hour, 18.5, 1)) : 0,
    };
    DEMO_CHANNELS.forEach((c, i) => {
      (raw[i] as Float64Array)[s] = channelW[c];
    });
    if (day >= newAgentStart) inWindow[s] = 1;
  }
  const channelWeights = raw.map((weights, i) => {
    let total = 0;
    for (const w of weights) total += w;
    const share = CHANNEL_SHARE[DEMO_CHANNELS[i] as DemoChannel];
    return weights.map((w) => (w / total) * share);
  });
  const cumulative = new Float64Array(slots + 1);
  let acc = 0;
  let windowShare = 0;
  const returnsShare = (c: DemoChannel): number => {
    const w = topicWeights(c, 99);
    let total = 0;
    let returns = 0;
    TOPICS.forEach((topic, i) => {
      total += w[i] ?? 0;
      if (RETURNS_TEAM_TOPICS.has(topic)) returns += w[i] ?? 0;
    });
    return returns / total;
  };
  const emailIndex = DEMO_CHANNELS.indexOf('email');
  const chatIndex = DEMO_CHANNELS.indexOf('chat');
  for (let s = 0; s < slots; s++) {
    let w = 0;
    for (const weights of channelWeights) w += weights[s] ?? 0;
    cumulative[s] = acc;
    acc += w;
    if (inWindow[s]) {
      windowShare +=
        (channelWeights[emailIndex]?.[s] ?? 0) * returnsShare('email') +
        (channelWeights[chatIndex]?.[s] ?? 0) * returnsShare('chat') * 0.93;
    }
  }
  cumulative[slots] = acc;
  for (let s = 0; s <= slots; s++) cumulative[s] = (cumulative[s] ?? 0) / acc;
  return {
    webshop,
    phoneLate,
    periodStart,
    periodEnd,
    slots,
    channelWeights,
    cumulative,
    newAgentWindowShare: windowShare / acc,
  };
}

// ---------------------------------------------------------------------------------------------
// Events of one contact

type Actor = 'customer' | 'agent' | 'bot' | 'system';
type StatusName = 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
type EscalationType = 'tier' | 'functional' | 'hierarchical' | 'complaint';

interface Ev {
  t: number;
  kind: string;
  actor: Actor;
  agent: string;
  pub: string;
  status: string;
  escalation: string;
  queue: string;
  team: string;
}

const AGENT_BY_ID = new Map(AGENTS.map((a) => [a.id, a]));
const TEAM_AGENTS = new Map<TeamId, AgentDef[]>(
  TEAMS.map((t) => [t.id, AGENTS.filter((a) => a.team === t.id)]),
);
const teamAgents = (team: TeamId): AgentDef[] => TEAM_AGENTS.get(team) ?? [];
const START_DAY = new Map(AGENTS.map((a) => [a.id, dayNumber(a.startedOn)]));
/** Agents who work the whole period (everyone except the new agent). */
const REGULARS = new Map<TeamId, AgentDef[]>(
  TEAMS.map((t) => [t.id, teamAgents(t.id).filter((a) => a.id !== NEW_AGENT_ID)]),
);

interface Story {
  id: string;
  channel: DemoChannel;
  created: number;
  team: TeamId;
  agent: AgentDef;
  topic: Topic;
  priority: number;
  lang: 'nl' | 'en';
  /** The language the customer writes in: their own when known, else the one they speak. */
  written: DemoTextLanguage;
  mondayMorning: boolean;
  disruption: boolean;
  /** Multiplier on first-reply delays and queue waits in the contact's week. */
  practice: number;
  events: Ev[];
  /** First reply / answer was slow for the channel. */
  slow: boolean;
  secondCall: boolean;
}

const EV_POS = columnPositions('contact_events', [
  'source',
  'contact_external_id',
  'external_id',
  'kind',
  'occurred_at',
  'actor',
  'agent_id',
  'public',
  'status',
  'escalation_type',
  'queue',
  'team_id',
  'body',
]);
const CONTACT_POS = columnPositions('contacts', [
  'source',
  'external_id',
  'channel',
  'created_at',
  'customer_id',
  'team_id',
  'assignee_id',
  'topic',
  'tags',
  'priority',
  'status',
  'subject',
  'source_sla_met',
  'customer_email',
  'customer_language',
]);
const SURVEY_POS = columnPositions('survey_responses', [
  'source',
  'external_id',
  'kind',
  'scale_min',
  'scale_max',
  'score',
  'comment',
  'dimension',
  'language',
  'contact_source',
  'contact_external_id',
  'agent_id',
  'customer_id',
  'sent_at',
  'responded_at',
]);

class Generator {
  private readonly rng: Rng;
  private readonly model: Model;
  private readonly customers: number;
  private readonly newAgentShare: number;
  private readonly newAgentResponseRate: number;
  private npsSeq = 0;
  /** The conversations the reviewers picked, drawn from a random stream of their own. */
  readonly reviewPool: DemoReviewPool;
  /** What the messages say, drawn from a random stream of their own. */
  private readonly texts: DemoMessages;
  /** What the survey comments say, drawn from a random stream of their own. */
  private readonly words: DemoWords;
  /** The team's own surveys (from SURVEY_SWITCH_DAY), drawn from their own random stream. */
  private readonly own: DemoSurveyRows;

  constructor(
    model: Model,
    private readonly options: DemoOptions,
    private readonly out: {
      contacts: CsvTableWriter;
      events: CsvTableWriter;
      surveys: CsvTableWriter;
      invitations: CsvTableWriter;
    },
    private readonly activity: AgentActivity,
  ) {
    this.rng = new Rng(options.seed);
    this.texts = new DemoMessages(options.seed);
    this.words = new DemoWords(new Rng(options.seed * 13 + 0x3bd5));
    this.reviewPool = new DemoReviewPool(options.seed);
    this.own = new DemoSurveyRows(
      options.seed,
      { responses: out.surveys, invitations: out.invitations },
      options.contacts / 20_000,
    );
    this.model = model;
    this.customers = Math.max(50, Math.round(options.contacts * 0.6));
    const expectedInWindow = model.newAgentWindowShare * options.contacts;
    this.newAgentShare = expectedInWindow > 0 ? Math.min(0.85, NEW_AGENT_CONTACTS / expectedInWindow) : 0;
    const expectedNewAgentContacts = this.newAgentShare * expectedInWindow;
    this.newAgentResponseRate =
      expectedNewAgentContacts > 0
        ? Math.min(
            0.75,
            Math.max(
              CSAT_RESPONSE_RATE,
              NEW_AGENT_ANSWERS / (expectedNewAgentContacts * 0.88 * CSAT_SENT_SHARE),
            ),
          )
        : CSAT_RESPONSE_RATE;
  }

  // --- the contact --------------------------------------------------------------------------

  private slot = 0;

  /** Creation time and channel of contact `i`: stratified over the arrival profile, so in time order. */
  private arrival(i: number): { created: number; channel: DemoChannel } {
    const { cumulative, slots, channelWeights, periodStart } = this.model;
    const q = (i + this.rng.next()) / this.options.contacts;
    while (this.slot < slots - 1 && (cumulative[this.slot + 1] ?? 1) <= q) this.slot++;
    const lo = cumulative[this.slot] ?? 0;
    const hi = cumulative[this.slot + 1] ?? 1;
    const frac = hi > lo ? Math.min(0.999999, Math.max(0, (q - lo) / (hi - lo))) : 0;
    const created = periodStart + this.slot * SLOT + Math.floor(frac * SLOT);
    const weights = channelWeights.map((w) => w[this.slot] ?? 0);
    const channel = DEMO_CHANNELS[this.rng.weightedIndex(weights)] as DemoChannel;
    return { created, channel };
  }

  private pickAgent(team: TeamId, created: number): AgentDef {
    const day = Math.floor(toAmsterdam(created) / DAY);
    const agents = teamAgents(team);
    const newAgent = agents.find((a) => a.id === NEW_AGENT_ID);
    if (newAgent && (START_DAY.get(newAgent.id) ?? 0) <= day && this.rng.chance(this.newAgentShare)) {
      return newAgent;
    }
    return this.rng.pick(REGULARS.get(team) ?? agents);
  }

  async run(): Promise<{ first: number; last: number }> {
    const n = this.options.contacts;
    let first = Number.NaN;
    let last = Number.NaN;
    for (let i = 0; i < n; i++) {
      const created = this.contact(i);
      if (i === 0) first = created;
      last = created;
      if (this.out.contacts.full) await this.out.contacts.flush();
      if (this.out.events.full) await this.out.events.flush();
      if (this.out.surveys.full) await this.out.surveys.flush();
      if (this.out.invitations.full) await this.out.invitations.flush();
    }
    await this.own.finish();
    return { first, last };
  }

  private contact(i: number): number {
    const r = this.rng;
    const { created, channel } = this.arrival(i);
    const local = toAmsterdam(created);
    const day = Math.floor(local / DAY);
    const hour = (local - day * DAY) / HOUR;
    const week = Math.floor((day - FIRST_DAY) / 7);
    const topic = TOPICS[r.weightedIndex(topicWeights(channel, week))] as Topic;
    const team: TeamId =
      channel === 'phone'
        ? 'phone'
        : channel !== 'social' && RETURNS_TEAM_TOPICS.has(topic)
          ? 'returns'
          : 'orders';
    const priority = r.weightedIndex(PRIORITY_WEIGHTS[topic]);
    // Returning customers: a skewed draw from a pool, so some customers come back often.
    const customerIndex = Math.floor(this.customers * r.next() ** 1.7);
    const lang: 'nl' | 'en' = Math.imul(customerIndex + 1, 2654435761) >>> 0 < 0.22 * 2 ** 32 ? 'en' : 'nl';
    const anonymous = channel === 'phone' && r.chance(0.12);
    const customer = anonymous ? null : demoCustomer(customerIndex, lang);
    const customerId = customer?.id ?? '';
    const story: Story = {
      id: `DEMO-${String(i + 1).padStart(7, '0')}`,
      channel,
      created,
      team,
      agent: this.pickAgent(team, created),
      topic,
      priority,
      lang,
      written: customer?.language ?? lang,
      mondayMorning: isoWeekday(day) === 1 && hour >= 8 && hour < 12,
      disruption: week === DISRUPTION_WEEK,
      practice: practice(week),
      events: [],
      slow: false,
      secondCall: false,
    };
    if (channel === 'email' || channel === 'social') this.writtenContact(story);
    else if (channel === 'chat') this.chat(story);
    else this.phone(story);

    // Time order (stable: equal times keep their logical order), nothing at or after the horizon.
    const events = story.events.sort((x, y) => x.t - y.t).filter((e) => e.t < HORIZON_T);
    const facts = this.writeEvents(story, events, {
      topic,
      channel,
      language: bodyLanguage(story.written),
      slow: story.slow,
      troubled: story.secondCall || cameBack(events),
      customerName: customer ? firstNameOf(customer.email) : null,
      agentName: story.agent.name.split(' ')[0] ?? story.agent.name,
    });
    markContactWork(this.activity, events);
    if (facts.resolvedAt !== undefined)
      this.reviewPool.note({
        id: story.id,
        agent: facts.assignee,
        channel,
        created,
        resolvedAt: facts.resolvedAt,
      });

    // Contact row.
    const row = this.out.contacts.emptyRow();
    row[CONTACT_POS.source] = SOURCE;
    row[CONTACT_POS.external_id] = story.id;
    row[CONTACT_POS.channel] = channel;
    row[CONTACT_POS.created_at] = isoUtc(created);
    row[CONTACT_POS.customer_id] = customerId;
    row[CONTACT_POS.team_id] = facts.team;
    row[CONTACT_POS.assignee_id] = facts.assignee;
    row[CONTACT_POS.topic] = topic;
    row[CONTACT_POS.tags] = csvField(this.tags(topic));
    row[CONTACT_POS.priority] = PRIORITY_NAMES[priority] ?? 'normal';
    row[CONTACT_POS.status] = facts.status;
    row[CONTACT_POS.subject] = channel === 'phone' ? '' : csvField(r.pick(SUBJECTS[topic][lang]));
    // The helpdesk's own SLA flag on e-mail: solved within 24 hours of its own clock, which
    // counts from creation in calendar time, not from the first message in business hours.
    if (channel === 'email' && facts.resolvedAt !== undefined)
      row[CONTACT_POS.source_sla_met] = facts.resolvedAt - created <= DAY ? 'true' : 'false';
    row[CONTACT_POS.customer_email] = customer?.email ?? '';
    row[CONTACT_POS.customer_language] = customer?.language ?? '';
    this.out.contacts.push(row);

    this.surveys(story, facts, customer);
    this.own.noteContact(customer, created, facts.reopened || facts.escalated || story.slow);
    return created;
  }

  private tags(topic: Topic): string {
    const r = this.rng;
    const tags: string[] = [];
    const count = r.weightedIndex([20, 55, 25]);
    const pool = TOPIC_TAGS[topic];
    for (let k = 0; k < count; k++) {
      const tag = r.pick(pool);
      if (!tags.includes(tag)) tags.push(tag);
    }
    if (r.chance(0.1)) tags.push(r.pick(GENERIC_TAGS));
    return tags.join('|');
  }

  // --- building blocks ----------------------------------------------------------------------

  private add(story: Story, t: number, kind: string, actor: Actor, fields: Partial<Ev> = {}): void {
    story.events.push({
      t,
      kind,
      actor,
      agent: fields.agent ?? '',
      pub: fields.pub ?? '',
      status: fields.status ?? '',
      escalation: fields.escalation ?? '',
      queue: fields.queue ?? '',
      team: fields.team ?? '',
    });
  }

  private reply(story: Story, t: number, agent: AgentDef): void {
    this.add(story, t, 'agent_reply', 'agent', { agent: agent.id, pub: 'true' });
  }

  private note(story: Story, t: number, agent: AgentDef): void {
    this.add(story, t, 'internal_note', 'agent', { agent: agent.id, pub: 'false' });
  }

  private status(story: Story, t: number, status: StatusName, agent?: AgentDef): void {
    if (agent) this.add(story, t, 'status_change', 'agent', { agent: agent.id, status });
    else this.add(story, t, 'status_change', 'system', { status });
  }

  private assign(story: Story, t: number, agent: AgentDef): void {
    this.add(story, t, 'assignment', 'system', { agent: agent.id, team: agent.team });
  }

  private calendarOf(team: TeamId): BusinessCalendar {
    return team === 'phone' ? this.model.phoneLate : this.model.webshop;
  }

  private escalationType(story: Story): EscalationType {
    const types: readonly EscalationType[] = ['tier', 'functional', 'hierarchical', 'complaint'];
    const weights = story.topic === 'complaint' ? [15, 10, 35, 40] : [50, 30, 12, 8];
    return types[this.rng.weightedIndex(weights)] ?? 'tier';
  }

  private escalationChance(story: Story, base: number): number {
    let p = base;
    if (story.topic === 'complaint') p *= 4;
    if (story.agent.id === UNDER_PERFORMER_ID) p *= 1.6;
    return p;
  }

  /**
   * Escalates at `t`: an escalation event, a reassignment (team lead, or the other team for a
   * functional escalation) and a reply by the new handler some business hours later.
   */
  private escalate(story: Story, t: number, from: AgentDef): { t: number; agent: AgentDef } {
    const r = this.rng;
    const type = this.escalationType(story);
    const tEsc = t + r.int(60, 1800);
    this.add(story, tEsc, 'escalation', 'agent', { agent: from.id, escalation: type });
    if (r.chance(0.7)) this.note(story, tEsc + r.int(5, 300), from);
    let handler: AgentDef;
    if (type === 'functional') {
      let other: TeamId = RETURNS_TEAM_TOPICS.has(story.topic) ? 'returns' : 'orders';
      if (from.team === 'orders') other = 'returns';
      else if (from.team === 'returns') other = 'orders';
      handler = r.pick(teamAgents(other).filter((a) => a.id !== NEW_AGENT_ID));
    } else {
      const senior = teamAgents(from.team).filter((a) => a.id !== from.id && a.id !== NEW_AGENT_ID);
      handler = senior[0] ?? from;
    }
    const tAssign = tEsc + r.int(310, 900);
    this.assign(story, tAssign, handler);
    const tReply = this.calendarOf(handler.team).addBusiness(tAssign, r.seconds(5 * HOUR, 0.8, 600));
    this.reply(story, tReply, handler);
    return { t: tReply, agent: handler };
  }

  /** Customer writes again after a solve, the contact reopens and is solved again. */
  private reopen(story: Story, solvedAt: number, agent: AgentDef): number {
    const r = this.rng;
    const tCustomer = solvedAt + Math.min(3.5 * DAY, r.seconds(20 * HOUR, 1, 600));
    this.add(story, tCustomer, 'customer_message', 'customer');
    this.status(story, tCustomer, 'open');
    const tReply = this.calendarOf(agent.team).addBusiness(
      tCustomer,
      r.seconds(agent.frtMedian * 0.8, 0.8, 120),
    );
    this.reply(story, tReply, agent);
    this.status(story, tReply, 'solved', agent);
    return tReply;
  }

  /** Solve (now, or pending first and auto-solved days later), maybe reopen; returns the final solve time. */
  private resolve(story: Story, t: number, agent: AgentDef, pendingShare: number): number {
    const r = this.rng;
    let solvedAt = t;
    if (r.chance(pendingShare)) {
      this.status(story, t, 'pending', agent);
      solvedAt = t + r.int(2 * DAY, 3 * DAY);
      this.status(story, solvedAt, 'solved');
    } else {
      this.status(story, t, 'solved', agent);
    }
    let reopenChance = agent.reopen * (story.topic === 'complaint' ? 1.5 : 1);
    if (story.channel === 'chat' || story.channel === 'phone') reopenChance *= 0.6;
    if (r.chance(reopenChance)) solvedAt = this.reopen(story, solvedAt, agent);
    return solvedAt;
  }

  // --- e-mail and social --------------------------------------------------------------------

  private writtenContact(story: Story): void {
    const r = this.rng;
    const cal = this.model.webshop;
    const social = story.channel === 'social';
    const t0 = story.created;
    let agent = story.agent;

    // A few contacts are started by an agent (outbound e-mail), only while the team is working.
    if (!social && cal.isOpen(t0) && r.chance(0.03)) {
      this.assign(story, t0, agent);
      this.reply(story, t0, agent);
      this.status(story, t0, 'pending', agent);
      const tCustomer = t0 + r.seconds(8 * HOUR, 1, 300);
      this.add(story, tCustomer, 'customer_message', 'customer');
      this.status(story, tCustomer, 'open');
      const tReply = cal.addBusiness(tCustomer, r.seconds(agent.frtMedian, 0.8, 120));
      this.reply(story, tReply, agent);
      const solvedAt = this.resolve(story, tReply, agent, 0.1);
      this.status(story, solvedAt + 4 * DAY + r.int(0, 3600), 'closed');
      return;
    }

    this.add(story, t0, 'customer_message', 'customer');
    if (r.chance(social ? 0.25 : 0.7))
      this.add(story, t0 + r.int(2, 30), 'bot_message', 'bot', { pub: 'true' });

    // A few still wait for a first reply when the data ends (mostly recent ones).
    const recent = t0 > HORIZON_T - 24 * DAY;
    if (r.chance(recent ? 0.04 : 0.002)) {
      if (r.chance(0.5)) {
        const tAssign = cal.addBusiness(t0, r.int(30, 900));
        this.assign(story, tAssign, agent);
        this.status(story, tAssign, 'open');
      }
      return;
    }

    const speed =
      (PRIORITY_SPEED[story.priority] ?? 1) *
      (story.mondayMorning ? 1.4 : 1) *
      (story.disruption ? 1.6 : 1) *
      (social ? 0.45 : 1) *
      story.practice;
    const tAssign = cal.addBusiness(t0, r.int(30, 900));
    this.assign(story, tAssign, agent);
    this.status(story, tAssign, 'open');
    const frt = r.seconds(agent.frtMedian * speed, 0.85, 60);
    story.slow = frt > (social ? 1.5 : 3) * HOUR;
    const tFirst = cal.addBusiness(tAssign, frt);
    if (r.chance(0.1))
      this.note(story, cal.addBusiness(tAssign, Math.round(frt * r.uniform(0.2, 0.8))), agent);
    this.reply(story, tFirst, agent);
    let t = tFirst;

    if (r.chance(this.escalationChance(story, 0.035))) {
      ({ t, agent } = this.escalate(story, t, agent));
    }

    // Back and forth with the customer.
    const rounds = r.weightedIndex([65, 25, 8, 2]);
    for (let k = 0; k < rounds; k++) {
      const pending = r.chance(0.3);
      if (pending) this.status(story, t, 'pending', agent);
      const tCustomer = t + r.seconds(5 * HOUR, 1.1, 120);
      this.add(story, tCustomer, 'customer_message', 'customer');
      if (pending) this.status(story, tCustomer, 'open');
      t = this.calendarOf(agent.team).addBusiness(tCustomer, r.seconds(agent.frtMedian * 0.8, 0.9, 60));
      this.reply(story, t, agent);
    }

    // A few stay unresolved.
    if (r.chance(0.01)) {
      if (r.chance(0.5)) this.status(story, t, 'pending', agent);
      return;
    }
    const solvedAt = this.resolve(story, t, agent, 0.15);
    this.status(story, solvedAt + 4 * DAY + r.int(0, 3600), 'closed');
  }

  // --- chat ---------------------------------------------------------------------------------

  private chat(story: Story): void {
    const r = this.rng;
    const team = story.team === 'returns' ? 'returns' : 'orders';
    const queue = CHAT_QUEUES[team];
    const t0 = story.created;
    const agent = story.agent;
    this.add(story, t0, 'queue_enter', 'customer', { queue });
    this.add(story, t0, 'customer_message', 'customer');
    const busy = (story.mondayMorning ? 2.5 : 1) * (story.disruption ? 1.5 : 1) * story.practice;
    const wait = r.seconds(15 * busy, 0.75, 1);
    if (r.chance(0.064 * (story.mondayMorning ? 1.8 : 1) * (story.disruption ? 1.3 : 1))) {
      const after = r.chance(1 / 3) ? r.int(1, 4) : r.seconds(45, 0.7, 6);
      this.add(story, t0 + after, 'abandon', 'customer', { queue });
      return;
    }
    story.slow = wait > 60;
    const tAnswer = t0 + wait;
    this.add(story, tAnswer, 'answer', 'agent', { agent: agent.id, queue });
    let t = tAnswer + r.seconds(12 * agent.pace, 0.5, 2);
    this.reply(story, t, agent);
    const rounds = r.weightedIndex([35, 35, 20, 10]);
    for (let k = 0; k < rounds; k++) {
      t += r.seconds(40, 0.8, 3);
      this.add(story, t, 'customer_message', 'customer');
      t += r.seconds(50 * agent.pace, 0.7, 3);
      this.reply(story, t, agent);
    }
    const tEnd = t + r.int(5, 60);
    this.add(story, tEnd, 'end', 'agent', { agent: agent.id });
    let done = tEnd;
    if (r.chance(0.5)) {
      this.add(story, tEnd, 'acw_start', 'agent', { agent: agent.id });
      done = tEnd + r.seconds(30 * agent.pace, 0.6, 3);
      this.add(story, done, 'acw_end', 'agent', { agent: agent.id });
    }
    let handler = agent;
    if (r.chance(this.escalationChance(story, 0.02))) {
      ({ t: done, agent: handler } = this.escalate(story, done, agent));
    } else if (r.chance(0.08)) {
      // Follow-up by e-mail after checking something.
      this.status(story, done, 'pending', agent);
      done = this.model.webshop.addBusiness(done, r.seconds(3 * HOUR, 0.8, 300));
      this.reply(story, done, agent);
    }
    this.resolve(story, done, handler, 0);
  }

  // --- phone --------------------------------------------------------------------------------

  private call(
    story: Story,
    t0: number,
    agent: AgentDef,
    queue: string,
    mayAbandon: boolean,
  ): number | undefined {
    const r = this.rng;
    this.add(story, t0, 'queue_enter', 'customer', { queue });
    const busy = (story.mondayMorning ? 2.2 : 1) * (story.disruption ? 1.5 : 1) * story.practice;
    const wait = r.seconds(25 * busy, 0.8, 1);
    if (mayAbandon && r.chance(0.098 * (story.mondayMorning ? 1.8 : 1) * (story.disruption ? 1.3 : 1))) {
      const after = r.chance(1 / 3) ? r.int(1, 4) : r.seconds(55, 0.7, 6);
      this.add(story, t0 + after, 'abandon', 'customer', { queue });
      return undefined;
    }
    if (mayAbandon) story.slow = wait > 60;
    const tAnswer = t0 + wait;
    this.add(story, tAnswer, 'answer', 'agent', { agent: agent.id, queue });
    const talk = r.seconds(300 * agent.pace * (story.topic === 'complaint' ? 1.4 : 1), 0.6, 20);
    let held = 0;
    if (r.chance(0.25)) {
      const tHold = tAnswer + Math.round(talk * r.uniform(0.2, 0.7));
      held = r.seconds(60, 0.7, 5);
      this.add(story, tHold, 'hold_start', 'agent', { agent: agent.id });
      this.add(story, tHold + held, 'hold_end', 'agent', { agent: agent.id });
    }
    const tEnd = tAnswer + talk + held;
    this.add(story, tEnd, 'end', 'agent', { agent: agent.id });
    this.add(story, tEnd, 'acw_start', 'agent', { agent: agent.id });
    const tAcw = tEnd + r.seconds(60 * agent.pace, 0.5, 5);
    this.add(story, tAcw, 'acw_end', 'agent', { agent: agent.id });
    return tAcw;
  }

  private phone(story: Story): void {
    const r = this.rng;
    const queue = PHONE_QUEUES[story.lang];
    const agent = story.agent;
    const first = this.call(story, story.created, agent, queue, true);
    if (first === undefined) return;
    if (r.chance(0.1)) this.note(story, first - r.int(1, 30), agent);
    if (r.chance(this.escalationChance(story, 0.025))) {
      const { t, agent: handler } = this.escalate(story, first, agent);
      this.resolve(story, t, handler, 0);
      return;
    }
    if (r.chance(0.12)) {
      // Not solved on the first call: the customer calls back (a repeated contact).
      story.secondCall = true;
      this.status(story, first, 'pending', agent);
      const again = this.model.phoneLate.nextOpen(first + r.seconds(20 * HOUR, 0.9, 1800)) + r.int(0, 1200);
      const second = r.chance(0.4) ? agent : this.pickAgent('phone', again);
      const end = this.call(story, again, second, queue, false) ?? again;
      this.resolve(story, end, second, 0);
      return;
    }
    this.resolve(story, first, agent, 0);
  }

  // --- output -------------------------------------------------------------------------------

  private writeEvents(story: Story, events: readonly Ev[], message: MessageContext): Facts {
    let status = '';
    let assignee = '';
    let team: string = story.team;
    let lastSolved: number | undefined;
    let sawSolved = false;
    let reopened = false;
    let escalated = false;
    const replies: { t: number; agent: string }[] = [];
    const out = this.out.events;
    let seq = 0;
    let customerMessages = 0;
    let agentReplies = 0;
    for (const e of events) {
      seq++;
      const row = out.emptyRow();
      row[EV_POS.source] = SOURCE;
      row[EV_POS.contact_external_id] = story.id;
      row[EV_POS.external_id] = `${story.id}-${seq}`;
      row[EV_POS.kind] = e.kind;
      row[EV_POS.occurred_at] = isoUtc(e.t);
      row[EV_POS.actor] = e.actor;
      row[EV_POS.agent_id] = e.agent;
      row[EV_POS.public] = e.pub;
      row[EV_POS.status] = e.status;
      row[EV_POS.escalation_type] = e.escalation;
      row[EV_POS.queue] = e.queue;
      row[EV_POS.team_id] = e.team;
      if (e.kind === 'customer_message')
        row[EV_POS.body] = csvField(this.texts.customer(message, customerMessages++ === 0));
      else if (e.kind === 'agent_reply')
        row[EV_POS.body] = csvField(this.texts.reply(message, agentReplies++ === 0));
      else if (e.kind === 'internal_note') row[EV_POS.body] = csvField(this.texts.note(message));
      else if (e.kind === 'bot_message') row[EV_POS.body] = csvField(this.texts.bot(message));
      out.push(row);

      switch (e.kind) {
        case 'status_change':
          status = e.status;
          if (e.status === 'solved') {
            lastSolved = e.t;
            sawSolved = true;
          } else if (e.status === 'open' && sawSolved) reopened = true;
          break;
        case 'assignment':
          assignee = e.agent;
          team = e.team || team;
          break;
        case 'answer':
          assignee = e.agent;
          replies.push({ t: e.t, agent: e.agent });
          break;
        case 'agent_reply':
          replies.push({ t: e.t, agent: e.agent });
          break;
        case 'escalation':
          escalated = true;
          break;
      }
    }
    if (status === '' && (story.channel === 'email' || story.channel === 'social')) status = 'new';
    const resolvedAt = status === 'solved' || status === 'closed' ? lastSolved : undefined;
    return { status, assignee, team, resolvedAt, reopened, escalated, replies };
  }

  private surveys(story: Story, facts: Facts, customer: DemoCustomer | null): void {
    const r = this.rng;
    const created = story.created;
    const customerId = customer?.id ?? '';
    const troubled = facts.reopened || facts.escalated || story.secondCall;
    const situation: TextSituation = {
      channel: story.channel,
      topic: story.topic,
      slow: story.slow,
      troubled,
    };
    if (facts.resolvedAt !== undefined) {
      const resolvedAt = facts.resolvedAt;
      let credited = facts.assignee;
      for (const x of facts.replies) if (x.t <= resolvedAt) credited = x.agent;
      const creditedAgent = AGENT_BY_ID.get(credited) ?? story.agent;
      if (r.chance(CSAT_SENT_SHARE)) {
        const sent = resolvedAt + r.int(300, 3600);
        const rate = creditedAgent.id === NEW_AGENT_ID ? this.newAgentResponseRate : CSAT_RESPONSE_RATE;
        let pTop = creditedAgent.topBox;
        if (story.slow) pTop -= 0.12;
        if (facts.reopened) pTop -= 0.25;
        if (facts.escalated) pTop -= 0.15;
        if (story.secondCall) pTop -= 0.1;
        if (story.topic === 'complaint') pTop -= 0.1;
        pTop = Math.min(0.98, Math.max(0.05, pTop));
        const answered = r.chance(rate);
        const top = r.chance(pTop);
        const score = top ? (r.chance(0.62) ? 5 : 4) : ([1, 2, 3][r.weightedIndex([30, 25, 45])] ?? 3);
        const oldScale =
          creditedAgent.team === 'returns' && Math.floor(toAmsterdam(sent) / DAY) < OLD_SCALE_UNTIL_DAY;
        const base = {
          kind: 'csat' as const,
          agent: r.chance(0.1) ? creditedAgent.id : '',
          customerId,
          contact: story.id,
          lang: story.lang,
          written: story.written,
          situation,
          sent,
        };
        const csat: SurveyRow = {
          ...base,
          id: `${story.id}-csat`,
          min: 1,
          max: oldScale ? 3 : 5,
          score: answered ? (oldScale ? (score >= 4 ? 3 : score === 3 ? 2 : 1) : score) : undefined,
          good: score >= 4,
          dimension: '',
        };
        // From the switch the team's own survey asks instead: the same answer, drawn the same
        // way, written as that survey's invitation and answers.
        const ownSurvey = askedByOwnSurvey(sent);
        if (!ownSurvey) this.surveyRow(csat);
        else if (sent < HORIZON_T) {
          const outcome = this.surveyOutcome(csat);
          this.own.postContact({
            contact: story.id,
            customer,
            agent: base.agent,
            sent,
            score: outcome.score,
            responded: outcome.responded,
            comment: outcome.comment,
            slow: story.slow,
            troubled,
            easy: score >= 4 && !troubled,
          });
        }
        const dimension =
          story.topic === 'delivery' && r.chance(0.2)
            ? 'delivery'
            : story.topic === 'payment' && r.chance(0.25)
              ? 'invoice'
              : '';
        if (dimension && !oldScale) {
          const dimScore = Math.min(5, Math.max(1, score + r.int(-1, 1) - (story.disruption ? 1 : 0)));
          // The own survey asks its own dimensions instead.
          this.helpdeskSurveyRow(ownSurvey, {
            ...base,
            id: `${story.id}-csat-${dimension}`,
            min: 1,
            max: 5,
            score: answered ? dimScore : undefined,
            good: dimScore >= 4,
            dimension,
          });
        }
      }
      if (r.chance(0.08)) {
        const sent = resolvedAt + r.int(600, 7200);
        const fast = resolvedAt - created < DAY;
        const pEasy = facts.reopened || facts.escalated || story.secondCall ? 0.3 : fast ? 0.8 : 0.5;
        const easy = r.chance(pEasy);
        const score = easy ? 5 + r.weightedIndex([30, 40, 30]) : 1 + r.weightedIndex([15, 20, 30, 35]);
        // The own survey asks the effort question itself (services/demo/survey-rows.ts).
        this.helpdeskSurveyRow(askedByOwnSurvey(sent), {
          kind: 'ces',
          id: `${story.id}-ces`,
          min: 1,
          max: 7,
          score: r.chance(0.35) ? score : undefined,
          good: easy,
          dimension: '',
          agent: '',
          customerId,
          contact: story.id,
          lang: story.lang,
          written: story.written,
          situation,
          sent,
        });
      }
    }
    // Relationship NPS: to customers, some days after a contact; half linked to the contact.
    if (customerId && r.chance(0.08)) {
      const sent = created + r.int(3 * DAY, 21 * DAY);
      const linked = r.chance(0.5);
      const bad =
        facts.reopened ||
        facts.escalated ||
        story.slow ||
        story.topic === 'complaint' ||
        facts.resolvedAt === undefined;
      const band = r.weightedIndex(bad ? [25, 30, 45] : [50, 30, 20]);
      const score =
        band === 0
          ? r.int(9, 10)
          : band === 1
            ? r.int(7, 8)
            : ([0, 1, 2, 3, 4, 5, 6][r.weightedIndex([3, 3, 5, 8, 12, 18, 25])] ?? 6);
      this.npsSeq++;
      this.surveyRow({
        kind: 'nps',
        source: NPS_SOURCE,
        id: `NPS-${String(this.npsSeq).padStart(7, '0')}`,
        min: 0,
        max: 10,
        score: r.chance(0.35) ? score : undefined,
        good: band === 0,
        dimension: '',
        agent: '',
        customerId,
        contact: linked ? story.id : '',
        lang: story.lang,
        written: story.written,
        situation,
        sent,
      });
    }
  }

  /** When the answer came and what comment it had: the draws of one survey row. */
  private surveyOutcome(s: SurveyRow): {
    score: number | undefined;
    responded: number | undefined;
    comment: { tone: Tone; text: string; language: 'nl' | 'en' } | undefined;
  } {
    const r = this.rng;
    if (s.sent >= HORIZON_T) return { score: undefined, responded: undefined, comment: undefined };
    let score = s.score;
    const responded = score === undefined ? undefined : s.sent + r.seconds(3 * HOUR, 1.3, 30);
    if (responded === undefined || responded >= HORIZON_T) score = undefined;
    let comment: { tone: Tone; text: string; language: 'nl' | 'en' } | undefined;
    if (score !== undefined && r.chance(0.3)) {
      const tone: Tone = s.good ? 'positive' : r.chance(0.35) ? 'neutral' : 'negative';
      // The draw that once picked the comment stays, so every later contact stays what it was.
      r.next();
      comment = { tone, text: this.words.comment(s.written, tone, s.situation), language: s.lang };
    }
    return { score, responded: score === undefined ? undefined : responded, comment };
  }

  /**
   * The helpdesk's survey row, unless the team's own survey asked instead: then nothing is
   * written, but the row is drawn all the same, so every later contact stays what it was.
   */
  private helpdeskSurveyRow(replaced: boolean, s: SurveyRow): void {
    if (replaced) this.surveyOutcome(s);
    else this.surveyRow(s);
  }

  private surveyRow(s: SurveyRow): void {
    if (s.sent >= HORIZON_T) return;
    const outcome = this.surveyOutcome(s);
    const score = outcome.score;
    const responded = outcome.responded;
    const comment = outcome.comment ? csvField(outcome.comment.text) : '';
    const source = s.source ?? SOURCE;
    const row = this.out.surveys.emptyRow();
    row[SURVEY_POS.source] = source;
    row[SURVEY_POS.external_id] = s.id;
    row[SURVEY_POS.kind] = s.kind;
    row[SURVEY_POS.scale_min] = String(s.min);
    row[SURVEY_POS.scale_max] = String(s.max);
    row[SURVEY_POS.score] = score === undefined ? '' : String(score);
    row[SURVEY_POS.comment] = comment;
    row[SURVEY_POS.dimension] = s.dimension;
    row[SURVEY_POS.language] = s.written;
    row[SURVEY_POS.contact_source] = s.contact && source !== SOURCE ? SOURCE : '';
    row[SURVEY_POS.contact_external_id] = s.contact;
    row[SURVEY_POS.agent_id] = s.agent;
    row[SURVEY_POS.customer_id] = s.customerId;
    row[SURVEY_POS.sent_at] = isoUtc(s.sent);
    row[SURVEY_POS.responded_at] = score === undefined || responded === undefined ? '' : isoUtc(responded);
    this.out.surveys.push(row);
  }
}

/** Whether the customer had to come back: the contact was escalated or reopened after being solved. */
function cameBack(events: readonly Ev[]): boolean {
  let solved = false;
  for (const e of events) {
    if (e.kind === 'escalation') return true;
    if (e.kind === 'status_change' && e.status === 'solved') solved = true;
    else if (e.kind === 'status_change' && e.status === 'open' && solved) return true;
  }
  return false;
}

interface Facts {
  status: string;
  assignee: string;
  team: string;
  resolvedAt: number | undefined;
  reopened: boolean;
  escalated: boolean;
  replies: { t: number; agent: string }[];
}

interface SurveyRow {
  kind: 'csat' | 'nps' | 'ces';
  source?: string;
  id: string;
  min: number;
  max: number;
  score: number | undefined;
  /** Drives the tone of the comment. */
  good: boolean;
  dimension: string;
  agent: string;
  customerId: string;
  contact: string;
  lang: 'nl' | 'en';
  /** The language of the comment and of the row. */
  written: DemoTextLanguage;
  situation: TextSituation;
  sent: number;
}

// ---------------------------------------------------------------------------------------------
// Static tables

function writeStatic(
  writer: CsvTableWriter,
  rows: readonly Record<string, string>[],
  columns: readonly string[],
): void {
  for (const values of rows) writer.push(columns.map((c) => csvField(values[c] ?? '')));
}

function staticRows(): Partial<Record<CanonicalTableName, Record<string, string>[]>> {
  return {
    calendars: CALENDARS.map((c) => ({
      id: c.id,
      name: c.name,
      timezone: TIMEZONE,
      is_default: String(c.isDefault),
    })),
    calendar_intervals: CALENDARS.flatMap((c) =>
      c.intervals.map((i) => ({
        calendar_id: c.id,
        weekday: String(i.weekday),
        start_time: i.start,
        end_time: i.end,
      })),
    ),
    calendar_holidays: CALENDARS.flatMap((c) =>
      HOLIDAYS.map((h) => ({ calendar_id: c.id, date: h.date, name: h.name })),
    ),
    teams: TEAMS.map((t) => ({ id: t.id, name: t.name, calendar_id: t.calendarId })),
    agents: AGENTS.map((a) => ({
      id: a.id,
      name: a.name,
      email: agentEmail(a),
      team_id: a.team,
      started_on: a.startedOn,
      active: 'true',
    })),
    targets: TARGETS.map((t) => ({
      metric: t.metric,
      channel: t.channel,
      team_id: '',
      threshold_seconds: String(t.seconds),
      hours: t.hours,
    })),
  };
}

// ---------------------------------------------------------------------------------------------

let cachedModel: Model | undefined;

/**
 * Writes the demo dataset into `dir` (created if needed; existing files of the same names are
 * replaced): one CSV per canonical table, headers in schema order.
 */
export async function writeDemoFiles(dir: string, options: DemoOptions): Promise<DemoSummary> {
  if (!Number.isSafeInteger(options.contacts) || options.contacts < 0) {
    throw new RangeError(`contacts must be a non-negative integer, got ${options.contacts}`);
  }
  if (!Number.isSafeInteger(options.seed)) {
    throw new RangeError(`seed must be an integer, got ${options.seed}`);
  }
  await mkdir(dir, { recursive: true });
  cachedModel ??= buildModel();
  const model = cachedModel;
  const files: Record<string, number> = {};

  const statics = staticRows();
  for (const [table, rows] of Object.entries(statics) as [CanonicalTableName, Record<string, string>[]][]) {
    const writer = new CsvTableWriter(table, join(dir, `${table}.csv`));
    writeStatic(
      writer,
      rows,
      TABLES[table].columns.map((c) => c.name),
    );
    await writer.close();
    files[table] = writer.rows;
  }

  const out = {
    contacts: new CsvTableWriter('contacts', join(dir, 'contacts.csv')),
    events: new CsvTableWriter('contact_events', join(dir, 'contact_events.csv')),
    surveys: new CsvTableWriter('survey_responses', join(dir, 'survey_responses.csv')),
    invitations: new CsvTableWriter('survey_invitations', join(dir, 'survey_invitations.csv')),
  };
  const activity = new AgentActivity(model.periodStart - DAY, HORIZON_T);
  let range: { first: number; last: number };
  const generator = new Generator(model, options, out, activity);
  try {
    range = await generator.run();
    for (const w of Object.values(out)) await w.close();
  } catch (error) {
    for (const w of Object.values(out)) w.abort();
    throw error;
  }
  for (const w of Object.values(out)) files[w.table] = w.rows;

  const presence = new CsvTableWriter('agent_status_events', join(dir, 'agent_status_events.csv'));
  const calendars = { webshop: model.webshop, phoneLate: model.phoneLate };
  const sundayDuties: SundayDuty[] = [];
  for (const row of presenceRows(
    activity,
    calendars,
    { firstDay: FIRST_DAY, lastDay: LAST_DAY },
    options.seed,
    (duty) => sundayDuties.push(duty),
  )) {
    presence.push(row);
    if (presence.full) await presence.flush();
  }
  await presence.close();
  files[presence.table] = presence.rows;
  const schedules = new CsvTableWriter('schedules', join(dir, 'schedules.csv'));
  for (const row of scheduleRows({ firstDay: FIRST_DAY, lastDay: LAST_DAY }, sundayDuties, options.seed)) {
    schedules.push(row.map(csvField));
    if (schedules.full) await schedules.flush();
  }
  await schedules.close();
  files[schedules.table] = schedules.rows;
  Object.assign(files, await generator.reviewPool.write(dir));
  return {
    files,
    from: isoUtc(Number.isNaN(range.first) ? model.periodStart : range.first),
    to: isoUtc(Number.isNaN(range.last) ? model.periodEnd - 1 : range.last),
  };
}
