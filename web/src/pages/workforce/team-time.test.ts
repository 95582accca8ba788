import { describe, expect, test } from 'vitest';
import { shrinkageShares } from './team-time.js';

describe('shrinkage by reason', () => {
  test('splits the team’s shrinkage by reason over every scheduled minute, largest first', () => {
    const shares = shrinkageShares(
      [
        { reason: 'break', minutes: 60 },
        { reason: null, minutes: 900 },
        { reason: 'training', minutes: 120 },
        { reason: 'absence', minutes: 0 },
      ],
      1200,
    );
    expect(shares).toEqual([
      { reason: 'training', minutes: 120, share: 0.1 },
      { reason: 'break', minutes: 60, share: 0.05 },
    ]);
    // The parts add up to the team's shrinkage: (120 + 60) ÷ 1200.
    expect(shares.reduce((sum, r) => sum + (r.share ?? 0), 0)).toBeCloseTo(0.15);
  });

  test('has no share when nothing was scheduled', () => {
    expect(shrinkageShares([{ reason: 'break', minutes: 10 }], 0)).toEqual([
      { reason: 'break', minutes: 10, share: null },
    ]);
  });
});
