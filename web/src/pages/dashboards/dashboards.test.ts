import { describe, expect, it } from 'vitest';
import type { Filters } from '../../filters.js';
import { addressOfView, moveTile, viewOfAddress } from './api.js';
import { viewPeriod } from './SaveView.js';

describe('moveTile', () => {
  const tiles = ['a', 'b', 'c', 'd'];

  it('moves a tile dropped on a later one to that place', () => {
    expect(moveTile(tiles, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('moves a tile dropped on an earlier one to that place', () => {
    expect(moveTile(tiles, 3, 1)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('keeps the order for a drop on itself and leaves the input alone', () => {
    expect(moveTile(tiles, 2, 2)).toEqual(tiles);
    expect(tiles).toEqual(['a', 'b', 'c', 'd']);
  });

  it('clamps a place beyond either end and ignores a tile that is not there', () => {
    expect(moveTile(tiles, 1, 99)).toEqual(['a', 'c', 'd', 'b']);
    expect(moveTile(tiles, 2, -5)).toEqual(['c', 'a', 'b', 'd']);
    expect(moveTile(tiles, 7, 0)).toEqual(tiles);
  });
});

describe('viewOfAddress and addressOfView', () => {
  it('keeps the page without its slashes and the query string with its question mark', () => {
    expect(viewOfAddress('/trends', '?kpi=csat&preset=last7')).toEqual({
      page: 'trends',
      search: '?kpi=csat&preset=last7',
    });
    expect(viewOfAddress('/surveys/results/', 'channel=chat')).toEqual({
      page: 'surveys/results',
      search: '?channel=chat',
    });
  });

  it('names the root page overview and keeps an empty query empty', () => {
    expect(viewOfAddress('/', '')).toEqual({ page: 'overview', search: '' });
    expect(viewOfAddress('/', '?')).toEqual({ page: 'overview', search: '' });
  });

  it('opens a saved view at the address it was saved from', () => {
    for (const [path, search] of [
      ['/trends', '?kpi=aht&grain=week'],
      ['/', '?tz=Europe%2FAmsterdam'],
      ['/business', ''],
    ] as const) {
      const view = viewOfAddress(path, search);
      expect(addressOfView({ page: view.page, state: { search: view.search } as never })).toBe(
        `${path}${search}`,
      );
    }
  });
});

describe('viewPeriod', () => {
  const base: Filters = { preset: 'last7', timezone: 'UTC', channel: [], team: [], agent: [], topic: [] };
  const span = { from: '2025-01-01', to: '2026-03-01' };

  it('keeps a relative preset relative, so a report moves on with the calendar', () => {
    expect(viewPeriod(base, { from: '2026-02-20', to: '2026-02-27' }, span)).toEqual({ preset: 'last7' });
  });

  it('keeps a custom range as its dates and all time as the span of the data', () => {
    const custom: Filters = { ...base, preset: 'custom', from: '2026-01-05', to: '2026-01-12' };
    expect(viewPeriod(custom, { from: '2026-01-05', to: '2026-01-12' }, span)).toEqual({
      from: '2026-01-05',
      to: '2026-01-12',
    });
    expect(viewPeriod({ ...base, preset: 'all' }, null, span)).toEqual(span);
  });
});
