import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { klaus } from '../../src/ingest/sources/klaus.js';
import { maestroqa } from '../../src/ingest/sources/maestroqa.js';
import { importFiles } from '../../src/services/import.js';
import { withDuckDb, withTempDir } from '../support/engines.js';
import { fixturePath, importSourceOrThrow } from '../support/sources.js';

describe('importing quality history', () => {
  test('training days import as a canonical CSV, and again without duplicates', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'training_days.csv');
      await copyFile(fixturePath('qa/training_days.csv'), path);
      await withDuckDb([], async (db) => {
        for (let round = 0; round < 2; round++) {
          const result = await importFiles(db, [path]);
          expect(result.ok).toBe(true);
        }
        expect(
          await db.all(
            'SELECT external_id, agent_id, day::VARCHAR AS day, hours, topic, note FROM training_days ORDER BY external_id',
          ),
        ).toEqual([
          {
            external_id: 'T-1',
            agent_id: 'anna',
            day: '2026-03-09',
            hours: 4,
            topic: 'Refund policy refresher',
            note: null,
          },
          {
            external_id: 'T-2',
            agent_id: 'ben',
            day: '2026-03-09',
            hours: null,
            topic: 'GDPR basics',
            note: 'Whole day',
          },
          {
            external_id: 'T-3',
            agent_id: 'ben',
            day: '2026-03-16',
            hours: 1.5,
            topic: 'Tone of voice',
            note: 'Follow-up of the March review, with role play',
          },
        ]);
      });
    });
  });

  test('a training day with a negative number of hours is refused by file, line and column', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'training_days.csv');
      await writeFile(path, 'source,external_id,agent_id,day,hours\nlms,T-9,anna,2026-03-09,-2\n');
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, [path]);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({
          kind: 'bad_rows',
          problems: [{ file: path, line: 2, column: 'hours' }],
        });
      });
    });
  });

  test('reviews from both tools land in the same tables and are told apart by their source', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, klaus, [fixturePath('qa/klaus-reviews.csv')]);
      await importSourceOrThrow(db, maestroqa, [fixturePath('qa/maestroqa-answers.csv')]);
      expect(
        await db.all(
          `SELECT source, count(*) AS reviews, count(*) FILTER (WHERE kind = 'calibration') AS calibration
           FROM qa_review_facts GROUP BY source ORDER BY source`,
        ),
      ).toEqual([
        { source: 'klaus', reviews: 3, calibration: 0 },
        { source: 'maestroqa', reviews: 3, calibration: 1 },
      ]);
    });
  });
});
