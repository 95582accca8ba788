/**
 * The server's metrics in the Prometheus text format (`GET /metrics`). Features count what they do
 * through `metrics`; what is read at a scrape (the webhook queue's lag, the database's size) is
 * measured then. One registry per process: counters start at zero when the process starts.
 */
import { stat } from 'node:fs/promises';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Engine } from '../core/engine.js';

const registry = new Registry();

const requests = new Counter({
  name: 'servicemeter_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

const durations = new Histogram({
  name: 'servicemeter_http_request_duration_seconds',
  help: 'Time to the response headers, by method and route pattern',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const jobRuns = new Counter({
  name: 'servicemeter_job_runs_total',
  help: 'Job runs, by job kind and outcome',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

const rowsImported = new Counter({
  name: 'servicemeter_rows_imported_total',
  help: 'Rows written by imports, by the way they came (api, webhook, job, queue_log)',
  labelNames: ['via'] as const,
  registers: [registry],
});

const webhookEvents = new Counter({
  name: 'servicemeter_webhook_events_total',
  help: 'Webhook events, by vendor and outcome (accepted or refused)',
  labelNames: ['vendor', 'outcome'] as const,
  registers: [registry],
});

const queueLag = new Gauge({
  name: 'servicemeter_webhook_queue_lag_seconds',
  help: 'Age of the oldest webhook event not processed yet; 0 when none waits',
  registers: [registry],
});

const databaseSize = new Gauge({
  name: 'servicemeter_database_size_bytes',
  help: 'Size of the database file and of its write-ahead log',
  labelNames: ['file'] as const,
  registers: [registry],
});

let processMetrics = false;

/** The way imported rows came in. */
export type ImportChannel = 'api' | 'webhook' | 'job' | 'queue_log';

/** What features count. Cheap: a counter in memory; nothing waits for a scrape. */
export const metrics = {
  /** An answered request; `route` is the route's pattern, never the raw path. */
  request(method: string, route: string, status: number, seconds: number): void {
    requests.inc({ method, route, status: String(status) });
    durations.observe({ method, route }, seconds);
  },
  /** A job run ended (`outcome`: ok, failed, interrupted, …). */
  jobRun(kind: string, outcome: string): void {
    jobRuns.inc({ kind, outcome });
  },
  /** Rows an import wrote. */
  rowsImported(count: number, via: ImportChannel = 'api'): void {
    if (count > 0) rowsImported.inc({ via }, count);
  },
  /** Webhook events of a vendor, accepted (stored) or refused (bad signature, replay, bad body). */
  webhookEvent(vendor: string, outcome: 'accepted' | 'refused', count = 1): void {
    if (count > 0) webhookEvents.inc({ vendor, outcome }, count);
  },
};

/** Starts the default process metrics (CPU, memory, event loop, GC): once, for a server that exposes them. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry });
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

/** The seconds since the oldest unprocessed webhook event arrived; 0 without webhooks or events. */
async function webhookQueueLag(engine: Engine, now: Date): Promise<number> {
  const rows = await engine
    .all(
      'SELECT CAST(min(received_at) AS VARCHAR) AS oldest FROM webhook_events WHERE processed_at IS NULL',
      [],
      {
        quick: true,
      },
    )
    .catch(() => []);
  const oldest = rows[0]?.oldest;
  if (oldest === null || oldest === undefined) return 0;
  const at = Date.parse(`${String(oldest).replace(' ', 'T')}Z`);
  return Number.isFinite(at) ? Math.max(0, (now.getTime() - at) / 1000) : 0;
}

/** The metrics as Prometheus text, with the values read at a scrape measured now. */
export async function scrapeMetrics(
  engine: Engine,
  dbPath: string | null,
  now: Date,
): Promise<{ contentType: string; body: string }> {
  queueLag.set(await webhookQueueLag(engine, now));
  if (dbPath) {
    databaseSize.set({ file: 'database' }, await fileSize(dbPath));
    databaseSize.set({ file: 'wal' }, await fileSize(`${dbPath}.wal`));
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * The pattern of the route the request matched, as the OpenAPI document writes it, also when a
 * middleware answered first (a 401 of authorization); `(none)` when it matched no route.
 */
function routeLabel(c: Context): string {
  const route = matchedRoutes(c)
    .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
    .at(-1);
  return route ? route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}') : '(none)';
}

/** Counts and times every request, by its route's pattern: the raw path would be unbounded. */
export function measureRequests(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      metrics.request(c.req.method, routeLabel(c), c.res.status, (performance.now() - started) / 1000);
    }
  };
}
