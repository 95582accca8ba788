/**
 * The statistics behind the alert rules: whether a threshold is crossed, whether an indicator is
 * clearly worse than its baseline, and whether the last hour is a spike against the same hour of
 * the past weeks. Each answers `holds: null` when there is too little data to say, and a rule with
 * no verdict neither fires nor recovers.
 */
import type { AlertCheck } from '../../services/alerts/contract.js';
import { normalQuantile } from '../stats.js';

/** How a number is written in an alert's message: shares as percent, the rest rounded. */
export type ValueFormat = 'percent' | 'seconds' | 'plain';

export function formatValue(value: number | null, format: ValueFormat): string {
  if (value === null) return '—';
  if (format === 'percent') return `${(value * 100).toFixed(1)} %`;
  if (format === 'seconds') return value >= 120 ? `${(value / 60).toFixed(1)} min` : `${Math.round(value)} s`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export interface ThresholdInput {
  label: string;
  value: number | null;
  n: number;
  comparison: 'below' | 'above';
  threshold: number;
  minN: number;
  windowHours: number;
  format: ValueFormat;
}

/** The indicator over the window beyond the threshold, judged only with at least `minN` behind it. */
export function thresholdCheck(input: ThresholdInput): AlertCheck {
  const { label, value, n, comparison, threshold, minN, format } = input;
  const shown = `${label} ${formatValue(value, format)} over the last ${input.windowHours} h (n = ${n})`;
  if (value === null || n < minN)
    return {
      holds: null,
      value,
      n,
      reference: threshold,
      message: `${shown}: fewer than ${minN}, no verdict`,
    };
  const holds = comparison === 'below' ? value < threshold : value > threshold;
  return {
    holds,
    value,
    n,
    reference: threshold,
    message: `${shown}, ${holds ? '' : 'not '}${comparison} ${formatValue(threshold, format)}`,
  };
}

/**
 * What the baseline test compares: a share (successes of n) or a mean with its standard error.
 * A share's baseline n comes from the baseline row; a mean's baseline error, which the kept
 * baseline does not carry, is taken as the window's spread over the baseline's n.
 */
export type BaselineMeasure =
  | { kind: 'share'; value: number; n: number; baseline: number; baselineN: number }
  | { kind: 'mean'; value: number; n: number; standardError: number; baseline: number; baselineN: number };

export interface BaselineInput {
  label: string;
  measure: BaselineMeasure | null;
  better: 'higher' | 'lower';
  minN: number;
  confidence: number;
  windowHours: number;
  format: ValueFormat;
}

/**
 * One-sided z of the window against the baseline, positive where the window is worse.
 *
 * Shares: the two-proportion z-test with the pooled share, z = (p₁ − p₀) / √(p̄(1 − p̄)(1/n₁ + 1/n₀)).
 * Means: a Welch-style z, z = (m₁ − m₀) / √(se₁² + se₀²), where se₁ comes from the KPI engine's
 * interval of the window and se₀ = se₁·√(n₁/n₀) (the same spread over the baseline's n).
 * The sign is turned so that a worse value (lower where higher is better) gives a positive z.
 */
export function worseningZ(measure: BaselineMeasure, better: 'higher' | 'lower'): number | null {
  const sign = better === 'higher' ? -1 : 1;
  if (measure.kind === 'share') {
    const { value, n, baseline, baselineN } = measure;
    if (n <= 0 || baselineN <= 0) return null;
    const pooled = (value * n + baseline * baselineN) / (n + baselineN);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / baselineN));
    if (!(se > 0))
      return value === baseline ? 0 : sign * Math.sign(value - baseline) * Number.POSITIVE_INFINITY;
    return (sign * (value - baseline)) / se;
  }
  const { value, n, standardError, baseline, baselineN } = measure;
  if (n <= 1 || baselineN <= 0 || !(standardError >= 0)) return null;
  const baselineError = standardError * Math.sqrt(n / baselineN);
  const se = Math.hypot(standardError, baselineError);
  if (!(se > 0))
    return value === baseline ? 0 : sign * Math.sign(value - baseline) * Number.POSITIVE_INFINITY;
  return (sign * (value - baseline)) / se;
}

/**
 * The window clearly worse than the baseline: the one-sided test at `confidence` (0.95: z ≥ 1.645)
 * rejects "no worse". A change for the better never fires.
 */
export function baselineCheck(input: BaselineInput): AlertCheck {
  const { label, measure, better, minN, confidence, format } = input;
  if (measure === null)
    return {
      holds: null,
      value: null,
      n: null,
      reference: null,
      message: `${label}: no value or no baseline to compare, no verdict`,
    };
  const shown = `${label} ${formatValue(measure.value, format)} over the last ${input.windowHours} h (n = ${measure.n}) against the baseline ${formatValue(measure.baseline, format)} (n = ${measure.baselineN})`;
  const base = { value: measure.value, n: measure.n, reference: measure.baseline };
  if (measure.n < minN) return { ...base, holds: null, message: `${shown}: fewer than ${minN}, no verdict` };
  const z = worseningZ(measure, better);
  if (z === null) return { ...base, holds: null, message: `${shown}: too little data to test, no verdict` };
  const critical = normalQuantile(confidence);
  const holds = z >= critical;
  const level = `${Math.round(confidence * 1000) / 10} %`;
  return {
    ...base,
    holds,
    message: holds
      ? `${shown}: clearly worse (z = ${z.toFixed(2)} ≥ ${critical.toFixed(2)}, ${level} confidence)`
      : `${shown}: not clearly worse (z = ${Number.isFinite(z) ? z.toFixed(2) : String(z)} < ${critical.toFixed(2)})`,
  };
}

/** One hour: the contacts, and for abandonment the calls and chats offered and those abandoned. */
export interface HourCount {
  count: number;
  abandoned?: number;
}

export interface AnomalyInput {
  metric: 'volume' | 'abandonment';
  observed: HourCount;
  /** The same hour of the same weekday in each of the past weeks. */
  history: readonly HourCount[];
  sensitivity: number;
  minExpected: number;
  /** The hour, as the message names it: "Tuesday 10:00–11:00". */
  hourLabel: string;
}

/**
 * The last hour against the expected level of that hour of the week, the mean of the same hour in
 * the past weeks. Volume: Poisson, z = (observed − expected) / √expected. Abandonment: binomial on
 * the hour's offered contacts with the past weeks' share p₀ (smoothed by half a contact so that a
 * history without abandons still has a spread), z = (x − n·p₀) / √(n·p₀(1 − p₀)). Only a rise (the
 * worse side) counts; an expected level (or, for abandonment, the hour's offered) below
 * `minExpected` gives no verdict.
 */
export function anomalyCheck(input: AnomalyInput): AlertCheck {
  const { metric, observed, history, sensitivity, minExpected, hourLabel } = input;
  if (history.length === 0)
    return {
      holds: null,
      value: null,
      n: null,
      reference: null,
      message: `${hourLabel}: no past weeks to compare`,
    };
  const expectedCount = history.reduce((sum, h) => sum + h.count, 0) / history.length;
  if (metric === 'volume') {
    const head = `Contacts ${hourLabel}: ${observed.count} against ${expectedCount.toFixed(1)} expected`;
    if (expectedCount < minExpected)
      return {
        holds: null,
        value: observed.count,
        n: observed.count,
        reference: expectedCount,
        message: `${head}: fewer than ${minExpected} expected, no verdict`,
      };
    const z = (observed.count - expectedCount) / Math.sqrt(expectedCount);
    const holds = z >= sensitivity;
    return {
      holds,
      value: observed.count,
      n: observed.count,
      reference: expectedCount,
      message: `${head} (z = ${z.toFixed(1)}${holds ? ' ≥ ' : ' < '}${sensitivity})`,
    };
  }
  const offered = history.reduce((sum, h) => sum + h.count, 0);
  const abandoned = history.reduce((sum, h) => sum + (h.abandoned ?? 0), 0);
  const p0 = (abandoned + 0.5) / (offered + 1);
  const n = observed.count;
  const x = observed.abandoned ?? 0;
  const share = n > 0 ? x / n : null;
  const head = `Abandonment ${hourLabel}: ${formatValue(share, 'percent')} of ${n} against ${formatValue(p0, 'percent')} expected`;
  if (expectedCount < minExpected || n < minExpected)
    return {
      holds: null,
      value: share,
      n,
      reference: p0,
      message: `${head}: fewer than ${minExpected} contacts, no verdict`,
    };
  const z = (x - n * p0) / Math.sqrt(n * p0 * (1 - p0));
  const holds = z >= sensitivity;
  return {
    holds,
    value: share,
    n,
    reference: p0,
    message: `${head} (z = ${z.toFixed(1)}${holds ? ' ≥ ' : ' < '}${sensitivity})`,
  };
}
