import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { withAnswering } from '../../src/cli/kpi-report.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { openPostgres } from '../../src/engines/postgres/engine.js';
import { migrate } from '../../src/services/migrate.js';
import { Client, PASSWORD } from '../server/support.js';
import { CLI, expectRefused, type Run } from '../support/cli.js';
import { copyCanonical, FIXTURES, withTempDir } from '../support/engines.js';
import { createTestDatabase, type TestPostgres } from '../support/postgres.js';

/** The built CLI with `input` on standard input (a password), no API token from the environment. */
function cli(args: string[], input = ''): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SERVICEMETER_TOKEN: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(args: string[], input?: string): Promise<string> {
  const run = await cli(args, input);
  expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

async function withTestDatabase<T>(options: { empty?: boolean }, work: (url: string) => Promise<T>) {
  const database: TestPostgres = await createTestDatabase(options);
  try {
    return await work(database.url);
  } finally {
    await database.drop();
  }
}

const WEEK = ['--from', '2026-03-02', '--to', '2026-03-16', '--timezone', 'Europe/Amsterdam'];
const KPIS = ['--kpi', 'contacts_created,frt,resolution_time,csat,nps,reopen_rate'];

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before these tests`);
});

test('user add and kpi on a new PostgreSQL database: migrated on first use, empty as an empty DuckDB file says', async () => {
  await withTempDir(async (dir) => {
    const duckPath = join(dir, 'empty.duckdb');
    const duck = await openDuckDb({ path: duckPath });
    await migrate(duck);
    await duck.close();
    // An empty database: the first command creates the schema.
    await withTestDatabase({ empty: true }, async (url) => {
      const added = await ok(
        ['user', 'add', '--email', 'lead@example.com', '--role', 'admin', '--db', url],
        `${PASSWORD}\n`,
      );
      expect(added).toContain('added lead@example.com (admin)');
      expect(await ok(['user', 'list', '--db', url])).toContain('lead@example.com\tadmin');
      // Asked for figures, an empty database says so rather than answer n 0 everywhere.
      const kpi = ['kpi', ...WEEK, ...KPIS, '--format', 'json'];
      expectRefused(
        await cli([...kpi, '--db', url]),
        /^error: no contacts or surveys in postgres:\/\/\S+ yet: run servicemeter import or demo first\n$/,
      );
      expectRefused(await cli([...kpi, '--db', duckPath]), /no contacts or surveys in \S+empty\.duckdb yet/);
    });
  });
}, 120_000);

test('kpi and rebuild on PostgreSQL give the numbers of the DuckDB file the rows came from', async () => {
  await withTempDir(async (dir) => {
    const duckPath = join(dir, 'team.duckdb');
    await ok(['import', join(FIXTURES, 'small-helpdesk'), '--db', duckPath]);
    await withTestDatabase({}, async (url) => {
      const duck = await openDuckDb({ path: duckPath });
      const pg = await openPostgres({ url });
      try {
        await copyCanonical(duck, pg);
      } finally {
        await pg.close();
        await duck.close();
      }
      const queries = [
        ['kpi', ...WEEK, ...KPIS, '--format', 'json'],
        ['kpi', ...WEEK, ...KPIS, '--by', 'agent,channel', '--format', 'json'],
        ['kpi', ...WEEK, '--kpi', 'contacts_created,frt', '--by', 'day', '--format', 'json'],
      ];
      const answers = async (db: string) => {
        const all: unknown[] = [];
        for (const query of queries) all.push(JSON.parse(await ok([...query, '--db', db])));
        return all;
      };
      const onDuckDb = await answers(duckPath);
      const onPostgres = await answers(url);
      expect(JSON.stringify(onPostgres)).toContain('"n":');
      expect(onPostgres).toEqual(onDuckDb);

      const rebuilt = await ok(['rebuild', '--db', url]);
      expect(rebuilt).toMatch(/^facts rebuilt for [1-9]\d* contacts/);
      expect(await answers(url)).toEqual(onDuckDb);
    });
  });
}, 180_000);

test('backup of a PostgreSQL database: a verified DuckDB file with everything, which kpi reads alike and migrate-to moves back', async () => {
  await withTempDir(async (dir) => {
    await withTestDatabase({}, async (url) => {
      await ok(['import', join(FIXTURES, 'small-helpdesk'), '--db', url]);
      await ok(
        ['user', 'add', '--email', 'lead@example.com', '--role', 'admin', '--db', url],
        `${PASSWORD}\n`,
      );
      // Text CSV could lose on the way: quotes, a line break, an empty text beside a NULL.
      const subjects = 'SELECT contact_key, subject FROM contacts ORDER BY contact_key';
      const pg = await openPostgres({ url });
      let held: unknown[];
      try {
        await pg.run(
          "UPDATE contacts SET subject = 'Say \"hi\", then' || chr(10) || 'bye' WHERE contact_key = (SELECT min(contact_key) FROM contacts)",
        );
        await pg.run(
          "UPDATE contacts SET subject = '' WHERE contact_key = (SELECT max(contact_key) FROM contacts)",
        );
        held = await pg.all(subjects.replace('ORDER BY contact_key', 'ORDER BY contact_key COLLATE "C"'));
      } finally {
        await pg.close();
      }
      const copy = join(dir, 'copy.duckdb');
      expect(await ok(['backup', '--db', url, '--out', copy])).toMatch(/copy\.duckdb: [\d,]+ bytes/);
      const file = await openDuckDb({ path: copy });
      try {
        const copied = await file.all(subjects);
        expect(copied).toEqual(held);
        expect(copied.filter((r) => r.subject === '')).toHaveLength(1);
      } finally {
        await file.close();
      }
      // People come along, with everything else the database holds.
      expect(await ok(['user', 'list', '--db', copy])).toContain('lead@example.com\tadmin');
      const query = ['kpi', ...WEEK, ...KPIS, '--by', 'agent,channel', '--format', 'json'];
      const onPostgres = JSON.parse(await ok([...query, '--db', url]));
      expect(onPostgres.length).toBeGreaterThan(0);
      expect(JSON.parse(await ok([...query, '--db', copy]))).toEqual(onPostgres);
      // Never over a file: not even over the backup just made.
      expectRefused(
        await cli(['backup', '--db', url, '--out', copy]),
        /copy\.duckdb exists; a backup never overwrites a file/,
      );
      // Back into a new PostgreSQL database, verified there as any file is.
      await withTestDatabase({}, async (restored) => {
        expect(await ok(['migrate-to', restored, '--db', copy])).toMatch(
          /KPI fingerprint \(sha256, equal on both\)/,
        );
        expect(JSON.parse(await ok([...query, '--db', restored]))).toEqual(onPostgres);
      });
    });
  });
}, 180_000);

test('a PostgreSQL server that cannot be reached is named, without its password', async () => {
  const run = await cli(['kpi', '--db', 'postgres://meter:s3cret-word@127.0.0.1:1/team']);
  expectRefused(
    run,
    /^error: cannot reach the PostgreSQL server at postgres:\/\/meter:\*\*\*@127\.0\.0\.1:1\/team: .*ECONNREFUSED/,
  );
  expect(run.stderr).not.toContain('s3cret-word');
});

test('serve on PostgreSQL: no admin yet, the setup page makes one, SIGTERM stops it', async () => {
  await withTestDatabase({}, async (url) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--db', url, '--port', '0', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.resume();
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no address within 30 s:\n${stderr}`)), 30_000);
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString('utf8');
          const match = /serving (\S+) at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
          if (match?.[2] && /stop with Ctrl\+C/.test(stderr)) {
            clearTimeout(timer);
            expect(match[1]).toBe(url);
            resolve(match[2]);
          }
        });
        exited.then((code) => reject(new Error(`exited ${code} before serving:\n${stderr}`)));
      });
      expect(stderr).toContain(`servicemeter user add --db ${url}`);
      const client = new Client(address);
      const setup = await client.post('/api/setup', { email: 'lead@example.com', password: PASSWORD });
      expect(setup.status, setup.text).toBe(201);
      expect((await client.login('lead@example.com')).status).toBe(200);
      const status = await client.get('/api/status');
      expect(status.status, status.text).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // The admin made through the server is in the database.
      expect(await ok(['user', 'list', '--db', url])).toContain('lead@example.com\tadmin');
    } finally {
      child.kill('SIGKILL');
    }
  });
}, 120_000);

test('kpi reads a PostgreSQL server on two connections of its own, as a server does', async () => {
  await withTestDatabase({ empty: true }, async (url) => {
    const db = await openPostgres({ url });
    try {
      const [own] = await db.all('SELECT pg_backend_pid() AS pid');
      // Two reads at once, each held a moment: each on a connection of its own, neither on the
      // database's own connection, which keeps writes and transactions.
      const answers = await withAnswering(db, url, undefined, (engine) =>
        Promise.all([1, 2].map(() => engine.all('SELECT pg_backend_pid() AS pid, pg_sleep(0.2) AS slept'))),
      );
      const pids = new Set(answers.map((rows) => Number(rows[0]?.pid)));
      expect(pids.size).toBe(2);
      expect(pids.has(Number(own?.pid))).toBe(false);
    } finally {
      await db.close();
    }
  });
});
