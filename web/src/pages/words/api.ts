import type { ClientResponse } from 'hono/client';
import { err, ok, type Result } from '../../../../src/core/result.js';
import type {
  AnalysisRun,
  AttributeProfileRow,
  BrandAttribute,
  DistinctiveTerm,
  TermTrendPoint,
  TextLanguage,
  Theme,
  Tone,
  ToneModelView,
  WordsMessage,
  WordsSettings,
} from '../../../../src/services/words/contract.js';
import { type ApiProblem, call, client } from '../../api.js';
import type { MessageFilter } from './view.js';

export {
  ATTRIBUTE_STANCES,
  TEXT_KINDS,
  TONES,
  WORDS_LANGUAGES,
} from '../../../../src/services/words/contract.js';
/**
 * The words API as the dashboard calls it. The shapes are the capability's shared types, imported
 * as types only: the dashboard bundle carries no schema library.
 */
export type {
  AnalysisRun,
  AttributeProfileRow,
  BrandAttribute,
  DistinctiveTerm,
  TermTrendPoint,
  Theme,
  ToneModelView,
  WordsMessage,
  WordsSettings,
};

export type WordsGrain = 'day' | 'week' | 'month';

/** The filter bar's part of every read: the period in its time zone and the dimension lists. */
export interface WordsQuery {
  from: string;
  to: string;
  timezone: string;
  channel?: readonly string[];
  team?: readonly string[];
  agent?: readonly string[];
  topic?: readonly string[];
  language?: readonly string[];
  kind?: readonly string[];
}

export interface WordsSettingsView {
  settings: WordsSettings;
  models: ToneModelView[];
  texts: number;
  lastAnalysedAt: string | null;
}

export interface TopicsView {
  texts: { focus: number; rest: number };
  terms: DistinctiveTerm[];
  themes: Theme[];
}

export interface ToneView {
  counts: Record<Tone, number>;
  byLanguage: {
    language: TextLanguage;
    texts: number;
    positive: number;
    neutral: number;
    negative: number;
    unsure: number;
    meanScore: number | null;
  }[];
  trend: { period: string; texts: number; meanScore: number | null; negativeShare: number | null }[];
  models: ToneModelView[];
}

export interface ProfileView {
  texts: number;
  rows: AttributeProfileRow[];
}

export interface MessagesView {
  messages: WordsMessage[];
  total: number;
}

/** The query string of a read: lists comma-separated, as the routes read them. */
export function wordsSearch(query: WordsQuery): Record<string, string> {
  const search: Record<string, string> = { from: query.from, to: query.to, timezone: query.timezone };
  for (const key of ['channel', 'team', 'agent', 'topic', 'language', 'kind'] as const) {
    const list = query[key];
    if (list && list.length > 0) search[key] = list.join(',');
  }
  return search;
}

/** Where the CSV of the messages asked for is downloaded (a plain link: the browser saves it). */
export function messagesCsvHref(query: WordsQuery, filter: MessageFilter): string {
  const search = new URLSearchParams({ ...wordsSearch(query), ...definedOf(filter) });
  return `/api/words/messages.csv?${search.toString()}`;
}

function definedOf(filter: MessageFilter): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => typeof v === 'string' && v !== ''));
}

/**
 * The answer of a typed call as the capability's shared type: the server's schemas are made from
 * the same types, so the body is the contract's shape (with its narrower unions).
 */
async function answer<T>(request: Promise<ClientResponse<unknown>>): Promise<Result<T, ApiProblem>> {
  const result = await call(request);
  return result.ok ? ok(result.data as T) : err(result.error);
}

const words = client.api.words;
const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });

export const wordsApi = {
  topics: (query: WordsQuery, focus: string, signal?: AbortSignal) =>
    answer<TopicsView>(
      words.topics.$get({ query: { ...wordsSearch(query), focus, limit: '40' } }, init(signal)),
    ),
  trend: (query: WordsQuery, term: string, grain: WordsGrain, signal?: AbortSignal) =>
    answer<{ points: TermTrendPoint[] }>(
      words.terms.trend.$get({ query: { ...wordsSearch(query), term, grain } }, init(signal)),
    ),
  createTheme: (name: string, terms: string[]) =>
    answer<Theme>(words.themes.$post({ json: { name, terms } })),
  updateTheme: (id: string, json: { name?: string; pinned?: boolean; terms?: string[] }) =>
    answer<Theme>(words.themes[':id'].$patch({ param: { id }, json })),
  deleteTheme: (id: string) => answer<undefined>(words.themes[':id'].$delete({ param: { id } })),
  mergeThemes: (ids: string[], name: string) =>
    answer<Theme>(words.themes.merge.$post({ json: { ids, name } })),
  tone: (query: WordsQuery, grain: WordsGrain, signal?: AbortSignal) =>
    answer<ToneView>(words.tone.$get({ query: { ...wordsSearch(query), grain } }, init(signal))),
  train: () => answer<{ models: ToneModelView[] }>(words.models.train.$post({})),
  attributes: (signal?: AbortSignal) =>
    answer<{ attributes: BrandAttribute[] }>(words.attributes.$get({}, init(signal))),
  saveAttributes: (attributes: BrandAttribute[]) =>
    answer<{ attributes: BrandAttribute[] }>(words.attributes.$put({ json: { attributes } })),
  profile: (query: WordsQuery, grain: WordsGrain, signal?: AbortSignal) =>
    answer<ProfileView>(
      words.attributes.profile.$get({ query: { ...wordsSearch(query), grain } }, init(signal)),
    ),
  messages: (query: WordsQuery, filter: MessageFilter, limit: number, offset: number, signal?: AbortSignal) =>
    answer<MessagesView>(
      words.messages.$get(
        {
          query: {
            ...wordsSearch(query),
            ...definedOf(filter),
            limit: String(limit),
            offset: String(offset),
          },
        },
        init(signal),
      ),
    ),
  settings: (signal?: AbortSignal) => answer<WordsSettingsView>(words.settings.$get({}, init(signal))),
  saveSettings: (json: Partial<WordsSettings>) =>
    answer<{ settings: WordsSettings }>(words.settings.$put({ json })),
  analyse: (all: boolean) => answer<AnalysisRun>(words.analyse.$post({ json: { all } })),
};
