/**
 * Disputes: the reviewed agent contests a review with a reason (and, if they like, the category
 * they contest); a manager who did not give the review accepts it, changing the ratings, or
 * rejects it. The score before and after come from qa_review_facts, the one place a review is
 * scored. Every step is written to the audit trail.
 */
import { randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, recordAudit, sqlInstant } from '../audit.js';
import {
  DISPUTE_STATUSES,
  type DisputeStatus,
  type DisputeView,
  type QaActor,
  type QaProblem,
  type ReviewInput,
} from './contract.js';
import { reviseReview, splitReviewId } from './reviews.js';

const TEXT_LIMIT = 2000;
const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function disputeView(row: Row): DisputeView {
  return {
    id: String(row.id),
    reviewId: `${String(row.review_source)}|${String(row.review_external_id)}`,
    agentId: String(row.agent_id),
    openedBy: String(row.opened_by),
    reason: String(row.reason),
    categoryId: s(row.category_id),
    status: String(row.status) as DisputeStatus,
    resolvedBy: s(row.resolved_by),
    resolution: s(row.resolution),
    scoreBefore: n(row.score_before),
    scoreAfter: n(row.score_after),
    openedAt: isoInstant(row.opened_at) ?? '',
    resolvedAt: isoInstant(row.resolved_at),
  };
}

const DISPUTE_COLUMNS = `d.id, d.review_source, d.review_external_id, d.agent_id, d.opened_by, d.reason, d.category_id,
  d.status, d.resolved_by, d.resolution, d.score_before, d.score_after,
  CAST(d.opened_at AS VARCHAR) AS opened_at, CAST(d.resolved_at AS VARCHAR) AS resolved_at`;

const invalid = (path: string, message: string): QaProblem => ({
  kind: 'invalid',
  issues: [{ path, message }],
});

function checkText(path: string, value: unknown): Result<string, QaProblem> {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || text.length > TEXT_LIMIT)
    return err(invalid(path, `must be 1 to ${TEXT_LIMIT} characters`));
  return ok(text);
}

interface ReviewFacts {
  source: string;
  externalId: string;
  agentId: string;
  reviewerId: string;
  kind: string;
  score: number | null;
}

async function reviewFacts(engine: Engine, reviewId: string): Promise<ReviewFacts | null> {
  const key = splitReviewId(reviewId);
  if (key === null) return null;
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT source, external_id, agent_id, reviewer_id, kind, score FROM qa_review_facts
     WHERE source = ${p(1)} AND external_id = ${p(2)}`,
    [key.source, key.externalId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    source: String(row.source),
    externalId: String(row.external_id),
    agentId: String(row.agent_id),
    reviewerId: String(row.reviewer_id),
    kind: String(row.kind),
    score: n(row.score),
  };
}

export async function getDispute(engine: Engine, id: string): Promise<DisputeView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT ${DISPUTE_COLUMNS} FROM qa_disputes d WHERE d.id = ${p(1)}`, [id]);
  return rows[0] ? disputeView(rows[0]) : null;
}

/** Opens a dispute: only the reviewed agent, one open dispute per review, never of a calibration review. */
export async function openDispute(
  engine: Engine,
  actor: QaActor,
  reviewId: string,
  input: { reason: string; categoryId?: string | null },
  now: Date,
): Promise<Result<DisputeView, QaProblem>> {
  const review = await reviewFacts(engine, reviewId);
  if (review === null) return err({ kind: 'not_found', what: `review ${reviewId}` });
  if (actor.agentId === null || actor.agentId !== review.agentId)
    return err({ kind: 'forbidden', reason: 'only the reviewed agent disputes a review' });
  if (actor.userId === review.reviewerId)
    return err({ kind: 'forbidden', reason: 'a review of your own is changed, not disputed' });
  if (review.kind === 'calibration')
    return err({ kind: 'conflict', reason: 'a calibration review counts in no score and is not disputed' });
  const reason = checkText('reason', input.reason);
  if (!reason.ok) return reason;
  const p = engine.dialect.placeholder;
  const categoryId = input.categoryId ?? null;
  if (categoryId !== null) {
    const rated = await engine.all(
      `SELECT 1 AS x FROM qa_ratings WHERE source = ${p(1)} AND review_external_id = ${p(2)} AND category_id = ${p(3)}`,
      [review.source, review.externalId, categoryId],
    );
    if (rated.length === 0) return err(invalid('categoryId', `the review rates no category ${categoryId}`));
  }
  const id = randomBytes(6).toString('hex');
  const opened = await engine.transaction(async () => {
    const open = await engine.all(
      `SELECT id FROM qa_disputes WHERE review_source = ${p(1)} AND review_external_id = ${p(2)} AND status = 'open'`,
      [review.source, review.externalId],
    );
    if (open.length > 0) return false;
    await engine.run(
      `INSERT INTO qa_disputes (id, review_source, review_external_id, agent_id, opened_by, reason, category_id, status,
         score_before, opened_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, 'open', ${p(8)}, CAST(${p(9)} AS TIMESTAMP))`,
      [
        id,
        review.source,
        review.externalId,
        review.agentId,
        actor.userId,
        reason.data,
        categoryId,
        review.score,
        sqlInstant(now),
      ],
    );
    await recordAudit(
      engine,
      {
        action: 'qa.dispute.open',
        userId: actor.userId,
        target: reviewId,
        detail: { disputeId: id, categoryId },
      },
      now,
    );
    return true;
  });
  if (!opened) return err({ kind: 'conflict', reason: `review ${reviewId} is disputed already` });
  return ok((await getDispute(engine, id)) as DisputeView);
}

/**
 * Accepts or rejects an open dispute. Accepting with ratings revises the review (its score changes
 * at once); the agent who disputed never resolves, nor the reviewer who gave the review unless an
 * admin. Only managers and admins resolve.
 */
export async function resolveDispute(
  engine: Engine,
  actor: QaActor,
  disputeId: string,
  input: { accept: boolean; resolution: string; ratings?: ReviewInput['ratings'] },
  now: Date,
): Promise<Result<DisputeView, QaProblem>> {
  const dispute = await getDispute(engine, disputeId);
  if (dispute === null) return err({ kind: 'not_found', what: `dispute ${disputeId}` });
  const review = await reviewFacts(engine, dispute.reviewId);
  if (review === null) return err({ kind: 'not_found', what: `review ${dispute.reviewId}` });
  if (actor.role !== 'admin' && actor.role !== 'manager')
    return err({ kind: 'forbidden', reason: 'a manager or an admin resolves a dispute' });
  if (actor.userId === dispute.openedBy || (actor.agentId !== null && actor.agentId === dispute.agentId))
    return err({ kind: 'forbidden', reason: 'the agent who disputed a review does not resolve it' });
  if (actor.userId === review.reviewerId && actor.role !== 'admin')
    return err({
      kind: 'forbidden',
      reason: 'the reviewer of a disputed review does not resolve it; another manager does',
    });
  if (dispute.status !== 'open')
    return err({ kind: 'conflict', reason: `dispute ${disputeId} is ${dispute.status}` });
  const resolution = checkText('resolution', input.resolution);
  if (!resolution.ok) return resolution;
  if (typeof input.accept !== 'boolean') return err(invalid('accept', 'must be true or false'));
  if (!input.accept && input.ratings !== undefined)
    return err(invalid('ratings', 'a rejected dispute changes no rating'));
  if (input.accept && input.ratings !== undefined && input.ratings.length > 0) {
    const revised = await reviseReview(
      engine,
      dispute.reviewId,
      { ratings: input.ratings },
      actor.userId,
      now,
    );
    if (!revised.ok) return revised;
  }
  const after = await reviewFacts(engine, dispute.reviewId);
  const status: DisputeStatus = input.accept ? 'accepted' : 'rejected';
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(
      `UPDATE qa_disputes SET status = ${p(1)}, resolved_by = ${p(2)}, resolution = ${p(3)}, score_after = ${p(4)},
         resolved_at = CAST(${p(5)} AS TIMESTAMP) WHERE id = ${p(6)}`,
      [status, actor.userId, resolution.data, after?.score ?? null, sqlInstant(now), disputeId],
    );
    await recordAudit(
      engine,
      {
        action: input.accept ? 'qa.dispute.accept' : 'qa.dispute.reject',
        userId: actor.userId,
        target: dispute.reviewId,
        detail: {
          disputeId,
          scoreBefore: dispute.scoreBefore,
          scoreAfter: after?.score ?? null,
          categories: (input.ratings ?? []).map((r) => r.categoryId),
        },
      },
      now,
    );
  });
  return ok((await getDispute(engine, disputeId)) as DisputeView);
}

/** Disputes, the newest first. */
export async function listDisputes(
  engine: Engine,
  filter: { agentId?: string; status?: DisputeStatus; reviewerId?: string },
): Promise<DisputeView[]> {
  if (filter.status !== undefined && !(DISPUTE_STATUSES as readonly string[]).includes(filter.status))
    throw new Error(`listDisputes: unknown status ${filter.status}`);
  const p = engine.dialect.placeholder;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = ${p(params.length)}`);
  };
  add('d.agent_id', filter.agentId);
  add('d.status', filter.status);
  add('v.reviewer_id', filter.reviewerId);
  const rows = await engine.all(
    `SELECT ${DISPUTE_COLUMNS} FROM qa_disputes d
     LEFT JOIN qa_reviews v ON v.source = d.review_source AND v.external_id = d.review_external_id
     ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
     ORDER BY d.opened_at DESC, d.id`,
    params,
  );
  return rows.map(disputeView);
}
