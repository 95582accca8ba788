/**
 * `servicemeter demo` prints the figures of the period the dashboard opens with, and a hint that
 * repeats them from a clone. Runs the built command line (npm run build:server first).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/presets.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { dataStatus } from '../src/services/data-status.js';
import { PERIOD_LAST_DAY, TIMEZONE } from '../src/services/demo/scenario.js';
import { parseFilters, presetAnchor, resolveRange } from '../web/src/filters.js';
import { type CliRun, runCli } from './browser/support.js';

let dir: string;
let db: string;
let demo: CliRun;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-demo-hint-'));
  db = join(dir, 'demo.duckdb');
  demo = await runCli(['demo', '--db', db, '--contacts', '2000', '--seed', '1', '--replace', '--no-serve']);
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the demo', () => {
  // The scenario's team works in Amsterdam (its default calendar) and its data ends on
  // PERIOD_LAST_DAY, months before today: the dashboard opens on the 90 days up to it.
  const to = addDays(PERIOD_LAST_DAY, 1);
  const from = addDays(to, -90);

  it('opens the dashboard on the period and zone its figures and hint name', async () => {
    const engine = await openDuckDb({ path: db });
    const status = await dataStatus(engine).finally(() => engine.close());
    expect(status.timezone).toBe(TIMEZONE);
    const filters = parseFilters(new URLSearchParams(''), status.timezone);
    expect(resolveRange(filters, presetAnchor(status.to, filters.timezone))).toEqual({ from, to });

    // Both tables (overall and per agent) are of that period.
    const heading = `${from} – ${to} (${TIMEZONE}, end exclusive)`;
    expect(demo.stdout.split(heading).length - 1, demo.stdout).toBe(2);
    expect(demo.stdout).toContain(`the last 90 days up to the newest data, ${PERIOD_LAST_DAY}`);
  });

  it('prints a hint that runs from the clone it was started in', async () => {
    const explore = /^Explore: (.+)$/m.exec(demo.stdout)?.[1];
    expect(explore).toBe(
      `node dist/src/cli/main.js kpi --db ${db} --from ${from} --to ${to} --timezone ${TIMEZONE} --by week`,
    );
    expect(demo.stdout).toContain(`Dashboard: node dist/src/cli/main.js serve --db ${db} (demo login:`);
    // Generated only, the demo names the jobs it configured and keeps the real clock.
    expect(demo.stdout).toContain('Jobs page: Nightly rebuild; Zendesk sync (example');
    expect(demo.stdout).not.toContain("demo's clock");
    const [node, ...args] = (explore ?? '').split(' ');
    expect(node).toBe('node');
    const run = await promisify(execFile)(process.execPath, args, { cwd: process.cwd() });
    expect(run.stdout).toContain(`${from} – ${to} (${TIMEZONE}, end exclusive)`);
  });
});
