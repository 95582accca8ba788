/**
 * Answers to a servicemeter survey on top of the small-helpdesk fixture, as the processor would have
 * written them: survey `ps` (a post-contact survey from the template, with location front-desk),
 * answered by e-mail on ann's contact t1 and bob's contact t2, by QR code at the front desk, and an
 * invitation on t3 opened but not answered. Imported as canonical files, so the facts credit agents
 * by the documented rule.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import { surveyTemplate } from '../../src/core/surveys/templates.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { createSurvey } from '../../src/services/surveys/store.js';

export const SURVEY_ID = 'ps';

const RESPONSES = `source,external_id,kind,scale_min,scale_max,score,comment,dimension,language,contact_source,contact_external_id,agent_id,customer_id,sent_at,responded_at,survey_id,survey_version,question_id,invitation_id,via,source_label,location,choices
servicemeter,i1,csat,1,5,5,Great 100% SERVICE,,en,helpdesk,t1,,c1,2026-03-02T09:30:00Z,2026-03-02T11:00:00Z,ps,1,,i1,email,,,
servicemeter,i1:knowledge,csat,1,5,4,,knowledge,en,helpdesk,t1,,c1,,2026-03-02T11:00:00Z,ps,1,knowledge,i1,email,,,
servicemeter,i2,csat,1,5,1,"slow_reply, again",,nl,helpdesk,t2,,c2,2026-03-09T09:30:00Z,2026-03-09T13:00:00Z,ps,1,,i2,email,,,
servicemeter,i4,csat,1,5,4,Friendly at the desk,,en,,,,,,2026-03-05T10:00:00Z,ps,1,,i4,qr,,front-desk,
`;

const INVITATIONS = `source,external_id,survey_id,survey_version,via,source_label,location,page_url,wave_id,contact_source,contact_external_id,customer_id,email,language,sent_at,delivered_at,bounced_at,failure,opened_at,answered_at,reminded_at,expires_at
servicemeter,i1,ps,1,email,,,,,helpdesk,t1,c1,c1@example.com,en,2026-03-02T09:30:00Z,2026-03-02T09:30:01Z,,,2026-03-02T10:59:00Z,2026-03-02T11:00:00Z,,2026-03-16T09:30:00Z
servicemeter,i2,ps,1,email,,,,,helpdesk,t2,c2,c2@example.com,nl,2026-03-09T09:30:00Z,2026-03-09T09:30:01Z,,,2026-03-09T12:59:00Z,2026-03-09T13:00:00Z,2026-03-09T12:00:00Z,2026-03-23T09:30:00Z
servicemeter,i3,ps,1,email,,,,,helpdesk,t3,c3,c3@example.com,nl,2026-03-03T11:00:00Z,2026-03-03T11:00:01Z,,,2026-03-03T12:00:00Z,,,2026-03-17T11:00:00Z
servicemeter,i5,ps,1,email,,,,,helpdesk,t6,c1,gone@example.com,en,2026-03-04T10:00:00Z,,2026-03-04T10:00:02Z,550 5.1.1 no such user,,,,2026-03-18T10:00:00Z
servicemeter,i4,ps,1,qr,,front-desk,,,,,,,en,,,,,2026-03-05T09:59:00Z,2026-03-05T10:00:00Z,,
`;

/** Creates survey `ps` and imports its invitations and answers (`dir` holds the files written). */
export async function addSurveyAnswers(db: DuckDbEngine & Engine, dir: string): Promise<void> {
  const created = await createSurvey(
    db,
    {
      id: SURVEY_ID,
      name: 'After a contact',
      definition: surveyTemplate('post_contact'),
      settings: { locations: ['front-desk'], publicSources: ['instagram'] },
    },
    null,
    new Date('2026-03-01T00:00:00Z'),
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const responses = join(dir, 'survey_responses.csv');
  const invitations = join(dir, 'survey_invitations.csv');
  await writeFile(responses, RESPONSES);
  await writeFile(invitations, INVITATIONS);
  const imported = await importFiles(db, [invitations, responses]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
}
