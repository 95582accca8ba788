import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { intercom } from '../../src/ingest/sources/intercom.js';
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

const AGENTS = ['501', '502', '503', '504'];
const SOURCE_TYPE: Partial<Record<Channel, string>> = {
  chat: 'conversation',
  email: 'email',
  social: 'twitter',
};

/** Intercom knows open, closed and snoozed: solved is closed, on hold snoozed, the rest no change. */
function intercomStatus(status: Status): 'open' | 'closed' | 'snoozed' | null {
  if (status === 'solved' || status === 'closed') return 'closed';
  if (status === 'on_hold') return 'snoozed';
  return status === 'open' ? 'open' : null;
}

describe('intercom: figures against an independent computation', () => {
  test('conversations with parts: bots, notes, snoozes, closes, reopens (by comment, part or note) and ratings', async () => {
    const random = new Random(303);
    const tickets = generateTickets(random, {
      ...MESSAGING_CONVERSATIONS,
      agents: AGENTS,
      agentStarted: true,
      surveys: { scaleMin: 1, scaleMax: 5, answered: 0.7 },
      firstId: 7_000_000,
    });
    // What Intercom can say: its own three states, a change only when the state changes.
    keepStateChanges(tickets, 'open', intercomStatus, (state) =>
      state === 'closed' ? 'closed' : state === 'snoozed' ? 'on_hold' : 'open',
    );
    // A customer who writes to a closed conversation reopens it: newer API versions show that only
    // as the comment's `state`, without an `open` part. Half the reopens here are written that way.
    const reopenedByComment = new Set<RefEvent>();
    for (const ticket of tickets) {
      ticket.events.forEach((e, i) => {
        const before = ticket.events[i - 1];
        if (
          e.kind === 'status_change' &&
          e.status === 'open' &&
          before?.kind === 'customer_message' &&
          random.chance(0.5)
        ) {
          e.at = before.at;
          reopenedByComment.add(e);
        }
      });
    }
    const surveys: RefSurvey[] = [];
    let partId = 90_000;
    const conversations = tickets.map((ticket, i) => {
      const customer = { type: 'user', id: `u${i}`, name: `Customer ${i}` };
      const admin = (id: string) => ({ type: 'admin', id, name: `Admin ${id}`, email: `${id}@example.com` });
      const [first, ...rest] = ticket.events;
      if (!first || (first.kind !== 'customer_message' && first.kind !== 'agent_reply'))
        throw new Error('no first message');
      let state = 'open';
      const notes: RefEvent[] = [];
      const parts = rest.flatMap((e, i) => {
        if (reopenedByComment.has(e)) return [];
        const part: Record<string, unknown> = {
          type: 'conversation_part',
          id: String(partId++),
          body: '<p>…</p>',
          created_at: epochSeconds(e.at),
          updated_at: epochSeconds(e.at),
          assigned_to: null,
          attachments: [],
          redacted: false,
        };
        switch (e.kind) {
          case 'customer_message':
            Object.assign(part, { part_type: 'comment', author: customer });
            if (reopenedByComment.has(rest[i + 1] as RefEvent)) state = 'open';
            break;
          case 'agent_reply':
            Object.assign(part, { part_type: 'comment', author: admin(e.agent) });
            break;
          case 'bot_message':
            Object.assign(part, { part_type: 'comment', author: { type: 'bot', id: '1', name: 'Operator' } });
            break;
          case 'internal_note':
            Object.assign(part, { part_type: 'note', author: admin(e.agent as string) });
            break;
          case 'status_change': {
            const reopen = state === 'closed' && e.status === 'open';
            state = e.status === 'closed' ? 'closed' : e.status === 'on_hold' ? 'snoozed' : 'open';
            const closer = ticket.assignee ?? (AGENTS[0] as string);
            if (reopen && random.chance(0.4)) {
              // A teammate reopens with a note: the note and the reopen in one part.
              Object.assign(part, {
                part_type: 'note_and_reopen',
                body: '<p>Reopening</p>',
                author: admin(closer),
              });
              notes.push({ kind: 'internal_note', at: e.at, agent: closer });
            } else
              Object.assign(part, {
                part_type: state === 'closed' ? 'close' : state === 'snoozed' ? 'snoozed' : 'open',
                body: null,
                author: admin(closer),
              });
            break;
          }
          default:
            throw new Error(`intercom carries no ${e.kind}`);
        }
        part.state = state;
        return [part];
      });
      ticket.events.push(...notes);
      let rating: unknown = null;
      if (ticket.survey && ticket.survey.score !== null) {
        // Intercom reports answered ratings only, credited to the rated teammate.
        const survey: RefSurvey = { ...ticket.survey, sentAt: null, agent: ticket.assignee };
        surveys.push(survey);
        rating = {
          rating: survey.score,
          remark: null,
          created_at: epochSeconds(survey.respondedAt as number),
          contact: { type: 'contact', id: `u${i}` },
          teammate: { type: 'admin', id: ticket.assignee },
        };
      }
      return {
        type: 'conversation',
        id: ticket.id,
        created_at: epochSeconds(ticket.createdAt),
        updated_at: epochSeconds(ticket.events.at(-1)?.at ?? ticket.createdAt),
        source: {
          type: SOURCE_TYPE[ticket.channel],
          id: `s${ticket.id}`,
          delivered_as: first.kind === 'agent_reply' ? 'admin_initiated' : 'customer_initiated',
          subject: '',
          body: '<p>Hello</p>',
          author: first.kind === 'agent_reply' ? admin(first.agent) : customer,
          attachments: [],
        },
        contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: `u${i}` }] },
        open: state !== 'closed',
        state,
        priority: random.pick(['priority', 'not_priority']),
        admin_assignee_id: ticket.assignee === null ? null : Number(ticket.assignee),
        team_assignee_id: null,
        tags: { type: 'tag.list', tags: [] },
        conversation_rating: rating,
        conversation_parts: {
          type: 'conversation_part.list',
          conversation_parts: parts,
          total_count: parts.length,
        },
      };
    });
    await withDuckDb([], async (db, dir) => {
      // Two shapes the docs name: an array of conversations, and one object per line.
      const half = Math.floor(conversations.length / 2);
      await writeFile(join(dir, 'conversations.json'), JSON.stringify(conversations.slice(0, half), null, 1));
      await writeFile(
        join(dir, 'conversations.ndjson'),
        `${conversations
          .slice(half)
          .map((c) => JSON.stringify(c))
          .join('\n')}\n`,
      );
      await importSourceOrThrow(db, intercom, [dir]);
      await expectSameFigures(
        db,
        tickets,
        surveys,
        helpdeskComparison(['csat', 'csat_avg'], ['contacts_created', 'frt', 'fcr_rate']),
      );
    });
  });
});
