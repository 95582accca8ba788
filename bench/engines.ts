/**
 * The engines side by side: the same demo contacts in a DuckDB file, in a PostgreSQL server, in
 * ClickHouse (chDB, in this process) and in PGlite (embedded PostgreSQL), then the dashboard's
 * overview on each, once cold and five times warm.
 * A report, not a test: it exits 0 whatever the figures.
 *
 *   npm run bench:engines                            # 100,000 contacts
 *   npm run bench:engines -- --contacts 1000000      # PGlite is left out above 100,000
 *   npm run bench:engines -- --no-rebuild            # PostgreSQL and PGlite keep the copied facts
 *   npm run bench:engines -- --no-pglite             # PGlite left out at any size
 *
 * PostgreSQL is a throwaway local cluster (bench/postgres-cluster.ts; SERVICEMETER_TEST_POSTGRES_URL
 * names a server to use instead). Its data comes from the DuckDB file through `migrateTo`, as a team
 * moving to a server would bring theirs, then its facts are rebuilt on it: its import time is that
 * copy (verified on both sides) plus that rebuild. Writes bench/out/engines.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { Engine } from '../src/core/engine.js';
import { OVERVIEW_CHANNEL_KPIS, OVERVIEW_KPIS } from '../src/core/kpi/overview.js';
import type { KpiQueryInput } from '../src/core/kpi/query.js';
import { openClickHouse } from '../src/engines/clickhouse/engine.js';
import { duckDbResources, openDuckDb } from '../src/engines/duckdb/engine.js';
import { openPglite } from '../src/engines/pglite/engine.js';
import { openPostgres } from '../src/engines/postgres/engine.js';
import { migrateToClickHouse } from '../src/services/analytics-copy.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { importFiles } from '../src/services/import.js';
import { type KpiResult, runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { migrateTo } from '../src/services/migrate-to.js';
import { rebuildFacts } from '../src/services/rebuild.js';
import { GB, median, timed } from './measure.js';
import { type LocalCluster, startLocalCluster } from './postgres-cluster.js';

const SEED = 1;
const WARM_RUNS = 5;
/** PGlite imports row by row through INSERTs in one process: beyond this it takes too long to say more. */
const PGLITE_MAX_CONTACTS = 100_000;
/** The overview covers the last 90 days of the data, as the team's dashboard opens on. */
const OVERVIEW_DAYS = 90;
/** A slow engine's answer is measured, not cut off at a dashboard's budget. */
const BUDGET_MS = 30 * 60_000;
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));

function contactsWanted(argv: readonly string[]): number {
  const at = argv.indexOf('--contacts');
  const given = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--contacts='))?.slice(11);
  const contacts = given === undefined ? 100_000 : Number(given.replaceAll('_', ''));
  if (!Number.isSafeInteger(contacts) || contacts <= 0)
    throw new Error(`--contacts must be a positive whole number, e.g. --contacts 1000000; got ${given}`);
  return contacts;
}

const CONTACTS = contactsWanted(process.argv.slice(2));
/**
 * `--no-rebuild`: the PostgreSQL engines keep the facts copied from the DuckDB file instead of
 * rebuilding them, for sizes where their rebuild takes longer than the run can wait.
 */
const REBUILD_COPIES = !process.argv.includes('--no-rebuild');
/** `--no-pglite`: PGlite is left out whatever the size. */
const WITH_PGLITE = !process.argv.includes('--no-pglite');
const started = performance.now();
const say = (line = '') => console.log(line);
const step = (title: string) =>
  say(`\n[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ── ${title}`);

function table(rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[]): void {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  for (const row of rows)
    say(
      `  ${row.map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
    );
}

/** The overview page's three queries (see bench/api.ts): totals with the previous period, weekly sparklines, channel lines. */
function overviewQueries(from: string, to: string): KpiQueryInput[] {
  const base = { kpis: [...OVERVIEW_KPIS], from, to, timezone: 'UTC' };
  return [
    { ...base, compare: true },
    { ...base, grain: 'week' },
    { ...base, kpis: [...OVERVIEW_CHANNEL_KPIS], by: ['channel'], compare: true },
  ];
}

async function overview(engine: Engine, queries: readonly KpiQueryInput[]): Promise<KpiResult[]> {
  const results: KpiResult[] = [];
  for (const query of queries) {
    const answer = await runKpiQuery(engine, query, { budgetMs: BUDGET_MS });
    if (!answer.ok) throw new Error(`overview on ${engine.kind}: ${JSON.stringify(answer.error)}`);
    results.push(answer.data);
  }
  return results;
}

/** The answers' values, rounded as far as two engines adding doubles in another order agree. */
function fingerprint(results: readonly KpiResult[]): string {
  return JSON.stringify(
    results.map((r) => r.rows),
    (_key, value) =>
      typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(9)) : value,
  );
}

interface EngineFigures {
  engine: string;
  importSeconds: number;
  /** What the import time is made of, for the report. */
  importParts: Record<string, number>;
  coldMs: number;
  warmMs: number[];
  warmMedianMs: number;
  sameAnswersAsDuckDb: boolean | null;
}

/** Cold on an engine just opened, then warm. */
async function measureOverview(
  name: string,
  engine: Engine,
  queries: readonly KpiQueryInput[],
): Promise<{ coldMs: number; warmMs: number[]; warmMedianMs: number; answer: string }> {
  const cold = await timed(() => overview(engine, queries));
  const warmMs: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++)
    warmMs.push((await timed(() => overview(engine, queries))).seconds * 1000);
  const result = {
    coldMs: cold.seconds * 1000,
    warmMs,
    warmMedianMs: median(warmMs),
    answer: fingerprint(cold.result),
  };
  say(
    `  ${name} overview: cold ${result.coldMs.toFixed(0)} ms, warm ${warmMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
  );
  return result;
}

async function main(): Promise<void> {
  const duckdb = duckDbResources();
  say(`servicemeter engines benchmark — ${new Date().toISOString()}`);
  say(
    `  ${CONTACTS.toLocaleString('en-US')} contacts, seed ${SEED}; node ${process.version}; ${cpus().length} cores; ${(totalmem() / GB).toFixed(1)} GB RAM; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; DuckDB ${duckdb.threads} threads, memory limit ${duckdb.memoryLimit}`,
  );
  const dataDir = await mkdtemp(join(tmpdir(), 'servicemeter-engines-data-'));
  const dbDir = await mkdtemp(join(tmpdir(), 'servicemeter-engines-db-'));
  const dbPath = join(dbDir, 'bench.duckdb');
  const open: Engine[] = [];
  let cluster: LocalCluster | null = null;
  const cleanup = async () => {
    for (const engine of open.splice(0)) await engine.close().catch(() => undefined);
    cluster?.stop();
    cluster = null;
    await rm(dataDir, { recursive: true, force: true });
    await rm(dbDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  const figures: EngineFigures[] = [];

  try {
    step(`generate ${CONTACTS.toLocaleString('en-US')} demo contacts`);
    const generated = await timed(() => writeDemoFiles(dataDir, { contacts: CONTACTS, seed: SEED }));
    const rows = Object.values(generated.result.files).reduce((a, b) => a + b, 0);
    say(`  ${rows.toLocaleString('en-US')} rows in ${generated.seconds.toFixed(1)} s`);

    step('DuckDB: import the files into a new database file, rebuild the facts');
    const duck = await openDuckDb({ path: dbPath });
    open.push(duck);
    await migrate(duck);
    const imported = await timed(() => importFiles(duck, [dataDir], { rebuild: false }));
    if (!imported.result.ok)
      throw new Error(`import: ${JSON.stringify(imported.result.error).slice(0, 2000)}`);
    const duckRebuild = await timed(() => rebuildFacts(duck));
    say(`  import ${imported.seconds.toFixed(1)} s, rebuild ${duckRebuild.seconds.toFixed(1)} s`);
    const [span] = await duck.all('SELECT CAST(facts_to AS VARCHAR) AS last FROM facts_state');
    const to = DateTime.fromISO(String(span?.last).replace(' ', 'T'), { zone: 'UTC' }).plus({ days: 1 });
    const queries = overviewQueries(
      to.minus({ days: OVERVIEW_DAYS }).toFormat('yyyy-LL-dd'),
      to.toFormat('yyyy-LL-dd'),
    );
    say(
      `  overview: ${queries.length} queries of ${OVERVIEW_KPIS.length} KPIs, ${queries[0]?.from} to ${queries[0]?.to} (UTC)`,
    );
    // Cold: on the file opened anew, with nothing of it in DuckDB's buffers.
    await duck.close();
    open.splice(open.indexOf(duck), 1);
    const reopened = await openDuckDb({ path: dbPath });
    open.push(reopened);
    const duckOverview = await measureOverview('DuckDB', reopened, queries);
    figures.push({
      engine: 'DuckDB (file)',
      importSeconds: imported.seconds + duckRebuild.seconds,
      importParts: { import: imported.seconds, rebuild: duckRebuild.seconds },
      ...duckOverview,
      sameAnswersAsDuckDb: null,
    });

    const rebuildStep = REBUILD_COPIES ? ', then the facts rebuilt on it' : ', its facts kept (--no-rebuild)';
    step(`PostgreSQL: a local cluster; the DuckDB file copied in (migrateTo)${rebuildStep}`);
    cluster = await startLocalCluster();
    const copyInto = async (name: string, target: Engine) => {
      const copied = await timed(() => migrateTo(reopened, target));
      if (!copied.result.ok) throw new Error(`copy into ${name}: ${JSON.stringify(copied.result.error)}`);
      const rebuilt = REBUILD_COPIES ? await timed(() => rebuildFacts(target)) : null;
      say(
        `  copy ${copied.seconds.toFixed(1)} s (${copied.result.data.rows.toLocaleString('en-US')} rows, verified), ${rebuilt ? `rebuild ${rebuilt.seconds.toFixed(1)} s` : 'facts kept as copied (--no-rebuild)'}`,
      );
      return { copy: copied.seconds, rebuild: rebuilt?.seconds ?? 0 };
    };
    const pgWriter = await openPostgres({ url: cluster.url });
    open.push(pgWriter);
    const pgImport = await copyInto('PostgreSQL', pgWriter);
    await pgWriter.close();
    open.splice(open.indexOf(pgWriter), 1);
    // Cold: new connections to the server (its own buffers and the system's cache stay warm).
    const pg = await openPostgres({ url: cluster.url });
    open.push(pg);
    const pgOverview = await measureOverview('PostgreSQL', pg, queries);
    figures.push({
      engine: 'PostgreSQL (server)',
      importSeconds: pgImport.copy + pgImport.rebuild,
      importParts: pgImport,
      ...pgOverview,
      sameAnswersAsDuckDb: pgOverview.answer === duckOverview.answer,
    });
    await pg.close();
    open.splice(open.indexOf(pg), 1);

    // chDB holds one data folder per process: this copy and the file's below share it.
    const chFolder = join(dbDir, 'clickhouse');
    const fromPostgres = await openClickHouse({ url: `chdb://${chFolder}?database=from_postgres` });
    open.push(fromPostgres);
    const pgSource = await openPostgres({ url: cluster.url });
    open.push(pgSource);
    const pgToClickHouse = await timed(() => migrateToClickHouse(pgSource, fromPostgres));
    if (!pgToClickHouse.result.ok)
      throw new Error(`copy from PostgreSQL into ClickHouse: ${JSON.stringify(pgToClickHouse.result.error)}`);
    const pgToClickHouseSeconds = pgToClickHouse.seconds;
    say(
      `  its analytical tables copied into ClickHouse (chDB; migrate-to clickhouse://… --db postgres://…): ${pgToClickHouseSeconds.toFixed(1)} s (${pgToClickHouse.result.data.rows.toLocaleString('en-US')} rows, verified)`,
    );
    await fromPostgres.run('DROP DATABASE IF EXISTS from_postgres');
    for (const engine of [fromPostgres, pgSource]) {
      await engine.close();
      open.splice(open.indexOf(engine), 1);
    }
    cluster.stop();
    cluster = null;

    step('ClickHouse: chDB in this process; the analytical tables of the DuckDB file copied in');
    const chWriter = await openClickHouse({ url: `chdb://${chFolder}?database=bench` });
    open.push(chWriter);
    const chCopied = await timed(() => migrateToClickHouse(reopened, chWriter));
    if (!chCopied.result.ok)
      throw new Error(`copy into ClickHouse: ${JSON.stringify(chCopied.result.error)}`);
    say(
      `  copy ${chCopied.seconds.toFixed(1)} s (${chCopied.result.data.rows.toLocaleString('en-US')} rows, verified); its facts are those of the file`,
    );
    await chWriter.close();
    open.splice(open.indexOf(chWriter), 1);
    const ch = await openClickHouse({ url: `chdb://${chFolder}?database=bench` });
    open.push(ch);
    const chOverview = await measureOverview('ClickHouse', ch, queries);
    figures.push({
      engine: 'ClickHouse (chDB)',
      importSeconds: chCopied.seconds,
      importParts: { copy: chCopied.seconds },
      ...chOverview,
      sameAnswersAsDuckDb: chOverview.answer === duckOverview.answer,
    });
    await ch.close();
    open.splice(open.indexOf(ch), 1);

    if (!WITH_PGLITE) {
      step('PGlite: left out (--no-pglite)');
    } else if (CONTACTS > PGLITE_MAX_CONTACTS) {
      step(`PGlite: left out above ${PGLITE_MAX_CONTACTS.toLocaleString('en-US')} contacts`);
    } else {
      step(`PGlite: in memory; the DuckDB file copied in (migrateTo)${rebuildStep}`);
      const pglite = await openPglite();
      open.push(pglite);
      const pgliteImport = await copyInto('PGlite', pglite);
      const pgliteOverview = await measureOverview('PGlite', pglite, queries);
      figures.push({
        engine: 'PGlite (embedded)',
        importSeconds: pgliteImport.copy + pgliteImport.rebuild,
        importParts: pgliteImport,
        ...pgliteOverview,
        sameAnswersAsDuckDb: pgliteOverview.answer === duckOverview.answer,
      });
    }

    step('side by side');
    const duckWarm = duckOverview.warmMedianMs;
    table(
      [
        ['engine', 'import s', 'overview cold ms', 'warm p50 ms', '× DuckDB', 'same answers'],
        ...figures.map((f) => [
          f.engine,
          f.importSeconds.toFixed(1),
          f.coldMs.toFixed(0),
          f.warmMedianMs.toFixed(0),
          `${(f.warmMedianMs / duckWarm).toFixed(2)}×`,
          f.sameAnswersAsDuckDb === null ? '' : f.sameAnswersAsDuckDb ? 'yes' : 'NO',
        ]),
      ],
      ['l', 'r', 'r', 'r', 'r', 'l'],
    );
    say('  import s: DuckDB = import of the CSV files + facts rebuild; ClickHouse = copy of the analytical');
    say('  tables through migrate-to (with its verification), the facts as the file holds them;');
    say('  PostgreSQL and PGlite = copy of the');
    say(
      REBUILD_COPIES
        ? '  DuckDB file through migrateTo (with its verification) + facts rebuild on the engine.'
        : '  DuckDB file through migrateTo (with its verification) only: --no-rebuild kept the copied facts.',
    );
    say(
      `  overview: ${queries.length} queries one after another; cold = first run on an engine just opened.`,
    );
    if (WITH_PGLITE && CONTACTS > PGLITE_MAX_CONTACTS)
      say(
        `  PGlite left out: above ${PGLITE_MAX_CONTACTS.toLocaleString('en-US')} contacts its import takes too long.`,
      );

    await mkdir(OUT_DIR, { recursive: true });
    const outPath = join(OUT_DIR, 'engines.json');
    const written = {
      meta: {
        date: new Date().toISOString(),
        contacts: CONTACTS,
        rows,
        seed: SEED,
        warmRuns: WARM_RUNS,
        node: process.version,
        cpus: cpus().length,
        totalMemoryBytes: totalmem(),
        duckdb,
        rebuiltOnPostgres: REBUILD_COPIES,
        overview: queries,
      },
      copies: { postgresToClickHouseSeconds: pgToClickHouseSeconds },
      engines: figures.map(
        ({ engine, importSeconds, importParts, coldMs, warmMs, warmMedianMs, sameAnswersAsDuckDb }) => ({
          engine,
          importSeconds,
          importParts,
          coldMs,
          warmMs,
          warmMedianMs,
          overDuckDb: warmMedianMs / duckWarm,
          sameAnswersAsDuckDb,
        }),
      ),
    };
    await writeFile(outPath, `${JSON.stringify(written, null, 2)}\n`);
    say(`\n  figures written to ${outPath}`);
  } finally {
    await cleanup();
  }
}

await main();
