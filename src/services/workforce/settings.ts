/**
 * What a team lead sets once for the workforce capability (WorkforceSettings): the grace period of a
 * late start, the staffing interval, the queue model, the targets per channel, chat concurrency, the
 * occupancy cap, the shrinkage and the work time of a written reply.
 *
 * Only what was changed is stored (workforce_settings, key 'settings', a JSON object of overrides);
 * everything else is a default. The service-level targets default to what the KPI settings already
 * say (the service-level answer time per channel from the thresholds, the service_level KPI target
 * as the share; the first-response deadline as the response target of e-mail and social), so a team
 * that set those once is not asked again. An override always wins over them.
 */
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { DEFAULT_FRT_TARGET_SECONDS, DEFAULT_SERVICE_LEVEL_SECONDS } from '../../core/targets.js';
import { QUEUE_MODELS, type StaffingTarget } from '../../core/workforce/erlang.js';
import { sqlInstant } from '../audit.js';
import type { WorkforceProblem, WorkforceSettings } from './contract.js';
import { rebuildWorkforceFacts } from './facts.js';

const SETTINGS_KEY = 'settings';
/** The service-level share when no KPI target names one: the contact-centre habit of 80 %. */
const DEFAULT_SERVICE_LEVEL_SHARE = 0.8;

export const DEFAULT_WORKFORCE_SETTINGS: WorkforceSettings = {
  graceMinutes: 5,
  intervalMinutes: 30,
  model: 'erlang-a',
  targets: {
    phone: { kind: 'service-level', share: 0.8, seconds: 20 },
    chat: { kind: 'service-level', share: 0.8, seconds: 30 },
    email: { responseTargetSeconds: 3600 },
    social: { responseTargetSeconds: 3600 },
  },
  chatConcurrency: 2,
  maxOccupancy: 0.85,
  shrinkage: null,
  writtenReplyMinutes: 5,
};

/** A share strictly between 0 and 1, as the queue models take it. */
const Share = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1 (0.8 for 80 %)');
const DAY_SECONDS = 86_400;

export const StaffingTargetSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('service-level'), share: Share, seconds: z.number().min(0).max(DAY_SECONDS) })
    .strict(),
  z.object({ kind: z.literal('asa'), seconds: z.number().gt(0).max(DAY_SECONDS) }).strict(),
  z.object({ kind: z.literal('abandonment'), share: Share }).strict(),
]);

const ResponseTarget = z
  .object({
    responseTargetSeconds: z
      .number()
      .gt(0)
      .max(30 * DAY_SECONDS, 'at most 30 days'),
  })
  .strict();

const Fields = {
  graceMinutes: z.number().min(0).max(240, 'at most 240 minutes'),
  intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)], {
    message: 'must be 15, 30 or 60',
  }),
  model: z.enum(QUEUE_MODELS as ['erlang-c', 'erlang-a']),
  targets: z
    .object({
      phone: StaffingTargetSchema,
      chat: StaffingTargetSchema,
      email: ResponseTarget,
      social: ResponseTarget,
    })
    .strict(),
  chatConcurrency: z.number().int('must be a whole number').min(1).max(20),
  // A cap near 0 asks for traffic ÷ cap agents (a million at 0.0001): below 30 % no team staffs.
  maxOccupancy: z.number().min(0.3, 'at least 0.3 (30 %)').max(1, 'at most 1 (0.85 for 85 %)'),
  shrinkage: z.number().min(0).lt(0.95, 'below 0.95 (0.3 for 30 %)').nullable(),
  writtenReplyMinutes: z.number().gt(0).max(480, 'at most 480 minutes'),
};

export const WorkforceSettingsSchema = z.object(Fields).strict();

/** A change: any field, and any channel of the targets (a channel's target is replaced whole). */
export const WorkforceSettingsChanges = z
  .object({ ...Fields, targets: Fields.targets.partial() })
  .partial()
  .strict();
type Overrides = z.infer<typeof WorkforceSettingsChanges>;

function invalid(error: z.ZodError): WorkforceProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

function merge(base: WorkforceSettings, overrides: Overrides): WorkforceSettings {
  const { targets, ...rest } = overrides;
  return { ...base, ...rest, targets: { ...base.targets, ...targets } } as WorkforceSettings;
}

/** The defaults, with the targets the KPI settings already hold. */
async function defaultsFromKpiSettings(engine: Engine): Promise<WorkforceSettings> {
  const thresholds = await engine.all(
    `SELECT metric, channel, threshold_seconds FROM targets
     WHERE team_id IS NULL AND channel IN ('phone', 'chat', 'email', 'social') AND metric IN ('service_level', 'frt')`,
  );
  const shares = await engine.all(
    "SELECT channel, value FROM kpi_targets WHERE kpi_id = 'service_level' ORDER BY channel NULLS FIRST",
  );
  const seconds = (metric: string, channel: string, fallback: number) => {
    const row = thresholds.find((t) => t.metric === metric && t.channel === channel);
    const value = row ? Number(row.threshold_seconds) : Number.NaN;
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  const share = (channel: string) => {
    const row = shares.find((r) => r.channel === channel) ?? shares.find((r) => r.channel === null);
    const value = row ? Number(row.value) : Number.NaN;
    return value > 0 && value < 1 ? value : DEFAULT_SERVICE_LEVEL_SHARE;
  };
  const queued = (channel: 'phone' | 'chat'): StaffingTarget => ({
    kind: 'service-level',
    share: share(channel),
    seconds: seconds('service_level', channel, DEFAULT_SERVICE_LEVEL_SECONDS[channel] ?? 20),
  });
  const written = (channel: 'email' | 'social') => ({
    responseTargetSeconds: seconds('frt', channel, DEFAULT_FRT_TARGET_SECONDS[channel] ?? 3600) || 3600,
  });
  return {
    ...DEFAULT_WORKFORCE_SETTINGS,
    targets: {
      phone: queued('phone'),
      chat: queued('chat'),
      email: written('email'),
      social: written('social'),
    },
  };
}

async function storedOverrides(engine: Engine): Promise<Overrides> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT value FROM workforce_settings WHERE key = ${p(1)}`, [SETTINGS_KEY]);
  const text = rows[0]?.value;
  if (typeof text !== 'string') return {};
  try {
    const parsed = WorkforceSettingsChanges.safeParse(JSON.parse(text));
    // A value written by another version that no longer validates is left out, not fatal.
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function getWorkforceSettings(engine: Engine): Promise<WorkforceSettings> {
  return merge(await defaultsFromKpiSettings(engine), await storedOverrides(engine));
}

/**
 * Merges `changes` into the stored overrides. The facts depend on the grace period (late starts)
 * and the written-reply minutes (handling time of e-mail and social), so a change of either
 * rebuilds them.
 */
export async function updateWorkforceSettings(
  engine: Engine,
  changes: unknown,
  now: Date,
): Promise<Result<WorkforceSettings, WorkforceProblem>> {
  const parsed = WorkforceSettingsChanges.safeParse(changes);
  if (!parsed.success) return err(invalid(parsed.error));
  const before = await getWorkforceSettings(engine);
  const stored = await storedOverrides(engine);
  const overrides: Overrides = {
    ...stored,
    ...parsed.data,
    ...(stored.targets || parsed.data.targets
      ? { targets: { ...stored.targets, ...parsed.data.targets } }
      : {}),
  };
  const after = merge(await defaultsFromKpiSettings(engine), overrides);
  const checked = WorkforceSettingsSchema.safeParse(after);
  if (!checked.success) return err(invalid(checked.error));
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM workforce_settings WHERE key = ${p(1)}`, [SETTINGS_KEY]);
    await engine.run(
      `INSERT INTO workforce_settings (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))`,
      [SETTINGS_KEY, JSON.stringify(overrides), sqlInstant(now)],
    );
    if (
      before.graceMinutes !== after.graceMinutes ||
      before.writtenReplyMinutes !== after.writtenReplyMinutes
    )
      await rebuildWorkforceFacts(engine, now);
  });
  return ok(after);
}
