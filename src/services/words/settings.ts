/**
 * The settings of the text analysis (words_settings, key `settings`): which kinds of text are read,
 * the team's own terms, and how sure a tone must be. Saving them makes sure the analysis job exists.
 */
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { sqlInstant } from '../audit.js';
import { DEFAULT_WORDS_SETTINGS, TEXT_KINDS, type WordsProblem, type WordsSettings } from './contract.js';
import { ensureWordsJob } from './job.js';

const SETTINGS_KEY = 'settings';
export const MAX_DICTIONARY_TERMS = 2000;
export const MAX_TERM_LENGTH = 60;
export const MIN_CONFIDENCE = 0.5;
export const MAX_CONFIDENCE = 0.95;

type Issue = { path: string; message: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `input` laid over `base`, checked field by field; every problem names its field. Dictionary terms
 * are trimmed and kept once each, in the order given.
 */
export function parseWordsSettings(input: unknown, base: WordsSettings): Result<WordsSettings, Issue[]> {
  if (!isObject(input)) return err([{ path: '(body)', message: 'must be an object' }]);
  const issues: Issue[] = [];
  for (const key of Object.keys(input))
    if (!['sources', 'dictionary', 'minConfidence'].includes(key))
      issues.push({ path: key, message: 'is not a setting (settings: sources, dictionary, minConfidence)' });
  const sources = { ...base.sources };
  if (input.sources !== undefined) {
    if (!isObject(input.sources))
      issues.push({ path: 'sources', message: 'must be an object of true/false' });
    else
      for (const [kind, on] of Object.entries(input.sources)) {
        if (!(TEXT_KINDS as readonly string[]).includes(kind))
          issues.push({
            path: `sources.${kind}`,
            message: `is not a kind of text (${TEXT_KINDS.join(', ')})`,
          });
        else if (typeof on !== 'boolean')
          issues.push({ path: `sources.${kind}`, message: 'must be true or false' });
        else sources[kind as keyof typeof sources] = on;
      }
  }
  let dictionary = base.dictionary;
  if (input.dictionary !== undefined) {
    if (!Array.isArray(input.dictionary))
      issues.push({ path: 'dictionary', message: 'must be a list of terms' });
    else if (input.dictionary.length > MAX_DICTIONARY_TERMS)
      issues.push({
        path: 'dictionary',
        message: `at most ${MAX_DICTIONARY_TERMS} terms, got ${input.dictionary.length}`,
      });
    else {
      const seen = new Set<string>();
      input.dictionary.forEach((value, index) => {
        const term = typeof value === 'string' ? value.trim() : null;
        if (term === null) issues.push({ path: `dictionary.${index}`, message: 'must be text' });
        else if (term.length < 1 || term.length > MAX_TERM_LENGTH)
          issues.push({ path: `dictionary.${index}`, message: `must be 1 to ${MAX_TERM_LENGTH} characters` });
        else seen.add(term);
      });
      dictionary = [...seen];
    }
  }
  let minConfidence = base.minConfidence;
  if (input.minConfidence !== undefined) {
    const value = input.minConfidence;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < MIN_CONFIDENCE ||
      value > MAX_CONFIDENCE
    )
      issues.push({
        path: 'minConfidence',
        message: `must be a number from ${MIN_CONFIDENCE} to ${MAX_CONFIDENCE}`,
      });
    else minConfidence = value;
  }
  if (issues.length > 0) return err(issues);
  return ok({ sources, dictionary, minConfidence });
}

/** The settings stored, the defaults where none are (or a stored value no longer reads). */
export async function getWordsSettings(engine: Engine): Promise<WordsSettings> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT value FROM words_settings WHERE key = ${p(1)}`, [SETTINGS_KEY]);
  const stored = rows[0]?.value;
  if (typeof stored !== 'string') return structuredClone(DEFAULT_WORDS_SETTINGS);
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return structuredClone(DEFAULT_WORDS_SETTINGS);
  }
  const parsed = parseWordsSettings(value, structuredClone(DEFAULT_WORDS_SETTINGS));
  return parsed.ok ? parsed.data : structuredClone(DEFAULT_WORDS_SETTINGS);
}

/**
 * Changes the settings (the fields given; the others keep their value). Texts of a kind switched
 * off leave the analysis at its next run; a changed dictionary or confidence reads every text again.
 */
export async function putWordsSettings(
  engine: Engine,
  input: unknown,
  now: Date,
): Promise<Result<WordsSettings, WordsProblem>> {
  const parsed = parseWordsSettings(input, await getWordsSettings(engine));
  if (!parsed.ok) return err({ kind: 'invalid', issues: parsed.error });
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO words_settings (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [SETTINGS_KEY, JSON.stringify(parsed.data), sqlInstant(now)],
  );
  await ensureWordsJob(engine, now);
  return ok(parsed.data);
}
