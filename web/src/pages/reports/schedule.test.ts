import { describe, expect, test } from 'vitest';
import en from '../../i18n/en.js';
import { interpolate, type MessageKey } from '../../i18n/index.js';
import nl from '../../i18n/nl.js';
import { nextSending, scheduleInWords } from './schedule.js';

const english = (key: MessageKey, params?: Record<string, string | number>) =>
  interpolate(en.messages[key], params);
const dutch = (key: MessageKey, params?: Record<string, string | number>) =>
  interpolate(nl.messages[key], params);

const weekly = { frequency: 'weekly' as const, sendTime: '08:00', weekday: 1, monthDay: null };

describe('the next sending of a report', () => {
  test('is the coming Monday at 08:00 in the recipient’s time zone', () => {
    // Saturday 5 December 2026, noon UTC.
    const now = new Date('2026-12-05T12:00:00Z');
    expect(nextSending(weekly, 'Europe/Amsterdam', now).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(nextSending(weekly, 'America/New_York', now).toISOString()).toBe('2026-12-07T13:00:00.000Z');
    expect(nextSending(weekly, 'UTC', now).toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  test('is today when the time is still ahead, else the next day', () => {
    const daily = { frequency: 'daily' as const, sendTime: '18:30', weekday: null, monthDay: null };
    expect(nextSending(daily, 'UTC', new Date('2026-12-05T18:29:00Z')).toISOString()).toBe(
      '2026-12-05T18:30:00.000Z',
    );
    expect(nextSending(daily, 'UTC', new Date('2026-12-05T18:30:00Z')).toISOString()).toBe(
      '2026-12-06T18:30:00.000Z',
    );
    // Past midnight in Tokyo already: its next 18:30 is on its own calendar's next day.
    expect(nextSending(daily, 'Asia/Tokyo', new Date('2026-12-05T10:00:00Z')).toISOString()).toBe(
      '2026-12-06T09:30:00.000Z',
    );
  });

  test('a monthly report waits for its day, across the change to summer time', () => {
    const monthly = { frequency: 'monthly' as const, sendTime: '07:00', weekday: null, monthDay: 1 };
    expect(nextSending(monthly, 'Europe/Amsterdam', new Date('2026-03-15T00:00:00Z')).toISOString()).toBe(
      '2026-04-01T05:00:00.000Z',
    );
    expect(nextSending(monthly, 'Europe/Amsterdam', new Date('2026-12-05T00:00:00Z')).toISOString()).toBe(
      '2027-01-01T06:00:00.000Z',
    );
  });
});

describe('a report’s schedule in words', () => {
  test('in English and Dutch', () => {
    expect(scheduleInWords(weekly, english, 'en-GB')).toBe('Every Monday at 08:00');
    expect(scheduleInWords(weekly, dutch, 'nl')).toBe('Elke maandag om 08:00');
    expect(scheduleInWords({ ...weekly, frequency: 'monthly', monthDay: 15 }, english, 'en-GB')).toBe(
      'Monthly on day 15 at 08:00',
    );
    expect(scheduleInWords({ ...weekly, frequency: 'daily', sendTime: '17:45' }, english, 'en-GB')).toBe(
      'Every day at 17:45',
    );
  });
});
