/**
 * Seeded generators of realistic service data, as the contacts a reader of the canonical format
 * would write down: the format tests render them in their source's own shape and compute the
 * expected figures from them with reference.ts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLES } from '../../src/core/schema.js';
import {
  type Channel,
  iso,
  type Random,
  type RefContact,
  type RefEvent,
  type RefSurvey,
  START_MS,
  type Status,
} from './reference.js';

const S = 1000;
const MINUTE_S = 60;
const HOUR_S = 3600;
const DAY_S = 86_400;
const DAY = DAY_S * S;

export interface TicketOptions {
  count: number;
  channels: readonly Channel[];
  agents: readonly string[];
  /** Which extras the source can carry. */
  escalations?: boolean;
  internalNotes?: boolean;
  bots?: boolean;
  /** Statuses the source writes on the way: pending and on_hold between open and solved. */
  waitingStatuses?: boolean;
  /** Whether a ticket starts with a status change to new/open at creation. */
  initialStatus?: boolean;
  /** Tickets started by an agent (an outbound message before the customer's). */
  agentStarted?: boolean;
  /** First id; ids count up from it. */
  firstId?: number;
  /** Tickets are created in the 20 days from this time (default START_MS). */
  start?: number;
  /** Survey answers on the given scale for some solved tickets. */
  surveys?: { scaleMin: number; scaleMax: number; answered: number } | null;
}

/** The conversations of a messaging tool (Chatwoot, Intercom): mostly chat, with bots, notes and waiting states. */
export const MESSAGING_CONVERSATIONS = {
  count: 300,
  channels: ['chat', 'chat', 'email', 'social'],
  internalNotes: true,
  bots: true,
  waitingStatuses: true,
} as const satisfies Partial<TicketOptions>;

export interface Ticket extends RefContact {
  customer: string;
  survey: RefSurvey | null;
}

/**
 * Keeps of each ticket's status changes those a tool can tell apart: `stateOf` gives the tool's
 * state for a status (null: it has none, nothing is written), and a change is written only when that
 * state differs from the one before (`initial` at creation), as the status `statusOf` gives for it.
 */
export function keepStateChanges<State>(
  tickets: readonly Ticket[],
  initial: State,
  stateOf: (status: Status) => State | null,
  statusOf: (state: State) => Status,
): void {
  for (const ticket of tickets) {
    let state = initial;
    ticket.events = ticket.events.flatMap((e): RefEvent[] => {
      if (e.kind !== 'status_change') return [e];
      const next = stateOf(e.status);
      if (next === null || next === state) return [];
      state = next;
      return [{ kind: 'status_change', at: e.at, status: statusOf(next) }];
    });
  }
}

/**
 * Help-desk tickets: a customer message, sometimes a bot acknowledgement or an internal note,
 * the first public reply (or none yet), more exchanges, a resolution, a reopen days later for some,
 * escalations, and a survey after the resolution. Times within a ticket are strictly increasing.
 */
export function generateTickets(random: Random, options: TicketOptions): Ticket[] {
  const tickets: Ticket[] = [];
  const firstId = options.firstId ?? 1000;
  for (let i = 0; i < options.count; i++) {
    const id = String(firstId + i);
    const channel = random.pick(options.channels);
    const createdAt = (options.start ?? START_MS) + random.int(0, 20 * 86_400) * S;
    const events: RefEvent[] = [];
    let now = createdAt;
    /** Moves the clock on by whole seconds (at least one, so times within a ticket never tie). */
    const advance = (seconds: number) => {
      now += Math.max(1, Math.round(seconds)) * S;
    };
    const agent = random.pick(options.agents);
    let status = 'new' as Status;
    const setStatus = (next: Status) => {
      if (next === status) return;
      status = next;
      events.push({ kind: 'status_change', at: now, status: next });
    };
    if (options.agentStarted && random.chance(0.06)) {
      events.push({ kind: 'agent_reply', at: now, agent });
      advance(random.skewed(3 * HOUR_S, 2 * DAY_S));
    }
    events.push({ kind: 'customer_message', at: now });
    if (options.initialStatus) {
      // The status of a new ticket is set with its creation, a second later.
      advance(1);
      events.push({ kind: 'status_change', at: now, status: 'new' });
    }
    if (options.bots && random.chance(0.35)) {
      advance(random.int(2, 20));
      events.push({ kind: 'bot_message', at: now });
    }
    if (options.internalNotes && random.chance(0.25)) {
      advance(random.skewed(10 * MINUTE_S, 6 * HOUR_S));
      events.push({ kind: 'internal_note', at: now, agent: random.pick(options.agents) });
    }
    if (options.escalations && random.chance(0.12)) {
      advance(random.skewed(20 * MINUTE_S, 8 * HOUR_S));
      events.push({ kind: 'escalation', at: now, type: random.pick(['tier', 'functional', 'complaint']) });
    }
    let replier = agent;
    const replied = random.chance(0.86);
    if (replied) {
      const typical = channel === 'chat' ? 2 * MINUTE_S : 40 * MINUTE_S;
      advance(random.skewed(typical, 3 * DAY_S));
      events.push({ kind: 'agent_reply', at: now, agent: replier });
      setStatus(options.waitingStatuses && random.chance(0.4) ? 'pending' : 'open');
      // More exchanges: each a customer message and a reply, sometimes by a colleague.
      const exchanges = random.chance(0.45) ? random.int(1, 3) : 0;
      for (let x = 0; x < exchanges; x++) {
        advance(random.skewed(2 * HOUR_S, DAY_S));
        events.push({ kind: 'customer_message', at: now });
        if (options.waitingStatuses && status === 'pending') setStatus('open');
        if (random.chance(0.2)) replier = random.pick(options.agents);
        advance(random.skewed(HOUR_S, DAY_S));
        events.push({ kind: 'agent_reply', at: now, agent: replier });
        if (options.waitingStatuses && random.chance(0.2)) {
          advance(random.int(10, 600));
          setStatus('on_hold');
        }
      }
    } else if (random.chance(0.3)) {
      advance(random.skewed(HOUR_S, DAY_S));
      setStatus('open');
    }
    let survey: RefSurvey | null = null;
    if (replied && random.chance(0.78)) {
      advance(random.skewed(3 * HOUR_S, 5 * DAY_S));
      setStatus('solved');
      const resolvedAt = now;
      if (options.surveys && random.chance(0.55)) {
        const { scaleMin, scaleMax, answered } = options.surveys;
        const sentAt = resolvedAt + random.int(60, 600) * S;
        const answers = random.chance(answered);
        survey = {
          kind: 'csat',
          scaleMin,
          scaleMax,
          score: answers ? random.int(scaleMin, scaleMax) : null,
          sentAt,
          respondedAt: answers ? sentAt + random.int(60, 2 * 86_400) * S : null,
          agent: null,
          dimension: null,
          contact: null,
        };
      }
      if (random.chance(0.2)) {
        // A reopen: within the week for most, after it for some.
        const gap = random.chance(0.75)
          ? random.int(2 * 3600, 5 * 86_400)
          : random.int(8 * 86_400, 12 * 86_400);
        now = resolvedAt + gap * S;
        if (survey?.respondedAt && survey.respondedAt >= now) now = survey.respondedAt + S;
        events.push({ kind: 'customer_message', at: now });
        advance(1);
        setStatus('open');
        // Often solved again with a reply, sometimes without one (the answer was in the first).
        if (random.chance(0.6)) {
          advance(random.skewed(HOUR_S, DAY_S));
          events.push({ kind: 'agent_reply', at: now, agent: replier });
        }
        if (random.chance(0.8)) {
          advance(random.skewed(3 * HOUR_S, DAY_S));
          setStatus('solved');
        }
      } else if (random.chance(0.3)) {
        now = Math.max(resolvedAt + 4 * DAY, (survey?.respondedAt ?? 0) + S);
        setStatus('closed');
      }
    }
    const ticket: Ticket = {
      id,
      channel,
      createdAt,
      assignee: replied ? replier : random.chance(0.5) ? agent : null,
      customer: `c${random.int(1, 400)}`,
      events,
      survey,
    };
    if (ticket.survey) ticket.survey.contact = ticket;
    tickets.push(ticket);
  }
  return tickets;
}

export interface CallOptions {
  count: number;
  agents: readonly string[];
  channels?: readonly Channel[];
  /** Second answered sessions (a transfer to a colleague) for some calls. */
  transfers?: boolean;
  firstId?: number;
  /** Calls come in the 20 days from this time (default START_MS). */
  start?: number;
}

export interface Call extends RefContact {
  queue: string;
  /** Seconds in queue before the answer or the hang-up. */
  wait: number;
  outcome: 'answered' | 'abandoned';
  /** Answered sessions: answer and end times, agent. */
  sessions: { agent: string; answer: number; end: number }[];
}

/** Queue waits that include the service-level targets and the short-abandon threshold themselves. */
const EDGE_WAITS = [0, 1, 4, 5, 6, 19, 20, 21, 29, 30, 31];

/**
 * Calls or chats through a queue: answered (now and then without waiting, often within the
 * service level, some long), abandoned (a third of them within 5 s), some handed to a colleague.
 */
export function generateCalls(random: Random, options: CallOptions): Call[] {
  const calls: Call[] = [];
  const firstId = options.firstId ?? 5000;
  for (let i = 0; i < options.count; i++) {
    const channel = random.pick<Channel>(options.channels ?? ['phone']);
    const createdAt = (options.start ?? START_MS) + random.int(0, 20 * 86_400) * S;
    const queue = random.pick(['sales', 'support', 'billing']);
    const answered = random.chance(0.72);
    const wait = random.chance(0.25)
      ? random.pick(EDGE_WAITS)
      : answered
        ? random.skewed(25, 900)
        : random.chance(0.3)
          ? random.int(1, 4)
          : random.skewed(60, 900);
    const events: RefEvent[] = [{ kind: 'queue_enter', at: createdAt }];
    const sessions: Call['sessions'] = [];
    if (answered) {
      let agent = random.pick(options.agents);
      let answer = createdAt + wait * S;
      const sessionCount = options.transfers && random.chance(0.12) ? 2 : 1;
      for (let s = 0; s < sessionCount; s++) {
        const end = answer + random.int(20, 1500) * S;
        sessions.push({ agent, answer, end });
        events.push({ kind: 'answer', at: answer, agent }, { kind: 'end', at: end, agent });
        answer = end + random.int(5, 90) * S;
        agent = random.pick(options.agents.filter((a) => a !== agent));
      }
    } else {
      events.push({ kind: 'abandon', at: createdAt + wait * S });
    }
    calls.push({
      id: String(firstId + i),
      channel,
      createdAt,
      assignee: sessions[sessions.length - 1]?.agent ?? null,
      events,
      queue,
      wait,
      outcome: answered ? 'answered' : 'abandoned',
      sessions,
    });
  }
  return calls;
}

/** Survey answers not tied to a contact (an NPS or CES tool), some skipped, some about a dimension. */
export function generateSurveys(
  random: Random,
  kind: RefSurvey['kind'],
  count: number,
  scale: { min: number; max: number },
  dimensions: readonly string[] = [],
): RefSurvey[] {
  const surveys: RefSurvey[] = [];
  for (let i = 0; i < count; i++) {
    const sentAt = START_MS + random.int(0, 20 * 86_400) * S;
    const answered = random.chance(0.8);
    surveys.push({
      kind,
      scaleMin: scale.min,
      scaleMax: scale.max,
      score: answered ? random.int(scale.min, scale.max) : null,
      sentAt,
      respondedAt: answered ? sentAt + random.int(30, 3 * 86_400) * S : null,
      agent: null,
      dimension: dimensions.length > 0 && random.chance(0.3) ? random.pick(dimensions) : null,
      contact: null,
    });
  }
  return surveys;
}

/** One CSV line (RFC 4180 quoting). */
export function csvRow(fields: readonly (string | number | null | undefined)[], delimiter = ','): string {
  return fields
    .map((f) => {
      const text = f === null || f === undefined ? '' : String(f);
      return /[",\n\r;\t|]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(delimiter);
}

/** A CSV file's text: the header, then the rows. */
export function csvText(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
  delimiter = ',',
): string {
  return `${[header, ...rows].map((r) => csvRow(r, delimiter)).join('\n')}\n`;
}

/** The `source` of the canonical files written below. */
export const SOURCE = 'helpdesk';

/** The canonical columns, in the order `eventRow` writes them. */
const EVENT_HEADER = TABLES.contact_events.columns.map((c) => c.name);

function eventRow(contact: RefContact, event: RefEvent, id: string, queue: string | null) {
  const agent = 'agent' in event ? (event.agent ?? null) : null;
  return [
    SOURCE,
    contact.id,
    id,
    event.kind,
    iso(event.at),
    event.kind === 'agent_reply' && event.actor === 'bot' ? 'bot' : null,
    agent,
    event.kind === 'agent_reply' && event.public === false ? 'false' : null,
    event.kind === 'status_change' ? event.status : null,
    event.kind === 'escalation' ? event.type : null,
    ['queue_enter', 'answer', 'abandon'].includes(event.kind) ? queue : null,
    null,
    // body: no words; the indicators do not read them.
    null,
  ];
}

/** Writes contacts, their events (in the order given) and survey responses as canonical CSV files. */
export async function writeCanonical(
  dir: string,
  contacts: readonly RefContact[],
  surveys: readonly RefSurvey[],
  eventId: (contact: RefContact, index: number) => string = (c, i) => `${c.id}-e${i}`,
): Promise<void> {
  await writeFile(
    join(dir, 'contacts.csv'),
    csvText(
      ['source', 'external_id', 'channel', 'created_at', 'assignee_id', 'status'],
      contacts.map((c) => [SOURCE, c.id, c.channel, iso(c.createdAt), c.assignee, null]),
    ),
  );
  await writeFile(
    join(dir, 'contact_events.csv'),
    csvText(
      EVENT_HEADER,
      contacts.flatMap((c) =>
        c.events.map((e, i) => eventRow(c, e, eventId(c, i), 'queue' in c ? String(c.queue) : null)),
      ),
    ),
  );
  await writeFile(
    join(dir, 'survey_responses.csv'),
    csvText(
      [
        'source',
        'external_id',
        'kind',
        'scale_min',
        'scale_max',
        'score',
        'dimension',
        'contact_external_id',
        'agent_id',
        'sent_at',
        'responded_at',
      ],
      surveys.map((s, i) => [
        SOURCE,
        `s${i}`,
        s.kind,
        s.scaleMin,
        s.scaleMax,
        s.score,
        s.dimension,
        s.contact?.id ?? null,
        s.agent,
        s.sentAt === null ? null : iso(s.sentAt),
        s.respondedAt === null ? null : iso(s.respondedAt),
      ]),
    ),
  );
}

/** 2026-03-18T00:00:00Z: fixtures from here cross the spring clock change in Europe (29 March). */
export const SPRING_MS = Date.UTC(2026, 2, 18);

const WALL_CLOCKS = new Map<string, Intl.DateTimeFormat>();

/** A UTC instant as the wall-clock time of `timeZone`: `yyyy-MM-dd HH:mm:ss`. */
export function wallClock(ms: number, timeZone: string): string {
  let format = WALL_CLOCKS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    WALL_CLOCKS.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
