/** Whether a number can be a goal for an indicator: a share is a fraction, a duration seconds. */
import type { KpiDefinition } from '../kpi/define.js';

/** No service target is longer than a year: anything longer is a typo for a smaller unit. */
export const MAX_TARGET_SECONDS = 365 * 86_400;

/** Why `value` cannot be the target of `kpi` (the message goes after the field's name), or null. */
export function targetValueIssue(kpi: KpiDefinition, value: number): string | null {
  if (!Number.isFinite(value)) return 'a number is needed';
  if (kpi.format === 'percent' && (value < 0 || value > 1))
    return `${kpi.id} is a share; its target is a fraction from 0 to 1 (0.85 for 85 %), not ${value}`;
  if (kpi.format === 'nps' && (value < -100 || value > 100))
    return `an NPS target is from -100 to 100, not ${value}`;
  if (kpi.format === 'duration' && (value < 0 || value > MAX_TARGET_SECONDS))
    return `${kpi.id} is a duration; its target is in seconds from 0 to ${MAX_TARGET_SECONDS} (a year), not ${value}`;
  if (kpi.format === 'count' && value < 0)
    return `${kpi.id} is a count; its target must not be negative, not ${value}`;
  return null;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
