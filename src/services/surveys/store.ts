/**
 * Surveys as data: a row in surveys (name, status, distribution settings, current version) and one
 * row per version in survey_versions (the definition). Changing the definition makes the next
 * version; an answer keeps the version it was given, and is always read with that version's questions.
 */
import { randomBytes } from 'node:crypto';
import type { ZodError } from 'zod';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import {
  SURVEY_STATUSES,
  SurveyDefinition,
  SurveySettings,
  type SurveyStatus,
  type SurveyType,
} from '../../core/surveys/definition.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { SurveyProblem, SurveySummary, SurveyView } from './contract.js';

const SURVEY_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

function invalid(prefix: string, error: ZodError): SurveyProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({
      path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
      message: issue.message,
    })),
  };
}

function checkStatus(status: unknown): Result<SurveyStatus, SurveyProblem> {
  if (typeof status === 'string' && (SURVEY_STATUSES as readonly string[]).includes(status))
    return ok(status as SurveyStatus);
  return err({
    kind: 'invalid',
    issues: [{ path: 'status', message: `must be one of ${SURVEY_STATUSES.join(', ')}` }],
  });
}

function checkName(name: unknown): Result<string, SurveyProblem> {
  if (typeof name === 'string' && name.trim().length > 0 && name.length <= 200) return ok(name.trim());
  return err({ kind: 'invalid', issues: [{ path: 'name', message: 'must be 1 to 200 characters' }] });
}

export function newSurveyId(): string {
  return randomBytes(5).toString('hex');
}

/**
 * Creates a survey, active unless `status` says otherwise. `definition` and `settings` are checked
 * here (they come from a file, the CLI or the API); the settings' defaults fill what is left out.
 */
export async function createSurvey(
  engine: Engine,
  input: { name: string; definition: unknown; settings?: unknown; status?: SurveyStatus; id?: string },
  by: string | null,
  now: Date,
): Promise<Result<SurveyView, SurveyProblem>> {
  const name = checkName(input.name);
  if (!name.ok) return name;
  const status = checkStatus(input.status ?? 'active');
  if (!status.ok) return status;
  const definition = SurveyDefinition.safeParse(input.definition);
  if (!definition.success) return err(invalid('definition', definition.error));
  const settings = SurveySettings.safeParse(input.settings ?? {});
  if (!settings.success) return err(invalid('settings', settings.error));
  const widgetChosen =
    typeof input.settings === 'object' && input.settings !== null && 'widget' in input.settings;
  // A help-centre survey is made for the widget; any other survey is answered there only when chosen.
  if (!widgetChosen && definition.data.type === 'self_service') settings.data.widget = true;
  const id = input.id ?? newSurveyId();
  if (!SURVEY_ID.test(id))
    return err({
      kind: 'invalid',
      issues: [{ path: 'id', message: 'lower-case letters, digits, - and _, at most 40' }],
    });
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  const created = await engine.transaction(async () => {
    const existing = await engine.all(`SELECT id FROM surveys WHERE id = ${p(1)}`, [id]);
    if (existing.length > 0) return false;
    await engine.run(
      `INSERT INTO surveys (id, name, kind, status, version, settings, created_at, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 1, ${p(5)}, CAST(${p(6)} AS TIMESTAMP), CAST(${p(6)} AS TIMESTAMP))`,
      [id, name.data, definition.data.type, status.data, JSON.stringify(settings.data), at],
    );
    await engine.run(
      `INSERT INTO survey_versions (survey_id, version, definition, created_at, created_by)
       VALUES (${p(1)}, 1, ${p(2)}, CAST(${p(3)} AS TIMESTAMP), ${p(4)})`,
      [id, JSON.stringify(definition.data), at, by],
    );
    return true;
  });
  if (!created) return err({ kind: 'conflict', reason: `a survey with id ${id} exists` });
  const view = await getSurvey(engine, id);
  if (view === null) throw new Error(`survey ${id} was created but cannot be read`);
  return ok(view);
}

/**
 * Changes a survey. A definition that differs from the current one becomes the next version (the
 * survey's type cannot change: answers of both would be read as one); settings replace the old
 * ones as a whole.
 */
export async function updateSurvey(
  engine: Engine,
  id: string,
  patch: { name?: string; definition?: unknown; settings?: unknown; status?: SurveyStatus },
  by: string | null,
  now: Date,
): Promise<Result<SurveyView, SurveyProblem>> {
  const name = patch.name === undefined ? null : checkName(patch.name);
  if (name && !name.ok) return name;
  const status = patch.status === undefined ? null : checkStatus(patch.status);
  if (status && !status.ok) return status;
  const definition = patch.definition === undefined ? null : SurveyDefinition.safeParse(patch.definition);
  if (definition && !definition.success) return err(invalid('definition', definition.error));
  const settings = patch.settings === undefined ? null : SurveySettings.safeParse(patch.settings);
  if (settings && !settings.success) return err(invalid('settings', settings.error));
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  const outcome = await engine.transaction(async (): Promise<Result<true, SurveyProblem>> => {
    const current = await getSurvey(engine, id);
    if (current === null) return err({ kind: 'not_found', what: `survey ${id}` });
    let version = current.version;
    if (definition?.success && JSON.stringify(definition.data) !== JSON.stringify(current.definition)) {
      if (definition.data.type !== current.type)
        return err({
          kind: 'conflict',
          reason: `survey ${id} is a ${current.type} survey; make a new survey for ${definition.data.type}`,
        });
      version += 1;
      await engine.run(
        `INSERT INTO survey_versions (survey_id, version, definition, created_at, created_by)
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS TIMESTAMP), ${p(5)})`,
        [id, version, JSON.stringify(definition.data), at, by],
      );
    }
    await engine.run(
      `UPDATE surveys SET name = ${p(1)}, status = ${p(2)}, version = ${p(3)}, settings = ${p(4)},
         updated_at = CAST(${p(5)} AS TIMESTAMP) WHERE id = ${p(6)}`,
      [
        name?.ok ? name.data : current.name,
        status?.ok ? status.data : current.status,
        version,
        JSON.stringify(settings?.success ? settings.data : current.settings),
        at,
        id,
      ],
    );
    return ok(true);
  });
  if (!outcome.ok) return outcome;
  const view = await getSurvey(engine, id);
  if (view === null) throw new Error(`survey ${id} was updated but cannot be read`);
  return ok(view);
}

function toView(row: Row, definitionJson: string, version: number): SurveyView {
  return {
    id: String(row.id),
    name: String(row.name),
    type: String(row.kind) as SurveyType,
    status: String(row.status) as SurveyStatus,
    version,
    // Stored after being checked; parsed again so defaults added since fill in.
    definition: SurveyDefinition.parse(JSON.parse(definitionJson)),
    settings: SurveySettings.parse(JSON.parse(String(row.settings))),
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
  };
}

/** The survey with its current definition, or with that of `version` (whose number it then carries). */
export async function getSurvey(engine: Engine, id: string, version?: number): Promise<SurveyView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT s.id, s.name, s.kind, s.status, s.version, s.settings,
       CAST(s.created_at AS VARCHAR) AS created_at, CAST(s.updated_at AS VARCHAR) AS updated_at,
       v.version AS shown_version, v.definition
     FROM surveys s JOIN survey_versions v ON v.survey_id = s.id AND v.version = COALESCE(${p(2)}, s.version)
     WHERE s.id = ${p(1)}`,
    [id, version ?? null],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return toView(row, String(row.definition), Number(row.shown_version));
}

/** Every survey with its invitations sent and answered, newest first. */
export async function listSurveys(engine: Engine): Promise<SurveySummary[]> {
  const rows = await engine.all(
    `SELECT s.id, s.name, s.kind, s.status, s.version, v.definition,
       COALESCE(i.sent, 0) AS sent, COALESCE(i.answered, 0) AS answered,
       COALESCE(i.answered_of_sent, 0) AS answered_of_sent, CAST(i.last_answer_at AS VARCHAR) AS last_answer_at
     FROM surveys s
     JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.version
     LEFT JOIN (
       SELECT survey_id, count(sent_at) AS sent, count(answered_at) AS answered,
         sum(CASE WHEN sent_at IS NOT NULL AND answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered_of_sent,
         max(answered_at) AS last_answer_at
       FROM survey_invitations GROUP BY survey_id
     ) i ON i.survey_id = s.id
     ORDER BY s.created_at DESC, s.id`,
  );
  return rows.map((row) => {
    const definition = JSON.parse(String(row.definition)) as { languages?: string[] };
    const sent = Number(row.sent);
    return {
      id: String(row.id),
      name: String(row.name),
      type: String(row.kind) as SurveyType,
      status: String(row.status) as SurveyStatus,
      version: Number(row.version),
      languages: definition.languages ?? [],
      sent,
      answered: Number(row.answered),
      responseRate: sent === 0 ? null : Number(row.answered_of_sent) / sent,
      lastAnswerAt: isoInstant(row.last_answer_at),
    };
  });
}

export async function listVersions(
  engine: Engine,
  id: string,
): Promise<{ version: number; createdAt: string; createdBy: string | null }[]> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT version, CAST(created_at AS VARCHAR) AS created_at, created_by FROM survey_versions
     WHERE survey_id = ${p(1)} ORDER BY version`,
    [id],
  );
  return rows.map((row) => ({
    version: Number(row.version),
    createdAt: isoInstant(row.created_at) ?? '',
    createdBy: row.created_by == null ? null : String(row.created_by),
  }));
}
