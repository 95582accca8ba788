/**
 * How far reviewers agree when they rate the same items: the share of reviewer pairs that gave the
 * same value, and Krippendorff's alpha, which corrects that share for the agreement chance alone
 * would give. Alpha follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
 * values are paired within each unit through a coincidence matrix, units with fewer than two values
 * are left out, and the metric (nominal, ordinal, interval) says how far apart two values are.
 *
 * A unit is one rated item (a contact's category in a calibration session) with one entry per
 * reviewer; null is a missing value.
 */

export type AgreementUnit = readonly (number | null)[];
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

export interface PercentAgreement {
  /** Reviewer pairs that rated the same unit, both with a value. */
  pairs: number;
  /** Share of those pairs with the same value; null without pairs. */
  agreement: number | null;
}

const present = (unit: AgreementUnit): number[] => unit.filter((v): v is number => v !== null);

export function percentAgreement(units: readonly AgreementUnit[]): PercentAgreement {
  let pairs = 0;
  let agreed = 0;
  for (const unit of units) {
    const values = present(unit);
    for (let i = 0; i < values.length; i++)
      for (let j = i + 1; j < values.length; j++) {
        pairs++;
        if (values[i] === values[j]) agreed++;
      }
  }
  return { pairs, agreement: pairs === 0 ? null : agreed / pairs };
}

/**
 * Krippendorff's alpha with the given metric; null when no unit has two values or when every value
 * is the same (no variation: the expected disagreement is 0 and alpha is undefined).
 */
export function krippendorffAlpha(units: readonly AgreementUnit[], metric: AlphaMetric): number | null {
  const pairable = units.map(present).filter((values) => values.length >= 2);
  const categories = [...new Set(pairable.flat())].sort((a, b) => a - b);
  if (categories.length < 2) return null;
  const index = new Map(categories.map((value, i) => [value, i]));
  const size = categories.length;
  // o[c][k]: the coincidences of values c and k, each unit weighing 1 ÷ (its values − 1) per pair.
  const coincidences = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const values of pairable) {
    const weight = 1 / (values.length - 1);
    for (let i = 0; i < values.length; i++)
      for (let j = 0; j < values.length; j++) {
        if (i === j) continue;
        const row = coincidences[index.get(values[i] as number) as number] as number[];
        const column = index.get(values[j] as number) as number;
        row[column] = (row[column] as number) + weight;
      }
  }
  const marginals = coincidences.map((row) => row.reduce((sum, n) => sum + n, 0));
  const total = marginals.reduce((sum, n) => sum + n, 0);
  const distance = squaredDistance(metric, categories, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++)
    for (let k = 0; k < size; k++) {
      const delta = distance(c, k);
      observed += (coincidences[c]?.[k] as number) * delta;
      expected += (marginals[c] as number) * (marginals[k] as number) * delta;
    }
  if (expected === 0) return null;
  return 1 - ((total - 1) * observed) / expected;
}

/** The metric's δ² between the values at positions c and k of the sorted values. */
function squaredDistance(
  metric: AlphaMetric,
  categories: readonly number[],
  marginals: readonly number[],
): (c: number, k: number) => number {
  switch (metric) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => ((categories[c] as number) - (categories[k] as number)) ** 2;
    case 'ordinal':
      // The ranks between the two values, each value's own half counted once: (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
      return (c, k) => {
        const [low, high] = c <= k ? [c, k] : [k, c];
        let between = 0;
        for (let g = low; g <= high; g++) between += marginals[g] as number;
        return (between - ((marginals[low] as number) + (marginals[high] as number)) / 2) ** 2;
      };
    default: {
      const unreachable: never = metric;
      throw new Error(`unknown metric: ${String(unreachable)}`);
    }
  }
}

/** Krippendorff's alpha for ordinal ratings (scorecard scales are ordered). */
export function krippendorffAlphaOrdinal(units: readonly AgreementUnit[]): number | null {
  return krippendorffAlpha(units, 'ordinal');
}
