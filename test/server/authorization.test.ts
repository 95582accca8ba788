import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KPIS } from '../../src/core/kpi/catalog.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { createUser } from '../../src/services/users.js';
import { seedMoneyFacts } from './money-facts.js';
import {
  Client,
  PASSWORD,
  type Person,
  signedIn,
  startTestServer,
  type TestServer,
  WEEK,
} from './support.js';

/** The finance role reads the team's aggregates like a viewer, and every money figure besides. */
const FINANCE = { email: 'finance@example.com', role: 'finance' as const };

async function addFinance(db: DuckDbEngine) {
  const created = await createUser(db, { ...FINANCE, password: PASSWORD });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
}

type Role = 'manager' | 'agent' | 'viewer' | 'finance';

async function signedInAs(base: string, role: Role | 'admin'): Promise<Client> {
  if (role !== 'finance') return signedIn(base, role === 'agent' ? 'ann' : (role satisfies Person));
  const client = new Client(base);
  const reply = await client.login(FINANCE.email);
  if (reply.status !== 200) throw new Error(`login as finance: ${reply.status} ${reply.text}`);
  return client;
}

/**
 * Who may call what, stated here independently of src/server/policy.ts: every operation of the
 * OpenAPI document is called as each role and the answer must match.
 */
// receiveWebhook is authenticated by the vendor's signature, not by a session or token.
const PUBLIC = new Set(['health', 'getSetup', 'setup', 'login', 'receiveWebhook']);
/** The business figures: who sees which (docs/api.md, 'Roles'). */
const BUSINESS_FOR_VIEWERS = ['getBusinessCohorts', 'getBusinessConversion', 'listBusinessNotices'];
const BUSINESS_FOR_MANAGERS = [
  ...BUSINESS_FOR_VIEWERS,
  'getBusinessClv',
  'getBusinessPeople',
  'getBusinessSettings',
];
/** The benchmarks every role reads (an agent's comparison is their team's); managers also write. */
const BENCHMARKS_FOR_EVERY_ROLE = ['listBenchmarks', 'compareBenchmarks', 'getYearOverYear'];
/** Saved views and dashboards: every role keeps its own and reads the shared ones. */
const VIEWS_FOR_EVERY_ROLE = [
  'listSavedViews',
  'createSavedView',
  'getSavedView',
  'updateSavedView',
  'deleteSavedView',
  'listDashboards',
  'createDashboard',
  'getDefaultDashboard',
  'getDashboard',
  'updateDashboard',
  'deleteDashboard',
];
/** Scheduled reports: every role schedules its own (the others only to themselves). */
const REPORTS_FOR_EVERY_ROLE = [
  'listReports',
  'createReport',
  'getReport',
  'updateReport',
  'deleteReport',
  'sendReport',
  'listReportDeliveries',
];
/** Alert rules and the alerts raised: admins and managers (a manager's own rules). */
const ALERTS_FOR_MANAGERS = [
  'listAlertRules',
  'createAlertRule',
  'getAlertRule',
  'updateAlertRule',
  'deleteAlertRule',
  'testAlertRule',
  'listAlertEvents',
];
/** Targets and baselines: every role reads them (an agent not a colleague's); the history names who changed them. */
const TARGETS_FOR_EVERY_ROLE = ['listTargets', 'listBaselines'];
const TARGETS_FOR_MANAGERS = [
  ...TARGETS_FOR_EVERY_ROLE,
  'getTargetHistory',
  'replaceTargets',
  'takeBaseline',
  'deleteBaseline',
];
/** Customers' words as aggregates (an agent's over their own texts), the messages, and what staff change. */
const WORDS_FOR_READERS = [
  'getWordsTopics',
  'getWordsTermTrend',
  'listWordsThemes',
  'getWordsTone',
  'listWordsAttributes',
  'getWordsAttributeProfile',
];
const WORDS_MESSAGES = ['listWordsMessages', 'exportWordsMessages'];
const WORDS_FOR_MANAGERS = [
  ...WORDS_FOR_READERS,
  ...WORDS_MESSAGES,
  'getWordsSettings',
  'analyseWords',
  'trainWordsModels',
  'createWordsTheme',
  'mergeWordsThemes',
  'updateWordsTheme',
  'deleteWordsTheme',
  'replaceWordsAttributes',
];
/** Every page asks for the notification list; it is empty for the roles told of no alert. */
const NOTIFICATIONS_FOR_EVERY_ROLE = ['listNotifications', 'markNotificationsRead'];
const ALLOWED: Record<Role, Set<string>> = {
  manager: new Set([
    ...ALERTS_FOR_MANAGERS,
    ...TARGETS_FOR_MANAGERS,
    ...NOTIFICATIONS_FOR_EVERY_ROLE,
    ...BENCHMARKS_FOR_EVERY_ROLE,
    ...VIEWS_FOR_EVERY_ROLE,
    ...REPORTS_FOR_EVERY_ROLE,
    'putBenchmark',
    'deleteBenchmark',
    'logout',
    'getSession',
    'updateMe',
    'changePassword',
    'getCatalog',
    'getStatus',
    'getDataQuality',
    'getFilterValues',
    'queryKpis',
    'exportKpis',
    'queryContacts',
    'exportContacts',
    'getContact',
    'listScorecards',
    'getScorecard',
    'listTokens',
    'createToken',
    'revokeToken',
    'getNow',
    'streamNow',
    'createImport',
    'listImports',
    'getImport',
    'followImport',
    'getImportRejects',
    'listSurveys',
    'createSurvey',
    'listSurveyAnswers',
    'getSurvey',
    'updateSurvey',
    'listSurveyVersions',
    'getSurveyVersion',
    'createSurveyLink',
    'getSurveyQr',
    'getSurveyPoster',
    'getSurveyWidget',
    'listSurveyInvitations',
    'runSurveyWave',
    'listSurveyWaves',
    'listQaScorecards',
    'createQaScorecard',
    'getQaScorecard',
    'updateQaScorecard',
    'listQaScorecardVersions',
    'listQaReviews',
    'submitQaReview',
    'getQaReview',
    'openQaDispute',
    'saveQaDraft',
    'getQaDraft',
    'getQaTranscript',
    'listQaAssignments',
    'createQaAssignment',
    'updateQaAssignment',
    'listQaSamplingRules',
    'createQaSamplingRule',
    'updateQaSamplingRule',
    'deleteQaSamplingRule',
    'drawQaSample',
    'listQaGoals',
    'putQaGoal',
    'getQaGoalProgress',
    'listQaCalibrations',
    'createQaCalibration',
    'getQaCalibration',
    'closeQaCalibration',
    'getQaCalibrationResult',
    'listQaDisputes',
    'resolveQaDispute',
    'listQaCoaching',
    'createQaCoaching',
    'updateQaCoaching',
    'listQaTrainingNeeds',
    'listQaTrainingDays',
    'recordQaTrainingDay',
    'listQaChecks',
    'runQaChecks',
    'updateQaCheck',
    'getQaReviewerDrift',
    'getWorkforceStaffing',
    'getWorkforceForecast',
    'listWorkforceSchedules',
    'createWorkforceSchedule',
    'copyWorkforceScheduleWeek',
    'updateWorkforceSchedule',
    'deleteWorkforceSchedule',
    'getWorkforceSettings',
    'updateWorkforceSettings',
    'listWorkforceMarkedDays',
    'createWorkforceMarkedDay',
    'deleteWorkforceMarkedDay',
    'calculateErlang',
    ...BUSINESS_FOR_MANAGERS,
    ...WORDS_FOR_MANAGERS,
  ]),
  agent: new Set([
    ...TARGETS_FOR_EVERY_ROLE,
    ...WORDS_FOR_READERS,
    ...WORDS_MESSAGES,
    ...NOTIFICATIONS_FOR_EVERY_ROLE,
    ...BENCHMARKS_FOR_EVERY_ROLE,
    ...VIEWS_FOR_EVERY_ROLE,
    ...REPORTS_FOR_EVERY_ROLE,
    'logout',
    'getSession',
    'updateMe',
    'changePassword',
    'getCatalog',
    'getStatus',
    'getFilterValues',
    'queryKpis',
    'exportKpis',
    'queryContacts',
    'exportContacts',
    'getContact',
    'listScorecards',
    'getScorecard',
    'listTokens',
    'createToken',
    'revokeToken',
    'getNow',
    'streamNow',
    'listSurveys',
    'listSurveyAnswers',
    'getSurvey',
    'listSurveyVersions',
    'getSurveyVersion',
    'listQaScorecards',
    'getQaScorecard',
    'listQaReviews',
    'submitQaReview',
    'getQaReview',
    'openQaDispute',
    'saveQaDraft',
    'getQaDraft',
    'getQaTranscript',
    'listQaAssignments',
    'getQaGoalProgress',
    'listQaDisputes',
    'listQaCoaching',
    'listQaTrainingNeeds',
    'listQaTrainingDays',
    'listQaChecks',
    // Their own schedule only (workforce-api.test.ts); the calculator works on their own numbers.
    'listWorkforceSchedules',
    'calculateErlang',
  ]),
  viewer: new Set([
    ...TARGETS_FOR_EVERY_ROLE,
    ...WORDS_FOR_READERS,
    'getTargetHistory',
    ...NOTIFICATIONS_FOR_EVERY_ROLE,
    ...BENCHMARKS_FOR_EVERY_ROLE,
    ...VIEWS_FOR_EVERY_ROLE,
    ...REPORTS_FOR_EVERY_ROLE,
    'logout',
    'getSession',
    'updateMe',
    'changePassword',
    'getCatalog',
    'getStatus',
    'getFilterValues',
    'queryKpis',
    'listScorecards',
    'getScorecard',
    'listTokens',
    'createToken',
    'revokeToken',
    'getNow',
    'streamNow',
    'listSurveys',
    'getSurvey',
    'listSurveyVersions',
    'getSurveyVersion',
    'listQaScorecards',
    'getQaScorecard',
    'listQaChecks',
    // The plan as aggregates: no agent's schedule.
    'getWorkforceStaffing',
    'getWorkforceForecast',
    'getWorkforceSettings',
    'listWorkforceMarkedDays',
    'calculateErlang',
    // Customers and conversion as aggregates; no money figure.
    ...BUSINESS_FOR_VIEWERS,
  ]),
  // What a viewer reads, the KPI export, and every business figure with the settings.
  finance: new Set([
    ...TARGETS_FOR_EVERY_ROLE,
    'getTargetHistory',
    ...NOTIFICATIONS_FOR_EVERY_ROLE,
    ...BENCHMARKS_FOR_EVERY_ROLE,
    ...VIEWS_FOR_EVERY_ROLE,
    ...REPORTS_FOR_EVERY_ROLE,
    'logout',
    'getSession',
    'updateMe',
    'changePassword',
    'getCatalog',
    'getStatus',
    'getFilterValues',
    'queryKpis',
    'exportKpis',
    'listScorecards',
    'getScorecard',
    'listTokens',
    'createToken',
    'revokeToken',
    'getNow',
    'streamNow',
    'listSurveys',
    'getSurvey',
    'listSurveyVersions',
    'getSurveyVersion',
    'listQaScorecards',
    'getQaScorecard',
    'listQaChecks',
    'getWorkforceStaffing',
    'getWorkforceForecast',
    'getWorkforceSettings',
    'listWorkforceMarkedDays',
    'calculateErlang',
    ...BUSINESS_FOR_MANAGERS,
    'updateBusinessSettings',
  ]),
};

/**
 * Refused to API tokens, whatever their role: a token cannot make more tokens or change a password,
 * and cannot set up what sends or takes a secret (webhook sources, jobs that pull a helpdesk).
 */
const SESSION_ONLY = new Set([
  'changePassword',
  'createToken',
  'revokeToken',
  'createWebhookSource',
  'replaceWebhookSecret',
  'createJob',
  'updateJob',
  'runJob',
]);

interface Sample {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
}

/** A request for every operation; an operation missing here fails the coverage test. */
const SAMPLES: Record<string, Sample> = {
  // Alerts: a rule added (the second role to add it is told the name is taken); the others name none.
  listAlertRules: {},
  createAlertRule: {
    body: {
      name: 'Authorization',
      kind: 'threshold',
      kpi: 'csat',
      params: { kind: 'threshold', comparison: 'below', value: 0.8, windowHours: 168, minN: 30 },
    },
  },
  getAlertRule: { params: { id: 'no-such-rule' } },
  updateAlertRule: { params: { id: 'no-such-rule' }, body: { paused: true } },
  deleteAlertRule: { params: { id: 'no-such-rule' } },
  testAlertRule: { params: { id: 'no-such-rule' }, body: {} },
  listAlertEvents: {},
  listNotifications: { query: 'unreadOnly=true' },
  markNotificationsRead: { body: { ids: 'all' } },
  health: {},
  getSetup: {},
  setup: { body: { email: 'setup@example.com', password: PASSWORD } },
  login: { body: { email: 'nobody@example.com', password: 'not the password' } },
  logout: {},
  getSession: {},
  updateMe: { body: { locale: 'nl' } },
  changePassword: { body: { currentPassword: 'not the password', newPassword: 'another long password' } },
  getCatalog: {},
  getStatus: {},
  getDataQuality: {},
  getFilterValues: {},
  queryKpis: { body: { ...WEEK, kpis: ['frt', 'csat'] } },
  exportKpis: { body: { ...WEEK, kpis: ['frt', 'csat'] } },
  queryContacts: { body: { ...WEEK, kpi: 'frt' } },
  exportContacts: { body: { ...WEEK, kpi: 'frt' } },
  getContact: { params: { key: 'helpdesk|t1' } },
  listScorecards: { query: `from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}` },
  getScorecard: { params: { agent: 'ann' }, query: `from=${WEEK.from}&to=${WEEK.to}` },
  getSettings: {},
  putCalendar: {
    params: { id: 'office' },
    body: { name: 'Office', timezone: 'Europe/Amsterdam', isDefault: true, intervals: [], holidays: [] },
  },
  deleteCalendar: { params: { id: 'office' } },
  updateTeam: { params: { id: 'support' }, body: { calendarId: null } },
  putThresholds: { body: { thresholds: [] } },
  putTargets: { body: { targets: [] } },
  listUsers: {},
  createUser: { body: { email: 'new@example.com', password: PASSWORD, role: 'viewer' } },
  updateUser: { params: { id: 'no-such-user' }, body: { role: 'viewer' } },
  deleteUser: { params: { id: 'no-such-user' } },
  listTokens: {},
  createToken: { body: { name: 'script' } },
  revokeToken: { params: { id: 'no-such-token' } },
  listAudit: {},
  getRepair: {},
  repair: {},
  getBackup: {},
  listWebhookSources: {},
  createWebhookSource: { body: { vendor: 'zendesk' } },
  replaceWebhookSecret: { params: { id: 'no-such-source' }, body: {} },
  deleteWebhookSource: { params: { id: 'no-such-source' } },
  receiveWebhook: { params: { vendor: 'zendesk', sourceId: 'no-such-source' } },
  listJobs: {},
  createJob: { body: { kind: 'rebuild' } },
  updateJob: { params: { id: 'no-such-job' }, body: { paused: true } },
  runJob: { params: { id: 'no-such-job' } },
  deleteJob: { params: { id: 'no-such-job' } },
  listJobRuns: { params: { id: 'no-such-job' } },
  getNow: {},
  streamNow: {},
  // A JSON body is no file: refused with 400 before anything is imported.
  createImport: {},
  listImports: {},
  getImport: { params: { id: 'no-such-import' } },
  followImport: { params: { id: 'no-such-import' } },
  getImportRejects: { params: { id: 'no-such-import' } },
  listSurveys: {},
  createSurvey: { body: { name: 'Authorization', type: 'custom' } },
  listSurveyAnswers: {},
  getSurveyConfig: {},
  putSurveyConfig: { body: { retentionDays: 365 } },
  eraseSurveyCustomer: { body: { email: 'nobody@example.com' } },
  getSurvey: { params: { id: 'no-such-survey' } },
  updateSurvey: { params: { id: 'no-such-survey' }, body: { name: 'Renamed' } },
  listSurveyVersions: { params: { id: 'no-such-survey' } },
  getSurveyVersion: { params: { id: 'no-such-survey', version: '1' } },
  createSurveyLink: { params: { id: 'no-such-survey' }, body: { contactKey: 'helpdesk|t1' } },
  getSurveyQr: { params: { id: 'no-such-survey' }, query: 'location=front-desk' },
  getSurveyPoster: { params: { id: 'no-such-survey' }, query: 'location=front-desk&size=A6' },
  getSurveyWidget: { params: { id: 'no-such-survey' } },
  listSurveyInvitations: { params: { id: 'no-such-survey' } },
  runSurveyWave: { params: { id: 'no-such-survey' } },
  listSurveyWaves: { params: { id: 'no-such-survey' } },
  // Quality reviews: unknown ids and contacts answer 404, so every role that may call one gets past it.
  listQaScorecards: {},
  createQaScorecard: {
    body: { definition: { name: 'Authorization', categories: [{ id: 'accuracy', name: 'Accuracy' }] } },
  },
  getQaScorecard: { params: { id: 'no-such-scorecard' } },
  updateQaScorecard: { params: { id: 'no-such-scorecard' }, body: { status: 'archived' } },
  listQaScorecardVersions: { params: { id: 'no-such-scorecard' } },
  listQaReviews: {},
  submitQaReview: {
    body: {
      contact: { source: 'helpdesk', externalId: 'no-such-contact' },
      scorecardId: 'no-such-scorecard',
      ratings: [],
    },
  },
  getQaReview: { params: { id: 'servicemeter|no-such-review' } },
  openQaDispute: { params: { id: 'servicemeter|no-such-review' }, body: { reason: 'Not my call' } },
  saveQaDraft: {
    body: {
      contact: { source: 'helpdesk', externalId: 'no-such-contact' },
      scorecardId: 'no-such-scorecard',
      ratings: [],
    },
  },
  getQaDraft: { query: 'contact=helpdesk%7Cno-such-contact' },
  getQaTranscript: { query: 'source=helpdesk&externalId=no-such-contact' },
  listQaAssignments: {},
  createQaAssignment: {
    body: { contact: { source: 'helpdesk', externalId: 'no-such-contact' }, reviewerId: 'no-such-user' },
  },
  updateQaAssignment: { params: { id: 'no-such-assignment' }, body: { status: 'skipped' } },
  listQaSamplingRules: {},
  createQaSamplingRule: { body: { name: 'Authorization', selfReview: true } },
  updateQaSamplingRule: { params: { id: 'no-such-rule' }, body: { perAgent: 2 } },
  deleteQaSamplingRule: { params: { id: 'no-such-rule' } },
  drawQaSample: { params: { id: 'no-such-rule' }, body: { dryRun: true } },
  listQaGoals: {},
  putQaGoal: { body: { scope: 'all', reviewsPerMonth: 4 } },
  getQaGoalProgress: { query: 'month=2026-03' },
  listQaCalibrations: {},
  createQaCalibration: {
    body: {
      name: 'Authorization',
      scorecardId: 'no-such-scorecard',
      reviewers: ['no-such-user', 'another-user'],
      contacts: [{ source: 'helpdesk', externalId: 'no-such-contact' }],
    },
  },
  getQaCalibration: { params: { id: 'no-such-session' } },
  closeQaCalibration: { params: { id: 'no-such-session' } },
  getQaCalibrationResult: { params: { id: 'no-such-session' } },
  listQaDisputes: {},
  resolveQaDispute: { params: { id: 'no-such-dispute' }, body: { accept: false, resolution: 'Stands' } },
  listQaCoaching: {},
  createQaCoaching: { body: { agentId: 'ann', notes: 'Greeting' } },
  updateQaCoaching: { params: { id: 'no-such-session' }, body: { status: 'held' } },
  listQaTrainingNeeds: {},
  listQaTrainingDays: {},
  recordQaTrainingDay: { body: { agentId: 'ann', day: '2026-03-04', hours: 2 } },
  listQaChecks: {},
  runQaChecks: { body: { contactKeys: ['helpdesk|no-such-contact'] } },
  updateQaCheck: { params: { id: 'no-such-check' }, body: { enabled: false } },
  getQaReviewerDrift: {},
  // Workforce: an unknown agent or block answers 400 or 404; the settings sample changes nothing.
  getWorkforceStaffing: { query: 'channel=phone&week=2026-03-09' },
  getWorkforceForecast: { query: 'channel=email&weeksBack=1&weeksAhead=1' },
  listWorkforceSchedules: { query: 'from=2026-03-09&to=2026-03-15' },
  createWorkforceSchedule: {
    body: {
      agentId: 'no-such-agent',
      startsAt: '2026-03-09T08:00:00Z',
      endsAt: '2026-03-09T16:00:00Z',
      activity: 'phone',
    },
  },
  copyWorkforceScheduleWeek: { body: { fromWeek: '2026-03-09', toWeek: '2026-03-09' } },
  updateWorkforceSchedule: {
    params: { source: 'servicemeter', externalId: 'no-such-block' },
    body: { note: 'x' },
  },
  deleteWorkforceSchedule: { params: { source: 'servicemeter', externalId: 'no-such-block' } },
  getWorkforceSettings: {},
  updateWorkforceSettings: { body: {} },
  listWorkforceMarkedDays: {},
  createWorkforceMarkedDay: { body: { day: '2026-03-20', kind: 'closed', label: 'Authorization' } },
  deleteWorkforceMarkedDay: { params: { id: 'no-such-day' } },
  calculateErlang: { body: { calls: 100, intervalSeconds: 1800, ahtSeconds: 180 } },
  // Business: a month of figures; the settings sample changes nothing.
  getBusinessCohorts: { query: 'from=2026-03-01&to=2026-04-01' },
  getBusinessClv: { query: 'from=2026-03-01&to=2026-04-01' },
  getBusinessConversion: { query: 'from=2026-03-01&to=2026-04-01&by=channel' },
  getBusinessPeople: { query: 'from=2026-03-01&to=2026-04-01' },
  getBusinessSettings: {},
  updateBusinessSettings: { body: {} },
  listBusinessNotices: {},
  // Targets: the sample replaces no scope; a baseline of a team that does not exist is refused.
  listTargets: {},
  replaceTargets: { body: { scopes: [], targets: [] } },
  getTargetHistory: {},
  listBaselines: {},
  takeBaseline: {
    body: {
      kpi: 'csat',
      channel: null,
      team: 'no-such-team',
      agent: null,
      from: '2026-03-01',
      to: '2026-04-01',
    },
  },
  deleteBaseline: { params: { id: 'no-such-baseline' } },
  // Saved views and dashboards: each role saves its own; the others name nothing that exists.
  listSavedViews: {},
  createSavedView: {
    body: { name: 'Authorization', page: 'trends', state: { period: { preset: 'last7' }, timezone: 'UTC' } },
  },
  getSavedView: { params: { id: 'no-such-view' } },
  updateSavedView: { params: { id: 'no-such-view' }, body: { name: 'x' } },
  deleteSavedView: { params: { id: 'no-such-view' } },
  listDashboards: {},
  createDashboard: { body: { name: 'Authorization', tiles: [{ kpi: 'frt', kind: 'value' }] } },
  getDefaultDashboard: {},
  getDashboard: { params: { id: 'no-such-dashboard' } },
  updateDashboard: { params: { id: 'no-such-dashboard' }, body: { name: 'x' } },
  deleteDashboard: { params: { id: 'no-such-dashboard' } },
  // Scheduled reports: a source that does not exist is refused (400); the others name no report.
  listReports: {},
  createReport: {
    body: {
      name: 'Authorization',
      source: { kind: 'dashboard', id: 'no-such-dashboard' },
      frequency: 'weekly',
      sendTime: '08:00',
      recipients: [{ email: 'lead@example.com' }],
    },
  },
  getReport: { params: { id: 'no-such-report' } },
  updateReport: { params: { id: 'no-such-report' }, body: { name: 'x' } },
  deleteReport: { params: { id: 'no-such-report' } },
  sendReport: { params: { id: 'no-such-report' }, body: { dryRun: true } },
  listReportDeliveries: { params: { id: 'no-such-report' } },
  // Benchmarks: a competitor figure entered and a figure that does not exist deleted.
  listBenchmarks: { query: 'kpi=csat' },
  compareBenchmarks: { query: `from=${WEEK.from}&to=${WEEK.to}` },
  getYearOverYear: { query: 'year=2026&kpi=csat,frt' },
  putBenchmark: {
    params: { id: 'authorization-rival' },
    body: { kpiId: 'csat', value: 0.8, name: 'Rival', year: 2026, source: 'mystery shopping' },
  },
  deleteBenchmark: { params: { id: 'no-such-figure' } },
  // Customers' words: a theme saved (the second role to save it is told its term is taken); the
  // others name no theme; the attributes sample replaces none with none.
  getWordsSettings: {},
  updateWordsSettings: { body: {} },
  analyseWords: { body: {} },
  trainWordsModels: {},
  getWordsTopics: { query: `from=${WEEK.from}&to=${WEEK.to}&focus=channel:email` },
  getWordsTermTrend: { query: `from=${WEEK.from}&to=${WEEK.to}&term=late&grain=day` },
  listWordsThemes: { query: `from=${WEEK.from}&to=${WEEK.to}` },
  createWordsTheme: { body: { name: 'Authorization', terms: ['authorization'] } },
  mergeWordsThemes: { body: { ids: ['no-such-theme', 'another-theme'], name: 'x' } },
  updateWordsTheme: { params: { id: 'no-such-theme' }, body: { name: 'x' } },
  deleteWordsTheme: { params: { id: 'no-such-theme' } },
  getWordsTone: { query: `from=${WEEK.from}&to=${WEEK.to}&grain=day` },
  listWordsAttributes: {},
  replaceWordsAttributes: { body: { attributes: [] } },
  getWordsAttributeProfile: { query: `from=${WEEK.from}&to=${WEEK.to}&grain=week` },
  listWordsMessages: { query: `from=${WEEK.from}&to=${WEEK.to}&tone=negative&limit=10` },
  exportWordsMessages: { query: `from=${WEEK.from}&to=${WEEK.to}&kind=message` },
};

interface Operation {
  id: string;
  method: string;
  path: string;
}

let ts: TestServer;
let operations: Operation[];

beforeAll(async () => {
  ts = await startTestServer({ prepare: addFinance });
  const doc = (await new Client(ts.url).get('/api/openapi.json')).json;
  operations = [];
  for (const [path, methods] of Object.entries(
    doc.paths as Record<string, Record<string, { operationId: string }>>,
  ))
    for (const [method, op] of Object.entries(methods)) operations.push({ id: op.operationId, method, path });
});

afterAll(async () => {
  await ts.stop();
});

function call(client: Client, op: Operation) {
  const sample = SAMPLES[op.id] ?? {};
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(sample.params?.[name] ?? 'x'),
  );
  const url = sample.query ? `${path}?${sample.query}` : path;
  if (op.id === 'streamNow') return openEventStream(client, url);
  return client.request(
    op.method.toUpperCase(),
    url,
    ['get', 'delete'].includes(op.method) ? undefined : (sample.body ?? {}),
  );
}

/** An event stream stays open: its status and headers are the answer, and it is closed at once. */
async function openEventStream(client: Client, path: string) {
  const stop = new AbortController();
  const response = await client.fetch(`${client.base}${path}`, { signal: stop.signal });
  const streaming = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
  const text = streaming ? '' : await response.text();
  stop.abort();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

/** Logout last: it ends the session the other calls use. */
const ordered = (ops: Operation[]) => [
  ...ops.filter((o) => o.id !== 'logout'),
  ...ops.filter((o) => o.id === 'logout'),
];

test('the OpenAPI document lists every operation, this test has a request for each, docs/api.md a row', () => {
  expect(operations.map((o) => o.id).sort()).toEqual(Object.keys(SAMPLES).sort());
  expect(new Set(operations.map((o) => o.id)).size).toBe(operations.length);
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  for (const op of operations)
    expect(doc, op.id).toContain(`| ${op.method.toUpperCase()} | \`${op.path}\` | ${op.id} |`);
});

test('anonymous: 401 on every operation but health, setup, login and the document itself', async () => {
  const anonymous = new Client(ts.url);
  for (const op of ordered(operations)) {
    if (op.id === 'setup') continue; // would create the first admin (an admin exists here: 409)
    const reply = await call(anonymous, op);
    if (op.id === 'receiveWebhook') expect(reply.status, `${op.id} → ${reply.text}`).toBe(404);
    else if (PUBLIC.has(op.id))
      expect([200, 401], `${op.id} → ${reply.status} ${reply.text}`).toContain(reply.status);
    else {
      expect(reply.status, `${op.method} ${op.path}`).toBe(401);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      expect(reply.json).toMatchObject({ status: 401, title: expect.any(String), type: expect.any(String) });
    }
  }
  expect((await anonymous.get('/api/openapi.json')).status).toBe(200);
  expect((await call(anonymous, { id: 'setup', method: 'post', path: '/api/setup' })).status).toBe(409);
});

test('outside /api: the health checks answer anyone, /metrics only its own token (see OUTSIDE_API)', async () => {
  // Not operations of the API: test/server/operations.test.ts checks that no other route is outside it.
  const anonymous = new Client(ts.url);
  expect((await anonymous.get('/livez')).status).toBe(200);
  expect((await anonymous.get('/readyz')).status).toBe(200);
  expect((await anonymous.get('/metrics')).status).toBe(404);
  // The survey pages are the customers': no session, no token; a link's own signature decides.
  expect((await anonymous.get('/s/widget.js')).status).toBe(200);
  expect((await anonymous.get('/s/not-a-link')).status).toBe(404);
  expect((await anonymous.request('POST', '/s/not-a-link', undefined)).status).toBe(404);
  const admin = await signedIn(ts.url, 'admin');
  expect((await admin.get('/metrics')).status).toBe(404);
});

describe.each(['manager', 'agent', 'viewer', 'finance'] as const)('%s', (role) => {
  test('every operation: allowed ones answer, the others are 403', async () => {
    const client = await signedInAs(ts.url, role);
    for (const op of ordered(operations)) {
      if (PUBLIC.has(op.id)) continue;
      const reply = await call(client, op);
      const where = `${role} ${op.method.toUpperCase()} ${op.path} → ${reply.status} ${reply.text.slice(0, 200)}`;
      if (ALLOWED[role].has(op.id)) {
        expect(reply.status, where).not.toBe(401);
        expect(reply.status, where).not.toBe(403);
        expect(reply.status, where).toBeLessThan(500);
      } else {
        expect(reply.status, where).toBe(403);
      }
    }
  });
});

test("an admin's API token: 403 on what only a signed-in person may do, answered elsewhere", async () => {
  const admin = await signedIn(ts.url, 'admin');
  const created = await admin.post('/api/tokens', { name: 'admin script' });
  expect(created.status).toBe(201);
  const script = new Client(ts.url);
  script.bearer = created.json.token;
  const sessionOnly = operations.filter((o) => SESSION_ONLY.has(o.id));
  expect(sessionOnly.map((o) => o.id).sort()).toEqual([...SESSION_ONLY].sort());
  for (const op of sessionOnly) {
    const reply = await call(script, op);
    expect(reply.status, `${op.id} → ${reply.text}`).toBe(403);
    expect(reply.json.detail).toBe('this operation needs a signed-in user; API tokens cannot do it');
  }
  // Operations that change nothing: the token acts as its admin.
  for (const op of operations.filter((o) => o.method === 'get' && !PUBLIC.has(o.id))) {
    const reply = await call(script, op);
    expect(reply.status, `${op.id} → ${reply.status} ${reply.text.slice(0, 200)}`).not.toBe(401);
    expect(reply.status, `${op.id} → ${reply.status} ${reply.text.slice(0, 200)}`).not.toBe(403);
  }
  expect((await admin.delete(`/api/tokens/${created.json.id}`)).status).toBe(204);
});

describe('an agent never obtains another agent’s figures, contacts or comments', () => {
  let ann: Client;

  beforeAll(async () => {
    ann = await signedIn(ts.url, 'ann');
  });

  test('KPI queries: grouping by agent or filtering on another agent or team is refused', async () => {
    for (const body of [
      { ...WEEK, by: ['agent'] },
      { ...WEEK, filters: { agent: ['bob'] } },
      { ...WEEK, filters: { agent: ['ann', 'bob'] } },
      { ...WEEK, filters: { team: ['other'] } },
    ]) {
      expect((await ann.post('/api/kpi/query', body)).status, JSON.stringify(body)).toBe(403);
      expect((await ann.post('/api/kpi/export', body)).status, JSON.stringify(body)).toBe(403);
    }
  });

  test('KPI queries are limited to the agent’s team, or to themselves', async () => {
    const team = await ann.post('/api/kpi/query', { ...WEEK, kpis: ['contacts_created'], by: ['channel'] });
    expect(team.status).toBe(200);
    expect(team.json.query.filters).toEqual({ team: ['support'] });
    // Her team is ann and bob: next to her own figures, a figure covering bob would be his. Chat
    // contacts are hers alone, e-mail ones hers and bob's; on two days of the week a channel is
    // bob's alone, so no channel's week is shown: the week minus the others would be his.
    const byChannel = Object.fromEntries(
      team.json.rows.map((r: { channel: string; contacts_created: unknown }) => [
        r.channel,
        r.contacts_created,
      ]),
    );
    expect(byChannel.chat).toEqual({ value: null, n: 0, withheld: true });
    expect(byChannel.email).toEqual({ value: null, n: 0, withheld: true });
    expect(team.json.notices).toContainEqual({ code: 'withheld' });
    expect(team.json.notes.join(' ')).toMatch(/exactly one colleague's/);
    // Her team's days are counted in its calendar's time zone, whatever zone is asked for.
    expect(team.json.range.timezone).toBe('Europe/Amsterdam');
    const tuesday = await ann.post('/api/kpi/query', {
      from: '2026-03-03',
      to: '2026-03-04',
      timezone: 'UTC',
      kpis: ['contacts_created'],
      by: ['channel'],
    });
    expect(tuesday.json.range.timezone).toBe('Europe/Amsterdam');
    // That Tuesday, nothing of bob's: her chat and two calls nobody took are shown.
    expect(
      tuesday.json.rows.map((r: { channel: string; contacts_created: { value: number } }) => [
        r.channel,
        r.contacts_created.value,
      ]),
    ).toEqual([
      ['chat', 1],
      ['phone', 2],
    ]);
    const csv = await ann.post('/api/kpi/export', { ...WEEK, kpis: ['contacts_created'], by: ['channel'] });
    expect(csv.text.split('\r\n')).toContain('email,,0,,');
    const own = await ann.post('/api/kpi/query', { ...WEEK, kpis: ['frt'], filters: { agent: ['ann'] } });
    expect(own.status).toBe(200);
    expect(own.json.rows[0].frt).toMatchObject({ value: 610, n: 2 });
  });

  test('contact lists, exports and timelines hold only the agent’s own contacts', async () => {
    const frt = await ann.post('/api/contacts/query', { ...WEEK, kpi: 'frt' });
    expect(frt.status).toBe(200);
    expect(frt.json.rows.map((r: { key: string }) => r.key).sort()).toEqual(['helpdesk|t1', 'helpdesk|t3']);
    expect(frt.json.notices).toEqual([{ code: 'own_contacts_only' }]);
    const all = await ann.post('/api/contacts/query', { ...WEEK });
    expect(new Set(all.json.rows.map((r: { assigneeId: string }) => r.assigneeId))).toEqual(new Set(['ann']));
    const csv = await ann.post('/api/contacts/export', { ...WEEK });
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\r\n');
    const assignee = lines[0]?.split(',').indexOf('assignee_id') ?? -1;
    expect(lines.slice(1).map((l) => l.split(',')[assignee])).toEqual(['ann', 'ann']);
    // Someone else's contact is answered as a missing one.
    expect((await ann.get(`/api/contacts/${encodeURIComponent('helpdesk|t2')}`)).status).toBe(404);
    expect((await ann.get(`/api/contacts/${encodeURIComponent('helpdesk|t1')}`)).status).toBe(200);
    expect((await ann.post('/api/contacts/query', { ...WEEK, filters: { agent: ['bob'] } })).status).toBe(
      403,
    );
  });

  test('survey comments: only those on the agent’s own contacts', async () => {
    const csat = await ann.post('/api/contacts/query', { ...WEEK, kpi: 'csat' });
    expect(csat.status).toBe(200);
    const comments = csat.json.rows.map((r: { survey: { comment: string | null } }) => r.survey.comment);
    expect(comments).toContain('Quick, thanks!');
    expect(comments).not.toContain('Took all weekend'); // bob's contact t2
    for (const row of csat.json.rows) expect(row.assigneeId).toBe('ann');
  });

  test('scorecards: only their own', async () => {
    const list = await ann.get(`/api/scorecards?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}`);
    expect(list.json.agents.map((a: { agent: { id: string } }) => a.agent.id)).toEqual(['ann']);
    expect((await ann.get(`/api/scorecards/bob?from=${WEEK.from}&to=${WEEK.to}`)).status).toBe(403);
    const own = await ann.get(
      `/api/scorecards/ann?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}`,
    );
    expect(own.status).toBe(200);
    expect(own.json.agent.id).toBe('ann');
    // Bob is her one colleague: the rest of the team beside her value would be his figure, so it
    // is withheld, and so is the comparison, whose difference would give it back, with its verdict;
    // a manager gets them.
    for (const card of [own.json, ...list.json.agents])
      for (const k of card.kpis as {
        value: { comparison?: unknown };
        rest: unknown;
        coaching: { reason: string | null };
      }[]) {
        expect(k.value.comparison ?? null).toBeNull();
        expect(k.coaching.reason).toBeNull();
        if (k.rest !== null) expect(k.rest).toEqual({ value: null, n: 0, withheld: true });
      }
    expect(own.json.kpis.find((k: { kpi: string }) => k.kpi === 'csat').rest).toEqual({
      value: null,
      n: 0,
      withheld: true,
    });
    // The team's first response time beside hers covers bob too: withheld, and said so.
    const ownFrt = own.json.kpis.find((k: { kpi: string }) => k.kpi === 'frt');
    expect(ownFrt.team).toEqual({ value: null, n: 0, withheld: true });
    expect(own.json.notices).toContainEqual({ code: 'withheld' });
    const manager = await signedIn(ts.url, 'manager');
    const full = await manager.get(
      `/api/scorecards/ann?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}`,
    );
    expect(full.json.kpis.some((k: { value: { comparison?: unknown } }) => k.value.comparison)).toBe(true);
    expect(full.json.kpis.find((k: { kpi: string }) => k.kpi === 'csat').rest).toEqual({
      value: 0,
      n: 2,
      agents: 1,
    });
    const frt = full.json.kpis.find((k: { kpi: string }) => k.kpi === 'frt');
    expect(frt).toMatchObject({ team: { n: 4, agents: 2 } });
    expect(frt.team.withheld).toBeUndefined();
  });

  test('filter values name only the agent themselves', async () => {
    const values = await ann.get('/api/filter-values');
    expect(values.json.agent.map((a: { id: string }) => a.id)).toEqual(['ann']);
  });

  test('an API token of an agent carries the same limits', async () => {
    const created = await ann.post('/api/tokens', { name: 'ann script' });
    expect(created.status).toBe(201);
    const script = new Client(ts.url);
    script.bearer = created.json.token;
    expect((await script.post('/api/kpi/query', { ...WEEK, by: ['agent'] })).status).toBe(403);
    // Someone else's contact is answered as a missing one.
    expect((await script.get(`/api/contacts/${encodeURIComponent('helpdesk|t2')}`)).status).toBe(404);
    expect((await script.get('/api/users')).status).toBe(403);
  });
});

describe('a viewer sees aggregates of everything but no contacts', () => {
  test('KPIs by agent: yes; contacts, exports, settings: no', async () => {
    const viewer = await signedIn(ts.url, 'viewer');
    const byAgent = await viewer.post('/api/kpi/query', { ...WEEK, kpis: ['frt'], by: ['agent'] });
    expect(byAgent.status).toBe(200);
    expect(byAgent.json.rows.map((r: { agent: string }) => r.agent)).toEqual(['ann', 'bob']);
    const list = await viewer.get(`/api/scorecards?from=${WEEK.from}&to=${WEEK.to}`);
    expect(list.json.agents).toHaveLength(2);
    expect((await viewer.post('/api/contacts/query', WEEK)).status).toBe(403);
    expect((await viewer.post('/api/kpi/export', WEEK)).status).toBe(403);
    expect((await viewer.get(`/api/contacts/${encodeURIComponent('helpdesk|t1')}`)).status).toBe(403);
    expect((await viewer.get('/api/settings')).status).toBe(403);
  });
});

describe('finance reads aggregates like a viewer: no contacts, no reviewers', () => {
  test('KPIs by agent and scorecards: yes; contacts, reviewers, settings: no', async () => {
    const finance = await signedInAs(ts.url, 'finance');
    const byAgent = await finance.post('/api/kpi/query', { ...WEEK, kpis: ['frt'], by: ['agent'] });
    expect(byAgent.status).toBe(200);
    expect(byAgent.json.rows.map((r: { agent: string }) => r.agent)).toEqual(['ann', 'bob']);
    expect((await finance.post('/api/kpi/export', { ...WEEK, kpis: ['frt'] })).status).toBe(200);
    expect((await finance.post('/api/contacts/query', WEEK)).status).toBe(403);
    expect((await finance.get(`/api/contacts/${encodeURIComponent('helpdesk|t1')}`)).status).toBe(403);
    expect((await finance.get('/api/filter-values')).json.qa_reviewer).toEqual([]);
    const now = await finance.get('/api/now');
    expect(now.status).toBe(200);
    for (const contacts of [now.json.contacts?.oldest, now.json.queues?.oldest])
      if (contacts !== undefined) expect(contacts).toEqual([]);
    expect((await finance.get('/api/settings')).status).toBe(403);
  });
});

/**
 * Every money KPI of the catalog (costs, payroll, revenue, margin, lifetime value), asked by each
 * role: admins and finance get its value, by agent too; a manager gets team totals, never by or
 * filtered to an agent; viewers and agents get none. A value kept back is withheld, with a notice
 * naming the KPI and the rule, and the rest of the query is answered.
 */
const MONEY_KPIS = KPIS.filter((k) => k.money).map((k) => k.id);

describe('money figures by role', () => {
  let money: TestServer;
  const clients = {} as Record<Role | 'admin', Client>;

  beforeAll(async () => {
    money = await startTestServer({
      prepare: async (db) => {
        await addFinance(db);
        await seedMoneyFacts(db);
      },
    });
    for (const role of ['admin', 'finance', 'manager', 'viewer', 'agent'] as const)
      clients[role] = await signedInAs(money.url, role);
  });

  afterAll(async () => {
    await money?.stop();
  });

  type Cell = { value: number | null; n: number; withheld?: boolean };
  const cells = (reply: { json: { rows: Record<string, unknown>[] } }, id: string) =>
    reply.json.rows.map((r) => r[id] as Cell);
  const shown = (cell: Cell) => cell.withheld !== true && typeof cell.value === 'number';
  const notice = (rule: 'none' | 'team_totals', id: string) => ({ code: 'money_withheld', rule, kpis: [id] });

  test('the catalog has money figures, and says which to every role', async () => {
    expect(MONEY_KPIS.length).toBeGreaterThan(0);
    for (const role of ['admin', 'finance', 'manager', 'viewer', 'agent'] as const) {
      const catalog = await clients[role].get('/api/catalog');
      const marked = catalog.json.kpis
        .filter((k: { money: boolean }) => k.money)
        .map((k: { id: string }) => k.id);
      expect(marked, role).toEqual(MONEY_KPIS);
    }
  });

  test.each(MONEY_KPIS)('%s', async (id) => {
    const ask = (role: Role | 'admin', body: object) =>
      clients[role].post('/api/kpi/query', { ...WEEK, kpis: [id, 'contacts_created'], ...body });

    for (const role of ['admin', 'finance'] as const) {
      const total = await ask(role, {});
      expect(total.status, `${role} ${total.text}`).toBe(200);
      expect(cells(total, id).every(shown), `${role} ${total.text}`).toBe(true);
      const byAgent = await ask(role, { by: ['agent'] });
      expect(cells(byAgent, id).some(shown), `${role} by agent ${byAgent.text}`).toBe(true);
      expect(byAgent.json.notices).not.toContainEqual(expect.objectContaining({ code: 'money_withheld' }));
      const csv = await clients[role].post('/api/kpi/export', { ...WEEK, kpis: [id], by: ['agent'] });
      expect(csv.status).toBe(200);
    }

    // A manager: the totals of a team (not of one agent's rows), never by or filtered to an agent.
    const byTeam = await ask('manager', { by: ['team'] });
    expect(byTeam.status).toBe(200);
    expect(cells(byTeam, id).some(shown), byTeam.text).toBe(true);
    for (const body of [{ by: ['agent'] }, { filters: { agent: ['ann'] } }, { by: ['agent', 'channel'] }]) {
      const refused = await ask('manager', body);
      expect(refused.status, JSON.stringify(body)).toBe(200);
      expect(cells(refused, id).every((c) => c.withheld === true && c.value === null)).toBe(true);
      expect(refused.json.notices).toContainEqual(notice('team_totals', id));
      // The rest of the query is answered.
      expect(cells(refused, 'contacts_created').some((c) => c.withheld !== true)).toBe(true);
    }
    const csv = await clients.manager.post('/api/kpi/export', { ...WEEK, kpis: [id], by: ['agent'] });
    expect(csv.status).toBe(200);
    const [header = '', ...lines] = csv.text.trim().split('\r\n');
    const column = header.split(',').indexOf(id);
    expect(column).toBeGreaterThanOrEqual(0);
    for (const line of lines) expect(line.split(',')[column], line).toBe('');

    // Viewers and agents: none, however asked.
    for (const role of ['viewer', 'agent'] as const)
      for (const body of [
        {},
        { by: ['channel'] },
        ...(role === 'agent' ? [{ filters: { agent: ['ann'] } }] : []),
      ]) {
        const reply = await ask(role, body);
        expect(reply.status, `${role} ${JSON.stringify(body)} ${reply.text}`).toBe(200);
        expect(cells(reply, id).every((c) => c.withheld === true && c.value === null)).toBe(true);
        expect(reply.json.notices).toContainEqual(notice('none', id));
      }
    const agentCsv = await clients.agent.post('/api/kpi/export', { ...WEEK, kpis: [id] });
    expect(agentCsv.status).toBe(200);
    const [agentHeader = '', agentLine = ''] = agentCsv.text.trim().split('\r\n');
    expect(agentLine.split(',')[agentHeader.split(',').indexOf(id)]).toBe('');
    expect((await clients.viewer.post('/api/kpi/export', { ...WEEK, kpis: [id] })).status).toBe(403);

    // A scorecard is one agent's figures: a money KPI on it is for admins and finance only.
    const card = `from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}&kpis=${id}`;
    for (const role of ['admin', 'finance'] as const) {
      expect((await clients[role].get(`/api/scorecards?${card}`)).status).toBe(200);
      expect((await clients[role].get(`/api/scorecards/ann?${card}`)).status).toBe(200);
    }
    for (const role of ['manager', 'viewer', 'agent'] as const) {
      const list = await clients[role].get(`/api/scorecards?${card}`);
      expect(list.status, `${role} ${list.text}`).toBe(403);
      expect(list.json.detail).toContain(id);
      expect((await clients[role].get(`/api/scorecards/ann?${card}`)).status).toBe(403);
    }
  });
});
