import { basename } from 'node:path';
import type { Status } from '../../core/schema.js';
import { messageText } from '../message-text.js';
import type { SourceFormat } from './format.js';
import { isRecord, JsonObject, jsonFileKind, RecordCheck, readJsonDocuments } from './json-files.js';
import { utcTimestamp } from './writer.js';

/**
 * Intercom conversations as the REST API returns them (`GET /conversations/{id}`): the first
 * message in `source`, then `conversation_parts` (comments, notes, assignments, open, close,
 * snooze), and the customer's `conversation_rating`. A conversation becomes a contact, its parts
 * contact events and its rating a CSAT survey response. `statistics` is Intercom's own view of the
 * same timestamps: only compared with ours, never used.
 */

const STATES: Record<string, Status> = { open: 'open', closed: 'closed', snoozed: 'on_hold' };

/** `source.type`: where the conversation started; messaging apps are asynchronous, like social. */
const CHANNELS: Record<string, string> = {
  conversation: 'chat',
  push: 'chat',
  email: 'email',
  facebook: 'social',
  instagram: 'social',
  twitter: 'social',
  whatsapp: 'social',
  sms: 'social',
  phone_call: 'phone',
  phone_switch: 'phone',
};

const CUSTOMERS = new Set(['user', 'lead', 'contact']);

/** The webhook topics about a teammate's presence (Admin topics of the webhook models). */
const ADMIN_TOPICS = new Set(['admin.logged_in', 'admin.logged_out', 'admin.away_mode_updated']);

/** Parts that change the state; the `state` a part carries catches the changes without a part of their own. */
const STATE_PARTS: Record<string, Status> = {
  open: 'open',
  close: 'closed',
  snoozed: 'on_hold',
  unsnoozed: 'open',
  timer_unsnooze: 'open',
  note_and_reopen: 'open',
  assign_and_reopen: 'open',
  assign_and_unsnooze: 'open',
};

const ASSIGNMENT_PARTS = new Set([
  'assignment',
  'default_assignment',
  'away_mode_assignment',
  'assign_and_reopen',
  'assign_and_unsnooze',
]);

type Kind = 'customer_message' | 'agent_reply' | 'bot_message';

/** Who wrote a message: a customer, a person of the team, or something automatic. */
function messageKind(author: JsonObject | null): Kind | null {
  const type = author?.text('type') ?? null;
  if (type !== null && CUSTOMERS.has(type)) return 'customer_message';
  if (type === 'admin') return author?.value.from_ai_agent === true ? 'bot_message' : 'agent_reply';
  // Bots, and teams, in whose name campaigns and workflows send.
  if (type === 'bot' || type === 'team') return 'bot_message';
  return null;
}

export const intercom: SourceFormat = {
  name: 'intercom',
  summary: 'Intercom conversations (REST API): messages, notes, assignments, open/close, ratings',
  mapping: 'none',

  detect({ name, head }) {
    if (jsonFileKind(name) === 'other' || !/^\s*[[{]/.test(head)) return null;
    if (head.includes('"conversation_parts"') || head.includes('"conversation.list"'))
      return 'Intercom conversations: messages, notes, assignments, state changes and ratings';
    if (head.includes('"delivered_as"') && head.includes('"source"'))
      return 'Intercom conversations (without parts): first messages and ratings';
    return null;
  },

  async convert(paths, context) {
    const { out, source } = context;

    for (const path of paths) {
      const file = basename(path);
      if (jsonFileKind(path) === 'other') {
        context.warn(file, 'not a .json, .ndjson or .jsonl file: skipped', file);
        continue;
      }
      for await (const document of readJsonDocuments(path, context)) {
        const { value, line } = document;
        const record = (item: unknown, at: string, text: string) => {
          const check = new RecordCheck((column, reason) =>
            context.reject({ file: path, line, column, reason }, text),
          );
          if (!isRecord(item)) check.problem(at === '' ? '(line)' : at, 'is not a JSON object');
          else if (item.type === 'notification_event')
            handleAdminNotification(new JsonObject(item, at, check), file);
          else handleConversation(new JsonObject(item, at, check), file);
        };
        if (jsonFileKind(path) === 'ndjson') {
          record(value, '', document.text);
          continue;
        }
        let items: unknown[] | null = null;
        let itemsPath = '';
        if (Array.isArray(value)) items = value;
        else if (isRecord(value) && Array.isArray(value.conversations)) {
          items = value.conversations;
          itemsPath = 'conversations';
        }
        if (items === null) {
          if (isRecord(value) && 'source' in value && 'id' in value) record(value, '', document.text);
          else
            context.reject(
              {
                file: path,
                line,
                column: '(file)',
                reason: 'not an Intercom conversation, an array of conversations or {"conversations":[…]}',
              },
              '',
            );
          continue;
        }
        for (const [index, item] of items.entries())
          record(item, `${itemsPath}[${index}]`, JSON.stringify(item));
        await out.flush();
      }
    }

    /**
     * A teammate's presence, from the admin webhook topics saved as they arrive: logging in and
     * out, and away mode (Intercom stops assigning conversations to a teammate who is away).
     */
    function handleAdminNotification(n: JsonObject, file: string): void {
      const id = n.requiredId('id');
      const topic = n.text('topic') ?? '';
      const createdMs = n.requiredEpochMs('created_at');
      const admin = n.object('data')?.object('item') ?? null;
      const adminId = admin?.requiredId('id') ?? null;
      if (!ADMIN_TOPICS.has(topic)) {
        context.warn(
          file,
          `notification ${topic} carries no presence: not imported`,
          `notification ${id ?? '?'}`,
        );
        return;
      }
      if (id === null || createdMs === null || admin === null || adminId === null || n.failed) return;
      let status: 'login' | 'logout' | 'pause' | 'unpause';
      let reason: string | null = null;
      if (topic === 'admin.logged_in') status = 'login';
      else if (topic === 'admin.logged_out') status = 'logout';
      else {
        const away = admin.boolean('away_mode_enabled');
        if (away === null) {
          admin.fail('away_mode_enabled', 'is missing');
          return;
        }
        status = away ? 'pause' : 'unpause';
        if (away) reason = admin.text('away_status_reason') || 'away';
      }
      out.write('agent_status_events', {
        source,
        external_id: id,
        agent_id: adminId,
        status,
        occurred_at: utcTimestamp(createdMs),
        reason,
        // Away mode and log-ins are about the inbox as a whole; its live presence is the messenger's.
        channel: 'chat',
      });
    }

    function handleConversation(c: JsonObject, file: string): void {
      const id = c.requiredId('id');
      const createdMs = c.requiredEpochMs('created_at');
      const stateText = c.text('state');
      let status: Status | null = stateText === null ? null : (STATES[stateText] ?? null);
      if (stateText !== null && status === null)
        c.fail('state', `'${stateText}' is not one of ${Object.keys(STATES).join(', ')}`);
      const open = c.boolean('open');
      if (status === null && open !== null) status = open ? 'open' : 'closed';
      const first = c.object('source');
      const sourceType = first?.text('type') ?? null;
      const firstId = first?.requiredId('id') ?? null;
      const firstAuthor = first?.object('author') ?? null;
      const deliveredAs = first?.text('delivered_as') ?? null;
      const subject = first?.text('subject') ?? null;
      const assigneeId = c.id('admin_assignee_id');
      const teamId = c.id('team_assignee_id');
      const customerId = customerOf(c);
      const tags = (c.object('tags')?.objects('tags') ?? [])
        .map((t) => t.text('name'))
        .filter((t) => t !== null);
      const priority = c.text('priority') === 'priority' ? 'high' : null;
      const partList = c.object('conversation_parts');
      const parts = partList?.objects('conversation_parts') ?? null;
      const totalParts = partList?.integer('total_count') ?? null;
      const rating = c.object('conversation_rating');
      const statistics = c.object('statistics');
      const firstAdminReply = statistics === null ? null : comparedTime(statistics, 'first_admin_reply_at');
      const partFields = (parts ?? []).map((p) => ({
        part: p,
        id: p.requiredId('id'),
        type: p.text('part_type') ?? p.fail('part_type', 'is missing'),
        createdMs: p.requiredEpochMs('created_at'),
        author: p.object('author'),
        assignedTo: p.object('assigned_to'),
        state: p.text('state'),
        // Intercom keeps a part's words as HTML.
        body: messageText(p.readText('body'), true),
      }));
      for (const p of partFields)
        if (p.state !== null && STATES[p.state] === undefined)
          p.part.fail('state', `'${p.state}' is not one of ${Object.keys(STATES).join(', ')}`);
      const score = rating?.integer('rating') ?? null;
      if (score !== null && (score < 1 || score > 5))
        rating?.fail('rating', `${score} is outside the scale 1–5`);
      const ratedMs = score === null ? null : (rating?.requiredEpochMs('created_at') ?? null);
      if (c.failed || id === null || createdMs === null) return;

      const where = `conversation ${id}`;
      let channel = sourceType === null ? undefined : CHANNELS[sourceType];
      if (channel === undefined) {
        context.warn(file, `source type ${sourceType ?? '(none)'} not known: imported as chat`, where);
        channel = 'chat';
      }
      out.write('contacts', {
        source,
        external_id: id,
        channel,
        created_at: utcTimestamp(createdMs),
        customer_id: customerId,
        team_id: teamId,
        assignee_id: assigneeId,
        tags: tags.length > 0 ? tags.join('|') : null,
        priority,
        status,
        subject,
      });
      const event = (
        externalId: string,
        kind: string,
        atMs: number,
        fields: Record<string, string | boolean | null> = {},
      ) =>
        out.write('contact_events', {
          source,
          contact_external_id: id,
          external_id: externalId,
          kind,
          occurred_at: utcTimestamp(atMs),
          ...fields,
        });

      const firstReply: { atMs: number | null } = { atMs: null };
      const message = (
        externalId: string,
        author: JsonObject | null,
        atMs: number,
        automated: boolean,
        body: string | null,
      ) => {
        let kind = messageKind(author);
        if (kind === null) {
          context.warn(
            file,
            `message from an author of type ${author?.text('type') ?? '(none)'}: not imported`,
            `${where}, ${externalId}`,
          );
          return;
        }
        if (kind === 'agent_reply' && automated) kind = 'bot_message';
        if (kind === 'agent_reply') {
          event(externalId, kind, atMs, { agent_id: author?.id('id') ?? null, public: true, body });
          firstReply.atMs ??= atMs;
        } else event(externalId, kind, atMs, { body });
      };

      if (first !== null && firstId !== null) {
        const automated = deliveredAs === 'automated' || deliveredAs === 'campaigns_initiated';
        message(
          `source-${firstId}`,
          firstAuthor,
          createdMs,
          automated,
          messageText(first.readText('body'), true),
        );
      }
      if (parts === null)
        context.warn(
          file,
          'conversation without conversation_parts (a list response, not GET /conversations/{id}): only its first message imported',
          where,
        );
      else if (totalParts !== null && totalParts > parts.length)
        context.warn(
          file,
          'conversation_parts holds fewer parts than total_count (Intercom returns at most 500): the rest is missing',
          where,
        );

      let current: Status = 'open';
      const changeTo = (externalId: string, next: Status, atMs: number) => {
        if (next === current) return;
        event(externalId, 'status_change', atMs, { status: next });
        current = next;
      };
      const ordered = partFields
        .filter((p) => p.id !== null && p.type !== null && p.createdMs !== null)
        .sort((a, b) => (a.createdMs ?? 0) - (b.createdMs ?? 0));
      for (const { id: partId, type, createdMs: atMs, author, assignedTo, state, body } of ordered) {
        if (partId === null || type === null || atMs === null) continue;
        const agentId = author?.text('type') === 'admin' ? author.id('id') : null;
        let handled = false;
        if (type === 'comment') {
          message(partId, author, atMs, false, body);
          handled = true;
        } else if (type === 'note' || type === 'note_and_reopen') {
          event(partId, 'internal_note', atMs, { agent_id: agentId, public: false, body });
          handled = true;
        }
        if (ASSIGNMENT_PARTS.has(type)) {
          const toTeam = assignedTo?.text('type') === 'team';
          event(handled ? `${partId}-assignment` : partId, 'assignment', atMs, {
            agent_id: toTeam ? null : (assignedTo?.id('id') ?? null),
            team_id: toTeam ? (assignedTo?.id('id') ?? null) : null,
          });
          handled = true;
        }
        const next = STATE_PARTS[type];
        if (next !== undefined) {
          changeTo(handled ? `${partId}-status` : partId, next, atMs);
          handled = true;
        }
        const stated = state === null ? undefined : STATES[state];
        const changesState = stated !== undefined && stated !== current;
        if (stated !== undefined) changeTo(`${partId}-state`, stated, atMs);
        if (!handled && !changesState)
          context.warn(file, `part type ${type}: not imported`, `${where}, part ${partId}`);
      }

      if (firstAdminReply !== null && 'unread' in firstAdminReply)
        context.warn(
          file,
          'statistics.first_admin_reply_at is not a Unix time in range: ignored (only compared, never used)',
          `${where}: ${firstAdminReply.unread}`,
        );
      const firstAdminReplyMs =
        firstAdminReply !== null && 'ms' in firstAdminReply ? firstAdminReply.ms : null;
      if (firstAdminReplyMs !== null && firstReply.atMs !== null && firstAdminReplyMs !== firstReply.atMs)
        context.warn(
          file,
          'statistics.first_admin_reply_at differs from the first admin comment: the first comment is used',
          where,
        );

      if (rating !== null && score === null)
        context.warn(file, 'conversation_rating without a rating: not imported', where);
      if (rating !== null && score !== null && ratedMs !== null) {
        out.write('survey_responses', {
          source,
          // One rating per conversation: a changed rating replaces the earlier one.
          external_id: `rating-${id}`,
          kind: 'csat',
          scale_min: 1,
          scale_max: 5,
          score,
          comment: rating.text('remark'),
          contact_external_id: id,
          agent_id: rating.object('teammate')?.id('id') ?? null,
          customer_id: rating.object('contact')?.id('id') ?? customerId,
          responded_at: utcTimestamp(ratedMs),
        });
      }
    }
  },
};

/**
 * A Unix time only compared with the conversation's own, never stored: one that cannot be read
 * does not refuse the conversation, it is only reported (`unread`, the reason). Null when absent.
 */
function comparedTime(o: JsonObject, name: string): { ms: number } | { unread: string } | null {
  let unread: string | null = null;
  const lenient = new JsonObject(
    o.value,
    o.path,
    new RecordCheck((column, reason) => {
      unread = `${column} ${reason}`;
    }),
  );
  const ms = lenient.epochMs(name);
  if (unread !== null) return { unread };
  return ms === null ? null : { ms };
}

/** The conversation's customer: `contacts` (a list object, or an array in older versions), else `user`. */
function customerOf(c: JsonObject): string | null {
  const raw = c.value.contacts;
  if (Array.isArray(raw)) return c.objects('contacts')?.[0]?.id('id') ?? null;
  const listed = c.object('contacts')?.objects('contacts')?.[0]?.id('id');
  return listed ?? c.object('user')?.id('id') ?? null;
}
