import type { Engine, Row } from '../core/engine.js';
import { isTimeZone } from '../core/time-zone.js';
import { isoInstant } from './audit.js';

export interface DataStatusView {
  empty: boolean;
  contacts: number;
  surveys: number;
  from: string | null;
  to: string | null;
  lastImportAt: string | null;
  lastRebuildAt: string | null;
  stale: boolean;
  /** The team's time zone (see `teamTimeZone`): the dashboard's default. */
  timezone: string;
}

/**
 * The team's time zone: the default calendar's, else the one zone every calendar shares, else UTC.
 * The dashboard opens in it and the server's warm-up and the demo compute in it, whatever zone a
 * reader's browser is in, so that everyone reading the team's figures counts the same days. The
 * setting is the default calendar (Settings, or the calendars import).
 */
function teamTimeZone(row: Record<string, unknown>): string {
  for (const zone of [row.default_zone, row.only_zone]) {
    // A zone this runtime does not know would stop every query the dashboard sends.
    if (zone != null && isTimeZone(String(zone))) return String(zone);
  }
  return 'UTC';
}

/**
 * What data there is, for the dashboard's "no data yet" and "rebuild needed" messages, and the
 * team's time zone the dashboard opens in.
 */
export async function dataStatus(engine: Engine): Promise<DataStatusView> {
  const rows = await engine.all(
    `SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM survey_responses) AS surveys,
       (SELECT min(created_at) FROM contacts) AS lo, (SELECT max(created_at) FROM contacts) AS hi,
       (SELECT max(imported_at) FROM import_log) AS imported, (SELECT max(rebuilt_at) FROM facts_state) AS rebuilt,
       (SELECT min(timezone) FROM calendars WHERE is_default) AS default_zone,
       (SELECT CASE WHEN count(DISTINCT timezone) = 1 THEN min(timezone) END FROM calendars) AS only_zone`,
  );
  const r = rows[0] ?? {};
  const imported = isoInstant(r.imported);
  const rebuilt = isoInstant(r.rebuilt);
  const contacts = Number(r.contacts ?? 0);
  return {
    empty: contacts === 0,
    contacts,
    surveys: Number(r.surveys ?? 0),
    from: isoInstant(r.lo),
    to: isoInstant(r.hi),
    lastImportAt: imported,
    lastRebuildAt: rebuilt,
    stale: imported !== null && (rebuilt === null || imported > rebuilt),
    timezone: teamTimeZone(r),
  };
}

export interface FilterValuesView {
  channel: string[];
  team: { id: string; name: string | null }[];
  agent: { id: string; name: string | null; teamId: string | null }[];
  topic: string[];
  priority: string[];
  escalation_type: string[];
  survey_dimension: string[];
  /** Surveys answered or sent in the facts, named when servicemeter holds them. */
  survey: { id: string; name: string | null }[];
  survey_question: string[];
  survey_source: string[];
  survey_location: string[];
  /**
   * Scorecards, categories and reviewers of the quality reviews, checks of the automatic checks.
   * The reviewers are listed only for the whole team (staff), never for one agent.
   */
  qa_scorecard: { id: string; name: string | null }[];
  qa_category: { id: string; name: string | null }[];
  qa_reviewer: string[];
  qa_check: { id: string; name: string | null }[];
  /** Why scheduled time was not available for contacts (the workforce facts). */
  shrinkage_reason: string[];
  /** The customers' segments and acquisition channels, and the cost categories (the business facts). */
  segment: string[];
  acquisition_channel: string[];
  cost_category: string[];
  /** The languages of the customers' texts read, and the brand attributes (the customers' words). */
  text_language: string[];
  brand_attribute: { id: string; name: string | null }[];
}

/**
 * The values of each dimension in the facts (and the named teams and agents), sorted: those of the
 * contacts and of the survey answers, since survey KPIs group and filter by the answer's own channel,
 * team, agent, topic and priority (an agent may appear only in answers).
 */
/** The distinct values of a dimension over the contacts' facts and the survey answers' facts. */
function bothFacts(contactColumn: string, surveyColumn: string): string {
  return `SELECT v FROM (
     SELECT ${contactColumn} AS v FROM contact_facts WHERE ${contactColumn} IS NOT NULL
     UNION SELECT ${surveyColumn} AS v FROM survey_facts WHERE ${surveyColumn} IS NOT NULL
   ) x ORDER BY v`;
}

export async function filterValues(engine: Engine, onlyAgent: string | null): Promise<FilterValuesView> {
  const distinct = async (sql: string) => (await engine.all(sql)).map((r) => String(r.v));
  const p = engine.dialect.placeholder;
  const agents = await engine.all(
    `SELECT id, name, team_id FROM (
       SELECT id, name, team_id FROM agents
       UNION SELECT DISTINCT assignee_id, NULL, NULL FROM contact_facts
         WHERE assignee_id IS NOT NULL AND assignee_id NOT IN (SELECT id FROM agents)
       UNION SELECT DISTINCT agent_id, NULL, NULL FROM survey_facts
         WHERE agent_id IS NOT NULL AND agent_id NOT IN (SELECT id FROM agents)
     ) x ${onlyAgent === null ? '' : `WHERE id = ${p(1)}`} ORDER BY id`,
    onlyAgent === null ? [] : [onlyAgent],
  );
  // Each list is a scan of its own; two run at once on the server's reading connections.
  const [channel, teams, topic, priority, escalationType, surveyDimension] = await Promise.all([
    distinct(bothFacts('channel', 'channel')),
    engine.all(
      `SELECT id, name FROM (
         SELECT id, name FROM teams
         UNION SELECT DISTINCT team_id, NULL FROM contact_facts WHERE team_id IS NOT NULL AND team_id NOT IN (SELECT id FROM teams)
         UNION SELECT DISTINCT team_id, NULL FROM survey_facts WHERE team_id IS NOT NULL AND team_id NOT IN (SELECT id FROM teams)
       ) x ORDER BY id`,
    ),
    distinct(bothFacts('topic', 'topic')),
    distinct(bothFacts('priority', 'priority')),
    distinct(
      'SELECT DISTINCT first_escalation_type AS v FROM contact_facts WHERE first_escalation_type IS NOT NULL ORDER BY v',
    ),
    distinct('SELECT DISTINCT dimension AS v FROM survey_facts WHERE dimension IS NOT NULL ORDER BY v'),
  ]);
  const surveyColumn = (column: string) =>
    distinct(`SELECT DISTINCT ${column} AS v FROM survey_facts WHERE ${column} IS NOT NULL ORDER BY v`);
  const [surveys, question, surveySource, location] = await Promise.all([
    engine.all(
      `SELECT f.survey_id AS id, max(s.name) AS name FROM (SELECT DISTINCT survey_id FROM survey_facts WHERE survey_id IS NOT NULL) f
       LEFT JOIN surveys s ON s.id = f.survey_id GROUP BY f.survey_id ORDER BY f.survey_id`,
    ),
    surveyColumn('question_id'),
    surveyColumn('survey_source'),
    surveyColumn('location'),
  ]);
  const named = (rows: Row[]) =>
    rows.map((v) => ({ id: String(v.id), name: v.name == null ? null : String(v.name) }));
  const [qaScorecards, qaCategories, qaReviewers, qaChecks] = await Promise.all([
    engine.all(
      `SELECT v.scorecard_id AS id, max(s.name) AS name FROM qa_reviews v LEFT JOIN qa_scorecards s ON s.id = v.scorecard_id
       WHERE v.scorecard_id IS NOT NULL GROUP BY v.scorecard_id ORDER BY v.scorecard_id`,
    ),
    engine.all(
      'SELECT category_id AS id, max(category_name) AS name FROM qa_ratings GROUP BY category_id ORDER BY category_id',
    ),
    // Who reviews whom is staff business: an agent is not told the reviewers (their user ids).
    onlyAgent === null
      ? distinct('SELECT DISTINCT reviewer_id AS v FROM qa_reviews WHERE reviewer_id IS NOT NULL ORDER BY v')
      : Promise.resolve([]),
    engine.all('SELECT id, label AS name FROM qa_check_rules ORDER BY id'),
  ]);
  const shrinkageReasons = await distinct(
    'SELECT DISTINCT shrinkage_reason AS v FROM workforce_agent_facts WHERE shrinkage_reason IS NOT NULL ORDER BY v',
  );
  const customerColumn = (column: string) =>
    distinct(
      `SELECT DISTINCT ${column} AS v FROM business_customer_facts WHERE ${column} IS NOT NULL ORDER BY v`,
    );
  const [textLanguages, brandAttributes] = await Promise.all([
    distinct('SELECT DISTINCT language AS v FROM text_items WHERE language IS NOT NULL ORDER BY v'),
    engine.all('SELECT id, name FROM brand_attributes ORDER BY id'),
  ]);
  const [segment, acquisitionChannel, costCategory] = await Promise.all([
    customerColumn('segment'),
    customerColumn('acquisition_channel'),
    distinct(
      'SELECT DISTINCT cost_category AS v FROM business_ledger_facts WHERE cost_category IS NOT NULL ORDER BY v',
    ),
  ]);
  return {
    channel,
    team: teams.map((t) => ({ id: String(t.id), name: t.name == null ? null : String(t.name) })),
    agent: agents.map((a) => ({
      id: String(a.id),
      name: a.name == null ? null : String(a.name),
      teamId: a.team_id == null ? null : String(a.team_id),
    })),
    topic,
    priority,
    escalation_type: escalationType,
    survey_dimension: surveyDimension,
    survey: surveys.map((v) => ({ id: String(v.id), name: v.name == null ? null : String(v.name) })),
    survey_question: question,
    survey_source: surveySource,
    survey_location: location,
    qa_scorecard: named(qaScorecards),
    qa_category: named(qaCategories),
    qa_reviewer: qaReviewers,
    qa_check: named(qaChecks),
    shrinkage_reason: shrinkageReasons,
    segment,
    acquisition_channel: acquisitionChannel,
    cost_category: costCategory,
    text_language: textLanguages,
    brand_attribute: named(brandAttributes),
  };
}
