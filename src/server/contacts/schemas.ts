/**
 * The contacts behind a number: the query, a page of rows, one contact in full. Shared pieces are in
 * ../schemas.ts.
 */
import { z } from '@hono/zod-openapi';
import { QUERY_LIMITS } from '../../core/kpi/limits.js';
import { FilterValue } from '../../core/kpi/query.js';
import { CONTACT_SORTS } from '../../services/contacts.js';
import { Dimension, Grain, Hours, instant, localDate, Notice, timezone } from '../schemas.js';

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
