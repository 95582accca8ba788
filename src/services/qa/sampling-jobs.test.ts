import { describe, expect, test } from 'vitest';
import { DrivenClock } from '../../../test/support/driven-clock.js';
import { W10, withQaData } from '../../../test/support/qa-sample-data.js';
import { serializeEngine } from '../../server/serialized-engine.js';
import { dataStatus } from '../data-status.js';
import { JOB_KINDS } from '../jobs/kinds/index.js';
import { createJobRunner } from '../jobs/runner.js';
import { claimJob, createJob, finishRun, listJobs, listRuns } from '../jobs/store.js';
import { listAssignments } from './assignments.js';
import { createSamplingRule, deleteSamplingRule, getSamplingRule, updateSamplingRule } from './sampling.js';
import { samplingJob } from './sampling-jobs.js';

const REVIEWERS = ['u-lead', 'u-qa'];

async function jobOf(db: Parameters<typeof samplingJob>[0], ruleId: string) {
  const job = await samplingJob(db, ruleId);
  if (job === null) throw new Error(`sampling rule ${ruleId} has no job`);
  return job;
}

describe('the job of a sampling rule', () => {
  test('is made with the rule, runs by itself after the period ends and draws it', async () => {
    await withQaData(async (raw) => {
      const db = serializeEngine(raw);
      // Sunday 8 March, the last day of W10: the weekly job runs on Monday at 06:00.
      const clock = new DrivenClock('2026-03-08T12:00:00Z');
      const runner = createJobRunner({
        engine: db,
        duckdb: raw,
        kinds: JOB_KINDS,
        now: clock.now,
        timer: clock.timer,
      });
      try {
        await runner.start();
        const created = await createSamplingRule(
          db,
          { id: 'weekly', name: 'Weekly sample', reviewers: REVIEWERS, perAgent: 2 },
          clock.now(),
        );
        expect(created.ok).toBe(true);
        const job = await jobOf(db, 'weekly');
        expect(job).toMatchObject({
          kind: 'qa-sampling',
          name: 'Weekly sample',
          params: { ruleId: 'weekly' },
          schedule: '0 6 * * 1',
          timezone: (await dataStatus(db)).timezone,
          paused: false,
          nextRunAt: '2026-03-09T06:00:00Z',
        });
        await runner.wake();
        clock.moveTo('2026-03-09T05:59:00Z');
        await runner.idle();
        expect(await listRuns(db, job.id)).toEqual([]);
        clock.moveTo('2026-03-09T06:00:00Z');
        await runner.idle();
        const runs = await listRuns(db, job.id);
        expect(runs).toMatchObject([
          { outcome: 'ok', detail: { ruleId: 'weekly', period: W10, drawn: 6, candidates: 19 } },
        ]);
        expect((await listAssignments(db, { limit: 100, offset: 0 })).total).toBe(6);
        expect((await getSamplingRule(db, 'weekly'))?.lastOutcome).toMatchObject({ period: W10, drawn: 6 });
        expect((await jobOf(db, 'weekly')).nextRunAt).toBe('2026-03-16T06:00:00Z');
      } finally {
        await runner.stop();
      }
    });
  });

  test('follows the rule: its schedule, name and enabled flag; a disabled rule gets a paused job', async () => {
    await withQaData(async (raw) => {
      const db = serializeEngine(raw);
      const now = new Date('2026-03-10T07:00:00Z');
      await createSamplingRule(db, { id: 'weekly', name: 'Weekly', reviewers: REVIEWERS }, now);
      const first = await jobOf(db, 'weekly');

      const daily = await updateSamplingRule(db, 'weekly', { schedule: 'daily', name: 'Every day' }, now);
      expect(daily.ok).toBe(true);
      expect(await jobOf(db, 'weekly')).toMatchObject({
        id: first.id,
        name: 'Every day',
        schedule: '0 6 * * *',
        paused: false,
        nextRunAt: '2026-03-11T06:00:00Z',
      });

      await updateSamplingRule(db, 'weekly', { enabled: false }, now);
      expect(await jobOf(db, 'weekly')).toMatchObject({ id: first.id, paused: true, nextRunAt: null });
      await updateSamplingRule(db, 'weekly', { enabled: true }, now);
      expect(await jobOf(db, 'weekly')).toMatchObject({
        id: first.id,
        paused: false,
        nextRunAt: '2026-03-11T06:00:00Z',
      });
      // A change that leaves the schedule alone leaves the job's next run alone.
      await updateSamplingRule(db, 'weekly', { perAgent: 9 }, new Date('2026-03-11T09:00:00Z'));
      expect((await jobOf(db, 'weekly')).nextRunAt).toBe('2026-03-11T06:00:00Z');

      await createSamplingRule(
        db,
        { id: 'later', name: 'Later', enabled: false, schedule: 'daily', reviewers: REVIEWERS },
        now,
      );
      expect(await jobOf(db, 'later')).toMatchObject({
        schedule: '0 6 * * *',
        paused: true,
        nextRunAt: null,
      });
      const jobs = await listJobs(db, JOB_KINDS);
      expect(jobs.map((job) => job.params.ruleId).sort()).toEqual(['later', 'weekly']);
    });
  });

  test('goes away with the rule, catch-up jobs too; not while one of them runs', async () => {
    await withQaData(async (raw) => {
      const db = serializeEngine(raw);
      const now = new Date('2026-03-10T07:00:00Z');
      await createSamplingRule(db, { id: 'weekly', name: 'Weekly', reviewers: REVIEWERS }, now);
      await createSamplingRule(db, { id: 'other', name: 'Other', reviewers: REVIEWERS }, now);
      const job = await jobOf(db, 'weekly');
      const catchUp = await createJob(
        db,
        JOB_KINDS,
        { kind: 'qa-sampling', name: 'W09 again', params: { ruleId: 'weekly', period: '2026-W09' } },
        now,
      );
      if (!catchUp.ok) throw new Error(JSON.stringify(catchUp.error));

      await claimJob(db, JOB_KINDS, job.id, now);
      expect(await deleteSamplingRule(db, 'weekly')).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect(await getSamplingRule(db, 'weekly')).not.toBeNull();
      expect((await listJobs(db, JOB_KINDS)).length).toBe(3);
      await finishRun(db, JOB_KINDS, job.id, { outcome: 'ok', detail: null, error: null }, now);

      expect(await deleteSamplingRule(db, 'weekly')).toEqual({ ok: true, data: { id: 'weekly' } });
      const left = await listJobs(db, JOB_KINDS);
      expect(left.map((j) => j.params.ruleId)).toEqual(['other']);
      expect(await listRuns(db, job.id)).toEqual([]);
    });
  });
});
