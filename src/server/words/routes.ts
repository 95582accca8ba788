/**
 * Customers' words: what the texts say (topics and their trend, themes, tone, brand attributes) and
 * the messages behind them, with the settings, the analysis and the tone models. Who may call each
 * is in ./policy.ts; an agent reads only texts of their own contacts (handlers.ts).
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, csv, json, problems, SIGNED_IN } from '../routes.js';
import {
  AnalysisRunSchema,
  AttributeProfileSchema,
  BrandAttributeList,
  BrandAttributesReplace,
  TermTrendSchema,
  ThemeCreate,
  ThemeIdParam,
  ThemeList,
  ThemeMerge,
  ThemeSchema,
  ThemeUpdate,
  ToneModelList,
  ToneSummarySchema,
  TopicsSchema,
  WordsAnalyseRequest,
  WordsExportQuery,
  WordsGrainQuery,
  WordsMessageList,
  WordsMessagesQuery,
  WordsQuery,
  WordsSettingsUpdate,
  WordsSettingsView,
  WordsTermTrendQuery,
  WordsTopicsQuery,
} from './schemas.js';

const tags = ['words'];
/** What the services refuse with (WordsProblem): a field named, an unknown theme, a term taken. */
const refused = problems(400, 401, 403, 404, 409);

export const getWordsSettings = createRoute({
  operationId: 'getWordsSettings',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/settings',
  summary:
    'The settings of the text analysis (sources read, the team dictionary, the confidence below which a tone is unsure), the tone models, the texts analysed and when',
  responses: { 200: json(WordsSettingsView, 'Settings'), ...authed },
});

export const updateWordsSettings = createRoute({
  operationId: 'updateWordsSettings',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/words/settings',
  summary: 'Change the settings of the text analysis (the fields given); the next analysis reads with them',
  request: { body: body(WordsSettingsUpdate) },
  responses: { 200: json(WordsSettingsView.pick({ settings: true }), 'Changed'), ...refused },
});

export const analyseWords = createRoute({
  operationId: 'analyseWords',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/words/analyse',
  summary: 'Read the texts not read yet or changed since (all: every text again), on this machine',
  request: { body: body(WordsAnalyseRequest) },
  responses: { 200: json(AnalysisRunSchema, 'What the run did'), ...refused },
});

export const trainWordsModels = createRoute({
  operationId: 'trainWordsModels',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/words/models/train',
  summary:
    "Train the tone model of each language on the team's labelled survey comments, evaluated on the held-back ones",
  responses: { 200: json(ToneModelList, 'The models'), ...authed },
});

export const getWordsTopics = createRoute({
  operationId: 'getWordsTopics',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/topics',
  summary:
    'Terms and phrases that stand out in the focus group against the other texts (weighted log-odds with a prior, as a z-score), with the themes',
  request: { query: WordsTopicsQuery },
  responses: { 200: json(TopicsSchema, 'Topics'), ...refused },
});

export const getWordsTermTrend = createRoute({
  operationId: 'getWordsTermTrend',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/terms/trend',
  summary: 'Per period: the texts read and those with the term',
  request: { query: WordsTermTrendQuery },
  responses: { 200: json(TermTrendSchema, 'Trend'), ...refused },
});

export const listWordsThemes = createRoute({
  operationId: 'listWordsThemes',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/themes',
  summary: "The saved themes, then those suggested from the period's terms that occur together",
  request: { query: WordsQuery },
  responses: { 200: json(ThemeList, 'Themes'), ...refused },
});

export const createWordsTheme = createRoute({
  operationId: 'createWordsTheme',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/words/themes',
  summary: 'Save a theme: a name and its terms (a term belongs to one theme)',
  request: { body: body(ThemeCreate) },
  responses: { 201: json(ThemeSchema, 'Saved'), ...refused },
});

export const mergeWordsThemes = createRoute({
  operationId: 'mergeWordsThemes',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/words/themes/merge',
  summary: 'Merge saved themes into the first, under a new name, with the terms of all',
  request: { body: body(ThemeMerge) },
  responses: { 200: json(ThemeSchema, 'Merged'), ...refused },
});

export const updateWordsTheme = createRoute({
  operationId: 'updateWordsTheme',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/words/themes/{id}',
  summary: 'Rename a theme, pin it, or change its terms',
  request: { params: ThemeIdParam, body: body(ThemeUpdate) },
  responses: { 200: json(ThemeSchema, 'Changed'), ...refused },
});

export const deleteWordsTheme = createRoute({
  operationId: 'deleteWordsTheme',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/words/themes/{id}',
  summary: 'Delete a saved theme (its terms stay topics)',
  request: { params: ThemeIdParam },
  responses: { 204: { description: 'Deleted' }, ...refused },
});

export const getWordsTone = createRoute({
  operationId: 'getWordsTone',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/tone',
  summary: 'Texts per tone, per language with the mean score, the trend, and how well each tone model reads',
  request: { query: WordsGrainQuery },
  responses: { 200: json(ToneSummarySchema, 'Tone'), ...refused },
});

export const listWordsAttributes = createRoute({
  operationId: 'listWordsAttributes',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/attributes',
  summary: 'The brand attributes: the image intended and feared, with their words per language',
  responses: { 200: json(BrandAttributeList, 'Attributes'), ...authed },
});

export const replaceWordsAttributes = createRoute({
  operationId: 'replaceWordsAttributes',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/words/attributes',
  summary: 'Replace the brand attributes; every text is matched against them again',
  request: { body: body(BrandAttributesReplace) },
  responses: { 200: json(BrandAttributeList, 'Saved'), ...refused },
});

export const getWordsAttributeProfile = createRoute({
  operationId: 'getWordsAttributeProfile',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/attributes/profile',
  summary: 'Per brand attribute: the texts that express it, their share, tone, channels and trend',
  request: { query: WordsGrainQuery },
  responses: { 200: json(AttributeProfileSchema, 'Profile'), ...refused },
});

export const listWordsMessages = createRoute({
  operationId: 'listWordsMessages',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/messages',
  summary:
    'The messages behind a term, theme, attribute or tone, newest first: masked, with the words asked for marked',
  request: { query: WordsMessagesQuery },
  responses: { 200: json(WordsMessageList, 'Messages'), ...refused },
});

export const exportWordsMessages = createRoute({
  operationId: 'exportWordsMessages',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/words/messages.csv',
  summary: 'The same messages as CSV, masked',
  request: { query: WordsExportQuery },
  responses: { 200: csv('CSV'), ...refused },
});
