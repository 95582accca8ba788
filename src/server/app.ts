/**
 * The HTTP API and the dashboard. Each route parses its input (zod, through the route's schemas),
 * calls a service and answers with its data or a problem. Authorization happens before any route
 * (auth.ts + policy.ts); the agent's data scope inside a route comes from scope.ts.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { stopReads } from '../core/engine.js';
import { findKpi, KPIS } from '../core/kpi/catalog.js';
import { QUERY_LIMITS, withoutRepeats } from '../core/kpi/limits.js';
import { KpiQuery as CoreKpiQuery, type KpiQueryInput } from '../core/kpi/query.js';
import { ok } from '../core/result.js';
import { LoginFailureLog, listAudit, recordAudit } from '../services/audit.js';
import { type ContactsError, exportContacts, getContact, listContacts } from '../services/contacts.js';
import { listQualityNotices } from '../services/data-quality.js';
import { dataStatus, filterValues } from '../services/data-status.js';
import { type KpiQueryError, type KpiQueryOptions, withinBudget } from '../services/kpi.js';
import { type RepairReport, repairDatabase } from '../services/repair.js';
import { keptScorecardSources, type ScorecardError, scorecards } from '../services/scorecard.js';
import {
  deleteCalendar,
  getSettings,
  kpiTargets,
  putCalendar,
  putKpiTargets,
  putThresholds,
  type SettingsError,
  setTeamCalendar,
} from '../services/settings.js';
import { kpiRowsCsv } from '../services/spreadsheet-csv.js';
import {
  checkCredentials,
  checkPassword,
  countAdmins,
  createSession,
  createToken,
  createUser,
  deleteUser,
  endSession,
  listTokens,
  listUsers,
  revokeToken,
  type UserError,
  type UserView,
  updateUser,
} from '../services/users.js';
import {
  authorize,
  clearSessionCookie,
  clientIp,
  type Env,
  isLocalClient,
  missingPolicies,
  sameSecret,
  setSessionCookie,
  signedIn,
  trustedProxies,
} from './auth.js';
import { checkInput } from './boundary.js';
import { buildCatalog } from './catalog.js';
import { KpiCache } from './kpi-cache.js';
import { problem, problemBody } from './problem.js';
import {
  addressKey,
  DEFAULT_LOGIN_LIMITS,
  DEFAULT_SLOWDOWN,
  FailureLimiter,
  type LoginLimits,
  Throttle,
} from './rate-limit.js';
import * as r from './routes.js';
import type { ScorecardQuery } from './schemas.js';
import {
  type AgentScope,
  agentScope,
  checkAgentFilter,
  contactsScope,
  ownScorecard,
  scopeKpiQuery,
  scopeScorecardRequest,
} from './scope.js';
import { quickReads, type SerializedEngine } from './serialized-engine.js';
import { dashboard } from './static.js';
import { defaultOverviewQueries } from './warm-up.js';

export interface RequestLog {
  time: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  user: string | null;
}

export interface AppDeps {
  engine: SerializedEngine;
  version: string;
  /** The built dashboard (index.html and assets); null or missing: a page says how to build it. */
  staticDir: string | null;
  /** One line per request; never passwords, cookies or tokens. */
  log?: (entry: RequestLog) => void;
  /**
   * Behind a reverse proxy: the proxies whose X-Forwarded-For is believed (IPs and CIDR ranges;
   * true: the loopback addresses). Off: the client address is the socket's peer.
   */
  trustProxy?: boolean | readonly string[];
  /**
   * Asked of POST /api/setup from anywhere but this machine, while no admin exists. Null or
   * missing: setup is possible only from this machine.
   */
  setupToken?: string | null;
  loginLimits?: LoginLimits;
  now?: () => Date;
  /**
   * Computes, in the background from the start, what every signed-in page asks for first (the
   * filter values): the first person to sign in then waits only for their own view.
   */
  warmUp?: boolean;
}

export const OPERATIONS = Object.values(r);

/** Sign-in and setup bodies: an e-mail, a password, a name and a token fit many times over. */
export const ANONYMOUS_BODY_LIMIT = 8 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The items without repeats, first occurrence kept. */
function distinct(items: string[] | undefined): string[] | undefined {
  return items && [...new Set(items)];
}

/**
 * A query as the audit log keeps it: each filter's first ten values and how many more, so an
 * export's entry stays small whatever lists it was sent.
 */
function auditedQuery<Q extends { filters?: Partial<Record<string, string[]>> }>(query: Q): Q {
  if (!query.filters) return query;
  const filters: Record<string, string[]> = {};
  for (const [dimension, values = []] of Object.entries(query.filters))
    filters[dimension] =
      values.length > 10 ? [...values.slice(0, 10), `… and ${values.length - 10} more`] : values;
  return { ...query, filters };
}

/** A comma-separated query parameter as its non-empty items. */
function commaList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

function kpiProblem(c: Context, error: KpiQueryError) {
  switch (error.kind) {
    case 'unknown_kpi':
      return problem(c, 400, `unknown KPI '${error.id}'`, {
        issues: [`kpis: known are ${error.known.join(', ')}`],
      });
    case 'too_large':
      return problem(c, 400, error.detail, { issues: [error.detail], kind: 'query-too-large' });
    case 'too_slow':
      return problem(
        c,
        503,
        `the query took longer than its budget of ${error.budgetMs / 1000} s and was stopped; ask for a shorter range, a coarser grain or fewer KPIs`,
      );
    case 'cancelled':
      return problem(c, 503, 'the query was stopped before it finished');
    default:
      return problem(c, 400, 'invalid query', { issues: error.issues });
  }
}

function contactsProblem(c: Context, error: ContactsError) {
  return error.kind === 'unknown_kpi'
    ? problem(c, 400, `unknown KPI '${error.id}'`)
    : problem(c, 400, error.detail, { issues: [error.detail] });
}

function userProblem(c: Context, error: UserError) {
  switch (error.kind) {
    case 'email_taken':
      return problem(c, 409, `a user with e-mail ${error.email} exists`);
    case 'agent_required':
      return problem(c, 400, 'a user with role agent needs agentId: the agent whose data they see', {
        issues: ['agentId: required for role agent'],
      });
    case 'unknown_agent':
      return problem(c, 400, `no agent ${error.agentId} in the data`, { issues: [`agentId: unknown agent`] });
    case 'not_found':
      return problem(c, 404, `no user ${error.id}`);
    case 'last_admin':
      return problem(c, 409, 'the last admin cannot be removed, demoted or disabled');
    case 'weak_password':
      return problem(c, 400, `password: ${error.reason}`, { issues: [`password: ${error.reason}`] });
    default: {
      const unreachable: never = error;
      throw new Error(`unknown user error ${JSON.stringify(unreachable)}`);
    }
  }
}

function settingsProblem(c: Context, error: SettingsError) {
  switch (error.kind) {
    case 'invalid':
      return problem(c, 400, 'invalid settings', { issues: error.issues });
    case 'not_found':
      return problem(c, 404, `no ${error.what}`);
    case 'in_use':
      return problem(c, 409, error.detail);
    default: {
      const unreachable: never = error;
      throw new Error(`unknown settings error ${JSON.stringify(unreachable)}`);
    }
  }
}

function scorecardProblem(c: Context, error: ScorecardError) {
  return error.kind === 'unknown_agent' ? problem(c, 404, `no agent ${error.id}`) : kpiProblem(c, error);
}

/** A repair report for the API: the rebuild reduced to what it counted. */
function repairResponse(report: RepairReport) {
  const { facts, ...rest } = report;
  return { ...rest, rebuilt: facts ? { contacts: facts.contacts, surveys: facts.surveys } : null };
}

function csvFileName(kind: string, now: Date): string {
  return `servicemeter-${kind}-${now.toISOString().slice(0, 19).replaceAll(':', '').replace('T', '-')}.csv`;
}

export function createApp(deps: AppDeps) {
  const { engine } = deps;
  const kpiResults = new KpiCache(engine);
  /** For the short reads every page waits for: see `ReadOptions.quick`. */
  const quickly = quickReads(engine);
  /** The kept results, for a request whose queries stop when its client goes away. */
  const stoppedWith = (signal: AbortSignal) => ({
    run: (input: KpiQueryInput, options: KpiQueryOptions) => kpiResults.run(input, options, signal),
    remember: <T>(name: string, compute: () => Promise<T>) => kpiResults.remember(name, compute),
  });
  const knownFilterValues = (agentId: string | null) =>
    kpiResults.remember(`filter-values\u0000${JSON.stringify(agentId)}`, () => filterValues(engine, agentId));
  // What every page asks for is kept like KPI results: read from a queue of KPI statements, these
  // small answers would wait as long as the statements ahead of them.
  const knownStatus = () => kpiResults.remember('status', () => dataStatus(quickly));
  const knownCatalog = () =>
    kpiResults.remember('catalog', async () => buildCatalog(await kpiTargets(quickly)));
  const scopeOf = (user: UserView) =>
    user.role === 'agent'
      ? kpiResults.remember(`agent-scope\u0000${user.agentId ?? ''}`, () => agentScope(quickly, user))
      : Promise.resolve(null);
  /**
   * Scorecards as a request asks for them: an agent's range in whole team days, the KPI list without
   * repeats, from the kept results, stopped when the client goes.
   */
  const askedScorecards = async (
    c: Context,
    scope: AgentScope | null,
    { kpis, ...range }: ScorecardQuery,
    onlyAgent: string | null,
  ) => {
    const scoped = scopeScorecardRequest(scope, range);
    if (!scoped.ok) return scoped;
    const query = scoped.data;
    const result = await scorecards(
      engine,
      { ...query, kpis: distinct(commaList(kpis)) },
      onlyAgent,
      scope,
      keptScorecardSources(engine, stoppedWith(c.req.raw.signal)),
    );
    return ok({ query, result });
  };
  if (deps.warmUp) {
    knownFilterValues(null).catch(() => undefined);
    (async () => {
      const queries = defaultOverviewQueries(await knownStatus(), (deps.now ?? (() => new Date()))());
      await Promise.all(queries.map((query) => kpiResults.run(query)));
    })().catch(() => undefined);
  }
  const now = deps.now ?? (() => new Date());
  const limits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const byEmail = new FailureLimiter(limits.perEmail);
  const byIp = new FailureLimiter(limits.perIp);
  const slowed = new Throttle(
    (limits.slowdown ?? DEFAULT_SLOWDOWN).delayMs,
    (limits.slowdown ?? DEFAULT_SLOWDOWN).maxWaiting,
  );
  const loginFailures = new LoginFailureLog(engine);
  const proxies = trustedProxies(deps.trustProxy);
  const ip = (c: Context) => clientIp(c, proxies);
  const setupToken = deps.setupToken ?? null;
  /** Setup from elsewhere than this machine needs the token printed at start. */
  const setupTokenRequired = (c: Context) => !isLocalClient(c, proxies);
  const audit = (c: Context, user: Pick<UserView, 'id' | 'email'> | null, action: string, extra = {}) =>
    recordAudit(
      engine,
      { action, userId: user?.id ?? null, email: user?.email ?? null, ip: ip(c), ...extra },
      now(),
    );

  const missing = missingPolicies(OPERATIONS);
  if (missing.length > 0) throw new Error(`operations without a policy: ${missing.join(', ')}`);

  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map(
          (i) => `${i.path.join('.') || `(${result.target})`}: ${i.message}`,
        );
        return c.json(problemBody(400, `invalid ${result.target}`, issues), 400, {
          'Content-Type': 'application/problem+json',
        });
      }
    },
  });

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
    deps.log?.({
      time: new Date().toISOString(),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: c.get('auth')?.user.id ?? null,
    });
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: (c) =>
        c.json(problemBody(400, 'the request body is larger than 1 MiB'), 400, {
          'Content-Type': 'application/problem+json',
        }),
    }),
  );
  // Anyone may call these two: what they send is read only when it is small.
  for (const path of ['/api/auth/login', '/api/setup'])
    app.use(
      path,
      bodyLimit({
        maxSize: ANONYMOUS_BODY_LIMIT,
        onError: (c) =>
          c.json(
            problemBody(400, `the request body is larger than ${ANONYMOUS_BODY_LIMIT / 1024} KiB`),
            400,
            {
              'Content-Type': 'application/problem+json',
            },
          ),
      }),
    );
  const authorizeApi = authorize({ engine, operations: OPERATIONS, now });
  app.use('/api/*', async (c, next) => {
    if (c.req.path === '/api/openapi.json') return next();
    return authorizeApi(c, next);
  });
  // After authorization, so that only a caller allowed to use an operation learns what it accepts.
  app.use('/api/*', checkInput(OPERATIONS));

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

  const routes = app
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
    })

    .openapi(r.getCatalog, async (c) => c.json(await knownCatalog(), 200))

    .openapi(r.getStatus, async (c) => c.json(await knownStatus(), 200))

    .openapi(r.getDataQuality, async (c) => c.json({ notices: await listQualityNotices(engine) }, 200))

    .openapi(r.getRepair, async (c) =>
      c.json(repairResponse(await repairDatabase(engine, { dryRun: true })), 200),
    )

    .openapi(r.repair, async (c) => {
      const report = await repairDatabase(engine, { dryRun: false });
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'data.repair', {
        detail: { rows: report.rows, findings: report.findings.map(({ examples: _, ...f }) => f) },
      });
      return c.json(repairResponse(report), 200);
    })

    .openapi(r.getFilterValues, async (c) => {
      const scope = await scopeOf(signedIn(c).user);
      return c.json(await knownFilterValues(scope?.agentId ?? null), 200);
    })

    .openapi(r.queryKpis, async (c) => {
      const scope = await scopeOf(signedIn(c).user);
      const scoped = scopeKpiQuery(scope, c.req.valid('json'));
      if (!scoped.ok) return problem(c, 403, scoped.error);
      const result = await kpiResults.run(scoped.data.query, scoped.data.options, c.req.raw.signal);
      if (!result.ok) return kpiProblem(c, result.error);
      return c.json({ ...result.data, query: withoutRepeats(CoreKpiQuery.parse(scoped.data.query)) }, 200);
    })

    .openapi(r.exportKpis, async (c) => {
      const auth = signedIn(c);
      const scope = await scopeOf(auth.user);
      const scoped = scopeKpiQuery(scope, c.req.valid('json'));
      if (!scoped.ok) return problem(c, 403, scoped.error);
      const result = await kpiResults.run(scoped.data.query, scoped.data.options, c.req.raw.signal);
      if (!result.ok) return kpiProblem(c, result.error);
      const ids = new Set(scoped.data.query.kpis ?? KPIS.map((k) => k.id));
      const kpis = [...ids].flatMap((id) => findKpi(id) ?? []);
      await audit(c, auth.user, 'export.kpis', {
        detail: { query: auditedQuery(scoped.data.query), rows: result.data.rows.length },
      });
      return c.body(kpiRowsCsv(result.data.rows, kpis, { compare: scoped.data.query.compare }), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${csvFileName('kpis', now())}"`,
      });
    })

    .openapi(r.queryContacts, async (c) => {
      const scope = await scopeOf(signedIn(c).user);
      const { page, pageSize, ...query } = c.req.valid('json');
      const refused = checkAgentFilter(scope, query.filters.agent);
      if (refused) return problem(c, 403, refused);
      const answer = await withinBudget(engine, c.req.raw.signal, (bounded) =>
        listContacts(bounded, query, { page, pageSize }, contactsScope(scope)),
      );
      if (!answer.ok) return kpiProblem(c, answer.error);
      const result = answer.data;
      if (!result.ok) return contactsProblem(c, result.error);
      return c.json(result.data, 200);
    })

    .openapi(r.exportContacts, async (c) => {
      const auth = signedIn(c);
      const scope = await scopeOf(auth.user);
      const query = c.req.valid('json');
      const refused = checkAgentFilter(scope, query.filters.agent);
      if (refused) return problem(c, 403, refused);
      // Streamed in chunks: each statement has the time budget, and all stop when the client goes.
      const reads = stopReads(engine, c.req.raw.signal, QUERY_LIMITS.budgetMs);
      const result = await exportContacts(reads, query, contactsScope(scope));
      if (!result.ok) return contactsProblem(c, result.error);
      await audit(c, auth.user, 'export.contacts', { detail: { query: auditedQuery(query) } });
      const encoder = new TextEncoder();
      const lines = result.data.rows();
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
        async cancel() {
          await lines.return(undefined);
        },
      });
      return c.body(stream, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${csvFileName('contacts', now())}"`,
      });
    })

    .openapi(r.getContact, async (c) => {
      const scope = await scopeOf(signedIn(c).user);
      const { key } = c.req.valid('param');
      const result = await getContact(engine, key, contactsScope(scope));
      // Someone else's contact is answered as a missing one: an agent cannot learn which keys exist.
      if (!result.ok) return problem(c, 404, `no contact ${key}`);
      return c.json(result.data, 200);
    })

    .openapi(r.listScorecards, async (c) => {
      const scope = await scopeOf(signedIn(c).user);
      const asked = await askedScorecards(c, scope, c.req.valid('query'), scope?.agentId ?? null);
      if (!asked.ok) return problem(c, 403, asked.error);
      const { query, result } = asked.data;
      if (!result.ok)
        return result.error.kind === 'unknown_agent'
          ? c.json(
              {
                range: { from: '', to: '', timezone: query.timezone },
                kpis: [],
                agents: [],
                notices: [],
                notes: [],
              },
              200,
            )
          : kpiProblem(c, result.error);
      return c.json(
        scope ? { ...result.data, agents: result.data.agents.map(ownScorecard) } : result.data,
        200,
      );
    })

    .openapi(r.getScorecard, async (c) => {
      const scope = await scopeOf(signedIn(c).user);
      const { agent } = c.req.valid('param');
      if (scope && scope.agentId !== agent) return problem(c, 403, 'agents see only their own scorecard');
      const asked = await askedScorecards(c, scope, c.req.valid('query'), agent);
      if (!asked.ok) return problem(c, 403, asked.error);
      const { result } = asked.data;
      if (!result.ok) return scorecardProblem(c, result.error);
      const card = result.data.agents[0];
      if (!card) return problem(c, 404, `no agent ${agent}`);
      return c.json(scope ? ownScorecard(card) : card, 200);
    })

    .openapi(r.getSettings, async (c) => c.json(await getSettings(engine), 200))

    .openapi(r.putCalendar, async (c) => {
      const { id } = c.req.valid('param');
      const result = await putCalendar(engine, { id, ...c.req.valid('json') });
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.calendar.put', {
        target: id,
        detail: { rebuild: result.data.rebuild },
      });
      return c.json(result.data, 200);
    })

    .openapi(r.deleteCalendar, async (c) => {
      const { id } = c.req.valid('param');
      const result = await deleteCalendar(engine, id);
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.calendar.delete', { target: id });
      return c.json(result.data, 200);
    })

    .openapi(r.updateTeam, async (c) => {
      const { id } = c.req.valid('param');
      const { calendarId } = c.req.valid('json');
      const result = await setTeamCalendar(engine, id, calendarId);
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.team.update', { target: id, detail: { calendarId } });
      return c.json(result.data, 200);
    })

    .openapi(r.putThresholds, async (c) => {
      const { thresholds } = c.req.valid('json');
      const result = await putThresholds(engine, thresholds);
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.thresholds.put', { detail: { thresholds } });
      return c.json(result.data, 200);
    })

    .openapi(r.putTargets, async (c) => {
      const { targets } = c.req.valid('json');
      const result = await putKpiTargets(engine, targets, now());
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.targets.put', { detail: { targets } });
      return c.json(result.data, 200);
    })

    .openapi(r.listUsers, async (c) => c.json({ users: await listUsers(engine) }, 200))

    .openapi(r.createUser, async (c) => {
      const body = c.req.valid('json');
      const result = await createUser(engine, body, now());
      if (!result.ok) return userProblem(c, result.error);
      await audit(c, signedIn(c).user, 'user.create', {
        target: result.data.id,
        detail: { email: result.data.email, role: result.data.role, agentId: result.data.agentId },
      });
      return c.json(result.data, 201);
    })

    .openapi(r.updateUser, async (c) => {
      const { id } = c.req.valid('param');
      const changes = c.req.valid('json');
      const result = await updateUser(engine, id, changes, { now: now() });
      if (!result.ok) return userProblem(c, result.error);
      const { password, ...shown } = changes;
      await audit(c, signedIn(c).user, 'user.update', {
        target: id,
        detail: { ...shown, ...(password !== undefined ? { password: 'changed' } : {}) },
      });
      return c.json(result.data, 200);
    })

    .openapi(r.deleteUser, async (c) => {
      const { id } = c.req.valid('param');
      const result = await deleteUser(engine, id);
      if (!result.ok) return userProblem(c, result.error);
      await audit(c, signedIn(c).user, 'user.delete', { target: id, detail: { email: result.data.email } });
      return c.body(null, 204);
    })

    .openapi(r.listTokens, async (c) => {
      const { user } = signedIn(c);
      return c.json({ tokens: await listTokens(engine, user.role === 'admin' ? null : user.id) }, 200);
    })

    .openapi(r.createToken, async (c) => {
      const { user } = signedIn(c);
      const created = await createToken(engine, user.id, c.req.valid('json'), now());
      await audit(c, user, 'token.create', { target: created.id, detail: { name: created.name } });
      return c.json(created, 201);
    })

    .openapi(r.revokeToken, async (c) => {
      const { user } = signedIn(c);
      const { id } = c.req.valid('param');
      const revoked = await revokeToken(engine, id, user.role === 'admin' ? null : user.id, now());
      if (!revoked) return problem(c, 404, `no token ${id}`);
      await audit(c, user, 'token.revoke', {
        target: id,
        detail: { name: revoked.name, owner: revoked.userEmail },
      });
      return c.body(null, 204);
    })

    .openapi(r.listAudit, async (c) => c.json(await listAudit(engine, c.req.valid('query')), 200));

  routes.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'servicemeter',
      version: deps.version,
      description:
        'Customer-service indicators. Sign in with POST /api/auth/login (cookie sm_session; send the csrfToken as X-CSRF-Token on every state change) or send an API token as Authorization: Bearer <token>.',
    },
  });
  routes.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sm_session',
  });
  routes.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });

  const serveDashboard = dashboard(deps.staticDir);
  routes.notFound((c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/'))
      return c.json(problemBody(404, `no operation ${c.req.method} ${c.req.path}`), 404, {
        'Content-Type': 'application/problem+json',
      });
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Method not allowed', 405);
    return serveDashboard(c);
  });
  routes.onError((error, c) => {
    // A middleware's refusal (e.g. a validator's), not a failure: its own status, as a problem.
    if (error instanceof HTTPException && error.status < 500) {
      const status =
        error.status === 401 || error.status === 403 || error.status === 404 || error.status === 415
          ? error.status
          : 400;
      return c.json(problemBody(status, error.message || 'invalid request'), status, {
        'Content-Type': 'application/problem+json',
      });
    }
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', method: c.req.method, path: c.req.path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })}\n`,
    );
    return c.json(problemBody(500, 'internal error; the server log has the details'), 500, {
      'Content-Type': 'application/problem+json',
    });
  });
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
