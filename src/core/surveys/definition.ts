/**
 * A survey as data: its questions, their texts in every language offered, its look. What a
 * customer answers is always tied to one version of this definition; editing a survey makes the
 * next version (see services/surveys/store.ts), so an answer is read with the questions it had.
 */
import { z } from 'zod';
import type { SurveyKind } from '../schema.js';

/** The languages every built-in text comes in; a survey may add others (any BCP 47 tag). */
export const BUILT_IN_LANGUAGES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;

export const SURVEY_TYPES = ['post_contact', 'self_service', 'relationship', 'suggestion', 'custom'] as const;
export type SurveyType = (typeof SURVEY_TYPES)[number];

export const SURVEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** What a rating measures; it decides the answer's kind in survey_responses and so its indicators. */
export const RATING_MEASURES = ['csat', 'ces', 'helpful', 'stay', 'satisfaction', 'custom'] as const;
export type RatingMeasure = (typeof RATING_MEASURES)[number];

/** How a rating is drawn: stars, faces, thumbs (2 points), numbers, or the scale's labels. */
export const RATING_DISPLAYS = ['stars', 'faces', 'thumbs', 'numbers', 'labels'] as const;

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
export const LanguageTag = z.string().regex(LANGUAGE_TAG, 'a language tag such as en, nl or zh-CN');

/** One text in several languages, keyed by language tag. */
export const Texts = z.record(LanguageTag, z.string().max(2000));
export type Texts = z.infer<typeof Texts>;

const QUESTION_ID = /^[a-z][a-z0-9_]{0,39}$/;
const QuestionId = z.string().regex(QUESTION_ID, 'lower-case letters, digits and _, starting with a letter');

const QuestionBase = {
  id: QuestionId,
  text: Texts,
  required: z.boolean().default(false),
};

export const RatingQuestion = z.object({
  ...QuestionBase,
  type: z.literal('rating'),
  measure: z.enum(RATING_MEASURES),
  scale: z
    .object({ min: z.number().int().min(0).max(1), max: z.number().int().min(1).max(10) })
    .refine((s) => s.max > s.min, 'max must be above min'),
  display: z.enum(RATING_DISPLAYS).default('numbers'),
  /** A service dimension (the agent's knowledge, speed to answer): a CSAT rating of one part. */
  dimension: z.string().max(60).optional(),
  /** Words for the lowest and highest point, per language; one per point for `labels`. */
  lowLabel: Texts.optional(),
  highLabel: Texts.optional(),
  pointLabels: z.array(Texts).optional(),
});
export type RatingQuestion = z.infer<typeof RatingQuestion>;

export const NpsQuestion = z.object({ ...QuestionBase, type: z.literal('nps') });
export type NpsQuestion = z.infer<typeof NpsQuestion>;

export const ChoiceQuestion = z.object({
  ...QuestionBase,
  type: z.enum(['single', 'multiple']),
  options: z
    .array(z.object({ id: QuestionId, text: Texts }))
    .min(2)
    .max(30),
});
export type ChoiceQuestion = z.infer<typeof ChoiceQuestion>;

export const TextQuestion = z.object({
  ...QuestionBase,
  type: z.literal('text'),
  /** The question this one asks the reason for (an NPS reason, a comment on a CSAT score). */
  commentOn: QuestionId.optional(),
});
export type TextQuestion = z.infer<typeof TextQuestion>;

export const Question = z.discriminatedUnion('type', [
  RatingQuestion,
  NpsQuestion,
  ChoiceQuestion,
  TextQuestion,
]);
export type Question = z.infer<typeof Question>;

export const Branding = z.object({
  /** An https URL or a data: URL of the logo shown on the pages and in the mails. */
  logoUrl: z.string().max(200_000).optional(),
  /** The accent colour, #rrggbb; contrast against white is checked (WCAG AA). */
  colour: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#1f5fbf'),
  senderName: z.string().max(100).optional(),
});
export type Branding = z.infer<typeof Branding>;

export const SurveyDefinition = z
  .object({
    type: z.enum(SURVEY_TYPES),
    /** The language shown when neither the link nor the browser asks for one offered. */
    defaultLanguage: LanguageTag,
    languages: z.array(LanguageTag).min(1).max(40),
    title: Texts,
    intro: Texts.optional(),
    thanks: Texts,
    questions: z.array(Question).min(1).max(50),
    branding: Branding.default({ colour: '#1f5fbf' }),
  })
  .superRefine((d, ctx) => {
    if (!d.languages.includes(d.defaultLanguage)) {
      ctx.addIssue({ code: 'custom', path: ['defaultLanguage'], message: 'must be one of languages' });
    }
    const ids = new Set<string>();
    for (const [i, q] of d.questions.entries()) {
      if (ids.has(q.id))
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `repeats ${q.id}` });
      ids.add(q.id);
    }
    const texts: [string, Texts | undefined][] = [
      ['title', d.title],
      ['thanks', d.thanks],
      ...d.questions.map((q, i): [string, Texts] => [`questions.${i}.text`, q.text]),
    ];
    for (const [path, text] of texts) {
      if (text && !text[d.defaultLanguage]) {
        ctx.addIssue({ code: 'custom', path: path.split('.'), message: `has no ${d.defaultLanguage} text` });
      }
    }
  });
export type SurveyDefinition = z.infer<typeof SurveyDefinition>;

/** Who gets an e-mail after a contact, and when: a post-contact survey's distribution. */
export const PostContactRules = z.object({
  enabled: z.boolean().default(false),
  /** Minutes after the contact is resolved. */
  delayMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .default(60),
  channels: z
    .object({ include: z.array(z.string()).default([]), exclude: z.array(z.string()).default([]) })
    .default({ include: [], exclude: [] }),
  teams: z
    .object({ include: z.array(z.string()).default([]), exclude: z.array(z.string()).default([]) })
    .default({ include: [], exclude: [] }),
  tags: z
    .object({ include: z.array(z.string()).default([]), exclude: z.array(z.string()).default([]) })
    .default({ include: [], exclude: [] }),
  /** Contacts the team started (outbound: the first message is the agent's) are left out unless set. */
  includeOutbound: z.boolean().default(false),
  /** At most one survey per customer in this many days (0: no limit). */
  fatigueDays: z.number().int().min(0).max(3650).default(30),
  /** Hours after sending to remind once when unanswered; null: no reminder. */
  reminderAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable()
    .default(72),
});
export type PostContactRules = z.infer<typeof PostContactRules>;

/** A relationship wave: everyone or a sample, each quarter or year. */
export const WaveRules = z.object({
  enabled: z.boolean().default(false),
  /** Cron expression in `timezone`, e.g. quarterly `0 9 1 1,4,7,10 *`. */
  schedule: z.string().max(100).default('0 9 1 1,4,7,10 *'),
  timezone: z.string().max(64).default('UTC'),
  /** Share of customers asked, 0–1 (1: all), drawn with `seed` so a wave can be drawn again. */
  sample: z.number().min(0).max(1).default(1),
  /** From the contacts' customers, or only from an uploaded list. */
  audience: z.enum(['contacts', 'list']).default('contacts'),
  reminderAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable()
    .default(168),
});
export type WaveRules = z.infer<typeof WaveRules>;

/** What is not part of a version: how the survey is sent, and for how long links stay open. */
export const SurveySettings = z.object({
  postContact: PostContactRules.default(PostContactRules.parse({})),
  wave: WaveRules.default(WaveRules.parse({})),
  /** Days a personal link accepts answers (and edits of them) after it is sent. */
  linkDays: z.number().int().min(1).max(365).default(14),
  /** Public link sources (social profile, contact page, in-chat message) by slug. */
  publicSources: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/))
    .max(50)
    .default([]),
  /** QR code locations (a shop, a counter) by slug. */
  locations: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/))
    .max(200)
    .default([]),
  /**
   * Whether the help-centre widget may ask this survey on any page that embeds it: anyone who
   * knows the survey's id can then answer it. On by default for a self-service survey only.
   */
  widget: z.boolean().default(false),
});
export type SurveySettings = z.infer<typeof SurveySettings>;

/** The canonical kind an answer to a question is stored as. */
export function answerKind(question: Question): SurveyKind {
  switch (question.type) {
    case 'nps':
      return 'nps';
    case 'rating':
      return question.measure;
    default:
      return 'custom';
  }
}

/** The scale an answer to a question is stored on. */
export function answerScale(question: Question): { min: number; max: number } {
  switch (question.type) {
    case 'nps':
      return { min: 0, max: 10 };
    case 'rating':
      return question.scale;
    default:
      return { min: 0, max: 0 };
  }
}

/**
 * The question whose answer is the invitation's own row in survey_responses (and so decides its
 * kind: a post-contact survey's CSAT counts in csat_response_rate): the first rating or NPS
 * question without a dimension; none when the survey has no score (a suggestion box).
 */
export function mainQuestion(definition: SurveyDefinition): Question | undefined {
  return definition.questions.find(
    (q) => q.type === 'nps' || (q.type === 'rating' && q.dimension === undefined),
  );
}

/**
 * The text in the language asked for: that language, its base language (`zh` for `zh-TW`), the
 * survey's default language, then any.
 */
export function textIn(texts: Texts | undefined, language: string, fallback: string): string {
  if (!texts) return '';
  return (
    texts[language] ?? texts[language.split('-')[0] ?? ''] ?? texts[fallback] ?? Object.values(texts)[0] ?? ''
  );
}

/** Of the survey's languages, the first the customer asks for (link, then Accept-Language). */
export function pickLanguage(definition: SurveyDefinition, wanted: readonly string[]): string {
  for (const want of wanted) {
    const exact = definition.languages.find((l) => l.toLowerCase() === want.toLowerCase());
    if (exact) return exact;
    const base = want.split('-')[0]?.toLowerCase();
    const sameBase = definition.languages.find((l) => l.split('-')[0]?.toLowerCase() === base);
    if (sameBase) return sameBase;
  }
  return definition.defaultLanguage;
}
