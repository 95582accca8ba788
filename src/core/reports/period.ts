/**
 * When a scheduled report goes out and which period it reports, read in the recipient's time zone:
 * every step is taken on local dates, so a sending at 08:00 stays at 08:00 across a change of
 * daylight-saving time and a day is a calendar day of 23 or 25 hours when it has them.
 */
import { DateTime } from 'luxon';
import type { ReportDefinition, ReportPeriod } from '../../services/reports/contract.js';

export type ReportSchedule = Pick<ReportDefinition, 'frequency' | 'sendTime' | 'weekday' | 'monthDay'>;

const SEND_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function clockOf(sendTime: string): { hour: number; minute: number } {
  const match = SEND_TIME.exec(sendTime);
  if (!match) throw new Error(`sendTime: expected HH:MM (00:00–23:59), got ${JSON.stringify(sendTime)}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function zoneChecked(timezone: string): string {
  if (!DateTime.now().setZone(timezone).isValid)
    throw new Error(`timezone: not an IANA time zone: ${timezone}`);
  return timezone;
}

/** The day of a schedule's kind a local date belongs to: the date itself, its week's or month's sending day. */
function sendingDayOn(schedule: ReportSchedule, day: DateTime): DateTime {
  switch (schedule.frequency) {
    case 'daily':
      return day;
    case 'weekly': {
      const weekday = schedule.weekday ?? 1;
      if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7)
        throw new Error(`weekday: expected 1 (Monday) to 7 (Sunday), got ${weekday}`);
      return day.startOf('week').plus({ days: weekday - 1 });
    }
    case 'monthly': {
      const monthDay = schedule.monthDay ?? 1;
      if (!Number.isInteger(monthDay) || monthDay < 1 || monthDay > 28)
        throw new Error(`monthDay: expected 1 to 28, got ${monthDay}`);
      return day.startOf('month').plus({ days: monthDay - 1 });
    }
  }
}

function step(schedule: ReportSchedule): { days?: number; months?: number } {
  return schedule.frequency === 'daily'
    ? { days: 1 }
    : schedule.frequency === 'weekly'
      ? { days: 7 }
      : { months: 1 };
}

/** The instant of sending on a local date; a time skipped by a clock change moves to the first after it. */
function instantOn(day: DateTime, clock: { hour: number; minute: number }): DateTime {
  return day.set({ hour: clock.hour, minute: clock.minute, second: 0, millisecond: 0 });
}

const dateOf = (day: DateTime) => day.toFormat('yyyy-LL-dd');

/** The period a sending on a local date reports: the last whole day, ISO week or month before it. */
export function reportedPeriod(
  frequency: ReportSchedule['frequency'],
  sendingDay: string,
  timezone: string,
): ReportPeriod {
  const day = DateTime.fromISO(sendingDay, { zone: timezone }).startOf('day');
  if (!day.isValid) throw new Error(`sending day: expected YYYY-MM-DD, got ${JSON.stringify(sendingDay)}`);
  if (frequency === 'daily') {
    const from = day.minus({ days: 1 });
    return {
      key: dateOf(from),
      from: dateOf(from),
      to: dateOf(day),
      previousFrom: dateOf(from.minus({ days: 1 })),
      timezone,
    };
  }
  if (frequency === 'weekly') {
    const to = day.startOf('week');
    const from = to.minus({ days: 7 });
    return {
      key: from.toFormat("kkkk-'W'WW"),
      from: dateOf(from),
      to: dateOf(to),
      previousFrom: dateOf(from.minus({ days: 7 })),
      timezone,
    };
  }
  const to = day.startOf('month');
  const from = to.minus({ months: 1 });
  return {
    key: from.toFormat('yyyy-LL'),
    from: dateOf(from),
    to: dateOf(to),
    previousFrom: dateOf(from.minus({ months: 1 })),
    timezone,
  };
}

/** The latest scheduled sending at or before `at` in `timezone`, and the period it reports. */
export function lastSending(
  schedule: ReportSchedule,
  timezone: string,
  at: Date,
): { sendAt: Date; period: ReportPeriod } {
  const clock = clockOf(schedule.sendTime);
  const now = DateTime.fromJSDate(at, { zone: zoneChecked(timezone) });
  let day = sendingDayOn(schedule, now.startOf('day'));
  // The sending day of this day's week or month may lie after it (Friday's sending on a Tuesday).
  while (instantOn(day, clock) > now) day = sendingDayOn(schedule, day.minus(step(schedule)));
  return {
    sendAt: instantOn(day, clock).toJSDate(),
    period: reportedPeriod(schedule.frequency, dateOf(day), timezone),
  };
}

/** The first scheduled sending after `after` in `timezone`. */
export function nextSending(schedule: ReportSchedule, timezone: string, after: Date): Date {
  const clock = clockOf(schedule.sendTime);
  const last = DateTime.fromJSDate(lastSending(schedule, timezone, after).sendAt, { zone: timezone });
  const next = sendingDayOn(schedule, last.startOf('day').plus(step(schedule)));
  return instantOn(next, clock).toJSDate();
}
