/**
 * The text reading and the automatic quality checks over more contacts than one batch holds: every
 * contact and text is read once, the batches meet without a gap or an overlap, and the events are
 * read from the database once for the whole run. Paging the query itself used to read every event
 * again for each batch of 2,000, which at a million contacts took more than half an hour.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import type { DuckDbEngine } from '../src/engines/duckdb/engine.js';
import { serializeEngine } from '../src/server/serialized-engine.js';
import { importFiles } from '../src/services/import.js';
import { closeSpeller, runChecks } from '../src/services/qa/checks.js';
import { analyseTexts } from '../src/services/words/analyse.js';
import { rescoreTone, trainToneModels } from '../src/services/words/models.js';
import { getWordsSettings } from '../src/services/words/settings.js';
import {
  copyCanonical,
  openMigratedDuckDb,
  openMigratedPostgres,
  POSTGRES_ENGINES,
} from './support/engines.js';

const NOW = new Date('2026-03-10T12:00:00Z');
/** Two and a quarter batches of 2,000. */
const CONTACTS = 4_500;
const SETUP_MS = 180_000;

/** The engine, with every statement sent through it written down. */
function counted(engine: Engine): { engine: Engine; statements: string[] } {
  const statements: string[] = [];
  const proxy = new Proxy(engine, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property === 'all' || property === 'run')
        return (sql: string, ...rest: unknown[]) => {
          statements.push(sql);
          return (value as (...args: unknown[]) => unknown).call(target, sql, ...rest);
        };
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { engine: proxy, statements };
}

/** A word no dictionary knows, of letters only (a word with digits is not spell-checked). */
const misspelt = (i: number, first: string) =>
  first +
  String(i)
    .split('')
    .map((digit) => 'bcdfghjklm'[Number(digit)])
    .join('');

/** Contact i: a customer's message; every third also an agent's reply without a greeting. */
async function writeContacts(dir: string): Promise<string[]> {
  const contacts = ['source,external_id,channel,created_at,assignee_id,customer_language'];
  const events = ['source,contact_external_id,external_id,kind,occurred_at,agent_id,body'];
  for (let i = 1; i <= CONTACTS; i++) {
    const at = new Date(Date.parse('2026-03-02T08:00:00Z') + i * 60_000).toISOString();
    const later = new Date(Date.parse(at) + 600_000).toISOString();
    contacts.push(`shop,${i},chat,${at},ann,en`);
    events.push(`shop,${i},m${i},customer_message,${at},,Where is parcel ${i}? It is late again.`);
    // Every ninth reply misspells three words of its own: found only with its own batch's speller.
    const reply =
      i % 9 === 0
        ? `It left today ${misspelt(i, 'q')} ${misspelt(i, 'x')} ${misspelt(i, 'z')}.`
        : 'It left today.';
    if (i % 3 === 0) events.push(`shop,${i},r${i},agent_reply,${later},ann,${reply}`);
  }
  const paths = [join(dir, 'contacts.csv'), join(dir, 'contact_events.csv')];
  await writeFile(paths[0] as string, `${contacts.join('\n')}\n`);
  await writeFile(paths[1] as string, `${events.join('\n')}\n`);
  return paths;
}

const readTexts = (statements: readonly string[]) =>
  statements.filter((s) => /FROM contact_events e JOIN contacts c/.test(s)).length;
const readEvents = (statements: readonly string[]) =>
  statements.filter((s) => /FROM contact_events\b/.test(s)).length;

let dir: string;
let db: DuckDbEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-large-runs-'));
  db = await openMigratedDuckDb(join(dir, 'large.duckdb'));
  const imported = await importFiles(db, await writeContacts(dir), { now: () => NOW });
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
}, SETUP_MS);

afterAll(async () => {
  await closeSpeller();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The quality-check hits and checked contacts, as text. */
async function checkState(engine: Engine): Promise<{ hits: string[]; checked: number }> {
  const hits = await engine.all(
    `SELECT contact_key, rule_id, COALESCE(event_external_id, '-') AS event FROM qa_check_hits
     ORDER BY contact_key, rule_id, event`,
  );
  const [checked] = await engine.all('SELECT count(DISTINCT contact_key) AS n FROM qa_checked_contacts');
  return {
    hits: hits.map((r) => `${r.contact_key} ${r.rule_id} ${r.event}`),
    checked: Number(checked?.n),
  };
}

async function readsEveryTextOnce(engine: Engine): Promise<void> {
  for (const table of ['text_terms', 'text_attribute_hits', 'text_items'])
    await engine.run(`DELETE FROM ${table}`);
  const { engine: watched, statements } = counted(engine);
  const run = await analyseTexts(watched, 'new', NOW);
  expect(run.analysed).toBe(CONTACTS);
  const [items] = await engine.all(
    "SELECT count(*) AS n, count(DISTINCT item_key) AS keys FROM text_items WHERE item_key LIKE 'message|shop|m%'",
  );
  expect({ n: Number(items?.n), keys: Number(items?.keys) }).toEqual({ n: CONTACTS, keys: CONTACTS });
  // Once for the texts gone, once for the texts to read: not once more per batch.
  expect(readTexts(statements)).toBe(2);
  expect((await analyseTexts(engine, 'new', NOW)).analysed).toBe(0);
  // The texts of the contacts an import wrote: in parts of 2,000 keys, or, for more keys than
  // 8,000 (here with survey answers that are not there), in one part; the same readings either way.
  const readings = () =>
    engine.all('SELECT item_key, language, sentiment_score, tone FROM text_items ORDER BY item_key');
  const read = await readings();
  const contactKeys = Array.from({ length: CONTACTS }, (_, i) => `shop|${i + 1}`);
  const surveyKeys = Array.from({ length: 4_000 }, (_, i) => `survey|gone-${i}`);
  for (const keys of [{ contactKeys }, { contactKeys, surveyKeys }]) {
    for (const table of ['text_terms', 'text_attribute_hits', 'text_items'])
      await engine.run(`DELETE FROM ${table}`);
    const keyed = counted(engine);
    expect((await analyseTexts(keyed.engine, keys, NOW)).analysed).toBe(CONTACTS);
    expect(await readings()).toEqual(read);
    if (keys.surveyKeys) expect(readTexts(keyed.statements)).toBe(2);
  }
  // Read again from the stored terms, as a new tone model has them read: the same tones (no model
  // for English here), every text once, the terms read once.
  const tones = () =>
    engine.all('SELECT item_key, sentiment_score, tone, confidence FROM text_items ORDER BY item_key');
  const before = await tones();
  const { minConfidence } = await getWordsSettings(engine);
  const again = counted(engine);
  expect(await rescoreTone(again.engine, 'en', null, minConfidence)).toBe(CONTACTS);
  expect(await tones()).toEqual(before);
  expect(again.statements.filter((s) => /FROM text_terms\b/.test(s)).length).toBe(1);
}

async function checksEveryContactOnce(engine: Engine): Promise<void> {
  // Contact by contact, as an import of those contacts checks them: what the whole run must give.
  const keys = Array.from({ length: CONTACTS }, (_, i) => `shop|${i + 1}`);
  expect(await runChecks(engine, { contactKeys: keys }, NOW)).toMatchObject({ checked: CONTACTS });
  const byKeys = await checkState(engine);
  expect(byKeys.checked).toBe(CONTACTS);
  // A greeting missing from every third contact's reply, at least; every ninth reply misspelt.
  expect(byKeys.hits.filter((h) => h.includes(' greeting ')).length).toBeGreaterThanOrEqual(CONTACTS / 3);
  expect(byKeys.hits.filter((h) => h.includes(' spelling ')).length).toBe(CONTACTS / 9);
  await engine.run('DELETE FROM qa_check_hits');
  await engine.run('DELETE FROM qa_checked_contacts');
  const { engine: watched, statements } = counted(engine);
  expect(await runChecks(watched, 'all', NOW)).toEqual({ checked: CONTACTS, hits: byKeys.hits.length });
  expect(await checkState(engine)).toEqual(byKeys);
  expect(readEvents(statements)).toBe(1);
}

/** The engines the runs are read on, each opened over the imported DuckDB database. */
const ENGINES: { name: string; open: () => Promise<{ engine: Engine; close: () => Promise<void> }> }[] = [
  { name: 'duckdb', open: async () => ({ engine: db, close: async () => undefined }) },
  {
    name: 'duckdb behind a server, which reads on connections of its own',
    open: async () => {
      const reader = await db.openReader();
      return { engine: serializeEngine(db, [reader]), close: () => reader.close() };
    },
  },
  ...POSTGRES_ENGINES.map(({ kind }) => ({
    name: kind,
    open: async () => {
      const pg = await openMigratedPostgres(kind);
      await copyCanonical(db, pg);
      return { engine: pg, close: () => pg.close() };
    },
  })),
];

describe.each(ENGINES)('$name', ({ open }) => {
  let opened: { engine: Engine; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    opened = await open();
  }, SETUP_MS);
  afterAll(async () => {
    await opened?.close();
  });
  test('reads every text once, reading the events once', async () => {
    await readsEveryTextOnce((opened as { engine: Engine }).engine);
  });
  test('checks every contact once, reading the events once', async () => {
    await checksEveryContactOnce((opened as { engine: Engine }).engine);
  });
});

describe('a tone model trained on more labelled comments than a batch holds', () => {
  let survey: DuckDbEngine;
  let surveyDir: string;
  beforeAll(async () => {
    surveyDir = await mkdtemp(join(tmpdir(), 'servicemeter-large-comments-'));
    survey = await openMigratedDuckDb(join(surveyDir, 'comments.duckdb'));
    const rows = ['source,external_id,kind,scale_min,scale_max,score,comment,language,responded_at'];
    for (let i = 1; i <= CONTACTS; i++) {
      const praise = i % 2 === 0;
      const comment = praise
        ? `Great help and a friendly answer thank you (${i})`
        : `Terrible service slow and rude answer again (${i})`;
      rows.push(`survey,s${i},csat,1,5,${praise ? 5 : 1},${comment},en,2026-03-03T10:00:00Z`);
    }
    const path = join(surveyDir, 'survey_responses.csv');
    await writeFile(path, `${rows.join('\n')}\n`);
    const imported = await importFiles(survey, [path], { now: () => NOW });
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  }, SETUP_MS);
  afterAll(async () => {
    await survey?.close();
    await rm(surveyDir, { recursive: true, force: true });
  });

  test('every labelled comment counts once, with its terms', async () => {
    const [english] = await trainToneModels(survey, NOW);
    expect(english).toMatchObject({ language: 'en' });
    expect((english?.trainN ?? 0) + (english?.testN ?? 0)).toBe(CONTACTS);
    // Praise and complaint differ in every word: with each comment's own terms the model is right
    // about every held-back comment.
    expect(english?.accuracy).toBe(1);
  });
});
