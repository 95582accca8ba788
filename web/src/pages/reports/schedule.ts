import type { ReportDefinition } from '../../../../src/services/reports/contract.js';
import type { MessageKey } from '../../i18n/index.js';

type Schedule = Pick<ReportDefinition, 'frequency' | 'sendTime' | 'weekday' | 'monthDay'>;
type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function partsIn(instant: number, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** The instant a wall-clock time of a time zone names (the later one when a clock change repeats it). */
function zonedInstant(local: LocalParts, timeZone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let instant = wall;
  // Two rounds settle the offset on both sides of a clock change.
  for (let i = 0; i < 2; i++) {
    const seen = partsIn(instant, timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    instant += wall - seenWall;
  }
  return instant;
}

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
function isoWeekday(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/**
 * The next instant a report goes to a recipient in `timeZone`: its local sending time on the next
 * day, weekday or day of the month that is still ahead of `now`.
 */
export function nextSending(schedule: Schedule, timeZone: string, now: Date): Date {
  const [hour = 0, minute = 0] = schedule.sendTime.split(':').map(Number);
  const today = partsIn(now.getTime(), timeZone);
  // At most one month and a bit ahead: every schedule has a sending in that span.
  for (let ahead = 0; ahead <= 62; ahead++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead));
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (schedule.frequency === 'weekly' && isoWeekday(year, month, day) !== (schedule.weekday ?? 1)) continue;
    if (schedule.frequency === 'monthly' && day !== (schedule.monthDay ?? 1)) continue;
    const instant = zonedInstant({ year, month, day, hour, minute }, timeZone);
    if (instant > now.getTime()) return new Date(instant);
  }
  throw new Error(`no sending within two months for schedule ${JSON.stringify(schedule)}`);
}

/** A time of day `HH:MM` as the reader's language writes it. */
export function timeOfDay(locale: string, time: string): string {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 5, hour, minute)),
  );
}

/** "Every Monday at 08:00" and its kind, in the reader's language. */
export function scheduleInWords(schedule: Schedule, t: Translate, locale: string): string {
  const time = timeOfDay(locale, schedule.sendTime);
  switch (schedule.frequency) {
    case 'daily':
      return t('reports.schedule.daily', { time });
    case 'weekly': {
      // 2024-01-01 was a Monday.
      const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, schedule.weekday ?? 1)),
      );
      return t('reports.schedule.weekly', { weekday, time });
    }
    case 'monthly':
      return t('reports.schedule.monthly', { day: schedule.monthDay ?? 1, time });
  }
}

/** The browser's time zone, UTC where it does not say. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
