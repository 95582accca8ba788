import { expect, test } from 'vitest';
import type { BrandAttribute } from '../../services/words/contract.js';
import { attributeTerms, highlightRanges } from './match.js';
import { createTokenizer } from './tokenize.js';

const tokenizer = createTokenizer();

const fast: BrandAttribute = {
  id: 'fast',
  name: 'Fast',
  stance: 'intended',
  words: {
    nl: ['snel', 'snelle service', 'vlot'],
    zh: ['很快', '回复快'],
    uk: ['швидко'],
    en: ['quick', 'the'],
  },
};

test("an attribute's words become the terms texts are stored under", () => {
  const terms = attributeTerms(fast, tokenizer);
  expect(terms.get('nl')).toEqual(['snel', 'snel servic', 'vlot']);
  expect(terms.get('zh')).toEqual(['很快', '回复 快']);
  expect(terms.get('uk')).toEqual(['швидк']);
  // A stop word on its own is no term.
  expect(terms.get('en')).toEqual(['quick']);
  expect(terms.has('sv')).toBe(false);
});

test('highlights cover the words and phrases of the terms, in any inflection', () => {
  const nl = 'De medewerker was snel, en de snelle service viel op. Vlotte hulp!';
  const terms = new Set(attributeTerms(fast, tokenizer).get('nl'));
  const ranges = highlightRanges(nl, 'nl', terms, tokenizer);
  expect(ranges.map((r) => nl.slice(r.start, r.end))).toEqual(['snel', 'snelle service', 'Vlotte']);
  const uk = 'Доставка була швидкою, оператор відповів швидко.';
  const ukRanges = highlightRanges(uk, 'uk', new Set(attributeTerms(fast, tokenizer).get('uk')), tokenizer);
  expect(ukRanges.map((r) => uk.slice(r.start, r.end))).toEqual(['швидкою', 'швидко']);
  const zh = '客服回复很快，物流也很快';
  const zhRanges = highlightRanges(zh, 'zh', new Set(['很快']), tokenizer);
  expect(zhRanges.map((r) => zh.slice(r.start, r.end))).toEqual(['很快', '很快']);
  expect(highlightRanges(zh, 'zh', new Set(), tokenizer)).toEqual([]);
});
