/**
 * The schedule: canonical `schedules` rows made and changed in servicemeter. A block made here has
 * source `servicemeter` and a new id. Blocks imported from another source (a WFM tool, an iCalendar
 * file) can be changed and removed too: the change is stored under the block's own key, so the next
 * import of that source puts the block back as the source has it.
 *
 * Blocks of one agent do not overlap: a block that would is refused, naming the block it clashes
 * with, with one exception: a break, meeting or training placed inside one contact block (a shift on
 * a channel) splits that block around it, as placing a break in a shift does in WFM tools.
 *
 * Every change is audited and rebuilds the workforce facts.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { CONTACT_ACTIVITIES, SCHEDULE_ACTIVITIES, type ScheduleActivity } from '../../core/schema.js';
import { isoInstant, recordAudit, sqlInstant } from '../audit.js';
import {
  type ScheduleBlock,
  type ScheduleBlockInput,
  WORKFORCE_SOURCE,
  type WorkforceProblem,
} from './contract.js';
import { rebuildWorkforceFacts } from './facts.js';
import { addDays, mondayOf, teamCalendar } from './series.js';

/** A block lasts at most a day: a longer absence is one block per day. */
const MAX_BLOCK_MS = 24 * 3_600_000;
/** Activities that, placed inside a shift on a channel, split it instead of clashing with it. */
const SPLITTING_ACTIVITIES: readonly ScheduleActivity[] = ['break', 'meeting', 'training'];

const Instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    'must be an ISO 8601 instant with Z or an offset',
  )
  .refine((text) => !Number.isNaN(Date.parse(text)), 'must be an existing date and time');
const Fields = {
  agentId: z.string().trim().min(1).max(200),
  startsAt: Instant,
  endsAt: Instant,
  activity: z.enum(SCHEDULE_ACTIVITIES),
  note: z.string().max(2000).nullable(),
};
const NewBlock = z.object({ ...Fields, note: Fields.note.optional() }).strict();
const BlockChanges = z.object(Fields).partial().strict();

function invalid(error: z.ZodError): WorkforceProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

const problem = (path: string, message: string): WorkforceProblem => ({
  kind: 'invalid',
  issues: [{ path, message }],
});

const newId = () => randomBytes(8).toString('hex');

const BLOCK_COLUMNS = `s.source, s.external_id, s.agent_id, a.name AS agent_name, a.team_id,
  CAST(s.starts_at AS VARCHAR) AS starts_at, CAST(s.ends_at AS VARCHAR) AS ends_at, s.activity, s.note`;

function blockView(row: Row): ScheduleBlock {
  return {
    source: String(row.source),
    externalId: String(row.external_id),
    agentId: String(row.agent_id),
    agentName: row.agent_name === null || row.agent_name === undefined ? null : String(row.agent_name),
    teamId: row.team_id === null || row.team_id === undefined ? null : String(row.team_id),
    startsAt: new Date(isoInstant(row.starts_at) ?? '').toISOString(),
    endsAt: new Date(isoInstant(row.ends_at) ?? '').toISOString(),
    activity: String(row.activity) as ScheduleActivity,
    note: row.note === null || row.note === undefined ? null : String(row.note),
  };
}

/** The blocks overlapping [from, to), of some agents or of one team, in order of start. */
export async function listSchedule(
  engine: Engine,
  query: { from: Date; to: Date; agentIds?: string[]; teamId?: string | null },
): Promise<ScheduleBlock[]> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [sqlInstant(query.to), sqlInstant(query.from)];
  const where = [`s.starts_at < CAST(${p(1)} AS TIMESTAMP)`, `s.ends_at > CAST(${p(2)} AS TIMESTAMP)`];
  if (query.agentIds !== undefined) {
    if (query.agentIds.length === 0) return [];
    where.push(`s.agent_id IN (${query.agentIds.map((id) => p(params.push(id))).join(', ')})`);
  }
  if (query.teamId) where.push(`a.team_id = ${p(params.push(query.teamId))}`);
  const rows = await engine.all(
    `SELECT ${BLOCK_COLUMNS} FROM schedules s LEFT JOIN agents a ON a.id = s.agent_id
     WHERE ${where.join(' AND ')} ORDER BY s.starts_at, s.agent_id, s.ends_at, s.source, s.external_id`,
    params,
  );
  return rows.map(blockView);
}

async function findBlock(
  engine: Engine,
  key: { source: string; externalId: string },
): Promise<ScheduleBlock | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT ${BLOCK_COLUMNS} FROM schedules s LEFT JOIN agents a ON a.id = s.agent_id
     WHERE s.source = ${p(1)} AND s.external_id = ${p(2)}`,
    [key.source, key.externalId],
  );
  return rows[0] ? blockView(rows[0]) : null;
}

interface Span {
  agentId: string;
  starts: Date;
  ends: Date;
  activity: ScheduleActivity;
  note: string | null;
}

/** The checks of a block on its own and against the agents; null when it passes. */
async function checkBlock(engine: Engine, block: Span): Promise<WorkforceProblem | null> {
  const p = engine.dialect.placeholder;
  if ((await engine.all(`SELECT id FROM agents WHERE id = ${p(1)}`, [block.agentId])).length === 0)
    return problem('agentId', `there is no agent ${block.agentId}`);
  if (block.ends <= block.starts) return problem('endsAt', 'must be after startsAt');
  if (block.ends.getTime() - block.starts.getTime() > MAX_BLOCK_MS)
    return problem('endsAt', 'a block lasts at most 24 hours; make one block per day');
  return null;
}

/** The agent's blocks overlapping the span, other than `except`. */
async function overlapping(
  engine: Engine,
  span: Pick<Span, 'agentId' | 'starts' | 'ends'>,
  except?: { source: string; externalId: string },
): Promise<ScheduleBlock[]> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [span.agentId, sqlInstant(span.ends), sqlInstant(span.starts)];
  const other = except
    ? ` AND NOT (s.source = ${p(params.push(except.source))} AND s.external_id = ${p(params.push(except.externalId))})`
    : '';
  const rows = await engine.all(
    `SELECT ${BLOCK_COLUMNS} FROM schedules s LEFT JOIN agents a ON a.id = s.agent_id
     WHERE s.agent_id = ${p(1)} AND s.starts_at < CAST(${p(2)} AS TIMESTAMP) AND s.ends_at > CAST(${p(3)} AS TIMESTAMP)${other}
     ORDER BY s.starts_at`,
    params,
  );
  return rows.map(blockView);
}

const clash = (block: ScheduleBlock): WorkforceProblem => ({
  kind: 'conflict',
  reason: `overlaps the ${block.activity} block ${block.source}|${block.externalId} of ${block.agentId} from ${block.startsAt} to ${block.endsAt}`,
});

async function insertBlock(engine: Engine, source: string, externalId: string, span: Span): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO schedules (source, external_id, agent_id, starts_at, ends_at, activity, note)
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS TIMESTAMP), CAST(${p(5)} AS TIMESTAMP), ${p(6)}, ${p(7)})`,
    [
      source,
      externalId,
      span.agentId,
      sqlInstant(span.starts),
      sqlInstant(span.ends),
      span.activity,
      span.note,
    ],
  );
}

async function setTimes(engine: Engine, block: ScheduleBlock, starts: Date, ends: Date): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.run(
    `UPDATE schedules SET starts_at = CAST(${p(1)} AS TIMESTAMP), ends_at = CAST(${p(2)} AS TIMESTAMP)
     WHERE source = ${p(3)} AND external_id = ${p(4)}`,
    [sqlInstant(starts), sqlInstant(ends), block.source, block.externalId],
  );
}

const keyOf = (block: { source: string; externalId: string }) => `${block.source}|${block.externalId}`;

/**
 * Adds a block. A break, meeting or training inside one contact block splits that block: its part
 * before keeps its key, its part after becomes a new servicemeter block.
 */
export async function addScheduleBlock(
  engine: Engine,
  input: ScheduleBlockInput,
  by: string | null,
  now: Date,
): Promise<Result<ScheduleBlock, WorkforceProblem>> {
  const parsed = NewBlock.safeParse(input);
  if (!parsed.success) return err(invalid(parsed.error));
  const span: Span = {
    agentId: parsed.data.agentId,
    starts: new Date(parsed.data.startsAt),
    ends: new Date(parsed.data.endsAt),
    activity: parsed.data.activity,
    note: parsed.data.note ?? null,
  };
  const refused = await checkBlock(engine, span);
  if (refused) return err(refused);
  const clashing = await overlapping(engine, span);
  const shift = clashing[0];
  const splits =
    clashing.length === 1 &&
    shift !== undefined &&
    SPLITTING_ACTIVITIES.includes(span.activity) &&
    (CONTACT_ACTIVITIES as readonly string[]).includes(shift.activity) &&
    new Date(shift.startsAt) <= span.starts &&
    new Date(shift.endsAt) >= span.ends &&
    !(
      new Date(shift.startsAt).getTime() === span.starts.getTime() &&
      new Date(shift.endsAt).getTime() === span.ends.getTime()
    );
  if (shift && !splits) return err(clash(shift));
  const externalId = newId();
  await engine.transaction(async () => {
    let split: Record<string, unknown> | null = null;
    if (shift) {
      const shiftStarts = new Date(shift.startsAt);
      const shiftEnds = new Date(shift.endsAt);
      const before = shiftStarts < span.starts;
      const after = shiftEnds > span.ends;
      let afterKey: string | null = null;
      if (before) await setTimes(engine, shift, shiftStarts, span.starts);
      else await setTimes(engine, shift, span.ends, shiftEnds);
      if (before && after) {
        const tailId = newId();
        await insertBlock(engine, WORKFORCE_SOURCE, tailId, {
          agentId: shift.agentId,
          starts: span.ends,
          ends: shiftEnds,
          activity: shift.activity,
          note: shift.note,
        });
        afterKey = `${WORKFORCE_SOURCE}|${tailId}`;
      }
      split = { block: keyOf(shift), from: shift.startsAt, to: shift.endsAt, after: afterKey };
    }
    await insertBlock(engine, WORKFORCE_SOURCE, externalId, span);
    await recordAudit(
      engine,
      {
        action: 'workforce.schedule.add',
        userId: by,
        target: `${WORKFORCE_SOURCE}|${externalId}`,
        detail: {
          agentId: span.agentId,
          startsAt: span.starts.toISOString(),
          endsAt: span.ends.toISOString(),
          activity: span.activity,
          ...(split ? { split } : {}),
        },
      },
      now,
    );
    await rebuildWorkforceFacts(engine, now);
  });
  return ok((await findBlock(engine, { source: WORKFORCE_SOURCE, externalId })) as ScheduleBlock);
}

/** Changes a block's agent, times, activity or note; the result must not overlap another block. */
export async function updateScheduleBlock(
  engine: Engine,
  key: { source: string; externalId: string },
  changes: unknown,
  by: string | null,
  now: Date,
): Promise<Result<ScheduleBlock, WorkforceProblem>> {
  const parsed = BlockChanges.safeParse(changes);
  if (!parsed.success) return err(invalid(parsed.error));
  const current = await findBlock(engine, key);
  if (current === null) return err({ kind: 'not_found', what: `schedule block ${keyOf(key)}` });
  const span: Span = {
    agentId: parsed.data.agentId ?? current.agentId,
    starts: new Date(parsed.data.startsAt ?? current.startsAt),
    ends: new Date(parsed.data.endsAt ?? current.endsAt),
    activity: parsed.data.activity ?? current.activity,
    note: parsed.data.note === undefined ? current.note : parsed.data.note,
  };
  const refused = await checkBlock(engine, span);
  if (refused) return err(refused);
  const clashing = (await overlapping(engine, span, key))[0];
  if (clashing) return err(clash(clashing));
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(
      `UPDATE schedules SET agent_id = ${p(1)}, starts_at = CAST(${p(2)} AS TIMESTAMP), ends_at = CAST(${p(3)} AS TIMESTAMP),
         activity = ${p(4)}, note = ${p(5)} WHERE source = ${p(6)} AND external_id = ${p(7)}`,
      [
        span.agentId,
        sqlInstant(span.starts),
        sqlInstant(span.ends),
        span.activity,
        span.note,
        key.source,
        key.externalId,
      ],
    );
    await recordAudit(
      engine,
      {
        action: 'workforce.schedule.change',
        userId: by,
        target: keyOf(key),
        detail: {
          before: {
            agentId: current.agentId,
            startsAt: current.startsAt,
            endsAt: current.endsAt,
            activity: current.activity,
          },
          changes: parsed.data,
        },
      },
      now,
    );
    await rebuildWorkforceFacts(engine, now);
  });
  return ok((await findBlock(engine, key)) as ScheduleBlock);
}

/** Removes a block; answers the block as it was. */
export async function removeScheduleBlock(
  engine: Engine,
  key: { source: string; externalId: string },
  by: string | null,
  now: Date,
): Promise<Result<ScheduleBlock, WorkforceProblem>> {
  const current = await findBlock(engine, key);
  if (current === null) return err({ kind: 'not_found', what: `schedule block ${keyOf(key)}` });
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM schedules WHERE source = ${p(1)} AND external_id = ${p(2)}`, [
      key.source,
      key.externalId,
    ]);
    await recordAudit(
      engine,
      {
        action: 'workforce.schedule.remove',
        userId: by,
        target: keyOf(key),
        detail: {
          agentId: current.agentId,
          startsAt: current.startsAt,
          endsAt: current.endsAt,
          activity: current.activity,
        },
      },
      now,
    );
    await rebuildWorkforceFacts(engine, now);
  });
  return ok(current);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Copies the blocks of the week holding `fromWeek` into the week holding `toWeek`: weeks run Monday
 * to Sunday in the time zone of each agent's team calendar (else the default calendar, else UTC), a
 * block belongs to the week it starts in, and each copy keeps its local wall-clock times, so a shift
 * of 09:00–17:00 stays 09:00–17:00 across a daylight-saving change. Copies are new servicemeter
 * blocks; a copy that would overlap a block already in the target week is skipped and counted.
 */
export async function copyScheduleWeek(
  engine: Engine,
  query: { fromWeek: string; toWeek: string; agentIds?: string[] },
  by: string | null,
  now: Date,
): Promise<{ copied: number; skipped: number }> {
  for (const [field, value] of [
    ['fromWeek', query.fromWeek],
    ['toWeek', query.toWeek],
  ] as const)
    if (!ISO_DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
      throw new RangeError(`${field}: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  const fromMonday = mondayOf(query.fromWeek);
  const weeks = Math.round((Date.parse(mondayOf(query.toWeek)) - Date.parse(fromMonday)) / (7 * 86_400_000));
  if (weeks === 0) return { copied: 0, skipped: 0 };
  const p = engine.dialect.placeholder;
  const agentFilter =
    query.agentIds === undefined
      ? ''
      : ` AND a.id IN (${query.agentIds.map((_, i) => p(i + 1)).join(', ') || 'NULL'})`;
  const agents = await engine.all(
    `SELECT a.id, a.team_id FROM agents a WHERE a.id IN (SELECT agent_id FROM schedules)${agentFilter} ORDER BY a.id`,
    query.agentIds ?? [],
  );
  const zones = new Map<string, string>();
  let copied = 0;
  let skipped = 0;
  await engine.transaction(async () => {
    for (const agent of agents) {
      const teamId = agent.team_id === null ? null : String(agent.team_id);
      const zoneKey = teamId ?? '';
      let zone = zones.get(zoneKey);
      if (zone === undefined) {
        zone = (await teamCalendar(engine, teamId)).timezone;
        zones.set(zoneKey, zone);
      }
      const weekStart = DateTime.fromISO(fromMonday, { zone });
      const blocks = await listSchedule(engine, {
        from: weekStart.toJSDate(),
        to: DateTime.fromISO(addDays(fromMonday, 7), { zone }).toJSDate(),
        agentIds: [String(agent.id)],
      });
      for (const block of blocks) {
        if (new Date(block.startsAt) < weekStart.toJSDate()) continue; // belongs to the week before
        const shift = (instant: string) => DateTime.fromISO(instant, { zone }).plus({ weeks }).toJSDate();
        const span: Span = {
          agentId: block.agentId,
          starts: shift(block.startsAt),
          ends: shift(block.endsAt),
          activity: block.activity,
          note: block.note,
        };
        if (span.ends <= span.starts || (await overlapping(engine, span)).length > 0) {
          skipped++;
          continue;
        }
        await insertBlock(engine, WORKFORCE_SOURCE, newId(), span);
        copied++;
      }
    }
    await recordAudit(
      engine,
      {
        action: 'workforce.schedule.copy_week',
        userId: by,
        target: `${fromMonday}→${mondayOf(query.toWeek)}`,
        detail: { agentIds: query.agentIds ?? null, copied, skipped },
      },
      now,
    );
    if (copied > 0) await rebuildWorkforceFacts(engine, now);
  });
  return { copied, skipped };
}
