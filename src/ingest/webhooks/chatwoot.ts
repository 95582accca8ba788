import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chatwoot as chatwootFormat } from '../sources/chatwoot.js';
import { isRecord } from '../sources/json-files.js';
import type { ReceivedEvent, Verdict, WebhookRequest, WebhookVendor } from './vendor.js';

/**
 * Chatwoot webhooks (Settings → Integrations → Webhooks → Add new webhook, with the events
 * `conversation_created`, `conversation_status_changed`, `conversation_updated` and
 * `message_created`). Each request carries one event: the conversation (`conversation_*`) or the
 * message with its conversation (`message_*`), and `"event"`. A webhook with a secret signs its
 * requests: `X-Chatwoot-Timestamp` (Unix seconds) and `X-Chatwoot-Signature: sha256=<hex
 * HMAC-SHA256 of "<timestamp>.<raw body>">`, keyed with the webhook's secret shown by Chatwoot.
 *
 * The signed timestamp must be within five minutes of the server's clock, so a captured request
 * cannot be replayed later; within those minutes a replay repeats the event's id (the message id,
 * or the conversation id with its update time), which the intake stores once.
 *
 * Events are written as the API JSON that `servicemeter import chatwoot` reads (conversations and
 * messages): the same conversion, the same ids. Chatwoot sends no webhook for its activity
 * messages, so a status change is written as the activity message the conversion reads it from,
 * with an id of its own (`status-<conversation>-<time>`).
 */

/** How far the signed timestamp may be from the server's clock, either way. */
export const CHATWOOT_FRESHNESS_MS = 5 * 60 * 1000;

const SIGNATURE_HEADER = 'x-chatwoot-signature';
const TIMESTAMP_HEADER = 'x-chatwoot-timestamp';

const MESSAGE_TYPES: Record<string, number> = { incoming: 0, outgoing: 1, activity: 2, template: 3 };

/**
 * The start of the activity message Chatwoot writes for each status (`conversations.activity` in
 * its locale), as the conversion recognises them.
 */
export const STATUS_ACTIVITY_TEXT: Record<string, string> = {
  open: 'Conversation was marked open',
  resolved: 'Conversation was marked resolved by',
  pending: 'Conversation was marked as pending by',
  snoozed: 'Conversation was snoozed by',
};

/** Events that carry a status change; the first is current, the others are Chatwoot's older names. */
const STATUS_EVENTS = new Set([
  'conversation_status_changed',
  'conversation_resolved',
  'conversation_opened',
]);

/** The signature Chatwoot sends for `body` signed at `timestamp` (Unix seconds) with `secret`. */
export function chatwootSignature(secret: string, timestamp: string, body: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

function verify(request: WebhookRequest, secret: string, now: Date): Verdict {
  const signature = request.headers.get(SIGNATURE_HEADER);
  const timestamp = request.headers.get(TIMESTAMP_HEADER);
  if (signature === null)
    return { ok: false, reason: 'no X-Chatwoot-Signature header (give the webhook a secret in Chatwoot)' };
  if (timestamp === null) return { ok: false, reason: 'no X-Chatwoot-Timestamp header' };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match?.[1]) return { ok: false, reason: 'X-Chatwoot-Signature is not sha256=<64 hex digits>' };
  const sent = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(request.body).digest();
  if (!timingSafeEqual(sent, expected))
    return {
      ok: false,
      reason: 'X-Chatwoot-Signature does not match the timestamp and body signed with the secret',
    };
  if (!/^\d{1,12}$/.test(timestamp.trim()))
    return { ok: false, reason: `X-Chatwoot-Timestamp '${timestamp}' is not a Unix time in seconds` };
  const ageMs = now.getTime() - Number(timestamp.trim()) * 1000;
  if (Math.abs(ageMs) > CHATWOOT_FRESHNESS_MS)
    return {
      ok: false,
      reason: `signed at ${new Date(Number(timestamp.trim()) * 1000).toISOString()}, ${Math.round(Math.abs(ageMs) / 1000)} s ${ageMs > 0 ? 'ago' : 'ahead of the server clock'}: more than ${CHATWOOT_FRESHNESS_MS / 60000} minutes`,
    };
  return { ok: true };
}

/** Whole Unix seconds of a time Chatwoot sends as seconds (maybe with a fraction) or as ISO 8601 text. */
function epochSeconds(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.floor(value);
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value));
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
  }
  return null;
}

function idText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  return null;
}

/** The conversation an event is about: the event itself (`conversation_*`) or its `conversation`. */
function conversationOf(kind: string, payload: Record<string, unknown>): Record<string, unknown> | null {
  if (kind.startsWith('conversation_')) return payload;
  return isRecord(payload.conversation) ? payload.conversation : null;
}

/** When a conversation was last changed, in whole seconds. */
function changedAt(conversation: Record<string, unknown>): number | null {
  return epochSeconds(conversation.updated_at) ?? epochSeconds(conversation.timestamp);
}

function events(
  request: WebhookRequest,
): { ok: true; events: ReceivedEvent[] } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(request.body).toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: `body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!isRecord(value)) return { ok: false, reason: 'body is not a JSON object' };
  const kind = value.event;
  if (typeof kind !== 'string' || kind === '')
    return { ok: false, reason: 'event is missing or not a string' };
  let id: string | null = null;
  let occurredSeconds: number | null = null;
  if (kind.startsWith('message_')) {
    const messageId = idText(value.id);
    if (messageId === null) return { ok: false, reason: `${kind}: id (the message id) is missing` };
    id = `${kind}:${messageId}`;
    occurredSeconds = epochSeconds(value.created_at);
  } else if (kind.startsWith('conversation_') && !kind.startsWith('conversation_typing')) {
    const conversationId = idText(value.id);
    if (conversationId === null) return { ok: false, reason: `${kind}: id (the conversation id) is missing` };
    occurredSeconds = changedAt(value);
    if (occurredSeconds !== null)
      id = `${kind}:${conversationId}:${String(value.updated_at ?? value.timestamp)}`;
  }
  // Anything else is told apart by its content: the same body is the same event.
  id ??= `${kind}:sha256:${createHash('sha256').update(request.body).digest('hex')}`;
  return {
    ok: true,
    events: [
      {
        id,
        kind,
        occurredAt: occurredSeconds === null ? null : new Date(occurredSeconds * 1000).toISOString(),
        payload: value,
      },
    ],
  };
}

/** A conversation of an event in the shape of the API's conversations list. */
function conversationRecord(conversation: Record<string, unknown>): Record<string, unknown> {
  const meta = isRecord(conversation.meta) ? conversation.meta : {};
  return {
    id: conversation.id,
    created_at: epochSeconds(conversation.created_at) ?? conversation.created_at,
    status: conversation.status ?? null,
    priority: conversation.priority ?? null,
    labels: conversation.labels ?? [],
    meta: {
      channel: conversation.channel ?? meta.channel ?? null,
      sender: meta.sender ?? null,
      assignee: meta.assignee ?? null,
      team: meta.team ?? null,
    },
  };
}

/** A message of an event in the shape of the API's messages of a conversation. */
function messageRecord(message: Record<string, unknown>, conversationId: unknown): Record<string, unknown> {
  const type = message.message_type;
  const sender = isRecord(message.sender) ? message.sender : null;
  return {
    id: message.id,
    conversation_id: conversationId,
    message_type: typeof type === 'string' ? (MESSAGE_TYPES[type] ?? type) : type,
    created_at: epochSeconds(message.created_at) ?? message.created_at,
    private: message.private ?? false,
    content: message.content ?? null,
    content_type: message.content_type ?? 'text',
    sender: sender === null ? null : { id: sender.id, type: sender.type },
  };
}

/** The API records of one event: its conversation, and the message or status change it brings. */
function recordsOf(event: ReceivedEvent): Record<string, unknown>[] {
  const payload = event.payload;
  if (!isRecord(payload)) return [];
  const records: Record<string, unknown>[] = [];
  if (event.kind === 'message_created') {
    const conversation = conversationOf(event.kind, payload);
    if (conversation !== null) records.push(conversationRecord(conversation));
    records.push(messageRecord(payload, conversation?.id ?? payload.conversation_id));
    return records;
  }
  if (!['conversation_created', 'conversation_updated', ...STATUS_EVENTS].includes(event.kind)) return [];
  records.push(conversationRecord(payload));
  const status = typeof payload.status === 'string' ? STATUS_ACTIVITY_TEXT[payload.status] : undefined;
  const at = changedAt(payload);
  if (STATUS_EVENTS.has(event.kind) && status !== undefined && at !== null) {
    records.push({
      id: `status-${String(payload.id)}-${at}`,
      conversation_id: payload.id,
      message_type: MESSAGE_TYPES.activity,
      created_at: at,
      private: false,
      content: status,
      content_type: 'text',
      sender: null,
    });
  }
  return records;
}

async function toFiles(events: readonly ReceivedEvent[], dir: string): Promise<string[]> {
  // One NDJSON file for the batch, a record a line in the order received: the conversion reads it
  // record by record as it read one array per event, a record it refuses is named by its line, and
  // writing a file per event cost more than converting it.
  const lines = events.flatMap((event) => recordsOf(event).map((record) => JSON.stringify(record)));
  if (lines.length === 0) return [];
  const path = join(dir, 'chatwoot-events.ndjson');
  await writeFile(path, `${lines.join('\n')}\n`);
  return [path];
}

export const chatwootWebhooks: WebhookVendor = {
  name: 'chatwoot',
  format: chatwootFormat,
  secretFrom: 'vendor',
  scheme:
    'X-Chatwoot-Signature: sha256= and the hex HMAC-SHA256 of "<X-Chatwoot-Timestamp>.<raw body>", keyed with the webhook’s secret; the timestamp must be within 5 minutes',
  verify,
  events,
  toFiles,
};
