import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { chatwoot } from '../../src/ingest/sources/chatwoot.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { generateTickets, keepStateChanges, MESSAGING_CONVERSATIONS } from './generate.js';
import {
  type Channel,
  epochSeconds,
  expectSameFigures,
  helpdeskComparison,
  Random,
  type RefEvent,
  type RefSurvey,
  type Status,
} from './reference.js';

const AGENTS = ['7', '8', '9', '10', '11'];
const INBOX: Partial<Record<Channel, string>> = {
  chat: 'Channel::WebWidget',
  email: 'Channel::Email',
  social: 'Channel::TwitterProfile',
};
const CHATWOOT_STATUS: Partial<Record<Status, string>> = {
  open: 'open',
  pending: 'pending',
  on_hold: 'snoozed',
  solved: 'resolved',
};

/** Chatwoot's texts for a resolution: by an agent, by the system after inactivity, by the contact. */
const SOLVED_TEXTS = [
  'Conversation was marked resolved by Agent {agent}',
  'Conversation was marked resolved by system due to 7 days of inactivity',
  'Conversation was resolved by Customer',
];

/** The English activity text Chatwoot writes for a change to `status`. */
function activity(status: Status, agent: string, byCustomer: boolean): string {
  switch (status) {
    case 'solved':
      return SOLVED_TEXTS[Number(agent) % SOLVED_TEXTS.length]?.replace('{agent}', agent) ?? '';
    case 'open':
      return byCustomer
        ? 'System reopened the conversation due to a new incoming message.'
        : `Conversation was reopened by Agent ${agent}`;
    case 'pending':
      return `Conversation was marked as pending by Agent ${agent}`;
    default:
      return `Conversation was snoozed by Agent ${agent}`;
  }
}

describe('chatwoot: figures against an independent computation', () => {
  test('conversations with messages, bots, notes, activities and CSAT', async () => {
    const random = new Random(404);
    const tickets = generateTickets(random, {
      ...MESSAGING_CONVERSATIONS,
      agents: AGENTS,
      surveys: { scaleMin: 1, scaleMax: 5, answered: 0.65 },
      firstId: 100,
    });
    // Chatwoot's statuses: a conversation starts open; closed is resolved too; repeats are not written.
    keepStateChanges<Status>(
      tickets,
      'open',
      (status) => (status === 'new' ? null : status === 'closed' ? 'solved' : status),
      (status) => status,
    );
    const surveys: RefSurvey[] = [];
    const responses: unknown[] = [];
    let messageId = 10_000;
    const lines = tickets.map((ticket) => {
      const conversationId = Number(ticket.id);
      const contact = { id: 50_000 + conversationId, name: `Customer ${ticket.id}`, type: 'contact' };
      const user = (id: string) => ({ id: Number(id), name: `Agent ${id}`, type: 'user' });
      const message = (at: number, type: number, fields: Record<string, unknown>) => ({
        id: messageId++,
        content: 'Hello',
        conversation_id: conversationId,
        message_type: type,
        content_type: 'text',
        content_attributes: {},
        created_at: epochSeconds(at),
        private: false,
        ...fields,
      });
      let previous: RefEvent | undefined;
      const messages = ticket.events.map((e) => {
        const byCustomer = previous?.kind === 'customer_message';
        previous = e;
        switch (e.kind) {
          case 'customer_message':
            return message(e.at, 0, { sender: contact });
          case 'agent_reply':
            return message(e.at, 1, { sender: user(e.agent) });
          case 'internal_note':
            return message(e.at, 1, { private: true, sender: user(e.agent as string) });
          case 'bot_message':
            return message(e.at, 1, { sender: { id: 1, name: 'Helper', type: 'agent_bot' } });
          case 'status_change':
            return message(e.at, 2, { content: activity(e.status, ticket.assignee ?? '7', byCustomer) });
          default:
            throw new Error(`chatwoot carries no ${e.kind}`);
        }
      });
      if (ticket.survey) {
        const survey: RefSurvey = { ...ticket.survey, agent: ticket.assignee };
        surveys.push(survey);
        const surveyMessage = message(survey.sentAt as number, 3, {
          content: 'Please rate the conversation',
          content_type: 'input_csat',
        });
        messages.push(surveyMessage);
        // The survey message is a template: a bot message in the contact's events.
        ticket.events.push({ kind: 'bot_message', at: survey.sentAt as number });
        if (survey.score !== null)
          responses.push({
            id: messageId++,
            rating: survey.score,
            feedback_message: '',
            message_id: surveyMessage.id,
            contact,
            conversation_id: conversationId,
            assigned_agent: { id: Number(ticket.assignee), name: `Agent ${ticket.assignee}` },
            created_at: epochSeconds(survey.respondedAt as number),
          });
      }
      const last = ticket.events.filter((e) => e.kind === 'status_change').at(-1);
      return JSON.stringify({
        meta: {
          sender: contact,
          channel: INBOX[ticket.channel],
          assignee: ticket.assignee === null ? null : user(ticket.assignee),
          team: { id: 3, name: 'support' },
        },
        id: conversationId,
        messages,
        status: last?.kind === 'status_change' ? CHATWOOT_STATUS[last.status] : 'open',
        created_at: epochSeconds(ticket.createdAt),
        labels: random.chance(0.3) ? ['delivery'] : [],
        priority: random.pick([null, 'low', 'medium', 'high', 'urgent']),
      });
    });
    await withDuckDb([], async (db, dir) => {
      await writeFile(join(dir, 'conversations.ndjson'), `${lines.join('\n')}\n`);
      await writeFile(join(dir, 'csat.json'), JSON.stringify(responses, null, 1));
      await importSourceOrThrow(db, chatwoot, [dir]);
      await expectSameFigures(
        db,
        tickets,
        surveys,
        helpdeskComparison(
          ['csat', 'csat_avg', 'csat_response_rate'],
          ['contacts_created', 'frt', 'reopen_rate'],
        ),
      );
    });
  });
});
