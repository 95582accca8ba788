/**
 * A quality coach's week over HTTP, on the real server: a scorecard with a critical category, a
 * week's sample drawn with a seed, two reviews given from the assignments beside the transcript, a
 * dispute by the reviewed agent and its resolution by a manager, and IQS by agent reflecting all of
 * it — worked by hand below.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, signedIn, startTestServer, type TestServer } from '../server/support.js';

let ts: TestServer;
let admin: Client;
let manager: Client;
let ann: Client;
let bob: Client;
let viewer: Client;
let adminId: string;

/** The week the sample is drawn from (the fixture's first week) and the day the reviews are given. */
const WEEK = '2026-W10';
const REVIEW_DAY = new Date('2026-03-10T09:00:00Z');
const IQS_QUERY = { from: '2026-03-09', to: '2026-03-15', timezone: 'UTC', kpis: ['qa_score', 'qa_reviews'] };

const SCORECARD = {
  id: 'support-email',
  definition: {
    name: 'Support',
    categories: [
      { id: 'accuracy', name: 'Accurate answer', scale: '1-5', weight: 2, critical: true, passMark: 0.5 },
      { id: 'tone', name: 'Tone', scale: '1-5', weight: 1 },
      { id: 'greeting', name: 'Greeting', scale: 'pass_fail', weight: 1, allowNotApplicable: true },
    ],
    passMark: 0.8,
  },
  status: 'active',
};

beforeAll(async () => {
  ts = await startTestServer();
  ts.clock.now = REVIEW_DAY;
  [admin, manager, ann, bob, viewer] = await Promise.all([
    signedIn(ts.url, 'admin'),
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'bob'),
    signedIn(ts.url, 'viewer'),
  ]);
  adminId = (await admin.get('/api/auth/session')).json.user.id;
});

afterAll(async () => {
  await ts?.stop();
});

const reviewPath = (id: string) => `/api/qa/reviews/${encodeURIComponent(id)}`;

describe('the quality coach’s flow', () => {
  let ruleId: string;
  let assignments: { id: string; agentId: string; contact: { source: string; externalId: string } }[];
  let annReview: string;
  let bobReview: string;
  let disputeId: string;

  test('a manager builds a scorecard with a critical category; everyone signed in reads it', async () => {
    const created = await manager.post('/api/qa/scorecards', SCORECARD);
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      id: 'support-email',
      name: 'Support',
      status: 'active',
      version: 1,
    });
    expect(created.json.definition.categories[0]).toMatchObject({ critical: true, passMark: 0.5 });
    expect((await manager.post('/api/qa/scorecards', SCORECARD)).status).toBe(409);
    for (const client of [admin, ann, viewer]) {
      const read = await client.get('/api/qa/scorecards/support-email');
      expect(read.status).toBe(200);
      expect(read.json.definition.name).toBe('Support');
    }
    const audit = await admin.get('/api/audit?action=qa.scorecard.create');
    expect(audit.json.rows.map((r: { target: string }) => r.target)).toContain('support-email');
  });

  test('a scorecard at fault is a 400 naming the field', async () => {
    const bad = await manager.post('/api/qa/scorecards', {
      definition: { name: 'Bad', categories: [{ id: 'Accuracy!', name: 'x' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.join('\n')).toContain('categories.0.id');
  });

  test('a changed definition is the next version; a status alone is not', async () => {
    const renamed = await manager.patch('/api/qa/scorecards/support-email', {
      definition: { ...SCORECARD.definition, description: 'What support checks' },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json.version).toBe(2);
    const status = await manager.patch('/api/qa/scorecards/support-email', { status: 'active' });
    expect(status.json.version).toBe(2);
    const versions = await manager.get('/api/qa/scorecards/support-email/versions');
    expect(versions.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await manager.get('/api/qa/scorecards/nothing/versions')).status).toBe(404);
  });

  test("a week's sample: the same seed draws the same conversations, a draw never repeats one", async () => {
    const rule = await manager.post('/api/qa/sampling-rules', {
      id: 'weekly-support',
      name: 'Weekly support sample',
      schedule: 'weekly',
      perAgent: 1,
      stratifyByChannel: false,
      scorecardId: 'support-email',
      reviewers: [adminId],
      dueDays: 3,
    });
    expect(rule.status, rule.text).toBe(201);
    ruleId = rule.json.id;
    expect(rule.json.definition).toMatchObject({ perAgent: 1, reviewers: [adminId] });

    const draw = (dryRun: boolean) =>
      manager.post(`/api/qa/sampling-rules/${ruleId}/draw`, { period: WEEK, seed: 'coach', dryRun });
    const first = await draw(true);
    const again = await draw(true);
    expect(first.status, first.text).toBe(200);
    expect(again.json.drawn.map((a: { contact: unknown }) => a.contact)).toEqual(
      first.json.drawn.map((a: { contact: unknown }) => a.contact),
    );
    // The fixture's week: ann and bob handled conversations; one of each is drawn.
    expect(first.json.drawn.map((a: { agentId: string }) => a.agentId).sort()).toEqual(['ann', 'bob']);

    const drawn = await draw(false);
    expect(drawn.json.drawn.map((a: { contact: unknown }) => a.contact)).toEqual(
      first.json.drawn.map((a: { contact: unknown }) => a.contact),
    );
    assignments = drawn.json.drawn;
    for (const assignment of assignments)
      expect(assignment).toMatchObject({ reviewerId: adminId, status: 'open', scorecardId: 'support-email' });

    const repeated = await draw(false);
    const taken = new Set(assignments.map((a) => `${a.contact.source}|${a.contact.externalId}`));
    for (const assignment of repeated.json.drawn as typeof assignments)
      expect(taken.has(`${assignment.contact.source}|${assignment.contact.externalId}`)).toBe(false);

    const mine = await admin.get('/api/qa/assignments?reviewer=me&status=open');
    expect(mine.json.assignments.map((a: { id: string }) => a.id)).toEqual(
      expect.arrayContaining(assignments.map((a) => a.id)),
    );
  });

  test('the reviewer reads the transcript and reviews both conversations; IQS is worked by hand', async () => {
    const ofAnn = assignments.find((a) => a.agentId === 'ann');
    const ofBob = assignments.find((a) => a.agentId === 'bob');
    if (!ofAnn || !ofBob) throw new Error('the sample has a conversation of ann and one of bob');

    const transcript = await admin.get(
      `/api/qa/transcript?source=${ofAnn.contact.source}&externalId=${ofAnn.contact.externalId}`,
    );
    expect(transcript.status, transcript.text).toBe(200);
    expect(transcript.json.contact).toMatchObject({ ...ofAnn.contact, assigneeId: 'ann' });
    expect(transcript.json.entries.length).toBeGreaterThan(0);

    const draft = await admin.put('/api/qa/drafts', {
      contact: ofAnn.contact,
      scorecardId: 'support-email',
      ratings: [{ categoryId: 'accuracy', rating: 5 }],
    });
    expect(draft.status, draft.text).toBe(200);
    const kept = await admin.get(
      `/api/qa/drafts?contact=${encodeURIComponent(`${ofAnn.contact.source}|${ofAnn.contact.externalId}`)}`,
    );
    expect(kept.json.draft.ratings).toEqual([{ categoryId: 'accuracy', rating: 5 }]);

    // ann: accuracy 5 → 1, tone 3 → 0.5, greeting pass → 1; (2·1 + 1·0.5 + 1·1) ÷ 4 = 0.875.
    const first = await admin.post('/api/qa/reviews', {
      contact: ofAnn.contact,
      scorecardId: 'support-email',
      assignmentId: ofAnn.id,
      comment: 'Clear and right',
      ratings: [
        { categoryId: 'accuracy', rating: 5 },
        { categoryId: 'tone', rating: 3, comment: 'A bit curt', rootCauses: ['tone'] },
        { categoryId: 'greeting', rating: 1 },
      ],
    });
    expect(first.status, first.text).toBe(201);
    annReview = first.json.id;
    expect(first.json).toMatchObject({
      agentId: 'ann',
      reviewerId: adminId,
      passed: true,
      criticalFailed: false,
    });
    expect(first.json.score).toBeCloseTo(0.875, 10);
    const afterSubmit = await admin.get(
      `/api/qa/drafts?contact=${encodeURIComponent(`${ofAnn.contact.source}|${ofAnn.contact.externalId}`)}`,
    );
    expect(afterSubmit.json.draft).toBeNull();

    // bob: accuracy 2 → 0.25, below the critical pass mark 0.5: the review is 0.
    const second = await admin.post('/api/qa/reviews', {
      contact: ofBob.contact,
      scorecardId: 'support-email',
      assignmentId: ofBob.id,
      ratings: [
        { categoryId: 'accuracy', rating: 2, rootCauses: ['knowledge'], quote: 'no refund is possible' },
        { categoryId: 'tone', rating: 5 },
        { categoryId: 'greeting', rating: null },
      ],
    });
    expect(second.status, second.text).toBe(201);
    bobReview = second.json.id;
    expect(second.json).toMatchObject({ score: 0, passed: false, criticalFailed: true });

    const done = await admin.get('/api/qa/assignments?reviewer=me');
    for (const assignment of done.json.assignments.filter((a: { ruleId: string }) => a.ruleId === ruleId))
      expect(assignment.status).toBe('done');

    const iqs = await manager.post('/api/kpi/query', { ...IQS_QUERY, by: ['agent'] });
    expect(iqs.status, iqs.text).toBe(200);
    const byAgent = Object.fromEntries(
      iqs.json.rows.map((r: { agent: string; qa_score: { value: number } }) => [r.agent, r.qa_score.value]),
    );
    expect(byAgent.ann).toBeCloseTo(0.875, 10);
    expect(byAgent.bob).toBe(0);
  });

  test('bob disputes his review; ann cannot even find it; a second dispute while one is open is refused', async () => {
    expect((await ann.post(`${reviewPath(bobReview)}/disputes`, { reason: 'Mine now' })).status).toBe(404);
    expect((await ann.get(reviewPath(bobReview))).status).toBe(404);

    const opened = await bob.post(`${reviewPath(bobReview)}/disputes`, {
      reason: 'The refund policy changed on 1 March',
      categoryId: 'accuracy',
    });
    expect(opened.status, opened.text).toBe(201);
    disputeId = opened.json.id;
    expect(opened.json).toMatchObject({ reviewId: bobReview, agentId: 'bob', status: 'open' });
    expect((await bob.post(`${reviewPath(bobReview)}/disputes`, { reason: 'Again' })).status).toBe(409);

    const own = await bob.get('/api/qa/disputes');
    expect(own.json.disputes.map((d: { id: string }) => d.id)).toEqual([disputeId]);
    expect((await bob.get('/api/qa/disputes?agent=ann')).status).toBe(403);
    expect((await ann.get('/api/qa/disputes')).json.disputes).toEqual([]);
  });

  test('the disputing agent may not resolve it; a manager accepts it with a changed rating', async () => {
    expect(
      (await bob.post(`/api/qa/disputes/${disputeId}/resolve`, { accept: true, resolution: 'x' })).status,
    ).toBe(403);

    const resolved = await manager.post(`/api/qa/disputes/${disputeId}/resolve`, {
      accept: true,
      resolution: 'The policy changed: the answer was right',
      ratings: [{ categoryId: 'accuracy', rating: 4 }],
    });
    expect(resolved.status, resolved.text).toBe(200);
    // bob, revised: accuracy 4 → 0.75, tone 5 → 1, greeting N/A; (2·0.75 + 1·1) ÷ 3 = 0.8333….
    expect(resolved.json).toMatchObject({ status: 'accepted', scoreBefore: 0 });
    expect(resolved.json.scoreAfter).toBeCloseTo(2.5 / 3, 10);

    const review = await bob.get(reviewPath(bobReview));
    expect(review.status).toBe(200);
    expect(review.json.score).toBeCloseTo(2.5 / 3, 10);
    expect(review.json.dispute).toMatchObject({ id: disputeId, status: 'accepted' });
    expect(review.json.reviewerId).toBe(adminId);

    const iqs = await manager.post('/api/kpi/query', { ...IQS_QUERY, by: ['agent'] });
    const bobRow = iqs.json.rows.find((r: { agent: string }) => r.agent === 'bob');
    expect(bobRow.qa_score.value).toBeCloseTo(2.5 / 3, 10);
    // The team: (0.875 + 0.8333…) ÷ 2.
    const team = await manager.post('/api/kpi/query', IQS_QUERY);
    expect(team.json.rows[0].qa_score.value).toBeCloseTo((0.875 + 2.5 / 3) / 2, 10);
    expect(team.json.rows[0].qa_reviews.value).toBe(2);

    const audit = await admin.get('/api/audit?action=qa.review.submit');
    expect(audit.json.rows.map((r: { target: string }) => r.target)).toEqual(
      expect.arrayContaining([annReview, bobReview]),
    );
  });

  test('reviews list newest first with their filters; an agent gets only their own', async () => {
    const all = await manager.get('/api/qa/reviews?from=2026-03-10&to=2026-03-10');
    expect(all.json.total).toBe(2);
    const disputed = await manager.get('/api/qa/reviews?disputed=true');
    expect(disputed.json.reviews.map((r: { id: string }) => r.id)).toEqual([bobReview]);
    const ofAnn = await manager.get('/api/qa/reviews?agent=ann');
    expect(ofAnn.json.reviews.map((r: { id: string }) => r.id)).toEqual([annReview]);
    const byAnn = await ann.get('/api/qa/reviews');
    expect(byAnn.json.reviews.map((r: { id: string }) => r.id)).toEqual([annReview]);
    expect((await ann.get('/api/qa/reviews?agent=bob')).status).toBe(403);
    const given = await admin.get('/api/qa/reviews?reviewer=me');
    expect(given.json.total).toBe(2);
  });

  test('coaching from the review, a training day, training needs from the root causes', async () => {
    const coaching = await manager.post('/api/qa/coaching', {
      agentId: 'ann',
      reviewIds: [annReview],
      categories: ['tone'],
      actions: [{ text: 'Open with a warm line' }],
      followUpOn: '2026-03-24',
    });
    expect(coaching.status, coaching.text).toBe(201);
    const held = await manager.patch(`/api/qa/coaching/${coaching.json.id}`, {
      status: 'held',
      heldOn: '2026-03-11',
    });
    expect(held.json).toMatchObject({ status: 'held', heldOn: '2026-03-11' });
    expect((await ann.get('/api/qa/coaching')).json.sessions.map((s: { id: string }) => s.id)).toEqual([
      coaching.json.id,
    ]);
    expect((await bob.get('/api/qa/coaching')).json.sessions).toEqual([]);

    const day = await manager.post('/api/qa/training-days', {
      agentId: 'ann',
      day: '2026-03-12',
      hours: 3,
      topic: 'Tone',
    });
    expect(day.status, day.text).toBe(201);
    const days = await ann.get('/api/qa/training-days');
    expect(days.json.days.map((d: { day: string }) => d.day)).toEqual(['2026-03-12']);

    const needs = await manager.get('/api/qa/training-needs?from=2026-03-09&to=2026-03-15');
    expect(needs.status, needs.text).toBe(200);
  });

  test('checks, goals and drift answer for a manager', async () => {
    const checks = await manager.get('/api/qa/checks');
    expect(checks.json.rules.length).toBeGreaterThan(0);
    const [rule] = checks.json.rules;
    const off = await manager.patch(`/api/qa/checks/${rule.id}`, { enabled: false });
    expect(off.json).toMatchObject({ id: rule.id, enabled: false });
    const ran = await manager.post('/api/qa/checks/run', {});
    expect(ran.status, ran.text).toBe(200);
    expect(ran.json.checked).toBeGreaterThan(0);

    const goal = await manager.put('/api/qa/goals', { scope: 'all', reviewsPerMonth: 2 });
    expect(goal.json).toEqual({ scope: 'all', scopeId: '', reviewsPerMonth: 2 });
    expect((await manager.put('/api/qa/goals', { scope: 'team', reviewsPerMonth: 2 })).status).toBe(400);
    const progress = await manager.get('/api/qa/goals/progress?month=2026-03');
    expect(progress.status, progress.text).toBe(200);
    const own = await ann.get('/api/qa/goals/progress?month=2026-03');
    for (const row of own.json.progress) expect(row.agentId).toBe('ann');

    const drift = await manager.get('/api/qa/drift?from=2026-03-01&to=2026-03-31');
    expect(drift.status, drift.text).toBe(200);
  });
  test('a goal the service refuses is a 400 naming the field, and nothing is set or audited', async () => {
    const goalsBefore = (await manager.get('/api/qa/goals')).json.goals;
    const auditBefore = (await admin.get('/api/audit?action=qa.goal.set')).json.rows.length;
    for (const scope of ['team', 'agent']) {
      // Blank after trimming: the request passes the schema, the service refuses it.
      const refused = await manager.put('/api/qa/goals', { scope, scopeId: '   ', reviewsPerMonth: 5 });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json.issues).toEqual([`scopeId: names the ${scope} the goal is for`]);
    }
    expect((await manager.get('/api/qa/goals')).json.goals).toEqual(goalsBefore);
    expect((await admin.get('/api/audit?action=qa.goal.set')).json.rows).toHaveLength(auditBefore);

    const set = await manager.put('/api/qa/goals', { scope: 'agent', scopeId: 'bob', reviewsPerMonth: 6 });
    expect(set.json).toEqual({ scope: 'agent', scopeId: 'bob', reviewsPerMonth: 6 });
    const removed = await manager.put('/api/qa/goals', {
      scope: 'agent',
      scopeId: 'bob',
      reviewsPerMonth: 0,
    });
    expect(removed.json).toEqual({ scope: 'agent', scopeId: 'bob', reviewsPerMonth: 0 });
    expect((await manager.get('/api/qa/goals')).json.goals).toEqual(goalsBefore);
  });
});
