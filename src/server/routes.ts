/**
 * Every operation of the API: method, path, request and response schemas. Who may call each one
 * is in policy.ts, keyed by operationId.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  AgentParam,
  AuditList,
  AuditQuery,
  CalendarInput,
  Catalog,
  ContactDetail,
  ContactKeyParam,
  ContactList,
  ContactsExportQuery,
  ContactsQuery,
  DataQualityList,
  DataStatus,
  FilterValues,
  Health,
  IdParam,
  KpiQuery,
  KpiResult,
  LoginRequest,
  MeUpdate,
  PasswordChange,
  Problem,
  RepairReport,
  Scorecard,
  ScorecardList,
  ScorecardQuery,
  Session,
  Settings,
  SettingsChange,
  SetupRequest,
  SetupStatus,
  TargetsUpdate,
  TeamUpdate,
  ThresholdsUpdate,
  TokenCreate,
  TokenCreated,
  TokenList,
  User,
  UserCreate,
  UserList,
  UserUpdate,
} from './schemas.js';

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Not signed in, or the session expired',
  403: 'Not allowed for this role',
  404: 'Not found',
  409: 'Conflicts with the current state',
  429: 'Too many attempts; see Retry-After',
  503: 'The query ran longer than its time budget, or was stopped',
};

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 429 | 503;

function problems<const S extends ProblemStatus>(...statuses: S[]) {
  const out = {} as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof Problem } } }
  >;
  for (const status of statuses) {
    out[status] = {
      description: PROBLEM_TEXT[status] ?? 'Problem',
      content: { 'application/problem+json': { schema: Problem } },
    };
  }
  return out;
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
});
const authed = problems(401, 403);
/** A session cookie (with X-CSRF-Token on state changes) or an API token. */
const SIGNED_IN: Record<string, string[]>[] = [{ session: [] }, { token: [] }];

// ─── public ─────────────────────────────────────────────────────────────────

export const health = createRoute({
  operationId: 'health',
  tags: ['system'],
  method: 'get',
  path: '/api/health',
  summary: 'Liveness',
  responses: { 200: json(Health, 'The server is up') },
});

export const getSetup = createRoute({
  operationId: 'getSetup',
  tags: ['auth'],
  method: 'get',
  path: '/api/setup',
  summary: 'Whether the first admin still has to be created',
  responses: { 200: json(SetupStatus, 'Setup status') },
});

export const setup = createRoute({
  operationId: 'setup',
  tags: ['auth'],
  method: 'post',
  path: '/api/setup',
  summary:
    'Create the first admin and sign in; refused once an admin exists, and from another machine without the setup token',
  request: { body: body(SetupRequest) },
  responses: { 201: json(Session, 'The admin, signed in'), ...problems(400, 403, 404, 409, 429) },
});

export const login = createRoute({
  operationId: 'login',
  tags: ['auth'],
  method: 'post',
  path: '/api/auth/login',
  summary: 'Sign in with e-mail and password; sets the sm_session cookie',
  request: { body: body(LoginRequest) },
  responses: { 200: json(Session, 'Signed in'), ...problems(400, 401, 429) },
});

// ─── session and own account ────────────────────────────────────────────────

export const logout = createRoute({
  operationId: 'logout',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'post',
  path: '/api/auth/logout',
  summary: 'Sign out: ends the session',
  responses: { 204: { description: 'Signed out' }, ...authed },
});

export const getSession = createRoute({
  operationId: 'getSession',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'get',
  path: '/api/auth/session',
  summary: 'The signed-in user and the CSRF token of the session',
  responses: { 200: json(Session, 'The session'), ...authed },
});

export const updateMe = createRoute({
  operationId: 'updateMe',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'patch',
  path: '/api/me',
  summary: 'Change own name or language',
  request: { body: body(MeUpdate) },
  responses: { 200: json(User, 'The user'), ...problems(400, 401, 403, 404, 409) },
});

export const changePassword = createRoute({
  operationId: 'changePassword',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'post',
  path: '/api/me/password',
  summary: 'Change own password; ends the other sessions',
  request: { body: body(PasswordChange) },
  responses: { 204: { description: 'Changed' }, ...problems(400, 401, 403, 404, 409) },
});

// ─── data ───────────────────────────────────────────────────────────────────

export const getCatalog = createRoute({
  operationId: 'getCatalog',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/catalog',
  summary: 'Every indicator with its definition, the dimensions, grains and targets',
  responses: { 200: json(Catalog, 'The catalog'), ...authed },
});

export const getStatus = createRoute({
  operationId: 'getStatus',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/status',
  summary: 'What data there is: counts, date span, last import and rebuild',
  responses: { 200: json(DataStatus, 'Data status'), ...authed },
});

export const getDataQuality = createRoute({
  operationId: 'getDataQuality',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/data-quality',
  summary:
    'The implausible values imports found, per day, source, file and problem (`servicemeter data-quality`)',
  responses: { 200: json(DataQualityList, 'Data-quality notices'), ...authed },
});

export const getRepair = createRoute({
  operationId: 'getRepair',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'get',
  path: '/api/repair',
  summary:
    'The rows the facts rebuild cannot use (a time or date out of range), per table and reason; changes nothing (`servicemeter repair --dry-run`)',
  responses: { 200: json(RepairReport, 'What a repair would put aside'), ...authed },
});

export const repair = createRoute({
  operationId: 'repair',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'post',
  path: '/api/repair',
  summary:
    'Moves the rows the facts rebuild cannot use to the quarantine table and rebuilds the facts (`servicemeter repair`)',
  responses: { 200: json(RepairReport, 'What was put aside'), ...authed },
});

export const getFilterValues = createRoute({
  operationId: 'getFilterValues',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/filter-values',
  summary: 'The values each dimension has in the data, for filter pickers',
  responses: { 200: json(FilterValues, 'Values per dimension'), ...authed },
});

export const queryKpis = createRoute({
  operationId: 'queryKpis',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'post',
  path: '/api/kpi/query',
  summary: 'Compute indicators: value, n and interval per group (the `servicemeter kpi` query)',
  request: { body: body(KpiQuery) },
  responses: { 200: json(KpiResult, 'Rows'), ...problems(400, 401, 403, 503) },
});

export const exportKpis = createRoute({
  operationId: 'exportKpis',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'post',
  path: '/api/kpi/export',
  summary: 'The same query as CSV: group columns, then <id>, <id>_n, <id>_low, <id>_high per indicator',
  request: { body: body(KpiQuery) },
  responses: { 200: csv('CSV'), ...problems(400, 401, 403, 503) },
});

export const queryContacts = createRoute({
  operationId: 'queryContacts',
  security: SIGNED_IN,
  tags: ['contacts'],
  method: 'post',
  path: '/api/contacts/query',
  summary: 'The contacts behind a number: the population of a KPI under the same filters, paginated',
  request: { body: body(ContactsQuery) },
  responses: { 200: json(ContactList, 'One page'), ...problems(400, 401, 403, 503) },
});

export const exportContacts = createRoute({
  operationId: 'exportContacts',
  security: SIGNED_IN,
  tags: ['contacts'],
  method: 'post',
  path: '/api/contacts/export',
  summary: 'The same contacts as CSV, one row per contact with every fact',
  request: { body: body(ContactsExportQuery) },
  responses: { 200: csv('CSV'), ...problems(400, 401, 403, 503) },
});

export const getContact = createRoute({
  operationId: 'getContact',
  security: SIGNED_IN,
  tags: ['contacts'],
  method: 'get',
  path: '/api/contacts/{key}',
  summary: 'One contact: its fields, facts, timeline of events and survey answers',
  request: { params: ContactKeyParam },
  responses: { 200: json(ContactDetail, 'The contact'), ...problems(401, 403, 404) },
});

export const listScorecards = createRoute({
  operationId: 'listScorecards',
  security: SIGNED_IN,
  tags: ['scorecards'],
  method: 'get',
  path: '/api/scorecards',
  summary: 'Every agent against the rest of their team, with coaching candidates',
  request: { query: ScorecardQuery },
  responses: { 200: json(ScorecardList, 'Scorecards'), ...problems(400, 401, 403, 503) },
});

export const getScorecard = createRoute({
  operationId: 'getScorecard',
  security: SIGNED_IN,
  tags: ['scorecards'],
  method: 'get',
  path: '/api/scorecards/{agent}',
  summary: "One agent's scorecard",
  request: { params: AgentParam, query: ScorecardQuery },
  responses: { 200: json(Scorecard, 'Scorecard'), ...problems(400, 401, 403, 404, 503) },
});

// ─── settings ───────────────────────────────────────────────────────────────

export const getSettings = createRoute({
  operationId: 'getSettings',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'get',
  path: '/api/settings',
  summary: 'Business-hours calendars, team calendars, thresholds and KPI targets',
  responses: { 200: json(Settings, 'Settings'), ...authed },
});

export const putCalendar = createRoute({
  operationId: 'putCalendar',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'put',
  path: '/api/settings/calendars/{id}',
  summary: 'Create or replace a calendar; rebuilds the facts',
  request: { params: IdParam, body: body(CalendarInput) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

export const deleteCalendar = createRoute({
  operationId: 'deleteCalendar',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'delete',
  path: '/api/settings/calendars/{id}',
  summary: 'Delete a calendar no team uses; rebuilds the facts',
  request: { params: IdParam },
  responses: { 200: json(SettingsChange, 'Deleted'), ...problems(400, 401, 403, 404, 409) },
});

export const updateTeam = createRoute({
  operationId: 'updateTeam',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'patch',
  path: '/api/settings/teams/{id}',
  summary: "Set a team's calendar; rebuilds the facts",
  request: { params: IdParam, body: body(TeamUpdate) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

export const putThresholds = createRoute({
  operationId: 'putThresholds',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'put',
  path: '/api/settings/thresholds',
  summary:
    'Replace every threshold (first-response target, service-level time, short abandon); rebuilds the facts',
  request: { body: body(ThresholdsUpdate) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

export const putTargets = createRoute({
  operationId: 'putTargets',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'put',
  path: '/api/settings/targets',
  summary: 'Replace every KPI target (target lines and tile status)',
  request: { body: body(TargetsUpdate) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

// ─── users, tokens, audit ───────────────────────────────────────────────────

export const listUsers = createRoute({
  operationId: 'listUsers',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'get',
  path: '/api/users',
  summary: 'Every user',
  responses: { 200: json(UserList, 'Users'), ...authed },
});

export const createUser = createRoute({
  operationId: 'createUser',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'post',
  path: '/api/users',
  summary: 'Add a user',
  request: { body: body(UserCreate) },
  responses: { 201: json(User, 'Created'), ...problems(400, 401, 403, 404, 409) },
});

export const updateUser = createRoute({
  operationId: 'updateUser',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'patch',
  path: '/api/users/{id}',
  summary: "Change a user's name, role, agent, password, language or disable them",
  request: { params: IdParam, body: body(UserUpdate) },
  responses: { 200: json(User, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const deleteUser = createRoute({
  operationId: 'deleteUser',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'delete',
  path: '/api/users/{id}',
  summary: 'Delete a user, their sessions and tokens',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
});

export const listTokens = createRoute({
  operationId: 'listTokens',
  security: SIGNED_IN,
  tags: ['tokens'],
  method: 'get',
  path: '/api/tokens',
  summary: 'API tokens: own ones; an admin sees all',
  responses: { 200: json(TokenList, 'Tokens'), ...authed },
});

export const createToken = createRoute({
  operationId: 'createToken',
  security: SIGNED_IN,
  tags: ['tokens'],
  method: 'post',
  path: '/api/tokens',
  summary: "Create an API token acting with the creator's role; the token is shown only in this response",
  request: { body: body(TokenCreate) },
  responses: { 201: json(TokenCreated, 'Created'), ...problems(400, 401, 403) },
});

export const revokeToken = createRoute({
  operationId: 'revokeToken',
  security: SIGNED_IN,
  tags: ['tokens'],
  method: 'delete',
  path: '/api/tokens/{id}',
  summary: 'Revoke an API token',
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...problems(401, 403, 404) },
});

export const listAudit = createRoute({
  operationId: 'listAudit',
  security: SIGNED_IN,
  tags: ['audit'],
  method: 'get',
  path: '/api/audit',
  summary: 'Audit log, newest first: logins, logouts, exports, setting, user and token changes',
  request: { query: AuditQuery },
  responses: { 200: json(AuditList, 'Entries'), ...problems(400, 401, 403) },
});
