/**
 * Customers' words benchmark, on DuckDB, against the product's targets. A report, not a test: it
 * exits 0 when a target is missed.
 *
 * (a) Tone per language: 3,000 labelled survey comments per language (BENCH_WORDS_COMMENTS), as
 *     the demo writes them, each with a score that agrees with its tone only mostly (praise with a
 *     three, a complaint with a four, as real customers answer). Imported, read and the tone models
 *     trained as an import does; then per language the model's accuracy on the held-back comments
 *     (about a fifth, never trained on), the lexicon alone on the same comments, and the share the
 *     model was unsure about. Generated comments repeat their frames, so they are easier to read
 *     than real ones: take these figures as an upper bound.
 * (b) Volume: 100,000 customer messages (BENCH_WORDS_MESSAGES) in the five languages (nl 50 %,
 *     en 25 %, sv 10 %, uk 8 %, zh 7 %), from import to read (the import rebuilds the contacts'
 *     facts, runs the quality checks and reads the texts), time and peak RSS; every text read again
 *     on its own; then 1,000 new messages imported and read.
 *
 * Targets: 100,000 messages read < 5 minutes; 1,000 new ones < 10 s.
 *
 *   node --expose-gc dist/bench/words.js
 *   BENCH_WORDS_COMMENTS=500 BENCH_WORDS_MESSAGES=10000 node dist/bench/words.js
 *
 * Writes bench/out/words.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { CsvTableWriter, columnPositions, csvField } from '../src/services/demo/csv.js';
import { Rng } from '../src/services/demo/random.js';
import type { DemoChannel, Topic } from '../src/services/demo/scenario.js';
import {
  DEMO_TEXT_LANGUAGES,
  type DemoTextLanguage,
  DemoWords,
  labelledComments,
} from '../src/services/demo/words-texts.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { analyseTexts } from '../src/services/words/analyse.js';
import type { ToneModelView } from '../src/services/words/contract.js';
import { listToneModels } from '../src/services/words/models.js';
import { fmtMb, fmtS, measureStep, type StepStats } from './measure.js';

const COMMENTS = Number(process.env.BENCH_WORDS_COMMENTS ?? 3_000);
const MESSAGES = Number(process.env.BENCH_WORDS_MESSAGES ?? 100_000);
const INCREMENT = 1_000;
const VOLUME_TARGET_S = 300;
const INCREMENT_TARGET_S = 10;
const SOURCE = 'bench';
const NOW = new Date('2026-07-01T08:00:00Z');
const PERIOD_START = Date.parse('2026-01-05T00:00:00Z');
const PERIOD_SECONDS = 170 * 86_400;
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
const MIX: Record<DemoTextLanguage, number> = { nl: 50, en: 25, sv: 10, uk: 8, 'zh-CN': 7 };
const CHANNELS: readonly DemoChannel[] = ['email', 'chat', 'phone', 'social'];
const TOPICS: readonly Topic[] = [
  'delivery',
  'returns',
  'payment',
  'product question',
  'account',
  'complaint',
];
const say = (line = '') => console.log(line);

for (const [name, value] of [
  ['BENCH_WORDS_COMMENTS', COMMENTS],
  ['BENCH_WORDS_MESSAGES', MESSAGES],
] as const)
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got ${value}`);

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Writes the labelled comments; returns the share whose score-made label is the tone written. */
async function writeComments(dir: string): Promise<number> {
  const pos = columnPositions('survey_responses', [
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
  const out = new CsvTableWriter('survey_responses', join(dir, 'survey_responses.csv'));
  const rng = new Rng(19);
  let agreeing = 0;
  for (const language of DEMO_TEXT_LANGUAGES) {
    for (const [i, c] of labelledComments(rng, language, COMMENTS).entries()) {
      const label = c.score >= 4 ? 'positive' : c.score === 3 ? 'neutral' : 'negative';
      if (label === c.tone) agreeing++;
      const sent = PERIOD_START / 1000 + Math.floor(rng.next() * PERIOD_SECONDS);
      const row = out.emptyRow();
      row[pos.source] = SOURCE;
      row[pos.external_id] = `${language}-${i + 1}`;
      row[pos.kind] = 'csat';
      row[pos.scale_min] = '1';
      row[pos.scale_max] = '5';
      row[pos.score] = String(c.score);
      row[pos.comment] = csvField(c.text);
      row[pos.language] = language;
      row[pos.sent_at] = iso(sent);
      row[pos.responded_at] = iso(sent + 3600);
      out.push(row);
      if (out.full) await out.flush();
    }
  }
  await out.close();
  return agreeing / (COMMENTS * DEMO_TEXT_LANGUAGES.length);
}

/** `count` customer messages, two per contact, in the languages of MIX; contact ids from `first`. */
async function writeMessages(dir: string, count: number, first: number, seed: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const rng = new Rng(seed);
  const words = new DemoWords(rng);
  const languages = Object.keys(MIX) as DemoTextLanguage[];
  const weights = languages.map((l) => MIX[l]);
  const c = columnPositions('contacts', [
    'source',
    'external_id',
    'channel',
    'created_at',
    'topic',
    'customer_language',
  ]);
  const e = columnPositions('contact_events', [
    'source',
    'contact_external_id',
    'external_id',
    'kind',
    'occurred_at',
    'actor',
    'body',
  ]);
  const contacts = new CsvTableWriter('contacts', join(dir, 'contacts.csv'));
  const events = new CsvTableWriter('contact_events', join(dir, 'contact_events.csv'));
  for (let k = 0; k < count / 2; k++) {
    const id = `W-${String(first + k).padStart(8, '0')}`;
    const language = languages[rng.weightedIndex(weights)] ?? 'nl';
    const channel = rng.pick(CHANNELS);
    const topic = rng.pick(TOPICS);
    const created = PERIOD_START / 1000 + Math.floor(rng.next() * PERIOD_SECONDS);
    const slow = rng.chance(0.25);
    const row = contacts.emptyRow();
    row[c.source] = SOURCE;
    row[c.external_id] = id;
    row[c.channel] = channel;
    row[c.created_at] = iso(created);
    row[c.topic] = topic;
    row[c.customer_language] = language;
    contacts.push(row);
    for (let m = 0; m < 2; m++) {
      const ev = events.emptyRow();
      ev[e.source] = SOURCE;
      ev[e.contact_external_id] = id;
      ev[e.external_id] = `${id}-${m + 1}`;
      ev[e.kind] = 'customer_message';
      ev[e.occurred_at] = iso(created + m * 7200);
      ev[e.actor] = 'customer';
      ev[e.body] = csvField(words.message(language, { channel, topic, slow }, m === 0));
      events.push(ev);
    }
    if (contacts.full) await contacts.flush();
    if (events.full) await events.flush();
  }
  await contacts.close();
  await events.close();
}

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'servicemeter-bench-words-'));
  try {
    say(`customers' words benchmark (DuckDB), ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`);
    say('');

    // (a) Tone per language.
    const commentsDir = join(work, 'comments');
    await mkdir(commentsDir, { recursive: true });
    const ceiling = await writeComments(commentsDir);
    const toneDb = await openDuckDb({ path: join(work, 'tone.duckdb') });
    let models: ToneModelView[];
    try {
      await migrate(toneDb);
      const imported = await importFiles(toneDb, [commentsDir], { now: () => NOW });
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      models = await listToneModels(toneDb);
    } finally {
      await toneDb.close();
    }
    say(`(a) tone on held-back comments, ${COMMENTS.toLocaleString('en-US')} labelled comments per language`);
    say('    language  read as it  trained  held back  model     lexicon   unsure');
    for (const m of models)
      say(
        `    ${m.language.padEnd(8)}  ${pct((m.trainN + m.testN) / COMMENTS).padStart(10)}  ${String(m.trainN).padStart(7)}  ${String(m.testN).padStart(9)}  ${pct(m.accuracy).padStart(8)}  ${pct(m.lexiconAccuracy).padStart(8)}  ${pct(m.unsureShare).padStart(7)}`,
      );
    say(
      `    The score agrees with the tone the comment was written in for ${pct(ceiling)}: no reading can do much better.`,
    );
    say(
      '    "read as it": the comments the pipeline took for that language (the rest went elsewhere or to other).',
    );
    const missing = ['en', 'nl', 'sv', 'uk', 'zh'].filter((l) => !models.some((m) => m.language === l));
    if (missing.length > 0) say(`    no model for: ${missing.join(', ')}`);
    say('    Generated comments repeat their frames and are easier to read than real ones: an upper bound.');
    say(
      '    The label is the score given (1–2 negative, 3 neutral, 4–5 positive), which is noisy on purpose.',
    );
    say('');

    // (b) Volume.
    const bulkDir = join(work, 'messages');
    await writeMessages(bulkDir, MESSAGES, 1, 100);
    const volumeDb = await openDuckDb({ path: join(work, 'volume.duckdb') });
    let volume: StepStats;
    let reread: StepStats;
    let increment: StepStats;
    let texts = 0;
    let byLanguage: Record<string, number> = {};
    try {
      await migrate(volumeDb);
      const bulk = await measureStep(async () => {
        const imported = await importFiles(volumeDb, [bulkDir], { now: () => NOW });
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      });
      volume = bulk.stats;
      const counted = await volumeDb.all('SELECT language, count(*) AS n FROM text_items GROUP BY language');
      byLanguage = Object.fromEntries(counted.map((r) => [String(r.language), Number(r.n)]));
      texts = Object.values(byLanguage).reduce((a, b) => a + b, 0);
      reread = (await measureStep(() => analyseTexts(volumeDb, 'all', NOW))).stats;
      const moreDir = join(work, 'more');
      await writeMessages(moreDir, INCREMENT, MESSAGES, 200);
      increment = (
        await measureStep(async () => {
          const imported = await importFiles(volumeDb, [moreDir], { now: () => NOW });
          if (!imported.ok) throw new Error(JSON.stringify(imported.error));
        })
      ).stats;
    } finally {
      await volumeDb.close();
    }
    const verdict = (seconds: number, target: number) => (seconds < target ? 'met' : 'MISSED');
    say(`(b) ${MESSAGES.toLocaleString('en-US')} customer messages in five languages`);
    say(
      `    import to read:   ${fmtS(volume.seconds)}, peak RSS ${fmtMb(volume.peakRssBytes)}  (target < ${VOLUME_TARGET_S / 60} min: ${verdict(volume.seconds, VOLUME_TARGET_S)})`,
    );
    say(`    texts read:       ${texts.toLocaleString('en-US')}  ${JSON.stringify(byLanguage)}`);
    say(`    all read again:   ${fmtS(reread.seconds)}, peak RSS ${fmtMb(reread.peakRssBytes)}`);
    say(
      `    ${INCREMENT.toLocaleString('en-US')} new messages: ${fmtS(increment.seconds)}  (target < ${INCREMENT_TARGET_S} s: ${verdict(increment.seconds, INCREMENT_TARGET_S)})`,
    );

    await mkdir(OUT_DIR, { recursive: true });
    await writeFile(
      join(OUT_DIR, 'words.json'),
      `${JSON.stringify(
        {
          comments: COMMENTS,
          messages: MESSAGES,
          models,
          labelAgreement: ceiling,
          volume,
          texts,
          byLanguage,
          reread,
          increment,
          targets: { volumeSeconds: VOLUME_TARGET_S, incrementSeconds: INCREMENT_TARGET_S },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
