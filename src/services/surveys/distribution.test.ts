import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.js';
import {
  invitationsByEmail,
  MAIL_NOW,
  outgoingMail,
  PUBLIC_URL,
  postContactSurvey,
  withMailData,
} from '../../../test/support/survey-mail.js';
import type { Engine } from '../../core/engine.js';
import { verifyLinkToken } from '../../core/surveys/tokens.js';
import { sqlInstant } from '../audit.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { surveySecret } from './config.js';
import type { SurveyView } from './contract.js';
import {
  isOneAddress,
  MAX_SEND_ATTEMPTS,
  mailSetup,
  type PostContactCursor,
  retryDelayMs,
  runPostContact,
  runReminders,
  withoutAddresses,
} from './distribution.js';
import { createInvitation } from './invitations.js';
import { unsubscribe } from './unsubscribes.js';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(MAIL_NOW.getTime() + minutes * MINUTE);

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

/** One run of the post-contact mails at `now`, going on from `cursor`. */
async function run(engine: Engine, survey: SurveyView, cursor: PostContactCursor | null, now: Date) {
  const setup = await mailSetup(engine, mail);
  if (!setup.ok) throw new Error(setup.error);
  let saved: PostContactCursor | null = null;
  const result = await runPostContact(
    engine,
    setup.data,
    survey,
    cursor,
    async (c) => {
      saved = structuredClone(c);
    },
    now,
  );
  expect(saved).toEqual(result.cursor);
  return result;
}

/** Addresses as the server's envelope has them, lower-cased (the domain's case is not kept). */
const recipients = () => smtp.received.map((m) => m.to.join(',').toLowerCase()).sort();

describe('survey e-mails after resolved contacts', () => {
  it('mails each resolved contact’s customer once, in their language, with one-click links', async () => {
    await withMailData(async (db) => {
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'), {
        tags: { include: [], exclude: ['spam'] },
      });
      smtp.refuse.add('gone@example.test');
      const first = await run(db, survey, null, MAIL_NOW);
      // c3 outbound, c4 no address, c5 open, c6 Ana again, c7 resolved under an hour ago, c8 spam.
      expect(recipients()).toEqual([
        'ana@example.test',
        'ben@example.test',
        'dee@example.test',
        'eve@example.test',
      ]);
      expect(first.tally).toEqual({ sent: 4, bounced: 1, deferred: 0, gaveUp: 0 });
      expect(first.skipped).toEqual({ outbound: 1, filtered: 1, unsubscribed: 0, fatigue: 1 });
      expect(first.cursor.resolvedAfter).toBe('2026-06-01T11:00:00.000Z');

      const invitations = await invitationsByEmail(db);
      const ana = invitations.get('ana@example.test');
      expect(ana).toMatchObject({
        via: 'email',
        language: 'nl',
        contact_external_id: 'c1',
        customer_id: 'cu1',
      });
      expect(ana?.sent_at).toBe(sqlInstant(MAIL_NOW).replace(/\.000$/, ''));
      expect(ana?.delivered_at).toBe(ana?.sent_at);
      expect(invitations.get('ben@example.test')?.language).toBe('en');
      const gone = invitations.get('gone@example.test');
      expect(gone?.sent_at).toBeNull();
      expect(gone?.bounced_at).not.toBeNull();
      expect(String(gone?.failure)).toContain('mailbox unavailable');
      // The server's reply names the address; the stored reason does not.
      expect(String(gone?.failure)).toContain('<recipient>');
      expect(String(gone?.failure)).not.toContain('gone@');

      const toAna = smtp.received.find((m) => m.to[0]?.toLowerCase() === 'ana@example.test');
      expect(toAna?.parsed.subject).toBe('Hoe heeft Acme Support u geholpen?');
      expect(toAna?.parsed.from?.value[0]).toMatchObject({
        name: 'Acme Support',
        address: 'surveys@acme.test',
      });
      const html = String(toAna?.parsed.html);
      const links = [...html.matchAll(/href="([^"]+\?score=(\d))"/g)];
      expect(links.map((l) => l[2])).toEqual(['1', '2', '3', '4', '5']);
      const token = decodeURIComponent(new URL(links[0]?.[1] ?? '').pathname.slice('/s/'.length));
      expect(links[0]?.[1]?.startsWith(`${PUBLIC_URL}/s/`)).toBe(true);
      const verified = verifyLinkToken(await surveySecret(db), token, MAIL_NOW);
      expect(verified.ok && verified.data.invitationId).toBe(ana?.external_id);
      const headers = String(toAna?.raw).replace(/\r\n[ \t]+/g, ' ');
      expect(headers).toMatch(/^List-Unsubscribe: <https:\/\/meter\.acme\.test\/s\/u\/[^>]+>/m);
      expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);

      // The next run: c7 is now due; the refused address is not tried again, nobody is mailed twice.
      const second = await run(db, survey, first.cursor, at(40));
      expect(second.tally.sent).toBe(1);
      expect(smtp.received.at(-1)?.to).toEqual(['late@example.test']);
      expect(recipients().filter((r) => r === 'gone@example.test')).toEqual([]);
      expect((await invitationsByEmail(db)).get('gone@example.test')?.bounced_at).toBe(gone?.bounced_at);
      const third = await run(db, survey, second.cursor, at(45));
      expect(third.tally).toEqual({ sent: 0, bounced: 0, deferred: 0, gaveUp: 0 });
      expect(smtp.received).toHaveLength(5);
    });
  });

  it('tries a mail the connection dropped again on the next run, and sends it once', async () => {
    await withMailData(async (db) => {
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'));
      smtp.dropNext(1);
      const first = await run(db, survey, null, MAIL_NOW);
      expect(smtp.dropped()).toBe(1);
      expect(first.tally.deferred).toBe(1);
      const held = Object.keys(first.cursor.retries);
      expect(held).toHaveLength(1);
      const heldRow = [...(await invitationsByEmail(db)).values()].find((r) => r.external_id === held[0]);
      expect(heldRow?.sent_at).toBeNull();
      expect(String(heldRow?.failure)).toContain(`attempt 1 of ${MAX_SEND_ATTEMPTS}`);
      const mailedFirst = recipients();

      // Not before its back-off has passed.
      const early = await run(db, survey, first.cursor, at(1));
      expect(early.tally.sent).toBe(0);
      const second = await run(db, survey, early.cursor, at(6));
      expect(second.tally.sent).toBe(1);
      expect(second.cursor.retries).toEqual({});
      const after = recipients();
      expect(after).toHaveLength(mailedFirst.length + 1);
      expect(new Set(after).size).toBe(after.length);
      const row = [...(await invitationsByEmail(db)).values()].find((r) => r.external_id === held[0]);
      expect(row?.sent_at).not.toBeNull();
      expect(row?.failure).toBeNull();
    });
  });

  it('gives up after the last attempt and records it bounced', async () => {
    await withMailData(async (db) => {
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'));
      smtp.defer.add('eve@example.test');
      let cursor: PostContactCursor | null = null;
      let now = MAIL_NOW;
      for (let attempt = 1; attempt <= MAX_SEND_ATTEMPTS; attempt += 1) {
        const result = await run(db, survey, cursor, now);
        cursor = result.cursor;
        now = new Date(now.getTime() + retryDelayMs(attempt));
      }
      const eve = (await invitationsByEmail(db)).get('eve@example.test');
      expect(eve?.bounced_at).not.toBeNull();
      expect(String(eve?.failure)).toContain(`gave up after ${MAX_SEND_ATTEMPTS} attempts`);
      expect(cursor?.retries).toEqual({});
    });
  });

  it('leaves out unsubscribed addresses, customers asked within the fatigue days and, unless chosen, outbound contacts', async () => {
    await withMailData(async (db) => {
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'), { includeOutbound: true });
      await unsubscribe(db, 'DEE@example.test', 'link', MAIL_NOW);
      // Eve was sent a link ten days ago.
      const earlier = await createInvitation(
        db,
        {
          surveyId: survey.id,
          via: 'link',
          customerId: 'cu11',
          email: 'eve@example.test',
          sentAt: at(-10 * 24 * 60),
        },
        at(-10 * 24 * 60),
      );
      expect(earlier.ok).toBe(true);
      const result = await run(db, survey, null, MAIL_NOW);
      expect(result.skipped).toMatchObject({ unsubscribed: 1, fatigue: 2, outbound: 0 });
      expect(recipients()).not.toContain('dee@example.test');
      expect(recipients()).not.toContain('eve@example.test');
      expect(recipients()).toContain('cy@example.test');
    });
  });

  it('sends an invitation a cut-off run made but did not mail, once', async () => {
    await withMailData(async (db) => {
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'));
      // What a run killed between making Ana's invitation and mailing it leaves behind.
      const made = await createInvitation(
        db,
        {
          surveyId: survey.id,
          via: 'email',
          contact: { source: 'helpdesk', externalId: 'c1' },
          customerId: 'cu1',
          email: 'Ana@Example.test',
          language: 'nl',
          sentAt: null,
        },
        MAIL_NOW,
      );
      expect(made.ok).toBe(true);
      await run(db, survey, null, MAIL_NOW);
      expect(recipients().filter((r) => r === 'ana@example.test')).toHaveLength(1);
      const rows = await db.all(
        "SELECT count(*) AS n FROM survey_invitations WHERE contact_external_id = 'c1'",
      );
      expect(Number(rows[0]?.n)).toBe(1);
      expect((await invitationsByEmail(db)).get('ana@example.test')?.sent_at).not.toBeNull();
    });
  });

  it('keeps a mail server’s reason without the addresses in it', () => {
    expect(withoutAddresses('550 5.1.1 <Gone@Example.test>: mailbox unavailable')).toBe(
      '550 5.1.1 <recipient>: mailbox unavailable',
    );
    expect(withoutAddresses('452 too many recipients: a.b+c@x.test, d@y.test')).toBe(
      '452 too many recipients: <recipient>, <recipient>',
    );
    expect(withoutAddresses('421 service not available')).toBe('421 service not available');
  });

  it('sends to one address only: a list, a name or a broken address is recorded and not sent', async () => {
    expect(isOneAddress(' eve@example.test ')).toBe(true);
    for (const many of [
      'eve@example.test, mallory@evil.test',
      'eve@example.test;mallory@evil.test',
      'Eve Smith eve@example.test',
      'eve@example.test mallory@evil.test',
      'eve.example.test',
      'eve@@example.test',
      'eve@ex@ample.test',
    ])
      expect(isOneAddress(many), many).toBe(false);
    await withMailData(async (db) => {
      await db.run(
        "UPDATE contacts SET customer_email = 'eve@example.test, mallory@evil.test' WHERE external_id = 'c11'",
      );
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'));
      const result = await run(db, survey, null, MAIL_NOW);
      expect(recipients().some((r) => r.includes('mallory') || r.includes('eve@'))).toBe(false);
      expect(result.tally.bounced).toBe(1);
      const eve = (await invitationsByEmail(db)).get('eve@example.test, mallory@evil.test');
      expect(eve).toMatchObject({ failure: 'not one address', sent_at: null });
      expect(eve?.bounced_at).not.toBeNull();
      // Recorded for good: the next run does not try it again.
      const again = await run(db, survey, result.cursor, at(40));
      expect(again.tally.bounced).toBe(0);
    });
  });

  it('refuses to send without a public address for the links', async () => {
    await withMailData(async (db) => {
      const setup = await mailSetup(db, { ...mail, publicUrl: null });
      expect(setup.ok).toBe(false);
      expect(!setup.ok && setup.error).toContain('--public-url');
      expect(await mailSetup(db, null)).toMatchObject({ ok: false });
    });
  });

  it('reminds once, after the set hours, only those who have not answered', async () => {
    await withMailData(async (db) => {
      const survey = await postContactSurvey(db, new Date('2026-06-01T07:00:00Z'));
      await run(db, survey, null, MAIL_NOW);
      const sent = smtp.received.length;
      const ben = (await invitationsByEmail(db)).get('ben@example.test');
      // Ben answered (waiting to be processed).
      await db
        .run(
          `INSERT INTO survey_submissions (id, invitation_id, survey_id, received_at, payload, complete)
         VALUES ('sub1', '${String(ben?.external_id)}', '${survey.id}', TIMESTAMP '2026-06-01 13:00:00', '{"answers":{"csat":5}}', true)`,
        )
        .catch(async () => {
          // The table's columns are survey-core's; fall back to marking the invitation answered.
          await db.run(
            `UPDATE survey_invitations SET answered_at = TIMESTAMP '2026-06-01 13:00:00' WHERE external_id = '${String(ben?.external_id)}'`,
          );
        });
      const setup = await mailSetup(db, mail);
      if (!setup.ok) throw new Error(setup.error);
      const tooEarly = await runReminders(db, setup.data, [survey], {}, async () => undefined, at(47 * 60));
      expect(tooEarly.tally.sent).toBe(0);
      const reminded = await runReminders(db, setup.data, [survey], {}, async () => undefined, at(48 * 60));
      const remindedTo = smtp.received.slice(sent).map((m) => m.to[0]?.toLowerCase());
      expect(remindedTo.sort()).toEqual([
        'ana@example.test',
        'dee@example.test',
        'eve@example.test',
        'gone@example.test',
        'spam@example.test',
      ]);
      expect(reminded.tally.sent).toBe(5);
      const toAna = smtp.received.slice(sent).find((m) => m.to[0]?.toLowerCase() === 'ana@example.test');
      expect(toAna?.parsed.subject?.startsWith('Herinnering: ')).toBe(true);
      expect((await invitationsByEmail(db)).get('ana@example.test')?.reminded_at).not.toBeNull();
      const again = await runReminders(db, setup.data, [survey], {}, async () => undefined, at(50 * 60));
      expect(again.tally.sent).toBe(0);
    });
  });
});
