import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration-input.js';
import { formatDurationExact } from './format.js';

const LOCALES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;
const seconds = (locale: string, text: string) => {
  const parsed = parseDuration(locale, text);
  return parsed.ok ? parsed.seconds : parsed.reason;
};

describe('parseDuration', () => {
  it('reads the ways a reader writes an hour and a half', () => {
    for (const text of [
      '90 min',
      '1 h 30 min',
      '1h30m',
      '1 hr 30 min',
      '1:30',
      '1.5 h',
      '1,5 hours',
      '5400 s',
    ])
      expect(seconds('en', text), text).toBe(5400);
    expect(seconds('en', '2 d')).toBe(172_800);
    expect(seconds('en', '45 sec')).toBe(45);
    expect(seconds('en', '1 hour and 5 minutes')).toBe(3900);
  });

  it('reads the words of each language', () => {
    expect(seconds('nl', '1 uur 30 min')).toBe(5400);
    expect(seconds('nl', '2 dagen')).toBe(172_800);
    expect(seconds('sv', '1 tim 30 min')).toBe(5400);
    expect(seconds('sv', '3 timmar')).toBe(10_800);
    expect(seconds('uk', '1 год 30 хв')).toBe(5400);
    expect(seconds('uk', '2 дн.')).toBe(172_800);
    expect(seconds('uk', '5 годин')).toBe(18_000);
    expect(seconds('zh-CN', '1小时30分钟')).toBe(5400);
    expect(seconds('zh-CN', '90分')).toBe(5400);
  });

  it('reads back what is shown, in every language', () => {
    for (const locale of LOCALES)
      for (const value of [0, 20, 90, 3600, 5400, 5420, 86_400 + 7200])
        expect(seconds(locale, formatDurationExact(locale, value)), `${locale} ${value}`).toBe(value);
  });

  it('says what is wrong', () => {
    expect(parseDuration('en', '  ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseDuration('en', '90')).toEqual({ ok: false, reason: 'no_unit', number: '90' });
    expect(parseDuration('en', '90 mn')).toEqual({ ok: false, reason: 'unknown_unit', unit: 'mn' });
    expect(parseDuration('en', '-5 min')).toEqual({ ok: false, reason: 'negative' });
    expect(parseDuration('en', 'soon')).toEqual({ ok: false, reason: 'not_a_duration' });
  });
});
