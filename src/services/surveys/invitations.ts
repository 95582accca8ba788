/**
 * Invitations: a survey offered to one customer (an e-mail, a personal link, a wave) or answered
 * through a public link, a QR code or the widget. Each has a random id and, when it has a personal
 * link, a signed token carrying that id and the link's expiry.
 *
 * A personal link stays open until it expires: a second visit shows the answers given and edits
 * them (the latest submission wins), so "reusing" a link is editing one's own answer; after the
 * expiry it is refused as expired.
 */
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import type { SurveyVia } from '../../core/schema.js';
import { SurveyDefinition } from '../../core/surveys/definition.js';
import { newInvitationId, signLinkToken, verifyLinkToken } from '../../core/surveys/tokens.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { surveySecret } from './config.js';
import {
  type AnswerValue,
  type CreatedInvitation,
  type InvitationInput,
  type LinkRefusal,
  type OpenedInvitation,
  OWN_SOURCE,
  type SurveyProblem,
} from './contract.js';
import { getSurvey } from './store.js';

const DAY_MS = 24 * 60 * 60_000;

export const INVITATION_COLUMNS = [
  'source',
  'external_id',
  'survey_id',
  'survey_version',
  'via',
  'source_label',
  'location',
  'page_url',
  'wave_id',
  'contact_source',
  'contact_external_id',
  'customer_id',
  'email',
  'language',
  'sent_at',
  'expires_at',
] as const;

/** An invitation as stored, ready for insertRows-style SQL (instants as naive UTC text). */
export function invitationRow(
  input: InvitationInput,
  invitationId: string,
  version: number,
  expiresAt: Date | null,
): unknown[] {
  const contact = input.contact ?? null;
  return [
    OWN_SOURCE,
    invitationId,
    input.surveyId,
    version,
    input.via,
    input.sourceLabel ?? null,
    input.location ?? null,
    input.pageUrl ?? null,
    input.waveId ?? null,
    contact?.source ?? null,
    contact?.externalId ?? null,
    input.customerId ?? null,
    input.email ?? null,
    input.language ?? null,
    input.sentAt ? sqlInstant(input.sentAt) : null,
    expiresAt ? sqlInstant(expiresAt) : null,
  ];
}

/** A VALUES list of `rows` invitation rows, from placeholder `first` on. */
export function invitationValues(engine: Engine, rows: number, first = 1): string {
  const p = engine.dialect.placeholder;
  const width = INVITATION_COLUMNS.length;
  return Array.from({ length: rows }, (_, r) => {
    const at = (k: number) => p(first + r * width + k);
    const cells = INVITATION_COLUMNS.map((column, k) =>
      column === 'sent_at' || column === 'expires_at' ? `CAST(${at(k)} AS TIMESTAMP)` : at(k),
    );
    return `(${cells.join(', ')})`;
  }).join(', ');
}

/**
 * Records an invitation to the survey's current version; its link accepts answers for the survey's
 * `linkDays` after it is sent (or now, for one not sent yet).
 */
export async function createInvitation(
  engine: Engine,
  input: InvitationInput,
  now: Date,
): Promise<Result<CreatedInvitation, SurveyProblem>> {
  const survey = await getSurvey(engine, input.surveyId);
  if (survey === null) return err({ kind: 'not_found', what: `survey ${input.surveyId}` });
  const invitationId = newInvitationId();
  const expiresAt = new Date((input.sentAt ?? now).getTime() + survey.settings.linkDays * DAY_MS);
  await engine.run(
    `INSERT INTO survey_invitations (${INVITATION_COLUMNS.join(', ')}) VALUES ${invitationValues(engine, 1)}`,
    invitationRow(input, invitationId, survey.version, expiresAt),
  );
  const secret = await surveySecret(engine);
  return ok({
    invitationId,
    token: signLinkToken(secret, { invitationId, surveyId: survey.id, version: survey.version, expiresAt }),
    expiresAt: expiresAt.toISOString(),
  });
}

/**
 * A personal link bound to one contact (and its customer) or to a customer alone: what
 * `servicemeter surveys link` prints and POST /api/surveys/{id}/links returns. The customer, address
 * and language come from the contact when not given. It counts as handed out now.
 */
export async function personalLink(
  engine: Engine,
  surveyId: string,
  contactKey: { source: string; externalId: string } | null,
  options: { customerId?: string | null; language?: string | null; email?: string | null; via?: SurveyVia },
  now: Date,
): Promise<Result<CreatedInvitation & { path: string }, SurveyProblem>> {
  let contact: Row | undefined;
  if (contactKey) {
    const p = engine.dialect.placeholder;
    [contact] = await engine.all(
      `SELECT customer_id, customer_email, customer_language FROM contacts WHERE contact_key = ${p(1)}`,
      [`${contactKey.source}|${contactKey.externalId}`],
    );
    if (contact === undefined)
      return err({ kind: 'not_found', what: `contact ${contactKey.source}|${contactKey.externalId}` });
  }
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const created = await createInvitation(
    engine,
    {
      surveyId,
      via: options.via ?? 'link',
      contact: contactKey,
      customerId: options.customerId ?? text(contact?.customer_id),
      email: options.email ?? text(contact?.customer_email),
      language: options.language ?? text(contact?.customer_language),
      sentAt: now,
    },
    now,
  );
  if (!created.ok) return created;
  return ok({ ...created.data, path: `/s/${created.data.token}` });
}

/** The page of a personal link; with `score`, the one-click answer of its main question. */
export function invitationPageUrl(baseUrl: string, token: string, score?: number): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(token)}`;
  return score === undefined ? url : `${url}?score=${encodeURIComponent(String(score))}`;
}

/** The latest answers given to an invitation, processed or still waiting in survey_submissions. */
export async function latestAnswers(
  engine: Engine,
  invitationId: string,
): Promise<{ answers: Record<string, AnswerValue>; complete: boolean } | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT payload, complete FROM survey_submissions WHERE invitation_id = ${p(1)}
     ORDER BY arrival DESC LIMIT 1`,
    [invitationId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const payload = JSON.parse(String(row.payload)) as { answers?: Record<string, AnswerValue> };
  return { answers: payload.answers ?? {}, complete: row.complete === true };
}

/**
 * Opens a personal link: checks its token, then the invitation (still stored, its survey active,
 * not closed before its token's expiry), records when it was first opened, and returns the
 * questions of the version it was given with the answers given so far. The survey pages pass
 * `recordOpened: false` and record openings in batches themselves (a commit per page view would
 * hold up every answer behind it).
 */
export async function openInvitation(
  engine: Engine,
  token: string,
  now: Date,
  options: { recordOpened?: boolean } = {},
): Promise<Result<OpenedInvitation, LinkRefusal>> {
  const verified = verifyLinkToken(await surveySecret(engine), token, now);
  if (!verified.ok) return verified;
  const { invitationId } = verified.data;
  const p = engine.dialect.placeholder;
  const [invitation] = await engine.all(
    `SELECT survey_id, survey_version, language, CAST(expires_at AS VARCHAR) AS expires_at, opened_at
     FROM survey_invitations WHERE source = ${p(1)} AND external_id = ${p(2)}`,
    [OWN_SOURCE, invitationId],
  );
  if (invitation === undefined) return err('unknown');
  const survey = await getSurvey(engine, String(invitation.survey_id));
  if (survey === null) return err('unknown');
  if (survey.status !== 'active') return err('inactive');
  const expiresAt = isoInstant(invitation.expires_at);
  if (expiresAt !== null && Date.parse(expiresAt) <= now.getTime()) return err('closed');
  const version = invitation.survey_version == null ? survey.version : Number(invitation.survey_version);
  const shown = version === survey.version ? survey : await getSurvey(engine, survey.id, version);
  if (shown === null) return err('unknown');
  if (invitation.opened_at == null && options.recordOpened !== false) {
    await engine.run(
      `UPDATE survey_invitations SET opened_at = CAST(${p(1)} AS TIMESTAMP)
       WHERE source = ${p(2)} AND external_id = ${p(3)} AND opened_at IS NULL`,
      [sqlInstant(now), OWN_SOURCE, invitationId],
    );
  }
  const given = await latestAnswers(engine, invitationId);
  return ok({
    invitationId,
    survey,
    version,
    definition: SurveyDefinition.parse(shown.definition),
    language: invitation.language == null ? null : String(invitation.language),
    expiresAt,
    answers: given?.answers ?? {},
    complete: given?.complete ?? false,
  });
}
