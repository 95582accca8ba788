import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ENGINES,
  type EngineKind,
  withDuckDb,
  withMigrated,
  withTempDir,
} from '../../../test/support/engines.js';
import { migrateUpTo, schemaOf } from '../../../test/support/migrations.js';
import type { Engine } from '../../core/engine.js';
import { LATEST_SCHEMA_VERSION } from '../../core/migrations.js';
import { openDuckDb } from '../../engines/duckdb/engine.js';
import { migrate } from '../migrate.js';
import { JOB_KINDS } from './kinds/index.js';
import {
  claimJob,
  createJob,
  finishRun,
  getJob,
  listJobs,
  listRuns,
  RUNS_KEPT,
  recoverInterruptedRuns,
  removeJob,
  requestRun,
  saveJobCursor,
  updateJob,
} from './store.js';

const NOW = new Date('2026-06-01T10:30:00Z');
const ZENDESK = { subdomain: 'acme', email: 'lead@acme.com', tokenEnv: 'ZENDESK_ACME_TOKEN' };

async function withEngine(kind: EngineKind, work: (db: Engine) => Promise<void>): Promise<void> {
  await withMigrated(kind, work);
}

async function created(db: Engine, input: Parameters<typeof createJob>[2]) {
  const job = await createJob(db, JOB_KINDS, input, NOW);
  if (!job.ok) throw new Error(JSON.stringify(job.error));
  return job.data;
}

describe.each(ENGINES)('the jobs table on $kind', ({ kind }) => {
  test('a job goes through its life: created, claimed, cursor saved, finished, changed, removed', async () => {
    await withEngine(kind, async (db) => {
      const job = await created(db, {
        kind: 'sync-zendesk',
        name: 'Acme nightly',
        params: ZENDESK,
        schedule: '0 2 * * *',
        timezone: 'Europe/Amsterdam',
      });
      expect(job).toMatchObject({
        kind: 'sync-zendesk',
        name: 'Acme nightly',
        description: 'Pull acme.zendesk.com as lead@acme.com',
        params: ZENDESK,
        schedule: '0 2 * * *',
        timezone: 'Europe/Amsterdam',
        paused: false,
        nextRunAt: '2026-06-02T00:00:00Z',
        runningSince: null,
        cursor: null,
        attempts: 0,
        lastOutcome: null,
        createdAt: '2026-06-01T10:30:00Z',
      });
      expect(await listJobs(db, JOB_KINDS)).toEqual([job]);

      const startedAt = new Date('2026-06-02T00:00:00Z');
      expect((await claimJob(db, JOB_KINDS, job.id, startedAt))?.runningSince).toBe('2026-06-02T00:00:00Z');
      // The claim is one: a second one finds the job held.
      expect(await claimJob(db, JOB_KINDS, job.id, startedAt)).toBeNull();
      await saveJobCursor(db, job.id, { page: 3, after: 'abc' });
      await finishRun(
        db,
        JOB_KINDS,
        job.id,
        { outcome: 'failed', detail: { pages: 3 }, error: 'Zendesk answered 500' },
        new Date('2026-06-02T00:05:00Z'),
      );
      expect(await getJob(db, JOB_KINDS, job.id)).toMatchObject({
        runningSince: null,
        cursor: { page: 3, after: 'abc' },
        attempts: 1,
        lastOutcome: 'failed',
        lastError: 'Zendesk answered 500',
        lastErrorAt: '2026-06-02T00:05:00Z',
        nextRunAt: '2026-06-02T00:06:00Z',
      });
      expect(await listRuns(db, job.id)).toEqual([
        {
          jobId: job.id,
          startedAt: '2026-06-02T00:00:00Z',
          finishedAt: '2026-06-02T00:05:00Z',
          outcome: 'failed',
          detail: { pages: 3 },
          error: 'Zendesk answered 500',
        },
      ]);

      // New parameters start from no cursor: it belonged to the old ones.
      const changed = await updateJob(
        db,
        JOB_KINDS,
        job.id,
        { params: { ...ZENDESK, subdomain: 'acme-eu' }, schedule: '15 3 * * 1-5' },
        NOW,
      );
      expect(changed.ok && changed.data).toMatchObject({
        params: { subdomain: 'acme-eu' },
        cursor: null,
        schedule: '15 3 * * 1-5',
        nextRunAt: '2026-06-02T01:15:00Z',
      });

      const removed = await removeJob(db, JOB_KINDS, job.id);
      expect(removed.ok).toBe(true);
      expect(await listJobs(db, JOB_KINDS)).toEqual([]);
      expect(await listRuns(db, job.id)).toEqual([]);
      expect(await removeJob(db, JOB_KINDS, job.id)).toEqual({
        ok: false,
        error: { kind: 'not_found', id: job.id },
      });
    });
  });

  test('a run left holding its job is recorded interrupted and its job runs again at once', async () => {
    await withEngine(kind, async (db) => {
      const job = await created(db, { kind: 'rebuild', params: {}, schedule: '0 2 * * *', timezone: 'UTC' });
      await claimJob(db, JOB_KINDS, job.id, new Date('2026-06-02T02:00:00Z'));
      const restart = new Date('2026-06-02T02:03:00Z');
      expect(await recoverInterruptedRuns(db, JOB_KINDS, restart)).toEqual([job.id]);
      expect(await getJob(db, JOB_KINDS, job.id)).toMatchObject({
        runningSince: null,
        lastOutcome: 'interrupted',
        nextRunAt: '2026-06-02T02:03:00Z',
        attempts: 0,
      });
      expect((await listRuns(db, job.id)).map((r) => [r.startedAt, r.finishedAt, r.outcome])).toEqual([
        ['2026-06-02T02:00:00Z', '2026-06-02T02:03:00Z', 'interrupted'],
      ]);
      expect(await recoverInterruptedRuns(db, JOB_KINDS, restart)).toEqual([]);
    });
  });
});

describe('the jobs table', () => {
  test('refuses what it cannot run, naming the field and the reason', async () => {
    await withDuckDb([], async (db) => {
      const refused = async (input: Parameters<typeof createJob>[2]) => {
        const result = await createJob(db, JOB_KINDS, input, NOW);
        if (result.ok) throw new Error('accepted');
        return result.error;
      };
      expect(await refused({ kind: 'sync-freshdesk', params: {} })).toEqual({
        kind: 'invalid',
        issues: [
          {
            field: 'kind',
            reason:
              "'sync-freshdesk' is not a kind of job (known: sync-zendesk, rebuild, survey-post-contact, survey-reminders, survey-wave, qa-sampling, alert-evaluation, report-deliveries, words-analysis)",
          },
        ],
      });
      expect(
        await refused({
          kind: 'rebuild',
          params: {},
          schedule: 'every night',
          timezone: 'Europe/Atlantis',
          name: ' ',
        }),
      ).toEqual({
        kind: 'invalid',
        issues: [
          { field: 'name', reason: 'must not be empty' },
          {
            field: 'timezone',
            reason: "'Europe/Atlantis' is not an IANA time zone (such as Europe/Amsterdam)",
          },
        ],
      });
      const schedule = await refused({
        kind: 'rebuild',
        params: {},
        schedule: '0 25 * * *',
        timezone: 'UTC',
      });
      expect(schedule.kind === 'invalid' && schedule.issues.map((i) => i.field)).toEqual(['schedule']);
      expect(
        await refused({
          kind: 'sync-zendesk',
          params: { subdomain: 'acme', email: 'lead@acme.com', token: 'secret' },
        }),
      ).toEqual({
        kind: 'invalid',
        issues: [
          {
            field: 'params.token',
            reason:
              'the API token is never stored: put it in an environment variable of the server and name that in tokenEnv',
          },
        ],
      });
      expect(await refused({ kind: 'sync-zendesk', params: { email: 'nobody', tokenEnv: 'A-B' } })).toEqual({
        kind: 'invalid',
        issues: [
          { field: 'params.subdomain', reason: 'required: the account, <subdomain>.zendesk.com' },
          { field: 'params.email', reason: "'nobody' is not an e-mail address" },
          { field: 'params.tokenEnv', reason: "'A-B' is not the name of an environment variable" },
        ],
      });
      expect(await listJobs(db, JOB_KINDS)).toEqual([]);
    });
  });

  test("a job's zone is the team's unless given, and its parameters are kept as the kind read them", async () => {
    await withDuckDb([], async (db) => {
      expect((await created(db, { kind: 'rebuild', params: {} })).timezone).toBe('UTC');
      await db.run(
        "INSERT INTO calendars (id, name, timezone, is_default) VALUES ('office', 'Office', 'America/Chicago', TRUE)",
      );
      const job = await created(db, {
        kind: 'sync-zendesk',
        params: { subdomain: 'acme', email: 'lead@acme.com' },
      });
      expect(job.timezone).toBe('America/Chicago');
      expect(job.params).toEqual({
        subdomain: 'acme',
        email: 'lead@acme.com',
        tokenEnv: 'ZENDESK_API_TOKEN',
      });
      const raw = await db.all('SELECT params FROM jobs WHERE id = $1', [job.id]);
      expect(JSON.parse(String(raw[0]?.params))).not.toHaveProperty('token');
    });
  });

  test('changes that would pull the ground from under a run are refused while it runs', async () => {
    await withDuckDb([], async (db) => {
      const job = await created(db, { kind: 'sync-zendesk', params: ZENDESK, timezone: 'UTC' });
      await claimJob(db, JOB_KINDS, job.id, NOW);
      const running = { ok: false, error: { kind: 'running', id: job.id, since: '2026-06-01T10:30:00Z' } };
      expect(await removeJob(db, JOB_KINDS, job.id)).toEqual(running);
      expect(await requestRun(db, JOB_KINDS, job.id, NOW)).toEqual(running);
      expect(
        await updateJob(db, JOB_KINDS, job.id, { params: { ...ZENDESK, email: 'b@acme.com' } }, NOW),
      ).toEqual(running);
      // Pausing is not: the run in hand ends, and no other starts.
      const paused = await updateJob(db, JOB_KINDS, job.id, { paused: true }, NOW);
      expect(paused.ok && paused.data.paused).toBe(true);
    });
  });

  test(`keeps the last ${RUNS_KEPT} runs of a job`, async () => {
    await withDuckDb([], async (db) => {
      const job = await created(db, { kind: 'rebuild', params: {}, timezone: 'UTC' });
      const other = await created(db, { kind: 'rebuild', params: {}, timezone: 'UTC' });
      // Runs recorded earlier, a minute apart, then one more through the runner's door.
      await db.run(
        `INSERT INTO job_runs SELECT $1, TIMESTAMP '2026-06-01 00:00:00' + to_minutes(i), TIMESTAMP '2026-06-01 00:00:30' + to_minutes(i), 'ok', '{"i":' || i || '}', NULL FROM range(${RUNS_KEPT + 4}) t(i)`,
        [job.id],
      );
      await claimJob(db, JOB_KINDS, job.id, NOW);
      await finishRun(
        db,
        JOB_KINDS,
        job.id,
        { outcome: 'ok', detail: { i: RUNS_KEPT + 4 }, error: null },
        NOW,
      );
      await claimJob(db, JOB_KINDS, other.id, NOW);
      await finishRun(db, JOB_KINDS, other.id, { outcome: 'ok', detail: null, error: null }, NOW);
      const runs = await listRuns(db, job.id);
      expect(runs).toHaveLength(RUNS_KEPT);
      expect(runs[0]?.detail).toEqual({ i: RUNS_KEPT + 4 });
      expect(runs.at(-1)?.detail).toEqual({ i: 5 });
      expect(await listRuns(db, other.id)).toHaveLength(1);
    });
  });

  test('a database of version 7 gains the tables, as a new one has them', async () => {
    await withTempDir(async (dir) => {
      const old = await openDuckDb({ path: join(dir, 'v7.duckdb') });
      const fresh = await openDuckDb({ path: join(dir, 'new.duckdb') });
      try {
        await migrateUpTo(old, 7);
        expect(await migrate(old)).toEqual({ from: 7, to: LATEST_SCHEMA_VERSION });
        await migrate(fresh);
        expect(await schemaOf(old)).toEqual(await schemaOf(fresh));
        expect((await schemaOf(old)).filter((c) => c.startsWith('job'))).toContain(
          'jobs.running_since TIMESTAMP',
        );
      } finally {
        await old.close();
        await fresh.close();
      }
    });
  });
});
