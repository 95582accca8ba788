import { describe, expect, it } from 'vitest';
import {
  defaultGrain,
  filterQuery,
  parseFilters,
  presetAnchor,
  resolveRange,
  todayIn,
  writeFilters,
} from './filters.js';

describe('filters in the URL', () => {
  it('round-trips through the query string', () => {
    const params = new URLSearchParams(
      'preset=last30&channel=chat&channel=email&team=t1&tz=Europe/Amsterdam&kpi=frt',
    );
    const filters = parseFilters(params, 'UTC');
    expect(filters).toMatchObject({
      preset: 'last30',
      timezone: 'Europe/Amsterdam',
      channel: ['chat', 'email'],
      team: ['t1'],
      agent: [],
    });
    const out = new URLSearchParams('kpi=frt');
    writeFilters(out, filters, 'UTC');
    expect(parseFilters(out, 'UTC')).toEqual(filters);
    expect(out.get('kpi')).toBe('frt');
  });

  it('drops what it does not understand', () => {
    const filters = parseFilters(
      new URLSearchParams('preset=nonsense&tz=Mars/Base&from=2026-02-01&to=2026-01-01'),
      'UTC',
    );
    expect(filters.preset).toBe('last90');
    expect(filters.timezone).toBe('UTC');
    expect(filters.from).toBeUndefined();
  });

  it('takes a valid from/to as a custom range', () => {
    const filters = parseFilters(new URLSearchParams('from=2026-01-01&to=2026-02-01'), 'UTC');
    expect(filters.preset).toBe('custom');
    expect(resolveRange(filters, '2026-07-01')).toEqual({ from: '2026-01-01', to: '2026-02-01' });
  });

  it("default to the team's time zone given, unless the URL names a zone", () => {
    const team = 'Europe/Amsterdam';
    expect(parseFilters(new URLSearchParams(''), team).timezone).toBe(team);
    const chosen = parseFilters(new URLSearchParams('tz=America/New_York'), team);
    expect(chosen.timezone).toBe('America/New_York');
    const out = new URLSearchParams();
    writeFilters(out, chosen, team);
    expect(out.get('tz')).toBe('America/New_York');
    writeFilters(out, { ...chosen, timezone: team }, team);
    expect(out.has('tz')).toBe(false);
  });

  it('carries only the filter keys between views', () => {
    expect(filterQuery(new URLSearchParams('preset=last7&kpi=frt&channel=chat&page=3'))).toBe(
      '?preset=last7&channel=chat',
    );
  });
});

describe('presets', () => {
  const at = (preset: string) =>
    resolveRange(parseFilters(new URLSearchParams(`preset=${preset}`), 'UTC'), '2026-06-29');

  it('count back from the anchor, which is exclusive', () => {
    expect(at('last7')).toEqual({ from: '2026-06-22', to: '2026-06-29' });
    expect(at('last30')).toEqual({ from: '2026-05-30', to: '2026-06-29' });
    expect(at('this_month')).toEqual({ from: '2026-06-01', to: '2026-06-29' });
    expect(at('last_month')).toEqual({ from: '2026-05-01', to: '2026-06-01' });
    expect(at('this_quarter')).toEqual({ from: '2026-04-01', to: '2026-06-29' });
    expect(at('last_quarter')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
    expect(at('this_year')).toEqual({ from: '2026-01-01', to: '2026-06-29' });
    expect(at('last_year')).toEqual({ from: '2025-01-01', to: '2026-01-01' });
    expect(at('all')).toBeNull();
  });

  it('anchor at the end of the data when it ended before today', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(presetAnchor('2026-06-28T12:00:00Z', 'UTC', now)).toBe('2026-06-29');
    expect(presetAnchor('2027-01-01T00:00:00Z', 'UTC', now)).toBe('2026-12-03');
    expect(presetAnchor(null, 'UTC', now)).toBe('2026-12-03');
    expect(todayIn('Pacific/Auckland', now)).toBe('2026-12-02');
    expect(todayIn('Pacific/Kiritimati', new Date('2026-12-02T23:00:00Z'))).toBe('2026-12-03');
  });

  it('pick a grain that keeps a chart readable', () => {
    expect(defaultGrain({ from: '2026-01-01', to: '2026-01-02' })).toBe('hour');
    expect(defaultGrain({ from: '2026-01-01', to: '2026-01-02' }, false)).toBe('day');
    expect(defaultGrain({ from: '2026-01-01', to: '2026-02-01' })).toBe('day');
    expect(defaultGrain({ from: '2026-01-01', to: '2026-07-01' })).toBe('week');
    expect(defaultGrain({ from: '2024-01-01', to: '2026-07-01' })).toBe('month');
    expect(defaultGrain(null)).toBe('week');
  });
});
