/**
 * Runs the app on a Node HTTP server: one JSON log line per request, a marker file beside the
 * database saying which server holds it (so a CLI command refused by the file lock can say so), and
 * a graceful stop — no new connections, requests in flight finish, then the database is closed.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Engine } from '../core/engine.js';
import { prepareTokenizer } from '../core/words/tokenize.js';
import { duckDbOf } from '../engines/duckdb/engine.js';
import { analyticsSourceOf } from '../services/analytics-copy.js';
import { AnalyticsMirror } from '../services/analytics-mirror.js';
import { DEFAULT_AUDIT_RETENTION_DAYS, pruneAudit } from '../services/audit.js';
import { factsVersion } from '../services/facts-version.js';
import { ImportJobs, importDatabaseOf } from '../services/import-jobs.js';
import { createJobRunner, JOB_KINDS, type JobRunner } from '../services/jobs/index.js';
import { sharedDuckDb } from '../services/jobs/shared-duckdb.js';
import type { OutgoingMail } from '../services/mail/mailer.js';
import { QueueLogFollowers } from '../services/queue-log-follow.js';
import { SurveyRuntime } from '../services/surveys/runtime.js';
import { countAdmins } from '../services/users.js';
import { WebhookRuntime } from '../services/webhooks/runtime.js';
import { ensureWordsJobWhenUsed } from '../services/words/job.js';
import { getWordsSettings } from '../services/words/settings.js';
import { type AppDeps, createApp, type RequestLog } from './app.js';
import { markerPath, type ServerMarker } from './marker.js';
import { collectProcessMetrics, metrics } from './metrics.js';
import type { LoginLimits } from './rate-limit.js';
import { openReadingConnections, serializeEngine } from './serialized-engine.js';

/** The audit log's retention is applied at start and then this often. */
const PRUNE_EVERY_MS = 3_600_000;

export interface ServeOptions {
  /** The database file; a marker `<db>.server.json` beside it names the server while it runs. */
  dbPath: string | null;
  port: number;
  host: string;
  staticDir: string | null;
  version: string;
  log?: (entry: RequestLog) => void;
  /** See AppDeps.trustProxy. */
  trustProxy?: boolean | readonly string[];
  loginLimits?: LoginLimits;
  /** Audit entries older than this are removed at start and about hourly (default 365). */
  auditRetentionDays?: number;
  /** Bytes an import sent to POST /api/imports may store (default 2 GiB). */
  maxUploadBytes?: number;
  /** The bearer token of GET /metrics; without one /metrics answers 404. */
  metricsToken?: string | null;
  /** Asterisk queue_log files to follow while serving (see services/queue-log-follow.ts). */
  followQueueLogs?: readonly string[];
  /**
   * How long a stopping server answers GET /readyz with 503 before it stops taking connections,
   * so that a load balancer stops sending it requests first (default 0).
   */
  stopDelayMs?: number;
  /** The mail server survey jobs send through (`--smtp`); without one they fail saying so. */
  mail?: OutgoingMail | null;
  /** `--public-url`: where customers reach the server (survey links, QR codes, the widget). */
  publicUrl?: string | null;
  /**
   * `--analytics`: the ClickHouse address KPI answers are read from, holding a copy of the
   * database's analytical tables made at the start and after each change of the facts. A DuckDB
   * file or a PostgreSQL server's database (not PGlite).
   */
  analyticsUrl?: string | null;
  now?: AppDeps['now'];
}

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Set when the server started with no admin: POST /api/setup from another machine than this one
   * must send it. Show it only to whoever started the server.
   */
  setupToken: string | null;
  /** The jobs of the database, run while the server runs. */
  jobs: JobRunner;
  /**
   * Stops accepting, lets requests in flight finish (up to `graceMs`), stops the job in hand (it
   * runs again at the next start), then closes the database.
   */
  close(graceMs?: number): Promise<void>;
}

/** The ClickHouse copy of the database's analytical tables, brought up to date in the background. */
async function openAnalyticsMirror(engine: Engine, url: string): Promise<AnalyticsMirror> {
  const source = analyticsSourceOf(engine);
  if (!source)
    throw new Error(
      '--analytics copies the analytical tables of a DuckDB file or a PostgreSQL server’s database: serve one of them',
    );
  const mirror = await AnalyticsMirror.open(source, url, (entry) =>
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: entry.event === 'refresh-failed' ? 'error' : 'info', what: 'analytics copy', ...entry })}\n`,
    ),
  );
  // Asked for the facts of the database as it opens: a copy starts now unless ClickHouse holds them.
  mirror.engineFor((await factsVersion(source)) ?? '');
  return mirror;
}

/** Serves an open, migrated database. The server owns it from here and closes it when stopped. */
export async function startServer(engine: Engine, options: ServeOptions): Promise<RunningServer> {
  const openReader = engine.openReader?.bind(engine);
  const readers = openReader ? await openReadingConnections(openReader) : [];
  const quickReader = openReader ? await openReader() : null;
  const shared = serializeEngine(engine, readers, quickReader);
  const analytics = options.analyticsUrl ? await openAnalyticsMirror(engine, options.analyticsUrl) : null;
  const setupToken = (await countAdmins(shared)) === 0 ? randomBytes(24).toString('base64url') : null;
  const retentionDays = options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const now = options.now ?? (() => new Date());
  const prune = () =>
    pruneAudit(shared, retentionDays, now()).catch((error: unknown) => {
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'audit retention', error: String(error) })}\n`,
      );
    });
  await prune();
  const pruning = setInterval(prune, PRUNE_EVERY_MS);
  pruning.unref();
  // Runs are written as JSON lines like the audit retention's errors; their progress is not.
  const jobs = createJobRunner({
    engine: shared,
    duckdb: duckDbOf(engine),
    kinds: JOB_KINDS,
    now,
    mail: options.mail ?? null,
    log: (entry) => {
      if (entry.event === 'progress') return;
      if (entry.event === 'finished') metrics.jobRun(entry.kind, entry.outcome);
      const level =
        entry.event === 'error' || (entry.event === 'finished' && entry.outcome === 'failed')
          ? 'error'
          : 'info';
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level, what: 'job', ...entry })}\n`,
      );
    },
  });
  const database = duckDbOf(engine);
  // Imports sent to the server work on connections of their own to the database.
  const importDatabase = importDatabaseOf(engine);
  const imports = importDatabase
    ? new ImportJobs({ database: importDatabase, audit: shared, aroundRebuild: shared.rebuilding, now })
    : null;
  // Webhook requests store their events; the processor turns them into rows in the background.
  const webhooks = new WebhookRuntime(shared, engine, { now });
  // Survey answers are stored as they arrive (group commit) and turned into rows in the background.
  const surveys = new SurveyRuntime(shared, { now, database });
  // Followed queue logs are imported on the shared writing connection, between other writes: on a
  // DuckDB file through its own staging, on another database through the shared engine.
  const following = new AbortController();
  const queueLogs =
    options.followQueueLogs && options.followQueueLogs.length > 0
      ? new QueueLogFollowers(
          database ? sharedDuckDb(shared, database, following.signal) : shared,
          options.followQueueLogs,
          {
            onNotice: (notice) =>
              process.stderr.write(
                `${JSON.stringify({ time: new Date().toISOString(), level: notice.kind === 'skipped_line' ? 'warn' : 'error', what: 'queue_log', ...notice })}\n`,
              ),
          },
        )
      : null;
  if (options.metricsToken) collectProcessMetrics();
  let stopping = false;
  const app = createApp({
    webhooks,
    surveys,
    imports,
    maxUploadBytes: options.maxUploadBytes,
    metricsToken: options.metricsToken ?? null,
    dbPath: options.dbPath,
    stopping: () => stopping,
    queueLogs,
    database: analyticsSourceOf(engine),
    engine: shared,
    version: options.version,
    staticDir: options.staticDir,
    log: options.log,
    trustProxy: options.trustProxy,
    setupToken,
    loginLimits: options.loginLimits,
    now: options.now,
    warmUp: true,
    jobs,
    publicUrl: options.publicUrl ?? options.mail?.publicUrl ?? null,
    mail: options.mail ?? null,
    analytics,
  });
  // Reading the first customer text loads jieba's dictionary: done before listening, not during an import.
  prepareTokenizer((await getWordsSettings(shared)).dictionary);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () =>
      resolve(s as Server),
    );
    (s as Server).once('error', reject);
  }).catch(async (error: unknown) => {
    // The warm-up may be reading: the connections close once it is done.
    clearInterval(pruning);
    await analytics?.close();
    await shared.close();
    throw error;
  });
  // Survey answers stored while serving bring comments no import reads: the job reads them.
  await ensureWordsJobWhenUsed(shared, now());
  await jobs.start();
  webhooks.start();
  surveys.start();
  queueLogs?.start();
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`;
  if (options.dbPath) {
    const marker: ServerMarker = { pid: process.pid, url, startedAt: new Date().toISOString() };
    await writeFile(markerPath(options.dbPath), `${JSON.stringify(marker)}\n`);
  }

  let closing: Promise<void> | null = null;
  const close = (graceMs = 10_000) => {
    closing ??= (async () => {
      stopping = true;
      if (options.stopDelayMs) await new Promise((resolve) => setTimeout(resolve, options.stopDelayMs));
      clearInterval(pruning);
      // First: an import still running is stopped, and its followers' event streams end.
      await imports?.close();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        // Keep-alive connections with no request in flight would hold the close open.
        server.closeIdleConnections();
      });
      await jobs.stop(graceMs);
      await webhooks.stop();
      await surveys.stop();
      await queueLogs?.stop();
      following.abort();
      await analytics?.close();
      await shared.close();
      if (options.dbPath) await rm(markerPath(options.dbPath), { force: true });
    })();
    return closing;
  };
  return { url, port, setupToken, jobs, close };
}
