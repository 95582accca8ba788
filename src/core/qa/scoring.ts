/**
 * A review's score, computed the way the qa_review_facts view computes it (migration 19), for the
 * review screen's live preview while the reviewer is still picking. The view stays the one place a
 * stored review is scored; a test holds the two equal on the same ratings.
 */
import type { QaCriticalScope } from '../schema.js';
import { scaleRange } from './scale.js';
import type { CategoryRating, ScorecardDefinition } from './scorecard.js';

/** One rating with what scores it, as qa_ratings keeps it. */
export interface ScoredRatingInput {
  categoryId: string;
  groupId?: string | null;
  /** null: not applicable. */
  rating: number | null;
  scaleMin: number;
  scaleMax: number;
  /** 1 when left out. */
  weight?: number | null;
  critical?: boolean | null;
  /** Share of the scale a critical category must reach; 0.5 when left out. */
  passMark?: number | null;
}

export interface CategoryScore {
  categoryId: string;
  /** (rating − min) ÷ (max − min); null when not applicable. */
  categoryScore: number | null;
  criticalFailed: boolean;
}

export interface ReviewScore {
  /** 0–1; null when nothing was rated (or, without ratings, no imported score). */
  score: number | null;
  passed: boolean;
  criticalFailed: boolean;
  categories: CategoryScore[];
}

const DEFAULT_CATEGORY_PASS_MARK = 0.5;
const DEFAULT_REVIEW_PASS_MARK = 0.8;

export function categoryScore(rating: ScoredRatingInput): number | null {
  if (rating.rating === null || rating.scaleMax <= rating.scaleMin) return null;
  return (rating.rating - rating.scaleMin) / (rating.scaleMax - rating.scaleMin);
}

/**
 * The review's score: the weighted mean of its category scores, not applicable left out; a critical
 * category below its pass mark makes the review 0 (scope review) or every category of its group 0
 * (scope group). A review without ratings keeps `importedScore`, as an imported one does.
 */
export function scoreReview(
  ratings: readonly ScoredRatingInput[],
  options: {
    criticalScope?: QaCriticalScope | null;
    passMark?: number | null;
    importedScore?: number | null;
  },
): ReviewScore {
  const scope = options.criticalScope ?? 'review';
  const passMark = options.passMark ?? DEFAULT_REVIEW_PASS_MARK;
  const categories = ratings.map((r): CategoryScore & { group: string; weight: number } => {
    const value = categoryScore(r);
    return {
      categoryId: r.categoryId,
      categoryScore: value,
      criticalFailed:
        (r.critical ?? false) && value !== null && value < (r.passMark ?? DEFAULT_CATEGORY_PASS_MARK),
      group: r.groupId ?? r.categoryId,
      weight: r.weight ?? 1,
    };
  });
  const failedGroups = new Set(categories.filter((c) => c.criticalFailed).map((c) => c.group));
  const criticalFailed = failedGroups.size > 0;
  let score: number | null;
  if (ratings.length === 0) score = options.importedScore ?? null;
  else if (criticalFailed && scope === 'review') score = 0;
  else {
    let weighted = 0;
    let ratedWeight = 0;
    for (const c of categories) {
      if (c.categoryScore === null) continue;
      weighted += scope === 'group' && failedGroups.has(c.group) ? 0 : c.weight * c.categoryScore;
      ratedWeight += c.weight;
    }
    score = ratedWeight === 0 ? null : weighted / ratedWeight;
  }
  return {
    score,
    passed: score !== null && score >= passMark,
    criticalFailed,
    categories: categories.map(({ categoryId, categoryScore, criticalFailed }) => ({
      categoryId,
      categoryScore,
      criticalFailed,
    })),
  };
}

/**
 * The ratings a reviewer picked on a scorecard, with the scale, weight, group and critical flag of
 * each category, as they are stored; categories not found in the scorecard are left out (checking
 * them is the reviews service's job).
 */
export function ratingsOnScorecard(
  definition: ScorecardDefinition,
  picked: readonly CategoryRating[],
): ScoredRatingInput[] {
  return picked.flatMap((p) => {
    const category = definition.categories.find((c) => c.id === p.categoryId);
    if (!category) return [];
    const { min, max } = scaleRange(category.scale);
    return [
      {
        categoryId: category.id,
        groupId: category.group ?? null,
        rating: p.rating,
        scaleMin: min,
        scaleMax: max,
        weight: category.weight,
        critical: category.critical,
        passMark: category.passMark,
      },
    ];
  });
}

/** The live preview of a review in progress on `definition`. */
export function previewReview(
  definition: ScorecardDefinition,
  picked: readonly CategoryRating[],
): ReviewScore {
  return scoreReview(ratingsOnScorecard(definition, picked), {
    criticalScope: definition.criticalScope,
    passMark: definition.passMark,
  });
}
