import { useMemo } from 'react';
import { MIN_RANKED_N } from '../../../src/core/kpi/samples.js';
import type { Result } from '../../../src/core/result.js';
import { type ApiProblem, call, client, type KpiResult, kpiValue, useApi } from '../api.js';
import { findKpi, targetFor, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { Chart, type ChartOption, TARGET_COLOUR } from '../components/Chart.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { csvFileName, downloadText, kpiColumn, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { formatChange, formatCount, formatValue, plainValue } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { changeDoubt } from '../judged.js';
import { KpiControls, useViewOptions } from '../kpi-controls.js';
import { useLabels } from '../labels.js';
import { Link, navigate } from '../router.js';
import { durationAxis } from '../trends.js';
import { rankByValue } from './agents/ranking.js';
import { axisFormatter } from './Trends.js';

/** Bars of groups too few to rank: grey, so their length does not read as a ranking. */
const APART_COLOUR = '#b8bec8';

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
  // An answer carries the view it was asked for: while the next grouping loads, the page shows
  // the previous answer whole (its grouping, its KPI) as busy, never its rows under the new key.
  const asked = { split, kpiId: kpi.id, hours: options.hours };
  const result = useApi(
    status.empty ? null : JSON.stringify(query),
    async (signal): Promise<Result<KpiResult & { view: typeof asked }, ApiProblem>> => {
      const answer = await call(client.api.kpi.query.$post({ json: query }, { init: { signal } }));
      return answer.ok ? { ok: true, data: { ...answer.data, view: asked } } : answer;
    },
  );
  const view = result.state === 'ok' ? result.data.view : asked;
  const shownKpi = findKpi(catalog, view.kpiId) ?? kpi;

  // Largest first, but only among groups with enough n: a 100 % on fourteen answers says little, so
  // such groups follow apart, by name (the agents page's rule). Counts are tallies, not samples.
  const { bars, apartFrom } = useMemo(() => {
    if (result.state !== 'ok') return { bars: [], apartFrom: 0 };
    const { split: by, kpiId } = result.data.view;
    const groups = result.data.rows
      .map((row) => {
        const raw = row[by];
        const key = raw === null || raw === undefined ? null : String(raw);
        return { key, name: labels.value(by, key), value: kpiValue(row, kpiId) };
      })
      .filter((b) => b.value && b.value.n > 0);
    const { ranked, apart } = rankByValue(
      groups,
      (b) => b.value,
      (a, b) => a.name.localeCompare(b.name) || (a.key ?? '').localeCompare(b.key ?? ''),
      'desc',
      findKpi(catalog, kpiId)?.format === 'count',
    );
    return { bars: [...ranked, ...apart], apartFrom: ranked.length };
  }, [result, labels, catalog]);
  const ranked = bars.slice(0, apartFrom);
  const apart = bars.slice(apartFrom);

  if (status.empty) return <NoData />;

  const fmt = axisFormatter(locale, shownKpi.format);
  const target = targetFor(catalog.targets, shownKpi.id, dash.filters.channel);
  const drill = (key: string | null) =>
    can.drillDown && shownKpi.drillDown && key !== null
      ? drillHref(dash, {
          kpi: shownKpi.id,
          dims: { [view.split]: key },
          ...(view.hours ? { hours: view.hours } : {}),
        })
      : null;

  // Bars read top-down from the largest value: ECharts draws category axes bottom-up.
  const shown = [...bars].reverse();
  const isApart = (index: number) => bars.length - 1 - index >= apartFrom;
  const plotted = [...bars.map((b) => b.value?.value), target?.value].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  const chartOption: ChartOption = {
    grid: { left: 150, right: 60, top: 20, bottom: 30 },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : '—') },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: fmt },
      // Durations tick at round times (15 min, 1 h), not at ECharts' round seconds.
      ...(shownKpi.format === 'duration' ? durationAxis(plotted) : {}),
    },
    yAxis: {
      type: 'category',
      data: shown.map((b) => b.name),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: kpiName(shownKpi.id),
        itemStyle: { color: '#1f5fa8' },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => fmt(p.value) },
        // Groups too few to rank are drawn grey, as the table sets them apart.
        data: shown.map((b, i) =>
          isApart(i)
            ? { value: b.value?.value ?? null, itemStyle: { color: APART_COLOUR } }
            : (b.value?.value ?? null),
        ),
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
    const { split: by } = view;
    const id = shownKpi.id;
    const { format } = shownKpi;
    const header = [
      by,
      `${by}_name`,
      kpiColumn(id, format),
      `${id}_n`,
      kpiColumn(id, format, 'low'),
      kpiColumn(id, format, 'high'),
      kpiColumn(id, format, 'previous'),
    ];
    const rows = bars.map((b) => [
      b.key,
      b.name,
      plainValue(shownKpi.format, b.value?.value),
      b.value?.n ?? 0,
      plainValue(shownKpi.format, b.value?.low),
      plainValue(shownKpi.format, b.value?.high),
      plainValue(shownKpi.format, b.value?.previous?.value),
    ]);
    downloadText(csvFileName(`breakdown-${id}-by-${by}`, dash.range), toCsv(header, rows));
  };

  const groupRow = (b: (typeof bars)[number]) => {
    const href = drill(b.key);
    const text = formatValue(locale, shownKpi.format, b.value?.value);
    const change = formatChange(
      locale,
      shownKpi.format,
      shownKpi.better,
      b.value?.value,
      b.value?.previous?.value,
      shownKpi.format === 'percent' ? t('unit.pp') : t('unit.points'),
    );
    // Green or red only for a change the reader would confirm (Overview's rule): otherwise grey, and why.
    const doubt = change && change.tone !== 'same' ? changeDoubt(b.value) : null;
    return (
      <tr
        key={`${view.split}:${b.key ?? ''}`}
        data-key={b.key ?? ''}
        data-value={b.value?.value ?? undefined}
        data-n={b.value?.n ?? 0}
      >
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
            ? `${formatValue(locale, shownKpi.format, b.value.low)} – ${formatValue(locale, shownKpi.format, b.value.high)}`
            : '—'}
        </td>
        <td
          className={`num change ${doubt ? 'same' : (change?.tone ?? 'same')}`}
          data-testid="breakdown-change"
          data-doubt={doubt ?? undefined}
        >
          {change?.text ?? '—'}
          {doubt === 'unclear' ? <span className="change-why"> · {t('headlines.notClear')}</span> : null}
          {doubt === 'small' ? (
            <span className="change-why">
              {' · '}
              <abbr className="small-sample" title={t('headlines.smallSampleWhy', { min: MIN_RANKED_N })}>
                {t('headlines.smallSample')}
              </abbr>
            </span>
          ) : null}
          {change && !doubt && change.tone !== 'same' ? (
            <span className="visually-hidden"> ({t(`tone.${change.tone}`)})</span>
          ) : null}
        </td>
      </tr>
    );
  };

  const title = t('breakdown.title', {
    name: kpiName(shownKpi.id),
    dimension: labels.dimension(view.split),
  });
  const busy = result.state === 'ok' && result.stale;
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
        <p className="hint">{kpiDefinition(shownKpi.id)}</p>
        {result.state === 'loading' ? <Loading /> : null}
        {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
        {result.state === 'ok' && bars.length === 0 ? <EmptyFilters /> : null}
        {result.state === 'ok' && bars.length > 0 ? (
          <div
            className={busy ? 'breakdown-result is-busy' : 'breakdown-result'}
            aria-busy={busy}
            data-testid="breakdown-result"
            data-split={view.split}
            data-kpi={shownKpi.id}
            // What the chart is given, readable by a test or a script: the canvas cannot be read.
            data-chart-categories={JSON.stringify((chartOption.yAxis as { data: string[] }).data)}
            data-chart-values={JSON.stringify(shown.map((b) => b.value?.value ?? null))}
          >
            {busy ? <p className="visually-hidden">{t('tables.breakdown.updating')}</p> : null}
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
                    <th scope="col">{labels.dimension(view.split)}</th>
                    <th scope="col" className="num">
                      {kpiName(shownKpi.id)}
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
                <tbody>{ranked.map(groupRow)}</tbody>
                {apart.length > 0 ? (
                  <tbody className="breakdown-apart" data-group="apart">
                    <tr className="breakdown-apart-head">
                      <th scope="rowgroup" colSpan={5}>
                        {t(
                          shownKpi.source === 'survey_facts'
                            ? 'tables.breakdown.tooFew.answers'
                            : 'tables.breakdown.tooFew.contacts',
                          { min: formatCount(locale, MIN_RANKED_N) },
                        )}
                      </th>
                    </tr>
                    {apart.map(groupRow)}
                  </tbody>
                ) : null}
              </table>
            </div>
          </div>
        ) : null}
      </section>
    </>
  );
}
