/**
 * Alert rules evaluated on a PostgreSQL server: quiet evaluations, a firing and the evaluations
 * after it keep the rule's state as on DuckDB (PostgreSQL deduces one type per statement
 * parameter, which a parameter used twice in the state's statement once broke).
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { evaluateAlerts } from '../../src/services/alerts/evaluate.js';
import { type AlertActor, createRule, findRule } from '../../src/services/alerts/rules.js';
import { importFiles } from '../../src/services/import.js';
import { JOB_KINDS } from '../../src/services/jobs/kinds/index.js';
import { createJob } from '../../src/services/jobs/store.js';
import { ENGINES, FIXTURES, withMigrated } from '../support/engines.js';

const ADMIN: AlertActor = { id: 'root', role: 'admin' };

/** What evaluating the rules at these moments leaves: the events raised and each rule's state. */
async function evaluatedOn(db: Engine) {
  const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  const job = await createJob(db, JOB_KINDS, { kind: 'rebuild', name: 'Nightly rebuild', params: {} });
  if (!job.ok) throw new Error('job refused');
  const failed = await createRule(db, ADMIN, {
    name: 'A job failed',
    kind: 'job_failed',
    params: { kind: 'job_failed', jobId: null },
    debounceMinutes: 0,
  });
  const contacts = await createRule(db, ADMIN, {
    name: 'More than 2 contacts a week',
    kind: 'threshold',
    kpi: 'contacts_created',
    params: { kind: 'threshold', comparison: 'above', value: 2, windowHours: 168, minN: 1 },
    debounceMinutes: 0,
  });
  if (!failed.ok || !contacts.ok) throw new Error('rules refused');
  const at = (iso: string) => new Date(iso);
  const kinds = async (iso: string) =>
    (await evaluateAlerts(db, at(iso), { mail: null })).events.map((e) => `${e.ruleName}: ${e.kind}`).sort();
  const steps = [await kinds('2026-03-10T12:00:00Z')];
  await db.run(
    `UPDATE jobs SET last_outcome = 'failed', last_error = 'the disk is full' WHERE id = '${job.data.id}'`,
  );
  steps.push(await kinds('2026-03-10T12:05:00Z'));
  steps.push(await kinds('2026-03-10T12:10:00Z'));
  const states = [];
  for (const id of [failed.data.id, contacts.data.id]) {
    const found = await findRule(db, ADMIN, id);
    if (!found.ok) throw new Error(JSON.stringify(found.error));
    const { ruleId: _id, ...state } = found.data.state ?? { ruleId: null };
    states.push(state);
  }
  return { steps, states };
}

test('alert rules evaluated on PostgreSQL give the events and states they give on DuckDB', async () => {
  const answers = [];
  for (const { kind } of ENGINES) answers.push(await withMigrated(kind, evaluatedOn));
  const [onDuckDb, ...others] = answers;
  // The job's failure fired once, at 12:05, and was still firing at 12:10 without a new event.
  // The contacts rule fired at 12:00 and recovered when a contact left its week at 12:05, when the
  // job's failure fired; at 12:10 both were as they were, and nothing was raised.
  expect(onDuckDb?.steps).toEqual([
    ['More than 2 contacts a week: fired'],
    ['A job failed: fired', 'More than 2 contacts a week: recovered'],
    [],
  ]);
  expect(onDuckDb?.states).toMatchObject([
    { firing: true, since: '2026-03-10T12:05:00Z', lastEvaluatedAt: '2026-03-10T12:10:00Z' },
    { firing: false, since: null, lastValue: 2, lastEvaluatedAt: '2026-03-10T12:10:00Z' },
  ]);
  expect(onDuckDb?.states[0]).toMatchObject({ firing: true });
  for (const other of others) expect(other).toEqual(onDuckDb);
}, 120_000);
