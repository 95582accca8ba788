import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Channel, Status } from '../../core/schema.js';
import { instantInRange, instantRangeProblem } from '../../core/time-range.js';
import { messageText } from '../message-text.js';
import { textProblem } from '../records.js';
import type { ConvertContext, SourceFormat } from './format.js';
import { utcTimestamp } from './writer.js';

/**
 * Zendesk Support API responses saved as JSON files: ticket pages (`tickets`), ticket audits
 * (`audits`), satisfaction ratings (`satisfaction_ratings`) and users (`users`). A file is
 * recognised by those top-level keys, so files can be given in any order and one file may hold
 * several of them (a ticket page with sideloaded users). Tickets become contacts; the comments and
 * status changes of their audits become contact events; ratings become CSAT answers on 1–2.
 * `agent_states` holds Zendesk's agent availability events (`zen:event-type:agent.state_changed`,
 * as the webhooks send them): an agent online, away or offline on one channel.
 */

/** Zendesk's channels of agent availability and the channel each is in servicemeter. */
const PRESENCE_CHANNELS: Record<string, Channel> = {
  support: 'email',
  messaging: 'chat',
  chat: 'chat',
  talk: 'phone',
  voice: 'phone',
};

/**
 * An agent's state on a channel as status changes: online is logged in and not paused, away
 * logged in and paused, offline logged out. Written whole each time, so a missed event does not
 * leave an old pause behind.
 */
const PRESENCE_STATES: Record<string, readonly ('login' | 'logout' | 'pause' | 'unpause')[]> = {
  online: ['login', 'unpause'],
  away: ['login', 'pause'],
  transfers_only: ['login', 'pause'],
  offline: ['logout'],
};

const RECORD_KEYS = ['tickets', 'audits', 'satisfaction_ratings', 'users', 'agent_states'] as const;
type RecordKey = (typeof RECORD_KEYS)[number];

const CHANNELS: Record<string, Channel> = {
  email: 'email',
  web: 'web_form',
  web_form: 'web_form',
  web_widget: 'web_form',
  help_center: 'web_form',
  mobile: 'web_form',
  api: 'web_form',
  chat: 'chat',
  native_messaging: 'chat',
  mobile_sdk: 'chat',
  sms: 'chat',
  voice: 'phone',
  twitter: 'social',
  facebook: 'social',
  instagram_dm: 'social',
  whatsapp: 'social',
  line: 'social',
  wechat: 'social',
  any_channel: 'social',
};

const STATUSES: Record<string, Status> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'on_hold',
  solved: 'solved',
  closed: 'closed',
};

const PRIORITIES = new Set(['low', 'normal', 'high', 'urgent']);

/** Zendesk tags a ticket it closes because it was merged into another one. */
const MERGED_TAG = 'closed_by_merge';

const AGENT_ROLES = new Set(['agent', 'admin']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A record of a file and where it is: its 1-based line and its path in the JSON, for messages. */
interface Located {
  file: string;
  line: number;
  path: string;
  record: JsonObject;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The 1-based line on which each element of the top-level arrays starts, per key: JSON.parse does
 * not say where things are, and a rejected record must be found in the file.
 */
function elementLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  let line = 1;
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  let lastTopString = '';
  let arrayKey: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        inString = false;
        if (depth === 1) lastTopString = text.slice(stringStart, i);
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
      stringStart = i + 1;
    } else if (ch === '{' || ch === '[') {
      if (depth === 1 && ch === '[') {
        arrayKey = lastTopString;
        lines.set(arrayKey, []);
      } else if (depth === 2 && arrayKey !== null) lines.get(arrayKey)?.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 1) arrayKey = null;
    }
  }
  return lines;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 time with Z or an offset in the accepted range, as epoch ms; null when it is not one. */
function parseIsoTime(value: Json | undefined): number | null {
  if (typeof value !== 'string' || !ISO_TIME.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || !instantInRange(ms) ? null : ms;
}

/** Why `parseIsoTime` could not read a time. */
function isoTimeProblem(value: Json | undefined): string {
  const text = `'${String(value)}'`;
  const ms = typeof value === 'string' && ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isNaN(ms)) return `${text} ${instantRangeProblem(ms) ?? 'cannot be read'}`;
  return `${text} is not an ISO 8601 time with Z or an offset`;
}

/**
 * The first of a record's text fields (a string, or an array of strings such as `tags`) that cannot
 * be stored as it is, with the reason: a control character or an over-long text.
 */
function unstorableText(
  record: JsonObject,
  fields: readonly string[],
): { field: string; reason: string } | null {
  for (const field of fields) {
    const value = record[field];
    const texts = Array.isArray(value) ? value : [value];
    for (const [index, text] of texts.entries()) {
      if (typeof text !== 'string') continue;
      const reason = textProblem(text);
      if (reason !== null) return { field: Array.isArray(value) ? `${field}[${index}]` : field, reason };
    }
  }
  return null;
}

function idOf(value: Json | undefined): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return null;
}

interface Ticket {
  at: Located;
  id: string;
  createdMs: number;
  updatedMs: number;
  requesterId: string | null;
  merged: boolean;
  deleted: boolean;
}

export const zendesk: SourceFormat = {
  name: 'zendesk',
  summary:
    'Zendesk Support API JSON: tickets, ticket audits (comments, status changes), satisfaction ratings, users',
  mapping: 'none',

  detect({ name, head }) {
    if (!/\.json(\.gz)?$/i.test(name) && !head.trimStart().startsWith('{')) return null;
    const keys = RECORD_KEYS.filter((key) => new RegExp(`^\\s*\\{\\s*"${key}"\\s*:`).test(head));
    // A page's first key is usually the records; but sideloads and reordered files are accepted too.
    const anywhere = RECORD_KEYS.filter((key) => head.includes(`"${key}":`) || head.includes(`"${key}" :`));
    const found = keys.length > 0 ? keys : anywhere;
    if (found.length === 0 || !head.trimStart().startsWith('{')) return null;
    const zendeskish =
      keys.length > 0 ||
      head.includes('"via"') ||
      head.includes('"end_of_stream"') ||
      head.includes('"next_page"') ||
      head.includes('"role"');
    if (!zendeskish) return null;
    return `Zendesk API JSON: ${found.join(', ')}`;
  },

  async convert(paths, context) {
    const records: Record<RecordKey, Located[]> = {
      tickets: [],
      audits: [],
      satisfaction_ratings: [],
      users: [],
      agent_states: [],
    };
    for (const path of paths) await loadFile(path, context, records);
    writeAll(records, context);
    writeAgentStates(records.agent_states, context);
    await context.out.flush();
  },
};

async function loadFile(
  path: string,
  context: ConvertContext,
  records: Record<RecordKey, Located[]>,
): Promise<void> {
  const totalBytes = (await stat(path)).size;
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  context.progress(path, totalBytes, totalBytes);
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    context.reject({ file: path, line: 1, column: '(file)', reason: `not valid JSON: ${reason}` }, '');
    return;
  }
  if (!isObject(parsed) || !RECORD_KEYS.some((key) => Array.isArray(parsed[key]))) {
    context.reject(
      {
        file: path,
        line: 1,
        column: '(file)',
        reason: `expected a Zendesk API response: a JSON object with an array under ${RECORD_KEYS.join(', ')}`,
      },
      text.slice(0, 200),
    );
    return;
  }
  const lines = elementLines(text);
  for (const key of RECORD_KEYS) {
    const list = parsed[key];
    if (!Array.isArray(list)) continue;
    list.forEach((record, index) => {
      const line = lines.get(key)?.[index] ?? 1;
      const where = `${key}[${index}]`;
      if (!isObject(record)) {
        context.reject(
          { file: path, line, column: where, reason: 'expected a JSON object' },
          JSON.stringify(record),
        );
        return;
      }
      records[key].push({ file: path, line, path: where, record });
    });
  }
}

function writeAll(records: Record<RecordKey, Located[]>, context: ConvertContext): void {
  const { out, source } = context;
  const reject = (at: Located, field: string, reason: string) =>
    context.reject(
      { file: at.file, line: at.line, column: `${at.path}.${field}`, reason },
      JSON.stringify(at.record),
    );
  const warn = (at: Located, message: string, example: string) =>
    context.warn(basename(at.file), message, `line ${at.line} (${example})`);

  // Users first: comment authors are told apart by their role.
  const roles = new Map<string, string>();
  for (const at of records.users) {
    const id = idOf(at.record.id);
    const role = at.record.role;
    if (id === null) {
      reject(at, 'id', 'a user needs a numeric id');
      continue;
    }
    if (typeof role !== 'string' || !['end-user', 'agent', 'admin'].includes(role)) {
      reject(at, 'role', `role '${String(role)}' is not end-user, agent or admin`);
      continue;
    }
    if (AGENT_ROLES.has(role)) {
      const unstorable = unstorableText(at.record, ['name', 'email']);
      if (unstorable !== null) {
        reject(at, unstorable.field, unstorable.reason);
        continue;
      }
    }
    if (roles.has(id)) continue;
    roles.set(id, role);
    if (AGENT_ROLES.has(role)) {
      out.write('agents', {
        id,
        name: typeof at.record.name === 'string' ? at.record.name : null,
        email: typeof at.record.email === 'string' ? at.record.email : null,
        team_id: idOf(at.record.default_group_id),
        active: at.record.active === false ? false : at.record.suspended !== true,
      });
    }
  }

  // Tickets: the latest version of each (overlapping pages and incremental exports repeat them).
  const tickets = new Map<string, Ticket>();
  /** Tickets not imported; their audits and ratings are left out with them. */
  const rejected = new Set<string>();
  for (const at of records.tickets) {
    const id = idOf(at.record.id);
    if (id === null) {
      reject(at, 'id', 'a ticket needs a numeric id');
      continue;
    }
    const createdMs = parseIsoTime(at.record.created_at);
    if (createdMs === null) {
      reject(at, 'created_at', isoTimeProblem(at.record.created_at));
      rejected.add(id);
      continue;
    }
    let updatedMs = parseIsoTime(at.record.updated_at);
    if (updatedMs === null) {
      // Only orders the versions of a ticket: its creation time does as well.
      if (at.record.updated_at !== undefined && at.record.updated_at !== null)
        warn(
          at,
          'ticket updated_at is not a time in range: its creation time picks the latest version',
          isoTimeProblem(at.record.updated_at),
        );
      updatedMs = createdMs;
    }
    const tags = Array.isArray(at.record.tags) ? at.record.tags : [];
    const ticket: Ticket = {
      at,
      id,
      createdMs,
      updatedMs,
      requesterId: idOf(at.record.requester_id),
      merged: tags.includes(MERGED_TAG),
      deleted: at.record.status === 'deleted',
    };
    const known = tickets.get(id);
    if (!known || known.updatedMs <= updatedMs) tickets.set(id, ticket);
  }

  const written = new Set<string>();
  /** Merged and deleted tickets: left out with a warning, their audits and ratings too. */
  const skipped = new Set<string>();
  for (const ticket of tickets.values()) {
    const { at, id } = ticket;
    const rejectTicket = (field: string, reason: string) => {
      reject(at, field, reason);
      rejected.add(id);
    };
    if (ticket.merged) {
      skipped.add(id);
      warn(at, `ticket closed by a merge (tag ${MERGED_TAG}): left out of the indicators`, `ticket ${id}`);
      continue;
    }
    if (ticket.deleted) {
      skipped.add(id);
      warn(at, 'deleted ticket: not imported', `ticket ${id}`);
      continue;
    }
    const via = isObject(at.record.via) ? at.record.via.channel : undefined;
    const channel = typeof via === 'string' ? CHANNELS[via] : undefined;
    if (channel === undefined) {
      rejectTicket(
        'via.channel',
        `channel '${String(via)}' is not one of ${Object.keys(CHANNELS).join(', ')}`,
      );
      continue;
    }
    const statusText = at.record.status;
    const status = typeof statusText === 'string' ? STATUSES[statusText] : undefined;
    if (status === undefined) {
      rejectTicket(
        'status',
        `status '${String(statusText)}' is not one of ${Object.keys(STATUSES).join(', ')}`,
      );
      continue;
    }
    const priority = at.record.priority;
    if (
      priority !== null &&
      priority !== undefined &&
      !(typeof priority === 'string' && PRIORITIES.has(priority))
    ) {
      rejectTicket('priority', `priority '${String(priority)}' is not low, normal, high, urgent or null`);
      continue;
    }
    const unstorable = unstorableText(at.record, ['subject', 'type', 'tags']);
    if (unstorable !== null) {
      rejectTicket(unstorable.field, unstorable.reason);
      continue;
    }
    const tags = Array.isArray(at.record.tags)
      ? at.record.tags.filter((t): t is string => typeof t === 'string')
      : [];
    out.write('contacts', {
      source,
      external_id: id,
      channel,
      created_at: utcTimestamp(ticket.createdMs),
      customer_id: ticket.requesterId,
      team_id: idOf(at.record.group_id),
      assignee_id: idOf(at.record.assignee_id),
      topic: typeof at.record.type === 'string' ? at.record.type : null,
      tags: tags.length > 0 ? tags.join('|') : null,
      priority: typeof priority === 'string' ? priority : null,
      status,
      subject: typeof at.record.subject === 'string' ? at.record.subject : null,
    });
    written.add(id);
  }

  // Audits: each audit once (by id), events in the order Zendesk lists them.
  const seenAudits = new Set<string>();
  const ticketsWithAudits = new Set<string>();
  for (const at of records.audits) {
    const auditId = idOf(at.record.id);
    const ticketId = idOf(at.record.ticket_id);
    if (auditId === null) {
      reject(at, 'id', 'an audit needs a numeric id');
      continue;
    }
    if (ticketId === null) {
      reject(at, 'ticket_id', 'an audit needs the numeric id of its ticket');
      continue;
    }
    if (seenAudits.has(auditId)) continue;
    seenAudits.add(auditId);
    if (skipped.has(ticketId) || rejected.has(ticketId)) continue;
    const atMs = parseIsoTime(at.record.created_at);
    if (atMs === null) {
      reject(at, 'created_at', isoTimeProblem(at.record.created_at));
      continue;
    }
    if (!Array.isArray(at.record.events)) {
      reject(at, 'events', 'an audit needs an array of events');
      continue;
    }
    if (!written.has(ticketId)) {
      warn(
        at,
        'audit of a ticket that is in no tickets file of this import: its ticket must already be in the database',
        `ticket ${ticketId}`,
      );
    }
    ticketsWithAudits.add(ticketId);
    const auditAuthor = idOf(at.record.author_id);
    const requester = tickets.get(ticketId)?.requesterId ?? null;
    const occurredAt = utcTimestamp(atMs);
    at.record.events.forEach((event, index) => {
      if (!isObject(event)) return;
      const field = (name: string) => `events[${index}].${name}`;
      const eventId = idOf(event.id);
      if (eventId === null) {
        reject(at, field('id'), 'an audit event needs a numeric id');
        return;
      }
      const base = { source, contact_external_id: ticketId, external_id: eventId, occurred_at: occurredAt };
      if (event.type === 'Comment') {
        const author = idOf(event.author_id) ?? auditAuthor;
        const role = author === null ? undefined : roles.get(author);
        const isPublic = event.public !== false;
        // plain_body is Zendesk's own plain text; html_body and body are the fallbacks.
        const body =
          messageText(event.plain_body, false) ??
          messageText(event.body, 'detect') ??
          messageText(event.html_body, true);
        if (role === 'end-user' || (role === undefined && author !== null && author === requester)) {
          out.write('contact_events', { ...base, kind: 'customer_message', actor: 'customer', body });
        } else if (role !== undefined) {
          out.write('contact_events', {
            ...base,
            kind: isPublic ? 'agent_reply' : 'internal_note',
            actor: 'agent',
            agent_id: author,
            public: isPublic,
            body,
          });
        } else {
          warn(
            at,
            'comment by a user who is in no users file and is not the requester: not imported (add users.json)',
            `ticket ${ticketId}, user ${author ?? 'none'}`,
          );
        }
        return;
      }
      if ((event.type === 'Change' || event.type === 'Create') && event.field_name === 'status') {
        const status = typeof event.value === 'string' ? STATUSES[event.value] : undefined;
        if (status === undefined) {
          reject(
            at,
            field('value'),
            `status '${String(event.value)}' is not one of ${Object.keys(STATUSES).join(', ')}`,
          );
          return;
        }
        const role = auditAuthor === null ? undefined : roles.get(auditAuthor);
        const actor = role === undefined ? 'system' : AGENT_ROLES.has(role) ? 'agent' : 'customer';
        out.write('contact_events', {
          ...base,
          kind: 'status_change',
          status,
          actor,
          agent_id: actor === 'agent' ? auditAuthor : null,
        });
        return;
      }
      if ((event.type === 'Change' || event.type === 'Create') && event.field_name === 'assignee_id') {
        const assignee = idOf(event.value);
        if (assignee !== null)
          out.write('contact_events', { ...base, kind: 'assignment', agent_id: assignee });
      }
      // Notifications, tag and other field changes, satisfaction events: no indicator uses them.
    });
  }
  for (const id of written) {
    const ticket = tickets.get(id);
    if (ticket && !ticketsWithAudits.has(id)) {
      warn(
        ticket.at,
        'ticket without audits in the files: imported without events (no first response or resolution)',
        `ticket ${id}`,
      );
    }
  }

  // Satisfaction ratings: the latest version of each.
  const ratings = new Map<string, { at: Located; updatedMs: number }>();
  for (const at of records.satisfaction_ratings) {
    const id = idOf(at.record.id);
    if (id === null) {
      reject(at, 'id', 'a satisfaction rating needs a numeric id');
      continue;
    }
    const updatedMs = parseIsoTime(at.record.updated_at) ?? parseIsoTime(at.record.created_at) ?? 0;
    const known = ratings.get(id);
    if (!known || known.updatedMs <= updatedMs) ratings.set(id, { at, updatedMs });
  }
  for (const [id, { at }] of ratings) {
    const ticketId = idOf(at.record.ticket_id);
    if (ticketId === null) {
      reject(at, 'ticket_id', 'a satisfaction rating needs the numeric id of its ticket');
      continue;
    }
    if (rejected.has(ticketId)) continue;
    if (skipped.has(ticketId)) {
      warn(at, 'rating of a merged or deleted ticket: not imported', `rating ${id}, ticket ${ticketId}`);
      continue;
    }
    const score = at.record.score;
    if (score === 'unoffered') {
      warn(at, 'rating never offered to the customer (score unoffered): not imported', `rating ${id}`);
      continue;
    }
    if (score !== 'good' && score !== 'bad' && score !== 'offered') {
      reject(at, 'score', `score '${String(score)}' is not good, bad, offered or unoffered`);
      continue;
    }
    const sentMs = parseIsoTime(at.record.created_at);
    if (sentMs === null) {
      reject(at, 'created_at', isoTimeProblem(at.record.created_at));
      continue;
    }
    // An answer's updated_at is when it was given: one that cannot be read is refused, never
    // replaced by the sending time.
    const updatedAt = at.record.updated_at;
    const answered = updatedAt === undefined || updatedAt === null ? sentMs : parseIsoTime(updatedAt);
    if (score !== 'offered' && answered === null) {
      reject(at, 'updated_at', isoTimeProblem(updatedAt));
      continue;
    }
    const answeredMs = score === 'offered' ? null : answered;
    const unstorable = unstorableText(at.record, ['comment']);
    if (unstorable !== null) {
      reject(at, unstorable.field, unstorable.reason);
      continue;
    }
    out.write('survey_responses', {
      source,
      external_id: id,
      kind: 'csat',
      scale_min: 1,
      scale_max: 2,
      score: score === 'good' ? 2 : score === 'bad' ? 1 : null,
      comment: typeof at.record.comment === 'string' && at.record.comment !== '' ? at.record.comment : null,
      contact_external_id: ticketId,
      agent_id: idOf(at.record.assignee_id),
      customer_id: idOf(at.record.requester_id),
      sent_at: utcTimestamp(sentMs),
      responded_at: answeredMs === null ? null : utcTimestamp(answeredMs),
    });
  }
}

/** Agent availability events: each a change of one agent's state on one channel. */
function writeAgentStates(records: readonly Located[], context: ConvertContext): void {
  for (const at of records) {
    const reject = (field: string, reason: string) =>
      context.reject(
        { file: at.file, line: at.line, column: `${at.path}.${field}`, reason },
        JSON.stringify(at.record),
      );
    const id = at.record.id;
    if (typeof id !== 'string' || id === '') {
      reject('id', 'an agent state event needs its id');
      continue;
    }
    if (at.record.type !== 'zen:event-type:agent.state_changed') {
      context.warn(
        basename(at.file),
        'agent event other than agent.state_changed: not imported',
        `line ${at.line}`,
      );
      continue;
    }
    const detail = isObject(at.record.detail) ? at.record.detail : {};
    const change = isObject(at.record.event) ? at.record.event : {};
    const agent = idOf(detail.agent_id);
    if (agent === null) {
      reject('detail.agent_id', 'a numeric agent id is needed');
      continue;
    }
    const zendeskChannel = typeof change.channel === 'string' ? change.channel : '';
    const channel = PRESENCE_CHANNELS[zendeskChannel];
    if (channel === undefined) {
      reject(
        'event.channel',
        `'${zendeskChannel}' is not one of ${Object.keys(PRESENCE_CHANNELS).join(', ')}`,
      );
      continue;
    }
    const state = typeof change.new_state === 'string' ? change.new_state : '';
    const statuses = PRESENCE_STATES[state];
    if (statuses === undefined) {
      reject('event.new_state', `'${state}' is not one of ${Object.keys(PRESENCE_STATES).join(', ')}`);
      continue;
    }
    const when = change.updated_at ?? at.record.time;
    const occurredMs = parseIsoTime(when);
    if (occurredMs === null) {
      reject('event.updated_at', isoTimeProblem(when));
      continue;
    }
    for (const status of statuses) {
      context.out.write('agent_status_events', {
        source: context.source,
        external_id: `${id}|${status}`,
        agent_id: agent,
        status,
        occurred_at: utcTimestamp(occurredMs),
        reason: status === 'pause' ? state : null,
        channel,
      });
    }
  }
}
