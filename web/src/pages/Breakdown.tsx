import { useMemo } from 'react';
import { call, client, kpiValue, useApi } from '../api.js';
import { targetFor, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { Chart, type ChartOption, TARGET_COLOUR } from '../components/Chart.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { csvFileName, downloadText, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { formatChange, formatCount, formatValue, plainValue } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { KpiControls, useViewOptions } from '../kpi-controls.js';
import { useLabels } from '../labels.js';
import { Link, navigate } from '../router.js';
import { axisFormatter } from './Trends.js';

export function Breakdown() {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  usePageTitle(t('nav.breakdown'));
  const { catalog, status } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const options = useViewOptions(catalog, 'frt');
  const kpi = options.kpi;
  const split =
    options.split ?? (kpi.dimensions.includes('channel') ? 'channel' : (kpi.dimensions[0] ?? 'channel'));

  const query = {
    kpis: [kpi.id],
    ...dash.base,
    by: [split as 'channel'],
    compare: true,
    ...(options.stat ? { stat: options.stat } : {}),
    ...(options.hours ? { hours: options.hours } : {}),
  };
  const result = useApi(status.empty ? null : JSON.stringify(query), (signal) =>
    call(client.api.kpi.query.$post({ json: query }, { init: { signal } })),
  );

  const bars = useMemo(() => {
    if (result.state !== 'ok') return [];
    return result.data.rows
      .map((row) => {
        const raw = row[split];
        const key = raw === null || raw === undefined ? null : String(raw);
        return { key, name: labels.value(split, key), value: kpiValue(row, kpi.id) };
      })
      .filter((b) => b.value && b.value.n > 0)
      .sort(
        (a, b) => (b.value?.value ?? Number.NEGATIVE_INFINITY) - (a.value?.value ?? Number.NEGATIVE_INFINITY),
      );
  }, [result, split, labels, kpi.id]);

  if (status.empty) return <NoData />;

  const fmt = axisFormatter(locale, kpi.format);
  const target = targetFor(catalog.targets, kpi.id, dash.filters.channel);
  const drill = (key: string | null) =>
    can.drillDown && kpi.drillDown && key !== null
      ? drillHref(dash, {
          kpi: kpi.id,
          dims: { [split]: key },
          ...(options.hours ? { hours: options.hours } : {}),
        })
      : null;

  // Bars read top-down from the largest value: ECharts draws category axes bottom-up.
  const shown = [...bars].reverse();
  const chartOption: ChartOption = {
    grid: { left: 150, right: 60, top: 20, bottom: 30 },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : '—') },
    xAxis: { type: 'value', axisLabel: { formatter: fmt } },
    yAxis: {
      type: 'category',
      data: shown.map((b) => b.name),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: kpiName(kpi.id),
        itemStyle: { color: '#1f5fa8' },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => fmt(p.value) },
        data: shown.map((b) => b.value?.value ?? null),
        markLine: target
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: TARGET_COLOUR, type: 'dashed', width: 2 },
              label: { formatter: `${t('target.label')}: ${fmt(target.value)}` },
              data: [{ xAxis: target.value }],
            }
          : undefined,
      },
    ],
  };

  const exportView = () => {
    const header = [split, `${split}_name`, kpi.id, `${kpi.id}_n`, 'low', 'high', 'previous'];
    const rows = bars.map((b) => [
      b.key,
      b.name,
      plainValue(kpi.format, b.value?.value),
      b.value?.n ?? 0,
      plainValue(kpi.format, b.value?.low),
      plainValue(kpi.format, b.value?.high),
      plainValue(kpi.format, b.value?.previous?.value),
    ]);
    downloadText(csvFileName(`breakdown-${kpi.id}-by-${split}`, dash.range), toCsv(header, rows));
  };

  const title = t('breakdown.title', { name: kpiName(kpi.id), dimension: labels.dimension(split) });
  return (
    <>
      <div className="page-head">
        <h1>{t('nav.breakdown')}</h1>
        <div className="page-actions">
          {can.exportData && bars.length > 0 ? (
            <button type="button" className="secondary" onClick={exportView}>
              {t('action.exportView')}
            </button>
          ) : null}
        </div>
      </div>
      <FilterBar />
      <section className="panel" aria-labelledby="breakdown-title">
        <KpiControls
          catalog={catalog}
          options={{ ...options, split }}
          split
          splitLabel="control.by"
          allowNoSplit={false}
        />
        <h2 id="breakdown-title">{title}</h2>
        <p className="hint">{kpiDefinition(kpi.id)}</p>
        {result.state === 'loading' ? <Loading /> : null}
        {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
        {result.state === 'ok' && bars.length === 0 ? <EmptyFilters /> : null}
        {result.state === 'ok' && bars.length > 0 ? (
          <>
            <Chart
              option={chartOption}
              label={title}
              height={Math.max(200, bars.length * 34 + 60)}
              testId="breakdown-chart"
              onClick={(c) => {
                const href = drill(shown[c.dataIndex]?.key ?? null);
                if (href) navigate(href);
              }}
            />
            <div className="table-wrap">
              <table data-testid="breakdown-table">
                <caption>{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{labels.dimension(split)}</th>
                    <th scope="col" className="num">
                      {kpiName(kpi.id)}
                    </th>
                    <th scope="col" className="num">
                      {t('column.n')}
                    </th>
                    <th scope="col" className="num">
                      {t('column.interval')}
                    </th>
                    <th scope="col" className="num">
                      {t('column.change')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {bars.map((b) => {
                    const href = drill(b.key);
                    const text = formatValue(locale, kpi.format, b.value?.value);
                    const change = formatChange(
                      locale,
                      kpi.format,
                      kpi.better,
                      b.value?.value,
                      b.value?.previous?.value,
                      kpi.format === 'percent' ? t('unit.pp') : t('unit.points'),
                    );
                    return (
                      <tr key={b.key ?? ''}>
                        <th scope="row">{b.name}</th>
                        <td className="num">
                          {href ? (
                            <Link to={href} aria-label={t('drill.linkLabel', { name: b.name, value: text })}>
                              {text}
                            </Link>
                          ) : (
                            text
                          )}
                        </td>
                        <td className="num">{formatCount(locale, b.value?.n ?? 0)}</td>
                        <td className="num">
                          {b.value?.low != null && b.value.high != null
                            ? `${formatValue(locale, kpi.format, b.value.low)} – ${formatValue(locale, kpi.format, b.value.high)}`
                            : '—'}
                        </td>
                        <td className={`num change ${change?.tone ?? 'same'}`}>{change?.text ?? '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </section>
    </>
  );
}
