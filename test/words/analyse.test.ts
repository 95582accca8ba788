import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine, Row } from '../../src/core/engine.js';
import { isHeldOut, type ToneModel } from '../../src/core/words/classifier.js';
import { createTokenizer } from '../../src/core/words/tokenize.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { JOB_KINDS, listJobs } from '../../src/services/jobs/index.js';
import { wordsAnalysisJob } from '../../src/services/jobs/kinds/words-analysis.js';
import { eraseCustomer } from '../../src/services/surveys/erase.js';
import { analyseTexts } from '../../src/services/words/analyse.js';
import { ensureWordsJob } from '../../src/services/words/job.js';
import { listToneModels } from '../../src/services/words/models.js';
import { getWordsSettings, putWordsSettings } from '../../src/services/words/settings.js';
import {
  copyCanonical,
  openMigratedDuckDb,
  openMigratedPostgres,
  POSTGRES_ENGINES,
} from '../support/engines.js';
import { COMMENTS, MESSAGES, prepareDatabase, surveyCsv, writeFixture } from './pipeline-fixture.js';

const NOW = new Date('2026-03-10T12:00:00Z');
/** A migrated database, an import with its rebuild, and (PGlite) a copy: slow on a busy machine. */
const SETUP_MS = 180_000;

let dir: string;
let db: DuckDbEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-words-'));
  db = await openMigratedDuckDb(join(dir, 'words.duckdb'));
  await prepareDatabase(db);
  const imported = await importFiles(db, await writeFixture(dir), { now: () => NOW });
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
}, SETUP_MS);

afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const items = (engine: Engine) =>
  engine.all(
    `SELECT item_key, kind, contact_key, CAST(occurred_at AS VARCHAR) AS occurred_at, channel, team_id, agent_id,
       topic, priority, survey_kind, survey_score, label, held_out, language, lexicon_score, model_score,
       sentiment_score, tone, confidence FROM text_items ORDER BY item_key`,
  );
const terms = (engine: Engine) =>
  engine.all('SELECT item_key, term, surface, n FROM text_terms ORDER BY item_key, term');
const hits = (engine: Engine) =>
  engine.all(
    'SELECT item_key, attribute_id, term FROM text_attribute_hits ORDER BY item_key, attribute_id, term',
  );
const byKey = (rows: Row[]) => new Map(rows.map((r) => [String(r.item_key), r]));
const termsOf = (rows: Row[], key: string) =>
  rows.filter((r) => r.item_key === key).map((r) => String(r.term));

describe('reading the imported texts', () => {
  test('every customer text is read once, with its kind, language and contact dimensions', async () => {
    const rows = byKey(await items(db));
    // 8 customer messages (the agent's reply is not one) and 54 comments.
    expect(rows.size).toBe(MESSAGES.length + COMMENTS.length);
    const language = (key: string) => rows.get(key)?.language;
    expect(language('message|desk|m1')).toBe('en');
    expect(language('message|desk|m2')).toBe('nl');
    expect(language('message|desk|m3')).toBe('sv');
    expect(language('message|desk|m4')).toBe('uk');
    expect(language('message|desk|m6')).toBe('zh');
    expect(language('message|desk|m8')).toBe('other');
    expect(language('comment|survey|n1')).toBe('nl');
    expect(language('comment|survey|s1')).toBe('sv');
    expect(language('comment|survey|z1')).toBe('zh');
    expect(rows.get('message|desk|m7')).toMatchObject({ kind: 'social', channel: 'social', agent_id: 'ann' });
    expect(rows.get('message|desk|m3')).toMatchObject({
      kind: 'message',
      channel: 'chat',
      team_id: 'support',
      agent_id: 'bob',
      topic: 'delivery',
      contact_key: 'desk|c3',
    });
    // A comment: credited to the answer's agent, its score on 0..1, its label from the score.
    expect(rows.get('comment|survey|s1')).toMatchObject({
      kind: 'survey_comment',
      survey_kind: 'nps',
      survey_score: 0.2,
      label: 'negative',
      agent_id: 'bob',
      channel: 'chat',
    });
    expect(rows.get('comment|survey|n1')).toMatchObject({ survey_score: 1, label: 'positive' });
    // A text in no language read has no terms and no tone.
    expect(rows.get('message|desk|m8')).toMatchObject({ tone: 'unsure', sentiment_score: null });
    expect(termsOf(await terms(db), 'message|desk|m8')).toEqual([]);
  });

  test('terms are stems and phrases; Ukrainian inflected forms share one term; Chinese is segmented', async () => {
    const all = await terms(db);
    const m4 = all.filter((r) => r.item_key === 'message|desk|m4');
    const m5 = all.filter((r) => r.item_key === 'message|desk|m5');
    const shared = m4.filter((a) => m5.some((b) => b.term === a.term && b.surface !== a.surface));
    // доставка (m4) and доставку (m5): one term, written two ways.
    expect(shared.map((r) => [r.surface, m5.find((b) => b.term === r.term)?.surface])).toContainEqual([
      'доставка',
      'доставку',
    ]);
    // Phrases of two and three words are kept beside the words.
    const m1 = termsOf(all, 'message|desk|m1');
    expect(m1.some((t) => t.split(' ').length === 2)).toBe(true);
    expect(m1.some((t) => t.split(' ').length === 3)).toBe(true);
    // 客服 is one word, not 客 and 服.
    const m6 = termsOf(all, 'message|desk|m6');
    expect(m6).toContain('客服');
    expect(m6).not.toContain('客');
    expect(all.every((r) => Number(r.n) >= 1)).toBe(true);
  });

  test('the tone: negative words read negative, praise positive; an English model is trained', async () => {
    const rows = byKey(await items(db));
    expect(rows.get('message|desk|m1')?.tone).toBe('negative');
    expect(rows.get('message|desk|m7')?.tone).toBe('positive');
    expect(Number(rows.get('message|desk|m7')?.sentiment_score)).toBeGreaterThan(0);
    // Dutch has a lexicon and no model: the lexicon reads its praise.
    expect(rows.get('comment|survey|n1')?.tone).toBe('positive');
    expect(rows.get('comment|survey|n1')?.model_score).toBeNull();
    // Chinese has no lexicon and (with one comment) no model: unsure, never forced.
    expect(rows.get('message|desk|m6')).toMatchObject({ tone: 'unsure', sentiment_score: null });
    const english = [...rows.values()].filter((r) => r.language === 'en' && r.kind === 'survey_comment');
    expect(english.every((r) => r.model_score !== null)).toBe(true);
  });

  test('the model is trained on the labelled comments not held out and measured on the others', async () => {
    const models = await listToneModels(db);
    expect(models.map((m) => m.language)).toEqual(['en']);
    const en = models[0];
    const labelled = COMMENTS.filter((c) => c.language === 'en');
    const heldOut = labelled.filter((c) => isHeldOut(`comment|survey|${c.id}`));
    expect(heldOut.length).toBeGreaterThan(0);
    expect(en).toMatchObject({ trainN: labelled.length - heldOut.length, testN: heldOut.length });
    expect(en?.accuracy).toBeGreaterThanOrEqual(0);
    expect(en?.accuracy).toBeLessThanOrEqual(1);
    expect(en?.lexiconAccuracy).not.toBeNull();
    // Only held-out comments say "xylophone", only trained ones "kazoo": the model knows the one
    // and never saw the other.
    const [stored] = await db.all(`SELECT model FROM tone_models WHERE language = 'en'`);
    const model = JSON.parse(String(stored?.model)) as ToneModel;
    const term = (word: string) => createTokenizer().tokens(word, 'en')[0]?.term;
    expect(model.vocabulary).toContain(term('kazoo'));
    expect(model.vocabulary).not.toContain(term('xylophone'));
    // The held-out flag is stored on the comments.
    const flagged = (await items(db)).filter((r) => r.held_out === true && r.language === 'en');
    expect(flagged.length).toBe(heldOut.length);
  });

  test('brand attributes are found after stemming, in the text’s language', async () => {
    const found = (await hits(db)).map((r) => `${r.item_key} ${r.attribute_id}`);
    expect(found).toContain('message|desk|m7 fast'); // quick
    expect(found).toContain('message|desk|m1 slow'); // late
    expect(found).toContain('message|desk|m4 slow'); // повільна
    expect(found).toContain('comment|survey|n1 fast'); // snel
    expect(found).toContain('comment|survey|s1 slow'); // väntetid
    expect(found).toContain('message|desk|m6 fast'); // 很快
    // The agent's reply says "slow" too, but it is no customer's text.
    expect(found.filter((f) => f.startsWith('message|desk|r1'))).toEqual([]);
  });

  test('a second run reads nothing and changes nothing; reading all again gives the same rows', async () => {
    const before = { items: await items(db), terms: await terms(db), hits: await hits(db) };
    const again = await analyseTexts(db, 'new', NOW);
    expect(again).toMatchObject({ analysed: 0, removed: 0, trained: [] });
    const all = await analyseTexts(db, 'all', NOW);
    expect(all.analysed).toBe(before.items.length);
    expect(all.byLanguage).toMatchObject({ en: 52, nl: 2, sv: 2, uk: 3, zh: 2, other: 1 });
    expect({ items: await items(db), terms: await terms(db), hits: await hits(db) }).toEqual(before);
  });

  test('a changed comment is read again when it is imported, and only it', async () => {
    const changed = COMMENTS.map((c) =>
      c.id === 'n1' ? { ...c, score: 1, comment: 'Onvriendelijk en traag, ik moest lang wachten.' } : c,
    );
    const path = join(dir, 'survey_responses_changed.csv');
    await writeFile(path, surveyCsv(changed.filter((c) => c.id === 'n1' || c.id === 'e00')));
    const before = byKey(await items(db));
    const imported = await importFiles(db, [path], { now: () => new Date('2026-03-11T00:00:00Z') });
    expect(imported.ok).toBe(true);
    const after = byKey(await items(db));
    expect(after.get('comment|survey|n1')).toMatchObject({ label: 'negative', survey_score: 0 });
    expect(termsOf(await terms(db), 'comment|survey|n1')).toContain(
      createTokenizer().tokens('wachten', 'nl')[0]?.term,
    );
    expect(String(after.get('comment|survey|n1')?.tone)).not.toBe('positive');
    const [stamps] = await db.all(
      `SELECT count(*) AS n FROM text_items WHERE analysed_at = CAST('2026-03-11 00:00:00' AS TIMESTAMP)`,
    );
    expect(Number(stamps?.n)).toBe(1);
    expect(after.size).toBe(before.size);
  });

  test('a kind switched off leaves at the next run', async () => {
    const saved = await putWordsSettings(db, { sources: { social: false } }, NOW);
    expect(saved.ok).toBe(true);
    expect((await getWordsSettings(db)).sources).toEqual({
      survey_comment: true,
      message: true,
      social: false,
    });
    const run = await analyseTexts(db, 'new', NOW);
    expect(run.removed).toBe(1);
    expect((await items(db)).filter((r) => r.kind === 'social')).toEqual([]);
    expect((await terms(db)).filter((r) => r.item_key === 'message|desk|m7')).toEqual([]);
    expect((await hits(db)).filter((r) => r.item_key === 'message|desk|m7')).toEqual([]);
    // Saving the settings made the analysis job, once.
    expect(await ensureWordsJob(db, NOW)).toBe(false);
    expect((await listJobs(db, JOB_KINDS)).filter((j) => j.kind === 'words-analysis')).toHaveLength(1);
    await putWordsSettings(db, { sources: { social: true } }, NOW);
    expect((await analyseTexts(db, 'new', NOW)).analysed).toBe(1);
  });

  test('the job reads an answer the server stored itself, which no import read', async () => {
    await db.run(
      `INSERT INTO survey_responses (source, external_id, kind, scale_min, scale_max, score, comment, language,
         agent_id, responded_at)
       VALUES ('servicemeter', 'own1', 'csat', 1, 5, 5, 'Super snel en vriendelijk geholpen, top!', 'nl', 'ann',
         CAST('2026-03-05 12:00:00' AS TIMESTAMP))`,
    );
    expect(wordsAnalysisJob.validate({ all: true }).ok).toBe(false);
    const run = await wordsAnalysisJob.run({
      engine: Object.assign(db, { exclusive: <T>(work: () => Promise<T>) => work() }),
      duckdb: db,
      params: {},
      cursor: null,
      saveCursor: async () => undefined,
      signal: new AbortController().signal,
      progress: () => undefined,
      env: {},
      allowBaseUrl: false,
      now: () => NOW,
    });
    expect(run.ok && run.data).toMatchObject({ analysed: 1, removed: 0, byLanguage: { nl: 1 } });
    expect(byKey(await items(db)).get('comment|servicemeter|own1')).toMatchObject({
      language: 'nl',
      tone: 'positive',
      label: 'positive',
    });
    expect((await hits(db)).filter((h) => h.item_key === 'comment|servicemeter|own1')).toEqual([
      { item_key: 'comment|servicemeter|own1', attribute_id: 'fast', term: expect.any(String) },
    ]);
    await db.run("DELETE FROM survey_responses WHERE source = 'servicemeter'");
    expect((await analyseTexts(db, 'new', NOW)).removed).toBe(1);
  });

  test('settings are checked field by field', async () => {
    const bad = await putWordsSettings(
      db,
      {
        sources: { email: true, message: 'yes' },
        dictionary: ['ok', ' ', 'x'.repeat(61)],
        minConfidence: 0.99,
      },
      NOW,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok && bad.error.kind === 'invalid')
      expect(bad.error.issues.map((i) => i.path)).toEqual([
        'sources.email',
        'sources.message',
        'dictionary.1',
        'dictionary.2',
        'minConfidence',
      ]);
    const many = await putWordsSettings(
      db,
      { dictionary: Array.from({ length: 2001 }, (_, i) => `t${i}`) },
      NOW,
    );
    expect(many.ok).toBe(false);
    const good = await putWordsSettings(db, { dictionary: ['  售后小哥 ', '售后小哥'] }, NOW);
    expect(good.ok && good.data.dictionary).toEqual(['售后小哥']);
    // A dictionary changes how texts are read: every text is read again at the next run.
    const run = await analyseTexts(db, 'new', NOW);
    expect(run.analysed).toBe(MESSAGES.length + COMMENTS.length);
    expect(termsOf(await terms(db), 'message|desk|m6')).toContain('售后小哥');
  });

  test('an erased customer’s texts and what was read from them go', async () => {
    await eraseCustomer(db, { email: 'four@example.com' }, { keepAnonymised: true }, NOW);
    const keys = (await items(db)).map((r) => String(r.item_key));
    expect(
      keys.filter((k) => ['message|desk|m4', 'message|desk|m5', 'comment|survey|u1'].includes(k)),
    ).toEqual([]);
    const [left] = await db.all(
      `SELECT (SELECT count(*) FROM text_terms WHERE item_key IN ('message|desk|m4', 'message|desk|m5', 'comment|survey|u1'))
         + (SELECT count(*) FROM text_attribute_hits WHERE item_key IN ('message|desk|m4', 'message|desk|m5', 'comment|survey|u1')) AS n`,
    );
    expect(Number(left?.n)).toBe(0);
    // Their words are gone at the source too: a later run does not bring them back.
    await analyseTexts(db, 'new', NOW);
    expect((await items(db)).some((r) => String(r.item_key) === 'message|desk|m4')).toBe(false);
  });
});

describe.each(POSTGRES_ENGINES)('$kind', ({ kind }) => {
  let pg: Engine;
  beforeAll(async () => {
    pg = await openMigratedPostgres(kind);
    // The copy brings the settings, attributes and readings; PostgreSQL reads the texts itself.
    await copyCanonical(db, pg);
    for (const table of ['text_terms', 'text_attribute_hits', 'text_items', 'tone_models'])
      await pg.run(`DELETE FROM ${table}`);
  }, SETUP_MS);
  afterAll(async () => {
    await pg?.close();
  });

  test('reads the same texts into the same rows, and trains the same model', async () => {
    await analyseTexts(pg, 'new', NOW);
    await analyseTexts(db, 'all', NOW);
    const round = (rows: Row[]) =>
      rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v]),
        ),
      );
    expect(round(await items(pg))).toEqual(round(await items(db)));
    expect(await terms(pg)).toEqual(await terms(db));
    expect(await hits(pg)).toEqual(await hits(db));
    const models = (engine: Engine) =>
      listToneModels(engine).then((m) => m.map(({ trainedAt, ...rest }) => rest));
    expect(await models(pg)).toEqual(await models(db));
    expect((await analyseTexts(pg, 'new', NOW)).analysed).toBe(0);
  });
});
