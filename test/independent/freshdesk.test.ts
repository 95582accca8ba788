import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { freshdesk } from '../../src/ingest/sources/freshdesk.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { csvText, SPRING_MS, wallClock } from './generate.js';
import {
  type Channel,
  expectSameFigures,
  helpdeskComparison,
  Random,
  type RefContact,
  type RefEvent,
  type RefSurvey,
  type Status,
} from './reference.js';

const AGENTS = ['Ann Smith', 'Bob Jansen', 'Cem Kaya', 'Dana Berg'];
const SOURCES: [string, Channel][] = [
  ['Email', 'email'],
  ['Email', 'email'],
  ['Portal', 'web_form'],
  ['Phone', 'phone'],
  ['Chat', 'chat'],
  ['Twitter', 'social'],
  ['Outbound Email', 'email'],
];
const OPEN_STATUSES: [string, Status][] = [
  ['Open', 'open'],
  ['Pending', 'pending'],
  ['Waiting on Customer', 'pending'],
  ['Waiting on Third Party', 'on_hold'],
];
/** The 7-point survey and the classic 3-point one, with their scores. */
const SURVEY_7 = [
  'Extremely Unhappy',
  'Very Unhappy',
  'Unhappy',
  'Neutral',
  'Happy',
  'Very Happy',
  'Extremely Happy',
];
const SURVEY_3 = ['Not Good', 'Just Okay', 'Awesome'];

/** Freshdesk's export format, `2024-03-05 14:22:10`, in the account's time zone. */
const local = (ms: number | null) => (ms === null ? '' : wallClock(ms, 'Europe/Amsterdam'));

describe('freshdesk: figures against an independent computation', () => {
  test('a ticket export in local time across the clock change: first responses, resolutions, closings, reopens and surveys', async () => {
    const random = new Random(202);
    const rows: string[][] = [];
    const contacts: RefContact[] = [];
    const surveys: RefSurvey[] = [];
    for (let i = 0; i < 400; i++) {
      const id = String(3000 + i);
      const [source, channel] = random.pick(SOURCES);
      const outbound = source === 'Outbound Email';
      const agent = random.pick(AGENTS);
      const created = SPRING_MS + random.int(0, 20 * 86_400) * 1000;
      const later = (from: number, typical: number) => from + random.skewed(typical, 4 * 86_400) * 1000;
      const responded =
        !outbound && random.chance(0.85) ? later(created, channel === 'chat' ? 120 : 3600) : null;
      const resolvedAt =
        (responded !== null || outbound) && random.chance(0.72) ? later(responded ?? created, 20_000) : null;
      const closedAt =
        resolvedAt !== null && random.chance(0.45)
          ? random.chance(0.3)
            ? resolvedAt
            : later(resolvedAt, 3 * 86_400)
          : null;
      // A resolved ticket that is open again: the export shows its current status and last update.
      const reopened =
        resolvedAt !== null && closedAt === null && random.chance(0.2) ? random.pick(OPEN_STATUSES) : null;
      const lastUpdate = reopened
        ? (resolvedAt as number) + random.int(3600, 12 * 86_400) * 1000
        : (closedAt ?? resolvedAt ?? responded ?? created) + random.int(0, 600) * 1000;
      const [statusText, status]: [string, Status] = reopened
        ? reopened
        : closedAt !== null
          ? ['Closed', 'closed']
          : resolvedAt !== null
            ? ['Resolved', 'solved']
            : random.pick(OPEN_STATUSES);
      const survey =
        resolvedAt !== null && random.chance(0.45)
          ? random.chance(0.8)
            ? { labels: SURVEY_7, score: random.int(1, 7) }
            : { labels: SURVEY_3, score: random.int(1, 3) }
          : null;

      const events: RefEvent[] = outbound
        ? [{ kind: 'agent_reply', at: created, agent }]
        : [{ kind: 'customer_message', at: created }];
      if (responded !== null) events.push({ kind: 'agent_reply', at: responded, agent });
      if (resolvedAt !== null) events.push({ kind: 'status_change', at: resolvedAt, status: 'solved' });
      if (closedAt !== null && closedAt !== resolvedAt)
        events.push({ kind: 'status_change', at: closedAt, status: 'closed' });
      if (reopened) events.push({ kind: 'status_change', at: lastUpdate, status });
      const contact: RefContact = { id, channel, createdAt: created, assignee: agent, events };
      contacts.push(contact);
      if (survey) {
        // No survey times in the export: placed at the resolution, as sent and answered.
        const at = resolvedAt as number;
        surveys.push({
          kind: 'csat',
          scaleMin: 1,
          scaleMax: survey.labels.length,
          score: survey.score,
          sentAt: at,
          respondedAt: at,
          agent: null,
          dimension: null,
          contact,
        });
      }
      rows.push([
        id,
        `Question ${id}`,
        statusText,
        random.pick(['Low', 'Medium', 'High', 'Urgent']),
        source,
        random.pick(['Question', 'Incident', 'Refund']),
        agent,
        random.pick(['Support', 'Billing']),
        local(created),
        local(created + 86_400_000),
        local(resolvedAt),
        local(closedAt),
        local(lastUpdate),
        local(responded),
        '00:00',
        random.pick(['delivery,late', 'refund', '']),
        survey ? (survey.labels[survey.score - 1] as string) : '',
        `Customer ${i}`,
        `c${i}@example.org`,
        String(48_000_000_000 + random.int(1, 300)),
      ]);
    }
    const header = [
      'Ticket ID',
      'Subject',
      'Status',
      'Priority',
      'Source',
      'Type',
      'Agent',
      'Group',
      'Created time',
      'Due by Time',
      'Resolved time',
      'Closed time',
      'Last update time',
      'Initial response time',
      'Time tracked',
      'Tags',
      'Survey results',
      'Full name',
      'Email',
      'Contact ID',
    ];
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'tickets.csv');
      await writeFile(path, csvText(header, rows));
      await importSourceOrThrow(db, freshdesk, [path], { timezone: 'Europe/Amsterdam' });
      await expectSameFigures(
        db,
        contacts,
        surveys,
        helpdeskComparison(['csat', 'csat_avg'], ['contacts_created', 'frt', 'resolution_time']),
      );
    });
  });
});
