import type { Context } from 'hono';
import { LoginFailureLog } from '../../services/audit.js';
import {
  checkCredentials,
  checkPassword,
  countAdmins,
  createSession,
  createUser,
  endSession,
  type UserView,
  updateUser,
} from '../../services/users.js';
import { clearSessionCookie, isLocalClient, sameSecret, setSessionCookie, signedIn } from '../auth.js';
import { featureRouter, type ServerContext, userProblem } from '../context.js';
import { problem } from '../problem.js';
import {
  addressKey,
  DEFAULT_LOGIN_LIMITS,
  DEFAULT_SLOWDOWN,
  FailureLimiter,
  Throttle,
} from '../rate-limit.js';
import * as r from './routes.js';

export function sessionRouter(ctx: ServerContext) {
  const { engine, deps, now, ip, audit } = ctx;
  const limits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const byEmail = new FailureLimiter(limits.perEmail);
  const byIp = new FailureLimiter(limits.perIp);
  const slowed = new Throttle(
    (limits.slowdown ?? DEFAULT_SLOWDOWN).delayMs,
    (limits.slowdown ?? DEFAULT_SLOWDOWN).maxWaiting,
  );
  const loginFailures = new LoginFailureLog(engine);
  const setupToken = deps.setupToken ?? null;
  /** Setup from elsewhere than this machine needs the token printed at start. */
  const setupTokenRequired = (c: Context) => !isLocalClient(c, ctx.proxies);

  /** Signs a user in: a new session, its cookie, the audit entry. */
  const startSession = async (c: Context, user: UserView, action: string) => {
    const session = await createSession(
      engine,
      user,
      { ip: ip(c), userAgent: c.req.header('user-agent') ?? null },
      now(),
    );
    setSessionCookie(c, session.id);
    await audit(c, session.user, action);
    return { user: session.user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  };

  return featureRouter()
    .openapi(r.health, (c) => c.json({ status: 'ok' as const, version: deps.version }, 200))

    .openapi(r.getSetup, async (c) => {
      const needed = (await countAdmins(engine)) === 0;
      return c.json({ needed, tokenRequired: needed && setupTokenRequired(c) }, 200);
    })

    .openapi(r.setup, async (c) => {
      const { setupToken: sentToken, ...body } = c.req.valid('json');
      const address = addressKey(ip(c));
      const wait = byIp.retryAfter(address, now().getTime());
      if (wait > 0) return problem(c, 429, 'too many attempts', { headers: { 'Retry-After': String(wait) } });
      if (
        setupTokenRequired(c) &&
        !(setupToken && sentToken !== undefined && sameSecret(sentToken, setupToken))
      ) {
        byIp.fail(address, now().getTime());
        return problem(
          c,
          403,
          setupToken
            ? `${sentToken === undefined ? 'missing' : 'wrong'} setupToken: from another machine than the server, setup needs the setup token servicemeter serve printed at start`
            : 'setup is possible only on the server itself (http://localhost), or with servicemeter user add --role admin',
          {
            issues: [
              `setupToken: ${sentToken === undefined ? 'required from another machine' : 'wrong token'}`,
            ],
          },
        );
      }
      // The check and the insert hold the database together: two setups cannot both create an admin.
      const created = await engine.exclusive(async () => {
        if ((await countAdmins(engine)) > 0) return null;
        return createUser(engine, { ...body, role: 'admin' }, now());
      });
      if (created === null) {
        byIp.fail(address, now().getTime());
        return problem(c, 409, 'setup is done: an admin exists; sign in instead');
      }
      if (!created.ok) return userProblem(c, created.error);
      return c.json(await startSession(c, created.data, 'setup'), 201);
    })

    .openapi(r.login, async (c) => {
      const { email, password } = c.req.valid('json');
      const address = addressKey(ip(c));
      // Counted in one audit row per address and quarter hour, not one row per attempt.
      const failed = (reason: 'bad_credentials' | 'rate_limited') =>
        loginFailures.record({ ip: address, email, reason }, now());
      // An address with many failures is slowed, not locked out: a right password from it still
      // signs in, while guessing from it gets one try per delay however many connections it opens.
      if (byIp.retryAfter(address, now().getTime()) > 0 && !(await slowed.turn(address))) {
        await failed('rate_limited');
        return problem(c, 429, 'too many sign-ins from this address at once; try again in a few seconds', {
          headers: {
            'Retry-After': String(Math.ceil((limits.slowdown ?? DEFAULT_SLOWDOWN).delayMs / 1000) + 1),
          },
        });
      }
      const locked = byEmail.retryAfter(email, now().getTime());
      if (locked > 0) {
        await failed('rate_limited');
        return problem(c, 429, `too many failed sign-ins; try again in ${locked} s`, {
          headers: { 'Retry-After': String(locked) },
        });
      }
      // Counted against the e-mail before the password is checked (and forgiven when it is right):
      // guesses at one account sent all at once would otherwise each pass the lock above before
      // any of them counted. The address counts failures only: a team behind one office address
      // signing in at nine must not be slowed by its own right passwords.
      const at = now().getTime();
      byEmail.fail(email, at);
      const user = await checkCredentials(engine, email, password);
      if (!user) {
        byIp.fail(address, now().getTime());
        await failed('bad_credentials');
        return problem(c, 401, 'wrong e-mail or password');
      }
      byEmail.reset(email);
      return c.json(await startSession(c, user, 'login.ok'), 200);
    })

    .openapi(r.logout, async (c) => {
      const auth = signedIn(c);
      if (auth.sessionId) await endSession(engine, auth.sessionId);
      clearSessionCookie(c);
      await audit(c, auth.user, 'logout');
      return c.body(null, 204);
    })

    .openapi(r.getSession, (c) => {
      const auth = signedIn(c);
      return c.json(
        { user: auth.user, csrfToken: auth.csrfToken ?? '', expiresAt: auth.expiresAt ?? '' },
        200,
      );
    })

    .openapi(r.updateMe, async (c) => {
      const auth = signedIn(c);
      const result = await updateUser(engine, auth.user.id, c.req.valid('json'), { now: now() });
      if (!result.ok) return userProblem(c, result.error);
      return c.json(result.data, 200);
    })

    .openapi(r.changePassword, async (c) => {
      const auth = signedIn(c);
      const { currentPassword, newPassword } = c.req.valid('json');
      const at = now().getTime();
      const wait = byEmail.retryAfter(auth.user.email, at);
      if (wait > 0)
        return problem(c, 403, `too many wrong passwords; try again in ${wait} s`, {
          headers: { 'Retry-After': String(wait) },
        });
      if (!(await checkPassword(engine, auth.user.id, currentPassword))) {
        byEmail.fail(auth.user.email, at);
        return problem(c, 400, 'the current password is wrong', {
          issues: ['currentPassword: wrong password'],
        });
      }
      const result = await updateUser(
        engine,
        auth.user.id,
        { password: newPassword },
        { keepSessionId: auth.sessionId, now: now() },
      );
      if (!result.ok) return userProblem(c, result.error);
      await audit(c, auth.user, 'password.change', { target: auth.user.id });
      return c.body(null, 204);
    });
}
