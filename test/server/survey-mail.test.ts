import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { JOB_KINDS } from '../../src/services/jobs/kinds/index.js';
import { createJob } from '../../src/services/jobs/store.js';
import type { OutgoingMail } from '../../src/services/mail/mailer.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { MAIL_FILES, outgoingMail, postContactSurvey } from '../support/survey-mail.js';
import { startTestServer } from './support.js';

let smtp: TestSmtpServer;
let mail: OutgoingMail;
beforeEach(async () => {
  smtp = await startSmtpServer();
  mail = outgoingMail(smtp, 'https://survey.acme.test/');
});
afterEach(async () => {
  mail.mailer.close();
  await smtp.close();
});

describe('survey e-mails from a running server', () => {
  test('the server’s jobs send through the mail server it was started with, linking to its public address', async () => {
    let jobId = '';
    const server = await startTestServer({
      users: false,
      prepare: async (db, dir) => {
        const paths: string[] = [];
        for (const [name, content] of Object.entries(MAIL_FILES)) {
          await writeFile(join(dir, name), content);
          paths.push(join(dir, name));
        }
        const imported = await importFiles(db, paths);
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
        const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'));
        const job = await createJob(
          db,
          JOB_KINDS,
          { kind: 'survey-post-contact', params: { surveyId: survey.id }, timezone: 'UTC' },
          new Date('2026-06-01T07:00:00Z'),
        );
        if (!job.ok) throw new Error(JSON.stringify(job.error));
        jobId = job.data.id;
      },
      serve: () => ({ mail }),
    });
    try {
      server.clock.now = new Date('2026-06-01T12:00:00Z');
      const finished = await server.server.jobs.runOne(jobId);
      expect(finished?.outcome).toBe('ok');
      expect(smtp.received.length).toBeGreaterThan(0);
      const html = String(smtp.received[0]?.parsed.html);
      expect(html).toContain('href="https://survey.acme.test/s/');
      expect(html).not.toContain('127.0.0.1');
    } finally {
      await server.stop();
    }
  });
});
