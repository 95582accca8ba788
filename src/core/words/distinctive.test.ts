import { expect, test } from 'vitest';
import { jaccard, suggestThemes, weightedLogOdds } from './distinctive.js';

const totals = { focus: 200, rest: 800 };
/** Common words, evenly spread, that make up the bulk of the counts as in real texts. */
const background = Array.from({ length: 50 }, (_, i) => ({ term: `common${i}`, focus: 20, rest: 80 }));

test('a term many customers wrote outranks a term one customer wrote once', () => {
  const rows = [
    ...background,
    { term: 'refund', focus: 40, rest: 5 },
    { term: 'zeppelin', focus: 1, rest: 0 },
  ];
  const ranked = weightedLogOdds(rows, totals);
  const z = Object.fromEntries(ranked.map((r) => [r.term, r.z]));
  expect(ranked[0]?.term).toBe('refund');
  expect(z.refund).toBeGreaterThan(1.96);
  expect(z.zeppelin).toBeLessThan(z.refund as number);
  expect(Math.abs(z.zeppelin as number)).toBeLessThan(1.96);
});

test('a term spread like the texts does not stand out; one the focus avoids is negative', () => {
  const rows = [
    ...background,
    { term: 'even', focus: 30, rest: 120 },
    { term: 'absent', focus: 1, rest: 60 },
  ];
  const z = Object.fromEntries(weightedLogOdds(rows, totals).map((r) => [r.term, r.z]));
  expect(Math.abs(z.even as number)).toBeLessThan(0.5);
  expect(z.absent).toBeLessThan(-1.96);
});

test('no counts, no signal', () => {
  expect(weightedLogOdds([{ term: 'a', focus: 0, rest: 0 }], { focus: 0, rest: 0 })).toEqual([
    { term: 'a', z: 0 },
  ]);
  expect(weightedLogOdds([{ term: 'a', focus: 0, rest: 0 }], { focus: 10, rest: 10 })).toEqual([
    { term: 'a', z: 0 },
  ]);
});

test('themes group the terms that occur in the same texts, each term once', () => {
  const texts: Record<string, string[]> = {
    refund: ['1', '2', '3', '4'],
    'money back': ['1', '2', '3'],
    'wait refund': ['2', '3', '4'],
    courier: ['5', '6', '7'],
    parcel: ['5', '6', '7', '8'],
    friendly: ['9'],
    late: ['5', '6', '1'],
  };
  const textsOf = (term: string) => new Set(texts[term] ?? []);
  const themes = suggestThemes(Object.keys(texts), textsOf);
  expect(themes).toEqual([
    ['refund', 'money back', 'wait refund'],
    ['courier', 'parcel', 'late'],
  ]);
  expect(suggestThemes(Object.keys(texts), textsOf, { minJaccard: 0.9 })).toEqual([]);
  expect(suggestThemes(Object.keys(texts), textsOf, { maxThemes: 1 })).toHaveLength(1);
  expect(jaccard(new Set(['1', '2']), new Set(['2', '3']))).toBeCloseTo(1 / 3);
});
