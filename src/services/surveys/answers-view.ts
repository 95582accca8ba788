/**
 * The answers and invitations of surveys as people read them: answers with their comments, the
 * agent credited by the survey facts and the contact's channel, filtered and searched; invitations
 * with what became of each. Pages are cut by a cursor on the sort order, so a page stays right
 * while answers arrive.
 */
import type { Engine, Row } from '../../core/engine.js';
import { toNumberOrNull } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant } from '../audit.js';

export interface AnswerFilter {
  survey?: string;
  question?: string;
  agent?: string;
  /** First UTC day of the answer, YYYY-MM-DD. */
  from?: string;
  /** Last UTC day, included. */
  to?: string;
  scoreMin?: number;
  scoreMax?: number;
  /** Comments containing this, whatever its case. */
  text?: string;
  channel?: string;
  via?: string;
  limit: number;
  cursor?: string;
}

export interface AnswerViewScope {
  /** Only the answers credited to this agent; null: everyone's. */
  agentId: string | null;
  /** The address the invitation went to: for admins only. */
  withEmail: boolean;
}

export interface AnswerView {
  key: string;
  source: string;
  surveyId: string | null;
  surveyName: string | null;
  surveyVersion: number | null;
  questionId: string | null;
  invitationId: string | null;
  kind: string;
  dimension: string | null;
  score: number | null;
  scaleMin: number;
  scaleMax: number;
  choices: string[];
  comment: string | null;
  language: string | null;
  contactKey: string | null;
  agentId: string | null;
  channel: string | null;
  via: string | null;
  sourceLabel: string | null;
  location: string | null;
  customerId: string | null;
  email: string | null;
  respondedAt: string;
}

export interface Page<T> {
  items: T[];
  /** Give it back as `cursor` for the next page; null: this was the last. */
  nextCursor: string | null;
}

export type ViewError = { kind: 'invalid'; field: string; reason: string };

interface Cursor {
  /** The sort time as the database printed it, so that it compares equal when cast back. */
  at: string;
  key: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.key])).toString('base64url');
}

function decodeCursor(text: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, key] = value;
    if (typeof at !== 'string' || typeof key !== 'string') return null;
    if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/.test(at)) return null;
    return { at, key };
  } catch {
    return null;
  }
}

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** The day after a YYYY-MM-DD day, for a range that includes its last day. */
function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** A tiny SQL builder: conditions with their parameters, numbered as they are added. */
class Conditions {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  constructor(private readonly engine: Engine) {}
  /** Adds `sql`, where each `?` is the next parameter of `values`. */
  add(sql: string, ...values: unknown[]): void {
    let i = 0;
    this.parts.push(
      sql.replace(/\?/g, () => {
        this.params.push(values[i++]);
        return this.engine.dialect.placeholder(this.params.length);
      }),
    );
  }
  where(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

/** Answers, newest first. */
export async function listAnswers(
  engine: Engine,
  filter: AnswerFilter,
  scope: AnswerViewScope,
): Promise<Result<Page<AnswerView>, ViewError>> {
  const where = new Conditions(engine);
  where.add('s.responded_at IS NOT NULL');
  if (scope.agentId !== null) where.add('f.agent_id = ?', scope.agentId);
  if (filter.agent !== undefined) where.add('f.agent_id = ?', filter.agent);
  if (filter.survey !== undefined) where.add('s.survey_id = ?', filter.survey);
  if (filter.question !== undefined) where.add('s.question_id = ?', filter.question);
  if (filter.from !== undefined) where.add('s.responded_at >= CAST(? AS TIMESTAMP)', filter.from);
  if (filter.to !== undefined) where.add('s.responded_at < CAST(? AS TIMESTAMP)', dayAfter(filter.to));
  if (filter.scoreMin !== undefined) where.add('s.score >= ?', filter.scoreMin);
  if (filter.scoreMax !== undefined) where.add('s.score <= ?', filter.scoreMax);
  // position(), not LIKE: the text is the customer's words, % and _ included.
  if (filter.text !== undefined) where.add('position(lower(?) IN lower(s.comment)) > 0', filter.text);
  if (filter.channel !== undefined) where.add('f.channel = ?', filter.channel);
  if (filter.via !== undefined) where.add('s.via = ?', filter.via);
  if (filter.cursor !== undefined) {
    const cursor = decodeCursor(filter.cursor);
    if (!cursor) return err({ kind: 'invalid', field: 'cursor', reason: 'not a cursor this list gave' });
    where.add(
      `(s.responded_at < CAST(? AS TIMESTAMP) OR (s.responded_at = CAST(? AS TIMESTAMP) AND s.source || '|' || s.external_id < ?))`,
      cursor.at,
      cursor.at,
      cursor.key,
    );
  }
  const rows = await engine.all(
    `SELECT s.source, s.external_id, s.survey_id, sv.name AS survey_name, s.survey_version, s.question_id,
       s.invitation_id, s.kind, s.dimension, s.score, s.scale_min, s.scale_max, s.choices, s.comment,
       s.language, s.contact_source, s.contact_external_id, f.agent_id, f.channel, s.via, s.source_label,
       s.location, s.customer_id, ${scope.withEmail ? 'i.email' : 'CAST(NULL AS VARCHAR)'} AS email,
       CAST(s.responded_at AS VARCHAR) AS responded_text
     FROM survey_responses s
     LEFT JOIN survey_facts f ON f.survey_key = s.source || '|' || s.external_id
     LEFT JOIN surveys sv ON sv.id = s.survey_id
     LEFT JOIN survey_invitations i ON i.source = s.source AND i.external_id = s.invitation_id
     ${where.where()}
     ORDER BY s.responded_at DESC, s.source || '|' || s.external_id DESC
     LIMIT ${filter.limit + 1}`,
    where.params,
  );
  const items = rows.slice(0, filter.limit).map(answerOf);
  const last = rows.length > filter.limit ? rows[filter.limit - 1] : undefined;
  return ok({
    items,
    nextCursor: last
      ? encodeCursor({ at: String(last.responded_text), key: `${last.source}|${last.external_id}` })
      : null,
  });
}

function answerOf(row: Row): AnswerView {
  const contactSource = text(row.contact_source) ?? text(row.source);
  const contactId = text(row.contact_external_id);
  const choices = text(row.choices);
  return {
    key: `${row.source}|${row.external_id}`,
    source: String(row.source),
    surveyId: text(row.survey_id),
    surveyName: text(row.survey_name),
    surveyVersion: toNumberOrNull(row.survey_version),
    questionId: text(row.question_id),
    invitationId: text(row.invitation_id),
    kind: String(row.kind),
    dimension: text(row.dimension),
    score: toNumberOrNull(row.score),
    scaleMin: toNumberOrNull(row.scale_min) ?? 0,
    scaleMax: toNumberOrNull(row.scale_max) ?? 0,
    choices: choices === null || choices === '' ? [] : choices.split('|'),
    comment: text(row.comment),
    language: text(row.language),
    contactKey: contactId === null ? null : `${contactSource}|${contactId}`,
    agentId: text(row.agent_id),
    channel: text(row.channel),
    via: text(row.via),
    sourceLabel: text(row.source_label),
    location: text(row.location),
    customerId: text(row.customer_id),
    email: text(row.email),
    respondedAt: isoInstant(row.responded_text) ?? '',
  };
}

export const INVITATION_STATES = ['sent', 'delivered', 'bounced', 'opened', 'answered', 'reminded'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

const STATE_COLUMN: Record<InvitationState, string> = {
  sent: 'sent_at',
  delivered: 'delivered_at',
  bounced: 'bounced_at',
  opened: 'opened_at',
  answered: 'answered_at',
  reminded: 'reminded_at',
};

export interface InvitationView {
  id: string;
  surveyVersion: number | null;
  via: string;
  state: string;
  contactKey: string | null;
  customerId: string | null;
  email: string | null;
  language: string | null;
  sourceLabel: string | null;
  location: string | null;
  waveId: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  bouncedAt: string | null;
  failure: string | null;
  openedAt: string | null;
  answeredAt: string | null;
  remindedAt: string | null;
  expiresAt: string | null;
}

export type InvitationTotals = Record<InvitationState | 'all', number>;

/** The furthest an invitation got. */
function stateOf(row: Row): string {
  if (row.answered_at != null) return 'answered';
  if (row.opened_at != null) return 'opened';
  if (row.bounced_at != null) return 'bounced';
  if (row.delivered_at != null) return 'delivered';
  if (row.sent_at != null) return 'sent';
  return 'created';
}

// Public invitations are made when answered and have no sent time: they sort by their answer.
const INVITATION_TIME = "COALESCE(sent_at, answered_at, opened_at, CAST('1970-01-01 00:00:00' AS TIMESTAMP))";

/** A survey's invitations, newest first, and how many reached each state. */
export async function listInvitations(
  engine: Engine,
  surveyId: string,
  filter: { state?: InvitationState; limit: number; cursor?: string },
  scope: { withEmail: boolean },
): Promise<Result<Page<InvitationView> & { totals: InvitationTotals }, ViewError>> {
  const where = new Conditions(engine);
  where.add('survey_id = ?', surveyId);
  const counted = where.params.slice();
  const countedWhere = where.where();
  if (filter.state !== undefined) where.add(`${STATE_COLUMN[filter.state]} IS NOT NULL`);
  if (filter.cursor !== undefined) {
    const cursor = decodeCursor(filter.cursor);
    if (!cursor) return err({ kind: 'invalid', field: 'cursor', reason: 'not a cursor this list gave' });
    where.add(
      `(${INVITATION_TIME} < CAST(? AS TIMESTAMP) OR (${INVITATION_TIME} = CAST(? AS TIMESTAMP) AND external_id < ?))`,
      cursor.at,
      cursor.at,
      cursor.key,
    );
  }
  const rows = await engine.all(
    `SELECT external_id, survey_version, via, contact_source, contact_external_id, customer_id,
       ${scope.withEmail ? 'email' : 'CAST(NULL AS VARCHAR)'} AS email, language, source_label, location, wave_id,
       sent_at, delivered_at, bounced_at, failure, opened_at, answered_at, reminded_at, expires_at,
       CAST(${INVITATION_TIME} AS VARCHAR) AS sort_text
     FROM survey_invitations ${where.where()}
     ORDER BY ${INVITATION_TIME} DESC, external_id DESC
     LIMIT ${filter.limit + 1}`,
    where.params,
  );
  const totals = await engine.all(
    `SELECT count(*) AS all_count, ${INVITATION_STATES.map((s) => `count(${STATE_COLUMN[s]}) AS ${s}`).join(', ')}
     FROM survey_invitations ${countedWhere}`,
    counted,
  );
  const t = totals[0] ?? {};
  const last = rows.length > filter.limit ? rows[filter.limit - 1] : undefined;
  return ok({
    items: rows.slice(0, filter.limit).map(invitationOf),
    nextCursor: last ? encodeCursor({ at: String(last.sort_text), key: String(last.external_id) }) : null,
    totals: {
      all: Number(t.all_count ?? 0),
      ...(Object.fromEntries(INVITATION_STATES.map((s) => [s, Number(t[s] ?? 0)])) as Record<
        InvitationState,
        number
      >),
    },
  });
}

function invitationOf(row: Row): InvitationView {
  const contactId = text(row.contact_external_id);
  return {
    id: String(row.external_id),
    surveyVersion: toNumberOrNull(row.survey_version),
    via: String(row.via),
    state: stateOf(row),
    contactKey: contactId === null ? null : `${text(row.contact_source) ?? ''}|${contactId}`,
    customerId: text(row.customer_id),
    email: text(row.email),
    language: text(row.language),
    sourceLabel: text(row.source_label),
    location: text(row.location),
    waveId: text(row.wave_id),
    sentAt: isoInstant(row.sent_at),
    deliveredAt: isoInstant(row.delivered_at),
    bouncedAt: isoInstant(row.bounced_at),
    failure: text(row.failure),
    openedAt: isoInstant(row.opened_at),
    answeredAt: isoInstant(row.answered_at),
    remindedAt: isoInstant(row.reminded_at),
    expiresAt: isoInstant(row.expires_at),
  };
}
