import { z } from '@hono/zod-openapi';
import { SURVEY_VIAS } from '../../core/schema.js';
import {
  Branding,
  LanguageTag,
  SURVEY_STATUSES,
  SURVEY_TYPES,
  SurveyDefinition,
  SurveySettings,
} from '../../core/surveys/definition.js';
import { calendarDate, email, instant } from '../schemas.js';

export const SurveyType = z.enum(SURVEY_TYPES).openapi('SurveyType');
export const SurveyStatus = z.enum(SURVEY_STATUSES).openapi('SurveyStatus');
export const SurveyVia = z.enum(SURVEY_VIAS).openapi('SurveyVia');

/** A slug of settings.locations or settings.publicSources. */
const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -, at most 40')
  .openapi({ example: 'front-desk' });

export const SurveySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    type: SurveyType,
    status: SurveyStatus,
    version: z.number().int(),
    languages: z.array(z.string()),
    /** Invitations sent (e-mails, personal links and wave mails); null for an agent. */
    sent: z.number().int().nullable(),
    /** Invitations with at least one answer, public ones included; null for an agent. */
    answered: z.number().int().nullable(),
    responseRate: z
      .number()
      .nullable()
      .openapi({ description: 'answered of sent ÷ sent; null: none sent, or asked by an agent' }),
    lastAnswerAt: instant.nullable(),
  })
  .openapi('SurveySummary');

export const SurveyList = z.object({ surveys: z.array(SurveySummary) }).openapi('SurveyList');

export const Survey = z
  .object({
    id: z.string(),
    name: z.string(),
    type: SurveyType,
    status: SurveyStatus,
    /** The version shown: the current one, or the one asked for. */
    version: z.number().int(),
    definition: SurveyDefinition,
    settings: SurveySettings,
    createdAt: instant,
    updatedAt: instant,
  })
  .openapi('Survey');

const name = z.string().trim().min(1).max(200);

export const SurveyCreate = z
  .object({
    name,
    /** A ready-made survey of this type in en, nl, sv, uk and zh-CN; or give `definition`. */
    type: SurveyType.optional(),
    definition: SurveyDefinition.optional(),
    settings: SurveySettings.partial().optional(),
    status: SurveyStatus.optional(),
  })
  .refine((s) => (s.type === undefined) !== (s.definition === undefined), {
    message: 'give either type (a ready-made survey) or definition, not both',
    path: ['definition'],
  })
  .openapi('SurveyCreate');

export const SurveyUpdate = z
  .object({
    name: name.optional(),
    /** A changed definition makes the next version; answers keep the version they were given to. */
    definition: SurveyDefinition.optional(),
    settings: SurveySettings.partial().optional(),
    status: SurveyStatus.optional(),
  })
  .openapi('SurveyUpdate');

export const SurveyVersions = z
  .object({
    versions: z.array(
      z.object({ version: z.number().int(), createdAt: instant, createdBy: z.string().nullable() }),
    ),
  })
  .openapi('SurveyVersions');

export const SurveyIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const SurveyVersionParams = SurveyIdParam.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .openapi({ param: { name: 'version', in: 'path' }, example: 2 }),
});

const contactPart = z.string().trim().min(1).max(500);

export const SurveyLinkCreate = z
  .object({
    /** The contact the answer is about: its source and external id, or `contactKey` (`source|external_id`). */
    contact: z.object({ source: contactPart, externalId: contactPart }).optional(),
    contactKey: z.string().trim().min(3).max(1001).regex(/\|/, 'source|external_id').optional(),
    customerId: z.string().trim().min(1).max(500).optional(),
    language: LanguageTag.optional(),
    email: email.optional(),
  })
  .refine((l) => !(l.contact && l.contactKey), {
    message: 'give contact or contactKey, not both',
    path: ['contactKey'],
  })
  .openapi('SurveyLinkCreate');

export const SurveyLink = z
  .object({
    invitationId: z.string(),
    /** The personal page: answered once, edited until it expires. */
    url: z.string(),
    token: z.string(),
    expiresAt: instant,
  })
  .openapi('SurveyLink');

export const SurveyQrQuery = z.object({
  location: slug,
  format: z.enum(['svg', 'png']).default('svg'),
});

export const SurveyPosterQuery = z.object({
  location: slug,
  size: z.enum(['A4', 'A6']).default('A4'),
});

export const SurveyWidget = z
  .object({
    /** One tag to paste into the help centre's pages. */
    snippet: z.string(),
    scriptUrl: z.string(),
  })
  .openapi('SurveyWidget');

const score = z.coerce.number().min(-1000).max(1000);

export const SurveyAnswersQuery = z.object({
  survey: z.string().min(1).max(100).optional(),
  question: z.string().min(1).max(40).optional(),
  agent: z.string().min(1).max(500).optional(),
  /** First day, in UTC (the answer's time). */
  from: calendarDate.optional(),
  /** Last day, included. */
  to: calendarDate.optional(),
  score_min: score.optional(),
  score_max: score.optional(),
  /** Comments containing this text, whatever its case. */
  q: z.string().min(1).max(200).optional(),
  channel: z.string().min(1).max(100).optional(),
  via: SurveyVia.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(500).optional(),
});

export const SurveyAnswer = z
  .object({
    /** `source|external_id` of the answer's row. */
    key: z.string(),
    source: z.string(),
    surveyId: z.string().nullable(),
    surveyName: z.string().nullable(),
    surveyVersion: z.number().int().nullable(),
    /** null: the invitation's main question (or an imported answer). */
    questionId: z.string().nullable(),
    invitationId: z.string().nullable(),
    kind: z.string(),
    dimension: z.string().nullable(),
    score: z.number().nullable(),
    scaleMin: z.number().int(),
    scaleMax: z.number().int(),
    choices: z.array(z.string()),
    comment: z.string().nullable(),
    language: z.string().nullable(),
    /** `source|external_id` of the contact it is about. */
    contactKey: z.string().nullable(),
    /** The agent credited by the documented rule (survey facts). */
    agentId: z.string().nullable(),
    channel: z.string().nullable(),
    via: z.string().nullable(),
    sourceLabel: z.string().nullable(),
    location: z.string().nullable(),
    customerId: z.string().nullable(),
    /** Only for admins: the address the invitation went to. */
    email: z.string().nullable(),
    respondedAt: instant,
  })
  .openapi('SurveyAnswer');

export const SurveyAnswers = z
  .object({ answers: z.array(SurveyAnswer), nextCursor: z.string().nullable() })
  .openapi('SurveyAnswers');

export const INVITATION_STATES = ['sent', 'delivered', 'bounced', 'opened', 'answered', 'reminded'] as const;

export const SurveyInvitationsQuery = z.object({
  state: z.enum(INVITATION_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export const SurveyInvitation = z
  .object({
    id: z.string(),
    surveyVersion: z.number().int().nullable(),
    via: z.string(),
    /** The furthest it got: answered, opened, bounced, delivered, sent, or created (not sent yet). */
    state: z.string(),
    contactKey: z.string().nullable(),
    customerId: z.string().nullable(),
    email: z.string().nullable(),
    language: z.string().nullable(),
    sourceLabel: z.string().nullable(),
    location: z.string().nullable(),
    waveId: z.string().nullable(),
    sentAt: instant.nullable(),
    deliveredAt: instant.nullable(),
    bouncedAt: instant.nullable(),
    failure: z.string().nullable(),
    openedAt: instant.nullable(),
    answeredAt: instant.nullable(),
    remindedAt: instant.nullable(),
    expiresAt: instant.nullable(),
  })
  .openapi('SurveyInvitation');

export const SurveyInvitations = z
  .object({
    invitations: z.array(SurveyInvitation),
    /** Invitations of the survey in each state (one invitation counts in every state it reached). */
    totals: z.object({
      all: z.number().int(),
      sent: z.number().int(),
      delivered: z.number().int(),
      bounced: z.number().int(),
      opened: z.number().int(),
      answered: z.number().int(),
      reminded: z.number().int(),
    }),
    nextCursor: z.string().nullable(),
  })
  .openapi('SurveyInvitations');

export const SurveyErase = z
  .object({
    email: email.optional(),
    customerId: z.string().trim().min(1).max(500).optional(),
    /** Keep the answers without who gave them (default: the survey settings' choice). */
    keepAnonymised: z.boolean().optional(),
  })
  .refine((e) => e.email !== undefined || e.customerId !== undefined, {
    message: 'give email or customerId',
    path: ['email'],
  })
  .openapi('SurveyErase');

export const SurveyErased = z
  .object({ invitations: z.number().int(), answers: z.number().int(), contacts: z.number().int() })
  .openapi('SurveyErased');

export const SurveyConfig = z
  .object({
    /** Answers older than this many days are removed; null: kept. */
    retentionDays: z.number().int().nullable(),
    keepAnonymised: z.boolean(),
    /** Where customers reach the survey pages, e.g. https://meter.example.com; null: as the API is reached. */
    publicBaseUrl: z.string().nullable(),
    defaultBranding: Branding,
  })
  .openapi('SurveyConfig');

export const SurveyConfigUpdate = z
  .object({
    retentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
    keepAnonymised: z.boolean().optional(),
    publicBaseUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .refine((u) => !/[?#]/.test(u), 'the address only, without ? or #')
      .nullable()
      .optional(),
    defaultBranding: Branding.optional(),
  })
  .openapi('SurveyConfigUpdate');

export const SurveyWaveRun = z
  .object({ jobId: z.string(), runRequestedAt: instant.nullable() })
  .openapi('SurveyWaveRun');

export const SurveyWave = z
  .object({
    waveId: z.string(),
    startedAt: instant.nullable(),
    /** The seed the sample was drawn with: the same seed draws the same customers again. */
    seed: z.number(),
    /** Share of the audience asked, 0–1. */
    sample: z.number(),
    audience: z.enum(['contacts', 'list']),
    /** Customers in the audience before sampling. */
    audienceSize: z.number().int(),
    /** Invitations made. */
    invited: z.number().int(),
    sent: z.number().int(),
    delivered: z.number().int(),
    bounced: z.number().int(),
    answered: z.number().int(),
    responseRate: z.number().nullable(),
  })
  .openapi('SurveyWave');

export const SurveyWaves = z.object({ waves: z.array(SurveyWave) }).openapi('SurveyWaves');
