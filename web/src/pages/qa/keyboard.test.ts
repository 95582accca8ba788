import { describe, expect, it } from 'vitest';
import { type FocusedCategory, type ReviewKey, ratingForKey, reviewKeyAction } from './keyboard.js';

const press = (key: string, extra: Partial<ReviewKey> = {}): ReviewKey => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...extra,
});
const fivePoint: FocusedCategory = { scale: '1-5', allowNotApplicable: true, last: false };

describe('ratingForKey', () => {
  it('takes a scale’s own digits only', () => {
    expect(ratingForKey('4', '1-5')).toBe(4);
    expect(ratingForKey('4', '1-3')).toBeNull();
    expect(ratingForKey('3', '1-3')).toBe(3);
    expect(ratingForKey('0', '1-5')).toBeNull();
    expect(ratingForKey('x', '1-5')).toBeNull();
  });

  it('reads pass/fail from p, f, 1 and 0', () => {
    expect(ratingForKey('p', 'pass_fail')).toBe(1);
    expect(ratingForKey('1', 'pass_fail')).toBe(1);
    expect(ratingForKey('f', 'pass_fail')).toBe(0);
    expect(ratingForKey('0', 'pass_fail')).toBe(0);
    expect(ratingForKey('2', 'pass_fail')).toBeNull();
  });
});

describe('reviewKeyAction', () => {
  it('moves with j/k and the arrows, with or without a focused category', () => {
    expect(reviewKeyAction(press('j'), null)).toEqual({ type: 'move', delta: 1 });
    expect(reviewKeyAction(press('ArrowDown'), fivePoint)).toEqual({ type: 'move', delta: 1 });
    expect(reviewKeyAction(press('k'), fivePoint)).toEqual({ type: 'move', delta: -1 });
    expect(reviewKeyAction(press('ArrowUp'), null)).toEqual({ type: 'move', delta: -1 });
  });

  it('rates the focused category on its scale', () => {
    expect(reviewKeyAction(press('5'), fivePoint)).toEqual({ type: 'rate', rating: 5 });
    expect(reviewKeyAction(press('f'), { ...fivePoint, scale: 'pass_fail' })).toEqual({
      type: 'rate',
      rating: 0,
    });
    expect(reviewKeyAction(press('5'), { ...fivePoint, scale: '1-3' })).toBeNull();
    expect(reviewKeyAction(press('5'), null)).toBeNull();
  });

  it('marks not applicable only where the category allows it', () => {
    expect(reviewKeyAction(press('n'), fivePoint)).toEqual({ type: 'notApplicable' });
    expect(reviewKeyAction(press('n'), { ...fivePoint, allowNotApplicable: false })).toBeNull();
  });

  it('opens the comment, attaches a quote, shows the help', () => {
    expect(reviewKeyAction(press('c'), fivePoint)).toEqual({ type: 'comment' });
    expect(reviewKeyAction(press('q'), fivePoint)).toEqual({ type: 'quote' });
    expect(reviewKeyAction(press('?'), null)).toEqual({ type: 'help' });
  });

  it('submits with Enter on the last category and with Ctrl+Enter anywhere, moves on with Enter before', () => {
    expect(reviewKeyAction(press('Enter'), fivePoint)).toEqual({ type: 'move', delta: 1 });
    expect(reviewKeyAction(press('Enter'), { ...fivePoint, last: true })).toEqual({ type: 'submit' });
    expect(reviewKeyAction(press('Enter', { ctrlKey: true }), fivePoint)).toEqual({ type: 'submit' });
    expect(reviewKeyAction(press('Enter', { ctrlKey: true, inField: true }), null)).toEqual({
      type: 'submit',
    });
  });

  it('leaves a text field its letters and digits; Escape goes back to the categories', () => {
    for (const key of ['j', '3', 'n', 'c', 'q', '?', 'Enter'])
      expect(reviewKeyAction(press(key, { inField: true }), fivePoint), key).toBeNull();
    expect(reviewKeyAction(press('Escape', { inField: true }), fivePoint)).toEqual({ type: 'leaveField' });
  });

  it('leaves the browser its own shortcuts', () => {
    expect(reviewKeyAction(press('k', { ctrlKey: true }), fivePoint)).toBeNull();
    expect(reviewKeyAction(press('1', { altKey: true }), fivePoint)).toBeNull();
    expect(reviewKeyAction(press('Enter', { metaKey: true }), fivePoint)).toBeNull();
  });
});
