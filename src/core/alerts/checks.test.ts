import { describe, expect, test } from 'vitest';
import { anomalyCheck, baselineCheck, thresholdCheck, worseningZ } from './checks.js';

const threshold = {
  label: 'CSAT',
  comparison: 'below' as const,
  threshold: 0.8,
  minN: 30,
  windowHours: 168,
  format: 'percent' as const,
};

describe('threshold', () => {
  test('holds beyond the threshold, not at it, and has no verdict below minN', () => {
    expect(thresholdCheck({ ...threshold, value: 0.75, n: 40 }).holds).toBe(true);
    expect(thresholdCheck({ ...threshold, value: 0.8, n: 40 }).holds).toBe(false);
    expect(thresholdCheck({ ...threshold, value: 0.1, n: 29 }).holds).toBeNull();
    expect(thresholdCheck({ ...threshold, value: null, n: 40 }).holds).toBeNull();
    expect(thresholdCheck({ ...threshold, comparison: 'above', value: 0.9, n: 40 }).holds).toBe(true);
  });
});

describe('baseline', () => {
  const share = (value: number, n: number) => ({
    kind: 'share' as const,
    value,
    n,
    baseline: 0.9,
    baselineN: 200,
  });
  test('the two-proportion z with the pooled share, positive where worse', () => {
    // p̄ = (0.8·100 + 0.9·200)/300; se = √(p̄(1−p̄)(1/100 + 1/200)).
    const pooled = (80 + 180) / 300;
    const expected = 0.1 / Math.sqrt(pooled * (1 - pooled) * (1 / 100 + 1 / 200));
    expect(worseningZ(share(0.8, 100), 'higher')).toBeCloseTo(expected, 10);
    expect(worseningZ(share(0.8, 100), 'lower')).toBeCloseTo(-expected, 10);
  });
  test('fires only when clearly worse, never for a change for the better', () => {
    const input = {
      label: 'CSAT',
      better: 'higher' as const,
      minN: 30,
      confidence: 0.95,
      windowHours: 168,
      format: 'percent' as const,
    };
    expect(baselineCheck({ ...input, measure: share(0.8, 100) }).holds).toBe(true);
    expect(baselineCheck({ ...input, measure: share(0.87, 100) }).holds).toBe(false);
    expect(baselineCheck({ ...input, measure: share(0.99, 100) }).holds).toBe(false);
    expect(baselineCheck({ ...input, measure: share(0.5, 20) }).holds).toBeNull();
    expect(baselineCheck({ ...input, measure: null }).holds).toBeNull();
  });
  test('means: the window error and the same spread over the baseline n', () => {
    const measure = {
      kind: 'mean' as const,
      value: 3.9,
      n: 100,
      standardError: 0.05,
      baseline: 4.1,
      baselineN: 100,
    };
    expect(worseningZ(measure, 'higher')).toBeCloseTo(0.2 / Math.hypot(0.05, 0.05), 10);
  });
});

describe('anomaly', () => {
  const history = [{ count: 10 }, { count: 12 }, { count: 8 }, { count: 10 }];
  test('volume: Poisson z against the mean of the same hour', () => {
    const check = anomalyCheck({
      metric: 'volume',
      observed: { count: 20 },
      history,
      sensitivity: 3,
      minExpected: 5,
      hourLabel: 'Tuesday 10:00–11:00',
    });
    expect(check.reference).toBe(10);
    // z = (20 − 10)/√10 = 3.16
    expect(check.holds).toBe(true);
    expect(
      anomalyCheck({
        metric: 'volume',
        observed: { count: 19 },
        history,
        sensitivity: 3,
        minExpected: 5,
        hourLabel: '',
      }).holds,
    ).toBe(false);
    // Fewer than expected is never an alert.
    expect(
      anomalyCheck({
        metric: 'volume',
        observed: { count: 0 },
        history,
        sensitivity: 3,
        minExpected: 5,
        hourLabel: '',
      }).holds,
    ).toBe(false);
    expect(
      anomalyCheck({
        metric: 'volume',
        observed: { count: 50 },
        history,
        sensitivity: 3,
        minExpected: 11,
        hourLabel: '',
      }).holds,
    ).toBeNull();
  });
  test('abandonment: binomial z on the hour offered, no verdict with too few', () => {
    const past = [1, 2, 3, 4].map(() => ({ count: 20, abandoned: 1 }));
    const spike = anomalyCheck({
      metric: 'abandonment',
      observed: { count: 20, abandoned: 8 },
      history: past,
      sensitivity: 3,
      minExpected: 5,
      hourLabel: '',
    });
    expect(spike.holds).toBe(true);
    expect(spike.value).toBeCloseTo(0.4);
    const usual = anomalyCheck({
      metric: 'abandonment',
      observed: { count: 20, abandoned: 2 },
      history: past,
      sensitivity: 3,
      minExpected: 5,
      hourLabel: '',
    });
    expect(usual.holds).toBe(false);
    const few = anomalyCheck({
      metric: 'abandonment',
      observed: { count: 3, abandoned: 3 },
      history: past,
      sensitivity: 3,
      minExpected: 5,
      hourLabel: '',
    });
    expect(few.holds).toBeNull();
  });
});
