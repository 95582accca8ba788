import { describe, expect, test } from 'vitest';
import { openDuckDb } from '../engines/duckdb/engine.js';
import { withNumberedSnapshot } from './numbered-snapshot.js';

const temporaryTables = (db: Awaited<ReturnType<typeof openDuckDb>>) =>
  db.all("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE 'numbered_snapshot_%'");

describe('a numbered snapshot', () => {
  test('pages by number, misses rows written after it, and is gone afterwards', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    try {
      await db.run('CREATE TABLE t (v INTEGER)');
      await db.run('INSERT INTO t SELECT range FROM range(5)');
      const pages = await withNumberedSnapshot(
        db,
        'SELECT v % 3 + 1 AS n, v FROM t WHERE v >= $1',
        [1],
        async (snapshot) => {
          await db.run('INSERT INTO t VALUES (7)');
          expect(snapshot.last).toBe(3);
          return [await snapshot.rows(0, 1, 'v', 'v'), await snapshot.rows(1, 3, 'n, v', 'n, v')];
        },
      );
      expect(pages).toEqual([
        [{ v: 3 }],
        [
          { n: 2, v: 1 },
          { n: 2, v: 4 },
          { n: 3, v: 2 },
        ],
      ]);
      expect(await temporaryTables(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  test('is dropped when the work fails, and the failure comes through', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    try {
      const failed = withNumberedSnapshot(db, 'SELECT 1 AS n', [], async () => {
        throw new Error('the work failed');
      });
      await expect(failed).rejects.toThrow('the work failed');
      expect(await temporaryTables(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
