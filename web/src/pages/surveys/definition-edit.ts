import type { Question, SurveyDefinition, Texts } from '../../../../src/core/surveys/definition.js';

/**
 * What the survey editor does to a definition, as pure functions: each returns a new definition and
 * leaves the one given alone, so the editor's undo-free state stays a plain value.
 */
export type { Question, SurveyDefinition, Texts };

export type QuestionType = Question['type'];
export const QUESTION_TYPES: readonly QuestionType[] = ['rating', 'nps', 'single', 'multiple', 'text'];

/** The languages every built-in text comes in (src/core/surveys/definition.ts BUILT_IN_LANGUAGES). */
export const BUILT_IN_LANGUAGES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function isLanguageTag(tag: string): boolean {
  return LANGUAGE_TAG.test(tag);
}

/**
 * The text in a language: that language, its base language, the survey's default, then any — as
 * the survey pages choose (textIn in src/core/surveys/definition.ts), so the preview says the same.
 */
export function textIn(texts: Texts | undefined, language: string, fallback: string): string {
  if (!texts) return '';
  return (
    texts[language] ?? texts[language.split('-')[0] ?? ''] ?? texts[fallback] ?? Object.values(texts)[0] ?? ''
  );
}

/** Whether a text is missing in a language the survey offers: the preview shows the fallback then. */
export function missingIn(texts: Texts | undefined, language: string): boolean {
  return !texts?.[language]?.trim();
}

export function setText(texts: Texts | undefined, language: string, value: string): Texts {
  const next = { ...(texts ?? {}) };
  if (value === '') delete next[language];
  else next[language] = value;
  return next;
}

export function moveQuestion(definition: SurveyDefinition, index: number, by: -1 | 1): SurveyDefinition {
  const target = index + by;
  if (target < 0 || target >= definition.questions.length) return definition;
  const questions = [...definition.questions];
  const [moved] = questions.splice(index, 1);
  if (!moved) return definition;
  questions.splice(target, 0, moved);
  return { ...definition, questions };
}

/** Removes a question, and the `commentOn` of any text question that asked about it. */
export function removeQuestion(definition: SurveyDefinition, index: number): SurveyDefinition {
  const gone = definition.questions[index];
  if (!gone || definition.questions.length <= 1) return definition;
  const questions = definition.questions
    .filter((_, i) => i !== index)
    .map((q): Question => {
      if (q.type !== 'text' || q.commentOn !== gone.id) return q;
      const { commentOn: _, ...rest } = q;
      return rest;
    });
  return { ...definition, questions };
}

export function replaceQuestion(
  definition: SurveyDefinition,
  index: number,
  question: Question,
): SurveyDefinition {
  return { ...definition, questions: definition.questions.map((q, i) => (i === index ? question : q)) };
}

/** The first free id of the form `<stem>`, `<stem>_2`, …: question ids must be unique. */
export function freeQuestionId(definition: SurveyDefinition, stem: string): string {
  const taken = new Set(definition.questions.map((q) => q.id));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

/** A new question of a type, with an empty text in the default language to be filled in. */
export function newQuestion(definition: SurveyDefinition, type: QuestionType): Question {
  const text: Texts = { [definition.defaultLanguage]: '' };
  switch (type) {
    case 'rating':
      return {
        id: freeQuestionId(definition, 'rating'),
        type,
        text,
        required: false,
        measure: 'custom',
        scale: { min: 1, max: 5 },
        display: 'numbers',
      };
    case 'nps':
      return { id: freeQuestionId(definition, 'nps'), type, text, required: false };
    case 'single':
    case 'multiple':
      return {
        id: freeQuestionId(definition, 'choice'),
        type,
        text,
        required: false,
        options: [
          { id: 'option_1', text: { [definition.defaultLanguage]: '' } },
          { id: 'option_2', text: { [definition.defaultLanguage]: '' } },
        ],
      };
    case 'text':
      return { id: freeQuestionId(definition, 'comment'), type, text, required: false };
  }
}

/** Changes a question's type, keeping its id, text and whether it is required. */
export function withType(definition: SurveyDefinition, question: Question, type: QuestionType): Question {
  if (question.type === type) return question;
  const fresh = newQuestion(definition, type);
  return { ...fresh, id: question.id, text: question.text, required: question.required } as Question;
}

export function addLanguage(definition: SurveyDefinition, tag: string): SurveyDefinition {
  if (definition.languages.includes(tag)) return definition;
  return { ...definition, languages: [...definition.languages, tag] };
}

/**
 * Takes a language off the survey with its texts, so a saved version holds only what it offers.
 * The default language stays: every text must exist in it.
 */
export function removeLanguage(definition: SurveyDefinition, tag: string): SurveyDefinition {
  if (tag === definition.defaultLanguage || !definition.languages.includes(tag)) return definition;
  const drop = (texts: Texts): Texts => {
    const { [tag]: _, ...rest } = texts;
    return rest;
  };
  const dropOptional = (texts: Texts | undefined) => (texts ? drop(texts) : undefined);
  return {
    ...definition,
    languages: definition.languages.filter((l) => l !== tag),
    title: drop(definition.title),
    thanks: drop(definition.thanks),
    ...(definition.intro ? { intro: drop(definition.intro) } : {}),
    questions: definition.questions.map((q): Question => {
      const text = drop(q.text);
      switch (q.type) {
        case 'single':
        case 'multiple':
          return { ...q, text, options: q.options.map((o) => ({ ...o, text: drop(o.text) })) };
        case 'rating': {
          const lowLabel = dropOptional(q.lowLabel);
          const highLabel = dropOptional(q.highLabel);
          return {
            ...q,
            text,
            ...(lowLabel ? { lowLabel } : {}),
            ...(highLabel ? { highLabel } : {}),
            ...(q.pointLabels ? { pointLabels: q.pointLabels.map(drop) } : {}),
          };
        }
        default:
          return { ...q, text };
      }
    }),
  };
}

/**
 * Texts left empty in a language the survey offers, as `where` names the editor shows; the survey
 * pages would fall back to the default language there.
 */
export function missingTexts(definition: SurveyDefinition, language: string): string[] {
  const missing: string[] = [];
  if (missingIn(definition.title, language)) missing.push('title');
  if (missingIn(definition.thanks, language)) missing.push('thanks');
  for (const q of definition.questions) {
    if (missingIn(q.text, language)) missing.push(q.id);
    if (q.type === 'single' || q.type === 'multiple')
      for (const o of q.options) if (missingIn(o.text, language)) missing.push(`${q.id}.${o.id}`);
  }
  return missing;
}

/** The points of a rating scale, lowest first. */
export function scalePoints(scale: { min: number; max: number }): number[] {
  const points: number[] = [];
  for (let p = scale.min; p <= scale.max; p++) points.push(p);
  return points;
}

/** The indicator that sums up a survey, by what its main question measures. */
export function mainIndicator(question: Question | undefined): string | null {
  if (!question) return null;
  if (question.type === 'nps') return 'nps';
  if (question.type !== 'rating') return null;
  switch (question.measure) {
    case 'csat':
      return 'csat';
    case 'ces':
      return 'ces';
    case 'helpful':
      return 'self_service_helpful_rate';
    case 'stay':
      return 'likely_to_stay';
    case 'satisfaction':
      return 'satisfaction_top2';
    default:
      return 'csat_avg';
  }
}

/** The first rating or NPS question without a dimension: the one an invitation's own row holds. */
export function mainQuestionOf(definition: SurveyDefinition): Question | undefined {
  return definition.questions.find(
    (q) => q.type === 'nps' || (q.type === 'rating' && q.dimension === undefined),
  );
}
