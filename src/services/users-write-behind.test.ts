/**
 * The writes a read does on the side (a session's last-seen time, a token's last-used time) are
 * written behind: a request does not wait for them while the writing connection is held, as it is
 * while an import commits. The touch still lands once the connection is free.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { type SerializedEngine, serializeEngine } from '../server/serialized-engine.js';
import { migrate } from './migrate.js';
import { createSession, createToken, createUser, resolveSession, resolveToken } from './users.js';

const MINUTE = 60_000;

let dir: string;
let db: DuckDbEngine;
let shared: SerializedEngine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-write-behind-'));
  db = await openDuckDb({ path: join(dir, 'db.duckdb') });
  await migrate(db);
  shared = serializeEngine(db, [await db.openReader()], await db.openReader());
});

afterEach(async () => {
  await shared.close();
  await rm(dir, { recursive: true, force: true });
});

/** Holds the writing connection until the returned function is called. */
function holdWriter(): () => void {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  void shared.exclusive(() => held);
  return release;
}

test('a session due for its last-seen write resolves while the writer is held; the write lands after', async () => {
  const made = await createUser(shared, {
    email: 'a@example.com',
    role: 'manager',
    password: 'a long password here',
  });
  if (!made.ok) throw new Error(JSON.stringify(made.error));
  const start = new Date('2026-03-02T08:00:00Z');
  const session = await createSession(shared, made.data, { ip: null, userAgent: null }, start);
  const later = new Date(start.getTime() + 5 * MINUTE);
  const release = holdWriter();
  const resolved = await resolveSession(shared, session.id, later);
  expect(resolved?.user.email).toBe('a@example.com');
  // Read again while the write still waits: the touch is known, so the session is not idle.
  const muchLater = new Date(later.getTime() + 7.9 * 3_600_000);
  expect(await resolveSession(shared, session.id, muchLater)).not.toBeNull();
  release();
  await shared.exclusive(async () => undefined);
  const rows = await db.all('SELECT CAST(last_seen_at AS VARCHAR) AS seen FROM sessions');
  expect(rows[0]?.seen).toBe('2026-03-02 15:59:00');
});

test('a token due for its last-used write resolves while the writer is held', async () => {
  const made = await createUser(shared, {
    email: 'b@example.com',
    role: 'viewer',
    password: 'a long password here',
  });
  if (!made.ok) throw new Error(JSON.stringify(made.error));
  const created = await createToken(shared, made.data.id, { name: 'script' });
  const release = holdWriter();
  expect((await resolveToken(shared, created.token, new Date()))?.email).toBe('b@example.com');
  release();
  await shared.exclusive(async () => undefined);
  const rows = await db.all('SELECT last_used_at FROM api_tokens');
  expect(rows[0]?.last_used_at).not.toBeNull();
});
