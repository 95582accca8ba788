import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, withDuckDb } from '../../../test/support/engines.js';
import { kpiOverview } from '../../../test/support/sources.js';
import { surveyTemplate } from '../../core/surveys/templates.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { openDuckDb } from '../../engines/duckdb/engine.js';
import { serializeEngine } from '../../server/serialized-engine.js';
import type { FactsChange } from '../rebuild.js';
import { createInvitation } from './invitations.js';
import { SurveyRuntime } from './runtime.js';
import { createSurvey, updateSurvey } from './store.js';

const HELPDESK = [join(FIXTURES, 'small-helpdesk')];
const SENT = new Date('2026-03-09T09:30:00Z');
const ANSWERED = new Date('2026-03-09T12:00:00Z');

async function setUp(db: DuckDbEngine) {
  const created = await createSurvey(
    db,
    { id: 'after', name: 'After a contact', definition: surveyTemplate('post_contact') },
    null,
    SENT,
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const invitation = await createInvitation(
    db,
    {
      surveyId: 'after',
      via: 'email',
      contact: { source: 'helpdesk', externalId: 't2' },
      customerId: 'c2',
      email: 'c2@example.org',
      language: 'nl',
      sentAt: SENT,
    },
    SENT,
  );
  if (!invitation.ok) throw new Error(JSON.stringify(invitation.error));
  let clock = ANSWERED;
  const changes: FactsChange[] = [];
  const runtime = new SurveyRuntime(serializeEngine(db), { now: () => clock });
  runtime.onImported((change) => changes.push(change));
  return {
    invitationId: invitation.data.invitationId,
    runtime,
    changes,
    setClock(at: Date) {
      clock = at;
    },
  };
}

const rowsOf = (db: DuckDbEngine) =>
  db.all(
    `SELECT external_id, kind, score, comment, dimension, question_id, CAST(sent_at AS VARCHAR) AS sent_at,
       CAST(responded_at AS VARCHAR) AS responded_at, contact_key, agent_id, language, via, survey_version
     FROM survey_responses WHERE source = 'servicemeter' ORDER BY external_id`,
  );

describe('survey answers, from submission to facts', () => {
  test('a sent invitation counts as sent before any answer, with the agent credited by the rule', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const { invitationId, runtime } = await setUp(db);
      await runtime.drain();
      expect(await rowsOf(db)).toEqual([
        expect.objectContaining({
          external_id: invitationId,
          kind: 'csat',
          score: null,
          sent_at: '2026-03-09 09:30:00',
          responded_at: null,
          contact_key: 'helpdesk|t2',
        }),
      ]);
      expect(
        await db.all(
          `SELECT agent_id, answered, survey_id FROM survey_facts WHERE survey_key = 'servicemeter|${invitationId}'`,
        ),
      ).toEqual([{ agent_id: 'bob', answered: false, survey_id: 'after' }]);
    });
  });

  test('an acknowledged answer is on disk; processed, it becomes the invitation row and a row per question', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const { invitationId, runtime, changes } = await setUp(db);
      const { submissionId } = await runtime.intake.submit({
        invitationId,
        surveyId: 'after',
        version: 1,
        language: 'nl',
        answers: { csat: 4, effort: 6, speed_to_solve: 2, comment: 'Het duurde een weekend' },
        complete: true,
      });
      expect(await db.all('SELECT id, processed_at FROM survey_submissions')).toEqual([
        { id: submissionId, processed_at: null },
      ]);
      await runtime.drain();
      expect(await rowsOf(db)).toEqual([
        {
          external_id: invitationId,
          kind: 'csat',
          score: 4,
          comment: 'Het duurde een weekend',
          dimension: null,
          question_id: null,
          sent_at: '2026-03-09 09:30:00',
          responded_at: '2026-03-09 12:00:00',
          contact_key: 'helpdesk|t2',
          agent_id: null,
          language: 'nl',
          via: 'email',
          survey_version: 1,
        },
        expect.objectContaining({
          external_id: `${invitationId}:effort`,
          kind: 'ces',
          score: 6,
          sent_at: null,
        }),
        expect.objectContaining({
          external_id: `${invitationId}:speed_to_solve`,
          kind: 'csat',
          score: 2,
          dimension: 'speed_to_solve',
        }),
      ]);
      expect(
        await db.all(
          `SELECT survey_key, agent_id, answered, question_id FROM survey_facts WHERE survey_key LIKE 'servicemeter|%' ORDER BY survey_key`,
        ),
      ).toEqual([
        { survey_key: `servicemeter|${invitationId}`, agent_id: 'bob', answered: true, question_id: null },
        {
          survey_key: `servicemeter|${invitationId}:effort`,
          agent_id: 'bob',
          answered: true,
          question_id: 'effort',
        },
        {
          survey_key: `servicemeter|${invitationId}:speed_to_solve`,
          agent_id: 'bob',
          answered: true,
          question_id: 'speed_to_solve',
        },
      ]);
      expect(await db.all('SELECT CAST(answered_at AS VARCHAR) AS at FROM survey_invitations')).toEqual([
        { at: '2026-03-09 12:00:00' },
      ]);
      expect(await db.all('SELECT outcome, error FROM survey_submissions')).toEqual([
        { outcome: 'ok', error: null },
      ]);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.at(-1)?.days).not.toBeNull();
    });
  });

  test('a one-click score is kept; the later full answer replaces it, and an answer removed by an edit loses its row', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const { invitationId, runtime, setClock } = await setUp(db);
      const submit = (answers: Record<string, number | string>, complete: boolean) =>
        runtime.intake.submit({
          invitationId,
          surveyId: 'after',
          version: 1,
          language: 'nl',
          answers,
          complete,
        });
      await submit({ csat: 2 }, false);
      await runtime.drain();
      expect((await rowsOf(db)).map((r) => [r.external_id, r.score])).toEqual([[invitationId, 2]]);
      setClock(new Date('2026-03-09T12:05:00Z'));
      await submit({ csat: 3, knowledge: 5 }, true);
      await runtime.drain();
      expect((await rowsOf(db)).map((r) => [r.external_id, r.score, r.responded_at])).toEqual([
        [invitationId, 3, '2026-03-09 12:00:00'],
        [`${invitationId}:knowledge`, 5, '2026-03-09 12:00:00'],
      ]);
      // Two edits in one batch: the latest wins.
      await submit({ csat: 1, knowledge: 1 }, true);
      await submit({ csat: 5 }, true);
      await runtime.drain();
      expect((await rowsOf(db)).map((r) => [r.external_id, r.score])).toEqual([[invitationId, 5]]);
      expect(
        await db.all(`SELECT count(*) AS n FROM survey_facts WHERE survey_key LIKE 'servicemeter|%'`),
      ).toEqual([{ n: 1 }]);
      expect(
        (await db.all('SELECT outcome FROM survey_submissions ORDER BY arrival')).map((r) => r.outcome),
      ).toEqual(['ok', 'ok', 'replaced', 'ok']);
      expect(await db.all('SELECT CAST(answered_at AS VARCHAR) AS at FROM survey_invitations')).toEqual([
        { at: '2026-03-09 12:00:00' },
      ]);
    });
  });

  test('a public answer creates its invitation once; its repeat within the window edits it', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const { runtime } = await setUp(db);
      await createSurvey(
        db,
        { id: 'help', name: 'Help centre', definition: surveyTemplate('self_service') },
        null,
        SENT,
      );
      const answer = (helpful: number) => ({
        invitationId: 'PUBLICxxxxxxxxxxxxxxxx',
        surveyId: 'help',
        version: 1,
        language: 'sv',
        answers: { helpful },
        complete: true,
        newInvitation: {
          invitationId: 'PUBLICxxxxxxxxxxxxxxxx',
          surveyId: 'help',
          via: 'widget' as const,
          pageUrl: 'https://help.example.org/returns',
          sentAt: null,
        },
      });
      await runtime.intake.submit(answer(0));
      await runtime.drain();
      await runtime.intake.submit(answer(1));
      await runtime.drain();
      expect(
        await db.all(
          "SELECT via, page_url, CAST(answered_at AS VARCHAR) AS answered_at FROM survey_invitations WHERE survey_id = 'help'",
        ),
      ).toEqual([
        { via: 'widget', page_url: 'https://help.example.org/returns', answered_at: '2026-03-09 12:00:00' },
      ]);
      expect(
        await db.all(
          "SELECT kind, score, language, sent_at, contact_key FROM survey_responses WHERE survey_id = 'help'",
        ),
      ).toEqual([{ kind: 'helpful', score: 1, language: 'sv', sent_at: null, contact_key: null }]);
    });
  });

  test('an answer that does not fit its version, or whose invitation is gone, is marked failed with why', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const { invitationId, runtime } = await setUp(db);
      await runtime.intake.submit({
        invitationId,
        surveyId: 'after',
        version: 1,
        language: 'en',
        answers: { csat: 9 },
        complete: true,
      });
      await runtime.intake.submit({
        invitationId: 'gone',
        surveyId: 'after',
        version: 1,
        language: 'en',
        answers: { csat: 5 },
        complete: true,
      });
      await runtime.drain();
      expect(
        await db.all('SELECT invitation_id, outcome, error FROM survey_submissions ORDER BY arrival'),
      ).toEqual([
        { invitation_id: invitationId, outcome: 'failed', error: 'csat: 9 is outside 1–5' },
        { invitation_id: 'gone', outcome: 'failed', error: 'invitation gone is not stored' },
      ]);
      expect((await rowsOf(db)).map((r) => r.score)).toEqual([null]);
      // An invitation whose version is gone cannot get its row: draining does not wait for it forever.
      await createInvitation(db, { surveyId: 'after', via: 'link', sentAt: SENT }, SENT);
      await db.run('DELETE FROM survey_versions');
      await runtime.drain();
      expect((await rowsOf(db)).map((r) => r.score)).toEqual([null]);
    });
  });

  test('an answer is read with the version its invitation was given, after the survey changed', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const { invitationId, runtime } = await setUp(db);
      const definition = surveyTemplate('post_contact');
      definition.questions = definition.questions.filter((q) => q.id !== 'effort');
      await updateSurvey(db, 'after', { definition }, null, SENT);
      await runtime.intake.submit({
        invitationId,
        surveyId: 'after',
        version: 1,
        language: 'en',
        answers: { csat: 5, effort: 7 },
        complete: true,
      });
      await runtime.drain();
      expect((await rowsOf(db)).map((r) => [r.question_id, r.score, r.survey_version])).toEqual([
        [null, 5, 1],
        ['effort', 7, 1],
      ]);
    });
  });

  test('answers stored but not processed when the server stopped are processed by the next one', async () => {
    await withDuckDb([], async (setup, dir) => {
      await setup.close();
      const path = join(dir, 'test.duckdb');
      const first = await openDuckDb({ path });
      const { invitationId, runtime } = await setUp(first);
      await runtime.intake.submit({
        invitationId,
        surveyId: 'after',
        version: 1,
        language: 'en',
        answers: { csat: 4 },
        complete: true,
      });
      await runtime.stop();
      await first.close();
      const second = await openDuckDb({ path });
      try {
        const next = new SurveyRuntime(serializeEngine(second), { intervalMs: 10 });
        next.start();
        for (let i = 0; i < 500; i++) {
          const [row] = await second.all("SELECT count(*) AS n FROM survey_submissions WHERE outcome = 'ok'");
          if (Number(row?.n) === 1) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await next.stop();
        expect((await rowsOf(second)).map((r) => r.score)).toEqual([4]);
      } finally {
        await second.close();
      }
    });
  });

  test('csat_response_rate counts the invitation as sent, then as answered', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const march = { from: '2026-03-01', to: '2026-04-01' };
      const rate = async () => (await kpiOverview(db, ['csat_response_rate'], march)).csat_response_rate;
      const before = await rate();
      const { invitationId, runtime } = await setUp(db);
      await runtime.drain();
      const sent = await rate();
      await runtime.intake.submit({
        invitationId,
        surveyId: 'after',
        version: 1,
        language: 'en',
        answers: { csat: 5 },
        complete: false,
      });
      await runtime.drain();
      // The fixture: 4 of 5 answered; then ours sent (4 of 6); then answered with one click (5 of 6).
      expect([before, sent, await rate()]).toEqual([
        { value: 0.8, n: 5 },
        { value: 4 / 6, n: 6 },
        { value: 5 / 6, n: 6 },
      ]);
    });
  });
});
