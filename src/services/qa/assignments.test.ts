import { describe, expect, test } from 'vitest';
import { insertSampleReview, withQaData } from '../../../test/support/qa-sample-data.js';
import {
  createAssignment,
  getAssignment,
  goalProgress,
  listAssignments,
  listGoals,
  setGoal,
  updateAssignment,
} from './assignments.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const LATER = new Date('2026-03-11T09:00:00Z');
const contact = (externalId: string) => ({ source: 'helpdesk', externalId });

describe('assignments', () => {
  test('are made by hand for a contact’s agent, listed soonest due first, skipped and handed over', async () => {
    await withQaData(async (db) => {
      const first = await createAssignment(
        db,
        { contact: contact('b1'), reviewerId: 'u-lead', dueAt: new Date('2026-03-13T17:00:00Z') },
        NOW,
      );
      expect(first).toMatchObject({
        ok: true,
        data: {
          ruleId: null,
          contact: contact('b1'),
          agentId: 'bob',
          reviewerId: 'u-lead',
          kind: 'review',
          status: 'open',
          dueAt: '2026-03-13T17:00:00Z',
          reviewId: null,
          createdAt: '2026-03-10T09:00:00Z',
        },
      });
      if (!first.ok) throw new Error('not created');
      await createAssignment(
        db,
        { contact: contact('a1'), reviewerId: 'u-lead', dueAt: new Date('2026-03-12T17:00:00Z') },
        NOW,
      );
      await createAssignment(db, { contact: contact('c1'), reviewerId: 'u-qa' }, NOW);
      await createAssignment(db, { contact: contact('a2'), reviewerId: 'u-ann', kind: 'self' }, NOW);
      const all = await listAssignments(db, { limit: 10, offset: 0 });
      expect(all.total).toBe(4);
      expect(all.assignments.map((a) => a.contact.externalId)).toEqual(['a1', 'b1', 'a2', 'c1']);
      expect(
        (await listAssignments(db, { limit: 1, offset: 1 })).assignments.map((a) => a.contact.externalId),
      ).toEqual(['b1']);
      expect((await listAssignments(db, { reviewerId: 'u-lead', limit: 10, offset: 0 })).total).toBe(2);
      expect((await listAssignments(db, { agentId: 'cid', limit: 10, offset: 0 })).total).toBe(1);

      expect(await createAssignment(db, { contact: contact('b1'), reviewerId: 'u-lead' }, NOW)).toMatchObject(
        {
          ok: false,
          error: { kind: 'conflict' },
        },
      );
      expect(await createAssignment(db, { contact: contact('x1'), reviewerId: 'u-lead' }, NOW)).toMatchObject(
        {
          ok: false,
          error: { kind: 'invalid', issues: [{ path: 'contact' }] },
        },
      );
      expect(await createAssignment(db, { contact: contact('zz'), reviewerId: 'u-lead' }, NOW)).toMatchObject(
        {
          ok: false,
          error: { kind: 'not_found' },
        },
      );
      expect(
        await createAssignment(
          db,
          { contact: contact('b2'), reviewerId: 'u-lead', kind: 'calibration' },
          NOW,
        ),
      ).toMatchObject({ ok: false, error: { kind: 'invalid', issues: [{ path: 'kind' }] } });

      const handed = await updateAssignment(db, first.data.id, { reviewerId: 'u-qa', dueAt: null }, LATER);
      expect(handed).toMatchObject({ ok: true, data: { reviewerId: 'u-qa', dueAt: null, status: 'open' } });
      const skipped = await updateAssignment(db, first.data.id, { status: 'skipped' }, LATER);
      expect(skipped).toMatchObject({ ok: true, data: { reviewerId: 'u-qa', status: 'skipped' } });
      expect((await listAssignments(db, { status: 'open', limit: 10, offset: 0 })).total).toBe(3);
      // b1 is bob's: u-bob is bob.
      expect(await updateAssignment(db, first.data.id, { reviewerId: 'u-bob' }, LATER)).toMatchObject({
        ok: false,
        error: {
          issues: [
            { path: 'reviewerId', message: 'an agent does not review their own contact outside self-review' },
          ],
        },
      });
      expect(await createAssignment(db, { contact: contact('b2'), reviewerId: 'u-bob' }, NOW)).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'reviewerId' }] },
      });
      expect(
        await createAssignment(db, { contact: contact('b2'), reviewerId: 'u-ann', kind: 'self' }, NOW),
      ).toMatchObject({
        ok: false,
        error: {
          issues: [{ path: 'reviewerId', message: 'a self-review goes to the agent of the contact' }],
        },
      });
      expect(await updateAssignment(db, 'nope', { status: 'done' }, LATER)).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
      expect(await getAssignment(db, 'nope')).toBeNull();
    });
  });
});

describe('goals', () => {
  test('the most specific goal applies; reviews of the month count, self and calibration reviews not', async () => {
    await withQaData(async (db) => {
      expect(await goalProgress(db, '2026-03')).toEqual([]);
      await setGoal(db, { scope: 'all', scopeId: '', reviewsPerMonth: 4 }, NOW);
      await setGoal(db, { scope: 'team', scopeId: 'sales', reviewsPerMonth: 6 }, NOW);
      await setGoal(db, { scope: 'agent', scopeId: 'bob', reviewsPerMonth: 2 }, NOW);
      expect((await listGoals(db)).map((g) => [g.scope, g.scopeId, g.reviewsPerMonth])).toEqual([
        ['all', '', 4],
        ['team', 'sales', 6],
        ['agent', 'bob', 2],
      ]);
      const review = (
        id: string,
        contactId: string,
        agentId: string,
        at: string,
        kind: 'review' | 'self' | 'calibration' = 'review',
      ) =>
        insertSampleReview(db, {
          id,
          contact: contactId,
          agentId,
          reviewerId: 'u-lead',
          kind,
          calibrationSessionId: kind === 'calibration' ? 's1' : null,
          reviewedAt: at,
          ratings: [{ categoryId: 'tone', rating: 4 }],
        });
      await review('r1', 'b1', 'bob', '2026-03-02T10:00:00Z');
      await review('r2', 'b2', 'bob', '2026-03-31T23:59:00Z', 'self');
      await review('r3', 'b3', 'bob', '2026-04-01T00:00:00Z');
      await review('r4', 'b4', 'bob', '2026-03-05T10:00:00Z', 'calibration');
      await review('r5', 'c1', 'cid', '2026-03-05T10:00:00Z');
      expect(await goalProgress(db, '2026-03')).toEqual([
        { scope: 'all', scopeId: '', agentId: 'ann', month: '2026-03', goal: 4, reviews: 0 },
        // bob's self-review (r2) and calibration review (r4) do not count toward the goal.
        { scope: 'agent', scopeId: 'bob', agentId: 'bob', month: '2026-03', goal: 2, reviews: 1 },
        { scope: 'team', scopeId: 'sales', agentId: 'cid', month: '2026-03', goal: 6, reviews: 1 },
      ]);
      // 0 removes a goal: the team's then applies to bob.
      expect(await setGoal(db, { scope: 'agent', scopeId: 'bob', reviewsPerMonth: 0 }, NOW)).toEqual({
        ok: true,
        data: null,
      });
      expect((await goalProgress(db, '2026-04')).find((g) => g.agentId === 'bob')).toMatchObject({
        scope: 'all',
        reviews: 1,
      });
      expect(await setGoal(db, { scope: 'team', scopeId: ' ', reviewsPerMonth: 3 }, NOW)).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'scopeId' }] },
      });
      expect(await setGoal(db, { scope: 'all', scopeId: '', reviewsPerMonth: 2.5 }, NOW)).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'reviewsPerMonth' }] },
      });
      await expect(goalProgress(db, '2026-3')).rejects.toThrow(/YYYY-MM/);
    });
  });
});
