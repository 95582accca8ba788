import { useId } from 'react';
import type { Catalog, CatalogKpi } from './api.js';
import { useCan } from './app-data.js';
import { type MessageKey, useI18n } from './i18n/index.js';
import { useLabels } from './labels.js';
import { useSearchParams } from './router.js';

/** View options kept in the URL next to the filters: `?kpi=frt&grain=week&stat=p90&hours=calendar`. */
export interface ViewOptions {
  kpi: CatalogKpi;
  grain: string | null;
  stat: 'median' | 'p90' | 'mean' | null;
  hours: 'business' | 'calendar' | null;
  split: string | null;
}

export function useViewOptions(
  catalog: Catalog,
  fallbackKpi: string,
  kpiIds?: readonly string[],
): ViewOptions {
  const [params] = useSearchParams();
  const allowed = kpiIds ? catalog.kpis.filter((k) => kpiIds.includes(k.id)) : catalog.kpis;
  const kpi =
    allowed.find((k) => k.id === params.get('kpi')) ??
    allowed.find((k) => k.id === fallbackKpi) ??
    (allowed[0] as CatalogKpi);
  const grain = params.get('grain');
  const stat = params.get('stat');
  const hours = params.get('hours');
  const split = params.get('split');
  return {
    kpi,
    grain: grain && catalog.grains.includes(grain as never) ? grain : null,
    stat: kpi.defaultStat && (stat === 'median' || stat === 'p90' || stat === 'mean') ? stat : null,
    hours: kpi.hoursApply && (hours === 'business' || hours === 'calendar') ? hours : null,
    split: split && kpi.dimensions.includes(split as never) ? split : null,
  };
}

/** Indicator, statistic and hours pickers shared by trends and breakdown. */
export function KpiControls({
  catalog,
  options,
  kpiIds,
  grain,
  split,
  splitLabel,
  allowNoSplit = true,
}: {
  catalog: Catalog;
  options: ViewOptions;
  kpiIds?: readonly string[];
  grain?: string;
  split?: boolean;
  splitLabel?: MessageKey;
  allowNoSplit?: boolean;
}) {
  const { t, kpiName } = useI18n();
  const labels = useLabels();
  const can = useCan();
  const [, update] = useSearchParams();
  const id = useId();
  const set = (key: string, value: string | null) =>
    update((p) => {
      if (value === null) p.delete(key);
      else p.set(key, value);
    });
  const kpis = kpiIds ? catalog.kpis.filter((k) => kpiIds.includes(k.id)) : catalog.kpis;
  const dims = options.kpi.dimensions.filter((d) => can.byAgent || d !== 'agent');

  return (
    <div className="field-row view-controls">
      <div className="field">
        <label htmlFor={`${id}-kpi`}>{t('control.kpi')}</label>
        <select
          id={`${id}-kpi`}
          data-testid="kpi-select"
          value={options.kpi.id}
          onChange={(e) =>
            update((p) => {
              p.set('kpi', e.target.value);
              const next = catalog.kpis.find((k) => k.id === e.target.value);
              if (!next?.defaultStat) p.delete('stat');
              if (!next?.hoursApply) p.delete('hours');
              const s = p.get('split');
              if (s && !next?.dimensions.includes(s as never)) p.delete('split');
            })
          }
        >
          {kpis.map((k) => (
            <option key={k.id} value={k.id}>
              {kpiName(k.id)}
            </option>
          ))}
        </select>
      </div>
      {grain !== undefined ? (
        <div className="field">
          <label htmlFor={`${id}-grain`}>{t('control.grain')}</label>
          <select id={`${id}-grain`} value={grain} onChange={(e) => set('grain', e.target.value)}>
            {catalog.grains
              .filter((g) => can.hourGrain || g !== 'hour')
              .map((g) => (
                <option key={g} value={g}>
                  {t(`grain.${g}` as MessageKey)}
                </option>
              ))}
          </select>
        </div>
      ) : null}
      {options.kpi.defaultStat ? (
        <div className="field">
          <label htmlFor={`${id}-stat`}>{t('control.stat')}</label>
          <select
            id={`${id}-stat`}
            value={options.stat ?? options.kpi.defaultStat}
            onChange={(e) => set('stat', e.target.value)}
          >
            {catalog.stats.map((s) => (
              <option key={s} value={s}>
                {t(`stat.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {options.kpi.hoursApply ? (
        <div className="field">
          <label htmlFor={`${id}-hours`}>{t('control.hours')}</label>
          <select
            id={`${id}-hours`}
            value={options.hours ?? options.kpi.defaultHours}
            onChange={(e) => set('hours', e.target.value)}
          >
            <option value="business">{t('hours.business')}</option>
            <option value="calendar">{t('hours.calendar')}</option>
          </select>
        </div>
      ) : null}
      {split ? (
        <div className="field">
          <label htmlFor={`${id}-split`}>{t(splitLabel ?? 'control.split')}</label>
          <select
            id={`${id}-split`}
            data-testid="split-select"
            value={options.split ?? ''}
            onChange={(e) => set('split', e.target.value || null)}
          >
            {allowNoSplit ? <option value="">{t('control.noSplit')}</option> : null}
            {dims.map((d) => (
              <option key={d} value={d}>
                {labels.dimension(d)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}
