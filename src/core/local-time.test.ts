import { DateTime, IANAZone } from 'luxon';
import { describe, expect, test } from 'vitest';
import { localPieces, localToUtc } from './local-time.js';

const local = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

/**
 * The rule by brute force: the instants whose wall clock in `zone` is `localMs`, the earliest of
 * them; when there is none, the first instant whose wall clock is later (the clock change).
 */
function reference(zone: string, localMs: number): number {
  const tz = IANAZone.create(zone);
  const wall = (t: number) => t + tz.offset(t) * 60_000;
  const matches: number[] = [];
  for (let minutes = -16 * 60; minutes <= 16 * 60; minutes += 15) {
    const t = localMs - minutes * 60_000;
    if (wall(t) === localMs) matches.push(t);
  }
  if (matches.length > 0) return Math.min(...matches);
  let t = localMs - 16 * 3_600_000;
  while (wall(t) <= localMs) t += 60_000;
  while (wall(t - 1000) > localMs) t -= 1000;
  return t;
}

describe('localToUtc', () => {
  test('an autumn time that occurs twice takes the earlier instant, a spring time that does not exist the clock change', () => {
    const ny = localToUtc('America/New_York');
    expect(new Date(ny(local('2024-11-03 01:30'))).toISOString()).toBe('2024-11-03T05:30:00.000Z');
    expect(new Date(ny(local('2024-03-10 02:30'))).toISOString()).toBe('2024-03-10T07:00:00.000Z');
    const rome = localToUtc('Europe/Rome');
    expect(new Date(rome(local('2024-10-27 02:30'))).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(new Date(rome(local('2024-03-31 02:30'))).toISOString()).toBe('2024-03-31T01:00:00.000Z');
    expect(new Date(rome(local('2024-07-01 12:00'))).toISOString()).toBe('2024-07-01T10:00:00.000Z');
  });

  test.each(['America/New_York', 'Europe/Rome', 'Australia/Lord_Howe', 'Asia/Jerusalem', 'Pacific/Apia'])(
    'agrees with the rule by brute force, minute by minute around every change of %s in 2011 and 2024',
    (zone) => {
      const toUtc = localToUtc(zone);
      for (const year of [2011, 2024]) {
        const pieces = localPieces(zone, local(`${year}-01-01 00:00`), local(`${year}-12-31 23:59`));
        for (const piece of pieces) {
          if (piece.untilLocalMs === null) continue;
          for (let m = -120; m <= 120; m++) {
            const at = piece.untilLocalMs + m * 60_000;
            const text = DateTime.fromMillis(at, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm');
            expect([text, toUtc(at)]).toEqual([text, reference(zone, at)]);
          }
        }
      }
    },
  );

  test('UTC is the wall clock itself', () => {
    expect(localToUtc('UTC')(local('2024-03-31 02:30'))).toBe(local('2024-03-31 02:30'));
  });
});
