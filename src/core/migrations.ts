import { type ColumnType, TABLES, type TableSpec } from './schema.js';

/**
 * Versioned schema changes. A database file is upgraded in place by applying, in order, every
 * migration newer than its recorded version; nothing is ever recreated. Append, never edit.
 */
export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
  /**
   * Run on PostgreSQL only, after `statements`: indexes its planner needs for per-row look-ups
   * (the as-of joins). DuckDB answers those with ASOF joins, and an index there would only slow
   * every bulk load.
   */
  postgresStatements?: readonly string[];
}

export function sqlType(type: ColumnType): string {
  switch (type.kind) {
    case 'text':
    case 'enum':
    case 'time':
    case 'timezone':
    case 'currency':
      return 'VARCHAR';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'date':
      return 'DATE';
    case 'integer':
      return 'INTEGER';
    case 'double':
      return 'DOUBLE PRECISION';
    case 'boolean':
      return 'BOOLEAN';
    default: {
      const unreachable: never = type;
      throw new Error(`unknown column type: ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Tables that point at a contact carry its derived key, `source|external_id`, for cheap joins. */
export const CONTACT_KEY_TABLES = ['contacts', 'contact_events', 'survey_responses'] as const;

function createCanonicalTable(spec: TableSpec): string {
  const columns = spec.columns.map((c) => `  ${c.name} ${sqlType(c.type)}`);
  if ((CONTACT_KEY_TABLES as readonly string[]).includes(spec.name)) columns.push('  contact_key VARCHAR');
  return `CREATE TABLE ${spec.name} (\n${columns.join(',\n')}\n)`;
}

/**
 * A rating's category score and whether it fails its critical category, over qa_ratings `r`: what
 * both the ratings' facts and the review scores are computed from.
 */
const RATING_SCORE = `CASE WHEN r.rating IS NULL OR r.scale_max <= r.scale_min THEN NULL
    ELSE (r.rating - r.scale_min) / (r.scale_max - r.scale_min) END AS category_score,
  (COALESCE(r.critical, FALSE) AND r.rating IS NOT NULL AND r.scale_max > r.scale_min
    AND (r.rating - r.scale_min) / (r.scale_max - r.scale_min) < COALESCE(r.pass_mark, 0.5)) AS critical_failed`;

/**
 * The review scores: each review's ratings (`ratings`, a view or a CTE named in `rated`) grouped,
 * critical failures applied, the weighted mean taken, and the contact's dimensions joined.
 */
function qaReviewFactsView(create: string, ratings: string, rated = ''): string {
  return `${create} qa_review_facts AS
WITH ${rated}groups AS (
  SELECT review_key, group_key, max(CASE WHEN critical_failed THEN 1 ELSE 0 END) AS failed
  FROM ${ratings} GROUP BY review_key, group_key
), scored AS (
  SELECT f.review_key, f.critical_scope,
    max(CASE WHEN f.critical_failed THEN 1 ELSE 0 END) AS critical_failed,
    count(*) AS ratings,
    sum(CASE WHEN f.category_score IS NULL THEN NULL
      WHEN f.critical_scope = 'group' AND g.failed = 1 THEN 0
      ELSE f.weight * f.category_score END) AS weighted,
    sum(CASE WHEN f.category_score IS NULL THEN NULL ELSE f.weight END) AS rated_weight
  FROM ${ratings} f JOIN groups g ON g.review_key = f.review_key AND g.group_key = f.group_key
  GROUP BY f.review_key, f.critical_scope
), reviews AS (
  SELECT v.source || '|' || v.external_id AS review_key, v.source, v.external_id,
    v.contact_source || '|' || v.contact_external_id AS contact_key,
    v.agent_id, v.reviewer_id, COALESCE(v.kind, 'review') AS kind, v.scorecard_id, v.calibration_session_id,
    v.reviewed_at, COALESCE(v.pass_mark, 0.8) AS pass_mark,
    CASE WHEN s.review_key IS NULL THEN v.score
      WHEN s.critical_failed = 1 AND s.critical_scope = 'review' THEN 0
      WHEN s.rated_weight IS NULL OR s.rated_weight = 0 THEN NULL
      ELSE s.weighted / s.rated_weight END AS score,
    COALESCE(s.critical_failed = 1, FALSE) AS critical_failed
  FROM qa_reviews v LEFT JOIN scored s ON s.review_key = v.source || '|' || v.external_id
)
SELECT r.*, (r.score IS NOT NULL AND r.score >= r.pass_mark) AS passed,
  EXISTS (SELECT 1 FROM qa_disputes d WHERE d.review_source = r.source AND d.review_external_id = r.external_id) AS disputed,
  f.channel, f.team_id, f.topic, f.priority
FROM reviews r LEFT JOIN contact_facts f ON f.contact_key = r.contact_key`;
}

/**
 * The quality-review facts, as views over the reviews, their ratings and the contact facts.
 * A rating's category score is (picked − min) ÷ (max − min); not applicable is no score. A critical
 * category below its pass mark (0.5 by default) fails the review (score 0) or, with critical_scope
 * group, only its group (every category of the group counts 0). The review score is the weighted
 * mean of the category scores; a review without ratings keeps the score it was imported with.
 */
const QA_VIEWS = [
  `CREATE VIEW qa_rating_facts AS
SELECT r.source || '|' || r.review_external_id AS review_key,
  v.contact_source || '|' || v.contact_external_id AS contact_key,
  r.category_id, r.category_name, COALESCE(r.group_id, r.category_id) AS group_key,
  COALESCE(r.weight, 1) AS weight, COALESCE(r.critical, FALSE) AS critical,
  r.rating, r.root_causes,
  ${RATING_SCORE},
  COALESCE(v.critical_scope, 'review') AS critical_scope,
  v.agent_id, v.reviewer_id, COALESCE(v.kind, 'review') AS kind, v.scorecard_id, v.calibration_session_id,
  v.reviewed_at, f.channel, f.team_id, f.topic, f.priority
FROM qa_ratings r
JOIN qa_reviews v ON v.source = r.source AND v.external_id = r.review_external_id
LEFT JOIN contact_facts f ON f.contact_key = v.contact_source || '|' || v.contact_external_id`,
  qaReviewFactsView('CREATE VIEW', 'qa_rating_facts'),
  `CREATE VIEW qa_contact_facts AS
SELECT f.contact_key, f.created_at, f.channel, f.team_id, f.assignee_id, f.topic, f.priority,
  f.contact_key IN (SELECT contact_source || '|' || contact_external_id FROM qa_reviews WHERE COALESCE(kind, 'review') = 'review') AS reviewed
FROM contact_facts f WHERE f.assignee_id IS NOT NULL`,
  `CREATE VIEW qa_calibration_pair_facts AS
SELECT a.calibration_session_id, a.contact_key, a.category_id, a.scorecard_id, a.reviewer_id, b.reviewer_id AS other_reviewer_id,
  a.agent_id, a.channel, a.team_id, a.topic, a.priority,
  CASE WHEN a.reviewed_at > b.reviewed_at THEN a.reviewed_at ELSE b.reviewed_at END AS reviewed_at,
  ((a.rating IS NULL AND b.rating IS NULL) OR a.rating = b.rating) AS agreed
FROM qa_rating_facts a JOIN qa_rating_facts b
  ON a.kind = 'calibration' AND b.kind = 'calibration' AND a.calibration_session_id = b.calibration_session_id
  AND a.contact_key = b.contact_key AND a.category_id = b.category_id AND a.reviewer_id <> b.reviewer_id
WHERE NOT EXISTS (SELECT 1 FROM qa_calibration_sessions s WHERE s.id = a.calibration_session_id AND s.status = 'open')`,
  `CREATE VIEW qa_check_facts AS
SELECT f.contact_key, f.created_at, f.channel, f.team_id, f.assignee_id, f.topic, f.priority, r.id AS rule_id,
  EXISTS (SELECT 1 FROM qa_check_hits h WHERE h.contact_key = f.contact_key AND h.rule_id = r.id) AS hit
FROM qa_checked_contacts k JOIN contact_facts f ON f.contact_key = k.contact_key
CROSS JOIN qa_check_rules r WHERE r.enabled AND f.assignee_id IS NOT NULL`,
];

const durationPair = (name: string) => [`${name}_s DOUBLE PRECISION`, `${name}_bh_s DOUBLE PRECISION`];

/** Per-contact facts, derived from the canonical tables by the rebuild; never imported. */
export const CONTACT_FACT_COLUMNS = [
  'contact_key VARCHAR',
  'channel VARCHAR',
  'team_id VARCHAR',
  'assignee_id VARCHAR',
  'topic VARCHAR',
  'priority VARCHAR',
  'customer_id VARCHAR',
  'created_at TIMESTAMP',
  'calendar_id VARCHAR',
  'first_customer_message_at TIMESTAMP',
  'first_reply_at TIMESTAMP',
  'first_reply_agent_id VARCHAR',
  ...durationPair('frt'),
  'frt_target_s DOUBLE PRECISION',
  'frt_within_target BOOLEAN',
  'public_replies INTEGER',
  'touches INTEGER',
  'first_resolved_at TIMESTAMP',
  'last_resolved_at TIMESTAMP',
  'is_open BOOLEAN',
  ...durationPair('first_resolution'),
  ...durationPair('full_resolution'),
  'reopens INTEGER',
  'reopened_within_7d BOOLEAN',
  'escalations INTEGER',
  'escalation_types VARCHAR',
  'first_escalation_type VARCHAR',
  'queued BOOLEAN',
  'queue_wait_s DOUBLE PRECISION',
  'answered BOOLEAN',
  'abandoned BOOLEAN',
  'short_abandon BOOLEAN',
  'answered_within_sl BOOLEAN',
  'abandoned_after_sl BOOLEAN',
  'sl_threshold_s DOUBLE PRECISION',
  'calls INTEGER',
  'handled_by_agent_id VARCHAR',
  'talk_s DOUBLE PRECISION',
  'hold_s DOUBLE PRECISION',
  'handle_s DOUBLE PRECISION',
  'acw_s DOUBLE PRECISION',
  'assignments INTEGER',
  'reassigned BOOLEAN',
  'source_sla_met BOOLEAN',
] as const;

export const SURVEY_FACT_COLUMNS = [
  'survey_key VARCHAR',
  'contact_key VARCHAR',
  'kind VARCHAR',
  'scale_min INTEGER',
  'scale_max INTEGER',
  'score DOUBLE PRECISION',
  'answered BOOLEAN',
  'top_box BOOLEAN',
  'promoter BOOLEAN',
  'detractor BOOLEAN',
  'dimension VARCHAR',
  'language VARCHAR',
  'channel VARCHAR',
  'team_id VARCHAR',
  'agent_id VARCHAR',
  'topic VARCHAR',
  'priority VARCHAR',
  'sent_at TIMESTAMP',
  'responded_at TIMESTAMP',
  'counted_at TIMESTAMP',
  'survey_id VARCHAR',
  'question_id VARCHAR',
  'survey_source VARCHAR',
  'location VARCHAR',
] as const;

/** The canonical tables of the first schema version; later tables come with their own migration. */
const FIRST_TABLES = [
  'calendars',
  'calendar_intervals',
  'calendar_holidays',
  'teams',
  'agents',
  'targets',
  'contacts',
  'contact_events',
  'survey_responses',
] as const;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'canonical tables, derived facts, import log',
    statements: [
      ...FIRST_TABLES.map((name) => createCanonicalTable(TABLES[name])),
      `CREATE TABLE contact_facts (\n  ${CONTACT_FACT_COLUMNS.join(',\n  ')}\n)`,
      `CREATE TABLE survey_facts (\n  ${SURVEY_FACT_COLUMNS.join(',\n  ')}\n)`,
      `CREATE TABLE business_intervals (
  calendar_id VARCHAR,
  start_at TIMESTAMP,
  end_at TIMESTAMP,
  cumulative_before_s DOUBLE PRECISION
)`,
      `CREATE TABLE import_log (
  imported_at TIMESTAMP,
  file VARCHAR,
  table_name VARCHAR,
  rows_read BIGINT,
  rows_imported BIGINT,
  rows_rejected BIGINT
)`,
      `CREATE TABLE facts_state (
  rebuilt_at TIMESTAMP,
  contacts BIGINT,
  facts_from TIMESTAMP,
  facts_to TIMESTAMP
)`,
    ],
  },
  {
    version: 2,
    description: 'agent status changes (log-in, log-out, pause) for availability',
    statements: [createCanonicalTable(TABLES.agent_status_events)],
  },
  {
    version: 3,
    description: 'where each sync from a helpdesk API stopped, so the next one resumes there',
    statements: [
      `CREATE TABLE sync_state (
  source VARCHAR,
  stream VARCHAR,
  cursor VARCHAR,
  updated_at TIMESTAMP
)`,
    ],
  },
  {
    version: 4,
    description: 'server: users, sessions, API tokens, audit log, KPI targets',
    // Uniqueness (e-mail, token hash) is kept by the services, which write under one lock: DuckDB
    // checks index constraints eagerly within a transaction, which refuses delete-then-insert.
    statements: [
      `CREATE TABLE users (
  id VARCHAR,
  email VARCHAR,
  name VARCHAR,
  role VARCHAR,
  agent_id VARCHAR,
  locale VARCHAR,
  password_hash VARCHAR,
  disabled BOOLEAN,
  created_at TIMESTAMP,
  updated_at TIMESTAMP,
  last_login_at TIMESTAMP
)`,
      `CREATE TABLE sessions (
  id_hash VARCHAR,
  user_id VARCHAR,
  csrf_token VARCHAR,
  created_at TIMESTAMP,
  last_seen_at TIMESTAMP,
  expires_at TIMESTAMP,
  ip VARCHAR,
  user_agent VARCHAR
)`,
      `CREATE TABLE api_tokens (
  id VARCHAR,
  user_id VARCHAR,
  name VARCHAR,
  token_hash VARCHAR,
  prefix VARCHAR,
  created_at TIMESTAMP,
  last_used_at TIMESTAMP,
  expires_at TIMESTAMP,
  revoked_at TIMESTAMP
)`,
      `CREATE TABLE audit_log (
  id BIGINT,
  occurred_at TIMESTAMP,
  user_id VARCHAR,
  email VARCHAR,
  action VARCHAR,
  target VARCHAR,
  detail VARCHAR,
  ip VARCHAR
)`,
      `CREATE TABLE kpi_targets (
  kpi_id VARCHAR,
  channel VARCHAR,
  value DOUBLE PRECISION,
  updated_at TIMESTAMP
)`,
    ],
  },
  {
    version: 5,
    description: 'the order of events at the same time: their position in the source',
    // `seq` is not an importable column: the import numbers the events it writes by import run,
    // file and line (see upsertStage), and events at the same time are ordered by it. Version 1
    // never creates it, so a new database and an upgraded one both gain it here.
    statements: [
      'ALTER TABLE contact_events ADD COLUMN seq BIGINT',
      // Until now events at the same time were ordered by their id; stored events keep that order.
      `UPDATE contact_events SET seq = o.n
FROM (SELECT source, external_id, row_number() OVER (ORDER BY occurred_at, source, external_id) AS n FROM contact_events) o
WHERE contact_events.source = o.source AND contact_events.external_id = o.external_id`,
    ],
  },
  {
    version: 6,
    description:
      'data-quality notices of imports; per source, the inputs it records and the days it covers; reassignments and the source’s own SLA flag',
    // A database created at this version already has the new columns (version 1 creates the tables
    // as they are now); one upgraded from before gains them here.
    statements: [
      `CREATE TABLE data_quality_notices (
  source VARCHAR,
  file VARCHAR,
  code VARCHAR,
  message VARCHAR,
  day DATE,
  contacts BIGINT,
  examples VARCHAR,
  imported_at TIMESTAMP
)`,
      `CREATE TABLE source_inputs (
  source VARCHAR,
  input VARCHAR
)`,
      `CREATE TABLE source_activity (
  source VARCHAR,
  channel VARCHAR,
  day DATE
)`,
      'ALTER TABLE contacts ADD COLUMN IF NOT EXISTS source_sla_met BOOLEAN',
      'ALTER TABLE contact_facts ADD COLUMN IF NOT EXISTS assignments INTEGER',
      'ALTER TABLE contact_facts ADD COLUMN IF NOT EXISTS reassigned BOOLEAN',
      'ALTER TABLE contact_facts ADD COLUMN IF NOT EXISTS source_sla_met BOOLEAN',
      // The per-source summary of the rebuild as it was when this migration was written (a migration
      // never changes with the code after it), so an upgraded file needs no rebuild to know it.
      "INSERT INTO source_inputs (source, input) WITH found AS (SELECT source, max(CASE WHEN kind = 'status_change' AND status IS NOT NULL THEN 1 ELSE 0 END) AS status_changes, max(CASE WHEN (kind = 'agent_reply' AND public AND actor = 'agent') OR kind = 'answer' THEN 1 ELSE 0 END) AS responses, max(CASE WHEN kind = 'escalation' THEN 1 ELSE 0 END) AS escalations, max(CASE WHEN kind = 'assignment' THEN 1 ELSE 0 END) AS assignments, max(CASE WHEN kind = 'queue_enter' THEN 1 ELSE 0 END) AS queue, max(CASE WHEN kind = 'end' THEN 1 ELSE 0 END) AS handling, max(CASE WHEN kind = 'acw_end' THEN 1 ELSE 0 END) AS after_contact_work FROM contact_events GROUP BY source) SELECT source, 'status_changes' AS input FROM found WHERE status_changes = 1 UNION ALL SELECT source, 'responses' AS input FROM found WHERE responses = 1 UNION ALL SELECT source, 'escalations' AS input FROM found WHERE escalations = 1 UNION ALL SELECT source, 'assignments' AS input FROM found WHERE assignments = 1 UNION ALL SELECT source, 'queue' AS input FROM found WHERE queue = 1 UNION ALL SELECT source, 'handling' AS input FROM found WHERE handling = 1 UNION ALL SELECT source, 'after_contact_work' AS input FROM found WHERE after_contact_work = 1",
      "INSERT INTO source_inputs (source, input) WITH found AS (SELECT source, max(CASE WHEN source_sla_met IS NOT NULL THEN 1 ELSE 0 END) AS source_sla FROM contacts GROUP BY source) SELECT source, 'source_sla' AS input FROM found WHERE source_sla = 1",
      "INSERT INTO source_inputs (source, input) WITH found AS (SELECT source, max(CASE WHEN kind = 'csat' AND dimension IS NULL AND score IS NOT NULL THEN 1 ELSE 0 END) AS csat_answers, max(CASE WHEN kind = 'csat' AND dimension IS NOT NULL AND score IS NOT NULL THEN 1 ELSE 0 END) AS csat_dimension_answers, max(CASE WHEN kind = 'csat' AND dimension IS NULL AND sent_at IS NOT NULL THEN 1 ELSE 0 END) AS csat_sent, max(CASE WHEN kind = 'nps' AND dimension IS NULL AND score IS NOT NULL THEN 1 ELSE 0 END) AS nps_answers, max(CASE WHEN kind = 'ces' AND dimension IS NULL AND score IS NOT NULL THEN 1 ELSE 0 END) AS ces_answers FROM survey_responses GROUP BY source) SELECT source, 'csat_answers' AS input FROM found WHERE csat_answers = 1 UNION ALL SELECT source, 'csat_dimension_answers' AS input FROM found WHERE csat_dimension_answers = 1 UNION ALL SELECT source, 'csat_sent' AS input FROM found WHERE csat_sent = 1 UNION ALL SELECT source, 'nps_answers' AS input FROM found WHERE nps_answers = 1 UNION ALL SELECT source, 'ces_answers' AS input FROM found WHERE ces_answers = 1",
      'INSERT INTO source_activity (source, channel, day) SELECT DISTINCT source, channel, day FROM (\n  SELECT source, channel, CAST(created_at AS DATE) AS day FROM contacts\n  UNION ALL SELECT c.source, c.channel, CAST(f.first_resolved_at AS DATE) AS day FROM contacts c JOIN contact_facts f ON f.contact_key = c.contact_key WHERE f.first_resolved_at IS NOT NULL\n  UNION ALL SELECT c.source, c.channel, CAST(f.last_resolved_at AS DATE) AS day FROM contacts c JOIN contact_facts f ON f.contact_key = c.contact_key WHERE f.last_resolved_at IS NOT NULL\n  UNION ALL SELECT s.source, c.channel, CAST(COALESCE(s.responded_at, s.sent_at) AS DATE) AS day FROM survey_responses s LEFT JOIN contacts c ON c.contact_key = s.contact_key\n  UNION ALL SELECT s.source, c.channel, CAST(s.sent_at AS DATE) AS day FROM survey_responses s LEFT JOIN contacts c ON c.contact_key = s.contact_key\n) x WHERE day IS NOT NULL',
      // The new facts are filled by the next rebuild: until then the facts are reported stale, so
      // `servicemeter rebuild` is asked for.
      'UPDATE facts_state SET rebuilt_at = NULL',
    ],
  },
  {
    version: 7,
    description: 'rows put aside by `servicemeter repair`: rows the facts rebuild cannot use',
    // Version 1 never creates it, so a new database and an upgraded one both gain it here.
    statements: [
      `CREATE TABLE quarantine (
  table_name VARCHAR,
  row_json VARCHAR,
  reason VARCHAR,
  quarantined_at TIMESTAMP
)`,
    ],
  },
  {
    version: 8,
    description: 'jobs the server runs on a schedule or on demand, and the history of their runs',
    // A run claims its job by setting running_since; one left set by a server that was killed is
    // recorded 'interrupted' at the next start and the job resumes from its cursor.
    statements: [
      `CREATE TABLE jobs (
  id VARCHAR,
  kind VARCHAR,
  name VARCHAR,
  params VARCHAR,
  schedule VARCHAR,
  timezone VARCHAR,
  paused BOOLEAN,
  next_run_at TIMESTAMP,
  run_requested_at TIMESTAMP,
  running_since TIMESTAMP,
  cursor VARCHAR,
  attempts BIGINT,
  last_started_at TIMESTAMP,
  last_finished_at TIMESTAMP,
  last_outcome VARCHAR,
  last_error VARCHAR,
  last_error_at TIMESTAMP,
  created_at TIMESTAMP
)`,
      `CREATE TABLE job_runs (
  job_id VARCHAR,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  outcome VARCHAR,
  detail VARCHAR,
  error VARCHAR
)`,
    ],
  },
  {
    version: 9,
    description: 'webhook sources and the events they pushed, kept until processed',
    // Unique (source_id, event_id): a vendor's retry of an event is stored once (INSERT … ON
    // CONFLICT DO NOTHING). Only processed_at, outcome and error change after the insert.
    statements: [
      `CREATE TABLE webhook_sources (
  id VARCHAR PRIMARY KEY,
  vendor VARCHAR,
  source VARCHAR,
  secret VARCHAR,
  created_at TIMESTAMP,
  last_event_at TIMESTAMP,
  last_outcome VARCHAR,
  last_error VARCHAR,
  events_accepted BIGINT,
  events_refused BIGINT
)`,
      `CREATE TABLE webhook_events (
  source_id VARCHAR,
  event_id VARCHAR,
  arrival BIGINT,
  kind VARCHAR,
  occurred_at TIMESTAMP,
  received_at TIMESTAMP,
  payload VARCHAR,
  processed_at TIMESTAMP,
  outcome VARCHAR,
  error VARCHAR,
  UNIQUE (source_id, event_id)
)`,
    ],
  },
  {
    version: 10,
    description: 'where the server is in each followed Asterisk queue_log, and the lines of recent calls',
    // A follow is one path: the file there (device and inode, as text: they can exceed 2^53), the
    // bytes and lines read from it, and the hash of its first line, which tells a file truncated and
    // written again (copytruncate) or a reused inode from the file that was read. A call spans
    // several lines: its lines are kept until a day (log time) after its last one, so that a call
    // gaining a line is converted again whole, as an import of the whole log would convert it.
    statements: [
      `CREATE TABLE queue_log_follows (
  path VARCHAR PRIMARY KEY,
  device VARCHAR,
  inode VARCHAR,
  byte_offset BIGINT,
  lines_read BIGINT,
  first_line_hash VARCHAR,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE queue_log_call_lines (
  path VARCHAR,
  call_id VARCHAR,
  seq BIGINT,
  log_time BIGINT,
  file VARCHAR,
  line BIGINT,
  text VARCHAR
)`,
    ],
  },
  {
    version: 11,
    description:
      'surveys: their versions, invitations, answers as they arrive, unsubscribes; the customer’s e-mail on contacts',
    // Answers are acknowledged once in survey_submissions (group commit) and turned into
    // survey_responses rows by the processor, as webhook events are. A submission is keyed by the
    // invitation: a second visit replaces the answer until the invitation closes. An unsubscribe
    // keeps only the sha256 of the lower-cased address, so an erased customer stays unsubscribed.
    statements: [
      `CREATE TABLE surveys (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  kind VARCHAR,
  status VARCHAR,
  version INTEGER,
  settings VARCHAR,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE survey_versions (
  survey_id VARCHAR,
  version INTEGER,
  definition VARCHAR,
  created_at TIMESTAMP,
  created_by VARCHAR,
  PRIMARY KEY (survey_id, version)
)`,
      createCanonicalTable(TABLES.survey_invitations),
      `CREATE TABLE survey_submissions (
  id VARCHAR PRIMARY KEY,
  arrival BIGINT,
  invitation_id VARCHAR,
  survey_id VARCHAR,
  received_at TIMESTAMP,
  payload VARCHAR,
  complete BOOLEAN,
  processed_at TIMESTAMP,
  outcome VARCHAR,
  error VARCHAR
)`,
      `CREATE TABLE survey_unsubscribes (
  email_hash VARCHAR PRIMARY KEY,
  customer_id VARCHAR,
  unsubscribed_at TIMESTAMP,
  via VARCHAR
)`,
      `CREATE TABLE survey_config (
  key VARCHAR PRIMARY KEY,
  value VARCHAR,
  updated_at TIMESTAMP
)`,
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS survey_id VARCHAR',
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS survey_version INTEGER',
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS question_id VARCHAR',
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS invitation_id VARCHAR',
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS via VARCHAR',
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS source_label VARCHAR',
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS location VARCHAR',
      'ALTER TABLE survey_responses ADD COLUMN IF NOT EXISTS choices VARCHAR',
      'ALTER TABLE contacts ADD COLUMN IF NOT EXISTS customer_email VARCHAR',
      'ALTER TABLE contacts ADD COLUMN IF NOT EXISTS customer_language VARCHAR',
      'ALTER TABLE survey_facts ADD COLUMN IF NOT EXISTS survey_id VARCHAR',
      'ALTER TABLE survey_facts ADD COLUMN IF NOT EXISTS question_id VARCHAR',
      'ALTER TABLE survey_facts ADD COLUMN IF NOT EXISTS survey_source VARCHAR',
      'ALTER TABLE survey_facts ADD COLUMN IF NOT EXISTS location VARCHAR',
    ],
  },
  {
    version: 12,
    description:
      'quality reviews: scorecards, reviews and ratings, sampling, assignments, calibration, disputes, coaching, training days, automatic checks; message text on events',
    // Reviews and ratings are canonical (importable, exportable); the review score is computed by
    // the qa_review_facts view from the ratings, so an imported review and one given here score
    // alike, and a dispute that changes a rating changes the score at once. The views are cheap:
    // reviews are counted in thousands, not millions.
    statements: [
      'ALTER TABLE contact_events ADD COLUMN IF NOT EXISTS body VARCHAR',
      createCanonicalTable(TABLES.qa_reviews),
      createCanonicalTable(TABLES.qa_ratings),
      createCanonicalTable(TABLES.training_days),
      `CREATE TABLE qa_scorecards (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  status VARCHAR,
  version INTEGER,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE qa_scorecard_versions (
  scorecard_id VARCHAR,
  version INTEGER,
  definition VARCHAR,
  created_at TIMESTAMP,
  created_by VARCHAR,
  PRIMARY KEY (scorecard_id, version)
)`,
      `CREATE TABLE qa_drafts (
  id VARCHAR PRIMARY KEY,
  reviewer_id VARCHAR,
  contact_source VARCHAR,
  contact_external_id VARCHAR,
  scorecard_id VARCHAR,
  scorecard_version INTEGER,
  payload VARCHAR,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE qa_sampling_rules (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  definition VARCHAR,
  enabled BOOLEAN,
  created_at TIMESTAMP,
  updated_at TIMESTAMP,
  last_run_at TIMESTAMP,
  last_outcome VARCHAR
)`,
      `CREATE TABLE qa_assignments (
  id VARCHAR PRIMARY KEY,
  rule_id VARCHAR,
  period VARCHAR,
  contact_source VARCHAR,
  contact_external_id VARCHAR,
  agent_id VARCHAR,
  reviewer_id VARCHAR,
  scorecard_id VARCHAR,
  kind VARCHAR,
  calibration_session_id VARCHAR,
  due_at TIMESTAMP,
  status VARCHAR,
  review_external_id VARCHAR,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE qa_goals (
  scope VARCHAR,
  scope_id VARCHAR,
  reviews_per_month INTEGER,
  updated_at TIMESTAMP,
  PRIMARY KEY (scope, scope_id)
)`,
      `CREATE TABLE qa_calibration_sessions (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  scorecard_id VARCHAR,
  scorecard_version INTEGER,
  reference_reviewer_id VARCHAR,
  reviewers VARCHAR,
  contacts VARCHAR,
  status VARCHAR,
  due_at TIMESTAMP,
  created_by VARCHAR,
  created_at TIMESTAMP,
  closed_at TIMESTAMP
)`,
      `CREATE TABLE qa_disputes (
  id VARCHAR PRIMARY KEY,
  review_source VARCHAR,
  review_external_id VARCHAR,
  agent_id VARCHAR,
  opened_by VARCHAR,
  reason VARCHAR,
  category_id VARCHAR,
  status VARCHAR,
  resolved_by VARCHAR,
  resolution VARCHAR,
  score_before DOUBLE PRECISION,
  score_after DOUBLE PRECISION,
  opened_at TIMESTAMP,
  resolved_at TIMESTAMP
)`,
      `CREATE TABLE qa_coaching_sessions (
  id VARCHAR PRIMARY KEY,
  agent_id VARCHAR,
  coach_id VARCHAR,
  held_on DATE,
  reviews VARCHAR,
  categories VARCHAR,
  notes VARCHAR,
  actions VARCHAR,
  follow_up_on DATE,
  status VARCHAR,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE qa_check_rules (
  id VARCHAR PRIMARY KEY,
  kind VARCHAR,
  label VARCHAR,
  enabled BOOLEAN,
  settings VARCHAR,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE qa_checked_contacts (
  contact_key VARCHAR PRIMARY KEY,
  checked_at TIMESTAMP
)`,
      `CREATE TABLE qa_check_hits (
  contact_key VARCHAR,
  rule_id VARCHAR,
  event_source VARCHAR,
  event_external_id VARCHAR,
  agent_id VARCHAR,
  occurred_at TIMESTAMP,
  detail VARCHAR
)`,
      `CREATE TABLE qa_config (
  key VARCHAR PRIMARY KEY,
  value VARCHAR,
  updated_at TIMESTAMP
)`,
      ...QA_VIEWS,
    ],
  },
  {
    version: 13,
    description:
      "the team's time: schedules, presence per channel, workforce settings and marked days, and the workforce facts (time per agent and interval, coverage of the opening hours, shifts)",
    // The facts are tables the workforce rebuild writes (src/services/workforce/facts.ts), not views:
    // presence is a running state over events, which the two engines cannot both derive in SQL
    // (no IGNORE NULLS in PostgreSQL), and the minutes are cut at every change to the second.
    statements: [
      createCanonicalTable(TABLES.schedules),
      'ALTER TABLE agent_status_events ADD COLUMN IF NOT EXISTS channel VARCHAR',
      `CREATE TABLE workforce_settings (
  key VARCHAR PRIMARY KEY,
  value VARCHAR,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE workforce_marked_days (
  id VARCHAR PRIMARY KEY,
  day DATE,
  channel VARCHAR,
  kind VARCHAR,
  factor DOUBLE PRECISION,
  label VARCHAR,
  created_by VARCHAR,
  created_at TIMESTAMP
)`,
      `CREATE TABLE workforce_agent_facts (
  agent_id VARCHAR,
  team_id VARCHAR,
  interval_start TIMESTAMP,
  activity VARCHAR,
  channel VARCHAR,
  scheduled BOOLEAN,
  paid BOOLEAN,
  on_contacts BOOLEAN,
  state VARCHAR,
  pause_reason VARCHAR,
  available BOOLEAN,
  handling BOOLEAN,
  adhered BOOLEAN,
  shrinkage_reason VARCHAR,
  minutes DOUBLE PRECISION
)`,
      `CREATE TABLE workforce_coverage_facts (
  team_id VARCHAR,
  channel VARCHAR,
  interval_start TIMESTAMP,
  covered BOOLEAN,
  scheduled_agents DOUBLE PRECISION,
  available_agents DOUBLE PRECISION,
  minutes DOUBLE PRECISION
)`,
      `CREATE TABLE workforce_shift_facts (
  agent_id VARCHAR,
  team_id VARCHAR,
  channel VARCHAR,
  shift_start TIMESTAMP,
  shift_end TIMESTAMP,
  first_available_at TIMESTAMP,
  late BOOLEAN,
  missed BOOLEAN,
  late_minutes DOUBLE PRECISION
)`,
    ],
  },
  {
    version: 14,
    description:
      'value to the business: customers, orders, costs, people, paid hours and exchange rates; business settings; and the business facts (customers, customer months, contacts followed by orders, the daily ledger of costs, revenue and work, the people days)',
    // Facts tables the business rebuild writes (src/services/business/facts.ts): they convert every
    // amount into the reporting currency, spread amounts over the days of their periods and decide
    // when a customer lapsed, all of which the KPI queries then only add up.
    statements: [
      ...(['customers', 'orders', 'costs', 'people', 'paid_hours', 'exchange_rates'] as const).map((name) =>
        createCanonicalTable(TABLES[name]),
      ),
      `CREATE TABLE business_settings (
  key VARCHAR PRIMARY KEY,
  value VARCHAR,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE business_customer_facts (
  customer_id VARCHAR,
  segment VARCHAR,
  acquisition_channel VARCHAR,
  country VARCHAR,
  first_seen_at TIMESTAMP,
  churned_at TIMESTAMP,
  churn_kind VARCHAR,
  first_order_at TIMESTAMP,
  last_order_at TIMESTAMP,
  orders INTEGER,
  revenue DOUBLE PRECISION,
  margin DOUBLE PRECISION,
  contacts INTEGER,
  handling VARCHAR,
  clv DOUBLE PRECISION
)`,
      `CREATE TABLE business_customer_month_facts (
  month_start TIMESTAMP,
  customer_id VARCHAR,
  segment VARCHAR,
  acquisition_channel VARCHAR,
  country VARCHAR,
  active BOOLEAN,
  active_at_start BOOLEAN,
  is_new BOOLEAN,
  churned BOOLEAN,
  ordered BOOLEAN,
  is_returning BOOLEAN,
  contacted BOOLEAN,
  escalations INTEGER
)`,
      `CREATE TABLE business_contact_facts (
  contact_key VARCHAR,
  created_at TIMESTAMP,
  channel VARCHAR,
  team_id VARCHAR,
  assignee_id VARCHAR,
  topic VARCHAR,
  customer_id VARCHAR,
  segment VARCHAR,
  acquisition_channel VARCHAR,
  resolved BOOLEAN,
  first_contact_resolved BOOLEAN,
  ordered_after BOOLEAN,
  revenue_after DOUBLE PRECISION
)`,
      `CREATE TABLE business_ledger_facts (
  day TIMESTAMP,
  team_id VARCHAR,
  channel VARCHAR,
  agent_id VARCHAR,
  cost_category VARCHAR,
  cost DOUBLE PRECISION,
  payroll DOUBLE PRECISION,
  spend DOUBLE PRECISION,
  revenue DOUBLE PRECISION,
  cost_of_goods DOUBLE PRECISION,
  margin DOUBLE PRECISION,
  handled DOUBLE PRECISION,
  resolved DOUBLE PRECISION,
  paid_hours DOUBLE PRECISION,
  fte_days DOUBLE PRECISION,
  costed BOOLEAN
)`,
      `CREATE TABLE business_people_facts (
  day TIMESTAMP,
  agent_id VARCHAR,
  team_id VARCHAR,
  fte DOUBLE PRECISION,
  employed DOUBLE PRECISION,
  leavers DOUBLE PRECISION,
  voluntary_leavers DOUBLE PRECISION,
  tenure_years DOUBLE PRECISION,
  new_agent BOOLEAN,
  training_days DOUBLE PRECISION
)`,
      `CREATE TABLE business_notices (
  kind VARCHAR,
  message VARCHAR,
  rows_left_out INTEGER
)`,
    ],
  },
  {
    version: 15,
    description:
      'reports and alerts: targets per channel, team or agent from a date with their history, baselines, saved views, dashboards, scheduled reports and their deliveries, alert rules with their state and events, and benchmarks',
    statements: [
      // A target applies from valid_from (null: always) to the next target of the same indicator and
      // scope; the rows are the current plan, kpi_target_changes the history of every change.
      'ALTER TABLE kpi_targets ADD COLUMN team_id VARCHAR',
      'ALTER TABLE kpi_targets ADD COLUMN agent_id VARCHAR',
      'ALTER TABLE kpi_targets ADD COLUMN valid_from DATE',
      'ALTER TABLE kpi_targets ADD COLUMN set_by VARCHAR',
      `CREATE TABLE kpi_target_changes (
  changed_at TIMESTAMP,
  user_id VARCHAR,
  kpi_id VARCHAR,
  channel VARCHAR,
  team_id VARCHAR,
  agent_id VARCHAR,
  valid_from DATE,
  old_value DOUBLE PRECISION,
  new_value DOUBLE PRECISION
)`,
      `CREATE TABLE kpi_baselines (
  id VARCHAR PRIMARY KEY,
  kpi_id VARCHAR,
  channel VARCHAR,
  team_id VARCHAR,
  agent_id VARCHAR,
  period_from DATE,
  period_to DATE,
  timezone VARCHAR,
  value DOUBLE PRECISION,
  n BIGINT,
  taken_at TIMESTAMP,
  taken_by VARCHAR
)`,
      `CREATE TABLE saved_views (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  owner_id VARCHAR,
  shared BOOLEAN,
  page VARCHAR,
  state VARCHAR,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE dashboards (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  owner_id VARCHAR,
  shared BOOLEAN,
  default_for VARCHAR,
  filters VARCHAR,
  tiles VARCHAR,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE reports (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  owner_id VARCHAR,
  view_id VARCHAR,
  dashboard_id VARCHAR,
  frequency VARCHAR,
  send_time VARCHAR,
  weekday INTEGER,
  month_day INTEGER,
  attach_pdf BOOLEAN,
  attach_csv BOOLEAN,
  paused BOOLEAN,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE report_recipients (
  report_id VARCHAR,
  position INTEGER,
  user_id VARCHAR,
  email VARCHAR,
  locale VARCHAR,
  timezone VARCHAR
)`,
      // One row per report, recipient and period: claimed before the mail goes out, so that a run
      // cut off and started again never sends the same period to the same recipient twice.
      `CREATE TABLE report_deliveries (
  report_id VARCHAR,
  recipient VARCHAR,
  period VARCHAR,
  message_id VARCHAR,
  status VARCHAR,
  claimed_at TIMESTAMP,
  sent_at TIMESTAMP,
  error VARCHAR,
  PRIMARY KEY (report_id, recipient, period)
)`,
      `CREATE TABLE alert_rules (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  owner_id VARCHAR,
  kind VARCHAR,
  kpi_id VARCHAR,
  filters VARCHAR,
  params VARCHAR,
  deliver VARCHAR,
  paused BOOLEAN,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE alert_states (
  rule_id VARCHAR PRIMARY KEY,
  firing BOOLEAN,
  since TIMESTAMP,
  pending_since TIMESTAMP,
  last_value DOUBLE PRECISION,
  last_n BIGINT,
  last_evaluated_at TIMESTAMP,
  last_notified_at TIMESTAMP
)`,
      `CREATE TABLE alert_events (
  id VARCHAR PRIMARY KEY,
  rule_id VARCHAR,
  kind VARCHAR,
  occurred_at TIMESTAMP,
  value DOUBLE PRECISION,
  n BIGINT,
  message VARCHAR,
  link VARCHAR,
  delivery VARCHAR
)`,
      `CREATE TABLE notification_reads (
  user_id VARCHAR,
  event_id VARCHAR,
  read_at TIMESTAMP
)`,
      createCanonicalTable(TABLES.benchmarks),
    ],
  },
  {
    version: 16,
    description:
      "customers' words: the texts analysed (language, tone, terms, brand attributes), the tone models trained on the team's own survey comments, themes and brand attributes",
    statements: [
      `CREATE TABLE words_settings (
  key VARCHAR PRIMARY KEY,
  value VARCHAR,
  updated_at TIMESTAMP
)`,
      // One row per text analysed: a survey comment, or a customer's message on a contact (social
      // when the contact's channel is social). The text itself stays where it was imported (the
      // comment, the event's body) and is erased there; these rows carry what was read from it,
      // with the contact's dimensions copied so that a query never joins.
      `CREATE TABLE text_items (
  item_key VARCHAR PRIMARY KEY,
  kind VARCHAR,
  source VARCHAR,
  external_id VARCHAR,
  contact_key VARCHAR,
  occurred_at TIMESTAMP,
  channel VARCHAR,
  team_id VARCHAR,
  agent_id VARCHAR,
  topic VARCHAR,
  priority VARCHAR,
  survey_kind VARCHAR,
  survey_score DOUBLE PRECISION,
  label VARCHAR,
  held_out BOOLEAN,
  language VARCHAR,
  lexicon_score DOUBLE PRECISION,
  model_score DOUBLE PRECISION,
  sentiment_score DOUBLE PRECISION,
  tone VARCHAR,
  confidence DOUBLE PRECISION,
  text_hash VARCHAR,
  analysed_at TIMESTAMP
)`,
      `CREATE TABLE text_terms (
  item_key VARCHAR,
  term VARCHAR,
  surface VARCHAR,
  n INTEGER
)`,
      `CREATE TABLE text_attribute_hits (
  item_key VARCHAR,
  attribute_id VARCHAR,
  term VARCHAR
)`,
      `CREATE TABLE words_themes (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  terms VARCHAR,
  pinned BOOLEAN,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE brand_attributes (
  id VARCHAR PRIMARY KEY,
  name VARCHAR,
  stance VARCHAR,
  words VARCHAR,
  created_at TIMESTAMP,
  updated_at TIMESTAMP
)`,
      `CREATE TABLE tone_models (
  language VARCHAR PRIMARY KEY,
  trained_at TIMESTAMP,
  train_n INTEGER,
  test_n INTEGER,
  accuracy DOUBLE PRECISION,
  lexicon_accuracy DOUBLE PRECISION,
  unsure_share DOUBLE PRECISION,
  model VARCHAR
)`,
      `CREATE VIEW text_facts AS
SELECT item_key, kind, contact_key, occurred_at, channel, team_id, agent_id, topic, priority, language,
  sentiment_score, tone, survey_score
FROM text_items`,
      `CREATE VIEW text_attribute_facts AS
SELECT DISTINCT h.item_key, h.attribute_id, i.kind, i.occurred_at, i.channel, i.team_id, i.agent_id, i.topic,
  i.priority, i.language, i.tone
FROM text_attribute_hits h JOIN text_items i ON i.item_key = h.item_key`,
    ],
  },
  {
    version: 17,
    description: 'Indexes for the look-ups of the facts rebuild on PostgreSQL',
    statements: [],
    postgresStatements: [
      // The last agent who replied before a survey was sent: a LATERAL look-up per survey answer.
      'CREATE INDEX contact_events_contact_time ON contact_events (contact_key, occurred_at)',
      // The business-hours interval a moment falls in: a LATERAL look-up per contact and moment.
      'CREATE INDEX business_intervals_calendar_start ON business_intervals (calendar_id, start_at)',
    ],
  },
  {
    version: 18,
    description: 'An index on the contact facts by contact on PostgreSQL',
    statements: [],
    postgresStatements: [
      // The quality views join a few hundred reviews to a contact's facts by its key: without an
      // index PostgreSQL reads every contact's facts for each (a third of the overview at 1M).
      'CREATE INDEX contact_facts_contact_key ON contact_facts (contact_key)',
    ],
  },
  {
    version: 19,
    description: 'The quality views read each contact once',
    // Migration 12's views were written for reviews counted in thousands; at 1M contacts two of
    // them cost more than the rest of the overview. Same columns, same order, same rows.
    //  - qa_review_facts scored the reviews from qa_rating_facts, which joins every rating to its
    //    contact's facts: read twice, that join scanned all the contact facts twice for a few
    //    hundred reviews (two thirds of each quality statement). The scoring needs only the ratings
    //    and their reviews; the contact's facts are joined once, at the end.
    //  - qa_check_facts looked each hit up per contact and rule (EXISTS over 8 rules × 1M
    //    contacts: 2.3 s a statement). The hits are gathered once per contact as `|rule|rule|` and
    //    each rule's row asks whether its id is among them (0.45 s). A rule id is one of the
    //    built-in checks' ids (`DEFAULT_CHECK_RULES`), none of which holds a `|`.
    statements: [
      qaReviewFactsView(
        'CREATE OR REPLACE VIEW',
        'rated',
        `rated AS (
  SELECT r.source || '|' || r.review_external_id AS review_key,
    COALESCE(r.group_id, r.category_id) AS group_key,
    COALESCE(r.weight, 1) AS weight,
    ${RATING_SCORE},
    COALESCE(v.critical_scope, 'review') AS critical_scope
  FROM qa_ratings r
  JOIN qa_reviews v ON v.source = r.source AND v.external_id = r.review_external_id
), `,
      ),
      `CREATE OR REPLACE VIEW qa_check_facts AS
WITH hit_rules AS (
  SELECT contact_key, '|' || string_agg(rule_id, '|') || '|' AS rules FROM qa_check_hits GROUP BY contact_key
)
SELECT f.contact_key, f.created_at, f.channel, f.team_id, f.assignee_id, f.topic, f.priority, r.id AS rule_id,
  COALESCE(position('|' || r.id || '|' IN h.rules) > 0, FALSE) AS hit
FROM qa_checked_contacts k JOIN contact_facts f ON f.contact_key = k.contact_key
LEFT JOIN hit_rules h ON h.contact_key = f.contact_key
CROSS JOIN qa_check_rules r WHERE r.enabled AND f.assignee_id IS NOT NULL`,
    ],
  },
  {
    version: 20,
    description: 'A checked contact keeps the list of the checks it hit',
    // Migration 19 gathered each contact's hits into `|rule|rule|` on every read of qa_check_facts:
    // at 1M checked contacts with 1.9M hits, 0.24 s of each 0.6 s statement, and the full overview
    // after an import's checks stayed above a second. The checks run writes a contact's hits and its
    // checked row in one transaction (src/services/qa/checks.ts), so it writes the list there too,
    // each rule once and in order; contacts checked before are given theirs from their stored hits.
    // Same columns, same rows.
    // The empty LEFT JOIN keeps DuckDB from joining the facts to the rules before the checked
    // contacts: it reorders inner joins by estimates, and on a database whose checks were written in
    // batches it built a hash table of 7.6M contact × rule rows (1.0 s a statement, not 0.3 s).
    // Joins are not reordered across an outer join.
    statements: [
      'ALTER TABLE qa_checked_contacts ADD COLUMN IF NOT EXISTS hit_rules VARCHAR',
      `UPDATE qa_checked_contacts SET hit_rules = h.rules
FROM (SELECT contact_key, '|' || string_agg(DISTINCT rule_id, '|' ORDER BY rule_id) || '|' AS rules FROM qa_check_hits GROUP BY contact_key) h
WHERE h.contact_key = qa_checked_contacts.contact_key`,
      `CREATE OR REPLACE VIEW qa_check_facts AS
SELECT f.contact_key, f.created_at, f.channel, f.team_id, f.assignee_id, f.topic, f.priority, r.id AS rule_id,
  COALESCE(position('|' || r.id || '|' IN k.hit_rules) > 0, FALSE) AS hit
FROM qa_checked_contacts k JOIN contact_facts f ON f.contact_key = k.contact_key
LEFT JOIN (SELECT 1 AS one) contact_first ON TRUE
CROSS JOIN qa_check_rules r WHERE r.enabled AND f.assignee_id IS NOT NULL`,
    ],
  },
  // Later migrations are appended here, in version order.
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * The views the migrations create, each as its latest migration writes it, in the order they were
 * created: a view reads only tables and views made before it. An engine that holds the analytical
 * tables elsewhere (ClickHouse) creates them there from these statements.
 */
export function viewStatements(): { view: string; sql: string }[] {
  const views = new Map<string, string>();
  for (const migration of MIGRATIONS)
    for (const statement of migration.statements) {
      const name = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)/i.exec(statement)?.[1];
      if (name !== undefined) views.set(name, statement);
      const dropped = /^\s*DROP\s+VIEW\s+(?:IF\s+EXISTS\s+)?(\w+)/i.exec(statement)?.[1];
      if (dropped !== undefined) views.delete(dropped);
    }
  return [...views].map(([view, sql]) => ({ view, sql }));
}
