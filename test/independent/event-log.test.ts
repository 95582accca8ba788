import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { eventLog } from '../../src/ingest/sources/event-log.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { csvText, generateTickets, wallClock } from './generate.js';
import { expectSameFigures, Random, type RefEvent, type Status, TICKET_KPIS } from './reference.js';

/** The log's `yyyy/MM/dd HH:mm:ss.SSS`, Rome time. */
function romeTime(ms: number): string {
  return `${wallClock(ms, 'Europe/Rome').replaceAll('-', '/')}.000`;
}

const STATUS_ACTIVITY: Record<Status, string> = {
  new: 'Assign seriousness',
  open: 'Take up again',
  pending: 'Wait',
  on_hold: 'Wait for vendor',
  solved: 'Resolve ticket',
  closed: 'Closed',
};

describe('event-log: figures against an independent computation', () => {
  test('a help-desk process log: cases, activities, resources, escalations and reopens', async () => {
    const random = new Random(1010);
    const resources = ['Value 1', 'Value 3', 'Value 9', 'Value 12', 'Value 14'];
    const tickets = generateTickets(random, {
      count: 350,
      channels: ['web_form'],
      agents: resources,
      escalations: true,
      internalNotes: true,
      waitingStatuses: true,
    });
    const rows: string[][] = [];
    for (const ticket of tickets) {
      const caseId = `Case ${ticket.id}`;
      const product = `Value ${random.int(1, 20)}`;
      const customer = `Value ${random.int(1, 300)}`;
      const row = (activity: string, at: number, resource: string) =>
        rows.push([caseId, activity, resource, romeTime(at), product, customer]);
      ticket.events.forEach((e: RefEvent, index) => {
        const who = 'agent' in e && e.agent ? e.agent : random.pick(resources);
        switch (e.kind) {
          case 'customer_message':
            // The log has the ticket's insertion, not the customer's words; later messages are feedback.
            row(index === 0 ? 'Insert ticket' : 'Customer feedback', e.at, who);
            break;
          case 'agent_reply':
            row('Take in charge ticket', e.at, who);
            break;
          case 'internal_note':
            row('Require upgrade', e.at, who);
            break;
          case 'escalation':
            row('Create SW anomaly', e.at, who);
            e.type = 'functional';
            break;
          case 'status_change':
            row(STATUS_ACTIVITY[e.status], e.at, who);
            break;
          default:
            throw new Error(`the log carries no ${e.kind}`);
        }
      });
      // Bookkeeping rows the mapping ignores.
      if (random.chance(0.05))
        row('VERIFIED', (ticket.events.at(-1)?.at ?? ticket.createdAt) + 60_000, 'Value 1');
    }
    const mapping = {
      rows: 'event',
      timezone: 'Europe/Rome',
      fields: {
        case: { column: 'Case ID' },
        kind: {
          column: 'Activity',
          map: {
            'Insert ticket': 'created',
            'Customer feedback': 'customer_message',
            'Assign seriousness': 'status_change',
            'Take in charge ticket': 'agent_reply',
            'Take up again': 'status_change',
            Wait: 'status_change',
            'Wait for vendor': 'status_change',
            'Resolve ticket': 'status_change',
            Closed: 'status_change',
            'Require upgrade': 'internal_note',
            'Create SW anomaly': 'escalation',
            VERIFIED: 'ignore',
          },
        },
        status: {
          column: 'Activity',
          map: {
            'Assign seriousness': 'new',
            'Take up again': 'open',
            Wait: 'pending',
            'Wait for vendor': 'on_hold',
            'Resolve ticket': 'solved',
            Closed: 'closed',
          },
          default: null,
        },
        escalation: { column: 'Activity', map: { 'Create SW anomaly': 'functional' }, default: null },
        resource: { column: 'Resource' },
        time: { column: 'Complete Timestamp', type: 'timestamp', format: 'yyyy/MM/dd HH:mm:ss.SSS' },
        product: { column: 'product' },
        customer: { column: 'customer' },
      },
      event: {
        contact: 'case',
        kind: 'kind',
        at: 'time',
        agent_id: 'resource',
        status: 'status',
        escalation_type: 'escalation',
      },
      contact: {
        channel: { const: 'web_form' },
        customer_id: 'customer',
        topic: 'product',
        first_message: true,
      },
    };
    await withDuckDb([], async (db, dir) => {
      // Two exports of the log that overlap: identical events are stored once.
      const header = ['Case ID', 'Activity', 'Resource', 'Complete Timestamp', 'product', 'customer'];
      const half = Math.floor(rows.length / 2);
      await writeFile(join(dir, 'log-2026a.csv'), csvText(header, rows.slice(0, half + 200)));
      const path = join(dir, 'log-2026b.csv');
      await writeFile(path, csvText(header, rows.slice(half)));
      await writeFile(join(dir, 'helpdesk.map.json'), JSON.stringify(mapping));
      await importSourceOrThrow(db, eventLog, [join(dir, 'log-2026a.csv'), path], {
        mappingPath: join(dir, 'helpdesk.map.json'),
      });
      await expectSameFigures(db, tickets, [], {
        contactKpis: [...TICKET_KPIS, 'escalation_rate'],
        byAgent: ['frt'],
      });
    });
  });
});
