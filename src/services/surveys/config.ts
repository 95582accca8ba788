/**
 * The surveys' settings that belong to the database rather than to one survey: the secret every
 * link is signed with, how long answers are kept, the address the links point at, the default look.
 * Kept as key/value rows in survey_config.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { Branding } from '../../core/surveys/definition.js';
import { sqlInstant } from '../audit.js';

const SECRET_KEY = 'signing_secret';

const secrets = new WeakMap<Engine, Promise<Buffer>>();

async function readOrCreateSecret(engine: Engine): Promise<Buffer> {
  const p = engine.dialect.placeholder;
  // Two servers (or a server and a command) starting at once both try; the first row stays.
  await engine.run(
    `INSERT INTO survey_config (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP)) ON CONFLICT DO NOTHING`,
    [SECRET_KEY, randomBytes(32).toString('base64url'), sqlInstant(new Date())],
  );
  const rows = await engine.all(`SELECT value FROM survey_config WHERE key = ${p(1)}`, [SECRET_KEY]);
  const value = rows[0]?.value;
  if (typeof value !== 'string' || value.length < 32)
    throw new Error('survey_config has no usable signing secret');
  return Buffer.from(value, 'base64url');
}

/** The secret links, unsubscribe tokens and challenges are signed with: made on first use, kept per engine. */
export function surveySecret(engine: Engine): Promise<Buffer> {
  let secret = secrets.get(engine);
  if (secret === undefined) {
    secret = readOrCreateSecret(engine);
    secret.catch(() => secrets.delete(engine));
    secrets.set(engine, secret);
  }
  return secret;
}

export const SurveyConfig = z.object({
  /** Answers older than this many days are erased (or anonymised) by the retention job; null keeps them. */
  retentionDays: z.number().int().min(1).max(36_500).nullable(),
  /** Erasing keeps the scores without who gave them (customer, contact, comment cleared). */
  keepAnonymised: z.boolean(),
  /** The address customers reach the survey pages at (links in mails); null: the server's own. */
  publicBaseUrl: z
    .string()
    .url()
    .max(500)
    .refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// address')
    .nullable(),
  defaultBranding: Branding,
});
export type SurveyConfig = z.infer<typeof SurveyConfig>;

export const DEFAULT_SURVEY_CONFIG: SurveyConfig = {
  retentionDays: null,
  keepAnonymised: true,
  publicBaseUrl: null,
  defaultBranding: { colour: '#1f5fbf' },
};

const CONFIG_KEYS = {
  retentionDays: 'retention_days',
  keepAnonymised: 'keep_anonymised',
  publicBaseUrl: 'public_base_url',
  defaultBranding: 'default_branding',
} as const satisfies Record<keyof SurveyConfig, string>;

export async function getSurveyConfig(engine: Engine): Promise<SurveyConfig> {
  // Only the config's own keys: the rows also hold wave lists, which can be large.
  const keys = Object.values(CONFIG_KEYS);
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT key, value FROM survey_config WHERE key IN (${keys.map((_, i) => p(i + 1)).join(', ')})`,
    keys,
  );
  const stored = new Map(rows.map((row) => [String(row.key), row.value == null ? null : String(row.value)]));
  const config: Record<string, unknown> = { ...DEFAULT_SURVEY_CONFIG };
  for (const [field, key] of Object.entries(CONFIG_KEYS)) {
    const value = stored.get(key);
    if (value !== undefined && value !== null) config[field] = JSON.parse(value) as unknown;
  }
  const parsed = SurveyConfig.safeParse(config);
  // A value written by a later version that this one does not read: its default holds.
  return parsed.success ? parsed.data : DEFAULT_SURVEY_CONFIG;
}

/** Changes the fields given (checked by the caller's schema, and again here); returns the whole config. */
export async function setSurveyConfig(
  engine: Engine,
  patch: Partial<SurveyConfig>,
  now = new Date(),
): Promise<SurveyConfig> {
  const parsed = SurveyConfig.partial().strict().safeParse(patch);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`survey config: ${issues.join('; ')}`);
  }
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    for (const [field, value] of Object.entries(parsed.data)) {
      if (value === undefined) continue;
      const key = CONFIG_KEYS[field as keyof SurveyConfig];
      await engine.run(`DELETE FROM survey_config WHERE key = ${p(1)}`, [key]);
      await engine.run(
        `INSERT INTO survey_config (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))`,
        [key, JSON.stringify(value), sqlInstant(now)],
      );
    }
  });
  return getSurveyConfig(engine);
}
