import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { call, client, kpiValue, useApi } from '../api.js';
import { findKpi, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { ErrorState, Loading, NoData } from '../components/States.js';
import { Tabs } from '../components/Tabs.js';
import { csvFileName, downloadText, kpiColumn, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { formatCompact, formatCount, formatValue, hourLabel, plainValue, weekdayName } from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { Link, useSearchParams } from '../router.js';

const METRICS = [
  { key: 'volume', kpi: 'contacts_created', label: 'heatmap.volume' },
  { key: 'first_response', kpi: 'frt', label: 'heatmap.firstResponse' },
  { key: 'abandonment', kpi: 'abandonment_rate', label: 'heatmap.abandonment' },
] as const;
type Metric = (typeof METRICS)[number]['key'];

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/**
 * Light to dark blue by rank. The middle of the ramp, where neither dark nor white text reaches
 * 4.5:1 contrast, is skipped: lower halves stay light enough for dark text, upper halves dark enough
 * for white text.
 */
export function cellColour(share: number): { background: string; color: string } {
  const light = [240, 245, 252];
  const dark = [23, 62, 120];
  const upper = share > 0.5;
  const mixShare = upper ? 0.7 + (share - 0.5) * 0.6 : share * 1.16;
  const mix = light.map((l, i) => Math.round(l + ((dark[i] ?? l) - l) * mixShare));
  return { background: `rgb(${mix.join(',')})`, color: upper ? '#ffffff' : '#17202b' };
}

export function Heatmap() {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  usePageTitle(t('nav.heatmap'));
  const { catalog, status } = useAppData();
  const can = useCan();
  const dash = useDashboardFilters();
  const [params, update] = useSearchParams();
  const metric = (METRICS.find((m) => m.key === params.get('metric')) ?? METRICS[0]).key as Metric;
  const spec = METRICS.find((m) => m.key === metric) ?? METRICS[0];
  const kpi = findKpi(catalog, spec.kpi);
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const table = useRef<HTMLTableElement>(null);

  const query = { kpis: [spec.kpi], ...dash.base, by: ['weekday' as const, 'hour_of_day' as const] };
  const result = useApi(status.empty || !kpi ? null : JSON.stringify(query), (signal) =>
    call(client.api.kpi.query.$post({ json: query }, { init: { signal } })),
  );

  const cells = useMemo(() => {
    const map = new Map<string, { value: number | null; n: number }>();
    if (result.state !== 'ok') return { map, rank: () => 0 };
    const values: number[] = [];
    for (const row of result.data.rows) {
      const v = kpiValue(row, spec.kpi);
      if (!v) continue;
      map.set(`${row.weekday}-${row.hour_of_day}`, { value: v.value, n: v.n });
      if (v.value !== null && v.n > 0) values.push(v.value);
    }
    values.sort((a, b) => a - b);
    // Shading by rank rather than by value: one slow night hour would otherwise wash out the rest.
    const rank = (value: number) =>
      values.length < 2 ? 1 : values.findIndex((x) => x >= value) / (values.length - 1);
    return { map, rank };
  }, [result, spec.kpi]);

  if (status.empty) return <NoData />;
  if (!kpi) return null;

  const onKeyDown = (event: KeyboardEvent) => {
    const [r, c] = focus;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, r - 1), c],
      ArrowDown: [Math.min(6, r + 1), c],
      ArrowLeft: [r, Math.max(0, c - 1)],
      ArrowRight: [r, Math.min(23, c + 1)],
      Home: [r, 0],
      End: [r, 23],
    };
    const next = moves[event.key];
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    table.current?.querySelector<HTMLElement>(`[data-cell="${next[0]}-${next[1]}"]`)?.focus();
  };

  const exportView = () => {
    const header = ['weekday', 'hour_of_day', kpiColumn(spec.kpi, kpi.format), `${spec.kpi}_n`];
    const rows = WEEKDAYS.flatMap((d) =>
      HOURS.map((h) => {
        const v = cells.map.get(`${d}-${h}`);
        return [d, h, plainValue(kpi.format, v?.value), v?.n ?? 0];
      }),
    );
    downloadText(csvFileName(`heatmap-${metric}`, dash.range), toCsv(header, rows));
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('nav.heatmap')}</h1>
        <div className="page-actions">
          {can.exportData && result.state === 'ok' ? (
            <button type="button" className="secondary" onClick={exportView}>
              {t('action.exportView')}
            </button>
          ) : null}
        </div>
      </div>
      <FilterBar />
      <section className="panel">
        <Tabs
          label={t('heatmap.metric')}
          tabs={METRICS.map((m) => ({ key: m.key, label: t(m.label as MessageKey) }))}
          selected={metric}
          onSelect={(key) => update((p) => p.set('metric', key), true)}
        >
          <p className="hint">
            <strong>{kpiName(kpi.id)}</strong> — {kpiDefinition(kpi.id)} {t('heatmap.howTo')}
          </p>
          {result.state === 'loading' ? <Loading /> : null}
          {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
          {result.state === 'ok' ? (
            <div className="table-wrap">
              <table className="heatmap-grid" ref={table} onKeyDown={onKeyDown} data-testid="heatmap">
                <caption>
                  {t('heatmap.caption', { name: kpiName(kpi.id), timezone: dash.filters.timezone })}
                </caption>
                <thead>
                  <tr>
                    <td />
                    {HOURS.map((h) => (
                      <th scope="col" key={h} className="num">
                        <abbr title={hourLabel(locale, h)}>{h}</abbr>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAYS.map((d, r) => (
                    <tr key={d}>
                      <th scope="row">{weekdayName(locale, d, 'short')}</th>
                      {HOURS.map((h, c) => {
                        const v = cells.map.get(`${d}-${h}`);
                        const has = v !== undefined && v.n > 0 && v.value !== null;
                        const text = has ? formatValue(locale, kpi.format, v.value) : '';
                        const label = has
                          ? t('heatmap.cellLabel', {
                              day: weekdayName(locale, d, 'long'),
                              hour: hourLabel(locale, h),
                              value: text,
                              n: formatCount(locale, v.n),
                            })
                          : t('heatmap.cellEmpty', {
                              day: weekdayName(locale, d, 'long'),
                              hour: hourLabel(locale, h),
                            });
                        const compactText = has ? formatCompact(locale, kpi.format, v.value) : '';
                        const colours = has ? cellColour(cells.rank(v.value ?? 0)) : undefined;
                        const focusable = focus[0] === r && focus[1] === c ? 0 : -1;
                        const props = {
                          'data-cell': `${r}-${c}`,
                          tabIndex: focusable,
                          'aria-label': label,
                          title: label,
                          onFocus: () => setFocus([r, c]),
                          style: colours,
                          className: 'cell',
                        };
                        return (
                          <td key={h}>
                            {has && can.drillDown && kpi.drillDown ? (
                              <Link
                                to={drillHref(dash, { kpi: kpi.id, weekday: d, hourOfDay: h })}
                                {...props}
                              >
                                {compactText}
                              </Link>
                            ) : (
                              <span {...props}>{compactText}</span>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </Tabs>
      </section>
    </>
  );
}
