/**
 * Customers' words: what the analysis pipeline, the API, the CLI and the "What customers say" page
 * share. The texts are survey comments and customers' messages; what is read from them (language,
 * terms, tone, brand attributes) is stored in text_items, text_terms and text_attribute_hits.
 */

/** The five languages the pipeline reads; any other text is kept as `other` (counted, not read). */
export const WORDS_LANGUAGES = ['en', 'nl', 'sv', 'uk', 'zh'] as const;
export type WordsLanguage = (typeof WORDS_LANGUAGES)[number];
export type TextLanguage = WordsLanguage | 'other';

/** Where a text comes from; each can be switched off in the settings. */
export const TEXT_KINDS = [
  /** A survey answer's comment. */
  'survey_comment',
  /** A customer's message (customer_message event with a body) on a contact of any channel but social. */
  'message',
  /** A customer's message on a contact whose channel is social. */
  'social',
] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

/** `unsure`: neither the model nor the lexicon is sure enough; such a text has no score. */
export const TONES = ['positive', 'neutral', 'negative', 'unsure'] as const;
export type Tone = (typeof TONES)[number];

export interface WordsSettings {
  /** Which kinds of text are analysed. */
  sources: Record<TextKind, boolean>;
  /** The team's own terms, kept whole by the Chinese segmentation and by phrase finding, e.g. 售后小哥. */
  dictionary: string[];
  /** A text whose most likely tone has a probability below this is `unsure` (0.5–0.95). */
  minConfidence: number;
}

export const DEFAULT_WORDS_SETTINGS: WordsSettings = {
  sources: { survey_comment: true, message: true, social: true },
  dictionary: [],
  minConfidence: 0.6,
};

/** What one analysis run did. */
export interface AnalysisRun {
  analysed: number;
  removed: number;
  byLanguage: Partial<Record<TextLanguage, number>>;
  /** Languages whose tone model was trained again in this run. */
  trained: WordsLanguage[];
}

/** A tone model as listed: how well it reads held-back comments, next to the lexicon alone. */
export interface ToneModelView {
  language: WordsLanguage;
  trainedAt: string;
  trainN: number;
  testN: number;
  /** Share of held-back comments whose tone the model got right (unsure ones count as wrong). */
  accuracy: number;
  /** The same comments read by the lexicon alone; null for a language without a lexicon package. */
  lexiconAccuracy: number | null;
  /** Share of held-back comments the model was unsure about. */
  unsureShare: number;
}

/** The group a topic comparison looks at, set against all other texts of the period. */
export type TopicFocus =
  | { by: 'all' }
  | { by: 'channel' | 'team' | 'agent' | 'topic' | 'language' | 'kind' | 'tone'; value: string }
  /** Survey comments with a score at or below (`low`) or above (`high`) the middle of the scale. */
  | { by: 'score'; value: 'low' | 'high' };

export interface TermFilters {
  from: string;
  to: string;
  timezone: string;
  channel?: string[];
  team?: string[];
  agent?: string[];
  topic?: string[];
  language?: TextLanguage[];
  kind?: TextKind[];
}

export interface DistinctiveTerm {
  term: string;
  /** The form customers wrote most often (a stem is shown as a word). */
  label: string;
  /** Texts of the focus group that hold it, and of the rest. */
  inFocus: number;
  inRest: number;
  /** Weighted log-odds with an informative Dirichlet prior, as a z-score: > 1.96 stands out. */
  z: number;
  /** Share of the focus group's texts with a negative tone. */
  negativeShare: number | null;
  themeId: string | null;
}

export interface Theme {
  id: string;
  name: string;
  terms: string[];
  pinned: boolean;
  /** True for a theme suggested from terms that occur together, not yet saved. */
  suggested: boolean;
}

export interface TermTrendPoint {
  period: string;
  texts: number;
  withTerm: number;
}

export const ATTRIBUTE_STANCES = ['intended', 'feared'] as const;
export type AttributeStance = (typeof ATTRIBUTE_STANCES)[number];

/** A word of the image the team wants ("fast") or fears ("slow"), with its words per language. */
export interface BrandAttribute {
  id: string;
  name: string;
  stance: AttributeStance;
  /** Words and phrases that express it, per language; matched after stemming, like the texts. */
  words: Partial<Record<WordsLanguage, string[]>>;
}

export interface AttributeProfileRow {
  attributeId: string;
  name: string;
  stance: AttributeStance;
  /** Texts that express it, and their share of the texts read in the period. */
  mentions: number;
  share: number;
  tone: Record<Exclude<Tone, 'unsure'>, number> & { unsure: number };
  byChannel: Record<string, number>;
  trend: { period: string; mentions: number; texts: number }[];
}

export interface WordsMessage {
  itemKey: string;
  kind: TextKind;
  occurredAt: string;
  channel: string | null;
  agentId: string | null;
  contactKey: string | null;
  language: TextLanguage;
  tone: Tone;
  sentimentScore: number | null;
  /** The text with e-mail addresses, phone numbers and order numbers masked. */
  text: string;
  /** Character ranges of `text` to highlight: the words of the term, theme or attribute asked for. */
  highlights: { start: number; end: number }[];
  surveyScore: number | null;
}

export type WordsProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'conflict'; message: string };
