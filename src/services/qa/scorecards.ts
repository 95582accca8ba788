/**
 * Quality scorecards as data: a row in qa_scorecards (name, status, current version) and one row per
 * version in qa_scorecard_versions (the definition). As with surveys, a changed definition is the
 * next version; a review keeps the version it was given with.
 */
import { randomBytes } from 'node:crypto';
import type { ZodError } from 'zod';
import type { Engine, Row } from '../../core/engine.js';
import { SCORECARD_STATUSES, ScorecardDefinition, type ScorecardStatus } from '../../core/qa/scorecard.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { QaProblem, ScorecardVersionView, ScorecardView } from './contract.js';

const SCORECARD_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function invalidDefinition(prefix: string, error: ZodError): QaProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({
      path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
      message: issue.message,
    })),
  };
}

function checkStatus(status: unknown): Result<ScorecardStatus, QaProblem> {
  if (typeof status === 'string' && (SCORECARD_STATUSES as readonly string[]).includes(status))
    return ok(status as ScorecardStatus);
  return err({
    kind: 'invalid',
    issues: [{ path: 'status', message: `must be one of ${SCORECARD_STATUSES.join(', ')}` }],
  });
}

function toView(row: Row): ScorecardView {
  return {
    id: String(row.id),
    name: String(row.name),
    status: String(row.status) as ScorecardStatus,
    version: Number(row.version),
    // Stored after being checked; parsed again so defaults added since fill in.
    definition: ScorecardDefinition.parse(JSON.parse(String(row.definition))),
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
  };
}

const SELECT_SCORECARD = `SELECT s.id, s.name, s.status, s.version, v.definition,
  CAST(s.created_at AS VARCHAR) AS created_at, CAST(s.updated_at AS VARCHAR) AS updated_at
FROM qa_scorecards s JOIN qa_scorecard_versions v ON v.scorecard_id = s.id AND v.version = s.version`;

/** Every scorecard with its current definition, by name. */
export async function listScorecards(engine: Engine): Promise<ScorecardView[]> {
  const rows = await engine.all(`${SELECT_SCORECARD} ORDER BY s.name, s.id`);
  return rows.map(toView);
}

export async function getScorecard(engine: Engine, id: string): Promise<ScorecardView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`${SELECT_SCORECARD} WHERE s.id = ${p(1)}`, [id]);
  const row = rows[0];
  return row === undefined ? null : toView(row);
}

/**
 * Creates a scorecard, active unless `status` says otherwise. The definition is checked here (it
 * comes from a file, the CLI or the API); its defaults fill what is left out.
 */
export async function createScorecard(
  engine: Engine,
  input: { definition: unknown; status?: ScorecardStatus; id?: string },
  by: string | null,
  now: Date,
): Promise<Result<ScorecardView, QaProblem>> {
  const status = checkStatus(input.status ?? 'active');
  if (!status.ok) return status;
  const definition = ScorecardDefinition.safeParse(input.definition);
  if (!definition.success) return err(invalidDefinition('definition', definition.error));
  const id = input.id ?? randomBytes(5).toString('hex');
  if (!SCORECARD_ID.test(id))
    return err({
      kind: 'invalid',
      issues: [{ path: 'id', message: 'lower-case letters, digits, - and _, at most 40' }],
    });
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  const created = await engine.transaction(async () => {
    const existing = await engine.all(`SELECT id FROM qa_scorecards WHERE id = ${p(1)}`, [id]);
    if (existing.length > 0) return false;
    await engine.run(
      `INSERT INTO qa_scorecards (id, name, status, version, created_at, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, 1, CAST(${p(4)} AS TIMESTAMP), CAST(${p(4)} AS TIMESTAMP))`,
      [id, definition.data.name, status.data, at],
    );
    await engine.run(
      `INSERT INTO qa_scorecard_versions (scorecard_id, version, definition, created_at, created_by)
       VALUES (${p(1)}, 1, ${p(2)}, CAST(${p(3)} AS TIMESTAMP), ${p(4)})`,
      [id, JSON.stringify(definition.data), at, by],
    );
    return true;
  });
  if (!created) return err({ kind: 'conflict', reason: `a scorecard with id ${id} exists` });
  const view = await getScorecard(engine, id);
  if (view === null) throw new Error(`scorecard ${id} was created but cannot be read`);
  return ok(view);
}

/**
 * Changes a scorecard's status or definition. A definition that differs from the current one
 * becomes the next version; the reviews given with earlier versions keep theirs.
 */
export async function updateScorecard(
  engine: Engine,
  id: string,
  changes: { definition?: unknown; status?: ScorecardStatus },
  by: string | null,
  now: Date,
): Promise<Result<ScorecardView, QaProblem>> {
  const status = changes.status === undefined ? null : checkStatus(changes.status);
  if (status && !status.ok) return status;
  const definition =
    changes.definition === undefined ? null : ScorecardDefinition.safeParse(changes.definition);
  if (definition && !definition.success) return err(invalidDefinition('definition', definition.error));
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  const outcome = await engine.transaction(async (): Promise<Result<true, QaProblem>> => {
    const current = await getScorecard(engine, id);
    if (current === null) return err({ kind: 'not_found', what: `scorecard ${id}` });
    let version = current.version;
    let name = current.name;
    if (definition?.success && JSON.stringify(definition.data) !== JSON.stringify(current.definition)) {
      version += 1;
      name = definition.data.name;
      await engine.run(
        `INSERT INTO qa_scorecard_versions (scorecard_id, version, definition, created_at, created_by)
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS TIMESTAMP), ${p(5)})`,
        [id, version, JSON.stringify(definition.data), at, by],
      );
    }
    await engine.run(
      `UPDATE qa_scorecards SET name = ${p(1)}, status = ${p(2)}, version = ${p(3)},
         updated_at = CAST(${p(4)} AS TIMESTAMP) WHERE id = ${p(5)}`,
      [name, status?.ok ? status.data : current.status, version, at, id],
    );
    return ok(true);
  });
  if (!outcome.ok) return outcome;
  const view = await getScorecard(engine, id);
  if (view === null) throw new Error(`scorecard ${id} was updated but cannot be read`);
  return ok(view);
}

/** Every version of a scorecard, oldest first; null when there is no such scorecard. */
export async function listScorecardVersions(
  engine: Engine,
  id: string,
): Promise<ScorecardVersionView[] | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT version, definition, CAST(created_at AS VARCHAR) AS created_at, created_by
     FROM qa_scorecard_versions WHERE scorecard_id = ${p(1)} ORDER BY version`,
    [id],
  );
  if (rows.length === 0) return null;
  return rows.map((row) => ({
    version: Number(row.version),
    definition: ScorecardDefinition.parse(JSON.parse(String(row.definition))),
    createdAt: isoInstant(row.created_at) ?? '',
    createdBy: row.created_by === null ? null : String(row.created_by),
  }));
}

export async function scorecardVersion(
  engine: Engine,
  id: string,
  version: number,
): Promise<ScorecardDefinition | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT definition FROM qa_scorecard_versions WHERE scorecard_id = ${p(1)} AND version = ${p(2)}`,
    [id, version],
  );
  const row = rows[0];
  return row === undefined ? null : ScorecardDefinition.parse(JSON.parse(String(row.definition)));
}

/**
 * The active scorecard that applies to a conversation: one naming its channel or team first (one
 * naming both before one naming either), else one naming neither. Among equals, the oldest.
 */
export async function scorecardFor(
  engine: Engine,
  conversation: { channel: string | null; teamId: string | null },
): Promise<ScorecardView | null> {
  const active = (await listScorecards(engine)).filter((s) => s.status === 'active');
  let best: { scorecard: ScorecardView; named: number } | null = null;
  for (const scorecard of active) {
    const { channels, teams } = scorecard.definition;
    const channelFits =
      channels.length === 0 ||
      (conversation.channel !== null && (channels as readonly string[]).includes(conversation.channel));
    const teamFits =
      teams.length === 0 || (conversation.teamId !== null && teams.includes(conversation.teamId));
    if (!channelFits || !teamFits) continue;
    const named = (channels.length > 0 ? 1 : 0) + (teams.length > 0 ? 1 : 0);
    if (
      best === null ||
      named > best.named ||
      (named === best.named &&
        (scorecard.createdAt < best.scorecard.createdAt ||
          (scorecard.createdAt === best.scorecard.createdAt && scorecard.id < best.scorecard.id)))
    )
      best = { scorecard, named };
  }
  return best?.scorecard ?? null;
}
