import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, withDuckDb } from '../../../test/support/engines.js';
import { surveyTemplate } from '../../core/surveys/templates.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { serializeEngine } from '../../server/serialized-engine.js';
import { setSurveyConfig } from './config.js';
import { applyRetention, eraseCustomer } from './erase.js';
import { createInvitation } from './invitations.js';
import { SurveyRuntime } from './runtime.js';
import { createSurvey } from './store.js';
import { emailHash, isUnsubscribed, unsubscribe, unsubscribedSet } from './unsubscribes.js';
import { uploadWaveList, waveList } from './waves.js';

const HELPDESK = [join(FIXTURES, 'small-helpdesk')];
const SENT = new Date('2026-03-09T09:30:00Z');

/** Two answered invitations: c2 (about contact t2) and c1 (about t1), each with a comment. */
async function answered(db: DuckDbEngine) {
  await db.run("UPDATE contacts SET customer_email = 'Cee.Two@example.org' WHERE external_id = 't2'");
  await createSurvey(
    db,
    { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
    null,
    SENT,
  );
  const runtime = new SurveyRuntime(serializeEngine(db), { now: () => SENT });
  const ids: string[] = [];
  for (const [customer, contact, email] of [
    ['c2', 't2', 'cee.two@example.org'],
    ['c1', 't1', 'c1@example.org'],
  ] as const) {
    const made = await createInvitation(
      db,
      {
        surveyId: 'after',
        via: 'email',
        contact: { source: 'helpdesk', externalId: contact },
        customerId: customer,
        email,
        sentAt: SENT,
      },
      SENT,
    );
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    ids.push(made.data.invitationId);
    await runtime.intake.submit({
      invitationId: made.data.invitationId,
      surveyId: 'after',
      version: 1,
      language: 'en',
      answers: { csat: 2, knowledge: 3, comment: `comment of ${customer}` },
      complete: true,
    });
  }
  await runtime.drain();
  return ids;
}

describe('erasing a customer', () => {
  test('kept anonymised: scores stay without customer, contact or comment; addresses and stored answers go', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const [erased, kept] = await answered(db);
      const counts = await eraseCustomer(
        serializeEngine(db),
        { email: 'CEE.TWO@example.org' },
        { keepAnonymised: true },
        SENT,
      );
      expect(counts).toEqual({ invitations: 1, answers: 5, contacts: 1 });
      expect(
        await db.all(
          `SELECT invitation_id, score, customer_id, contact_key, comment FROM survey_responses
           WHERE source = 'servicemeter' AND question_id IS NULL ORDER BY customer_id NULLS LAST`,
        ),
      ).toEqual([
        {
          invitation_id: kept,
          score: 2,
          customer_id: 'c1',
          contact_key: 'helpdesk|t1',
          comment: 'comment of c1',
        },
        { invitation_id: erased, score: 2, customer_id: null, contact_key: null, comment: null },
      ]);
      // The fixture's own answers of c2 (other sources) are anonymised too.
      expect(await db.all("SELECT count(*) AS n FROM survey_responses WHERE customer_id = 'c2'")).toEqual([
        { n: 0 },
      ]);
      expect(await db.all('SELECT email FROM survey_invitations ORDER BY email NULLS LAST')).toEqual([
        { email: 'c1@example.org' },
        { email: null },
      ]);
      expect(await db.all("SELECT customer_email FROM contacts WHERE external_id = 't2'")).toEqual([
        { customer_email: null },
      ]);
      expect(await db.all('SELECT invitation_id FROM survey_submissions')).toEqual([{ invitation_id: kept }]);
      expect(
        await db.all(`SELECT contact_key FROM survey_facts WHERE survey_key = 'servicemeter|${erased}'`),
      ).toEqual([{ contact_key: null }]);
    });
  });

  test('not kept: the answers and invitations go, and their facts with them', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const [erased] = await answered(db);
      const counts = await eraseCustomer(db, { customerId: 'c2' }, { keepAnonymised: false }, SENT);
      expect(counts).toEqual({ invitations: 1, answers: 5, contacts: 1 });
      expect(
        await db.all(
          "SELECT count(*) AS n FROM survey_responses WHERE customer_id = 'c2' OR invitation_id = ?",
          [erased],
        ),
      ).toEqual([{ n: 0 }]);
      expect(
        await db.all('SELECT count(*) AS n FROM survey_facts WHERE survey_key LIKE ?', [
          `servicemeter|${erased}%`,
        ]),
      ).toEqual([{ n: 0 }]);
      expect(await db.all('SELECT count(*) AS n FROM survey_invitations')).toEqual([{ n: 1 }]);
      // Nobody to erase: nothing changes.
      expect(
        await eraseCustomer(db, { email: 'nobody@example.org' }, { keepAnonymised: false }, SENT),
      ).toEqual({
        invitations: 0,
        answers: 0,
        contacts: 0,
      });
    });
  });

  test('an erased customer who unsubscribed stays unsubscribed, by hash only', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      await answered(db);
      await unsubscribe(db, 'Cee.Two@Example.org', 'page', SENT, 'c2');
      await unsubscribe(db, 'cee.two@example.org', 'one-click', SENT);
      await eraseCustomer(db, { customerId: 'c2' }, { keepAnonymised: true }, SENT);
      expect(await db.all('SELECT email_hash, customer_id, via FROM survey_unsubscribes')).toEqual([
        { email_hash: emailHash('cee.two@example.org'), customer_id: null, via: 'page' },
      ]);
      expect(await isUnsubscribed(db, ' CEE.two@example.org')).toBe(true);
      expect(await isUnsubscribed(db, 'c1@example.org')).toBe(false);
      const set = await unsubscribedSet(db);
      expect([set.size, set.has('cee.TWO@example.org'), set.has('c1@example.org')]).toEqual([1, true, false]);
      const stored = JSON.stringify(await db.all('SELECT * FROM survey_unsubscribes'));
      expect(stored).not.toContain('example.org');
    });
  });
});

describe('erasing leaves nothing that finds or mails the customer again', () => {
  test('mail failures lose their text, the address is never mailed again, wave lists lose it', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      const [erased] = await answered(db);
      await db.run("UPDATE survey_invitations SET failure = 'reminder refused: 550 mailbox full'");
      const upload = await uploadWaveList(
        db,
        'after',
        'email,customer_id\n Cee.Two@Example.org ,k9\nc1@example.org,c1\nother@example.org,c2\n',
        SENT,
      );
      expect(upload).toEqual({ ok: true, data: { rows: 3 } });
      await eraseCustomer(db, { email: ' CEE.TWO@example.org' }, { keepAnonymised: true }, SENT);
      expect(await db.all('SELECT failure FROM survey_invitations WHERE external_id = ?', [erased])).toEqual([
        { failure: null },
      ]);
      // A later import bringing the address back does not make it a recipient again.
      expect(await db.all('SELECT email_hash, via FROM survey_unsubscribes')).toEqual([
        { email_hash: emailHash('cee.two@example.org'), via: 'erased' },
      ]);
      await db.run("UPDATE contacts SET customer_email = 'cee.two@example.org' WHERE external_id = 't2'");
      expect((await unsubscribedSet(db)).has('Cee.Two@example.org')).toBe(true);
      // The line with the address goes, and the line of the customer (c2) the address belonged to.
      expect((await waveList(db, 'after')).map((row) => row.email)).toEqual(['c1@example.org']);
      expect(JSON.stringify(await db.all('SELECT value FROM survey_config'))).not.toMatch(/cee\.two/i);
    });
  });

  test('answers tied only to a contact with the address are erased too', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      await answered(db);
      // An imported answer about t2 that names no customer: only its contact leads to the customer.
      await db.run(
        "UPDATE survey_responses SET customer_id = NULL WHERE source = 'helpdesk' AND external_id = 's2'",
      );
      await db.run(
        "UPDATE contacts SET customer_id = NULL, customer_email = '  Cee.Two@Example.org ' WHERE external_id = 't2'",
      );
      await eraseCustomer(db, { email: 'cee.two@example.org' }, { keepAnonymised: false }, SENT);
      expect(
        await db.all(
          "SELECT count(*) AS n FROM survey_responses WHERE source = 'helpdesk' AND external_id = 's2'",
        ),
      ).toEqual([{ n: 0 }]);
      expect(await db.all("SELECT count(*) AS n FROM survey_facts WHERE survey_key = 'helpdesk|s2'")).toEqual(
        [{ n: 0 }],
      );
    });
  });
});

describe('retention', () => {
  test('answers older than the period are anonymised (or removed), newer ones kept; without a period nothing happens', async () => {
    await withDuckDb(HELPDESK, async (db) => {
      await answered(db);
      const later = new Date('2026-06-01T00:00:00Z');
      await db.run("UPDATE survey_invitations SET failure = 'reminder refused: 550 mailbox full'");
      expect((await applyRetention(db, later)).answers).toBe(0);
      await setSurveyConfig(db, { retentionDays: 60, keepAnonymised: true });
      // Sent 9 March: older than 60 days on 1 June. The fixture's ten answers (March) too.
      const first = await applyRetention(db, later);
      expect(first.answers).toBe(14);
      expect(
        await db.all(
          'SELECT count(*) AS n FROM survey_responses WHERE customer_id IS NOT NULL OR comment IS NOT NULL',
        ),
      ).toEqual([{ n: 0 }]);
      expect(await db.all('SELECT count(*) AS n FROM survey_responses')).toEqual([{ n: 14 }]);
      expect(
        await db.all(
          'SELECT count(*) AS n FROM survey_invitations WHERE failure IS NOT NULL OR email IS NOT NULL',
        ),
      ).toEqual([{ n: 0 }]);
      expect((await applyRetention(db, later)).answers).toBe(0);
      await setSurveyConfig(db, { keepAnonymised: false });
      expect((await applyRetention(db, new Date('2026-04-01T00:00:00Z'))).answers).toBe(0);
      expect((await applyRetention(db, later)).answers).toBe(14);
      expect(await db.all('SELECT count(*) AS n FROM survey_responses')).toEqual([{ n: 0 }]);
      expect(await db.all('SELECT count(*) AS n FROM survey_invitations')).toEqual([{ n: 0 }]);
    });
  });
});
