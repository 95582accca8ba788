import {
  bonferroniConfidence,
  type Comparison,
  compareCounts,
  compareMeans,
  compareNps,
  compareProportions,
  compareQuantiles,
  meanInterval,
  npsFromCounts,
  type QuantileEstimate,
  wilsonInterval,
} from '../stats.js';
import { aggregateColumn, CARRIED, type QuantileBracket, restPart } from './compile.js';
import type { DurationStat, KpiDefinition } from './define.js';
import type { ComparedStatistic, KpiChange, KpiValue } from './query.js';

/** The additive aggregates of one KPI in one group, as the engine returned them. */
export type Aggregates = Record<string, number>;

export function readAggregates(kpi: KpiDefinition, row: Record<string, unknown>): Aggregates {
  const prefix = `${kpi.id}__`;
  const out: Aggregates = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith(prefix))
      out[key.slice(prefix.length)] = value === null || value === undefined ? Number.NaN : Number(value);
  }
  return out;
}

const num = (a: Aggregates, part: string) => {
  const v = a[part];
  return v === undefined || Number.isNaN(v) ? 0 : v;
};
const orNull = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);

function sampleSd(n: number, sum: number, sumsq: number): number {
  if (n < 2) return 0;
  return Math.sqrt(Math.max(0, (sumsq - (sum * sum) / n) / (n - 1)));
}

/**
 * Whether the rows of a group carry none of what the KPI's `missing` names (see `carriedRows` in
 * compile.ts): its value is then empty, not 0, and the result says what is missing.
 */
export function lacksData(kpi: KpiDefinition, a: Aggregates): boolean {
  return kpi.missing !== undefined && num(a, CARRIED) === 0;
}

/** Turns aggregates into the value a user sees: value, n and, for shares and scores, an interval. */
export function kpiValue(kpi: KpiDefinition, a: Aggregates): KpiValue {
  const measure = kpi.value;
  switch (measure.kind) {
    case 'count':
    case 'stock':
      return { value: lacksData(kpi, a) ? null : num(a, 'n'), n: num(a, 'n') };
    case 'quotient': {
      // No interval: a sum of money or hours is no count of trials.
      const n = num(a, 'den');
      const value = n > 0 && !lacksData(kpi, a) ? ((measure.scale ?? 1) * num(a, 'num')) / n : null;
      return { value, n };
    }
    case 'ratio': {
      const x = num(a, 'num');
      const n = num(a, 'den');
      // A rate of minutes over minutes may pass 1 (conformance: worked over scheduled): no share, no interval.
      const interval = x <= n ? wilsonInterval(x, n) : null;
      return { value: n > 0 ? x / n : null, n, low: interval?.low ?? null, high: interval?.high ?? null };
    }
    case 'duration':
      return { value: num(a, 'n') > 0 ? orNull(a.v) : null, n: num(a, 'n') };
    case 'mean': {
      const n = num(a, 'n');
      if (n === 0) return { value: null, n, low: null, high: null };
      const mean = num(a, 'sum') / n;
      const interval = meanInterval(mean, sampleSd(n, num(a, 'sum'), num(a, 'sumsq')), n);
      return { value: mean, n, low: interval?.low ?? null, high: interval?.high ?? null };
    }
    case 'nps': {
      const result = npsFromCounts(num(a, 'p'), num(a, 'd'), num(a, 'n'));
      return {
        value: result?.value ?? null,
        n: num(a, 'n'),
        low: result?.low ?? null,
        high: result?.high ?? null,
      };
    }
    default: {
      const unreachable: never = measure;
      throw new Error(`unknown measure: ${JSON.stringify(unreachable)}`);
    }
  }
}

export function subtractAggregates(total: Aggregates, part: Aggregates): Aggregates {
  const out: Aggregates = {};
  for (const key of Object.keys(total)) out[key] = num(total, key) - num(part, key);
  return out;
}

export function addAggregates(into: Aggregates, part: Aggregates): void {
  for (const key of Object.keys(part)) into[key] = num(into, key) + num(part, key);
}

/** The statistic a KPI's value is, as its comparisons name it. */
export function comparedStatistic(kpi: KpiDefinition, stat: DurationStat | null): ComparedStatistic | null {
  switch (kpi.value.kind) {
    case 'ratio':
      return 'share';
    case 'nps':
      return 'nps';
    case 'mean':
      return 'mean';
    case 'duration':
      return stat ?? kpi.value.defaultStat;
    case 'count':
    case 'stock':
    case 'quotient':
      return null;
    default: {
      const unreachable: never = kpi.value;
      throw new Error(`unknown measure: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A quantile with its bracket, from aggregates holding `v`, `below`, `above` and `n`. */
function quantileEstimate(a: Aggregates): QuantileEstimate | null {
  const [value, below, above] = [orNull(a.v), orNull(a.below), orNull(a.above)];
  if (value === null || below === null || above === null) return null;
  return { value, below, above, n: num(a, 'n') };
}

/**
 * The aggregates of the rest of an agent's team, in the shape of the agent's own: for a quantile,
 * the ones the database computed over the others' rows (see `withTeamRest` in compile.ts); otherwise
 * the team's sums less the agent's, and for a mean duration its mean recomputed from them.
 */
export function restAggregates(
  kpi: KpiDefinition,
  quantile: QuantileBracket | null,
  agent: Aggregates,
  teamTotal: Aggregates,
): Aggregates {
  if (kpi.value.kind === 'duration' && quantile)
    return {
      v: agent[restPart('v')] ?? Number.NaN,
      below: agent[restPart('below')] ?? Number.NaN,
      above: agent[restPart('above')] ?? Number.NaN,
      n: num(agent, restPart('n')),
    };
  const rest = subtractAggregates(teamTotal, agent);
  if (kpi.value.kind === 'duration')
    rest.v = num(rest, 'n') > 0 ? num(rest, 'sum') / num(rest, 'n') : Number.NaN;
  return rest;
}

/**
 * The difference between two groups' values of a KPI — an agent and the rest of their team, or one
 * period and the one before — on the statistic that is shown: shares with Newcombe's interval, NPS
 * on the SE of the difference, means (scores, and durations shown as a mean) by Welch, a median or
 * p90 by the sparsity SE of each quantile (see `compareQuantiles`). Null for counts, and when a
 * group is too small to estimate its spread.
 */
function compareValues(
  kpi: KpiDefinition,
  quantile: QuantileBracket | null,
  first: Aggregates,
  second: Aggregates,
  confidence: number,
): Comparison | null {
  const measure = kpi.value;
  switch (measure.kind) {
    case 'ratio':
      // A rate of minutes over minutes that passes 1 (conformance) is no share: nothing to compare.
      if (num(first, 'num') > num(first, 'den') || num(second, 'num') > num(second, 'den')) return null;
      return compareProportions(
        num(first, 'num'),
        num(first, 'den'),
        num(second, 'num'),
        num(second, 'den'),
        confidence,
      );
    case 'nps':
      return compareNps(
        num(first, 'p'),
        num(first, 'd'),
        num(first, 'n'),
        num(second, 'p'),
        num(second, 'd'),
        num(second, 'n'),
        confidence,
      );
    case 'duration':
    case 'mean': {
      if (quantile) {
        const [a, b] = [quantileEstimate(first), quantileEstimate(second)];
        return a && b ? compareQuantiles(quantile.p, quantile.h, a, b, confidence) : null;
      }
      const [n1, n2] = [num(first, 'n'), num(second, 'n')];
      if (n1 < 2 || n2 < 2) return null;
      return compareMeans(
        num(first, 'sum') / n1,
        sampleSd(n1, num(first, 'sum'), num(first, 'sumsq')),
        n1,
        num(second, 'sum') / n2,
        sampleSd(n2, num(second, 'sum'), num(second, 'sumsq')),
        n2,
        confidence,
      );
    }
    case 'count':
    case 'stock':
    case 'quotient':
      return null;
    default: {
      const unreachable: never = measure;
      throw new Error(`unknown measure: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** An agent's comparison with the rest of their team, all but whom it is against (`against`). */
export type AgentComparison = Omit<NonNullable<KpiValue['comparison']>, 'against'>;

/**
 * An agent against the rest of their team (`rest`, see `restAggregates`), on the statistic shown;
 * `comparisons` applies Bonferroni. `difference` is the agent's value less the rest's, as shown, so
 * the two figures and their difference can be checked against each other by hand.
 */
export function compareAgainst(
  kpi: KpiDefinition,
  stat: DurationStat | null,
  quantile: QuantileBracket | null,
  agent: Aggregates,
  rest: Aggregates,
  comparisons: number,
): AgentComparison | null {
  const statistic = comparedStatistic(kpi, stat);
  if (statistic === null) return null;
  const confidence = bonferroniConfidence(0.95, Math.max(1, comparisons));
  const compared = compareValues(kpi, quantile, agent, rest, confidence);
  const value = kpiValue(kpi, agent).value;
  const restValue = kpiValue(kpi, rest);
  if (!compared || value === null || restValue.value === null) return null;
  return {
    statistic,
    rest: { value: restValue.value, n: restValue.n },
    ...compared,
    difference: value - restValue.value,
  };
}

/**
 * A value's change from the previous period, with the 95 % interval of the difference where the
 * statistic has one (see `compareValues`); counts and stocks have none and are judged as Poisson
 * counts (`compareCounts`). Null unless both values are shown. `clear`: the interval excludes 0
 * (and the test agrees: an interval of no width, where neither period varies, is never clear).
 */
export function changeBetween(
  kpi: KpiDefinition,
  quantile: QuantileBracket | null,
  current: { value: KpiValue; aggregates: Aggregates },
  previous: { value: number | null; aggregates: Aggregates },
): KpiChange | null {
  if (current.value.value === null || previous.value === null) return null;
  const difference = current.value.value - previous.value;
  // Money and rates are sums of amounts or hours, no counts of events: no Poisson judgement of them.
  const eventCount = kpi.format !== 'money' && kpi.format !== 'rate';
  if (eventCount && (kpi.value.kind === 'count' || kpi.value.kind === 'stock')) {
    const counted = compareCounts(current.value.value, previous.value);
    return { difference, low: null, high: null, clear: counted.clear };
  }
  const compared = compareValues(kpi, quantile, current.aggregates, previous.aggregates, 0.95);
  if (!compared) return { difference, low: null, high: null, clear: false };
  return { difference, low: compared.low, high: compared.high, clear: compared.clear };
}

export { aggregateColumn };

/** A value with its numbers taken out and its shape kept: see `KpiValue.withheld`. */
export function withheldValue(value: KpiValue): KpiValue {
  const hidden: KpiValue = { value: null, n: 0, withheld: true };
  if ('low' in value) Object.assign(hidden, { low: null, high: null });
  return hidden;
}
