import { describe, expect, test } from 'vitest';
import { SurveyDefinition } from '../../../../src/core/surveys/definition.js';
import {
  addLanguage,
  isLanguageTag,
  mainIndicator,
  mainQuestionOf,
  missingTexts,
  moveQuestion,
  newQuestion,
  removeLanguage,
  removeQuestion,
  setText,
  textIn,
  withType,
} from './definition-edit.js';

/** A post-contact survey in Dutch and English, as the schema reads it (defaults filled in). */
function survey(): SurveyDefinition {
  return SurveyDefinition.parse({
    type: 'post_contact',
    defaultLanguage: 'nl',
    languages: ['nl', 'en'],
    title: { nl: 'Hoe hebben we je geholpen?', en: 'How did we help you?' },
    thanks: { nl: 'Dank je wel!', en: 'Thank you!' },
    questions: [
      {
        id: 'csat',
        type: 'rating',
        measure: 'csat',
        scale: { min: 1, max: 5 },
        display: 'stars',
        text: { nl: 'Hoe tevreden ben je?', en: 'How satisfied are you?' },
        pointLabels: [{ nl: 'slecht', en: 'poor' }],
        required: true,
      },
      {
        id: 'knowledge',
        type: 'rating',
        measure: 'csat',
        dimension: 'knowledge',
        scale: { min: 1, max: 5 },
        text: { nl: 'Kennis van de medewerker', en: 'The agent’s knowledge' },
      },
      { id: 'comment', type: 'text', commentOn: 'csat', text: { nl: 'Waarom?', en: 'Why?' } },
    ],
  });
}

/** An edit must leave a definition the server accepts as it is. */
function accepted(definition: SurveyDefinition): boolean {
  return SurveyDefinition.safeParse(definition).success;
}

describe('editing a survey definition', () => {
  test('a language taken off goes with all its texts, and the default language cannot go', () => {
    const withoutEnglish = removeLanguage(survey(), 'en');
    expect(withoutEnglish.languages).toEqual(['nl']);
    expect(JSON.stringify(withoutEnglish)).not.toContain('"en"');
    expect(withoutEnglish.questions[0]).toMatchObject({ pointLabels: [{ nl: 'slecht' }] });
    expect(accepted(withoutEnglish)).toBe(true);
    expect(removeLanguage(survey(), 'nl')).toEqual(survey());
  });

  test('a language added by its tag shows its texts as missing until written', () => {
    expect(isLanguageTag('pt-BR')).toBe(true);
    expect(isLanguageTag('Deutsch')).toBe(false);
    const german = addLanguage(survey(), 'de');
    expect(german.languages).toEqual(['nl', 'en', 'de']);
    expect(addLanguage(german, 'de')).toBe(german);
    expect(missingTexts(german, 'de')).toEqual(['title', 'thanks', 'csat', 'knowledge', 'comment']);
    expect(missingTexts(german, 'en')).toEqual([]);
    expect(accepted(german)).toBe(true);
  });

  test('the preview falls back as the survey pages do: base language, default, then any', () => {
    const texts = { nl: 'Hallo', en: 'Hello', zh: '你好' };
    expect(textIn(texts, 'zh-CN', 'nl')).toBe('你好');
    expect(textIn(texts, 'de', 'nl')).toBe('Hallo');
    expect(textIn({ en: 'Hello' }, 'de', 'nl')).toBe('Hello');
    expect(setText({ nl: 'Hallo', en: 'Hello' }, 'en', '')).toEqual({ nl: 'Hallo' });
  });

  test('questions move, and a removed question takes the comment’s link to it along', () => {
    const moved = moveQuestion(survey(), 2, -1);
    expect(moved.questions.map((q) => q.id)).toEqual(['csat', 'comment', 'knowledge']);
    expect(moveQuestion(survey(), 0, -1)).toEqual(survey());
    const withoutCsat = removeQuestion(survey(), 0);
    expect(withoutCsat.questions.map((q) => q.id)).toEqual(['knowledge', 'comment']);
    expect(withoutCsat.questions[1]).not.toHaveProperty('commentOn');
    expect(accepted(withoutCsat)).toBe(true);
  });

  test('a new question gets a free id and, once its text is written, is accepted', () => {
    let definition = survey();
    for (const type of ['text', 'single', 'nps', 'rating'] as const) {
      const question = newQuestion(definition, type);
      definition = {
        ...definition,
        questions: [...definition.questions, { ...question, text: { nl: 'Vraag' } }],
      };
    }
    expect(definition.questions.map((q) => q.id)).toEqual([
      'csat',
      'knowledge',
      'comment',
      'comment_2',
      'choice',
      'nps',
      'rating',
    ]);
    expect(accepted(definition)).toBe(true);
    // Left as it comes, a new question has no text in the default language: the server refuses that.
    const unwritten = {
      ...definition,
      questions: [...definition.questions, newQuestion(definition, 'text')],
    };
    expect(accepted(unwritten)).toBe(false);
  });

  test('changing a question’s type keeps its id, text and whether it is required', () => {
    const definition = survey();
    const [first] = definition.questions;
    if (!first) throw new Error('no question');
    const nps = withType(definition, first, 'nps');
    expect(nps).toEqual({ id: 'csat', type: 'nps', text: first.text, required: true });
  });

  test('a survey is summed up by what its main question measures', () => {
    expect(mainQuestionOf(survey())?.id).toBe('csat');
    expect(mainIndicator(mainQuestionOf(survey()))).toBe('csat');
    const relationship = {
      ...survey(),
      questions: [{ id: 'nps', type: 'nps' as const, text: { nl: 'NPS' }, required: false }],
    };
    expect(mainIndicator(mainQuestionOf(relationship))).toBe('nps');
    expect(mainIndicator(undefined)).toBeNull();
  });
});
