/**
 * What the feature routers share, made once per server in `createApp`: the database, the kept KPI
 * results and the small answers every page asks for, the clock, the caller's address, the audit
 * log, and the answers several features give for the same service errors. A feature takes this
 * context and returns its router (`src/server/<feature>/handlers.ts`).
 */
import type { BlockList } from 'node:net';
import type { Hook } from '@hono/zod-openapi';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { KpiQueryInput } from '../core/kpi/query.js';
import type { DuckDbEngine } from '../engines/duckdb/engine.js';
import type { PostgresEngine } from '../engines/postgres/engine.js';
import type { AnalyticsMirror } from '../services/analytics-mirror.js';
import { type AuditEvent, recordAudit } from '../services/audit.js';
import {
  type DataStatusView,
  dataStatus,
  type FilterValuesView,
  filterValues,
} from '../services/data-status.js';
import type { ImportJobs } from '../services/import-jobs.js';
import type { JobRunner } from '../services/jobs/runner.js';
import type { KpiQueryError, KpiQueryOptions } from '../services/kpi.js';
import type { OutgoingMail } from '../services/mail/mailer.js';
import type { QueueLogFollowers } from '../services/queue-log-follow.js';
import type { SurveyRuntime } from '../services/surveys/runtime.js';
import { listBaselines } from '../services/targets/baselines.js';
import { listTargets } from '../services/targets/targets.js';
import type { UserError, UserView } from '../services/users.js';
import type { WebhookRuntime } from '../services/webhooks/runtime.js';
import { clientIp, type Env, trustedProxies } from './auth.js';
import { buildCatalog } from './catalog.js';
import { KpiCache } from './kpi-cache.js';
import { problem, problemBody } from './problem.js';
import type { LoginLimits } from './rate-limit.js';
import type { Catalog } from './schemas.js';
import { type AgentScope, agentScope } from './scope.js';
import { quickReads, type SerializedEngine } from './serialized-engine.js';

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
  /** The server's job runner, told of every change to the jobs so it need not wait for its next look. */
  jobs?: JobRunner;
  /**
   * Where customers reach the server (`--public-url`): the base of survey links, QR codes and the
   * widget when the survey config names none; missing: the address the request came to.
   */
  publicUrl?: string | null;
  /** Where mail sent on request goes out (`serve --smtp`), e.g. a report sent now; null or missing: refused. */
  mail?: OutgoingMail | null;
  /** `serve --analytics`: the copy of the facts in ClickHouse that KPI answers are read from. */
  analytics?: AnalyticsMirror | null;
  /**
   * The webhook intake and processor (serve.ts starts and stops them). Missing: events are stored
   * and turned into rows by the next server that has them.
   */
  webhooks?: WebhookRuntime;
  /**
   * The survey answer intake and processor (serve.ts starts and stops them). Missing: the answer
   * routes answer 503.
   */
  surveys?: SurveyRuntime;
  /** Imports sent to the server (POST /api/imports); without them that route answers 503. */
  imports?: ImportJobs | null;
  /** Bytes one import may store (default 2 GiB, `servicemeter serve --max-upload`). */
  maxUploadBytes?: number;
  /** The bearer token GET /metrics asks for; null or missing: /metrics answers 404. */
  metricsToken?: string | null;
  /** The database file, for its size in the metrics. */
  dbPath?: string | null;
  /** True once the server is stopping: GET /readyz answers 503. */
  stopping?: () => boolean;
  /** The Asterisk queue logs the server follows (`serve --follow-queue-log`). */
  queueLogs?: QueueLogFollowers | null;
  /**
   * The database under `engine` (a DuckDB file or a PostgreSQL server's), for work on a connection
   * of its own (a backup); null on another engine.
   */
  database?: DuckDbEngine | PostgresEngine | null;
}

export interface ServerContext {
  deps: AppDeps;
  engine: SerializedEngine;
  /** KPI results and small answers, kept until the facts change; `forget()` after a rebuild. */
  kpiResults: KpiCache;
  /** For the short reads every page waits for: see `ReadOptions.quick`. */
  quickly: SerializedEngine;
  now: () => Date;
  /** The proxies whose X-Forwarded-For is believed (`AppDeps.trustProxy`). */
  proxies: BlockList | null;
  ip: (c: Context) => string | null;
  /** The kept results, for a request whose queries stop when its client goes away. */
  stoppedWith: (signal: AbortSignal) => {
    run: (input: KpiQueryInput, options?: KpiQueryOptions) => ReturnType<KpiCache['run']>;
    remember: KpiCache['remember'];
  };
  knownFilterValues: (agentId: string | null) => Promise<FilterValuesView>;
  knownStatus: () => Promise<DataStatusView>;
  knownCatalog: () => Promise<Catalog>;
  /** What an agent may see (scope.ts); null for every other role. */
  scopeOf: (user: UserView) => Promise<AgentScope | null>;
  audit: (
    c: Context,
    user: Pick<UserView, 'id' | 'email'> | null,
    action: string,
    extra?: Pick<AuditEvent, 'target' | 'detail'>,
  ) => Promise<void>;
}

export function createContext(deps: AppDeps): ServerContext {
  const { engine } = deps;
  const kpiResults = new KpiCache(engine, undefined, undefined, deps.analytics ?? null);
  // Answers processed change survey facts: kept KPI results they reach are forgotten.
  deps.surveys?.onImported((change) => kpiResults.forget(change));
  const quickly = quickReads(engine);
  const now = deps.now ?? (() => new Date());
  const proxies = trustedProxies(deps.trustProxy);
  const ip = (c: Context) => clientIp(c, proxies);
  return {
    deps,
    engine,
    kpiResults,
    quickly,
    now,
    proxies,
    ip,
    stoppedWith: (signal) => ({
      run: (input: KpiQueryInput, options?: KpiQueryOptions) => kpiResults.run(input, options, signal),
      remember: (name, compute, dependsOn) => kpiResults.remember(name, compute, dependsOn),
    }),
    knownFilterValues: (agentId) =>
      kpiResults.remember(
        `filter-values\u0000${JSON.stringify(agentId)}`,
        () => filterValues(engine, agentId),
        // An agent's own values can change without the team's gaining one.
        agentId === null ? 'filter-values' : 'any-change',
      ),
    // What every page asks for is kept like KPI results: read from a queue of KPI statements, these
    // small answers would wait as long as the statements ahead of them.
    knownStatus: () => kpiResults.remember('status', () => dataStatus(quickly)),
    knownCatalog: () =>
      kpiResults.remember(
        'catalog',
        async () => buildCatalog(await listTargets(quickly), await listBaselines(quickly)),
        'settings',
      ),
    scopeOf: (user) =>
      user.role === 'agent'
        ? kpiResults.remember(
            `agent-scope\u0000${user.agentId ?? ''}`,
            () => agentScope(quickly, user),
            'agents',
          )
        : Promise.resolve(null),
    audit: (c, user, action, extra = {}) =>
      recordAudit(
        engine,
        { action, userId: user?.id ?? null, email: user?.email ?? null, ip: ip(c), ...extra },
        now(),
      ),
  };
}

/** A refused request body, query or parameter as a problem listing every issue. */
export const validationProblem: Hook<unknown, Env, string, unknown> = (result, c) => {
  if (!result.success) {
    const issues = result.error.issues.map(
      (i) => `${i.path.join('.') || `(${result.target})`}: ${i.message}`,
    );
    return c.json(problemBody(400, `invalid ${result.target}`, issues), 400, {
      'Content-Type': 'application/problem+json',
    });
  }
};

/** A router for one feature (or the whole app): invalid input is answered as the rest of the API does. */
export function featureRouter() {
  return new OpenAPIHono<Env>({ defaultHook: validationProblem });
}

// ─── answers shared by several features ─────────────────────────────────────

export function kpiProblem(c: Context, error: KpiQueryError) {
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

export function userProblem(c: Context, error: UserError) {
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

/**
 * A query as the audit log keeps it: each filter's first ten values and how many more, so an
 * export's entry stays small whatever lists it was sent.
 */
export function auditedQuery<Q extends { filters?: Partial<Record<string, string[]>> }>(query: Q): Q {
  if (!query.filters) return query;
  const filters: Record<string, string[]> = {};
  for (const [dimension, values = []] of Object.entries(query.filters))
    filters[dimension] =
      values.length > 10 ? [...values.slice(0, 10), `… and ${values.length - 10} more`] : values;
  return { ...query, filters };
}

export function csvFileName(kind: string, now: Date): string {
  return `servicemeter-${kind}-${now.toISOString().slice(0, 19).replaceAll(':', '').replace('T', '-')}.csv`;
}
