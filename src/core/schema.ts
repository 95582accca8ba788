/**
 * The canonical data model, as data. One description drives the migrations, the import
 * validation, the export and the import-format documentation, so they cannot drift apart.
 */

export const CHANNELS = ['email', 'chat', 'phone', 'social', 'web_form', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a benchmark figure is: a published industry figure, or one the team gathered on a competitor. */
export const BENCHMARK_KINDS = ['published', 'competitor'] as const;
export type BenchmarkKind = (typeof BENCHMARK_KINDS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses that mean "the customer's problem is resolved". */
export const RESOLVED_STATUSES: readonly Status[] = ['solved', 'closed'];

export const EVENT_KINDS = [
  'customer_message',
  'agent_reply',
  'internal_note',
  'bot_message',
  'status_change',
  'assignment',
  'escalation',
  'queue_enter',
  'answer',
  'abandon',
  'hold_start',
  'hold_end',
  'end',
  'acw_start',
  'acw_end',
  'transfer',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const ACTORS = ['customer', 'agent', 'bot', 'system'] as const;
export const ESCALATION_TYPES = ['tier', 'functional', 'hierarchical', 'complaint'] as const;
/**
 * What a survey answer measures: csat, nps and ces as ever; `helpful` (did this article help, 0–1),
 * `stay` (likelihood to stay, 1–5), `satisfaction` (overall satisfaction, 1–5, "very" and
 * "extremely satisfied" the top two); `custom` for anything else (choices, text, own ratings).
 */
export const SURVEY_KINDS = ['csat', 'nps', 'ces', 'helpful', 'stay', 'satisfaction', 'custom'] as const;
/** How a survey reached the customer: the channel of its invitation or public link. */
export const SURVEY_VIAS = ['email', 'link', 'public', 'qr', 'widget', 'wave', 'import'] as const;
export type SurveyVia = (typeof SURVEY_VIAS)[number];
export type SurveyKind = (typeof SURVEY_KINDS)[number];
/**
 * What a quality review is: a review of the sample, an agent's review of their own conversation, or
 * one of a calibration session's blind reviews (left out of IQS and the other review indicators).
 */
export const QA_REVIEW_KINDS = ['review', 'self', 'calibration'] as const;
export type QaReviewKind = (typeof QA_REVIEW_KINDS)[number];
/** What a critical category scored below its pass mark fails: the whole review (0) or only its group. */
export const QA_CRITICAL_SCOPES = ['review', 'group'] as const;
export type QaCriticalScope = (typeof QA_CRITICAL_SCOPES)[number];
/** Why a category scored low, picked by the reviewer: the raw material of training needs. */
export const QA_ROOT_CAUSES = ['knowledge', 'process', 'tone', 'brand_guide', 'tooling'] as const;
export type QaRootCause = (typeof QA_ROOT_CAUSES)[number];
export const AGENT_STATUSES = ['login', 'logout', 'pause', 'unpause', 'add_member', 'remove_member'] as const;
/**
 * What an agent is scheduled to do: a channel to handle contacts on, or time away from contacts
 * (paid: break, training, meeting; absence: leave, sickness). `other_work` is paid work that is not
 * contacts (projects, back office).
 */
export const SCHEDULE_ACTIVITIES = [
  'phone',
  'chat',
  'email',
  'social',
  'break',
  'training',
  'meeting',
  'other_work',
  'absence',
] as const;
export type ScheduleActivity = (typeof SCHEDULE_ACTIVITIES)[number];
/** The activities on which an agent handles contacts, each the channel of the same name. */
export const CONTACT_ACTIVITIES = [
  'phone',
  'chat',
  'email',
  'social',
] as const satisfies readonly ScheduleActivity[];
/** What an order is now; refunds are separate (`refunded_amount`) since part of an order can be refunded. */
export const ORDER_STATUSES = ['paid', 'pending', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Cost categories: the first three are payroll; acquisition and retention are spend on customers. */
export const COST_CATEGORIES = [
  'wages',
  'allowances',
  'employer_taxes',
  'tools',
  'outsourcing',
  'overhead',
  'training',
  'acquisition',
  'retention',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export const PAYROLL_CATEGORIES: readonly CostCategory[] = ['wages', 'allowances', 'employer_taxes'];
/** Categories that are not the cost of serving customers: spend on winning and keeping them. */
export const CUSTOMER_SPEND_CATEGORIES: readonly CostCategory[] = ['acquisition', 'retention'];

export const LEAVE_KINDS = ['voluntary', 'involuntary', 'other'] as const;

export const TARGET_METRICS = ['frt', 'service_level', 'short_abandon'] as const;
export const HOURS_MODES = ['business', 'calendar'] as const;

export type ColumnType =
  | { kind: 'text' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'timestamp' }
  | { kind: 'date' }
  /** Wall-clock time of day, `HH:MM` or `HH:MM:SS`; `24:00` only where `endOfDay` is set. */
  | { kind: 'time'; endOfDay?: boolean }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'double'; min?: number }
  | { kind: 'boolean' }
  /** An IANA time-zone name such as `Europe/Amsterdam`. */
  | { kind: 'timezone' }
  /** An ISO 4217 currency code such as `EUR`; lower case is read as upper case. */
  | { kind: 'currency' };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required: boolean;
  description: string;
}

export interface TableSpec {
  name: CanonicalTableName;
  description: string;
  columns: readonly ColumnSpec[];
  /** Columns that identify a row; importing a row with the same key replaces it. */
  key: readonly string[];
  /** Tables this one refers to, so a folder is imported in a safe order. */
  dependsOn: readonly CanonicalTableName[];
}

export const CANONICAL_TABLES = [
  'calendars',
  'calendar_intervals',
  'calendar_holidays',
  'teams',
  'agents',
  'targets',
  'contacts',
  'contact_events',
  'survey_responses',
  'agent_status_events',
  'survey_invitations',
  'qa_reviews',
  'qa_ratings',
  'training_days',
  'schedules',
  'customers',
  'orders',
  'costs',
  'people',
  'paid_hours',
  'exchange_rates',
  'benchmarks',
] as const;
export type CanonicalTableName = (typeof CANONICAL_TABLES)[number];

const text = { kind: 'text' } as const;
const timestamp = { kind: 'timestamp' } as const;
const bool = { kind: 'boolean' } as const;
const date = { kind: 'date' } as const;
const currency = { kind: 'currency' } as const;
const amount = { kind: 'double', min: 0 } as const;
const enumOf = (values: readonly string[]): ColumnType => ({ kind: 'enum', values });

function column(name: string, type: ColumnType, required: boolean, description: string): ColumnSpec {
  return { name, type, required, description };
}

export const TABLES: Record<CanonicalTableName, TableSpec> = {
  calendars: {
    name: 'calendars',
    description: 'Business-hours calendars. A team uses its own calendar; otherwise the default one applies.',
    key: ['id'],
    dependsOn: [],
    columns: [
      column('id', text, true, 'Calendar id, referenced by teams.calendar_id.'),
      column('name', text, false, 'Display name.'),
      column(
        'timezone',
        { kind: 'timezone' },
        true,
        'IANA time zone of the opening hours, e.g. Europe/Amsterdam.',
      ),
      column('is_default', bool, false, 'true for the calendar used by contacts whose team has none.'),
    ],
  },
  calendar_intervals: {
    name: 'calendar_intervals',
    description:
      'Weekly opening intervals. Several per day are allowed; an end at or before the start runs overnight into the next day.',
    key: ['calendar_id', 'weekday', 'start_time'],
    dependsOn: ['calendars'],
    columns: [
      column('calendar_id', text, true, 'The calendar.'),
      column(
        'weekday',
        { kind: 'integer', min: 1, max: 7 },
        true,
        'ISO weekday the interval starts on: 1 = Monday … 7 = Sunday.',
      ),
      column('start_time', { kind: 'time' }, true, 'Local start, HH:MM or HH:MM:SS, 00:00 to 23:59:59.'),
      column(
        'end_time',
        { kind: 'time', endOfDay: true },
        true,
        'Local end; 24:00 is midnight; an end before the start runs overnight; equal to the start is invalid.',
      ),
    ],
  },
  calendar_holidays: {
    name: 'calendar_holidays',
    description: 'Closed days. Intervals that start on a holiday are skipped entirely.',
    key: ['calendar_id', 'date'],
    dependsOn: ['calendars'],
    columns: [
      column('calendar_id', text, true, 'The calendar.'),
      column('date', { kind: 'date' }, true, 'Local date, YYYY-MM-DD.'),
      column('name', text, false, 'e.g. King’s Day.'),
    ],
  },
  teams: {
    name: 'teams',
    description: 'Teams of agents.',
    key: ['id'],
    dependsOn: ['calendars'],
    columns: [
      column('id', text, true, 'Team id, referenced by contacts and agents.'),
      column('name', text, false, 'Display name.'),
      column('calendar_id', text, false, 'Business-hours calendar of this team.'),
    ],
  },
  agents: {
    name: 'agents',
    description: 'People who handle contacts.',
    key: ['id'],
    dependsOn: ['teams'],
    columns: [
      column('id', text, true, 'Agent id, referenced by contacts, events and survey responses.'),
      column('name', text, false, 'Display name.'),
      column('email', text, false, 'E-mail address.'),
      column('team_id', text, false, 'Team the agent belongs to.'),
      column('started_on', { kind: 'date' }, false, 'First working day.'),
      column('active', bool, false, 'false for agents who left.'),
    ],
  },
  targets: {
    name: 'targets',
    description:
      'Per-channel thresholds. A row with an empty team_id applies to every team; a team row overrides it.',
    key: ['metric', 'channel', 'team_id'],
    dependsOn: ['teams'],
    columns: [
      column(
        'metric',
        enumOf(TARGET_METRICS),
        true,
        'frt, service_level (answer-time threshold T) or short_abandon.',
      ),
      column('channel', enumOf(CHANNELS), true, 'Channel the threshold applies to.'),
      column('team_id', text, false, 'Team, or empty for all teams.'),
      column('threshold_seconds', { kind: 'double', min: 0 }, true, 'Threshold in seconds.'),
      column('hours', enumOf(HOURS_MODES), false, 'business (default for frt) or calendar.'),
    ],
  },
  contacts: {
    name: 'contacts',
    description:
      'One customer issue handled by the team: a ticket, chat conversation, call or social thread.',
    key: ['source', 'external_id'],
    dependsOn: ['teams', 'agents'],
    columns: [
      column('source', text, true, 'System the contact comes from, e.g. zendesk, phone.'),
      column('external_id', text, true, 'Id of the contact in that system.'),
      column('channel', enumOf(CHANNELS), true, CHANNELS.join(', ')),
      column('created_at', timestamp, true, 'Creation time, ISO 8601; without an offset it is UTC.'),
      column('customer_id', text, false, 'Customer reference.'),
      column('team_id', text, false, 'Team that owns the contact.'),
      column('assignee_id', text, false, 'Agent the contact is (last) assigned to.'),
      column('topic', text, false, 'Topic or category.'),
      column('tags', text, false, 'Tags separated by |.'),
      column('priority', enumOf(PRIORITIES), false, PRIORITIES.join(', ')),
      column('status', enumOf(STATUSES), false, `Current status: ${STATUSES.join(', ')}`),
      column('subject', text, false, 'Subject line or first words.'),
      column(
        'customer_email',
        text,
        false,
        'Customer’s e-mail address, for surveys after the contact; erased on request.',
      ),
      column(
        'customer_language',
        text,
        false,
        'Customer’s language, e.g. nl, zh-CN: the language surveys are offered in.',
      ),
      column(
        'source_sla_met',
        bool,
        false,
        'The source system’s own verdict: true when it counts the contact within its SLA, false when breached (Freshdesk: Resolution status). Kept for comparison in source_sla_met_rate.',
      ),
    ],
  },
  contact_events: {
    name: 'contact_events',
    description: 'What happened on a contact, one row per event.',
    key: ['source', 'external_id'],
    dependsOn: ['contacts'],
    columns: [
      column('source', text, true, 'Same as the contact’s source.'),
      column('contact_external_id', text, true, 'The contact’s external_id.'),
      column(
        'external_id',
        text,
        false,
        'Event id; when empty, one is derived from contact, kind, time, actor, agent, status, escalation_type and queue.',
      ),
      column('kind', enumOf(EVENT_KINDS), true, EVENT_KINDS.join(', ')),
      column('occurred_at', timestamp, true, 'When it happened, ISO 8601; without an offset it is UTC.'),
      column(
        'actor',
        enumOf(ACTORS),
        false,
        'Who did it; defaults from the kind (customer_message → customer, …).',
      ),
      column('agent_id', text, false, 'Agent who did it (replies, answers, holds, transfers).'),
      column(
        'public',
        bool,
        false,
        'Visible to the customer. Defaults to true for agent_reply and false for internal_note.',
      ),
      column('status', enumOf(STATUSES), false, 'status_change: the new status.'),
      column(
        'escalation_type',
        enumOf(ESCALATION_TYPES),
        false,
        `escalation: ${ESCALATION_TYPES.join(', ')}`,
      ),
      column('queue', text, false, 'queue_enter/answer/abandon: queue name.'),
      column('team_id', text, false, 'assignment/transfer: the receiving team.'),
      column(
        'body',
        text,
        false,
        'What was written or said: the message, reply, note or bot turn as the source has it (plain text). Shown in transcripts and read by the automatic quality checks; erased with the customer.',
      ),
    ],
  },
  survey_responses: {
    name: 'survey_responses',
    description:
      'Survey invitations and answers. A row with sent_at and no score is a survey sent but not answered (or skipped).',
    key: ['source', 'external_id'],
    dependsOn: ['contacts', 'agents'],
    columns: [
      column('source', text, true, 'Survey tool or helpdesk.'),
      column('external_id', text, true, 'Response id in that system.'),
      column('kind', enumOf(SURVEY_KINDS), true, SURVEY_KINDS.join(', ')),
      column('scale_min', { kind: 'integer' }, true, 'Lowest possible score (1 for CSAT/CES, 0 for NPS).'),
      column(
        'scale_max',
        { kind: 'integer' },
        true,
        'Highest possible score (2, 3, 5, 7 or 10); equal to scale_min (0–0) for a custom answer without a score: a text or a choice.',
      ),
      column('score', { kind: 'double' }, false, 'The answer; empty when skipped or not answered.'),
      column('comment', text, false, 'Free text the customer wrote.'),
      column(
        'dimension',
        text,
        false,
        'Service dimension asked about (e.g. delivery, invoice); empty for the overall question. Only overall answers count in csat, csat_avg, nps and ces; csat_dimension covers the rest.',
      ),
      column('language', text, false, 'Language of the survey, e.g. nl, en.'),
      column(
        'contact_source',
        text,
        false,
        'source of the contact it is about (defaults to this row’s source).',
      ),
      column('contact_external_id', text, false, 'external_id of the contact it is about.'),
      column(
        'agent_id',
        text,
        false,
        'Agent it is credited to; when empty: the last agent who replied or answered before it was sent, else the agent who answered first, else the assignee.',
      ),
      column('customer_id', text, false, 'Customer who answered.'),
      column('sent_at', timestamp, false, 'When the survey was sent.'),
      column('responded_at', timestamp, false, 'When it was answered; required when score is given.'),
      column('survey_id', text, false, 'servicemeter survey it answers (surveys collected by servicemeter).'),
      column(
        'survey_version',
        { kind: 'integer', min: 1 },
        false,
        'Version of that survey the customer saw.',
      ),
      column(
        'question_id',
        text,
        false,
        'Question of that survey; empty for the invitation’s main question.',
      ),
      column(
        'invitation_id',
        text,
        false,
        'external_id of the invitation in survey_invitations (same source).',
      ),
      column(
        'via',
        enumOf(SURVEY_VIAS),
        false,
        `How the survey reached the customer: ${SURVEY_VIAS.join(', ')}`,
      ),
      column('source_label', text, false, 'Where a public link was placed, e.g. instagram, contact-page.'),
      column('location', text, false, 'Location of a QR code, e.g. a shop or counter.'),
      column('choices', text, false, 'Options chosen in a choice question, separated by |.'),
    ],
  },
  agent_status_events: {
    name: 'agent_status_events',
    description:
      'When agents log in and out of queues and pause or resume: the raw material of availability and staffing.',
    key: ['source', 'external_id'],
    dependsOn: ['agents'],
    columns: [
      column('source', text, true, 'System it comes from, e.g. asterisk-queue-log.'),
      column('external_id', text, true, 'Id of the change in that system.'),
      column('agent_id', text, true, 'The agent.'),
      column('status', enumOf(AGENT_STATUSES), true, AGENT_STATUSES.join(', ')),
      column('occurred_at', timestamp, true, 'When it happened, ISO 8601; without an offset it is UTC.'),
      column('queue', text, false, 'Queue it applies to; empty for all queues.'),
      column('reason', text, false, 'Pause reason, e.g. lunch.'),
      column(
        'channel',
        enumOf(CHANNELS),
        false,
        'Channel the presence is for (a chat tool’s online status: chat); empty for every channel the agent works.',
      ),
    ],
  },
  survey_invitations: {
    name: 'survey_invitations',
    description:
      'Surveys offered to a customer: an e-mail sent, a personal link handed out, a public link, QR code or widget answered. Answers are in survey_responses (invitation_id).',
    key: ['source', 'external_id'],
    dependsOn: ['contacts'],
    columns: [
      column('source', text, true, 'System that sent it; servicemeter for its own surveys.'),
      column('external_id', text, true, 'Invitation id in that system.'),
      column('survey_id', text, true, 'The survey.'),
      column('survey_version', { kind: 'integer', min: 1 }, false, 'Version of the survey offered.'),
      column('via', enumOf(SURVEY_VIAS), true, SURVEY_VIAS.join(', ')),
      column('source_label', text, false, 'Where a public link was placed, e.g. instagram, contact-page.'),
      column('location', text, false, 'Location of a QR code, e.g. a shop or counter.'),
      column('page_url', text, false, 'Page the widget was answered on.'),
      column('wave_id', text, false, 'Relationship wave it belongs to.'),
      column('contact_source', text, false, 'source of the contact it is about.'),
      column('contact_external_id', text, false, 'external_id of the contact it is about.'),
      column('customer_id', text, false, 'Customer it was offered to.'),
      column('email', text, false, 'Address it was sent to; erased on request.'),
      column('language', text, false, 'Language it was offered in, e.g. nl, zh-CN.'),
      column('sent_at', timestamp, false, 'When it was sent or handed out; empty for public links.'),
      column('delivered_at', timestamp, false, 'When the mail server accepted it.'),
      column('bounced_at', timestamp, false, 'When it bounced or was refused.'),
      column('failure', text, false, 'Why sending failed or bounced.'),
      column('opened_at', timestamp, false, 'When its page was first opened.'),
      column('answered_at', timestamp, false, 'When the first answer was given.'),
      column('reminded_at', timestamp, false, 'When the one reminder was sent.'),
      column('expires_at', timestamp, false, 'When its link stops accepting answers.'),
    ],
  },
  qa_reviews: {
    name: 'qa_reviews',
    description:
      'Quality reviews of conversations: who reviewed which agent’s contact with which scorecard, and when. The ratings per category are in qa_ratings.',
    key: ['source', 'external_id'],
    dependsOn: ['contacts', 'agents'],
    columns: [
      column(
        'source',
        text,
        true,
        'System the review comes from; servicemeter for its own, e.g. klaus, maestroqa.',
      ),
      column('external_id', text, true, 'Review id in that system.'),
      column('contact_source', text, true, 'source of the reviewed contact.'),
      column('contact_external_id', text, true, 'external_id of the reviewed contact.'),
      column('agent_id', text, true, 'Agent reviewed (the reviewee).'),
      column(
        'reviewer_id',
        text,
        true,
        'Who reviewed: a user id, or the reviewer’s name or e-mail in an imported review.',
      ),
      column('kind', enumOf(QA_REVIEW_KINDS), false, `${QA_REVIEW_KINDS.join(', ')}; review when empty.`),
      column('scorecard_id', text, false, 'Scorecard used.'),
      column('scorecard_version', { kind: 'integer', min: 1 }, false, 'Version of that scorecard.'),
      column('calibration_session_id', text, false, 'Calibration session of a calibration review.'),
      column('reviewed_at', timestamp, true, 'When the review was submitted; places it in a period.'),
      column(
        'score',
        { kind: 'double', min: 0 },
        false,
        'Review score from 0 to 1 as the source computed it; used only when the review has no ratings (servicemeter computes it from them).',
      ),
      column(
        'pass_mark',
        { kind: 'double', min: 0 },
        false,
        'Share of the maximum a review must reach to pass, 0–1; 0.8 when empty.',
      ),
      column(
        'critical_scope',
        enumOf(QA_CRITICAL_SCOPES),
        false,
        'What a failed critical category fails: review (the review scores 0, the default) or group (only its group scores 0).',
      ),
      column('comment', text, false, 'The reviewer’s overall comment; shown to the reviewed agent only.'),
    ],
  },
  qa_ratings: {
    name: 'qa_ratings',
    description:
      'One rating of one scorecard category in a quality review. Scale, weight and critical flag are kept with the rating, so a review scores the same after its scorecard changes.',
    key: ['source', 'review_external_id', 'category_id'],
    dependsOn: ['qa_reviews'],
    columns: [
      column('source', text, true, 'Same as the review’s source.'),
      column('review_external_id', text, true, 'The review’s external_id.'),
      column('category_id', text, true, 'Category of the scorecard, e.g. tone, solution.'),
      column('category_name', text, false, 'Display name of the category.'),
      column('group_id', text, false, 'Group of categories it belongs to, e.g. accuracy, style.'),
      column('rating', { kind: 'double' }, false, 'The rating picked; empty when not applicable.'),
      column('scale_min', { kind: 'integer' }, true, 'Lowest rating: 0 for pass/fail, 1 for 1–3 and 1–5.'),
      column('scale_max', { kind: 'integer' }, true, 'Highest rating: 1 for pass/fail, 3 or 5.'),
      column('weight', { kind: 'double', min: 0 }, false, 'Weight in the review score; 1 when empty.'),
      column(
        'critical',
        bool,
        false,
        'A critical category: scored below its pass mark it fails the review or its group.',
      ),
      column(
        'pass_mark',
        { kind: 'double', min: 0 },
        false,
        'Pass mark of a critical category, 0–1 of its scale; 0.5 when empty.',
      ),
      column('comment', text, false, 'The reviewer’s comment on this category.'),
      column('quote', text, false, 'Words of the transcript the comment is about.'),
      column('root_causes', text, false, `Why it scored low, separated by |: ${QA_ROOT_CAUSES.join(', ')}.`),
    ],
  },
  training_days: {
    name: 'training_days',
    description: 'Training given to agents: one row per agent and training day (or part of one).',
    key: ['source', 'external_id'],
    dependsOn: ['agents'],
    columns: [
      column('source', text, true, 'System it comes from, e.g. servicemeter, lms.'),
      column('external_id', text, true, 'Id of the training record in that system.'),
      column('agent_id', text, true, 'Agent trained.'),
      column('day', { kind: 'date' }, true, 'Day of the training.'),
      column(
        'hours',
        { kind: 'double', min: 0 },
        false,
        'Hours trained that day; a whole day (8) when empty.',
      ),
      column('topic', text, false, 'What it was about, e.g. a scorecard category or a product.'),
      column('category_id', text, false, 'Scorecard category it addresses, when it follows a training need.'),
      column('note', text, false, 'Free text.'),
    ],
  },
  schedules: {
    name: 'schedules',
    description:
      'What each agent is scheduled to do and when: shifts on a channel, breaks, training, meetings, absence. One row per block; blocks of one agent may touch but should not overlap (the later-starting block wins where they do).',
    key: ['source', 'external_id'],
    dependsOn: ['agents'],
    columns: [
      column('source', text, true, 'System it comes from, e.g. servicemeter, a WFM tool, an iCalendar file.'),
      column('external_id', text, true, 'Id of the block in that system.'),
      column('agent_id', text, true, 'The agent scheduled.'),
      column('starts_at', timestamp, true, 'Start, ISO 8601; without an offset it is UTC.'),
      column('ends_at', timestamp, true, 'End (exclusive), after the start; may fall on the next day.'),
      column('activity', enumOf(SCHEDULE_ACTIVITIES), true, SCHEDULE_ACTIVITIES.join(', ')),
      column('note', text, false, 'Free text, e.g. the training or the reason of an absence.'),
    ],
  },
  customers: {
    name: 'customers',
    description:
      'The customers of the business, with how they came and whether they left. The id is the one contacts and orders name in customer_id.',
    key: ['id'],
    dependsOn: [],
    columns: [
      column('id', text, true, 'Customer id, referenced by contacts.customer_id and orders.customer_id.'),
      column('name', text, false, 'Display name.'),
      column(
        'first_seen_at',
        timestamp,
        false,
        'When the customer became one (sign-up, first order); the first order or contact when empty.',
      ),
      column('segment', text, false, 'Segment, e.g. consumer, business, vip.'),
      column('country', text, false, 'Country, e.g. an ISO 3166 code.'),
      column('acquisition_channel', text, false, 'How the customer was won, e.g. search, social, referral.'),
      column(
        'closed_at',
        timestamp,
        false,
        'When the customer cancelled or the account was closed; empty while they are a customer.',
      ),
      column('close_reason', text, false, 'Why they left, in the words of the source.'),
    ],
  },
  orders: {
    name: 'orders',
    description:
      'Orders (or charges) of customers: what they paid, what the goods cost and what was refunded. Amounts are in the order’s currency, converted with exchange_rates.',
    key: ['source', 'external_id'],
    dependsOn: ['customers'],
    columns: [
      column('source', text, true, 'System it comes from, e.g. shopify, woocommerce, stripe.'),
      column('external_id', text, true, 'Id of the order in that system.'),
      column('customer_id', text, true, 'The customer who ordered.'),
      column(
        'ordered_at',
        timestamp,
        true,
        'When the order was placed, ISO 8601; without an offset it is UTC.',
      ),
      column(
        'revenue',
        amount,
        true,
        'What the customer paid for the order, taxes and shipping excluded where the source tells them apart.',
      ),
      column(
        'cost_of_goods',
        amount,
        false,
        'What the goods sold cost the business; empty when unknown (then no margin is computed for the order).',
      ),
      column('currency', currency, true, 'Currency of the amounts, ISO 4217.'),
      column(
        'status',
        enumOf(ORDER_STATUSES),
        false,
        `${ORDER_STATUSES.join(', ')}; paid when empty. Pending and cancelled orders are no revenue.`,
      ),
      column('refunded_amount', amount, false, 'Part of the revenue paid back; 0 when empty.'),
      column('refunded_at', timestamp, false, 'When it was paid back.'),
    ],
  },
  costs: {
    name: 'costs',
    description:
      'What the service costs, per period and category: payroll (wages, allowances, employer taxes), tools, outsourcing, overhead, training, and spend on winning (acquisition) and keeping (retention) customers. An amount is spread evenly over the days of its period.',
    key: ['source', 'external_id'],
    dependsOn: ['teams'],
    columns: [
      column('source', text, true, 'System it comes from, e.g. payroll, ledger, servicemeter.'),
      column('external_id', text, true, 'Id of the cost line in that system.'),
      column('period_start', date, true, 'First day the amount is for.'),
      column('period_end', date, true, 'Last day the amount is for (inclusive), on or after period_start.'),
      column('category', enumOf(COST_CATEGORIES), true, COST_CATEGORIES.join(', ')),
      column('amount', amount, true, 'The amount, in currency.'),
      column('currency', currency, true, 'Currency of the amount, ISO 4217.'),
      column('team_id', text, false, 'Team it is for; empty for the whole service.'),
      column('channel', enumOf(CHANNELS), false, 'Channel it is for; empty for every channel.'),
      column('note', text, false, 'Free text.'),
    ],
  },
  people: {
    name: 'people',
    description:
      'Employment of the agents: when they were hired and left, their FTE and hourly cost. One row per agent; agents without one count for nothing in the people figures.',
    key: ['agent_id'],
    dependsOn: ['agents'],
    columns: [
      column('agent_id', text, true, 'The agent.'),
      column('hired_on', date, true, 'First day employed.'),
      column('left_on', date, false, 'Last day employed; empty while employed.'),
      column('leave_kind', enumOf(LEAVE_KINDS), false, `Why they left: ${LEAVE_KINDS.join(', ')}.`),
      column('leave_reason', text, false, 'Why they left, in words.'),
      column(
        'fte',
        { kind: 'double', min: 0 },
        false,
        'Full-time equivalent, 1 for full time; 1 when empty.',
      ),
      column('hourly_cost', amount, false, 'What an hour of theirs costs, employer charges included.'),
      column('currency', currency, false, 'Currency of hourly_cost; required with it.'),
    ],
  },
  paid_hours: {
    name: 'paid_hours',
    description:
      'Hours paid to each agent per period (from payroll), spread evenly over the days of the period.',
    key: ['agent_id', 'period_start'],
    dependsOn: ['agents'],
    columns: [
      column('agent_id', text, true, 'The agent.'),
      column('period_start', date, true, 'First day of the pay period.'),
      column('period_end', date, true, 'Last day of the pay period (inclusive).'),
      column('hours', amount, true, 'Hours paid in the period, leave and training included.'),
    ],
  },
  exchange_rates: {
    name: 'exchange_rates',
    description:
      'What one unit of a currency is worth in the reporting currency (the business setting reportingCurrency), from a day on. An amount uses the latest rate on or before its day; an amount with none is left out with a notice, never converted at 1.',
    key: ['currency', 'valid_from'],
    dependsOn: [],
    columns: [
      column('currency', currency, true, 'The currency converted, ISO 4217.'),
      column('valid_from', date, true, 'First day the rate applies.'),
      column(
        'rate',
        { kind: 'double', min: 0 },
        true,
        'Units of the reporting currency for one unit of currency; above 0.',
      ),
    ],
  },
  benchmarks: {
    name: 'benchmarks',
    description:
      'Figures to compare the team with: published industry figures (with their source and year) and competitor figures the team gathered (mystery shopping, public reviews, surveys asking customers to compare). Values are in the indicator’s own unit: a share as a fraction (0.82), a duration in seconds, a score on its scale.',
    key: ['id'],
    dependsOn: [],
    columns: [
      column(
        'id',
        text,
        true,
        'A stable id of the figure, e.g. acme-2025-csat-chat; importing it again replaces it.',
      ),
      column('kind', enumOf(BENCHMARK_KINDS), true, 'published (an industry figure) or competitor.'),
      column('kpi_id', text, true, 'The indicator compared, e.g. csat or frt.'),
      column(
        'value',
        { kind: 'double' },
        true,
        'The figure in the indicator’s unit: fraction, seconds or score.',
      ),
      column(
        'name',
        text,
        true,
        'Who the figure is of: the study or publisher for a published figure, the competitor’s name for a competitor’s.',
      ),
      column('year', { kind: 'integer', min: 1990, max: 2100 }, true, 'The year the figure describes.'),
      column('industry', text, false, 'Industry it applies to, e.g. retail or software; empty: all.'),
      column('region', text, false, 'Region it applies to, e.g. Europe or NL; empty: worldwide.'),
      column('channel', enumOf(CHANNELS), false, 'Channel it applies to; empty: all channels.'),
      column(
        'source',
        text,
        false,
        'Where it was published or how it was gathered, e.g. a report title or “mystery shopping”.',
      ),
      column('source_url', text, false, 'Address of the publication.'),
      column('note', text, false, 'Anything a reader should know, e.g. how the source defines the figure.'),
    ],
  },
};

export function tableSpec(name: CanonicalTableName): TableSpec {
  return TABLES[name];
}

export function isCanonicalTable(name: string): name is CanonicalTableName {
  return (CANONICAL_TABLES as readonly string[]).includes(name);
}

/** Tables ordered so that every table comes after the ones it depends on. */
export function importOrder(): CanonicalTableName[] {
  const done: CanonicalTableName[] = [];
  const visit = (name: CanonicalTableName) => {
    if (done.includes(name)) return;
    for (const dep of TABLES[name].dependsOn) visit(dep);
    done.push(name);
  };
  for (const name of CANONICAL_TABLES) visit(name);
  return done;
}

/** Default actor of an event when the file leaves it empty. */
export function defaultActor(kind: EventKind): (typeof ACTORS)[number] {
  switch (kind) {
    case 'customer_message':
    case 'abandon':
    case 'queue_enter':
      return 'customer';
    case 'bot_message':
      return 'bot';
    case 'status_change':
    case 'assignment':
    case 'escalation':
    case 'transfer':
      return 'system';
    case 'agent_reply':
    case 'internal_note':
    case 'answer':
    case 'hold_start':
    case 'hold_end':
    case 'end':
    case 'acw_start':
    case 'acw_end':
      return 'agent';
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown event kind: ${String(unreachable)}`);
    }
  }
}
