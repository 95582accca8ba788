import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { withDuckDb } from '../support/engines.js';
import { generateCalls, generateSurveys, generateTickets, writeCanonical } from './generate.js';
import {
  contactIndicators,
  expectFigures,
  expectGroupedFigures,
  expectSameFigures,
  type Figure,
  factsOf,
  groupBy,
  localWeek,
  productFigures,
  productFiguresByPeriod,
  QUEUE_KPIS,
  Random,
  type RefContact,
  type RefEvent,
  type RefSurvey,
  START_MS,
  SURVEY_KPIS,
  surveyIndicators,
  TICKET_KPIS,
} from './reference.js';

const AGENTS = ['ann', 'bob', 'cem', 'dana', 'eli', 'fay'];

async function importCanonical(db: DuckDbEngine, dir: string): Promise<void> {
  const result = await importFiles(db, [
    join(dir, 'contacts.csv'),
    join(dir, 'contact_events.csv'),
    join(dir, 'survey_responses.csv'),
  ]);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
}

/**
 * Tickets of every kind, calls and chats through a queue, and three kinds of surveys. Auto-replies
 * are written as public replies by the actor `bot`, under the agent id `botAgent` (default none).
 */
function fixture(seed: number, botAgent = '') {
  const random = new Random(seed);
  const tickets = generateTickets(random, {
    count: 320,
    channels: ['email', 'email', 'web_form', 'social', 'chat'],
    agents: AGENTS,
    escalations: true,
    internalNotes: true,
    bots: true,
    waitingStatuses: true,
    initialStatus: true,
    agentStarted: true,
    surveys: { scaleMin: 1, scaleMax: 5, answered: 0.7 },
  });
  // Some agents keep a private reply instead of an internal note: it does not stop the clock.
  for (const ticket of tickets)
    ticket.events = ticket.events.map((e) =>
      e.kind === 'internal_note' && e.agent && random.chance(0.3)
        ? { kind: 'agent_reply', at: e.at, agent: e.agent, public: false }
        : e,
    );
  for (const ticket of tickets) {
    // Auto-replies exported as public replies by a bot: not a human response.
    ticket.events = ticket.events.map((e) =>
      e.kind === 'bot_message' && random.chance(0.5)
        ? { kind: 'agent_reply', at: e.at, agent: botAgent, actor: 'bot' }
        : e,
    );
    // Tickets opened through an API before the customer's message is attached: creation comes first.
    if (random.chance(0.25)) ticket.createdAt -= random.int(1, 180) * 1000;
    // Some surveys name the agent they are about.
    if (ticket.survey && random.chance(0.2)) ticket.survey.agent = random.pick(AGENTS);
    // A survey sent with the acknowledgement, before anyone replied: credited to the assignee.
    if (!ticket.survey && ticket.assignee && random.chance(0.15)) {
      const sentAt = ticket.createdAt + 120_000;
      ticket.survey = {
        kind: 'csat',
        scaleMin: 1,
        scaleMax: 5,
        score: random.int(1, 5),
        sentAt,
        respondedAt: sentAt + 600_000,
        agent: null,
        dimension: null,
        contact: ticket,
      };
    }
  }
  const calls = generateCalls(random, {
    count: 260,
    agents: AGENTS,
    channels: ['phone', 'phone', 'chat'],
    transfers: true,
  });
  const callSurveys: RefSurvey[] = [];
  for (const call of calls) {
    // Hold inside the first session; the call is solved after its last session.
    const first = call.sessions[0];
    const last = call.sessions[call.sessions.length - 1];
    if (first && first.end - first.answer > 60_000 && random.chance(0.3)) {
      const hold: RefEvent[] = [
        { kind: 'hold_start', at: first.answer + 20_000, agent: first.agent },
        { kind: 'hold_end', at: first.answer + 50_000, agent: first.agent },
      ];
      call.events.splice(2, 0, ...hold);
    }
    if (first && random.chance(0.08)) call.events.push({ kind: 'escalation', at: first.end, type: 'tier' });
    if (last) call.events.push({ kind: 'status_change', at: last.end + 30_000, status: 'solved' });
    // A chat is answered, then written in: one touch however many replies.
    if (first && call.channel === 'chat') {
      const replies = random.int(1, 3);
      for (let r = 0; r < replies; r++) {
        const at = first.answer + (r + 1) * 2000;
        if (at + 1000 >= first.end) break;
        call.events.push(
          { kind: 'customer_message', at: at - 1000 },
          { kind: 'agent_reply', at, agent: first.agent },
        );
      }
    }
    // A survey after the call, credited to the last agent who answered it.
    if (last && random.chance(0.4)) {
      const sentAt = last.end + 60_000;
      const answered = random.chance(0.6);
      callSurveys.push({
        kind: 'csat',
        scaleMin: 1,
        scaleMax: 5,
        score: answered ? random.int(1, 5) : null,
        sentAt,
        respondedAt: answered ? sentAt + random.int(30, 3600) * 1000 : null,
        agent: null,
        dimension: null,
        contact: call,
      });
    }
  }
  const surveys: RefSurvey[] = [
    ...tickets.flatMap((t) => (t.survey ? [t.survey] : [])),
    ...callSurveys,
    ...generateSurveys(random, 'nps', 150, { min: 0, max: 10 }),
    ...generateSurveys(random, 'ces', 90, { min: 1, max: 7 }),
    ...generateSurveys(random, 'csat', 60, { min: 1, max: 3 }, ['delivery', 'invoice']),
    ...generateSurveys(random, 'csat', 40, { min: 1, max: 2 }),
    ...generateSurveys(random, 'ces', 40, { min: 1, max: 5 }),
  ];
  return { contacts: [...tickets, ...calls] as RefContact[], surveys };
}

const CONTACT_KPIS = [...TICKET_KPIS, 'escalation_rate', ...QUEUE_KPIS];

describe('canonical format: figures against an independent computation', () => {
  test('every indicator, overall, per channel and per agent', async () => {
    const { contacts, surveys } = fixture(20260302);
    await withDuckDb([], async (db, dir) => {
      await writeCanonical(dir, contacts, surveys);
      await importCanonical(db, dir);

      await expectSameFigures(db, contacts, surveys, {
        contactKpis: CONTACT_KPIS,
        surveyKpis: SURVEY_KPIS,
        byChannel: ['contacts_created', 'frt', 'service_level', 'abandonment_rate', 'fcr_rate'],
        byAgent: ['frt', 'aht', 'asa', 'answered'],
        csatByAgent: true,
      });
    });
  });

  test('periods: each indicator in the week of its own timestamp, weeks of Amsterdam time', async () => {
    const { contacts, surveys } = fixture(20260302);
    const zone = 'Europe/Amsterdam';
    const week = (ms: number | null) => (ms === null ? null : localWeek(ms, zone));
    await withDuckDb([], async (db, dir) => {
      await writeCanonical(dir, contacts, surveys);
      await importCanonical(db, dir);
      const kpis = [
        'contacts_created',
        'frt',
        'service_level',
        'contacts_resolved',
        'resolution_time',
        'reopen_rate',
        'csat',
        'csat_response_rate',
        'nps',
      ];
      const product = await productFiguresByPeriod(db, kpis, {
        grain: 'week',
        timezone: zone,
        from: '2026-02-23',
        to: '2026-06-01',
        hours: 'calendar',
      });
      // Contact indicators by creation or by first resolution; survey indicators by answer or by sending.
      const periodOf: Record<string, (c: RefContact) => number | null> = {
        contacts_created: (c) => c.createdAt,
        frt: (c) => c.createdAt,
        service_level: (c) => c.createdAt,
        contacts_resolved: (c) => factsOf(c).firstResolvedAt,
        resolution_time: (c) => factsOf(c).firstResolvedAt,
        reopen_rate: (c) => factsOf(c).firstResolvedAt,
      };
      for (const [kpi, at] of Object.entries(periodOf)) {
        const groups = groupBy(
          contacts.filter((c) => at(c) !== null),
          (c) => week(at(c)) as string,
        );
        expectGroupedFigures(
          product.get(kpi) ?? new Map(),
          new Map([...groups].map(([key, group]) => [key, contactIndicators(group)[kpi] as Figure])),
        );
      }
      const surveyPeriod: Record<string, (s: RefSurvey) => number | null> = {
        csat: (s) => s.respondedAt,
        nps: (s) => s.respondedAt,
        csat_response_rate: (s) => s.sentAt,
      };
      for (const [kpi, at] of Object.entries(surveyPeriod)) {
        const groups = groupBy(
          surveys.filter((s) => at(s) !== null),
          (s) => week(at(s)) as string,
        );
        expectGroupedFigures(
          product.get(kpi) ?? new Map(),
          new Map([...groups].map(([key, group]) => [key, surveyIndicators(group)[kpi] as Figure])),
        );
      }
    });
  });

  test('survey credit: a public reply by a bot is not the last agent who replied, even with an agent id', async () => {
    // Helpdesks that run their bot as an agent account export its auto-replies with that account's
    // id. First response ignores them (actor bot); so must the credit of a survey sent after one.
    const { contacts, surveys } = fixture(20260302, 'answerbot');
    await withDuckDb([], async (db, dir) => {
      await writeCanonical(dir, contacts, surveys);
      await importCanonical(db, dir);
      await expectSameFigures(db, contacts, surveys, {
        contactKpis: ['frt'],
        surveyKpis: ['csat'],
        byAgent: ['frt'],
        csatByAgent: true,
      });
    });
  });

  test('ties keep file order: equal times are ordered as the events are in the file', async () => {
    // Status changes at the same second, written in an order that their ids reverse: the file's
    // order decides whether the ticket was reopened and when it was resolved.
    const random = new Random(7);
    const contacts: RefContact[] = [];
    for (let i = 0; i < 80; i++) {
      const created = START_MS + random.int(0, 10 * 86_400) * 1000;
      const reply = created + random.int(60, 7200) * 1000;
      const tie = reply + random.int(60, 86_400) * 1000;
      const events: RefEvent[] = [
        { kind: 'customer_message', at: created },
        { kind: 'agent_reply', at: reply, agent: random.pick(AGENTS) },
      ];
      const pattern = random.int(0, 2);
      if (pattern === 0)
        events.push(
          { kind: 'status_change', at: tie, status: 'solved' },
          { kind: 'status_change', at: tie, status: 'open' },
        );
      else if (pattern === 1)
        events.push(
          { kind: 'status_change', at: tie, status: 'open' },
          { kind: 'status_change', at: tie, status: 'solved' },
        );
      else
        events.push(
          { kind: 'status_change', at: tie, status: 'solved' },
          { kind: 'status_change', at: tie, status: 'open' },
          { kind: 'status_change', at: tie + 3_600_000, status: 'closed' },
        );
      contacts.push({ id: `tie${i}`, channel: 'email', createdAt: created, assignee: null, events });
    }
    await withDuckDb([], async (db, dir) => {
      // Ids count down along the file, so an order by id is the reverse of the file's.
      await writeCanonical(dir, contacts, [], (c, index) => `${c.id}-${String(9 - index).padStart(2, '0')}`);
      await importCanonical(db, dir);
      const kpis = [
        'contacts_resolved',
        'reopen_rate',
        'fcr_rate',
        'resolution_time',
        'contacts_resolved_full',
      ];
      const reference = contactIndicators(contacts);
      // Resolved now: the last status change of the file's order is solved or closed.
      const resolvedNow = contacts.filter((c) => {
        const last = c.events.filter((e) => e.kind === 'status_change').at(-1);
        return last?.kind === 'status_change' && (last.status === 'solved' || last.status === 'closed');
      });
      expectFigures(
        await productFigures(db, kpis),
        { ...reference, contacts_resolved_full: { value: resolvedNow.length, n: resolvedNow.length } },
        kpis,
      );
      expect(reference.reopen_rate?.value).toBeGreaterThan(0);
    });
  });
});
