import { describe, expect, test } from 'vitest';
import { ENGINES, type EngineKind, withMigrated } from '../../../test/support/engines.js';
import type { Engine } from '../engine.js';
import { ScorecardDefinition } from './scorecard.js';
import { previewReview, type ScoredRatingInput, scoreReview } from './scoring.js';

const fivePoint = (categoryId: string, rating: number | null, extra: Partial<ScoredRatingInput> = {}) => ({
  categoryId,
  rating,
  scaleMin: 1,
  scaleMax: 5,
  ...extra,
});
const passFail = (categoryId: string, rating: number | null, extra: Partial<ScoredRatingInput> = {}) => ({
  categoryId,
  rating,
  scaleMin: 0,
  scaleMax: 1,
  ...extra,
});

/** Hand-worked reviews: the ratings, the options and the score they must give. */
const CASES: {
  name: string;
  ratings: ScoredRatingInput[];
  scope: 'review' | 'group';
  passMark?: number;
  importedScore?: number;
  score: number | null;
  passed: boolean;
  criticalFailed: boolean;
}[] = [
  {
    // tone 5 → 1, solution 3 → (3 − 1) ÷ 4 = 0.5 weighing 2, greeting not applicable:
    // (1 × 1 + 2 × 0.5) ÷ (1 + 2) = 2 ÷ 3.
    name: 'weighted mean, not applicable left out',
    ratings: [fivePoint('tone', 5), fivePoint('solution', 3, { weight: 2 }), fivePoint('greeting', null)],
    scope: 'review',
    score: 2 / 3,
    passed: false,
    criticalFailed: false,
  },
  {
    // accuracy failed (0 < 0.5) and critical: the whole review is 0 whatever tone says.
    name: 'a failed critical category makes the review 0',
    ratings: [passFail('accuracy', 0, { critical: true }), fivePoint('tone', 5)],
    scope: 'review',
    score: 0,
    passed: false,
    criticalFailed: true,
  },
  {
    // Group accuracy (accuracy failed, solution 5) counts 0 twice; style: tone 4 → 0.75.
    // (0 + 0 + 0.75) ÷ 3 = 0.25.
    name: 'with scope group only the failed group is 0',
    ratings: [
      passFail('accuracy', 0, { critical: true, groupId: 'correct' }),
      fivePoint('solution', 5, { groupId: 'correct' }),
      fivePoint('tone', 4, { groupId: 'style' }),
    ],
    scope: 'group',
    score: 0.25,
    passed: false,
    criticalFailed: true,
  },
  {
    // 1–3, rating 2 → 0.5: at the pass mark, not below it. (0.5 + 1) ÷ 2 = 0.75.
    name: 'a critical category at its pass mark does not fail',
    ratings: [
      { categoryId: 'policy', rating: 2, scaleMin: 1, scaleMax: 3, critical: true },
      fivePoint('tone', 5),
    ],
    scope: 'review',
    score: 0.75,
    passed: false,
    criticalFailed: false,
  },
  {
    // The critical pass mark raised to 0.8: 4 → 0.75 is below it.
    name: 'a critical category below a raised pass mark fails',
    ratings: [fivePoint('policy', 4, { critical: true, passMark: 0.8 }), fivePoint('tone', 5)],
    scope: 'review',
    score: 0,
    passed: false,
    criticalFailed: true,
  },
  {
    // (1 + 0.75) ÷ 2 = 0.875 ≥ 0.8 passes; against a pass mark of 0.9 it does not (next case).
    name: 'passes at the pass mark',
    ratings: [fivePoint('tone', 5), fivePoint('solution', 4)],
    scope: 'review',
    score: 0.875,
    passed: true,
    criticalFailed: false,
  },
  {
    name: 'fails below a raised pass mark',
    ratings: [fivePoint('tone', 5), fivePoint('solution', 4)],
    scope: 'review',
    passMark: 0.9,
    score: 0.875,
    passed: false,
    criticalFailed: false,
  },
  {
    name: 'every category not applicable: no score',
    ratings: [fivePoint('tone', null), passFail('accuracy', null, { critical: true })],
    scope: 'review',
    score: null,
    passed: false,
    criticalFailed: false,
  },
  {
    // A weight of 0 is shown but counts nowhere: only solution (0.5) is left.
    name: 'a category of weight 0 counts nowhere',
    ratings: [fivePoint('tone', 5, { weight: 0 }), fivePoint('solution', 3)],
    scope: 'review',
    score: 0.5,
    passed: false,
    criticalFailed: false,
  },
  {
    name: 'a review without ratings keeps its imported score',
    ratings: [],
    scope: 'review',
    importedScore: 0.9,
    score: 0.9,
    passed: true,
    criticalFailed: false,
  },
];

describe('scoreReview', () => {
  test.each(CASES)('$name', (c) => {
    const scored = scoreReview(c.ratings, {
      criticalScope: c.scope,
      passMark: c.passMark ?? null,
      importedScore: c.importedScore ?? null,
    });
    if (c.score === null) expect(scored.score).toBeNull();
    else expect(scored.score).toBeCloseTo(c.score, 12);
    expect(scored.passed).toBe(c.passed);
    expect(scored.criticalFailed).toBe(c.criticalFailed);
  });

  test('the preview reads scale, weight, group and critical flag from the scorecard', () => {
    const definition = ScorecardDefinition.parse({
      name: 'Support',
      criticalScope: 'group',
      groups: [{ id: 'correct', name: 'Correct' }],
      categories: [
        { id: 'accuracy', name: 'Accuracy', scale: 'pass_fail', critical: true, group: 'correct' },
        { id: 'solution', name: 'Solution', group: 'correct' },
        { id: 'tone', name: 'Tone', weight: 2 },
      ],
    });
    // accuracy failed: its group (accuracy, solution) is 0; tone 4 → 0.75 weighs 2. 1.5 ÷ 4 = 0.375.
    const preview = previewReview(definition, [
      { categoryId: 'accuracy', rating: 0 },
      { categoryId: 'solution', rating: 5 },
      { categoryId: 'tone', rating: 4 },
    ]);
    expect(preview.score).toBeCloseTo(0.375, 12);
    expect(preview.criticalFailed).toBe(true);
    expect(preview.categories.find((c) => c.categoryId === 'accuracy')).toEqual({
      categoryId: 'accuracy',
      categoryScore: 0,
      criticalFailed: true,
    });
  });
});

async function withEngine<T>(kind: EngineKind, work: (db: Engine) => Promise<T>): Promise<T> {
  return withMigrated(kind, work);
}

describe.each(ENGINES)('$kind: scoreReview equals the qa_review_facts view', (engine) => {
  test('every hand-worked case scores alike in the view', async () => {
    await withEngine(engine.kind, async (db) => {
      const p = db.dialect.placeholder;
      for (const [i, c] of CASES.entries()) {
        await db.run(
          `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id,
             kind, reviewed_at, score, pass_mark, critical_scope)
           VALUES ('servicemeter', ${p(1)}, 'desk', ${p(1)}, 'ann', 'lead', 'review',
             CAST('2026-03-02 10:00:00' AS TIMESTAMP), ${p(2)}, ${p(3)}, ${p(4)})`,
          [`r${i}`, c.importedScore ?? null, c.passMark ?? null, c.scope],
        );
        for (const r of c.ratings)
          await db.run(
            `INSERT INTO qa_ratings (source, review_external_id, category_id, group_id, rating, scale_min, scale_max,
               weight, critical, pass_mark)
             VALUES ('servicemeter', ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)})`,
            [
              `r${i}`,
              r.categoryId,
              r.groupId ?? null,
              r.rating,
              r.scaleMin,
              r.scaleMax,
              r.weight ?? null,
              r.critical ?? null,
              r.passMark ?? null,
            ],
          );
      }
      const rows = await db.all(
        'SELECT external_id, score, passed, critical_failed FROM qa_review_facts ORDER BY external_id',
      );
      expect(rows).toHaveLength(CASES.length);
      for (const [i, c] of CASES.entries()) {
        const row = rows.find((r) => r.external_id === `r${i}`);
        const mirrored = scoreReview(c.ratings, {
          criticalScope: c.scope,
          passMark: c.passMark ?? null,
          importedScore: c.importedScore ?? null,
        });
        const viewScore = row?.score === null ? null : Number(row?.score);
        if (mirrored.score === null) expect(viewScore, c.name).toBeNull();
        else expect(viewScore, c.name).toBeCloseTo(mirrored.score, 12);
        expect(Boolean(row?.passed), c.name).toBe(mirrored.passed);
        expect(Boolean(row?.critical_failed), c.name).toBe(mirrored.criticalFailed);
      }
    });
  });
});
