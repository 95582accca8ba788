/**
 * Calibration sessions: the same conversations put before several reviewers, blind, with one
 * scorecard version. Each reviewer gets a calibration assignment per conversation; their reviews
 * (kind calibration) never count in IQS. Afterwards the ratings are compared per category and
 * overall with percentage agreement and Krippendorff's alpha for ordinal data, and each reviewer's
 * category scores with those of the reference reviewer. A closed session takes no more reviews.
 */
import { randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { type AgreementUnit, krippendorffAlphaOrdinal, percentAgreement } from '../../core/qa/agreement.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { contactAgent, insertAssignments, type NewAssignment } from './assignments.js';
import type { CalibrationResult, CalibrationSessionView, ContactRef, QaProblem } from './contract.js';
import { getScorecard, scorecardVersion } from './scorecards.js';

const s = (v: unknown) => (v === null || v === undefined ? null : String(v));

function parseList<T>(text: unknown): T[] {
  try {
    const value: unknown = JSON.parse(String(text));
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

function sessionView(row: Row): CalibrationSessionView {
  return {
    id: String(row.id),
    name: String(row.name),
    scorecardId: String(row.scorecard_id),
    scorecardVersion: Number(row.scorecard_version),
    referenceReviewerId: s(row.reference_reviewer_id),
    reviewers: parseList<string>(row.reviewers),
    contacts: parseList<ContactRef>(row.contacts),
    status: row.status === 'closed' ? 'closed' : 'open',
    dueAt: isoInstant(row.due_at),
    createdBy: s(row.created_by),
    createdAt: isoInstant(row.created_at) ?? '',
    closedAt: isoInstant(row.closed_at),
  };
}

const SESSION_COLUMNS = `id, name, scorecard_id, scorecard_version, reference_reviewer_id, reviewers, contacts, status,
  CAST(due_at AS VARCHAR) AS due_at, created_by, CAST(created_at AS VARCHAR) AS created_at,
  CAST(closed_at AS VARCHAR) AS closed_at`;

export async function listCalibrationSessions(engine: Engine): Promise<CalibrationSessionView[]> {
  const rows = await engine.all(
    `SELECT ${SESSION_COLUMNS} FROM qa_calibration_sessions ORDER BY created_at DESC, id`,
  );
  return rows.map(sessionView);
}

export async function getCalibrationSession(
  engine: Engine,
  id: string,
): Promise<CalibrationSessionView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT ${SESSION_COLUMNS} FROM qa_calibration_sessions WHERE id = ${p(1)}`, [
    id,
  ]);
  return rows[0] ? sessionView(rows[0]) : null;
}

/** Whether the session exists and still takes reviews. */
export async function calibrationOpen(engine: Engine, sessionId: string): Promise<boolean> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT status FROM qa_calibration_sessions WHERE id = ${p(1)}`, [sessionId]);
  return rows[0]?.status === 'open';
}

export interface CalibrationSessionInput {
  name: string;
  scorecardId: string;
  reviewers: string[];
  contacts: ContactRef[];
  referenceReviewerId?: string | null;
  dueAt?: Date | null;
}

/** Opens a session with the scorecard's current version and one calibration assignment per reviewer and contact. */
export async function createCalibrationSession(
  engine: Engine,
  input: CalibrationSessionInput,
  by: string | null,
  now: Date,
): Promise<Result<CalibrationSessionView, QaProblem>> {
  const issues: { path: string; message: string }[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '' || name.length > 200) issues.push({ path: 'name', message: 'must be 1 to 200 characters' });
  const reviewers = input.reviewers.map((r) => r.trim());
  if (reviewers.length < 2)
    issues.push({ path: 'reviewers', message: 'a calibration needs at least two reviewers' });
  reviewers.forEach((reviewer, i) => {
    if (reviewer === '') issues.push({ path: `reviewers.${i}`, message: 'must be a user id' });
    else if (reviewers.indexOf(reviewer) !== i)
      issues.push({ path: `reviewers.${i}`, message: `${reviewer} is named twice` });
  });
  const reference = input.referenceReviewerId ?? null;
  if (reference !== null && !reviewers.includes(reference))
    issues.push({ path: 'referenceReviewerId', message: 'must be one of the reviewers' });
  if (input.contacts.length === 0 || input.contacts.length > 200)
    issues.push({ path: 'contacts', message: 'name 1 to 200 conversations' });
  if (input.dueAt && Number.isNaN(input.dueAt.getTime()))
    issues.push({ path: 'dueAt', message: 'is not a date' });
  const agents: string[] = [];
  const seen = new Set<string>();
  for (const [i, contact] of input.contacts.entries()) {
    const key = `${contact.source}|${contact.externalId}`;
    if (seen.has(key)) {
      issues.push({ path: `contacts.${i}`, message: `${key} is named twice` });
      continue;
    }
    seen.add(key);
    const found = await contactAgent(engine, contact);
    if (found === null) issues.push({ path: `contacts.${i}`, message: `there is no contact ${key}` });
    else if (found.agentId === null)
      issues.push({ path: `contacts.${i}`, message: `contact ${key} has no agent` });
    else agents.push(found.agentId);
  }
  const scorecard = await getScorecard(engine, input.scorecardId);
  if (scorecard === null)
    issues.push({ path: 'scorecardId', message: `there is no scorecard ${input.scorecardId}` });
  else if (scorecard.status === 'archived')
    issues.push({ path: 'scorecardId', message: `scorecard ${input.scorecardId} is archived` });
  if (issues.length > 0 || scorecard === null) return err({ kind: 'invalid', issues });
  const id = randomBytes(5).toString('hex');
  const p = engine.dialect.placeholder;
  const contacts = input.contacts.map((c) => ({ source: c.source, externalId: c.externalId }));
  await engine.transaction(async () => {
    await engine.run(
      `INSERT INTO qa_calibration_sessions (id, name, scorecard_id, scorecard_version, reference_reviewer_id, reviewers,
         contacts, status, due_at, created_by, created_at, closed_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, 'open', CAST(${p(8)} AS TIMESTAMP), ${p(9)},
         CAST(${p(10)} AS TIMESTAMP), NULL)`,
      [
        id,
        name,
        scorecard.id,
        scorecard.version,
        reference,
        JSON.stringify(reviewers),
        JSON.stringify(contacts),
        input.dueAt ? sqlInstant(input.dueAt) : null,
        by,
        sqlInstant(now),
      ],
    );
    const assignments: NewAssignment[] = reviewers.flatMap((reviewerId) =>
      contacts.map((contact, i) => ({
        contact,
        agentId: agents[i] as string,
        reviewerId,
        scorecardId: scorecard.id,
        kind: 'calibration' as const,
        calibrationSessionId: id,
        dueAt: input.dueAt ?? null,
      })),
    );
    await insertAssignments(engine, assignments, now);
  });
  return ok((await getCalibrationSession(engine, id)) as CalibrationSessionView);
}

/** Closes a session: it takes no more reviews, and the assignments still open are skipped. */
export async function closeCalibrationSession(
  engine: Engine,
  id: string,
  now: Date,
): Promise<Result<CalibrationSessionView, QaProblem>> {
  const session = await getCalibrationSession(engine, id);
  if (session === null) return err({ kind: 'not_found', what: `calibration session ${id}` });
  if (session.status === 'closed')
    return err({ kind: 'conflict', reason: `calibration session ${id} is closed` });
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  await engine.transaction(async () => {
    await engine.run(
      `UPDATE qa_calibration_sessions SET status = 'closed', closed_at = CAST(${p(1)} AS TIMESTAMP) WHERE id = ${p(2)}`,
      [at, id],
    );
    await engine.run(
      `UPDATE qa_assignments SET status = 'skipped', updated_at = CAST(${p(1)} AS TIMESTAMP)
       WHERE calibration_session_id = ${p(2)} AND status = 'open'`,
      [at, id],
    );
  });
  return ok((await getCalibrationSession(engine, id)) as CalibrationSessionView);
}

interface CalibrationRating {
  contactKey: string;
  categoryId: string;
  categoryName: string | null;
  reviewerId: string;
  rating: number | null;
  categoryScore: number | null;
}

/** The value of each reviewer in `reviewers` order for the items `keys`, null where they gave none. */
function unitsOf(
  ratings: readonly CalibrationRating[],
  reviewers: readonly string[],
  itemKey: (r: CalibrationRating) => string,
  value: (r: CalibrationRating) => number | null,
): AgreementUnit[] {
  const items = new Map<string, (number | null)[]>();
  for (const r of ratings) {
    const unit = items.get(itemKey(r)) ?? reviewers.map(() => null);
    unit[reviewers.indexOf(r.reviewerId)] = value(r);
    items.set(itemKey(r), unit);
  }
  return [...items.values()];
}

/**
 * The comparison of a session's calibration reviews (callers decide who may see it while open).
 * Not applicable counts as no value. Overall compares the category scores (0–1) of every category,
 * so categories on different scales are compared alike.
 */
export async function calibrationResult(engine: Engine, id: string): Promise<CalibrationResult | null> {
  const session = await getCalibrationSession(engine, id);
  if (session === null) return null;
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT contact_key, category_id, category_name, reviewer_id, rating, category_score FROM qa_rating_facts
     WHERE kind = 'calibration' AND calibration_session_id = ${p(1)}
     ORDER BY contact_key, category_id, reviewer_id`,
    [id],
  );
  const ratings: CalibrationRating[] = rows.map((r) => ({
    contactKey: String(r.contact_key),
    categoryId: String(r.category_id),
    categoryName: s(r.category_name),
    reviewerId: String(r.reviewer_id),
    rating: r.rating === null ? null : Number(r.rating),
    categoryScore: r.category_score === null ? null : Number(r.category_score),
  }));
  const reviewers = [...session.reviewers];
  for (const r of ratings) if (!reviewers.includes(r.reviewerId)) reviewers.push(r.reviewerId);

  const definition = await scorecardVersion(engine, session.scorecardId, session.scorecardVersion);
  const order = definition?.categories.map((c) => c.id) ?? [];
  const categoryIds = [...new Set(ratings.map((r) => r.categoryId))].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib) || a.localeCompare(b);
  });
  const categories = categoryIds.map((categoryId) => {
    const own = ratings.filter((r) => r.categoryId === categoryId);
    const units = unitsOf(
      own,
      reviewers,
      (r) => r.contactKey,
      (r) => r.rating,
    );
    const agreement = percentAgreement(units);
    return {
      categoryId,
      name: own.find((r) => r.categoryName !== null)?.categoryName ?? null,
      pairs: agreement.pairs,
      agreement: agreement.agreement,
      alpha: krippendorffAlphaOrdinal(units),
    };
  });
  const overallUnits = unitsOf(
    ratings,
    reviewers,
    (r) => `${r.contactKey}\u0000${r.categoryId}`,
    (r) => r.categoryScore,
  );
  const overall = percentAgreement(overallUnits);

  const reviewRows = await engine.all(
    `SELECT reviewer_id, count(*) AS reviews, avg(score) AS mean_score FROM qa_review_facts
     WHERE kind = 'calibration' AND calibration_session_id = ${p(1)} GROUP BY reviewer_id`,
    [id],
  );
  const reviewStats = new Map(reviewRows.map((r) => [String(r.reviewer_id), r]));
  const reference = session.referenceReviewerId;
  const referenceScores = new Map(
    ratings
      .filter((r) => r.reviewerId === reference)
      .map((r) => [`${r.contactKey}\u0000${r.categoryId}`, r.categoryScore]),
  );
  const distance = (reviewerId: string): number | null => {
    if (reference === null || reviewerId === reference) return null;
    const differences = ratings.flatMap((r) => {
      if (r.reviewerId !== reviewerId || r.categoryScore === null) return [];
      const theirs = referenceScores.get(`${r.contactKey}\u0000${r.categoryId}`);
      return theirs === null || theirs === undefined ? [] : [Math.abs(r.categoryScore - theirs)];
    });
    return differences.length === 0 ? null : differences.reduce((sum, d) => sum + d, 0) / differences.length;
  };
  return {
    sessionId: id,
    reviews: reviewRows.reduce((sum, r) => sum + Number(r.reviews), 0),
    categories,
    overall: {
      pairs: overall.pairs,
      agreement: overall.agreement,
      alpha: krippendorffAlphaOrdinal(overallUnits),
    },
    reviewers: reviewers.map((reviewerId) => {
      const stats = reviewStats.get(reviewerId);
      return {
        reviewerId,
        reviews: stats ? Number(stats.reviews) : 0,
        distanceToReference: distance(reviewerId),
        meanScore:
          stats?.mean_score === null || stats?.mean_score === undefined ? null : Number(stats.mean_score),
      };
    }),
  };
}
