import { describe, expect, test } from 'vitest';
import { withQaData, withQaDataOn } from '../../../test/support/qa-sample-data.js';
import type { Engine } from '../../core/engine.js';
import { krippendorffAlphaOrdinal } from '../../core/qa/agreement.js';
import { listAssignments } from './assignments.js';
import {
  calibrationOpen,
  calibrationResult,
  closeCalibrationSession,
  createCalibrationSession,
  getCalibrationSession,
  listCalibrationSessions,
} from './calibration.js';
import type { QaActor } from './contract.js';
import { submitReview } from './reviews.js';
import { createScorecard } from './scorecards.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const LEAD: QaActor = { userId: 'u-lead', role: 'manager', agentId: null };
const QA: QaActor = { userId: 'u-qa', role: 'manager', agentId: null };
const ANN: QaActor = { userId: 'u-ann', role: 'agent', agentId: 'ann' };

async function withScorecard<T>(work: (db: Engine) => Promise<T>): Promise<T> {
  return withQaData(async (db) => {
    const created = await createScorecard(
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
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    return work(db);
  });
}

const CONTACTS = ['b1', 'b2', 'c1'].map((externalId) => ({ source: 'helpdesk', externalId }));

/** accuracy, solution, tone per contact b1, b2, c1. */
const GIVEN: [QaActor, (number | null)[][]][] = [
  [
    LEAD,
    [
      [1, 4, 3],
      [0, 2, 2],
      [1, 5, 3],
    ],
  ],
  [
    QA,
    [
      [1, 4, 2],
      [0, 2, 2],
      [1, 5, 3],
    ],
  ],
  [
    ANN,
    [
      [1, 3, 3],
      [1, 2, null],
      [1, 4, 3],
    ],
  ],
];

async function calibrate(db: Engine, sessionId: string) {
  for (const [actor, perContact] of GIVEN)
    for (const [i, values] of perContact.entries()) {
      const submitted = await submitReview(
        db,
        actor,
        {
          contact: CONTACTS[i] as (typeof CONTACTS)[number],
          scorecardId: 'support',
          kind: 'calibration',
          calibrationSessionId: sessionId,
          ratings: ['accuracy', 'solution', 'tone'].map((categoryId, c) => ({
            categoryId,
            rating: values[c] ?? null,
          })),
        },
        NOW,
      );
      if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    }
}

describe('a calibration session', () => {
  test('puts every conversation before every reviewer as a calibration assignment', async () => {
    await withScorecard(async (db) => {
      const created = await createCalibrationSession(
        db,
        {
          name: 'March',
          scorecardId: 'support',
          reviewers: ['u-lead', 'u-qa', 'u-ann'],
          contacts: CONTACTS,
          referenceReviewerId: 'u-lead',
          dueAt: new Date('2026-03-13T17:00:00Z'),
        },
        'u-lead',
        NOW,
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      expect(created.data).toMatchObject({
        name: 'March',
        scorecardVersion: 1,
        status: 'open',
        reviewers: ['u-lead', 'u-qa', 'u-ann'],
        contacts: CONTACTS,
        dueAt: '2026-03-13T17:00:00Z',
        createdBy: 'u-lead',
      });
      const assigned = await listAssignments(db, {
        calibrationSessionId: created.data.id,
        limit: 50,
        offset: 0,
      });
      expect(assigned.total).toBe(9);
      expect(assigned.assignments.every((a) => a.kind === 'calibration' && a.scorecardId === 'support')).toBe(
        true,
      );
      expect(
        assigned.assignments
          .filter((a) => a.reviewerId === 'u-ann')
          .map((a) => a.agentId)
          .sort(),
      ).toEqual(['bob', 'bob', 'cid']);
      expect(await calibrationOpen(db, created.data.id)).toBe(true);
      expect((await listCalibrationSessions(db)).map((s) => s.id)).toEqual([created.data.id]);
    });
  });

  test('refuses a wrong session field by field', async () => {
    await withScorecard(async (db) => {
      const refused = await createCalibrationSession(
        db,
        {
          name: ' ',
          scorecardId: 'nope',
          reviewers: ['u-lead'],
          contacts: [
            { source: 'helpdesk', externalId: 'x1' },
            { source: 'helpdesk', externalId: 'zz' },
          ],
          referenceReviewerId: 'u-qa',
        },
        null,
        NOW,
      );
      expect(
        refused.ok ? [] : refused.error.kind === 'invalid' ? refused.error.issues.map((i) => i.path) : [],
      ).toEqual(['name', 'reviewers', 'referenceReviewerId', 'contacts.0', 'contacts.1', 'scorecardId']);
    });
  });

  test('compares the reviews per category and overall, and each reviewer with the reference', async () => {
    await withScorecard(async (db) => {
      const created = await createCalibrationSession(
        db,
        {
          name: 'March',
          scorecardId: 'support',
          reviewers: ['u-lead', 'u-qa', 'u-ann'],
          contacts: CONTACTS,
          referenceReviewerId: 'u-lead',
        },
        'u-lead',
        NOW,
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const id = created.data.id;
      await calibrate(db, id);
      // Every reviewer reviewed: their assignments are done.
      expect(
        (await listAssignments(db, { calibrationSessionId: id, status: 'open', limit: 50, offset: 0 })).total,
      ).toBe(0);
      const result = await calibrationResult(db, id);
      expect(result?.reviews).toBe(9);
      // Accuracy [1,1,1] [0,0,1] [1,1,1]: 7 of 9 pairs; solution [4,4,3] [2,2,2] [5,5,4]: 5 of 9;
      // tone [3,2,3] [2,2,–] [3,3,3]: 5 of 7 (not applicable is no value).
      expect(result?.categories.map((c) => [c.categoryId, c.name, c.pairs, c.agreement])).toEqual([
        ['accuracy', 'Accuracy', 9, 7 / 9],
        ['solution', 'Solution', 9, 5 / 9],
        ['tone', 'Tone', 7, 5 / 7],
      ]);
      const solution = result?.categories.find((c) => c.categoryId === 'solution');
      expect(solution?.alpha).toBeCloseTo(
        krippendorffAlphaOrdinal([
          [4, 4, 3],
          [2, 2, 2],
          [5, 5, 4],
        ]) as number,
        12,
      );
      expect(result?.overall).toMatchObject({ pairs: 25, agreement: 17 / 25 });
      expect(result?.overall.alpha).toBeGreaterThan(0.5);
      // u-qa differs on b1's tone only (1 against 0.5) over 9 category scores; u-ann on b1's solution
      // (0.5 against 0.75), b2's accuracy (1 against 0) and c1's solution (0.75 against 1) over 8.
      const byReviewer = Object.fromEntries((result?.reviewers ?? []).map((r) => [r.reviewerId, r]));
      expect(byReviewer['u-lead']).toMatchObject({ reviews: 3, distanceToReference: null });
      expect(byReviewer['u-qa']?.distanceToReference).toBeCloseTo(0.5 / 9, 12);
      expect(byReviewer['u-ann']?.distanceToReference).toBeCloseTo(1.5 / 8, 12);
      // The lead: b1 (1 + 0.75 + 1) ÷ 3, b2 0 (critical accuracy failed), c1 1.
      expect(byReviewer['u-lead']?.meanScore).toBeCloseTo((2.75 / 3 + 0 + 1) / 3, 12);

      // Calibration reviews count in no coverage, no IQS.
      const covered = await db.all('SELECT count(*) AS n FROM qa_contact_facts WHERE reviewed');
      expect(Number(covered[0]?.n)).toBe(0);
    });
  });

  test('closed, it takes no more reviews and skips what was left open', async () => {
    await withScorecard(async (db) => {
      const created = await createCalibrationSession(
        db,
        { name: 'March', scorecardId: 'support', reviewers: ['u-lead', 'u-qa'], contacts: CONTACTS },
        'u-lead',
        NOW,
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const id = created.data.id;
      const closed = await closeCalibrationSession(db, id, new Date('2026-03-11T09:00:00Z'));
      expect(closed).toMatchObject({
        ok: true,
        data: { status: 'closed', closedAt: '2026-03-11T09:00:00Z' },
      });
      expect(await calibrationOpen(db, id)).toBe(false);
      expect(await closeCalibrationSession(db, id, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect(
        (await listAssignments(db, { calibrationSessionId: id, status: 'skipped', limit: 50, offset: 0 }))
          .total,
      ).toBe(6);
      const late = await submitReview(
        db,
        LEAD,
        {
          contact: CONTACTS[0] as (typeof CONTACTS)[number],
          scorecardId: 'support',
          kind: 'calibration',
          calibrationSessionId: id,
          ratings: [{ categoryId: 'accuracy', rating: 1 }],
        },
        NOW,
      );
      expect(late).toMatchObject({ ok: false, error: { kind: 'conflict' } });
      expect(await calibrationResult(db, id)).toMatchObject({
        reviews: 0,
        categories: [],
        overall: { pairs: 0 },
      });
      expect(await getCalibrationSession(db, 'nope')).toBeNull();
      expect(await calibrationResult(db, 'nope')).toBeNull();
      expect(await closeCalibrationSession(db, 'nope', NOW)).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
    });
  });
});

describe('on PGlite', () => {
  test('a session, its reviews, its comparison and its closing work the same', async () => {
    await withQaDataOn({ kind: 'postgres' }, async (db) => {
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
      const created = await createCalibrationSession(
        db,
        {
          name: 'March',
          scorecardId: 'support',
          reviewers: ['u-lead', 'u-qa', 'u-ann'],
          contacts: CONTACTS,
          referenceReviewerId: 'u-lead',
          dueAt: new Date('2026-03-13T17:00:00Z'),
        },
        'u-lead',
        NOW,
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      expect(created.data.dueAt).toBe('2026-03-13T17:00:00Z');
      await calibrate(db, created.data.id);
      const result = await calibrationResult(db, created.data.id);
      expect(result?.categories.map((c) => c.agreement)).toEqual([7 / 9, 5 / 9, 5 / 7]);
      expect(result?.overall).toMatchObject({ pairs: 25, agreement: 17 / 25 });
      const byReviewer = Object.fromEntries((result?.reviewers ?? []).map((r) => [r.reviewerId, r]));
      expect(byReviewer['u-ann']?.distanceToReference).toBeCloseTo(1.5 / 8, 12);
      expect(byReviewer['u-lead']?.meanScore).toBeCloseTo((2.75 / 3 + 0 + 1) / 3, 12);
      expect(await closeCalibrationSession(db, created.data.id, NOW)).toMatchObject({
        ok: true,
        data: { status: 'closed' },
      });
      expect(await calibrationOpen(db, created.data.id)).toBe(false);
    });
  });
});
