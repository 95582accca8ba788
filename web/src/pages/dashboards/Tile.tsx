import { useMemo } from 'react';
import { presetAnchor, presetRange, type RelativePreset } from '../../../../src/core/presets.js';
import { call, client, type KpiQueryInput, kpiValue, useApi } from '../../api.js';
import { findKpi, meetsTarget, targetFor, useAppData } from '../../app-data.js';
import { Chart } from '../../components/Chart.js';
import { ErrorState, Loading } from '../../components/States.js';
import { defaultGrain, type Range } from '../../filters.js';
import { formatValue } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { trendOption } from '../../trends.js';
import { buildSeries } from '../Trends.js';
import type { Dashboard, DashboardTile } from './api.js';

/** The local dates a dashboard shows: its preset counted back from the newest data, or its own dates. */
export function dashboardRange(state: Dashboard['state'], newest: string | null | undefined): Range {
  if ('preset' in state.period)
    return presetRange(state.period.preset as RelativePreset, presetAnchor(newest, state.timezone));
  return { from: state.period.from, to: state.period.to };
}

/** The tile's filters on top of the dashboard's: a dimension the tile names is the tile's. */
export function tileFilters(dashboard: Dashboard['state'], tile: Pick<DashboardTile, 'filters'>) {
  return { ...dashboard.filters, ...tile.filters } as Record<string, string[]>;
}

/**
 * One tile's figures, asked from the KPI endpoint like any page: the server answers each reader what
 * their role may see, so a shared dashboard holds no one else's figures for an agent.
 */
export function TileBody({ tile, state }: { tile: DashboardTile; state: Dashboard['state'] }) {
  const { t, locale, kpiName } = useI18n();
  const { catalog, status } = useAppData();
  const labels = useLabels();
  const kpi = findKpi(catalog, tile.kpi);
  const range = dashboardRange(state, status.to);
  const filters = tileFilters(state, tile);
  const grain = tile.kind === 'chart' ? (tile.grain ?? state.grain ?? defaultGrain(range, false)) : null;
  const query = {
    kpis: [tile.kpi],
    from: range.from,
    to: range.to,
    timezone: state.timezone,
    filters,
    ...(grain ? { grain } : {}),
    by: tile.kind === 'table' ? ['channel'] : tile.kind === 'chart' && tile.split ? [tile.split] : [],
  } as KpiQueryInput;
  const result = useApi(kpi ? JSON.stringify(query) : null, (signal) =>
    call(client.api.kpi.query.$post({ json: query }, { init: { signal } })),
  );
  const channels = filters.channel ?? [];
  const model = useMemo(() => {
    if (result.state !== 'ok' || tile.kind !== 'chart') return null;
    return buildSeries(
      result.data,
      tile.kpi,
      tile.split,
      (d, v) => labels.value(d, v),
      t('series.all'),
      (channel) => targetFor(catalog.targets, tile.kpi, channel ? [channel] : channels)?.value ?? null,
    );
  }, [result, tile.kind, tile.kpi, tile.split, labels, t, catalog.targets, channels]);

  if (!kpi) return <p className="hint">{tile.kpi}</p>;
  if (result.state === 'loading') return <Loading since={result.startedAt} />;
  if (result.state === 'error') return <ErrorState error={result.error} onRetry={result.reload} />;
  const format = kpi.format;
  const show = (v: number | null | undefined) => formatValue(locale, format, v);

  if (tile.kind === 'value') {
    const value = kpiValue(result.data.rows[0], tile.kpi);
    const target = targetFor(catalog.targets, tile.kpi, channels);
    const met = target ? meetsTarget(kpi, value?.value ?? null, target.value) : null;
    return (
      <div className="tile-value" data-testid="tile-value">
        <strong>{value?.value == null ? t('dashboards.noValue') : show(value.value)}</strong>
        {target ? (
          <span className={met === null ? 'target' : met ? 'target met' : 'target missed'}>
            {t('dashboards.target', { value: show(target.value) })}
            {met === null ? null : ` · ${met ? t('dashboards.met') : t('dashboards.missed')}`}
          </span>
        ) : null}
      </div>
    );
  }

  if (tile.kind === 'table') {
    return (
      <table className="tile-table">
        <caption className="visually-hidden">{kpiName(tile.kpi)}</caption>
        <tbody>
          {result.data.rows.map((row) => {
            const v = kpiValue(row, tile.kpi);
            const channel = row.channel as string | null;
            return (
              <tr key={String(channel)}>
                <th scope="row">{labels.value('channel', channel)}</th>
                <td className="num">{v?.value == null ? '—' : show(v.value)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }

  if (!model) return null;
  const option = trendOption({
    periods: model.periods,
    series: model.series,
    format,
    locale,
    targetPerSeries: tile.split === 'channel',
    texts: {
      previous: t('series.previous'),
      target: (value) => `${t('target.label')}: ${value}`,
      smallSample: (n) => t('trends.smallSample', { n }),
      interval: (low, high) => t('value.interval', { low, high }),
    },
  });
  return (
    <Chart
      option={option}
      label={t('chart.trendLabel', { name: kpiName(tile.kpi) })}
      height={tile.height * 150}
      testId="tile-chart"
    />
  );
}
