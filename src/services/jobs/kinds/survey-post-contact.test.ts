import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DrivenClock } from '../../../../test/support/driven-clock.js';
import { startSmtpServer, type TestSmtpServer } from '../../../../test/support/smtp-server.js';
import { outgoingMail, postContactSurvey, withMailData } from '../../../../test/support/survey-mail.js';
import type { DuckDbEngine } from '../../../engines/duckdb/engine.js';
import { serializeEngine } from '../../../server/serialized-engine.js';
import { importFiles } from '../../import.js';
import type { OutgoingMail } from '../../mail/mailer.js';
import { updateSurvey } from '../../surveys/store.js';
import { createJobRunner } from '../runner.js';
import { createJob, getJob, listRuns } from '../store.js';
import { JOB_KINDS } from './index.js';
import { surveyPostContactJob } from './survey-post-contact.js';

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

/** One more contact of a new customer, resolved at `resolvedAt`. */
async function importContact(db: DuckDbEngine, dir: string, id: string, resolvedAt: string) {
  const contacts = join(dir, 'contacts.csv');
  const events = join(dir, 'contact_events.csv');
  await writeFile(
    contacts,
    `source,external_id,channel,created_at,customer_id,status,customer_email\nhelpdesk,${id},email,2026-06-01T12:00:00Z,cu-${id},solved,${id}@example.test\n`,
  );
  await writeFile(
    events,
    `source,contact_external_id,external_id,kind,occurred_at,status\nhelpdesk,${id},${id}m,customer_message,2026-06-01T12:00:00Z,\nhelpdesk,${id},${id}s,status_change,${resolvedAt},solved\n`,
  );
  const imported = await importFiles(db, [contacts, events]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
}

describe('the survey-post-contact job', () => {
  test('checks its parameters', () => {
    expect(surveyPostContactJob.validate({ surveyId: 'after-contact' })).toEqual({
      ok: true,
      data: { surveyId: 'after-contact' },
    });
    expect(surveyPostContactJob.validate({})).toMatchObject({ ok: false, error: [{ field: 'surveyId' }] });
    expect(surveyPostContactJob.validate({ surveyId: 's', since: 'yesterday', extra: 1 })).toMatchObject({
      ok: false,
      error: [{ field: 'extra' }, { field: 'since' }],
    });
  });

  test('mails on its schedule through the runner’s mail server, going on from its cursor', async () => {
    await withMailData(async (raw, dir) => {
      const db = serializeEngine(raw);
      const clock = new DrivenClock('2026-06-01T12:00:00Z');
      const survey = await postContactSurvey(db, new Date('2026-06-01T12:00:00Z'));
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
        const job = await createJob(
          db,
          JOB_KINDS,
          {
            kind: 'survey-post-contact',
            params: { surveyId: survey.id, since: '2026-06-01T00:00:00Z' },
            schedule: '*/5 * * * *',
            timezone: 'UTC',
          },
          clock.now(),
        );
        if (!job.ok) throw new Error(JSON.stringify(job.error));
        clock.moveTo('2026-06-01T12:05:00Z');
        await runner.wake();
        expect(await getJob(db, JOB_KINDS, job.data.id)).toMatchObject({
          lastOutcome: 'ok',
          lastError: null,
        });
        const [first] = await listRuns(db, job.data.id);
        expect(first?.detail).toMatchObject({ sent: 6, skipped: { outbound: 1, fatigue: 1 } });
        expect(smtp.received).toHaveLength(6);

        clock.moveTo('2026-06-01T12:40:00Z');
        await runner.wake();
        // c7, resolved at 11:30, is now an hour old; nobody else is mailed again.
        expect(smtp.received).toHaveLength(7);
        expect(smtp.received.at(-1)?.to).toEqual(['late@example.test']);

        // Contacts resolved while the survey is paused are not asked when it is active again.
        await updateSurvey(db, survey.id, { status: 'paused' }, null, clock.now());
        await importContact(raw, dir, 'c12', '2026-06-01T12:50:00Z');
        clock.moveTo('2026-06-01T14:00:00Z');
        await runner.wake();
        await updateSurvey(db, survey.id, { status: 'active' }, null, clock.now());
        clock.moveTo('2026-06-01T14:05:00Z');
        await runner.wake();
        expect(await getJob(db, JOB_KINDS, job.data.id)).toMatchObject({ lastOutcome: 'ok' });
        expect(smtp.received).toHaveLength(7);
      } finally {
        await runner.stop();
      }
    });
  });

  test('fails saying what is missing when the server has no mail server', async () => {
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
      });
      try {
        await runner.start();
        const job = await createJob(
          db,
          JOB_KINDS,
          { kind: 'survey-post-contact', params: { surveyId: survey.id }, timezone: 'UTC' },
          clock.now(),
        );
        if (!job.ok) throw new Error(JSON.stringify(job.error));
        const finished = await runner.runOne(job.data.id);
        expect(finished?.outcome).toBe('failed');
        expect(finished?.error).toContain('--smtp');
        expect(smtp.received).toHaveLength(0);
      } finally {
        await runner.stop();
      }
    });
  });
});
