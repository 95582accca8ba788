import { count, defineKpi, type KpiDefinition, ratio } from '../define.js';
import { and, col, eq, isNotNull, isTrue } from '../expr.js';

/**
 * Only reviews of the sample count: calibration reviews measure the reviewers, not the agents, and
 * an agent's review of their own conversation is for their reflection — counted, it would let an
 * agent raise their own IQS.
 */
const reviewsOnly = eq(col('kind'), 'review');
const scored = and(reviewsOnly, isNotNull(col('score')));

/** The quality-review indicators (IQS first), in the order the dashboard lists them. */
export const QA_KPIS: readonly KpiDefinition[] = [
  defineKpi({
    id: 'qa_score',
    label: 'Internal quality score (IQS)',
    definition:
      'Mean review score. A category scores (picked − min) ÷ (max − min), not applicable leaves it out; a review scores the weighted mean of its categories; a critical category below its pass mark (50 % by default) makes the review 0, or only its group when the scorecard says so. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted; credited to the reviewed agent.',
    source: 'qa_review_facts',
    timeColumn: 'reviewed_at',
    where: scored,
    value: { kind: 'mean', column: 'score' },
    format: 'percent',
    better: 'higher',
    options: '--by qa_scorecard, qa_reviewer; qa_category_score per category.',
  }),
  defineKpi({
    id: 'qa_category_score',
    label: 'Quality score per category',
    definition:
      'Mean category score, (picked − min) ÷ (max − min), of the rated categories; not applicable is left out, and a failed critical category counts as rated (it does not zero the others here). Self-reviews and calibration reviews are left out. Group by qa_category to see each. Placed in the period the review was submitted.',
    source: 'qa_rating_facts',
    timeColumn: 'reviewed_at',
    where: and(reviewsOnly, isNotNull(col('category_score'))),
    value: { kind: 'mean', column: 'category_score' },
    format: 'percent',
    better: 'higher',
    options: '--by qa_category.',
  }),
  defineKpi({
    id: 'qa_reviews',
    label: 'Quality reviews',
    definition:
      'Reviews submitted (self-reviews and calibration reviews left out). Placed in the period the review was submitted; credited to the reviewed agent.',
    source: 'qa_review_facts',
    timeColumn: 'reviewed_at',
    where: reviewsOnly,
    value: count(),
    format: 'count',
    better: 'neutral',
  }),
  defineKpi({
    id: 'qa_pass_rate',
    label: 'Reviews passed',
    definition:
      'Scored reviews at or above their pass mark (80 % by default) ÷ scored reviews. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted.',
    source: 'qa_review_facts',
    timeColumn: 'reviewed_at',
    where: scored,
    value: ratio(count(isTrue('passed')), count()),
    format: 'percent',
    better: 'higher',
  }),
  defineKpi({
    id: 'qa_critical_fail_rate',
    label: 'Critical fails',
    definition:
      'Reviews with a critical category scored below its pass mark ÷ reviews. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted.',
    source: 'qa_review_facts',
    timeColumn: 'reviewed_at',
    where: reviewsOnly,
    value: ratio(count(isTrue('critical_failed')), count()),
    format: 'percent',
    better: 'lower',
  }),
  defineKpi({
    id: 'qa_dispute_rate',
    label: 'Reviews disputed',
    definition:
      'Reviews the reviewed agent disputed (whatever the outcome) ÷ reviews. Self-reviews and calibration reviews are left out. Placed in the period the review was submitted.',
    source: 'qa_review_facts',
    timeColumn: 'reviewed_at',
    where: reviewsOnly,
    value: ratio(count(isTrue('disputed')), count()),
    format: 'percent',
    better: 'lower',
  }),
  defineKpi({
    id: 'qa_coverage',
    label: 'Review coverage',
    definition:
      'Contacts handled by an agent (with an assignee) that have at least one review (self-reviews and calibration left out) ÷ contacts handled by an agent. Placed in the period the contact was created.',
    source: 'qa_contact_facts',
    timeColumn: 'created_at',
    value: ratio(count(isTrue('reviewed')), count()),
    format: 'percent',
    better: 'higher',
  }),
  defineKpi({
    id: 'qa_calibration_agreement',
    label: 'Calibration agreement',
    definition:
      'Pairs of reviewers in a calibration session who gave a category of the same conversation the same rating (both not applicable counts as the same) ÷ such pairs: percentage agreement. Each pair counts once from each reviewer’s side, so it can be grouped by reviewer. Krippendorff’s alpha is on the calibration session’s page. Sessions still open are left out: their reviews are blind. Placed in the period the later of the two reviews was submitted.',
    source: 'qa_calibration_pair_facts',
    timeColumn: 'reviewed_at',
    value: ratio(count(isTrue('agreed')), count()),
    format: 'percent',
    better: 'higher',
  }),
  defineKpi({
    id: 'qa_check_hit_rate',
    label: 'Automatic check hits',
    definition:
      'Checked contacts handled by an agent on which an automatic check hit (a missing greeting, a forbidden phrase, a slow reply …) ÷ checked contacts, per enabled check; group by qa_check to see each. Placed in the period the contact was created.',
    source: 'qa_check_facts',
    timeColumn: 'created_at',
    value: ratio(count(isTrue('hit')), count()),
    format: 'percent',
    better: 'lower',
    options: '--by qa_check.',
  }),
];
