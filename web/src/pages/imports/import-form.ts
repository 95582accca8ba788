import type { ImportJob } from '../../api.js';

/** A source format the server takes, as GET /api/imports lists it. */
export interface SourceFormatChoice {
  name: string;
  summary: string;
  mapping: 'required' | 'optional' | 'none';
}

/** The query of POST /api/imports for the form's choices: an empty format means "tell from the files". */
export function importQuery(format: string, skipBadRows: boolean): { format?: string; skipBadRows?: 'true' } {
  return { ...(format ? { format } : {}), ...(skipBadRows ? { skipBadRows: 'true' as const } : {}) };
}

/** How far the import is, 0–1, or null while it cannot be told (loading and rebuilding). */
export function progressShare(progress: ImportJob['progress']): number | null {
  if (progress?.phase !== 'check' || progress.totalBytes <= 0) return null;
  return Math.min(1, progress.bytesRead / progress.totalBytes);
}
