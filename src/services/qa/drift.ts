/**
 * Reviewer drift: a reviewer whose scores differ clearly from the other reviewers' on comparable
 * conversations (the same scorecard and channel). Calibration reviews are left out: they are the
 * place drift is measured on purpose, and their session shows it.
 */
import type { Engine } from '../../core/engine.js';
import { studentTCdf } from '../../core/stats.js';
import { sqlInstant } from '../audit.js';
import type { ReviewerDrift } from './contract.js';

/** Drift is shown when the difference is both unlikely by chance and large enough to matter. */
export const DRIFT_P_VALUE = 0.05;
export const DRIFT_DIFFERENCE = 0.1;

interface Sample {
  n: number;
  mean: number;
  /** Sample variance (n − 1); 0 for a single score. */
  variance: number;
}

function sample(scores: readonly number[]): Sample {
  const n = scores.length;
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? 0 : scores.reduce((a, s) => a + (s - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

/**
 * Welch's t-test, two-sided: the p-value that two samples' means differ as much by chance. Null
 * with fewer than two scores on either side; with no spread at all, 0 for different means and 1
 * for equal ones.
 */
export function welchPValue(a: readonly number[], b: readonly number[]): number | null {
  if (a.length < 2 || b.length < 2) return null;
  const x = sample(a);
  const y = sample(b);
  const va = x.variance / x.n;
  const vb = y.variance / y.n;
  const se2 = va + vb;
  if (se2 === 0) return x.mean === y.mean ? 1 : 0;
  const t = (x.mean - y.mean) / Math.sqrt(se2);
  const df = se2 ** 2 / (va ** 2 / (x.n - 1) + vb ** 2 / (y.n - 1));
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
}

/**
 * Every reviewer with scored reviews in [from, to) who has others to compare with, the largest
 * difference first. The others are the other reviewers' reviews with the scorecards and channels
 * this reviewer reviewed.
 */
export async function reviewerDrift(
  engine: Engine,
  range: { from: Date; to: Date },
): Promise<ReviewerDrift[]> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT reviewer_id, scorecard_id, channel, score FROM qa_review_facts
     WHERE kind <> 'calibration' AND score IS NOT NULL
       AND reviewed_at >= CAST(${p(1)} AS TIMESTAMP) AND reviewed_at < CAST(${p(2)} AS TIMESTAMP)`,
    [sqlInstant(range.from), sqlInstant(range.to)],
  );
  const stratumOf = (row: Record<string, unknown>) =>
    JSON.stringify([row.scorecard_id ?? null, row.channel ?? null]);
  const byReviewer = new Map<string, { scores: number[]; strata: Set<string> }>();
  for (const row of rows) {
    const reviewer = String(row.reviewer_id);
    const entry = byReviewer.get(reviewer) ?? { scores: [], strata: new Set<string>() };
    entry.scores.push(Number(row.score));
    entry.strata.add(stratumOf(row));
    byReviewer.set(reviewer, entry);
  }
  const drift: ReviewerDrift[] = [];
  for (const [reviewerId, own] of byReviewer) {
    const others = rows
      .filter((row) => String(row.reviewer_id) !== reviewerId && own.strata.has(stratumOf(row)))
      .map((row) => Number(row.score));
    if (others.length === 0) continue;
    const meanScore = sample(own.scores).mean;
    const othersMeanScore = sample(others).mean;
    const difference = meanScore - othersMeanScore;
    const pValue = welchPValue(own.scores, others);
    drift.push({
      reviewerId,
      reviews: own.scores.length,
      meanScore,
      othersMeanScore,
      difference,
      pValue,
      drifting: pValue !== null && pValue < DRIFT_P_VALUE && Math.abs(difference) >= DRIFT_DIFFERENCE,
    });
  }
  return drift.sort(
    (a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.reviewerId.localeCompare(b.reviewerId),
  );
}
