import { useId, useMemo } from 'react';
import { useApi } from '../../api.js';
import { Chart } from '../../components/Chart.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { DASH, formatDay, formatDuration, formatNumber, formatPercent, formatPeriod } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { useSearchParams } from '../../router.js';
import {
  type ForecastView,
  INTERVALS,
  type IntervalMinutes,
  STAFFED_CHANNELS,
  type StaffedChannel,
  workforceApi,
} from './api.js';
import { accuracyReading, forecastOption } from './forecast-chart.js';
import { WorkforceNav } from './WorkforceNav.js';

const WEEKS = [1, 2, 4, 8, 12] as const;

function pick<T extends number | string>(value: string | null, allowed: readonly T[], fallback: T): T {
  const found = allowed.find((a) => String(a) === value);
  return found ?? fallback;
}

/** Actual arrivals against the forecast with its band, and the accuracy against the naive baselines. */
export function Forecast() {
  const { t } = useI18n();
  usePageTitle(t('workforce.forecast.title'));
  const id = useId();
  const labels = useLabels();
  const [params, update] = useSearchParams();
  const channel = pick<StaffedChannel>(params.get('channel'), STAFFED_CHANNELS, 'phone');
  const interval = pick<IntervalMinutes>(params.get('interval'), INTERVALS, 60);
  const weeksBack = pick<number>(params.get('weeksBack'), WEEKS, 2);
  const weeksAhead = pick<number>(params.get('weeksAhead'), WEEKS, 1);
  const query = { channel, interval, weeksBack, weeksAhead };
  const view = useApi(JSON.stringify(query), (signal) => workforceApi.forecast(query, signal));
  const set = (name: string) => (e: { target: { value: string } }) =>
    update((p) => p.set(name, e.target.value), true);

  return (
    <section aria-labelledby={`${id}-title`} className="wf-page">
      <WorkforceNav />
      <h1 id={`${id}-title`}>{t('workforce.forecast.title')}</h1>
      <p className="hint">{t('workforce.forecast.intro')}</p>
      <div className="field-row wf-controls">
        <div className="field">
          <label htmlFor={`${id}-channel`}>{t('workforce.field.channel')}</label>
          <select
            id={`${id}-channel`}
            value={channel}
            onChange={set('channel')}
            data-testid="forecast-channel"
          >
            {STAFFED_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {labels.value('channel', c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-interval`}>{t('workforce.field.interval')}</label>
          <select id={`${id}-interval`} value={interval} onChange={set('interval')}>
            {INTERVALS.map((m) => (
              <option key={m} value={m}>
                {t('workforce.interval.minutes', { minutes: m })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-back`}>{t('workforce.forecast.weeksBack')}</label>
          <select id={`${id}-back`} value={weeksBack} onChange={set('weeksBack')}>
            {WEEKS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ahead`}>{t('workforce.forecast.weeksAhead')}</label>
          <select id={`${id}-ahead`} value={weeksAhead} onChange={set('weeksAhead')}>
            {WEEKS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
      </div>
      {view.state === 'loading' ? <Loading /> : null}
      {view.state === 'error' && !view.stale ? <ErrorState error={view.error} onRetry={view.reload} /> : null}
      {view.state === 'ok' ? <ForecastResult view={view.data} busy={view.stale} /> : null}
    </section>
  );
}

function ForecastResult({ view, busy }: { view: ForecastView; busy: boolean }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const grain = view.intervalMinutes < 60 || view.series.length <= 24 * 14 ? 'hour' : 'day';
  const option = useMemo(
    () =>
      forecastOption(view.series, {
        actual: t('workforce.forecast.actual'),
        forecast: t('workforce.forecast.forecast'),
        band: t('workforce.forecast.band'),
        label: (local) => formatPeriod(locale, local, grain),
        // Forecasts are fractions of a contact: small axes need the decimal, or ticks repeat (1, 1, 2).
        value: (n) => formatNumber(locale, n, Math.abs(n) < 10 ? 1 : 0),
      }),
    [view.series, t, locale, grain],
  );
  const hasData = view.series.some((p) => p.actual !== null || p.forecast !== null);
  const reading = accuracyReading(view.accuracy);
  const share = (n: number | null) => formatPercent(locale, n);
  const signedShare = (n: number | null) =>
    n === null ? DASH : `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatPercent(locale, Math.abs(n))}`;
  const rows = [
    ['method', view.accuracy.method],
    ['lastFourWeeks', view.accuracy.lastFourWeeks],
    ['sameWeekLastYear', view.accuracy.sameWeekLastYear],
  ] as const;

  if (!hasData) return <p>{t('workforce.forecast.empty')}</p>;
  return (
    <div className={busy ? 'wf-result is-busy' : 'wf-result'} aria-busy={busy} data-testid="forecast-result">
      <p className="hint">{t('workforce.forecast.method', { method: view.method })}</p>
      <Chart
        option={option}
        label={t('workforce.forecast.chartLabel', { channel: labels.value('channel', view.channel) })}
        testId="forecast-chart"
      />
      <section aria-labelledby="wf-accuracy-title">
        <h2 id="wf-accuracy-title">{t('workforce.forecast.accuracy')}</h2>
        <p data-testid="forecast-reading">
          <strong>
            {reading.kind === 'none'
              ? t('workforce.forecast.readingNone')
              : reading.kind === 'method'
                ? t('workforce.forecast.readingMethod', { method: share(reading.method) })
                : t('workforce.forecast.readingCompared', {
                    method: share(reading.method),
                    baseline: t(`workforce.forecast.baseline.${reading.baselineName}`),
                    naive: share(reading.baseline),
                  })}
          </strong>
        </p>
        <p className="hint">
          {view.accuracy.heldBack
            ? t('workforce.forecast.heldBack', {
                from: formatDay(locale, view.accuracy.heldBack.from.slice(0, 10)),
                to: formatDay(locale, view.accuracy.heldBack.to.slice(0, 10)),
              })
            : t('workforce.forecast.noHeldBack')}{' '}
          {t('workforce.forecast.wapeHint')}
        </p>
        <div className="table-wrap">
          <table data-testid="forecast-accuracy">
            <caption className="visually-hidden">{t('workforce.forecast.accuracy')}</caption>
            <thead>
              <tr>
                <td />
                <th scope="col" className="num">
                  {t('workforce.forecast.wape')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.forecast.bias')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([key, figures]) => (
                <tr key={key} data-row={key}>
                  <th scope="row">{t(`workforce.forecast.row.${key}`)}</th>
                  <td className="num">{share(figures.wape)}</td>
                  <td className="num">{signedShare(figures.bias)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <details className="chart-table">
        <summary>{t('chart.showTable')}</summary>
        <div className="table-wrap">
          <table data-testid="forecast-table">
            <caption>{t('workforce.forecast.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workforce.forecast.time')}</th>
                <th scope="col" className="num">
                  {t('workforce.forecast.actual')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.forecast.forecast')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.forecast.low')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.forecast.high')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.staffing.handleTime')}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.series.map((p) => (
                <tr key={p.start}>
                  <th scope="row">{formatPeriod(locale, p.local, 'hour')}</th>
                  <td className="num">{formatNumber(locale, p.actual, 1)}</td>
                  <td className="num">{formatNumber(locale, p.forecast, 1)}</td>
                  <td className="num">{formatNumber(locale, p.low, 1)}</td>
                  <td className="num">{formatNumber(locale, p.high, 1)}</td>
                  <td className="num">{formatDuration(locale, p.ahtSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
