import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatCompact,
  formatDifference,
  formatDuration,
  formatDurationExact,
  formatInstant,
  formatPeriod,
  formatValue,
  plainUnit,
  plainValue,
  weekdayName,
} from './format.js';

const LOCALES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;
/** Intl puts a no-break space (U+00A0) or a narrow one (U+202F) where these tests write a space. */
const plain = (text: string | undefined) => text?.replace(/[\u00a0\u202f]/g, ' ');

describe('formatValue', () => {
  it('formats each KPI format in the locale', () => {
    expect(formatValue('en', 'count', 12345)).toBe('12,345');
    expect(formatValue('nl', 'count', 12345)).toBe('12.345');
    expect(formatValue('en', 'percent', 0.8567)).toBe('85.7%');
    expect(formatValue('en', 'score', 4.2)).toBe('4.20');
    expect(formatValue('en', 'count', null)).toBe('—');
  });

  it('gives a share, its interval and a target the same one decimal in every language', () => {
    const expected = {
      en: ['83.4%', '81.2%', '85.5%', '85.0%'],
      nl: ['83,4%', '81,2%', '85,5%', '85,0%'],
      sv: ['83,4 %', '81,2 %', '85,5 %', '85,0 %'],
      uk: ['83,4%', '81,2%', '85,5%', '85,0%'],
      'zh-CN': ['83.4%', '81.2%', '85.5%', '85.0%'],
    };
    for (const locale of LOCALES)
      expect([0.8341, 0.812, 0.8549, 0.85].map((v) => plain(formatValue(locale, 'percent', v)))).toEqual(
        expected[locale],
      );
  });

  it('gives NPS in whole points', () => {
    for (const locale of LOCALES) {
      expect(formatValue(locale, 'nps', 32.4)).toBe('32');
      expect(formatValue(locale, 'nps', -12.34)).toMatch(/^[-−]12$/);
    }
  });
});

describe('formatDuration', () => {
  it('rounds to what a reader compares', () => {
    expect(formatDuration('en', 42.4)).toBe('42 sec');
    expect(formatDuration('en', 4.25)).toBe('4 sec');
    expect(formatDuration('en', 83)).toBe('1 min 23 sec');
    expect(formatDuration('en', 120)).toBe('2 min');
    expect(formatDuration('en', 49 * 60 + 12)).toBe('49 min');
    expect(formatDuration('en', 3599)).toBe('1 hr');
    expect(formatDuration('en', 3600 + 35 * 60 + 20)).toBe('1 hr 35 min');
    expect(formatDuration('en', 7200)).toBe('2 hr');
    expect(formatDuration('en', 86_400 * 2 + 3600 * 4 + 1200)).toBe('2 days 4 hr');
    expect(formatDuration('en', 86_400 * 3)).toBe('3 days');
  });

  it('speaks each language with its own short units', () => {
    const samples = [42, 49 * 60 + 12, 3600 + 35 * 60, 86_400 * 2 + 3600 * 4];
    const expected = {
      en: ['42 sec', '49 min', '1 hr 35 min', '2 days 4 hr'],
      nl: ['42 sec', '49 min', '1 uur 35 min', '2 dagen 4 uur'],
      sv: ['42 s', '49 min', '1 tim 35 min', '2 d 4 tim'],
      uk: ['42 с', '49 хв', '1 год 35 хв', '2 дн. 4 год'],
      'zh-CN': ['42秒', '49分钟', '1小时35分钟', '2天4小时'],
    };
    for (const locale of LOCALES)
      expect(samples.map((s) => plain(formatDuration(locale, s)))).toEqual(expected[locale]);
  });

  it('writes a setting back to the second', () => {
    expect(formatDurationExact('en', 5400)).toBe('1 hr 30 min');
    expect(formatDurationExact('en', 5420)).toBe('1 hr 30 min 20 sec');
    expect(plain(formatDurationExact('uk', 5400))).toBe('1 год 30 хв');
    expect(formatDurationExact('zh-CN', 0)).toBe('0秒');
  });
});

describe('formatCompact', () => {
  it("keeps a duration's largest unit, rounded, in the short unit names formatValue uses", () => {
    const expected = {
      en: ['3 min', '2 hr', '42 sec', '1 hr', '−3 min'],
      nl: ['3 min', '2 uur', '42 sec', '1 uur', '−3 min'],
      sv: ['3 min', '2 tim', '42 s', '1 tim', '−3 min'],
      uk: ['3 хв', '2 год', '42 с', '1 год', '−3 хв'],
      'zh-CN': ['3分钟', '2小时', '42秒', '1小时', '−3分钟'],
    };
    for (const [locale, texts] of Object.entries(expected)) {
      // 2 min 47 sec, 1 hr 30 min, 42 sec, 59 min 50 sec, and a negative one.
      const shown = [167, 5400, 42, 3590, -167].map((s) => plain(formatCompact(locale, 'duration', s)));
      expect(shown, locale).toEqual(texts);
    }
  });

  it('shows shares with the one decimal of every other page, and counts in full', () => {
    for (const locale of ['en', 'nl', 'sv', 'uk', 'zh-CN']) {
      expect(formatCompact(locale, 'percent', 0.123), locale).toBe(formatValue(locale, 'percent', 0.123));
      expect(formatCompact(locale, 'count', 1234), locale).toBe(formatValue(locale, 'count', 1234));
      expect(formatCompact(locale, 'nps', 12.4), locale).toBe(formatValue(locale, 'nps', 12.4));
    }
    expect(plain(formatCompact('en', 'percent', 0.123))).toBe('12.3%');
    expect(formatCompact('en', 'count', 12_345)).toBe('12.3K');
  });
});

describe('formatChange', () => {
  const pp = { en: 'pp', nl: 'procentpunt', sv: 'p.e.', uk: 'в. п.', 'zh-CN': '个百分点' };

  it('signs changes of shares in points with the decimal of the value, in every language', () => {
    const expected = {
      en: ['+4.4 pp', '−2.1 pp', '0 pp'],
      nl: ['+4,4 procentpunt', '−2,1 procentpunt', '0 procentpunt'],
      sv: ['+4,4 p.e.', '−2,1 p.e.', '0 p.e.'],
      uk: ['+4,4 в. п.', '−2,1 в. п.', '0 в. п.'],
      'zh-CN': ['+4.4个百分点', '−2.1个百分点', '0个百分点'],
    };
    for (const locale of LOCALES) {
      const texts = [
        [0.878, 0.834],
        [0.813, 0.834],
        [0.8342, 0.834],
      ].map(([now, before]) =>
        plain(formatChange(locale, 'percent', 'higher', now, before, pp[locale])?.text),
      );
      expect(texts).toEqual(expected[locale]);
    }
  });

  it('gives NPS in whole points, durations rounded as durations, counts relatively', () => {
    for (const locale of LOCALES) {
      expect(formatChange(locale, 'nps', 'higher', 30.2, 16, 'points')?.text).toBe('+14');
      expect(formatChange(locale, 'nps', 'higher', 16, 30.2, 'points')?.text).toBe('−14');
      expect(formatChange(locale, 'score', 'higher', 4.32, 4.2, 'points')?.text).toMatch(/^\+0[.,]12$/);
    }
    const durations = { en: '+3 min', nl: '+3 min', sv: '+3 min', uk: '+3 хв', 'zh-CN': '+3分钟' };
    for (const locale of LOCALES)
      expect(plain(formatChange(locale, 'duration', 'lower', 412, 232, 'pp')?.text)).toBe(durations[locale]);
    expect(formatChange('en', 'duration', 'lower', 60 * 60 + 5, 2 * 3600 + 35 * 60 + 5, 'pp')?.text).toBe(
      '−1 hr 35 min',
    );
    expect(formatChange('en', 'count', 'higher', 112, 100, 'pp')?.text).toBe('+12%');
    expect(formatChange('en', 'count', 'higher', 97, 100, 'pp')?.text).toBe('−3%');
  });

  it('judges by the better direction, and a change that shows as zero is neutral', () => {
    expect(formatChange('en', 'percent', 'higher', 0.85, 0.8, 'pp')).toEqual({
      text: '+5.0 pp',
      tone: 'better',
      direction: 'up',
    });
    const slower = formatChange('en', 'duration', 'lower', 120, 100, 'pp');
    expect(slower).toEqual({ text: '+20 sec', tone: 'worse', direction: 'up' });
    expect(formatChange('en', 'count', 'neutral', 10, 12, 'pp')?.tone).toBe('same');
    expect(formatChange('en', 'percent', 'higher', 0.8004, 0.8, 'pp')).toEqual({
      text: '0 pp',
      tone: 'same',
      direction: 'flat',
    });
    expect(formatChange('en', 'duration', 'lower', 100.2, 100, 'pp')).toEqual({
      text: '0 sec',
      tone: 'same',
      direction: 'flat',
    });
  });

  it('has nothing to say without a previous value or, for counts, from zero', () => {
    expect(formatChange('en', 'count', 'higher', 10, null, 'pp')).toBeNull();
    expect(formatChange('en', 'count', 'higher', 10, 0, 'pp')).toBeNull();
    expect(formatChange('en', 'duration', 'lower', 10, 0, 'pp')?.text).toBe('+10 sec');
  });
});

describe('formatDifference', () => {
  it('signs differences in the KPI unit, zero without a sign', () => {
    expect(formatDifference('en', 'percent', -0.042, 'pp')).toBe('−4.2 pp');
    expect(formatDifference('en', 'duration', 90, 'pp')).toBe('+1 min 30 sec');
    expect(formatDifference('en', 'duration', -49 * 60 - 12, 'pp')).toBe('−49 min');
    expect(formatDifference('en', 'nps', 14.2, 'points')).toBe('+14');
    expect(formatDifference('en', 'score', 0, 'pp')).toBe('0.00');
    expect(formatDifference('en', 'percent', 0, 'pp')).toBe('0 pp');
    expect(formatDifference('uk', 'percent', 0.044, 'в. п.').replace(/\u00a0/g, ' ')).toBe('+4,4 в. п.');
  });
});

describe('dates', () => {
  it('formats period keys as written, whatever the machine time zone', () => {
    expect(formatPeriod('en', '2026-03-02', 'day')).toBe('Mar 2, 2026');
    expect(formatPeriod('en', '2026-03-01', 'month')).toBe('Mar 2026');
    expect(formatPeriod('en', '2026-04-01', 'quarter')).toBe('2026 Q2');
    expect(formatPeriod('en', '2026-03-02T14:00', 'hour')).toContain('02:00');
  });

  it('shows an instant in the chosen time zone', () => {
    expect(formatInstant('en', '2026-03-02T08:00:00Z', 'Europe/Amsterdam')).toContain('09:00:00');
    expect(formatInstant('en', '2026-03-02 08:00:00', 'UTC')).toContain('08:00:00');
    expect(formatInstant('en', null, 'UTC')).toBe('—');
  });

  it('names ISO weekdays from Monday', () => {
    expect(weekdayName('en', 1, 'long')).toBe('Monday');
    expect(weekdayName('en', 7, 'long')).toBe('Sunday');
    expect(weekdayName('nl', 3, 'long')).toBe('woensdag');
  });
});

describe('plainValue', () => {
  it('gives spreadsheets unrounded numbers: percentages for shares, seconds for durations', () => {
    expect(plainValue('percent', 0.85671)).toBe(85.671);
    expect(plainValue('percent', 0.8567123456)).toBe(85.67123456);
    expect(plainValue('percent', 0.1 + 0.2)).toBe(30);
    expect(plainValue('duration', 3599.6)).toBe(3599.6);
    expect(plainValue('duration', 12.34567)).toBe(12.34567);
    expect(plainValue('nps', 32.4)).toBe(32.4);
    expect(plainValue('count', null)).toBeNull();
  });

  it('names the unit of each format for a CSV header', () => {
    expect(plainUnit('percent')).toBe('percent');
    expect(plainUnit('duration')).toBe('seconds');
    expect(plainUnit('nps')).toBe('points');
    expect(plainUnit('count')).toBe('count');
  });
});
