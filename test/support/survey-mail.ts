import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import { type DuckDbEngine, openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { createMailer, type OutgoingMail } from '../../src/services/mail/mailer.js';
import { migrate } from '../../src/services/migrate.js';
import type { SurveyView } from '../../src/services/surveys/contract.js';
import { createSurvey } from '../../src/services/surveys/store.js';
import { withTempDir } from './engines.js';
import type { TestSmtpServer } from './smtp-server.js';

/** Noon of 1 June 2026: the contacts below were resolved that morning. */
export const MAIL_NOW = new Date('2026-06-01T12:00:00Z');
export const PUBLIC_URL = 'https://meter.acme.test';

/**
 * Contacts resolved on the morning of MAIL_NOW, one for each rule of the post-contact e-mail:
 * c1 Ana (Dutch, vip), c2 Ben (Chinese, a language the survey does not offer), c3 outbound (the
 * agent wrote first), c4 without an address, c5 still open, c6 Ana again (fatigue), c7 resolved
 * too recently, c8 tagged spam, c9 Dee, c10 Gone (refused by the server), c11 Eve.
 */
export const MAIL_FILES: Record<string, string> = {
  'teams.csv': 'id,name\nsupport,Support\nsales,Sales\n',
  'agents.csv': 'id,name,team_id\nann,Ann,support\n',
  'contacts.csv': `source,external_id,channel,created_at,customer_id,team_id,assignee_id,tags,status,customer_email,customer_language
helpdesk,c1,email,2026-06-01T08:00:00Z,cu1,support,ann,vip|billing,solved,Ana@Example.test,nl
helpdesk,c2,chat,2026-06-01T08:01:00Z,cu2,support,ann,,solved,ben@example.test,zh-CN
helpdesk,c3,email,2026-06-01T08:02:00Z,cu3,support,ann,,solved,cy@example.test,en
helpdesk,c4,email,2026-06-01T08:03:00Z,cu4,support,ann,,solved,,
helpdesk,c5,email,2026-06-01T08:04:00Z,cu5,support,ann,,open,open@example.test,en
helpdesk,c6,email,2026-06-01T08:05:00Z,cu1,support,ann,,solved,ana@example.test,nl
helpdesk,c7,email,2026-06-01T08:06:00Z,cu7,support,ann,,solved,late@example.test,en
helpdesk,c8,email,2026-06-01T08:07:00Z,cu8,support,ann,spam,solved,spam@example.test,en
helpdesk,c9,email,2026-06-01T08:08:00Z,cu9,sales,ann,,solved,dee@example.test,en
helpdesk,c10,email,2026-06-01T08:09:00Z,cu10,support,ann,,solved,gone@example.test,en
helpdesk,c11,email,2026-06-01T08:10:00Z,cu11,support,ann,,solved,eve@example.test,en
`,
  'contact_events.csv': `source,contact_external_id,external_id,kind,occurred_at,agent_id,status
${[
  ['c1', '10:00'],
  ['c2', '10:01'],
  ['c4', '10:03'],
  ['c5', ''],
  ['c6', '10:05'],
  ['c7', '11:30'],
  ['c8', '10:07'],
  ['c9', '10:08'],
  ['c10', '10:09'],
  ['c11', '10:10'],
]
  .map(([id, solved]) =>
    [
      `helpdesk,${id},${id}m,customer_message,2026-06-01T08:00:00Z,,`,
      `helpdesk,${id},${id}r,agent_reply,2026-06-01T09:00:00Z,ann,`,
      ...(solved ? [`helpdesk,${id},${id}s,status_change,2026-06-01T${solved}:00Z,ann,solved`] : []),
    ].join('\n'),
  )
  .join('\n')}
helpdesk,c3,c3r,agent_reply,2026-06-01T08:02:00Z,ann,
helpdesk,c3,c3m,customer_message,2026-06-01T08:30:00Z,,
helpdesk,c3,c3s,status_change,2026-06-01T10:02:00Z,ann,solved
`,
};

/** A migrated DuckDB file with MAIL_FILES imported (or `files`). */
export async function withMailData<T>(
  work: (db: DuckDbEngine, dir: string) => Promise<T>,
  files: Record<string, string> = MAIL_FILES,
): Promise<T> {
  return withTempDir(async (dir) => {
    const paths: string[] = [];
    for (const [name, content] of Object.entries(files)) {
      const path = join(dir, name);
      await writeFile(path, content);
      paths.push(path);
    }
    const db = await openDuckDb({ path: join(dir, 'mail.duckdb') });
    try {
      await migrate(db);
      const imported = await importFiles(db, paths);
      if (!imported.ok) throw new Error(`mail fixture import failed: ${JSON.stringify(imported.error)}`);
      return await work(db, dir);
    } finally {
      await db.close();
    }
  });
}

/** A post-contact survey in English and Dutch, CSAT 1–5 as stars, switched on at `activeSince`. */
export async function postContactSurvey(
  engine: Engine,
  activeSince: Date,
  postContact: Record<string, unknown> = {},
): Promise<SurveyView> {
  const created = await createSurvey(
    engine,
    {
      id: 'after-contact',
      name: 'After a contact',
      definition: {
        type: 'post_contact',
        defaultLanguage: 'en',
        languages: ['en', 'nl'],
        title: { en: 'How did we do?', nl: 'Hoe deden we het?' },
        thanks: { en: 'Thank you', nl: 'Dank u' },
        questions: [
          {
            id: 'csat',
            type: 'rating',
            measure: 'csat',
            display: 'stars',
            scale: { min: 1, max: 5 },
            text: { en: 'How satisfied are you?', nl: 'Hoe tevreden bent u?' },
          },
          { id: 'comment', type: 'text', commentOn: 'csat', text: { en: 'Why?', nl: 'Waarom?' } },
        ],
        branding: { senderName: 'Acme Support' },
      },
      settings: {
        postContact: {
          enabled: true,
          delayMinutes: 60,
          fatigueDays: 30,
          reminderAfterHours: 48,
          ...postContact,
        },
        wave: { enabled: true, sample: 1, reminderAfterHours: 72 },
      },
    },
    null,
    activeSince,
  );
  if (!created.ok) throw new Error(`survey not created: ${JSON.stringify(created.error)}`);
  return created.data;
}

export function outgoingMail(smtp: TestSmtpServer, publicUrl: string | null = PUBLIC_URL): OutgoingMail {
  return { mailer: createMailer(smtp.url, { perSecond: 1000 }), from: 'surveys@acme.test', publicUrl };
}

/** The invitations as stored, by address, for assertions. */
export async function invitationsByEmail(engine: Engine): Promise<Map<string, Record<string, unknown>>> {
  const rows = await engine.all(
    `SELECT external_id, lower(email) AS email, via, language, contact_external_id, customer_id, wave_id,
       CAST(sent_at AS VARCHAR) AS sent_at, CAST(delivered_at AS VARCHAR) AS delivered_at,
       CAST(bounced_at AS VARCHAR) AS bounced_at, failure, CAST(reminded_at AS VARCHAR) AS reminded_at
     FROM survey_invitations ORDER BY email`,
  );
  return new Map(rows.map((row) => [String(row.email), row]));
}
