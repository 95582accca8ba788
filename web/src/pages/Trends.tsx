import { useMemo } from 'react';
import { MIN_RANKED_N } from '../../../src/core/kpi/samples.js';
import type { Result } from '../../../src/core/result.js';
import { type ApiProblem, call, client, type KpiResult, kpiValue, useApi } from '../api.js';
import { findKpi, targetFor, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { Chart, SERIES_COLOURS } from '../components/Chart.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { Notices } from '../components/Notices.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { csvFileName, downloadText, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { coarserGrain, type Range, trendGrain } from '../filters.js';
import { formatCount, formatPeriod, formatValue } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { KpiControls, useViewOptions } from '../kpi-controls.js';
import { useLabels } from '../labels.js';
import { Link, navigate, useSearchParams } from '../router.js';
import { isTooLarge, type TrendSeries, trendCsv, trendMarks, trendOption } from '../trends.js';
import { baselineFor, baselineLine, periodLabel, withBaselineLine } from './targets/targets.js';

/** One colour each: two series sharing a colour would read as one. */
const MAX_SERIES = SERIES_COLOURS.length;

type Series = TrendSeries;

export { axisFormatter } from '../trends.js';

export function Trends() {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  usePageTitle(t('nav.trends'));
  const { catalog, status } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const options = useViewOptions(catalog, 'frt');
  const kpi = options.kpi;
  const [, updateParams] = useSearchParams();
  // "All time" leaves the range to the server; the data's span stands in for choosing the grain.
  const grainRange = dash.range ?? dataSpan(status.from, status.to);
  const { grain, tooFine } = trendGrain(options.grain, grainRange, can.hourGrain);
  const split = options.split;
  const switchGrain = (next: string) => updateParams((p) => p.set('grain', next));

  const query = {
    kpis: [kpi.id],
    ...dash.base,
    grain: grain as 'day',
    by: split ? [split as 'channel'] : [],
    compare: !split,
    ...(options.stat ? { stat: options.stat } : {}),
    ...(options.hours ? { hours: options.hours } : {}),
  };
  // An answer carries the view it was asked for: while the next indicator or grouping loads, the
  // page shows the previous answer whole (its KPI, grouping and grain) as busy, never its rows
  // read under the new view's names.
  const asked = { kpiId: kpi.id, split, grain, hours: options.hours, stat: options.stat };
  const result = useApi(
    status.empty ? null : JSON.stringify(query),
    async (signal): Promise<Result<KpiResult & { view: typeof asked }, ApiProblem>> => {
      const answer = await call(client.api.kpi.query.$post({ json: query }, { init: { signal } }));
      return answer.ok ? { ok: true, data: { ...answer.data, view: asked } } : answer;
    },
  );

  const answer = result.state === 'ok' ? result.data : null;
  const view = answer?.view ?? asked;
  const shownKpi = findKpi(catalog, view.kpiId) ?? kpi;
  const model = useMemo(() => {
    if (!answer) return null;
    const { kpiId, split: by } = answer.view;
    return buildSeries(
      answer,
      kpiId,
      by,
      (d, v) => labels.value(d, v),
      t('series.all'),
      (channel) =>
        targetFor(catalog.targets, kpiId, channel ? [channel] : dash.filters.channel, {
          teams: dash.filters.team,
          agents: dash.filters.agent,
          range: dash.range,
        })?.value ?? null,
    );
  }, [
    answer,
    labels,
    t,
    catalog.targets,
    dash.filters.channel,
    dash.filters.team,
    dash.filters.agent,
    dash.range,
  ]);
  const busy = answer !== null && result.stale;

  const drill = (periodIndex: number, seriesIndex: number): string | null => {
    if (!model || !can.drillDown || !shownKpi.drillDown) return null;
    const period = model.periods[periodIndex];
    const series = model.series[seriesIndex];
    if (!period || !series) return null;
    return drillHref(dash, {
      kpi: view.kpiId,
      period: { grain: view.grain, key: period },
      ...(view.split && series.key !== null ? { dims: { [view.split]: series.key } } : {}),
      ...(view.hours ? { hours: view.hours } : {}),
    });
  };

  const chartOption = useMemo(
    () =>
      model
        ? withBaselineLine(
            trendOption({
              periods: model.periods.map((p) => formatPeriod(locale, p, view.grain)),
              series: model.series,
              format: shownKpi.format,
              locale,
              targetPerSeries: view.split === 'channel',
              texts: {
                previous: t('series.previous'),
                target: (value, name) =>
                  name === null ? `${t('target.label')}: ${value}` : t('trends.targetOf', { name, value }),
                smallSample: (n) => t('trends.smallSample', { n }),
                interval: (low, high) => t('value.interval', { low, high }),
              },
            }),
            baselineLine(baselineFor(catalog.baselines, view.kpiId, dash.filters), (b) =>
              t('targets.baselines.line', {
                period: periodLabel(b.from, b.to),
                value: formatValue(locale, shownKpi.format, b.value),
              }),
            ),
          )
        : null,
    [model, view.grain, view.kpiId, locale, shownKpi.format, view.split, t, catalog.baselines, dash.filters],
  );

  if (status.empty) return <NoData />;

  const marks = model ? trendMarks(model.series, shownKpi.format) : null;
  const grainName = (g: string) => t(`grain.${g}` as 'grain.day');
  const coarser = coarserGrain(grain);

  const exportView = () => {
    if (!model) return;
    const { header, rows } = trendCsv(model, {
      kpiId: shownKpi.id,
      format: shownKpi.format,
      split: view.split,
    });
    downloadText(csvFileName(`trend-${shownKpi.id}`, dash.range), toCsv(header, rows));
  };

  const title = kpiName(shownKpi.id);
  return (
    <>
      <div className="page-head">
        <h1>{t('nav.trends')}</h1>
        <div className="page-actions">
          {can.exportData && model ? (
            <button type="button" className="secondary" onClick={exportView}>
              {t('action.exportView')}
            </button>
          ) : null}
        </div>
      </div>
      <FilterBar />
      <section className="panel" aria-labelledby="trend-title">
        <KpiControls catalog={catalog} options={options} grain={grain} split />
        <h2 id="trend-title">
          {title}
          {view.stat || shownKpi.defaultStat
            ? ` · ${t(`stat.${view.stat ?? shownKpi.defaultStat}` as 'stat.median')}`
            : ''}
        </h2>
        <p className="hint">{kpiDefinition(shownKpi.id)}</p>
        {tooFine ? (
          <p className="hint trends-grain-note" data-testid="trend-grain-note">
            {t('trends.tooFine', {
              asked: grainName(tooFine.asked),
              points: formatCount(locale, tooFine.points),
              grain: grainName(grain),
            })}
          </p>
        ) : null}
        {result.cancelled ? (
          <div className="state trends-state" role="status" data-testid="trend-cancelled">
            <p>{t('trends.cancelled')}</p>
            <button type="button" onClick={result.reload}>
              {t('trends.runAgain')}
            </button>
          </div>
        ) : result.state === 'loading' || result.stale ? (
          <Loading since={result.startedAt} onCancel={result.cancel} />
        ) : null}
        {result.state === 'error' && !result.stale && !result.cancelled ? (
          isTooLarge(result.error) ? (
            <div className="state state-error trends-state" role="alert" data-testid="trend-too-large">
              <p>
                <strong>{t('trends.tooLarge', { grain: grainName(grain) })}</strong>{' '}
                {t('trends.tooLargeHint')}
              </p>
              {coarser ? (
                <button type="button" onClick={() => switchGrain(coarser)}>
                  {t('trends.useGrain', { grain: grainName(coarser) })}
                </button>
              ) : null}
            </div>
          ) : (
            <ErrorState error={result.error} onRetry={result.reload} />
          )
        ) : null}
        {model && chartOption && !result.cancelled ? (
          model.series.every((s) => s.values.every((v) => !v || v.n === 0)) ? (
            <EmptyFilters />
          ) : (
            <div
              className={busy ? 'trend-result is-busy' : 'trend-result'}
              aria-busy={busy}
              data-testid="trend-result"
              data-kpi={view.kpiId}
              data-split={view.split ?? ''}
            >
              <Chart
                option={chartOption}
                label={t('chart.trendLabel', { name: title })}
                testId="trend-chart"
                onClick={(c) => {
                  const href = drill(c.dataIndex, c.seriesIndex);
                  if (href && c.seriesIndex < model.series.length) navigate(href);
                }}
              />
              {marks?.bands ? <p className="hint">{t('trends.bandNote')}</p> : null}
              {marks?.small ? <p className="hint">{t('trends.smallNote', { min: MIN_RANKED_N })}</p> : null}
              {model.hidden > 0 ? (
                <p className="hint">{t('chart.moreSeries', { count: model.hidden })}</p>
              ) : null}
              <details className="chart-table" open={false}>
                <summary>{t('chart.showTable')}</summary>
                <div className="table-wrap">
                  <table data-testid="trend-table">
                    <caption>{t('chart.trendLabel', { name: title })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('column.period')}</th>
                        {model.series.map((s) => (
                          <th scope="col" key={s.key ?? ''} className="num">
                            {s.name}
                          </th>
                        ))}
                        {model.series.length === 1 ? (
                          <th scope="col" className="num">
                            {t('column.n')}
                          </th>
                        ) : null}
                        {model.series[0]?.previous ? (
                          <th scope="col" className="num">
                            {t('series.previous')}
                          </th>
                        ) : null}
                      </tr>
                    </thead>
                    <tbody>
                      {model.periods.map((p, i) => (
                        <tr key={p}>
                          <th scope="row">{formatPeriod(locale, p, view.grain)}</th>
                          {model.series.map((s, j) => {
                            const v = s.values[i];
                            const text = formatValue(locale, shownKpi.format, v?.value);
                            const href = v && v.n > 0 ? drill(i, j) : null;
                            return (
                              <td key={s.key ?? ''} className="num">
                                {href ? <Link to={href}>{text}</Link> : text}
                                {model.series.length > 1 && v ? (
                                  <span className="muted"> ({formatCount(locale, v.n)})</span>
                                ) : null}
                              </td>
                            );
                          })}
                          {model.series.length === 1 ? (
                            <td className="num">{formatCount(locale, model.series[0]?.values[i]?.n ?? 0)}</td>
                          ) : null}
                          {model.series[0]?.previous ? (
                            <td className="num">
                              {formatValue(locale, shownKpi.format, model.series[0].previous[i])}
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
              {result.state === 'ok' ? <Notices notices={result.data.notices} /> : null}
            </div>
          )
        ) : null}
      </section>
    </>
  );
}

/** One series per value of the split dimension (the largest few), each with a value per period. */
export function buildSeries(
  result: KpiResult,
  kpi: string,
  split: string | null,
  label: (dimension: string, value: string | number | null) => string,
  allLabel: string,
  targetOf: (channel: string | null) => number | null,
) {
  const periods = [...new Set(result.rows.map((r) => String(r.period)))].sort();
  const index = new Map(periods.map((p, i) => [p, i]));
  const groups = new Map<string, Series & { total: number }>();
  for (const row of result.rows) {
    const raw = split ? row[split] : null;
    const key = split ? (raw === null || raw === undefined ? '' : String(raw)) : '';
    let s = groups.get(key);
    if (!s) {
      s = {
        key: split ? key : null,
        name: split ? label(split, raw as string | null) : allLabel,
        values: periods.map(() => null),
        target: targetOf(split === 'channel' ? key : null),
        total: 0,
      };
      if (!split) s.previous = periods.map(() => null);
      groups.set(key, s);
    }
    const v = kpiValue(row, kpi);
    const i = index.get(String(row.period));
    if (i === undefined || !v) continue;
    s.values[i] = { value: v.value, n: v.n, low: v.low ?? null, high: v.high ?? null };
    s.total += v.n;
    if (s.previous) s.previous[i] = v.previous?.value ?? null;
  }
  const all = [...groups.values()].sort((a, b) => b.total - a.total);
  return { periods, series: all.slice(0, MAX_SERIES), hidden: Math.max(0, all.length - MAX_SERIES) };
}

/** The data's span as a local-date range, `to` exclusive, for choosing a grain for "all time". */
function dataSpan(from: string | null, to: string | null): Range | null {
  if (!from || !to) return null;
  const end = new Date(`${to.slice(0, 10)}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: from.slice(0, 10), to: end.toISOString().slice(0, 10) };
}
