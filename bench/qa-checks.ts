/**
 * Automatic quality checks benchmark: every check rule over the demo database of 20,000 contacts
 * (BENCH_QA_CONTACTS), with the message text the demo writes in its customers' languages. The
 * import already ran the checks once; this run checks every contact again (runChecks 'all'), as a
 * changed rule does, and reports contacts a second, hits per rule and the time the dictionaries
 * took to load (the first run of a language in a process pays it).
 *
 * Target: ≥ 2,000 contacts/s after the dictionaries are loaded. A report, not a test: it exits 0
 * when the target is missed.
 *
 *   node dist/bench/qa-checks.js
 *   BENCH_QA_CONTACTS=2000 node dist/bench/qa-checks.js
 *
 * Writes bench/out/qa-checks.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { runChecks } from '../src/services/qa/checks.js';

const CONTACTS = Number(process.env.BENCH_QA_CONTACTS ?? 20_000);
const TARGET_PER_SECOND = 2_000;
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-qa-'));
  try {
    const data = join(dir, 'data');
    await writeDemoFiles(data, { contacts: CONTACTS, seed: 1 });
    const engine = await openDuckDb({ path: join(dir, 'bench.duckdb') });
    try {
      await migrate(engine);
      const importStarted = performance.now();
      const imported = await importFiles(engine, [data]);
      if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.error).slice(0, 1000)}`);
      const importSeconds = (performance.now() - importStarted) / 1000;
      // The import loaded the dictionaries its contacts needed: this run measures the checks alone.
      const started = performance.now();
      const run = await runChecks(engine, 'all', new Date());
      const seconds = (performance.now() - started) / 1000;
      const perRule = await engine.all(
        'SELECT rule_id, count(*) AS hits, count(DISTINCT contact_key) AS contacts FROM qa_check_hits GROUP BY rule_id ORDER BY rule_id',
      );
      const languages = await engine.all(
        "SELECT COALESCE(customer_language, '(none)') AS language, count(*) AS n FROM contacts GROUP BY 1 ORDER BY 1",
      );
      const perSecond = run.checked / seconds;
      const report = {
        contacts: run.checked,
        hits: run.hits,
        seconds: Math.round(seconds * 100) / 100,
        contactsPerSecond: Math.round(perSecond),
        target: TARGET_PER_SECOND,
        met: perSecond >= TARGET_PER_SECOND,
        importWithChecksSeconds: Math.round(importSeconds * 100) / 100,
        perRule: perRule.map((r) => ({
          rule: String(r.rule_id),
          hits: Number(r.hits),
          contacts: Number(r.contacts),
        })),
        languages: languages.map((r) => ({ language: String(r.language), contacts: Number(r.n) })),
        loadAverage: loadavg()[0],
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
      console.log(
        `qa checks: ${report.contacts} contacts in ${report.seconds} s = ${report.contactsPerSecond}/s (target ${TARGET_PER_SECOND}/s ${report.met ? 'met' : 'missed'}), ${report.hits} hits`,
      );
      for (const rule of report.perRule)
        console.log(`  ${rule.rule}: ${rule.hits} hits on ${rule.contacts} contacts`);
      await mkdir(OUT_DIR, { recursive: true });
      await writeFile(join(OUT_DIR, 'qa-checks.json'), `${JSON.stringify(report, null, 2)}\n`);
    } finally {
      await engine.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
