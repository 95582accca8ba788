/**
 * Reviews given in servicemeter: checked against the scorecard version they are given with, written
 * to qa_reviews and qa_ratings (source servicemeter) in one transaction, and read back with the score
 * the qa_review_facts view computes. Drafts keep a reviewer's work in progress, one per contact.
 */
import { randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { type ScorecardDefinition, scaleRange } from '../../core/qa/scorecard.js';
import { err, ok, type Result } from '../../core/result.js';
import { type Channel, QA_REVIEW_KINDS, type QaReviewKind } from '../../core/schema.js';
import { isoInstant, recordAudit, sqlInstant } from '../audit.js';
import { getCalibrationSession } from './calibration.js';
import {
  type ContactRef,
  type DisputeStatus,
  type DisputeView,
  QA_SOURCE,
  type QaActor,
  type QaProblem,
  type RatingView,
  type ReviewInput,
  type ReviewSummary,
  type ReviewView,
} from './contract.js';
import { getScorecard, scorecardVersion } from './scorecards.js';

type Issue = { path: string; message: string };
type RatingInput = ReviewInput['ratings'][number];

const COMMENT_LIMIT = 10_000;
const SCALE_NAMES = { pass_fail: 'pass/fail', '1-3': '1–3', '1-5': '1–5' } as const;

/** `source|external_id` → its parts; null when it has no separator. */
export function splitReviewId(id: string): { source: string; externalId: string } | null {
  const at = id.indexOf('|');
  if (at <= 0 || at === id.length - 1) return null;
  return { source: id.slice(0, at), externalId: id.slice(at + 1) };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/**
 * Checks ratings against a scorecard definition: every category rated or marked not applicable
 * (where allowed), each once, each within its scale, root causes the scorecard offers.
 */
export function checkRatings(
  definition: ScorecardDefinition,
  ratings: readonly RatingInput[],
  path = 'ratings',
): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  ratings.forEach((r, i) => {
    const at = `${path}.${i}`;
    const category = definition.categories.find((c) => c.id === r.categoryId);
    if (!category) {
      issues.push({ path: `${at}.categoryId`, message: `the scorecard has no category ${r.categoryId}` });
      return;
    }
    if (seen.has(category.id)) {
      issues.push({ path: `${at}.categoryId`, message: `${category.id} is rated twice` });
      return;
    }
    seen.add(category.id);
    if (r.rating === null) {
      if (!category.allowNotApplicable)
        issues.push({ path: `${at}.rating`, message: `not applicable is not allowed for ${category.id}` });
    } else {
      const { min, max } = scaleRange(category.scale);
      if (!Number.isInteger(r.rating) || r.rating < min || r.rating > max)
        issues.push({
          path: `${at}.rating`,
          message: `${r.rating} is outside ${min}–${max} (${SCALE_NAMES[category.scale]})`,
        });
    }
    (r.rootCauses ?? []).forEach((cause, j) => {
      if (!(definition.rootCauses as readonly string[]).includes(cause))
        issues.push({
          path: `${at}.rootCauses.${j}`,
          message: `${cause} is not a root cause of this scorecard (${definition.rootCauses.join(', ')})`,
        });
    });
    for (const field of ['comment', 'quote'] as const) {
      const value = r[field];
      if (typeof value === 'string' && value.length > COMMENT_LIMIT)
        issues.push({ path: `${at}.${field}`, message: `at most ${COMMENT_LIMIT} characters` });
    }
  });
  for (const category of definition.categories)
    if (!seen.has(category.id))
      issues.push({
        path,
        message: `${category.id} (${category.name}) is not rated: rate it${category.allowNotApplicable ? ' or mark it not applicable' : ''}`,
      });
  return issues;
}

interface ContactRow {
  assigneeId: string | null;
}

async function findContact(engine: Engine, contact: ContactRef): Promise<ContactRow | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT assignee_id FROM contacts WHERE source = ${p(1)} AND external_id = ${p(2)}`,
    [contact.source, contact.externalId],
  );
  const row = rows[0];
  return row === undefined ? null : { assigneeId: text(row.assignee_id) };
}

/** The open assignment of `reviewerId` for this contact, kind and calibration session, if any. */
async function openAssignment(
  engine: Engine,
  reviewerId: string,
  contact: ContactRef,
  kind: QaReviewKind,
  calibrationSessionId: string | null,
): Promise<{ id: string } | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT id FROM qa_assignments
     WHERE reviewer_id = ${p(1)} AND contact_source = ${p(2)} AND contact_external_id = ${p(3)}
       AND COALESCE(kind, 'review') = ${p(4)} AND calibration_session_id IS NOT DISTINCT FROM ${p(5)}
       AND status = 'open'
     ORDER BY created_at, id LIMIT 1`,
    [reviewerId, contact.source, contact.externalId, kind, calibrationSessionId],
  );
  const row = rows[0];
  return row === undefined ? null : { id: String(row.id) };
}

/**
 * Whether `actor` may review this contact: admins and managers any; an agent a contact assigned to
 * them as a self-review, or one with an open assignment of theirs of that kind; a viewer none.
 */
async function mayReview(
  engine: Engine,
  actor: QaActor,
  contact: ContactRef,
  assigneeId: string | null,
  kind: QaReviewKind,
  calibrationSessionId: string | null,
): Promise<Result<true, QaProblem>> {
  if (actor.role === 'admin' || actor.role === 'manager') return ok(true);
  if (actor.role === 'agent') {
    // Whose conversation it is decides, never the agent the caller names.
    if (kind === 'self') {
      if (actor.agentId !== null && actor.agentId !== '' && actor.agentId === assigneeId) return ok(true);
    } else if (await openAssignment(engine, actor.userId, contact, kind, calibrationSessionId))
      return ok(true);
    return err({
      kind: 'forbidden',
      reason:
        kind === 'self'
          ? 'an agent self-reviews only their own conversations'
          : 'an agent reviews only the conversations assigned to them',
    });
  }
  return err({ kind: 'forbidden', reason: 'a viewer does not review' });
}

/** What a review input resolves to before it is written. */
interface Resolved {
  definition: ScorecardDefinition;
  version: number;
  agentId: string;
  kind: QaReviewKind;
  calibrationSessionId: string | null;
}

async function resolveInput(
  engine: Engine,
  actor: QaActor,
  input: ReviewInput,
): Promise<Result<Resolved, QaProblem>> {
  const kind = input.kind ?? 'review';
  if (!(QA_REVIEW_KINDS as readonly string[]).includes(kind))
    return err({
      kind: 'invalid',
      issues: [{ path: 'kind', message: `must be one of ${QA_REVIEW_KINDS.join(', ')}` }],
    });
  const calibrationSessionId = input.calibrationSessionId ?? null;
  if ((kind === 'calibration') !== (calibrationSessionId !== null))
    return err({
      kind: 'invalid',
      issues: [
        {
          path: 'calibrationSessionId',
          message:
            kind === 'calibration'
              ? 'a calibration review names its calibration session'
              : `a ${kind} review belongs to no calibration session`,
        },
      ],
    });
  if (typeof input.comment === 'string' && input.comment.length > COMMENT_LIMIT)
    return err({
      kind: 'invalid',
      issues: [{ path: 'comment', message: `at most ${COMMENT_LIMIT} characters` }],
    });
  const contact = await findContact(engine, input.contact);
  if (contact === null)
    return err({ kind: 'not_found', what: `contact ${input.contact.source}|${input.contact.externalId}` });
  // An agent reviews the conversation's assignee and nobody else: a review credited to a colleague
  // would count in that colleague's figures.
  if (
    actor.role === 'agent' &&
    input.agentId !== undefined &&
    input.agentId !== null &&
    input.agentId !== contact.assigneeId
  )
    return err({
      kind: 'invalid',
      issues: [
        {
          path: 'agentId',
          message: `an agent reviews the conversation's assignee (${contact.assigneeId ?? 'none'}), not ${input.agentId}`,
        },
      ],
    });
  const agentId = actor.role === 'agent' ? contact.assigneeId : (input.agentId ?? contact.assigneeId);
  if (agentId === null)
    return err({
      kind: 'invalid',
      issues: [{ path: 'agentId', message: 'the contact has no assignee: name the agent reviewed' }],
    });
  const scorecard = await getScorecard(engine, input.scorecardId);
  if (scorecard === null) return err({ kind: 'not_found', what: `scorecard ${input.scorecardId}` });
  let version = scorecard.version;
  let definition = scorecard.definition;
  if (calibrationSessionId !== null) {
    const session = await getCalibrationSession(engine, calibrationSessionId);
    if (session === null)
      return err({ kind: 'not_found', what: `calibration session ${calibrationSessionId}` });
    if (session.status !== 'open')
      return err({ kind: 'conflict', reason: `calibration session ${calibrationSessionId} is closed` });
    // Only the session's reviewers rate, and only its conversations: anything else would enter its
    // agreement figures.
    if (!session.reviewers.includes(actor.userId))
      return err({
        kind: 'forbidden',
        reason: `you are not a reviewer of calibration session ${calibrationSessionId}`,
      });
    if (
      !session.contacts.some(
        (c) => c.source === input.contact.source && c.externalId === input.contact.externalId,
      )
    )
      return err({
        kind: 'invalid',
        issues: [
          {
            path: 'contact',
            message: `${input.contact.source}|${input.contact.externalId} is not a conversation of calibration session ${calibrationSessionId}`,
          },
        ],
      });
    if (session.scorecardId !== scorecard.id)
      return err({
        kind: 'invalid',
        issues: [{ path: 'scorecardId', message: `the session uses scorecard ${session.scorecardId}` }],
      });
    // Every reviewer of a session rates on the same version, whatever changed since.
    version = session.scorecardVersion;
    definition = (await scorecardVersion(engine, scorecard.id, version)) ?? definition;
  } else if (scorecard.status === 'archived') {
    return err({ kind: 'conflict', reason: `scorecard ${scorecard.id} is archived` });
  }
  const allowed = await mayReview(
    engine,
    actor,
    input.contact,
    contact.assigneeId,
    kind,
    calibrationSessionId,
  );
  if (!allowed.ok) return allowed;
  return ok({ definition, version, agentId, kind, calibrationSessionId });
}

async function writeRatings(
  engine: Engine,
  source: string,
  externalId: string,
  definition: ScorecardDefinition,
  ratings: readonly RatingInput[],
): Promise<void> {
  const columns = [
    'source',
    'review_external_id',
    'category_id',
    'category_name',
    'group_id',
    'rating',
    'scale_min',
    'scale_max',
    'weight',
    'critical',
    'pass_mark',
    'comment',
    'quote',
    'root_causes',
  ];
  const rows = ratings.map((r) => {
    const category = definition.categories.find((c) => c.id === r.categoryId);
    if (!category) throw new Error(`category ${r.categoryId} was checked but is missing`);
    const { min, max } = scaleRange(category.scale);
    const causes = r.rootCauses ?? [];
    return [
      source,
      externalId,
      category.id,
      category.name,
      category.group ?? null,
      r.rating,
      min,
      max,
      category.weight,
      category.critical,
      category.passMark,
      r.comment ?? null,
      r.quote ?? null,
      causes.length === 0 ? null : causes.join('|'),
    ];
  });
  const p = engine.dialect.placeholder;
  const values = columns.map((_, i) => p(i + 1)).join(', ');
  for (const row of rows)
    await engine.run(`INSERT INTO qa_ratings (${columns.join(', ')}) VALUES (${values})`, row);
}

/**
 * Submits a review. The same reviewer submitting again for the same contact, kind and calibration
 * session replaces their review (same id); the matching open assignment is closed and the
 * reviewer's draft dropped, all in the transaction that writes the review.
 */
export async function submitReview(
  engine: Engine,
  actor: QaActor,
  input: ReviewInput,
  now: Date,
): Promise<Result<ReviewView, QaProblem>> {
  const resolved = await resolveInput(engine, actor, input);
  if (!resolved.ok) return resolved;
  const { definition, version, agentId, kind, calibrationSessionId } = resolved.data;
  const issues = checkRatings(definition, input.ratings);
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  const outcome = await engine.transaction(async (): Promise<Result<string, QaProblem>> => {
    let assignmentId: string | null = null;
    if (input.assignmentId) {
      const [assignment] = await engine.all(
        `SELECT id, reviewer_id, contact_source, contact_external_id FROM qa_assignments WHERE id = ${p(1)}`,
        [input.assignmentId],
      );
      if (
        assignment === undefined ||
        String(assignment.reviewer_id) !== actor.userId ||
        String(assignment.contact_source) !== input.contact.source ||
        String(assignment.contact_external_id) !== input.contact.externalId
      )
        return err({
          kind: 'invalid',
          issues: [
            {
              path: 'assignmentId',
              message: `no assignment ${input.assignmentId} of yours for this contact`,
            },
          ],
        });
      assignmentId = String(assignment.id);
    } else {
      assignmentId =
        (await openAssignment(engine, actor.userId, input.contact, kind, calibrationSessionId))?.id ?? null;
    }
    const [earlier] = await engine.all(
      `SELECT external_id FROM qa_reviews
       WHERE source = ${p(1)} AND reviewer_id = ${p(2)} AND contact_source = ${p(3)} AND contact_external_id = ${p(4)}
         AND COALESCE(kind, 'review') = ${p(5)} AND calibration_session_id IS NOT DISTINCT FROM ${p(6)}`,
      [QA_SOURCE, actor.userId, input.contact.source, input.contact.externalId, kind, calibrationSessionId],
    );
    const externalId = earlier === undefined ? randomBytes(6).toString('hex') : String(earlier.external_id);
    if (earlier !== undefined) {
      // A dispute's resolution (or the one pending) decides this review's ratings from now on.
      const [dispute] = await engine.all(
        `SELECT id, status FROM qa_disputes WHERE review_source = ${p(1)} AND review_external_id = ${p(2)}
         ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, opened_at DESC, id LIMIT 1`,
        [QA_SOURCE, externalId],
      );
      if (dispute !== undefined)
        return err({
          kind: 'conflict',
          reason: `review ${QA_SOURCE}|${externalId} is disputed (dispute ${String(dispute.id)}, ${String(dispute.status)}): the dispute's outcome stands, submitting again does not replace it; a manager changes the review by resolving the dispute`,
        });
      await engine.run(`DELETE FROM qa_ratings WHERE source = ${p(1)} AND review_external_id = ${p(2)}`, [
        QA_SOURCE,
        externalId,
      ]);
      await engine.run(`DELETE FROM qa_reviews WHERE source = ${p(1)} AND external_id = ${p(2)}`, [
        QA_SOURCE,
        externalId,
      ]);
    }
    await engine.run(
      `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id,
         kind, scorecard_id, scorecard_version, calibration_session_id, reviewed_at, score, pass_mark,
         critical_scope, comment)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)},
         CAST(${p(11)} AS TIMESTAMP), NULL, ${p(12)}, ${p(13)}, ${p(14)})`,
      [
        QA_SOURCE,
        externalId,
        input.contact.source,
        input.contact.externalId,
        agentId,
        actor.userId,
        kind,
        input.scorecardId,
        version,
        calibrationSessionId,
        at,
        definition.passMark,
        definition.criticalScope,
        input.comment ?? null,
      ],
    );
    await writeRatings(engine, QA_SOURCE, externalId, definition, input.ratings);
    if (assignmentId !== null)
      await engine.run(
        `UPDATE qa_assignments SET status = 'done', review_external_id = ${p(1)}, updated_at = CAST(${p(2)} AS TIMESTAMP)
         WHERE id = ${p(3)}`,
        [externalId, at, assignmentId],
      );
    await engine.run(
      `DELETE FROM qa_drafts WHERE reviewer_id = ${p(1)} AND contact_source = ${p(2)} AND contact_external_id = ${p(3)}`,
      [actor.userId, input.contact.source, input.contact.externalId],
    );
    await recordAudit(
      engine,
      {
        action: earlier === undefined ? 'qa.review.submitted' : 'qa.review.replaced',
        userId: actor.userId,
        target: `${QA_SOURCE}|${externalId}`,
        detail: { contact: `${input.contact.source}|${input.contact.externalId}`, agentId, kind },
      },
      now,
    );
    return ok(externalId);
  });
  if (!outcome.ok) return outcome;
  const view = await getReview(engine, `${QA_SOURCE}|${outcome.data}`);
  if (view === null) throw new Error(`review ${outcome.data} was written but cannot be read`);
  return ok(view);
}

/** Keeps a review in progress; only its shape is checked, not that it is complete. */
export async function saveDraft(
  engine: Engine,
  actor: QaActor,
  input: ReviewInput,
  now: Date,
): Promise<Result<{ savedAt: string }, QaProblem>> {
  const kind = input.kind ?? 'review';
  const contact = await findContact(engine, input.contact);
  if (contact === null)
    return err({ kind: 'not_found', what: `contact ${input.contact.source}|${input.contact.externalId}` });
  const allowed = await mayReview(
    engine,
    actor,
    input.contact,
    contact.assigneeId,
    kind,
    input.calibrationSessionId ?? null,
  );
  if (!allowed.ok) return allowed;
  const scorecard = await getScorecard(engine, input.scorecardId);
  if (scorecard === null) return err({ kind: 'not_found', what: `scorecard ${input.scorecardId}` });
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  await engine.transaction(async () => {
    await engine.run(
      `DELETE FROM qa_drafts WHERE reviewer_id = ${p(1)} AND contact_source = ${p(2)} AND contact_external_id = ${p(3)}`,
      [actor.userId, input.contact.source, input.contact.externalId],
    );
    await engine.run(
      `INSERT INTO qa_drafts (id, reviewer_id, contact_source, contact_external_id, scorecard_id, scorecard_version,
         payload, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, CAST(${p(8)} AS TIMESTAMP))`,
      [
        randomBytes(6).toString('hex'),
        actor.userId,
        input.contact.source,
        input.contact.externalId,
        scorecard.id,
        scorecard.version,
        JSON.stringify(input),
        at,
      ],
    );
  });
  return ok({ savedAt: now.toISOString() });
}

export async function getDraft(
  engine: Engine,
  actor: QaActor,
  contact: ContactRef,
): Promise<ReviewInput | null> {
  const p = engine.dialect.placeholder;
  const [row] = await engine.all(
    `SELECT payload FROM qa_drafts
     WHERE reviewer_id = ${p(1)} AND contact_source = ${p(2)} AND contact_external_id = ${p(3)}`,
    [actor.userId, contact.source, contact.externalId],
  );
  return row === undefined ? null : (JSON.parse(String(row.payload)) as ReviewInput);
}

function toDispute(row: Row): DisputeView {
  return {
    id: String(row.id),
    reviewId: `${String(row.review_source)}|${String(row.review_external_id)}`,
    agentId: String(row.agent_id),
    openedBy: String(row.opened_by),
    reason: String(row.reason ?? ''),
    categoryId: text(row.category_id),
    status: String(row.status) as DisputeStatus,
    resolvedBy: text(row.resolved_by),
    resolution: text(row.resolution),
    scoreBefore: row.score_before === null ? null : Number(row.score_before),
    scoreAfter: row.score_after === null ? null : Number(row.score_after),
    openedAt: isoInstant(row.opened_at) ?? '',
    resolvedAt: isoInstant(row.resolved_at),
  };
}

function toRating(row: Row): RatingView {
  return {
    categoryId: String(row.category_id),
    categoryName: text(row.category_name),
    groupId: text(row.group_id),
    rating: row.rating === null ? null : Number(row.rating),
    scaleMin: Number(row.scale_min),
    scaleMax: Number(row.scale_max),
    weight: Number(row.weight),
    critical: Boolean(row.critical),
    passMark: Number(row.pass_mark),
    categoryScore: row.category_score === null ? null : Number(row.category_score),
    criticalFailed: Boolean(row.critical_failed),
    comment: text(row.comment),
    quote: text(row.quote),
    rootCauses: row.root_causes === null ? [] : String(row.root_causes).split('|').filter(Boolean),
  };
}

/** A review with its ratings and its open (else latest) dispute. Callers check who may see it. */
export async function getReview(engine: Engine, id: string): Promise<ReviewView | null> {
  const key = splitReviewId(id);
  if (key === null) return null;
  const p = engine.dialect.placeholder;
  const [row] = await engine.all(
    `SELECT v.source, v.external_id, v.contact_source, v.contact_external_id, v.agent_id, v.reviewer_id,
       COALESCE(v.kind, 'review') AS kind, v.scorecard_id, v.scorecard_version, v.calibration_session_id,
       CAST(v.reviewed_at AS VARCHAR) AS reviewed_at, v.comment,
       f.score, f.pass_mark, f.passed, f.critical_failed
     FROM qa_reviews v JOIN qa_review_facts f ON f.source = v.source AND f.external_id = v.external_id
     WHERE v.source = ${p(1)} AND v.external_id = ${p(2)}`,
    [key.source, key.externalId],
  );
  if (row === undefined) return null;
  const ratings = await engine.all(
    `SELECT r.category_id, r.category_name, r.group_id, r.rating, r.scale_min, r.scale_max,
       COALESCE(r.weight, 1) AS weight, COALESCE(r.critical, FALSE) AS critical,
       COALESCE(r.pass_mark, 0.5) AS pass_mark, r.comment, r.quote, r.root_causes,
       f.category_score, f.critical_failed
     FROM qa_ratings r JOIN qa_rating_facts f
       ON f.review_key = r.source || '|' || r.review_external_id AND f.category_id = r.category_id
     WHERE r.source = ${p(1)} AND r.review_external_id = ${p(2)}
     ORDER BY r.category_id`,
    [key.source, key.externalId],
  );
  const [dispute] = await engine.all(
    `SELECT id, review_source, review_external_id, agent_id, opened_by, reason, category_id, status, resolved_by,
       resolution, score_before, score_after, CAST(opened_at AS VARCHAR) AS opened_at,
       CAST(resolved_at AS VARCHAR) AS resolved_at
     FROM qa_disputes WHERE review_source = ${p(1)} AND review_external_id = ${p(2)}
     ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, opened_at DESC, id LIMIT 1`,
    [key.source, key.externalId],
  );
  return {
    id: `${String(row.source)}|${String(row.external_id)}`,
    source: String(row.source),
    externalId: String(row.external_id),
    contact: { source: String(row.contact_source), externalId: String(row.contact_external_id) },
    agentId: String(row.agent_id),
    reviewerId: String(row.reviewer_id),
    kind: String(row.kind) as QaReviewKind,
    scorecardId: text(row.scorecard_id),
    scorecardVersion: row.scorecard_version === null ? null : Number(row.scorecard_version),
    calibrationSessionId: text(row.calibration_session_id),
    reviewedAt: isoInstant(row.reviewed_at) ?? '',
    score: row.score === null ? null : Number(row.score),
    passMark: Number(row.pass_mark),
    passed: Boolean(row.passed),
    criticalFailed: Boolean(row.critical_failed),
    comment: text(row.comment),
    ratings: ratings.map(toRating),
    dispute: dispute === undefined ? null : toDispute(dispute),
  };
}

export interface ReviewFilter {
  agentIds?: string[];
  reviewerId?: string;
  contact?: ContactRef;
  scorecardId?: string;
  kind?: QaReviewKind;
  from?: Date;
  to?: Date;
  disputed?: boolean;
  /**
   * Blind calibration: leaves out the calibration reviews of sessions still open that this user did
   * not give, so that the page and the total agree on what the caller may see.
   */
  hideOthersOpenCalibrationOf?: string;
  /** Leaves out every calibration review this user did not give, whatever its session's state. */
  hideOthersCalibrationOf?: string;
  limit: number;
  offset: number;
}

/** Reviews matching every filter given, newest first, with how many match in all. */
export async function listReviews(
  engine: Engine,
  filter: ReviewFilter,
): Promise<{ reviews: ReviewSummary[]; total: number }> {
  const p = engine.dialect.placeholder;
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return p(params.length);
  };
  if (filter.agentIds !== undefined) {
    if (filter.agentIds.length === 0) return { reviews: [], total: 0 };
    where.push(`f.agent_id IN (${filter.agentIds.map(bind).join(', ')})`);
  }
  if (filter.reviewerId !== undefined) where.push(`f.reviewer_id = ${bind(filter.reviewerId)}`);
  if (filter.contact !== undefined)
    where.push(`f.contact_key = ${bind(`${filter.contact.source}|${filter.contact.externalId}`)}`);
  if (filter.scorecardId !== undefined) where.push(`f.scorecard_id = ${bind(filter.scorecardId)}`);
  if (filter.kind !== undefined) where.push(`f.kind = ${bind(filter.kind)}`);
  if (filter.from !== undefined)
    where.push(`f.reviewed_at >= CAST(${bind(sqlInstant(filter.from))} AS TIMESTAMP)`);
  if (filter.to !== undefined)
    where.push(`f.reviewed_at < CAST(${bind(sqlInstant(filter.to))} AS TIMESTAMP)`);
  if (filter.disputed !== undefined) where.push(filter.disputed ? 'f.disputed' : 'NOT f.disputed');
  if (filter.hideOthersCalibrationOf !== undefined)
    where.push(`NOT (f.kind = 'calibration' AND f.reviewer_id <> ${bind(filter.hideOthersCalibrationOf)})`);
  if (filter.hideOthersOpenCalibrationOf !== undefined)
    where.push(
      `NOT (f.kind = 'calibration' AND f.reviewer_id <> ${bind(filter.hideOthersOpenCalibrationOf)}
        AND EXISTS (SELECT 1 FROM qa_calibration_sessions s
          WHERE s.id = f.calibration_session_id AND s.status = 'open'))`,
    );
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const [counted] = await engine.all(`SELECT count(*) AS n FROM qa_review_facts f ${clause}`, params);
  const rows = await engine.all(
    `SELECT f.source, f.external_id, f.contact_key, f.agent_id, f.reviewer_id, f.kind, f.scorecard_id,
       CAST(f.reviewed_at AS VARCHAR) AS reviewed_at, f.score, f.passed, f.critical_failed, f.disputed, f.channel,
       v.contact_source, v.contact_external_id
     FROM qa_review_facts f JOIN qa_reviews v ON v.source = f.source AND v.external_id = f.external_id
     ${clause}
     ORDER BY f.reviewed_at DESC, f.source, f.external_id
     LIMIT ${Math.max(0, Math.trunc(filter.limit))} OFFSET ${Math.max(0, Math.trunc(filter.offset))}`,
    params,
  );
  return {
    total: Number(counted?.n ?? 0),
    reviews: rows.map((row) => ({
      id: `${String(row.source)}|${String(row.external_id)}`,
      contact: { source: String(row.contact_source), externalId: String(row.contact_external_id) },
      agentId: String(row.agent_id),
      reviewerId: String(row.reviewer_id),
      kind: String(row.kind) as QaReviewKind,
      scorecardId: text(row.scorecard_id),
      reviewedAt: isoInstant(row.reviewed_at) ?? '',
      score: row.score === null ? null : Number(row.score),
      passed: Boolean(row.passed),
      criticalFailed: Boolean(row.critical_failed),
      disputed: Boolean(row.disputed),
      channel: text(row.channel) as Channel | null,
    })),
  };
}

/**
 * Changes a review's ratings or comment (a dispute accepted): the ratings given replace those of
 * the same categories, and the whole is checked again against the review's scorecard version. The
 * id, reviewer and time of the review stay.
 */
export async function reviseReview(
  engine: Engine,
  id: string,
  changes: { ratings?: ReviewInput['ratings']; comment?: string | null },
  by: string | null,
  now: Date,
): Promise<Result<ReviewView, QaProblem>> {
  const current = await getReview(engine, id);
  if (current === null) return err({ kind: 'not_found', what: `review ${id}` });
  if (typeof changes.comment === 'string' && changes.comment.length > COMMENT_LIMIT)
    return err({
      kind: 'invalid',
      issues: [{ path: 'comment', message: `at most ${COMMENT_LIMIT} characters` }],
    });
  const p = engine.dialect.placeholder;
  let merged: RatingInput[] | null = null;
  let definition: ScorecardDefinition | null = null;
  if (changes.ratings !== undefined) {
    if (current.scorecardId === null || current.scorecardVersion === null)
      return err({
        kind: 'conflict',
        reason: `review ${id} was imported without a scorecard; its ratings stay`,
      });
    definition = await scorecardVersion(engine, current.scorecardId, current.scorecardVersion);
    if (definition === null)
      return err({
        kind: 'not_found',
        what: `scorecard ${current.scorecardId} version ${current.scorecardVersion}`,
      });
    const changed = new Map(changes.ratings.map((r) => [r.categoryId, r]));
    const unknown = changes.ratings.flatMap((r, i) =>
      definition?.categories.some((c) => c.id === r.categoryId)
        ? []
        : [{ path: `ratings.${i}.categoryId`, message: `the scorecard has no category ${r.categoryId}` }],
    );
    if (unknown.length > 0) return err({ kind: 'invalid', issues: unknown });
    merged = current.ratings.map(
      (r) =>
        changed.get(r.categoryId) ?? {
          categoryId: r.categoryId,
          rating: r.rating,
          comment: r.comment,
          quote: r.quote,
          rootCauses: r.rootCauses,
        },
    );
    for (const r of changes.ratings) if (!merged.some((m) => m.categoryId === r.categoryId)) merged.push(r);
    const issues = checkRatings(definition, merged);
    if (issues.length > 0) return err({ kind: 'invalid', issues });
  }
  await engine.transaction(async () => {
    if (merged !== null && definition !== null) {
      await engine.run(`DELETE FROM qa_ratings WHERE source = ${p(1)} AND review_external_id = ${p(2)}`, [
        current.source,
        current.externalId,
      ]);
      await writeRatings(engine, current.source, current.externalId, definition, merged);
    }
    if (changes.comment !== undefined)
      await engine.run(
        `UPDATE qa_reviews SET comment = ${p(1)} WHERE source = ${p(2)} AND external_id = ${p(3)}`,
        [changes.comment, current.source, current.externalId],
      );
    await recordAudit(
      engine,
      {
        action: 'qa.review.revised',
        userId: by,
        target: id,
        detail: {
          scoreBefore: current.score,
          categories: (changes.ratings ?? []).map((r) => r.categoryId),
          comment: changes.comment !== undefined,
        },
      },
      now,
    );
  });
  const view = await getReview(engine, id);
  if (view === null) throw new Error(`review ${id} was revised but cannot be read`);
  return ok(view);
}
