import { describe, expect, test } from 'vitest';
import { insertSampleReview, withQaData } from '../../../test/support/qa-sample-data.js';
import type { Engine } from '../../core/engine.js';
import type { QaActor } from './contract.js';
import { getDispute, listDisputes, openDispute, resolveDispute } from './disputes.js';
import { getReview, submitReview } from './reviews.js';
import { createScorecard } from './scorecards.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const LATER = new Date('2026-03-11T09:00:00Z');
const LEAD: QaActor = { userId: 'u-lead', role: 'manager', agentId: null };
const QA: QaActor = { userId: 'u-qa', role: 'manager', agentId: null };
const BOB: QaActor = { userId: 'u-bob', role: 'agent', agentId: 'bob' };
const ANN: QaActor = { userId: 'u-ann', role: 'agent', agentId: 'ann' };
const VIEWER: QaActor = { userId: 'u-view', role: 'viewer', agentId: null };

/** Scorecard support (accuracy pass/fail, solution 1–5, tone 1–3) and u-lead's review of bob's b1: 0.75. */
async function withReview<T>(work: (db: Engine, reviewId: string) => Promise<T>): Promise<T> {
  return withQaData(async (db) => {
    const scorecard = await createScorecard(
      db,
      {
        id: 'support',
        definition: {
          name: 'Support',
          categories: [
            {
              id: 'accuracy',
              name: 'Accuracy',
              scale: 'pass_fail',
              critical: true,
              allowNotApplicable: false,
            },
            { id: 'solution', name: 'Solution', scale: '1-5' },
            { id: 'tone', name: 'Tone', scale: '1-3' },
          ],
        },
      },
      'u-lead',
      NOW,
    );
    if (!scorecard.ok) throw new Error(JSON.stringify(scorecard.error));
    const review = await submitReview(
      db,
      LEAD,
      {
        contact: { source: 'helpdesk', externalId: 'b1' },
        scorecardId: 'support',
        ratings: [
          { categoryId: 'accuracy', rating: 1 },
          { categoryId: 'solution', rating: 2 },
          { categoryId: 'tone', rating: 3 },
        ],
      },
      NOW,
    );
    if (!review.ok) throw new Error(JSON.stringify(review.error));
    expect(review.data.score).toBeCloseTo(0.75, 12);
    return work(db, review.data.id);
  });
}

async function disputeTrail(db: Engine) {
  const rows = await db.all(
    "SELECT action, user_id, target FROM audit_log WHERE action LIKE 'qa.dispute.%' ORDER BY id",
  );
  return rows.map((r) => [r.action, r.user_id, r.target]);
}

describe('a dispute', () => {
  test('is opened by the reviewed agent, once, with a reason and the category contested', async () => {
    await withReview(async (db, reviewId) => {
      expect(await openDispute(db, ANN, reviewId, { reason: 'not mine' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await openDispute(db, VIEWER, reviewId, { reason: 'x' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await openDispute(db, BOB, reviewId, { reason: '  ' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'invalid', issues: [{ path: 'reason' }] },
      });
      expect(await openDispute(db, BOB, reviewId, { reason: 'x', categoryId: 'empathy' }, NOW)).toMatchObject(
        {
          ok: false,
          error: {
            kind: 'invalid',
            issues: [{ path: 'categoryId', message: 'the review rates no category empathy' }],
          },
        },
      );
      expect(await openDispute(db, BOB, 'servicemeter|nope', { reason: 'x' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
      const opened = await openDispute(
        db,
        BOB,
        reviewId,
        { reason: 'I sent the return label in my second reply', categoryId: 'solution' },
        NOW,
      );
      expect(opened).toMatchObject({
        ok: true,
        data: {
          reviewId,
          agentId: 'bob',
          openedBy: 'u-bob',
          categoryId: 'solution',
          status: 'open',
          scoreBefore: 0.75,
          scoreAfter: null,
          openedAt: '2026-03-10T09:00:00Z',
          resolvedAt: null,
        },
      });
      expect(await openDispute(db, BOB, reviewId, { reason: 'again' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect((await getReview(db, reviewId))?.dispute?.status).toBe('open');
      const disputed = await db.all('SELECT disputed FROM qa_review_facts');
      expect(disputed[0]?.disputed).toBe(true);
      expect(await disputeTrail(db)).toEqual([['qa.dispute.open', 'u-bob', reviewId]]);
    });
  });

  test('accepted by another manager with new ratings changes the score; each step is audited', async () => {
    await withReview(async (db, reviewId) => {
      const opened = await openDispute(
        db,
        BOB,
        reviewId,
        { reason: 'label sent', categoryId: 'solution' },
        NOW,
      );
      if (!opened.ok) throw new Error(JSON.stringify(opened.error));
      const id = opened.data.id;
      const accept = {
        accept: true,
        resolution: 'Right: the label was sent',
        ratings: [{ categoryId: 'solution', rating: 4 }],
      };
      expect(await resolveDispute(db, BOB, id, accept, LATER)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await resolveDispute(db, LEAD, id, accept, LATER)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await resolveDispute(db, VIEWER, id, accept, LATER)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(
        await resolveDispute(
          db,
          QA,
          id,
          { ...accept, ratings: [{ categoryId: 'solution', rating: 9 }] },
          LATER,
        ),
      ).toMatchObject({ ok: false, error: { kind: 'invalid' } });
      expect((await getDispute(db, id))?.status).toBe('open');
      const resolved = await resolveDispute(db, QA, id, accept, LATER);
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
      expect(resolved.data).toMatchObject({
        status: 'accepted',
        resolvedBy: 'u-qa',
        resolution: 'Right: the label was sent',
        scoreBefore: 0.75,
        resolvedAt: '2026-03-11T09:00:00Z',
      });
      // (1 + 0.75 + 1) ÷ 3.
      expect(resolved.data.scoreAfter).toBeCloseTo(2.75 / 3, 12);
      const review = await getReview(db, reviewId);
      expect(review?.score).toBeCloseTo(2.75 / 3, 12);
      expect(review?.reviewerId).toBe('u-lead');
      expect(await resolveDispute(db, QA, id, accept, LATER)).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect(await disputeTrail(db)).toEqual([
        ['qa.dispute.open', 'u-bob', reviewId],
        ['qa.dispute.accept', 'u-qa', reviewId],
      ]);
      // Resolved, the review may be disputed again.
      expect((await openDispute(db, BOB, reviewId, { reason: 'tone too' }, LATER)).ok).toBe(true);
    });
  });

  test('rejected, the score stays; the reviewer resolves only as an admin', async () => {
    await withReview(async (db, reviewId) => {
      const opened = await openDispute(db, BOB, reviewId, { reason: 'unfair' }, NOW);
      if (!opened.ok) throw new Error(JSON.stringify(opened.error));
      expect(
        await resolveDispute(db, QA, opened.data.id, { accept: false, resolution: 'no', ratings: [] }, LATER),
      ).toMatchObject({ ok: false, error: { kind: 'invalid', issues: [{ path: 'ratings' }] } });
      const admin: QaActor = { ...LEAD, role: 'admin' };
      const rejected = await resolveDispute(
        db,
        admin,
        opened.data.id,
        { accept: false, resolution: 'The label came a day late' },
        LATER,
      );
      expect(rejected).toMatchObject({
        ok: true,
        data: { status: 'rejected', scoreBefore: 0.75, scoreAfter: 0.75 },
      });
      expect((await getReview(db, reviewId))?.score).toBeCloseTo(0.75, 12);
      expect(await disputeTrail(db)).toEqual([
        ['qa.dispute.open', 'u-bob', reviewId],
        ['qa.dispute.reject', 'u-lead', reviewId],
      ]);
    });
  });

  test('is listed by agent, status and reviewer; a calibration review is not disputed', async () => {
    await withReview(async (db, reviewId) => {
      await insertSampleReview(db, {
        id: 'cal-1',
        contact: 'b2',
        agentId: 'bob',
        reviewerId: 'u-qa',
        kind: 'calibration',
        calibrationSessionId: 's1',
        reviewedAt: '2026-03-10T08:00:00Z',
        ratings: [{ categoryId: 'tone', rating: 1 }],
      });
      expect(await openDispute(db, BOB, 'servicemeter|cal-1', { reason: 'x' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      const opened = await openDispute(db, BOB, reviewId, { reason: 'unfair' }, NOW);
      if (!opened.ok) throw new Error(JSON.stringify(opened.error));
      expect((await listDisputes(db, {})).map((d) => d.id)).toEqual([opened.data.id]);
      expect(await listDisputes(db, { agentId: 'bob', status: 'open', reviewerId: 'u-lead' })).toHaveLength(
        1,
      );
      expect(await listDisputes(db, { agentId: 'ann' })).toEqual([]);
      expect(await listDisputes(db, { reviewerId: 'u-qa' })).toEqual([]);
      expect(await listDisputes(db, { status: 'accepted' })).toEqual([]);
    });
  });
});
