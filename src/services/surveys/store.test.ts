import { describe, expect, test } from 'vitest';
import { withDuckDb } from '../../../test/support/engines.js';
import { surveyTemplate } from '../../core/surveys/templates.js';
import { signLinkToken } from '../../core/surveys/tokens.js';
import { getSurveyConfig, setSurveyConfig, surveySecret } from './config.js';
import { createInvitation, invitationPageUrl, openInvitation, personalLink } from './invitations.js';
import { createSurvey, getSurvey, listSurveys, listVersions, updateSurvey } from './store.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const LATER = new Date('2026-03-02T11:00:00Z');

describe('survey store', () => {
  test('a survey is created at version 1; a changed definition makes version 2, other changes do not', async () => {
    await withDuckDb([], async (db) => {
      const created = await createSurvey(
        db,
        { id: 'after-contact', name: 'After a contact', definition: surveyTemplate('post_contact') },
        'u-admin',
        NOW,
      );
      expect(created).toMatchObject({
        ok: true,
        data: { id: 'after-contact', type: 'post_contact', status: 'active', version: 1 },
      });
      expect(created.ok && created.data.settings.linkDays).toBe(14);
      const renamed = await updateSurvey(
        db,
        'after-contact',
        { name: 'After each contact', settings: { linkDays: 7 } },
        'u-admin',
        LATER,
      );
      expect(renamed).toMatchObject({ ok: true, data: { name: 'After each contact', version: 1 } });
      expect(renamed.ok && renamed.data.settings.linkDays).toBe(7);
      const definition = surveyTemplate('post_contact');
      definition.title.en = 'How was it?';
      const edited = await updateSurvey(db, 'after-contact', { definition }, 'u-lead', LATER);
      expect(edited).toMatchObject({ ok: true, data: { version: 2 } });
      expect((await getSurvey(db, 'after-contact'))?.definition.title.en).toBe('How was it?');
      expect((await getSurvey(db, 'after-contact', 1))?.definition.title.en).toBe('How did we do?');
      expect(await listVersions(db, 'after-contact')).toEqual([
        { version: 1, createdAt: '2026-03-02T10:00:00Z', createdBy: 'u-admin' },
        { version: 2, createdAt: '2026-03-02T11:00:00Z', createdBy: 'u-lead' },
      ]);
    });
  });

  test('a wrong definition is refused with the path of each problem; a taken id and another type conflict', async () => {
    await withDuckDb([], async (db) => {
      const broken = { ...surveyTemplate('custom'), languages: ['nl'] };
      const refused = await createSurvey(db, { name: 'x', definition: broken }, null, NOW);
      expect(refused).toMatchObject({
        ok: false,
        error: {
          kind: 'invalid',
          issues: [{ path: 'definition.defaultLanguage', message: 'must be one of languages' }],
        },
      });
      await createSurvey(db, { id: 'one', name: 'One', definition: surveyTemplate('custom') }, null, NOW);
      expect(
        await createSurvey(db, { id: 'one', name: 'Again', definition: surveyTemplate('custom') }, null, NOW),
      ).toEqual({
        ok: false,
        error: { kind: 'conflict', reason: 'a survey with id one exists' },
      });
      expect(
        await updateSurvey(db, 'one', { definition: surveyTemplate('suggestion') }, null, NOW),
      ).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect(await updateSurvey(db, 'none', { name: 'x' }, null, NOW)).toEqual({
        ok: false,
        error: { kind: 'not_found', what: 'survey none' },
      });
    });
  });

  test('the list counts invitations sent and answered', async () => {
    await withDuckDb([], async (db) => {
      await createSurvey(
        db,
        { id: 'rel', name: 'Relationship', definition: surveyTemplate('relationship') },
        null,
        NOW,
      );
      for (let i = 0; i < 4; i++)
        await createInvitation(db, { surveyId: 'rel', via: 'wave', sentAt: NOW }, NOW);
      await db.run(
        "UPDATE survey_invitations SET answered_at = TIMESTAMP '2026-03-03 08:00:00' WHERE external_id IN (SELECT external_id FROM survey_invitations LIMIT 1)",
      );
      expect(await listSurveys(db)).toEqual([
        {
          id: 'rel',
          name: 'Relationship',
          type: 'relationship',
          status: 'active',
          version: 1,
          languages: ['en', 'nl', 'sv', 'uk', 'zh-CN'],
          sent: 4,
          answered: 1,
          responseRate: 0.25,
          lastAnswerAt: '2026-03-03T08:00:00Z',
        },
      ]);
    });
  });
});

describe('survey config', () => {
  test('the signing secret is made once and kept; settings are stored as given', async () => {
    await withDuckDb([], async (db) => {
      const secret = await surveySecret(db);
      expect(secret.length).toBeGreaterThanOrEqual(32);
      const rows = await db.all("SELECT value FROM survey_config WHERE key = 'signing_secret'");
      expect(rows).toHaveLength(1);
      expect(await getSurveyConfig(db)).toEqual({
        retentionDays: null,
        keepAnonymised: true,
        publicBaseUrl: null,
        defaultBranding: { colour: '#1f5fbf' },
      });
      expect(
        await setSurveyConfig(db, { retentionDays: 730, publicBaseUrl: 'https://survey.example.org' }),
      ).toMatchObject({
        retentionDays: 730,
        keepAnonymised: true,
        publicBaseUrl: 'https://survey.example.org',
      });
      expect((await getSurveyConfig(db)).retentionDays).toBe(730);
    });
  });
});

describe('personal links', () => {
  test('a link opens its invitation with the version it was given, and records the first opening only', async () => {
    await withDuckDb([], async (db) => {
      await createSurvey(
        db,
        { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
        null,
        NOW,
      );
      await db.run(
        "INSERT INTO contacts (source, external_id, contact_key, channel, created_at, customer_id, customer_email, customer_language) VALUES ('zendesk', '201', 'zendesk|201', 'email', TIMESTAMP '2026-03-01 08:00:00', 'c-9', 'anna@example.org', 'nl')",
      );
      const link = await personalLink(db, 'after', { source: 'zendesk', externalId: '201' }, {}, NOW);
      if (!link.ok) throw new Error(JSON.stringify(link.error));
      expect(link.data.path).toBe(`/s/${link.data.token}`);
      expect(link.data.expiresAt).toBe('2026-03-16T10:00:00.000Z');
      const stored = await db.all(
        'SELECT via, customer_id, email, language, contact_source, contact_external_id, survey_version, CAST(sent_at AS VARCHAR) AS sent_at FROM survey_invitations',
      );
      expect(stored).toEqual([
        {
          via: 'link',
          customer_id: 'c-9',
          email: 'anna@example.org',
          language: 'nl',
          contact_source: 'zendesk',
          contact_external_id: '201',
          survey_version: 1,
          sent_at: '2026-03-02 10:00:00',
        },
      ]);
      const definition = surveyTemplate('post_contact');
      definition.title.en = 'Version two';
      await updateSurvey(db, 'after', { definition }, null, NOW);
      const opened = await openInvitation(db, link.data.token, LATER);
      expect(opened).toMatchObject({
        ok: true,
        data: {
          invitationId: link.data.invitationId,
          version: 1,
          language: 'nl',
          answers: {},
          complete: false,
        },
      });
      expect(opened.ok && opened.data.definition.title.en).toBe('How did we do?');
      await openInvitation(db, link.data.token, new Date('2026-03-03T10:00:00Z'));
      expect(await db.all('SELECT CAST(opened_at AS VARCHAR) AS at FROM survey_invitations')).toEqual([
        { at: '2026-03-02 11:00:00' },
      ]);
      expect(await personalLink(db, 'after', { source: 'zendesk', externalId: 'nope' }, {}, NOW)).toEqual({
        ok: false,
        error: { kind: 'not_found', what: 'contact zendesk|nope' },
      });
    });
  });

  test('expired, forged, unknown, closed and paused links are each refused as such', async () => {
    await withDuckDb([], async (db) => {
      await createSurvey(
        db,
        { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
        null,
        NOW,
      );
      const link = await personalLink(db, 'after', null, { customerId: 'c-1' }, NOW);
      if (!link.ok) throw new Error(JSON.stringify(link.error));
      const secret = await surveySecret(db);
      expect(await openInvitation(db, link.data.token, new Date('2026-03-17T00:00:00Z'))).toEqual({
        ok: false,
        error: 'expired',
      });
      expect(await openInvitation(db, `${link.data.token.slice(0, -2)}xx`, LATER)).toEqual({
        ok: false,
        error: 'forged',
      });
      expect(await openInvitation(db, 'not-a-token', LATER)).toEqual({ ok: false, error: 'malformed' });
      const stranger = signLinkToken(secret, {
        invitationId: 'AAAAAAAAAAAAAAAAAAAAAA',
        surveyId: 'after',
        version: 1,
        expiresAt: new Date('2026-04-01T00:00:00Z'),
      });
      expect(await openInvitation(db, stranger, LATER)).toEqual({ ok: false, error: 'unknown' });
      await updateSurvey(db, 'after', { status: 'paused' }, null, NOW);
      expect(await openInvitation(db, link.data.token, LATER)).toEqual({ ok: false, error: 'inactive' });
      await updateSurvey(db, 'after', { status: 'active' }, null, NOW);
      await db.run("UPDATE survey_invitations SET expires_at = TIMESTAMP '2026-03-02 10:30:00'");
      expect(await openInvitation(db, link.data.token, LATER)).toEqual({ ok: false, error: 'closed' });
    });
  });

  test('page addresses carry the one-click score', () => {
    expect(invitationPageUrl('https://x.example/', 'a.b.c', 5)).toBe('https://x.example/s/a.b.c?score=5');
    expect(invitationPageUrl('https://x.example', 'a.b.c')).toBe('https://x.example/s/a.b.c');
  });
});
