import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { zendesk } from '../../src/ingest/sources/zendesk.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { generateTickets } from './generate.js';
import {
  type Channel,
  expectSameFigures,
  helpdeskComparison,
  iso,
  Random,
  type RefSurvey,
  type Status,
} from './reference.js';

const AGENTS = ['1001', '1002', '1003', '1004', '1005'];
const VIA: Partial<Record<Channel, string>> = {
  email: 'email',
  web_form: 'web',
  chat: 'chat',
  social: 'twitter',
};
const ZENDESK_STATUS: Record<Status, string> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  on_hold: 'hold',
  solved: 'solved',
  closed: 'closed',
};

describe('zendesk: figures against an independent computation', () => {
  test('tickets with audits, notes, reopens and satisfaction ratings', async () => {
    const random = new Random(101);
    const tickets = generateTickets(random, {
      count: 300,
      channels: ['email', 'email', 'web_form', 'chat', 'social'],
      agents: AGENTS,
      internalNotes: true,
      waitingStatuses: true,
      initialStatus: true,
      agentStarted: true,
      surveys: { scaleMin: 1, scaleMax: 2, answered: 0.75 },
      firstId: 40_000,
    });
    const requester = (i: number) => 200_000 + i;
    let nextId = 1;
    const audits: unknown[] = [];
    const ratings: unknown[] = [];
    const surveys: RefSurvey[] = [];
    const ticketRows = tickets.map((ticket, i) => {
      let status: Status = 'new';
      for (const event of ticket.events) {
        const audit = {
          id: nextId++,
          ticket_id: Number(ticket.id),
          created_at: iso(event.at),
          author_id: -1,
          events: [] as unknown[],
        };
        switch (event.kind) {
          case 'customer_message':
            audit.author_id = requester(i);
            audit.events.push({
              id: nextId++,
              type: 'Comment',
              author_id: requester(i),
              body: 'Hello',
              public: true,
            });
            break;
          case 'agent_reply':
          case 'internal_note':
            audit.author_id = Number(event.agent);
            audit.events.push({
              id: nextId++,
              type: 'Comment',
              author_id: Number(event.agent),
              body: 'Reply',
              public: event.kind === 'agent_reply',
            });
            // A trigger's e-mail to the requester: not a comment, does not stop the clock.
            audit.events.push({
              id: nextId++,
              type: 'Notification',
              subject: 'Update',
              recipients: [requester(i)],
            });
            break;
          case 'status_change':
            audit.events.push({
              id: nextId++,
              type: status === 'new' && event.status === 'new' ? 'Create' : 'Change',
              field_name: 'status',
              value: ZENDESK_STATUS[event.status],
              previous_value: ZENDESK_STATUS[status],
            });
            status = event.status;
            break;
          default:
            throw new Error(`zendesk carries no ${event.kind}`);
        }
        audits.push(audit);
      }
      if (ticket.survey) {
        const rated = ticket.survey.score !== null;
        // Zendesk's ratings are good/bad on a 1–2 scale, credited to the assignee at the time.
        const survey: RefSurvey = { ...ticket.survey, scaleMin: 1, scaleMax: 2, agent: ticket.assignee };
        surveys.push(survey);
        ratings.push({
          id: nextId++,
          assignee_id: Number(ticket.assignee),
          requester_id: requester(i),
          ticket_id: Number(ticket.id),
          score: rated ? (survey.score === 2 ? 'good' : 'bad') : 'offered',
          created_at: iso(survey.sentAt as number),
          updated_at: iso((survey.respondedAt ?? survey.sentAt) as number),
          comment: null,
        });
      }
      return {
        id: Number(ticket.id),
        via: { channel: VIA[ticket.channel] },
        created_at: iso(ticket.createdAt),
        updated_at: iso(ticket.events.at(-1)?.at ?? ticket.createdAt),
        type: 'question',
        subject: `Ticket ${ticket.id}`,
        priority: random.pick(['low', 'normal', 'high', null]),
        status: ZENDESK_STATUS[status],
        requester_id: requester(i),
        assignee_id: ticket.assignee === null ? null : Number(ticket.assignee),
        group_id: 360_001,
        tags: [] as string[],
      };
    });
    // Merged tickets are left out with their audits and ratings.
    ticketRows.push({
      ...(ticketRows[0] as (typeof ticketRows)[number]),
      id: 99_999,
      status: 'closed',
      tags: ['closed_by_merge'],
    });
    audits.push({
      id: nextId++,
      ticket_id: 99_999,
      created_at: iso(tickets[0]?.createdAt as number),
      author_id: requester(0),
      events: [{ id: nextId++, type: 'Comment', author_id: requester(0), body: 'Same issue', public: true }],
    });
    const users = [
      ...AGENTS.map((id) => ({
        id: Number(id),
        name: `Agent ${id}`,
        email: `${id}@example.com`,
        role: 'agent',
        active: true,
        default_group_id: 360_001,
      })),
      ...tickets.map((_, i) => ({
        id: requester(i),
        name: `Customer ${i}`,
        email: `c${i}@example.org`,
        role: 'end-user',
        active: true,
      })),
    ];

    await withDuckDb([], async (db, dir) => {
      // An incremental export in two pages that overlap: older versions of some tickets in the first
      // (the latest updated_at wins), and audits that are in both pages (counted once, by id).
      const older = ticketRows.slice(0, 60).map((t) => ({
        ...t,
        updated_at: t.created_at,
        status: 'new',
        assignee_id: null,
      }));
      const split = Math.floor(audits.length / 2);
      const files = {
        'tickets-1.json': { tickets: [...older, ...ticketRows.slice(60, 200)] },
        'tickets-2.json': { tickets: [...ticketRows.slice(0, 60), ...ticketRows.slice(200)] },
        'audits-1.json': { audits: audits.slice(0, split + 100) },
        'audits-2.json': { audits: audits.slice(split) },
        'satisfaction_ratings.json': { satisfaction_ratings: ratings },
        'users.json': { users },
      };
      for (const [name, content] of Object.entries(files))
        await writeFile(join(dir, name), JSON.stringify(content, null, 1));
      await importSourceOrThrow(
        db,
        zendesk,
        Object.keys(files).map((name) => join(dir, name)),
      );
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
