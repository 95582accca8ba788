import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeZendesk } from '../support/fake-zendesk.js';
import { Client, signedIn, startTestServer, type TestServer } from './support.js';

let ts: TestServer;
let admin: Client;

beforeAll(async () => {
  ts = await startTestServer();
  admin = await signedIn(ts.url, 'admin');
});

afterAll(async () => {
  await ts.stop();
});

/** Waits for the job's run to end and returns the job. */
async function finished(id: string) {
  let job:
    | { lastOutcome: string | null; runningSince: string | null; runRequestedAt: string | null }
    | undefined;
  await expect
    .poll(
      async () => {
        const list = await admin.get('/api/jobs');
        job = list.json.jobs.find((j: { id: string }) => j.id === id);
        return (
          job !== undefined &&
          job.lastOutcome !== null &&
          job.runningSince === null &&
          job.runRequestedAt === null
        );
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return job;
}

describe('/api/jobs', () => {
  test('an admin adds a job, runs it, sees how it went, pauses it, changes it and removes it; every change is audited', async () => {
    const created = await admin.post('/api/jobs', {
      kind: 'rebuild',
      name: 'Nightly rebuild',
      schedule: '30 2 * * *',
    });
    expect(created.status, created.text).toBe(201);
    const id: string = created.json.id;
    // The team's zone (the fixture's default calendar) when none is given.
    expect(created.json).toMatchObject({
      kind: 'rebuild',
      name: 'Nightly rebuild',
      description: 'Rebuild every fact from the imported data',
      schedule: '30 2 * * *',
      timezone: 'Europe/Amsterdam',
      paused: false,
      attempts: 0,
      lastOutcome: null,
    });
    expect(created.json.nextRunAt).toMatch(/T0[01]:30:00Z$/);

    const list = await admin.get('/api/jobs');
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({
      timezone: 'Europe/Amsterdam',
      kinds: [
        {
          kind: 'sync-zendesk',
          fields: [
            { name: 'subdomain', required: true },
            { name: 'email', required: true },
            { name: 'tokenEnv', required: false },
            { name: 'start', required: false },
            { name: 'baseUrl', required: false },
          ],
        },
        { kind: 'rebuild', fields: [] },
        {
          kind: 'survey-post-contact',
          fields: [
            { name: 'surveyId', required: true },
            { name: 'since', required: false },
          ],
        },
        { kind: 'survey-reminders', fields: [{ name: 'surveyId', required: false }] },
        {
          kind: 'survey-wave',
          fields: [
            { name: 'surveyId', required: true },
            { name: 'seed', required: false },
          ],
        },
        {
          kind: 'qa-sampling',
          fields: [
            { name: 'ruleId', required: true },
            { name: 'period', required: false },
          ],
        },
        { kind: 'alert-evaluation', fields: [] },
        { kind: 'report-deliveries', fields: [] },
        { kind: 'words-analysis', fields: [] },
      ],
    });
    expect(list.json.jobs.map((j: { id: string }) => j.id)).toEqual([id]);

    const run = await admin.post(`/api/jobs/${id}/run`);
    expect(run.status, run.text).toBe(202);
    expect(await finished(id)).toMatchObject({ lastOutcome: 'ok', attempts: 0 });
    const runs = await admin.get(`/api/jobs/${id}/runs`);
    expect(runs.status).toBe(200);
    expect(runs.json.runs).toHaveLength(1);
    expect(runs.json.runs[0]).toMatchObject({ outcome: 'ok', error: null, detail: { calendars: 1 } });

    const paused = await admin.patch(`/api/jobs/${id}`, { paused: true });
    expect(paused.status).toBe(200);
    expect(paused.json).toMatchObject({ paused: true, nextRunAt: null });
    const changed = await admin.patch(`/api/jobs/${id}`, {
      paused: false,
      schedule: '0 6 * * 1-5',
      timezone: 'UTC',
    });
    expect(changed.json).toMatchObject({ paused: false, schedule: '0 6 * * 1-5', timezone: 'UTC' });
    expect(changed.json.nextRunAt).toMatch(/T06:00:00Z$/);

    const removed = await admin.delete(`/api/jobs/${id}`);
    expect(removed.status).toBe(200);
    expect((await admin.get(`/api/jobs/${id}/runs`)).status).toBe(404);
    expect((await admin.post(`/api/jobs/${id}/run`)).status).toBe(404);
    expect((await admin.patch(`/api/jobs/${id}`, { paused: true })).status).toBe(404);

    const audit = await admin.get('/api/audit');
    const actions = audit.json.rows
      .filter((e: { target: string | null }) => e.target === id)
      .map((e: { action: string }) => e.action);
    expect([...actions].sort()).toEqual(['job.create', 'job.delete', 'job.run', 'job.update', 'job.update']);
  });

  test('what cannot run is refused with each field and its reason; a token is never taken', async () => {
    const refused = await admin.post('/api/jobs', {
      kind: 'sync-zendesk',
      params: { subdomain: 'acme', email: 'lead@acme.com', token: 'secret' },
      schedule: 'every hour',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.issues).toEqual([
      expect.stringMatching(/^schedule: 'every hour' is not a cron schedule of five fields/),
      'params.token: the API token is never stored: put it in an environment variable of the server and name that in tokenEnv',
    ]);
    const unknown = await admin.post('/api/jobs', { kind: 'send-surveys' });
    expect(unknown.json.issues).toEqual([
      "kind: 'send-surveys' is not a kind of job (known: sync-zendesk, rebuild, survey-post-contact, survey-reminders, survey-wave, qa-sampling, alert-evaluation, report-deliveries, words-analysis)",
    ]);
    expect((await admin.get('/api/jobs')).json.jobs).toEqual([]);
  });

  test('a failed run is shown with its error, its time and the failures in a row', async () => {
    const created = await admin.post('/api/jobs', {
      kind: 'sync-zendesk',
      params: {
        subdomain: 'acme',
        email: 'lead@acme.com',
        tokenEnv: 'SERVICEMETER_ZENDESK_TEST_UNSET_TOKEN',
      },
    });
    expect(created.status, created.text).toBe(201);
    const id: string = created.json.id;
    await admin.post(`/api/jobs/${id}/run`);
    const job = await finished(id);
    expect(job).toMatchObject({
      lastOutcome: 'failed',
      attempts: 1,
      lastError:
        'the environment variable SERVICEMETER_ZENDESK_TEST_UNSET_TOKEN (tokenEnv) holding the Zendesk API token is not set for the server',
      // Only on demand: not retried by itself.
      nextRunAt: null,
    });
    expect((await admin.delete(`/api/jobs/${id}`)).status).toBe(200);
  });

  test('a server pulls only <subdomain>.zendesk.com, with a token from a Zendesk variable only', async () => {
    const zendesk = new FakeZendesk('lead@acme.com', 'the-token');
    await zendesk.start();
    process.env.ZENDESK_SERVER_TEST_TOKEN = 'the-token';
    try {
      const aimed = await admin.post('/api/jobs', {
        kind: 'sync-zendesk',
        params: {
          subdomain: 'acme',
          email: 'lead@acme.com',
          tokenEnv: 'ZENDESK_SERVER_TEST_TOKEN',
          baseUrl: zendesk.origin,
        },
      });
      expect(aimed.status, aimed.text).toBe(201);
      await admin.post(`/api/jobs/${aimed.json.id}/run`);
      expect(await finished(aimed.json.id)).toMatchObject({
        lastOutcome: 'failed',
        lastError: `baseUrl (${zendesk.origin}) is followed only by servicemeter jobs run on the database file; a server pulls https://acme.zendesk.com and sends its token nowhere else`,
      });
      expect(zendesk.requests).toEqual([]);
      expect((await admin.delete(`/api/jobs/${aimed.json.id}`)).status).toBe(200);

      const otherSecret = await admin.post('/api/jobs', {
        kind: 'sync-zendesk',
        params: { subdomain: 'acme', email: 'lead@acme.com', tokenEnv: 'SERVICEMETER_METRICS_TOKEN' },
      });
      expect(otherSecret.status).toBe(400);
      expect(otherSecret.json.issues).toEqual([
        "params.tokenEnv: 'SERVICEMETER_METRICS_TOKEN' is not a Zendesk variable: its name starts with ZENDESK_ or SERVICEMETER_ZENDESK_ (capitals, digits, _), so that no other secret of the server is sent to the helpdesk",
      ]);
    } finally {
      delete process.env.ZENDESK_SERVER_TEST_TOKEN;
      await zendesk.stop();
    }
  });

  test("an admin's API token sees the jobs but cannot add, change or run one", async () => {
    const job = await admin.post('/api/jobs', { kind: 'rebuild', name: 'token test' });
    expect(job.status).toBe(201);
    const created = await admin.post('/api/tokens', { name: 'admin script' });
    expect(created.status).toBe(201);
    const script = new Client(ts.url);
    script.bearer = created.json.token;
    expect((await script.get('/api/jobs')).status).toBe(200);
    for (const reply of [
      await script.post('/api/jobs', { kind: 'rebuild' }),
      await script.patch(`/api/jobs/${job.json.id}`, { paused: true }),
      await script.post(`/api/jobs/${job.json.id}/run`),
    ]) {
      expect(reply.status, reply.text).toBe(403);
      expect(reply.json.detail).toBe('this operation needs a signed-in user; API tokens cannot do it');
    }
    expect((await admin.get('/api/jobs')).json.jobs).toMatchObject([
      { id: job.json.id, paused: false, lastOutcome: null },
    ]);
    expect((await admin.delete(`/api/jobs/${job.json.id}`)).status).toBe(200);
    expect((await admin.delete(`/api/tokens/${created.json.id}`)).status).toBe(204);
  });

  test.each(['manager', 'ann', 'viewer'] as const)('%s may not see or change jobs', async (person) => {
    const client = await signedIn(ts.url, person);
    expect((await client.get('/api/jobs')).status).toBe(403);
    expect((await client.post('/api/jobs', { kind: 'rebuild' })).status).toBe(403);
  });
});
