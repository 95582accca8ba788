import type { MessageKey } from '../../i18n/index.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const NUMBER = /^\d{1,2}$/;
const EVERY = /^\*\/(\d{1,2})$/;

/** A time of day as the reader's language writes it: 02:30, 2:30 AM, … */
function timeOfDay(locale: string, hour: number, minute: number): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 5, hour, minute)),
  );
}

/** A cron weekday (0 or 7 Sunday … 6 Saturday) in the reader's language. */
function weekdayName(locale: string, day: number): string {
  // 4 January 2026 was a Sunday.
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 4 + (day % 7))),
  );
}

/**
 * A five-field cron schedule in words, for the common shapes (every N minutes, hourly, daily,
 * weekdays, weekly, monthly); any other is shown as the schedule itself.
 */
export function scheduleInWords(schedule: string | null, t: Translate, locale: string): string {
  if (schedule === null) return t('jobs.schedule.onDemand');
  const fields = schedule.trim().split(/\s+/);
  const cron = () => t('jobs.schedule.cron', { cron: schedule });
  if (fields.length !== 5) return cron();
  const [minute = '', hour = '', day = '', month = '', weekday = ''] = fields;
  if (month !== '*') return cron();
  const everyMinutes = EVERY.exec(minute);
  if (hour === '*' && day === '*' && weekday === '*') {
    if (minute === '*') return t('jobs.schedule.everyMinute');
    if (everyMinutes) return t('jobs.schedule.everyMinutes', { n: Number(everyMinutes[1]) });
    if (NUMBER.test(minute)) return t('jobs.schedule.hourly', { minute: Number(minute) });
    return cron();
  }
  if (!NUMBER.test(minute) || Number(minute) > 59) return cron();
  const everyHours = EVERY.exec(hour);
  if (everyHours && day === '*' && weekday === '*')
    return t('jobs.schedule.everyHours', { n: Number(everyHours[1]), minute: Number(minute) });
  if (!NUMBER.test(hour) || Number(hour) > 23) return cron();
  const time = timeOfDay(locale, Number(hour), Number(minute));
  if (day === '*' && weekday === '*') return t('jobs.schedule.daily', { time });
  if (day === '*' && weekday === '1-5') return t('jobs.schedule.weekdays', { time });
  if (day === '*' && /^[0-7]$/.test(weekday))
    return t('jobs.schedule.weekly', { weekday: weekdayName(locale, Number(weekday)), time });
  if (NUMBER.test(day) && Number(day) >= 1 && Number(day) <= 31 && weekday === '*')
    return t('jobs.schedule.monthly', { day: Number(day), time });
  return cron();
}
