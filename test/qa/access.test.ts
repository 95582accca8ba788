/**
 * An agent account probing for what is not theirs, through the real HTTP server: colleagues'
 * reviews, transcripts, disputes, coaching, training, drafts, and the calibration reviews of others
 * while a session is open. Where existence itself would tell something, the answer is 404.
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
let annUserId: string;

/** Fixture contacts: t1 and t3 are ann's, t2 and t6 bob's. */
const T1 = { source: 'helpdesk', externalId: 't1' };
const T2 = { source: 'helpdesk', externalId: 't2' };
const T6 = { source: 'helpdesk', externalId: 't6' };
const key = (contact: { source: string; externalId: string }) =>
  encodeURIComponent(`${contact.source}|${contact.externalId}`);
const reviewPath = (id: string) => `/api/qa/reviews/${encodeURIComponent(id)}`;
const transcriptPath = (contact: { source: string; externalId: string }) =>
  `/api/qa/transcript?source=${contact.source}&externalId=${contact.externalId}`;
const ratings = (accuracy: number) => [
  { categoryId: 'accuracy', rating: accuracy, comment: `accuracy ${accuracy}: private words` },
  { categoryId: 'tone', rating: 4 },
];

let bobReview: string;
let bobDispute: string;
let bobCoaching: string;
let annPeerReview: string;

beforeAll(async () => {
  ts = await startTestServer();
  ts.clock.now = new Date('2026-03-10T09:00:00Z');
  [admin, manager, ann, bob, viewer] = await Promise.all([
    signedIn(ts.url, 'admin'),
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'bob'),
    signedIn(ts.url, 'viewer'),
  ]);
  adminId = (await admin.get('/api/auth/session')).json.user.id;
  annUserId = (await ann.get('/api/auth/session')).json.user.id;

  const scorecard = await manager.post('/api/qa/scorecards', {
    id: 'support',
    definition: {
      name: 'Support',
      categories: [
        { id: 'accuracy', name: 'Accuracy', scale: '1-5', critical: true },
        { id: 'tone', name: 'Tone', scale: '1-5' },
      ],
    },
    status: 'active',
  });
  if (scorecard.status !== 201) throw new Error(scorecard.text);
  // A review of bob by the admin, disputed by bob; a coaching session of bob's.
  const review = await admin.post('/api/qa/reviews', {
    contact: T2,
    scorecardId: 'support',
    ratings: ratings(2),
  });
  if (review.status !== 201) throw new Error(review.text);
  bobReview = review.json.id;
  const dispute = await bob.post(`${reviewPath(bobReview)}/disputes`, { reason: 'Policy changed' });
  if (dispute.status !== 201) throw new Error(dispute.text);
  bobDispute = dispute.json.id;
  const coaching = await manager.post('/api/qa/coaching', { agentId: 'bob', notes: 'Refund policy' });
  if (coaching.status !== 201) throw new Error(coaching.text);
  bobCoaching = coaching.json.id;
  const day = await manager.post('/api/qa/training-days', { agentId: 'bob', day: '2026-03-11', hours: 2 });
  if (day.status !== 201) throw new Error(day.text);
});

afterAll(async () => {
  await ts?.stop();
});

describe('an agent probing for a colleague’s reviews', () => {
  test("another agent's review does not exist for them: read, dispute, list", async () => {
    expect((await ann.get(reviewPath(bobReview))).status).toBe(404);
    expect((await ann.post(`${reviewPath(bobReview)}/disputes`, { reason: 'x' })).status).toBe(404);
    const own = await ann.get('/api/qa/reviews');
    expect(own.status).toBe(200);
    expect(own.json.reviews).toEqual([]);
    expect(own.json.total).toBe(0);
    expect((await ann.get('/api/qa/reviews?agent=bob')).status).toBe(403);
    expect((await ann.get(`/api/qa/reviews?reviewer=${adminId}`)).status).toBe(403);
    // Asking by contact does not reach past the agent's own reviews either.
    const byContact = await ann.get('/api/qa/reviews?contactSource=helpdesk&contactExternalId=t2');
    expect(byContact.json.reviews).toEqual([]);
    // Nor does the comment reach them by any route: bob reads his own, with the reviewer's words.
    const bobs = await bob.get(reviewPath(bobReview));
    expect(bobs.status).toBe(200);
    expect(bobs.json.ratings[0].comment).toBe('accuracy 2: private words');
  });

  test("a colleague's transcript is 404; their own is shown", async () => {
    expect((await ann.get(transcriptPath(T2))).status).toBe(404);
    expect((await ann.get(transcriptPath({ source: 'helpdesk', externalId: 'no-such' }))).status).toBe(404);
    const own = await ann.get(transcriptPath(T1));
    expect(own.status, own.text).toBe(200);
    expect(own.json.contact.assigneeId).toBe('ann');
  });

  test('disputes, coaching and training of a colleague: filtered out, or 403 when asked by name', async () => {
    expect((await ann.get('/api/qa/disputes')).json.disputes).toEqual([]);
    expect((await ann.get('/api/qa/disputes?agent=bob')).status).toBe(403);
    expect((await bob.get('/api/qa/disputes')).json.disputes.map((d: { id: string }) => d.id)).toEqual([
      bobDispute,
    ]);
    expect(
      (await ann.post(`/api/qa/disputes/${bobDispute}/resolve`, { accept: true, resolution: 'x' })).status,
    ).toBe(403);

    expect((await ann.get('/api/qa/coaching')).json.sessions).toEqual([]);
    expect((await ann.get('/api/qa/coaching?agent=bob')).status).toBe(403);
    expect((await bob.get('/api/qa/coaching')).json.sessions.map((s: { id: string }) => s.id)).toEqual([
      bobCoaching,
    ]);
    expect((await ann.patch(`/api/qa/coaching/${bobCoaching}`, { notes: 'x' })).status).toBe(403);

    expect((await ann.get('/api/qa/training-days')).json.days).toEqual([]);
    expect((await ann.get('/api/qa/training-days?agent=bob')).status).toBe(403);
    expect((await ann.get('/api/qa/training-needs?agent=bob')).status).toBe(403);
    const needs = await ann.get('/api/qa/training-needs?from=2026-03-01&to=2026-03-31');
    for (const need of needs.json.needs) expect(need.agentId).toBe('ann');
    expect((await ann.get('/api/qa/goals/progress?month=2026-03&agent=bob')).status).toBe(403);
  });

  test("drafts are the caller's own; a draft of a colleague's conversation cannot be kept", async () => {
    const saved = await admin.put('/api/qa/drafts', {
      contact: T2,
      scorecardId: 'support',
      ratings: ratings(3),
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await admin.get(`/api/qa/drafts?contact=${key(T2)}`)).json.draft).not.toBeNull();
    expect((await ann.get(`/api/qa/drafts?contact=${key(T2)}`)).json.draft).toBeNull();
    expect(
      (await ann.put('/api/qa/drafts', { contact: T2, scorecardId: 'support', ratings: ratings(5) })).status,
    ).toBe(404);
  });

  test('an agent reviews only what is assigned to them, or their own conversation as a self-review', async () => {
    expect(
      (await ann.post('/api/qa/reviews', { contact: T2, scorecardId: 'support', ratings: ratings(5) }))
        .status,
    ).toBe(404);
    // Naming themselves as the agent does not make a colleague's conversation their own.
    const claimed = await ann.post('/api/qa/reviews', {
      contact: T2,
      scorecardId: 'support',
      kind: 'self',
      agentId: 'ann',
      ratings: ratings(5),
    });
    expect(claimed.status).toBe(404);
    expect(
      (await ann.post('/api/qa/reviews', { contact: T1, scorecardId: 'support', ratings: ratings(5) }))
        .status,
    ).toBe(403);
    const self = await ann.post('/api/qa/reviews', {
      contact: T1,
      scorecardId: 'support',
      kind: 'self',
      ratings: ratings(5),
    });
    expect(self.status, self.text).toBe(201);
    expect(self.json).toMatchObject({ kind: 'self', agentId: 'ann', reviewerId: annUserId });
    expect((await ann.get('/api/qa/reviews')).json.reviews.map((r: { id: string }) => r.id)).toEqual([
      self.json.id,
    ]);
  });

  test('a peer review: the conversation assigned opens to the agent, and only that one', async () => {
    const assigned = await manager.post('/api/qa/assignments', { contact: T6, reviewerId: annUserId });
    expect(assigned.status, assigned.text).toBe(201);
    expect((await ann.get('/api/qa/assignments')).json.assignments.map((a: { id: string }) => a.id)).toEqual([
      assigned.json.id,
    ]);
    expect((await ann.get(`/api/qa/assignments?reviewer=${adminId}`)).status).toBe(403);
    expect((await ann.get(transcriptPath(T6))).status).toBe(200);
    // The agent reviewed is the conversation's assignee: naming another is refused, by field.
    for (const agentId of ['ann', 'cid']) {
      const misnamed = await ann.post('/api/qa/reviews', {
        contact: T6,
        scorecardId: 'support',
        agentId,
        ratings: ratings(1),
      });
      expect(misnamed.status, misnamed.text).toBe(400);
      expect(misnamed.json.detail).toContain('agentId');
    }
    // A peer assignment opens no self-review of the colleague's conversation.
    const selfOnPeer = await ann.post('/api/qa/reviews', {
      contact: T6,
      scorecardId: 'support',
      kind: 'self',
      ratings: ratings(5),
    });
    expect(selfOnPeer.status, selfOnPeer.text).toBe(404);
    const peer = await ann.post('/api/qa/reviews', {
      contact: T6,
      scorecardId: 'support',
      assignmentId: assigned.json.id,
      ratings: ratings(4),
    });
    expect(peer.status, peer.text).toBe(201);
    expect(peer.json.agentId).toBe('bob');
    annPeerReview = peer.json.id;
    // The assignment is done: the conversation stays open to read, no longer to review.
    const again = await ann.post('/api/qa/reviews', {
      contact: T6,
      scorecardId: 'support',
      ratings: ratings(5),
    });
    expect(again.status, again.text).toBe(404);
    const selfAfter = await ann.post('/api/qa/reviews', {
      contact: T6,
      scorecardId: 'support',
      kind: 'self',
      agentId: 'ann',
      ratings: ratings(5),
    });
    expect(selfAfter.status, selfAfter.text).toBe(404);
    expect((await ann.get(transcriptPath(T6))).status).toBe(200);
    expect((await ann.get(reviewPath(peer.json.id))).status).toBe(200);
    expect((await bob.get(reviewPath(peer.json.id))).status).toBe(200);
    const given = await ann.get('/api/qa/reviews?reviewer=me');
    // The peer review and her self-review: both given by her.
    expect(given.json.reviews.map((r: { id: string }) => r.id)).toContain(peer.json.id);
    for (const review of given.json.reviews) expect(review.reviewerId).toBe(annUserId);
    // Still nothing of the admin's review of bob.
    expect((await ann.get(reviewPath(bobReview))).status).toBe(404);
    expect((await ann.get(transcriptPath(T2))).status).toBe(404);
  });

  test("the peer reviewer reads the review they gave without the colleague's dispute", async () => {
    const disputed = await bob.post(`${reviewPath(annPeerReview)}/disputes`, { reason: 'Ann misread it' });
    expect(disputed.status, disputed.text).toBe(201);
    const asAnn = await ann.get(reviewPath(annPeerReview));
    expect(asAnn.status).toBe(200);
    expect(asAnn.json.dispute).toBeNull();
    expect(asAnn.json.ratings).toHaveLength(2);
    expect((await bob.get(reviewPath(annPeerReview))).json.dispute).toMatchObject({
      reason: 'Ann misread it',
    });
    expect((await manager.get(reviewPath(annPeerReview))).json.dispute).toMatchObject({
      reason: 'Ann misread it',
    });
  });

  test("a disputed review is not replaced by submitting again: the dispute's outcome stands", async () => {
    const resubmitted = await admin.post('/api/qa/reviews', {
      contact: T2,
      scorecardId: 'support',
      ratings: ratings(5),
    });
    expect(resubmitted.status, resubmitted.text).toBe(409);
    expect(resubmitted.json.detail).toContain('dispute');
    const kept = await admin.get(reviewPath(bobReview));
    expect(kept.json.ratings.find((r: { categoryId: string }) => r.categoryId === 'accuracy').rating).toBe(2);
  });

  test('a viewer sees no review, comment or transcript, only what is checked', async () => {
    expect((await viewer.get('/api/qa/reviews')).status).toBe(403);
    expect((await viewer.get(reviewPath(bobReview))).status).toBe(403);
    expect((await viewer.get(transcriptPath(T2))).status).toBe(403);
    expect((await viewer.get('/api/qa/disputes')).status).toBe(403);
    expect((await viewer.get('/api/qa/scorecards')).status).toBe(200);
    expect((await viewer.get('/api/qa/checks')).status).toBe(200);
  });
});

describe('calibration is blind while open', () => {
  let sessionId: string;
  let adminCalibration: string;
  let annCalibration: string;

  test('each reviewer sees only their own calibration review while the session is open', async () => {
    const session = await manager.post('/api/qa/calibrations', {
      name: 'March',
      scorecardId: 'support',
      reviewers: [adminId, annUserId],
      contacts: [T2],
    });
    expect(session.status, session.text).toBe(201);
    sessionId = session.json.id;
    const mine = await ann.get(`/api/qa/assignments?session=${sessionId}`);
    expect(mine.json.assignments).toHaveLength(1);
    // The calibration assignment opens bob's conversation to ann.
    expect((await ann.get(transcriptPath(T2))).status).toBe(200);

    const calibration = (client: Client, accuracy: number) =>
      client.post('/api/qa/reviews', {
        contact: T2,
        scorecardId: 'support',
        kind: 'calibration',
        calibrationSessionId: sessionId,
        ratings: ratings(accuracy),
      });
    const byAdmin = await calibration(admin, 3);
    expect(byAdmin.status, byAdmin.text).toBe(201);
    adminCalibration = byAdmin.json.id;
    const byAnn = await calibration(ann, 4);
    expect(byAnn.status, byAnn.text).toBe(201);
    annCalibration = byAnn.json.id;

    expect((await ann.get(reviewPath(adminCalibration))).status).toBe(404);
    expect((await ann.get(reviewPath(annCalibration))).status).toBe(200);
    const annList = await ann.get('/api/qa/reviews?reviewer=me&kind=calibration');
    expect(annList.json.reviews.map((r: { id: string }) => r.id)).toEqual([annCalibration]);
    // A manager outside the session waits for it to close too.
    expect((await manager.get(reviewPath(adminCalibration))).status).toBe(404);
    const managerList = await manager.get('/api/qa/reviews?kind=calibration');
    expect(managerList.json.reviews).toEqual([]);
    expect(managerList.json.total).toBe(0);
    // The agent the conversation is of sees none of them.
    expect((await bob.get(reviewPath(adminCalibration))).status).toBe(404);
    expect((await bob.get('/api/qa/reviews?kind=calibration')).json.reviews).toEqual([]);
    // An agent has no business with the sessions themselves.
    expect((await ann.get(`/api/qa/calibrations/${sessionId}/result`)).status).toBe(403);
  });

  test('only the session’s reviewers rate, and only its conversations', async () => {
    const outsider = await manager.post('/api/qa/reviews', {
      contact: T2,
      scorecardId: 'support',
      kind: 'calibration',
      calibrationSessionId: sessionId,
      ratings: ratings(1),
    });
    expect(outsider.status, outsider.text).toBe(403);
    const elsewhere = await admin.post('/api/qa/reviews', {
      contact: T6,
      scorecardId: 'support',
      kind: 'calibration',
      calibrationSessionId: sessionId,
      ratings: ratings(1),
    });
    expect(elsewhere.status, elsewhere.text).toBe(400);
    expect(elsewhere.json.detail).toContain('contact');
  });

  test('while open, the hidden reviews count in no total and the result waits for the close', async () => {
    // Page 2 of one: a total counting what is hidden would tell that another reviewer has rated.
    const paged =
      '/api/qa/reviews?kind=calibration&contactSource=helpdesk&contactExternalId=t2&limit=1&offset=1';
    for (const client of [manager, bob]) {
      const page = await client.get(paged);
      expect(page.status, page.text).toBe(200);
      expect(page.json).toEqual({ reviews: [], total: 0 });
    }
    const annPaged = await ann.get('/api/qa/reviews?reviewer=me&kind=calibration&limit=1&offset=0');
    expect(annPaged.json.total).toBe(1);
    const early = await manager.get(`/api/qa/calibrations/${sessionId}/result`);
    expect(early.status, early.text).toBe(409);
    expect(early.json.detail).toContain('open');
    expect((await admin.get(`/api/qa/calibrations/${sessionId}/result`)).status).toBe(200);
  });

  test('once closed, managers see every calibration review; agents still only their own', async () => {
    const closed = await manager.post(`/api/qa/calibrations/${sessionId}/close`);
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.status).toBe('closed');
    expect((await manager.get(reviewPath(adminCalibration))).status).toBe(200);
    expect((await manager.get('/api/qa/reviews?kind=calibration')).json.total).toBe(2);
    expect((await ann.get(reviewPath(adminCalibration))).status).toBe(404);
    expect((await bob.get(reviewPath(annCalibration))).status).toBe(404);
    expect((await bob.get('/api/qa/reviews?kind=calibration&limit=1&offset=1')).json.total).toBe(0);
    const result = await manager.get(`/api/qa/calibrations/${sessionId}/result`);
    expect(result.status, result.text).toBe(200);
    expect(result.json.reviews).toBe(2);
  });
});
