import { expect, test } from 'vitest';
import { minuteText } from './format.js';

test('an instant is shown to the minute, in UTC as stored', () => {
  expect(minuteText('2026-12-05T08:07:59.999Z')).toBe('2026-12-05 08:07');
  expect(minuteText('2026-03-29T01:00:00Z')).toBe('2026-03-29 01:00');
});
