/**
 * What the machines around the server ask it, outside the API: is the process up (`/livez`), may it
 * be sent traffic (`/readyz`), and its metrics (`/metrics`, Prometheus text). These are not API
 * operations: they are not in the OpenAPI document, and authorization (which guards `/api/*`) does
 * not see them. Each is exempt for the reason `OUTSIDE_API` gives; the authorization test checks
 * that no other route lives outside `/api`.
 */
import { Hono } from 'hono';
import { LATEST_SCHEMA_VERSION } from '../../core/migrations.js';
import { type Env, sameSecret } from '../auth.js';
import type { ServerContext } from '../context.js';
import { metrics, scrapeMetrics } from '../metrics.js';
import { SURVEY_PAGES } from '../surveys/public/routes.js';

/** The routes outside `/api`, each with why it needs no session, token or policy. */
export const OUTSIDE_API: Record<string, string> = {
  '/livez': 'public: says only that the process answers HTTP, for restarts by a supervisor',
  '/readyz': 'public: says only whether the database answers, for a load balancer; no data',
  '/metrics':
    'its own bearer token (serve --metrics-token); 404 when none is configured; counts and timings, no data',
  ...SURVEY_PAGES,
};

/** A check slower than this is a failed one: a load balancer should not wait for it. */
const READY_TIMEOUT_MS = 2_000;

const plain = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

/** Why the server is not ready, or null when it is. */
async function notReady(ctx: ServerContext): Promise<string | null> {
  if (ctx.deps.stopping?.()) return 'the server is stopping';
  const signal = AbortSignal.timeout(READY_TIMEOUT_MS);
  try {
    const rows = await ctx.quickly.all('SELECT max(version) AS version FROM schema_migrations', [], {
      signal,
    });
    const version = Number(rows[0]?.version ?? 0);
    if (version < LATEST_SCHEMA_VERSION)
      return `the database schema is at version ${version}, not ${LATEST_SCHEMA_VERSION}`;
    return null;
  } catch (error) {
    if (signal.aborted) return `the database did not answer within ${READY_TIMEOUT_MS / 1000} s`;
    // Anyone may ask: the database's own words (paths, tables) go to the log, not to them.
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'readyz', error: error instanceof Error ? error.message : String(error) })}\n`,
    );
    return 'the database does not answer';
  }
}

export function operationsRouter(ctx: ServerContext) {
  const { deps } = ctx;
  // What other parts of the server did, counted where it is known.
  deps.imports?.onImported((job) =>
    metrics.rowsImported(job.result?.files.reduce((sum, f) => sum + f.rowsImported, 0) ?? 0, 'api'),
  );
  deps.queueLogs?.onImported((imported) => {
    metrics.rowsImported(
      imported.summary.files.reduce((sum, f) => sum + f.rowsImported, 0),
      'queue_log',
    );
    // A look imports a few calls: the kept results of other days stay.
    ctx.kpiResults.forget(imported.summary.facts?.change);
  });

  return new Hono<Env>()
    .get('/livez', (c) => c.text('ok\n', 200, plain))
    .get('/readyz', async (c) => {
      const reason = await notReady(ctx);
      return reason === null ? c.text('ready\n', 200, plain) : c.text(`not ready: ${reason}\n`, 503, plain);
    })
    .get('/metrics', async (c) => {
      const token = deps.metricsToken || null;
      if (token === null) return c.text('Not Found\n', 404, plain);
      const sent = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
      if (!sameSecret(sent, token))
        return c.text('a metrics token is needed: Authorization: Bearer <token>\n', 401, {
          ...plain,
          'WWW-Authenticate': 'Bearer realm="metrics"',
        });
      const scraped = await scrapeMetrics(ctx.quickly, deps.dbPath ?? null, ctx.now());
      return c.text(scraped.body, 200, { 'Content-Type': scraped.contentType, 'Cache-Control': 'no-store' });
    });
}
