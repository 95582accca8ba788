import { describe, expect, test } from 'vitest';
import { type AnsweredInvitation, answerRows, checkAnswers } from './answers.js';
import { SurveyDefinition } from './definition.js';
import { surveyTemplate } from './templates.js';

const postContact = surveyTemplate('post_contact');

const choiceSurvey = SurveyDefinition.parse({
  type: 'custom',
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'Q' },
  thanks: { en: 'Thanks' },
  questions: [
    { id: 'score', type: 'nps', text: { en: 'Recommend?' }, required: true },
    {
      id: 'channel',
      type: 'single',
      text: { en: 'How did you reach us?' },
      options: [
        { id: 'mail', text: { en: 'Mail' } },
        { id: 'phone', text: { en: 'Phone' } },
      ],
    },
    {
      id: 'liked',
      type: 'multiple',
      text: { en: 'What did you like?' },
      options: [
        { id: 'speed', text: { en: 'Speed' } },
        { id: 'tone', text: { en: 'Tone' } },
        { id: 'result', text: { en: 'Result' } },
      ],
    },
    { id: 'other', type: 'text', text: { en: 'Anything else?' } },
  ],
});

describe('checkAnswers', () => {
  test('scores within the scale, options of the question, text trimmed; skipped ones left out', () => {
    expect(
      checkAnswers(
        choiceSurvey,
        { score: '9', channel: 'phone', liked: ['result', 'speed'], other: '  fine  ' },
        true,
      ),
    ).toEqual({
      ok: true,
      data: { score: 9, channel: 'phone', liked: ['speed', 'result'], other: 'fine' },
    });
    expect(checkAnswers(choiceSurvey, { score: 0, other: ' ', liked: [] }, true)).toEqual({
      ok: true,
      data: { score: 0 },
    });
  });

  test('each wrong answer is named with its question and why', () => {
    const checked = checkAnswers(
      choiceSurvey,
      { score: 11, channel: 'fax', liked: ['tone', 'mood'], other: 5, extra: 'x' },
      true,
    );
    expect(checked).toEqual({
      ok: false,
      error: [
        { questionId: 'extra', reason: 'the survey has no such question' },
        { questionId: 'score', reason: '11 is outside 0–10' },
        { questionId: 'channel', reason: 'fax is not one of its options' },
        { questionId: 'liked', reason: 'mood is not one of its options' },
        { questionId: 'other', reason: 'must be text' },
      ],
    });
    expect(checkAnswers(postContact, { csat: 4.5 }, false)).toEqual({
      ok: false,
      error: [{ questionId: 'csat', reason: 'must be a whole number from 1 to 5' }],
    });
  });

  test('a required question is required only of a complete submission', () => {
    expect(checkAnswers(postContact, { effort: 6 }, false)).toEqual({ ok: true, data: { effort: 6 } });
    expect(checkAnswers(postContact, { effort: 6 }, true)).toEqual({
      ok: false,
      error: [{ questionId: 'csat', reason: 'is required' }],
    });
  });
});

const invitation: AnsweredInvitation = {
  invitationId: 'inv1',
  surveyId: 'after-contact',
  version: 2,
  via: 'email',
  sourceLabel: null,
  location: null,
  contactSource: 'zendesk',
  contactExternalId: '201',
  customerId: 'c-9',
  language: 'nl',
  sentAt: '2026-03-01T09:00:00Z',
};

describe('answerRows', () => {
  test('the invitation row carries the main score and its comment; other answers a row each', () => {
    const rows = answerRows(
      postContact,
      invitation,
      { csat: 4, effort: 6, knowledge: 5, comment: 'Quick and kind' },
      '2026-03-01T10:00:00Z',
      'servicemeter',
    );
    expect(
      rows.map((r) => [
        r.external_id,
        r.kind,
        r.scale_min,
        r.scale_max,
        r.score,
        r.dimension,
        r.question_id,
        r.comment,
        r.sent_at,
      ]),
    ).toEqual([
      ['inv1', 'csat', 1, 5, 4, null, null, 'Quick and kind', '2026-03-01T09:00:00Z'],
      ['inv1:effort', 'ces', 1, 7, 6, null, 'effort', null, null],
      ['inv1:knowledge', 'csat', 1, 5, 5, 'knowledge', 'knowledge', null, null],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        source: 'servicemeter',
        contact_source: 'zendesk',
        contact_external_id: '201',
        customer_id: 'c-9',
        language: 'nl',
        survey_id: 'after-contact',
        survey_version: 2,
        invitation_id: 'inv1',
        via: 'email',
        agent_id: null,
        responded_at: '2026-03-01T10:00:00Z',
      });
    }
  });

  test('an invitation not answered is its row without score or answer time', () => {
    expect(answerRows(postContact, invitation, {}, null, 'servicemeter')).toEqual([
      expect.objectContaining({
        external_id: 'inv1',
        kind: 'csat',
        score: null,
        responded_at: null,
        sent_at: '2026-03-01T09:00:00Z',
      }),
    ]);
  });

  test('choices are joined with |, a free text is its own row, a survey without a score has a custom row', () => {
    const rows = answerRows(
      choiceSurvey,
      invitation,
      { channel: 'phone', liked: ['speed', 'result'], other: 'more please' },
      '2026-03-01T10:00:00Z',
      'servicemeter',
    );
    expect(rows.map((r) => [r.external_id, r.kind, r.score, r.choices, r.comment])).toEqual([
      ['inv1', 'nps', null, null, null],
      ['inv1:channel', 'custom', null, 'phone', null],
      ['inv1:liked', 'custom', null, 'speed|result', null],
      ['inv1:other', 'custom', null, null, 'more please'],
    ]);
    const suggestion = answerRows(
      surveyTemplate('suggestion'),
      invitation,
      { suggestion: 'Open on Sundays' },
      '2026-03-01T10:00:00Z',
      'servicemeter',
    );
    expect(suggestion.map((r) => [r.external_id, r.kind, r.scale_max, r.comment])).toEqual([
      ['inv1', 'custom', 0, null],
      ['inv1:suggestion', 'custom', 0, 'Open on Sundays'],
    ]);
  });
});
