/**
 * Brand attributes and highlights: an attribute's words become terms exactly as the texts' words
 * do (same tokenizer, same stems), so "snelle" in an attribute matches "snel" in a message, and a
 * phrase of the attribute matches the same phrase in a text.
 */
import type { BrandAttribute, WordsLanguage } from '../../services/words/contract.js';
import { type Tokenizer, withPhrases } from './tokenize.js';

/**
 * The attribute's words per language, as the terms they are stored under: a word's stem, or for a
 * phrase its stems joined by a space (phrases of two or three content words match; longer ones
 * cannot, since texts store phrases up to three words). A word that is only stop words yields
 * nothing.
 */
export function attributeTerms(
  attribute: BrandAttribute,
  tokenizer: Tokenizer,
): Map<WordsLanguage, string[]> {
  const result = new Map<WordsLanguage, string[]>();
  for (const [language, words] of Object.entries(attribute.words) as [
    WordsLanguage,
    string[] | undefined,
  ][]) {
    if (!words) continue;
    const terms = new Set<string>();
    for (const word of words) {
      const tokens = tokenizer.tokens(word, language);
      if (tokens.length > 0) terms.add(tokens.map((t) => t.term).join(' '));
    }
    if (terms.size > 0) result.set(language, [...terms]);
  }
  return result;
}

/** The ranges of the text whose word, or whose phrase, is one of the terms; overlapping ones merged. */
export function highlightRanges(
  text: string,
  language: WordsLanguage,
  terms: ReadonlySet<string>,
  tokenizer: Tokenizer,
): { start: number; end: number }[] {
  if (terms.size === 0) return [];
  const hits = withPhrases(tokenizer.tokens(text, language), text)
    .filter((token) => terms.has(token.term))
    .map(({ start, end }) => ({ start, end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const hit of hits) {
    const last = merged[merged.length - 1];
    if (last && hit.start <= last.end) last.end = Math.max(last.end, hit.end);
    else merged.push(hit);
  }
  return merged;
}
