import type { ValueFormat } from '../../format.js';

/**
 * A figure as the reader types it, in the unit they think in: a share as a percentage (82 for
 * 82 %), everything else in the indicator's own unit. The API stores shares as fractions.
 */
export function storedValue(format: ValueFormat, entered: number): number {
  return format === 'percent' ? Number((entered / 100).toPrecision(15)) : entered;
}

/** The inverse of `storedValue`: what the form shows for a stored figure. */
export function enteredValue(format: ValueFormat, stored: number): number {
  return format === 'percent' ? Number((stored * 100).toPrecision(15)) : stored;
}

/** Why a typed figure cannot be stored, or null when it can. */
export type EntryProblem = 'missing' | 'notANumber' | 'outOfRange';

export function entryProblem(format: ValueFormat, entered: number): EntryProblem | null {
  if (Number.isNaN(entered)) return 'notANumber';
  if (!Number.isFinite(entered)) return 'missing';
  if (format === 'percent' && (entered < 0 || entered > 100)) return 'outOfRange';
  if ((format === 'duration' || format === 'count') && entered < 0) return 'outOfRange';
  return null;
}

/**
 * The id a competitor figure is stored under: one figure per competitor, indicator, year and
 * channel, so entering it again replaces it (`acme-2026-csat-chat`).
 */
export function competitorFigureId(
  name: string,
  kpiId: string,
  year: number,
  channel: string | null,
): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [slug || 'competitor', String(year), kpiId, channel ?? 'all'].join('-');
}

/**
 * The range the comparison is asked for when the filter names none ("all time"): the first day of
 * data up to the day after the last, as calendar days.
 */
export function dataRange(from: string | null, to: string | null): { from: string; to: string } | null {
  if (!from || !to) return null;
  const last = new Date(`${to.slice(0, 10)}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() + 1);
  return { from: from.slice(0, 10), to: last.toISOString().slice(0, 10) };
}
