import type { ReactNode } from 'react';
import { Reports } from './Reports.js';

/**
 * The Reports page at /reports: every role may schedule reports (to themselves at least; each
 * recipient gets only what their role may see); null for an address below it.
 */
export function reportsPage(segments: readonly string[]): ReactNode | null {
  if (segments.length > 0) return null;
  return <Reports />;
}
