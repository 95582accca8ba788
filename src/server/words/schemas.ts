import { z } from '@hono/zod-openapi';
import { ATTRIBUTE_STANCES, TEXT_KINDS, TONES, WORDS_LANGUAGES } from '../../services/words/contract.js';
import { TREND_GRAINS } from '../../services/words/filters.js';
import { instant } from '../schemas.js';

/** Checked by the service (src/services/words/filters.ts), which names the field it refuses. */
const text = (example: string, description: string) =>
  z.string().max(4000).optional().openapi({ example, description });

export const WordsQuery = z.object({
  from: text(
    '2026-03-01',
    'First day (YYYY-MM-DD or YYYY-MM-DDTHH:MM) in the time zone, included; default 90 days before to',
  ),
  to: text('2026-04-01', 'Day after the last, excluded; default tomorrow'),
  timezone: text('Europe/Amsterdam', 'IANA time zone of from and to and of the periods; default UTC'),
  channel: text('chat,email', 'Channels, comma-separated'),
  team: text('support', 'Teams, comma-separated'),
  agent: text('ann', 'Agents, comma-separated (an agent: only themselves)'),
  topic: text('delivery', 'Contact topics, comma-separated'),
  language: text('nl,zh', `Text languages (${[...WORDS_LANGUAGES, 'other'].join(', ')}), comma-separated`),
  kind: text('survey_comment', `Kinds of text (${TEXT_KINDS.join(', ')}), comma-separated`),
});

const grain = text('week', `Periods of the trend: ${TREND_GRAINS.join(', ')} (default week)`);

export const WordsTopicsQuery = WordsQuery.extend({
  focus: text(
    'channel:chat',
    'The group whose terms stand out: all (the period against the one before), score:low|high (survey comments), or channel|team|agent|topic|language|kind|tone:<value>',
  ),
  limit: text('40', 'Terms, 1–200 (default 40)'),
});

export const WordsTermTrendQuery = WordsQuery.extend({
  term: z
    .string()
    .min(1)
    .max(60)
    .openapi({ example: 'late', description: 'The term (stem or phrase) as listed in topics' }),
  grain,
});

export const WordsGrainQuery = WordsQuery.extend({ grain });

export const WordsMessagesQuery = WordsQuery.extend({
  term: text('late', 'Only texts with this term'),
  theme: text('a1b2c3', 'Only texts with a term of this saved theme'),
  attribute: text('fast', 'Only texts expressing this brand attribute'),
  tone: text('negative', `Only texts of this tone (${TONES.join(', ')})`),
  limit: text('50', 'Messages, 1–200 (default 50)'),
  offset: text('0', 'Messages skipped'),
});

export const WordsExportQuery = WordsMessagesQuery.omit({ limit: true, offset: true });

export const WordsLanguageSchema = z.enum(WORDS_LANGUAGES).openapi('WordsLanguage');
const TextLanguageSchema = z.enum([...WORDS_LANGUAGES, 'other']);
export const ToneSchema = z.enum(TONES).openapi('Tone');

export const WordsSettingsSchema = z
  .object({
    sources: z.object({ survey_comment: z.boolean(), message: z.boolean(), social: z.boolean() }),
    dictionary: z.array(z.string()),
    minConfidence: z.number(),
  })
  .openapi('WordsSettings');

export const WordsSettingsUpdate = z.record(z.string(), z.unknown()).openapi('WordsSettingsUpdate', {
  description:
    'Fields of WordsSettings to change, e.g. { "sources": { "social": false }, "minConfidence": 0.7 }',
});

export const ToneModelSchema = z
  .object({
    language: WordsLanguageSchema,
    trainedAt: instant,
    trainN: z.number().int(),
    testN: z.number().int(),
    accuracy: z.number(),
    lexiconAccuracy: z.number().nullable(),
    unsureShare: z.number(),
  })
  .openapi('ToneModel');

export const WordsSettingsView = z
  .object({
    settings: WordsSettingsSchema,
    models: z.array(ToneModelSchema),
    texts: z.number().int(),
    lastAnalysedAt: instant.nullable(),
  })
  .openapi('WordsSettingsView');

export const WordsAnalyseRequest = z
  .object({ all: z.boolean().optional() })
  .strict()
  .openapi('WordsAnalyseRequest');

export const AnalysisRunSchema = z
  .object({
    analysed: z.number().int(),
    removed: z.number().int(),
    byLanguage: z.record(z.string(), z.number()),
    trained: z.array(WordsLanguageSchema),
  })
  .openapi('WordsAnalysisRun');

export const ToneModelList = z.object({ models: z.array(ToneModelSchema) }).openapi('ToneModelList');

export const ThemeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    terms: z.array(z.string()),
    pinned: z.boolean(),
    suggested: z.boolean(),
  })
  .openapi('WordsTheme');

export const ThemeList = z.object({ themes: z.array(ThemeSchema) }).openapi('WordsThemeList');

export const DistinctiveTermSchema = z
  .object({
    term: z.string(),
    label: z.string(),
    inFocus: z.number().int(),
    inRest: z.number().int(),
    z: z.number(),
    negativeShare: z.number().nullable(),
    themeId: z.string().nullable(),
  })
  .openapi('DistinctiveTerm');

export const TopicsSchema = z
  .object({
    texts: z.object({ focus: z.number().int(), rest: z.number().int() }),
    terms: z.array(DistinctiveTermSchema),
    themes: z.array(ThemeSchema),
  })
  .openapi('WordsTopics');

export const TermTrendSchema = z
  .object({
    points: z.array(z.object({ period: z.string(), texts: z.number().int(), withTerm: z.number().int() })),
  })
  .openapi('WordsTermTrend');

/** Checked by the service, which names the field it refuses. */
export const ThemeCreate = z
  .object({ name: z.unknown(), terms: z.unknown(), pinned: z.unknown().optional() })
  .openapi('WordsThemeCreate', { example: { name: 'Delivery delays', terms: ['late', 'parcel'] } });
export const ThemeUpdate = z
  .record(z.string(), z.unknown())
  .openapi('WordsThemeUpdate', { example: { name: 'Delays', pinned: true } });
export const ThemeMerge = z
  .object({ ids: z.unknown(), name: z.unknown() })
  .openapi('WordsThemeMerge', { example: { ids: ['a1b2c3', 'd4e5f6'], name: 'Delivery' } });

export const ThemeIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'a1b2c3' }),
});

const ToneCounts = z.object({
  positive: z.number().int(),
  neutral: z.number().int(),
  negative: z.number().int(),
  unsure: z.number().int(),
});

export const ToneSummarySchema = z
  .object({
    counts: ToneCounts,
    byLanguage: z.array(
      ToneCounts.extend({
        language: TextLanguageSchema,
        texts: z.number().int(),
        meanScore: z.number().nullable(),
      }),
    ),
    trend: z.array(
      z.object({
        period: z.string(),
        texts: z.number().int(),
        meanScore: z.number().nullable(),
        negativeShare: z.number().nullable(),
      }),
    ),
    models: z.array(ToneModelSchema),
  })
  .openapi('WordsToneSummary');

export const BrandAttributeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    stance: z.enum(ATTRIBUTE_STANCES),
    words: z.partialRecord(WordsLanguageSchema, z.array(z.string())),
  })
  .openapi('BrandAttribute');

export const BrandAttributeList = z
  .object({ attributes: z.array(BrandAttributeSchema) })
  .openapi('BrandAttributeList');

/** Checked by the service, which names the attribute and field it refuses. */
export const BrandAttributesReplace = z
  .object({ attributes: z.unknown() })
  .openapi('BrandAttributesReplace', {
    example: {
      attributes: [
        { id: 'fast', name: 'Fast', stance: 'intended', words: { nl: ['snel', 'vlot'], zh: ['快', '及时'] } },
        { id: 'slow', name: 'Slow', stance: 'feared', words: { en: ['slow', 'waited'] } },
      ],
    },
  });

export const AttributeProfileSchema = z
  .object({
    texts: z.number().int(),
    rows: z.array(
      z.object({
        attributeId: z.string(),
        name: z.string(),
        stance: z.enum(ATTRIBUTE_STANCES),
        mentions: z.number().int(),
        share: z.number(),
        tone: ToneCounts,
        byChannel: z.record(z.string(), z.number().int()),
        trend: z.array(z.object({ period: z.string(), mentions: z.number().int(), texts: z.number().int() })),
      }),
    ),
  })
  .openapi('BrandAttributeProfile');

export const WordsMessageSchema = z
  .object({
    itemKey: z.string(),
    kind: z.enum(TEXT_KINDS),
    occurredAt: instant,
    channel: z.string().nullable(),
    agentId: z.string().nullable(),
    contactKey: z.string().nullable(),
    language: TextLanguageSchema,
    tone: ToneSchema,
    sentimentScore: z.number().nullable(),
    text: z.string().openapi({ description: 'E-mail addresses, phone numbers and order numbers masked' }),
    highlights: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
    surveyScore: z.number().nullable(),
  })
  .openapi('WordsMessage');

export const WordsMessageList = z
  .object({ messages: z.array(WordsMessageSchema), total: z.number().int() })
  .openapi('WordsMessageList');
