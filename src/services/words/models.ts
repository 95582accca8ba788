/**
 * The tone models: per language, a classifier trained on the team's own survey comments, labelled
 * by their scores (a low score marks a negative comment). About a fifth of the labelled comments
 * is held back (by a hash of the item key, so always the same ones): the model never sees them,
 * and its accuracy is measured on them, next to the lexicon's on the same comments. Stored in
 * tone_models; a language without a model is read by its lexicon alone.
 */

import type { Engine, Row } from '../../core/engine.js';
import {
  isHeldOut,
  readTone,
  type ToneLabel,
  type ToneModel,
  trainToneModel,
} from '../../core/words/classifier.js';
import { hasLexicon } from '../../core/words/lexicon.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { jsonRowsParam, jsonRowsSql } from '../bulk-insert.js';
import { withNumberedSnapshot } from '../numbered-snapshot.js';
import { type ToneModelView, WORDS_LANGUAGES, type WordsLanguage } from './contract.js';
import { getWordsSettings } from './settings.js';

/** A language gets a model from this many labelled comments on, with enough of either side. */
export const MIN_LABELLED = 40;
export const MIN_PER_SIDE = 8;
/** Texts re-scored per statement when a model changes. */
const BATCH = 2000;
const PAUSE_EVERY = 50;

const pause = () => new Promise((resolve) => setImmediate(resolve));

function toView(row: Row): ToneModelView {
  return {
    language: String(row.language) as WordsLanguage,
    trainedAt: isoInstant(row.trained_at) ?? '',
    trainN: Number(row.train_n),
    testN: Number(row.test_n),
    accuracy: Number(row.accuracy),
    lexiconAccuracy: row.lexicon_accuracy === null ? null : Number(row.lexicon_accuracy),
    unsureShare: Number(row.unsure_share),
  };
}

/** The models stored, in the order of the languages. */
export async function listToneModels(engine: Engine): Promise<ToneModelView[]> {
  const rows = await engine.all(
    `SELECT language, CAST(trained_at AS VARCHAR) AS trained_at, train_n, test_n, accuracy, lexicon_accuracy,
       unsure_share FROM tone_models`,
  );
  const order = (language: string) => (WORDS_LANGUAGES as readonly string[]).indexOf(language);
  return rows
    .filter((row) => order(String(row.language)) >= 0)
    .map(toView)
    .sort((a, b) => order(a.language) - order(b.language));
}

/** The stored models as the classifier reads them. */
export async function loadToneModels(engine: Engine): Promise<Map<WordsLanguage, ToneModel>> {
  const rows = await engine.all('SELECT language, model FROM tone_models');
  const models = new Map<WordsLanguage, ToneModel>();
  for (const row of rows)
    if (
      (WORDS_LANGUAGES as readonly string[]).includes(String(row.language)) &&
      typeof row.model === 'string'
    )
      models.set(String(row.language) as WordsLanguage, JSON.parse(row.model) as ToneModel);
  return models;
}

interface LabelledComment {
  itemKey: string;
  label: ToneLabel;
  lexicon: number | null;
  terms: string[];
}

/**
 * The texts of text_items that `where` picks (`columns` of them, parameters `params`), 2,000 at a
 * time, each batch with its texts' stored terms in term order (by item key). Read from numbered
 * snapshots: a batch is a range of numbers, not a search through every text and term again.
 */
async function inBatchesWithTerms(
  engine: Engine,
  columns: string,
  where: string,
  params: readonly unknown[],
  work: (texts: Row[], terms: ReadonlyMap<string, string[]>) => Promise<void>,
): Promise<void> {
  const texts = `SELECT row_number() OVER () AS n, ${columns} FROM text_items WHERE ${where}`;
  await withNumberedSnapshot(engine, texts, params, (numbered) =>
    withNumberedSnapshot(
      engine,
      `SELECT k.n, t.item_key, t.term FROM text_terms t JOIN ${numbered.table} k ON k.item_key = t.item_key`,
      [],
      async (numberedTerms) => {
        for (let after = 0; after < numbered.last; after += BATCH) {
          const terms = new Map<string, string[]>();
          for (const row of await numberedTerms.rows(after, after + BATCH, 'n, term')) {
            const list = terms.get(String(row.item_key)) ?? [];
            list.push(String(row.term));
            terms.set(String(row.item_key), list);
          }
          await work(await numbered.rows(after, after + BATCH, 'n'), terms);
        }
      },
    ),
  );
}

/**
 * The labelled survey comments of a language, with their terms as stored, with a pause between
 * batches: a server's requests are answered while a million of them are gathered for training.
 */
async function labelledComments(engine: Engine, language: WordsLanguage): Promise<LabelledComment[]> {
  const p = engine.dialect.placeholder;
  const comments: LabelledComment[] = [];
  await inBatchesWithTerms(
    engine,
    'item_key, label, lexicon_score',
    `kind = 'survey_comment' AND label IS NOT NULL AND language = ${p(1)}`,
    [language],
    async (texts, terms) => {
      for (const row of texts)
        comments.push({
          itemKey: String(row.item_key),
          label: String(row.label) as ToneLabel,
          lexicon: row.lexicon_score === null ? null : Number(row.lexicon_score),
          terms: terms.get(String(row.item_key)) ?? [],
        });
      await pause();
    },
  );
  return comments;
}

/** The labelled comments per language, as the last training counted them (train_n + test_n). */
async function trainedCounts(engine: Engine): Promise<Map<string, number>> {
  const rows = await engine.all('SELECT language, train_n + test_n AS n FROM tone_models');
  return new Map(rows.map((row) => [String(row.language), Number(row.n)]));
}

async function labelledCounts(engine: Engine): Promise<Map<string, number>> {
  const rows = await engine.all(
    `SELECT language, count(*) AS n FROM text_items WHERE kind = 'survey_comment' AND label IS NOT NULL
     GROUP BY language`,
  );
  return new Map(rows.map((row) => [String(row.language), Number(row.n)]));
}

/** Whether the comments are enough to train on: many enough, and enough of either side. */
function enough(comments: readonly LabelledComment[]): boolean {
  const side = (label: ToneLabel) => comments.filter((c) => c.label === label).length;
  return (
    comments.length >= MIN_LABELLED && side('negative') >= MIN_PER_SIDE && side('positive') >= MIN_PER_SIDE
  );
}

/**
 * Trains the language's model on its labelled comments not held out, measures it on those held out,
 * and stores it; a language with too few comments loses its model. Answers the model (or null).
 */
async function trainLanguage(
  engine: Engine,
  language: WordsLanguage,
  minConfidence: number,
  now: Date,
): Promise<ToneModel | null> {
  const comments = await labelledComments(engine, language);
  const p = engine.dialect.placeholder;
  if (!enough(comments)) {
    await engine.run(`DELETE FROM tone_models WHERE language = ${p(1)}`, [language]);
    return null;
  }
  const training = comments.filter((c) => !isHeldOut(c.itemKey));
  const test = comments.filter((c) => isHeldOut(c.itemKey));
  const model = trainToneModel(training.map((c) => ({ terms: c.terms, label: c.label })));
  let right = 0;
  let unsure = 0;
  let lexiconRight = 0;
  for (const [index, comment] of test.entries()) {
    if (index > 0 && index % (PAUSE_EVERY * 10) === 0) await pause();
    const predicted = readTone({ model, terms: comment.terms, lexicon: null, minConfidence });
    if (predicted.tone === 'unsure') unsure += 1;
    else if (predicted.tone === comment.label) right += 1;
    const lexicon = readTone({ model: null, terms: comment.terms, lexicon: comment.lexicon, minConfidence });
    if (lexicon.tone === comment.label) lexiconRight += 1;
  }
  const share = (n: number) => (test.length === 0 ? 0 : n / test.length);
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM tone_models WHERE language = ${p(1)}`, [language]);
    await engine.run(
      `INSERT INTO tone_models (language, trained_at, train_n, test_n, accuracy, lexicon_accuracy, unsure_share, model)
       VALUES (${p(1)}, CAST(${p(2)} AS TIMESTAMP), ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)})`,
      [
        language,
        sqlInstant(now),
        training.length,
        test.length,
        share(right),
        hasLexicon(language) ? share(lexiconRight) : null,
        share(unsure),
        JSON.stringify(model),
      ],
    );
  });
  return model;
}

/**
 * Reads the tone of every text of a language again with `model` (or the lexicon alone), from the
 * terms and lexicon score stored: the texts themselves are not read again.
 */
export async function rescoreTone(
  engine: Engine,
  language: WordsLanguage,
  model: ToneModel | null,
  minConfidence: number,
): Promise<number> {
  const p = engine.dialect.placeholder;
  const columns = ['item_key', 'model_score', 'sentiment_score', 'tone', 'confidence'];
  let rescored = 0;
  await inBatchesWithTerms(
    engine,
    'item_key, lexicon_score',
    `language = ${p(1)}`,
    [language],
    async (items, terms) => {
      const rows: (string | null)[][] = [];
      for (const [index, item] of items.entries()) {
        if (index > 0 && index % PAUSE_EVERY === 0) await pause();
        const key = String(item.item_key);
        const tone = readTone({
          model,
          terms: [...(terms.get(key) ?? [])].sort(),
          lexicon: item.lexicon_score === null ? null : Number(item.lexicon_score),
          minConfidence,
        });
        rows.push([key, num(tone.modelScore), num(tone.score), tone.tone, num(tone.confidence)]);
      }
      await engine.transaction(() =>
        engine.run(
          `UPDATE text_items SET model_score = CAST(x.model_score AS DOUBLE PRECISION),
             sentiment_score = CAST(x.sentiment_score AS DOUBLE PRECISION), tone = x.tone,
             confidence = CAST(x.confidence AS DOUBLE PRECISION)
           FROM (${jsonRowsSql(engine, columns, 1)}) x WHERE text_items.item_key = x.item_key`,
          [jsonRowsParam(columns, rows)],
        ),
      );
      rescored += items.length;
    },
  );
  return rescored;
}

export const num = (value: number | null | undefined): string | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : String(value);

/**
 * Trains the model of every language whose labelled comments changed in number since its model
 * was trained (or that has none yet), and reads the tone of its texts again. Answers the languages
 * trained; a language that lost its model is read again too.
 */
export async function retrainChangedModels(
  engine: Engine,
  minConfidence: number,
  now: Date,
): Promise<WordsLanguage[]> {
  const [labelled, trained] = await Promise.all([labelledCounts(engine), trainedCounts(engine)]);
  const done: WordsLanguage[] = [];
  for (const language of WORDS_LANGUAGES) {
    const count = labelled.get(language) ?? 0;
    const had = trained.get(language);
    if (had === count || (had === undefined && count < MIN_LABELLED)) continue;
    const model = await trainLanguage(engine, language, minConfidence, now);
    if (model !== null) done.push(language);
    if (model !== null || had !== undefined) await rescoreTone(engine, language, model, minConfidence);
  }
  return done;
}

/**
 * Trains every language's model again (those with too few labelled comments get none) and reads
 * the tone of their texts again. Answers the models stored.
 */
export async function trainToneModels(engine: Engine, now: Date): Promise<ToneModelView[]> {
  const { minConfidence } = await getWordsSettings(engine);
  const before = await trainedCounts(engine);
  for (const language of WORDS_LANGUAGES) {
    const model = await trainLanguage(engine, language, minConfidence, now);
    if (model !== null || before.has(language)) await rescoreTone(engine, language, model, minConfidence);
  }
  return listToneModels(engine);
}
