import { Cron } from 'croner';
import { isTimeZone } from '../../core/time-zone.js';

/**
 * When jobs run: cron schedules read in the job's own time zone (so "every day at 02:30" stays at
 * 02:30 local across a daylight-saving change; on the night that skips 02:30 it runs at 03:00, and
 * on the night that repeats it, once), and the wait after a failure.
 */

/** Five fields, minute to weekday: a job needs no finer grain, and a seconds field is easily misread. */
function cronOf(schedule: string, timezone: string): Cron {
  return new Cron(schedule, { timezone, paused: true, mode: '5-part' });
}

/** Why a time zone cannot be used, or null when it can. */
export function timeZoneProblem(timezone: string): string | null {
  return isTimeZone(timezone) ? null : `'${timezone}' is not an IANA time zone (such as Europe/Amsterdam)`;
}

/** Why a schedule cannot be used in a known time zone, or null when it can. */
export function scheduleProblem(schedule: string, timezone: string): string | null {
  try {
    const next = cronOf(schedule, timezone).nextRun(new Date());
    if (next === null) return `'${schedule}' never runs`;
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    return `'${schedule}' is not a cron schedule of five fields (minute hour day month weekday): ${reason}`;
  }
}

/** The first scheduled time strictly after `after`; null for a job run only on demand. */
export function nextScheduledRun(schedule: string | null, timezone: string, after: Date): Date | null {
  if (schedule === null) return null;
  return cronOf(schedule, timezone).nextRun(after);
}

/** The first wait after a failure; each further failure in a row doubles it. */
export const FIRST_RETRY_MS = 60_000;
/** No wait after a failure is longer. */
export const LONGEST_RETRY_MS = 3_600_000;

/** The wait after the `attempts`-th failure in a row: 1 min, 2, 4, … up to 1 h. */
export function retryDelayMs(attempts: number): number {
  const doublings = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(FIRST_RETRY_MS * 2 ** doublings, LONGEST_RETRY_MS);
}

/**
 * When a job that failed runs again: after its back-off, but never later than its next scheduled
 * run (a schedule more frequent than the back-off keeps its own rhythm). A job run only on demand
 * is not retried by itself: the failure is shown, and whoever runs it decides when to try again.
 */
export function retryAt(
  attempts: number,
  schedule: string | null,
  timezone: string,
  failedAt: Date,
): Date | null {
  const scheduled = nextScheduledRun(schedule, timezone, failedAt);
  if (scheduled === null) return null;
  const backedOff = new Date(failedAt.getTime() + retryDelayMs(attempts));
  return backedOff < scheduled ? backedOff : scheduled;
}
