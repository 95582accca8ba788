import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DrivenClock } from '../../../../test/support/driven-clock.js';
import { startSmtpServer, type TestSmtpServer } from '../../../../test/support/smtp-server.js';
import { outgoingMail, postContactSurvey, withMailData } from '../../../../test/support/survey-mail.js';
import { serializeEngine } from '../../../server/serialized-engine.js';
import type { OutgoingMail } from '../../mail/mailer.js';
import { createJobRunner } from '../runner.js';
import { createJob } from '../store.js';
import { JOB_KINDS } from './index.js';
import { surveyRemindersJob } from './survey-reminders.js';

let smtp: TestSmtpServer;
let mail: OutgoingMail;
beforeEach(async () => {
  smtp = await startSmtpServer();
  mail = outgoingMail(smtp);
});
afterEach(async () => {
  mail.mailer.close();
  await smtp.close();
});

describe('the survey-reminders job', () => {
  test('takes an optional survey', () => {
    expect(surveyRemindersJob.validate(undefined)).toEqual({ ok: true, data: {} });
    expect(surveyRemindersJob.validate({ surveyId: 'x' })).toEqual({ ok: true, data: { surveyId: 'x' } });
    expect(surveyRemindersJob.validate({ survey: 'x' })).toMatchObject({
      ok: false,
      error: [{ field: 'survey' }],
    });
  });

  test('reminds every active survey’s unanswered mails once, and retries held-back wave mails', async () => {
    await withMailData(async (raw) => {
      const db = serializeEngine(raw);
      const clock = new DrivenClock('2026-06-01T12:00:00Z');
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'));
      const runner = createJobRunner({
        engine: db,
        duckdb: raw,
        kinds: JOB_KINDS,
        now: clock.now,
        timer: clock.timer,
        mail,
      });
      try {
        await runner.start();
        const make = async (kind: string, params: Record<string, unknown>) => {
          const job = await createJob(db, JOB_KINDS, { kind, params, timezone: 'UTC' }, clock.now());
          if (!job.ok) throw new Error(JSON.stringify(job.error));
          return job.data.id;
        };
        const mailing = await make('survey-post-contact', { surveyId: survey.id });
        const wave = await make('survey-wave', { surveyId: survey.id, seed: 3 });
        const reminders = await make('survey-reminders', {});
        expect((await runner.runOne(mailing))?.outcome).toBe('ok');
        const mailed = smtp.received.length;
        expect(mailed).toBe(6);
        smtp.dropNext(1);
        // The six customers mailed after their contacts are within the fatigue days: the wave leaves them out.
        expect((await runner.runOne(wave))?.detail).toMatchObject({
          invited: 3,
          fatigued: 6,
          sent: 2,
          deferred: 1,
        });
        const waveMailed = smtp.received.length;

        // The wave's dropped mail goes out with the next reminders run; nothing is due to be reminded yet.
        clock.moveTo('2026-06-01T13:00:00Z');
        const retried = await runner.runOne(reminders);
        expect(retried?.detail).toMatchObject({ waveMailsSent: 1, reminded: 0 });
        expect(smtp.received.length).toBe(waveMailed + 1);

        clock.moveTo('2026-06-03T12:00:00Z');
        const first = await runner.runOne(reminders);
        // 48 h after the post-contact mails (the wave's reminder comes after 72 h).
        expect(first?.detail).toMatchObject({ reminded: mailed });
        clock.moveTo('2026-06-03T13:00:00Z');
        expect((await runner.runOne(reminders))?.detail).toMatchObject({ reminded: 0 });
      } finally {
        await runner.stop();
      }
    });
  });
});
