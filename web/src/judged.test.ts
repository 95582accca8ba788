import { describe, expect, test } from 'vitest';
import { MIN_RANKED_N } from '../../src/core/kpi/samples.js';
import { changeDoubt } from './judged.js';

const change = (clear: boolean) => ({ difference: 0.027, low: -0.016, high: 0.07, clear });

describe('changeDoubt', () => {
  test('a clear change on enough n in both periods is judged', () => {
    expect(
      changeDoubt({ n: MIN_RANKED_N, previous: { value: 0.8, n: MIN_RANKED_N }, change: change(true) }),
    ).toBe(null);
  });

  test('an interval spanning zero is not a clear change', () => {
    expect(changeDoubt({ n: 200, previous: { value: 0.8, n: 180 }, change: change(false) })).toBe('unclear');
    expect(changeDoubt({ n: 200, previous: { value: 0.8, n: 180 }, change: null })).toBe('unclear');
  });

  test('too few in either period is a small sample, even when the interval clears', () => {
    expect(changeDoubt({ n: MIN_RANKED_N - 1, previous: { value: 0.8, n: 200 }, change: change(true) })).toBe(
      'small',
    );
    expect(changeDoubt({ n: 200, previous: { value: 0.8, n: MIN_RANKED_N - 1 }, change: change(true) })).toBe(
      'small',
    );
    expect(changeDoubt({ n: 200, previous: null, change: change(true) })).toBe('small');
  });
});
