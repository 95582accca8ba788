import { useId, useMemo } from 'react';
import { enoughToRank } from '../../../../src/core/kpi/samples.js';
import { type CatalogKpi, call, client, type KpiRow, kpiValue, useApi } from '../../api.js';
import { findKpi, useAppData, useCan, useDashboardFilters } from '../../app-data.js';
import { FilterBar } from '../../components/FilterBar.js';
import { usePageTitle } from '../../components/Layout.js';
import { Notices } from '../../components/Notices.js';
import { Sparkline } from '../../components/Sparkline.js';
import { ErrorState, Loading } from '../../components/States.js';
import { defaultGrain } from '../../filters.js';
import { formatChange, formatCount, formatPercent, formatValue } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link } from '../../router.js';
import { qaManageApi, type ReviewerDriftView } from './api.js';
import { canManageQa, reviewDrillHref } from './manage.js';
import { QaNav } from './QaNav.js';
import './qa-manage.css';

/** The quality overview's cards, IQS first (the catalog's qa indicators, src/core/kpi/catalog/qa.ts). */
export const QUALITY_KPIS = [
  'qa_score',
  'qa_reviews',
  'qa_coverage',
  'qa_pass_rate',
  'qa_critical_fail_rate',
  'qa_dispute_rate',
  'qa_calibration_agreement',
  'qa_check_hit_rate',
] as const;

/**
 * The QA overview: the quality indicators as cards with their change and trend, IQS by agent and
 * by category, and the reviewers whose scores drift from the others'. A viewer sees the figures; the
 * lists that lead to reviews are for those who may read them.
 */
export function Quality() {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  usePageTitle(t('qaManage.quality.title'));
  const id = useId();
  const { catalog, user } = useAppData();
  const can = useCan();
  const dash = useDashboardFilters();
  const manager = canManageQa(user.role);
  const kpis = QUALITY_KPIS.map((k) => findKpi(catalog, k)).filter((k): k is CatalogKpi => !!k);
  const ids = kpis.map((k) => k.id);
  const grain = dash.range ? defaultGrain(dash.range, can.hourGrain) : 'week';
  const totalsQuery = { kpis: ids, ...dash.base, compare: true };
  const seriesQuery = { kpis: ids, ...dash.base, grain };
  const totals = useApi(ids.length ? JSON.stringify(totalsQuery) : null, (signal) =>
    call(client.api.kpi.query.$post({ json: totalsQuery }, { init: { signal } })),
  );
  const series = useApi(ids.length ? JSON.stringify(seriesQuery) : null, (signal) =>
    call(client.api.kpi.query.$post({ json: seriesQuery }, { init: { signal } })),
  );
  const spark = useMemo(() => {
    const out = new Map<string, { values: (number | null)[]; small: boolean[] }>();
    if (series.state !== 'ok') return out;
    for (const k of ids) {
      const cells = series.data.rows.map((r) => kpiValue(r, k));
      out.set(k, {
        values: cells.map((v) => v?.value ?? null),
        small: cells.map((v) => v?.value != null && !enoughToRank(v.n)),
      });
    }
    return out;
  }, [series, ids]);

  return (
    <section aria-labelledby={`${id}-title`}>
      <QaNav />
      <h1 id={`${id}-title`}>{t('qaManage.quality.title')}</h1>
      <p className="hint">{t('qaManage.quality.intro')}</p>
      <FilterBar />
      {totals.state === 'loading' ? <Loading /> : null}
      {totals.state === 'error' ? <ErrorState error={totals.error} onRetry={totals.reload} /> : null}
      {totals.state === 'ok' ? (
        <>
          <Notices notices={totals.data.notices} />
          <ul className="tiles" aria-busy={totals.stale} data-testid="qa-tiles">
            {kpis.map((k) => {
              const v = kpiValue(totals.data.rows[0], k.id);
              const name = kpiName(k.id);
              const value = v?.withheld ? t('value.withheld') : formatValue(locale, k.format, v?.value);
              const change = v?.withheld
                ? null
                : formatChange(
                    locale,
                    k.format,
                    k.better,
                    v?.value,
                    v?.previous?.value,
                    k.format === 'percent' ? t('unit.pp') : t('unit.points'),
                  );
              const judged = change && enoughToRank(v?.n) && enoughToRank(v?.previous?.n);
              return (
                <li
                  key={k.id}
                  className="tile"
                  data-testid={`qa-tile-${k.id}`}
                  aria-labelledby={`${id}-${k.id}`}
                >
                  <h3 id={`${id}-${k.id}`}>{name}</h3>
                  <div className="value">
                    {manager && (v?.n ?? 0) > 0 && reviewDrillHref(k.id, dash.range) ? (
                      <Link
                        to={reviewDrillHref(k.id, dash.range, dash.base.filters) ?? ''}
                        aria-label={t('qaManage.quality.drill', { name, value })}
                        data-testid={`qa-tile-${k.id}-drill`}
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
                  <div className="tile-foot">
                    {change ? (
                      <span
                        className={`change ${judged ? change.tone : 'same'}`}
                        data-testid={`qa-tile-${k.id}-change`}
                        data-direction={change.direction}
                      >
                        <span aria-hidden="true">
                          {change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '■'}
                        </span>{' '}
                        {t('tile.change', { change: change.text })}
                        <span className="visually-hidden">
                          {' '}
                          ({judged ? t(`tone.${change.tone}`) : t('headlines.smallSample')})
                        </span>
                      </span>
                    ) : (
                      <span className="change same">{t('tile.noPrevious')}</span>
                    )}
                  </div>
                  <Sparkline values={spark.get(k.id)?.values ?? []} small={spark.get(k.id)?.small ?? []} />
                  <div className="tile-foot">
                    <details className="definition">
                      <summary>{t('tile.definition')}</summary>
                      <p>{kpiDefinition(k.id)}</p>
                    </details>
                    <Link to={`/trends?kpi=${encodeURIComponent(k.id)}`} className="info">
                      {t('tile.trend')}
                    </Link>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {can.byAgent ? <ScoreBy by="agent" manager={manager} /> : null}
      <ScoreBy by="qa_category" manager={manager} />
      {manager ? <Drift /> : null}
    </section>
  );
}

/** IQS and reviews by agent, or the category score by category, best first. */
function ScoreBy({ by, manager }: { by: 'agent' | 'qa_category'; manager: boolean }) {
  const { t, locale } = useI18n();
  const { filterValues } = useAppData();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const id = useId();
  const scoreKpi = by === 'agent' ? 'qa_score' : 'qa_category_score';
  const query = { kpis: [scoreKpi, ...(by === 'agent' ? ['qa_reviews'] : [])], ...dash.base, by: [by] };
  const result = useApi(JSON.stringify(query), (signal) =>
    call(client.api.kpi.query.$post({ json: query }, { init: { signal } })),
  );
  const categories = new Map(filterValues.qa_category.map((c) => [c.id, c.name ?? c.id]));
  const nameOf = (row: KpiRow) => {
    const key = String(row[by] ?? '');
    return by === 'agent' ? labels.agent(key) : (categories.get(key) ?? key);
  };
  const rows =
    result.state === 'ok'
      ? result.data.rows
          .filter((r) => (kpiValue(r, scoreKpi)?.n ?? 0) > 0)
          .sort((a, b) => (kpiValue(b, scoreKpi)?.value ?? -1) - (kpiValue(a, scoreKpi)?.value ?? -1))
      : [];
  const title = by === 'agent' ? t('qaManage.quality.byAgent') : t('qaManage.quality.byCategory');
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' && rows.length === 0 ? <p>{t('qaManage.quality.noReviews')}</p> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table data-testid={`qa-by-${by}`}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {by === 'agent' ? t('qaManage.column.agent') : t('qaManage.column.category')}
                </th>
                <th scope="col" className="num">
                  {by === 'agent' ? t('qaManage.column.iqs') : t('qaManage.column.categoryScore')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.n')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('qaManage.column.bar')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const v = kpiValue(row, scoreKpi);
                const key = String(row[by] ?? '');
                return (
                  <tr key={key}>
                    <th scope="row">
                      {by === 'agent' && manager ? (
                        <Link to={reviewDrillHref('qa_score', dash.range, { agent: [key] }) ?? ''}>
                          {nameOf(row)}
                        </Link>
                      ) : (
                        nameOf(row)
                      )}
                    </th>
                    <td className="num">{formatPercent(locale, v?.value)}</td>
                    <td className="num">{formatCount(locale, v?.n ?? 0)}</td>
                    <td aria-hidden="true">
                      <span className="qa-bar" style={{ width: `${Math.round((v?.value ?? 0) * 8)}rem` }} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** Reviewers whose scores differ clearly from the others' on comparable conversations. */
function Drift() {
  const { t, locale } = useI18n();
  const dash = useDashboardFilters();
  const id = useId();
  const query = dash.range ? { from: dash.range.from.slice(0, 10), to: dash.range.to.slice(0, 10) } : {};
  const drift = useApi(`qa-drift:${JSON.stringify(query)}`, (signal) => qaManageApi.drift(query, signal));
  const signed = (d: number) => `${d > 0 ? '+' : d < 0 ? '−' : ''}${formatPercent(locale, Math.abs(d))}`;
  const rows: ReviewerDriftView[] =
    drift.state === 'ok'
      ? [...drift.data.reviewers].sort((a, b) => Number(b.drifting) - Number(a.drifting))
      : [];
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('qaManage.quality.drift')}</h2>
      <p className="hint">{t('qaManage.quality.driftIntro')}</p>
      {drift.state === 'loading' ? <Loading /> : null}
      {drift.state === 'error' ? <ErrorState error={drift.error} onRetry={drift.reload} /> : null}
      {drift.state === 'ok' && rows.length === 0 ? <p>{t('qaManage.quality.noDrift')}</p> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="qa-drift">
            <caption className="visually-hidden">{t('qaManage.quality.drift')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('qaManage.column.reviewer')}</th>
                <th scope="col" className="num">
                  {t('qaManage.column.reviews')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.meanScore')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.othersMean')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.difference')}
                </th>
                <th scope="col">{t('qaManage.column.drifting')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.reviewerId} data-drifting={r.drifting}>
                  <th scope="row">{r.reviewerId}</th>
                  <td className="num">{formatCount(locale, r.reviews)}</td>
                  <td className="num">{formatPercent(locale, r.meanScore)}</td>
                  <td className="num">{formatPercent(locale, r.othersMeanScore)}</td>
                  <td className="num">{signed(r.difference)}</td>
                  <td>
                    {r.drifting ? (
                      <span className="status missed">{t('qaManage.quality.drifting')}</span>
                    ) : (
                      t('qaManage.quality.inLine')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
