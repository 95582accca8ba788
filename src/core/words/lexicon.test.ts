import { expect, test } from 'vitest';
import type { WordsLanguage } from '../../services/words/contract.js';
import { hasLexicon, lexiconScore } from './lexicon.js';
import { createTokenizer } from './tokenize.js';

const tokenizer = createTokenizer();
const score = (text: string, language: WordsLanguage) =>
  lexiconScore(tokenizer.tokens(text, language), text, language);

const SAMPLES: Record<
  Exclude<WordsLanguage, 'zh'>,
  { praise: string; complaint: string; good: string; notGood: string }
> = {
  en: {
    praise: 'Great service, the agent was friendly and helpful. Love it!',
    complaint: 'Horrible experience: a rude agent, a slow reply and a useless answer. I hate this.',
    good: 'The agent was good',
    notGood: 'The agent was not good',
  },
  nl: {
    praise: 'Super vriendelijke medewerker, snel geholpen, echt goed!',
    complaint: 'Slechte service, ik ben teleurgesteld, alles ging traag en onbeleefd.',
    good: 'De service was goed',
    notGood: 'De service was niet goed',
  },
  sv: {
    praise: 'Bra och snabb hjälp, tack! Mycket hjälpsam personal.',
    complaint: 'Dålig service, hemskt bemötande och värre än förra gången.',
    good: 'Servicen var bra',
    notGood: 'Servicen var inte bra',
  },
  uk: {
    praise: 'Чудовий сервіс, оператор ввічливий, все добре, дякую!',
    complaint: 'Погано, жахливий сервіс і грубий оператор.',
    good: 'Сервіс добре працює',
    notGood: 'Сервіс не добре працює',
  },
};

for (const [language, sample] of Object.entries(SAMPLES) as [
  Exclude<WordsLanguage, 'zh'>,
  (typeof SAMPLES)['en'],
][]) {
  test(`${language}: praise reads positive, a complaint negative, a negation turns a word around`, () => {
    expect(hasLexicon(language)).toBe(true);
    expect(score(sample.praise, language)).toBeGreaterThan(0.1);
    expect(score(sample.complaint, language)).toBeLessThan(-0.1);
    const good = score(sample.good, language) as number;
    const notGood = score(sample.notGood, language) as number;
    expect(good).toBeGreaterThan(0);
    expect(notGood).toBeLessThan(good);
    expect(notGood).toBeLessThan(0);
  });
}

test('a negation reaches only into its own clause', () => {
  expect(score('Not great', 'en')).toBeLessThan(0);
  expect(score('Not now, great', 'en')).toBeGreaterThan(0);
  expect(score('Niet snel, wel vriendelijk', 'nl')).toBeCloseTo((-0.6 + 0.5) / 2);
  expect(score('Niet snel en vriendelijk', 'nl')).toBeCloseTo((-0.6 - 0.5) / 2);
});

test('Chinese has no lexicon: only emoji count, as in every language', () => {
  expect(hasLexicon('zh')).toBe(false);
  expect(score('客服态度很好', 'zh')).toBeNull();
  expect(score('客服态度很好 👍👍', 'zh')).toBeGreaterThan(0);
  expect(score('物流太慢了 😡', 'zh')).toBeLessThan(0);
  expect(score('Order arrived 👍', 'en')).toBeGreaterThan(0);
});

test('a text without lexicon words has no score', () => {
  expect(score('Router password, invoice 12 on Tuesday', 'en')).toBeNull();
  expect(score('', 'uk')).toBeNull();
});

test('the English lexicon reads the words of a plain complaint as negative', () => {
  expect(score('The parcel arrived dented again, terrible service.', 'en')).toBeLessThan(-0.3);
  expect(score('Bad support.', 'en')).toBeLessThan(0);
});
