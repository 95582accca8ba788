import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { fixturePath, importSourceOrThrow, kpiOverview } from '../../../test/support/sources.js';
import { chatwootHeaders, webhookFixture, webhookRequest } from '../../../test/support/webhooks.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { chatwoot as chatwootFormat, statusOfActivity } from '../sources/chatwoot.js';
import { CHATWOOT_FRESHNESS_MS, chatwootWebhooks, STATUS_ACTIVITY_TEXT } from './chatwoot.js';
import type { ReceivedEvent } from './vendor.js';

const SECRET = 'Zq8xWm3vTn5rLk2pHj7fGd4s';
const NOW = new Date('2026-06-03T10:00:05Z');

/** The events of conversation 301, in the order Chatwoot sends them. */
const CONVERSATION_301 = [
  'conversation-created.json',
  'message-created-incoming.json',
  'message-created-outgoing.json',
  'message-created-private.json',
  'conversation-status-changed.json',
];

function request(name: string, { secret = SECRET, at = NOW } = {}) {
  const body = webhookFixture('chatwoot', name);
  return webhookRequest(body, chatwootHeaders(body, secret, at));
}

function eventsOf(names: readonly string[]): ReceivedEvent[] {
  return names.flatMap((name) => {
    const read = chatwootWebhooks.events(request(name));
    if (!read.ok) throw new Error(`${name}: ${read.reason}`);
    return read.events;
  });
}

function importEvents(db: DuckDbEngine, events: readonly ReceivedEvent[]) {
  return withTempDir(async (dir) => {
    const files = await chatwootWebhooks.toFiles(events, dir);
    return files.length === 0 ? null : importSourceOrThrow(db, chatwootWebhooks.format, files);
  });
}

describe('chatwoot webhooks', () => {
  test('a request signed with the secret at the time of its timestamp header is accepted', () => {
    expect(chatwootWebhooks.verify(request('message-created-incoming.json'), SECRET, NOW)).toEqual({
      ok: true,
    });
  });

  test('another secret, a changed body, an unsigned request are refused with why', () => {
    expect(
      chatwootWebhooks.verify(
        request('message-created-incoming.json', { secret: 'not-the-secret' }),
        SECRET,
        NOW,
      ),
    ).toEqual({
      ok: false,
      reason: 'X-Chatwoot-Signature does not match the timestamp and body signed with the secret',
    });
    const signed = request('message-created-incoming.json');
    const changed = new TextEncoder().encode(
      Buffer.from(signed.body).toString('utf8').replace('"incoming"', '"outgoing"'),
    );
    expect(
      chatwootWebhooks.verify(webhookRequest(changed, Object.fromEntries(signed.headers)), SECRET, NOW).ok,
    ).toBe(false);
    expect(
      chatwootWebhooks.verify(
        webhookRequest(signed.body, { 'content-type': 'application/json' }),
        SECRET,
        NOW,
      ),
    ).toEqual({
      ok: false,
      reason: 'no X-Chatwoot-Signature header (give the webhook a secret in Chatwoot)',
    });
  });

  test('a timestamp more than five minutes from the clock is refused, either way', () => {
    const old = request('message-created-incoming.json', {
      at: new Date(NOW.getTime() - CHATWOOT_FRESHNESS_MS - 5000),
    });
    expect(chatwootWebhooks.verify(old, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'signed at 2026-06-03T09:55:00.000Z, 305 s ago: more than 5 minutes',
    });
    const ahead = request('message-created-incoming.json', {
      at: new Date(NOW.getTime() + CHATWOOT_FRESHNESS_MS + 5000),
    });
    expect(chatwootWebhooks.verify(ahead, SECRET, NOW).ok).toBe(false);
  });

  test('events are read with ids that repeat only when the event does', () => {
    expect(eventsOf(CONVERSATION_301).map(({ payload: _, ...event }) => event)).toEqual([
      {
        id: 'conversation_created:301:1780477200.482913',
        kind: 'conversation_created',
        occurredAt: '2026-06-03T09:00:00.000Z',
      },
      { id: 'message_created:9001', kind: 'message_created', occurredAt: '2026-06-03T09:00:00.000Z' },
      { id: 'message_created:9002', kind: 'message_created', occurredAt: '2026-06-03T09:10:00.000Z' },
      { id: 'message_created:9003', kind: 'message_created', occurredAt: '2026-06-03T09:11:40.000Z' },
      {
        id: 'conversation_status_changed:301:1780480800.482913',
        kind: 'conversation_status_changed',
        occurredAt: '2026-06-03T10:00:00.000Z',
      },
    ]);
    const [typing] = eventsOf(['conversation-typing-on.json']);
    expect(typing?.id).toMatch(/^conversation_typing_on:sha256:[0-9a-f]{64}$/);
  });

  test('each status is written as the activity message the conversion reads it from', () => {
    expect(
      Object.fromEntries(
        Object.entries(STATUS_ACTIVITY_TEXT).map(([s, text]) => [s, statusOfActivity(text)]),
      ),
    ).toEqual({
      open: 'open',
      resolved: 'solved',
      pending: 'pending',
      snoozed: 'on_hold',
    });
  });

  test('the events of a conversation become its contact, messages and resolution', async () => {
    await withDuckDb([], async (db) => {
      await importEvents(db, eventsOf(CONVERSATION_301));
      expect(
        await db.all(
          'SELECT source, external_id, channel, status, assignee_id, team_id, customer_id, tags FROM contacts',
        ),
      ).toEqual([
        {
          source: 'chatwoot',
          external_id: '301',
          channel: 'chat',
          status: 'solved',
          assignee_id: '7',
          team_id: '3',
          customer_id: '41',
          tags: 'delivery',
        },
      ]);
      expect(
        await db.all(
          'SELECT external_id, kind, agent_id, status, CAST(occurred_at AS VARCHAR) AS at FROM contact_events ORDER BY occurred_at, seq',
        ),
      ).toEqual([
        {
          external_id: '9001',
          kind: 'customer_message',
          agent_id: null,
          status: null,
          at: '2026-06-03 09:00:00',
        },
        { external_id: '9002', kind: 'agent_reply', agent_id: '7', status: null, at: '2026-06-03 09:10:00' },
        {
          external_id: '9003',
          kind: 'internal_note',
          agent_id: '7',
          status: null,
          at: '2026-06-03 09:11:40',
        },
        {
          external_id: 'status-301-1780480800',
          kind: 'status_change',
          agent_id: null,
          status: 'solved',
          at: '2026-06-03 10:00:00',
        },
      ]);
      expect(
        await kpiOverview(db, ['contacts_created', 'frt', 'contacts_resolved', 'resolution_time'], {
          from: '2026-06-03',
          to: '2026-06-04',
        }),
      ).toEqual({
        contacts_created: { value: 1, n: 1 },
        frt: { value: 600, n: 1 },
        contacts_resolved: { value: 1, n: 1 },
        resolution_time: { value: 3600, n: 1 },
      });
    });
  });

  test('typing and other events give no file', async () => {
    await withTempDir(async (dir) => {
      expect(await chatwootWebhooks.toFiles(eventsOf(['conversation-typing-on.json']), dir)).toEqual([]);
    });
  });

  test('a message imported from the API and received by webhook is one contact event', async () => {
    await withDuckDb([], async (db) => {
      const folder = fixturePath('sources/chatwoot/api/');
      const files = (await readdir(folder)).map((name) => join(folder, name));
      await importSourceOrThrow(db, chatwootFormat, files);
      const before = await db.all('SELECT count(*) AS events FROM contact_events');
      await importEvents(db, eventsOf(['message-created-file-conversation.json']));
      expect(await db.all('SELECT count(*) AS events FROM contact_events')).toEqual(before);
      expect(
        await db.all(
          "SELECT contact_external_id, kind, agent_id FROM contact_events WHERE external_id = '1005'",
        ),
      ).toEqual([{ contact_external_id: '101', kind: 'agent_reply', agent_id: '7' }]);
      expect(await db.all("SELECT count(*) AS n FROM contacts WHERE external_id = '101'")).toEqual([
        { n: 1 },
      ]);
    });
  });
});
