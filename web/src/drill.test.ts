import { describe, expect, it } from 'vitest';
import type { DashboardFilters } from './app-data.js';
import { contactsQueryOf, drillHref } from './drill.js';
import { parseFilters } from './filters.js';

function dash(search: string): DashboardFilters {
  const filters = parseFilters(new URLSearchParams(search), 'UTC');
  return {
    filters,
    range: { from: '2026-03-01', to: '2026-04-01' },
    defaultTimeZone: 'UTC',
    base: {
      from: '2026-03-01',
      to: '2026-04-01',
      timezone: filters.timezone,
      filters: filters.channel.length ? { channel: filters.channel } : {},
    },
  };
}

const DIMENSIONS = ['channel', 'team', 'agent', 'topic', 'priority', 'escalation_type', 'survey_dimension'];

describe('drill-down addresses', () => {
  it('carry the range, the filters and what was clicked', () => {
    const base = dash('channel=chat&channel=email&tz=Europe/Amsterdam');
    const href = drillHref(base, {
      kpi: 'frt',
      dims: { channel: 'chat' },
      period: { grain: 'week', key: '2026-03-02' },
    });
    const params = new URL(href, 'http://x').searchParams;
    expect(new URL(href, 'http://x').pathname).toBe('/contacts');
    expect(params.getAll('channel')).toEqual(['chat']);
    expect(params.get('tz')).toBe('Europe/Amsterdam');

    const query = contactsQueryOf(params, dash(params.toString()), DIMENSIONS);
    expect(query).toMatchObject({
      kpi: 'frt',
      from: '2026-03-01',
      to: '2026-04-01',
      timezone: 'Europe/Amsterdam',
      filters: { channel: ['chat'] },
      period: { grain: 'week', key: '2026-03-02' },
      page: 1,
      order: 'desc',
    });
  });

  it('turn heatmap cells and parts into the contacts query', () => {
    const href = drillHref(dash(''), {
      kpi: 'abandonment_rate',
      weekday: 1,
      hourOfDay: 9,
      part: 'numerator',
    });
    const query = contactsQueryOf(new URL(href, 'http://x').searchParams, dash(''), DIMENSIONS);
    expect(query).toMatchObject({ weekday: 1, hourOfDay: 9, part: 'numerator' });
  });

  it('ignore values outside what the API accepts', () => {
    const params = new URLSearchParams('hour=25&weekday=0&sort=password&page=-1&grain=fortnight&period=x');
    const query = contactsQueryOf(params, dash(''), DIMENSIONS);
    expect(query.hourOfDay).toBeUndefined();
    expect(query.weekday).toBeUndefined();
    expect(query.sort).toBeUndefined();
    expect(query.page).toBe(1);
    expect(query.period).toBeUndefined();
  });
});

describe('the hours of the KPI clicked', () => {
  it('go with the drill-down, so the list shows durations as the number counted them', () => {
    for (const hours of ['business', 'calendar'] as const) {
      const href = drillHref(dash(''), { kpi: 'frt', dims: { channel: 'email' }, hours });
      const query = contactsQueryOf(new URL(href, 'http://x').searchParams, dash(''), DIMENSIONS);
      expect(query).toMatchObject({ kpi: 'frt', hours, filters: { channel: ['email'] } });
    }
    const sorted = contactsQueryOf(new URLSearchParams('sort=in_numerator&order=asc'), dash(''), DIMENSIONS);
    expect(sorted).toMatchObject({ sort: 'in_numerator', order: 'asc' });
  });
});
