import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../core/words/language.js';
import { maskPersonalData } from '../../core/words/mask.js';
import { Rng } from './random.js';
import { DEMO_TEXT_LANGUAGES, DemoWords, labelledComments } from './words-texts.js';

const TONES = ['positive', 'neutral', 'negative'] as const;

describe("the demo customers' words", () => {
  it('are the same for the same seed and differ for another', () => {
    const write = (seed: number) => {
      const words = new DemoWords(new Rng(seed));
      return DEMO_TEXT_LANGUAGES.flatMap((language) =>
        TONES.map((tone) => words.comment(language, tone, { channel: 'chat', topic: 'delivery' })),
      );
    };
    expect(write(1)).toEqual(write(1));
    expect(write(2)).not.toEqual(write(1));
  });

  it('say the same thing in many forms: 40 or more distinct comments per language and tone', () => {
    const words = new DemoWords(new Rng(7));
    for (const language of DEMO_TEXT_LANGUAGES)
      for (const tone of TONES) {
        const distinct = new Set<string>();
        for (let i = 0; i < 400; i++) distinct.add(words.comment(language, tone));
        expect(distinct.size, `${language} ${tone}`).toBeGreaterThanOrEqual(40);
      }
  });

  it('are read as the language they are written in, with the language the survey knows as hint', () => {
    for (const language of DEMO_TEXT_LANGUAGES) {
      const comments = labelledComments(new Rng(3), language, 200);
      const expected = language === 'zh-CN' ? 'zh' : language;
      const misread = comments.filter((c) => detectLanguage(c.text, language) !== expected);
      expect(
        misread.length / comments.length,
        `${language}: ${misread
          .slice(0, 5)
          .map((c) => `${detectLanguage(c.text, language)}: ${c.text}`)
          .join(' | ')}`,
      ).toBeLessThan(0.1);
    }
  });

  it('write Chinese without spaces, with 客服, and Ukrainian in inflected forms', () => {
    const words = new DemoWords(new Rng(11));
    const chinese = Array.from({ length: 300 }, (_, i) => words.comment('zh-CN', TONES[i % 3] ?? 'negative'));
    expect(chinese.some((t) => t.includes('客服'))).toBe(true);
    for (const text of chinese) expect(text, text).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
    const ukrainian = Array.from({ length: 600 }, (_, i) =>
      words.comment('uk', TONES[i % 3] ?? 'negative'),
    ).join('\n');
    for (const form of ['посилка', 'посилку', 'посилки', 'оператор', 'оператора', 'операторів'])
      expect(ukrainian, form).toMatch(new RegExp(`(?<!\\p{L})${form}(?!\\p{L})`, 'u'));
  });

  it('hold e-mail addresses, phone numbers and order numbers now and then, for the masking to hide', () => {
    const words = new DemoWords(new Rng(5));
    for (const language of DEMO_TEXT_LANGUAGES) {
      const texts = Array.from({ length: 600 }, (_, i) =>
        i % 2 === 0
          ? words.comment(language, 'negative', { channel: 'email', slow: true })
          : words.message(language, { channel: 'chat', topic: 'payment' }, true),
      );
      const masked = texts.map(maskPersonalData).join('\n');
      for (const mark of ['[e-mail]', '[phone]', '[order]'])
        expect(masked, `${language} ${mark}`).toContain(mark);
    }
  });

  it('complain about what went wrong on the channel', () => {
    const words = new DemoWords(new Rng(9));
    const about = (channel: 'phone' | 'chat', pattern: RegExp) =>
      Array.from({ length: 200 }, () => words.comment('en', 'negative', { channel, slow: true })).filter(
        (t) => pattern.test(t),
      ).length;
    expect(about('phone', /hold/)).toBeGreaterThan(20);
    expect(about('chat', /bot/)).toBeGreaterThan(20);
  });

  it('give scores that mostly agree with the tone, not always', () => {
    const comments = labelledComments(new Rng(1), 'nl', 2000);
    const praise = comments.filter((c) => c.tone === 'positive');
    const high = praise.filter((c) => c.score >= 4).length / praise.length;
    expect(high).toBeGreaterThan(0.8);
    expect(high).toBeLessThan(1);
    const complaints = comments.filter((c) => c.tone === 'negative');
    expect(complaints.filter((c) => c.score <= 2).length / complaints.length).toBeGreaterThan(0.7);
  });
});
