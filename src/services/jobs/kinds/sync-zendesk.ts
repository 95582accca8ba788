import { err, ok } from '../../../core/result.js';
import { syncZendesk } from '../../sync-zendesk.js';
import { inRebuildTurn, isJsonObject, type JobKind, type ParamIssue } from '../kind.js';

export interface SyncZendeskParams {
  /** The account: `{subdomain}.zendesk.com`. */
  subdomain: string;
  /** The e-mail of the user the API token acts for. */
  email: string;
  /**
   * The environment variable of the server that holds the API token. The token itself is never
   * stored: a copy of the database must not give access to the helpdesk. Only a Zendesk variable
   * (TOKEN_ENV_PATTERN) can be named, so that no other secret of the server is sent.
   */
  tokenEnv: string;
  /** First sync only: from this day (YYYY-MM-DD, UTC); later syncs resume from their cursors. */
  start?: string;
  /**
   * The API address instead of `https://{subdomain}.zendesk.com`, for a proxy or a test server:
   * followed only where the runner allows it (JobContext.allowBaseUrl), never by a server.
   */
  baseUrl?: string;
}

export const DEFAULT_TOKEN_ENV = 'ZENDESK_API_TOKEN';
/** The variables a job may take its token from: the token goes to whoever answers the sync. */
export const TOKEN_ENV_PATTERN = /^(SERVICEMETER_)?ZENDESK_[A-Z0-9_]*$/;

const FIELDS = new Set(['subdomain', 'email', 'tokenEnv', 'start', 'baseUrl']);

function text(params: Record<string, unknown>, field: string, issues: ParamIssue[]): string | undefined {
  const value = params[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ field, reason: 'must be a non-empty text' });
    return undefined;
  }
  return value.trim();
}

/**
 * Pulls a Zendesk Support account through its API (src/services/sync-zendesk.ts). The sync keeps
 * where each stream stopped in `sync_state` and imports page by page, so a run cut off resumes at
 * the page it was on and imports nothing twice.
 */
export const syncZendeskJob: JobKind<SyncZendeskParams> = {
  kind: 'sync-zendesk',
  fields: [
    { name: 'subdomain', required: true },
    { name: 'email', required: true },
    { name: 'tokenEnv', required: false },
    { name: 'start', required: false },
    { name: 'baseUrl', required: false },
  ],
  describe: (params) => `Pull ${params.subdomain}.zendesk.com as ${params.email}`,
  validate(params) {
    if (!isJsonObject(params)) return err([{ field: '(params)', reason: 'must be an object' }]);
    const issues: ParamIssue[] = [];
    for (const field of Object.keys(params)) {
      if (field === 'token')
        issues.push({
          field,
          reason:
            'the API token is never stored: put it in an environment variable of the server and name that in tokenEnv',
        });
      else if (!FIELDS.has(field))
        issues.push({ field, reason: `not a parameter of sync-zendesk (${[...FIELDS].join(', ')})` });
    }
    const subdomain = text(params, 'subdomain', issues);
    if (subdomain === undefined && params.subdomain === undefined)
      issues.push({ field: 'subdomain', reason: 'required: the account, <subdomain>.zendesk.com' });
    else if (subdomain !== undefined && !/^[a-z0-9][a-z0-9-]*$/i.test(subdomain))
      issues.push({
        field: 'subdomain',
        reason: `'${subdomain}' is not a Zendesk subdomain (letters, digits, -)`,
      });
    const email = text(params, 'email', issues);
    if (email === undefined && params.email === undefined)
      issues.push({ field: 'email', reason: 'required: the e-mail of the user the API token acts for' });
    else if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email))
      issues.push({ field: 'email', reason: `'${email}' is not an e-mail address` });
    const tokenEnv = text(params, 'tokenEnv', issues) ?? DEFAULT_TOKEN_ENV;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv))
      issues.push({ field: 'tokenEnv', reason: `'${tokenEnv}' is not the name of an environment variable` });
    else if (!TOKEN_ENV_PATTERN.test(tokenEnv))
      issues.push({
        field: 'tokenEnv',
        reason: `'${tokenEnv}' is not a Zendesk variable: its name starts with ZENDESK_ or SERVICEMETER_ZENDESK_ (capitals, digits, _), so that no other secret of the server is sent to the helpdesk`,
      });
    const start = text(params, 'start', issues);
    if (
      start !== undefined &&
      (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(`${start}T00:00:00Z`)))
    )
      issues.push({ field: 'start', reason: `'${start}' is not a date YYYY-MM-DD` });
    const baseUrl = text(params, 'baseUrl', issues);
    if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl))
      issues.push({ field: 'baseUrl', reason: `'${baseUrl}' is not an http(s) address` });
    if (issues.length > 0 || subdomain === undefined || email === undefined) return err(issues);
    return ok({
      subdomain,
      email,
      tokenEnv,
      ...(start === undefined ? {} : { start }),
      ...(baseUrl === undefined ? {} : { baseUrl }),
    });
  },
  async run({ engine, duckdb, params, env, progress, allowBaseUrl }) {
    if (params.baseUrl !== undefined && !allowBaseUrl)
      return err({
        message: `baseUrl (${params.baseUrl}) is followed only by servicemeter jobs run on the database file; a server pulls https://${params.subdomain}.zendesk.com and sends its token nowhere else`,
      });
    const token = env[params.tokenEnv];
    if (!token)
      return err({
        message: `the environment variable ${params.tokenEnv} (tokenEnv) holding the Zendesk API token is not set for the server`,
      });
    // DuckDB stages the pages in its own SQL; another database takes them through the shared engine.
    const synced = await syncZendesk(duckdb ?? engine, {
      subdomain: params.subdomain,
      email: params.email,
      token,
      baseUrl: params.baseUrl,
      aroundRebuild: (rebuild) => inRebuildTurn(engine, rebuild),
      startTime: params.start === undefined ? undefined : Date.parse(`${params.start}T00:00:00Z`) / 1000,
      onProgress: (p) =>
        progress({
          message: `${p.stream} page ${p.pages} (${p.records} records)`,
          detail: { stream: p.stream, pages: p.pages, records: p.records },
        }),
    });
    if (!synced.ok) return err({ message: synced.error.message, detail: { error: synced.error.kind } });
    const s = synced.data;
    return ok({
      source: s.source,
      pagesFetched: s.pagesFetched,
      retries: s.retries,
      users: s.users,
      tickets: s.tickets,
      audits: s.audits,
      ratings: s.ratings,
      ticketsWithoutAudits: s.ticketsWithoutAudits,
      batches: s.batches,
      rowsImported: s.rowsImported,
      cursors: { users: s.cursors.users, tickets: s.cursors.tickets },
      resumedFrom: { users: s.resumedFrom.users, tickets: s.resumedFrom.tickets },
      warnings: s.warnings.map((w) => w.message),
    });
  },
};
