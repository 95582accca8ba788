import { describe, expect, it } from 'vitest';
import { anchoredAtData, localDay, openingPeriod, presetAnchor, presetRange } from './presets.js';

const NOW = new Date('2026-12-02T10:00:00Z');

describe('where the presets end', () => {
  it('is the day after the last day with data in the time zone, not in UTC', () => {
    // 22:30 UTC on 28 June is already 29 June in Amsterdam (summer time, UTC+2).
    const late = '2026-06-28T22:30:00Z';
    expect(localDay(late, 'Europe/Amsterdam')).toBe('2026-06-29');
    expect(presetAnchor(late, 'Europe/Amsterdam', NOW)).toBe('2026-06-30');
    expect(presetAnchor(late, 'UTC', NOW)).toBe('2026-06-29');
    expect(presetAnchor('2026-06-28 22:30:00', 'America/Los_Angeles', NOW)).toBe('2026-06-29');
  });

  it('is tomorrow when there is no data or it reaches past today', () => {
    expect(presetAnchor(null, 'UTC', NOW)).toBe('2026-12-03');
    expect(presetAnchor('2027-01-01T00:00:00Z', 'UTC', NOW)).toBe('2026-12-03');
    expect(presetAnchor('not a time', 'UTC', NOW)).toBe('2026-12-03');
    expect(anchoredAtData('2026-12-03', 'UTC', NOW)).toBe(false);
    expect(anchoredAtData('2026-12-02', 'UTC', NOW)).toBe(true);
  });
});

describe('the period the dashboard opens with', () => {
  it('is the last 90 days up to the newest data, saying where the data ends', () => {
    expect(openingPeriod('2026-06-28T15:00:00Z', 'Europe/Amsterdam', NOW)).toEqual({
      from: '2026-03-31',
      to: '2026-06-29',
      timezone: 'Europe/Amsterdam',
      newestDay: '2026-06-28',
    });
  });

  it('ends today when the data is current', () => {
    expect(openingPeriod('2026-12-02T08:00:00Z', 'Europe/Amsterdam', NOW)).toEqual({
      from: '2026-09-04',
      to: '2026-12-03',
      timezone: 'Europe/Amsterdam',
      newestDay: null,
    });
  });

  it('counts the other presets back from the same end', () => {
    expect(presetRange('this_month', '2026-06-29')).toEqual({ from: '2026-06-01', to: '2026-06-29' });
    expect(presetRange('last_quarter', '2026-06-29')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
  });
});
