/**
 * What an agent or viewer is told through the real HTTP server about others: the survey answers on
 * a transcript credited to a colleague, and who the reviewers are.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { type Client, signedIn, startTestServer, type TestServer } from '../server/support.js';

let ts: TestServer;
let manager: Client;
let ann: Client;
let bob: Client;
let viewer: Client;
let managerId: string;

/** Fixture contact t1 is ann's; its answer s1 ("Quick, thanks!") is credited to her. */
const T1 = { source: 'helpdesk', externalId: 't1' };
const transcriptPath = `/api/qa/transcript?source=${T1.source}&externalId=${T1.externalId}`;
const surveyComments = (transcript: { entries: { kind: string; body: string | null }[] }) =>
  transcript.entries.filter((e) => e.kind === 'survey_answer').map((e) => e.body);

beforeAll(async () => {
  ts = await startTestServer({
    // An answer on t1 credited to bob, who handled it before it went to ann.
    prepare: async (db, dir) => {
      const file = join(dir, 'survey_responses.csv');
      await writeFile(
        file,
        'source,external_id,kind,scale_min,scale_max,score,comment,contact_external_id,agent_id,sent_at,responded_at\n' +
          'helpdesk,s-bob,csat,1,5,1,Bob was rude,t1,bob,2026-03-02T08:30:00Z,2026-03-02T08:40:00Z\n',
      );
      const imported = await importFiles(db, [file]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    },
  });
  ts.clock.now = new Date('2026-03-10T09:00:00Z');
  [manager, ann, bob, viewer] = await Promise.all([
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'bob'),
    signedIn(ts.url, 'viewer'),
  ]);
  managerId = (await manager.get('/api/auth/session')).json.user.id;
  const scorecard = await manager.post('/api/qa/scorecards', {
    id: 'support',
    definition: { name: 'Support', categories: [{ id: 'tone', name: 'Tone', scale: '1-5' }] },
    status: 'active',
  });
  if (scorecard.status !== 201) throw new Error(scorecard.text);
  const review = await manager.post('/api/qa/reviews', {
    contact: T1,
    scorecardId: 'support',
    ratings: [{ categoryId: 'tone', rating: 4 }],
  });
  if (review.status !== 201) throw new Error(review.text);
});

afterAll(async () => {
  await ts?.stop();
});

describe('the transcript’s survey answers', () => {
  test('an agent reads those credited to them, not a colleague’s; a manager reads all', async () => {
    const asManager = await manager.get(transcriptPath);
    expect(asManager.status).toBe(200);
    expect(surveyComments(asManager.json)).toEqual(['Bob was rude', 'Quick, thanks!']);
    expect(asManager.json.figures.survey).toHaveLength(3);

    const asAnn = await ann.get(transcriptPath);
    expect(asAnn.status).toBe(200);
    expect(surveyComments(asAnn.json)).toEqual(['Quick, thanks!']);
    const annSees = asAnn.json.figures.survey.map((s: { comment: string | null }) => s.comment);
    expect(annSees).not.toContain('Bob was rude');
    // bob is not the assignee and has no assignment of t1: no transcript at all.
    expect((await bob.get(transcriptPath)).status).toBe(404);
  });
});

describe('filter values', () => {
  test('list the reviewers to staff only: an agent and a viewer get none', async () => {
    expect((await manager.get('/api/filter-values')).json.qa_reviewer).toEqual([managerId]);
    const asAnn = await ann.get('/api/filter-values');
    expect(asAnn.status).toBe(200);
    expect(asAnn.json.qa_reviewer).toEqual([]);
    // The other lists stay: the viewer still filters the overview by agent and scorecard.
    const asViewer = await viewer.get('/api/filter-values');
    expect(asViewer.status).toBe(200);
    expect(asViewer.json.qa_reviewer).toEqual([]);
    expect(asViewer.json.qa_scorecard.map((s: { id: string }) => s.id)).toEqual(['support']);
  });
});
