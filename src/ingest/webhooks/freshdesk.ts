import { createHash, timingSafeEqual } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../canonical.js';
import type { SourceFormat } from '../sources/format.js';
import { freshdesk as freshdeskExport } from '../sources/freshdesk.js';
import { isRecord } from '../sources/json-files.js';
import type { ReceivedEvent, Verdict, WebhookRequest, WebhookVendor } from './vendor.js';

/**
 * Freshdesk automation rules (Admin → Workflows → Automations, "Ticket creation" and "Ticket
 * updates" rules) with the action "Trigger webhook". Freshdesk signs nothing and lets the rule's
 * author write the body from placeholders, so servicemeter asks for the JSON body below and a
 * secret of its own in a custom header, compared in constant time.
 *
 * Freshness: `updated_at` (`{{ticket.modified_on}}`, the time of the update that fired the rule)
 * must be less than fifteen minutes old and not more than five minutes ahead: Freshdesk queues
 * automation webhooks, so they arrive later than signed notifications do. The event id is the
 * ticket number and that time, so a replay, or a rule firing twice for one update, is stored once.
 *
 * Each event is a snapshot of the ticket, written as a row of the ticket export (Tickets → Export)
 * that `servicemeter import freshdesk` reads: the same conversion, the same contact for the same
 * ticket number. A snapshot knows the creation, the current status and when it last changed, the
 * assignment and the group; it does not know the first response time (no placeholder gives it),
 * which comes from the export.
 */

/** The header carrying the secret servicemeter made, added under "Custom headers" in the rule. */
export const FRESHDESK_SECRET_HEADER = 'X-Servicemeter-Secret';

/** How old `updated_at` may be, and how far ahead of the server's clock. */
export const FRESHDESK_MAX_AGE_MS = 15 * 60 * 1000;
export const FRESHDESK_MAX_AHEAD_MS = 5 * 60 * 1000;

/**
 * The body to paste into the rule's "Trigger webhook" action (Encoding JSON, Content "Advanced").
 * Free-text fields (subject, description) are left out: Freshdesk puts placeholder values into the
 * body as they are, and a quote in them would break the JSON.
 */
export const FRESHDESK_BODY_TEMPLATE = `{
  "ticket_id": "{{ticket.id}}",
  "updated_at": "{{ticket.modified_on}}",
  "created_at": "{{ticket.created_on}}",
  "status": "{{ticket.status}}",
  "status_changed_at": "{{ticket.status_changed_on}}",
  "source": "{{ticket.source}}",
  "priority": "{{ticket.priority}}",
  "type": "{{ticket.ticket_type}}",
  "group": "{{ticket.group.name}}",
  "agent": "{{ticket.agent.name}}",
  "requester_id": "{{ticket.requester.id}}",
  "requester_email": "{{ticket.requester.email}}",
  "tags": "{{ticket.tags}}",
  "triggered_event": "{{triggered_event}}"
}`;

/** The fields of the body, as the template names them. */
export const FRESHDESK_BODY_FIELDS = [
  'ticket_id',
  'updated_at',
  'created_at',
  'status',
  'status_changed_at',
  'source',
  'priority',
  'type',
  'group',
  'agent',
  'requester_id',
  'requester_email',
  'tags',
  'triggered_event',
] as const;
type BodyField = (typeof FRESHDESK_BODY_FIELDS)[number];

/** The ticket export's columns, in Freshdesk's order: the file is an export the import already reads. */
const EXPORT_HEADER = [
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
  'First response time (in hrs)',
  'Resolution time (in hrs)',
  'Agent interactions',
  'Customer interactions',
  'Resolution status',
  'First response status',
  'Tags',
  'Survey results',
  'Product',
  'Full name',
  'Email',
  'Contact ID',
] as const;
type ExportColumn = (typeof EXPORT_HEADER)[number];

/**
 * A time as Freshdesk renders a time placeholder ("2026-03-11 12:44:19 +0530", or "… UTC"), or in
 * ISO 8601 with an offset; epoch ms, or null. A time without an offset is refused: it would be in
 * the account's time zone, which the request does not tell.
 */
export function freshdeskTimeToMs(text: string): number | null {
  const iso =
    /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i.exec(
      text.trim(),
    );
  if (iso) {
    const [, day, clock, zone = ''] = iso;
    const offset = /^(Z|UTC|GMT)$/i.test(zone) ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const ms = Date.parse(`${day}T${clock}${offset}`);
    return Number.isNaN(ms) ? null : ms;
  }
  // Ruby's other renderings carry a weekday and month name ("Wed, 11 Mar 2026 12:44:19 +0530").
  if (!/(\s[+-]\d{4}|\s(UTC|GMT))$/i.test(text.trim())) return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : ms;
}

/** Constant time whatever the lengths: both sides are hashed to the same size first. */
function sameSecret(sent: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

type Body = Record<BodyField, string>;

/** The body's fields as text (a placeholder with no value renders empty), or why it is not the body asked for. */
function readBody(
  raw: Uint8Array,
): { ok: true; body: Body; updatedMs: number } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: `body is not JSON (${error instanceof Error ? error.message : String(error)}): paste the body servicemeter shows, with Encoding JSON`,
    };
  }
  if (!isRecord(value)) return { ok: false, reason: 'body is not a JSON object' };
  const body = {} as Body;
  for (const field of FRESHDESK_BODY_FIELDS) {
    const fieldValue = value[field];
    if (fieldValue === undefined || fieldValue === null) body[field] = '';
    else if (typeof fieldValue === 'string' || typeof fieldValue === 'number')
      body[field] = String(fieldValue).trim();
    else return { ok: false, reason: `${field} is not text` };
  }
  if (!/^\d+$/.test(body.ticket_id))
    return { ok: false, reason: `ticket_id '${body.ticket_id}' is not a ticket number ({{ticket.id}})` };
  const updatedMs = freshdeskTimeToMs(body.updated_at);
  if (updatedMs === null)
    return {
      ok: false,
      reason: `updated_at '${body.updated_at}' is not a time with a UTC offset ({{ticket.modified_on}})`,
    };
  return { ok: true, body, updatedMs };
}

function verify(request: WebhookRequest, secret: string, now: Date): Verdict {
  const sent = request.headers.get(FRESHDESK_SECRET_HEADER);
  if (sent === null) return { ok: false, reason: `no ${FRESHDESK_SECRET_HEADER} header` };
  if (!sameSecret(sent.trim(), secret))
    return { ok: false, reason: `${FRESHDESK_SECRET_HEADER} is not this source's secret` };
  const read = readBody(request.body);
  if (!read.ok) return read;
  const ageMs = now.getTime() - read.updatedMs;
  if (ageMs > FRESHDESK_MAX_AGE_MS)
    return {
      ok: false,
      reason: `updated_at ${new Date(read.updatedMs).toISOString()} is ${Math.round(ageMs / 1000)} s old: more than ${FRESHDESK_MAX_AGE_MS / 60000} minutes`,
    };
  if (-ageMs > FRESHDESK_MAX_AHEAD_MS)
    return {
      ok: false,
      reason: `updated_at ${new Date(read.updatedMs).toISOString()} is ${Math.round(-ageMs / 1000)} s ahead of the server clock: more than ${FRESHDESK_MAX_AHEAD_MS / 60000} minutes`,
    };
  return { ok: true };
}

function events(
  request: WebhookRequest,
): { ok: true; events: ReceivedEvent[] } | { ok: false; reason: string } {
  const read = readBody(request.body);
  if (!read.ok) return read;
  const { body, updatedMs } = read;
  const updatedAt = new Date(updatedMs).toISOString();
  const createdMs = freshdeskTimeToMs(body.created_at);
  return {
    ok: true,
    events: [
      {
        id: `${body.ticket_id}@${updatedAt}`,
        kind:
          body.triggered_event !== ''
            ? `ticket updated ${body.triggered_event}`
            : createdMs === updatedMs
              ? 'ticket created'
              : 'ticket updated',
        occurredAt: updatedAt,
        payload: body,
      },
    ],
  };
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as the export writes times (in the account's zone; here UTC). */
function utcWallTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A placeholder's time as the export writes it; empty when there is none, or it cannot be read. */
function exportTime(text: string): string {
  const ms = freshdeskTimeToMs(text);
  return ms === null ? text : utcWallTime(ms);
}

/** The body an event was read from (stored as `payload`), every field as text. */
function snapshotOf(payload: unknown): Body | null {
  if (!isRecord(payload) || typeof payload.ticket_id !== 'string') return null;
  const body = {} as Body;
  for (const field of FRESHDESK_BODY_FIELDS) {
    const value = payload[field];
    body[field] = typeof value === 'string' ? value : '';
  }
  return body;
}

async function toFiles(received: readonly ReceivedEvent[], dir: string): Promise<string[]> {
  const rows: string[] = [];
  // A ticket resolved and then closed within one batch keeps its resolution time in the later row.
  const resolvedAt = new Map<string, string>();
  for (const event of received) {
    const ticket = snapshotOf(event.payload);
    if (ticket === null) continue;
    const status = ticket.status.toLowerCase();
    const statusChangedAt = ticket.status_changed_at !== '' ? ticket.status_changed_at : ticket.updated_at;
    if (status === 'resolved') resolvedAt.set(ticket.ticket_id, exportTime(statusChangedAt));
    const row: Partial<Record<ExportColumn, string>> = {
      'Ticket ID': ticket.ticket_id,
      Status: ticket.status,
      Priority: ticket.priority,
      Source: ticket.source,
      Type: ticket.type,
      Agent: ticket.agent,
      Group: ticket.group,
      'Created time': ticket.created_at === '' ? '' : exportTime(ticket.created_at),
      'Resolved time': resolvedAt.get(ticket.ticket_id) ?? '',
      'Closed time': status === 'closed' ? exportTime(statusChangedAt) : '',
      'Last update time': exportTime(ticket.updated_at),
      Tags: ticket.tags,
      Email: ticket.requester_email,
      'Contact ID': ticket.requester_id,
    };
    rows.push(csvLine(EXPORT_HEADER.map((column) => row[column] ?? '')));
  }
  if (rows.length === 0) return [];
  const path = join(dir, 'freshdesk-tickets.csv');
  await writeFile(path, [csvLine(EXPORT_HEADER), ...rows].join(''));
  return [path];
}

/**
 * The export's conversion, reading the times of these files in UTC, as they are written: the
 * account's time zone, which an import of the export is told, plays no part here.
 */
const freshdeskSnapshots: SourceFormat = {
  ...freshdeskExport,
  convert: (paths, context) => freshdeskExport.convert(paths, { ...context, timezone: 'UTC' }),
};

export const freshdeskWebhooks: WebhookVendor = {
  name: 'freshdesk',
  format: freshdeskSnapshots,
  secretFrom: 'servicemeter',
  scheme: `shared secret in the ${FRESHDESK_SECRET_HEADER} header; updated_at ({{ticket.modified_on}}) at most ${FRESHDESK_MAX_AGE_MS / 60000} minutes old`,
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
