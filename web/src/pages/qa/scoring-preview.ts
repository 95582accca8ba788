/**
 * The review screen's live score: the ratings picked so far, scored by the same pure function that
 * mirrors the review facts view (src/core/qa/scoring.ts), so the preview and the stored score agree.
 */

import { type QaScale, scaleRange } from '../../../../src/core/qa/scale.js';
import { type ReviewScore, scoreReview } from '../../../../src/core/qa/scoring.js';
import type { ScorecardDefinition } from './api.js';

export interface PickedRating {
  /** undefined: not rated yet; null: not applicable. */
  rating: number | null | undefined;
}

/** The points of a scale, lowest first. */
export function scalePoints(scale: QaScale): number[] {
  const { min, max } = scaleRange(scale);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/** The score so far: categories not rated yet count in nothing, as if they were not applicable. */
export function previewScore(
  definition: ScorecardDefinition,
  picked: Readonly<Record<string, PickedRating | undefined>>,
): ReviewScore {
  const ratings = definition.categories.flatMap((category) => {
    const rating = picked[category.id]?.rating;
    if (rating === undefined) return [];
    const { min, max } = scaleRange(category.scale);
    return [
      {
        categoryId: category.id,
        groupId: category.group ?? null,
        rating,
        scaleMin: min,
        scaleMax: max,
        weight: category.weight,
        critical: category.critical,
        passMark: category.passMark,
      },
    ];
  });
  return scoreReview(ratings, { criticalScope: definition.criticalScope, passMark: definition.passMark });
}
