import type {
  TextKind,
  TextLanguage,
  Tone,
  TopicFocus,
  WordsLanguage,
} from '../../../../src/services/words/contract.js';
import { TEXT_KINDS, TONES, WORDS_LANGUAGES } from '../../../../src/services/words/contract.js';

/**
 * The state of the "What customers say" page that lives in the address, beside the filter bar's:
 * which tab, which focus, which term or attribute the messages are narrowed to. A saved view or a
 * shared link opens the page exactly as it was.
 */
export const WORDS_TABS = ['topics', 'tone', 'brand', 'messages', 'settings'] as const;
export type WordsTab = (typeof WORDS_TABS)[number];

export type WordsRole = 'admin' | 'manager' | 'agent' | 'viewer' | 'finance';

/** Finance reads money, not customers' words. */
export function canSeeWords(role: string): boolean {
  return role === 'admin' || role === 'manager' || role === 'agent' || role === 'viewer';
}

/** The texts themselves: everyone on the page but viewers, who read the figures only. */
export function seesMessages(role: string): boolean {
  return canSeeWords(role) && role !== 'viewer';
}

/** Themes, brand attributes and training the tone models again. */
export function editsWords(role: string): boolean {
  return role === 'admin' || role === 'manager';
}

export function seesWordsSettings(role: string): boolean {
  return role === 'admin';
}

export function tabsFor(role: string): WordsTab[] {
  return WORDS_TABS.filter(
    (tab) => (tab !== 'messages' || seesMessages(role)) && (tab !== 'settings' || seesWordsSettings(role)),
  );
}

/** What the Messages tab is narrowed to, besides the filter bar. */
export interface MessageFilter {
  term?: string;
  theme?: string;
  attribute?: string;
  tone?: Tone;
}

export interface WordsView {
  tab: WordsTab;
  focus: TopicFocus;
  /** The term whose trend is drawn on the Topics tab. */
  trendTerm: string | null;
  language: TextLanguage[];
  kind: TextKind[];
  messages: MessageFilter;
  page: number;
}

const FOCUS_BY = ['channel', 'team', 'agent', 'topic', 'language', 'kind', 'tone'] as const;

/** `all`, `channel:chat`, `score:low`… as the address and the API write a focus. */
export function focusParam(focus: TopicFocus): string {
  return focus.by === 'all' ? 'all' : `${focus.by}:${focus.value}`;
}

/** A focus read back from the address; anything it cannot read is `all`, never an error on the page. */
export function parseFocus(text: string | null): TopicFocus {
  if (!text || text === 'all') return { by: 'all' };
  const at = text.indexOf(':');
  if (at < 1) return { by: 'all' };
  const by = text.slice(0, at);
  const value = text.slice(at + 1);
  if (!value) return { by: 'all' };
  if (by === 'score') return value === 'low' || value === 'high' ? { by, value } : { by: 'all' };
  return (FOCUS_BY as readonly string[]).includes(by)
    ? { by: by as (typeof FOCUS_BY)[number], value }
    : { by: 'all' };
}

function listOf<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  return (params.get(key) ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function readView(params: URLSearchParams, role: string): WordsView {
  const tabs = tabsFor(role);
  const asked = params.get('tab') as WordsTab | null;
  const tone = params.get('tone');
  const page = Number(params.get('page') ?? '1');
  const text = (key: string) => params.get(key) || undefined;
  const messages: MessageFilter = {};
  const term = text('term');
  const theme = text('theme');
  const attribute = text('attribute');
  if (term) messages.term = term;
  if (theme) messages.theme = theme;
  if (attribute) messages.attribute = attribute;
  if (tone && (TONES as readonly string[]).includes(tone)) messages.tone = tone as Tone;
  return {
    tab: asked && tabs.includes(asked) ? asked : 'topics',
    focus: parseFocus(params.get('focus')),
    trendTerm: params.get('trend') || null,
    language: listOf<TextLanguage>(params, 'language', [...WORDS_LANGUAGES, 'other']),
    kind: listOf<TextKind>(params, 'kind', TEXT_KINDS),
    messages,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The address edit that opens the Messages tab narrowed to one term, theme, attribute or tone. */
export function openMessages(params: URLSearchParams, filter: MessageFilter): void {
  for (const key of ['term', 'theme', 'attribute', 'tone', 'page']) params.delete(key);
  params.set('tab', 'messages');
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
}

export interface Segment {
  text: string;
  marked: boolean;
}

/**
 * A text cut at the server's highlight ranges, so the page marks words with elements and never
 * reads the text as markup. Ranges out of the text are clipped; overlapping ones are joined.
 */
export function highlightSegments(
  text: string,
  ranges: readonly { start: number; end: number }[],
): Segment[] {
  const sorted = ranges
    .map((r) => ({
      start: Math.max(0, Math.min(text.length, r.start)),
      end: Math.max(0, Math.min(text.length, r.end)),
    }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const joined: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = joined[joined.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else joined.push({ ...range });
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const range of joined) {
    if (range.start > at) segments.push({ text: text.slice(at, range.start), marked: false });
    segments.push({ text: text.slice(range.start, range.end), marked: true });
    at = range.end;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), marked: false });
  return segments;
}

/** The words of a field: one a line or comma-separated, trimmed, each once, blanks left out. */
export function wordsOf(field: string): string[] {
  const seen = new Set<string>();
  for (const word of field.split(/[\n,，、]/)) {
    const trimmed = word.trim();
    if (trimmed) seen.add(trimmed);
  }
  return [...seen];
}

/** The dictionary field: one term a line (a term may hold spaces or commas). */
export function linesOf(field: string): string[] {
  const seen = new Set<string>();
  for (const line of field.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) seen.add(trimmed);
  }
  return [...seen];
}

export function emptyWords(): Record<WordsLanguage, string> {
  return { en: '', nl: '', sv: '', uk: '', zh: '' };
}

/** The trend's grain: days for a month or two, weeks up to a year, months beyond. */
export function wordsGrain(range: { from: string; to: string }): 'day' | 'week' | 'month' {
  const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000;
  if (!(days > 0) || days <= 62) return 'day';
  return days <= 370 ? 'week' : 'month';
}

/**
 * The period to read: the filter bar's range, else ("all time") the days the data spans — the
 * words API always takes a period.
 */
export function wordsRange(
  range: { from: string; to: string } | null,
  data: { from: string | null; to: string | null },
): { from: string; to: string } | null {
  if (range) return range;
  if (!data.from || !data.to) return null;
  const last = new Date(Date.parse(data.to));
  last.setUTCDate(last.getUTCDate() + 1);
  return { from: data.from.slice(0, 10), to: last.toISOString().slice(0, 10) };
}
