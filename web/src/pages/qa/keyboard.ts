/**
 * The review screen's keyboard: which key does what, decided apart from the page so that the
 * rules (a scale's own digits, text fields keeping their keys) are tested without a browser.
 */
import type { QaScale } from '../../../../src/core/qa/scorecard.js';

export type ReviewKeyAction =
  | { type: 'move'; delta: 1 | -1 }
  | { type: 'rate'; rating: number }
  | { type: 'notApplicable' }
  | { type: 'comment' }
  | { type: 'quote' }
  | { type: 'submit' }
  | { type: 'help' }
  | { type: 'leaveField' };

export interface ReviewKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The key was typed into a text field, a select or a button that uses it itself. */
  inField: boolean;
}

export interface FocusedCategory {
  scale: QaScale;
  allowNotApplicable: boolean;
  last: boolean;
}

/** The shortcuts as the help lists them, in order; the labels are message keys' suffixes. */
export const SHORTCUTS = [
  { keys: ['j', '↓'], help: 'next' },
  { keys: ['k', '↑'], help: 'previous' },
  { keys: ['1', '2', '3', '4', '5'], help: 'rate' },
  { keys: ['p', 'f', '0'], help: 'passFail' },
  { keys: ['n'], help: 'notApplicable' },
  { keys: ['c'], help: 'comment' },
  { keys: ['q'], help: 'quote' },
  { keys: ['Enter'], help: 'enter' },
  { keys: ['Ctrl+Enter'], help: 'submit' },
  { keys: ['?'], help: 'help' },
  { keys: ['Esc'], help: 'escape' },
] as const;

/** The rating a key gives on a scale, or null when the key is not one of the scale's points. */
export function ratingForKey(key: string, scale: QaScale): number | null {
  if (scale === 'pass_fail') {
    if (key === 'p' || key === '1') return 1;
    if (key === 'f' || key === '0') return 0;
    return null;
  }
  const max = scale === '1-3' ? 3 : 5;
  if (!/^[1-9]$/.test(key)) return null;
  const digit = Number(key);
  return digit <= max ? digit : null;
}

/**
 * What a key press does on the review screen with `focused` the category in focus (null when none
 * is). Keys with Alt or Meta belong to the browser; inside a text field only Ctrl+Enter (submit) and
 * Escape (back to the categories) act, so that a comment can hold any letter.
 */
export function reviewKeyAction(press: ReviewKey, focused: FocusedCategory | null): ReviewKeyAction | null {
  if (press.altKey || press.metaKey) return null;
  if (press.key === 'Enter' && press.ctrlKey) return { type: 'submit' };
  if (press.inField) return press.key === 'Escape' ? { type: 'leaveField' } : null;
  if (press.ctrlKey) return null;
  switch (press.key) {
    case 'j':
    case 'ArrowDown':
      return { type: 'move', delta: 1 };
    case 'k':
    case 'ArrowUp':
      return { type: 'move', delta: -1 };
    case '?':
      return { type: 'help' };
    case 'Enter':
      if (!focused) return null;
      return focused.last ? { type: 'submit' } : { type: 'move', delta: 1 };
    default:
      break;
  }
  if (!focused) return null;
  switch (press.key) {
    case 'n':
      return focused.allowNotApplicable ? { type: 'notApplicable' } : null;
    case 'c':
      return { type: 'comment' };
    case 'q':
      return { type: 'quote' };
    default: {
      const rating = ratingForKey(press.key, focused.scale);
      return rating === null ? null : { type: 'rate', rating };
    }
  }
}
