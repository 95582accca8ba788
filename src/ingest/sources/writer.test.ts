import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { utcTimestamp } from './writer.js';

describe('utcTimestamp', () => {
  test('equals the ISO form of the instant, without milliseconds when there are none', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(utcTimestamp(ms)).toBe(iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso);
      }),
      { numRuns: 20_000 },
    );
    expect(utcTimestamp(Date.UTC(2026, 2, 2, 9, 0, 0))).toBe('2026-03-02T09:00:00Z');
    expect(utcTimestamp(Date.UTC(2026, 2, 2, 23, 59, 59, 7))).toBe('2026-03-02T23:59:59.007Z');
  });
});
