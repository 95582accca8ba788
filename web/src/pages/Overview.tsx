import { useMemo } from 'react';
import { OVERVIEW_KPIS } from '../../../src/core/kpi/overview.js';
import { type CatalogKpi, call, client, type KpiResult, kpiValue, useApi } from '../api.js';
import { findKpi, meetsTarget, targetFor, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { Notices } from '../components/Notices.js';
import { Sparkline } from '../components/Sparkline.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { csvFileName, downloadText, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { defaultGrain } from '../filters.js';
import { formatChange, formatCount, formatValue, plainValue } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';

export function Overview() {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  usePageTitle(t('nav.overview'));
  const { catalog, status } = useAppData();
  const can = useCan();
  const dash = useDashboardFilters();
  const kpis = OVERVIEW_KPIS.map((id) => findKpi(catalog, id)).filter((k): k is CatalogKpi => !!k);
  const ids = kpis.map((k) => k.id);
  // Sparklines need enough points to show a shape without being noise.
  const grain = dash.range ? defaultGrain(dash.range, can.hourGrain) : 'week';

  const totalsQuery = { kpis: ids, ...dash.base, compare: true };
  const seriesQuery = { kpis: ids, ...dash.base, grain };
  const totals = useApi(status.empty ? null : JSON.stringify(totalsQuery), (signal) =>
    call(client.api.kpi.query.$post({ json: totalsQuery }, { init: { signal } })),
  );
  const series = useApi(status.empty ? null : JSON.stringify(seriesQuery), (signal) =>
    call(client.api.kpi.query.$post({ json: seriesQuery }, { init: { signal } })),
  );

  const spark = useMemo(() => {
    const out = new Map<string, (number | null)[]>();
    if (series.state !== 'ok') return out;
    for (const k of ids)
      out.set(
        k,
        series.data.rows.map((r) => kpiValue(r, k)?.value ?? null),
      );
    return out;
  }, [series, ids]);

  if (status.empty) return <NoData />;

  const exportView = (result: KpiResult) => {
    const row = result.rows[0];
    const header = [
      'kpi',
      'name',
      'value',
      'n',
      'low',
      'high',
      'previous_value',
      'previous_n',
      'target',
      'unit',
    ];
    const rows = kpis.map((k) => {
      const v = kpiValue(row, k.id);
      const target = targetFor(catalog.targets, k.id, dash.filters.channel);
      return [
        k.id,
        kpiName(k.id),
        plainValue(k.format, v?.value),
        v?.n ?? null,
        plainValue(k.format, v?.low),
        plainValue(k.format, v?.high),
        plainValue(k.format, v?.previous?.value),
        v?.previous?.n ?? null,
        target ? plainValue(k.format, target.value) : null,
        k.format === 'percent' ? '%' : k.unit,
      ];
    });
    downloadText(csvFileName('overview', result.range), toCsv(header, rows));
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('nav.overview')}</h1>
        <div className="page-actions">
          {can.exportData && totals.state === 'ok' ? (
            <button type="button" className="secondary" onClick={() => exportView(totals.data)}>
              {t('action.exportView')}
            </button>
          ) : null}
        </div>
      </div>
      <FilterBar />
      {totals.state === 'loading' ? <Loading /> : null}
      {totals.state === 'error' ? <ErrorState error={totals.error} onRetry={totals.reload} /> : null}
      {totals.state === 'ok' ? (
        <>
          <Notices notices={totals.data.notices} />
          {kpis.every((k) => {
            const v = kpiValue(totals.data.rows[0], k.id);
            return (v?.n ?? 0) === 0 && !v?.withheld;
          }) ? (
            <EmptyFilters />
          ) : null}
          <ul className="tiles" aria-busy={totals.stale} data-testid="tiles">
            {kpis.map((k) => {
              const v = kpiValue(totals.data.rows[0], k.id);
              const target = targetFor(catalog.targets, k.id, dash.filters.channel);
              const met = target ? meetsTarget(k, v?.value ?? null, target.value) : null;
              const change = formatChange(
                locale,
                k.format,
                k.better,
                v?.value,
                v?.previous?.value,
                k.format === 'percent' ? t('unit.pp') : t('unit.points'),
              );
              const name = kpiName(k.id);
              const value = v?.withheld ? t('value.withheld') : formatValue(locale, k.format, v?.value);
              return (
                <li
                  key={k.id}
                  className="tile"
                  data-testid={`tile-${k.id}`}
                  aria-labelledby={`tile-${k.id}-name`}
                >
                  <h3 id={`tile-${k.id}-name`}>{name}</h3>
                  <div className="value">
                    {can.drillDown && k.drillDown && (v?.n ?? 0) > 0 ? (
                      <Link
                        to={drillHref(dash, { kpi: k.id })}
                        aria-label={t('tile.drill', { name, value })}
                        data-testid={`tile-${k.id}-drill`}
                      >
                        {value}
                      </Link>
                    ) : (
                      value
                    )}
                  </div>
                  <div className="meta">
                    {v?.withheld
                      ? t('value.withheldWhy')
                      : t('value.n', { n: formatCount(locale, v?.n ?? 0) })}
                    {v?.low != null && v.high != null
                      ? ` · ${t('value.interval', {
                          low: formatValue(locale, k.format, v.low),
                          high: formatValue(locale, k.format, v.high),
                        })}`
                      : null}
                  </div>
                  {v?.withheld ? null : (
                    <>
                      <div className="tile-foot">
                        {change ? (
                          <span className={`change ${change.tone}`}>
                            <span aria-hidden="true">
                              {change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '■'}
                            </span>{' '}
                            {t('tile.change', { change: change.text })}
                            <span className="visually-hidden"> ({t(`tone.${change.tone}`)})</span>
                          </span>
                        ) : (
                          <span className="change same">{t('tile.noPrevious')}</span>
                        )}
                        {target && met !== null ? (
                          <span className={`status ${met ? 'met' : 'missed'}`}>
                            {t(met ? 'target.met' : 'target.missed', {
                              target: formatValue(locale, k.format, target.value),
                            })}
                          </span>
                        ) : null}
                      </div>
                      <Sparkline values={spark.get(k.id) ?? []} />
                    </>
                  )}
                  <div className="tile-foot">
                    <details className="definition">
                      <summary>{t('tile.definition')}</summary>
                      <p>{kpiDefinition(k.id)}</p>
                    </details>
                    <Link to={`/trends?${trendParams(k.id)}`} className="info">
                      {t('tile.trend')}
                    </Link>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </>
  );
}

function trendParams(kpi: string): string {
  const p = new URLSearchParams(window.location.search);
  for (const k of ['kpi', 'split', 'grain', 'stat', 'hours']) p.delete(k);
  p.set('kpi', kpi);
  return p.toString();
}
