/**
 * What a customer sent, checked against the version of the survey they were shown, and the
 * canonical survey_responses rows it becomes.
 */

import { err, ok, type Result } from '../result.js';
import type { SurveyKind, SurveyVia } from '../schema.js';
import { answerKind, answerScale, mainQuestion, type Question, type SurveyDefinition } from './definition.js';

/** One answer to one question: a score, the option ids chosen, or text. */
export type CheckedAnswer = number | string | readonly string[];

export interface AnswerIssue {
  questionId: string;
  reason: string;
}

/** Longest free text kept per question. */
export const MAX_TEXT_LENGTH = 5000;

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A whole number from a number or its text (a form posts text). */
function wholeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^-?\d{1,3}$/.test(value.trim())) return Number(value.trim());
  return null;
}

function checkOne(question: Question, value: unknown): Result<CheckedAnswer, string> {
  switch (question.type) {
    case 'rating':
    case 'nps': {
      const { min, max } = answerScale(question);
      const score = wholeNumber(value);
      if (score === null) return err(`must be a whole number from ${min} to ${max}`);
      if (score < min || score > max) return err(`${score} is outside ${min}–${max}`);
      return ok(score);
    }
    case 'single': {
      if (typeof value !== 'string') return err('must be one option id');
      if (!question.options.some((o) => o.id === value)) return err(`${value} is not one of its options`);
      return ok(value);
    }
    case 'multiple': {
      const chosen = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(chosen) || !chosen.every((c): c is string => typeof c === 'string'))
        return err('must be a list of option ids');
      const unknown = chosen.filter((c) => !question.options.some((o) => o.id === c));
      if (unknown.length > 0) return err(`${unknown.join(', ')} is not one of its options`);
      // In the order the options are shown, each once.
      return ok(question.options.filter((o) => chosen.includes(o.id)).map((o) => o.id));
    }
    case 'text': {
      if (typeof value !== 'string') return err('must be text');
      const text = value.trim();
      if (text.length > MAX_TEXT_LENGTH) return err(`is longer than ${MAX_TEXT_LENGTH} characters`);
      return ok(text);
    }
    default: {
      const unreachable: never = question;
      return err(`unknown question type ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The answers as stored: each checked against its question's type, scale or options; skipped
 * ones (null, empty) left out. A required question is only required of a complete submission: a
 * partial one (the one-click score, a page left half-way) is kept as far as it goes. An answer to
 * a question the version does not have is an issue, not silently dropped: the page and the survey
 * disagree.
 */
export function checkAnswers(
  definition: SurveyDefinition,
  answers: Record<string, unknown>,
  complete: boolean,
): Result<Record<string, CheckedAnswer>, AnswerIssue[]> {
  const issues: AnswerIssue[] = [];
  const checked: Record<string, CheckedAnswer> = {};
  const known = new Set(definition.questions.map((q) => q.id));
  for (const questionId of Object.keys(answers)) {
    if (!known.has(questionId)) issues.push({ questionId, reason: 'the survey has no such question' });
  }
  for (const question of definition.questions) {
    const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    if (isEmpty(value)) {
      if (complete && question.required) issues.push({ questionId: question.id, reason: 'is required' });
      continue;
    }
    const one = checkOne(question, value);
    if (one.ok) checked[question.id] = one.data;
    else issues.push({ questionId: question.id, reason: one.error });
  }
  return issues.length > 0 ? err(issues) : ok(checked);
}

/** The invitation an answer belongs to, as the processor reads it from survey_invitations. */
export interface AnsweredInvitation {
  invitationId: string;
  surveyId: string;
  version: number;
  via: SurveyVia;
  sourceLabel: string | null;
  location: string | null;
  contactSource: string | null;
  contactExternalId: string | null;
  customerId: string | null;
  language: string | null;
  /** ISO instant; null for an answer that was never sent (public link, QR code, widget). */
  sentAt: string | null;
}

/** A survey_responses row as the processor writes it (column → value; instants ISO). */
export interface SurveyResponseRow {
  source: string;
  external_id: string;
  kind: SurveyKind;
  scale_min: number;
  scale_max: number;
  score: number | null;
  comment: string | null;
  dimension: string | null;
  language: string | null;
  contact_source: string | null;
  contact_external_id: string | null;
  agent_id: string | null;
  customer_id: string | null;
  sent_at: string | null;
  responded_at: string | null;
  survey_id: string;
  survey_version: number;
  question_id: string | null;
  invitation_id: string;
  via: SurveyVia;
  source_label: string | null;
  location: string | null;
  choices: string | null;
}

export const SURVEY_RESPONSE_COLUMNS = [
  'source',
  'external_id',
  'kind',
  'scale_min',
  'scale_max',
  'score',
  'comment',
  'dimension',
  'language',
  'contact_source',
  'contact_external_id',
  'agent_id',
  'customer_id',
  'sent_at',
  'responded_at',
  'survey_id',
  'survey_version',
  'question_id',
  'invitation_id',
  'via',
  'source_label',
  'location',
  'choices',
] as const satisfies readonly (keyof SurveyResponseRow)[];

/** The external_id of the row of one question of an invitation (its main question has the invitation's own). */
export function questionRowId(invitationId: string, questionId: string): string {
  return `${invitationId}:${questionId}`;
}

/**
 * The canonical rows of an invitation with its answers (none yet: the row of an invitation sent
 * and not answered).
 *
 * - The invitation's own row (external_id = the invitation id, question_id empty): the main
 *   question's kind, scale and score (see `mainQuestion`; kind custom on 0–0 for a survey without
 *   one), and sent_at, so the response rates count sent invitations and their answers as before.
 * - One row per other answered question (external_id `<invitation>:<question>`, sent_at empty):
 *   a rating with its kind, scale and dimension; NPS; a choice with its options in `choices`
 *   (`a|b`); a text in `comment`.
 * - A text question that asks the reason of another question (`commentOn`) is that question's
 *   comment, on its row, where a comment is read beside its score; it has a row of its own only
 *   when that question has none (it was skipped).
 *
 * agent_id stays empty: the facts credit the last agent who replied before the invitation was sent,
 * else the one who answered first, else the assignee (see rebuild.ts).
 */
export function answerRows(
  definition: SurveyDefinition,
  invitation: AnsweredInvitation,
  answers: Readonly<Record<string, CheckedAnswer>>,
  respondedAt: string | null,
  source: string,
): SurveyResponseRow[] {
  const main = mainQuestion(definition);
  const base = {
    source,
    agent_id: null,
    language: invitation.language,
    contact_source: invitation.contactExternalId === null ? null : invitation.contactSource,
    contact_external_id: invitation.contactExternalId,
    customer_id: invitation.customerId,
    survey_id: invitation.surveyId,
    survey_version: invitation.version,
    invitation_id: invitation.invitationId,
    via: invitation.via,
    source_label: invitation.sourceLabel,
    location: invitation.location,
  };
  const rowed = new Set<string>();
  for (const q of definition.questions) {
    if (q.id === main?.id || (q.type !== 'text' && answers[q.id] !== undefined)) rowed.add(q.id);
  }
  const commentOf = (questionId: string): string | null => {
    const text = definition.questions.find(
      (q) => q.type === 'text' && q.commentOn === questionId && answers[q.id] !== undefined,
    );
    return text ? String(answers[text.id]) : null;
  };
  const mainAnswer = main ? answers[main.id] : undefined;
  const mainScale = main ? answerScale(main) : { min: 0, max: 0 };
  const rows: SurveyResponseRow[] = [
    {
      ...base,
      external_id: invitation.invitationId,
      kind: main ? answerKind(main) : 'custom',
      scale_min: mainScale.min,
      scale_max: mainScale.max,
      score: typeof mainAnswer === 'number' ? mainAnswer : null,
      comment: main ? commentOf(main.id) : null,
      dimension: null,
      sent_at: invitation.sentAt,
      responded_at: Object.keys(answers).length > 0 ? respondedAt : null,
      question_id: null,
      choices: null,
    },
  ];
  for (const question of definition.questions) {
    const answer = answers[question.id];
    if (question.id === main?.id || answer === undefined) continue;
    if (question.type === 'text' && question.commentOn !== undefined && rowed.has(question.commentOn))
      continue;
    const scale = answerScale(question);
    rows.push({
      ...base,
      external_id: questionRowId(invitation.invitationId, question.id),
      kind: answerKind(question),
      scale_min: scale.min,
      scale_max: scale.max,
      score: typeof answer === 'number' ? answer : null,
      comment: question.type === 'text' ? String(answer) : commentOf(question.id),
      dimension: question.type === 'rating' ? (question.dimension ?? null) : null,
      sent_at: null,
      responded_at: respondedAt,
      question_id: question.id,
      choices: Array.isArray(answer)
        ? answer.join('|')
        : typeof answer === 'string' && question.type === 'single'
          ? answer
          : null,
    });
  }
  return rows;
}
