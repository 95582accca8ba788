import { expect, test } from 'vitest';
import {
  isHeldOut,
  labelFromSurvey,
  predictTone,
  readTone,
  type ToneLabel,
  type ToneModel,
  trainToneModel,
} from './classifier.js';
import { createTokenizer, withPhrases } from './tokenize.js';

const tokenizer = createTokenizer();
const termsOf = (text: string, language: 'en' | 'zh') =>
  withPhrases(tokenizer.tokens(text, language), text).map((t) => t.term);

/** A small deterministic generator, so the comments differ but every run gets the same ones. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS: Record<'en' | 'zh', Record<ToneLabel, string[]>> = {
  en: {
    positive: [
      'quick answer',
      'very friendly agent',
      'problem solved',
      'thank you so much',
      'great help',
      'excellent service',
    ],
    negative: [
      'waited for days',
      'rude agent',
      'still broken',
      'nobody called back',
      'terrible service',
      'want a refund',
    ],
    neutral: [
      'it was okay',
      'average experience',
      'the answer was fine',
      'nothing special',
      'acceptable wait',
    ],
  },
  zh: {
    positive: ['客服态度很好', '回复很快', '问题解决了', '非常感谢', '服务专业'],
    negative: ['物流太慢', '客服态度差', '一直没人回复', '要求退款', '问题还没解决'],
    neutral: ['还可以', '一般般', '服务正常', '没什么特别'],
  },
};
const TOPICS = {
  en: ['my router', 'the invoice', 'my parcel', 'the app', 'my account'],
  zh: ['路由器', '发票', '包裹', '手机', '账号'],
};

function comments(language: 'en' | 'zh', n: number, seed: number) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const labels: ToneLabel[] = ['positive', 'positive', 'negative', 'negative', 'neutral'];
  return Array.from({ length: n }, (_, i) => {
    const label = pick(labels);
    const text =
      language === 'en'
        ? `About ${pick(TOPICS.en)}: ${pick(WORDS.en[label])}, ${pick(WORDS.en[label])}.`
        : `${pick(TOPICS.zh)}的问题，${pick(WORDS.zh[label])}，${pick(WORDS.zh[label])}。`;
    return { key: `comment|demo|${language}-${i}`, text, label, terms: termsOf(text, language) };
  });
}

for (const language of ['en', 'zh'] as const) {
  test(`${language}: trained on labelled comments, it reads the held-back ones`, () => {
    const all = comments(language, 300, language === 'en' ? 7 : 11);
    const training = all.filter((c) => !isHeldOut(c.key));
    const heldOut = all.filter((c) => isHeldOut(c.key));
    expect(heldOut.length).toBeGreaterThan(30);
    const model = trainToneModel(training);
    const right = heldOut.filter((c) => predictTone(model, c.terms).label === c.label).length;
    expect(right / heldOut.length).toBeGreaterThan(0.9);
    // Stored as JSON and read back, it predicts the same.
    const stored = JSON.parse(JSON.stringify(model)) as ToneModel;
    for (const c of heldOut.slice(0, 10))
      expect(predictTone(stored, c.terms)).toEqual(predictTone(model, c.terms));
  });
}

test('the model is unsure about words it never saw, and never forces a tone', () => {
  const model = trainToneModel(comments('en', 200, 3));
  const unknown = termsOf('Quantum flux capacitor', 'en');
  expect(predictTone(model, unknown).known).toBe(0);
  expect(readTone({ model, terms: unknown, lexicon: null, minConfidence: 0.6 })).toEqual({
    tone: 'unsure',
    score: null,
    confidence: 1 / 3,
    modelScore: 0,
  });
  const clear = readTone({
    model,
    terms: termsOf('Rude agent, terrible service', 'en'),
    lexicon: null,
    minConfidence: 0.6,
  });
  expect(clear.tone).toBe('negative');
  expect(clear.score).toBeLessThan(-0.5);
  expect(clear.confidence).toBeGreaterThan(0.6);
  // Words that occur in praise and complaints alike (the topic) give no tone either.
  const topicOnly = readTone({
    model,
    terms: termsOf('About my router', 'en'),
    lexicon: null,
    minConfidence: 0.6,
  });
  expect(topicOnly.tone).toBe('unsure');
  expect(topicOnly.score).toBeNull();
  expect(topicOnly.confidence).toBeLessThan(0.6);
});

test('vocabulary: terms seen once are pruned; the score is P(positive) − P(negative)', () => {
  const model = trainToneModel([
    { terms: ['fast', 'friendly', 'once'], label: 'positive' },
    { terms: ['fast', 'friendly'], label: 'positive' },
    { terms: ['slow', 'rude'], label: 'negative' },
    { terms: ['slow', 'rude'], label: 'negative' },
  ]);
  expect(model.labels).toEqual(['positive', 'negative']);
  expect(model.vocabulary.sort()).toEqual(['fast', 'friendly', 'rude', 'slow']);
  const prediction = predictTone(model, ['fast', 'friendly']);
  expect(prediction.label).toBe('positive');
  expect(prediction.score).toBeCloseTo(2 * prediction.confidence - 1);
});

test('without a model the lexicon decides: ±0.1 and beyond is a tone, no lexicon word is unsure', () => {
  const lexicon = (value: number | null) =>
    readTone({ model: null, terms: [], lexicon: value, minConfidence: 0.6 }).tone;
  expect([0.4, 0.1, 0.05, -0.05, -0.1, -0.7, null].map(lexicon)).toEqual([
    'positive',
    'positive',
    'neutral',
    'neutral',
    'negative',
    'negative',
    'unsure',
  ]);
  expect(readTone({ model: null, terms: [], lexicon: -0.3, minConfidence: 0.6 }).score).toBe(-0.3);
});

test('survey scores label their comments', () => {
  const csat5 = [1, 2, 3, 4, 5].map((s) => labelFromSurvey('csat', s, 1, 5));
  expect(csat5).toEqual(['negative', 'negative', 'neutral', 'positive', 'positive']);
  expect([1, 2, 3].map((s) => labelFromSurvey('csat', s, 1, 3))).toEqual(['negative', 'neutral', 'positive']);
  // CES: a higher score is an easier contact (5–7 of 1–7 is "easy").
  expect([1, 3, 4, 5, 7].map((s) => labelFromSurvey('ces', s, 1, 7))).toEqual([
    'negative',
    'negative',
    'neutral',
    'positive',
    'positive',
  ]);
  expect([0, 6, 7, 8, 9, 10].map((s) => labelFromSurvey('nps', s, 0, 10))).toEqual([
    'negative',
    'negative',
    'neutral',
    'neutral',
    'positive',
    'positive',
  ]);
  expect(labelFromSurvey('csat', 6, 1, 5)).toBeNull();
  expect(labelFromSurvey('helpful', 1, 0, 1)).toBeNull();
});

test('one comment in five is held out, always the same ones', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `comment|zendesk|${i}`);
  const share = keys.filter(isHeldOut).length / keys.length;
  expect(share).toBeGreaterThan(0.18);
  expect(share).toBeLessThan(0.22);
  expect(keys.slice(0, 50).map(isHeldOut)).toEqual(keys.slice(0, 50).map(isHeldOut));
  expect(isHeldOut('comment|zendesk|42')).toBe(isHeldOut('comment|zendesk|42'));
});

test('a text the model cannot read is settled by a clear lexicon, and stays unsure without one', () => {
  const model = trainToneModel([
    ...Array.from({ length: 10 }, () => ({ terms: ['quick', 'help'], label: 'positive' as const })),
    ...Array.from({ length: 10 }, () => ({ terms: ['slow', 'wait'], label: 'negative' as const })),
  ]);
  const unknown = ['dent', 'parcel'];
  expect(readTone({ model, terms: unknown, lexicon: -0.6, minConfidence: 0.6 }).tone).toBe('negative');
  expect(readTone({ model, terms: unknown, lexicon: -0.1, minConfidence: 0.6 }).tone).toBe('unsure');
  expect(readTone({ model, terms: unknown, lexicon: null, minConfidence: 0.6 }).tone).toBe('unsure');
});
