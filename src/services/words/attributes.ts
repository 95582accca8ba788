/**
 * Brand attributes: the image the team wants ("fast", "friendly") and the one it fears ("slow"),
 * each with its words per language. A text expresses an attribute when one of those words, read the
 * way the texts are read (stemmed, segmented), is among its terms; the hits are kept in
 * text_attribute_hits and counted here per attribute, tone, channel and period.
 */
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { attributeTerms } from '../../core/words/match.js';
import { createTokenizer, type Tokenizer } from '../../core/words/tokenize.js';
import { sqlInstant } from '../audit.js';
import {
  ATTRIBUTE_STANCES,
  type AttributeProfileRow,
  type AttributeStance,
  type BrandAttribute,
  type TermFilters,
  WORDS_LANGUAGES,
  type WordsLanguage,
  type WordsProblem,
} from './contract.js';
import {
  periodsTable,
  SqlParams,
  type TrendGrain,
  textWhere,
  trendPeriods,
  type WordsVisibility,
} from './filters.js';
import { getWordsSettings } from './settings.js';

export const ATTRIBUTES_LIMIT = 50;
const NAME_LIMIT = 60;
const WORDS_PER_LANGUAGE = 50;
const WORD_LIMIT = 60;
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,59}$/;

type Issue = { path: string; message: string };

export async function listAttributes(engine: Engine): Promise<BrandAttribute[]> {
  const rows = await engine.all(
    'SELECT id, name, stance, words FROM brand_attributes ORDER BY stance DESC, lower(name), id',
  );
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    stance: String(row.stance) as AttributeStance,
    words: JSON.parse(String(row.words ?? '{}')) as BrandAttribute['words'],
  }));
}

function slug(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-+|-+$/g, '')
    .slice(0, 40);
  return base === '' ? 'attribute' : base;
}

/** The attributes as given, each field checked; ids made from names where none is given. */
export function parseAttributes(input: unknown): Result<BrandAttribute[], Issue[]> {
  const issues: Issue[] = [];
  if (!Array.isArray(input)) return err([{ path: 'attributes', message: 'a list of brand attributes' }]);
  if (input.length > ATTRIBUTES_LIMIT)
    return err([{ path: 'attributes', message: `at most ${ATTRIBUTES_LIMIT} attributes` }]);
  const attributes: BrandAttribute[] = [];
  const ids = new Set<string>();
  input.forEach((raw: unknown, index) => {
    const at = `attributes.${index}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issues.push({ path: at, message: 'an object { name, stance, words }' });
      return;
    }
    const item = raw as Record<string, unknown>;
    for (const field of Object.keys(item))
      if (!['id', 'name', 'stance', 'words'].includes(field))
        issues.push({
          path: `${at}.${field}`,
          message: 'not a field of a brand attribute (id, name, stance, words)',
        });
    const name = typeof item.name === 'string' ? item.name.trim() : '';
    if (name === '' || name.length > NAME_LIMIT)
      issues.push({ path: `${at}.name`, message: `a name of 1–${NAME_LIMIT} characters` });
    if (!(ATTRIBUTE_STANCES as readonly unknown[]).includes(item.stance))
      issues.push({ path: `${at}.stance`, message: `one of ${ATTRIBUTE_STANCES.join(', ')}` });
    let id = slug(name);
    if (item.id !== undefined) {
      if (typeof item.id !== 'string' || !ID_PATTERN.test(item.id))
        issues.push({ path: `${at}.id`, message: 'lowercase letters, digits, - and _, at most 60' });
      else if (ids.has(item.id)) issues.push({ path: `${at}.id`, message: `${item.id} is given twice` });
      else id = item.id;
    } else {
      for (let n = 2; ids.has(id); n++) id = `${slug(name)}-${n}`;
    }
    ids.add(id);
    const words: Partial<Record<WordsLanguage, string[]>> = {};
    if (typeof item.words !== 'object' || item.words === null || Array.isArray(item.words)) {
      issues.push({ path: `${at}.words`, message: `words per language, e.g. { "nl": ["snel"] }` });
    } else {
      const entries = Object.entries(item.words as Record<string, unknown>);
      if (entries.length === 0)
        issues.push({ path: `${at}.words`, message: 'words in at least one language' });
      for (const [language, list] of entries) {
        const where = `${at}.words.${language}`;
        if (!(WORDS_LANGUAGES as readonly string[]).includes(language)) {
          issues.push({ path: where, message: `not one of the languages ${WORDS_LANGUAGES.join(', ')}` });
          continue;
        }
        if (!Array.isArray(list) || list.length === 0 || list.length > WORDS_PER_LANGUAGE) {
          issues.push({ path: where, message: `a list of 1–${WORDS_PER_LANGUAGE} words` });
          continue;
        }
        const kept: string[] = [];
        list.forEach((word: unknown, w) => {
          const text = typeof word === 'string' ? word.trim() : '';
          if (text === '' || text.length > WORD_LIMIT)
            issues.push({ path: `${where}.${w}`, message: `a word or phrase of 1–${WORD_LIMIT} characters` });
          else if (!kept.includes(text)) kept.push(text);
        });
        words[language as WordsLanguage] = kept;
      }
    }
    attributes.push({ id, name, stance: item.stance as AttributeStance, words });
  });
  return issues.length > 0 ? err(issues) : ok(attributes);
}

/**
 * The attributes replaced by these; every text's hits are counted again, since a word added or
 * taken away changes which texts express an attribute.
 */
export async function replaceAttributes(
  engine: Engine,
  input: unknown,
  now: Date,
): Promise<Result<BrandAttribute[], WordsProblem>> {
  const parsed = parseAttributes(input);
  if (!parsed.ok) return err({ kind: 'invalid', issues: parsed.error });
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run('DELETE FROM brand_attributes');
    for (const attribute of parsed.data)
      await engine.run(
        `INSERT INTO brand_attributes (id, name, stance, words, created_at, updated_at)
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, CAST(${p(5)} AS TIMESTAMP), CAST(${p(5)} AS TIMESTAMP))`,
        [attribute.id, attribute.name, attribute.stance, JSON.stringify(attribute.words), sqlInstant(now)],
      );
    await recomputeAttributeHits(engine);
  });
  return ok(await listAttributes(engine));
}

/** The reading of texts as it stands: with the team's dictionary, like the pipeline's. */
export async function wordsTokenizer(engine: Engine): Promise<Tokenizer> {
  const settings = await getWordsSettings(engine);
  return createTokenizer({ dictionary: settings.dictionary });
}

/** Each attribute's words as stored terms, per language. */
export async function attributeTermsOf(
  engine: Engine,
  attributes: readonly BrandAttribute[],
  tokenizer?: Tokenizer,
): Promise<Map<string, Map<WordsLanguage, string[]>>> {
  const reader = tokenizer ?? (await wordsTokenizer(engine));
  return new Map(attributes.map((a) => [a.id, attributeTerms(a, reader)]));
}

/**
 * text_attribute_hits for every text from its stored terms: one statement per attribute and
 * language, so the texts are not read again. Called in a transaction by the caller when it has one.
 */
export async function recomputeAttributeHits(engine: Engine): Promise<void> {
  const attributes = await listAttributes(engine);
  const terms = await attributeTermsOf(engine, attributes);
  await engine.run('DELETE FROM text_attribute_hits');
  for (const attribute of attributes) {
    for (const [language, words] of terms.get(attribute.id) ?? []) {
      if (words.length === 0) continue;
      const params = new SqlParams(engine);
      await engine.run(
        `INSERT INTO text_attribute_hits (item_key, attribute_id, term)
         SELECT DISTINCT t.item_key, ${params.add(attribute.id)}, t.term
         FROM text_terms t JOIN text_items i ON i.item_key = t.item_key
         WHERE i.language = ${params.add(language)} AND t.term IN (${params.list(words)})`,
        params.values,
      );
    }
  }
}

export interface AttributeProfile {
  /** Texts read in the period (in one of the five languages). */
  texts: number;
  rows: AttributeProfileRow[];
}

export async function attributeProfile(
  engine: Engine,
  filters: TermFilters,
  grain: TrendGrain,
  visibility: WordsVisibility,
): Promise<Result<AttributeProfile, WordsProblem>> {
  const periods = trendPeriods(filters, grain);
  if (!periods.ok) return periods;
  const params = new SqlParams(engine);
  const where = `${textWhere(params, filters, visibility)} AND i.language <> 'other'`;
  const table = periodsTable(engine, periods.data);
  const hits = `SELECT DISTINCT h.attribute_id, i.item_key, i.tone, i.channel, i.occurred_at
    FROM text_attribute_hits h JOIN text_items i ON i.item_key = h.item_key WHERE ${where}`;
  const [total] = await engine.all(
    `SELECT COUNT(*) AS texts FROM text_items i WHERE ${where}`,
    params.values,
  );
  const tones = await engine.all(
    `SELECT attribute_id, COALESCE(tone, 'unsure') AS tone, COUNT(*) AS n FROM (${hits}) x GROUP BY attribute_id, COALESCE(tone, 'unsure')`,
    params.values,
  );
  const channels = await engine.all(
    `SELECT attribute_id, COALESCE(channel, '') AS channel, COUNT(*) AS n FROM (${hits}) x GROUP BY attribute_id, COALESCE(channel, '')`,
    params.values,
  );
  const trend = await engine.all(
    `SELECT x.attribute_id, p.period, COUNT(*) AS n
     FROM (${hits}) x JOIN ${table} p ON x.occurred_at >= p.start_at AND x.occurred_at < p.end_at
     GROUP BY x.attribute_id, p.period`,
    params.values,
  );
  const textsPerPeriod = await engine.all(
    `SELECT p.period, COUNT(*) AS n
     FROM text_items i JOIN ${table} p ON i.occurred_at >= p.start_at AND i.occurred_at < p.end_at
     WHERE ${where} GROUP BY p.period`,
    params.values,
  );
  const texts = Number(total?.texts ?? 0);
  const periodTexts = new Map(textsPerPeriod.map((r) => [String(r.period), Number(r.n)]));
  const rows = (await listAttributes(engine)).map((attribute): AttributeProfileRow => {
    const tone = { positive: 0, neutral: 0, negative: 0, unsure: 0 };
    for (const row of tones.filter((r) => r.attribute_id === attribute.id)) {
      const key = String(row.tone);
      if (key in tone) tone[key as keyof typeof tone] += Number(row.n);
      else tone.unsure += Number(row.n);
    }
    const mentions = tone.positive + tone.neutral + tone.negative + tone.unsure;
    const byChannel: Record<string, number> = {};
    for (const row of channels.filter((r) => r.attribute_id === attribute.id))
      byChannel[String(row.channel) || 'unknown'] = Number(row.n);
    const perPeriod = new Map(
      trend.filter((r) => r.attribute_id === attribute.id).map((r) => [String(r.period), Number(r.n)]),
    );
    return {
      attributeId: attribute.id,
      name: attribute.name,
      stance: attribute.stance,
      mentions,
      share: texts > 0 ? mentions / texts : 0,
      tone,
      byChannel,
      trend: periods.data.map((p) => ({
        period: p.key,
        mentions: perPeriod.get(p.key) ?? 0,
        texts: periodTexts.get(p.key) ?? 0,
      })),
    };
  });
  return ok({ texts, rows });
}

/** Used by messages: an attribute's terms in one language. */
export function termsIn(
  terms: Map<string, Map<WordsLanguage, string[]>>,
  attributeId: string,
  language: string,
): string[] {
  return terms.get(attributeId)?.get(language as WordsLanguage) ?? [];
}
