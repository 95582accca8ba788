import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import type { Engine, Row } from '../core/engine.js';
import { err, ok, type Result } from '../core/result.js';
import { isoInstant, sqlInstant } from './audit.js';

export const ROLES = ['admin', 'manager', 'agent', 'viewer', 'finance'] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  agentId: string | null;
  locale: Locale;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export type UserError =
  | { kind: 'email_taken'; email: string }
  | { kind: 'agent_required' }
  | { kind: 'unknown_agent'; agentId: string }
  | { kind: 'not_found'; id: string }
  | { kind: 'last_admin' }
  | { kind: 'weak_password'; reason: string };

/** Idle and absolute session lifetimes. */
export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_ABSOLUTE_MS = 7 * 86_400_000;
/** Last-seen and last-used times are written at most this often: not one write per request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * A write a read does on the side (a last-seen time, an expired session's removal): the request
 * does not wait for it. Behind a long commit (an import's) it would wait seconds for a write that
 * changes nothing the request answers; it is queued on the writing connection all the same, so it
 * lands before the database closes. A failure is logged, not the request's.
 */
function writeBehind(work: Promise<void>, what: string): void {
  work.catch((error: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what, error: String(error) })}\n`,
    );
  });
}

// ─── passwords ───────────────────────────────────────────────────────────────

/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and tens of milliseconds per guess. */
const SCRYPT = { N: 32_768, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, length: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: SCRYPT.maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash`, base64url; the parameters travel with the hash so they can be raised. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const PASSWORD_MIN_LENGTH = 10;

/** The passwords tried first by anyone guessing; long enough to pass the length rule, so listed. */
const WELL_KNOWN_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '0987654321',
  'password123',
  'password1234',
  'password12345',
  'passwordpassword',
  'qwertyuiop',
  'qwertyuiop123',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'asdfghjkl1',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'changeme123',
  'administrator',
  'admin12345',
  'servicemeter',
  'abcdefghij',
  'abcd123456',
]);

/**
 * Why a password is too weak, or null when it is strong enough: at least 10 characters besides
 * spaces, not one character repeated, not a well-known password, not the e-mail.
 */
export function passwordWeakness(password: string, email?: string | null): string | null {
  const trimmed = password.trim();
  if (trimmed === '') return 'must contain more than spaces';
  // Spaces make a passphrase readable, not harder to guess: they do not count.
  if ([...password.replace(/\s/g, '')].length < PASSWORD_MIN_LENGTH)
    return `at least ${PASSWORD_MIN_LENGTH} characters besides spaces`;
  if (new Set(trimmed.toLowerCase()).size === 1) return 'must not be one character repeated';
  if (WELL_KNOWN_PASSWORDS.has(trimmed.toLowerCase().replace(/\s+/g, '')))
    return 'is a well-known password; choose another';
  if (email && trimmed.toLowerCase() === normaliseEmail(email)) return 'must not be the e-mail address';
  return null;
}

/** Compared against when the e-mail is unknown, so a miss takes as long as a wrong password. */
let decoyHash: Promise<string> | null = null;

// ─── users ───────────────────────────────────────────────────────────────────

function toUser(row: Row): UserView {
  return {
    id: String(row.id),
    email: String(row.email),
    name: (row.name as string | null) ?? null,
    role: row.role as Role,
    agentId: (row.agent_id as string | null) ?? null,
    locale: ((row.locale as string | null) ?? 'en') as Locale,
    disabled: row.disabled === true,
    createdAt: isoInstant(row.created_at) ?? '',
    lastLoginAt: isoInstant(row.last_login_at),
  };
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function countAdmins(engine: Engine): Promise<number> {
  const rows = await engine.all(
    "SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT COALESCE(disabled, FALSE)",
  );
  return Number(rows[0]?.n ?? 0);
}

export async function listUsers(engine: Engine): Promise<UserView[]> {
  return (await engine.all('SELECT * FROM users ORDER BY email')).map(toUser);
}

export async function getUser(engine: Engine, id: string): Promise<UserView | null> {
  const rows = await engine.all(`SELECT * FROM users WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

async function findByEmail(engine: Engine, email: string): Promise<Row | null> {
  const rows = await engine.all(
    `SELECT * FROM users WHERE email = ${engine.dialect.placeholder(1)}`,
    [normaliseEmail(email)],
    { quick: true },
  );
  return rows[0] ?? null;
}

async function agentExists(engine: Engine, agentId: string): Promise<boolean> {
  const rows = await engine.all(`SELECT 1 AS x FROM agents WHERE id = ${engine.dialect.placeholder(1)}`, [
    agentId,
  ]);
  return rows.length > 0;
}

export interface NewUser {
  email: string;
  password: string;
  name?: string | null;
  role: Role;
  agentId?: string | null;
  locale?: Locale;
}

/** Adds a user. An agent must be linked to a known agent id: it decides which data they see. */
export async function createUser(
  engine: Engine,
  input: NewUser,
  now = new Date(),
): Promise<Result<UserView, UserError>> {
  const email = normaliseEmail(input.email);
  const agentId = input.agentId ?? null;
  if (input.role === 'agent' && !agentId) return err({ kind: 'agent_required' });
  if (agentId && !(await agentExists(engine, agentId))) return err({ kind: 'unknown_agent', agentId });
  const weakness = passwordWeakness(input.password, email);
  if (weakness) return err({ kind: 'weak_password', reason: weakness });
  const passwordHash = await hashPassword(input.password);
  const p = engine.dialect.placeholder;
  const id = randomUUID();
  const inserted = await engine.transaction(async () => {
    if (await findByEmail(engine, email)) return false;
    await engine.run(
      `INSERT INTO users (id, email, name, role, agent_id, locale, password_hash, disabled, created_at, updated_at, last_login_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, FALSE, CAST(${p(8)} AS TIMESTAMP), CAST(${p(8)} AS TIMESTAMP), NULL)`,
      [
        id,
        email,
        input.name ?? null,
        input.role,
        agentId,
        input.locale ?? 'en',
        passwordHash,
        sqlInstant(now),
      ],
    );
    return true;
  });
  if (!inserted) return err({ kind: 'email_taken', email });
  const user = await getUser(engine, id);
  if (!user) throw new Error(`user ${id} vanished after insert`);
  return ok(user);
}

export interface UserChanges {
  name?: string | null;
  role?: Role;
  agentId?: string | null;
  password?: string;
  locale?: Locale;
  disabled?: boolean;
}

/** Changes a user. The last enabled admin cannot be demoted or disabled: nobody could manage users. */
export async function updateUser(
  engine: Engine,
  id: string,
  changes: UserChanges,
  options: { keepSessionId?: string; now?: Date } = {},
): Promise<Result<UserView, UserError>> {
  const now = options.now ?? new Date();
  const current = await getUser(engine, id);
  if (!current) return err({ kind: 'not_found', id });
  if (changes.password !== undefined) {
    const weakness = passwordWeakness(changes.password, current.email);
    if (weakness) return err({ kind: 'weak_password', reason: weakness });
  }
  const role = changes.role ?? current.role;
  const agentId = changes.agentId === undefined ? current.agentId : changes.agentId;
  if (role === 'agent' && !agentId) return err({ kind: 'agent_required' });
  if (agentId && agentId !== current.agentId && !(await agentExists(engine, agentId)))
    return err({ kind: 'unknown_agent', agentId });
  const losesAdmin =
    current.role === 'admin' && !current.disabled && (role !== 'admin' || changes.disabled === true);
  if (losesAdmin && (await countAdmins(engine)) <= 1) return err({ kind: 'last_admin' });
  const sets: string[] = [];
  const params: unknown[] = [];
  const p = engine.dialect.placeholder;
  const set = (column: string, value: unknown, cast?: string) => {
    params.push(value);
    sets.push(`${column} = ${cast ? `CAST(${p(params.length)} AS ${cast})` : p(params.length)}`);
  };
  if (changes.name !== undefined) set('name', changes.name);
  if (changes.role !== undefined) set('role', changes.role);
  if (changes.agentId !== undefined || changes.role !== undefined) set('agent_id', agentId);
  if (changes.locale !== undefined) set('locale', changes.locale);
  if (changes.disabled !== undefined) set('disabled', changes.disabled);
  if (changes.password !== undefined) set('password_hash', await hashPassword(changes.password));
  set('updated_at', sqlInstant(now), 'TIMESTAMP');
  params.push(id);
  await engine.run(`UPDATE users SET ${sets.join(', ')} WHERE id = ${p(params.length)}`, params);
  forgetSessions(engine);
  // A new password, a role change or disabling ends the user's sessions (but the one making the
  // change to their own password). Tokens act with the user's current role, so they follow it; a
  // new password revokes them too, since whoever knew the old one may have made them.
  if (changes.password !== undefined || changes.disabled === true || changes.role !== undefined)
    await endSessions(engine, id, options.keepSessionId);
  if (changes.password !== undefined)
    await engine.run(
      `UPDATE api_tokens SET revoked_at = CAST(${p(1)} AS TIMESTAMP) WHERE user_id = ${p(2)} AND revoked_at IS NULL`,
      [sqlInstant(now), id],
    );
  const user = await getUser(engine, id);
  if (!user) throw new Error(`user ${id} vanished after update`);
  return ok(user);
}

export async function deleteUser(engine: Engine, id: string): Promise<Result<UserView, UserError>> {
  const current = await getUser(engine, id);
  if (!current) return err({ kind: 'not_found', id });
  if (current.role === 'admin' && !current.disabled && (await countAdmins(engine)) <= 1)
    return err({ kind: 'last_admin' });
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM sessions WHERE user_id = ${p(1)}`, [id]);
    await engine.run(`DELETE FROM api_tokens WHERE user_id = ${p(1)}`, [id]);
    await engine.run(`DELETE FROM users WHERE id = ${p(1)}`, [id]);
  });
  forgetSessions(engine);
  return ok(current);
}

/** The user with this e-mail and password, if enabled. Takes as long whether or not the e-mail exists. */
export async function checkCredentials(
  engine: Engine,
  email: string,
  password: string,
): Promise<UserView | null> {
  const row = await findByEmail(engine, email);
  if (!row || typeof row.password_hash !== 'string') {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await decoyHash);
    return null;
  }
  if (!(await verifyPassword(password, row.password_hash))) return null;
  const user = toUser(row);
  return user.disabled ? null : user;
}

export async function checkPassword(engine: Engine, userId: string, password: string): Promise<boolean> {
  const rows = await engine.all(
    `SELECT password_hash FROM users WHERE id = ${engine.dialect.placeholder(1)}`,
    [userId],
  );
  const stored = rows[0]?.password_hash;
  return typeof stored === 'string' && verifyPassword(password, stored);
}

// ─── sessions ────────────────────────────────────────────────────────────────

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface SessionView {
  user: UserView;
  csrfToken: string;
  expiresAt: string;
}

export interface NewSession extends SessionView {
  /** The cookie value; only its hash is stored. */
  id: string;
}

/** The earlier of the idle and the absolute expiry. */
function sessionExpiry(createdAt: Date, lastSeen: Date): Date {
  return new Date(Math.min(createdAt.getTime() + SESSION_ABSOLUTE_MS, lastSeen.getTime() + SESSION_IDLE_MS));
}

export async function createSession(
  engine: Engine,
  user: UserView,
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<NewSession> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS TIMESTAMP), CAST(${p(4)} AS TIMESTAMP), CAST(${p(5)} AS TIMESTAMP), ${p(6)}, ${p(7)})`,
      [
        sha256(id),
        user.id,
        csrfToken,
        sqlInstant(now),
        sqlInstant(new Date(now.getTime() + SESSION_ABSOLUTE_MS)),
        client.ip,
        client.userAgent?.slice(0, 300) ?? null,
      ],
    );
    await engine.run(`UPDATE users SET last_login_at = CAST(${p(1)} AS TIMESTAMP) WHERE id = ${p(2)}`, [
      sqlInstant(now),
      user.id,
    ]);
    // Expired sessions of anyone are removed on every login rather than by a timer.
    await engine.run(
      `DELETE FROM sessions WHERE expires_at <= CAST(${p(1)} AS TIMESTAMP) OR last_seen_at <= CAST(${p(2)} AS TIMESTAMP)`,
      [sqlInstant(now), sqlInstant(new Date(now.getTime() - SESSION_IDLE_MS))],
    );
  });
  // Another person's sign-in changes nothing of anyone else's session (the idle ones it removes are
  // refused from memory all the same): a morning of sign-ins keeps the others' sessions known.
  forgetSessions(engine, user.id);
  const signedIn = { ...user, lastLoginAt: isoInstant(sqlInstant(now)) };
  // Known from the start: the first page after a sign-in does not read it back.
  const memory = sessionMemory(engine);
  if (memory.byHash.size >= REMEMBER_AT_MOST) memory.byHash.clear();
  memory.byHash.set(sha256(id), {
    user: signedIn,
    csrfToken,
    created: now,
    lastSeen: now,
    readAt: now.getTime(),
  });
  return {
    id,
    csrfToken,
    user: signedIn,
    expiresAt: isoInstant(sqlInstant(sessionExpiry(now, now))) ?? '',
  };
}

const toDate = (value: unknown) => new Date(`${String(value).replace(' ', 'T')}Z`);

interface RememberedSession {
  user: UserView;
  csrfToken: string;
  created: Date;
  lastSeen: Date;
  readAt: number;
}

/**
 * Sessions already read, per database: a request then does not wait in the database queue just to
 * learn who sent it. Every change this module makes to users or sessions forgets them all, and a
 * database file is locked to the one process serving it, so nothing else changes them unseen. An
 * entry is read again after a minute all the same.
 */
const rememberedSessions = new WeakMap<
  Engine,
  {
    generation: number;
    byHash: Map<string, RememberedSession>;
    /**
     * Last-seen times written behind and not stored yet: a read of the session meanwhile takes the
     * later of the two, or it would judge the session idle on a time already superseded.
     */
    touching: Map<string, Date>;
  }
>();
const REMEMBER_SESSION_MS = 60_000;
const REMEMBER_AT_MOST = 10_000;

function sessionMemory(engine: Engine) {
  let memory = rememberedSessions.get(engine);
  if (!memory) {
    memory = { generation: 0, byHash: new Map(), touching: new Map() };
    rememberedSessions.set(engine, memory);
  }
  return memory;
}

/** Called after every write to users or sessions; with `userId`, when only that user's changed. */
function forgetSessions(engine: Engine, userId?: string): void {
  const memory = sessionMemory(engine);
  memory.generation++;
  if (userId === undefined) memory.byHash.clear();
  else
    for (const [hash, session] of memory.byHash) if (session.user.id === userId) memory.byHash.delete(hash);
}

async function readSession(engine: Engine, hash: string, now: Date): Promise<RememberedSession | null> {
  const memory = sessionMemory(engine);
  const known = memory.byHash.get(hash);
  const age = now.getTime() - (known?.readAt ?? Number.NaN);
  if (known && age >= 0 && age < REMEMBER_SESSION_MS) return known;
  // A read that started before a change must not be remembered after it.
  const generation = memory.generation;
  // Taken before the read: a touch stored while it runs may be missing from what it sees.
  const touched = memory.touching.get(hash);
  const rows = await engine.all(
    `SELECT s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, u.*
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ${engine.dialect.placeholder(1)}`,
    [hash],
    // Every request waits for it: not behind other people's KPI statements.
    { quick: true },
  );
  const row = rows[0];
  if (!row) return null;
  const stored = toDate(row.last_seen_at);
  const session = {
    user: toUser(row),
    csrfToken: String(row.csrf_token),
    created: toDate(row.session_created_at),
    lastSeen: touched && touched > stored ? touched : stored,
    readAt: now.getTime(),
  };
  if (generation === memory.generation) {
    if (memory.byHash.size >= REMEMBER_AT_MOST) memory.byHash.clear();
    memory.byHash.set(hash, session);
  }
  return session;
}

/** The session behind a cookie value, if it exists, has not expired and its user is enabled. */
export async function resolveSession(
  engine: Engine,
  id: string,
  now = new Date(),
): Promise<SessionView | null> {
  const p = engine.dialect.placeholder;
  const hash = sha256(id);
  const session = await readSession(engine, hash, now);
  if (!session) return null;
  if (sessionExpiry(session.created, session.lastSeen) <= now || session.user.disabled) {
    writeBehind(
      engine.run(`DELETE FROM sessions WHERE id_hash = ${p(1)}`, [hash]),
      'expired session removal',
    );
    forgetSessions(engine);
    return null;
  }
  if (now.getTime() - session.lastSeen.getTime() >= TOUCH_EVERY_MS) {
    session.lastSeen = now;
    const { touching } = sessionMemory(engine);
    touching.set(hash, now);
    const written = engine.run(
      `UPDATE sessions SET last_seen_at = CAST(${p(1)} AS TIMESTAMP) WHERE id_hash = ${p(2)}`,
      [sqlInstant(now), hash],
    );
    writeBehind(
      written.finally(() => {
        if (touching.get(hash) === now) touching.delete(hash);
      }),
      'session last-seen time',
    );
  }
  return {
    user: session.user,
    csrfToken: session.csrfToken,
    expiresAt: isoInstant(sqlInstant(sessionExpiry(session.created, session.lastSeen))) ?? '',
  };
}

export async function endSession(engine: Engine, id: string): Promise<void> {
  await engine.run(`DELETE FROM sessions WHERE id_hash = ${engine.dialect.placeholder(1)}`, [sha256(id)]);
  forgetSessions(engine);
}

/** Ends every session of a user, except the one with this cookie value. */
export async function endSessions(engine: Engine, userId: string, exceptId?: string): Promise<void> {
  const p = engine.dialect.placeholder;
  if (exceptId)
    await engine.run(`DELETE FROM sessions WHERE user_id = ${p(1)} AND id_hash <> ${p(2)}`, [
      userId,
      sha256(exceptId),
    ]);
  else await engine.run(`DELETE FROM sessions WHERE user_id = ${p(1)}`, [userId]);
  forgetSessions(engine);
}

// ─── API tokens ──────────────────────────────────────────────────────────────

export interface TokenView {
  id: string;
  name: string;
  userId: string;
  userEmail: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const TOKEN_PREFIX = 'smt_';

function toToken(row: Row): TokenView {
  return {
    id: String(row.id),
    name: String(row.name),
    userId: String(row.user_id),
    userEmail: String(row.email ?? ''),
    prefix: String(row.prefix),
    createdAt: isoInstant(row.created_at) ?? '',
    lastUsedAt: isoInstant(row.last_used_at),
    expiresAt: isoInstant(row.expires_at),
  };
}

const TOKEN_SELECT =
  'SELECT t.*, u.email FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.revoked_at IS NULL';

export async function createToken(
  engine: Engine,
  userId: string,
  input: { name: string; expiresInDays?: number },
  now = new Date(),
): Promise<TokenView & { token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  const p = engine.dialect.placeholder;
  const expires = input.expiresInDays
    ? sqlInstant(new Date(now.getTime() + input.expiresInDays * 86_400_000))
    : null;
  await engine.run(
    `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, last_used_at, expires_at, revoked_at)
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, CAST(${p(6)} AS TIMESTAMP), NULL, CAST(${p(7)} AS TIMESTAMP), NULL)`,
    [
      id,
      userId,
      input.name,
      sha256(token),
      token.slice(0, TOKEN_PREFIX.length + 6),
      sqlInstant(now),
      expires,
    ],
  );
  const rows = await engine.all(`${TOKEN_SELECT} AND t.id = ${p(1)}`, [id]);
  if (!rows[0]) throw new Error(`token ${id} vanished after insert`);
  return { ...toToken(rows[0]), token };
}

export async function listTokens(engine: Engine, userId: string | null): Promise<TokenView[]> {
  const p = engine.dialect.placeholder;
  const rows = userId
    ? await engine.all(`${TOKEN_SELECT} AND t.user_id = ${p(1)} ORDER BY t.created_at DESC`, [userId])
    : await engine.all(`${TOKEN_SELECT} ORDER BY t.created_at DESC`);
  return rows.map(toToken);
}

/** Revokes a token; `ownerId` limits it to that user's tokens (null: any token, for an admin). */
export async function revokeToken(
  engine: Engine,
  id: string,
  ownerId: string | null,
  now = new Date(),
): Promise<TokenView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`${TOKEN_SELECT} AND t.id = ${p(1)}`, [id]);
  const row = rows[0];
  if (!row || (ownerId !== null && row.user_id !== ownerId)) return null;
  await engine.run(`UPDATE api_tokens SET revoked_at = CAST(${p(1)} AS TIMESTAMP) WHERE id = ${p(2)}`, [
    sqlInstant(now),
    id,
  ]);
  return toToken(row);
}

/** The user a bearer token acts for, with that user's current role; null when unknown, revoked or expired. */
export async function resolveToken(
  engine: Engine,
  token: string,
  now = new Date(),
): Promise<UserView | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT t.id AS token_id, t.expires_at AS token_expires_at, t.last_used_at AS token_last_used_at, u.*
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ${p(1)} AND t.revoked_at IS NULL`,
    [sha256(token)],
    // Every request of a script waits for it: not behind other people's KPI statements.
    { quick: true },
  );
  const row = rows[0];
  if (!row) return null;
  if (row.token_expires_at != null && toDate(row.token_expires_at) <= now) return null;
  const user = toUser(row);
  if (user.disabled) return null;
  if (
    row.token_last_used_at == null ||
    now.getTime() - toDate(row.token_last_used_at).getTime() >= TOUCH_EVERY_MS
  ) {
    writeBehind(
      engine.run(`UPDATE api_tokens SET last_used_at = CAST(${p(1)} AS TIMESTAMP) WHERE id = ${p(2)}`, [
        sqlInstant(now),
        row.token_id,
      ]),
      'token last-used time',
    );
  }
  return user;
}
