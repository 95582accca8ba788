/**
 * Texts into terms. English, Dutch, Swedish and Ukrainian are split on word boundaries, stop words
 * dropped and the rest stemmed with the @nlpjs stemmers; Chinese is segmented with jieba's
 * dictionary (the runtime's Intl.Segmenter splits 客服 into 客|服) plus the team's own terms.
 *
 * A token keeps its place in the text (UTF-16 offsets of the original, so the page can highlight
 * it), the word as written in lower case (`surface`), and the stem that groups its inflections
 * (`term`): оператора, операторові and операторам are all one term.
 *
 * The team's dictionary counts in every language. In Chinese its entries go into jieba's user
 * dictionary with a high frequency, so segmentation keeps them whole. In the other languages an
 * entry of several words ("smart home") is matched on the stems of consecutive words of the text
 * (so "smart homes" matches too, stop words inside the entry included) and becomes one token whose
 * term is the entry's stems joined by a space, the same form a phrase has; its words then do not
 * count on their own. A one-word entry is kept even when it is a stop word.
 */
import { createRequire } from 'node:module';
import type { WordsLanguage } from '../../services/words/contract.js';
import { type LatinOrCyrillic, stemmerFor, stopwordsFor, stripAccents, undoubleDutch } from './resources.js';

export interface Token {
  term: string;
  surface: string;
  /** Offsets in the text as given: text.slice(start, end) is the word. */
  start: number;
  end: number;
}

export interface Tokenizer {
  /** The content words of the text: no stop words, numbers, punctuation, links, handles. */
  tokens(text: string, language: WordsLanguage): Token[];
}

/**
 * Links, e-mail addresses, @handles and the placeholders of masked data say nothing about a topic.
 * The address's parts are bounded (64 characters, as in the standard) so that a long run of
 * letters without an @ costs linear time, not quadratic.
 */
const NOT_WORDS =
  /\b(?:https?:\/\/|www\.)\S+|[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.\p{L}{2,}|@[\p{L}\p{N}_]+|\[(?:e-mail|phone|order)\]/gu;
/** A word: letters (and digits after the first letter), with inner apostrophes as in м'ясо or don't. */
const WORD = /(?<![\p{N}\p{L}\p{M}])\p{L}[\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*/gu;
const HAN = /\p{Script=Han}/u;
/**
 * Clause and sentence punctuation, Latin and Chinese, line breaks, and what is left of a link,
 * an address or a handle: a phrase never spans them.
 */
const CLAUSE_BREAK = /[.,!?;:，。！？；：、\n\r@/()[\]"“”«»]/u;
const JOINER = /^[\s\-‐–]*$/u;

const blankOut = (text: string) => text.replace(NOT_WORDS, (m) => ' '.repeat(m.length));

/**
 * At least two letters (a single Chinese character is a word of its own: 好, 慢, 快), and at most
 * MAX_WORD_LENGTH: anything longer is a pasted code or blob, not a word anyone wrote.
 */
const MAX_WORD_LENGTH = 40;
const plausibleWord = (word: string) =>
  (word.length >= 2 || HAN.test(word)) && word.length <= MAX_WORD_LENGTH;

function stemOf(language: LatinOrCyrillic, lower: string): string {
  // English and Dutch: stemmed as @nlpjs does, accent-free, which is how their sentiment lexicons
  // are keyed. Swedish and Ukrainian stemmers need their own letters (å, ä, ö; й, ї, є).
  const word = lower.replace(/’/g, "'");
  if (language === 'nl') return undoubleDutch(stemmerFor('nl').stemWord(stripAccents(word)));
  if (language === 'en') return stemmerFor('en').stemWord(stripAccents(word));
  return stemmerFor(language).stemWord(word);
}

function isStopword(language: WordsLanguage, lower: string): boolean {
  const stopwords = stopwordsFor(language);
  const word = lower.replace(/’/g, "'");
  return (
    stopwords.has(word) || ((language === 'en' || language === 'nl') && stopwords.has(stripAccents(word)))
  );
}

/**
 * What a word comes to (its term, or null for a stop word or a fragment), remembered per language:
 * a team's texts repeat a few thousand words, so each is normalised, looked up and stemmed once.
 * Cleared when it grows past WORD_CACHE_LIMIT, so a stream of odd tokens cannot fill the memory.
 */
const wordCache = new Map<LatinOrCyrillic, Map<string, string | null>>();
const WORD_CACHE_LIMIT = 200_000;

function termOfWord(language: LatinOrCyrillic, lower: string): string | null {
  let cache = wordCache.get(language);
  if (!cache) {
    cache = new Map();
    wordCache.set(language, cache);
  }
  let term = cache.get(lower);
  if (term === undefined) {
    term = !plausibleWord(lower) || isStopword(language, lower) ? null : stemOf(language, lower);
    if (cache.size >= WORD_CACHE_LIMIT) {
      cache.clear();
      stemmerFor(language).cache = {};
    }
    cache.set(lower, term);
  }
  return term;
}

interface Entry {
  stems: string[];
  term: string;
}

/** The dictionary's entries as stems of one language, indexed by their first stem. */
interface CompiledDictionary {
  single: ReadonlySet<string>;
  multi: ReadonlyMap<string, Entry[]>;
}

function compileDictionary(dictionary: readonly string[], language: LatinOrCyrillic): CompiledDictionary {
  const single = new Set<string>();
  const multi = new Map<string, Entry[]>();
  for (const entry of dictionary) {
    const words = entry.toLowerCase().match(WORD) ?? [];
    if (words.length === 0) continue;
    if (words.length === 1) {
      single.add(words[0] as string);
      continue;
    }
    const stems = words.map((w) => stemOf(language, w));
    const list = multi.get(stems[0] as string) ?? [];
    list.push({ stems, term: stems.join(' ') });
    list.sort((a, b) => b.stems.length - a.stems.length);
    multi.set(stems[0] as string, list);
  }
  return { single, multi };
}

function alphabeticTokens(text: string, language: LatinOrCyrillic, dictionary: CompiledDictionary): Token[] {
  const clean = blankOut(text);
  const words: { lower: string; start: number; end: number }[] = [];
  for (const match of clean.matchAll(WORD)) {
    if (match[0].length > MAX_WORD_LENGTH) continue;
    const start = match.index;
    words.push({ lower: match[0].toLowerCase(), start, end: start + match[0].length });
  }
  const tokens: Token[] = [];
  const stems = dictionary.multi.size > 0 ? words.map((w) => stemOf(language, w.lower)) : null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as (typeof words)[number];
    if (stems) {
      const entry = matchEntry(dictionary.multi.get(stems[i] as string), stems, words, i, text);
      if (entry) {
        const last = words[i + entry.stems.length - 1] as (typeof words)[number];
        tokens.push({
          term: entry.term,
          surface: text.slice(word.start, last.end).toLowerCase(),
          start: word.start,
          end: last.end,
        });
        i += entry.stems.length - 1;
        continue;
      }
    }
    if (dictionary.single.has(word.lower)) {
      tokens.push({
        term: stems?.[i] ?? stemOf(language, word.lower),
        surface: word.lower,
        start: word.start,
        end: word.end,
      });
      continue;
    }
    const term = termOfWord(language, word.lower);
    if (term !== null) tokens.push({ term, surface: word.lower, start: word.start, end: word.end });
  }
  return tokens;
}

function matchEntry(
  entries: readonly Entry[] | undefined,
  stems: readonly string[],
  words: readonly { start: number; end: number }[],
  at: number,
  text: string,
): Entry | null {
  if (!entries) return null;
  for (const entry of entries) {
    if (at + entry.stems.length > stems.length) continue;
    let whole = true;
    for (let k = 1; k < entry.stems.length && whole; k++) {
      const prev = words[at + k - 1] as { end: number };
      const next = words[at + k] as { start: number };
      whole = stems[at + k] === entry.stems[k] && JOINER.test(text.slice(prev.end, next.start));
    }
    if (whole) return entry;
  }
  return null;
}

/** jieba's segmentation of a text as it is, punctuation and stop words included. */
export function segmentChinese(text: string, dictionary: readonly string[] = []): string[] {
  return segmenterFor(dictionary).cut(text, true);
}

interface Segmenter {
  cut(sentence: string, hmm?: boolean | null): string[];
  loadDict(dict: Uint8Array): void;
}

const require = createRequire(import.meta.url);

/**
 * jieba's dictionary takes a quarter of a second and about 40 MB to load, so it is loaded once
 * per process and per user dictionary; a team changes its dictionary rarely, so only the last two
 * are kept.
 */
const segmenters = new Map<string, Segmenter>();
const MAX_SEGMENTERS = 2;
/** Above any word of jieba's own dictionary, so that a team's term is never split. */
const USER_TERM_FREQUENCY = 1_000_000;

function segmenterFor(dictionary: readonly string[]): Segmenter {
  const userTerms = [
    ...new Set(dictionary.map((d) => d.trim()).filter((d) => d !== '' && !/\s/.test(d))),
  ].sort();
  const key = userTerms.join('\n');
  const cached = segmenters.get(key);
  if (cached) return cached;
  const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): Segmenter } };
  const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
  const segmenter = Jieba.withDict(dict);
  if (userTerms.length > 0) {
    segmenter.loadDict(Buffer.from(userTerms.map((t) => `${t} ${USER_TERM_FREQUENCY}`).join('\n')));
  }
  if (segmenters.size >= MAX_SEGMENTERS) {
    const oldest = segmenters.keys().next().value;
    if (oldest !== undefined) segmenters.delete(oldest);
  }
  segmenters.set(key, segmenter);
  return segmenter;
}

/**
 * Reads one text of each language, so that what reading needs (jieba's dictionary above all, a
 * quarter of a second on one thread) is loaded now: a server does this before it listens, so that
 * no request waits behind the first text an import brings.
 */
export function prepareTokenizer(dictionary: readonly string[] = []): void {
  const tokenizer = createTokenizer({ dictionary });
  for (const [text, language] of [
    ['客服', 'zh'],
    ['thanks', 'en'],
    ['bedankt', 'nl'],
    ['tack', 'sv'],
    ['дякую', 'uk'],
  ] as const)
    tokenizer.tokens(text, language);
}

function chineseTokens(text: string, segmenter: Segmenter, dictionary: ReadonlySet<string>): Token[] {
  const clean = blankOut(text);
  const stopwords = stopwordsFor('zh');
  const englishStopwords = stopwordsFor('en');
  const tokens: Token[] = [];
  let cursor = 0;
  for (const piece of segmenter.cut(clean, true)) {
    const start = clean.indexOf(piece, cursor);
    if (start < 0) continue;
    cursor = start + piece.length;
    if (HAN.test(piece)) {
      if (dictionary.has(piece) || !stopwords.has(piece))
        tokens.push({ term: piece, surface: piece, start, end: cursor });
      continue;
    }
    // Latin words inside a Chinese text (APP, iPhone) are kept as written, unstemmed.
    for (const match of piece.matchAll(WORD)) {
      const lower = match[0].toLowerCase();
      if (!plausibleWord(lower) || englishStopwords.has(lower)) continue;
      const at = start + match.index;
      tokens.push({ term: lower, surface: lower, start: at, end: at + lower.length });
    }
  }
  return tokens;
}

export function createTokenizer(options: { dictionary?: readonly string[] } = {}): Tokenizer {
  const dictionary = options.dictionary ?? [];
  const compiled = new Map<LatinOrCyrillic, CompiledDictionary>();
  const chineseDictionary = new Set(dictionary.map((d) => d.trim()));
  let segmenter: Segmenter | null = null;
  return {
    tokens(text, language) {
      if (language === 'zh') {
        segmenter ??= segmenterFor(dictionary);
        return chineseTokens(text, segmenter, chineseDictionary);
      }
      let entries = compiled.get(language);
      if (!entries) {
        entries = compileDictionary(dictionary, language);
        compiled.set(language, entries);
      }
      return alphabeticTokens(text, language, entries);
    },
  };
}

/**
 * The tokens and the two- and three-word phrases of consecutive tokens within one clause. The
 * phrase's term is its tokens' terms joined by a space; its surface is the text from its first
 * word to its last, stop words included ("waited for hours" for the term "wait hour").
 */
export function withPhrases(tokens: readonly Token[], text: string): Token[] {
  const ordered = [...tokens].sort((a, b) => a.start - b.start || a.end - b.end);
  const result: Token[] = [...ordered];
  for (let i = 0; i < ordered.length; i++) {
    let terms = (ordered[i] as Token).term;
    for (let n = 1; n < 3 && i + n < ordered.length; n++) {
      const prev = ordered[i + n - 1] as Token;
      const next = ordered[i + n] as Token;
      if (next.start < prev.end || CLAUSE_BREAK.test(text.slice(prev.end, next.start))) break;
      terms = `${terms} ${next.term}`;
      const start = (ordered[i] as Token).start;
      result.push({ term: terms, surface: text.slice(start, next.end).toLowerCase(), start, end: next.end });
    }
  }
  return result.sort((a, b) => a.start - b.start || a.end - b.end);
}
