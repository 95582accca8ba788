import { describe, expect, test } from 'vitest';
import { DrivenClock } from '../../../../test/support/driven-clock.js';
import { W10, withQaData } from '../../../../test/support/qa-sample-data.js';
import { serializeEngine } from '../../../server/serialized-engine.js';
import { listAssignments } from '../../qa/assignments.js';
import { createSamplingRule } from '../../qa/sampling.js';
import { createJobRunner } from '../runner.js';
import { createJob } from '../store.js';
import { JOB_KINDS } from './index.js';
import { qaSamplingJob } from './qa-sampling.js';

describe('the qa-sampling job', () => {
  test('takes the rule and an optional period', () => {
    expect(qaSamplingJob.validate({ ruleId: ' weekly ' })).toEqual({ ok: true, data: { ruleId: 'weekly' } });
    expect(qaSamplingJob.validate({ ruleId: 'weekly', period: '2026-W10' })).toEqual({
      ok: true,
      data: { ruleId: 'weekly', period: '2026-W10' },
    });
    expect(qaSamplingJob.validate({ ruleId: 'weekly', period: 'last week' })).toMatchObject({
      ok: false,
      error: [{ field: 'period' }],
    });
    expect(qaSamplingJob.validate({ rule: 'weekly' })).toMatchObject({
      ok: false,
      error: [{ field: 'rule' }, { field: 'ruleId' }],
    });
    expect(qaSamplingJob.validate(null)).toMatchObject({ ok: false, error: [{ field: 'ruleId' }] });
    expect(qaSamplingJob.describe({ ruleId: 'weekly' })).toBe(
      'Draw conversations to review by sampling rule weekly',
    );
  });

  test('draws the last full week through the runner; run again, it draws nothing new', async () => {
    await withQaData(async (raw) => {
      const db = serializeEngine(raw);
      const clock = new DrivenClock('2026-03-10T06:00:00Z');
      const rule = await createSamplingRule(
        db,
        { id: 'weekly', name: 'Weekly', reviewers: ['u-lead', 'u-qa'], perAgent: 2 },
        clock.now(),
      );
      expect(rule.ok).toBe(true);
      const runner = createJobRunner({
        engine: db,
        duckdb: raw,
        kinds: JOB_KINDS,
        now: clock.now,
        timer: clock.timer,
      });
      try {
        await runner.start();
        const job = await createJob(
          db,
          JOB_KINDS,
          { kind: 'qa-sampling', params: { ruleId: 'weekly' }, timezone: 'UTC' },
          clock.now(),
        );
        if (!job.ok) throw new Error(JSON.stringify(job.error));
        const first = await runner.runOne(job.data.id);
        expect(first).toMatchObject({
          outcome: 'ok',
          detail: { ruleId: 'weekly', period: W10, drawn: 6, candidates: 19, alreadyReviewed: 0 },
        });
        const second = await runner.runOne(job.data.id);
        expect(second).toMatchObject({
          outcome: 'ok',
          detail: { period: W10, drawn: 0, candidates: 13, alreadyReviewed: 6 },
        });
        expect((await listAssignments(db, { limit: 100, offset: 0 })).total).toBe(6);

        const missing = await createJob(
          db,
          JOB_KINDS,
          { kind: 'qa-sampling', params: { ruleId: 'gone' }, timezone: 'UTC' },
          clock.now(),
        );
        if (!missing.ok) throw new Error(JSON.stringify(missing.error));
        expect(await runner.runOne(missing.data.id)).toMatchObject({
          outcome: 'failed',
          error: 'there is no sampling rule gone',
        });
      } finally {
        await runner.stop();
      }
    });
  });
});
