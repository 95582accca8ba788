/**
 * `servicemeter alerts list|test` on a database file with two rules, one of them firing. Runs the
 * built CLI (`npm run build:server` first).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { evaluateAlerts } from '../../src/services/alerts/evaluate.js';
import { createRule } from '../../src/services/alerts/rules.js';
import { JOB_KINDS } from '../../src/services/jobs/kinds/index.js';
import { createJob } from '../../src/services/jobs/store.js';
import { migrate } from '../../src/services/migrate.js';
import { cli, expectRefused } from '../support/cli.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let work: string;
let dbPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-cli-alerts-'));
  dbPath = join(work, 'alerts.duckdb');
  const db = await openDuckDb({ path: dbPath });
  try {
    await migrate(db);
    const lead = { id: 'lead', role: 'manager' as const };
    const failing = await createRule(db, lead, {
      name: 'A job failed',
      kind: 'job_failed',
      params: { kind: 'job_failed', jobId: null },
      debounceMinutes: 0,
    });
    const csat = await createRule(db, lead, {
      name: 'CSAT below 80 %',
      kind: 'threshold',
      kpi: 'csat',
      filters: { channel: ['email'] },
      params: { kind: 'threshold', comparison: 'below', value: 0.8, windowHours: 168, minN: 30 },
    });
    if (!failing.ok || !csat.ok) throw new Error('rules refused');
    const job = await createJob(db, JOB_KINDS, { kind: 'rebuild', name: 'Nightly rebuild', params: {} });
    if (!job.ok) throw new Error('job refused');
    await db.run(
      `UPDATE jobs SET last_outcome = 'failed', last_error = 'the disk is full' WHERE id = '${job.data.id}'`,
    );
    await evaluateAlerts(db, new Date('2026-03-10T12:00:00Z'), { mail: null, only: failing.data.id });
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('alerts list: a table with the name first, the condition and the state', async () => {
  const run = await cli(['alerts', 'list', '--db', dbPath]);
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^name\s+kind\s+indicator\s+condition\s+state\s+last event$/);
  expect(lines[2]).toMatch(
    /^A job failed\s+job_failed\s+–\s+any job failed\s+FIRING\s+fired 2026-03-10 12:00$/,
  );
  expect(lines[3]).toMatch(
    /^CSAT below 80 %\s+threshold\s+csat\s+below 80\.0 % over 168 h, n ≥ 30 \(channel=email\)\s+not evaluated\s+–$/,
  );
});

test('alerts test: prints the check and the view; an unknown name is refused with the known ones', async () => {
  const run = await cli(['alerts', 'test', 'A job failed', '--db', dbPath]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(
    'holds: 1 of 2 jobs failed their last run: Nightly rebuild (the disk is full)',
  );
  expect(run.stdout).toContain('view: /jobs');
  expectRefused(
    await cli(['alerts', 'test', 'nope', '--db', dbPath]),
    /no alert rule named "nope"; known: A job failed, CSAT below 80 %/,
  );
});
