import { useId, useMemo } from 'react';
import { addDays, anchoredAtData } from '../../../src/core/presets.js';
import { useAppData, useCan, useDashboardFilters } from '../app-data.js';
import {
  DEFAULT_PRESET,
  type Filters,
  isRelativePreset,
  PRESETS,
  type Preset,
  presetAnchor,
  writeFilters,
} from '../filters.js';
import { formatDay } from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { SaveView } from '../pages/dashboards/SaveView.js';
import { useSearchParams } from '../router.js';
import { MultiPicker } from './MultiPicker.js';

function timeZones(current: string): string[] {
  try {
    const all = Intl.supportedValuesOf('timeZone');
    return all.includes(current) ? all : [current, ...all];
  } catch {
    return [current, 'UTC'];
  }
}

/** `from` to `to` (both inclusive) as the locale writes a span of days, the year once if shared. */
function formatDayRange(locale: string, from: string, to: string): string {
  const format = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  return format.formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
}

/** Date range, time zone and dimension filters of every data view, kept in the URL. */
export function FilterBar({
  dimensions = ['channel', 'team', 'agent', 'topic'],
}: {
  /** The dimension pickers this view honours. */
  dimensions?: readonly ('channel' | 'team' | 'agent' | 'topic')[];
} = {}) {
  const { t, locale } = useI18n();
  const { filterValues, status } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const { filters, range, defaultTimeZone } = useDashboardFilters();
  const [, update] = useSearchParams();
  const id = useId();
  const zones = useMemo(() => timeZones(filters.timezone), [filters.timezone]);
  const anchor = presetAnchor(status.to, filters.timezone);
  // A preset that ends at old data rather than today says so: "last 90 days" is then not the
  // 90 days a reader counts back from today.
  const newestDay =
    range && isRelativePreset(filters.preset) && anchoredAtData(anchor, filters.timezone)
      ? addDays(anchor, -1)
      : null;

  const set = (next: Partial<Filters>) =>
    update((p) => {
      writeFilters(p, { ...filters, ...next }, defaultTimeZone);
      p.delete('page');
    });

  const setPreset = (preset: Preset) => {
    if (preset === 'custom') {
      set({ preset, from: range?.from ?? filters.from, to: range?.to ?? filters.to });
    } else {
      set({ preset, from: undefined, to: undefined });
    }
  };

  const anyFilter =
    filters.preset !== DEFAULT_PRESET ||
    filters.timezone !== defaultTimeZone ||
    filters.channel.length + filters.team.length + filters.agent.length + filters.topic.length > 0;

  return (
    <search className="filter-bar" aria-label={t('filter.label')} data-testid="filter-bar">
      <div className="field">
        <label htmlFor={`${id}-preset`}>{t('filter.period')}</label>
        <select
          id={`${id}-preset`}
          value={filters.preset}
          onChange={(e) => setPreset(e.target.value as Preset)}
        >
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`preset.${p}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {filters.preset === 'custom' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('filter.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={filters.from ?? ''}
              max={filters.to}
              onChange={(e) => e.target.value && set({ from: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('filter.toInclusive')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={filters.to ? addDays(filters.to, -1) : ''}
              min={filters.from}
              onChange={(e) => e.target.value && set({ to: addDays(e.target.value, 1) })}
            />
          </div>
        </>
      ) : null}
      {dimensions.includes('channel') ? (
        <MultiPicker
          label={labels.dimension('channel')}
          testId="filter-channel"
          options={filterValues.channel.map((v) => ({ value: v, label: labels.value('channel', v) }))}
          selected={filters.channel}
          onChange={(channel) => set({ channel })}
        />
      ) : null}
      {can.teamFilter && dimensions.includes('team') ? (
        <MultiPicker
          label={labels.dimension('team')}
          testId="filter-team"
          options={filterValues.team.map((v) => ({ value: v.id, label: v.name ?? v.id }))}
          selected={filters.team}
          onChange={(team) => set({ team })}
        />
      ) : null}
      {can.byAgent && dimensions.includes('agent') ? (
        <MultiPicker
          label={labels.dimension('agent')}
          testId="filter-agent"
          options={filterValues.agent
            .filter(
              (a) => filters.team.length === 0 || (a.teamId !== null && filters.team.includes(a.teamId)),
            )
            .map((v) => ({ value: v.id, label: v.name ?? v.id }))}
          selected={filters.agent}
          onChange={(agent) => set({ agent })}
        />
      ) : null}
      {dimensions.includes('topic') ? (
        <MultiPicker
          label={labels.dimension('topic')}
          testId="filter-topic"
          options={filterValues.topic.map((v) => ({ value: v, label: v }))}
          selected={filters.topic}
          onChange={(topic) => set({ topic })}
        />
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-tz`}>{t('filter.timezone')}</label>
        <select id={`${id}-tz`} value={filters.timezone} onChange={(e) => set({ timezone: e.target.value })}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z === defaultTimeZone ? t('time.teamZone', { zone: z }) : z}
            </option>
          ))}
        </select>
      </div>
      <p className="range-text" aria-live="polite" data-testid="range-text">
        {range && newestDay
          ? t('time.endsAtData', {
              range: formatDayRange(locale, range.from, addDays(range.to, -1)),
              newest: formatDay(locale, newestDay),
            })
          : range
            ? t('filter.rangeText', {
                from: formatDay(locale, range.from),
                to: formatDay(locale, addDays(range.to, -1)),
              })
            : t('filter.rangeAll')}
      </p>
      {anyFilter ? (
        <button
          type="button"
          className="link"
          onClick={() =>
            update((p) => {
              for (const k of ['preset', 'from', 'to', 'tz', 'channel', 'team', 'agent', 'topic', 'page'])
                p.delete(k);
            })
          }
        >
          {t('filter.reset')}
        </button>
      ) : null}
      <SaveView />
    </search>
  );
}
