/**
 * Incremental facts benchmark: imports of 100 contacts (half new, half with new events on stored
 * ones, as webhooks and syncs bring them) into a database of 100,000 demo contacts, rebuilding
 * the facts of what they touched, against a full rebuild of the same database; then the same with
 * the calendars, teams and targets re-sent as they are stored, and the whole demo imported again.
 * A report, not a test.
 *
 *   npm run bench                                        # after the other benchmarks
 *   BENCH_INCREMENTAL_CONTACTS=1000000 node dist/bench/incremental.js
 *
 * Writes bench/out/incremental.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { rebuildFacts } from '../src/services/rebuild.js';
import { fmtS, median, timed } from './measure.js';

const CONTACTS = Number(process.env.BENCH_INCREMENTAL_CONTACTS ?? 100_000);
const BATCH = 100;
const RUNS = 5;
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
const say = (line = '') => console.log(line);

if (!Number.isSafeInteger(CONTACTS) || CONTACTS <= 0) {
  throw new Error(
    `BENCH_INCREMENTAL_CONTACTS must be a positive integer, got ${process.env.BENCH_INCREMENTAL_CONTACTS}`,
  );
}

const csv = (header: string, rows: readonly (readonly string[])[]) =>
  `${[header, ...rows.map((r) => r.join(','))].join('\n')}\n`;

/**
 * The files of one batch: `BATCH / 2` new contacts, each with a first message and a reply, and a
 * reply and a resolution on `BATCH / 2` stored contacts picked at random.
 */
async function writeBatch(db: DuckDbEngine, dir: string, run: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stored = await db.all(
    `SELECT source, external_id, strftime(created_at + INTERVAL 2 HOUR, '%Y-%m-%dT%H:%M:%SZ') AS later
     FROM contacts USING SAMPLE ${BATCH / 2} ROWS`,
  );
  const [last] = await db.all("SELECT strftime(max(created_at), '%Y-%m-%dT%H:%M:%SZ') AS at FROM contacts");
  const at = Date.parse(String(last?.at)) + run * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const fresh = Array.from({ length: BATCH / 2 }, (_, i) => `bench-${run}-${i}`);
  const contacts = csv(
    'source,external_id,channel,created_at,status',
    fresh.map((id, i) => ['webhook', id, 'email', iso(at + i * 1000), 'open']),
  );
  const events = csv('source,contact_external_id,external_id,kind,occurred_at,agent_id,status', [
    ...fresh.flatMap((id, i) => [
      ['webhook', id, `${id}-m`, 'customer_message', iso(at + i * 1000), '', ''],
      ['webhook', id, `${id}-r`, 'agent_reply', iso(at + i * 1000 + 600_000), 'ann', ''],
    ]),
    ...stored.flatMap((c, i) => [
      [
        String(c.source),
        String(c.external_id),
        `bench-${run}-${i}-r`,
        'agent_reply',
        String(c.later),
        'ann',
        '',
      ],
      [
        String(c.source),
        String(c.external_id),
        `bench-${run}-${i}-s`,
        'status_change',
        String(c.later),
        '',
        'solved',
      ],
    ]),
  ]);
  await writeFile(join(dir, 'contacts.csv'), contacts);
  await writeFile(join(dir, 'contact_events.csv'), events);
  return [join(dir, 'contacts.csv'), join(dir, 'contact_events.csv')];
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-incremental-'));
  try {
    say(
      `incremental facts: ${BATCH} contacts into ${CONTACTS.toLocaleString('en-US')}, ${cpus().length} cores`,
    );
    await writeDemoFiles(join(dir, 'demo'), { contacts: CONTACTS, seed: 1 });
    const db = await openDuckDb({ path: join(dir, 'bench.duckdb') });
    try {
      await migrate(db);
      const first = await timed(() => importFiles(db, [join(dir, 'demo')]));
      if (!first.result.ok) throw new Error(JSON.stringify(first.result.error));
      say(`  demo imported with a full rebuild in ${fmtS(first.seconds)}`);

      const imports: { seconds: number; rebuildSeconds: number; rebuilt: number; changed: number }[] = [];
      for (let run = 0; run < RUNS; run++) {
        const files = await writeBatch(db, join(dir, `batch-${run}`), run);
        const step = await timed(() => importFiles(db, files, { countChangedContacts: true }));
        if (!step.result.ok) throw new Error(JSON.stringify(step.result.error));
        const facts = step.result.data.facts;
        if (facts?.scope !== 'touched') throw new Error(`the batch rebuilt ${facts?.scope ?? 'nothing'}`);
        imports.push({
          seconds: step.seconds,
          rebuildSeconds: facts.seconds,
          rebuilt: facts.rebuilt.contacts,
          changed: facts.changedContacts ?? 0,
        });
        say(
          `  batch ${run + 1}: import ${fmtS(step.seconds)}, of which rebuild ${fmtS(facts.seconds)} (${facts.rebuilt.contacts} contacts rebuilt, ${facts.changedContacts} changed)`,
        );
      }
      // A helpdesk export or sync that carries its calendars, teams and targets as they are
      // stored: the rows equal the stored ones, so only the contacts are rebuilt.
      const resent: number[] = [];
      const setUp = ['calendars', 'calendar_intervals', 'calendar_holidays', 'teams', 'targets'].map((t) =>
        join(dir, 'demo', `${t}.csv`),
      );
      for (let run = 0; run < 3; run++) {
        const files = await writeBatch(db, join(dir, `resent-${run}`), RUNS + run);
        const step = await timed(() => importFiles(db, [...setUp, ...files]));
        if (!step.result.ok) throw new Error(JSON.stringify(step.result.error));
        const facts = step.result.data.facts;
        if (facts?.scope !== 'touched')
          throw new Error(`the re-sent set-up rebuilt ${facts?.scope ?? 'nothing'}`);
        resent.push(step.seconds);
        say(`  batch with the calendars, teams and targets re-sent ${run + 1}: import ${fmtS(step.seconds)}`);
      }
      // The whole export imported again, unchanged: only the contacts whose rows changed are
      // rebuilt (none), where every fact used to be.
      const again = await timed(() => importFiles(db, [join(dir, 'demo')]));
      if (!again.result.ok) throw new Error(JSON.stringify(again.result.error));
      const againFacts = again.result.data.facts;
      if (againFacts?.scope !== 'touched')
        throw new Error(`the export imported again rebuilt ${againFacts?.scope ?? 'nothing'}`);
      say(
        `  the whole demo imported again: ${fmtS(again.seconds)} (${againFacts.rebuilt.contacts} contacts rebuilt)`,
      );
      const full: number[] = [];
      for (let run = 0; run < 3; run++) {
        const rebuilt = await timed(() => rebuildFacts(db));
        full.push(rebuilt.seconds);
        say(`  full rebuild ${run + 1}: ${fmtS(rebuilt.seconds)}`);
      }
      const result = {
        contacts: CONTACTS,
        batch: BATCH,
        cores: cpus().length,
        importMedianSeconds: median(imports.map((i) => i.seconds)),
        incrementalRebuildMedianSeconds: median(imports.map((i) => i.rebuildSeconds)),
        fullRebuildMedianSeconds: median(full),
        resentSetUpImportMedianSeconds: median(resent),
        wholeExportAgainSeconds: again.seconds,
        imports,
        resent,
        full,
      };
      say(
        `\n  median: import of ${BATCH} contacts ${fmtS(result.importMedianSeconds)} (rebuild of what it touched ${fmtS(result.incrementalRebuildMedianSeconds)}) vs full rebuild ${fmtS(result.fullRebuildMedianSeconds)}; with the calendars, teams and targets re-sent ${fmtS(result.resentSetUpImportMedianSeconds)}`,
      );
      await mkdir(OUT_DIR, { recursive: true });
      await writeFile(join(OUT_DIR, 'incremental.json'), `${JSON.stringify(result, null, 2)}\n`);
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
