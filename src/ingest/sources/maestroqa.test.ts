import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { fixturePath, importSourceError, importSourceOrThrow } from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { detectSourceFormats } from './index.js';
import { maestroqa } from './maestroqa.js';

const ANSWERS = fixturePath('qa/maestroqa-answers.csv');

const scored = (db: Engine) =>
  db.all(
    `SELECT external_id, contact_key, agent_id, reviewer_id, kind, scorecard_id, round(score, 6) AS score, critical_failed
     FROM qa_review_facts ORDER BY reviewed_at`,
  );

describe('maestroqa', () => {
  test('grades become reviews, questions ratings on 0 to their points, scored as worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, maestroqa, [ANSWERS]);
      expect(await scored(db)).toEqual([
        {
          external_id: '5501:chat_qa:lena@acme.example',
          contact_key: 'zendesk|5501',
          agent_id: 'anna@acme.example',
          reviewer_id: 'lena@acme.example',
          kind: 'review',
          scorecard_id: 'Chat QA',
          // Greeting 5/5, solution 5/10, identity 10/10; help offered N/A: 2.5 ÷ 3.
          score: Number((2.5 / 3).toFixed(6)),
          critical_failed: false,
        },
        {
          external_id: '5502:chat_qa:lena@acme.example',
          contact_key: 'zendesk|5502',
          agent_id: 'ben@acme.example',
          reviewer_id: 'lena@acme.example',
          kind: 'review',
          scorecard_id: 'Chat QA',
          // The auto-fail question scored 0 of 10.
          score: 0,
          critical_failed: true,
        },
        {
          external_id: '5501:chat_qa:tom@acme.example',
          contact_key: 'zendesk|5501',
          agent_id: 'anna@acme.example',
          reviewer_id: 'tom@acme.example',
          kind: 'calibration',
          scorecard_id: 'Chat QA',
          score: 1,
          critical_failed: false,
        },
      ]);
      expect(
        await db.all(
          `SELECT category_id, group_id, rating, scale_min, scale_max, critical, comment FROM qa_ratings
           WHERE review_external_id = '5501:chat_qa:lena@acme.example' ORDER BY category_id`,
        ),
      ).toEqual([
        {
          category_id: 'correct_solution',
          group_id: 'Resolution',
          rating: 5,
          scale_min: 0,
          scale_max: 10,
          critical: false,
          comment: 'Did not check the order status first',
        },
        {
          category_id: 'greeting',
          group_id: 'Opening',
          rating: 5,
          scale_min: 0,
          scale_max: 5,
          critical: false,
          comment: null,
        },
        {
          category_id: 'offered_more_help',
          group_id: 'Closing',
          rating: null,
          scale_min: 0,
          scale_max: 5,
          critical: false,
          comment: 'Customer left the chat',
        },
        {
          category_id: 'verified_identity',
          group_id: 'Compliance',
          rating: 10,
          scale_min: 0,
          scale_max: 10,
          critical: true,
          comment: null,
        },
      ]);
      expect(
        await db.all(
          "SELECT round(score, 4) AS score FROM qa_reviews WHERE external_id LIKE '5501:chat_qa:lena%'",
        ),
      ).toEqual([{ score: 0.8333 }]);
      expect(summary.warnings.map((w) => [w.message, w.count])).toEqual([
        ['question worth no points: not imported as a rating', 1],
      ]);
    });
  });

  test('a ticket graded again with the same rubric replaces the grade; importing again changes nothing', async () => {
    await withTempDir(async (dir) => {
      const regraded = join(dir, 'answers.csv');
      const lines = (await readFile(ANSWERS, 'utf8')).trimEnd().split('\n');
      // Lena grades ticket 5502 again a week later: the greeting now 5 of 5.
      const again = lines
        .filter((l) => l.startsWith('5502,'))
        .map((l) =>
          l
            .replace('Greeting,No,0,5', 'Greeting,Yes,5,5')
            .replace('2026-03-06 15:30:00', '2026-03-13 15:30:00'),
        );
      await writeFile(regraded, `${[lines[0], ...again].join('\n')}\n`);
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, maestroqa, [ANSWERS]);
        await importSourceOrThrow(db, maestroqa, [ANSWERS]);
        expect(await db.all('SELECT count(*) AS n FROM qa_reviews')).toEqual([{ n: 3 }]);
        expect(await db.all('SELECT count(*) AS n FROM qa_ratings')).toEqual([{ n: 10 }]);
        await importSourceOrThrow(db, maestroqa, [regraded]);
        expect(await db.all('SELECT count(*) AS n FROM qa_reviews')).toEqual([{ n: 3 }]);
        expect(
          await db.all(
            `SELECT rating, reviewed_at::VARCHAR AS at FROM qa_ratings r JOIN qa_reviews v ON v.external_id = r.review_external_id
             WHERE v.external_id = '5502:chat_qa:lena@acme.example' AND category_id = 'greeting'`,
          ),
        ).toEqual([{ rating: 5, at: '2026-03-13 15:30:00' }]);
      });
    });
  });

  test('a score above the question maximum or a missing ticket is refused by line and column', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'answers.csv');
      const lines = (await readFile(ANSWERS, 'utf8')).trimEnd().split('\n');
      lines[2] = lines[2]?.replace('Partially,5,10', 'Partially,12,10') ?? '';
      lines[6] = lines[6]?.replace(/^5502,/, ',') ?? '';
      await writeFile(path, `${lines.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const error = await importSourceError(db, maestroqa, [path]);
        expect(error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 3,
              column: 'score',
              reason: "rating '12' is outside the scale 0–10 of 'Correct solution'",
            },
            {
              file: path,
              line: 7,
              column: 'gradable_id',
              reason: 'a review needs the conversation (ticket) it is about',
            },
          ],
        });
      });
    });
  });

  test('detect tells the answers file from a Zendesk QA export', async () => {
    expect(await detectSourceFormats(ANSWERS)).toEqual([
      { format: 'maestroqa', description: expect.stringContaining('MaestroQA') },
    ]);
    expect((await detectSourceFormats(fixturePath('qa/klaus-reviews.csv'))).map((f) => f.format)).toEqual([
      'klaus',
    ]);
  });
});
