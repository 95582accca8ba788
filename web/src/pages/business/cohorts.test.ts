import { describe, expect, test } from 'vitest';
import { clvCurves, cohortGrid, shadeOf } from './cohorts.js';

describe('the retention cohort grid', () => {
  test('a row per cohort, oldest first, a column per month since; months still to come have no cell', () => {
    const grid = cohortGrid({
      cohorts: [
        {
          cohort: '2026-02',
          size: 10,
          months: [
            { offset: 0, retained: 10, share: 1, interval: { low: 0.72, high: 1 } },
            { offset: 1, retained: 4, share: 0.4, interval: { low: 0.17, high: 0.69 } },
          ],
        },
        {
          cohort: '2026-01',
          size: 4,
          months: [
            { offset: 0, retained: 4, share: 1, interval: null },
            { offset: 1, retained: 0, share: 0, interval: null },
            { offset: 2, retained: 1, share: 0.25, interval: { low: 0.05, high: 0.7 } },
          ],
        },
      ],
    });
    expect(grid.offsets).toEqual([0, 1, 2]);
    expect(grid.rows.map((r) => r.cohort)).toEqual(['2026-01', '2026-02']);
    const [january, february] = grid.rows;
    // A month in which nobody stayed is a cell with 0, not a missing one.
    expect(january?.cells[1]).toMatchObject({ retained: 0, share: 0, shade: 0 });
    expect(january?.cells[2]).toMatchObject({ share: 0.25, low: 0.05, high: 0.7, shade: 1 });
    expect(february?.cells[1]).toMatchObject({ retained: 4, share: 0.4, shade: 2 });
    expect(february?.cells[2]).toBeNull();
  });

  test('no cohorts: no columns and no rows', () => {
    expect(cohortGrid({ cohorts: [] })).toEqual({ offsets: [], rows: [] });
  });

  test('shades are fifths of the share, the full share the darkest', () => {
    expect([0, 0.19, 0.2, 0.45, 0.79, 0.8, 1].map(shadeOf)).toEqual([0, 0, 1, 2, 3, 4, 4]);
    expect(shadeOf(Number.NaN)).toBe(0);
  });
});

describe('the cohort lifetime-value curves', () => {
  test('one line per cohort on a shared axis of months, a gap where a cohort is too young', () => {
    const curves = clvCurves([
      {
        cohort: '2026-03',
        size: 2,
        cumulative: [{ offset: 0, meanMargin: 12.5 }],
      },
      {
        cohort: '2026-01',
        size: 5,
        cumulative: [
          { offset: 0, meanMargin: 10 },
          { offset: 1, meanMargin: 14 },
          { offset: 2, meanMargin: 21 },
        ],
      },
    ]);
    expect(curves.offsets).toEqual([0, 1, 2]);
    expect(curves.lines).toEqual([
      { cohort: '2026-01', size: 5, values: [10, 14, 21] },
      { cohort: '2026-03', size: 2, values: [12.5, null, null] },
    ]);
  });
});
