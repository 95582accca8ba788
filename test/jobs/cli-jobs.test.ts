import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { withTempDir } from '../support/engines.js';
import { FakeZendesk } from '../support/fake-zendesk.js';

/** The built CLI: run `npm run build:server` first. */
const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function cliOk(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const run = await cli(args, env);
  if (run.code !== 0) throw new Error(`servicemeter ${args.join(' ')} → ${run.code}\n${run.stderr}`);
  return run;
}

function addedId(run: Run): string {
  const found = /^added job (\S+) \(/m.exec(run.stdout);
  if (!found?.[1]) throw new Error(`no job id in:\n${run.stdout}`);
  return found[1];
}

/** `servicemeter serve` on the file, with its standard error (the JSON lines of the job runs) kept. */
async function serve(
  path: string,
): Promise<{ url: string; stderr: () => string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--db', path, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
      const match = /serving .* at (http:\/\/\S+?)\/?\s/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server before this test`);
});

test('servicemeter jobs: add, list, pause, resume, run and remove, by id or name', async () => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'team.duckdb');
    const added = await cliOk([
      'jobs',
      'add',
      'rebuild',
      '--name',
      'nightly-rebuild',
      '--schedule',
      '30 2 * * *',
      '--timezone',
      'Europe/Amsterdam',
      '--db',
      db,
    ]);
    const id = addedId(added);
    expect(added.stdout).toMatch(
      new RegExp(
        `^added job ${id} \\(nightly-rebuild\\): Rebuild every fact from the imported data; 30 2 \\* \\* \\* \\(Europe/Amsterdam\\), next run \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\n$`,
      ),
    );

    const listed = await cliOk(['jobs', 'list', '--db', db]);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${id}  nightly-rebuild  \\[rebuild\\]  30 2 \\* \\* \\* \\(Europe/Amsterdam\\)  next .* never ran\\n`,
      ),
    );

    expect((await cliOk(['jobs', 'pause', 'nightly-rebuild', '--db', db])).stdout).toBe(
      `paused job ${id} (nightly-rebuild)\n`,
    );
    expect((await cliOk(['jobs', 'list', '--db', db])).stdout).toContain('  paused  never ran');
    expect((await cliOk(['jobs', 'resume', id, '--db', db])).stdout).toMatch(
      new RegExp(`^resumed job ${id} \\(nightly-rebuild\\); next run `),
    );

    const ran = await cliOk(['jobs', 'run', 'nightly-rebuild', '--db', db]);
    expect(ran.stdout).toBe(
      `job ${id} (nightly-rebuild) ok: {"contacts":0,"surveys":0,"calendars":0,"contactsLeftOut":0,"surveysLeftOut":0}\n`,
    );
    const json = JSON.parse((await cliOk(['jobs', 'list', '--format', 'json', '--db', db])).stdout) as {
      id: string;
      lastOutcome: string;
      attempts: number;
    }[];
    expect(json).toMatchObject([{ id, lastOutcome: 'ok', attempts: 0 }]);

    expect((await cliOk(['jobs', 'remove', id, '--db', db])).stdout).toBe(
      `removed job ${id} (nightly-rebuild)\n`,
    );
    expect((await cliOk(['jobs', 'list', '--db', db])).stdout).toBe(
      'no jobs (servicemeter jobs add … adds one)\n',
    );
  });
});

test('servicemeter jobs: mistakes name the field, a failed run says why and exits 1', async () => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'team.duckdb');
    const bad = await cli([
      'jobs',
      'add',
      'rebuild',
      '--schedule',
      '0 25 * * *',
      '--timezone',
      'Mars/Base',
      '--db',
      db,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      "error: timezone: 'Mars/Base' is not an IANA time zone (such as Europe/Amsterdam)\n",
    );
    const token = await cli([
      'jobs',
      'add',
      'sync-zendesk',
      '--param',
      'subdomain=acme',
      '--param',
      'email=lead@acme.com',
      '--param',
      'token=secret',
      '--db',
      db,
    ]);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('params.token: the API token is never stored');

    const added = await cliOk([
      'jobs',
      'add',
      'sync-zendesk',
      '--params',
      '{"subdomain":"acme","email":"lead@acme.com","tokenEnv":"ZENDESK_ACME_TOKEN_NOT_SET"}',
      '--db',
      db,
    ]);
    const id = addedId(added);
    const failed = await cli(['jobs', 'run', id, '--db', db], { ZENDESK_ACME_TOKEN_NOT_SET: '' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      `error: job ${id} (sync-zendesk) failed: the environment variable ZENDESK_ACME_TOKEN_NOT_SET (tokenEnv) holding the Zendesk API token is not set for the server\n`,
    );
    const listed = await cliOk(['jobs', 'list', '--db', db]);
    expect(listed.stdout).toContain('last failed');
    expect(listed.stdout).toContain('1 failure in a row');
    expect(listed.stdout).toContain('error ');
  });
});

test('servicemeter jobs run on the file follows the baseUrl of a job (a server never does)', async () => {
  const zendesk = new FakeZendesk('ann@example.com', 'the-cli-test-token');
  await zendesk.start();
  try {
    await withTempDir(async (dir) => {
      const db = join(dir, 'team.duckdb');
      const id = addedId(
        await cliOk([
          'jobs',
          'add',
          'sync-zendesk',
          '--params',
          JSON.stringify({
            subdomain: 'example',
            email: 'ann@example.com',
            tokenEnv: 'ZENDESK_CLI_TEST_TOKEN',
            baseUrl: zendesk.origin,
          }),
          '--db',
          db,
        ]),
      );
      const ran = await cliOk(['jobs', 'run', id, '--db', db], {
        ZENDESK_CLI_TEST_TOKEN: 'the-cli-test-token',
      });
      expect(ran.stdout).toMatch(
        new RegExp(`^job ${id} \\(sync-zendesk\\) ok: .*"source":"zendesk:example"`),
      );
      expect(ran.stdout).toContain('"tickets":5');
      expect(zendesk.requests.length).toBeGreaterThan(0);
    });
  } finally {
    await zendesk.stop();
  }
});

test('a server runs at start the job a killed server left running, and other commands are refused while it holds the file', async () => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'team.duckdb');
    const id = addedId(
      await cliOk(['jobs', 'add', 'rebuild', '--schedule', '0 3 * * *', '--timezone', 'UTC', '--db', db]),
    );
    // What a server killed during the run leaves: the claim.
    const engine = await openDuckDb({ path: db });
    try {
      await engine.run("UPDATE jobs SET running_since = TIMESTAMP '2026-06-01 03:00:00' WHERE id = $1", [id]);
    } finally {
      await engine.close();
    }

    const server = await serve(db);
    try {
      await expect.poll(() => server.stderr(), { timeout: 30_000 }).toMatch(/"event":"finished"/);
      const lines = server
        .stderr()
        .split('\n')
        .filter((l) => l.includes('"what":"job"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => [l.event, l.job, l.outcome])).toEqual([
        ['recovered', id, undefined],
        ['started', id, undefined],
        ['finished', id, 'ok'],
      ]);

      const held = await cli(['jobs', 'list', '--db', db]);
      expect(held.code).toBe(1);
      expect(held.stderr).toContain(`the servicemeter server at ${server.url}`);
      expect(held.stderr).toContain(`holds the database ${db}`);
    } finally {
      await server.stop();
    }
    const engineAfter = await openDuckDb({ path: db });
    try {
      expect(await engineAfter.all('SELECT outcome FROM job_runs ORDER BY started_at')).toEqual([
        { outcome: 'interrupted' },
        { outcome: 'ok' },
      ]);
    } finally {
      await engineAfter.close();
    }
  });
});
