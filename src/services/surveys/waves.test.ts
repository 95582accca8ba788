import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server.js';
import {
  MAIL_NOW,
  outgoingMail,
  postContactSurvey,
  withMailData,
} from '../../../test/support/survey-mail.js';
import type { Engine } from '../../core/engine.js';
import type { OutgoingMail } from '../mail/mailer.js';
import type { SurveyView } from './contract.js';
import { emptyTally, mailSetup } from './distribution.js';
import { createInvitation } from './invitations.js';
import { updateSurvey } from './store.js';
import { unsubscribe } from './unsubscribes.js';
import {
  parseCsv,
  readWaveCursor,
  retryHeldBackWaveMails,
  runWave,
  sampleAudience,
  uploadWaveList,
  type WaveCursor,
  type WaveRecipient,
  waveAudience,
  waveReport,
} from './waves.js';

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

async function waveSurvey(db: Engine, wave: Record<string, unknown>): Promise<SurveyView> {
  const survey = await postContactSurvey(db, MAIL_NOW);
  const changed = await updateSurvey(
    db,
    survey.id,
    { settings: { ...survey.settings, wave: { ...survey.settings.wave, ...wave } } },
    null,
    MAIL_NOW,
  );
  if (!changed.ok) throw new Error(JSON.stringify(changed.error));
  return changed.data;
}

async function sendWave(db: Engine, survey: SurveyView, cursor: WaveCursor, seed?: number) {
  const setup = await mailSetup(db, mail);
  if (!setup.ok) throw new Error(setup.error);
  return runWave(
    db,
    setup.data,
    survey,
    cursor,
    async () => undefined,
    MAIL_NOW,
    seed === undefined ? {} : { seed },
  );
}

const people = (n: number): WaveRecipient[] =>
  Array.from({ length: n }, (_, i) => ({
    email: `p${i}@example.test`,
    customerId: `cu${i}`,
    language: null,
  }));

describe('relationship waves', () => {
  it('draws the same sample from the same seed, another from another', () => {
    const audience = people(200);
    const a = sampleAudience(audience, 0.25, 42);
    expect(a).toHaveLength(50);
    expect(
      sampleAudience([...audience].reverse(), 0.25, 42)
        .map((r) => r.email)
        .sort(),
    ).toEqual(a.map((r) => r.email).sort());
    const b = sampleAudience(audience, 0.25, 43);
    expect(b.map((r) => r.email).sort()).not.toEqual(a.map((r) => r.email).sort());
    expect(sampleAudience(audience, 1, 1)).toHaveLength(200);
  });

  it('asks each customer of the contacts once, at the latest address, and reports the wave', async () => {
    await withMailData(async (db) => {
      const survey = await waveSurvey(db, { sample: 1, audience: 'contacts' });
      const audience = await waveAudience(db, survey);
      // Eleven contacts, ten with an address, two of them Ana's (cu1): nine customers.
      expect(audience).toHaveLength(9);
      expect(audience.find((r) => r.customerId === 'cu1')?.email).toBe('ana@example.test');
      await unsubscribe(db, 'dee@example.test', 'link', MAIL_NOW);
      smtp.refuse.add('gone@example.test');
      const run = await sendWave(db, survey, readWaveCursor(null), 7);
      expect(run.wave).toMatchObject({ seed: 7, audienceSize: 9, invited: 8 });
      expect(run.unsubscribed).toBe(1);
      expect(run.tally).toMatchObject({ sent: 7, bounced: 1 });
      expect(smtp.received).toHaveLength(7);
      const rows = await db.all(
        'SELECT DISTINCT via, wave_id FROM survey_invitations WHERE wave_id IS NOT NULL',
      );
      expect(rows).toEqual([{ via: 'wave', wave_id: run.wave.waveId }]);
      // Ana answered.
      await db.run(
        `UPDATE survey_invitations SET answered_at = TIMESTAMP '2026-06-02 09:00:00' WHERE lower(email) = 'ana@example.test'`,
      );
      const [report] = await waveReport(db, survey.id);
      expect(report).toMatchObject({
        waveId: run.wave.waveId,
        seed: 7,
        sent: 7,
        delivered: 7,
        bounced: 1,
        answered: 1,
      });
      expect(report?.responseRate).toBeCloseTo(1 / 7);
    });
  });

  it('samples a share reproducibly and resumes a wave cut off before its mails went', async () => {
    await withMailData(async (db) => {
      const survey = await waveSurvey(db, { sample: 0.5 });
      const first = await sendWave(db, survey, readWaveCursor(null), 11);
      const firstTo = smtp.received.map((m) => m.to[0]).sort();
      expect(first.wave.invited).toBe(Math.round(9 * 0.5));
      const again = sampleAudience(await waveAudience(db, survey), 0.5, 11).map((r) => r.email);
      expect(again.sort()).toEqual(firstTo.map((t) => String(t).toLowerCase()).sort());
      // A wave whose invitations exist but whose mails never went (the run was killed): resumed.
      await db.run('UPDATE survey_invitations SET sent_at = NULL, delivered_at = NULL');
      const received = smtp.received.length;
      const resumed = await sendWave(db, survey, { current: { waveId: first.wave.waveId }, retries: {} });
      expect(resumed.resumed).toBe(true);
      expect(resumed.wave.waveId).toBe(first.wave.waveId);
      expect(smtp.received.length - received).toBe(first.wave.invited);
      expect(await waveReport(db, survey.id)).toHaveLength(1);
    });
  });

  it('takes an uploaded list, and names the line and field of every mistake', async () => {
    await withMailData(async (db) => {
      const survey = await waveSurvey(db, { audience: 'list' });
      const refused = await uploadWaveList(
        db,
        survey.id,
        'email,customer_id,language\nok@example.test,k1,nl\nnot-an-address,k2,en\n"x@example.test",k3,english!\n',
      );
      expect(refused).toEqual({
        ok: false,
        error: [
          { line: 3, field: 'email', reason: 'not-an-address is not an e-mail address' },
          { line: 4, field: 'language', reason: 'english! is not a language tag such as en, nl or zh-CN' },
        ],
      });
      expect(await uploadWaveList(db, survey.id, 'mail,who\n')).toMatchObject({
        ok: false,
        error: [
          { line: 1, field: 'mail' },
          { line: 1, field: 'who' },
          { line: 1, field: 'email' },
        ],
      });
      const accepted = await uploadWaveList(
        db,
        survey.id,
        'email,language,customer_id\r\nli@example.test,nl,k1\r\n"mo@example.test",,k2\r\nli.new@example.test,en,k1\r\n',
      );
      expect(accepted).toEqual({ ok: true, data: { rows: 3 } });
      const run = await sendWave(db, survey, readWaveCursor(null), 1);
      expect(run.wave.audience).toBe('list');
      // k1 twice: the list's last line for them.
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(
        ['li.new@example.test', 'mo@example.test'].sort(),
      );
    });
  });

  it('mails an address once, however it is written, and leaves out customers asked within the fatigue days', async () => {
    await withMailData(async (db) => {
      const survey = await waveSurvey(db, { sample: 1, audience: 'contacts' });
      // Dee's contact carries Ana's address, spaced and in capitals: two customers, one mailbox.
      await db.run("UPDATE contacts SET customer_email = '  ANA@example.test ' WHERE external_id = 'c9'");
      // Eve's address was sent a link ten days ago (no customer named); the fatigue rule is 30 days.
      const earlier = new Date(MAIL_NOW.getTime() - 10 * 24 * 60 * 60_000);
      const made = await createInvitation(
        db,
        { surveyId: survey.id, via: 'link', email: 'eve@example.test', sentAt: earlier },
        earlier,
      );
      expect(made.ok).toBe(true);
      await db.run("UPDATE survey_invitations SET email = ' Eve@Example.test ' WHERE via = 'link'");
      const run = await sendWave(db, survey, readWaveCursor(null), 5);
      expect(run.fatigued).toBe(1);
      expect(run.wave).toMatchObject({ audienceSize: 9, invited: 7 });
      const to = smtp.received.map((m) => String(m.to[0]).toLowerCase());
      expect(to.filter((address) => address === 'ana@example.test')).toHaveLength(1);
      expect(to).not.toContain('eve@example.test');
      expect(new Set(to).size).toBe(to.length);
    });
  });

  it('does not mail an address unsubscribed after the wave was drawn, resumed or retried', async () => {
    await withMailData(async (db) => {
      const survey = await waveSurvey(db, { sample: 1, audience: 'contacts' });
      smtp.defer.add('eve@example.test');
      const first = await sendWave(db, survey, readWaveCursor(null), 9);
      expect(first.tally).toMatchObject({ sent: 8, deferred: 1 });
      // A run killed before the mails went, then Ben and Eve unsubscribe.
      await db.run(
        "UPDATE survey_invitations SET sent_at = NULL, delivered_at = NULL WHERE lower(email) = 'ben@example.test'",
      );
      await unsubscribe(db, 'BEN@example.test', 'link', MAIL_NOW);
      await unsubscribe(db, 'eve@example.test', 'link', MAIL_NOW);
      const received = smtp.received.length;
      const resumed = await sendWave(db, survey, { current: { waveId: first.wave.waveId }, retries: {} });
      expect(resumed.resumed).toBe(true);
      expect(resumed.unsubscribed).toBe(2);
      expect(smtp.received.length).toBe(received);
      const setup = await mailSetup(db, mail);
      if (!setup.ok) throw new Error(setup.error);
      // Eve's held-back mail as the reminders job would find it before the resume marked it.
      await db.run(
        "UPDATE survey_invitations SET bounced_at = NULL, failure = 'attempt 1 of 5 failed' WHERE lower(email) = 'eve@example.test'",
      );
      smtp.defer.delete('eve@example.test');
      const tally = emptyTally();
      const waiting = await retryHeldBackWaveMails(db, setup.data, [survey], {}, tally, MAIL_NOW);
      expect(waiting).toEqual([]);
      expect(tally.sent).toBe(0);
      expect(smtp.received.length).toBe(received);
      const rows = await db.all(
        `SELECT lower(email) AS email, failure, bounced_at IS NOT NULL AS bounced FROM survey_invitations
         WHERE lower(email) IN ('ben@example.test', 'eve@example.test') ORDER BY email`,
      );
      expect(rows).toEqual([
        { email: 'ben@example.test', failure: 'unsubscribed', bounced: true },
        { email: 'eve@example.test', failure: 'unsubscribed', bounced: true },
      ]);
    });
  });

  it('reads CSV with quotes, doubled quotes and line breaks in fields', () => {
    expect(parseCsv('a,b\n"x ""y""","1\n2"\n\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x "y"', '1\n2'] },
    ]);
  });
});
