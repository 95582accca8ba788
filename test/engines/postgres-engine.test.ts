/**
 * The PostgreSQL server engine at its boundary: values come back as on the other engines, a
 * transaction holds or drops what it wrote, COPY takes awkward text, a stopped read is cancelled on
 * the server, readers see what was committed.
 */
import { expect, test } from 'vitest';
import { withPostgresServer } from '../support/postgres.js';

test('values come back as on the other engines: UTC instants, dates, counts as numbers, NULL', async () => {
  await withPostgresServer(async (db) => {
    const [row] = await db.all(
      `SELECT TIMESTAMP '2026-03-29 01:30:00' AS at, TIMESTAMP '2026-03-29 01:30:00.25' AS fraction,
              DATE '2026-03-29' AS day, count(*) AS n, 1.5::numeric AS exact, NULL AS nothing, 'x' AS text`,
    );
    expect(row).toEqual({
      at: '2026-03-29 01:30:00',
      fraction: '2026-03-29 01:30:00.250',
      day: '2026-03-29 00:00:00',
      n: 1,
      exact: '1.5',
      nothing: null,
      text: 'x',
    });
  });
});

test('a transaction that throws leaves nothing; one that ends keeps its rows', async () => {
  await withPostgresServer(async (db) => {
    await db.run('CREATE TABLE t (id integer, note text)');
    await expect(
      db.transaction(async () => {
        await db.run('INSERT INTO t VALUES ($1, $2)', [1, 'kept?']);
        throw new Error('half-way');
      }),
    ).rejects.toThrow('half-way');
    await db.transaction(async () => {
      await db.run('INSERT INTO t VALUES ($1, $2)', [2, 'kept']);
    });
    expect(await db.all('SELECT id, note FROM t')).toEqual([{ id: 2, note: 'kept' }]);
  });
});

test('COPY takes quotes, commas, line breaks, empty text and NULL apart', async () => {
  await withPostgresServer(async (db) => {
    await db.run('CREATE TABLE t (id integer, note text)');
    const notes = ['say "hi", then\nleave', '', null, 'ünïcödé 客服'];
    await db.insertRows(
      't',
      ['id', 'note'],
      notes.map((note, i) => [i, note]),
    );
    const rows = await db.all('SELECT id, note FROM t ORDER BY id');
    expect(rows.map((r) => r.note)).toEqual(notes);
  });
});

test('a stopped read is cancelled on the server and the connection answers the next one', async () => {
  await withPostgresServer(async (db) => {
    const stop = new AbortController();
    const reading = db.all('SELECT pg_sleep(30)', [], { signal: stop.signal });
    setTimeout(() => stop.abort(new Error('went away')), 200);
    const started = Date.now();
    await expect(reading).rejects.toThrow('went away');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await db.all('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});

test('a reader sees what was committed, not what a transaction still holds', async () => {
  await withPostgresServer(async (db) => {
    await db.run('CREATE TABLE t (id integer)');
    const reader = await db.openReader();
    try {
      await db.transaction(async () => {
        await db.run('INSERT INTO t VALUES (1)');
        expect(await reader.all('SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
      });
      expect(await reader.all('SELECT count(*) AS n FROM t')).toEqual([{ n: 1 }]);
    } finally {
      await reader.close();
    }
  });
});
