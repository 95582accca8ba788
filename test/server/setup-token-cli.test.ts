import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { migrate } from '../../src/services/migrate.js';
import { Client, PASSWORD } from './support.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

let tmp: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before these tests`);
  tmp = await mkdtemp(join(tmpdir(), 'servicemeter-setup-token-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function start(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not serving within 30 s:\n${stderr}`)), 30_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (/stop with Ctrl\+C/.test(stderr)) {
        clearTimeout(timer);
        resolve(stderr);
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${stderr}`));
    });
  });
  return { child, ready, exited, stderr: () => stderr };
}

test('serve with no admin prints a setup token; a relayed request needs it', async () => {
  // `serve` reads only a database that exists: one with its schema and nothing else.
  const db = join(tmp, 'fresh.duckdb');
  const engine = await openDuckDb({ path: db });
  await migrate(engine);
  await engine.close();
  const server = start(['serve', '--db', db, '--port', '0']);
  try {
    const text = await server.ready;
    const url = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(text)?.[1] ?? '';
    const token = /setup token[^:]*: ([\w-]+)/.exec(text)?.[1] ?? '';
    expect(token).toMatch(/^[\w-]{32,}$/);
    // A proxy on this machine relaying someone: not local, so the token is asked.
    const relayed = { 'x-forwarded-for': '203.0.113.30' };
    const client = new Client(url);
    const body = { email: 'lead@example.com', password: PASSWORD };
    expect((await client.post('/api/setup', body, relayed)).status).toBe(403);
    expect((await client.post('/api/setup', { ...body, setupToken: token }, relayed)).status).toBe(201);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    server.child.kill('SIGKILL');
  }
});

test('--trust-proxy takes only IP addresses and CIDR ranges', async () => {
  const server = start([
    'serve',
    '--db',
    join(tmp, 'other.duckdb'),
    '--port',
    '0',
    '--trust-proxy',
    '10.0.0.0/33',
  ]);
  // Should it serve after all, it must not outlive the test.
  const stop = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  const failed = server.ready.then(
    () => 'served',
    () => 'refused',
  );
  const code = await server.exited;
  expect(code).not.toBe(0);
  expect(server.stderr()).toContain("'10.0.0.0/33' is not an IP address or CIDR range");
  clearTimeout(stop);
  expect(await failed).toBe('refused');
});
