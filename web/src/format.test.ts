import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatCompact,
  formatDifference,
  formatDuration,
  formatInstant,
  formatPeriod,
  formatValue,
  plainValue,
  weekdayName,
} from './format.js';

describe('formatValue', () => {
  it('formats each KPI format in the locale', () => {
    expect(formatValue('en', 'count', 12345)).toBe('12,345');
    expect(formatValue('nl', 'count', 12345)).toBe('12.345');
    expect(formatValue('en', 'percent', 0.8567)).toBe('85.7%');
    expect(formatValue('sv', 'percent', 0.5)).toMatch(/^50\s?%$/);
    expect(formatValue('en', 'score', 4.2)).toBe('4.20');
    expect(formatValue('en', 'nps', -12.34)).toBe('-12.3');
    expect(formatValue('en', 'count', null)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration('en', 4.25)).toBe('4.3 sec');
    expect(formatDuration('en', 45)).toBe('45 sec');
    expect(formatDuration('en', 83)).toBe('1 min 23 sec');
    expect(formatDuration('en', 3600 * 5 + 60 * 7 + 9)).toBe('5 hr 7 min');
    expect(formatDuration('en', 86_400 * 2 + 3600 * 3)).toBe('2 days 3 hr');
    expect(formatDuration('en', 7200)).toBe('2 hr 0 min');
  });

  it('speaks the locale', () => {
    expect(formatDuration('zh-CN', 83)).toContain('分');
    expect(formatDuration('uk', 3700)).toContain('год');
  });
});

describe('formatCompact', () => {
  it('keeps one unit so heatmap cells stay narrow', () => {
    expect(formatCompact('en', 'duration', 5400)).toBe('2h');
    expect(formatCompact('en', 'duration', 42)).toBe('42s');
    expect(formatCompact('en', 'percent', 0.123)).toBe('12%');
    expect(formatCompact('en', 'count', 1234)).toBe('1.2K');
  });
});

describe('formatChange', () => {
  it('gives shares in points and judges by the better direction', () => {
    const up = formatChange('en', 'percent', 'higher', 0.85, 0.8, 'pp');
    expect(up).toEqual({ text: '+5 pp', tone: 'better', direction: 'up' });
    const slower = formatChange('en', 'duration', 'lower', 120, 100, 'points');
    expect(slower?.text).toBe('+20%');
    expect(slower?.tone).toBe('worse');
    expect(formatChange('en', 'count', 'neutral', 10, 12, 'pp')?.tone).toBe('same');
  });

  it('has nothing to say without a previous value or from zero', () => {
    expect(formatChange('en', 'count', 'higher', 10, null, 'pp')).toBeNull();
    expect(formatChange('en', 'count', 'higher', 10, 0, 'pp')).toBeNull();
  });
});

describe('formatDifference', () => {
  it('signs differences in the KPI unit', () => {
    expect(formatDifference('en', 'percent', -0.042, 'pp')).toBe('−4.2 pp');
    expect(formatDifference('en', 'duration', 90, 'pp')).toBe('+1 min 30 sec');
    expect(formatDifference('en', 'score', 0, 'pp')).toBe('±0.00');
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
  it('gives spreadsheets percentages and rounded numbers', () => {
    expect(plainValue('percent', 0.85671)).toBe(85.671);
    expect(plainValue('duration', 12.34567)).toBe(12.346);
    expect(plainValue('count', null)).toBeNull();
  });
});
