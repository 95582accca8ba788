import { expect, test } from 'vitest';
import { SURVEY_TYPES, SurveyDefinition } from '../../../core/surveys/definition.js';
import { surveyTemplate } from '../../../core/surveys/templates.js';
import { html } from './html.js';
import { page, type SurveyForm, scalePoints, surveyForm } from './render.js';
import { accessibleColour, contrastRatio } from './styles.js';
import { acceptedLanguages, PAGE_TEXTS, pageTexts } from './texts.js';

const chrome = {
  language: 'en',
  nonce: 'n0nce',
  colour: '#1f5fbf',
  logoSrc: null,
  senderName: 'Acme Support',
};

function formOf(definition: SurveyDefinition, extra: Partial<SurveyForm> = {}): SurveyForm {
  return {
    definition,
    language: 'en',
    action: '/s/token',
    answers: {},
    errors: {},
    omit: [],
    notes: [],
    protection: { challenge: 'c.16.x.y', difficulty: 16, stamp: 's.t' },
    ...extra,
  };
}

function render(definition: SurveyDefinition, extra: Partial<SurveyForm> = {}, language = 'en'): string {
  return page(
    { ...chrome, language },
    'Survey',
    surveyForm(formOf(definition, { language, ...extra })),
    true,
  );
}

const hostile = SurveyDefinition.parse({
  type: 'custom',
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: '<script>alert(1)</script> & "quotes"' },
  thanks: { en: 'Thanks' },
  questions: [
    {
      id: 'pick',
      type: 'single',
      text: { en: '<img src=x onerror=alert(1)>' },
      options: [
        { id: 'a', text: { en: '"><b>a</b>' } },
        { id: 'b', text: { en: 'b' } },
      ],
    },
  ],
});

test("a survey's texts never become markup", () => {
  const out = render(hostile);
  expect(out).not.toContain('<script>alert');
  expect(out).not.toContain('<img src=x');
  expect(out).not.toContain('"><b>');
  expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  expect(html`${'<a>'}${html`<b>`}`.value).toBe('&lt;a&gt;<b>');
});

test('every control has a label, every group a fieldset with a legend, in every template and language', () => {
  for (const type of SURVEY_TYPES) {
    const definition = surveyTemplate(type);
    for (const language of definition.languages) {
      const out = render(definition, {}, language);
      const ids = [...out.matchAll(/<(?:input|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(ids.length, `${type} ${language}`).toBeGreaterThan(0);
      for (const id of ids)
        expect(out, `${type} ${language}: label for ${id}`).toMatch(new RegExp(`<label[^>]* for="${id}"`));
      const fieldsets = out.match(/<fieldset/g)?.length ?? 0;
      expect(out.match(/<legend>/g)?.length ?? 0).toBe(fieldsets);
      expect(out).toContain(`<html lang="${language}" dir="ltr">`);
      // No style attribute: a strict style-src would drop it.
      expect(out).not.toMatch(/\sstyle="/);
      expect(out).not.toMatch(/\son[a-z]+="/);
    }
  }
});

test('stars, faces and thumbs each have an accessible name in the page language', () => {
  const definition = surveyTemplate('post_contact');
  const csat = definition.questions[0];
  if (!csat) throw new Error('the template has questions');
  expect(scalePoints(csat, 'uk', 'en').points.map((p) => p.name)).toEqual([
    '1 з 5 зірок',
    '2 з 5 зірок',
    '3 з 5 зірок',
    '4 з 5 зірок',
    '5 з 5 зірок',
  ]);
  const thumbs = { ...csat, display: 'thumbs' as const, scale: { min: 0, max: 1 } };
  expect(scalePoints(thumbs, 'nl', 'en').points.map((p) => [p.shown, p.icon])).toEqual([
    ['Nee', 'down'],
    ['Ja', 'up'],
  ]);
  const faces = { ...csat, display: 'faces' as const, scale: { min: 1, max: 3 } };
  expect(scalePoints(faces, 'zh-CN', 'en').points.map((p) => p.name)).toEqual([
    '3 分中的 1 分',
    '3 分中的 2 分',
    '3 分中的 3 分',
  ]);
  expect(render(definition)).toContain('<span class="sr">4 of 5 stars</span>');
});

test('a refused answer is shown next to its question, tied to it by aria-describedby', () => {
  const definition = surveyTemplate('post_contact');
  const csat = definition.questions[0]?.id ?? '';
  const out = render(definition, { errors: { [csat]: 'needsAnswer' } }, 'sv');
  expect(out).toContain(`<p class="err" id="e-${csat}">Svara på den här frågan.</p>`);
  expect(out).toContain(`<fieldset id="f-${csat}" aria-invalid="true">`);
  const radios = [...out.matchAll(new RegExp(`<input type="radio" id="q-${csat}-\\d"[^>]*>`, 'g'))];
  expect(radios).toHaveLength(5);
  for (const [radio] of radios) expect(radio).toMatch(new RegExp(`aria-describedby="[^"]*e-${csat}`));
  expect(out).toContain('<div class="summary" id="summary" role="alert" tabindex="-1">');
});

test('stored answers are shown to edit; the one-click score is not asked again', () => {
  const definition = surveyTemplate('post_contact');
  const [csat, ces] = definition.questions;
  if (!csat || !ces) throw new Error('the template has questions');
  const comment = definition.questions.find((q) => q.type === 'text');
  const out = render(definition, {
    answers: { [csat.id]: 4, [ces.id]: 6, ...(comment ? { [comment.id]: 'Fine <3' } : {}) },
    omit: [csat.id],
    notes: ['Thank you, your score is saved.'],
  });
  expect(out).not.toContain(`name="q_${csat.id}"`);
  // The score travels with the form, so the rest is taken without reading what was stored.
  expect(out).toContain(
    `<input type="hidden" name="omit" value="${csat.id}"><input type="hidden" name="kept_${csat.id}" value="4">`,
  );
  expect(out).toMatch(new RegExp(`id="q-${ces.id}-6" name="q_${ces.id}" value="6" checked`));
  if (comment) expect(out).toContain('>Fine &lt;3</textarea>');
  expect(out).toContain('<p class="note">Thank you, your score is saved.</p>');
});

test('every template page stays far below 50 kB', () => {
  for (const type of SURVEY_TYPES) {
    const size = Buffer.byteLength(render(surveyTemplate(type), {}, 'zh-CN'));
    expect(size, type).toBeLessThan(50_000);
  }
});

test('the brand colour is darkened until white text on it reaches 4.5:1; borders reach 3:1', () => {
  for (const brand of ['#ffcc00', '#7fd1ff', '#ffffff', '#1f5fbf', '#00a86b']) {
    const accent = accessibleColour(brand);
    expect(contrastRatio(accent, '#ffffff'), brand).toBeGreaterThanOrEqual(4.5);
  }
  expect(accessibleColour('#1f5fbf')).toBe('#1f5fbf');
  expect(contrastRatio('#767f8c', '#ffffff')).toBeGreaterThanOrEqual(3);
  expect(contrastRatio('#4a5360', '#ffffff')).toBeGreaterThanOrEqual(4.5);
  expect(contrastRatio('#b3261e', '#ffffff')).toBeGreaterThanOrEqual(4.5);
});

test('page words exist in every language; Accept-Language is read by weight', () => {
  for (const texts of Object.values(PAGE_TEXTS))
    for (const [key, value] of Object.entries(texts)) expect(value.trim(), key).not.toBe('');
  expect(acceptedLanguages('nl;q=0.5, uk, zh-CN;q=0.8, *;q=0.1')).toEqual(['uk', 'zh-CN', 'nl']);
  expect(pageTexts('zh').submit).toBe('提交');
  expect(pageTexts('sv-FI').submit).toBe('Skicka');
  expect(pageTexts('de').submit).toBe('Send');
});
