/**
 * Texts never leave the machine: `servicemeter words analyse` runs in a network namespace of its
 * own with no network at all (`unshare --net`, util-linux; root, or user namespaces allowed) and
 * still reads every text, in all five languages, and trains the tone models. Where the namespace
 * cannot be made, the test fails: it does not skip. Runs the built CLI (`npm run build:server`).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { CsvTableWriter, columnPositions, csvField } from '../../src/services/demo/csv.js';
import { Rng } from '../../src/services/demo/random.js';
import { DEMO_TEXT_LANGUAGES, DemoWords, labelledComments } from '../../src/services/demo/words-texts.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { CLI, type Run } from '../support/cli.js';

/** Labelled comments per language: enough for a tone model (40, with 8 of either side). */
const COMMENTS = 80;
const CONTACTS = 40;

let work: string;
let dbPath: string;

function offline(args: string[]): Promise<Run> {
  const child = spawn('unshare', ['--net', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SERVICEMETER_TOKEN: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Survey comments and customers' messages in the five languages, as canonical files. */
async function writeFixture(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const rng = new Rng(42);
  const words = new DemoWords(rng);
  const s = columnPositions('survey_responses', [
    'source',
    'external_id',
    'kind',
    'scale_min',
    'scale_max',
    'score',
    'comment',
    'language',
    'sent_at',
    'responded_at',
  ]);
  const surveys = new CsvTableWriter('survey_responses', join(dir, 'survey_responses.csv'));
  const c = columnPositions('contacts', [
    'source',
    'external_id',
    'channel',
    'created_at',
    'customer_language',
  ]);
  const contacts = new CsvTableWriter('contacts', join(dir, 'contacts.csv'));
  const e = columnPositions('contact_events', [
    'source',
    'contact_external_id',
    'external_id',
    'kind',
    'occurred_at',
    'actor',
    'body',
  ]);
  const events = new CsvTableWriter('contact_events', join(dir, 'contact_events.csv'));
  for (const language of DEMO_TEXT_LANGUAGES) {
    for (const [i, comment] of labelledComments(rng, language, COMMENTS).entries()) {
      const row = surveys.emptyRow();
      row[s.source] = 'fixture';
      row[s.external_id] = `${language}-${i}`;
      row[s.kind] = 'csat';
      row[s.scale_min] = '1';
      row[s.scale_max] = '5';
      row[s.score] = String(comment.score);
      row[s.comment] = csvField(comment.text);
      row[s.language] = language;
      row[s.sent_at] = `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`;
      row[s.responded_at] = `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00Z`;
      surveys.push(row);
    }
    for (let i = 0; i < CONTACTS; i++) {
      const id = `${language}-C${i}`;
      const channel = (['email', 'chat', 'phone', 'social'] as const)[i % 4] ?? 'email';
      const row = contacts.emptyRow();
      row[c.source] = 'fixture';
      row[c.external_id] = id;
      row[c.channel] = channel;
      row[c.created_at] = `2026-04-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z`;
      row[c.customer_language] = language;
      contacts.push(row);
      const ev = events.emptyRow();
      ev[e.source] = 'fixture';
      ev[e.contact_external_id] = id;
      ev[e.external_id] = `${id}-1`;
      ev[e.kind] = 'customer_message';
      ev[e.occurred_at] = `2026-04-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z`;
      ev[e.actor] = 'customer';
      ev[e.body] = csvField(words.message(language, { channel, topic: 'delivery', slow: i % 3 === 0 }, true));
      events.push(ev);
    }
  }
  await surveys.close();
  await contacts.close();
  await events.close();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-words-offline-'));
  dbPath = join(work, 'team.duckdb');
  await writeFixture(join(work, 'files'));
  // Imported normally, with the network; then every reading is taken away, so that all that is
  // read below is read without it.
  const db = await openDuckDb({ path: dbPath });
  try {
    await migrate(db);
    const imported = await importFiles(db, [join(work, 'files')]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    for (const table of ['text_attribute_hits', 'text_terms', 'text_items', 'tone_models'])
      await db.run(`DELETE FROM ${table}`);
  } finally {
    await db.close();
  }
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the words pipeline without a network', () => {
  test('the namespace has no network: a connection out fails', async () => {
    const probe = await offline([
      process.execPath,
      '-e',
      `require('node:net').connect(53, '1.1.1.1').on('connect', () => process.exit(0)).on('error', (e) => { console.log(e.code); process.exit(3); });`,
    ]);
    // 3: the connection failed inside the namespace; anything else: no namespace, or a network.
    expect(probe.code, probe.stderr).toBe(3);
    expect(probe.stdout.trim()).toMatch(/^E(NETUNREACH|HOSTUNREACH|ADDRNOTAVAIL|CONNREFUSED)$/);
  });

  test('words analyse reads every text in five languages and trains tone models, offline', async () => {
    const run = await offline([process.execPath, CLI, 'words', 'analyse', '--db', dbPath, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as {
      analysed: number;
      byLanguage: Record<string, number>;
      trained: string[];
    };
    expect(result.analysed).toBe(DEMO_TEXT_LANGUAGES.length * (COMMENTS + CONTACTS));
    for (const language of ['en', 'nl', 'sv', 'uk', 'zh'])
      expect(result.byLanguage[language] ?? 0, language).toBeGreaterThan(COMMENTS / 4);
    expect(result.trained).toEqual(expect.arrayContaining(['en', 'nl']));

    const db = await openDuckDb({ path: dbPath });
    try {
      const stored = await db.all(
        `SELECT i.language, count(DISTINCT i.item_key) AS texts, count(t.term) AS terms
         FROM text_items i LEFT JOIN text_terms t ON t.item_key = i.item_key
         GROUP BY i.language ORDER BY i.language`,
      );
      const read = new Map(stored.map((r) => [String(r.language), r]));
      for (const language of ['en', 'nl', 'sv', 'uk', 'zh']) {
        expect(Number(read.get(language)?.texts ?? 0), language).toBeGreaterThan(COMMENTS / 4);
        expect(Number(read.get(language)?.terms ?? 0), language).toBeGreaterThan(COMMENTS);
      }
      const [models] = await db.all('SELECT count(*) AS n FROM tone_models');
      expect(Number(models?.n)).toBeGreaterThanOrEqual(2);
    } finally {
      await db.close();
    }
  });
});
