import type { ReactNode } from 'react';
import { canSeeWords } from './view.js';
import { Words } from './Words.js';

/** The "What customers say" page at /words for the roles that read customers' words; null otherwise (not found). */
export function wordsPage(segments: readonly string[], role: string): ReactNode | null {
  if (segments.length > 0 || !canSeeWords(role)) return null;
  return <Words />;
}
