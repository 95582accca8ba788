import { createHmac, timingSafeEqual } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { intercom as intercomFormat } from '../sources/intercom.js';
import { isRecord } from '../sources/json-files.js';
import type { ReceivedEvent, Verdict, WebhookRequest, WebhookVendor } from './vendor.js';

/**
 * Intercom webhook topics (Developer Hub → the app → Webhooks). Every notification is an envelope
 * `{ "type": "notification_event", "id": "notif_…", "topic": "conversation.admin.replied",
 * "created_at": <Unix seconds>, "data": { "item": <the object> } }`, and the request carries
 * `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body, keyed with the app's client secret>`.
 *
 * Nothing outside the body is signed, so freshness is judged by the envelope's `created_at`, which
 * the signature covers: a notification created more than five minutes before (or after) the
 * server's clock is refused, a captured request cannot be replayed later. Within those minutes a
 * replay repeats the notification's `id`, which the intake stores once.
 *
 * The item of the `conversation.*` topics is the conversation in the REST API's shape, so the
 * events are written as the JSON file `servicemeter import intercom` reads: the same conversion.
 * The admin topics `admin.logged_in`, `admin.logged_out` and `admin.away_mode_updated`
 * (https://developers.intercom.com/docs/references/2.16/webhooks/webhook-models) are a teammate's
 * presence: written as the notifications themselves, which the conversion reads as status changes.
 */

/** How far a notification's `created_at` may be from the server's clock, either way. */
export const INTERCOM_FRESHNESS_MS = 5 * 60 * 1000;

const SIGNATURE_HEADER = 'x-hub-signature';

function verify(request: WebhookRequest, secret: string, now: Date): Verdict {
  const header = request.headers.get(SIGNATURE_HEADER);
  if (header === null) return { ok: false, reason: 'no X-Hub-Signature header' };
  const match = /^sha1=([0-9a-f]{40})$/i.exec(header.trim());
  if (!match?.[1]) return { ok: false, reason: 'X-Hub-Signature is not sha1=<40 hex digits>' };
  const sent = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha1', secret).update(request.body).digest();
  if (!timingSafeEqual(sent, expected))
    return { ok: false, reason: 'X-Hub-Signature does not match the body signed with the client secret' };
  const envelope = readEnvelope(request.body);
  if (!envelope.ok) return envelope;
  const ageMs = now.getTime() - envelope.createdAtMs;
  if (Math.abs(ageMs) > INTERCOM_FRESHNESS_MS)
    return {
      ok: false,
      reason: `created_at ${new Date(envelope.createdAtMs).toISOString()} is ${Math.round(Math.abs(ageMs) / 1000)} s ${ageMs > 0 ? 'old' : 'ahead of the server clock'}: more than ${INTERCOM_FRESHNESS_MS / 60000} minutes`,
    };
  return { ok: true };
}

interface Envelope {
  id: string;
  topic: string;
  createdAtMs: number;
  /** The whole notification, parsed. */
  value: Record<string, unknown>;
}

/** The notification envelope of a body, or why it is not one. */
function readEnvelope(body: Uint8Array): ({ ok: true } & Envelope) | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: `body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!isRecord(value)) return { ok: false, reason: 'body is not a JSON object' };
  if (value.type !== 'notification_event')
    return { ok: false, reason: `type is ${JSON.stringify(value.type)}, not "notification_event"` };
  const { id, topic, created_at: createdAt, data } = value;
  if (typeof topic !== 'string' || topic === '')
    return { ok: false, reason: 'topic is missing or not a string' };
  if (typeof createdAt !== 'number' || !Number.isInteger(createdAt) || createdAt <= 0)
    return { ok: false, reason: 'created_at is missing or not a Unix time in seconds' };
  if (!isRecord(data) || !isRecord(data.item)) return { ok: false, reason: 'data.item is not an object' };
  // The ping Intercom sends when a webhook is saved need not carry an id; it still shows the setup works.
  if (topic === 'ping' && (id === null || id === undefined))
    return { ok: true, id: `ping@${createdAt}`, topic, createdAtMs: createdAt * 1000, value };
  if (typeof id !== 'string' || id === '') return { ok: false, reason: 'id is missing or not a string' };
  return { ok: true, id, topic, createdAtMs: createdAt * 1000, value };
}

function events(
  request: WebhookRequest,
): { ok: true; events: ReceivedEvent[] } | { ok: false; reason: string } {
  const envelope = readEnvelope(request.body);
  if (!envelope.ok) return envelope;
  return {
    ok: true,
    events: [
      {
        id: envelope.id,
        kind: envelope.topic,
        occurredAt: new Date(envelope.createdAtMs).toISOString(),
        payload: envelope.value,
      },
    ],
  };
}

/**
 * The conversation a notification carries, when it tells the indicators something: the
 * `conversation.*` topics except a deletion (which the import has no way to express); contacts,
 * tickets and the setup `ping` carry nothing for them.
 */
function conversationOf(payload: unknown): Record<string, unknown> | null {
  if (!isRecord(payload) || typeof payload.topic !== 'string') return null;
  if (!payload.topic.startsWith('conversation.') || payload.topic === 'conversation.deleted') return null;
  const item = isRecord(payload.data) ? payload.data.item : null;
  if (!isRecord(item) || item.type !== 'conversation' || item.id === undefined) return null;
  return item;
}

function partsOf(conversation: Record<string, unknown>): Record<string, unknown>[] {
  const list = conversation.conversation_parts;
  if (!isRecord(list) || !Array.isArray(list.conversation_parts)) return [];
  return list.conversation_parts.filter(isRecord);
}

/**
 * One conversation document per conversation: the latest notification's conversation, holding the
 * parts of every notification about it. A notification carries only the parts that triggered it;
 * gathering them lets the conversion see, e.g., a close and the customer's reply after it together.
 */
function assemble(conversations: readonly Record<string, unknown>[]): Record<string, unknown> {
  // Intercom does not promise to deliver in order: the conversation last updated is the current one.
  const updatedAt = (c: Record<string, unknown>) => (typeof c.updated_at === 'number' ? c.updated_at : 0);
  const latest = conversations.reduce<Record<string, unknown>>(
    (current, c) => (updatedAt(c) >= updatedAt(current) ? c : current),
    {},
  );
  const parts = new Map<string, Record<string, unknown>>();
  for (const conversation of conversations)
    for (const part of partsOf(conversation)) parts.set(String(part.id), part);
  const ordered = [...parts.values()].sort(
    (a, b) =>
      (typeof a.created_at === 'number' ? a.created_at : 0) -
      (typeof b.created_at === 'number' ? b.created_at : 0),
  );
  // `total_count` counts the whole conversation and `statistics` describe it all: set against the
  // few parts a notification holds they would only raise false warnings.
  const { statistics: _statistics, ...rest } = latest;
  return {
    ...rest,
    conversation_parts: {
      type: 'conversation_part.list',
      conversation_parts: ordered,
      total_count: ordered.length,
    },
  };
}

/** Topics of a teammate's presence, read by the conversion as the notifications arrive. */
const PRESENCE_TOPICS = new Set(['admin.logged_in', 'admin.logged_out', 'admin.away_mode_updated']);

async function toFiles(received: readonly ReceivedEvent[], dir: string): Promise<string[]> {
  const byConversation = new Map<string, Record<string, unknown>[]>();
  const presence = received.filter((event) => PRESENCE_TOPICS.has(event.kind)).map((event) => event.payload);
  const files: string[] = [];
  if (presence.length > 0) {
    const path = join(dir, 'intercom-admin-events.json');
    await writeFile(path, JSON.stringify(presence));
    files.push(path);
  }
  for (const event of received) {
    const conversation = conversationOf(event.payload);
    if (conversation === null) continue;
    const id = String(conversation.id);
    const list = byConversation.get(id) ?? [];
    list.push(conversation);
    byConversation.set(id, list);
  }
  if (byConversation.size === 0) return files;
  const path = join(dir, 'intercom-conversations.json');
  await writeFile(path, JSON.stringify([...byConversation.values()].map(assemble)));
  return [...files, path];
}

export const intercomWebhooks: WebhookVendor = {
  name: 'intercom',
  format: intercomFormat,
  secretFrom: 'vendor',
  scheme: `X-Hub-Signature: sha1=<HMAC-SHA1 of the body with the app's client secret>; created_at within ${INTERCOM_FRESHNESS_MS / 60000} minutes`,
  verify(request, secret, now) {
    try {
      return verify(request, secret, now);
    } catch (error) {
      return {
        ok: false,
        reason: `cannot be verified: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  },
  events,
  toFiles,
};
