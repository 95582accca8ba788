import { describe, expect, test } from 'vitest';
import { ENGINES } from '../../../test/support/engines.js';
import { insertSampleReview, W10, withQaData, withQaDataOn } from '../../../test/support/qa-sample-data.js';
import type { Engine } from '../../core/engine.js';
import { createAssignment, listAssignments } from './assignments.js';
import type { AssignmentView } from './contract.js';
import {
  createSamplingRule,
  deleteSamplingRule,
  drawSample,
  getSamplingRule,
  listSamplingRules,
  updateSamplingRule,
} from './sampling.js';

const NOW = new Date('2026-03-10T06:00:00Z');

async function rule(db: Engine, id: string, definition: Record<string, unknown>) {
  const created = await createSamplingRule(
    db,
    { id, name: id, reviewers: ['u-lead', 'u-qa'], ...definition },
    NOW,
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.data;
}

async function draw(
  db: Engine,
  ruleId: string,
  options: { period?: string; seed?: string; dryRun?: boolean } = {},
) {
  const drawn = await drawSample(db, ruleId, { now: NOW, ...options });
  if (!drawn.ok) throw new Error(JSON.stringify(drawn.error));
  return drawn.data;
}

const contactIds = (drawn: readonly AssignmentView[]) => drawn.map((a) => a.contact.externalId).sort();

describe('sampling rules', () => {
  test('are created, listed, changed field by field and deleted; a wrong rule is refused by field', async () => {
    await withQaData(async (db) => {
      const created = await rule(db, 'weekly', { perAgent: 3 });
      expect(created).toMatchObject({
        id: 'weekly',
        name: 'weekly',
        enabled: true,
        definition: { perAgent: 3 },
      });
      const refused = await createSamplingRule(db, { name: 'x', reviewers: ['u-lead'], perAgent: 0 }, NOW);
      expect(refused).toMatchObject({
        ok: false,
        error: { kind: 'invalid', issues: [{ path: 'perAgent' }] },
      });
      const noScorecard = await createSamplingRule(
        db,
        { name: 'x', reviewers: ['u-lead'], scorecardId: 'nope' },
        NOW,
      );
      expect(noScorecard).toMatchObject({
        ok: false,
        error: { issues: [{ path: 'scorecardId', message: 'there is no scorecard nope' }] },
      });
      expect(
        await createSamplingRule(db, { id: 'weekly', name: 'y', reviewers: ['u-lead'] }, NOW),
      ).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      const changed = await updateSamplingRule(
        db,
        'weekly',
        { filters: { reopened: true }, enabled: false },
        NOW,
      );
      expect(changed).toMatchObject({
        ok: true,
        data: { enabled: false, definition: { perAgent: 3, filters: { reopened: true, escalated: false } } },
      });
      expect(await drawSample(db, 'weekly', { now: NOW })).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect((await listSamplingRules(db)).map((r) => r.id)).toEqual(['weekly']);
      expect(await deleteSamplingRule(db, 'weekly')).toEqual({ ok: true, data: { id: 'weekly' } });
      expect(await getSamplingRule(db, 'weekly')).toBeNull();
      expect(await drawSample(db, 'weekly', { now: NOW })).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
    });
  });
});

describe('a draw', () => {
  test('takes the last full week, N per agent spread over their channels, and notes its outcome', async () => {
    await withQaData(async (db) => {
      await rule(db, 'weekly', { perAgent: 5, dueDays: 2 });
      const drawn = await draw(db, 'weekly');
      expect(drawn.period).toBe(W10);
      // ann 10, bob 5, cid 4 handled in W10; the unassigned x1, ann's a0 (W09) and cid's W11 contacts are not.
      expect(drawn.candidates).toBe(19);
      const ann = drawn.drawn.filter((a) => a.agentId === 'ann').map((a) => a.contact.externalId);
      // 5 picks over 6 email : 3 chat : 1 phone → 3 : 1 : 1.
      expect(ann.filter((id) => ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].includes(id))).toHaveLength(3);
      expect(ann.filter((id) => ['a7', 'a8', 'a9'].includes(id))).toHaveLength(1);
      expect(ann).toContain('a10');
      expect(drawn.drawn.filter((a) => a.agentId === 'bob')).toHaveLength(5);
      expect(drawn.drawn.filter((a) => a.agentId === 'cid')).toHaveLength(4);
      expect(drawn.drawn[0]).toMatchObject({
        ruleId: 'weekly',
        period: W10,
        kind: 'review',
        status: 'open',
        dueAt: '2026-03-12T06:00:00Z',
      });
      expect((await getSamplingRule(db, 'weekly'))?.lastOutcome).toEqual({
        period: W10,
        drawn: 14,
        candidates: 19,
        alreadyReviewed: 0,
        unassigned: 0,
      });
      expect((await listAssignments(db, { limit: 100, offset: 0 })).total).toBe(14);
    });
  });

  test('is reproducible: the same seed on the same data draws the same contacts; a dry run writes nothing', async () => {
    const picks: string[][] = [];
    for (const seed of ['s-1', 's-1', 's-2'])
      await withQaData(async (db) => {
        await rule(db, 'weekly', { perAgent: 2 });
        const dry = await draw(db, 'weekly', { seed, dryRun: true });
        expect((await listAssignments(db, { limit: 100, offset: 0 })).total).toBe(0);
        const real = await draw(db, 'weekly', { seed });
        expect(contactIds(real.drawn)).toEqual(contactIds(dry.drawn));
        picks.push(real.drawn.map((a) => `${a.contact.externalId}>${a.reviewerId}`));
      });
    expect(picks[1]).toEqual(picks[0]);
    expect(picks[2]).not.toEqual(picks[0]);
  });

  test('without a seed, the rule and the period seed it: a rule with its own seed draws otherwise', async () => {
    const drawnBy = async (seed: string | null) =>
      withQaData(async (db) => {
        await rule(db, 'weekly', { perAgent: 2, seed });
        return contactIds((await draw(db, 'weekly')).drawn);
      });
    expect(await drawnBy(null)).toEqual(await drawnBy(null));
    expect(await drawnBy(null)).toEqual(
      await withQaData(async (db) => {
        await rule(db, 'weekly', { perAgent: 2 });
        return contactIds((await draw(db, 'weekly', { seed: `weekly:${W10}` })).drawn);
      }),
    );
  });

  test('never draws a contact twice: not in a second draw of the period, not by another rule, not once reviewed', async () => {
    await withQaData(async (db) => {
      await insertSampleReview(db, {
        id: 'r-a1',
        contact: 'a1',
        agentId: 'ann',
        reviewerId: 'u-lead',
        reviewedAt: '2026-03-09T10:00:00Z',
        ratings: [{ categoryId: 'tone', rating: 4 }],
      });
      await rule(db, 'first', { perAgent: 3 });
      await rule(db, 'second', { perAgent: 20 });
      const first = await draw(db, 'first');
      expect(first).toMatchObject({ candidates: 18, alreadyReviewed: 1 });
      expect((await draw(db, 'first')).drawn).toEqual([]);
      const second = await draw(db, 'second');
      expect(second.alreadyReviewed).toBe(10);
      const all = [...contactIds(first.drawn), ...contactIds(second.drawn)];
      expect(new Set(all).size).toBe(all.length);
      expect(all).not.toContain('a1');
      // Everything of W10 but the reviewed a1 is now assigned once.
      expect(all).toHaveLength(18);
    });
  });

  test('a second draw of the same period tops up what an agent is missing', async () => {
    await withQaData(async (db) => {
      await rule(db, 'weekly', { perAgent: 2, filters: { agents: ['bob'] } });
      expect((await draw(db, 'weekly')).drawn).toHaveLength(2);
      await updateSamplingRule(db, 'weekly', { perAgent: 3 }, NOW);
      expect((await draw(db, 'weekly')).drawn).toHaveLength(1);
      expect((await draw(db, 'weekly')).drawn).toHaveLength(0);
      expect((await draw(db, 'weekly', { period: '2026-W11' })).drawn).toHaveLength(0);
    });
  });

  test.each([
    ['channels', { channels: ['chat'] }, ['a7', 'a8', 'a9', 'c1', 'c2', 'c3', 'c4']],
    ['teams', { teams: ['sales'] }, ['c1', 'c2', 'c3', 'c4']],
    ['agents', { agents: ['bob'] }, ['b1', 'b2', 'b3', 'b4', 'b5']],
    ['low CSAT', { lowCsat: true }, ['b1']],
    ['reopened', { reopened: true }, ['b1']],
    ['escalated', { escalated: true }, ['b2']],
    ['long handle', { longHandle: { minSeconds: 86_400 } }, ['b3']],
    ['topics', { topics: ['refund'] }, ['b4']],
    ['tags', { tags: ['vip'] }, ['b4']],
    // cid starts on 5 March (c1, c2 within two days); bob on 2 March (b1, b2); ann on 25 February.
    ['new agents', { newAgentDays: 2 }, ['b1', 'b2', 'c1', 'c2']],
    ['filters together', { agents: ['bob'], lowCsat: true, escalated: true }, []],
  ])('the %s filter lets through only its contacts', async (_name, filters, expected) => {
    await withQaData(async (db) => {
      await rule(db, 'filtered', { perAgent: 50, filters });
      const drawn = await draw(db, 'filtered', { dryRun: true });
      expect(contactIds(drawn.drawn)).toEqual(expected);
    });
  });

  test('the checks filter takes contacts on which one of the named automatic checks hit', async () => {
    await withQaData(async (db) => {
      await db.run(
        "INSERT INTO qa_check_hits (contact_key, rule_id, agent_id, detail) VALUES ('helpdesk|a2', 'greeting', 'ann', NULL), ('helpdesk|b5', 'gap', 'bob', NULL)",
      );
      await rule(db, 'checked', { perAgent: 50, filters: { checks: ['greeting'] } });
      expect(contactIds((await draw(db, 'checked', { dryRun: true })).drawn)).toEqual(['a2']);
    });
  });

  test('balances the reviewers by their open assignments and never gives agents their own contacts', async () => {
    await withQaData(async (db) => {
      for (const id of ['a0', 'c5', 'c6'])
        await createAssignment(
          db,
          { contact: { source: 'helpdesk', externalId: id }, reviewerId: 'u-lead' },
          NOW,
        );
      await createSamplingRule(
        db,
        { id: 'peers', name: 'Peers', reviewers: ['u-lead', 'u-ann', 'u-bob'], perAgent: 3 },
        NOW,
      );
      const drawn = await draw(db, 'peers');
      expect(drawn.drawn).toHaveLength(9);
      for (const a of drawn.drawn) expect(`${a.reviewerId}`).not.toBe(`u-${a.agentId}`);
      const open = await listAssignments(db, { status: 'open', limit: 100, offset: 0 });
      const count = (reviewer: string) => open.assignments.filter((a) => a.reviewerId === reviewer).length;
      // 12 open in all, 4 each: u-lead had 3 and gets 1.
      expect([count('u-lead'), count('u-ann'), count('u-bob')]).toEqual([4, 4, 4]);
    });
  });

  test('self-review hands each agent their own contacts', async () => {
    await withQaData(async (db) => {
      await createSamplingRule(db, { id: 'self', name: 'Self', selfReview: true, perAgent: 1 }, NOW);
      const drawn = await draw(db, 'self');
      expect(drawn.drawn.map((a) => [a.agentId, a.reviewerId, a.kind])).toEqual([
        ['ann', 'u-ann', 'self'],
        ['bob', 'u-bob', 'self'],
        ['cid', 'u-cid', 'self'],
      ]);
    });
  });

  test('the period follows the team time zone and may be named; a wrong name is refused', async () => {
    await withQaData(async (db) => {
      await db.run(
        "INSERT INTO calendars (id, name, timezone, is_default) VALUES ('office', 'Office', 'Pacific/Auckland', true)",
      );
      await rule(db, 'daily', { schedule: 'daily', perAgent: 5 });
      // 06:00 UTC on 10 March is 19:00 in Auckland: yesterday there is 9 March, from 11:00 UTC on 8 March,
      // when only c4 was created (15:00 UTC on 8 March); in UTC nothing was created on 9 March.
      const drawn = await draw(db, 'daily');
      expect(drawn.period).toBe('2026-03-09');
      expect(contactIds(drawn.drawn)).toEqual(['c4']);
      expect(contactIds((await draw(db, 'daily', { period: '2026-03-06', dryRun: true })).drawn)).toEqual([
        'a5',
        'b5',
        'c1',
      ]);
      expect(await drawSample(db, 'daily', { now: NOW, period: 'monday' })).toMatchObject({
        ok: false,
        error: { kind: 'invalid', issues: [{ path: 'period' }] },
      });
    });
  });
});

describe.each(ENGINES)('on $kind', (engine) => {
  test('the same rule and seed draw the same contacts for the same reviewers, filters included', async () => {
    const drawn = await withQaDataOn(engine, async (db) => {
      await rule(db, 'weekly', { perAgent: 3, seed: 'parity' });
      await rule(db, 'filtered', { perAgent: 50 });
      const filtered: string[][] = [];
      for (const filters of [
        { lowCsat: true },
        { tags: ['vip'], topics: ['refund'] },
        { newAgentDays: 2, reopened: true },
        { longHandle: { minSeconds: 86_400 }, teams: ['support'] },
      ]) {
        await updateSamplingRule(db, 'filtered', { filters }, NOW);
        filtered.push(contactIds((await draw(db, 'filtered', { dryRun: true })).drawn));
      }
      const weekly = await draw(db, 'weekly');
      const again = await draw(db, 'weekly');
      return {
        weekly: weekly.drawn.map((a) => `${a.contact.externalId}>${a.reviewerId}`),
        again: again.drawn.length,
        filtered,
        last: (await getSamplingRule(db, 'weekly'))?.lastRunAt,
      };
    });
    expect(drawn).toEqual({
      weekly: await withQaData(async (db) => {
        await rule(db, 'weekly', { perAgent: 3, seed: 'parity' });
        return (await draw(db, 'weekly')).drawn.map((a) => `${a.contact.externalId}>${a.reviewerId}`);
      }),
      again: 0,
      filtered: [['b1'], ['b4'], ['b1'], ['b3']],
      last: '2026-03-10T06:00:00Z',
    });
  });
});
