import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  expectReimportUnchanged,
  fixturePath,
  importSourceError,
  importSourceOrThrow,
  refuseThenSkipBadRows,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { detectSourceFormats } from './index.js';
import { klaus } from './klaus.js';

const REVIEWS = fixturePath('qa/klaus-reviews.csv');
const MESSY = fixturePath('qa/klaus-messy.csv');
const BAD = fixturePath('qa/klaus-bad.csv');

/** The reviews as the views score them, in id order. */
const scored = (db: Engine) =>
  db.all(
    `SELECT external_id, contact_key, agent_id, reviewer_id, kind, scorecard_id, reviewed_at::VARCHAR AS reviewed_at,
       round(score, 6) AS score, passed, critical_failed
     FROM qa_review_facts ORDER BY external_id`,
  );
const ratings = (db: Engine, review: string) =>
  db.all(
    `SELECT category_id, category_name, group_id, rating, scale_min, scale_max, weight, critical, comment, root_causes
     FROM qa_ratings WHERE review_external_id = '${review}' ORDER BY category_id`,
  );

describe('klaus', () => {
  test('reviews and their category ratings, scored by the views as worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, klaus, [REVIEWS]);
      expect(summary.warnings).toEqual([]);
      expect(await scored(db)).toEqual([
        {
          external_id: '90001',
          contact_key: 'zendesk|1001',
          agent_id: 'anna@acme.example',
          reviewer_id: 'maria@acme.example',
          kind: 'review',
          scorecard_id: 'Email support',
          reviewed_at: '2026-03-02 09:15:00',
          // Solution (4 of 1–5, weight 2) 0.75; knowledge, tone, grammar, GDPR 1: 5.5 ÷ 6.
          score: Number((5.5 / 6).toFixed(6)),
          passed: true,
          critical_failed: false,
        },
        {
          external_id: '90002',
          contact_key: 'zendesk|1002',
          agent_id: 'ben@acme.example',
          reviewer_id: 'maria@acme.example',
          kind: 'review',
          scorecard_id: 'Email support',
          reviewed_at: '2026-03-03 14:40:12',
          // The critical GDPR category failed: the review scores 0.
          score: 0,
          passed: false,
          critical_failed: true,
        },
        {
          external_id: '90003',
          contact_key: 'zendesk|1003',
          agent_id: 'anna@acme.example',
          reviewer_id: 'anna@acme.example',
          kind: 'self',
          scorecard_id: 'Email support',
          reviewed_at: '2026-03-04 08:05:00',
          // Solution 1 (weight 2), tone 2 of 1–3 = 0.5, GDPR 1: 3.5 ÷ 4.
          score: 0.875,
          passed: true,
          critical_failed: false,
        },
      ]);
      expect(await ratings(db, '90002')).toEqual([
        {
          category_id: 'gdpr',
          category_name: 'GDPR',
          group_id: 'Compliance',
          rating: 0,
          scale_min: 0,
          scale_max: 1,
          weight: 1,
          critical: true,
          comment: 'Card number requested by e-mail',
          root_causes: 'process',
        },
        {
          category_id: 'grammar',
          category_name: 'Grammar',
          group_id: 'Style',
          rating: 0,
          scale_min: 0,
          scale_max: 1,
          weight: 1,
          critical: false,
          comment: 'Typos in "Dear customer"',
          root_causes: 'brand_guide',
        },
        {
          category_id: 'product_knowledge',
          category_name: 'Product knowledge',
          group_id: 'Accuracy',
          rating: 3,
          scale_min: 1,
          scale_max: 5,
          weight: 1,
          critical: false,
          comment: null,
          root_causes: 'knowledge|process',
        },
        {
          category_id: 'solution',
          category_name: 'Solution',
          group_id: 'Accuracy',
          rating: 2,
          scale_min: 1,
          scale_max: 5,
          weight: 2,
          critical: false,
          comment: 'Suggested the wrong return form',
          root_causes: 'knowledge',
        },
        {
          category_id: 'tone',
          category_name: 'Tone',
          group_id: 'Style',
          rating: null,
          scale_min: 1,
          scale_max: 3,
          weight: 1,
          critical: false,
          comment: null,
          root_causes: null,
        },
      ]);
      const [review] = await db.all("SELECT score, comment FROM qa_reviews WHERE external_id = '90001'");
      expect(review).toEqual({ score: 0.92, comment: 'Well handled overall' });
    });
  });

  test('importing the export again changes nothing', async () => {
    await withDuckDb([], async (db) => {
      const counts = async (d: Engine) => ({
        reviews: await d.all('SELECT count(*) AS n FROM qa_reviews'),
        ratings: await d.all('SELECT count(*) AS n FROM qa_ratings'),
        scores: await scored(d),
      });
      const first = await expectReimportUnchanged(db, klaus, [REVIEWS], counts);
      expect(first.reviews).toEqual([{ n: 3 }]);
      expect(first.ratings).toEqual([{ n: 13 }]);
    });
  });

  test('the contact source and agent ids come from the mapping', async () => {
    await withTempDir(async (dir) => {
      const map = join(dir, 'klaus.map.json');
      await writeFile(
        map,
        JSON.stringify({
          contactSource: 'helpdesk',
          agents: { 'Anna@Acme.example': 'anna', 'Ben Okafor': 'ben' },
        }),
      );
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, klaus, [REVIEWS], { mappingPath: map });
        expect(
          await db.all('SELECT DISTINCT contact_source, agent_id FROM qa_reviews ORDER BY agent_id'),
        ).toEqual([
          { contact_source: 'helpdesk', agent_id: 'anna' },
          { contact_source: 'helpdesk', agent_id: 'ben' },
        ]);
      });
      await writeFile(map, JSON.stringify({ contactSource: 'helpdesk', agent: {} }));
      await withDuckDb([], async (db) => {
        const error = await importSourceError(db, klaus, [REVIEWS], { mappingPath: map });
        expect(error).toMatchObject({
          kind: 'bad_rows',
          problems: [{ file: map, line: 1, column: '(mapping)', reason: expect.stringContaining('agent') }],
        });
      });
    });
  });

  test('an export re-saved by a spreadsheet reads as a careful reader would', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, klaus, [MESSY], { timezone: 'Europe/Amsterdam' });
      expect(await scored(db)).toEqual([
        {
          external_id: '90011',
          contact_key: 'zendesk|1011',
          agent_id: 'anna@acme.example',
          reviewer_id: 'maria@acme.example',
          kind: 'review',
          scorecard_id: 'Chat',
          // 14/03 can only be day/month, so 05/03 is 5 March; Amsterdam time is UTC+1 then.
          reviewed_at: '2026-03-14 09:30:00',
          // 75 % of 1–5 is 4, a category score of 0.75; tone n/a.
          score: 0.75,
          passed: false,
          critical_failed: false,
        },
        {
          external_id: '90012',
          contact_key: 'zendesk|1012',
          agent_id: 'ben@acme.example',
          reviewer_id: 'tom@acme.example',
          kind: 'review',
          scorecard_id: 'Chat',
          reviewed_at: '2026-03-05 15:02:00',
          score: 0.5,
          passed: false,
          critical_failed: false,
        },
      ]);
      expect(await db.all('SELECT external_id, score FROM qa_reviews ORDER BY external_id')).toEqual([
        { external_id: '90011', score: 0.85 },
        { external_id: '90012', score: 0.85 },
      ]);
      expect(await ratings(db, '90011')).toMatchObject([
        { category_id: 'solution', rating: 4, weight: 1.5 },
        { category_id: 'tone', rating: null },
      ]);
      expect(summary.warnings.map((w) => [w.message, w.count, w.examples])).toEqual([
        [
          'root cause not one of knowledge, process, tone, brand_guide, tooling: left out',
          1,
          ["line 5 ('Other')"],
        ],
      ]);
    });
  });

  test('rows a careful reader cannot trust are refused by file, line, column and reason', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb([], async (db) => {
        const { error, skipped } = await refuseThenSkipBadRows(db, klaus, [BAD], join(dir, 'rejects.csv'), {
          emptyTable: 'qa_reviews',
        });
        expect(error).toEqual({
          kind: 'bad_rows',
          total: 4,
          problems: [
            {
              file: BAD,
              line: 3,
              column: 'Rating',
              reason: "rating '7' is outside the scale 1–5 of 'Tone'",
            },
            {
              file: BAD,
              line: 4,
              column: 'Reviewee',
              reason:
                "'ben@acme.example' differs from 'anna@acme.example' of the same review 90021 on line 2",
            },
            {
              file: BAD,
              line: 5,
              column: 'Helpdesk ticket ID',
              reason: expect.stringContaining(
                "'1.00231E+11' is an id a spreadsheet wrote in scientific notation",
              ),
            },
            {
              file: BAD,
              line: 6,
              column: 'Review created',
              reason:
                "'yesterday' is not a date and time (YYYY-MM-DD HH:MM:SS, ISO 8601 or DD/MM/YYYY HH:MM)",
            },
          ],
        });
        expect(skipped.rejected).toBe(4);
        expect(await db.all('SELECT external_id FROM qa_reviews')).toEqual([{ external_id: '90021' }]);
      });
    });
  });

  test('dates that may be read both ways are refused unless the mapping says how', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'reviews.csv');
      await writeFile(
        path,
        'Review ID,Review created,Helpdesk ticket ID,Reviewer,Reviewee,Category,Rating scale,Rating\n' +
          '1,03/04/2026 10:00,77,Maria,Anna,Solution,1-5,5\n',
      );
      await withDuckDb([], async (db) => {
        const error = await importSourceError(db, klaus, [path]);
        expect(error).toMatchObject({
          problems: [
            {
              line: 2,
              column: 'Review created',
              reason: `'03/04/2026 10:00' may be day/month or month/day and no date in the file tells which: set "dates" in the mapping`,
            },
          ],
        });
        const map = join(dir, 'map.json');
        await writeFile(map, '{"dates": "month-day"}');
        await importSourceOrThrow(db, klaus, [path], { mappingPath: map });
        expect(await db.all('SELECT reviewed_at::VARCHAR AS at, agent_id FROM qa_reviews')).toEqual([
          { at: '2026-03-04 10:00:00', agent_id: 'Anna' },
        ]);
      });
    });
  });

  test('a category without a scale needs one from the mapping', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'reviews.csv');
      await writeFile(
        path,
        'Review ID,Review created,Helpdesk ticket ID,Reviewer,Reviewee,Category,Rating\n' +
          '1,2026-03-04 10:00,77,Maria,Anna,Solution,4\n',
      );
      await withDuckDb([], async (db) => {
        const error = await importSourceError(db, klaus, [path]);
        expect(error).toMatchObject({
          problems: [
            { line: 2, column: 'Rating', reason: expect.stringContaining('"scales" in the mapping') },
          ],
        });
        const map = join(dir, 'map.json');
        await writeFile(map, '{"scales": {"solution": "1-5"}}');
        await importSourceOrThrow(db, klaus, [path], { mappingPath: map });
        expect(await db.all('SELECT rating, scale_min, scale_max FROM qa_ratings')).toEqual([
          { rating: 4, scale_min: 1, scale_max: 5 },
        ]);
      });
    });
  });

  test('detect recognises the review export and not a helpdesk file', async () => {
    expect(await detectSourceFormats(REVIEWS)).toEqual([
      { format: 'klaus', description: expect.stringContaining('Zendesk QA (Klaus)') },
    ]);
    expect(await detectSourceFormats(MESSY)).toEqual([
      { format: 'klaus', description: expect.stringContaining('Zendesk QA (Klaus)') },
    ]);
    expect(await detectSourceFormats(fixturePath('small-helpdesk/contacts.csv'))).toEqual([]);
  });
});
