/**
 * `servicemeter import` on a database file a running server holds: the files go to the server,
 * and the command prints what an import here prints, with the same exit codes. Runs the built CLI
 * (`npm run build:server` first).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createToken } from '../src/services/users.js';
import { startTestServer, type TestServer } from './server/support.js';
import { FIXTURES } from './support/engines.js';

const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const HELPDESK = join(FIXTURES, 'small-helpdesk');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SERVICEMETER_TOKEN: '', ...env },
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

let server: TestServer;
let managerToken: string;
let viewerToken: string;
let work: string;

beforeAll(async () => {
  server = await startTestServer({
    prepare: async (db) => {
      const ids = await db.all(
        "SELECT id, email FROM users WHERE email IN ('manager@example.com', 'viewer@example.com')",
      );
      const idOf = (email: string) => String(ids.find((r) => r.email === email)?.id);
      managerToken = (await createToken(db, idOf('manager@example.com'), { name: 'cli' })).token;
      viewerToken = (await createToken(db, idOf('viewer@example.com'), { name: 'cli' })).token;
    },
  });
  work = await mkdtemp(join(tmpdir(), 'servicemeter-cli-import-'));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('servicemeter import while a server holds the database', () => {
  test('sends the files to the server (token from SERVICEMETER_TOKEN) and prints the same summary', async () => {
    const run = await cli(['import', HELPDESK, '--db', server.dbPath], { SERVICEMETER_TOKEN: managerToken });
    expect(run.stderr).toMatch(/sent to the server at http:\/\/127\.0\.0\.1:\d+\/ as import /);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^contacts\.csv → contacts: 6 read, 6 imported$/m);
    expect(run.stdout).toMatch(/^contacts created from /m);
  });

  test('--server and --token target a server by its address; bad rows skipped land in --rejects', async () => {
    const contacts = await readFile(join(HELPDESK, 'contacts.csv'), 'utf8');
    const file = join(work, 'contacts.csv');
    await writeFile(file, `${contacts}helpdesk,t200,email,never,c200,support,ann,x,,normal,open,Bad\n`);
    const rejects = join(work, 'rejected.csv');
    const run = await cli([
      'import',
      file,
      '--db',
      join(work, 'not-this.duckdb'),
      '--server',
      server.url,
      '--token',
      managerToken,
      '--skip-bad-rows',
      '--rejects',
      rejects,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^contacts\.csv → contacts: 7 read, 6 imported, 1 rejected$/m);
    expect(run.stdout).toContain(`rejected rows and their reasons: ${rejects}`);
    expect((await readFile(rejects, 'utf8')).split('\n')[1]).toMatch(/^contacts\.csv,8,created_at,/);
    expect(existsSync(join(work, 'not-this.duckdb'))).toBe(false);
  });

  test('a refused import fails as it does here: its problems with file, line, field and reason', async () => {
    const contacts = await readFile(join(HELPDESK, 'contacts.csv'), 'utf8');
    const file = join(work, 'contacts.csv');
    await writeFile(file, `${contacts}helpdesk,t201,email,never,c201,support,ann,x,,normal,open,Bad\n`);
    const run = await cli(['import', file, '--db', server.dbPath, '--token', managerToken]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/1 problem found; nothing was imported\.\n {2}contacts\.csv:8 created_at: /);
  });

  test('without a token, or with one of a viewer, it says what to do', async () => {
    const missing = await cli(['import', HELPDESK, '--db', server.dbPath]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `holds the database ${server.dbPath}: give an API token of an admin or manager with --token or SERVICEMETER_TOKEN`,
    );
    const viewer = await cli(['import', HELPDESK, '--db', server.dbPath, '--token', viewerToken]);
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/refused the import \(403\): not allowed for the viewer role/);
  });
});
