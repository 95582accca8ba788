/**
 * Whatever a caller sends, the answer is a 4xx problem document with the security headers, never a
 * 500: every operation of the OpenAPI document is sent malformed JSON, bodies that are not JSON,
 * control characters in each string it reads, out-of-range and impossible dates and offsets. A
 * real 500 reveals nothing of the SQL behind it and carries the security headers too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { startServer } from '../../src/server/serve.js';
import { migrate } from '../../src/services/migrate.js';
import { createUser } from '../../src/services/users.js';
import {
  Client,
  PASSWORD,
  PEOPLE,
  type Reply,
  signedIn,
  startTestServer,
  type TestServer,
  WEEK,
} from './support.js';

type Operation = { method: string; path: string; operationId: string; hasBody: boolean; hasQuery: boolean };

/** A valid request of each operation that reads input; each probe spoils one part of it. */
interface Sample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** A shared saved view the server starts with: the source of the report sample. */
const BOUNDARY_VIEW = 'boundary-view';

const KPI_QUERY = { kpis: ['frt', 'csat'], ...WEEK, grain: 'day', filters: { channel: ['email'] } };
const CONTACTS_QUERY = {
  kpi: 'frt',
  ...WEEK,
  filters: { channel: ['email'] },
  period: { grain: 'day', key: '2026-03-03' },
};
const SCORECARD_QUERY = { ...WEEK, kpis: 'frt,csat', team: 'support' };
const WORDS_QUERY = {
  from: WEEK.from,
  to: WEEK.to,
  timezone: WEEK.timezone,
  channel: 'email',
  language: 'en,nl',
  kind: 'survey_comment',
};

const SAMPLES: Record<string, Sample> = {
  // Any bytes are a file to import: these are queued, and refused by the canonical checks later.
  createImport: { query: { name: 'contacts.csv' }, body: {} },
  setup: { body: { email: 'second@example.com', password: PASSWORD, name: 'Second', locale: 'en' } },
  login: { body: { email: PEOPLE.admin.email, password: PASSWORD } },
  updateMe: { body: { name: 'Admin', locale: 'en' } },
  changePassword: { body: { currentPassword: PASSWORD, newPassword: PASSWORD } },
  queryKpis: { body: KPI_QUERY },
  exportKpis: { body: KPI_QUERY },
  queryContacts: { body: { ...CONTACTS_QUERY, page: 1, pageSize: 10 } },
  exportContacts: { body: CONTACTS_QUERY },
  getContact: { params: { key: 'helpdesk|t1' } },
  listScorecards: { query: SCORECARD_QUERY },
  getScorecard: { params: { agent: 'ann' }, query: SCORECARD_QUERY },
  putCalendar: {
    params: { id: 'boundary' },
    body: {
      name: 'Boundary',
      timezone: 'Europe/Amsterdam',
      isDefault: false,
      intervals: [{ weekday: 1, start: '09:00', end: '17:00' }],
      holidays: [{ date: '2026-03-05', name: 'Closed' }],
    },
  },
  deleteCalendar: { params: { id: 'no-such-calendar' } },
  updateTeam: { params: { id: 'support' }, body: { calendarId: null } },
  putThresholds: {
    body: {
      thresholds: [{ metric: 'frt', channel: 'email', teamId: 'support', seconds: 3600, hours: null }],
    },
  },
  putTargets: { body: { targets: [{ kpi: 'csat', channel: 'email', value: 0.8 }] } },
  createUser: {
    body: { email: 'new-user@example.com', password: PASSWORD, name: 'New', role: 'viewer', locale: 'en' },
  },
  updateUser: { params: { id: 'no-such-user' }, body: { name: 'Nobody', locale: 'en' } },
  deleteUser: { params: { id: 'no-such-user' } },
  createToken: { body: { name: 'boundary', expiresInDays: 30 } },
  revokeToken: { params: { id: 'no-such-token' } },
  listAudit: { query: { page: '1', pageSize: '10', action: 'login.ok', userId: 'someone' } },
  createWebhookSource: {
    body: { vendor: 'chatwoot', source: 'boundary-chat', secret: 'the-boundary-signing-secret' },
  },
  replaceWebhookSecret: { params: { id: 'no-such-source' }, body: { secret: 'another-boundary-secret' } },
  deleteWebhookSource: { params: { id: 'no-such-source' } },
  // No such source: a 404, like a vendor's request to an address it was not given.
  receiveWebhook: { params: { vendor: 'zendesk', sourceId: 'no-such-source' } },
  createJob: {
    body: {
      kind: 'rebuild',
      name: 'boundary',
      schedule: '0 3 * * *',
      timezone: 'Europe/Amsterdam',
      paused: true,
    },
  },
  updateJob: { params: { id: 'no-such-job' }, body: { name: 'boundary', paused: true } },
  runJob: { params: { id: 'no-such-job' } },
  deleteJob: { params: { id: 'no-such-job' } },
  listJobRuns: { params: { id: 'no-such-job' } },
  getImport: { params: { id: 'no-such-import' } },
  followImport: { params: { id: 'no-such-import' } },
  getImportRejects: { params: { id: 'no-such-import' } },
  createSurvey: { body: { name: 'Boundary survey', type: 'custom', status: 'draft' } },
  listSurveyAnswers: {
    query: { from: '2026-03-02', to: '2026-03-16', q: 'thanks', channel: 'email', via: 'email', limit: '10' },
  },
  putSurveyConfig: { body: { retentionDays: 365, keepAnonymised: true } },
  eraseSurveyCustomer: { body: { email: 'nobody@example.com', keepAnonymised: true } },
  getSurvey: { params: { id: 'no-such-survey' } },
  updateSurvey: { params: { id: 'no-such-survey' }, body: { name: 'Renamed' } },
  listSurveyVersions: { params: { id: 'no-such-survey' } },
  getSurveyVersion: { params: { id: 'no-such-survey', version: '1' } },
  createSurveyLink: { params: { id: 'no-such-survey' }, body: { contactKey: 'helpdesk|t1', language: 'nl' } },
  getSurveyQr: { params: { id: 'no-such-survey' }, query: { location: 'front-desk', format: 'svg' } },
  getSurveyPoster: { params: { id: 'no-such-survey' }, query: { location: 'front-desk', size: 'A4' } },
  getSurveyWidget: { params: { id: 'no-such-survey' } },
  listSurveyInvitations: { params: { id: 'no-such-survey' }, query: { state: 'sent', limit: '10' } },
  runSurveyWave: { params: { id: 'no-such-survey' } },
  listSurveyWaves: { params: { id: 'no-such-survey' } },
  // Quality reviews: unknown ids and contacts answer 404, which is past the input check.
  createQaScorecard: {
    body: {
      id: 'boundary',
      definition: {
        name: 'Boundary',
        categories: [{ id: 'accuracy', name: 'Accuracy', scale: '1-5', critical: true, passMark: 0.5 }],
      },
      status: 'active',
    },
  },
  getQaScorecard: { params: { id: 'no-such-scorecard' } },
  updateQaScorecard: { params: { id: 'no-such-scorecard' }, body: { status: 'archived' } },
  listQaScorecardVersions: { params: { id: 'no-such-scorecard' } },
  listQaReviews: {
    query: {
      agent: 'ann',
      kind: 'review',
      from: '2026-03-02',
      to: '2026-03-08',
      disputed: 'false',
      limit: '10',
    },
  },
  submitQaReview: {
    body: {
      contact: { source: 'helpdesk', externalId: 'no-such-contact' },
      scorecardId: 'boundary',
      comment: 'Fine',
      ratings: [{ categoryId: 'accuracy', rating: 4, comment: 'Right', rootCauses: ['knowledge'] }],
    },
  },
  getQaReview: { params: { id: 'servicemeter|no-such-review' } },
  openQaDispute: { params: { id: 'servicemeter|no-such-review' }, body: { reason: 'Not my call' } },
  saveQaDraft: {
    body: {
      contact: { source: 'helpdesk', externalId: 'no-such-contact' },
      scorecardId: 'boundary',
      ratings: [{ categoryId: 'accuracy', rating: null }],
    },
  },
  getQaDraft: { query: { contact: 'helpdesk|no-such-contact' } },
  getQaTranscript: { query: { source: 'helpdesk', externalId: 'no-such-contact' } },
  listQaAssignments: { query: { reviewer: 'me', status: 'open', limit: '10' } },
  createQaAssignment: {
    body: {
      contact: { source: 'helpdesk', externalId: 'no-such-contact' },
      reviewerId: 'no-such-user',
      dueAt: '2026-03-09T17:00:00Z',
    },
  },
  updateQaAssignment: {
    params: { id: 'no-such-assignment' },
    body: { status: 'skipped', dueAt: '2026-03-10T17:00:00Z' },
  },
  createQaSamplingRule: { body: { name: 'Boundary', schedule: 'weekly', selfReview: true } },
  updateQaSamplingRule: { params: { id: 'no-such-rule' }, body: { name: 'Renamed', enabled: false } },
  deleteQaSamplingRule: { params: { id: 'no-such-rule' } },
  drawQaSample: {
    params: { id: 'no-such-rule' },
    body: { period: '2026-03-02', seed: 'seed', dryRun: true },
  },
  putQaGoal: { body: { scope: 'agent', scopeId: 'ann', reviewsPerMonth: 4 } },
  getQaGoalProgress: { query: { month: '2026-03' } },
  createQaCalibration: {
    body: {
      name: 'Boundary',
      scorecardId: 'boundary',
      reviewers: ['no-such-user', 'another-user'],
      contacts: [{ source: 'helpdesk', externalId: 't1' }],
      dueAt: '2026-03-09T17:00:00Z',
    },
  },
  getQaCalibration: { params: { id: 'no-such-session' } },
  closeQaCalibration: { params: { id: 'no-such-session' } },
  getQaCalibrationResult: { params: { id: 'no-such-session' } },
  listQaDisputes: { query: { agent: 'ann', status: 'open' } },
  resolveQaDispute: { params: { id: 'no-such-dispute' }, body: { accept: false, resolution: 'Stands' } },
  listQaCoaching: { query: { agent: 'ann' } },
  createQaCoaching: { body: { agentId: 'ann', heldOn: '2026-03-04', notes: 'Greeting' } },
  updateQaCoaching: {
    params: { id: 'no-such-session' },
    body: { heldOn: '2026-03-04', followUpOn: '2026-03-18', actions: [{ text: 'Greet by name' }] },
  },
  listQaTrainingNeeds: { query: { from: '2026-03-02', to: '2026-03-08', agent: 'ann' } },
  listQaTrainingDays: { query: { from: '2026-03-02', to: '2026-03-08', agent: 'ann' } },
  recordQaTrainingDay: { body: { agentId: 'ann', day: '2026-03-04', hours: 2, topic: 'Tone' } },
  runQaChecks: { body: { contactKeys: ['helpdesk|no-such-contact'] } },
  updateQaCheck: { params: { id: 'no-such-check' }, body: { enabled: false } },
  getQaReviewerDrift: { query: { from: '2026-03-02', to: '2026-03-08' } },
  getWorkforceStaffing: {
    query: { channel: 'phone', week: '2026-03-09', interval: '60', targetSl: '80/20', volume: '+10' },
  },
  getWorkforceForecast: { query: { channel: 'email', interval: '60', weeksBack: '1', weeksAhead: '1' } },
  listWorkforceSchedules: { query: { from: '2026-03-09', to: '2026-03-15', agent: 'ann', team: 'support' } },
  createWorkforceSchedule: {
    body: {
      agentId: 'ann',
      startsAt: '2026-03-09T08:00:00Z',
      endsAt: '2026-03-09T16:00:00Z',
      activity: 'phone',
    },
  },
  copyWorkforceScheduleWeek: { body: { fromWeek: '2026-03-09', toWeek: '2026-03-16', agentIds: ['ann'] } },
  updateWorkforceSchedule: {
    params: { source: 'servicemeter', externalId: 'no-such-block' },
    body: { note: 'Boundary', endsAt: '2026-03-09T17:00:00Z' },
  },
  deleteWorkforceSchedule: { params: { source: 'servicemeter', externalId: 'no-such-block' } },
  updateWorkforceSettings: { body: { graceMinutes: 5 } },
  listWorkforceMarkedDays: { query: { from: '2026-03-01', to: '2026-03-31' } },
  createWorkforceMarkedDay: { body: { day: '2026-03-20', kind: 'event', factor: 1.5, label: 'Boundary' } },
  deleteWorkforceMarkedDay: { params: { id: 'no-such-day' } },
  calculateErlang: {
    body: { calls: 100, intervalSeconds: 1800, ahtSeconds: 180, targetSl: '80/20', agents: 14 },
  },
  getBusinessCohorts: { query: { from: '2026-01-01', to: '2026-04-01', segment: 'consumer' } },
  getBusinessClv: { query: { from: '2026-01-01', to: '2026-04-01', acquisition_channel: 'search' } },
  getBusinessConversion: { query: { from: '2026-01-01', to: '2026-04-01', by: 'channel', team: 'support' } },
  getBusinessPeople: { query: { from: '2026-01-01', to: '2026-04-01' } },
  updateBusinessSettings: { body: { conversionDays: 7 } },
  // Reports and alerts: the saved view the server is prepared with (below) is the reports' source.
  createSavedView: {
    body: { name: 'Boundary view', page: 'trends', state: { period: { preset: 'last7' }, timezone: 'UTC' } },
  },
  getSavedView: { params: { id: BOUNDARY_VIEW } },
  updateSavedView: { params: { id: 'no-such-view' }, body: { name: 'Renamed' } },
  deleteSavedView: { params: { id: 'no-such-view' } },
  createDashboard: { body: { name: 'Boundary dashboard', tiles: [{ kpi: 'frt', kind: 'value' }] } },
  getDashboard: { params: { id: 'no-such-dashboard' } },
  updateDashboard: { params: { id: 'no-such-dashboard' }, body: { name: 'Renamed' } },
  deleteDashboard: { params: { id: 'no-such-dashboard' } },
  listTargets: { query: { kpi: 'csat' } },
  replaceTargets: {
    body: {
      scopes: [{ kpi: 'csat', channel: 'email', team: null, agent: null }],
      targets: [
        { kpi: 'csat', channel: 'email', team: null, agent: null, value: 0.8, validFrom: '2026-03-01' },
      ],
    },
  },
  getTargetHistory: { query: { kpi: 'csat' } },
  listBaselines: { query: { kpi: 'csat' } },
  takeBaseline: {
    body: {
      kpi: 'csat',
      channel: null,
      team: null,
      agent: null,
      from: WEEK.from,
      to: WEEK.to,
      timezone: 'UTC',
    },
  },
  deleteBaseline: { params: { id: 'no-such-baseline' } },
  createReport: {
    body: {
      name: 'Boundary report',
      source: { kind: 'view', id: BOUNDARY_VIEW },
      frequency: 'weekly',
      sendTime: '08:00',
      weekday: 1,
      recipients: [{ email: 'lead@example.com', locale: 'en', timezone: 'Europe/Amsterdam' }],
    },
  },
  getReport: { params: { id: 'no-such-report' } },
  updateReport: { params: { id: 'no-such-report' }, body: { name: 'Renamed' } },
  deleteReport: { params: { id: 'no-such-report' } },
  sendReport: { params: { id: 'no-such-report' }, body: { dryRun: true } },
  listReportDeliveries: { params: { id: 'no-such-report' } },
  createAlertRule: {
    body: {
      name: 'Boundary rule',
      kind: 'threshold',
      kpi: 'csat',
      params: { kind: 'threshold', comparison: 'below', value: 0.8, windowHours: 168, minN: 30 },
    },
  },
  getAlertRule: { params: { id: 'no-such-rule' } },
  updateAlertRule: { params: { id: 'no-such-rule' }, body: { paused: true } },
  deleteAlertRule: { params: { id: 'no-such-rule' } },
  testAlertRule: { params: { id: 'no-such-rule' }, body: {} },
  listAlertEvents: { query: { ruleId: 'no-such-rule' } },
  listNotifications: { query: { unreadOnly: 'true' } },
  markNotificationsRead: { body: { ids: 'all' } },
  listBenchmarks: { query: { kpi: 'csat' } },
  compareBenchmarks: { query: { from: WEEK.from, to: WEEK.to, channel: 'email' } },
  getYearOverYear: { query: { year: '2026', kpi: 'csat,frt' } },
  putBenchmark: {
    params: { id: 'boundary-rival' },
    body: { kpiId: 'csat', value: 0.8, name: 'Rival', year: 2026, source: 'mystery shopping' },
  },
  deleteBenchmark: { params: { id: 'no-such-figure' } },
  updateWordsSettings: { body: { minConfidence: 0.6 } },
  analyseWords: { body: { all: false } },
  getWordsTopics: { query: { ...WORDS_QUERY, focus: 'score:low', limit: '20' } },
  getWordsTermTrend: { query: { ...WORDS_QUERY, term: 'late', grain: 'day' } },
  listWordsThemes: { query: WORDS_QUERY },
  createWordsTheme: { body: { name: 'Boundary theme', terms: ['boundary'] } },
  mergeWordsThemes: { body: { ids: ['no-such-theme', 'another-theme'], name: 'Merged' } },
  updateWordsTheme: { params: { id: 'no-such-theme' }, body: { name: 'Renamed', pinned: true } },
  deleteWordsTheme: { params: { id: 'no-such-theme' } },
  getWordsTone: { query: { ...WORDS_QUERY, grain: 'week' } },
  replaceWordsAttributes: {
    body: {
      attributes: [{ id: 'fast', name: 'Fast', stance: 'intended', words: { nl: ['snel'], zh: ['快'] } }],
    },
  },
  getWordsAttributeProfile: { query: { ...WORDS_QUERY, grain: 'day' } },
  listWordsMessages: { query: { ...WORDS_QUERY, term: 'late', tone: 'negative', limit: '10', offset: '0' } },
  exportWordsMessages: { query: { ...WORDS_QUERY, tone: 'negative' } },
};

const ANONYMOUS = ['login', 'setup'];

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
];

let ts: TestServer;
let admin: Client;
let operations: Operation[];

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db) => {
      const state = {
        period: { preset: 'last7' },
        timezone: 'UTC',
        filters: {},
        grain: null,
        kpis: [],
        search: '',
      };
      await db.run(
        "INSERT INTO saved_views VALUES (?, 'Boundary source', 'someone', true, 'trends', ?, TIMESTAMP '2026-03-01 00:00:00', TIMESTAMP '2026-03-01 00:00:00')",
        [BOUNDARY_VIEW, JSON.stringify(state)],
      );
    },
  });
  admin = await signedIn(ts.url, 'admin');
  const document = (await admin.get('/api/openapi.json')).json;
  operations = [];
  for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = (operation.parameters ?? []) as { in: string }[];
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: String(operation.operationId),
        // JSON bodies only: the files of an import are read by their route, as a stream.
        hasBody:
          (operation.requestBody as { content?: Record<string, unknown> } | undefined)?.content?.[
            'application/json'
          ] !== undefined,
        hasQuery: parameters.some((p) => p.in === 'query'),
      });
    }
  }
});

afterAll(async () => {
  await ts?.stop();
});

function urlOf(operation: Operation, sample: Sample): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(sample.params?.[name] ?? 'x'),
  );
  const query = sample.query ? `?${new URLSearchParams(sample.query)}` : '';
  return `${path}${query}`;
}

/** Sends a raw body with the given Content-Type (none: no header at all). */
async function send(
  operation: Operation,
  sample: Sample,
  body: string | undefined,
  contentType: string | null,
): Promise<Reply> {
  const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType };
  // Signing in or setting up must not replace the admin's session the other probes use.
  const client = ANONYMOUS.includes(operation.operationId) ? new Client(ts.url) : admin;
  const response = await client.fetch(`${ts.url}${urlOf(operation, sample)}`, {
    method: operation.method,
    headers,
    // Bytes, not a string: fetch would add text/plain to a string body.
    body: body === undefined ? undefined : new TextEncoder().encode(body),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const sendSample = (operation: Operation, sample: Sample) =>
  send(
    operation,
    sample,
    sample.body === undefined ? undefined : JSON.stringify(sample.body),
    'application/json',
  );

function expectRefused(reply: Reply, status: number, what: string, field?: string) {
  const context = `${what}: ${reply.status} ${reply.text.slice(0, 300)}`;
  expect(reply.status, context).toBe(status);
  expect(reply.headers.get('content-type'), context).toMatch(/^application\/problem\+json/);
  for (const header of SECURITY_HEADERS)
    expect(reply.headers.get(header), `${context} ${header}`).toBeTruthy();
  expect(reply.json?.status, context).toBe(status);
  if (field !== undefined) expect((reply.json?.issues ?? []).join('\n'), context).toContain(field);
}

type Leaf = { path: (string | number)[]; value: string };

/** Every string in a JSON value, with where it is. */
function stringLeaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  return [];
}

/** Where each number in a JSON value is. */
function numberLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => numberLeaves(item, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => numberLeaves(item, [...path, key]));
  return [];
}

function replaced(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value))
    return value.map((item, i) => (i === head ? replaced(item, rest, replacement) : item));
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  copy[head] = replaced(copy[head], rest, replacement);
  return copy;
}

/** Each string of the sample's body, query and path, one at a time, turned into `spoil(value)`. */
function* spoiled(
  sample: Sample,
  spoil: (leaf: Leaf) => string | null,
): Generator<{ sample: Sample; field: string }> {
  for (const leaf of stringLeaves(sample.body)) {
    const bad = spoil(leaf);
    if (bad !== null)
      yield {
        sample: { ...sample, body: replaced(sample.body, leaf.path, bad) },
        field: leaf.path.join('.'),
      };
  }
  for (const part of ['query', 'params'] as const) {
    for (const [name, value] of Object.entries(sample[part] ?? {})) {
      const bad = spoil({ path: [name], value });
      if (bad !== null)
        yield { sample: { ...sample, [part]: { ...sample[part], [name]: bad } }, field: name };
    }
  }
}

const isDate = (leaf: Leaf) => /^\d{4}-\d{2}-\d{2}/.test(leaf.value);

describe('every operation answers bad input with a 4xx problem', () => {
  test('each operation that reads input has a valid sample, which is not refused', async () => {
    const reading = operations.filter((o) => o.hasBody || o.hasQuery || o.path.includes('{'));
    expect(reading.length).toBeGreaterThan(15);
    for (const operation of reading) {
      const sample = SAMPLES[operation.operationId];
      expect(sample, `a sample for ${operation.operationId}`).toBeDefined();
      const reply = await sendSample(operation, sample ?? {});
      expect(
        [400, 415, 500],
        `${operation.operationId}: ${reply.status} ${reply.text.slice(0, 300)}`,
      ).not.toContain(reply.status);
    }
  });

  test('malformed JSON is a 400 that says so', async () => {
    for (const operation of operations.filter((o) => o.hasBody)) {
      const sample = SAMPLES[operation.operationId] ?? {};
      for (const body of ['{"name": ', '{"a":1}{', "{'a': 1}", '', 'null', '[]', '"text"', '1e999999']) {
        const reply = await send(operation, sample, body, 'application/json');
        expectRefused(reply, 400, `${operation.operationId} ${JSON.stringify(body)}`);
      }
      const reply = await send(operation, sample, '{"name": ', 'application/json');
      expect(reply.json.detail).toMatch(/JSON/);
    }
  });

  test('a body that is not declared JSON is a 415', async () => {
    for (const operation of operations.filter((o) => o.hasBody)) {
      const sample = SAMPLES[operation.operationId] ?? {};
      const json = JSON.stringify(sample.body);
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
        null,
      ]) {
        const reply = await send(operation, sample, json, contentType);
        expectRefused(reply, 415, `${operation.operationId} ${contentType}`);
      }
    }
    // A charset parameter is still JSON.
    const operation = operations.find((o) => o.operationId === 'queryKpis') as Operation;
    const reply = await send(
      operation,
      { body: KPI_QUERY },
      JSON.stringify(KPI_QUERY),
      'Application/JSON; charset=utf-8',
    );
    expect(reply.status, reply.text).toBe(200);
  });

  test('a control character in any string is a 400 naming the field', async () => {
    for (const operation of operations) {
      const sample = SAMPLES[operation.operationId];
      if (!sample) continue;
      let index = 0;
      const characters = ['\u0000', '\u001b', '\u007f', '\u0008'];
      for (const probe of spoiled(sample, (leaf) => `${leaf.value.slice(0, 2)}${characters[index++ % 4]}x`)) {
        const reply = await sendSample(operation, probe.sample);
        expectRefused(reply, 400, `${operation.operationId} ${probe.field}`, probe.field);
        expect(reply.json.issues.join('\n')).toMatch(/control character/);
      }
    }
  });

  test('a control character in an object key is a 400 too', async () => {
    const operation = operations.find((o) => o.operationId === 'queryKpis') as Operation;
    const reply = await sendSample(operation, { body: { ...KPI_QUERY, 'bad\u0000key': 1 } });
    expectRefused(reply, 400, 'key with NUL', 'bad\\u0000key');
  });

  test('tabs and line breaks are ordinary text', async () => {
    const operation = operations.find((o) => o.operationId === 'updateMe') as Operation;
    const reply = await sendSample(operation, { body: { name: 'Ad\tmin\r\nLead' } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.name).toBe('Ad\tmin\r\nLead');
  });

  test('dates outside 1970-01-01 … 2200-12-31 and impossible dates are a 400 naming the field', async () => {
    let probes = 0;
    for (const operation of operations) {
      const sample = SAMPLES[operation.operationId];
      if (!sample) continue;
      for (const bad of [
        '0000-01-01',
        '9999-12-31',
        '1969-12-31',
        '2201-01-01',
        '2026-02-31',
        '2026-13-01',
      ]) {
        for (const probe of spoiled(sample, (leaf) => (isDate(leaf) ? bad + leaf.value.slice(10) : null))) {
          const reply = await sendSample(operation, probe.sample);
          expectRefused(reply, 400, `${operation.operationId} ${probe.field}=${bad}`, probe.field);
          probes++;
        }
      }
      for (const bad of ['T25:00', 'T23:60', 'T10:00:61']) {
        for (const probe of spoiled(sample, (leaf) =>
          isDate(leaf) ? leaf.value.slice(0, 10) + bad : null,
        )) {
          const reply = await sendSample(operation, probe.sample);
          expectRefused(reply, 400, `${operation.operationId} ${probe.field}=${bad}`, probe.field);
        }
      }
    }
    // from and to of KPI, contacts and scorecard queries, the clicked period, a holiday.
    expect(probes).toBeGreaterThanOrEqual(6 * 12);
  });

  test('the edges of the range and leap days are accepted', async () => {
    const operation = operations.find((o) => o.operationId === 'queryKpis') as Operation;
    for (const [from, to] of [
      ['1970-01-01', '1970-01-02T00:00'],
      ['2200-12-31', '2200-12-31T23:59:59'],
      ['2024-02-29', '2024-03-01'],
    ]) {
      const reply = await sendSample(operation, {
        body: { kpis: ['contacts_created'], from, to, timezone: 'UTC' },
      });
      expect(reply.status, `${from} … ${to}: ${reply.text}`).toBe(200);
    }
  });

  test('an offset, where a date or a time zone is expected, is a 400 naming the field', async () => {
    for (const operation of operations) {
      const sample = SAMPLES[operation.operationId];
      if (!sample) continue;
      const offsets = (leaf: Leaf) =>
        leaf.path.at(-1) === 'timezone'
          ? '+25:00'
          : isDate(leaf)
            ? `${leaf.value.slice(0, 10)}T10:00+25:00`
            : null;
      for (const probe of spoiled(sample, offsets)) {
        const reply = await sendSample(operation, probe.sample);
        expectRefused(reply, 400, `${operation.operationId} ${probe.field}`, probe.field);
      }
    }
  });

  test('a number too large to store or use is a 400 naming the field', async () => {
    for (const operation of operations) {
      const body = SAMPLES[operation.operationId]?.body;
      for (const leaf of numberLeaves(body)) {
        for (const huge of [1e308, -1e308]) {
          const field = leaf.join('.');
          const reply = await sendSample(operation, {
            ...SAMPLES[operation.operationId],
            body: replaced(body, leaf, huge),
          });
          expectRefused(reply, 400, `${operation.operationId} ${field}=${huge}`, field);
        }
      }
    }
  });

  test('a path parameter that does not decode is a 400', async () => {
    for (const path of ['/api/contacts/%E0%A4%A', '/api/scorecards/%ZZ', '/api/users/%C0%80']) {
      const reply = await admin.get(path);
      expect(reply.status, `${path}: ${reply.text}`).toBeGreaterThanOrEqual(400);
      expect(reply.status, `${path}: ${reply.text}`).toBeLessThan(500);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  test('a control character in a query parameter the route does not read is refused as well', async () => {
    const reply = await admin.get('/api/catalog?x=%00');
    expectRefused(reply, 400, 'catalog', 'x');
  });
});

describe('a 500', () => {
  test('reveals no SQL and carries the security headers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'servicemeter-boundary-'));
    const dbPath = join(dir, 'broken.duckdb');
    const db = await openDuckDb({ path: dbPath });
    await migrate(db);
    const created = await createUser(db, { ...PEOPLE.admin, password: PASSWORD });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const server = await startServer(db, {
      dbPath,
      port: 0,
      host: '127.0.0.1',
      staticDir: null,
      version: 'test',
    });
    const stderr = process.stderr.write;
    try {
      const client = await signedIn(server.url.replace(/\/$/, ''), 'admin');
      // The table the audit page reads, gone underneath the running server. (The status would be
      // answered from what the server keeps since its start.)
      await db.run('DROP TABLE audit_log');
      process.stderr.write = () => true;
      const reply = await client.get('/api/audit');
      process.stderr.write = stderr;
      expect(reply.status, reply.text).toBe(500);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      for (const header of SECURITY_HEADERS) expect(reply.headers.get(header), header).toBeTruthy();
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect(reply.text).not.toMatch(/audit_log|select|from|catalog error|duckdb|\bat\b|\.ts|\.js/i);
      expect(reply.json).toMatchObject({
        status: 500,
        detail: 'internal error; the server log has the details',
      });
    } finally {
      process.stderr.write = stderr;
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
