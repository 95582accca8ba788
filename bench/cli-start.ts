/**
 * Command start-up benchmark: how long `servicemeter <command> --help` takes from the process's
 * start to its end, which is the time a command spends before its work. A command loads only its
 * own module (src/cli/command-modules.ts); `--help` alone loads all of them, as every command did
 * before. A report, not a test.
 *
 *   npm run bench                 # after the other benchmarks
 *   node dist/bench/cli-start.js
 *
 * Writes bench/out/cli-start.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
const RUNS = 7;
/** A command's start before its work; the whole program's start is the baseline it is measured against. */
const TARGET_SECONDS = 0.6;
const COMMAND_LINES: readonly (readonly string[])[] = [
  ['--version'],
  ['kpis', '--help'],
  ['kpi', '--help'],
  ['import', '--help'],
  ['qa', '--help'],
  ['serve', '--help'],
  ['demo', '--help'],
  ['--help'],
];

function startSeconds(args: readonly string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`servicemeter ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return seconds;
}

const results = COMMAND_LINES.map((args) => {
  startSeconds(args); // the first run reads the files from disk
  const seconds = median(Array.from({ length: RUNS }, () => startSeconds(args)));
  return { command: `servicemeter ${args.join(' ')}`, seconds };
});
const everyModule = results.find((r) => r.command === 'servicemeter --help')?.seconds ?? Number.NaN;
console.log(`Command start-up, median of ${RUNS} (target ≤ ${TARGET_SECONDS} s for one command):`);
for (const { command, seconds } of results) {
  const verdict =
    command === 'servicemeter --help'
      ? 'every module, as every command loaded before'
      : seconds <= TARGET_SECONDS
        ? 'target met'
        : 'target missed';
  console.log(`  ${command.padEnd(28)} ${seconds.toFixed(2)} s  ${verdict}`);
}
await mkdir(OUT_DIR, { recursive: true });
await writeFile(
  join(OUT_DIR, 'cli-start.json'),
  `${JSON.stringify({ runs: RUNS, targetSeconds: TARGET_SECONDS, everyModuleSeconds: everyModule, results }, null, 2)}\n`,
);
