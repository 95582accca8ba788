/**
 * The job that makes a sampling rule run by itself: one `qa-sampling` job per rule, named after it,
 * run after each period ends (06:00 every day, or Mondays at 06:00, in the team time zone the jobs
 * use) and paused while the rule is disabled. The rule's service keeps it in step; the jobs page
 * shows it like any other job.
 */
import type { Engine } from '../../core/engine.js';
import type { SamplingSchedule } from '../../core/qa/sampling.js';
import { err, ok, type Result } from '../../core/result.js';
import { JOB_KINDS } from '../jobs/kinds/index.js';
import { createJob, describeJobError, type JobView, listJobs, removeJob, updateJob } from '../jobs/store.js';
import type { QaProblem } from './contract.js';

export const SAMPLING_JOB_KIND = 'qa-sampling';

/** Job names are shorter than rule names. */
const JOB_NAME_LIMIT = 100;

/** After the period's end, once the night's imports and syncs are in. */
const SAMPLING_CRON: Record<SamplingSchedule, string> = {
  daily: '0 6 * * *',
  weekly: '0 6 * * 1',
};

export function samplingCron(schedule: SamplingSchedule): string {
  return SAMPLING_CRON[schedule];
}

/** What of a rule its job follows. */
export interface SampledRule {
  id: string;
  name: string;
  enabled: boolean;
  schedule: SamplingSchedule;
}

/** Every `qa-sampling` job that draws by the rule, the scheduled one and any catch-up runs. */
async function jobsOfRule(engine: Engine, ruleId: string): Promise<JobView[]> {
  return (await listJobs(engine, JOB_KINDS)).filter(
    (job) => job.kind === SAMPLING_JOB_KIND && job.params.ruleId === ruleId,
  );
}

/** The rule's own job: the one that draws the last period (a job naming a period catches one up). */
export async function samplingJob(engine: Engine, ruleId: string): Promise<JobView | null> {
  return (await jobsOfRule(engine, ruleId)).find((job) => job.params.period === undefined) ?? null;
}

/**
 * Makes the rule's job match the rule: created when missing, else renamed, rescheduled, paused or
 * resumed where it differs (a schedule left as it is keeps the job's next run). Throws when the
 * job cannot be made, which only a broken server configuration causes: the caller's transaction
 * then leaves the rule as it was.
 */
export async function syncSamplingJob(engine: Engine, rule: SampledRule, now: Date): Promise<JobView> {
  const name = rule.name.slice(0, JOB_NAME_LIMIT);
  const schedule = samplingCron(rule.schedule);
  const paused = !rule.enabled;
  const current = await samplingJob(engine, rule.id);
  const done = current
    ? await updateJob(
        engine,
        JOB_KINDS,
        current.id,
        {
          ...(current.name === name ? {} : { name }),
          ...(current.schedule === schedule ? {} : { schedule }),
          ...(current.paused === paused ? {} : { paused }),
        },
        now,
      )
    : await createJob(
        engine,
        JOB_KINDS,
        { kind: SAMPLING_JOB_KIND, name, params: { ruleId: rule.id }, schedule, paused },
        now,
      );
  if (!done.ok)
    throw new Error(
      `the job of sampling rule ${rule.id} could not be saved: ${describeJobError(done.error)}`,
    );
  return done.data;
}

/** Removes every job that draws by the rule; refused, removing none, while one of them runs. */
export async function removeSamplingJobs(
  engine: Engine,
  ruleId: string,
): Promise<Result<{ removed: string[] }, QaProblem>> {
  const jobs = await jobsOfRule(engine, ruleId);
  const running = jobs.find((job) => job.runningSince !== null);
  if (running)
    return err({
      kind: 'conflict',
      reason: `job ${running.id} is drawing by sampling rule ${ruleId} (since ${running.runningSince}): delete the rule when the run ends`,
    });
  for (const job of jobs) {
    const removed = await removeJob(engine, JOB_KINDS, job.id);
    if (!removed.ok) return err({ kind: 'conflict', reason: describeJobError(removed.error) });
  }
  return ok({ removed: jobs.map((job) => job.id) });
}
