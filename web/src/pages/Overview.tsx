import { useMemo } from 'react';
import { type MixEffect, mixEffect } from '../../../src/core/kpi/mix.js';
import { OVERVIEW_KPIS, PER_CHANNEL_KPIS } from '../../../src/core/kpi/overview.js';
import { enoughToRank, MIN_RANKED_N } from '../../../src/core/kpi/samples.js';
import {
  type CatalogKpi,
  call,
  client,
  type KpiResult,
  type KpiRow,
  type KpiValue,
  kpiValue,
  useApi,
} from '../api.js';
import { findKpi, meetsTarget, targetFor, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { Notices } from '../components/Notices.js';
import { Sparkline } from '../components/Sparkline.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { csvFileName, downloadText, kpiColumn, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { defaultGrain } from '../filters.js';
import { type Change, formatChange, formatCount, formatValue, plainValue } from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { Link } from '../router.js';

/** The interval of a change against the previous period (`KpiValue.change`), where the server gives one. */
interface ChangeInterval {
  difference: number;
  low: number | null;
  high: number | null;
  clear: boolean;
}

function changeInterval(value: KpiValue | null | undefined): ChangeInterval | null | undefined {
  return (value as { change?: ChangeInterval | null } | null | undefined)?.change;
}

/**
 * Why a change that points somewhere is shown grey rather than green or red; `pending` while the
 * channels that could reveal a mix effect are still on their way.
 */
type Unjudged = 'pending' | 'mix' | 'small' | 'unclear';

/**
 * A change is coloured only when the reader would confirm it: not a mix effect, enough n in both
 * periods, and an interval that excludes no change (when the server gives one).
 */
function unjudged(
  value: KpiValue | null | undefined,
  mix: MixEffect | null,
  channelsPending = false,
): Unjudged | null {
  if (channelsPending) return 'pending';
  if (mix) return 'mix';
  if (!enoughToRank(value?.n) || !enoughToRank(value?.previous?.n)) return 'small';
  if (changeInterval(value)?.clear === false) return 'unclear';
  return null;
}

const UNJUDGED_TEXT: Record<Unjudged, MessageKey> = {
  pending: 'headlines.pending',
  mix: 'headlines.notJudged',
  small: 'headlines.smallSample',
  unclear: 'headlines.notClear',
};

/** The note says "every channel improved" only when every channel's change is clear. */
function mixNote(mix: MixEffect): MessageKey {
  if (!mix.groupsClear) {
    if (mix.groupsTone === 'better') return 'headlines.mixBetterUnclear';
    if (mix.groupsTone === 'worse') return 'headlines.mixWorseUnclear';
    return mix.groups === 'up' ? 'headlines.mixUpUnclear' : 'headlines.mixDownUnclear';
  }
  if (mix.groupsTone === 'better') return 'headlines.mixBetter';
  if (mix.groupsTone === 'worse') return 'headlines.mixWorse';
  return mix.groups === 'up' ? 'headlines.mixUp' : 'headlines.mixDown';
}

interface ChannelLine {
  channel: string;
  name: string;
  value: KpiValue;
}

export function Overview() {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  usePageTitle(t('nav.overview'));
  const { catalog, status } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const kpis = OVERVIEW_KPIS.map((id) => findKpi(catalog, id)).filter((k): k is CatalogKpi => !!k);
  const ids = kpis.map((k) => k.id);
  // Sparklines need enough points to show a shape without being noise.
  const grain = dash.range ? defaultGrain(dash.range, can.hourGrain) : 'week';
  // One channel chosen in the filter bar: the tile is that channel's figure, nothing to split.
  const splitsChannels = dash.filters.channel.length !== 1;
  const channelIds = kpis.filter((k) => k.dimensions.includes('channel')).map((k) => k.id);

  const totalsQuery = { kpis: ids, ...dash.base, compare: true };
  const seriesQuery = { kpis: ids, ...dash.base, grain };
  const channelsQuery = { kpis: channelIds, ...dash.base, by: ['channel' as const], compare: true };
  const totals = useApi(status.empty ? null : JSON.stringify(totalsQuery), (signal) =>
    call(client.api.kpi.query.$post({ json: totalsQuery }, { init: { signal } })),
  );
  const series = useApi(status.empty ? null : JSON.stringify(seriesQuery), (signal) =>
    call(client.api.kpi.query.$post({ json: seriesQuery }, { init: { signal } })),
  );
  const channels = useApi(
    status.empty || !splitsChannels || channelIds.length === 0 ? null : JSON.stringify(channelsQuery),
    (signal) => call(client.api.kpi.query.$post({ json: channelsQuery }, { init: { signal } })),
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

  const channelRows: KpiRow[] = splitsChannels && channels.state === 'ok' ? channels.data.rows : [];
  // Until the channels of the current filters have answered, a combined change is not coloured:
  // it could turn out to be a mix effect.
  const channelsPending =
    splitsChannels && channelIds.length > 0 && (channels.state === 'loading' || channels.stale);
  const linesOf = (kpi: string): ChannelLine[] =>
    channelRows.flatMap((row) => {
      const value = kpiValue(row, kpi);
      const channel = row.channel;
      if (typeof channel !== 'string' || !value) return [];
      if (value.n === 0 && (value.previous?.n ?? 0) === 0 && !value.withheld) return [];
      return [{ channel, name: labels.value('channel', channel), value }];
    });
  const mixOf = (k: CatalogKpi, v: KpiValue | null, lines: ChannelLine[]): MixEffect | null =>
    v?.withheld || channelsPending
      ? null
      : mixEffect(
          { value: v?.value, previous: v?.previous?.value },
          lines.map((l) => ({
            value: l.value.value,
            previous: l.value.previous?.value,
            n: l.value.n,
            previousN: l.value.previous?.n,
            clear: changeInterval(l.value)?.clear,
          })),
          k.better,
        );
  /** The channels a tile lists: always for the indicators that need them, else to explain a mix effect. */
  const shownLines = (k: CatalogKpi, lines: ChannelLine[], mix: MixEffect | null): ChannelLine[] =>
    lines.length > 1 &&
    (mix !== null ||
      PER_CHANNEL_KPIS.includes(k.id) ||
      catalog.targets.some((target) => target.kpi === k.id && target.channel !== null))
      ? lines
      : [];

  if (status.empty) return <NoData />;

  const pointUnit = (k: CatalogKpi) => (k.format === 'percent' ? t('unit.pp') : t('unit.points'));
  const changeOf = (k: CatalogKpi, v: KpiValue | null | undefined): Change | null =>
    formatChange(locale, k.format, k.better, v?.value, v?.previous?.value, pointUnit(k));

  /**
   * One row for all channels combined and one per channel a tile lists; for each indicator its
   * columns, named with their unit (`frt_seconds`, `csat_low_percent`), as units differ by indicator.
   */
  const exportView = (result: KpiResult) => {
    const row = result.rows[0];
    const header = [
      'channel',
      'channel_name',
      ...kpis.flatMap((k) => [
        kpiColumn(k.id, k.format),
        `${k.id}_n`,
        kpiColumn(k.id, k.format, 'low'),
        kpiColumn(k.id, k.format, 'high'),
        kpiColumn(k.id, k.format, 'previous'),
        `${k.id}_previous_n`,
        `${k.id}_change_clear`,
        `${k.id}_mix_shift`,
        kpiColumn(k.id, k.format, 'target'),
      ]),
    ];
    const cells = (
      k: CatalogKpi,
      channel: string | null,
      v: KpiValue | null,
      mix: MixEffect | null,
    ): (string | number | boolean | null)[] => {
      if (!v) return Array.from({ length: 9 }, () => null);
      const target = targetFor(catalog.targets, k.id, channel ? [channel] : dash.filters.channel, {
        teams: dash.filters.team,
        agents: dash.filters.agent,
        range: dash.range,
      });
      return [
        plainValue(k.format, v.value),
        v.n,
        plainValue(k.format, v.low),
        plainValue(k.format, v.high),
        plainValue(k.format, v.previous?.value),
        v.previous?.n ?? null,
        changeInterval(v)?.clear ?? null,
        channel ? null : mix !== null,
        target ? plainValue(k.format, target.value) : null,
      ];
    };
    const combined = kpis.map((k) => {
      const v = kpiValue(row, k.id);
      const lines = linesOf(k.id);
      const mix = mixOf(k, v, lines);
      return { k, v, shown: shownLines(k, lines, mix), mix };
    });
    const channelsShown = new Map<string, string>();
    for (const c of combined) for (const l of c.shown) channelsShown.set(l.channel, l.name);
    const rows = [
      ['', '', ...combined.flatMap((c) => cells(c.k, null, c.v, c.mix))],
      ...[...channelsShown].map(([channel, name]) => [
        channel,
        name,
        ...combined.flatMap((c) =>
          cells(c.k, channel, c.shown.find((l) => l.channel === channel)?.value ?? null, null),
        ),
      ]),
    ];
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
          <ul className="tiles" aria-busy={totals.stale || channels.stale} data-testid="tiles">
            {kpis.map((k) => {
              const v = kpiValue(totals.data.rows[0], k.id);
              const target = targetFor(catalog.targets, k.id, dash.filters.channel, {
                teams: dash.filters.team,
                agents: dash.filters.agent,
                range: dash.range,
              });
              const met = target ? meetsTarget(k, v?.value ?? null, target.value) : null;
              const lines = linesOf(k.id);
              const mix = mixOf(k, v, lines);
              const shown = shownLines(k, lines, mix);
              const change = changeOf(k, v);
              const why =
                change && change.direction !== 'flat'
                  ? unjudged(v, mix, channelsPending && channelIds.includes(k.id))
                  : null;
              const name = kpiName(k.id);
              const value = v?.withheld ? t('value.withheld') : formatValue(locale, k.format, v?.value);
              const small = !v?.withheld && (v?.n ?? 0) > 0 && !enoughToRank(v?.n);
              return (
                <li
                  key={k.id}
                  className="tile"
                  data-testid={`tile-${k.id}`}
                  aria-labelledby={`tile-${k.id}-name`}
                >
                  <h3 id={`tile-${k.id}-name`}>{name}</h3>
                  {shown.length > 0 ? (
                    <div className="tile-scope" data-testid={`tile-${k.id}-scope`}>
                      {t('headlines.allChannels')}
                    </div>
                  ) : null}
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
                    {small ? (
                      <>
                        {' · '}
                        <SmallSample />
                      </>
                    ) : null}
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
                          <span
                            className={`change ${why ? 'same' : change.tone}`}
                            data-testid={`tile-${k.id}-change`}
                            data-direction={change.direction}
                          >
                            <span aria-hidden="true">
                              {change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '■'}
                            </span>{' '}
                            {t('tile.change', { change: change.text })}
                            {why === 'unclear' ? (
                              <span className="change-why"> · {t(UNJUDGED_TEXT[why])}</span>
                            ) : why === 'small' && !small ? (
                              <span className="change-why">
                                {' · '}
                                <SmallSample />
                              </span>
                            ) : (
                              <span className="visually-hidden">
                                {' '}
                                ({why ? t(UNJUDGED_TEXT[why]) : t(`tone.${change.tone}`)})
                              </span>
                            )}
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
                      {mix ? (
                        <p className="mix-note" data-testid={`tile-${k.id}-mix`}>
                          {t(mixNote(mix))} <span className="mix-why">{t('headlines.mixWhy')}</span>
                        </p>
                      ) : null}
                      {shown.length > 0 ? (
                        <ChannelLines kpi={k} lines={shown} name={name} changeOf={changeOf} />
                      ) : null}
                      <Sparkline
                        values={spark.get(k.id)?.values ?? []}
                        small={spark.get(k.id)?.small ?? []}
                      />
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

function SmallSample() {
  const { t } = useI18n();
  return (
    <abbr className="small-sample" title={t('headlines.smallSampleWhy', { min: MIN_RANKED_N })}>
      {t('headlines.smallSample')}
    </abbr>
  );
}

/** The tile's small multiple: one line per channel with its value, its change and its target. */
function ChannelLines({
  kpi,
  lines,
  name,
  changeOf,
}: {
  kpi: CatalogKpi;
  lines: ChannelLine[];
  name: string;
  changeOf: (k: CatalogKpi, v: KpiValue | null | undefined) => Change | null;
}) {
  const { t, locale } = useI18n();
  const { catalog } = useAppData();
  return (
    <table className="tile-channels" data-testid={`tile-${kpi.id}-channels`}>
      <caption className="visually-hidden">{t('headlines.byChannel', { name })}</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">{t('headlines.channel')}</th>
          <th scope="col">{t('headlines.value')}</th>
          <th scope="col">{t('headlines.change')}</th>
          <th scope="col">{t('headlines.target')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map(({ channel, name: channelName, value: v }) => {
          const change = v.withheld ? null : changeOf(kpi, v);
          const why = change && change.direction !== 'flat' ? unjudged(v, null) : null;
          const target = targetFor(catalog.targets, kpi.id, [channel]);
          const met = target && !v.withheld ? meetsTarget(kpi, v.value, target.value) : null;
          const targetText =
            target && met !== null
              ? t(met ? 'target.met' : 'target.missed', {
                  target: formatValue(locale, kpi.format, target.value),
                })
              : null;
          return (
            <tr
              key={channel}
              data-testid={`tile-${kpi.id}-channel-${channel}`}
              data-direction={change?.direction ?? 'none'}
            >
              <th scope="row">{channelName}</th>
              <td className="num channel-value">
                {v.withheld ? t('value.withheld') : formatValue(locale, kpi.format, v.value)}
                {!v.withheld && v.n > 0 && !enoughToRank(v.n) ? (
                  <>
                    {' '}
                    <SmallSample />
                  </>
                ) : null}
              </td>
              <td className={`num change ${why ? 'same' : (change?.tone ?? 'same')}`}>
                {change ? (
                  <>
                    {change.text}
                    <span className="visually-hidden">
                      {' '}
                      ({why ? t(UNJUDGED_TEXT[why]) : t(`tone.${change.tone}`)})
                    </span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="mark">
                {targetText ? (
                  <span className={`status ${met ? 'met' : 'missed'}`} title={targetText}>
                    <span aria-hidden="true">{met ? '✓' : '✗'}</span>
                    <span className="visually-hidden">{targetText}</span>
                  </span>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function trendParams(kpi: string): string {
  const p = new URLSearchParams(window.location.search);
  for (const k of ['kpi', 'split', 'grain', 'stat', 'hours']) p.delete(k);
  p.set('kpi', kpi);
  return p.toString();
}
