import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecord } from '../sources/json-files.js';
import { zendesk as zendeskFormat } from '../sources/zendesk.js';
import type { ReceivedEvent, Verdict, WebhookRequest, WebhookVendor } from './vendor.js';

/**
 * Zendesk webhooks subscribed to ticket events (Admin Center → Apps and integrations → Webhooks →
 * Create webhook → "Zendesk events", the `zen:event-type:ticket.*` types). Each request carries one
 * event `{ "type", "id", "time", "subject": "zen:ticket:<id>", "detail": <the ticket>, "event":
 * <what changed> }` and two headers: `X-Zendesk-Webhook-Signature-Timestamp` and
 * `X-Zendesk-Webhook-Signature`, the base64 HMAC-SHA256 of the timestamp followed by the raw body,
 * keyed with the webhook's signing secret (shown by Zendesk: "Reveal secret").
 *
 * The signed timestamp must be within five minutes of the server's clock, so a captured request
 * cannot be replayed later; within those minutes a replay repeats the event's `id`, which the
 * intake stores once.
 *
 * Events are written as the Support API JSON that `servicemeter import zendesk` reads (a ticket,
 * an audit with its comment or change, the comment's author): the same conversion. A comment keeps
 * its id, which is the id of the Comment event of the ticket's audits, so a comment imported from a
 * file and received by webhook is one contact event.
 *
 * A webhook subscribed to the agent availability event `zen:event-type:agent.state_changed`
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/agent-availability-events/)
 * brings each agent's state per channel (support, messaging, talk): written under `agent_states`,
 * which the conversion turns into agent status changes on e-mail, chat and phone.
 */

/** How far the signed timestamp may be from the server's clock, either way. */
export const ZENDESK_FRESHNESS_MS = 5 * 60 * 1000;

const SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
const TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';

const TICKET_EVENT = 'zen:event-type:ticket.';
/** An agent's availability on one channel changed (Agent Availability events). */
const AGENT_STATE_EVENT = 'zen:event-type:agent.state_changed';

/** The ticket statuses of the events, in the Support API's words (`archived` tickets are closed ones). */
const STATUSES: Record<string, string> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'hold',
  solved: 'solved',
  closed: 'closed',
  archived: 'closed',
  deleted: 'deleted',
  scrubbed: 'deleted',
};

/** The signature Zendesk sends for `body` signed at `timestamp` with `secret`. */
export function zendeskSignature(secret: string, timestamp: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(timestamp).update(body).digest('base64');
}

function verify(request: WebhookRequest, secret: string, now: Date): Verdict {
  const signature = request.headers.get(SIGNATURE_HEADER);
  const timestamp = request.headers.get(TIMESTAMP_HEADER);
  if (signature === null) return { ok: false, reason: 'no X-Zendesk-Webhook-Signature header' };
  if (timestamp === null) return { ok: false, reason: 'no X-Zendesk-Webhook-Signature-Timestamp header' };
  const sent = Buffer.from(signature.trim(), 'base64');
  const expected = createHmac('sha256', secret).update(timestamp).update(request.body).digest();
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
    return {
      ok: false,
      reason: 'X-Zendesk-Webhook-Signature does not match the timestamp and body signed with the secret',
    };
  const signedMs = Date.parse(timestamp);
  if (Number.isNaN(signedMs))
    return { ok: false, reason: `X-Zendesk-Webhook-Signature-Timestamp '${timestamp}' is not a time` };
  const ageMs = now.getTime() - signedMs;
  if (Math.abs(ageMs) > ZENDESK_FRESHNESS_MS)
    return {
      ok: false,
      reason: `signed at ${timestamp}, ${Math.round(Math.abs(ageMs) / 1000)} s ${ageMs > 0 ? 'ago' : 'ahead of the server clock'}: more than ${ZENDESK_FRESHNESS_MS / 60000} minutes`,
    };
  return { ok: true };
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
  const { id, type, time } = value;
  if (typeof id !== 'string' || id === '') return { ok: false, reason: 'id is missing or not a string' };
  if (typeof type !== 'string' || type === '')
    return { ok: false, reason: 'type is missing or not a string' };
  const occurredMs = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  return {
    ok: true,
    events: [
      {
        id,
        kind: type,
        occurredAt: Number.isNaN(occurredMs) ? null : new Date(occurredMs).toISOString(),
        payload: value,
      },
    ],
  };
}

/** Zendesk ids come as strings in events and as numbers in the API: both are digits. */
function idText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return null;
}

function lower(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : null;
}

/**
 * A number for what the Support API numbers but an event does not (its audit, a status change):
 * 19 digits from the event id, far above the ids Zendesk hands out, so never one of theirs.
 */
function derivedId(eventId: string, part: string): string {
  const digest = createHash('sha256').update(`${eventId}\u0000${part}`).digest();
  return `9${(digest.readBigUInt64BE(0) % 10n ** 18n).toString().padStart(18, '0')}`;
}

/** The ticket of an event's `detail`, in the Support API's shape. */
function ticketOf(detail: Record<string, unknown>): Record<string, unknown> {
  const status = lower(detail.status);
  return {
    id: idText(detail.id) ?? detail.id,
    created_at: detail.created_at,
    updated_at: detail.updated_at,
    // An unknown status is passed on as it is: the conversion refuses it with its reason.
    status: status === null ? detail.status : (STATUSES[status] ?? status),
    priority: lower(detail.priority),
    type: lower(detail.type),
    subject: detail.subject ?? null,
    tags: Array.isArray(detail.tags) ? detail.tags : [],
    via: isRecord(detail.via) ? { channel: detail.via.channel } : detail.via,
    requester_id: idText(detail.requester_id),
    assignee_id: idText(detail.assignee_id),
    group_id: idText(detail.group_id),
  };
}

/** The Support API files of one event: its ticket, and the audit of what changed with its author. */
function filesOf(event: ReceivedEvent): Record<string, unknown[]> | null {
  const payload = event.payload;
  // Agent availability is read by the conversion as Zendesk sends it.
  if (isRecord(payload) && event.kind === AGENT_STATE_EVENT) return { agent_states: [payload] };
  if (!isRecord(payload) || !event.kind.startsWith(TICKET_EVENT)) return null;
  const detail = isRecord(payload.detail) ? payload.detail : {};
  const ticket = ticketOf(detail);
  const change = isRecord(payload.event) ? payload.event : {};
  const what = event.kind.slice(TICKET_EVENT.length);
  const auditEvents: Record<string, unknown>[] = [];
  const users: Record<string, unknown>[] = [];
  let author = idText(detail.actor_id);

  if (what === 'comment_added' && isRecord(change.comment)) {
    const comment = change.comment;
    const by = isRecord(comment.author) ? comment.author : {};
    const byId = idText(by.id);
    if (byId !== null) {
      author = byId;
      users.push({
        id: byId,
        name: typeof by.name === 'string' ? by.name : null,
        role: by.is_staff === true ? 'agent' : 'end-user',
      });
    }
    auditEvents.push({
      id: idText(comment.id) ?? comment.id,
      type: 'Comment',
      author_id: byId,
      public: comment.is_public !== false,
      // The event's comment body is plain text; the conversion cleans and shortens it.
      body: typeof comment.body === 'string' ? comment.body : null,
    });
  } else if (what === 'created' || what === 'status_changed') {
    const current = isRecord(change.current) ? change.current.status : change.current;
    const status = lower(current) ?? lower(detail.status);
    if (status !== null)
      auditEvents.push({
        id: derivedId(event.id, 'status'),
        type: what === 'created' ? 'Create' : 'Change',
        field_name: 'status',
        value: STATUSES[status] ?? status,
      });
  } else if (what === 'agent_assignment_changed') {
    const assignee = idText(change.current);
    if (assignee !== null)
      auditEvents.push({
        id: derivedId(event.id, 'assignee'),
        type: 'Change',
        field_name: 'assignee_id',
        value: assignee,
      });
  }
  // Every other ticket event (priority, group, tags, subject, …) changes the ticket only.
  const files: Record<string, unknown[]> = { tickets: [ticket], users };
  if (auditEvents.length > 0)
    files.audits = [
      {
        id: derivedId(event.id, 'audit'),
        ticket_id: ticket.id,
        created_at: event.occurredAt ?? payload.time,
        author_id: author,
        events: auditEvents,
      },
    ];
  return files;
}

async function toFiles(events: readonly ReceivedEvent[], dir: string): Promise<string[]> {
  // One file for the batch: the conversion gathers each kind of record from all its files in
  // order, so the records joined in the order received convert exactly as one file per event did,
  // and writing a file per event cost more than converting it. Each record starts on its own line,
  // so one the conversion refuses is still named by its line.
  const batch: Record<string, unknown[]> = {};
  for (const event of events) {
    const files = filesOf(event);
    if (files === null) continue;
    for (const [key, records] of Object.entries(files)) {
      const gathered = batch[key] ?? [];
      gathered.push(...records);
      batch[key] = gathered;
    }
  }
  if (Object.keys(batch).length === 0) return [];
  const path = join(dir, 'zendesk-events.json');
  await writeFile(path, `${JSON.stringify(batch, null, 1)}\n`);
  return [path];
}

export const zendeskWebhooks: WebhookVendor = {
  name: 'zendesk',
  format: zendeskFormat,
  secretFrom: 'vendor',
  scheme:
    'X-Zendesk-Webhook-Signature: base64 HMAC-SHA256 of X-Zendesk-Webhook-Signature-Timestamp followed by the raw body, keyed with the webhook’s signing secret; the timestamp must be within 5 minutes',
  verify,
  events,
  toFiles,
};
