import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DrivenClock } from '../../../test/support/driven-clock.js';
import { withTempDir } from '../../../test/support/engines.js';
import { ok } from '../../core/result.js';
import { openDuckDb } from '../../engines/duckdb/engine.js';
import { type SerializedEngine, serializeEngine } from '../../server/serialized-engine.js';
import { migrate } from '../migrate.js';
import { eraseParams, type JobContext, type JobKind, type JobRunResult, jobKinds } from './kind.js';
import { createJobRunner, type JobRunner } from './runner.js';
import { createJob, getJob, listRuns, type NewJob, requestRun, updateJob } from './store.js';

/** What the test kind was asked to do, run by run. */
interface Call {
  job: string;
  at: string;
  cursor: unknown;
}

/**
 * A kind whose runs the test steers: each run is recorded, then ends as the next entry of
 * `outcomes` says (ok when there is none), or waits for the test to let it go.
 */
class Steered {
  calls: Call[] = [];
  outcomes: ('ok' | 'fail' | 'wait')[] = [];
  private release: (() => void) | null = null;

  readonly kind: JobKind<{ label?: string }> = {
    kind: 'steered',
    fields: [{ name: 'label', required: false }],
    describe: (params) => `Steered ${params.label ?? ''}`.trim(),
    validate: (params) => ok((params ?? {}) as { label?: string }),
    run: (context) => this.run(context),
  };

  private async run(context: JobContext<{ label?: string }>): Promise<JobRunResult> {
    this.calls.push({
      job: context.params.label ?? '',
      at: context.now().toISOString(),
      cursor: context.cursor,
    });
    const outcome = this.outcomes.shift() ?? 'ok';
    if (outcome === 'fail') return { ok: false, error: { message: `failure ${this.calls.length}` } };
    if (outcome === 'wait') {
      await context.saveCursor({ reached: 'the wait' });
      await new Promise<void>((resolve) => {
        if (context.signal.aborted) resolve();
        this.release = resolve;
        context.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    return ok({ call: this.calls.length });
  }

  letGo(): void {
    this.release?.();
    this.release = null;
  }
}

interface Harness {
  db: SerializedEngine;
  clock: DrivenClock;
  steered: Steered;
  runner: JobRunner;
  add(job: Partial<NewJob>): Promise<string>;
  /** Moves the clock and waits for whatever that started to end. */
  moveTo(instant: string): Promise<void>;
}

async function withRunner(start: string, work: (h: Harness) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const raw = await openDuckDb({ path: join(dir, 'jobs.duckdb') });
    await migrate(raw);
    const db = serializeEngine(raw, [await raw.openReader()]);
    const clock = new DrivenClock(start);
    const steered = new Steered();
    const kinds = jobKinds([eraseParams(steered.kind)]);
    const runner = createJobRunner({ engine: db, duckdb: raw, kinds, now: clock.now, timer: clock.timer });
    const harness: Harness = {
      db,
      clock,
      steered,
      runner,
      async add(job) {
        const created = await createJob(
          db,
          kinds,
          { kind: 'steered', params: {}, timezone: 'UTC', ...job },
          clock.now(),
        );
        if (!created.ok) throw new Error(JSON.stringify(created.error));
        await runner.wake();
        return created.data.id;
      },
      async moveTo(instant) {
        clock.moveTo(instant);
        await runner.idle();
      },
    };
    try {
      await runner.start();
      await runner.idle();
      await work(harness);
    } finally {
      steered.letGo();
      await runner.stop();
      await db.close();
    }
  });
}

const job = async (h: Harness, id: string) => {
  const found = await getJob(h.db, jobKinds([eraseParams(h.steered.kind)]), id);
  if (!found) throw new Error(`no job ${id}`);
  return found;
};

describe('the job runner', () => {
  test('runs a scheduled job when its time comes, and sets the next run from the schedule', async () => {
    await withRunner('2026-06-01T10:30:00Z', async (h) => {
      const id = await h.add({ schedule: '0 * * * *', params: { label: 'hourly' } });
      expect((await job(h, id)).nextRunAt).toBe('2026-06-01T11:00:00Z');
      expect(h.clock.nextTimerAt()?.toISOString()).toBe('2026-06-01T11:00:00.000Z');

      await h.moveTo('2026-06-01T10:59:59Z');
      expect(h.steered.calls).toEqual([]);

      await h.moveTo('2026-06-01T11:00:00Z');
      expect(h.steered.calls).toEqual([{ job: 'hourly', at: '2026-06-01T11:00:00.000Z', cursor: null }]);
      const after = await job(h, id);
      expect(after).toMatchObject({
        lastOutcome: 'ok',
        attempts: 0,
        nextRunAt: '2026-06-01T12:00:00Z',
        runningSince: null,
        lastStartedAt: '2026-06-01T11:00:00Z',
        lastFinishedAt: '2026-06-01T11:00:00Z',
      });
      expect(await listRuns(h.db, id)).toEqual([
        {
          jobId: id,
          startedAt: '2026-06-01T11:00:00Z',
          finishedAt: '2026-06-01T11:00:00Z',
          outcome: 'ok',
          detail: { call: 1 },
          error: null,
        },
      ]);

      // A server that was down at 12:00 and 13:00 runs the job once on waking, not once per hour missed.
      await h.moveTo('2026-06-01T13:30:00Z');
      expect(h.steered.calls.map((c) => c.at)).toEqual([
        '2026-06-01T11:00:00.000Z',
        '2026-06-01T13:30:00.000Z',
      ]);
      expect((await job(h, id)).nextRunAt).toBe('2026-06-01T14:00:00Z');
    });
  });

  test('keeps a daily schedule at the same local hour across a daylight-saving change', async () => {
    // Europe/Amsterdam moves from UTC+1 to UTC+2 in the night of 29 March 2026.
    await withRunner('2026-03-27T12:00:00Z', async (h) => {
      await h.add({ schedule: '0 9 * * *', timezone: 'Europe/Amsterdam' });
      // Timer by timer, as time passes: the runner also looks at least once an hour.
      for (
        let at = h.clock.nextTimerAt();
        at && at < new Date('2026-03-31T00:00:00Z');
        at = h.clock.nextTimerAt()
      )
        await h.moveTo(at.toISOString());
      expect(h.steered.calls.map((c) => c.at)).toEqual([
        '2026-03-28T08:00:00.000Z',
        '2026-03-29T07:00:00.000Z',
        '2026-03-30T07:00:00.000Z',
      ]);
    });
  });

  test('backs off after failures (1 min, 2, 4, … up to 1 h), shows them, and forgets them after a success', async () => {
    await withRunner('2026-06-01T01:00:00Z', async (h) => {
      const id = await h.add({ schedule: '0 2 * * *' });
      h.steered.outcomes = Array.from({ length: 8 }, () => 'fail' as const);
      await h.moveTo('2026-06-01T02:00:00Z');
      const waits: number[] = [];
      let failedAt = Date.parse('2026-06-01T02:00:00Z');
      for (let attempt = 1; attempt <= 8; attempt++) {
        const current = await job(h, id);
        expect(current).toMatchObject({
          attempts: attempt,
          lastOutcome: 'failed',
          lastError: `failure ${attempt}`,
          lastErrorAt: new Date(failedAt).toISOString().replace('.000Z', 'Z'),
        });
        const next = Date.parse(current.nextRunAt ?? '');
        waits.push((next - failedAt) / 60_000);
        await h.moveTo(new Date(next).toISOString());
        failedAt = next;
      }
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
      // The ninth run went well.
      const recovered = await job(h, id);
      expect(recovered).toMatchObject({
        attempts: 0,
        lastOutcome: 'ok',
        lastError: 'failure 8',
        nextRunAt: '2026-06-02T02:00:00Z',
      });
      const runs = await listRuns(h.db, id);
      expect(runs.map((r) => r.outcome)).toEqual(['ok', ...Array.from({ length: 8 }, () => 'failed')]);
    });
  });

  test('retries a failure no later than the next scheduled run', async () => {
    await withRunner('2026-06-01T00:00:30Z', async (h) => {
      const id = await h.add({ schedule: '*/5 * * * *' });
      h.steered.outcomes = ['fail', 'fail', 'fail'];
      await h.moveTo('2026-06-01T00:05:00Z');
      expect((await job(h, id)).nextRunAt).toBe('2026-06-01T00:06:00Z');
      await h.moveTo('2026-06-01T00:06:00Z');
      expect((await job(h, id)).nextRunAt).toBe('2026-06-01T00:08:00Z');
      await h.moveTo('2026-06-01T00:08:00Z');
      // Four minutes would be 00:12; the schedule's own run at 00:10 comes first.
      expect((await job(h, id)).nextRunAt).toBe('2026-06-01T00:10:00Z');
    });
  });

  test('a job run only on demand runs when asked, and is not retried by itself after a failure', async () => {
    await withRunner('2026-06-01T08:00:00Z', async (h) => {
      const kinds = jobKinds([eraseParams(h.steered.kind)]);
      const id = await h.add({ schedule: null });
      expect((await job(h, id)).nextRunAt).toBeNull();
      await h.moveTo('2026-06-02T08:00:00Z');
      expect(h.steered.calls).toEqual([]);

      h.steered.outcomes = ['fail'];
      const asked = await requestRun(h.db, kinds, id, h.clock.now());
      expect(asked.ok && asked.data.runRequestedAt).toBe('2026-06-02T08:00:00Z');
      await h.runner.wake();
      expect(h.steered.calls).toHaveLength(1);
      expect(await job(h, id)).toMatchObject({ attempts: 1, nextRunAt: null, runRequestedAt: null });
      await h.moveTo('2026-06-03T08:00:00Z');
      expect(h.steered.calls).toHaveLength(1);

      await requestRun(h.db, kinds, id, h.clock.now());
      await h.runner.wake();
      expect(await job(h, id)).toMatchObject({ attempts: 0, lastOutcome: 'ok' });
    });
  });

  test('a paused job does not run on its schedule, runs when asked, and resumes on its schedule', async () => {
    await withRunner('2026-06-01T10:30:00Z', async (h) => {
      const kinds = jobKinds([eraseParams(h.steered.kind)]);
      const id = await h.add({ schedule: '0 * * * *' });
      const paused = await updateJob(h.db, kinds, id, { paused: true }, h.clock.now());
      expect(paused.ok && paused.data).toMatchObject({ paused: true, nextRunAt: null });
      await h.runner.wake();
      await h.moveTo('2026-06-01T12:10:00Z');
      expect(h.steered.calls).toEqual([]);

      await requestRun(h.db, kinds, id, h.clock.now());
      await h.runner.wake();
      expect(h.steered.calls.map((c) => c.at)).toEqual(['2026-06-01T12:10:00.000Z']);
      expect(await job(h, id)).toMatchObject({ paused: true, nextRunAt: null });

      const resumed = await updateJob(h.db, kinds, id, { paused: false }, h.clock.now());
      expect(resumed.ok && resumed.data).toMatchObject({ paused: false, nextRunAt: '2026-06-01T13:00:00Z' });
      await h.runner.wake();
      await h.moveTo('2026-06-01T13:00:00Z');
      expect(h.steered.calls.map((c) => c.at)).toEqual([
        '2026-06-01T12:10:00.000Z',
        '2026-06-01T13:00:00.000Z',
      ]);
    });
  });

  test('runs one job at a time: a job due while another runs waits for it', async () => {
    await withRunner('2026-06-01T10:30:00Z', async (h) => {
      const first = await h.add({ schedule: '0 11 * * *', params: { label: 'first' } });
      const second = await h.add({ schedule: '0 11 * * *', params: { label: 'second' } });
      h.steered.outcomes = ['wait'];
      h.clock.moveTo('2026-06-01T11:00:00Z');
      await expect.poll(() => h.runner.current()?.jobId).toBeTypeOf('string');
      const running = h.runner.current()?.jobId;
      const waiting = running === first ? second : first;
      expect(h.steered.calls).toHaveLength(1);
      expect((await job(h, waiting)).runningSince).toBeNull();
      // Asking for it changes nothing while the other runs.
      await requestRun(h.db, jobKinds([eraseParams(h.steered.kind)]), waiting, h.clock.now());
      void h.runner.wake();
      expect(h.steered.calls).toHaveLength(1);
      expect((await job(h, waiting)).runningSince).toBeNull();

      h.steered.letGo();
      await h.runner.idle();
      expect(h.steered.calls.map((c) => c.job).sort()).toEqual(['first', 'second']);
      expect(h.runner.current()).toBeNull();
    });
  });

  test('asking to run a job that is running is refused', async () => {
    await withRunner('2026-06-01T10:30:00Z', async (h) => {
      const kinds = jobKinds([eraseParams(h.steered.kind)]);
      const id = await h.add({ schedule: null });
      h.steered.outcomes = ['wait'];
      await requestRun(h.db, kinds, id, h.clock.now());
      void h.runner.wake();
      await expect.poll(() => h.runner.current()?.jobId).toBe(id);
      const again = await requestRun(h.db, kinds, id, h.clock.now());
      expect(again).toEqual({ ok: false, error: { kind: 'running', id, since: '2026-06-01T10:30:00Z' } });
      h.steered.letGo();
      await h.runner.idle();
    });
  });

  test('a run stopped with the server is recorded interrupted, keeps its cursor and runs again at the next start', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'jobs.duckdb');
      const clock = new DrivenClock('2026-06-01T10:30:00Z');
      const steered = new Steered();
      const kinds = jobKinds([eraseParams(steered.kind)]);
      let id = '';
      {
        const raw = await openDuckDb({ path });
        await migrate(raw);
        const db = serializeEngine(raw);
        const runner = createJobRunner({
          engine: db,
          duckdb: raw,
          kinds,
          now: clock.now,
          timer: clock.timer,
        });
        await runner.start();
        const created = await createJob(
          db,
          kinds,
          { kind: 'steered', params: {}, schedule: '0 11 * * *', timezone: 'UTC' },
          clock.now(),
        );
        if (!created.ok) throw new Error('not created');
        id = created.data.id;
        steered.outcomes = ['wait'];
        await runner.wake();
        clock.moveTo('2026-06-01T11:00:00Z');
        await expect.poll(() => runner.current()?.jobId).toBe(id);
        clock.moveTo('2026-06-01T11:00:05Z');
        await runner.stop();
        expect(await getJob(db, kinds, id)).toMatchObject({
          runningSince: null,
          lastOutcome: 'interrupted',
          cursor: { reached: 'the wait' },
          nextRunAt: '2026-06-01T11:00:05Z',
          attempts: 0,
        });
        await db.close();
      }
      const raw = await openDuckDb({ path });
      const db = serializeEngine(raw);
      const runner = createJobRunner({ engine: db, duckdb: raw, kinds, now: clock.now, timer: clock.timer });
      try {
        clock.moveTo('2026-06-01T11:10:00Z');
        await runner.start();
        await runner.idle();
        expect(steered.calls.map((c) => [c.at, c.cursor])).toEqual([
          ['2026-06-01T11:00:00.000Z', null],
          ['2026-06-01T11:10:00.000Z', { reached: 'the wait' }],
        ]);
        expect((await listRuns(db, id)).map((r) => [r.outcome, r.error])).toEqual([
          ['ok', null],
          ['interrupted', 'the server stopped during the run; it resumes from its cursor'],
        ]);
      } finally {
        await runner.stop();
        await db.close();
      }
    });
  });
});
