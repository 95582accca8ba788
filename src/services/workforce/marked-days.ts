/**
 * Days the forecast treats apart, marked by the team: a one-off event (a campaign, a price change:
 * arrivals × factor, or a factor learnt from past events of the same label when left out) or a day the
 * team is closed. For one channel or, with no channel, for every channel. Public holidays come from
 * the business-hours calendars and are not marked here.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, recordAudit, sqlInstant } from '../audit.js';
import { type MarkedDayView, STAFFED_CHANNELS, type WorkforceProblem } from './contract.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const Day = z
  .string()
  .refine(
    (text) => ISO_DAY.test(text) && new Date(Date.parse(`${text}T00:00:00Z`)).toISOString().startsWith(text),
    'must be a date, YYYY-MM-DD',
  );

const NewMarkedDay = z
  .object({
    day: Day,
    channel: z.enum(STAFFED_CHANNELS).nullable().default(null),
    kind: z.enum(['event', 'closed']),
    factor: z.number().min(0).max(100).nullable().default(null),
    label: z.string().trim().min(1).max(200),
  })
  .strict()
  .refine((day) => day.kind === 'event' || day.factor === null, {
    message: 'a closed day has no factor',
    path: ['factor'],
  });

export type MarkedDayInput = z.input<typeof NewMarkedDay>;

function view(row: Row): MarkedDayView {
  return {
    id: String(row.id),
    day: String(row.day),
    channel: row.channel === null ? null : (String(row.channel) as MarkedDayView['channel']),
    kind: String(row.kind) as MarkedDayView['kind'],
    factor: row.factor === null ? null : Number(row.factor),
    label: String(row.label ?? ''),
    createdBy: row.created_by === null ? null : String(row.created_by),
    createdAt: new Date(isoInstant(row.created_at) ?? '').toISOString(),
  };
}

const COLUMNS =
  'id, CAST(day AS VARCHAR) AS day, channel, kind, factor, label, created_by, CAST(created_at AS VARCHAR) AS created_at';

/** The marked days from `from` to `to` (local dates, both included), in order. */
export async function listMarkedDays(
  engine: Engine,
  range: { from?: string; to?: string } = {},
): Promise<MarkedDayView[]> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [];
  const where: string[] = [];
  if (range.from) where.push(`day >= CAST(${p(params.push(range.from))} AS DATE)`);
  if (range.to) where.push(`day <= CAST(${p(params.push(range.to))} AS DATE)`);
  const rows = await engine.all(
    `SELECT ${COLUMNS} FROM workforce_marked_days${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
     ORDER BY day, channel NULLS FIRST, id`,
    params,
  );
  return rows.map(view);
}

export async function addMarkedDay(
  engine: Engine,
  input: unknown,
  by: string | null,
  now: Date,
): Promise<Result<MarkedDayView, WorkforceProblem>> {
  const parsed = NewMarkedDay.safeParse(input);
  if (!parsed.success)
    return err({
      kind: 'invalid',
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    });
  const day = parsed.data;
  const p = engine.dialect.placeholder;
  const same = await engine.all(
    `SELECT id FROM workforce_marked_days WHERE day = CAST(${p(1)} AS DATE) AND channel IS NOT DISTINCT FROM ${p(2)} AND kind = ${p(3)} AND label = ${p(4)}`,
    [day.day, day.channel, day.kind, day.label],
  );
  if (same.length > 0)
    return err({
      kind: 'conflict',
      reason: `${day.day} is already marked ${day.kind} "${day.label}" (${String(same[0]?.id)})`,
    });
  const id = randomBytes(6).toString('hex');
  await engine.transaction(async () => {
    await engine.run(
      `INSERT INTO workforce_marked_days (id, day, channel, kind, factor, label, created_by, created_at)
       VALUES (${p(1)}, CAST(${p(2)} AS DATE), ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, CAST(${p(8)} AS TIMESTAMP))`,
      [id, day.day, day.channel, day.kind, day.factor, day.label, by, sqlInstant(now)],
    );
    await recordAudit(
      engine,
      { action: 'workforce.marked_day.add', userId: by, target: id, detail: { ...day } },
      now,
    );
  });
  const rows = await engine.all(`SELECT ${COLUMNS} FROM workforce_marked_days WHERE id = ${p(1)}`, [id]);
  return ok(view(rows[0] as Row));
}

/** Removes a marked day; answers it as it was. `by` and `now` are for the audit log. */
export async function removeMarkedDay(
  engine: Engine,
  id: string,
  by: string | null = null,
  now: Date = new Date(),
): Promise<Result<MarkedDayView, WorkforceProblem>> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT ${COLUMNS} FROM workforce_marked_days WHERE id = ${p(1)}`, [id]);
  const found = rows[0];
  if (!found) return err({ kind: 'not_found', what: `marked day ${id}` });
  const removed = view(found);
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM workforce_marked_days WHERE id = ${p(1)}`, [id]);
    await recordAudit(
      engine,
      {
        action: 'workforce.marked_day.remove',
        userId: by,
        target: id,
        detail: { day: removed.day, label: removed.label },
      },
      now,
    );
  });
  return ok(removed);
}
