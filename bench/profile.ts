/**
 * Where the time goes in the slow steps, on the data of a kept benchmark run:
 *
 *   BENCH_KEEP=1 npm run bench           # prints the data and database paths
 *   node --expose-gc dist/bench/profile.js <dataDir> <dbPath> [import|rebuild|overview ...]
 *
 * - import: the contact_events stage and upsert of `src/engines/duckdb/bulk.ts`, statement by
 *   statement, on a scratch database.
 * - rebuild: `rebuildFacts` on the kept database, opened as a command opens it, with DuckDB's JSON
 *   profiler on the facts statements (slowest operators), then every CTE of the contact facts
 *   statement materialised on its own (cumulative: a CTE includes the ones it reads).
 * - overview: every statement of the week × channel overview, as generated and with the per-row ICU
 *   time-zone conversion replaced by a fixed-offset expression, to price the conversion.
 *
 * Statements run by hand here are copies of what the services send (captured through the
 * instrumented engine), so this file needs no change when the services change.
 */
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodsBetween, utcToLocal } from '../src/core/kpi/periods.js';
import type { KpiQueryInput } from '../src/core/kpi/query.js';
import { stageFile, upsertStage } from '../src/engines/duckdb/bulk.js';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import type { ImportFile } from '../src/ingest/canonical.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { rebuildFacts } from '../src/services/rebuild.js';
import { instrument, StatementLog, statementLabel } from './instrument.js';
import { fmtMb, fmtS, measureStep, median, timed } from './measure.js';

const [dataDir, dbPath, ...parts] = process.argv.slice(2);
if (!dataDir || !dbPath) {
  console.error('usage: node dist/bench/profile.js <dataDir> <dbPath> [import|rebuild|overview ...]');
  process.exit(2);
}
const wanted = new Set(parts.length > 0 ? parts : ['import', 'rebuild', 'overview']);
const say = (line = '') => console.log(line);

async function measured(engine: DuckDbEngine, title: string, sql: string): Promise<number> {
  const m = await measureStep(() => engine.run(sql));
  say(
    `  ${fmtS(m.stats.seconds).padStart(8)}  peak RSS ${fmtMb(m.stats.hwmBytes ?? m.stats.peakRssBytes).padStart(7)}  ${title}`,
  );
  return m.stats.seconds;
}

// --- import ------------------------------------------------------------------------------------

async function profileImport(): Promise<void> {
  say(
    '\n== import: contact_events upsert, statement by statement (scratch database, default engine settings)',
  );
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-profile-'));
  const engine = await openDuckDb({ path: join(dir, 'scratch.duckdb') });
  try {
    await migrate(engine);
    const path = join(dataDir as string, 'contact_events.csv');
    const handle = await open(path, 'r');
    const head = Buffer.alloc(4096);
    await handle.read(head, 0, head.length, 0);
    await handle.close();
    const header = head.toString('utf8').split('\n')[0] ?? '';
    const columns = header.trim().split(',');
    const file: ImportFile = { path, table: 'contact_events', format: { kind: 'csv', delimiter: ',' } };
    const stage = await measureStep(() => stageFile(engine, file, path, columns));
    say(
      `  ${fmtS(stage.stats.seconds).padStart(8)}  peak RSS ${fmtMb(stage.stats.hwmBytes).padStart(7)}  stageFile: read_csv + conversions into the temp stage (${stage.result.toLocaleString('en-US')} rows)`,
    );
    await measured(
      engine,
      'read_csv alone (count(*) of the same reader, no conversion)',
      `CREATE OR REPLACE TEMP TABLE bench_x AS SELECT count(*) FROM read_csv('${path}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns.map((c) => `'${c}': 'VARCHAR'`).join(', ')}})`,
    );
    const reader = `read_csv('${path}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns.map((c) => `'${c}': 'VARCHAR'`).join(', ')}})`;
    const conversions: [string, string][] = [
      ['occurred_at as text', "NULLIF(occurred_at, '')"],
      ['occurred_at parsed to TIMESTAMPTZ', "CAST(NULLIF(occurred_at, '') AS TIMESTAMPTZ)"],
      [
        'occurred_at as converted now: TIMESTAMPTZ AT TIME ZONE UTC (ICU)',
        "CAST(CAST(NULLIF(occurred_at, '') AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)",
      ],
      [
        'occurred_at without ICU: make_timestamp(epoch_us(TIMESTAMPTZ))',
        "make_timestamp(epoch_us(CAST(NULLIF(occurred_at, '') AS TIMESTAMPTZ)))",
      ],
    ];
    for (const [title, expr] of conversions) {
      await measured(
        engine,
        title,
        `CREATE OR REPLACE TEMP TABLE bench_x AS SELECT ${expr} AS t FROM ${reader}`,
      );
    }
    const differ = await engine.all(
      `SELECT count(*) AS n FROM ${reader} WHERE CAST(CAST(NULLIF(occurred_at, '') AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) IS DISTINCT FROM make_timestamp(epoch_us(CAST(NULLIF(occurred_at, '') AS TIMESTAMPTZ)))`,
    );
    say(`            rows where the two conversions differ: ${differ[0]?.n}`);
    await measured(
      engine,
      'duplicate check: count(*) vs count(DISTINCT (source, external_id)) of the stage',
      'CREATE OR REPLACE TEMP TABLE bench_x AS SELECT count(*) AS n, count(DISTINCT (source, external_id)) AS k FROM import_stage',
    );
    const log = new StatementLog();
    const up = await measureStep(() => upsertStage(instrument(engine, log), 'contact_events'));
    for (const e of log.entries) say(`  ${fmtS(e.seconds).padStart(8)}  ${statementLabel(e.sql, 110)}`);
    say(
      `  ${fmtS(up.stats.seconds).padStart(8)}  peak RSS ${fmtMb(up.stats.hwmBytes).padStart(7)}  = upsertStage (the range check, then the INSERT; it deduplicates only a stage whose keys repeat)`,
    );
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// --- rebuild -----------------------------------------------------------------------------------

interface ProfileNode {
  operator_type?: string;
  operator_name?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: ProfileNode[];
}

function flatten(node: ProfileNode, out: ProfileNode[] = []): ProfileNode[] {
  out.push(node);
  for (const child of node.children ?? []) flatten(child, out);
  return out;
}

function describe(node: ProfileNode): string {
  const info = node.extra_info ?? {};
  const pick = [
    'Join Type',
    'Conditions',
    'Groups',
    'Aggregates',
    'Function',
    'Table',
    'Projections',
    'Filters',
  ];
  const parts = pick
    .filter((k) => info[k] !== undefined)
    .map((k) => `${k}: ${String(Array.isArray(info[k]) ? (info[k] as unknown[]).join(', ') : info[k])}`);
  return statementLabel(parts.join(' | '), 150);
}

async function profiled(engine: DuckDbEngine, sql: string, name: string): Promise<void> {
  const out = join(tmpdir(), `servicemeter-profile-${process.pid}-${name}.json`);
  await engine.run("PRAGMA enable_profiling = 'json'");
  await engine.run(`PRAGMA profiling_output = '${out}'`);
  const m = await measureStep(() => engine.run(sql));
  await engine.run('PRAGMA disable_profiling');
  const profile = JSON.parse(await readFile(out, 'utf8')) as ProfileNode & Record<string, unknown>;
  await rm(out, { force: true });
  say(
    `  ${name}: ${fmtS(m.stats.seconds)} wall, peak RSS ${fmtMb(m.stats.hwmBytes)}; profiler: latency ${Number(profile.latency).toFixed(1)} s, cpu ${Number(profile.cpu_time).toFixed(1)} s, peak buffer memory ${fmtMb(Number(profile.system_peak_buffer_memory))}, peak temp dir ${fmtMb(Number(profile.system_peak_temp_dir_size))}, bytes written ${fmtMb(Number(profile.total_bytes_written))}`,
  );
  const nodes = flatten(profile).filter((n) => n.operator_type !== undefined);
  const total = nodes.reduce((a, n) => a + (n.operator_timing ?? 0), 0);
  const byType = new Map<string, number>();
  for (const n of nodes)
    byType.set(n.operator_type ?? '?', (byType.get(n.operator_type ?? '?') ?? 0) + (n.operator_timing ?? 0));
  say(
    `    operator time by type (sum ${total.toFixed(1)} s, summed over threads): ${[...byType.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([t, s]) => `${t} ${s.toFixed(1)} s`)
      .join(', ')}`,
  );
  say('    slowest operators:');
  for (const n of [...nodes]
    .sort((a, b) => (b.operator_timing ?? 0) - (a.operator_timing ?? 0))
    .slice(0, 14)) {
    say(
      `    ${(n.operator_timing ?? 0).toFixed(2).padStart(6)} s  ${(n.operator_name ?? n.operator_type ?? '').padEnd(22)} ${String(n.operator_cardinality ?? '').padStart(9)} rows  ${describe(n)}`,
    );
  }
}

/** The WITH … part of the contact_facts statement and its CTE names, in order. */
function ctes(insertSql: string): { withBlock: string; names: string[] } {
  const start = insertSql.indexOf('WITH ');
  const end = insertSql.lastIndexOf('\n)\nSELECT ');
  if (start < 0 || end < 0) throw new Error('unexpected contact_facts statement shape');
  const withBlock = insertSql.slice(start, end + 2);
  const names = [...withBlock.matchAll(/(?:^WITH |\n)(\w+) AS \(\n/g)].map((m) => m[1] as string);
  return { withBlock, names };
}

async function profileRebuild(): Promise<void> {
  say('\n== rebuild: rebuildFacts on the kept database, the facts statements under the JSON profiler');
  // As `servicemeter rebuild` opens it: a command's memory limit.
  const engine = await openDuckDb({ path: dbPath as string, use: 'command' });
  let contactSql = '';
  try {
    await migrate(engine);
    const log = new StatementLog();
    const inner = instrument(engine, log);
    const wrapped: DuckDbEngine = {
      ...inner,
      run: async (sql, params) => {
        // The contact facts are computed into a temporary table, then copied into contact_facts.
        if (sql.startsWith('CREATE TEMP TABLE rebuilt_contact_facts')) {
          contactSql = sql;
          return profiled(engine, sql, 'CREATE TEMP TABLE rebuilt_contact_facts');
        }
        if (sql.startsWith('INSERT INTO contact_facts'))
          return profiled(engine, sql, 'INSERT INTO contact_facts');
        if (sql.startsWith('INSERT INTO survey_facts'))
          return profiled(engine, sql, 'INSERT INTO survey_facts');
        return inner.run(sql, params);
      },
    };
    const total = await timed(() => rebuildFacts(wrapped));
    say(`  rebuildFacts total ${fmtS(total.seconds)} (with profiling)`);

    say('\n  contact_facts CTEs, each materialised alone with what it reads (cumulative, not additive):');
    const { withBlock, names } = ctes(contactSql);
    for (const name of names) {
      if (name === 'default_calendar') continue;
      await measured(
        engine,
        name,
        `CREATE OR REPLACE TEMP TABLE bench_cte AS ${withBlock} SELECT * FROM ${name}`,
      );
    }
    await engine.run('DROP TABLE IF EXISTS bench_cte');
  } finally {
    await engine.close();
  }
}

// --- overview ----------------------------------------------------------------------------------

/** UTC instants of the EU summer-time changes (last Sunday of March/October, 01:00 UTC). */
function euTransitions(year: number): [string, string] {
  const lastSunday = (month: number) => {
    const d = new Date(Date.UTC(year, month + 1, 0, 1));
    d.setUTCDate(d.getUTCDate() - d.getUTCDay());
    return d.toISOString().slice(0, 19).replace('T', ' ');
  };
  return [lastSunday(2), lastSunday(9)];
}

function fixedOffsetLocal(column: string): string {
  const cases = [2025, 2026, 2027]
    .map((y) => euTransitions(y))
    .map(([a, b]) => `WHEN ${column} >= TIMESTAMP '${a}' AND ${column} < TIMESTAMP '${b}' THEN 2`)
    .join(' ');
  return `(${column} + to_hours(CASE ${cases} ELSE 1 END))`;
}

async function profileOverview(): Promise<void> {
  say('\n== overview week × channel: each statement (median of 3 warm runs), as generated and without ICU');
  const engine = await openDuckDb({ path: dbPath as string });
  try {
    const log = new StatementLog();
    const query = { grain: 'week', by: ['channel'], timezone: 'Europe/Amsterdam' } satisfies KpiQueryInput;
    const first = await runKpiQuery(instrument(engine, log), query);
    if (!first.ok) throw new Error('overview failed');
    const warm = async (sql: string) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) times.push((await timed(() => engine.all(sql))).seconds);
      return median(times);
    };
    // Periods as the service computes them (weeks of the query time zone, bounds in UTC), so a row
    // can find its period with an ASOF join on the UTC timestamp instead of converting every row.
    const state = await engine.all(
      'SELECT CAST(facts_from AS VARCHAR) AS lo, CAST(facts_to AS VARCHAR) AS hi FROM facts_state',
    );
    const from = utcToLocal(String(state[0]?.lo), query.timezone).minus({ days: 7 }).toFormat('yyyy-LL-dd');
    const to = utcToLocal(String(state[0]?.hi), query.timezone).plus({ days: 8 }).toFormat('yyyy-LL-dd');
    const periods = periodsBetween('week', from, to, query.timezone);
    const values = periods.map((p) => `('${p.localStart}', TIMESTAMP '${p.startUtc}')`).join(', ');
    const viaPeriods = (sql: string): string => {
      const group =
        /CAST\(date_trunc\('week', \(\((\w+)\) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe\/Amsterdam'\)\) AS VARCHAR\)/;
      const match = sql.match(group);
      if (!match) return sql;
      const column = match[1] as string;
      return sql
        .replace(group, 'p.period_key')
        .replace(
          /FROM (contact_facts|survey_facts) WHERE/,
          `FROM $1 ASOF JOIN (VALUES ${values}) p(period_key, start_utc) ON ${column} >= p.start_utc WHERE`,
        );
    };
    // Or: convert only the 15-minute buckets of the range (every UTC offset is a multiple of 15
    // minutes), and find a row's period with a hash join on its bucket number.
    const lo = periods[0]?.startUtc ?? '1970-01-01 00:00:00';
    const hi = periods[periods.length - 1]?.endUtc ?? '1970-01-01 00:00:00';
    const buckets = `(SELECT CAST(epoch(b) AS BIGINT) // 900 AS bucket, CAST(date_trunc('week', b AT TIME ZONE 'UTC' AT TIME ZONE '${query.timezone}') AS VARCHAR) AS period_key FROM range(TIMESTAMP '${lo}', TIMESTAMP '${hi}', INTERVAL 15 MINUTE) t(b))`;
    const viaBuckets = (sql: string): string => {
      const group =
        /CAST\(date_trunc\('week', \(\((\w+)\) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe\/Amsterdam'\)\) AS VARCHAR\)/;
      const match = sql.match(group);
      if (!match) return sql;
      const column = match[1] as string;
      return sql
        .replace(group, 'p.period_key')
        .replace(
          /FROM (contact_facts|survey_facts) WHERE/,
          `FROM $1 JOIN ${buckets} p ON p.bucket = CAST(epoch(${column}) AS BIGINT) // 900 WHERE`,
        );
    };
    let asIs = 0;
    let noIcu = 0;
    let asof = 0;
    let hashed = 0;
    say('  as generated   fixed offsets   ASOF periods   bucket join');
    for (const e of log.entries) {
      const a = await warm(e.sql);
      const replaced = e.sql.replace(
        /\(\((\w+)\) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe\/Amsterdam'\)/g,
        (_m, column: string) => fixedOffsetLocal(column),
      );
      const b = replaced === e.sql ? a : await warm(replaced);
      const periodSql = viaPeriods(e.sql);
      const c = periodSql === e.sql ? a : await warm(periodSql);
      const bucketSql = viaBuckets(e.sql);
      const d = bucketSql === e.sql ? a : await warm(bucketSql);
      if (periodSql !== e.sql) {
        // Same groups and aggregates as generated? (period keys are written the same way.)
        const canon = (rows: Record<string, unknown>[]) =>
          rows
            .map((r) => JSON.stringify(r))
            .sort()
            .join('\n');
        const generated = canon(await engine.all(e.sql));
        if (generated !== canon(await engine.all(periodSql))) say('  !! the ASOF-periods variant differs');
        if (generated !== canon(await engine.all(bucketSql))) say('  !! the bucket-join variant differs');
      }
      asIs += a;
      noIcu += b;
      asof += c;
      hashed += d;
      say(
        `  ${fmtS(a).padStart(12)}  ${fmtS(b).padStart(14)}  ${fmtS(c).padStart(13)}  ${fmtS(d).padStart(12)}  ${e.label}`,
      );
    }
    say(
      `  ${fmtS(asIs).padStart(12)}  ${fmtS(noIcu).padStart(14)}  ${fmtS(asof).padStart(13)}  ${fmtS(hashed).padStart(12)}  = all statements`,
    );
    const scan = async (title: string, expr: string) =>
      say(`  ${fmtS(await warm(`SELECT count(DISTINCT ${expr}) FROM contact_facts`)).padStart(8)}  ${title}`);
    say('  one expression over the 1M created_at values:');
    await scan('epoch(created_at) (scan only)', 'epoch(created_at)');
    await scan(
      'ICU: week of created_at AT TIME ZONE',
      `date_trunc('week', created_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Amsterdam')`,
    );
    await scan(
      'fixed offsets: week of created_at + CASE',
      `date_trunc('week', ${fixedOffsetLocal('created_at')})`,
    );
  } finally {
    await engine.close();
  }
}

if (wanted.has('import')) await profileImport();
if (wanted.has('rebuild')) await profileRebuild();
if (wanted.has('overview')) await profileOverview();
