import { describe, expect, test } from 'vitest';
import { insertSampleReview, withQaData, withQaDataOn } from '../../../test/support/qa-sample-data.js';
import { createAssignment, goalProgress, listAssignments, setGoal } from './assignments.js';
import {
  createCoachingSession,
  listCoachingSessions,
  listTrainingDays,
  recordTrainingDay,
  trainingNeeds,
  updateCoachingSession,
} from './coaching.js';
import type { QaActor } from './contract.js';
import { listDisputes, openDispute, resolveDispute } from './disputes.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const LATER = new Date('2026-03-12T09:00:00Z');
const MARCH = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

describe('coaching sessions', () => {
  test('are planned with reviews and actions, then held and followed up', async () => {
    await withQaData(async (db) => {
      await insertSampleReview(db, {
        id: 'r1',
        contact: 'b1',
        agentId: 'bob',
        reviewerId: 'u-lead',
        reviewedAt: '2026-03-09T10:00:00Z',
        ratings: [{ categoryId: 'tone', rating: 2 }],
      });
      await insertSampleReview(db, {
        id: 'r2',
        contact: 'a1',
        agentId: 'ann',
        reviewerId: 'u-lead',
        reviewedAt: '2026-03-09T10:00:00Z',
        ratings: [{ categoryId: 'tone', rating: 5 }],
      });
      const planned = await createCoachingSession(
        db,
        {
          agentId: 'bob',
          reviewIds: ['servicemeter|r1'],
          categories: ['tone'],
          actions: [{ text: 'Read the tone guide' }],
          followUpOn: '2026-03-24',
        },
        'u-lead',
        NOW,
      );
      expect(planned).toMatchObject({
        ok: true,
        data: {
          agentId: 'bob',
          coachId: 'u-lead',
          heldOn: null,
          reviewIds: ['servicemeter|r1'],
          actions: [{ text: 'Read the tone guide', done: false }],
          followUpOn: '2026-03-24',
          status: 'planned',
          createdAt: '2026-03-10T09:00:00Z',
        },
      });
      if (!planned.ok) throw new Error('not planned');
      const held = await updateCoachingSession(
        db,
        planned.data.id,
        {
          heldOn: '2026-03-12',
          status: 'held',
          notes: 'Went through r1',
          actions: [{ text: 'Read the tone guide', done: true }],
        },
        LATER,
      );
      expect(held).toMatchObject({
        ok: true,
        data: {
          heldOn: '2026-03-12',
          status: 'held',
          notes: 'Went through r1',
          followUpOn: '2026-03-24',
          updatedAt: '2026-03-12T09:00:00Z',
        },
      });
      expect(held.ok && held.data.actions).toEqual([{ text: 'Read the tone guide', done: true }]);
      expect(await listCoachingSessions(db, { agentId: 'bob' })).toHaveLength(1);
      expect(await listCoachingSessions(db, { agentId: 'ann' })).toEqual([]);

      expect(
        await createCoachingSession(db, { agentId: 'bob', reviewIds: ['servicemeter|r2'] }, 'u-lead', NOW),
      ).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'reviewIds.0', message: 'review servicemeter|r2 is not of bob' }] },
      });
      expect(await createCoachingSession(db, { agentId: 'zed' }, 'u-lead', NOW)).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'agentId' }] },
      });
      expect(
        await createCoachingSession(db, { agentId: 'bob', followUpOn: '2026-02-30' }, 'u-lead', NOW),
      ).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'followUpOn' }] },
      });
      expect(await updateCoachingSession(db, planned.data.id, { agentId: 'ann' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'invalid' },
      });
      expect(await updateCoachingSession(db, 'nope', { status: 'held' }, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
    });
  });
});

describe('training needs', () => {
  test('are the low ratings with root causes per agent, category and cause; calibration and other months left out', async () => {
    await withQaData(async (db) => {
      // bob's tone: 2 of 1–5 (0.25, tone + brand guide), 1 (0, tone), 5 (1): mean 5 ÷ 12; his accuracy
      // passes (1 of 0–1) but names a root cause: not low, no need.
      await insertSampleReview(db, {
        id: 'r1',
        contact: 'b1',
        agentId: 'bob',
        reviewerId: 'u-lead',
        reviewedAt: '2026-03-09T10:00:00Z',
        ratings: [
          { categoryId: 'tone', name: 'Tone', rating: 2, rootCauses: 'tone|brand_guide' },
          { categoryId: 'accuracy', rating: 1, scaleMin: 0, scaleMax: 1, rootCauses: 'knowledge' },
        ],
      });
      await insertSampleReview(db, {
        id: 'r2',
        contact: 'b2',
        agentId: 'bob',
        reviewerId: 'u-qa',
        reviewedAt: '2026-03-10T10:00:00Z',
        ratings: [{ categoryId: 'tone', name: 'Tone', rating: 1, rootCauses: 'tone' }],
      });
      await insertSampleReview(db, {
        id: 'r3',
        contact: 'b3',
        agentId: 'bob',
        reviewerId: 'u-qa',
        reviewedAt: '2026-03-11T10:00:00Z',
        ratings: [{ categoryId: 'tone', name: 'Tone', rating: 5 }],
      });
      // ann: a critical accuracy failed (0 of 0–1); her calibration review and February's review count not.
      await insertSampleReview(db, {
        id: 'r4',
        contact: 'a1',
        agentId: 'ann',
        reviewerId: 'u-lead',
        reviewedAt: '2026-03-09T10:00:00Z',
        ratings: [
          {
            categoryId: 'accuracy',
            rating: 0,
            scaleMin: 0,
            scaleMax: 1,
            critical: true,
            rootCauses: 'process',
          },
        ],
      });
      await insertSampleReview(db, {
        id: 'r5',
        contact: 'a2',
        agentId: 'ann',
        reviewerId: 'u-lead',
        kind: 'calibration',
        calibrationSessionId: 's1',
        reviewedAt: '2026-03-09T10:00:00Z',
        ratings: [{ categoryId: 'tone', rating: 1, rootCauses: 'tone' }],
      });
      await insertSampleReview(db, {
        id: 'r6',
        contact: 'a0',
        agentId: 'ann',
        reviewerId: 'u-lead',
        reviewedAt: '2026-02-20T10:00:00Z',
        ratings: [{ categoryId: 'tone', rating: 1, rootCauses: 'tone' }],
      });
      // cid: a critical solution at 4 of 1–5 (0.75) under its pass mark of 0.8 is low too; at 5 it is not.
      for (const [id, contactId, rating, at] of [
        ['r7', 'c1', 4, '2026-03-06T10:00:00Z'],
        ['r8', 'c2', 5, '2026-03-07T10:00:00Z'],
      ] as const)
        await insertSampleReview(db, {
          id,
          contact: contactId,
          agentId: 'cid',
          reviewerId: 'u-qa',
          reviewedAt: at,
          ratings: [
            { categoryId: 'solution', rating, critical: true, passMark: 0.8, rootCauses: 'knowledge' },
          ],
        });
      const needs = await trainingNeeds(db, MARCH);
      expect(needs.map((n) => [n.agentId, n.categoryId, n.rootCause, n.count, n.lastSeenAt])).toEqual([
        ['bob', 'tone', 'tone', 2, '2026-03-10T10:00:00Z'],
        ['ann', 'accuracy', 'process', 1, '2026-03-09T10:00:00Z'],
        ['bob', 'tone', 'brand_guide', 1, '2026-03-09T10:00:00Z'],
        ['cid', 'solution', 'knowledge', 1, '2026-03-06T10:00:00Z'],
      ]);
      expect(needs[3]?.categoryScore).toBeCloseTo(0.875, 12);
      expect(needs[0]?.categoryName).toBe('Tone');
      expect(needs[0]?.categoryScore).toBeCloseTo((0.25 + 0 + 1) / 3, 12);
      expect(needs[1]?.categoryScore).toBe(0);
      expect((await trainingNeeds(db, { ...MARCH, agentId: 'ann' })).map((n) => n.categoryId)).toEqual([
        'accuracy',
      ]);
    });
  });
});

describe('training days', () => {
  test('are recorded per agent as canonical rows and listed with imported ones', async () => {
    await withQaData(async (db) => {
      const recorded = await recordTrainingDay(
        db,
        { agentId: 'bob', day: '2026-03-16', hours: 3, topic: 'Tone of voice', categoryId: 'tone' },
        NOW,
      );
      expect(recorded).toMatchObject({
        ok: true,
        data: {
          source: 'servicemeter',
          agentId: 'bob',
          day: '2026-03-16',
          hours: 3,
          topic: 'Tone of voice',
          categoryId: 'tone',
          note: null,
        },
      });
      await db.run(
        "INSERT INTO training_days (source, external_id, agent_id, day, hours, topic) VALUES ('lms', 'x1', 'ann', DATE '2026-03-02', NULL, 'Onboarding')",
      );
      expect((await listTrainingDays(db)).map((d) => [d.source, d.agentId, d.day, d.hours])).toEqual([
        ['servicemeter', 'bob', '2026-03-16', 3],
        ['lms', 'ann', '2026-03-02', null],
      ]);
      expect(await listTrainingDays(db, { agentId: 'ann' })).toHaveLength(1);
      expect(
        await listTrainingDays(db, { from: '2026-03-10', to: new Date('2026-03-31T00:00:00Z') }),
      ).toHaveLength(1);
      expect(await recordTrainingDay(db, { agentId: 'bob', day: '2026-13-01' }, NOW)).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'day' }] },
      });
      expect(
        await recordTrainingDay(db, { agentId: 'bob', day: '2026-03-16', hours: 30 }, NOW),
      ).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'hours' }] },
      });
      expect(await recordTrainingDay(db, { agentId: 'zed', day: '2026-03-16' }, NOW)).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'agentId' }] },
      });
    });
  });
});

describe('on PGlite', () => {
  test('coaching, training needs and days, assignments, goals and disputes read and write the same', async () => {
    await withQaDataOn({ kind: 'postgres' }, async (db) => {
      await insertSampleReview(db, {
        id: 'r1',
        contact: 'b1',
        agentId: 'bob',
        reviewerId: 'u-lead',
        reviewedAt: '2026-03-09T10:00:00Z',
        ratings: [{ categoryId: 'tone', name: 'Tone', rating: 2, rootCauses: 'tone|brand_guide' }],
      });
      const planned = await createCoachingSession(
        db,
        {
          agentId: 'bob',
          reviewIds: ['servicemeter|r1'],
          followUpOn: '2026-03-24',
          actions: [{ text: 'Read the guide' }],
        },
        'u-lead',
        NOW,
      );
      expect(planned).toMatchObject({
        ok: true,
        data: { followUpOn: '2026-03-24', createdAt: '2026-03-10T09:00:00Z' },
      });
      if (!planned.ok) throw new Error('not planned');
      expect(
        await updateCoachingSession(db, planned.data.id, { heldOn: '2026-03-12', status: 'held' }, LATER),
      ).toMatchObject({
        ok: true,
        data: { heldOn: '2026-03-12', status: 'held' },
      });
      expect((await listCoachingSessions(db, { agentId: 'bob' })).map((c) => c.id)).toEqual([
        planned.data.id,
      ]);
      expect(
        (await trainingNeeds(db, MARCH)).map((n) => [
          n.agentId,
          n.categoryId,
          n.rootCause,
          n.count,
          n.categoryScore,
        ]),
      ).toEqual([
        ['bob', 'tone', 'brand_guide', 1, 0.25],
        ['bob', 'tone', 'tone', 1, 0.25],
      ]);
      expect(
        await recordTrainingDay(db, { agentId: 'bob', day: '2026-03-16', hours: 2.5 }, NOW),
      ).toMatchObject({ ok: true });
      expect((await listTrainingDays(db, { from: '2026-03-01' })).map((d) => [d.day, d.hours])).toEqual([
        ['2026-03-16', 2.5],
      ]);

      const assigned = await createAssignment(
        db,
        {
          contact: { source: 'helpdesk', externalId: 'a1' },
          reviewerId: 'u-lead',
          dueAt: new Date('2026-03-12T17:00:00Z'),
        },
        NOW,
      );
      expect(assigned).toMatchObject({ ok: true, data: { agentId: 'ann', dueAt: '2026-03-12T17:00:00Z' } });
      expect((await listAssignments(db, { status: 'open', limit: 5, offset: 0 })).total).toBe(1);
      await setGoal(db, { scope: 'team', scopeId: 'support', reviewsPerMonth: 3 }, NOW);
      expect((await goalProgress(db, '2026-03')).map((g) => [g.agentId, g.goal, g.reviews])).toEqual([
        ['ann', 3, 0],
        ['bob', 3, 1],
      ]);

      const bob: QaActor = { userId: 'u-bob', role: 'agent', agentId: 'bob' };
      const opened = await openDispute(
        db,
        bob,
        'servicemeter|r1',
        { reason: 'unfair', categoryId: 'tone' },
        NOW,
      );
      expect(opened).toMatchObject({ ok: true, data: { status: 'open', scoreBefore: 0.25 } });
      if (!opened.ok) throw new Error('not opened');
      const qa: QaActor = { userId: 'u-qa', role: 'manager', agentId: null };
      expect(
        await resolveDispute(db, qa, opened.data.id, { accept: false, resolution: 'stays' }, LATER),
      ).toMatchObject({
        ok: true,
        data: { status: 'rejected', scoreAfter: 0.25, resolvedAt: '2026-03-12T09:00:00Z' },
      });
      expect((await listDisputes(db, { agentId: 'bob', reviewerId: 'u-lead' })).map((d) => d.status)).toEqual(
        ['rejected'],
      );
    });
  });
});
