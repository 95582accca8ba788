import { describe, expect, test } from 'vitest';
import en from '../../i18n/en.js';
import { interpolate, type MessageKey } from '../../i18n/index.js';
import nl from '../../i18n/nl.js';
import { scheduleInWords } from './schedule-words.js';

const english = (key: MessageKey, params?: Record<string, string | number>) =>
  interpolate(en.messages[key], params);
const dutch = (key: MessageKey, params?: Record<string, string | number>) =>
  interpolate(nl.messages[key], params);

describe('a schedule in words', () => {
  test('says the common shapes, and shows any other as it is', () => {
    const words = (schedule: string | null) => scheduleInWords(schedule, english, 'en-GB');
    expect(words(null)).toBe('Only when run by hand');
    expect(words('* * * * *')).toBe('Every minute');
    expect(words('*/15 * * * *')).toBe('Every 15 minutes');
    expect(words('5 * * * *')).toBe('Every hour at 5 minutes past');
    expect(words('0 */6 * * *')).toBe('Every 6 hours, at 0 minutes past');
    expect(words('30 2 * * *')).toBe('Every day at 02:30');
    expect(words('0 7 * * 1-5')).toBe('Monday to Friday at 07:00');
    expect(words('0 7 * * 0')).toBe('Every Sunday at 07:00');
    expect(words('0 7 * * 7')).toBe('Every Sunday at 07:00');
    expect(words('0 7 1 * *')).toBe('On day 1 of every month at 07:00');
    expect(words('0 7 1 1 *')).toBe('Cron schedule 0 7 1 1 *');
    expect(words('0 7,19 * * *')).toBe('Cron schedule 0 7,19 * * *');
  });

  test("in the reader's language, with its way of writing the time", () => {
    expect(scheduleInWords('0 9 * * 1', dutch, 'nl')).toBe('Elke maandag om 09:00');
    expect(scheduleInWords('30 14 * * *', english, 'en')).toBe('Every day at 2:30 PM');
  });
});
