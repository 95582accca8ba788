import { describe, expect, test } from 'vitest';
import type { Reader } from '../core/engine.js';
import { openDuckDb } from '../engines/duckdb/engine.js';
import { openReadingConnections, quickReads, serializeEngine } from './serialized-engine.js';

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

describe('openReadingConnections', () => {
  test('opens the reading connections; when one cannot be opened, closes the others and says why', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    try {
      const readers = await openReadingConnections(() => db.openReader());
      expect(readers).toHaveLength(2);
      for (const reader of readers) {
        expect(await reader.all('SELECT 1 AS one')).toEqual([{ one: 1 }]);
        await reader.close();
      }
      const opened: Reader[] = [];
      let calls = 0;
      const refused = openReadingConnections(async () => {
        if (calls++ === 1) throw new Error('too many connections');
        const reader = await db.openReader();
        opened.push(reader);
        return reader;
      });
      await expect(refused).rejects.toThrow('too many connections');
      expect(opened).toHaveLength(1);
      await expect(opened[0]?.all('SELECT 1 AS one')).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});

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

describe('serializeEngine: stopped reads', () => {
  // Minutes of work for DuckDB: it only ends when interrupted.
  const SLOW = 'SELECT count(*) AS n FROM range(100000000000) a, range(10) b';

  test('a running read is interrupted, and its connection serves the next read', async () => {
    const shared = await openShared(1);
    try {
      const stop = new AbortController();
      const slow = shared.all(SLOW, [], { signal: stop.signal });
      expect(await settled(slow)).toBe(false);
      stop.abort(new Error('client gone'));
      await expect(slow).rejects.toThrow('client gone');
      expect(await shared.all('SELECT 42 AS n')).toEqual([{ n: 42 }]);
    } finally {
      await shared.close();
    }
  });

  test('a quick read has a reader of its own: it does not wait behind a long read', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    const shared = serializeEngine(db, [await db.openReader()], await db.openReader());
    try {
      const stop = new AbortController();
      const slow = shared.all(SLOW, [], { signal: stop.signal });
      expect(await settled(slow)).toBe(false);
      expect(await settled(shared.all('SELECT 1 AS n', [], { quick: true }))).toBe(true);
      expect(await settled(quickReads(shared).all('SELECT 2 AS n'))).toBe(true);
      // An ordinary read queues behind the long one on the only other reader.
      const ordinary = shared.all('SELECT 3 AS n');
      expect(await settled(ordinary)).toBe(false);
      stop.abort(new Error('done'));
      await expect(slow).rejects.toThrow('done');
      expect(await ordinary).toEqual([{ n: 3 }]);
    } finally {
      await shared.close();
    }
  });

  test('a read stopped while waiting for its turn never runs, and the running one is left alone', async () => {
    const shared = await openShared(1);
    try {
      const first = new AbortController();
      const running = shared.all(SLOW, [], { signal: first.signal });
      const second = new AbortController();
      const waiting = shared.all(SLOW, [], { signal: second.signal });
      second.abort(new Error('gave up waiting'));
      await expect(waiting).rejects.toThrow('gave up waiting');
      expect(await settled(running)).toBe(false);
      first.abort(new Error('client gone'));
      await expect(running).rejects.toThrow('client gone');
      // Had the dropped read started, this one would wait behind minutes of work.
      expect(await settled(shared.all('SELECT 1 AS n'))).toBe(true);
    } finally {
      await shared.close();
    }
  });

  test('without readers, a read in the exclusive lane is interrupted the same way', async () => {
    const shared = await openShared(0);
    try {
      const stop = new AbortController();
      const slow = shared.all(SLOW, [], { signal: stop.signal });
      expect(await settled(slow)).toBe(false);
      stop.abort(new Error('client gone'));
      await expect(slow).rejects.toThrow('client gone');
      expect(await settled(shared.run('INSERT INTO t VALUES (3)'))).toBe(true);
    } finally {
      await shared.close();
    }
  });
});
