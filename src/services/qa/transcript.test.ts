import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { ensureCheckRules } from './checks.js';
import { transcript } from './transcript.js';

describe('transcript', () => {
  test('a call and its notes: words where there are some, the change otherwise; hits placed on their turn', async () => {
    await withTempDir(async (dir) => {
      const contacts = join(dir, 'contacts.csv');
      const events = join(dir, 'contact_events.csv');
      await writeFile(
        contacts,
        'source,external_id,channel,created_at,team_id,assignee_id,topic,status,subject\nphone,c1,phone,2026-03-02T09:00:00Z,t1,ann,billing,solved,Invoice\n',
      );
      await writeFile(
        events,
        'source,contact_external_id,external_id,kind,occurred_at,agent_id,queue,public,status,escalation_type,body\n' +
          'phone,c1,q1,queue_enter,2026-03-02T09:00:00Z,,billing,,,,\n' +
          'phone,c1,a1,answer,2026-03-02T09:00:30Z,ann,billing,,,,\n' +
          'phone,c1,n1,internal_note,2026-03-02T09:05:00Z,ann,,false,,,Customer asked for a credit note.\n' +
          'phone,c1,e1,escalation,2026-03-02T09:06:00Z,ann,,,,functional,\n' +
          'phone,c1,x1,end,2026-03-02T09:07:00Z,ann,,,,,\n' +
          'phone,c1,s1,status_change,2026-03-02T09:07:00Z,ann,,,solved,,\n',
      );
      await withDuckDb([contacts, events], async (db) => {
        await ensureCheckRules(db);
        await db.run('DELETE FROM qa_check_hits');
        await db.run(
          `INSERT INTO qa_check_hits (contact_key, rule_id, event_source, event_external_id, agent_id, occurred_at, detail)
           VALUES ('phone|c1', 'forbidden_phrases', 'phone', 'n1', 'ann', TIMESTAMP '2026-03-02 09:05:00', '“obviously”'),
                  ('phone|c1', 'preferred_phrases', NULL, NULL, 'ann', NULL, NULL),
                  ('phone|c1', 'greeting', 'phone', 'gone', 'ann', NULL, 'no greeting (en)')`,
        );
        const shown = await transcript(db, { source: 'phone', externalId: 'c1' });
        expect(shown?.contact).toEqual({
          source: 'phone',
          externalId: 'c1',
          channel: 'phone',
          createdAt: '2026-03-02T09:00:00Z',
          subject: 'Invoice',
          assigneeId: 'ann',
          teamId: 't1',
          topic: 'billing',
          status: 'solved',
        });
        expect(shown?.entries.map((e) => [e.eventId, e.kind, e.public, e.body, e.detail])).toEqual([
          ['q1', 'queue_enter', null, null, 'billing'],
          ['a1', 'answer', null, null, 'billing'],
          ['n1', 'internal_note', false, 'Customer asked for a credit note.', null],
          ['e1', 'escalation', null, null, 'functional'],
          ['x1', 'end', null, null, null],
          ['s1', 'status_change', null, null, 'solved'],
        ]);
        expect(shown?.entries[2]?.checks).toEqual([
          { ruleId: 'forbidden_phrases', label: 'Phrases the brand guide forbids', detail: '“obviously”' },
        ]);
        // A hit on the contact, and one on an event that is no longer there, show on the contact.
        expect(shown?.checks.map((c) => c.ruleId)).toEqual(['greeting', 'preferred_phrases']);
        expect(shown?.figures).toMatchObject({ escalations: 1, survey: [] });
      });
    });
  });
});
