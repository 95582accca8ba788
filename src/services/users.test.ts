import { describe, expect, test } from 'vitest';
import { withFixture } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import {
  checkCredentials,
  createSession,
  createToken,
  createUser,
  endSession,
  hashPassword,
  resolveSession,
  resolveToken,
  updateUser,
  verifyPassword,
} from './users.js';

const HOUR = 3_600_000;

describe('passwords', () => {
  test('scrypt with a salt per hash; the parameters travel with it', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });
});

describe('users', () => {
  const engine = { kind: 'duckdb' as const };
  test('sessions and tokens: hashed at rest, expiring, gone with a disabled user', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      const created = await createUser(db, {
        email: 'A@Example.com',
        password: 'correct horse battery',
        role: 'manager',
      });
      if (!created.ok) throw new Error('create failed');
      expect(created.data.email).toBe('a@example.com');
      expect(await checkCredentials(db, 'a@example.com', 'wrong password')).toBeNull();
      const user = await checkCredentials(db, ' A@EXAMPLE.COM ', 'correct horse battery');
      expect(user?.id).toBe(created.data.id);

      const t0 = new Date('2026-03-02T08:00:00Z');
      const session = await createSession(db, created.data, { ip: '127.0.0.1', userAgent: 'test' }, t0);
      const stored = await db.all('SELECT id_hash FROM sessions');
      expect(stored.map((r) => r.id_hash)).not.toContain(session.id);
      expect((await resolveSession(db, session.id, new Date(t0.getTime() + 7 * HOUR)))?.user.id).toBe(
        user?.id,
      );
      expect(await resolveSession(db, session.id, new Date(t0.getTime() + 15.5 * HOUR))).toBeNull();

      const token = await createToken(db, created.data.id, { name: 'script', expiresInDays: 2 }, t0);
      expect((await resolveToken(db, token.token, new Date(t0.getTime() + HOUR)))?.role).toBe('manager');
      expect(await resolveToken(db, token.token, new Date(t0.getTime() + 49 * HOUR))).toBeNull();
      expect(await resolveToken(db, `${token.token}x`, t0)).toBeNull();

      const second = await createSession(db, created.data, { ip: null, userAgent: null }, t0);
      await updateUser(db, created.data.id, { disabled: true }, { now: t0 });
      expect(await resolveSession(db, second.id, t0)).toBeNull();
      expect(await resolveToken(db, token.token, t0)).toBeNull();
      expect(await checkCredentials(db, 'a@example.com', 'correct horse battery')).toBeNull();
    });
  });

  test('a session is read from the database once, and again after any change to users or sessions', async () => {
    await withFixture(engine, 'small-helpdesk', async (db) => {
      let sessionReads = 0;
      const counted: Engine = {
        ...db,
        all: (sql, params) => {
          if (/FROM sessions s JOIN users/.test(sql)) sessionReads++;
          return db.all(sql, params);
        },
      };
      const created = await createUser(counted, {
        email: 'b@example.com',
        password: 'correct horse battery',
        role: 'manager',
      });
      if (!created.ok) throw new Error('create failed');
      const t0 = new Date('2026-03-02T08:00:00Z');
      const session = await createSession(counted, created.data, { ip: null, userAgent: null }, t0);
      const later = (ms: number) => new Date(t0.getTime() + ms);
      expect((await resolveSession(counted, session.id, later(1000)))?.user.locale).toBe('en');
      expect((await resolveSession(counted, session.id, later(2000)))?.user.locale).toBe('en');
      // Known from its creation: not read back.
      expect(sessionReads).toBe(0);
      // Someone else signing in changes nothing of this session.
      const other = await createUser(counted, {
        email: 'c@example.com',
        password: 'correct horse battery',
        role: 'viewer',
      });
      if (!other.ok) throw new Error('create failed');
      await updateUser(counted, created.data.id, { locale: 'en' }, { now: t0 });
      expect((await resolveSession(counted, session.id, later(2500)))?.user.locale).toBe('en');
      expect(sessionReads).toBe(1);
      await createSession(counted, other.data, { ip: null, userAgent: null }, t0);
      expect((await resolveSession(counted, session.id, later(2600)))?.user.locale).toBe('en');
      expect(sessionReads).toBe(1);

      await updateUser(counted, created.data.id, { locale: 'sv' }, { now: t0 });
      expect((await resolveSession(counted, session.id, later(3000)))?.user.locale).toBe('sv');
      expect(sessionReads).toBe(2);
      // Read again after a minute even without a change; expiry is judged on every request.
      await resolveSession(counted, session.id, later(64_000));
      expect(sessionReads).toBe(3);
      expect(await resolveSession(counted, session.id, later(9 * HOUR))).toBeNull();

      const next = await createSession(counted, created.data, { ip: null, userAgent: null }, t0);
      expect(await resolveSession(counted, next.id, later(1000))).not.toBeNull();
      await endSession(counted, next.id);
      expect(await resolveSession(counted, next.id, later(1000))).toBeNull();
    });
  });
});
