/**
 * The analysis of the customers' texts: survey comments and the messages customers wrote on their
 * contacts (social when the contact's channel is social). Each text is read once — its language,
 * its terms and phrases, its tone, the brand attributes it expresses — and read again only when it
 * changed, or the settings that shape the reading did (both are in text_hash). What
 * was read goes to text_items, text_terms and text_attribute_hits; the text itself stays where it
 * was imported, and so is erased there. The text's hash covers the text, what it is read with (its
 * language hint, its survey score) and its contact's dimensions, which the items carry.
 */
import { createHash } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { isHeldOut, labelFromSurvey, readTone, type ToneModel } from '../../core/words/classifier.js';
import { detectLanguage } from '../../core/words/language.js';
import { hasLexicon, lexiconScore } from '../../core/words/lexicon.js';
import { attributeTerms } from '../../core/words/match.js';
import { createTokenizer, type Tokenizer, withPhrases } from '../../core/words/tokenize.js';
import { sqlInstant } from '../audit.js';
import { insertAsJson, jsonRowsParam, jsonRowsSql } from '../bulk-insert.js';
import { withNumberedSnapshot } from '../numbered-snapshot.js';
import { listAttributes } from './attributes.js';
import type { AnalysisRun, TextKind, TextLanguage, WordsLanguage, WordsSettings } from './contract.js';
import { loadToneModels, num, retrainChangedModels } from './models.js';
import { getWordsSettings } from './settings.js';

/**
 * Which texts a run reads. `all`: every text again. `new`: the texts not read yet or changed since.
 * Contacts (and survey answers) an import wrote: their texts, when not read yet or changed; texts
 * of theirs that are gone are removed.
 */
export type AnalysisScope =
  | 'all'
  | 'new'
  | { contactKeys: readonly string[]; surveyKeys?: readonly string[] };

/** Texts read per transaction, and per read of the texts. */
const BATCH = 2000;
/** Keys per IN list: an import's contacts are looked at this many at a time. */
const KEYS_PER_QUERY = 2000;
/**
 * Beyond this many keys, one part with the keys as JSON parameters: it reads every text (4 s at a
 * million contacts) where a part per 2,000 keys costs about 1 s each.
 */
const MANY_KEYS = 8000;
/** About 25 ms of reading between pauses, so that a serving server keeps answering. */
const TEXTS_BETWEEN_PAUSES = 50;

const pause = () => new Promise((resolve) => setImmediate(resolve));

const ITEM_COLUMNS = [
  'item_key',
  'kind',
  'source',
  'external_id',
  'contact_key',
  'occurred_at',
  'channel',
  'team_id',
  'agent_id',
  'topic',
  'priority',
  'survey_kind',
  'survey_score',
  'label',
  'held_out',
  'language',
  'lexicon_score',
  'model_score',
  'sentiment_score',
  'tone',
  'confidence',
  'text_hash',
  'analysed_at',
] as const;
const ITEM_CASTS = {
  survey_score: 'DOUBLE PRECISION',
  held_out: 'BOOLEAN',
  lexicon_score: 'DOUBLE PRECISION',
  model_score: 'DOUBLE PRECISION',
  sentiment_score: 'DOUBLE PRECISION',
  confidence: 'DOUBLE PRECISION',
};

/**
 * The texts of the enabled kinds, one row each, with the contact's dimensions and the hash of all
 * that shapes its reading (parameter 1: the hash of the settings (readingHash)). `where` filters
 * the union (columns item_key, contact_key, kind), with parameters from 2 on.
 */
function textsSql(engine: Engine, settings: WordsSettings, where: string): string {
  const p = engine.dialect.placeholder;
  const v = (expr: string) => `COALESCE(CAST(${expr} AS VARCHAR), '')`;
  const hash = (parts: string[]) =>
    `md5(${[`CAST(${p(1)} AS VARCHAR)`, ...parts.map(v)].join(` || '|' || `)})`;
  const branches: string[] = [];
  if (settings.sources.survey_comment)
    branches.push(`SELECT 'comment|' || s.source || '|' || s.external_id AS item_key, 'survey_comment' AS kind,
        s.source, s.external_id, s.contact_key, COALESCE(s.responded_at, s.sent_at) AS occurred_at,
        COALESCE(f.channel, c.channel) AS channel, COALESCE(f.team_id, c.team_id) AS team_id,
        COALESCE(s.agent_id, f.assignee_id, c.assignee_id) AS agent_id, COALESCE(f.topic, c.topic) AS topic,
        COALESCE(f.priority, c.priority) AS priority, s.kind AS survey_kind, s.score, s.scale_min, s.scale_max,
        s.language AS hint, s.comment AS body,
        ${hash(['s.comment', 's.language', 's.kind', 's.score', 's.scale_min', 's.scale_max', 's.contact_key', 'COALESCE(s.responded_at, s.sent_at)', 'COALESCE(f.channel, c.channel)', 'COALESCE(f.team_id, c.team_id)', 'COALESCE(s.agent_id, f.assignee_id, c.assignee_id)', 'COALESCE(f.topic, c.topic)', 'COALESCE(f.priority, c.priority)'])} AS text_hash
      FROM survey_responses s LEFT JOIN contacts c ON c.contact_key = s.contact_key
        LEFT JOIN contact_facts f ON f.contact_key = s.contact_key
      WHERE s.comment IS NOT NULL AND trim(s.comment) <> ''`);
  const channels = [
    settings.sources.message ? "c.channel <> 'social'" : null,
    settings.sources.social ? "c.channel = 'social'" : null,
  ].filter((c) => c !== null);
  if (channels.length > 0)
    branches.push(`SELECT 'message|' || e.source || '|' || e.external_id AS item_key,
        CASE WHEN c.channel = 'social' THEN 'social' ELSE 'message' END AS kind,
        e.source, e.external_id, e.contact_key, e.occurred_at,
        COALESCE(f.channel, c.channel) AS channel, COALESCE(f.team_id, c.team_id) AS team_id,
        COALESCE(f.assignee_id, c.assignee_id) AS agent_id, COALESCE(f.topic, c.topic) AS topic,
        COALESCE(f.priority, c.priority) AS priority, NULL AS survey_kind, NULL AS score, NULL AS scale_min,
        NULL AS scale_max, c.customer_language AS hint, e.body,
        ${hash(['e.body', 'c.customer_language', 'c.channel', 'e.contact_key', 'e.occurred_at', 'COALESCE(f.channel, c.channel)', 'COALESCE(f.team_id, c.team_id)', 'COALESCE(f.assignee_id, c.assignee_id)', 'COALESCE(f.topic, c.topic)', 'COALESCE(f.priority, c.priority)'])} AS text_hash
      FROM contact_events e JOIN contacts c ON c.contact_key = e.contact_key
        LEFT JOIN contact_facts f ON f.contact_key = e.contact_key
      WHERE e.kind = 'customer_message' AND (e.actor IS NULL OR e.actor = 'customer')
        AND e.body IS NOT NULL AND trim(e.body) <> '' AND (${channels.join(' OR ')})`);
  if (branches.length === 0)
    branches.push(`SELECT CAST(NULL AS VARCHAR) AS item_key, CAST(NULL AS VARCHAR) AS kind, NULL AS source,
      NULL AS external_id, CAST(NULL AS VARCHAR) AS contact_key, NULL AS occurred_at, NULL AS channel,
      NULL AS team_id, NULL AS agent_id, NULL AS topic, NULL AS priority, NULL AS survey_kind, NULL AS score,
      NULL AS scale_min, NULL AS scale_max, NULL AS hint, NULL AS body, NULL AS text_hash WHERE FALSE`);
  return `SELECT * FROM (${branches.join('\nUNION ALL\n')}) texts WHERE ${where}`;
}

/** The scope as SQL over the texts' union, and the removal of stored items it covers. */
interface ScopePart {
  /** Filter on the union's columns. */
  texts: string;
  /** Filter on text_items: the stored items this part answers for. */
  items: string;
  params: string[];
}

function scopeParts(engine: Engine, scope: AnalysisScope): ScopePart[] {
  const p = engine.dialect.placeholder;
  if (scope === 'all' || scope === 'new') return [{ texts: 'TRUE', items: 'TRUE', params: [] }];
  const contacts = [...new Set(scope.contactKeys)];
  const surveys = [...new Set(scope.surveyKeys ?? [])].map((key) => `comment|${key}`);
  if (contacts.length + surveys.length > MANY_KEYS) {
    // Every part reads every text once or twice: a large import's keys go in one part, as two
    // JSON parameters, instead of a part per 2,000 of them.
    const listed = `(contact_key IN (SELECT contact_key FROM (${jsonRowsSql(engine, ['contact_key'], 2)}) k)
      OR item_key IN (SELECT item_key FROM (${jsonRowsSql(engine, ['item_key'], 3)}) s))`;
    return [
      {
        texts: listed,
        items: listed,
        params: [
          jsonRowsParam(
            ['contact_key'],
            contacts.map((key) => [key]),
          ),
          jsonRowsParam(
            ['item_key'],
            surveys.map((key) => [key]),
          ),
        ],
      },
    ];
  }
  const parts: ScopePart[] = [];
  const list = (keys: readonly string[], from: number) => keys.map((_, i) => p(from + i)).join(', ');
  for (let i = 0; i < contacts.length; i += KEYS_PER_QUERY) {
    const keys = contacts.slice(i, i + KEYS_PER_QUERY);
    parts.push({
      texts: `contact_key IN (${list(keys, 2)})`,
      items: `contact_key IN (${list(keys, 2)})`,
      params: keys,
    });
  }
  for (let i = 0; i < surveys.length; i += KEYS_PER_QUERY) {
    const keys = surveys.slice(i, i + KEYS_PER_QUERY);
    parts.push({
      texts: `item_key IN (${list(keys, 2)})`,
      items: `item_key IN (${list(keys, 2)})`,
      params: keys,
    });
  }
  return parts;
}

/** One text read: its item row, its terms and its attribute hits. */
interface Reading {
  item: (string | null)[];
  terms: [string, string, string, string][];
  hits: [string, string, string][];
  language: TextLanguage;
}

interface ReadContext {
  tokenizer: Tokenizer;
  models: Map<WordsLanguage, ToneModel>;
  attributes: { id: string; terms: Map<WordsLanguage, string[]> }[];
  minConfidence: number;
  at: string;
}

const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Reads one text. */
function readText(row: Row, context: ReadContext): Reading {
  const itemKey = String(row.item_key);
  const text = String(row.body);
  const language = detectLanguage(text, str(row.hint));
  const kind = String(row.kind) as TextKind;
  let terms: { term: string; surface: string; n: number }[] = [];
  let lexicon: number | null = null;
  if (language !== 'other') {
    const words = context.tokenizer.tokens(text, language);
    const byTerm = new Map<string, { term: string; surface: string; n: number }>();
    for (const token of withPhrases(words, text)) {
      const found = byTerm.get(token.term);
      if (found) found.n += 1;
      else byTerm.set(token.term, { term: token.term, surface: token.surface.toLowerCase(), n: 1 });
    }
    terms = [...byTerm.values()];
    lexicon = hasLexicon(language) ? lexiconScore(words, text, language) : null;
  }
  const termList = terms.map((t) => t.term).sort();
  const tone =
    language === 'other'
      ? { tone: 'unsure' as const, score: null, confidence: null, modelScore: null }
      : readTone({
          model: context.models.get(language) ?? null,
          terms: termList,
          lexicon,
          minConfidence: context.minConfidence,
        });
  const score = row.score === null || row.score === undefined ? null : Number(row.score);
  const min = Number(row.scale_min);
  const max = Number(row.scale_max);
  const scored = kind === 'survey_comment' && score !== null && Number.isFinite(score) && max > min;
  const label = scored ? labelFromSurvey(String(row.survey_kind), score, min, max) : null;
  const hits: [string, string, string][] = [];
  if (language !== 'other') {
    const present = new Set(termList);
    for (const attribute of context.attributes)
      for (const term of new Set(attribute.terms.get(language) ?? []))
        if (present.has(term)) hits.push([itemKey, attribute.id, term]);
  }
  return {
    language,
    item: [
      itemKey,
      kind,
      str(row.source),
      str(row.external_id),
      str(row.contact_key),
      str(row.occurred_at),
      str(row.channel),
      str(row.team_id),
      str(row.agent_id),
      str(row.topic),
      str(row.priority),
      kind === 'survey_comment' ? str(row.survey_kind) : null,
      scored ? num((score - min) / (max - min)) : null,
      label,
      kind === 'survey_comment' ? String(isHeldOut(itemKey)) : null,
      language,
      num(lexicon),
      num(tone.modelScore),
      num(tone.score),
      tone.tone,
      num(tone.confidence),
      str(row.text_hash),
      context.at,
    ],
    terms: terms.map((t) => [itemKey, t.term, t.surface, String(t.n)]),
    hits,
  };
}

/** Deletes the stored readings of the items `where` matches (a filter on text_items). */
async function removeItems(engine: Engine, where: string, params: readonly unknown[]): Promise<void> {
  for (const table of ['text_terms', 'text_attribute_hits'])
    await engine.run(
      `DELETE FROM ${table} WHERE item_key IN (SELECT item_key FROM text_items WHERE ${where})`,
      params,
    );
  await engine.run(`DELETE FROM text_items WHERE ${where}`, params);
}

/**
 * The hash of the settings that shape every reading, with the pipeline's version. The brand
 * attributes are not in it: a change of theirs counts the hits again from the stored terms
 * (attributes.ts), without reading the texts.
 */
function readingHash(settings: WordsSettings): string {
  return createHash('sha1')
    .update(
      JSON.stringify({ version: 1, dictionary: settings.dictionary, minConfidence: settings.minConfidence }),
    )
    .digest('hex');
}

/**
 * Reads the texts of `scope`: language, terms, tone and brand attributes, in batches of 2,000, one
 * transaction each, from a snapshot of the texts to read taken once. Texts gone (or of a kind
 * switched off) lose their readings. Then the tone models of the languages whose labelled comments
 * changed are trained again, and those languages' texts scored again.
 */
export async function analyseTexts(engine: Engine, scope: AnalysisScope, now: Date): Promise<AnalysisRun> {
  const settings = await getWordsSettings(engine);
  const attributes = await listAttributes(engine);
  const tokenizer = createTokenizer({ dictionary: settings.dictionary });
  const context: ReadContext = {
    tokenizer,
    models: await loadToneModels(engine),
    attributes: attributes.map((a) => ({ id: a.id, terms: attributeTerms(a, tokenizer) })),
    minConfidence: settings.minConfidence,
    at: sqlInstant(now),
  };
  const signature = readingHash(settings);
  const run: AnalysisRun = { analysed: 0, removed: 0, byLanguage: {}, trained: [] };
  const p = engine.dialect.placeholder;
  for (const part of scopeParts(engine, scope)) {
    // Gone: stored in this part, no longer among its texts.
    const gone = `${part.items} AND item_key NOT IN (SELECT item_key FROM (${textsSql(engine, settings, part.texts)}) t)`;
    const [counted] = await engine.all(`SELECT count(*) AS n FROM text_items WHERE ${gone}`, [
      signature,
      ...part.params,
    ]);
    const goneCount = Number(counted?.n ?? 0);
    if (goneCount > 0) {
      await engine.transaction(() => removeItems(engine, gone, [signature, ...part.params]));
      run.removed += goneCount;
    }
    const changed =
      scope === 'all' ? 'TRUE' : 'i.item_key IS NULL OR i.text_hash IS DISTINCT FROM t.text_hash';
    const pending = `SELECT row_number() OVER () AS n, t.item_key, t.kind, t.source, t.external_id,
        t.contact_key, CAST(t.occurred_at AS VARCHAR) AS occurred_at, t.channel, t.team_id, t.agent_id, t.topic,
        t.priority, t.survey_kind, t.score, t.scale_min, t.scale_max, t.hint, t.body, t.text_hash
      FROM (${textsSql(engine, settings, part.texts)}) t LEFT JOIN text_items i ON i.item_key = t.item_key
      WHERE ${changed}`;
    await withNumberedSnapshot(engine, pending, [signature, ...part.params], async (texts) => {
      for (let after = 0; after < texts.last; after += BATCH) {
        const rows = await texts.rows(after, after + BATCH, 'n');
        const readings: Reading[] = [];
        for (const [index, row] of rows.entries()) {
          // Reading is CPU work on the server's own thread: a pause every few texts lets the
          // requests that arrive meanwhile be answered.
          if (index > 0 && index % TEXTS_BETWEEN_PAUSES === 0) await pause();
          readings.push(readText(row, context));
        }
        const keys = rows.map((row) => String(row.item_key));
        await engine.transaction(async () => {
          await removeItems(engine, `item_key IN (${keys.map((_, i) => p(i + 1)).join(', ')})`, keys);
          await insertAsJson(
            engine,
            'text_items',
            ITEM_COLUMNS,
            new Set(['occurred_at', 'analysed_at']),
            readings.map((r) => r.item),
            ITEM_CASTS,
          );
          await insertAsJson(
            engine,
            'text_terms',
            ['item_key', 'term', 'surface', 'n'],
            new Set(),
            readings.flatMap((r) => r.terms),
            { n: 'INTEGER' },
          );
          await insertAsJson(
            engine,
            'text_attribute_hits',
            ['item_key', 'attribute_id', 'term'],
            new Set(),
            readings.flatMap((r) => r.hits),
          );
        });
        for (const reading of readings)
          run.byLanguage[reading.language] = (run.byLanguage[reading.language] ?? 0) + 1;
        run.analysed += rows.length;
      }
    });
  }
  run.trained = await retrainChangedModels(engine, settings.minConfidence, now);
  return run;
}

/** When texts were last read, or null. */
export async function lastAnalysedAt(engine: Engine): Promise<string | null> {
  const [row] = await engine.all('SELECT CAST(max(analysed_at) AS VARCHAR) AS at FROM text_items');
  return row?.at === null || row?.at === undefined ? null : `${String(row.at).replace(' ', 'T')}Z`;
}
