import type { ReactNode } from 'react';
import { Benchmarks } from './Benchmarks.js';

/** The Benchmarks page at /benchmarks, for every role; null for an address below it (not found). */
export function benchmarksPage(segments: readonly string[]): ReactNode | null {
  return segments.length > 0 ? null : <Benchmarks />;
}
