import { describe, expect, test } from 'vitest';
import {
  answerKind,
  BUILT_IN_LANGUAGES,
  mainQuestion,
  SURVEY_TYPES,
  SurveyDefinition,
} from './definition.js';
import { surveyTemplate } from './templates.js';

function allTexts(value: unknown): Record<string, string>[] {
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value);
  if (
    entries.length > 0 &&
    entries.some(([key]) => key === 'en') &&
    entries.every(([, v]) => typeof v === 'string')
  )
    return [value as Record<string, string>];
  return entries.flatMap(([, v]) => allTexts(v));
}

describe('survey templates', () => {
  test.each(SURVEY_TYPES)(
    '%s is a valid definition with every text in the five built-in languages',
    (type) => {
      const template = surveyTemplate(type);
      expect(SurveyDefinition.parse(template)).toEqual(template);
      expect(template.type).toBe(type);
      const texts = allTexts(template);
      expect(texts.length).toBeGreaterThan(2);
      for (const text of texts) {
        expect(Object.keys(text).sort()).toEqual([...BUILT_IN_LANGUAGES].sort());
        for (const value of Object.values(text)) expect(value.trim()).not.toBe('');
      }
    },
  );

  test('each type asks what its indicators read', () => {
    const kinds = (type: (typeof SURVEY_TYPES)[number]) => surveyTemplate(type).questions.map(answerKind);
    expect(mainQuestion(surveyTemplate('post_contact'))?.id).toBe('csat');
    expect(kinds('post_contact')).toEqual(['csat', 'ces', 'csat', 'csat', 'csat', 'custom']);
    expect(
      surveyTemplate('post_contact')
        .questions.filter((q) => q.type === 'rating' && q.dimension)
        .map((q) => q.id),
    ).toEqual(['knowledge', 'speed_to_answer', 'speed_to_solve']);
    expect(mainQuestion(surveyTemplate('self_service'))?.id).toBe('helpful');
    expect(kinds('relationship')).toEqual(['nps', 'custom', 'stay', 'satisfaction']);
    expect(mainQuestion(surveyTemplate('suggestion'))).toBeUndefined();
  });

  test('every call makes a new object: editing one leaves the template as it was', () => {
    const edited = surveyTemplate('custom');
    edited.title.en = 'Changed';
    expect(surveyTemplate('custom').title.en).toBe('A short question');
  });
});
