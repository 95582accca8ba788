import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import type { Engine } from '../../core/engine.js';
import { createCalibrationSession } from './calibration.js';
import type { QaActor, ReviewInput } from './contract.js';
import { getDraft, getReview, listReviews, reviseReview, saveDraft, submitReview } from './reviews.js';
import { createScorecard, updateScorecard } from './scorecards.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const LATER = new Date('2026-03-03T10:00:00Z');

const LEAD: QaActor = { userId: 'u-lead', role: 'manager', agentId: null };
const ANN: QaActor = { userId: 'u-ann', role: 'agent', agentId: 'ann' };
const VIEWER: QaActor = { userId: 'u-view', role: 'viewer', agentId: null };
const ADMIN: QaActor = { userId: 'u-admin', role: 'admin', agentId: null };

const FILES: Record<string, string> = {
  'teams.csv': 'id,name\nsupport,Support\n',
  'agents.csv': 'id,name,team_id\nann,Ann,support\nbob,Bob,support\n',
  'contacts.csv': `source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,priority,status
desk,t1,email,2026-03-01T08:00:00Z,c1,support,ann,delivery,normal,solved
desk,t2,chat,2026-03-01T09:00:00Z,c2,support,bob,returns,normal,solved
desk,t3,email,2026-03-01T10:00:00Z,c3,support,,returns,normal,solved
`,
};

/**
 * Scorecard `support`: accuracy (pass/fail, critical, no N/A), solution (1–5, weight 2), tone
 * (1–3, N/A allowed).
 */
async function withReviews<T>(work: (db: Engine) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    await mkdir(join(dir, 'files'));
    for (const [name, body] of Object.entries(FILES)) await writeFile(join(dir, 'files', name), body);
    return withDuckDb([join(dir, 'files')], async (db) => {
      const created = await createScorecard(
        db,
        {
          id: 'support',
          definition: {
            name: 'Support',
            rootCauses: ['knowledge', 'tone'],
            categories: [
              {
                id: 'accuracy',
                name: 'Accuracy',
                scale: 'pass_fail',
                critical: true,
                allowNotApplicable: false,
              },
              { id: 'solution', name: 'Solution', scale: '1-5', weight: 2 },
              { id: 'tone', name: 'Tone', scale: '1-3' },
            ],
          },
        },
        'u-lead',
        NOW,
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      return work(db);
    });
  });
}

const review = (
  externalId: string,
  ratings: ReviewInput['ratings'],
  extra: Partial<ReviewInput> = {},
): ReviewInput => ({
  contact: { source: 'desk', externalId },
  scorecardId: 'support',
  ratings,
  ...extra,
});

const GOOD: ReviewInput['ratings'] = [
  { categoryId: 'accuracy', rating: 1 },
  { categoryId: 'solution', rating: 4, comment: 'clear steps', quote: 'first restart it' },
  { categoryId: 'tone', rating: null },
];

async function count(db: Engine, table: string): Promise<number> {
  const [row] = await db.all(`SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n);
}

describe('reviews', () => {
  test('a submitted review is scored by the view, credited to the assignee, closes the assignment and drops the draft', async () => {
    await withReviews(async (db) => {
      await db.run(
        `INSERT INTO qa_assignments (id, contact_source, contact_external_id, agent_id, reviewer_id, scorecard_id, kind, status, created_at)
         VALUES ('a1', 'desk', 't1', 'ann', 'u-lead', 'support', 'review', 'open', CAST('2026-03-01 12:00:00' AS TIMESTAMP))`,
      );
      expect(await saveDraft(db, LEAD, review('t1', [{ categoryId: 'tone', rating: 2 }]), NOW)).toEqual({
        ok: true,
        data: { savedAt: NOW.toISOString() },
      });
      expect((await getDraft(db, LEAD, { source: 'desk', externalId: 't1' }))?.ratings).toEqual([
        { categoryId: 'tone', rating: 2 },
      ]);
      const submitted = await submitReview(db, LEAD, review('t1', GOOD, { comment: 'Well done' }), NOW);
      if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
      // accuracy 1 → 1; solution 4 → 0.75 weighing 2; tone not applicable: (1 + 1.5) ÷ 3 = 5 ÷ 6.
      expect(submitted.data).toMatchObject({
        source: 'servicemeter',
        agentId: 'ann',
        reviewerId: 'u-lead',
        kind: 'review',
        scorecardVersion: 1,
        passMark: 0.8,
        passed: true,
        criticalFailed: false,
        comment: 'Well done',
        dispute: null,
      });
      expect(submitted.data.score).toBeCloseTo(5 / 6, 12);
      const solution = submitted.data.ratings.find((r) => r.categoryId === 'solution');
      expect(solution).toMatchObject({
        categoryScore: 0.75,
        weight: 2,
        scaleMin: 1,
        scaleMax: 5,
        quote: 'first restart it',
      });
      const [assignment] = await db.all(
        "SELECT status, review_external_id FROM qa_assignments WHERE id = 'a1'",
      );
      expect(assignment).toEqual({ status: 'done', review_external_id: submitted.data.externalId });
      expect(await getDraft(db, LEAD, { source: 'desk', externalId: 't1' })).toBeNull();
      expect(await getReview(db, submitted.data.id)).toEqual(submitted.data);
      const [audit] = await db.all("SELECT action, target FROM audit_log WHERE action LIKE 'qa.%'");
      expect(audit).toEqual({ action: 'qa.review.submitted', target: submitted.data.id });
    });
  });

  test('ratings are checked against the scorecard, each problem at its path', async () => {
    await withReviews(async (db) => {
      const refused = await submitReview(
        db,
        LEAD,
        review('t1', [
          { categoryId: 'accuracy', rating: null },
          { categoryId: 'solution', rating: 6, rootCauses: ['process'] },
          { categoryId: 'speed', rating: 1 },
          { categoryId: 'solution', rating: 2 },
        ]),
        NOW,
      );
      expect(refused).toEqual({
        ok: false,
        error: {
          kind: 'invalid',
          issues: [
            { path: 'ratings.0.rating', message: 'not applicable is not allowed for accuracy' },
            { path: 'ratings.1.rating', message: '6 is outside 1–5 (1–5)' },
            {
              path: 'ratings.1.rootCauses.0',
              message: 'process is not a root cause of this scorecard (knowledge, tone)',
            },
            { path: 'ratings.2.categoryId', message: 'the scorecard has no category speed' },
            { path: 'ratings.3.categoryId', message: 'solution is rated twice' },
            { path: 'ratings', message: 'tone (Tone) is not rated: rate it or mark it not applicable' },
          ],
        },
      });
      const passFail = await submitReview(
        db,
        LEAD,
        review('t1', [
          { categoryId: 'accuracy', rating: 4 },
          { categoryId: 'solution', rating: 2.5 },
          { categoryId: 'tone', rating: 1 },
        ]),
        NOW,
      );
      expect(passFail.ok || passFail.error).toEqual({
        kind: 'invalid',
        issues: [
          { path: 'ratings.0.rating', message: '4 is outside 0–1 (pass/fail)' },
          { path: 'ratings.1.rating', message: '2.5 is outside 1–5 (1–5)' },
        ],
      });
      expect(await submitReview(db, LEAD, review('t3', GOOD), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'invalid', issues: [{ path: 'agentId' }] },
      });
      expect(await submitReview(db, LEAD, review('t9', GOOD), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'not_found', what: 'contact desk|t9' },
      });
      expect(await submitReview(db, LEAD, review('t1', GOOD, { kind: 'calibration' }), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'invalid', issues: [{ path: 'calibrationSessionId' }] },
      });
      await updateScorecard(db, 'support', { status: 'archived' }, null, NOW);
      expect(await submitReview(db, LEAD, review('t1', GOOD), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect(await count(db, 'qa_reviews')).toBe(0);
    });
  });

  test('a failed submit leaves nothing half-written', async () => {
    await withReviews(async (db) => {
      // The reviewer's draft is dropped after the review and its ratings are written: without its
      // table the transaction fails there and must take the review and ratings with it.
      await db.run('DROP TABLE qa_drafts');
      await expect(submitReview(db, LEAD, review('t1', GOOD), NOW)).rejects.toThrow();
      expect(await count(db, 'qa_reviews')).toBe(0);
      expect(await count(db, 'qa_ratings')).toBe(0);
    });
  });

  test('the same reviewer submitting again replaces their review under the same id; another reviewer adds one', async () => {
    await withReviews(async (db) => {
      const first = await submitReview(db, LEAD, review('t1', GOOD), NOW);
      const critical = [
        { categoryId: 'accuracy', rating: 0, rootCauses: ['knowledge'] },
        { categoryId: 'solution', rating: 5 },
        { categoryId: 'tone', rating: 3 },
      ];
      const second = await submitReview(db, LEAD, review('t1', critical), LATER);
      if (!first.ok || !second.ok) throw new Error('submit failed');
      expect(second.data.id).toBe(first.data.id);
      expect(second.data).toMatchObject({ score: 0, criticalFailed: true, passed: false });
      expect(second.data.reviewedAt).toBe('2026-03-03T10:00:00Z');
      expect(second.data.ratings.find((r) => r.categoryId === 'accuracy')?.rootCauses).toEqual(['knowledge']);
      const other = await submitReview(
        db,
        { userId: 'u-coach', role: 'admin', agentId: null },
        review('t1', GOOD),
        LATER,
      );
      expect(other.ok && other.data.id).not.toBe(first.data.id);
      expect(await count(db, 'qa_reviews')).toBe(2);
      expect(await count(db, 'qa_ratings')).toBe(6);
    });
  });

  test('an agent self-reviews only their own conversation and reviews only what is assigned to them; a viewer reviews nothing', async () => {
    await withReviews(async (db) => {
      expect(await submitReview(db, ANN, review('t1', GOOD, { kind: 'self' }), NOW)).toMatchObject({
        ok: true,
        data: { kind: 'self', agentId: 'ann', reviewerId: 'u-ann' },
      });
      expect(await submitReview(db, ANN, review('t2', GOOD, { kind: 'self' }), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await submitReview(db, ANN, review('t2', GOOD), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      await db.run(
        `INSERT INTO qa_assignments (id, contact_source, contact_external_id, agent_id, reviewer_id, kind, status, created_at)
         VALUES ('peer', 'desk', 't2', 'bob', 'u-ann', 'review', 'open', CAST('2026-03-01 12:00:00' AS TIMESTAMP))`,
      );
      expect(await submitReview(db, ANN, review('t2', GOOD), NOW)).toMatchObject({
        ok: true,
        data: { agentId: 'bob', reviewerId: 'u-ann' },
      });
      expect(await submitReview(db, VIEWER, review('t1', GOOD), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await saveDraft(db, VIEWER, review('t1', GOOD), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
    });
  });

  test('listing filters by agent, reviewer, kind, time and dispute, newest first, with the total', async () => {
    await withReviews(async (db) => {
      const t1 = await submitReview(db, LEAD, review('t1', GOOD), NOW);
      const t2 = await submitReview(db, LEAD, review('t2', GOOD), LATER);
      await submitReview(db, ANN, review('t1', GOOD, { kind: 'self' }), LATER);
      if (!t1.ok || !t2.ok) throw new Error('submit failed');
      await db.run(
        `INSERT INTO qa_disputes (id, review_source, review_external_id, agent_id, opened_by, reason, status, opened_at)
         VALUES ('d1', 'servicemeter', '${t2.data.externalId}', 'bob', 'u-bob', 'the customer asked for it', 'open', CAST('2026-03-04 08:00:00' AS TIMESTAMP))`,
      );
      const all = await listReviews(db, { limit: 2, offset: 0 });
      expect(all.total).toBe(3);
      expect(all.reviews).toHaveLength(2);
      expect((await listReviews(db, { limit: 10, offset: 2 })).reviews.map((r) => r.id)).toEqual([
        t1.data.id,
      ]);
      const ann = await listReviews(db, { agentIds: ['ann'], kind: 'review', limit: 10, offset: 0 });
      expect(ann.reviews.map((r) => [r.id, r.channel, r.disputed])).toEqual([[t1.data.id, 'email', false]]);
      expect((await listReviews(db, { agentIds: [], limit: 10, offset: 0 })).total).toBe(0);
      expect((await listReviews(db, { reviewerId: 'u-ann', limit: 10, offset: 0 })).reviews[0]?.kind).toBe(
        'self',
      );
      expect(
        (await listReviews(db, { disputed: true, limit: 10, offset: 0 })).reviews.map((r) => r.id),
      ).toEqual([t2.data.id]);
      expect(
        (
          await listReviews(db, {
            from: new Date('2026-03-03T00:00:00Z'),
            scorecardId: 'support',
            limit: 10,
            offset: 0,
          })
        ).total,
      ).toBe(2);
      expect(
        (
          await listReviews(db, {
            to: new Date('2026-03-03T00:00:00Z'),
            contact: { source: 'desk', externalId: 't1' },
            limit: 10,
            offset: 0,
          })
        ).total,
      ).toBe(1);
      expect((await getReview(db, t2.data.id))?.dispute).toMatchObject({
        id: 'd1',
        status: 'open',
        agentId: 'bob',
      });
      expect(await getReview(db, 'no-separator')).toBeNull();
    });
  });

  test('a revised review keeps its id, reviewer and time; the ratings given replace those categories', async () => {
    await withReviews(async (db) => {
      const submitted = await submitReview(db, LEAD, review('t1', GOOD), NOW);
      if (!submitted.ok) throw new Error('submit failed');
      const revised = await reviseReview(
        db,
        submitted.data.id,
        { ratings: [{ categoryId: 'solution', rating: 5 }], comment: 'Raised after the dispute' },
        'u-coach',
        LATER,
      );
      if (!revised.ok) throw new Error(JSON.stringify(revised.error));
      // accuracy 1, solution 5 → 1 weighing 2, tone not applicable: 1.
      expect(revised.data).toMatchObject({
        id: submitted.data.id,
        reviewerId: 'u-lead',
        reviewedAt: submitted.data.reviewedAt,
        score: 1,
        comment: 'Raised after the dispute',
      });
      expect(revised.data.ratings.find((r) => r.categoryId === 'solution')?.comment).toBeNull();
      expect(revised.data.ratings.find((r) => r.categoryId === 'accuracy')?.rating).toBe(1);
      expect(
        await reviseReview(
          db,
          submitted.data.id,
          { ratings: [{ categoryId: 'tone', rating: 9 }] },
          'u-coach',
          LATER,
        ),
      ).toMatchObject({ ok: false, error: { kind: 'invalid', issues: [{ path: 'ratings.2.rating' }] } });
      expect(await reviseReview(db, 'servicemeter|nothing', { comment: 'x' }, null, LATER)).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
      const [audit] = await db.all("SELECT target FROM audit_log WHERE action = 'qa.review.revised'");
      expect(audit?.target).toBe(submitted.data.id);
    });
  });

  test('an agent reviews the assignee only; a self-review needs their own conversation, a peer review an open assignment of its kind', async () => {
    await withReviews(async (db) => {
      // ann names herself on bob's conversation, or bob on her own: the agentId is refused by name.
      await db.run(
        `INSERT INTO qa_assignments (id, contact_source, contact_external_id, agent_id, reviewer_id, kind, status, created_at)
         VALUES ('peer', 'desk', 't2', 'bob', 'u-ann', 'review', 'open', CAST('2026-03-01 12:00:00' AS TIMESTAMP))`,
      );
      for (const [contact, agentId] of [
        ['t2', 'ann'],
        ['t2', 'cid'],
        ['t1', 'bob'],
      ] as const)
        expect(
          await submitReview(
            db,
            ANN,
            review(contact, GOOD, { agentId, kind: contact === 't1' ? 'self' : 'review' }),
            NOW,
          ),
        ).toMatchObject({ ok: false, error: { kind: 'invalid', issues: [{ path: 'agentId' }] } });
      // An open peer assignment opens no self-review of the colleague's conversation.
      expect(await submitReview(db, ANN, review('t2', GOOD, { kind: 'self' }), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      // Naming the assignee is fine; the review is of bob.
      expect(await submitReview(db, ANN, review('t2', GOOD, { agentId: 'bob' }), NOW)).toMatchObject({
        ok: true,
        data: { agentId: 'bob', kind: 'review' },
      });
      // The assignment is done now: it opens no second review.
      expect(await submitReview(db, ANN, review('t2', GOOD), LATER)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden' },
      });
      const [written] = await db.all("SELECT count(*) AS n FROM qa_reviews WHERE reviewer_id = 'u-ann'");
      expect(Number(written?.n)).toBe(1);
      // Staff may still credit a review to another agent.
      expect(await submitReview(db, LEAD, review('t3', GOOD, { agentId: 'ann' }), NOW)).toMatchObject({
        ok: true,
        data: { agentId: 'ann' },
      });
    });
  });

  test('a calibration review comes only from a reviewer of the session, only for its conversations', async () => {
    await withReviews(async (db) => {
      const session = await createCalibrationSession(
        db,
        {
          name: 'March',
          scorecardId: 'support',
          reviewers: ['u-lead', 'u-admin'],
          contacts: [{ source: 'desk', externalId: 't1' }],
        },
        'u-lead',
        NOW,
      );
      if (!session.ok) throw new Error(JSON.stringify(session.error));
      const calibration = (contact: string) =>
        review(contact, GOOD, { kind: 'calibration', calibrationSessionId: session.data.id });
      const outsider: QaActor = { userId: 'u-outsider', role: 'manager', agentId: null };
      expect(await submitReview(db, outsider, calibration('t1'), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden', reason: expect.stringContaining('not a reviewer') },
      });
      expect(await submitReview(db, ADMIN, calibration('t2'), NOW)).toMatchObject({
        ok: false,
        error: { kind: 'invalid', issues: [{ path: 'contact' }] },
      });
      expect(await submitReview(db, ADMIN, calibration('t1'), NOW)).toMatchObject({
        ok: true,
        data: { kind: 'calibration', reviewerId: 'u-admin' },
      });
      expect(await count(db, 'qa_reviews')).toBe(1);
    });
  });

  test('a disputed review is not replaced by submitting again, whether the dispute is open or resolved', async () => {
    await withReviews(async (db) => {
      const first = await submitReview(db, LEAD, review('t1', GOOD), NOW);
      if (!first.ok) throw new Error('submit failed');
      for (const status of ['open', 'accepted']) {
        await db.run('DELETE FROM qa_disputes');
        await db.run(
          `INSERT INTO qa_disputes (id, review_source, review_external_id, agent_id, opened_by, reason, status, opened_at)
           VALUES ('d1', 'servicemeter', '${first.data.externalId}', 'ann', 'u-ann', 'it was right', '${status}', CAST('2026-03-02 12:00:00' AS TIMESTAMP))`,
        );
        const again = await submitReview(
          db,
          LEAD,
          review('t1', [
            { categoryId: 'accuracy', rating: 0 },
            { categoryId: 'solution', rating: 1 },
            { categoryId: 'tone', rating: 1 },
          ]),
          LATER,
        );
        expect(again).toMatchObject({
          ok: false,
          error: { kind: 'conflict', reason: expect.stringContaining("the dispute's outcome stands") },
        });
        expect(await getReview(db, first.data.id)).toEqual({
          ...first.data,
          dispute: expect.objectContaining({ id: 'd1', status }),
        });
      }
    });
  });

  test('the blind rule for open calibration sessions is in the query: the page and the total agree', async () => {
    await withReviews(async (db) => {
      const session = await createCalibrationSession(
        db,
        {
          name: 'March',
          scorecardId: 'support',
          reviewers: ['u-lead', 'u-admin'],
          contacts: [{ source: 'desk', externalId: 't1' }],
        },
        'u-lead',
        NOW,
      );
      if (!session.ok) throw new Error(JSON.stringify(session.error));
      const calibration = review('t1', GOOD, { kind: 'calibration', calibrationSessionId: session.data.id });
      const byLead = await submitReview(db, LEAD, calibration, NOW);
      const byAdmin = await submitReview(db, ADMIN, calibration, LATER);
      const plain = await submitReview(db, ADMIN, review('t2', GOOD), LATER);
      if (!byLead.ok || !byAdmin.ok || !plain.ok) throw new Error('submit failed');
      const seenBy = async (userId: string, offset: number) => {
        const page = await listReviews(db, { hideOthersOpenCalibrationOf: userId, limit: 1, offset });
        return { ids: page.reviews.map((r) => r.id), total: page.total };
      };
      // The lead sees their own calibration review and the plain one, not the admin's: on every page.
      expect(await seenBy('u-lead', 0)).toEqual({ ids: [plain.data.id], total: 2 });
      expect(await seenBy('u-lead', 1)).toEqual({ ids: [byLead.data.id], total: 2 });
      expect(await seenBy('u-lead', 2)).toEqual({ ids: [], total: 2 });
      expect(await seenBy('u-outsider', 0)).toEqual({ ids: [plain.data.id], total: 1 });
      const everyCalibration = await listReviews(db, {
        hideOthersCalibrationOf: 'u-outsider',
        limit: 10,
        offset: 0,
      });
      expect(everyCalibration.total).toBe(1);
      await db.run("UPDATE qa_calibration_sessions SET status = 'closed'");
      expect(
        (await listReviews(db, { hideOthersOpenCalibrationOf: 'u-outsider', limit: 10, offset: 0 })).total,
      ).toBe(3);
      // Closed or not, an agent never reads another's calibration review.
      expect((await listReviews(db, { hideOthersCalibrationOf: 'u-lead', limit: 10, offset: 0 })).total).toBe(
        2,
      );
    });
  });
});
