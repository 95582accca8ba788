import { describe, expect, test } from 'vitest';
import { editDistance, either, nearest } from './suggest.js';

describe('nearest', () => {
  test('finds the name a typo was meant to be, without case', () => {
    expect(nearest('frtt', ['frt', 'frt_pending', 'csat'])).toEqual(['frt']);
    expect(nearest('weak', ['weekday', 'week', 'day'])).toEqual(['week']);
    expect(nearest('chanel', ['channel', 'team'])).toEqual(['channel']);
    expect(nearest('CHATT', ['chat', 'email'])).toEqual(['chat']);
  });

  test('suggests nothing far from the input', () => {
    expect(nearest('nope', ['frt', 'csat', 'nps'])).toEqual([]);
    expect(nearest('x', ['ab'])).toEqual([]);
  });

  test('a swap of two letters is one edit', () => {
    expect(editDistance('fitler', 'filter')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('lists read as a sentence', () => {
    expect([either([]), either(['a']), either(['a', 'b']), either(['a', 'b', 'c'])]).toEqual([
      '',
      'a',
      'a or b',
      'a, b or c',
    ]);
  });
});
