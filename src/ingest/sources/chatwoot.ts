import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Status } from '../../core/schema.js';
import { messageText } from '../message-text.js';
import { textProblem } from '../records.js';
import type { SourceFormat } from './format.js';
import { isRecord, JsonObject, jsonFileKind, RecordCheck, readJsonDocuments } from './json-files.js';
import { utcTimestamp } from './writer.js';

/**
 * Chatwoot, as its API returns it: conversations (`GET /api/v1/accounts/{id}/conversations`),
 * the messages of a conversation (`GET …/conversations/{id}/messages`) and CSAT survey responses
 * (`GET …/csat_survey_responses`), each saved as a JSON file; or NDJSON of conversations that
 * carry all their `messages`. A conversation becomes a contact, its messages contact events, its
 * status activity messages status changes, and its CSAT survey a survey response.
 */

const STATUSES: Record<string, Status> = {
  open: 'open',
  resolved: 'solved',
  pending: 'pending',
  snoozed: 'on_hold',
};

/**
 * An agent's availability as status changes on chat: online is logged in and not paused, busy
 * logged in and paused, offline logged out.
 */
const AVAILABILITY: Record<string, readonly ('login' | 'logout' | 'pause' | 'unpause')[]> = {
  online: ['login', 'unpause'],
  busy: ['login', 'pause'],
  offline: ['logout'],
};

const PRIORITIES: Record<string, string> = { low: 'low', medium: 'normal', high: 'high', urgent: 'urgent' };

/** Inbox channel types; messaging apps are asynchronous threads, like social media. */
const CHANNELS: Record<string, string> = {
  'Channel::WebWidget': 'chat',
  'Channel::Api': 'chat',
  'Channel::Email': 'email',
  'Channel::FacebookPage': 'social',
  'Channel::Instagram': 'social',
  'Channel::TwitterProfile': 'social',
  'Channel::Whatsapp': 'social',
  'Channel::Telegram': 'social',
  'Channel::Line': 'social',
  'Channel::Sms': 'social',
  'Channel::TwilioSms': 'social',
  'Channel::Tiktok': 'social',
  'Channel::Voice': 'phone',
};

/**
 * The status activity messages Chatwoot writes (config/locales/en.yml, `conversations.activity`),
 * by their fixed beginning; the rest of the text names who did it.
 */
const STATUS_ACTIVITIES: readonly (readonly [string, Status])[] = [
  ['Conversation was marked resolved by', 'solved'],
  ['Conversation was resolved by', 'solved'],
  ['Conversation was reopened by', 'open'],
  ['System reopened the conversation', 'open'],
  ['Conversation was marked open', 'open'],
  ['Conversation was marked as pending by', 'pending'],
  ['Conversation was snoozed by', 'on_hold'],
];

const MESSAGE_TYPES = '0 (incoming), 1 (outgoing), 2 (activity) or 3 (template)';

export function statusOfActivity(content: string): Status | null {
  for (const [start, status] of STATUS_ACTIVITIES) if (content.startsWith(start)) return status;
  return null;
}

/** What a JSON object of a Chatwoot file is, from its fields. */
function kindOf(item: Record<string, unknown>): 'message' | 'csat' | 'conversation' | 'agent' {
  if ('message_type' in item) return 'message';
  if ('availability_status' in item && 'role' in item) return 'agent';
  if ('rating' in item && 'message_id' in item) return 'csat';
  return 'conversation';
}

interface Survey {
  conversationId: string;
  /** File of the survey message. */
  file: string;
  sentMs: number | null;
  response: {
    file: string;
    id: string;
    rating: number;
    comment: string | null;
    agentId: string | null;
    customerId: string | null;
    respondedMs: number;
  } | null;
}

/** Where a record is: its file and line, and its text for the rejects file. */
interface Place {
  file: string;
  line: number;
  text: string;
}

export const chatwoot: SourceFormat = {
  name: 'chatwoot',
  summary: 'Chatwoot API responses: conversations, their messages and CSAT survey responses',
  mapping: 'none',

  detect({ name, head }) {
    if (jsonFileKind(name) === 'other' || !/^\s*[[{]/.test(head)) return null;
    if (head.includes('"mine_count"') && head.includes('"payload"'))
      return 'Chatwoot conversations list: conversations with status, channel, assignee and labels';
    if (head.includes('"message_type"') && head.includes('"inbox_id"')) {
      return head.includes('"messages"')
        ? 'Chatwoot conversations with their messages: contacts, messages, notes and status changes'
        : 'Chatwoot messages of a conversation: customer messages, replies, notes, bot messages and status changes';
    }
    if (head.includes('"feedback_message"') && head.includes('"rating"'))
      return 'Chatwoot CSAT survey responses';
    if (head.includes('"availability_status"') && head.includes('"role"'))
      return 'Chatwoot agents list: each agent’s availability (online, busy, offline) when the file was saved';
    return null;
  },

  async convert(paths, context) {
    const { out, source } = context;
    /** Conversations imported, by id, and whether their messages were seen. */
    const conversations = new Map<string, { file: string; withMessages: boolean }>();
    const surveys = new Map<string, Survey>();
    /** CSAT responses seen: without any, a survey message cannot tell answered from skipped. */
    let csatResponses = 0;

    /** When each file was saved: the time of the agents' availability it lists. */
    const savedTimes = new Map<string, number>();
    for (const path of paths) {
      const file = basename(path);
      if (jsonFileKind(path) === 'other') {
        context.warn(file, 'not a .json, .ndjson or .jsonl file: skipped', file);
        continue;
      }
      savedTimes.set(path, Math.floor((await stat(path)).mtimeMs / 1000) * 1000);
      for await (const document of readJsonDocuments(path, context)) {
        const { value, line } = document;
        if (jsonFileKind(path) === 'ndjson') {
          if (!isRecord(value)) {
            context.reject(
              { file: path, line, column: '(line)', reason: 'is not a JSON object' },
              document.text,
            );
            continue;
          }
          if (kindOf(value) === 'csat') csatResponses++;
          handleItem(value, '', { file: path, line, text: document.text }, true);
          continue;
        }
        // The conversations list (and filter) responses carry only the last message of each.
        let items: unknown[] | null = null;
        let itemsPath = '';
        let complete = true;
        if (Array.isArray(value)) {
          items = value;
        } else if (isRecord(value) && isRecord(value.data) && Array.isArray(value.data.payload)) {
          items = value.data.payload;
          itemsPath = 'data.payload';
          complete = false;
        } else if (isRecord(value) && Array.isArray(value.payload)) {
          items = value.payload;
          itemsPath = 'payload';
          complete = false;
        }
        if (items === null) {
          context.reject(
            {
              file: path,
              line,
              column: '(file)',
              reason:
                'not a Chatwoot API response: expected a conversations list ({"data":{"payload":[…]}}), a messages list ({"payload":[…]}), an array of CSAT responses or of conversations',
            },
            '',
          );
          continue;
        }
        csatResponses += items.filter((item) => isRecord(item) && kindOf(item) === 'csat').length;
        for (const [index, item] of items.entries()) {
          const text = JSON.stringify(item);
          const at = `${itemsPath}[${index}]`;
          if (!isRecord(item)) {
            context.reject({ file: path, line, column: at, reason: 'is not a JSON object' }, text);
            continue;
          }
          handleItem(item, at, { file: path, line, text }, complete);
        }
        await out.flush();
      }
    }

    for (const [id, conversation] of conversations) {
      if (!conversation.withMessages)
        context.warn(
          conversation.file,
          'conversation without its messages (no messages file for it): imported without events',
          `conversation ${id}`,
        );
    }
    writeSurveys();

    function handleItem(item: Record<string, unknown>, at: string, place: Place, complete: boolean): void {
      const check = new RecordCheck((column, reason) =>
        context.reject({ file: place.file, line: place.line, column, reason }, place.text),
      );
      const object = new JsonObject(item, at, check);
      const kind = kindOf(item);
      if (kind === 'message') handleMessage(object, null, place);
      else if (kind === 'csat') handleCsat(object, place);
      else if (kind === 'agent') handleAgentPresence(object, place);
      else handleConversation(object, place, complete);
    }

    /**
     * An agent of the agents list (`GET /api/v1/accounts/{id}/agents`): their availability when
     * the list was saved, the file's modification time. Chatwoot sends no webhook when it changes,
     * so a list saved every few minutes is how its presence is followed.
     */
    function handleAgentPresence(a: JsonObject, place: Place): void {
      const id = a.requiredId('id');
      const availability = a.text('availability_status') ?? '';
      const statuses = AVAILABILITY[availability];
      if (statuses === undefined) {
        a.fail(
          'availability_status',
          `'${availability}' is not one of ${Object.keys(AVAILABILITY).join(', ')}`,
        );
        return;
      }
      if (id === null) return;
      const savedAt = savedTimes.get(place.file);
      if (savedAt === undefined) return;
      for (const status of statuses) {
        out.write('agent_status_events', {
          source,
          external_id: `${id}|${status}|${utcTimestamp(savedAt)}`,
          agent_id: id,
          status,
          occurred_at: utcTimestamp(savedAt),
          reason: status === 'pause' ? availability : null,
          channel: 'chat',
        });
      }
    }

    function handleConversation(c: JsonObject, place: Place, withMessages: boolean): void {
      const id = c.requiredId('id');
      const createdMs = c.requiredEpochMs('created_at');
      const statusText = c.text('status');
      const status = statusText === null ? null : STATUSES[statusText];
      if (status === undefined)
        c.fail('status', `'${statusText}' is not one of ${Object.keys(STATUSES).join(', ')}`);
      const priorityText = c.text('priority');
      const priority = priorityText === null ? null : PRIORITIES[priorityText];
      if (priority === undefined)
        c.fail('priority', `'${priorityText}' is not one of ${Object.keys(PRIORITIES).join(', ')}`);
      const meta = c.object('meta');
      const channelType = meta?.text('channel') ?? null;
      const assigneeId = meta?.object('assignee')?.id('id') ?? null;
      const teamId = meta?.object('team')?.id('id') ?? null;
      const customerId = meta?.object('sender')?.id('id') ?? null;
      const labels = c.value.labels;
      if (labels !== undefined && labels !== null && !isStringArray(labels))
        c.fail('labels', 'is not an array of strings');
      else if (isStringArray(labels)) {
        for (const [index, label] of labels.entries()) {
          const problem = textProblem(label);
          if (problem !== null) c.fail(`labels[${index}]`, problem);
        }
      }
      const embedded = withMessages ? c.value.messages : undefined;
      if (embedded !== undefined && embedded !== null && !Array.isArray(embedded))
        c.fail('messages', 'is not an array');
      if (c.failed || id === null || createdMs === null) return;

      let channel = channelType === null ? undefined : CHANNELS[channelType];
      if (channel === undefined) {
        context.warn(
          basename(place.file),
          `inbox channel ${channelType ?? '(none)'} not known: imported as chat`,
          `conversation ${id}`,
        );
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
        tags: isStringArray(labels) && labels.length > 0 ? labels.join('|') : null,
        priority,
        status,
      });
      const known = conversations.get(id);
      conversations.set(id, {
        file: basename(place.file),
        withMessages: (known?.withMessages ?? false) || withMessages,
      });
      if (!Array.isArray(embedded)) return;
      for (const [index, item] of embedded.entries()) {
        const at = `${c.column('messages')}[${index}]`;
        const text = JSON.stringify(item);
        const check = new RecordCheck((column, reason) =>
          context.reject({ file: place.file, line: place.line, column, reason }, text),
        );
        if (!isRecord(item)) {
          check.problem(at, 'is not a JSON object');
          continue;
        }
        handleMessage(new JsonObject(item, at, check), id, { ...place, text });
      }
    }

    function handleMessage(m: JsonObject, conversationOfFile: string | null, place: Place): void {
      const id = m.requiredId('id');
      const conversationId =
        m.id('conversation_id') ?? conversationOfFile ?? m.fail('conversation_id', 'is missing');
      const type = m.integer('message_type');
      if (type === null) m.fail('message_type', 'is missing');
      const createdMs = m.requiredEpochMs('created_at');
      const isPrivate = m.boolean('private') ?? false;
      const sender = m.object('sender');
      const senderType = sender?.text('type') ?? null;
      const senderId = sender?.id('id') ?? null;
      const content = m.readText('content') ?? '';
      const contentType = m.text('content_type');
      if (type !== null && (type < 0 || type > 3)) m.fail('message_type', `${type} is not ${MESSAGE_TYPES}`);
      if (m.failed || id === null || conversationId === null || createdMs === null) return;

      const file = basename(place.file);
      const where = `message ${id} (conversation ${conversationId})`;
      const known = conversations.get(conversationId);
      if (known) known.withMessages = true;
      else conversations.set(conversationId, { file, withMessages: true });
      // Activity messages (type 2) are Chatwoot's own words about a change, not a turn of the conversation.
      const body = type === 2 ? null : messageText(content, 'detect');
      const event = (kind: string, fields: Record<string, string | boolean | null> = {}) =>
        out.write('contact_events', {
          source,
          contact_external_id: conversationId,
          external_id: id,
          kind,
          occurred_at: utcTimestamp(createdMs),
          body,
          ...fields,
        });

      if (contentType === 'input_csat') {
        const survey = surveys.get(id);
        if (survey) survey.sentMs = createdMs;
        else surveys.set(id, { conversationId, file, sentMs: createdMs, response: null });
      }
      switch (type) {
        case 0:
          event('customer_message');
          return;
        case 1:
          if (isPrivate) {
            event('internal_note', { agent_id: senderType === 'user' ? senderId : null, public: false });
          } else if (senderType === 'user') {
            event('agent_reply', { agent_id: senderId, public: true });
          } else if (senderType === 'agent_bot' || senderType === 'captain_assistant') {
            event('bot_message');
          } else if (senderType === null) {
            context.warn(
              file,
              'outgoing message without a sender (an automation): imported as a bot message',
              where,
            );
            event('bot_message');
          } else {
            context.warn(file, `outgoing message from a sender of type ${senderType}: not imported`, where);
          }
          return;
        case 2: {
          const status = statusOfActivity(content);
          if (status !== null) event('status_change', { status });
          else
            context.warn(
              file,
              'activity message not about the status (assignment, labels, priority, …, or not in English): not imported',
              where,
            );
          return;
        }
        default:
          // 3: templates (greeting, e-mail collection, the CSAT survey) are automatic messages.
          event('bot_message');
      }
    }

    function handleCsat(r: JsonObject, place: Place): void {
      const id = r.requiredId('id');
      const messageId = r.requiredId('message_id');
      const conversationId = r.requiredId('conversation_id');
      const rating = r.integer('rating');
      if (rating === null) r.fail('rating', 'is missing');
      else if (rating < 1 || rating > 5) r.fail('rating', `${rating} is outside the scale 1–5`);
      const comment = r.text('feedback_message');
      const agentId = r.object('assigned_agent')?.id('id') ?? null;
      const customerId = r.object('contact')?.id('id') ?? null;
      const respondedMs = r.requiredEpochMs('created_at');
      if (r.failed || id === null || messageId === null || conversationId === null) return;
      if (rating === null || respondedMs === null) return;
      const response = { file: basename(place.file), id, rating, comment, agentId, customerId, respondedMs };
      const survey = surveys.get(messageId);
      if (survey) survey.response = response;
      else surveys.set(messageId, { conversationId, file: response.file, sentMs: null, response });
    }

    function writeSurveys(): void {
      for (const [messageId, survey] of surveys) {
        const { response } = survey;
        if (!conversations.has(survey.conversationId)) {
          context.warn(
            response?.file ?? survey.file,
            'CSAT response for a conversation not in this import: not imported (import it with its conversation)',
            `conversation ${survey.conversationId}`,
          );
          continue;
        }
        if (response === null && csatResponses === 0) {
          context.warn(
            survey.file,
            'CSAT survey sent, but no CSAT responses file in this import: not imported (import the survey responses with the messages)',
            `message ${messageId} (conversation ${survey.conversationId})`,
          );
          continue;
        }
        if (response !== null && survey.sentMs === null)
          context.warn(
            response.file,
            'CSAT response whose survey message is not in this import: imported without sent_at, so outside the response rate',
            `response ${response.id} (conversation ${survey.conversationId})`,
          );
        out.write('survey_responses', {
          source,
          // One survey message, one answer: keyed by the message, so sending and answer meet in one row.
          external_id: `csat-${messageId}`,
          kind: 'csat',
          scale_min: 1,
          scale_max: 5,
          score: response?.rating ?? null,
          comment: response?.comment ?? null,
          contact_external_id: survey.conversationId,
          agent_id: response?.agentId ?? null,
          customer_id: response?.customerId ?? null,
          sent_at: survey.sentMs === null ? null : utcTimestamp(survey.sentMs),
          responded_at: response ? utcTimestamp(response.respondedMs) : null,
        });
      }
    }
  },
};

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
