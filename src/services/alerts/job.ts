/**
 * The one job that evaluates the alert rules, every five minutes in the team's time zone: made
 * when the first rule is, and left alone after (the jobs page pauses or reschedules it).
 */
import type { Engine } from '../../core/engine.js';
import { JOB_KINDS } from '../jobs/kinds/index.js';
import { createJob, describeJobError, type JobView, listJobs } from '../jobs/store.js';

export const ALERT_JOB_KIND = 'alert-evaluation';
export const ALERT_JOB_SCHEDULE = '*/5 * * * *';

/** The evaluation job, created when there is none. */
export async function ensureAlertJob(engine: Engine, now = new Date()): Promise<JobView> {
  const existing = (await listJobs(engine, JOB_KINDS)).find((job) => job.kind === ALERT_JOB_KIND);
  if (existing) return existing;
  const created = await createJob(
    engine,
    JOB_KINDS,
    { kind: ALERT_JOB_KIND, name: 'Alert evaluation', params: {}, schedule: ALERT_JOB_SCHEDULE },
    now,
  );
  if (!created.ok)
    throw new Error(`the alert evaluation job could not be made: ${describeJobError(created.error)}`);
  return created.data;
}
