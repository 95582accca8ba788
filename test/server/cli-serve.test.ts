import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { FIXTURES } from '../support/engines.js';
import { Client, PASSWORD } from './support.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Serving {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts a serving command and waits for the line with its address. */
function serving(args: string[]): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    // A demo generates, imports and reads its texts before it serves: on two busy cores, a minute.
    const timer = setTimeout(() => reject(new Error(`no address within 90 s:\n${stderr}`)), 90_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (match?.[1] && /stop with Ctrl\+C/.test(stderr)) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stderr: () => stderr, exited });
      }
    });
    exited.then((code) => reject(new Error(`exited ${code} before serving:\n${stderr}`)));
  });
}

let tmp: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before these tests`);
  tmp = await mkdtemp(join(tmpdir(), 'servicemeter-serve-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

test('serve: the server holds the database; other commands say so; SIGTERM finishes requests and releases it', async () => {
  const db = join(tmp, 'team.duckdb');
  const engine = await openDuckDb({ path: db });
  try {
    await migrate(engine);
    expect((await importFiles(engine, [join(FIXTURES, 'small-helpdesk')])).ok).toBe(true);
  } finally {
    await engine.close();
  }
  const added = await cli(
    ['user', 'add', '--email', 'lead@example.com', '--role', 'admin', '--db', db],
    `${PASSWORD}\n`,
  );
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toContain('added lead@example.com (admin)');

  const server = await serving(['serve', '--db', db, '--port', '0', '--host', '127.0.0.1']);
  try {
    expect(server.stderr()).not.toContain('no admin yet');
    const client = new Client(server.url);
    expect((await client.login('lead@example.com')).status).toBe(200);

    for (const args of [
      ['import', join(FIXTURES, 'small-helpdesk'), '--db', db],
      ['user', 'add', '--email', 'x@example.com', '--role', 'viewer', '--db', db],
    ]) {
      const refused = await cli(args, `${PASSWORD}\n`);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toContain(`the servicemeter server at ${server.url}/`);
      expect(refused.stderr).toContain(`holds the database ${db}`);
    }

    const inFlight = client.post('/api/kpi/query', { by: ['agent'], grain: 'day' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('SIGTERM: finishing requests and closing the database');
  } finally {
    server.child.kill('SIGKILL');
  }
  expect(existsSync(`${db}.server.json`)).toBe(false);
  // Released: a command opens the file again.
  const users = await cli(['user', 'list', '--db', db]);
  expect(users.stdout).toBe('lead@example.com\tadmin\n');
});

test('serve without an admin says how to make one; a port in use is a clear error', async () => {
  const db = join(tmp, 'empty.duckdb');
  const other = join(tmp, 'other.duckdb');
  // `serve` reads only a database that exists: these have their schema and nothing else.
  for (const path of [db, other]) {
    const engine = await openDuckDb({ path });
    await migrate(engine);
    await engine.close();
  }
  const server = await serving(['serve', '--db', db, '--port', '0']);
  try {
    expect(server.stderr()).toContain('no admin yet');
    const port = new URL(server.url).port;
    const refused = await cli(['serve', '--db', other, '--port', port]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  } finally {
    server.child.kill('SIGKILL');
  }
});

test('demo: generates, adds the demo admin and serves; --no-serve only generates', async () => {
  const db = join(tmp, 'demo.duckdb');
  const generated = await cli(['demo', '--db', db, '--contacts', '100', '--no-serve']);
  expect(generated.code, generated.stderr).toBe(0);
  expect(generated.stdout).toContain('demo login: demo@example.com / servicemeter-demo');

  const server = await serving(['demo', '--db', db, '--contacts', '100', '--replace', '--port', '0']);
  try {
    expect(server.stderr()).toContain('demo login: demo@example.com / servicemeter-demo');
    const client = new Client(server.url);
    expect((await client.login('demo@example.com', 'servicemeter-demo')).status).toBe(200);
    const catalog = (await client.get('/api/catalog')).json;
    expect(catalog.targets.length).toBeGreaterThan(0);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  } finally {
    server.child.kill('SIGKILL');
  }
  // Two demos, each with its dashboard, report and alert history: on two busy cores, minutes.
}, 180_000);
