/**
 * A conversation as the review screen shows it: the contact, its events in time order with their
 * words (messages, notes, bot turns; calls and status changes without words), its figures from
 * contact_facts, the survey answers given about it (a comment also as the customer's last word),
 * and the automatic checks that hit, on a turn or on the whole contact. Which contact may be read is
 * the callers' decision; what an agent reader sees of the survey answers is decided here.
 */
import type { Engine, Row } from '../../core/engine.js';
import { isoInstant } from '../audit.js';
import type { ContactRef, Transcript, TranscriptEntry } from './contract.js';

type CheckView = TranscriptEntry['checks'][number];

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
const num = (value: unknown): number | null =>
  value === null || value === undefined || Number.isNaN(Number(value)) ? null : Number(value);

/** Why an event without words happened: its new status, escalation type, queue or team. */
function detailOf(row: Row): string | null {
  const parts = [row.status, row.escalation_type, row.queue, row.team_id].map(text).filter((p) => p !== null);
  return parts.length === 0 ? null : parts.join(' · ');
}

/**
 * The transcript of a contact; null when there is no such contact. With `agentId` (an agent
 * reading) only the survey answers credited to that agent are shown: after a reassignment, the
 * contact's new assignee, or a colleague reviewing it, must not read what a customer wrote about
 * the agent credited before. Null (staff) shows every answer.
 */
export async function transcript(
  engine: Engine,
  contact: ContactRef,
  reader: { agentId: string | null } = { agentId: null },
): Promise<Transcript | null> {
  const p = engine.dialect.placeholder;
  const key = `${contact.source}|${contact.externalId}`;
  const contacts = await engine.all(
    `SELECT c.source, c.external_id, c.channel, CAST(c.created_at AS VARCHAR) AS created_at, c.subject,
       c.assignee_id, c.team_id, c.topic, c.status,
       f.frt_s, f.handle_s, f.full_resolution_s, f.public_replies, f.reopens, f.escalations
     FROM contacts c LEFT JOIN contact_facts f ON f.contact_key = c.contact_key
     WHERE c.source = ${p(1)} AND c.external_id = ${p(2)}`,
    [contact.source, contact.externalId],
  );
  const row = contacts[0];
  if (row === undefined) return null;

  const events = await engine.all(
    `SELECT external_id, kind, actor, agent_id, CAST(occurred_at AS VARCHAR) AS occurred_at, public, body,
       status, escalation_type, queue, team_id
     FROM contact_events WHERE contact_key = ${p(1)} ORDER BY occurred_at, seq, external_id`,
    [key],
  );
  // The credited agent is the facts' (survey_facts.agent_id), as in the contact drill-down.
  const credited =
    reader.agentId === null
      ? ''
      : ` AND source || '|' || external_id IN (SELECT survey_key FROM survey_facts WHERE agent_id = ${p(2)})`;
  const surveys = await engine.all(
    `SELECT kind, score, scale_min, scale_max, comment,
       CAST(COALESCE(responded_at, sent_at) AS VARCHAR) AS answered_at
     FROM survey_responses WHERE contact_key = ${p(1)}${credited}
     ORDER BY COALESCE(responded_at, sent_at), source, external_id`,
    reader.agentId === null ? [key] : [key, reader.agentId],
  );
  const hits = await engine.all(
    `SELECT h.rule_id, COALESCE(r.label, h.rule_id) AS label, h.event_source, h.event_external_id, h.detail
     FROM qa_check_hits h LEFT JOIN qa_check_rules r ON r.id = h.rule_id
     WHERE h.contact_key = ${p(1)} ORDER BY h.rule_id, h.event_external_id`,
    [key],
  );

  const byEvent = new Map<string, CheckView[]>();
  const onContact: CheckView[] = [];
  const eventIds = new Set(events.map((e) => String(e.external_id)));
  for (const hit of hits) {
    const check = { ruleId: String(hit.rule_id), label: String(hit.label), detail: text(hit.detail) };
    const eventId = text(hit.event_external_id);
    if (eventId === null || !eventIds.has(eventId)) onContact.push(check);
    else byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), check]);
  }

  const entries: TranscriptEntry[] = events.map((event) => {
    const body = text(event.body);
    return {
      eventId: String(event.external_id),
      kind: String(event.kind),
      actor: text(event.actor),
      agentId: text(event.agent_id),
      occurredAt: isoInstant(event.occurred_at) ?? '',
      public: event.public === null || event.public === undefined ? null : event.public === true,
      body,
      detail: body === null ? detailOf(event) : null,
      checks: byEvent.get(String(event.external_id)) ?? [],
    };
  });
  // A survey comment is the customer's last word on the conversation: shown where it was given.
  for (const survey of surveys) {
    const comment = text(survey.comment);
    const at = isoInstant(survey.answered_at);
    if (comment === null || at === null) continue;
    entries.push({
      eventId: null,
      kind: 'survey_answer',
      actor: 'customer',
      agentId: null,
      occurredAt: at,
      public: null,
      body: comment,
      detail: `${String(survey.kind)} ${survey.score === null ? '–' : String(num(survey.score))} of ${String(survey.scale_min)}–${String(survey.scale_max)}`,
      checks: [],
    });
  }
  // Stable: a survey answer at the same instant as an event comes after it.
  entries.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));

  return {
    contact: {
      source: String(row.source),
      externalId: String(row.external_id),
      channel: String(row.channel),
      createdAt: isoInstant(row.created_at) ?? '',
      subject: text(row.subject),
      assigneeId: text(row.assignee_id),
      teamId: text(row.team_id),
      topic: text(row.topic),
      status: text(row.status),
    },
    figures: {
      frtSeconds: num(row.frt_s),
      handleSeconds: num(row.handle_s),
      resolutionSeconds: num(row.full_resolution_s),
      replies: num(row.public_replies),
      reopens: num(row.reopens),
      escalations: num(row.escalations),
      survey: surveys.map((s) => ({
        kind: String(s.kind),
        score: num(s.score),
        scaleMin: Number(s.scale_min),
        scaleMax: Number(s.scale_max),
        comment: text(s.comment),
      })),
    },
    entries,
    checks: onContact,
  };
}
