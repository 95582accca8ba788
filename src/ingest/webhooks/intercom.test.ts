import { createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { fixturePath, importSourceOrThrow, kpiOverview } from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { INTERCOM_FRESHNESS_MS, intercomWebhooks } from './intercom.js';
import type { ReceivedEvent, WebhookRequest } from './vendor.js';

const FIXTURES = fixturePath('webhooks/intercom/');
const EXPORT = fixturePath('sources/intercom/export/');
const SECRET = 'client-secret-of-the-test-app';
const URL = 'https://servicemeter.example.org/api/webhooks/intercom/1';

/** The fixture's bytes, as Intercom sends them. */
async function body(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(FIXTURES, name)));
}

function signed(bytes: Uint8Array, secret = SECRET): WebhookRequest {
  const signature = createHmac('sha1', secret).update(bytes).digest('hex');
  return {
    headers: new Headers({ 'content-type': 'application/json', 'x-hub-signature': `sha1=${signature}` }),
    body: bytes,
    url: URL,
  };
}

/** The notification's own `created_at`, plus `seconds`: the server's clock when it arrives. */
async function arrival(bytes: Uint8Array, seconds = 2): Promise<Date> {
  const { created_at } = JSON.parse(Buffer.from(bytes).toString('utf8')) as { created_at: number };
  return new Date((created_at + seconds) * 1000);
}

async function receivedEvents(names: readonly string[]): Promise<ReceivedEvent[]> {
  const all: ReceivedEvent[] = [];
  for (const name of names) {
    const read = intercomWebhooks.events(signed(await body(name)));
    if (!read.ok) throw new Error(`${name}: ${read.reason}`);
    all.push(...read.events);
  }
  return all;
}

/** Writes the events as files and imports them as `servicemeter import intercom` would. */
async function importEvents(db: Parameters<typeof importSourceOrThrow>[0], events: readonly ReceivedEvent[]) {
  return withTempDir(async (dir) => {
    const files = await intercomWebhooks.toFiles(events, dir);
    return files.length === 0 ? null : importSourceOrThrow(db, intercomWebhooks.format, files);
  });
}

const CONVERSATION_2001 = [
  '1-conversation.user.created.json',
  '2-conversation.admin.assigned.json',
  '3-conversation.admin.replied.json',
  '4-conversation.admin.closed.json',
  '5-conversation.rating.added.json',
];

const overview = (db: Engine) =>
  kpiOverview(db, ['contacts_created', 'frt', 'contacts_resolved', 'csat'], {
    from: '2026-03-02',
    to: '2026-03-04',
  });

describe('intercom webhooks', () => {
  test('a notification signed with the client secret and created just now is accepted', async () => {
    for (const name of await readdir(FIXTURES)) {
      if (!name.endsWith('.json')) continue;
      const bytes = await body(name);
      expect(intercomWebhooks.verify(signed(bytes), SECRET, await arrival(bytes)), name).toEqual({
        ok: true,
      });
    }
  });

  test('a wrong secret, a changed body or a missing or malformed signature is refused', async () => {
    const bytes = await body('3-conversation.admin.replied.json');
    const now = await arrival(bytes);
    expect(intercomWebhooks.verify(signed(bytes, 'another-secret'), SECRET, now)).toEqual({
      ok: false,
      reason: 'X-Hub-Signature does not match the body signed with the client secret',
    });
    const changed = new Uint8Array(Buffer.from(Buffer.from(bytes).toString('utf8').replace('Bram', 'Eve')));
    expect(intercomWebhooks.verify({ ...signed(bytes), body: changed }, SECRET, now).ok).toBe(false);
    expect(intercomWebhooks.verify({ ...signed(bytes), headers: new Headers() }, SECRET, now)).toEqual({
      ok: false,
      reason: 'no X-Hub-Signature header',
    });
    const sha256 = createHmac('sha256', SECRET).update(bytes).digest('hex');
    expect(
      intercomWebhooks.verify(
        { ...signed(bytes), headers: new Headers({ 'x-hub-signature': `sha256=${sha256}` }) },
        SECRET,
        now,
      ),
    ).toEqual({ ok: false, reason: 'X-Hub-Signature is not sha1=<40 hex digits>' });
  });

  test('a correctly signed notification created more than five minutes before or after now is refused', async () => {
    const bytes = await body('3-conversation.admin.replied.json');
    const limit = INTERCOM_FRESHNESS_MS / 1000;
    expect(intercomWebhooks.verify(signed(bytes), SECRET, await arrival(bytes, limit)).ok).toBe(true);
    expect(intercomWebhooks.verify(signed(bytes), SECRET, await arrival(bytes, limit + 1))).toEqual({
      ok: false,
      reason: 'created_at 2026-03-03T09:04:01.000Z is 301 s old: more than 5 minutes',
    });
    expect(intercomWebhooks.verify(signed(bytes), SECRET, await arrival(bytes, -limit - 1))).toEqual({
      ok: false,
      reason: 'created_at 2026-03-03T09:04:01.000Z is 301 s ahead of the server clock: more than 5 minutes',
    });
  });

  test('a signed body that is not a notification is refused, naming what is wrong', async () => {
    const bytes = new Uint8Array(Buffer.from(JSON.stringify({ type: 'conversation', id: '1' })));
    expect(intercomWebhooks.verify(signed(bytes), SECRET, new Date())).toEqual({
      ok: false,
      reason: 'type is "conversation", not "notification_event"',
    });
    const noJson = new Uint8Array(Buffer.from('topic=ping'));
    expect(intercomWebhooks.events(signed(noJson)).ok).toBe(false);
  });

  test('each notification is one event: its id, topic and creation time', async () => {
    expect(
      (await receivedEvents(['0-ping.json', ...CONVERSATION_2001, '6-contact.user.created.json'])).map(
        ({ id, kind, occurredAt }) => ({ id, kind, occurredAt }),
      ),
    ).toEqual([
      { id: 'ping@1772528400', kind: 'ping', occurredAt: '2026-03-03T09:00:00.000Z' },
      {
        id: 'notif_7d1a0c52-0001',
        kind: 'conversation.user.created',
        occurredAt: '2026-03-03T09:00:01.000Z',
      },
      {
        id: 'notif_7d1a0c52-0002',
        kind: 'conversation.admin.assigned',
        occurredAt: '2026-03-03T09:01:01.000Z',
      },
      {
        id: 'notif_7d1a0c52-0003',
        kind: 'conversation.admin.replied',
        occurredAt: '2026-03-03T09:04:01.000Z',
      },
      {
        id: 'notif_7d1a0c52-0004',
        kind: 'conversation.admin.closed',
        occurredAt: '2026-03-03T09:10:01.000Z',
      },
      {
        id: 'notif_7d1a0c52-0005',
        kind: 'conversation.rating.added',
        occurredAt: '2026-03-03T09:15:01.000Z',
      },
      { id: 'notif_7d1a0c52-0006', kind: 'contact.user.created', occurredAt: '2026-03-03T09:00:05.000Z' },
    ]);
  });

  test('the setup ping and contact topics give no file', async () => {
    await withTempDir(async (dir) => {
      const events = await receivedEvents(['0-ping.json', '6-contact.user.created.json']);
      expect(await intercomWebhooks.toFiles(events, dir)).toEqual([]);
    });
  });

  test('conversation notifications become the contact, its events and its rating through the import', async () => {
    await withDuckDb([], async (db) => {
      // Arriving one by one (a batch each) and all in one batch must give the same rows.
      for (const name of CONVERSATION_2001) await importEvents(db, await receivedEvents([name]));
      const oneByOne = await rows(db);
      await withDuckDb([], async (batched) => {
        await importEvents(batched, await receivedEvents(CONVERSATION_2001));
        expect(await rows(batched)).toEqual(oneByOne);
      });
      expect(oneByOne.contacts).toEqual([
        { external_id: '2001', channel: 'chat', status: 'closed', assignee_id: '502', customer_id: '66aa01' },
      ]);
      expect(oneByOne.events).toEqual([
        { external_id: 'source-2101', kind: 'customer_message', agent_id: null, status: null },
        { external_id: '9401', kind: 'assignment', agent_id: '502', status: null },
        { external_id: '9402', kind: 'agent_reply', agent_id: '502', status: null },
        { external_id: '9403', kind: 'status_change', agent_id: null, status: 'closed' },
      ]);
      expect(oneByOne.surveys).toEqual([{ external_id: 'rating-2001', score: 5, agent_id: '502' }]);
      expect(await overview(db)).toEqual({
        contacts_created: { value: 1, n: 1 },
        // Customer at 09:00:00, Bram's reply at 09:04:00.
        frt: { value: 240, n: 1 },
        contacts_resolved: { value: 1, n: 1 },
        csat: { value: 1, n: 1 },
      });
    });
  });

  test('notifications delivered out of order in one batch leave the conversation as it is now', async () => {
    await withDuckDb([], async (db) => {
      await importEvents(db, await receivedEvents([...CONVERSATION_2001].reverse()));
      expect(await db.all('SELECT status, assignee_id FROM contacts')).toEqual([
        { status: 'closed', assignee_id: '502' },
      ]);
    });
  });

  test('a close and the customer writing again in one batch reopen the conversation', async () => {
    await withDuckDb([], async (db) => {
      const names = [...CONVERSATION_2001.slice(0, 4), '8-conversation.user.replied.json'];
      await importEvents(db, await receivedEvents(names));
      const { contacts, events } = await rows(db);
      expect(contacts).toEqual([expect.objectContaining({ external_id: '2001', status: 'open' })]);
      expect(events.slice(-3)).toEqual([
        { external_id: '9403', kind: 'status_change', agent_id: null, status: 'closed' },
        { external_id: '9404', kind: 'customer_message', agent_id: null, status: null },
        { external_id: '9404-state', kind: 'status_change', agent_id: null, status: 'open' },
      ]);
    });
  });

  test('a conversation imported from the export and then notified about stays one contact', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, intercomWebhooks.format, [EXPORT]);
      const before = await overview(db);
      const contactsBefore = await db.all('SELECT count(*) AS n FROM contacts');
      const summary = await importEvents(db, await receivedEvents(['7-conversation.admin.noted-1004.json']));
      expect(summary?.warnings).toEqual([]);
      expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual(contactsBefore);
      expect(
        await db.all(
          "SELECT external_id, kind, status FROM contact_events WHERE contact_external_id = '1004' ORDER BY occurred_at, external_id",
        ),
      ).toEqual([
        { external_id: 'source-404', kind: 'customer_message', status: null },
        { external_id: '9301', kind: 'agent_reply', status: null },
        { external_id: '9302', kind: 'status_change', status: 'on_hold' },
        { external_id: '9303', kind: 'status_change', status: 'closed' },
        { external_id: '9310', kind: 'internal_note', status: null },
        // The note alone does not tell the conversation was closed already: its state repeats the close.
        { external_id: '9310-state', kind: 'status_change', status: 'closed' },
      ]);
      // A note changes no indicator.
      expect(await overview(db)).toEqual(before);
    });
  });
});

async function rows(db: Engine) {
  return {
    contacts: await db.all('SELECT external_id, channel, status, assignee_id, customer_id FROM contacts'),
    events: await db.all(
      'SELECT external_id, kind, agent_id, status FROM contact_events ORDER BY occurred_at, external_id',
    ),
    surveys: await db.all('SELECT external_id, score, agent_id FROM survey_responses'),
  };
}

describe("intercom webhooks: a teammate's presence", () => {
  // Payloads as in the webhook models (admin.logged_in, admin.logged_out, admin.away_mode_updated):
  // https://developers.intercom.com/docs/references/2.16/webhooks/webhook-models
  const PRESENCE = fixturePath('workforce-ingest/webhooks/');
  const presence = async (name: string) => new Uint8Array(await readFile(join(PRESENCE, name)));

  test('logging in, away mode on and off, and logging out become status changes on chat', async () => {
    const events: ReceivedEvent[] = [];
    for (const name of [
      'intercom-admin-logged-in.json',
      'intercom-admin-away.json',
      'intercom-admin-back.json',
      'intercom-admin-logged-out.json',
    ]) {
      const bytes = await presence(name);
      expect(intercomWebhooks.verify(signed(bytes), SECRET, await arrival(bytes))).toEqual({ ok: true });
      const read = intercomWebhooks.events(signed(bytes));
      if (!read.ok) throw new Error(read.reason);
      events.push(...read.events);
    }
    await withDuckDb([], async (db) => {
      await importEvents(db, events);
      expect(
        await db.all(
          `SELECT external_id, agent_id, status, strftime(occurred_at, '%Y-%m-%dT%H:%M:%SZ') AS at, reason, channel
           FROM agent_status_events ORDER BY occurred_at`,
        ),
      ).toEqual([
        {
          external_id: 'notif_1fdf450f-851a-4608-8fa6-31c818df2e94',
          agent_id: '5001',
          status: 'login',
          at: '2024-06-03T10:00:00Z',
          reason: null,
          channel: 'chat',
        },
        {
          external_id: 'notif_ca8a37c8-c6b7-4a5c-89bf-1491a6e53131',
          agent_id: '5001',
          status: 'pause',
          at: '2024-06-03T10:30:00Z',
          reason: 'Lunch',
          channel: 'chat',
        },
        {
          external_id: 'notif_0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
          agent_id: '5001',
          status: 'unpause',
          at: '2024-06-03T11:10:00Z',
          reason: null,
          channel: 'chat',
        },
        {
          external_id: 'notif_521e02f7-dc98-4a78-8e68-2a4dd9841000',
          agent_id: '5001',
          status: 'logout',
          at: '2024-06-03T18:00:00Z',
          reason: null,
          channel: 'chat',
        },
      ]);
      // The same notifications again change nothing.
      await importEvents(db, events);
      expect(await db.all('SELECT count(*) AS n FROM agent_status_events')).toEqual([{ n: 4 }]);
    });
  });

  test('presence and conversations in one batch are both imported', async () => {
    const events = await receivedEvents(CONVERSATION_2001);
    const away = intercomWebhooks.events(signed(await presence('intercom-admin-away.json')));
    if (!away.ok) throw new Error(away.reason);
    await withDuckDb([], async (db) => {
      await importEvents(db, [...events, ...away.events]);
      expect(await db.all('SELECT count(*) AS n FROM agent_status_events')).toEqual([{ n: 1 }]);
      expect(Number((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n)).toBeGreaterThan(0);
    });
  });
});
