import { describe, expect, test } from 'vitest';
import { changeDirection, type GroupPair, mixEffect, toneOf } from './mix.js';
import { MIN_RANKED_N } from './samples.js';

const big = MIN_RANKED_N * 10;
const group = (
  previous: number | null,
  value: number | null,
  n = big,
  previousN = n,
  clear = true,
): GroupPair => ({
  value,
  previous,
  n,
  previousN,
  clear,
});
const unclear = (previous: number, value: number): GroupPair => group(previous, value, big, big, false);

describe('mix effects in a change against the previous period', () => {
  // Median first response: chat in seconds, e-mail in hours. Both got faster, e-mail grew.
  const worseCombined = { previous: 126, value: 586 };

  test('every group moving against the combined figure is a mix effect, read by the good direction', () => {
    const effect = mixEffect(worseCombined, [group(17, 16), group(6818, 6527), group(28, 26)], 'lower');
    expect(effect).toEqual({
      overall: 'up',
      groups: 'down',
      groupsTone: 'better',
      counted: 3,
      groupsClear: true,
    });
    // The same numbers for an indicator where higher is better: every group got worse.
    expect(mixEffect(worseCombined, [group(17, 16), group(6818, 6527)], 'higher')?.groupsTone).toBe('worse');
    expect(mixEffect({ previous: 0.5, value: 0.4 }, [group(0.3, 0.35), group(0.8, 0.9)], 'higher')).toEqual({
      overall: 'down',
      groups: 'up',
      groupsTone: 'better',
      counted: 2,
      groupsClear: true,
    });
  });

  test('groups that moved the other way inside their noise still make a mix effect, but not a clear one', () => {
    // First contact resolution: the combined rate fell clearly, every channel rose by a fraction
    // its interval cannot tell from no change. Grey, yet "every channel improved" would over-claim.
    const fcr = { previous: 0.62, value: 0.602 };
    expect(
      mixEffect(fcr, [unclear(0.7, 0.705), unclear(0.5, 0.503), unclear(0.58, 0.581)], 'higher'),
    ).toEqual({
      overall: 'down',
      groups: 'up',
      groupsTone: 'better',
      counted: 3,
      groupsClear: false,
    });
    // One unclear group is enough to withhold "every channel"…
    expect(mixEffect(fcr, [group(0.7, 0.75), unclear(0.5, 0.503)], 'higher')?.groupsClear).toBe(false);
    // …and a group whose interval is unknown claims nothing either.
    const unknown = { ...group(0.5, 0.55), clear: undefined };
    expect(mixEffect(fcr, [group(0.7, 0.75), unknown], 'higher')?.groupsClear).toBe(false);
    // A small group left out of the verdict does not make it unclear.
    expect(
      mixEffect(
        fcr,
        [group(0.7, 0.75), group(0.5, 0.55), group(0.4, 0.41, MIN_RANKED_N - 1, big, false)],
        'higher',
      )?.groupsClear,
    ).toBe(true);
  });

  test('groups agreeing with the combined figure are no mix effect', () => {
    expect(mixEffect(worseCombined, [group(17, 18), group(6818, 7000), group(28, 30)], 'lower')).toBeNull();
  });

  test('groups disagreeing among themselves are no mix effect', () => {
    expect(mixEffect(worseCombined, [group(17, 16), group(6818, 7000), group(28, 26)], 'lower')).toBeNull();
    // A group that did not move at all does not back the claim "every group moved the other way".
    expect(mixEffect(worseCombined, [group(17, 16), group(28, 28)], 'lower')).toBeNull();
  });

  test('groups without a previous value are left out of the verdict', () => {
    const effect = mixEffect(
      worseCombined,
      [group(17, 16), group(6818, 6527), group(null, 9000, big, 0), group(null, 50)],
      'lower',
    );
    expect(effect?.counted).toBe(2);
    expect(effect?.groups).toBe('down');
  });

  test('small groups neither make nor break the verdict', () => {
    const small = MIN_RANKED_N - 1;
    // A small group moving with the combined figure does not hide the mix effect…
    expect(
      mixEffect(worseCombined, [group(17, 16), group(6818, 6527), group(3000, 9000, small, big)], 'lower')
        ?.counted,
    ).toBe(2);
    expect(
      mixEffect(worseCombined, [group(17, 16), group(6818, 6527), group(3000, 9000, big, small)], 'lower')
        ?.counted,
    ).toBe(2);
    // …and small groups alone cannot make one.
    expect(
      mixEffect(worseCombined, [group(17, 16, small), group(6818, 6527, small), group(28, 26)], 'lower'),
    ).toBeNull();
  });

  test('one group, or a combined figure without a change, is no mix effect', () => {
    expect(mixEffect(worseCombined, [group(6818, 6527)], 'lower')).toBeNull();
    expect(mixEffect({ previous: 126, value: 126 }, [group(17, 16), group(6818, 6527)], 'lower')).toBeNull();
    expect(mixEffect({ previous: null, value: 126 }, [group(17, 16), group(6818, 6527)], 'lower')).toBeNull();
  });

  test('a neutral indicator has a mix effect without a good or bad side', () => {
    expect(mixEffect(worseCombined, [group(17, 16), group(6818, 6527)], 'neutral')?.groupsTone).toBe('same');
  });

  test('directions and tones', () => {
    expect(changeDirection({ previous: 1, value: 2 })).toBe('up');
    expect(changeDirection({ previous: 2, value: 1 })).toBe('down');
    expect(changeDirection({ previous: 2, value: 2 })).toBe('flat');
    expect(changeDirection({ previous: undefined, value: 2 })).toBeNull();
    expect(changeDirection({ previous: Number.NaN, value: 2 })).toBeNull();
    expect(toneOf('up', 'lower')).toBe('worse');
    expect(toneOf('down', 'lower')).toBe('better');
    expect(toneOf('flat', 'higher')).toBe('same');
  });
});
