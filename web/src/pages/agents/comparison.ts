import { enoughToRank } from '../../../../src/core/kpi/samples.js';
import type { CatalogKpi, KpiValue, ScorecardKpi } from '../../api.js';
import { formatDifference, formatValue } from '../../format.js';
import type { I18n } from '../../i18n/index.js';

/** An agent against the rest of their team, on the statistic shown: `difference = value − rest.value`. */
export type AgentComparison = NonNullable<KpiValue['comparison']>;

/** The statistic an agent is compared on: the one the indicator shows. */
export type Statistic = AgentComparison['statistic'];

/** The statistic a KPI's value is, for a heading before any comparison is at hand; none for a count. */
export function statisticOf(kpi: Pick<CatalogKpi, 'format' | 'defaultStat'>): Statistic | null {
  switch (kpi.format) {
    case 'percent':
      return 'share';
    case 'nps':
      return 'nps';
    case 'duration':
      return kpi.defaultStat === 'p90' ? 'p90' : kpi.defaultStat === 'mean' ? 'mean' : 'median';
    case 'score':
      return 'mean';
    case 'count':
    case 'money':
    case 'rate':
      return null;
  }
}

export function comparisonOf(row: Pick<ScorecardKpi, 'value'>): AgentComparison | null {
  return row.value.comparison ?? null;
}

/**
 * How an agent's figure is judged against the rest of the team: better or worse only when the
 * difference is clear and rests on enough contacts or answers to rank (a clear-looking difference
 * on two answers is not news); `tooFew` when it does not.
 */
export function judgementOf(
  row: Pick<ScorecardKpi, 'value' | 'coaching'>,
): 'better' | 'worse' | 'tooFew' | null {
  if (!row.value.comparison?.clear || row.coaching.direction === null) return null;
  if (!enoughToRank(row.value.n)) return 'tooFew';
  return row.coaching.direction;
}

/**
 * The rest-of-team figure the difference is computed from: the comparison's own (the same statistic
 * as the agent's value), else the rest of the team's value.
 */
export function restFigure(row: ScorecardKpi): { value: number | null; n: number; withheld: boolean } | null {
  if (row.rest?.withheld) return { value: null, n: 0, withheld: true };
  const compared = comparisonOf(row)?.rest;
  if (compared) return { ...compared, withheld: false };
  return row.rest ? { value: row.rest.value, n: row.rest.n, withheld: false } : null;
}

/** "First response time (median)": the statistic named where the indicator is one of several. */
export function kpiWithStatistic(
  i18n: Pick<I18n, 't' | 'kpiName'>,
  kpiId: string,
  statistic: Statistic | null,
): string {
  // A count and an NPS are their own statistic: "Net Promoter Score (NPS)" would say nothing more.
  if (statistic === null || statistic === 'nps') return i18n.kpiName(kpiId);
  return i18n.t('agents.kpiWithStatistic', {
    kpi: i18n.kpiName(kpiId),
    statistic: i18n.t(`agents.statistic.${statistic}`),
  });
}

/** A size without a sign, in the unit the reader checks it in: `6 min`, `4.2 pp`, `14 points`. */
function magnitude(locale: string, kpi: Pick<CatalogKpi, 'format'>, size: number, pointUnit: string): string {
  return formatDifference(locale, kpi.format, Math.abs(size), pointUnit).replace(/^[+±]\s?/, '');
}

/**
 * Why an agent stands out on an indicator, in words that check by hand against the table beside
 * it: the agent's value, the rest of the team's value of the same statistic, how far apart they are
 * and the interval of that distance. Null when the difference is not clear.
 */
export function coachingReason(
  i18n: Pick<I18n, 't' | 'kpiName' | 'locale'>,
  kpi: Pick<CatalogKpi, 'id' | 'format' | 'defaultStat'>,
  row: ScorecardKpi,
): string | null {
  const c = comparisonOf(row);
  if (!c?.clear || c.difference === 0) return null;
  const { t, locale } = i18n;
  const rest = restFigure(row);
  const pointUnit = kpi.format === 'percent' ? t('unit.pp') : t('unit.points');
  const higher = c.difference > 0;
  // Durations are times the reader waits or works: shorter is "faster" whichever KPI it is.
  const way = kpi.format === 'duration' ? (higher ? 'slower' : 'faster') : higher ? 'higher' : 'lower';
  // The interval of the distance, nearest end first: a clear interval lies on one side of zero.
  const [near, far] = higher ? [c.low, c.high] : [c.high, c.low];
  return t(`agents.reason.${way}`, {
    kpi: kpiWithStatistic(i18n, kpi.id, c.statistic),
    value: formatValue(locale, kpi.format, row.value.value),
    rest: rest?.withheld ? t('value.withheld') : formatValue(locale, kpi.format, rest?.value),
    difference: magnitude(locale, kpi, c.difference, pointUnit),
    low: magnitude(locale, kpi, near, pointUnit),
    high: magnitude(locale, kpi, far, pointUnit),
  });
}
