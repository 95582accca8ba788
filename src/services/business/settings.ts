/**
 * What a team sets once for the business capability (BusinessSettings): the reporting currency,
 * when a quiet customer has lapsed, the conversion window after a contact, how long an agent is
 * new, and the margin share of orders without a cost of goods.
 *
 * Only what was changed is stored (business_settings, key 'settings', a JSON object of overrides);
 * everything else is a default. Every setting changes the facts, so a change rebuilds them.
 */
import { z } from 'zod';
import { currencyCode } from '../../core/currency.js';
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { sqlInstant } from '../audit.js';
import { type BusinessProblem, type BusinessSettings, DEFAULT_BUSINESS_SETTINGS } from './contract.js';
import { rebuildBusinessFacts } from './facts.js';

const SETTINGS_KEY = 'settings';

const whole = (min: number, max: number, unit: string) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `at least ${min} ${unit}`)
    .max(max, `at most ${max} ${unit}`);

/** A change: any of the settings; null puts the currency or the margin share back to none. */
export const BusinessSettingsPatch = z
  .object({
    reportingCurrency: z
      .string()
      .nullable()
      .transform((value, ctx) => {
        if (value === null) return null;
        const code = currencyCode(value);
        if (code === null) {
          ctx.addIssue({
            code: 'custom',
            message: `${JSON.stringify(value)} is no ISO 4217 currency code, e.g. EUR`,
          });
          return z.NEVER;
        }
        return code;
      }),
    churnAfterDays: whole(1, 3650, 'days'),
    conversionDays: whole(1, 365, 'days'),
    newAgentDays: whole(1, 3650, 'days'),
    defaultMarginShare: z.number().min(0, 'at least 0').max(1, 'at most 1 (0.3 for 30 %)').nullable(),
  })
  .partial()
  .strict();
type Overrides = z.infer<typeof BusinessSettingsPatch>;

function invalid(error: z.ZodError): BusinessProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

async function storedOverrides(engine: Engine): Promise<Overrides> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT value FROM business_settings WHERE key = ${p(1)}`, [SETTINGS_KEY]);
  const text = rows[0]?.value;
  if (typeof text !== 'string') return {};
  try {
    const parsed = BusinessSettingsPatch.safeParse(JSON.parse(text));
    // A value written by another version that no longer validates is left out, not fatal.
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function getBusinessSettings(engine: Engine): Promise<BusinessSettings> {
  return { ...DEFAULT_BUSINESS_SETTINGS, ...(await storedOverrides(engine)) };
}

/** Merges `patch` into the stored overrides and rebuilds the business facts with them. */
export async function updateBusinessSettings(
  engine: Engine,
  patch: unknown,
  now: Date,
): Promise<Result<BusinessSettings, BusinessProblem>> {
  const parsed = BusinessSettingsPatch.safeParse(patch);
  if (!parsed.success) return err(invalid(parsed.error));
  const overrides: Overrides = { ...(await storedOverrides(engine)), ...parsed.data };
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM business_settings WHERE key = ${p(1)}`, [SETTINGS_KEY]);
    await engine.run(
      `INSERT INTO business_settings (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))`,
      [SETTINGS_KEY, JSON.stringify(overrides), sqlInstant(now)],
    );
    await rebuildBusinessFacts(engine, now);
  });
  return ok({ ...DEFAULT_BUSINESS_SETTINGS, ...overrides });
}
