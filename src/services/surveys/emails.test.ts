import { describe, expect, it } from 'vitest';
import { BUILT_IN_LANGUAGES, SurveyDefinition } from '../../core/surveys/definition.js';
import { formatAddress, MAIL_LANGUAGES, mailTexts, surveyEmail } from './emails.js';

const every = (text: string) => Object.fromEntries(BUILT_IN_LANGUAGES.map((l) => [l, `${text} (${l})`]));

const postContact = SurveyDefinition.parse({
  type: 'post_contact',
  defaultLanguage: 'en',
  languages: ['en', 'nl'],
  title: { en: 'How did we do?', nl: 'Hoe deden we het?' },
  thanks: { en: 'Thanks', nl: 'Bedankt' },
  questions: [
    {
      id: 'speed',
      type: 'rating',
      measure: 'csat',
      dimension: 'speed_to_answer',
      scale: { min: 1, max: 5 },
      text: { en: 'Speed' },
    },
    {
      id: 'csat',
      type: 'rating',
      measure: 'csat',
      display: 'stars',
      scale: { min: 1, max: 5 },
      text: { en: 'How satisfied are you?', nl: 'Hoe tevreden bent u?' },
      lowLabel: { en: 'Very unsatisfied', nl: 'Zeer ontevreden' },
      highLabel: { en: 'Very satisfied', nl: 'Zeer tevreden' },
    },
    { id: 'comment', type: 'text', commentOn: 'csat', text: { en: 'Anything else?' } },
  ],
  branding: { senderName: 'Acme "Support", Inc', colour: '#0a5c36' },
});

const input = {
  definition: postContact,
  language: 'nl',
  baseUrl: 'https://meter.acme.test/',
  token: 'tok.en_1',
  unsubscribeToken: 'uns-1',
  fromAddress: 'surveys@acme.test',
  to: 'ana@example.test',
  invitationId: 'inv1',
};

describe('survey e-mail', () => {
  it('asks the main question in the invitation’s language with one link per point', () => {
    const mail = surveyEmail(input);
    expect(mail.subject).toBe('Hoe heeft Acme "Support", Inc u geholpen?');
    expect(mail.from).toBe('"Acme Support, Inc" <surveys@acme.test>');
    expect(mail.html).toContain('lang="nl"');
    expect(mail.html).toContain('Hoe tevreden bent u?');
    expect(mail.html).toContain('Zeer ontevreden');
    for (let score = 1; score <= 5; score += 1) {
      expect(mail.html).toContain(`href="https://meter.acme.test/s/tok.en_1?score=${score}"`);
      expect(mail.text).toContain(`${score}: https://meter.acme.test/s/tok.en_1?score=${score}`);
    }
    expect(mail.html).not.toContain('score=0');
    expect(mail.html).not.toContain('score=6');
    // Stars: the n-th link draws n stars, named "n of 5".
    expect(mail.html).toContain('aria-label="3 van 5"');
    expect(mail.html).toContain('>★★★</a>');
    expect(mail.html).toContain('href="https://meter.acme.test/s/tok.en_1"');
    expect(mail.html).toContain('Vragenlijst invullen');
  });

  it('carries the unsubscribe link in the body and the List-Unsubscribe headers', () => {
    const mail = surveyEmail(input);
    expect(mail.headers?.['List-Unsubscribe']).toBe('<https://meter.acme.test/s/u/uns-1>');
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain('href="https://meter.acme.test/s/u/uns-1"');
    expect(mail.text).toContain('https://meter.acme.test/s/u/uns-1');
    expect(mail.messageId).toBe('inv1@servicemeter');
  });

  it('escapes what the survey’s author wrote', () => {
    const definition = SurveyDefinition.parse({
      ...postContact,
      questions: [
        {
          id: 'q',
          type: 'rating',
          measure: 'csat',
          scale: { min: 1, max: 3 },
          text: { en: '<b>x</b> & "y"' },
        },
      ],
    });
    const mail = surveyEmail({ ...input, definition, language: 'en' });
    expect(mail.html).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
    expect(mail.html).not.toContain('<b>x</b>');
  });

  it('draws NPS as 0 to 10 with its ends named, and a reminder says so', () => {
    const definition = SurveyDefinition.parse({
      type: 'relationship',
      defaultLanguage: 'uk',
      languages: ['uk'],
      title: every('Title'),
      thanks: every('Thanks'),
      questions: [{ id: 'nps', type: 'nps', text: every('Recommend?') }],
    });
    const mail = surveyEmail({ ...input, definition, language: 'uk', reminder: true });
    expect(mail.subject.startsWith('Нагадування: ')).toBe(true);
    expect(mail.html).toContain('Зовсім малоймовірно');
    for (let score = 0; score <= 10; score += 1) expect(mail.html).toContain(`?score=${score}"`);
    expect(mail.messageId).toBe('inv1.reminder@servicemeter');
  });

  it('draws thumbs and faces, and a survey without a score only links the page', () => {
    const thumbs = SurveyDefinition.parse({
      ...postContact,
      questions: [
        {
          id: 'q',
          type: 'rating',
          measure: 'helpful',
          display: 'thumbs',
          scale: { min: 0, max: 1 },
          text: { en: 'Helpful?' },
        },
      ],
    });
    const mail = surveyEmail({ ...input, definition: thumbs, language: 'en' });
    expect(mail.html).toContain('>👎</a>');
    expect(mail.html).toContain('>👍</a>');
    const suggestion = SurveyDefinition.parse({
      ...postContact,
      type: 'suggestion',
      questions: [{ id: 'idea', type: 'text', text: { en: 'Your idea' } }],
    });
    const plain = surveyEmail({ ...input, definition: suggestion, language: 'zh-CN' });
    expect(plain.html).not.toContain('?score=');
    expect(plain.subject).toContain('简短问卷');
  });

  it('has its texts in every built-in language, falling back by base language then English', () => {
    for (const language of BUILT_IN_LANGUAGES) expect(MAIL_LANGUAGES).toContain(language);
    expect(mailTexts('zh-TW').button).toBe('填写问卷');
    expect(mailTexts('nl-BE').button).toBe('Vragenlijst invullen');
    expect(mailTexts('fr').button).toBe('Answer the survey');
    const keys = Object.keys(mailTexts('en')).sort();
    for (const language of MAIL_LANGUAGES) expect(Object.keys(mailTexts(language)).sort()).toEqual(keys);
  });

  it('formats the sender', () => {
    expect(formatAddress('Acme', 'Surveys <surveys@acme.test>')).toBe('"Acme" <surveys@acme.test>');
  });
});
