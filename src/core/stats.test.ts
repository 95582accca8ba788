import { describe, expect, it } from 'vitest';
import {
  bonferroniConfidence,
  compareCounts,
  compareMeans,
  compareNps,
  compareProportions,
  compareQuantiles,
  meanInterval,
  normalCdf,
  normalQuantile,
  npsFromCounts,
  quantileStandardError,
  studentTCdf,
  studentTQuantile,
  wilsonInterval,
} from './stats.js';

const Z975 = 1.959963984540054; // Φ⁻¹(0.975)

/**
 * Student's t CDF for even df by the finite series of Abramowitz & Stegun 26.7.3 — an implementation that
 * shares nothing with the incomplete-beta code under test:
 * P(|T| < t) = sin θ·(1 + ½cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2))cos^(ν−2)θ), θ = atan(t/√ν).
 */
function evenDfTCdf(t: number, df: number): number {
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const cos2 = Math.cos(theta) ** 2;
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= df - 2; k += 2) {
    term *= ((k - 1) / k) * cos2;
    sum += term;
  }
  const central = Math.sin(theta) * sum;
  return t >= 0 ? 0.5 + central / 2 : 0.5 - central / 2;
}

/** Quantile of `evenDfTCdf` by plain bisection (independent of the Newton solver under test). */
function evenDfTQuantile(p: number, df: number): number {
  let lo = -100;
  let hi = 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (evenDfTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('normalCdf', () => {
  it('matches tabulated values of Φ (Abramowitz & Stegun 1964, table 26.1 / 26.2)', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300946, 17);
    expect(normalCdf(-Z975)).toBeCloseTo(0.025, 15);
  });

  it('keeps relative precision in the far tail: Φ(−10) = 7.6198530241605e-24', () => {
    expect(Math.abs(normalCdf(-10) / 7.61985302416053e-24 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-37) / 5.72557122252458e-300 - 1)).toBeLessThan(1e-12);
    expect(normalCdf(-50)).toBe(0);
  });

  it('is symmetric: Φ(z) + Φ(−z) = 1', () => {
    for (const z of [0.3, 1.5, 1.999, 2, 2.5, 4]) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
  });
});

describe('normalQuantile', () => {
  it('matches the published critical values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 14);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('inverts normalCdf to 1e-9 relative, tails included', () => {
    for (const p of [1e-300, 1e-20, 1e-8, 0.001, 0.02425, 0.2, 0.7, 0.97575, 0.999999]) {
      expect(Math.abs(normalCdf(normalQuantile(p)) / p - 1)).toBeLessThan(1e-9);
    }
  });

  it('returns ∓Infinity at 0 and 1 and rejects p outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.1)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });
});

describe('studentTCdf', () => {
  it('gives 0.975 at the tabulated critical value t(0.975, 10) = 2.228138851986', () => {
    expect(studentTCdf(2.228138851986, 10)).toBeCloseTo(0.975, 12);
    expect(studentTCdf(-2.228138851986, 10)).toBeCloseTo(0.025, 12);
  });

  it('matches the closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const t of [-30, -2, -0.4, 0.7, 5]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
  });

  it('matches the Abramowitz & Stegun 26.7.3 series for even df', () => {
    for (const df of [4, 8, 20]) {
      for (const t of [-6, -2.5, -0.3, 1, 3.2]) expect(studentTCdf(t, df)).toBeCloseTo(evenDfTCdf(t, df), 13);
    }
  });

  it('is 0.5 at 0, symmetric, and tends to Φ as df grows', () => {
    expect(studentTCdf(0, 3.7)).toBe(0.5);
    expect(studentTCdf(1.3, 5.5) + studentTCdf(-1.3, 5.5)).toBeCloseTo(1, 14);
    expect(studentTCdf(1.96, 1e6)).toBeCloseTo(normalCdf(1.96), 6);
    expect(studentTCdf(1.96, Number.POSITIVE_INFINITY)).toBe(normalCdf(1.96));
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
  });
});

describe('studentTQuantile', () => {
  it('matches tabulated t critical values', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986, 12);
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.16927267261695, 12);
    expect(studentTQuantile(0.975, 20)).toBeCloseTo(2.085963447265864, 12);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 11);
    expect(studentTQuantile(0.025, 2)).toBeCloseTo(-4.302652729749464, 12);
  });

  it('agrees with an independent bisection on the A&S 26.7.3 series (df = 8)', () => {
    for (const p of [0.001, 0.05, 0.3, 0.975]) {
      expect(studentTQuantile(p, 8)).toBeCloseTo(evenDfTQuantile(p, 8), 11);
    }
  });

  it('inverts studentTCdf for fractional (Welch) df, tails included', () => {
    for (const df of [0.6, 1.4, 4.7, 27.3, 3000.5]) {
      for (const p of [1e-10, 0.01, 0.4, 0.9, 0.999]) {
        expect(Math.abs(studentTCdf(studentTQuantile(p, df), df) / p - 1)).toBeLessThan(1e-9);
      }
    }
  });

  it('is 0 at p = 0.5 and ±Infinity at the ends', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 7)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('wilsonInterval', () => {
  // Newcombe 1998, Statistics in Medicine 17:857–872, method 3, worked examples.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('reproduces Newcombe (1998) for %i/%i: %f–%f', (x, n, low, high) => {
    const interval = wilsonInterval(x, n);
    expect(interval?.low).toBeCloseTo(low, 4);
    expect(interval?.high).toBeCloseTo(high, 4);
  });

  it('has bound exactly 0 for no successes and exactly 1 for all successes', () => {
    const none = wilsonInterval(0, 10);
    expect(none?.low).toBe(0);
    expect(none?.high).toBeCloseTo((Z975 * Z975) / (10 + Z975 * Z975), 15);
    const all = wilsonInterval(10, 10);
    expect(all?.high).toBe(1);
    expect(all?.low).toBeCloseTo(10 / (10 + Z975 * Z975), 15);
  });

  it('is null for n = 0, wider at 99 %, and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    const i95 = wilsonInterval(81, 263);
    const i99 = wilsonInterval(81, 263, 0.99);
    expect(i99?.low).toBeLessThan(i95?.low ?? Number.NaN);
    expect(i99?.high).toBeGreaterThan(i95?.high ?? Number.NaN);
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
  });
});

describe('npsFromCounts', () => {
  it('50 promoters, 20 detractors of 100: NPS 30 ± z·√((0.5 + 0.2 − 0.3²)/100)·100', () => {
    const nps = npsFromCounts(50, 20, 100);
    const margin = Z975 * Math.sqrt(0.0061) * 100; // 15.3078…
    expect(nps?.value).toBe(30);
    expect(nps?.low).toBeCloseTo(30 - margin, 12);
    expect(nps?.high).toBeCloseTo(30 + margin, 12);
    expect(nps?.low).toBeCloseTo(14.6922, 4);
  });

  it('clamps to [−100, 100] and collapses for a unanimous sample', () => {
    expect(npsFromCounts(100, 0, 100)).toEqual({ value: 100, low: 100, high: 100 });
    // 98/0/100: SE = √((0.98 − 0.98²)/100) = 0.014 → 98 ± 2.74, upper bound clamped.
    const nearlyAll = npsFromCounts(98, 0, 100);
    expect(nearlyAll?.high).toBe(100);
    expect(nearlyAll?.low).toBeCloseTo(98 - Z975 * 1.4, 12);
    expect(npsFromCounts(0, 3, 3)).toEqual({ value: -100, low: -100, high: -100 });
  });

  it('is null for n = 0, wider at 99 %, and rejects promoters + detractors > n', () => {
    expect(npsFromCounts(0, 0, 0)).toBeNull();
    const n95 = npsFromCounts(50, 20, 100);
    const n99 = npsFromCounts(50, 20, 100, 0.99);
    expect((n99?.high ?? 0) - (n99?.low ?? 0)).toBeGreaterThan((n95?.high ?? 0) - (n95?.low ?? 0));
    expect(() => npsFromCounts(60, 50, 100)).toThrow(RangeError);
  });
});

describe('meanInterval', () => {
  it('uses t(0.975, n − 1): mean 10, sd 2, n 11 → 10 ± 2.228138851986·2/√11', () => {
    const interval = meanInterval(10, 2, 11);
    const margin = (2.228138851986 * 2) / Math.sqrt(11);
    expect(interval?.low).toBeCloseTo(10 - margin, 11);
    expect(interval?.high).toBeCloseTo(10 + margin, 11);
  });

  it('uses t(0.995, 10) = 3.16927267261695 at 99 %, and is null for n < 2', () => {
    const interval = meanInterval(10, 2, 11, 0.99);
    expect(interval?.high).toBeCloseTo(10 + (3.16927267261695 * 2) / Math.sqrt(11), 11);
    expect(meanInterval(10, 0, 1)).toBeNull();
    expect(meanInterval(10, 0, 0)).toBeNull();
    expect(meanInterval(10, 0, 5)).toEqual({ low: 10, high: 10 });
  });
});

describe('compareProportions', () => {
  // Newcombe 1998, Statistics in Medicine 17:873–890, table II, method 10 (hybrid score).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('reproduces Newcombe (1998) for %i/%i − %i/%i: %f to %f', (x1, n1, x2, n2, low, high) => {
    const result = compareProportions(x1, n1, x2, n2);
    expect(result?.difference).toBeCloseTo(x1 / n1 - x2 / n2, 15);
    expect(result?.low).toBeCloseTo(low, 4);
    expect(result?.high).toBeCloseTo(high, 4);
  });

  it('takes its p-value from the pooled two-proportion z-test (z² = Pearson χ² of the 2×2 table)', () => {
    // 56/70 vs 48/80: χ² = N(ad − bc)²/(r1·r2·c1·c2) = 150·1120²/(70·80·104·46) ≈ 7.023, p ≈ 0.0080.
    const chi2 = (150 * 1120 ** 2) / (70 * 80 * 104 * 46);
    const result = compareProportions(56, 70, 48, 80);
    expect(result?.pValue).toBeCloseTo(2 * normalCdf(-Math.sqrt(chi2)), 14);
    expect(result?.pValue).toBeCloseTo(0.00805, 5);
    expect(result?.clear).toBe(true);
  });

  it('is not clear when the interval contains 0, and has p = 1 when the pooled SE is 0', () => {
    expect(compareProportions(5, 56, 0, 29)?.clear).toBe(false);
    const zeros = compareProportions(0, 10, 0, 20);
    expect(zeros?.pValue).toBe(1);
    expect(zeros?.clear).toBe(false);
  });

  it('needs both interval and test: clear at 95 % but not at 99 %', () => {
    // 56/70 vs 48/80: p ≈ 0.008, 99 % interval still excludes 0 → clear at both.
    expect(compareProportions(56, 70, 48, 80, 0.99)?.clear).toBe(true);
    // 30/100 vs 44/100: pooled z ≈ −2.05, p ≈ 0.040 → clear at 95 %, not at 99 %.
    const borderline = compareProportions(30, 100, 44, 100);
    expect(borderline?.pValue).toBeGreaterThan(0.01);
    expect(borderline?.pValue).toBeLessThan(0.05);
    expect(borderline?.clear).toBe(true);
    expect(compareProportions(30, 100, 44, 100, 0.99)?.clear).toBe(false);
  });

  it('is wider at 99 % and null when either group is empty', () => {
    const c95 = compareProportions(56, 70, 48, 80);
    const c99 = compareProportions(56, 70, 48, 80, 0.99);
    expect(c99?.low).toBeLessThan(c95?.low ?? Number.NaN);
    expect(c99?.high).toBeGreaterThan(c95?.high ?? Number.NaN);
    expect(compareProportions(0, 0, 3, 10)).toBeNull();
    expect(compareProportions(3, 10, 0, 0)).toBeNull();
  });
});

describe('compareNps', () => {
  it('50/20 of 100 vs 30/30 of 100: difference 30 points, SE = 100·√(0.0061 + 0.006) = 11', () => {
    const result = compareNps(50, 20, 100, 30, 30, 100);
    expect(result?.difference).toBe(30);
    expect(result?.low).toBeCloseTo(30 - Z975 * 11, 12);
    expect(result?.high).toBeCloseTo(30 + Z975 * 11, 12);
    expect(result?.pValue).toBeCloseTo(2 * normalCdf(-30 / 11), 14);
    expect(result?.pValue).toBeCloseTo(0.00639, 5);
    expect(result?.clear).toBe(true);
  });

  it('is not clear for a small difference, nor for one answer; a unanimous group gets pseudo-answers; null when empty', () => {
    const small = compareNps(50, 20, 100, 45, 20, 100);
    expect(small?.difference).toBe(5);
    expect(small?.clear).toBe(false);
    // One promoter against a team at 40: the plain SE of the one answer would be 0 and the
    // difference "clear". With one pseudo-answer per category it is 2/4 promoters, 1/4 detractors.
    const one = compareNps(1, 0, 1, 50, 10, 100);
    const oneSe = 100 * Math.hypot(Math.sqrt((0.75 - 0.25 ** 2) / 4), Math.sqrt((0.6 - 0.4 ** 2) / 100));
    expect(one?.difference).toBe(60);
    expect(one?.low).toBeCloseTo(60 - Z975 * oneSe, 12);
    expect(one?.clear).toBe(false);
    // Ten promoters against ten detractors is a clear difference, not an unknown one.
    const unanimous = compareNps(10, 0, 10, 0, 10, 10);
    expect(unanimous?.difference).toBe(200);
    expect(unanimous?.clear).toBe(true);
    expect(compareNps(0, 0, 0, 1, 1, 4)).toBeNull();
    expect(compareNps(1, 1, 4, 0, 0, 0)).toBeNull();
  });

  it('is wider at 99 %', () => {
    const c95 = compareNps(50, 20, 100, 30, 30, 100);
    const c99 = compareNps(50, 20, 100, 30, 30, 100, 0.99);
    expect(c99?.low).toBeCloseTo(30 - 2.5758293035489004 * 11, 12);
    expect(c99?.low).toBeLessThan(c95?.low ?? Number.NaN);
  });
});

describe('compareMeans', () => {
  // Hand-computed Welch example: sd1² = 10, n1 = 5, sd2² = 9, n2 = 9 → s1²/n1 = 2, s2²/n2 = 1, SE = √3,
  // Welch–Satterthwaite df = 3²/(2²/4 + 1²/8) = 8 (a pooled Student test would use 12).
  // Difference √24 gives t = √8, i.e. θ = atan(t/√8) = 45°, so by A&S 26.7.3
  // p = 1 − sin 45°·(1 + ½·½ + (3/8)·¼ + (15/48)·⅛) = 1 − 177/(128√2) ≈ 0.022204.
  const diff = Math.sqrt(24);

  it('gives the hand-computed p-value and a t(0.975, 8)-based interval', () => {
    const result = compareMeans(10 + diff, Math.sqrt(10), 5, 10, 3, 9);
    expect(result?.difference).toBeCloseTo(diff, 14);
    expect(result?.pValue).toBeCloseTo(1 - 177 / (128 * Math.SQRT2), 13);
    const margin = evenDfTQuantile(0.975, 8) * Math.sqrt(3); // t(0.975, 8) ≈ 2.306
    expect(result?.low).toBeCloseTo(diff - margin, 11);
    expect(result?.high).toBeCloseTo(diff + margin, 11);
    expect(result?.low).toBeCloseTo(diff - 2.306 * Math.sqrt(3), 3);
    expect(result?.clear).toBe(true);
  });

  it('is symmetric in the groups and not clear at 99 %', () => {
    const reversed = compareMeans(10, 3, 9, 10 + diff, Math.sqrt(10), 5, 0.99);
    expect(reversed?.difference).toBeCloseTo(-diff, 14);
    expect(reversed?.pValue).toBeCloseTo(1 - 177 / (128 * Math.SQRT2), 13);
    expect(reversed?.high).toBeGreaterThan(0);
    expect(reversed?.clear).toBe(false);
  });

  it('handles zero spread and small samples', () => {
    expect(compareMeans(5, 0, 4, 3, 0, 4)).toEqual({
      difference: 2,
      low: 2,
      high: 2,
      pValue: 1,
      clear: false,
    });
    expect(compareMeans(5, 1, 1, 3, 1, 10)).toBeNull();
    expect(compareMeans(5, 1, 10, 3, 1, 1)).toBeNull();
  });
});

describe('bonferroniConfidence', () => {
  it('splits the error rate over the comparisons', () => {
    expect(bonferroniConfidence(0.95, 1)).toBeCloseTo(0.95, 15);
    expect(bonferroniConfidence(0.95, 5)).toBeCloseTo(0.99, 15);
    expect(bonferroniConfidence(0.95, 50)).toBeCloseTo(0.999, 15);
    expect(() => bonferroniConfidence(0.95, 0)).toThrow(RangeError);
    expect(() => bonferroniConfidence(1.5, 3)).toThrow(RangeError);
  });

  it('makes a borderline difference unclear once many agents are compared', () => {
    expect(compareProportions(30, 100, 44, 100)?.clear).toBe(true);
    expect(compareProportions(30, 100, 44, 100, bonferroniConfidence(0.95, 10))?.clear).toBe(false);
  });
});

describe('quantileStandardError', () => {
  it('is √(p(1 − p)/n) times the sparsity (q_{p+h} − q_{p−h})/(2h)', () => {
    // Median: √(0.25/100) · (110 − 90)/0.2 = 0.05 · 100 = 5.
    expect(quantileStandardError(0.5, 0.1, { value: 100, below: 90, above: 110, n: 100 })).toBeCloseTo(5, 12);
    // p90: √(0.09/900) · (400 − 250)/0.1 = 0.01 · 1500 = 15.
    expect(quantileStandardError(0.9, 0.05, { value: 300, below: 250, above: 400, n: 900 })).toBeCloseTo(
      15,
      12,
    );
  });

  it('needs a bracket that spans at least one value, and a possible one', () => {
    const estimate = { value: 1, below: 0, above: 2, n: 9 };
    expect(quantileStandardError(0.5, 0.1, estimate)).toBeNull();
    expect(quantileStandardError(0.5, 0.1, { ...estimate, n: 10 })).toBeCloseTo(Math.sqrt(0.025) * 10, 12);
    expect(() => quantileStandardError(0.9, 0.2, estimate)).toThrow(RangeError);
    expect(() => quantileStandardError(0.5, 0.1, { ...estimate, below: 3 })).toThrow(RangeError);
    expect(() => quantileStandardError(0.5, 0.1, { ...estimate, n: -1 })).toThrow(RangeError);
  });
});

describe('compareQuantiles', () => {
  // SE1 = √(0.25/100)·20/0.2 = 5 and SE2 = √(0.25/400)·40/0.2 = 5, so SE = 5√2 and the difference −20
  // is z = −2√2: p = erfc(2) = 0.004677734981047265.
  const agent = { value: 100, below: 90, above: 110, n: 100 };
  const rest = { value: 120, below: 100, above: 140, n: 400 };

  it('gives the hand-computed difference, interval and p-value', () => {
    const result = compareQuantiles(0.5, 0.1, agent, rest);
    expect(result?.difference).toBe(-20);
    expect(result?.low).toBeCloseTo(-20 - Z975 * 5 * Math.SQRT2, 12);
    expect(result?.high).toBeCloseTo(-20 + Z975 * 5 * Math.SQRT2, 12);
    expect(result?.pValue).toBeCloseTo(0.004677734981047265, 14);
    expect(result?.clear).toBe(true);
    // At 99.9 % (Bonferroni over 50 agents) the same difference is not clear.
    expect(compareQuantiles(0.5, 0.1, agent, rest, 0.999)?.clear).toBe(false);
  });

  it('collapses to the difference when neither sample spreads, and needs enough rows', () => {
    const tied = { value: 60, below: 60, above: 60, n: 50 };
    expect(compareQuantiles(0.5, 0.1, tied, { ...tied, value: 120, below: 120, above: 120 })).toEqual({
      difference: -60,
      low: -60,
      high: -60,
      pValue: 1,
      clear: false,
    });
    expect(compareQuantiles(0.5, 0.1, { ...agent, n: 5 }, rest)).toBeNull();
  });

  it('is never clear when one side is tied: ten equal answers are not an exact median', () => {
    const tied = { value: 30, below: 30, above: 30, n: 10 };
    const spread = { value: 35, below: 30, above: 40, n: 200 };
    expect(compareQuantiles(0.5, 0.1, tied, spread)).toEqual({
      difference: -5,
      low: -5,
      high: -5,
      pValue: 1,
      clear: false,
    });
    expect(compareQuantiles(0.5, 0.1, spread, tied)?.clear).toBe(false);
  });
});

describe('compareCounts', () => {
  it('is clear past 1.96 Poisson standard errors √(x1 + x2)', () => {
    // 125 against 100: SE = √225 = 15, z = 5/3, p = erfc(5/(3√2)).
    expect(compareCounts(125, 100)).toEqual({
      difference: 25,
      pValue: expect.closeTo(0.0955807045456294, 12),
      clear: false,
    });
    // 130 against 100: z = 30/√230 ≈ 1.978 > 1.96.
    expect(compareCounts(130, 100)).toEqual({
      difference: 30,
      pValue: expect.closeTo(0.04791275500844769, 12),
      clear: true,
    });
    expect(compareCounts(0, 0)).toEqual({ difference: 0, pValue: 1, clear: false });
    expect(() => compareCounts(-1, 3)).toThrow(RangeError);
  });
});
