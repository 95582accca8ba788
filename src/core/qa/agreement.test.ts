import { describe, expect, test } from 'vitest';
import { krippendorffAlpha, krippendorffAlphaOrdinal, percentAgreement } from './agreement.js';

/**
 * The reliability data of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section
 * C: four observers, twelve units, values 1–5, missing values empty. Published: nominal α = 0.743,
 * ordinal α = 0.815, interval α = 0.849.
 */
const _ = null;
const OBSERVERS = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const UNITS = OBSERVERS[0]?.map((_value, unit) => OBSERVERS.map((observer) => observer[unit] ?? null)) ?? [];

describe("Krippendorff's alpha", () => {
  test('matches the published worked example for each metric', () => {
    expect(krippendorffAlpha(UNITS, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlphaOrdinal(UNITS)).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(UNITS, 'interval')).toBeCloseTo(0.849, 3);
  });

  test('a unit with a single value changes nothing: it is left out', () => {
    const withoutLastUnit = UNITS.slice(0, 11);
    expect(krippendorffAlphaOrdinal(withoutLastUnit)).toBe(krippendorffAlphaOrdinal(UNITS));
  });

  test('perfect agreement is 1; no variation and no pairs are null', () => {
    expect(
      krippendorffAlphaOrdinal([
        [1, 1, 1],
        [3, 3, null],
        [5, 5, 5],
      ]),
    ).toBe(1);
    expect(
      krippendorffAlphaOrdinal([
        [4, 4],
        [4, 4, 4],
      ]),
    ).toBeNull();
    expect(krippendorffAlphaOrdinal([[1], [2, null]])).toBeNull();
    expect(krippendorffAlphaOrdinal([])).toBeNull();
  });

  test('systematic disagreement is below 0', () => {
    expect(
      krippendorffAlphaOrdinal([
        [1, 5],
        [5, 1],
        [1, 5],
      ]),
    ).toBeLessThan(0);
  });
});

describe('percentage agreement', () => {
  test('counts every pair of reviewers with a value on the same unit', () => {
    // Unit 1: 3 pairs, all equal; unit 2: 3 pairs, one equal (2 = 2); unit 3: 1 pair (null left out), unequal.
    expect(
      percentAgreement([
        [1, 1, 1],
        [2, 2, 3],
        [4, null, 5],
      ]),
    ).toEqual({ pairs: 7, agreement: 4 / 7 });
  });

  test('no pairs: no agreement to speak of', () => {
    expect(percentAgreement([[1, null], [null]])).toEqual({ pairs: 0, agreement: null });
  });

  test('the published example: observers agree on 43 of their 55 pairs', () => {
    // Values per unit 3,4,4,4,4,4,4,4,4,3,2,1 → 3 + 8 × 6 + 3 + 1 pairs; unit 6 (1,2,3,4) agrees on none.
    expect(percentAgreement(UNITS)).toEqual({ pairs: 55, agreement: 43 / 55 });
  });
});
