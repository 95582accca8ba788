/**
 * The request and response bodies more than one feature uses, and the field pieces the features'
 * own schemas (`src/server/<feature>/schemas.ts`) are built from. The routes, the OpenAPI document
 * and the dashboard's typed client (`hc<AppType>`) are all derived from these, so they cannot drift
 * apart.
 */
import { z } from '@hono/zod-openapi';
import { localDateProblem, localDateTimeProblem } from '../core/date-range.js';
import { KPI_INPUT_IDS } from '../core/kpi/inputs.js';
import { KpiQuery as CoreKpiQuery, GRAINS, TIME_DIMENSIONS } from '../core/kpi/query.js';
import { DIMENSIONS, SOURCES, type SourceName } from '../core/kpi/sources.js';
import { CHANNELS, HOURS_MODES } from '../core/schema.js';
import { EARLIEST_DATE, LATEST_DATE } from '../core/time-range.js';
import { isTimeZone } from '../core/time-zone.js';
import { DATA_QUALITY_CODES } from '../ingest/sources/format.js';
import { CONTACT_SORTS } from '../services/contacts.js';
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
export const instant = z.string().openapi({ example: '2026-03-02T08:00:00Z', description: 'UTC, ISO 8601' });
export const localDate = z
  .string()
  .superRefine(refuseProblem(localDateTimeProblem))
  .openapi({
    example: '2026-03-02',
    pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?)?$',
    description: `YYYY-MM-DD or YYYY-MM-DDTHH:MM in the query time zone, ${EARLIEST_DATE} … ${LATEST_DATE}`,
  });
/** A calendar day, YYYY-MM-DD, within the accepted date range. */
export const calendarDate = z
  .string()
  .superRefine(refuseProblem(localDateProblem))
  .openapi({ example: '2026-12-25', format: 'date' });
export const timezone = z
  .string()
  .refine(isTimeZone, 'not an IANA time zone')
  .openapi({ example: 'Europe/Amsterdam' });
/** RFC 5321 caps an address at 254 characters; anything longer is refused before it is looked at. */
const EMAIL_MAX = 254;
export const email = z
  .string()
  .max(EMAIL_MAX, `at most ${EMAIL_MAX} characters`)
  .trim()
  .toLowerCase()
  .pipe(z.email())
  .openapi({ example: 'lead@example.com' });
export const password = z
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
export function passwordNotEmail(value: { email: string; password: string }, ctx: z.RefinementCtx) {
  if (passwordWeakness(value.password, value.email) === 'must not be the e-mail address')
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'must not be the e-mail address' });
}

export const Role = z.enum(ROLES).openapi('Role', {
  description:
    'admin: everything; manager: all data and exports, no users; agent: own scorecard and team aggregates; viewer: read-only aggregates, no money figures; finance: read-only aggregates with every money figure (costs, payroll, revenue, margin, lifetime value), the KPI export and the business settings',
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

// ─── users ──────────────────────────────────────────────────────────────────

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

/** A target for everyone or one channel, team or agent, from a date (see /api/targets). */
export const ScopedKpiTarget = z
  .object({
    kpi: z.string().openapi({ example: 'csat' }),
    channel: z.string().nullable().openapi({ description: 'null: every channel' }),
    team: z.string().nullable().openapi({ description: 'null: every team' }),
    agent: z.string().nullable().openapi({ description: 'null: every agent' }),
    value: z.number(),
    validFrom: z
      .string()
      .nullable()
      .openapi({ example: '2026-03-01', description: 'First local day it applies; null: always' }),
  })
  .openapi('ScopedKpiTarget', {
    description:
      'A goal for an indicator in a scope from a date. The one that applies to a figure is the most specific (agent, team, channel, all) and, of those, the latest started by the end of its period',
  });
export type ScopedKpiTarget = z.infer<typeof ScopedKpiTarget>;

/** An indicator's value over a past period, drawn as a baseline on charts. */
export const CatalogBaseline = z
  .object({
    id: z.string(),
    kpi: z.string(),
    channel: z.string().nullable(),
    team: z.string().nullable(),
    agent: z.string().nullable(),
    from: z.string(),
    to: z.string().openapi({ description: 'Excluded' }),
    value: z.number().nullable(),
    n: z.number().nullable(),
  })
  .openapi('CatalogBaseline');

export const CatalogKpi = z
  .object({
    id: z.string(),
    label: z.string(),
    definition: z.string(),
    options: z.string().nullable(),
    format: z.enum(['count', 'percent', 'duration', 'score', 'nps', 'money', 'rate']),
    /**
     * What the value is measured in: a count, a fraction 0–1, seconds, a score on the scale, NPS
     * points, money in the reporting currency (the KPI result's `currency`), a plain rate.
     */
    unit: z.enum(['count', 'fraction', 'seconds', 'score', 'points', 'money', 'rate']),
    better: z.enum(['higher', 'lower', 'neutral']),
    source: z.enum(Object.keys(SOURCES) as [SourceName, ...SourceName[]]),
    /** Durations: the statistic used when the query does not say. */
    defaultStat: Stat.nullable(),
    defaultHours: Hours,
    /** Whether business and calendar hours give different values. */
    hoursApply: z.boolean(),
    /** Dimensions this KPI can be grouped and filtered by. */
    dimensions: z.array(Dimension),
    /** A stock (open backlog): counted at the end of each period, not over it. */
    stock: z.boolean(),
    /** An amount of money in the reporting currency: for admins and finance, managers as team totals. */
    money: z.boolean(),
    /** The finest grain it means something at: by a finer one it is empty with a notice. */
    minGrain: z.enum(['month']).nullable(),
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
    targets: z.array(ScopedKpiTarget),
    baselines: z.array(CatalogBaseline),
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
    survey: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    survey_question: z.array(z.string()),
    survey_source: z.array(z.string()),
    survey_location: z.array(z.string()),
    qa_scorecard: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    qa_category: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    qa_reviewer: z.array(z.string()),
    qa_check: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    shrinkage_reason: z.array(z.string()),
    segment: z.array(z.string()),
    acquisition_channel: z.array(z.string()),
    cost_category: z.array(z.string()),
    text_language: z.array(z.string()),
    brand_attribute: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
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
      .object({
        code: z.literal('money_withheld'),
        rule: z.enum(['none', 'team_totals']),
        kpis: z.array(z.string()),
      })
      .describe(
        "money figures the caller's role may not see, withheld: `none` — not for this role; `team_totals` — a manager's, as team totals only (see 'Roles' in docs/api.md)",
      ),
    z
      .object({ code: z.literal('own_contacts_only') })
      .describe('only the contacts assigned to the caller are listed'),
    z
      .object({
        code: z.literal('missing_data'),
        missing: z.string().describe('what the rows lack, e.g. "cost data"'),
        kpis: z.array(z.string()),
        periods: z.array(z.string()).describe('the periods concerned; empty: the whole range'),
      })
      .describe(
        'the rows of these indicators carry no `missing` in these periods: their values are empty, not 0',
      ),
    z
      .object({ code: z.literal('monthly_figure'), kpis: z.array(z.string()) })
      .describe(
        'monthly figures asked for by day, week or hour, or by hour of day or weekday: their values are empty',
      ),
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
    currency: z
      .string()
      .nullable()
      .optional()
      .describe(
        'ISO 4217 code of the money figures (the reporting currency); only when a money KPI is asked for',
      ),
    /** The query as run: defaults filled in and, for agents, limited to what they may see. */
    query: KpiQuery,
  })
  .openapi('KpiResult');
export type KpiResult = z.infer<typeof KpiResult>;

// ─── facts rebuild ──────────────────────────────────────────────────────────

/** What a facts rebuild did, as a change that caused one reports it. */
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

// ─── path parameters ────────────────────────────────────────────────────────

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
