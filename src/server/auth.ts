/**
 * Authentication and authorization in one place. Every /api request passes `authorize`: it finds
 * the operation, looks up its policy (policy.ts), identifies the caller by the session cookie or a
 * bearer token, checks the CSRF token of a session on every state change, and the role.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { resolveSession, resolveToken, SESSION_ABSOLUTE_MS, type UserView } from '../services/users.js';
import { POLICIES, type Policy } from './policy.js';
import { problem } from './problem.js';
import { LOOPBACK_PROXIES, proxyList } from './proxies.js';
import type { SerializedEngine } from './serialized-engine.js';

export const SESSION_COOKIE = 'sm_session';
export const CSRF_HEADER = 'X-CSRF-Token';

export interface Auth {
  user: UserView;
  via: 'session' | 'token';
  /** Session only: the cookie value, its CSRF token and expiry. */
  sessionId?: string;
  csrfToken?: string;
  expiresAt?: string;
}

export type Env = { Variables: { auth: Auth | null; operationId: string | null } };

interface Operation {
  method: string;
  path: string;
  operationId: string;
}

interface Matcher extends Operation {
  pattern: RegExp;
  params: number;
}

/** Path templates (`/api/contacts/{key}`) as patterns; literal paths win over parameters. */
export function operationMatcher(operations: readonly Operation[]) {
  const matchers: Matcher[] = operations.map((op) => ({
    ...op,
    method: op.method.toUpperCase(),
    pattern: new RegExp(
      `^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}/?$`,
    ),
    params: (op.path.match(/\{/g) ?? []).length,
  }));
  matchers.sort((a, b) => a.params - b.params);
  return (method: string, path: string): Matcher | null => {
    const m = method === 'HEAD' ? 'GET' : method;
    return matchers.find((x) => x.method === m && x.pattern.test(path)) ?? null;
  };
}

export function missingPolicies(operations: readonly Operation[]): string[] {
  return operations.map((o) => o.operationId).filter((id) => !(id in POLICIES));
}

/** `::ffff:127.0.0.1` (an IPv4 client of a dual-stack socket) as `127.0.0.1`. */
function plainAddress(address: string): string {
  // Some proxies append the port: `1.2.3.4:5678`, `[2001:db8::1]:443`.
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address) ?? /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  const bare = withPort?.[1] ?? address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped?.[1] ?? bare;
}

/** `--trust-proxy` as the app takes it: off, the loopback addresses, or the listed ones. */
export function trustedProxies(setting: boolean | readonly string[] | undefined): BlockList | null {
  if (!setting) return null;
  const parsed = proxyList(setting === true ? LOOPBACK_PROXIES : setting);
  if (!parsed.ok) throw new Error(`--trust-proxy: '${parsed.entry}' is not an IP address or CIDR range`);
  return parsed.list;
}

function listed(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function socketAddress(c: Context): string | null {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? plainAddress(address) : null;
  } catch {
    return null;
  }
}

/**
 * The client's address. Behind trusted proxies (and only when the request comes from one) it is
 * the right-most X-Forwarded-For entry that is not a trusted proxy: each proxy appends the address
 * it was reached from, so that entry is the last one no client could have written. Anything else
 * is the socket's peer, so a client cannot choose the address its failures are counted under.
 */
export function clientIp(c: Context, proxies: BlockList | null): string | null {
  const peer = socketAddress(c);
  if (!proxies || !peer || !listed(proxies, peer)) return peer;
  return relayedClient(c, proxies) ?? peer;
}

/**
 * The client a trusted proxy relays for: the right-most X-Forwarded-For entry that is not a trusted
 * proxy. Null when the proxy named none that can be read (no header, an entry that is not an
 * address, or only proxies): then nobody can say who the client is.
 */
function relayedClient(c: Context, proxies: BlockList): string | null {
  const chain = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => plainAddress(entry.trim()))
    .filter((entry) => entry !== '');
  for (let i = chain.length - 1; i >= 0; i--) {
    const entry = chain[i] ?? '';
    if (isIP(entry) === 0) return null;
    if (!listed(proxies, entry)) return entry;
  }
  return null;
}

/** Whether the request's peer is one of the trusted proxies, whose forwarding headers are believed. */
export function fromTrustedProxy(c: Context, proxies: BlockList | null): boolean {
  const peer = socketAddress(c);
  return proxies !== null && peer !== null && listed(proxies, peer);
}

const LOOPBACK = proxyList(LOOPBACK_PROXIES);

/**
 * Whether the request comes from the server's own machine. A loopback peer that carries
 * forwarding headers without being a trusted proxy is a proxy on this machine relaying someone
 * else: not local.
 */
export function isLocalClient(c: Context, proxies: BlockList | null): boolean {
  const peer = socketAddress(c);
  if (!peer || !LOOPBACK.ok) return false;
  const relayed = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => c.req.header(h) !== undefined);
  if (!relayed) return listed(LOOPBACK.list, peer);
  // Relayed by a trusted proxy, the client it names in X-Forwarded-For decides; one it does not
  // name there (only X-Real-IP or Forwarded, or an entry that is not an address) is someone
  // unknown, never this machine. Relayed by anything else: not local either.
  if (!proxies || !listed(proxies, peer)) return false;
  const client = relayedClient(c, proxies);
  return client !== null && listed(LOOPBACK.list, client);
}

export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookie(c: Context, id: string): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Strict' });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Compares two secrets in a time that depends on neither, not even on their lengths. */
export function sameSecret(sent: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** No Origin (scripts, older browsers) passes; one naming another host than the request's does not. */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === c.req.header('host') || host === c.req.header('x-forwarded-host');
}

async function authenticate(c: Context, engine: SerializedEngine, now: Date): Promise<Auth | null> {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match?.[1] ? await resolveToken(engine, match[1], now) : null;
    return user ? { user, via: 'token' } : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await resolveSession(engine, cookie, now);
  if (!session) return null;
  return {
    user: session.user,
    via: 'session',
    sessionId: cookie,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}

export function authorize(options: {
  engine: SerializedEngine;
  operations: readonly Operation[];
  now: () => Date;
}): MiddlewareHandler<Env> {
  const match = operationMatcher(options.operations);
  return async (c, next) => {
    c.set('auth', null);
    const operation = match(c.req.method, c.req.path);
    if (!operation) return problem(c, 404, `no operation ${c.req.method} ${c.req.path}`);
    c.set('operationId', operation.operationId);
    const policy: Policy | undefined = POLICIES[operation.operationId];
    if (!policy) throw new Error(`operation ${operation.operationId} has no policy`);
    const method = c.req.method.toUpperCase();
    // A state change from another site's page is refused even before the cookie is looked at.
    if (UNSAFE.has(method) && !sameOrigin(c)) return problem(c, 403, 'cross-origin request refused');
    if (policy.public) return next();
    const auth = await authenticate(c, options.engine, options.now());
    if (!auth) return problem(c, 401, 'sign in, or send a valid API token as Authorization: Bearer <token>');
    if (policy.sessionOnly && auth.via === 'token')
      return problem(c, 403, 'this operation needs a signed-in user; API tokens cannot do it');
    if (auth.via === 'session' && UNSAFE.has(method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!auth.csrfToken || !sameText(sent, auth.csrfToken))
        return problem(
          c,
          403,
          `missing or wrong ${CSRF_HEADER} header (the csrfToken of GET /api/auth/session)`,
        );
    }
    if (!policy.roles.includes(auth.user.role))
      return problem(c, 403, `not allowed for the ${auth.user.role} role`);
    c.set('auth', auth);
    return next();
  };
}

/** The caller of an operation that `authorize` let through as signed in. */
export function signedIn(c: Context<Env>): Auth {
  const auth = c.get('auth');
  if (!auth) throw new Error('operation reached without authentication');
  return auth;
}
