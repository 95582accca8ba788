/**
 * The HTTP API and the dashboard. Every capability is a feature router of its own
 * (`src/server/<feature>/`: routes.ts, handlers.ts, policy.ts; see docs/decisions/0010); this file
 * keeps what is in front of all of them (security headers, the request log, body limits,
 * authorization, the input check), the OpenAPI document and the answers for unknown paths and
 * failures. Authorization happens before any route (auth.ts + policy.ts); the agent's data scope
 * inside a route comes from scope.ts.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { alertsRouter } from './alerts/handlers.js';
import { auditRouter } from './audit/handlers.js';
import { authorize, type Env, missingPolicies } from './auth.js';
import { backupRouter } from './backup/handlers.js';
import { benchmarksRouter } from './benchmarks/handlers.js';
import { checkInput } from './boundary.js';
import { businessRouter } from './business/handlers.js';
import { contactsRouter } from './contacts/handlers.js';
import { type AppDeps, createContext, featureRouter } from './context.js';
import { dataRouter } from './data/handlers.js';
import { importsRouter } from './imports/handlers.js';
import { jobsRouter } from './jobs/handlers.js';
import { kpisRouter } from './kpis/handlers.js';
import { measureRequests } from './metrics.js';
import { nowRouter } from './now/handlers.js';
import { operationsRouter } from './operations/handlers.js';
import { problemBody } from './problem.js';
import { qaRouter } from './qa/handlers.js';
import { reportsRouter } from './reports/handlers.js';
import { scorecardsRouter } from './scorecards/handlers.js';
import { sessionRouter } from './session/handlers.js';
import { settingsRouter } from './settings/handlers.js';
import { dashboard } from './static.js';
import { surveysRouter } from './surveys/handlers.js';
import { publicSurveyRouter, withoutLinkToken } from './surveys/public/routes.js';
import { targetsRouter } from './targets/handlers.js';
import { tokensRouter } from './tokens/handlers.js';
import { usersRouter } from './users/handlers.js';
import { viewsRouter } from './views/handlers.js';
import { defaultOverviewQueries } from './warm-up.js';
import { webhooksRouter } from './webhooks/handlers.js';
import { wordsRouter } from './words/handlers.js';
import { workforceRouter } from './workforce/handlers.js';

export type { AppDeps, RequestLog } from './context.js';

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

/**
 * Every operation a router serves, as its routes declared it (method, path, operationId, request):
 * what authorization and the input check match requests against. A route hidden from the OpenAPI
 * document is not among them, and so answers 404.
 */
export function operationsOf(router: OpenAPIHono<Env>) {
  return router.openAPIRegistry.definitions.flatMap((definition) => {
    if (definition.type !== 'route') return [];
    const { operationId, method, path, request } = definition.route;
    if (!operationId) throw new Error(`${method.toUpperCase()} ${path}: a route needs an operationId`);
    return [{ operationId, method, path, request }];
  });
}

export function createApp(deps: AppDeps) {
  const ctx = createContext(deps);
  // One line per feature; its policies join the table in policy.ts.
  const features = featureRouter()
    .route('/', sessionRouter(ctx))
    .route('/', kpisRouter(ctx))
    .route('/', dataRouter(ctx))
    .route('/', contactsRouter(ctx))
    .route('/', scorecardsRouter(ctx))
    .route('/', settingsRouter(ctx))
    .route('/', usersRouter(ctx))
    .route('/', tokensRouter(ctx))
    .route('/', auditRouter(ctx))
    .route('/', webhooksRouter(ctx))
    .route('/', importsRouter(ctx))
    .route('/', jobsRouter(ctx))
    .route('/', nowRouter(ctx))
    .route('/', backupRouter(ctx))
    .route('/', surveysRouter(ctx))
    .route('/', qaRouter(ctx))
    .route('/', reportsRouter(ctx))
    .route('/', alertsRouter(ctx))
    .route('/', workforceRouter(ctx))
    .route('/', businessRouter(ctx))
    .route('/', benchmarksRouter(ctx))
    .route('/', viewsRouter(ctx))
    .route('/', targetsRouter(ctx))
    .route('/', wordsRouter(ctx));

  const operations = operationsOf(features);
  const missing = missingPolicies(operations);
  if (missing.length > 0) throw new Error(`operations without a policy: ${missing.join(', ')}`);

  if (deps.warmUp) {
    ctx.knownFilterValues(null).catch(() => undefined);
    (async () => {
      const queries = defaultOverviewQueries(await ctx.knownStatus(), ctx.now());
      await Promise.all(queries.map((query) => ctx.kpiResults.run(query)));
    })().catch(() => undefined);
  }

  const app = featureRouter();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // A page that sets its own (the survey pages' CSP with a nonce) keeps it.
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      if (!c.res.headers.has(name)) c.header(name, value);
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
    deps.log?.({
      time: new Date().toISOString(),
      method: c.req.method,
      path: withoutLinkToken(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      user: c.get('auth')?.user.id ?? null,
    });
  });
  app.use('*', measureRequests());
  const jsonBodyLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: (c) =>
      c.json(problemBody(400, 'the request body is larger than 1 MiB'), 400, {
        'Content-Type': 'application/problem+json',
      }),
  });
  // Files sent to import have a limit of their own, counted as they are written to disk.
  app.use('/api/*', (c, next) =>
    c.req.method === 'POST' && c.req.path === '/api/imports' ? next() : jsonBodyLimit(c, next),
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
  const authorizeApi = authorize({ engine: deps.engine, operations, now: ctx.now });
  app.use('/api/*', async (c, next) => {
    if (c.req.path === '/api/openapi.json') return next();
    return authorizeApi(c, next);
  });
  // After authorization, so that only a caller allowed to use an operation learns what it accepts.
  app.use('/api/*', checkInput(operations));

  // Outside /api and the OpenAPI document: health checks and metrics (see OUTSIDE_API there).
  app.route('/', operationsRouter(ctx));
  // The survey pages customers answer on (/s/...): public, outside /api (see SURVEY_PAGES there).
  app.route('/', publicSurveyRouter(ctx));
  const routes = app.route('/', features);

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
