import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DrivenClock } from '../../../../test/support/driven-clock.js';
import { withDuckDb, withTempDir } from '../../../../test/support/engines.js';
import { FakeZendesk } from '../../../../test/support/fake-zendesk.js';
import type { Engine } from '../../../core/engine.js';
import { openDuckDb } from '../../../engines/duckdb/engine.js';
import { serializeEngine } from '../../../server/serialized-engine.js';
import { migrate } from '../../migrate.js';
import { syncZendesk } from '../../sync-zendesk.js';
import { createJobRunner } from '../runner.js';
import { createJob, getJob, listRuns, requestRun } from '../store.js';
import { JOB_KINDS } from './index.js';
import { syncZendeskJob } from './sync-zendesk.js';

const EMAIL = 'ann@example.com';
const TOKEN = 'ZtV0k3nFixture';
const zendesk = new FakeZendesk(EMAIL, TOKEN);
beforeAll(() => zendesk.start());
afterAll(() => zendesk.stop());
beforeEach(() => {
  zendesk.requests.length = 0;
  zendesk.holdSecondTicketPage = false;
});

const params = () => ({
  subdomain: 'example',
  email: EMAIL,
  tokenEnv: 'ZENDESK_EXAMPLE_TOKEN',
  baseUrl: zendesk.origin,
});

/** The rows a sync writes, in a stable order. */
async function imported(db: Engine) {
  return {
    contacts: await db.all('SELECT contact_key, status FROM contacts ORDER BY ALL'),
    events: await db.all('SELECT contact_key, external_id, kind FROM contact_events ORDER BY ALL'),
    surveys: await db.all('SELECT external_id, score FROM survey_responses ORDER BY ALL'),
    facts: await db.all('SELECT count(*) AS n FROM contact_facts'),
  };
}

/** The same API pulled by `servicemeter sync zendesk` in one go. */
async function syncedInOneGo() {
  return withDuckDb([], async (db) => {
    const synced = await syncZendesk(db, {
      subdomain: 'example',
      email: EMAIL,
      token: TOKEN,
      baseUrl: zendesk.origin,
    });
    if (!synced.ok) throw new Error(synced.error.message);
    return imported(db);
  });
}

describe('the sync-zendesk job', () => {
  test('pulls the account with the token from the named environment variable, then resumes from its cursors', async () => {
    const expected = await syncedInOneGo();
    await withTempDir(async (dir) => {
      const raw = await openDuckDb({ path: join(dir, 'jobs.duckdb') });
      await migrate(raw);
      const db = serializeEngine(raw, [await raw.openReader()]);
      const clock = new DrivenClock('2026-06-01T10:00:00Z');
      const env = { ZENDESK_EXAMPLE_TOKEN: TOKEN };
      const runner = createJobRunner({
        engine: db,
        duckdb: raw,
        kinds: JOB_KINDS,
        now: clock.now,
        timer: clock.timer,
        env,
        allowBaseUrl: true,
      });
      try {
        await runner.start();
        const job = await createJob(
          db,
          JOB_KINDS,
          { kind: 'sync-zendesk', params: params(), timezone: 'UTC' },
          clock.now(),
        );
        if (!job.ok) throw new Error(JSON.stringify(job.error));
        const id = job.data.id;
        await requestRun(db, JOB_KINDS, id, clock.now());
        await runner.wake();
        expect(await getJob(db, JOB_KINDS, id)).toMatchObject({
          lastOutcome: 'ok',
          attempts: 0,
          lastError: null,
        });
        expect(await imported(db)).toEqual(expected);
        const [first] = await listRuns(db, id);
        expect(first?.detail).toMatchObject({ source: 'zendesk:example', tickets: 5, users: 6, batches: 4 });

        zendesk.requests.length = 0;
        clock.moveTo('2026-06-01T10:05:00Z');
        await requestRun(db, JOB_KINDS, id, clock.now());
        await runner.wake();
        // Nothing new: two requests from the saved cursors, nothing imported.
        expect(zendesk.requests).toHaveLength(2);
        expect((await listRuns(db, id))[0]?.detail).toMatchObject({
          tickets: 0,
          batches: 0,
          rowsImported: 0,
        });
        expect(await imported(db)).toEqual(expected);
      } finally {
        await runner.stop();
        await db.close();
      }
    });
  });

  test('fails, naming the variable, when the token is not in the environment; and fails with what Zendesk said', async () => {
    await withDuckDb([], async (raw) => {
      const db = serializeEngine(raw);
      const clock = new DrivenClock('2026-06-01T10:00:00Z');
      for (const env of [{}, { ZENDESK_EXAMPLE_TOKEN: 'wrong' }]) {
        const runner = createJobRunner({
          engine: db,
          duckdb: raw,
          kinds: JOB_KINDS,
          now: clock.now,
          timer: clock.timer,
          env,
          allowBaseUrl: true,
        });
        await runner.start();
        const job = await createJob(
          db,
          JOB_KINDS,
          { kind: 'sync-zendesk', params: params(), timezone: 'UTC' },
          clock.now(),
        );
        if (!job.ok) throw new Error(JSON.stringify(job.error));
        await requestRun(db, JOB_KINDS, job.data.id, clock.now());
        await runner.wake();
        await runner.stop();
        const failed = await getJob(db, JOB_KINDS, job.data.id);
        expect(failed).toMatchObject({ lastOutcome: 'failed', attempts: 1 });
        if (Object.keys(env).length === 0)
          expect(failed?.lastError).toBe(
            'the environment variable ZENDESK_EXAMPLE_TOKEN (tokenEnv) holding the Zendesk API token is not set for the server',
          );
        else expect(failed?.lastError).toMatch(/^Zendesk refused the credentials|401/);
      }
    });
  });

  test('a runner not allowed other addresses (a server) refuses baseUrl and sends the token nowhere', async () => {
    await withDuckDb([], async (raw) => {
      const db = serializeEngine(raw);
      const clock = new DrivenClock('2026-06-01T10:00:00Z');
      const runner = createJobRunner({
        engine: db,
        duckdb: raw,
        kinds: JOB_KINDS,
        now: clock.now,
        timer: clock.timer,
        env: { ZENDESK_EXAMPLE_TOKEN: TOKEN },
      });
      await runner.start();
      const job = await createJob(
        db,
        JOB_KINDS,
        { kind: 'sync-zendesk', params: params(), timezone: 'UTC' },
        clock.now(),
      );
      if (!job.ok) throw new Error(JSON.stringify(job.error));
      await requestRun(db, JOB_KINDS, job.data.id, clock.now());
      await runner.wake();
      await runner.stop();
      expect(await getJob(db, JOB_KINDS, job.data.id)).toMatchObject({
        lastOutcome: 'failed',
        lastError: `baseUrl (${zendesk.origin}) is followed only by servicemeter jobs run on the database file; a server pulls https://example.zendesk.com and sends its token nowhere else`,
      });
      expect(zendesk.requests).toEqual([]);
    });
  });

  test('the token is taken only from a Zendesk variable, never from another secret of the server', async () => {
    for (const tokenEnv of [
      'SERVICEMETER_METRICS_TOKEN',
      'SERVICEMETER_TOKEN',
      'PATH',
      'zendesk_token',
      'MY_ZENDESK_TOKEN',
    ])
      expect(syncZendeskJob.validate({ ...params(), tokenEnv })).toEqual({
        ok: false,
        error: [
          {
            field: 'tokenEnv',
            reason: `'${tokenEnv}' is not a Zendesk variable: its name starts with ZENDESK_ or SERVICEMETER_ZENDESK_ (capitals, digits, _), so that no other secret of the server is sent to the helpdesk`,
          },
        ],
      });
    for (const tokenEnv of ['ZENDESK_API_TOKEN', 'SERVICEMETER_ZENDESK_TOKEN', 'ZENDESK_ACME_2'])
      expect(syncZendeskJob.validate({ ...params(), tokenEnv })).toMatchObject({
        ok: true,
        data: { tokenEnv },
      });
  });

  test('a sync cut off in the middle by a stopping server resumes at the next start from the page it was on and ends with the same data', async () => {
    const expected = await syncedInOneGo();
    await withTempDir(async (dir) => {
      const path = join(dir, 'jobs.duckdb');
      const clock = new DrivenClock('2026-06-01T10:00:00Z');
      const env = { ZENDESK_EXAMPLE_TOKEN: TOKEN };
      let id = '';
      {
        const raw = await openDuckDb({ path });
        await migrate(raw);
        const db = serializeEngine(raw, [await raw.openReader()]);
        const runner = createJobRunner({
          engine: db,
          duckdb: raw,
          kinds: JOB_KINDS,
          now: clock.now,
          timer: clock.timer,
          env,
          allowBaseUrl: true,
        });
        await runner.start();
        const job = await createJob(
          db,
          JOB_KINDS,
          { kind: 'sync-zendesk', params: params(), timezone: 'UTC' },
          clock.now(),
        );
        if (!job.ok) throw new Error(JSON.stringify(job.error));
        id = job.data.id;
        zendesk.holdSecondTicketPage = true;
        await requestRun(db, JOB_KINDS, id, clock.now());
        void runner.wake();
        await expect.poll(() => zendesk.holding()).toBe(true);
        // The run waits for Zendesk longer than the server waits for it: it is left behind, as by kill -9.
        await runner.stop(100);
        zendesk.dropHeld();
        await db.close();
      }
      zendesk.holdSecondTicketPage = false;
      zendesk.requests.length = 0;
      clock.moveTo('2026-06-01T10:10:00Z');
      const raw = await openDuckDb({ path });
      const db = serializeEngine(raw, [await raw.openReader()]);
      const runner = createJobRunner({
        engine: db,
        duckdb: raw,
        kinds: JOB_KINDS,
        now: clock.now,
        timer: clock.timer,
        env,
        allowBaseUrl: true,
      });
      try {
        await runner.start();
        await runner.idle();
        const runs = await listRuns(db, id);
        expect(runs.map((r) => r.outcome)).toEqual(['ok', 'interrupted']);
        // The users and the first ticket page were in before the cut: the run went on after them.
        expect(zendesk.requests[0]).toMatch(/^\/api\/v2\/incremental\/users\/cursor\.json\?cursor=/);
        expect(
          zendesk.requests.filter((r) => r.startsWith('/api/v2/incremental/') && r.includes('start_time=')),
        ).toEqual([]);
        expect(runs[0]?.detail).toMatchObject({ batches: 2 });
        expect(await imported(db)).toEqual(expected);
      } finally {
        await runner.stop();
        await db.close();
      }
    });
  });
});
