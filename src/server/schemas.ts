/**
 * Every request and response body of the HTTP API. The routes, the OpenAPI document and the
 * dashboard's typed client (`hc<AppType>`) are all derived from these, so they cannot drift apart.
 */
import { z } from '@hono/zod-openapi';
import { localDateProblem, localDateTimeProblem } from '../core/date-range.js';
import { KPI_INPUT_IDS } from '../core/kpi/inputs.js';
import { QUERY_LIMITS } from '../core/kpi/limits.js';
import { KpiQuery as CoreKpiQuery, FilterValue, GRAINS, TIME_DIMENSIONS } from '../core/kpi/query.js';
import { DIMENSIONS } from '../core/kpi/sources.js';
import { CHANNELS, HOURS_MODES, TARGET_METRICS } from '../core/schema.js';
import { EARLIEST_DATE, LATEST_DATE } from '../core/time-range.js';
import { isTimeZone } from '../core/time-zone.js';
import { DATA_QUALITY_CODES } from '../ingest/sources/format.js';
import { CONTACT_SORTS } from '../services/contacts.js';
import { REBUILD_QUALITY_CODES } from '../services/data-quality.js';
import { LOCALES, passwordWeakness, ROLES } from '../services/users.js';

export { CONTACT_SORTS, LOCALES, ROLES };

/** A zod refinement from a `…Problem(text)` check of src/core/date-range.ts: its reason is the message. */
const refuseProblem =
  (check: (text: string) => string | null) =>
  (text: string, context: z.RefinementCtx): void => {
    const reason = check(text);
    if (reason !== null) context.addIssue({ code: 'custom', message: reason });
  };

/** A UTC instant as ISO 8601 with `Z`, e.g. `2026-03-02T08:00:00Z`. */
const instant = z.string().openapi({ example: '2026-03-02T08:00:00Z', description: 'UTC, ISO 8601' });
const localDate = z
  .string()
  .superRefine(refuseProblem(localDateTimeProblem))
  .openapi({
    example: '2026-03-02',
    pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?)?$',
    description: `YYYY-MM-DD or YYYY-MM-DDTHH:MM in the query time zone, ${EARLIEST_DATE} … ${LATEST_DATE}`,
  });
/** A calendar day, YYYY-MM-DD, within the accepted date range. */
const calendarDate = z
  .string()
  .superRefine(refuseProblem(localDateProblem))
  .openapi({ example: '2026-12-25', format: 'date' });
const timezone = z
  .string()
  .refine(isTimeZone, 'not an IANA time zone')
  .openapi({ example: 'Europe/Amsterdam' });
/** RFC 5321 caps an address at 254 characters; anything longer is refused before it is looked at. */
const EMAIL_MAX = 254;
const email = z
  .string()
  .max(EMAIL_MAX, `at most ${EMAIL_MAX} characters`)
  .trim()
  .toLowerCase()
  .pipe(z.email())
  .openapi({ example: 'lead@example.com' });
const password = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    const weakness = passwordWeakness(value);
    if (weakness) ctx.addIssue({ code: 'custom', message: weakness });
  })
  .openapi({
    example: 'correct horse battery',
    format: 'password',
    description:
      'at least 10 characters besides spaces, not one character repeated, not a well-known password, not the e-mail',
  });

/** A new password must not be the e-mail it signs in with. */
function passwordNotEmail(value: { email: string; password: string }, ctx: z.RefinementCtx) {
  if (passwordWeakness(value.password, value.email) === 'must not be the e-mail address')
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'must not be the e-mail address' });
}

export const Role = z.enum(ROLES).openapi('Role', {
  description:
    'admin: everything; manager: all data and exports, no users; agent: own scorecard and team aggregates; viewer: read-only aggregates',
});
export type Role = z.infer<typeof Role>;

export const Locale = z.enum(LOCALES).openapi('Locale');
export type Locale = z.infer<typeof Locale>;

// ─── problems ────────────────────────────────────────────────────────────────

export const Problem = z
  .object({
    type: z.string().openapi({ example: 'https://servicemeter.dev/problems/forbidden' }),
    title: z.string().openapi({ example: 'Forbidden' }),
    status: z.number().int().openapi({ example: 403 }),
    detail: z.string().openapi({ example: 'agents cannot group by agent' }),
    /** Validation problems: one line per bad field, `path: message`. */
    issues: z.array(z.string()).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;

// ─── users, sessions, setup ─────────────────────────────────────────────────

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: Role,
    /** Agent role: the canonical agent id this user is. */
    agentId: z.string().nullable(),
    locale: Locale,
    disabled: z.boolean(),
    createdAt: instant,
    lastLoginAt: instant.nullable(),
  })
  .openapi('User');
export type User = z.infer<typeof User>;

export const Session = z
  .object({
    user: User,
    /** Echo in the `X-CSRF-Token` header of every POST, PUT, PATCH and DELETE. */
    csrfToken: z.string(),
    expiresAt: instant,
  })
  .openapi('Session');
export type Session = z.infer<typeof Session>;

export const LoginRequest = z.object({ email, password: z.string().min(1).max(200) }).openapi('LoginRequest');
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SetupStatus = z
  .object({
    needed: z.boolean().openapi({ description: 'true until the first admin exists' }),
    tokenRequired: z.boolean().openapi({
      description:
        'true when this client is not on the server itself: POST /api/setup then needs the setup token the server printed at start',
    }),
  })
  .openapi('SetupStatus');
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupRequest = z
  .object({
    email,
    password,
    name: z.string().trim().min(1).max(200).optional(),
    locale: Locale.optional(),
    setupToken: z.string().max(200).optional().openapi({
      description: 'the setup token `servicemeter serve` printed at start; needed from any other machine',
    }),
  })
  .superRefine(passwordNotEmail)
  .openapi('SetupRequest');
export type SetupRequest = z.infer<typeof SetupRequest>;

export const UserCreate = z
  .object({
    email,
    password,
    name: z.string().trim().min(1).max(200).optional(),
    role: Role,
    agentId: z.string().min(1).optional().openapi({ description: 'required for role agent' }),
    locale: Locale.optional(),
  })
  .superRefine(passwordNotEmail)
  .openapi('UserCreate');
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).nullable(),
    role: Role,
    agentId: z.string().min(1).nullable(),
    password,
    locale: Locale,
    disabled: z.boolean(),
  })
  .partial()
  .openapi('UserUpdate');
export type UserUpdate = z.infer<typeof UserUpdate>;

export const MeUpdate = z
  .object({ name: z.string().trim().min(1).max(200).nullable(), locale: Locale })
  .partial()
  .openapi('MeUpdate');
export type MeUpdate = z.infer<typeof MeUpdate>;

export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: password })
  .openapi('PasswordChange');
export type PasswordChange = z.infer<typeof PasswordChange>;

export const UserList = z.object({ users: z.array(User) }).openapi('UserList');

export const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    userId: z.string(),
    userEmail: z.string(),
    /** The first characters of the token, to recognise it. */
    prefix: z.string(),
    createdAt: instant,
    lastUsedAt: instant.nullable(),
    expiresAt: instant.nullable(),
  })
  .openapi('Token');
export type Token = z.infer<typeof Token>;

export const TokenCreate = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('TokenCreate');
export type TokenCreate = z.infer<typeof TokenCreate>;

export const TokenCreated = Token.extend({
  token: z.string().openapi({ description: 'shown once; send as `Authorization: Bearer <token>`' }),
}).openapi('TokenCreated');
export type TokenCreated = z.infer<typeof TokenCreated>;

export const TokenList = z.object({ tokens: z.array(Token) }).openapi('TokenList');

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: instant,
    userId: z.string().nullable(),
    email: z.string().nullable(),
    action: z.string().openapi({ example: 'login.ok' }),
    target: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');
export type AuditEntry = z.infer<typeof AuditEntry>;

const pageNumber = z.coerce.number().int().min(1).default(1);

export const AuditQuery = z
  .object({
    page: pageNumber,
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
    action: z.string().optional(),
    userId: z.string().optional(),
  })
  .openapi('AuditQuery');
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    rows: z.array(AuditEntry),
  })
  .openapi('AuditList');
export type AuditList = z.infer<typeof AuditList>;

// ─── catalog ────────────────────────────────────────────────────────────────

export const Dimension = z.enum(DIMENSIONS).openapi('Dimension');
export const Grain = z.enum(GRAINS).openapi('Grain');
export const Stat = z.enum(['median', 'p90', 'mean']).openapi('Stat');
export const Hours = z.enum(HOURS_MODES).openapi('Hours');
export const Channel = z.enum(CHANNELS).openapi('Channel');

export const KpiTarget = z
  .object({
    kpi: z.string().openapi({ example: 'csat' }),
    /** null: every channel; a channel row overrides it for that channel. */
    channel: Channel.nullable(),
    /** In the KPI's unit: a fraction for shares (0.85), seconds for durations, points for NPS. */
    value: z.number(),
  })
  .openapi('KpiTarget', {
    description:
      "A goal for an indicator, drawn as a target line and judged met/missed on tiles; changes no facts. A duration's target is compared with the charted statistic (the median by default), unlike a threshold's per-contact deadline",
  });
export type KpiTarget = z.infer<typeof KpiTarget>;

export const CatalogKpi = z
  .object({
    id: z.string(),
    label: z.string(),
    definition: z.string(),
    options: z.string().nullable(),
    format: z.enum(['count', 'percent', 'duration', 'score', 'nps']),
    /** What the value is measured in: a count, a fraction 0–1, seconds, a score on the scale, NPS points. */
    unit: z.enum(['count', 'fraction', 'seconds', 'score', 'points']),
    better: z.enum(['higher', 'lower', 'neutral']),
    source: z.enum(['contact_facts', 'survey_facts']),
    /** Durations: the statistic used when the query does not say. */
    defaultStat: Stat.nullable(),
    defaultHours: Hours,
    /** Whether business and calendar hours give different values. */
    hoursApply: z.boolean(),
    /** Dimensions this KPI can be grouped and filtered by. */
    dimensions: z.array(Dimension),
    /** A stock (open backlog): counted at the end of each period, not over it. */
    stock: z.boolean(),
    /** Contacts behind the number can be listed (POST /api/contacts/query with this kpi). */
    drillDown: z.boolean(),
  })
  .openapi('CatalogKpi');
export type CatalogKpi = z.infer<typeof CatalogKpi>;

export const Catalog = z
  .object({
    kpis: z.array(CatalogKpi),
    dimensions: z.array(Dimension),
    timeDimensions: z.array(z.enum(TIME_DIMENSIONS)),
    grains: z.array(Grain),
    stats: z.array(Stat),
    targets: z.array(KpiTarget),
    locales: z.array(Locale),
  })
  .openapi('Catalog');
export type Catalog = z.infer<typeof Catalog>;

export const FilterValues = z
  .object({
    channel: z.array(z.string()),
    team: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    agent: z.array(z.object({ id: z.string(), name: z.string().nullable(), teamId: z.string().nullable() })),
    topic: z.array(z.string()),
    priority: z.array(z.string()),
    escalation_type: z.array(z.string()),
    survey_dimension: z.array(z.string()),
  })
  .openapi('FilterValues');
export type FilterValues = z.infer<typeof FilterValues>;

export const DataStatus = z
  .object({
    /** No contacts yet: show how to import. */
    empty: z.boolean(),
    contacts: z.number().int(),
    surveys: z.number().int(),
    /** First and last contact creation, UTC. */
    from: instant.nullable(),
    to: instant.nullable(),
    lastImportAt: instant.nullable(),
    lastRebuildAt: instant.nullable(),
    /** Imported after the last rebuild: the numbers are not current. */
    stale: z.boolean(),
    /**
     * The team's time zone: the default calendar's, else the one zone all calendars share, else
     * UTC. The dashboard's periods default to it.
     */
    timezone: z.string().openapi({ example: 'Europe/Amsterdam' }),
  })
  .openapi('DataStatus');
export type DataStatus = z.infer<typeof DataStatus>;

/** See src/services/data-quality.ts and `servicemeter data-quality`. */
export const DataQualityList = z
  .object({
    notices: z.array(
      z.object({
        source: z.string(),
        file: z.string(),
        code: z
          .enum([...DATA_QUALITY_CODES, ...REBUILD_QUALITY_CODES])
          .describe(
            'an import’s plausibility problem, or what the facts rebuild left out (file `(rebuild)`): out_of_range_time, negative_duration',
          ),
        message: z.string().describe('the import (or rebuild) warning, in English'),
        day: z
          .string()
          .describe(
            'UTC day of the contacts’ creation, YYYY-MM-DD (the rebuild’s day when the creation itself is out of range)',
          ),
        contacts: z.number().int(),
        examples: z
          .array(z.string())
          .describe('the first few places in the file, e.g. `line 12 (call 1699.3)`'),
        importedAt: z.string(),
      }),
    ),
  })
  .openapi('DataQualityList');
export type DataQualityList = z.infer<typeof DataQualityList>;

/** See src/services/repair.ts and `servicemeter repair`. */
export const RepairReport = z
  .object({
    dryRun: z.boolean().describe('true for GET: nothing was changed'),
    findings: z.array(
      z.object({
        table: z.string(),
        column: z.string(),
        reason: z.string().openapi({ example: 'outside 1970-01-01 … 2200-12-31' }),
        rows: z.number().int().describe('rows found (put aside by POST), over every table in rowsByTable'),
        contacts: z
          .number()
          .int()
          .nullable()
          .describe(
            'contacts put aside whole (the contact, its events and survey answers); null when rows go one by one',
          ),
        rowsByTable: z
          .record(z.string(), z.number().int())
          .openapi({ example: { contacts: 1, contact_events: 2, survey_responses: 1 } }),
        examples: z.array(z.string()).describe('the first few rows (or contacts) by key and value'),
      }),
    ),
    rows: z.number().int().describe('rows found (put aside by POST), over all findings'),
    quarantined: z.number().int().describe('rows in the quarantine table now, earlier repairs included'),
    rebuilt: z
      .object({ contacts: z.number().int(), surveys: z.number().int() })
      .nullable()
      .describe('the facts rebuilt after the rows were put aside; null for GET'),
  })
  .openapi('RepairReport');
export type RepairReport = z.infer<typeof RepairReport>;

export const Health = z.object({ status: z.literal('ok'), version: z.string() }).openapi('Health');

// ─── KPI queries ────────────────────────────────────────────────────────────

/**
 * The same query model as `servicemeter kpi` (src/core/kpi/query.ts). Rebuilt from its shape: a
 * schema created before this module's zod extension loaded has no `.openapi()`.
 */
export const KpiQuery = z.object(CoreKpiQuery.shape).strict().openapi('KpiQuery');
export type KpiQuery = z.infer<typeof KpiQuery>;

/** See src/services/notices.ts. */
export const Notice = z
  .discriminatedUnion('code', [
    z
      .object({ code: z.literal('stale_facts') })
      .describe('data was imported after the facts were last rebuilt'),
    z
      .object({ code: z.literal('without_calendar'), contacts: z.number() })
      .describe(
        'contacts without a business-hours calendar: their business-hours durations equal calendar time',
      ),
    z
      .object({ code: z.literal('withheld') })
      .describe(
        "values that could reveal one colleague of the agent asking are withheld (see 'Roles' in docs/api.md)",
      ),
    z
      .object({ code: z.literal('own_contacts_only') })
      .describe('only the contacts assigned to the caller are listed'),
    z
      .object({
        code: z.literal('no_input'),
        missing: z.enum(KPI_INPUT_IDS),
        kpis: z.array(z.string()),
      })
      .describe(
        'no source in the selection records what these indicators are computed from (`missing`): their values are empty',
      ),
    z
      .object({
        code: z.literal('data_quality'),
        problem: z.enum(DATA_QUALITY_CODES),
        contacts: z.number(),
        from: z.string().describe('first UTC day concerned, YYYY-MM-DD'),
        to: z.string().describe('last UTC day concerned, YYYY-MM-DD'),
      })
      .describe(
        'contacts created on days of the range had implausible values at import (`problem`), usually a mapping mistake',
      ),
  ])
  .openapi('Notice');
export type Notice = z.infer<typeof Notice>;

export const KpiValue = z
  .object({
    value: z.number().nullable(),
    n: z.number(),
    low: z.number().nullable().optional(),
    high: z.number().nullable().optional(),
    previous: z.object({ value: z.number().nullable(), n: z.number() }).nullable().optional(),
    change: z
      .object({
        difference: z.number().describe('value − previous.value'),
        low: z.number().nullable().describe('95 % interval of the difference; null for counts and backlogs'),
        high: z.number().nullable(),
        clear: z
          .boolean()
          .describe(
            'the interval excludes 0; for counts, the difference exceeds 1.96 Poisson standard errors',
          ),
      })
      .nullable()
      .optional()
      .describe('with compare: the change from previous, null unless both values are there'),
    agents: z
      .number()
      .optional()
      .describe('how many distinct agents the rows behind n belong to; on the team values of scorecards'),
    withheld: z
      .boolean()
      .optional()
      .describe(
        'true when the numbers are left out: shown to an agent, they cover a day on which part of the team’s work was exactly one colleague’s, and would reveal it next to other answers',
      ),
    comparison: z
      .object({
        against: z.string().describe('e.g. "rest of team support"'),
        statistic: z
          .enum(['median', 'p90', 'mean', 'share', 'nps'])
          .describe('the statistic compared: the one value shows'),
        rest: z
          .object({ value: z.number().nullable(), n: z.number() })
          .describe("the rest of the agent's team on that statistic"),
        difference: z.number().describe('value − rest.value'),
        low: z.number(),
        high: z.number(),
        pValue: z.number(),
        clear: z.boolean(),
      })
      .nullable()
      .optional()
      .describe(
        'rows grouped by agent alone: the difference with the rest of the team, its interval (Bonferroni-corrected over the agents compared) and whether it is clear',
      ),
  })
  .openapi('KpiValue');
export type KpiValue = z.infer<typeof KpiValue>;

export const KpiRow = z
  .record(z.string(), z.union([z.string(), z.number(), z.null(), KpiValue]))
  .openapi('KpiRow', {
    description:
      'One group: dimension values (`period` for a grain; `hour_of_day` 0–23, `weekday` 1–7), then one KpiValue per KPI id',
  });
export type KpiRow = z.infer<typeof KpiRow>;

export const KpiResult = z
  .object({
    rows: z.array(KpiRow),
    range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    notices: z.array(Notice),
    notes: z.array(z.string()).describe('the notices in English'),
    /** The query as run: defaults filled in and, for agents, limited to what they may see. */
    query: KpiQuery,
  })
  .openapi('KpiResult');
export type KpiResult = z.infer<typeof KpiResult>;

// ─── contacts (drill-down) ──────────────────────────────────────────────────

export const ContactsQuery = z
  .object({
    /** Only the rows this KPI counts (its population), placed in periods by its time column. */
    kpi: z.string().optional().openapi({ example: 'frt' }),
    from: localDate.optional(),
    to: localDate.optional(),
    timezone: timezone.default('UTC'),
    filters: z
      .partialRecord(Dimension, z.array(FilterValue).min(1).max(QUERY_LIMITS.listEntries))
      .default({}),
    /** The clicked period of a time series: its grain and its key as in KpiRow.period. */
    period: z.object({ grain: Grain, key: localDate }).optional(),
    /** The clicked heatmap cell. */
    hourOfDay: z.number().int().min(0).max(23).optional(),
    weekday: z.number().int().min(1).max(7).optional(),
    hours: Hours.optional(),
    /** Shares: only the rows in the numerator (e.g. abandoned), or only the others. */
    part: z.enum(['all', 'numerator', 'rest']).default('all'),
    sort: z.enum(CONTACT_SORTS).optional(),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  })
  .strict()
  .openapi('ContactsQuery');
export type ContactsQuery = z.infer<typeof ContactsQuery>;
export type ContactsQueryInput = z.input<typeof ContactsQuery>;

export const SurveyAnswer = z
  .object({
    key: z.string(),
    kind: z.string(),
    scaleMin: z.number().nullable(),
    scaleMax: z.number().nullable(),
    score: z.number().nullable(),
    dimension: z.string().nullable(),
    language: z.string().nullable(),
    agentId: z.string().nullable(),
    sentAt: instant.nullable(),
    respondedAt: instant.nullable(),
    comment: z.string().nullable(),
  })
  .openapi('SurveyAnswer');
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export const ContactRow = z
  .object({
    /** `source|external_id`; null for a survey answer not linked to a contact. */
    key: z.string().nullable(),
    source: z.string().nullable(),
    externalId: z.string().nullable(),
    channel: z.string().nullable(),
    createdAt: instant.nullable(),
    status: z.string().nullable(),
    priority: z.string().nullable(),
    topic: z.string().nullable(),
    teamId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    customerId: z.string().nullable(),
    subject: z.string().nullable(),
    /** When the row counts for the KPI: the list's `timeColumn` (creation, first resolution, answer…). */
    placedAt: instant.nullable(),
    firstReplyAt: instant.nullable(),
    /** In the list's `hours`, as are `resolutionSeconds` and a duration KPI's `value`. */
    frtSeconds: z.number().nullable(),
    firstResolvedAt: instant.nullable(),
    resolutionSeconds: z.number().nullable(),
    reopens: z.number().nullable(),
    escalations: z.number().nullable(),
    isOpen: z.boolean().nullable(),
    /** The KPI's measure on this row: seconds for durations, the score for scores; null otherwise. */
    value: z.number().nullable(),
    /** Shares: whether the row is in the numerator (e.g. within target); null otherwise. */
    inNumerator: z.boolean().nullable(),
    /** Survey KPIs: the answer behind the row. */
    survey: SurveyAnswer.nullable(),
  })
  .openapi('ContactRow');
export type ContactRow = z.infer<typeof ContactRow>;

export const ContactList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    rows: z.array(ContactRow),
    /** Survey KPIs list one row per answer, the others one row per contact. */
    unit: z.enum(['contact', 'survey']),
    /** The hours of the durations: the KPI's (its default, or `hours` of the query). */
    hours: Hours,
    /** The column that places a row in the KPI's periods (`placedAt`), e.g. created_at, counted_at. */
    timeColumn: z.string(),
    /** The order applied; `time` (the default) is by `timeColumn`. */
    sort: z.enum(CONTACT_SORTS),
    order: z.enum(['asc', 'desc']),
    range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    notices: z.array(Notice),
    notes: z.array(z.string()).describe('the notices in English'),
  })
  .openapi('ContactList');
export type ContactList = z.infer<typeof ContactList>;

export const ContactsExportQuery = ContactsQuery.omit({ page: true, pageSize: true })
  .strict()
  .openapi('ContactsExportQuery');
export type ContactsExportQuery = z.infer<typeof ContactsExportQuery>;

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ContactEvent = z
  .object({
    externalId: z.string().nullable(),
    kind: z.string(),
    occurredAt: instant,
    actor: z.string().nullable(),
    agentId: z.string().nullable(),
    public: z.boolean().nullable(),
    status: z.string().nullable(),
    escalationType: z.string().nullable(),
    queue: z.string().nullable(),
    teamId: z.string().nullable(),
    /** Seconds since the event before; null for the first. */
    sincePreviousSeconds: z.number().nullable(),
    /** Seconds since the contact was created. */
    sinceCreatedSeconds: z.number().nullable(),
  })
  .openapi('ContactEvent');
export type ContactEvent = z.infer<typeof ContactEvent>;

export const ContactDetail = z
  .object({
    contact: z.object({
      key: z.string(),
      source: z.string(),
      externalId: z.string(),
      channel: z.string(),
      createdAt: instant,
      customerId: z.string().nullable(),
      teamId: z.string().nullable(),
      assigneeId: z.string().nullable(),
      topic: z.string().nullable(),
      tags: z.array(z.string()),
      priority: z.string().nullable(),
      status: z.string().nullable(),
      subject: z.string().nullable(),
    }),
    /**
     * Every derived fact of the contact (the contact_facts columns) and first_contact_resolution (by
     * fcr_rate's rule; null when fcr_rate does not count the contact); null before a rebuild.
     */
    facts: z.record(z.string(), cell).nullable(),
    events: z.array(ContactEvent),
    surveys: z.array(SurveyAnswer),
  })
  .openapi('ContactDetail');
export type ContactDetail = z.infer<typeof ContactDetail>;

// ─── scorecards ─────────────────────────────────────────────────────────────

export const ScorecardQuery = z
  .object({
    from: localDate.optional(),
    to: localDate.optional(),
    timezone: timezone.default('UTC'),
    /** Comma-separated KPI ids; a default set when omitted. */
    kpis: z.string().optional().openapi({ example: 'frt,csat,fcr_rate' }),
    team: z.string().optional(),
  })
  .openapi('ScorecardQuery');
export type ScorecardQuery = z.infer<typeof ScorecardQuery>;

export const Coaching = z
  .object({
    /** The difference with the rest of the team is statistically clear and in the worse direction. */
    candidate: z.boolean(),
    direction: z.enum(['better', 'worse']).nullable(),
    /** Why, in English; the fields of `value.comparison` hold the numbers for other languages. */
    reason: z.string().nullable(),
  })
  .openapi('Coaching');
export type Coaching = z.infer<typeof Coaching>;

export const ScorecardKpi = z
  .object({
    kpi: z.string(),
    /** The agent's value, with `comparison` against the rest of their team. */
    value: KpiValue,
    /**
     * The rest of the agent's team on the statistic shown (what `value.comparison` is against): the
     * contacts the other agents of the team handled; `agents` says how many colleagues it covers.
     * Null without a comparison; always withheld on an agent's own card.
     */
    rest: KpiValue.nullable(),
    /**
     * The team's value: the contacts of the agent's team, whoever handled them (so not the agent plus
     * the rest); `agents` says how many distinct agents it covers.
     */
    team: KpiValue.nullable(),
    coaching: Coaching,
  })
  .openapi('ScorecardKpi');
export type ScorecardKpi = z.infer<typeof ScorecardKpi>;

export const Scorecard = z
  .object({
    agent: z.object({
      id: z.string(),
      name: z.string().nullable(),
      teamId: z.string().nullable(),
      teamName: z.string().nullable(),
    }),
    range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    kpis: z.array(ScorecardKpi),
    coachingCandidate: z.boolean(),
    notices: z.array(Notice),
    notes: z.array(z.string()).describe('the notices in English'),
  })
  .openapi('Scorecard');
export type Scorecard = z.infer<typeof Scorecard>;

export const ScorecardList = z
  .object({
    range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    kpis: z.array(z.string()),
    agents: z.array(Scorecard),
    notices: z.array(Notice),
    notes: z.array(z.string()).describe('the notices in English'),
  })
  .openapi('ScorecardList');
export type ScorecardList = z.infer<typeof ScorecardList>;

// ─── settings ───────────────────────────────────────────────────────────────

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$|^24:00(:00)?$/, 'expected HH:MM')
  .openapi({ example: '09:00' });

export const CalendarInterval = z
  .object({
    weekday: z.number().int().min(1).max(7).openapi({ description: '1 = Monday … 7 = Sunday' }),
    start: clock,
    /** An end at or before the start runs overnight into the next day; 24:00 is midnight. */
    end: clock,
  })
  .openapi('CalendarInterval');

export const CalendarHoliday = z
  .object({ date: calendarDate, name: z.string().nullable() })
  .openapi('CalendarHoliday');

export const Calendar = z
  .object({
    id: z.string().min(1).max(100),
    name: z.string().nullable(),
    timezone,
    isDefault: z.boolean(),
    intervals: z.array(CalendarInterval),
    holidays: z.array(CalendarHoliday),
  })
  .openapi('Calendar');
export type Calendar = z.infer<typeof Calendar>;

export const CalendarInput = Calendar.omit({ id: true }).openapi('CalendarInput');
export type CalendarInput = z.infer<typeof CalendarInput>;

export const Team = z
  .object({ id: z.string(), name: z.string().nullable(), calendarId: z.string().nullable() })
  .openapi('Team');
export type Team = z.infer<typeof Team>;

export const TeamUpdate = z.object({ calendarId: z.string().nullable() }).openapi('TeamUpdate');

const THRESHOLD_MAX_SECONDS = 365 * 86_400;

export const Threshold = z
  .object({
    metric: z.enum(TARGET_METRICS),
    channel: Channel,
    teamId: z.string().nullable(),
    /** A year at most: no service target is longer, and a huge number cannot be stored as given. */
    seconds: z.number().min(0).max(THRESHOLD_MAX_SECONDS, `at most ${THRESHOLD_MAX_SECONDS} (a year)`),
    hours: Hours.nullable(),
  })
  .openapi('Threshold', {
    description:
      'A per-contact threshold of the facts (the canonical targets table), in seconds: the first-response deadline that decides frt_within_target, the service-level answer time, the short-abandon limit',
  });
export type Threshold = z.infer<typeof Threshold>;

export const RebuildSummary = z
  .object({
    contacts: z.number(),
    surveys: z.number(),
    calendars: z.number(),
    contactsWithoutCalendar: z.number(),
    seconds: z.number(),
  })
  .openapi('RebuildSummary');
export type RebuildSummary = z.infer<typeof RebuildSummary>;

export const Settings = z
  .object({
    calendars: z.array(Calendar),
    teams: z.array(Team),
    thresholds: z.array(Threshold),
    targets: z.array(KpiTarget),
    /** Thresholds used where no row says otherwise. */
    defaults: z.object({
      frt: z.record(z.string(), z.number().nullable()),
      serviceLevel: z.record(z.string(), z.number().nullable()),
      shortAbandon: z.number(),
    }),
  })
  .openapi('Settings');
export type Settings = z.infer<typeof Settings>;

export const SettingsChange = z
  .object({ settings: Settings, rebuild: RebuildSummary.nullable() })
  .openapi('SettingsChange', {
    description: 'The settings after the change, and the facts rebuild it caused',
  });
export type SettingsChange = z.infer<typeof SettingsChange>;

export const ThresholdsUpdate = z.object({ thresholds: z.array(Threshold) }).openapi('ThresholdsUpdate');
export const TargetsUpdate = z.object({ targets: z.array(KpiTarget) }).openapi('TargetsUpdate');

// ─── path parameters ────────────────────────────────────────────────────────

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const ContactKeyParam = z.object({
  key: z
    .string()
    .min(1)
    .openapi({
      param: { name: 'key', in: 'path' },
      example: 'helpdesk|t1',
      description: 'source|external_id',
    }),
});
export const AgentParam = z.object({
  agent: z
    .string()
    .min(1)
    .openapi({ param: { name: 'agent', in: 'path' }, example: 'ann' }),
});
