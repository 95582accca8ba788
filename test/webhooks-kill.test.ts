import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { migrate } from '../src/services/migrate.js';
import { createUser } from '../src/services/users.js';
import { createWebhookSource } from '../src/services/webhooks/sources.js';
import { webhookFixture, zendeskHeaders } from './support/webhooks.js';

/** The built CLI: run `npm run build:server` first. */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const SECRET = 'zendesk-signing-secret-of-the-kill-test';
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
const BURST = 600;
const KILL_AFTER = 400;

let dir = '';
let dbPath = '';
let sourceId = '';

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server before this test`);
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-kill-'));
  dbPath = join(dir, 'kill.duckdb');
  const db = await openDuckDb({ path: dbPath });
  try {
    await migrate(db);
    const created = await createWebhookSource(db, { vendor: 'zendesk', secret: SECRET });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    sourceId = created.data.id;
    const admin = await createUser(db, { ...ADMIN, role: 'admin' });
    if (!admin.ok) throw new Error(JSON.stringify(admin.error));
  } finally {
    await db.close();
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `servicemeter serve` in a child process, and its address once it listens. */
async function serve(): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
      const match = /serving .* at (http:\/\/\S+?)\/?\s/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, exited };
}

/** A ticket-created event of a ticket of its own, with its own event id: one of the burst. */
function event(index: number): Uint8Array {
  const payload = JSON.parse(Buffer.from(webhookFixture('zendesk', 'ticket-created.json')).toString('utf8'));
  payload.id = `kill-test-${index}`;
  payload.detail.id = String(50_000 + index);
  payload.subject = `zen:ticket:${50_000 + index}`;
  return new TextEncoder().encode(JSON.stringify(payload));
}

describe('webhook events acknowledged before a kill -9', () => {
  test('are all in the database exactly once after a restart, and processed', async () => {
    const first = await serve();
    // Requests keep coming, 40 at a time; the server is killed the moment the KILL_AFTER-th answer
    // arrives, with others in flight: an event answered 200 must have been on disk by then.
    const acknowledged: string[] = [];
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (!killed && next < BURST) {
        const index = next++;
        const body = event(index);
        const reply = await fetch(`${first.url}/api/webhooks/zendesk/${sourceId}`, {
          method: 'POST',
          headers: zendeskHeaders(body, SECRET, new Date()),
          body,
        }).catch(() => null);
        if (reply?.status !== 200 || killed) continue;
        acknowledged.push(`kill-test-${index}`);
        if (acknowledged.length >= KILL_AFTER) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 40 }, sender));
    await first.exited;
    expect(acknowledged).toHaveLength(KILL_AFTER);

    const second = await serve();
    try {
      // The restarted server processes what the first one left; its setup page says when it is done.
      const login = await fetch(`${second.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const until = Date.now() + 60_000;
      for (;;) {
        const setup = (await (await fetch(`${second.url}/api/webhooks`, { headers: { cookie } })).json()) as {
          sources: { eventsWaiting: number }[];
        };
        if (setup.sources[0]?.eventsWaiting === 0 || Date.now() > until) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    const db = await openDuckDb({ path: dbPath });
    try {
      const stored = await db.all(
        'SELECT event_id, count(*) AS copies, min(outcome) AS outcome, count(processed_at) AS processed FROM webhook_events GROUP BY event_id',
      );
      const byId = new Map(stored.map((row) => [String(row.event_id), row]));
      for (const id of acknowledged)
        expect(byId.get(id)).toEqual({ event_id: id, copies: 1, outcome: 'ok', processed: 1 });
      // Every acknowledged event became its ticket; events stored but not yet answered may add more.
      const [contacts] = await db.all("SELECT count(*) AS n FROM contacts WHERE source = 'zendesk'");
      expect(Number(contacts?.n)).toBeGreaterThanOrEqual(KILL_AFTER);
    } finally {
      await db.close();
    }
  }, 180_000);
});
