import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES } from '../../../test/support/engines.js';
import { addSurveyAnswers, SURVEY_ID } from '../../../test/support/survey-answers.js';
import { type DuckDbEngine, openDuckDb } from '../../engines/duckdb/engine.js';
import { importFiles } from '../import.js';
import { migrate } from '../migrate.js';
import { type AnswerView, type AnswerViewScope, listAnswers, listInvitations } from './answers-view.js';

let dir: string;
let db: DuckDbEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-answers-view-'));
  db = await openDuckDb({ path: join(dir, 'answers.duckdb') });
  await migrate(db);
  const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  await addSurveyAnswers(db, dir);
});

afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const everyone: AnswerViewScope = { agentId: null, withEmail: false };
const keys = (answers: AnswerView[]) => answers.map((a) => a.key);

async function answers(filter: Parameters<typeof listAnswers>[1], scope = everyone) {
  const page = await listAnswers(db, filter, scope);
  if (!page.ok) throw new Error(JSON.stringify(page.error));
  return page.data;
}

describe('answers', () => {
  test("a survey's answers, newest first, with the credited agent, the channel and the contact", async () => {
    const page = await answers({ survey: SURVEY_ID, limit: 50 });
    expect(keys(page.items)).toEqual([
      'servicemeter|i2',
      'servicemeter|i4',
      'servicemeter|i1:knowledge',
      'servicemeter|i1',
    ]);
    expect(page.nextCursor).toBeNull();
    const [second, qr, , first] = page.items;
    expect(first).toMatchObject({
      surveyId: SURVEY_ID,
      surveyName: 'After a contact',
      surveyVersion: 1,
      questionId: null,
      invitationId: 'i1',
      kind: 'csat',
      score: 5,
      scaleMin: 1,
      scaleMax: 5,
      comment: 'Great 100% SERVICE',
      contactKey: 'helpdesk|t1',
      // The last agent who replied before it was sent.
      agentId: 'ann',
      channel: 'email',
      via: 'email',
      customerId: 'c1',
      email: null,
      respondedAt: '2026-03-02T11:00:00Z',
    });
    expect(second).toMatchObject({ agentId: 'bob', contactKey: 'helpdesk|t2', comment: 'slow_reply, again' });
    expect(qr).toMatchObject({ via: 'qr', location: 'front-desk', contactKey: null, agentId: null });
    expect(page.items[2]).toMatchObject({ questionId: 'knowledge', dimension: 'knowledge', score: 4 });
  });

  test('imported answers of other tools are listed too, and the survey filter leaves them out', async () => {
    const all = await answers({ limit: 500 });
    expect(keys(all.items)).toContain('helpdesk|s1');
    // Unanswered invitations are not answers.
    expect(keys(all.items)).not.toContain('helpdesk|s5');
    expect(keys((await answers({ survey: SURVEY_ID, limit: 500 })).items)).not.toContain('helpdesk|s1');
  });

  test('an agent gets only the answers credited to them', async () => {
    const ann = await answers({ survey: SURVEY_ID, limit: 50 }, { agentId: 'ann', withEmail: false });
    expect(keys(ann.items)).toEqual(['servicemeter|i1:knowledge', 'servicemeter|i1']);
    const everyAnn = await answers({ limit: 500 }, { agentId: 'ann', withEmail: false });
    expect(new Set(everyAnn.items.map((a) => a.agentId))).toEqual(new Set(['ann']));
    // Filtering on another agent inside an agent's scope finds nothing.
    expect((await answers({ agent: 'bob', limit: 50 }, { agentId: 'ann', withEmail: false })).items).toEqual(
      [],
    );
  });

  test('the address the invitation went to only when asked for (admins)', async () => {
    const page = await answers({ survey: SURVEY_ID, limit: 50 }, { agentId: null, withEmail: true });
    expect(page.items.find((a) => a.key === 'servicemeter|i1')?.email).toBe('c1@example.com');
    expect(page.items.find((a) => a.key === 'servicemeter|i4')?.email).toBeNull();
  });

  test('comments are searched whatever their case, % and _ taken literally', async () => {
    expect(keys((await answers({ text: 'great 100%', limit: 50 })).items)).toEqual(['servicemeter|i1']);
    expect(keys((await answers({ text: '100% s', limit: 50 })).items)).toEqual(['servicemeter|i1']);
    expect(keys((await answers({ text: 'W_R', limit: 50 })).items)).toEqual(['servicemeter|i2']);
    expect((await answers({ text: 'slow%again', limit: 50 })).items).toEqual([]);
    expect(keys((await answers({ text: 'QUICK', limit: 50 })).items)).toEqual(['helpdesk|s1']);
  });

  test('days, scores, channel, way and question narrow the list', async () => {
    const march5 = await answers({ survey: SURVEY_ID, from: '2026-03-05', to: '2026-03-05', limit: 50 });
    expect(keys(march5.items)).toEqual(['servicemeter|i4']);
    const low = await answers({ survey: SURVEY_ID, scoreMax: 2, limit: 50 });
    expect(keys(low.items)).toEqual(['servicemeter|i2']);
    const high = await answers({ survey: SURVEY_ID, scoreMin: 4, scoreMax: 4, limit: 50 });
    expect(keys(high.items)).toEqual(['servicemeter|i4', 'servicemeter|i1:knowledge']);
    expect(keys((await answers({ survey: SURVEY_ID, via: 'qr', limit: 50 })).items)).toEqual([
      'servicemeter|i4',
    ]);
    expect(keys((await answers({ channel: 'chat', limit: 50 })).items)).toEqual(['helpdesk|s3']);
    expect(keys((await answers({ question: 'knowledge', limit: 50 })).items)).toEqual([
      'servicemeter|i1:knowledge',
    ]);
  });

  test('pages follow each other without a gap or a repeat', async () => {
    const all = await answers({ limit: 500 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await answers({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...keys(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(keys(all.items));
    expect(seen.length).toBeGreaterThan(6);
  });

  test('a cursor it did not give is refused, naming the field', async () => {
    for (const cursor of ['nonsense', Buffer.from('["x","y"]').toString('base64url')]) {
      const page = await listAnswers(db, { limit: 5, cursor }, everyone);
      expect(page).toEqual({
        ok: false,
        error: { kind: 'invalid', field: 'cursor', reason: expect.any(String) },
      });
    }
  });
});

describe('invitations', () => {
  test("a survey's invitations, newest first, with the furthest state each reached and the totals", async () => {
    const page = await listInvitations(db, SURVEY_ID, { limit: 50 }, { withEmail: true });
    if (!page.ok) throw new Error(JSON.stringify(page.error));
    expect(page.data.items.map((i) => [i.id, i.state])).toEqual([
      ['i2', 'answered'],
      ['i4', 'answered'],
      ['i5', 'bounced'],
      ['i3', 'opened'],
      ['i1', 'answered'],
    ]);
    expect(page.data.totals).toEqual({
      all: 5,
      sent: 4,
      delivered: 3,
      bounced: 1,
      opened: 4,
      answered: 3,
      reminded: 1,
    });
    const bounced = page.data.items.find((i) => i.id === 'i5');
    expect(bounced).toMatchObject({
      failure: '550 5.1.1 no such user',
      email: 'gone@example.com',
      contactKey: 'helpdesk|t6',
      bouncedAt: '2026-03-04T10:00:02Z',
    });
  });

  test('by state, a page at a time, addresses only when asked for', async () => {
    const answered = await listInvitations(
      db,
      SURVEY_ID,
      { state: 'answered', limit: 2 },
      { withEmail: false },
    );
    if (!answered.ok) throw new Error(JSON.stringify(answered.error));
    expect(answered.data.items.map((i) => i.id)).toEqual(['i2', 'i4']);
    expect(answered.data.items.every((i) => i.email === null)).toBe(true);
    // The totals are of the whole survey, whatever the page and state.
    expect(answered.data.totals.all).toBe(5);
    const rest = await listInvitations(
      db,
      SURVEY_ID,
      { state: 'answered', limit: 2, cursor: answered.data.nextCursor ?? '' },
      { withEmail: false },
    );
    if (!rest.ok) throw new Error(JSON.stringify(rest.error));
    expect(rest.data.items.map((i) => i.id)).toEqual(['i1']);
    expect(rest.data.nextCursor).toBeNull();
  });
});
