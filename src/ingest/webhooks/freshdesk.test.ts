import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { fixturePath, importSourceOrThrow, kpiOverview } from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { freshdesk } from '../sources/freshdesk.js';
import {
  FRESHDESK_BODY_FIELDS,
  FRESHDESK_BODY_TEMPLATE,
  FRESHDESK_MAX_AGE_MS,
  FRESHDESK_MAX_AHEAD_MS,
  FRESHDESK_SECRET_HEADER,
  freshdeskTimeToMs,
  freshdeskWebhooks,
} from './freshdesk.js';
import type { ReceivedEvent, WebhookRequest } from './vendor.js';

const FIXTURES = fixturePath('webhooks/freshdesk/');
const EXPORT = fixturePath('sources/freshdesk/tickets.csv');
const SECRET = 'c2VydmljZW1ldGVyLXRlc3Qtc2VjcmV0';
const URL = 'https://servicemeter.example.org/api/webhooks/freshdesk/2';

async function body(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(FIXTURES, name)));
}

function sent(bytes: Uint8Array, secret: string | null = SECRET): WebhookRequest {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (secret !== null) headers.set(FRESHDESK_SECRET_HEADER, secret);
  return { headers, body: bytes, url: URL };
}

/** The ticket's `updated_at` plus `seconds`: the server's clock when the webhook arrives. */
async function arrival(bytes: Uint8Array, seconds = 20): Promise<Date> {
  const { updated_at } = JSON.parse(Buffer.from(bytes).toString('utf8')) as { updated_at: string };
  return new Date((freshdeskTimeToMs(updated_at) ?? Number.NaN) + seconds * 1000);
}

async function receivedEvents(names: readonly string[]): Promise<ReceivedEvent[]> {
  const all: ReceivedEvent[] = [];
  for (const name of names) {
    const read = freshdeskWebhooks.events(sent(await body(name)));
    if (!read.ok) throw new Error(`${name}: ${read.reason}`);
    all.push(...read.events);
  }
  return all;
}

async function importEvents(db: Parameters<typeof importSourceOrThrow>[0], events: readonly ReceivedEvent[]) {
  return withTempDir(async (dir) => {
    const files = await freshdeskWebhooks.toFiles(events, dir);
    // The account's time zone, as an import of the export is told: the webhook's files must not depend on it.
    return importSourceOrThrow(db, freshdeskWebhooks.format, files, { timezone: 'Europe/Amsterdam' });
  });
}

const TICKET_2001 = ['1-ticket-created.json', '2-ticket-assigned.json', '3-ticket-resolved.json'];

const overview = (db: Engine) =>
  kpiOverview(db, ['contacts_created', 'contacts_resolved', 'resolution_time'], {
    from: '2024-03-01',
    to: '2024-04-30',
  });

describe('freshdesk webhooks', () => {
  test('the body template holds exactly the fields read, each a Freshdesk placeholder', () => {
    const template = JSON.parse(FRESHDESK_BODY_TEMPLATE) as Record<string, string>;
    expect(Object.keys(template)).toEqual([...FRESHDESK_BODY_FIELDS]);
    for (const value of Object.values(template)) expect(value).toMatch(/^\{\{[a-z_.]+\}\}$/);
  });

  test('Freshdesk renderings of a time are read with their offset; a time without one is not', () => {
    const instant = Date.parse('2024-03-07T09:00:00Z');
    expect(freshdeskTimeToMs('2024-03-07 10:00:00 +0100')).toBe(instant);
    expect(freshdeskTimeToMs('2024-03-07 09:00:00 UTC')).toBe(instant);
    expect(freshdeskTimeToMs('2024-03-07T10:00:00+01:00')).toBe(instant);
    expect(freshdeskTimeToMs('Thu, 07 Mar 2024 04:00:00 -0500')).toBe(instant);
    expect(freshdeskTimeToMs('2024-03-07 10:00:00')).toBeNull();
    expect(freshdeskTimeToMs('{{ticket.modified_on}}')).toBeNull();
  });

  test('a body with the secret in its header and a fresh update time is accepted', async () => {
    for (const name of await readdir(FIXTURES)) {
      if (!name.endsWith('.json')) continue;
      const bytes = await body(name);
      expect(freshdeskWebhooks.verify(sent(bytes), SECRET, await arrival(bytes)), name).toEqual({ ok: true });
    }
  });

  test('a wrong or missing secret is refused', async () => {
    const bytes = await body('2-ticket-assigned.json');
    const now = await arrival(bytes);
    expect(freshdeskWebhooks.verify(sent(bytes, `${SECRET}x`), SECRET, now)).toEqual({
      ok: false,
      reason: "X-Servicemeter-Secret is not this source's secret",
    });
    expect(freshdeskWebhooks.verify(sent(bytes, ''), SECRET, now).ok).toBe(false);
    expect(freshdeskWebhooks.verify(sent(bytes, null), SECRET, now)).toEqual({
      ok: false,
      reason: 'no X-Servicemeter-Secret header',
    });
  });

  test('a body whose update is more than fifteen minutes old, or five minutes ahead, is refused', async () => {
    const bytes = await body('2-ticket-assigned.json');
    const maxAge = FRESHDESK_MAX_AGE_MS / 1000;
    const maxAhead = FRESHDESK_MAX_AHEAD_MS / 1000;
    expect(freshdeskWebhooks.verify(sent(bytes), SECRET, await arrival(bytes, maxAge)).ok).toBe(true);
    expect(freshdeskWebhooks.verify(sent(bytes), SECRET, await arrival(bytes, maxAge + 1))).toEqual({
      ok: false,
      reason: 'updated_at 2024-03-07T09:20:00.000Z is 901 s old: more than 15 minutes',
    });
    expect(freshdeskWebhooks.verify(sent(bytes), SECRET, await arrival(bytes, -maxAhead))).toEqual({
      ok: true,
    });
    expect(freshdeskWebhooks.verify(sent(bytes), SECRET, await arrival(bytes, -maxAhead - 1))).toEqual({
      ok: false,
      reason: 'updated_at 2024-03-07T09:20:00.000Z is 301 s ahead of the server clock: more than 5 minutes',
    });
  });

  test('a body that is not the template filled in is refused, naming the field', async () => {
    const now = new Date('2024-03-07T09:20:00Z');
    const raw = (text: string) => sent(new Uint8Array(Buffer.from(text)));
    expect(freshdeskWebhooks.verify(raw(FRESHDESK_BODY_TEMPLATE), SECRET, now)).toEqual({
      ok: false,
      reason: "ticket_id '{{ticket.id}}' is not a ticket number ({{ticket.id}})",
    });
    expect(
      freshdeskWebhooks.verify(
        raw(JSON.stringify({ ticket_id: '7', updated_at: '2024-03-07 10:20:00' })),
        SECRET,
        now,
      ),
    ).toEqual({
      ok: false,
      reason: "updated_at '2024-03-07 10:20:00' is not a time with a UTC offset ({{ticket.modified_on}})",
    });
    expect(freshdeskWebhooks.events(raw('ticket_id=7')).ok).toBe(false);
  });

  test('each body is one event, identified by the ticket and the time of its update', async () => {
    expect(
      (await receivedEvents([...TICKET_2001, '4-ticket-1003-resolved.json'])).map(
        ({ id, kind, occurredAt }) => ({
          id,
          kind,
          occurredAt,
        }),
      ),
    ).toEqual([
      { id: '2001@2024-03-07T09:00:00.000Z', kind: 'ticket created', occurredAt: '2024-03-07T09:00:00.000Z' },
      {
        id: '2001@2024-03-07T09:20:00.000Z',
        kind: 'ticket updated {responder_id:{from:null,to:48000000102}}',
        occurredAt: '2024-03-07T09:20:00.000Z',
      },
      {
        id: '2001@2024-03-07T12:00:00.000Z',
        kind: 'ticket updated {status:{from:2,to:4}}',
        occurredAt: '2024-03-07T12:00:00.000Z',
      },
      {
        id: '1003@2024-03-05T16:00:00.000Z',
        kind: 'ticket updated {status:{from:3,to:4}}',
        occurredAt: '2024-03-05T16:00:00.000Z',
      },
    ]);
  });

  test('ticket snapshots become the contact and its events through the export import', async () => {
    await withDuckDb([], async (db) => {
      for (const name of TICKET_2001) await importEvents(db, await receivedEvents([name]));
      const oneByOne = await rows(db, '2001');
      await withDuckDb([], async (batched) => {
        await importEvents(batched, await receivedEvents(TICKET_2001));
        expect(await rows(batched, '2001')).toEqual(oneByOne);
      });
      expect(oneByOne.contacts).toEqual([
        {
          external_id: '2001',
          channel: 'email',
          status: 'solved',
          priority: 'high',
          assignee_id: 'Bob Jansen',
          team_id: 'Support',
          customer_id: '48000000009',
          tags: 'damaged|replacement',
          created_at: '2024-03-07 09:00:00',
        },
      ]);
      expect(oneByOne.events).toEqual([
        {
          external_id: '2001:created',
          kind: 'customer_message',
          status: null,
          occurred_at: '2024-03-07 09:00:00',
        },
        {
          external_id: '2001:resolved',
          kind: 'status_change',
          status: 'solved',
          occurred_at: '2024-03-07 12:00:00',
        },
      ]);
      expect(await overview(db)).toEqual({
        contacts_created: { value: 1, n: 1 },
        contacts_resolved: { value: 1, n: 1 },
        // Created 10:00, resolved 13:00 (+01:00).
        resolution_time: { value: 3 * 3600, n: 1 },
      });
    });
  });

  test('the file written is a ticket export, with the header of the real one', async () => {
    await withTempDir(async (dir) => {
      const [file] = await freshdeskWebhooks.toFiles(await receivedEvents(['1-ticket-created.json']), dir);
      const header = (path: string) => readFile(path, 'utf8').then((text) => text.split('\n', 1)[0]);
      expect(await header(file ?? '')).toEqual(await header(EXPORT));
      expect(await freshdeskWebhooks.toFiles([], dir)).toEqual([]);
    });
  });

  test('a ticket resolved and open again within one batch is counted as reopened', async () => {
    await withDuckDb([], async (db) => {
      const resolved = await receivedEvents(['3-ticket-resolved.json']);
      const reopenedBody = {
        ...(resolved[0]?.payload as Record<string, string>),
        updated_at: '2024-03-07 15:00:00 +0100',
        status: 'Open',
        status_changed_at: '2024-03-07 15:00:00 +0100',
      };
      const reopened = {
        ...resolved[0],
        id: '2001@2024-03-07T14:00:00.000Z',
        payload: reopenedBody,
      } as ReceivedEvent;
      await importEvents(db, [...(await receivedEvents(TICKET_2001)), reopened]);
      expect((await rows(db, '2001')).events).toEqual([
        {
          external_id: '2001:created',
          kind: 'customer_message',
          status: null,
          occurred_at: '2024-03-07 09:00:00',
        },
        {
          external_id: '2001:resolved',
          kind: 'status_change',
          status: 'solved',
          occurred_at: '2024-03-07 12:00:00',
        },
        {
          external_id: '2001:reopened',
          kind: 'status_change',
          status: 'open',
          occurred_at: '2024-03-07 14:00:00',
        },
      ]);
    });
  });

  test('a ticket imported from the export and then updated by webhook stays one contact', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, freshdesk, [EXPORT], { timezone: 'Europe/Amsterdam' });
      const [{ n: contactsBefore } = { n: null }] = await db.all('SELECT count(*) AS n FROM contacts');
      await importEvents(db, await receivedEvents(['4-ticket-1003-resolved.json']));
      expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: contactsBefore }]);
      const ticket = await rows(db, '1003');
      expect(ticket.contacts).toEqual([
        {
          external_id: '1003',
          channel: 'phone',
          status: 'solved',
          priority: 'low',
          assignee_id: 'Ann Smith',
          team_id: 'Support',
          customer_id: '48000000003',
          tags: null,
          created_at: '2024-03-05 13:00:00',
        },
      ]);
      // The first response came from the export; the webhook adds the resolution.
      expect(ticket.events).toEqual([
        {
          external_id: '1003:created',
          kind: 'customer_message',
          status: null,
          occurred_at: '2024-03-05 13:00:00',
        },
        {
          external_id: '1003:first-response',
          kind: 'agent_reply',
          status: null,
          occurred_at: '2024-03-05 13:10:00',
        },
        {
          external_id: '1003:resolved',
          kind: 'status_change',
          status: 'solved',
          occurred_at: '2024-03-05 16:00:00',
        },
      ]);
    });
  });
});

async function rows(db: Engine, ticket: string) {
  return {
    contacts: await db.all(
      `SELECT external_id, channel, status, priority, assignee_id, team_id, customer_id, tags, CAST(created_at AS VARCHAR) AS created_at FROM contacts WHERE external_id = '${ticket}'`,
    ),
    events: await db.all(
      `SELECT external_id, kind, status, CAST(occurred_at AS VARCHAR) AS occurred_at FROM contact_events WHERE contact_external_id = '${ticket}' ORDER BY occurred_at, external_id`,
    ),
  };
}
