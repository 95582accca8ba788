import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { fixturePath, importSourceOrThrow, kpiOverview } from '../../../test/support/sources.js';
import { webhookFixture, webhookRequest, zendeskHeaders } from '../../../test/support/webhooks.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { importSource } from '../../services/import-source.js';
import { zendesk as zendeskFormat } from '../sources/zendesk.js';
import type { ReceivedEvent } from './vendor.js';
import { ZENDESK_FRESHNESS_MS, zendeskWebhooks } from './zendesk.js';

const SECRET = 'dGhlIHNpZ25pbmcgc2VjcmV0IG9mIHRoZSB0ZXN0';
const NOW = new Date('2024-06-03T11:00:05Z');

/** The events of ticket 201, in the order Zendesk sends them. */
const TICKET_201 = [
  'ticket-created.json',
  'comment-added-customer.json',
  'agent-assignment-changed.json',
  'comment-added-agent.json',
  'status-changed.json',
  'priority-changed.json',
];

function request(name: string, { secret = SECRET, at = NOW } = {}) {
  const body = webhookFixture('zendesk', name);
  return webhookRequest(body, zendeskHeaders(body, secret, at));
}

function eventsOf(names: readonly string[]): ReceivedEvent[] {
  return names.flatMap((name) => {
    const read = zendeskWebhooks.events(request(name));
    if (!read.ok) throw new Error(`${name}: ${read.reason}`);
    return read.events;
  });
}

/** Writes the events as Support API files and imports them as `servicemeter import zendesk` would. */
function importEvents(db: DuckDbEngine, events: readonly ReceivedEvent[]) {
  return withTempDir(async (dir) => {
    const files = await zendeskWebhooks.toFiles(events, dir);
    return files.length === 0 ? null : importSourceOrThrow(db, zendeskWebhooks.format, files);
  });
}

describe('zendesk webhooks', () => {
  test('a request signed with the secret at the time of the timestamp header is accepted', () => {
    expect(zendeskWebhooks.verify(request('ticket-created.json'), SECRET, NOW)).toEqual({ ok: true });
  });

  test('another secret, a changed body or a missing header is refused with why', () => {
    expect(
      zendeskWebhooks.verify(request('ticket-created.json', { secret: 'another-secret' }), SECRET, NOW),
    ).toEqual({
      ok: false,
      reason: 'X-Zendesk-Webhook-Signature does not match the timestamp and body signed with the secret',
    });
    const signed = request('ticket-created.json');
    const tampered = webhookRequest(
      new TextEncoder().encode(Buffer.from(signed.body).toString('utf8').replace('"NEW"', '"SOLVED"')),
      Object.fromEntries(signed.headers),
    );
    expect(zendeskWebhooks.verify(tampered, SECRET, NOW).ok).toBe(false);
    const headers = Object.fromEntries(signed.headers);
    delete headers['x-zendesk-webhook-signature-timestamp'];
    expect(zendeskWebhooks.verify(webhookRequest(signed.body, headers), SECRET, NOW)).toEqual({
      ok: false,
      reason: 'no X-Zendesk-Webhook-Signature-Timestamp header',
    });
  });

  test('a timestamp more than five minutes from the clock is refused, either way', () => {
    const signedAt = new Date(NOW.getTime() - ZENDESK_FRESHNESS_MS - 1000);
    const old = request('ticket-created.json', { at: signedAt });
    expect(zendeskWebhooks.verify(old, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'signed at 2024-06-03T10:55:04Z, 301 s ago: more than 5 minutes',
    });
    const ahead = request('ticket-created.json', {
      at: new Date(NOW.getTime() + ZENDESK_FRESHNESS_MS + 1000),
    });
    expect(zendeskWebhooks.verify(ahead, SECRET, NOW).ok).toBe(false);
    const justInTime = request('ticket-created.json', {
      at: new Date(NOW.getTime() - ZENDESK_FRESHNESS_MS + 1000),
    });
    expect(zendeskWebhooks.verify(justInTime, SECRET, NOW)).toEqual({ ok: true });
  });

  test('an event is read with its id, type and time', () => {
    expect(eventsOf(['comment-added-agent.json']).map(({ payload: _, ...event }) => event)).toEqual([
      {
        id: '01J0Z8P7RS3U4V5W6X7Y8Z9A0C',
        kind: 'zen:event-type:ticket.comment_added',
        occurredAt: '2024-06-03T09:30:00.000Z',
      },
    ]);
    const notJson = webhookRequest(new TextEncoder().encode('{"type":'), {});
    expect(zendeskWebhooks.events(notJson).ok).toBe(false);
  });

  test('the events of a ticket become its contact, messages, assignment and resolution', async () => {
    await withDuckDb([], async (db) => {
      await importEvents(db, eventsOf(TICKET_201));
      expect(
        await db.all(
          'SELECT source, external_id, channel, status, priority, topic, assignee_id, team_id, tags FROM contacts',
        ),
      ).toEqual([
        {
          source: 'zendesk',
          external_id: '201',
          channel: 'web_form',
          status: 'solved',
          priority: 'high',
          topic: 'question',
          assignee_id: '1001',
          team_id: '360001',
          tags: 'delivery',
        },
      ]);
      expect(
        await db.all(
          'SELECT kind, actor, agent_id, status, CAST(occurred_at AS VARCHAR) AS at FROM contact_events ORDER BY occurred_at, seq',
        ),
      ).toEqual([
        // The ticket's requester created it; the agent who replied solved it.
        {
          kind: 'status_change',
          actor: 'customer',
          agent_id: null,
          status: 'new',
          at: '2024-06-03 09:00:00.123',
        },
        {
          kind: 'customer_message',
          actor: 'customer',
          agent_id: null,
          status: null,
          at: '2024-06-03 09:00:01',
        },
        { kind: 'assignment', actor: 'system', agent_id: '1001', status: null, at: '2024-06-03 09:10:00' },
        { kind: 'agent_reply', actor: 'agent', agent_id: '1001', status: null, at: '2024-06-03 09:30:00' },
        {
          kind: 'status_change',
          actor: 'agent',
          agent_id: '1001',
          status: 'solved',
          at: '2024-06-03 11:00:00',
        },
      ]);
      expect(
        await kpiOverview(db, ['contacts_created', 'frt', 'contacts_resolved', 'resolution_time'], {
          from: '2024-06-03',
          to: '2024-06-04',
        }),
      ).toEqual({
        contacts_created: { value: 1, n: 1 },
        // From the customer's comment (09:00:01) to the agent's (09:30:00); from creation to solved.
        frt: { value: 1799, n: 1 },
        contacts_resolved: { value: 1, n: 1 },
        resolution_time: { value: 7200, n: 1 },
      });
    });
  });

  test('events that are not about tickets give no file', async () => {
    await withTempDir(async (dir) => {
      expect(await zendeskWebhooks.toFiles(eventsOf(['user-created.json']), dir)).toEqual([]);
    });
  });

  test('a comment imported from an export and received by webhook is one contact event', async () => {
    await withDuckDb([], async (db) => {
      const folder = fixturePath('sources/zendesk/');
      const files = (await readdir(folder)).filter((n) => n.endsWith('.json')).map((n) => join(folder, n));
      await importSourceOrThrow(db, zendeskFormat, files);
      const count = async () =>
        (
          await db.all(
            "SELECT count(*) AS n FROM contact_events WHERE source = 'zendesk' AND external_id = '50035'",
          )
        )[0]?.n;
      const before = await db.all('SELECT count(*) AS events FROM contact_events');
      expect(await count()).toBe(1);
      await importEvents(db, eventsOf(['comment-added-file-ticket.json']));
      expect(await count()).toBe(1);
      expect(await db.all('SELECT count(*) AS events FROM contact_events')).toEqual(before);
      expect(await db.all("SELECT kind FROM contact_events WHERE external_id = '50035'")).toEqual([
        { kind: 'customer_message' },
      ]);
    });
  });

  test('an agent known from an export keeps the e-mail and team the comment does not carry', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, zendeskFormat, [fixturePath('sources/zendesk/users.json')]);
      const before = await db.all("SELECT * FROM agents WHERE id = '1001'");
      expect(before[0]).toMatchObject({ email: 'ann@example.com', team_id: '360001' });
      // The plain import replaces the row: the processor completes it (see services/webhooks).
      await importEvents(db, eventsOf(['comment-added-agent.json']));
      expect(await db.all("SELECT email, team_id FROM agents WHERE id = '1001'")).toEqual([
        { email: null, team_id: null },
      ]);
    });
  });
});

describe('zendesk webhooks: agent availability', () => {
  // Payloads as documented for zen:event-type:agent.state_changed:
  // https://developer.zendesk.com/api-reference/webhooks/event-types/agent-availability-events/
  const presence = (name: string) => {
    const body = new Uint8Array(readFileSync(fixturePath(`workforce-ingest/webhooks/${name}`)));
    return webhookRequest(body, zendeskHeaders(body, SECRET, NOW));
  };

  test('online, away and offline per channel become status changes on chat, phone and e-mail', async () => {
    const events = [
      'zendesk-agent-online-messaging.json',
      'zendesk-agent-away-talk.json',
      'zendesk-agent-offline-support.json',
    ].flatMap((name) => {
      const request = presence(name);
      expect(zendeskWebhooks.verify(request, SECRET, NOW)).toEqual({ ok: true });
      const read = zendeskWebhooks.events(request);
      if (!read.ok) throw new Error(read.reason);
      return read.events;
    });
    await withDuckDb([], async (db) => {
      // The conversion is what is tested here; the facts of an agent still online are not.
      await withTempDir(async (dir) =>
        importSourceOrThrow(db, zendeskWebhooks.format, await zendeskWebhooks.toFiles(events, dir), {
          rebuild: false,
        }),
      );
      expect(
        await db.all(
          `SELECT external_id, agent_id, status, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, reason, channel
           FROM agent_status_events ORDER BY occurred_at, status`,
        ),
      ).toEqual([
        {
          external_id: '01HZ79ST1QX01C889XV42S2J5T|login',
          agent_id: '10011',
          status: 'login',
          at: '2024-06-03T10:58:30.642Z',
          reason: null,
          channel: 'chat',
        },
        {
          external_id: '01HZ79ST1QX01C889XV42S2J5T|unpause',
          agent_id: '10011',
          status: 'unpause',
          at: '2024-06-03T10:58:30.642Z',
          reason: null,
          channel: 'chat',
        },
        {
          external_id: '01HZ79TA0000000000000000AW|login',
          agent_id: '10011',
          status: 'login',
          at: '2024-06-03T10:59:10.000Z',
          reason: null,
          channel: 'phone',
        },
        {
          external_id: '01HZ79TA0000000000000000AW|pause',
          agent_id: '10011',
          status: 'pause',
          at: '2024-06-03T10:59:10.000Z',
          reason: 'away',
          channel: 'phone',
        },
        {
          external_id: '01HZ79TB0000000000000000OF|logout',
          agent_id: '10012',
          status: 'logout',
          at: '2024-06-03T10:59:40.500Z',
          reason: null,
          channel: 'email',
        },
      ]);
    });
  });

  test('a state on a channel it does not know is refused with the field and why', async () => {
    const text = readFileSync(fixturePath('workforce-ingest/webhooks/zendesk-agent-away-talk.json'), 'utf8');
    const body = new TextEncoder().encode(text.replace('"talk"', '"carrier_pigeon"'));
    const read = zendeskWebhooks.events(webhookRequest(body, zendeskHeaders(body, SECRET, NOW)));
    if (!read.ok) throw new Error(read.reason);
    await withDuckDb([], async (db) => {
      await withTempDir(async (dir) => {
        const files = await zendeskWebhooks.toFiles(read.events, dir);
        const result = await importSource(db, zendeskWebhooks.format, files);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({
          kind: 'bad_rows',
          problems: [
            {
              column: 'agent_states[0].event.channel',
              reason: "'carrier_pigeon' is not one of support, messaging, chat, talk, voice",
            },
          ],
        });
      });
    });
  });
});
