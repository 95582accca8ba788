import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { reviewerDrift, welchPValue } from './drift.js';

const CONTACTS = `source,external_id,channel,created_at,team_id,assignee_id
${Array.from({ length: 12 }, (_, i) => `desk,c${i},chat,2026-03-01T08:00:00Z,support,ann`).join('\n')}
${Array.from({ length: 6 }, (_, i) => `desk,e${i},email,2026-03-01T08:00:00Z,support,ann`).join('\n')}
`;

describe('welchPValue', () => {
  test("matches Welch's test worked by hand", () => {
    // Means 3 and 6, variances 2.5 and 10: se² = 2.5 ÷ 5 + 10 ÷ 5 = 2.5, t = −3 ÷ √2.5 = −1.897,
    // df = 2.5² ÷ (0.5² ÷ 4 + 2² ÷ 4) = 5.882; two-sided p = 0.1075 (R: t.test(x, y)).
    expect(welchPValue([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])).toBeCloseTo(0.1075, 3);
    expect(welchPValue([1], [2, 3])).toBeNull();
    expect(welchPValue([0.5, 0.5], [0.5, 0.5])).toBe(1);
    expect(welchPValue([1, 1], [0.5, 0.5])).toBe(0);
  });
});

describe('reviewer drift', () => {
  test('a lenient reviewer drifts from the others on the same scorecard and channel; calibration and other channels are left out', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'files'));
      await writeFile(join(dir, 'files', 'contacts.csv'), CONTACTS);
      await withDuckDb([join(dir, 'files')], async (db) => {
        let n = 0;
        const add = async (
          reviewer: string,
          contact: string,
          score: number,
          kind = 'review',
          scorecard = 'support',
        ) => {
          n += 1;
          await db.run(
            `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id, kind,
               scorecard_id, calibration_session_id, reviewed_at, score)
             VALUES ('servicemeter', 'r${n}', 'desk', '${contact}', 'ann', '${reviewer}', '${kind}', '${scorecard}',
               ${kind === 'calibration' ? "'cal'" : 'NULL'}, CAST('2026-03-02 10:00:00' AS TIMESTAMP), ${score})`,
          );
        };
        // Chat on scorecard support: easy gives 0.9–1, lead and coach 0.6–0.75.
        for (const [i, s] of [0.95, 0.9, 1, 0.95, 0.9, 1].entries()) await add('easy', `c${i}`, s);
        for (const [i, s] of [0.7, 0.65, 0.75].entries()) await add('lead', `c${i + 6}`, s);
        for (const [i, s] of [0.7, 0.6, 0.7].entries()) await add('coach', `c${i + 9}`, s);
        // Not comparable to easy: email (where lead scores high) and another scorecard.
        for (const i of [0, 1, 2]) await add('lead', `e${i}`, 1);
        await add('coach', 'c0', 1, 'review', 'phone');
        // Calibration reviews by easy, harsh on purpose: left out.
        for (const i of [3, 4, 5]) await add('easy', `e${i}`, 0, 'calibration');
        // Outside the range.
        await db.run(
          `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id, kind,
             scorecard_id, reviewed_at, score)
           VALUES ('servicemeter', 'old', 'desk', 'c1', 'ann', 'easy', 'review', 'support', CAST('2026-01-02 10:00:00' AS TIMESTAMP), 0)`,
        );

        const drift = await reviewerDrift(db, {
          from: new Date('2026-03-01T00:00:00Z'),
          to: new Date('2026-03-08T00:00:00Z'),
        });
        const easy = drift.find((d) => d.reviewerId === 'easy');
        // easy: mean 5.7 ÷ 6 = 0.95; the others on chat/support: (2.1 + 2.0) ÷ 6 = 0.6833…
        expect(easy).toMatchObject({ reviews: 6, drifting: true });
        expect(easy?.meanScore).toBeCloseTo(0.95, 12);
        expect(easy?.othersMeanScore).toBeCloseTo(4.1 / 6, 12);
        expect(easy?.difference).toBeCloseTo(0.95 - 4.1 / 6, 12);
        expect(easy?.pValue).toBeLessThan(0.001);
        expect(drift[0]?.reviewerId).toBe('easy');
        // lead's others: easy and coach on chat (9 reviews, mean 7.7 ÷ 9), nobody else on email.
        const lead = drift.find((d) => d.reviewerId === 'lead');
        expect(lead?.reviews).toBe(6);
        expect(lead?.othersMeanScore).toBeCloseTo(7.7 / 9, 12);
        // coach on scorecard phone has nobody to compare with there; on chat the others are easy and lead.
        const coach = drift.find((d) => d.reviewerId === 'coach');
        expect(coach?.othersMeanScore).toBeCloseTo((5.7 + 2.1) / 9, 12);
      });
    });
  });

  test('a difference below 0.1 is not drift, however certain', async () => {
    await withDuckDb([], async (db) => {
      let n = 0;
      for (const [reviewer, scores] of [
        ['a', [0.85, 0.85, 0.86, 0.85]],
        ['b', [0.8, 0.8, 0.81, 0.8]],
      ] as const)
        for (const s of scores) {
          n += 1;
          await db.run(
            `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id,
               kind, scorecard_id, reviewed_at, score)
             VALUES ('servicemeter', 'r${n}', 'desk', 'x${n}', 'ann', '${reviewer}', 'review', 'support',
               CAST('2026-03-02 10:00:00' AS TIMESTAMP), ${s})`,
          );
        }
      const drift = await reviewerDrift(db, {
        from: new Date('2026-03-01T00:00:00Z'),
        to: new Date('2026-03-08T00:00:00Z'),
      });
      expect(drift).toHaveLength(2);
      for (const d of drift) {
        expect(d.pValue).toBeLessThan(0.05);
        expect(d.drifting).toBe(false);
      }
    });
  });
});
