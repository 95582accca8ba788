/**
 * Source-format benchmark: an Asterisk queue_log of about 1 GB (BENCH_QUEUE_LOG_MB) imported
 * through `servicemeter import asterisk-queue-log`, with RSS sampled along the way to show that
 * memory stays flat while the file is read; then a call log of 1M rows (BENCH_MAPPED_ROWS) through
 * `servicemeter import csv --map`, staged in SQL and row by row, against DuckDB's own read_csv of
 * the same file. A report, not a test.
 *
 *   npm run bench                                   # foundation, then this
 *   BENCH_QUEUE_LOG_MB=200 node --expose-gc dist/bench/sources.js
 *
 * Writes bench/out/sources.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quoteLiteral } from '../src/core/dialect.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { asteriskQueueLog } from '../src/ingest/sources/asterisk-queue-log.js';
import { csvMapped } from '../src/ingest/sources/csv-mapped.js';
import { ConversionLog } from '../src/ingest/sources/format.js';
import { CanonicalWriter } from '../src/ingest/sources/writer.js';
import type { ImportProgress } from '../src/services/import.js';
import { importSource } from '../src/services/import-source.js';
import { migrate } from '../src/services/migrate.js';
import { writeBankCalls } from './bank-calls-data.js';
import { fmtMb, fmtRate, fmtS, GB, MB, measureStep } from './measure.js';
import { writeQueueLog } from './queue-log-data.js';

const QUEUE_LOG_MB = Number(process.env.BENCH_QUEUE_LOG_MB ?? 1024);
const MAPPED_ROWS = Number(process.env.BENCH_MAPPED_ROWS ?? 1_000_000);
const CALLS_MAPPING = fileURLToPath(
  new URL('../../test/fixtures/sources/csv/bank-calls.map.json', import.meta.url),
);
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
const say = (line = '') => console.log(line);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-sources-'));
  try {
    say(`servicemeter source-format benchmark — ${new Date().toISOString()}`);
    const logPath = join(dir, 'queue_log');
    say(`\n── 1. write a queue_log of ${QUEUE_LOG_MB} MB`);
    const written = await measureStep(() => writeQueueLog(logPath, QUEUE_LOG_MB * MB));
    const { calls, lines, bytes } = written.result;
    say(
      `  ${lines.toLocaleString('en-US')} lines, ${calls.toLocaleString('en-US')} calls, ${fmtMb(bytes)} in ${fmtS(written.stats.seconds)}`,
    );

    say('\n── 2. servicemeter import asterisk-queue-log (convert, check, load, rebuild)');
    const db = await openDuckDb({ path: join(dir, 'bench.duckdb') });
    await migrate(db);
    const phases: { phase: ImportProgress['phase']; at: number }[] = [];
    // RSS while the log is read, at each tenth of the file: flat memory means these stay level.
    const readingRss: { percent: number; rss: number }[] = [];
    const started = performance.now();
    const run = await measureStep(() =>
      importSource(db, asteriskQueueLog, [logPath], {
        onProgress: (p) => {
          if (phases[phases.length - 1]?.phase !== p.phase)
            phases.push({ phase: p.phase, at: (performance.now() - started) / 1000 });
          if (p.phase === 'check' && p.file === logPath && p.totalBytes > 0) {
            const percent = Math.floor((10 * p.bytesRead) / p.totalBytes) * 10;
            if (readingRss[readingRss.length - 1]?.percent !== percent)
              readingRss.push({ percent, rss: process.memoryUsage().rss });
          }
        },
      }),
    );
    await db.close();
    if (!run.result.ok) throw new Error(`import failed: ${JSON.stringify(run.result.error).slice(0, 2000)}`);
    const summary = run.result.data;
    const convertSeconds = phases.find((p) => p.phase === 'load')?.at ?? run.stats.seconds;
    say(
      `  ${fmtS(run.stats.seconds)} in all, ${fmtRate(lines / run.stats.seconds)} lines; convert + check ${fmtS(convertSeconds)} (${fmtRate(lines / convertSeconds)} lines)`,
    );
    for (const f of summary.files) say(`  ${f.table}: ${f.rowsImported.toLocaleString('en-US')} rows`);
    say(
      `  RSS while reading the log, by tenth of the file: ${readingRss.map((r) => `${r.percent}% ${fmtMb(r.rss)}`).join(', ')}`,
    );
    const readingPeak = Math.max(...readingRss.map((r) => r.rss));
    const readingLow = Math.min(...readingRss.map((r) => r.rss));
    say(
      `  peak RSS of the whole import ${fmtMb(run.stats.peakRssBytes)} sampled, ${fmtMb(run.stats.hwmBytes)} kernel high-water mark`,
    );
    const flat = readingPeak - readingLow <= 256 * MB;
    const peakOk = Math.max(run.stats.peakRssBytes, run.stats.hwmBytes ?? 0) <= 2 * GB;
    say('');
    say(
      `  target: memory flat while reading (spread ≤ 256 MB): ${fmtMb(readingPeak - readingLow)} — ${flat ? 'PASS' : 'MISS'}`,
    );
    say(
      `  target: peak RSS ≤ 2 GB: ${fmtMb(Math.max(run.stats.peakRssBytes, run.stats.hwmBytes ?? 0))} — ${peakOk ? 'PASS' : 'MISS'}`,
    );

    say(
      `\n── 3. write a call log of ${MAPPED_ROWS.toLocaleString('en-US')} rows (the anonymous-bank shape) for servicemeter import csv --map`,
    );
    const callsPath = join(dir, 'calls.txt');
    const callsWritten = await writeBankCalls(callsPath, MAPPED_ROWS);
    say(`  ${fmtMb(callsWritten.bytes)}`);

    say("\n── 4. DuckDB's own read_csv of the same file into a table (type detection, no checks)");
    const floorDb = await openDuckDb({ path: join(dir, 'read-csv-only.duckdb') });
    const floor = await measureStep(() =>
      floorDb.run(
        `CREATE TABLE calls AS SELECT * FROM read_csv(${quoteLiteral(callsPath)}, header = true, delim = '\t')`,
      ),
    );
    await floorDb.close();
    say(`  ${fmtS(floor.stats.seconds)}, ${fmtRate(MAPPED_ROWS / floor.stats.seconds)} rows`);

    say('\n── 5. the mapping alone: convert the rows into canonical rows (no database)');
    const converted = await measureStep(async () => {
      const outDir = await mkdtemp(join(dir, 'converted-'));
      const writer = new CanonicalWriter(outDir);
      const log = new ConversionLog();
      await csvMapped.convert([callsPath], {
        out: writer,
        source: 'csv',
        mappingPath: CALLS_MAPPING,
        timezone: 'UTC',
        reject: (problem) => log.reject(problem),
        warn: (file, message, example) => log.warn(file, message, example),
        progress: () => undefined,
      });
      await writer.close();
      await rm(outDir, { recursive: true, force: true });
      if (log.problemCount > 0)
        throw new Error(`convert rejected rows: ${JSON.stringify(log.problems.slice(0, 3))}`);
      return writer.counts();
    });
    say(
      `  ${fmtS(converted.stats.seconds)}, ${fmtRate(MAPPED_ROWS / converted.stats.seconds)} rows → ${JSON.stringify(converted.result)}; peak RSS ${fmtMb(converted.stats.peakRssBytes)}`,
    );

    /** Imports the call log into a fresh database and times its phases: staged or converted, loaded, facts. */
    const importCalls = async (name: string, format: typeof csvMapped) => {
      const db = await openDuckDb({ path: join(dir, `${name}.duckdb`) });
      await migrate(db);
      const started = performance.now();
      const marks: Partial<Record<ImportProgress['phase'], number>> = {};
      const measured = await measureStep(() =>
        importSource(db, format, [callsPath], {
          mappingPath: CALLS_MAPPING,
          onProgress: (p) => {
            marks[p.phase] ??= (performance.now() - started) / 1000;
          },
        }),
      );
      await db.close();
      if (!measured.result.ok)
        throw new Error(`mapped import failed: ${JSON.stringify(measured.result.error).slice(0, 2000)}`);
      const loaded = marks.rebuild ?? measured.stats.seconds;
      return {
        summary: measured.result.data,
        stats: measured.stats,
        /** Until the canonical tables hold the rows, before the facts rebuild. */
        importSeconds: loaded,
        rebuildSeconds: measured.stats.seconds - loaded,
      };
    };
    const report = (run: Awaited<ReturnType<typeof importCalls>>) => {
      const rate = MAPPED_ROWS / run.importSeconds;
      const over = run.importSeconds / floor.stats.seconds;
      say(
        `  into the canonical tables: ${fmtS(run.importSeconds)}, ${fmtRate(rate)} rows, ${over.toFixed(2)}× DuckDB's read_csv; facts rebuild ${fmtS(run.rebuildSeconds)}; whole command ${fmtS(run.stats.seconds)}; peak RSS ${fmtMb(run.stats.peakRssBytes)}`,
      );
      say(
        `  rows: ${run.summary.files.map((f) => `${f.table} ${f.rowsImported.toLocaleString('en-US')}`).join(', ')}`,
      );
      return { rate, over };
    };

    say('\n── 6. servicemeter import csv --map: staged in SQL, loaded, facts rebuilt');
    const mapped = await importCalls('mapped', csvMapped);
    if (mapped.summary.conversion.by !== 'sql')
      throw new Error(`the call log was not staged in SQL: ${JSON.stringify(mapped.summary.conversion)}`);
    const { rate: mappedRate, over: overFloor } = report(mapped);
    say(`  target: ≥ 300 k rows/s: ${fmtRate(mappedRate)} — ${mappedRate >= 300_000 ? 'PASS' : 'MISS'}`);
    say(`  target: ≤ 3× DuckDB's read_csv: ${overFloor.toFixed(2)}× — ${overFloor <= 3 ? 'PASS' : 'MISS'}`);

    say('\n── 7. the same import row by row (the reader every other mapping and every rejected row takes)');
    const rowByRow = await importCalls('mapped-rows', { ...csvMapped, stage: undefined });
    const rowsFigures = report(rowByRow);

    await mkdir(OUT_DIR, { recursive: true });
    const outPath = join(OUT_DIR, 'sources.json');
    await writeFile(
      outPath,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          queueLog: {
            bytes,
            lines,
            calls,
            seconds: run.stats.seconds,
            convertSeconds,
            linesPerSecond: lines / run.stats.seconds,
            phases,
            readingRss,
            memory: run.stats,
            rows: summary.files.map((f) => ({ table: f.table, rows: f.rowsImported })),
            targets: { flatWhileReading: flat, peakUnder2Gb: peakOk },
          },
          mappedCsv: {
            rows: MAPPED_ROWS,
            bytes: callsWritten.bytes,
            readCsvSeconds: floor.stats.seconds,
            convertSeconds: converted.stats.seconds,
            convertRowsPerSecond: MAPPED_ROWS / converted.stats.seconds,
            importSeconds: mapped.importSeconds,
            importRowsPerSecond: mappedRate,
            importOverReadCsv: overFloor,
            rebuildSeconds: mapped.rebuildSeconds,
            commandSeconds: mapped.stats.seconds,
            memory: mapped.stats,
            rowByRow: {
              importSeconds: rowByRow.importSeconds,
              importRowsPerSecond: rowsFigures.rate,
              importOverReadCsv: rowsFigures.over,
              rebuildSeconds: rowByRow.rebuildSeconds,
              commandSeconds: rowByRow.stats.seconds,
              memory: rowByRow.stats,
            },
            targets: { rowsPerSecond300k: mappedRate >= 300_000, within3xReadCsv: overFloor <= 3 },
          },
        },
        null,
        2,
      )}\n`,
    );
    say(`\n  figures written to ${outPath}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
