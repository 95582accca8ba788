import { describe, expect, it } from 'vitest';
import { termChart, toneSplit, trendShares } from './charts.js';
import {
  focusParam,
  highlightSegments,
  linesOf,
  openMessages,
  parseFocus,
  readView,
  tabsFor,
  wordsGrain,
  wordsOf,
  wordsRange,
} from './view.js';

describe('the page state in the address', () => {
  it('reads a focus back as it was written, and anything else as all', () => {
    for (const focus of [
      { by: 'all' } as const,
      { by: 'channel', value: 'chat' } as const,
      { by: 'agent', value: 'a:1' } as const,
      { by: 'score', value: 'low' } as const,
    ]) {
      expect(parseFocus(focusParam(focus))).toEqual(focus);
    }
    expect(parseFocus('score:middle')).toEqual({ by: 'all' });
    expect(parseFocus('colour:red')).toEqual({ by: 'all' });
    expect(parseFocus('channel:')).toEqual({ by: 'all' });
    expect(parseFocus(null)).toEqual({ by: 'all' });
  });

  it('opens a tab the role has, else Topics, and keeps the language and source lists it knows', () => {
    const params = new URLSearchParams('tab=messages&language=nl,zh,xx&kind=social&tone=unsure&page=3');
    const manager = readView(params, 'manager');
    expect(manager.tab).toBe('messages');
    expect(manager.language).toEqual(['nl', 'zh']);
    expect(manager.kind).toEqual(['social']);
    expect(manager.messages).toEqual({ tone: 'unsure' });
    expect(manager.page).toBe(3);
    expect(readView(params, 'viewer').tab).toBe('topics');
    expect(readView(new URLSearchParams('tab=settings'), 'manager').tab).toBe('topics');
    expect(readView(new URLSearchParams('tab=settings&page=-2'), 'admin')).toMatchObject({
      tab: 'settings',
      page: 1,
    });
  });

  it('gives viewers no Messages tab and only admins the Settings tab', () => {
    expect(tabsFor('admin')).toEqual(['topics', 'tone', 'brand', 'messages', 'settings']);
    expect(tabsFor('manager')).toEqual(['topics', 'tone', 'brand', 'messages']);
    expect(tabsFor('agent')).toEqual(['topics', 'tone', 'brand', 'messages']);
    expect(tabsFor('viewer')).toEqual(['topics', 'tone', 'brand']);
  });

  it('opens the messages of a term in place of any earlier narrowing, on their first page', () => {
    const params = new URLSearchParams('preset=last_30_days&attribute=fast&page=4&tab=brand');
    openMessages(params, { term: 'late deliveri' });
    expect(params.get('tab')).toBe('messages');
    expect(params.get('term')).toBe('late deliveri');
    expect(params.has('attribute')).toBe(false);
    expect(params.has('page')).toBe(false);
    expect(params.get('preset')).toBe('last_30_days');
  });
});

describe('highlighted text', () => {
  it('cuts the text at the ranges, joining overlaps and clipping what lies outside', () => {
    const text = '快递太慢了，客服 also slow';
    expect(
      highlightSegments(text, [
        { start: 0, end: 2 },
        { start: 1, end: 4 },
        { start: 14, end: 40 },
      ]),
    ).toEqual([
      { text: '快递太慢', marked: true },
      { text: '了，客服 also ', marked: false },
      { text: 'slow', marked: true },
    ]);
    expect(highlightSegments('plain', [])).toEqual([{ text: 'plain', marked: false }]);
    expect(highlightSegments('', [{ start: 0, end: 3 }])).toEqual([{ text: '', marked: false }]);
  });

  it('keeps markup in a text as text', () => {
    const segments = highlightSegments('<b>late</b>', [{ start: 3, end: 7 }]);
    expect(segments.map((s) => s.text).join('')).toBe('<b>late</b>');
    expect(segments[1]).toEqual({ text: 'late', marked: true });
  });
});

describe('fields', () => {
  it('reads attribute words by comma (also Chinese commas) or line, each once', () => {
    expect(wordsOf('snel, vlot\nrap,, snel')).toEqual(['snel', 'vlot', 'rap']);
    expect(wordsOf('快，迅速、及时')).toEqual(['快', '迅速', '及时']);
  });

  it('reads the dictionary one term a line, keeping commas and spaces inside a term', () => {
    expect(linesOf('售后小哥\n  order, status \n\n售后小哥')).toEqual(['售后小哥', 'order, status']);
  });
});

describe('periods and charts', () => {
  it('draws days for a month, weeks for a year, months beyond', () => {
    expect(wordsGrain({ from: '2026-03-01', to: '2026-04-01' })).toBe('day');
    expect(wordsGrain({ from: '2026-01-01', to: '2026-07-01' })).toBe('week');
    expect(wordsGrain({ from: '2024-01-01', to: '2026-01-01' })).toBe('month');
  });

  it('reads all time as the days the data spans', () => {
    expect(wordsRange(null, { from: '2026-01-03T08:00:00Z', to: '2026-02-10T23:00:00Z' })).toEqual({
      from: '2026-01-03',
      to: '2026-02-11',
    });
    expect(wordsRange(null, { from: null, to: null })).toBeNull();
    expect(wordsRange({ from: '2026-01-01', to: '2026-02-01' }, { from: null, to: null })).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
    });
  });

  it('puts the term that stands out most on top of the bar chart', () => {
    const term = (label: string, z: number) => ({
      term: label,
      label,
      inFocus: 5,
      inRest: 1,
      z,
      negativeShare: null,
      themeId: null,
    });
    const option = termChart([term('late', 6.04), term('parcel', 3.2)], 'z') as {
      yAxis: { data: string[] };
      series: { data: number[] }[];
    };
    expect(option.yAxis.data).toEqual(['parcel', 'late']);
    expect(option.series[0]?.data).toEqual([3.2, 6]);
  });

  it('leaves a period without texts as a gap and splits tones by share', () => {
    expect(
      trendShares([
        { period: '2026-03-02', texts: 4, withTerm: 1 },
        { period: '2026-03-09', texts: 0, withTerm: 0 },
      ]),
    ).toEqual([
      { period: '2026-03-02', share: 0.25 },
      { period: '2026-03-09', share: null },
    ]);
    expect(toneSplit({ positive: 1, neutral: 1, negative: 2, unsure: 0 })).toEqual({
      positive: 0.25,
      neutral: 0.25,
      negative: 0.5,
      unsure: 0,
    });
    expect(toneSplit({ positive: 0, neutral: 0, negative: 0, unsure: 0 })).toBeNull();
  });
});
