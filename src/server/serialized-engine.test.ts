import { describe, expect, test } from 'vitest';
import { openDuckDb } from '../engines/duckdb/engine.js';
import { serializeEngine } from './serialized-engine.js';

async function openShared(readers: number) {
  const db = await openDuckDb({ path: ':memory:' });
  await db.run('CREATE TABLE t (n INTEGER)');
  const opened = await Promise.all(Array.from({ length: readers }, () => db.openReader()));
  return serializeEngine(db, opened);
}

/** Holds the writing connection in an exclusive block until `release` is called. */
function hold(shared: ReturnType<typeof serializeEngine>) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = shared.exclusive(async () => {
    await shared.run('INSERT INTO t VALUES (1)');
    await released;
  });
  return { release, held };
}

const settled = (promise: Promise<unknown>) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 200))]);

describe('serializeEngine', () => {
  test('with readers, a read waits neither for an exclusive block nor for its writes', async () => {
    const shared = await openShared(2);
    try {
      const { release, held } = hold(shared);
      const read = shared.all('SELECT count(*) AS n FROM t');
      expect(await settled(read)).toBe(true);
      const write = shared.run('INSERT INTO t VALUES (2)');
      expect(await settled(write)).toBe(false);
      release();
      await held;
      await write;
      // What was committed before a read starts is what it sees.
      expect(Number((await shared.all('SELECT count(*) AS n FROM t'))[0]?.n)).toBe(2);
    } finally {
      await shared.close();
    }
  });

  test("inside a transaction, reads see the transaction's own writes", async () => {
    const shared = await openShared(2);
    try {
      const inside = await shared.transaction(async () => {
        await shared.run('INSERT INTO t VALUES (1)');
        return Number((await shared.all('SELECT count(*) AS n FROM t'))[0]?.n);
      });
      expect(inside).toBe(1);
    } finally {
      await shared.close();
    }
  });

  test('once closing, a read is refused rather than sent to a closed connection', async () => {
    const shared = await openShared(2);
    const closed = shared.close();
    await expect(shared.all('SELECT 1 AS one')).rejects.toThrow(/being closed/);
    await closed;
  });

  test('without readers, a read waits for the exclusive block', async () => {
    const shared = await openShared(0);
    try {
      const { release, held } = hold(shared);
      const read = shared.all('SELECT count(*) AS n FROM t');
      expect(await settled(read)).toBe(false);
      release();
      await held;
      expect(Number((await read)[0]?.n)).toBe(1);
    } finally {
      await shared.close();
    }
  });
});
