import { describe, expect, test } from 'vitest';
import { withDuckDb } from '../../../test/support/engines.js';
import { serializeEngine } from '../../server/serialized-engine.js';
import { SurveyAnswerIntake } from './intake.js';
import { SurveyRuntime } from './runtime.js';

const NOW = new Date('2026-03-09T12:00:00Z');

describe('survey answer intake', () => {
  test('a burst of answers is acknowledged only once stored, each once, in few transactions', async () => {
    await withDuckDb([], async (db) => {
      const engine = serializeEngine(db);
      let transactions = 0;
      const counting = {
        ...engine,
        transaction: <T>(work: () => Promise<T>) => {
          transactions++;
          return engine.transaction(work);
        },
      };
      const intake = new SurveyAnswerIntake(counting, { now: () => NOW });
      const acknowledged = await Promise.all(
        Array.from({ length: 1500 }, (_, i) =>
          intake.submit({
            invitationId: `inv${i}`,
            surveyId: 'after',
            version: 1,
            language: 'en',
            answers: { csat: (i % 5) + 1 },
            complete: true,
          }),
        ),
      );
      expect(new Set(acknowledged.map((a) => a.submissionId)).size).toBe(1500);
      const [stored] = await db.all(
        'SELECT count(*) AS n, count(DISTINCT arrival) AS arrivals, min(arrival) AS first FROM survey_submissions',
      );
      expect(stored).toEqual({ n: 1500, arrivals: 1500, first: 1 });
      expect(transactions).toBeLessThan(10);
      const [one] = await db.all(
        "SELECT payload, complete, CAST(received_at AS VARCHAR) AS at FROM survey_submissions WHERE invitation_id = 'inv7'",
      );
      expect(one).toEqual({
        payload: JSON.stringify({ version: 1, language: 'en', answers: { csat: 3 } }),
        complete: true,
        at: '2026-03-09 12:00:00',
      });
    });
  });

  test('answers submitted one after the other are each stored; after stop, submitting is refused', async () => {
    await withDuckDb([], async (db) => {
      const intake = new SurveyAnswerIntake(db);
      for (let i = 0; i < 5; i++)
        await intake.submit({
          invitationId: 'inv',
          surveyId: 's',
          version: 1,
          language: 'en',
          answers: { q: i },
          complete: false,
        });
      expect(await db.all('SELECT arrival FROM survey_submissions ORDER BY arrival')).toEqual(
        [1, 2, 3, 4, 5].map((arrival) => ({ arrival })),
      );
      await intake.stop();
      await expect(
        intake.submit({
          invitationId: 'inv',
          surveyId: 's',
          version: 1,
          language: 'en',
          answers: {},
          complete: false,
        }),
      ).rejects.toThrow('the survey answer intake is closed');
    });
  });

  test('with a connection of its own, answers are stored while the shared connection is held by a rebuild', async () => {
    await withDuckDb([], async (db) => {
      const engine = serializeEngine(db);
      const runtime = new SurveyRuntime(engine, { database: db });
      let release = () => {};
      const held = engine.exclusive(
        () =>
          new Promise<void>((resolve) => {
            release = resolve;
          }),
      );
      const stored = await runtime.intake.submit({
        invitationId: 'inv',
        surveyId: 's',
        version: 1,
        language: 'en',
        answers: { q: 1 },
        complete: true,
      });
      const reader = await db.openReader();
      expect(await reader.all('SELECT id FROM survey_submissions')).toEqual([{ id: stored.submissionId }]);
      await reader.close();
      release();
      await held;
      await runtime.stop();
    });
  });
});
