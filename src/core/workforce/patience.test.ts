import { describe, expect, it } from 'vitest';
import { estimatePatience } from './patience.js';

/** Mulberry32: a small seeded generator, so every run draws the same callers. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('patience estimate', () => {
  it('hand-worked: all waiting time over the number who gave up', () => {
    // Abandoned after 30, 60 and 90 s; answered after 0, 10, 20 and 40 s.
    // Observed waiting: 180 + 70 = 250 s; 3 abandoned; mean patience 250 ÷ 3 = 83.3 s.
    const estimate = estimatePatience({ abandonedWaits: [30, 60, 90], answeredWaits: [0, 10, 20, 40] });
    expect(estimate.abandoned).toBe(3);
    expect(estimate.observedSeconds).toBe(250);
    expect(estimate.meanSeconds).toBeCloseTo(250 / 3, 12);
  });

  it('answered waits count: leaving them out would understate patience', () => {
    const withAnswered = estimatePatience({ abandonedWaits: [40], answeredWaits: [60, 80] });
    expect(withAnswered.meanSeconds).toBe(180);
    expect(estimatePatience({ abandonedWaits: [40], answeredWaits: [] }).meanSeconds).toBe(40);
  });

  it('nobody abandoned: no estimate (the queue is Erlang C)', () => {
    expect(estimatePatience({ abandonedWaits: [], answeredWaits: [5, 12] })).toEqual({
      meanSeconds: null,
      abandoned: 0,
      observedSeconds: 17,
    });
    expect(estimatePatience({ abandonedWaits: [], answeredWaits: [] })).toEqual({
      meanSeconds: null,
      abandoned: 0,
      observedSeconds: 0,
    });
  });

  it('recovers a known patience from censored waits', () => {
    // Callers with exponential patience (mean 150 s) whose waits are cut short by an answer after an
    // exponential time (mean 60 s): most are censored, about 29 % abandon.
    const random = seededRandom(7);
    const exponential = (mean: number) => -Math.log(1 - random()) * mean;
    const abandonedWaits: number[] = [];
    const answeredWaits: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const patience = exponential(150);
      const answerAfter = exponential(60);
      if (patience < answerAfter) abandonedWaits.push(patience);
      else answeredWaits.push(answerAfter);
    }
    const estimate = estimatePatience({ abandonedWaits, answeredWaits });
    // The estimate's relative standard error is 1 ÷ √(abandoned) ≈ 0.6 %.
    expect(estimate.meanSeconds).toBeGreaterThan(150 * 0.97);
    expect(estimate.meanSeconds).toBeLessThan(150 * 1.03);
    // The abandoned waits alone say about 43 s: the censored answered waits carry the information.
    const naive = abandonedWaits.reduce((a, b) => a + b, 0) / abandonedWaits.length;
    expect(naive).toBeLessThan(60);
  });

  it('refuses a negative or missing wait, naming the list and position', () => {
    expect(() => estimatePatience({ abandonedWaits: [3, -1], answeredWaits: [] })).toThrow(
      /abandonedWaits\[1\]/,
    );
    expect(() => estimatePatience({ abandonedWaits: [], answeredWaits: [Number.NaN] })).toThrow(
      /answeredWaits\[0\]/,
    );
  });
});
