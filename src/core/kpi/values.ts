import {
  bonferroniConfidence,
  type Comparison,
  compareMeans,
  compareNps,
  compareProportions,
  meanInterval,
  npsFromCounts,
  wilsonInterval,
} from '../stats.js';
import { aggregateColumn } from './compile.js';
import type { KpiDefinition } from './define.js';
import type { KpiValue } from './query.js';

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

/** Turns aggregates into the value a user sees: value, n and, for shares and scores, an interval. */
export function kpiValue(kpi: KpiDefinition, a: Aggregates): KpiValue {
  const measure = kpi.value;
  switch (measure.kind) {
    case 'count':
    case 'stock':
      return { value: num(a, 'n'), n: num(a, 'n') };
    case 'ratio': {
      const x = num(a, 'num');
      const n = num(a, 'den');
      const interval = wilsonInterval(x, n);
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

/**
 * An agent against the rest of their team. Durations are compared on means (Welch), shares with
 * Newcombe's interval, NPS on the SE of the difference; `comparisons` applies Bonferroni.
 */
export function compareAgainst(
  kpi: KpiDefinition,
  agent: Aggregates,
  rest: Aggregates,
  comparisons: number,
): Comparison | null {
  const confidence = bonferroniConfidence(0.95, Math.max(1, comparisons));
  const measure = kpi.value;
  switch (measure.kind) {
    case 'ratio':
      return compareProportions(
        num(agent, 'num'),
        num(agent, 'den'),
        num(rest, 'num'),
        num(rest, 'den'),
        confidence,
      );
    case 'nps':
      return compareNps(
        num(agent, 'p'),
        num(agent, 'd'),
        num(agent, 'n'),
        num(rest, 'p'),
        num(rest, 'd'),
        num(rest, 'n'),
        confidence,
      );
    case 'duration':
    case 'mean': {
      const [n1, n2] = [num(agent, 'n'), num(rest, 'n')];
      if (n1 < 2 || n2 < 2) return null;
      return compareMeans(
        num(agent, 'sum') / n1,
        sampleSd(n1, num(agent, 'sum'), num(agent, 'sumsq')),
        n1,
        num(rest, 'sum') / n2,
        sampleSd(n2, num(rest, 'sum'), num(rest, 'sumsq')),
        n2,
        confidence,
      );
    }
    case 'count':
    case 'stock':
      return null;
    default: {
      const unreachable: never = measure;
      throw new Error(`unknown measure: ${JSON.stringify(unreachable)}`);
    }
  }
}

export { aggregateColumn };

/** A value with its numbers taken out and its shape kept: see `KpiValue.withheld`. */
export function withheldValue(value: KpiValue): KpiValue {
  const hidden: KpiValue = { value: null, n: 0, withheld: true };
  if ('low' in value) Object.assign(hidden, { low: null, high: null });
  return hidden;
}
