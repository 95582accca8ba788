import { useEffect, useId, useState } from 'react';
import { useAppData } from '../../app-data.js';
import { formatDay } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useSearchParams } from '../../router.js';
import { addDays, isDay, localClock, mondayOf } from './schedule-grid.js';

/** A wall-clock time `HH:MM` as the locale writes a time of day. */
export function timeLabel(locale: string, time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1, hours ?? 0, minutes ?? 0)),
  );
}

/**
 * The team's "today", `YYYY-MM-DD` in its time zone: today, or the day after the newest data when
 * that is earlier — a database that ends in the past (an archive, the demo) opens on the first
 * week it has no arrivals for, the one a plan is made for, as the other pages anchor on the data.
 */
export function teamToday(zone: string, dataTo: string | null): string {
  const today = localClock(new Date().toISOString(), zone).slice(0, 10);
  if (dataTo === null) return today;
  const afterData = addDays(localClock(dataTo, zone).slice(0, 10), 1);
  // ISO dates compare as strings: the earlier of the two.
  return [afterData, today].sort()[0] ?? today;
}

/**
 * The week the page shows: `?week=<any date of it>` in the address, else this week in the team's
 * time zone, as its Monday.
 */
export function useWeek(): [string, (monday: string) => void] {
  const { status } = useAppData();
  const [params, update] = useSearchParams();
  const asked = params.get('week');
  const monday = mondayOf(isDay(asked) ? asked : teamToday(status.timezone, status.to));
  return [monday, (next) => update((p) => p.set('week', next), true)];
}

/** A date picker for the week with previous, this and next week beside it. */
export function WeekPicker({ monday, onChange }: { monday: string; onChange: (monday: string) => void }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const id = useId();
  const [typed, setTyped] = useState(monday);
  useEffect(() => setTyped(monday), [monday]);
  return (
    <div className="field wf-week">
      <label htmlFor={`${id}-week`}>{t('workforce.field.week')}</label>
      <div className="wf-week-row">
        <button
          type="button"
          className="secondary"
          onClick={() => onChange(addDays(monday, -7))}
          aria-label={t('workforce.week.previous')}
          data-testid="week-previous"
        >
          ‹
        </button>
        <input
          id={`${id}-week`}
          type="date"
          value={typed}
          data-testid="week-input"
          onChange={(e) => {
            setTyped(e.target.value);
            if (isDay(e.target.value)) onChange(mondayOf(e.target.value));
          }}
        />
        <button
          type="button"
          className="secondary"
          onClick={() => onChange(addDays(monday, 7))}
          aria-label={t('workforce.week.next')}
          data-testid="week-next"
        >
          ›
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => onChange(mondayOf(teamToday(status.timezone, status.to)))}
        >
          {t('workforce.week.this')}
        </button>
      </div>
      <span className="hint">
        {t('workforce.week.range', {
          from: formatDay(locale, monday),
          to: formatDay(locale, addDays(monday, 6)),
        })}
      </span>
    </div>
  );
}

/** A value after it has stayed the same for `ms`: what-if typing recomputes once the typing pauses. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
