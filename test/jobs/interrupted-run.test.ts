import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { withTempDir } from '../support/engines.js';

/** The runner in a process of its own; it imports the built code: run `npm run build:server` first. */
const CHILD = fileURLToPath(new URL('./steps-child.mjs', import.meta.url));
const STEPS = 30;

interface Child {
  /** Resolves with the output once a line matches. */
  line(match: RegExp): Promise<string>;
  kill(): Promise<void>;
  exited: Promise<number | null>;
  output(): string;
}

function start(path: string): Child {
  const child = spawn(process.execPath, [CHILD, path, String(STEPS)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiting: { match: RegExp; resolve: (text: string) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const consume = (d: Buffer) => {
    output += d.toString('utf8');
    for (const w of [...waiting])
      if (w.match.test(output)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(output);
      }
  };
  child.stdout.on('data', consume);
  child.stderr.on('data', consume);
  return {
    line: (match) =>
      Promise.race([
        new Promise<string>((resolve) => {
          if (match.test(output)) resolve(output);
          else waiting.push({ match, resolve });
        }),
        exited.then((code) => {
          throw new Error(`the runner exited (${code}) before ${match}:\n${output}`);
        }),
      ]),
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    exited,
    output: () => output,
  };
}

test('a run cut off by kill -9 is recorded interrupted at the next start and resumes from its cursor, every step done once', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'jobs.duckdb');

    const first = start(path);
    await first.line(/^step 5$/m);
    await first.kill();
    const doneBeforeKill = Math.max(
      ...[...first.output().matchAll(/^step (\d+)$/gm)].map((m) => Number(m[1])),
    );
    expect(doneBeforeKill).toBeLessThan(STEPS);

    const second = start(path);
    const output = await second.line(/^finished /m);
    expect(await second.exited).toBe(0);
    expect(output).toContain('finished ok');
    // It went on from the last step whose cursor was saved: at least the last one printed.
    const resumedFrom = Number(/^resumed from (\d+)$/m.exec(output)?.[1]);
    expect(resumedFrom).toBeGreaterThanOrEqual(doneBeforeKill);
    expect(resumedFrom).toBeLessThan(STEPS);

    const db = await openDuckDb({ path });
    try {
      const steps = await db.all('SELECT step, count(*) AS times FROM job_steps GROUP BY step ORDER BY step');
      expect(steps).toEqual(Array.from({ length: STEPS }, (_, i) => ({ step: i + 1, times: 1 })));
      const runs = await db.all('SELECT outcome, error FROM job_runs ORDER BY started_at, finished_at');
      expect(runs).toEqual([
        { outcome: 'interrupted', error: 'the server stopped during the run; it resumes from its cursor' },
        { outcome: 'ok', error: null },
      ]);
      const jobs = await db.all('SELECT running_since, last_outcome, cursor, attempts FROM jobs');
      expect(jobs).toEqual([
        { running_since: null, last_outcome: 'ok', cursor: JSON.stringify({ done: STEPS }), attempts: 0 },
      ]);
    } finally {
      await db.close();
    }
  });
});
