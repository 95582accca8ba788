import { expect, test } from 'vitest';
import type { WordsLanguage } from '../../services/words/contract.js';
import { createTokenizer, segmentChinese, type Token, withPhrases } from './tokenize.js';

const tokenizer = createTokenizer();
const terms = (text: string, language: WordsLanguage, t = tokenizer) =>
  t.tokens(text, language).map((x) => x.term);
const surfaces = (text: string, language: WordsLanguage) =>
  tokenizer.tokens(text, language).map((x) => x.surface);

/** Every token points at its own word in the text, whatever the script. */
function expectOffsets(text: string, tokens: readonly Token[]) {
  for (const token of tokens) expect(text.slice(token.start, token.end).toLowerCase()).toBe(token.surface);
}

test('Chinese is segmented as jieba segments its own example, then stop words go', () => {
  expect(segmentChinese('我来到北京清华大学')).toEqual(['我', '来到', '北京', '清华大学']);
  expect(terms('我来到北京清华大学', 'zh')).toEqual(['来到', '北京', '清华大学']);
});

test('a Chinese customer-service sentence keeps 客服 whole and drops particles and punctuation', () => {
  const text = '客服态度很好，但是物流太慢了，等了三天才收到。';
  const tokens = tokenizer.tokens(text, 'zh');
  expect(tokens.map((t) => t.term)).toEqual(['客服', '态度', '好', '物流', '太慢', '三天', '才', '收到']);
  expectOffsets(text, tokens);
  // The runtime's own segmenter, which the dictionary-based one replaces, splits the word.
  const intl = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment('客服')].map((s) => s.segment);
  expect(intl).not.toEqual(['客服']);
});

test("a team's own term is kept whole in Chinese only when it is in the dictionary", () => {
  const text = '售后小哥回复很快';
  expect(terms(text, 'zh')).toEqual(['售后', '小哥', '回复', '很快']);
  const withDictionary = createTokenizer({ dictionary: ['售后小哥'] });
  expect(terms(text, 'zh', withDictionary)).toEqual(['售后小哥', '回复', '很快']);
  // The plain tokenizer is not changed by the other one's dictionary.
  expect(terms(text, 'zh')).toEqual(['售后', '小哥', '回复', '很快']);
});

test('Ukrainian inflected forms are one term', () => {
  const groups = [
    ['оператор', 'оператора', 'операторові', 'операторам'],
    ['доставка', 'доставки', 'доставку', 'доставкою'],
    ['швидкий', 'швидко', 'швидкої'],
  ];
  for (const forms of groups) {
    const found = forms.map((form) => terms(form, 'uk'));
    expect(new Set(found.map((t) => t.join()))).toHaveLength(1);
  }
  const text = "Дякую оператору за допомогу, але доставку чекали тиждень, а м'ясо зіпсувалось.";
  const tokens = tokenizer.tokens(text, 'uk');
  expect(tokens.map((t) => t.surface)).toEqual([
    'дякую',
    'оператору',
    'допомогу',
    'доставку',
    'чекали',
    'тиждень',
    "м'ясо",
    'зіпсувалось',
  ]);
  expectOffsets(text, tokens);
});

test('Dutch: stop words out, singular and plural one term', () => {
  const text =
    'De medewerkers waren erg vriendelijk, maar de pakketten kwamen te laat. Eén medewerker belde over het pakket.';
  const tokens = tokenizer.tokens(text, 'nl');
  expect(tokens.map((t) => t.surface)).not.toContain('de');
  expect(tokens.map((t) => t.surface)).not.toContain('maar');
  expect(tokens.map((t) => t.surface)).not.toContain('het');
  const term = (surface: string) => tokens.find((t) => t.surface === surface)?.term;
  expect(term('medewerkers')).toBe(term('medewerker'));
  expect(term('pakketten')).toBe(term('pakket'));
  expectOffsets(text, tokens);
});

test('Swedish: stop words out, singular and plural one term, å ä ö kept', () => {
  const text =
    'Kunderna fick inget svar och beställningarna kom aldrig. En kund väntade på sin beställning i kundtjänsten.';
  const tokens = tokenizer.tokens(text, 'sv');
  for (const stop of ['och', 'en', 'på', 'sin', 'i'])
    expect(tokens.map((t) => t.surface)).not.toContain(stop);
  const term = (surface: string) => tokens.find((t) => t.surface === surface)?.term;
  expect(term('kunderna')).toBe(term('kund'));
  expect(term('beställningarna')).toBe(term('beställning'));
  expect(term('kundtjänsten')).toBe('kundtjänst');
  expectOffsets(text, tokens);
});

test('English: stop words out, singular and plural one term', () => {
  const text =
    'The agents were helpful and the agent called back about my deliveries; one delivery is still missing.';
  const tokens = tokenizer.tokens(text, 'en');
  for (const stop of ['the', 'were', 'and', 'about', 'my', 'is'])
    expect(tokens.map((t) => t.surface)).not.toContain(stop);
  const term = (surface: string) => tokens.find((t) => t.surface === surface)?.term;
  expect(term('agents')).toBe(term('agent'));
  expect(term('deliveries')).toBe(term('delivery'));
  expectOffsets(text, tokens);
});

test('numbers, punctuation, links, e-mail addresses, handles, masks and single letters are not words', () => {
  const text =
    'Ask @helpdesk or see https://example.com/help?id=7 — mail jan@example.nl, [phone], 3 x 24 hours: refund!!';
  expect(surfaces(text, 'en')).toEqual(['ask', 'mail', 'hours', 'refund']);
  expect(terms('订单 12345 到了吗？ https://t.cn/abc', 'zh')).toEqual(['订单']);
});

test('a dictionary phrase is one term in the alphabetic languages, matched on stems', () => {
  const plain = terms('Our smart homes keep disconnecting', 'en');
  expect(plain).toEqual(['smart', 'home', 'keep', 'disconnect']);
  const withDictionary = createTokenizer({ dictionary: ['smart home', '售后小哥'] });
  const text = 'Our smart homes keep disconnecting; the Smart-Home app is fine';
  const tokens = withDictionary.tokens(text, 'en');
  expect(tokens.map((t) => t.term)).toEqual([
    'smart home',
    'keep',
    'disconnect',
    'smart home',
    'app',
    'fine',
  ]);
  expect(tokens[0]?.surface).toBe('smart homes');
  expectOffsets(text, tokens);
  // Not across punctuation.
  expect(terms('It is smart. Home is where it fails', 'en', withDictionary)).toContain('smart');
});

test('phrases: two and three consecutive words of one clause, never across punctuation', () => {
  const text = 'Waited for hours. Refund never arrived, support silent';
  const all = withPhrases(tokenizer.tokens(text, 'en'), text);
  const phrases = all.filter((t) => t.term.includes(' '));
  expect(phrases.map((t) => `${t.term}|${t.surface}`)).toEqual([
    'wait hour|waited for hours',
    'refund never|refund never',
    'refund never arriv|refund never arrived',
    'never arriv|never arrived',
    'support silent|support silent',
  ]);
  const zh = '物流太慢了，客服态度很好';
  const zhPhrases = withPhrases(tokenizer.tokens(zh, 'zh'), zh).filter((t) => t.term.includes(' '));
  expect(zhPhrases.map((t) => `${t.term}|${t.surface}`)).toEqual([
    '物流 太慢|物流太慢',
    '客服 态度|客服态度',
    '客服 态度 好|客服态度很好',
    '态度 好|态度很好',
  ]);
});

test('a huge run of letters without spaces (a pasted blob) is read in linear time', () => {
  const blob = `Attachment: ${'QUJDRA'.repeat(40_000)} end`;
  const started = performance.now();
  for (const language of ['en', 'zh'] as const) tokenizer.tokens(blob, language);
  expect(performance.now() - started).toBeLessThan(5_000);
});

test('Swedish words of tone are words, though the Swedish stop-word lists hold them', () => {
  const terms = createTokenizer()
    .tokens('Leveransen var långsam, svaret kom sent och inte snabbt.', 'sv')
    .map((t) => t.surface);
  expect(terms).toEqual(expect.arrayContaining(['långsam', 'sent', 'snabbt']));
});
