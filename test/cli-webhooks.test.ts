import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { FRESHDESK_BODY_TEMPLATE, FRESHDESK_SECRET_HEADER } from '../src/ingest/webhooks/freshdesk.js';
import { migrate } from '../src/services/migrate.js';
import { getWebhookSource } from '../src/services/webhooks/sources.js';
import { webhookFixture, zendeskHeaders } from './support/webhooks.js';

/** The built CLI: run `npm run build:server` first. */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const ZENDESK_SECRET = 'zendesk-signing-secret-of-the-cli-test';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], input = ''): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
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

async function cliOk(args: readonly string[], input = ''): Promise<Run> {
  const run = await cli(args, input);
  if (run.code !== 0) throw new Error(`servicemeter ${args.join(' ')} → ${run.code}\n${run.stderr}`);
  return run;
}

/** The id of the source an `add` printed. */
function addedId(run: Run): string {
  const found = /webhook source (\S+) \(/.exec(run.stdout);
  if (!found?.[1]) throw new Error(`no source id in:\n${run.stdout}`);
  return found[1];
}

async function storedSecret(db: string, id: string): Promise<string | undefined> {
  const engine = await openDuckDb({ path: db });
  try {
    return (await getWebhookSource(engine, id))?.secret;
  } finally {
    await engine.close();
  }
}

let dir = '';
let db = '';

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server before this test`);
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-cli-webhooks-'));
  db = join(dir, 'team.duckdb');
  const engine = await openDuckDb({ path: db });
  try {
    await migrate(engine);
  } finally {
    await engine.close();
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('servicemeter webhooks', () => {
  test('add freshdesk prints the URL, the secret it made once, the scheme, the steps and the body', async () => {
    const run = await cliOk([
      'webhooks',
      'add',
      'freshdesk',
      '--source',
      'freshdesk-eu',
      '--public-url',
      'https://meter.example.com/',
      '--db',
      db,
    ]);
    const id = addedId(run);
    expect(run.stdout).toContain(`URL path: /api/webhooks/freshdesk/${id}\n`);
    expect(run.stdout).toContain(`URL: https://meter.example.com/api/webhooks/freshdesk/${id}\n`);
    const secret = /secret \(shown only now, copy it now\): (\S+)/.exec(run.stdout)?.[1];
    expect(secret).toBe(await storedSecret(db, id));
    expect(run.stdout).toContain(`scheme: shared secret in the ${FRESHDESK_SECRET_HEADER} header`);
    expect(run.stdout).toContain('Admin → Workflows → Automations');
    expect(run.stdout).toContain(FRESHDESK_BODY_TEMPLATE);
    expect(run.stdout).toContain('its rows get source freshdesk-eu');

    const listed = await cliOk(['webhooks', 'list', '--db', db]);
    const line = listed.stdout.split('\n').find((l) => l.startsWith(id));
    expect(line).toBe(
      `${id}\tfreshdesk\tsource freshdesk-eu\t/api/webhooks/freshdesk/${id}\tno event yet\t0 accepted, 0 refused, 0 waiting, 0 failed`,
    );
    // The secret is shown when made, never in the list.
    expect(listed.stdout).not.toContain(secret);
  });

  test("add zendesk: no secret shown until Zendesk's is given, then requests it signed are accepted", async () => {
    const added = await cliOk(['webhooks', 'add', 'zendesk', '--db', db]);
    const id = addedId(added);
    expect(added.stdout).toContain(`servicemeter webhooks secret ${id} --secret -`);
    expect(added.stdout).not.toContain('copy it now');
    expect(added.stdout).toContain('URL: the server’s public address followed by the path');
    expect(added.stdout).toContain('Zendesk Admin Center → Apps and integrations → Webhooks');

    const refused = await cli(['webhooks', 'secret', id, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Zendesk makes the secret: give it with --secret <secret>');

    // `--secret -` reads the first line of standard input, keeping the secret off the command line.
    const replaced = await cliOk(
      ['webhooks', 'secret', id, '--secret', '-', '--db', db],
      `${ZENDESK_SECRET}\n`,
    );
    expect(replaced.stdout).toContain(`secret of Zendesk webhook source ${id} replaced`);
    expect(await storedSecret(db, id)).toBe(ZENDESK_SECRET);

    // A server holds the file: the command names it instead of failing on the lock.
    const server = await serve(db);
    try {
      const held = await cli(['webhooks', 'list', '--db', db]);
      expect(held.code).toBe(1);
      expect(held.stderr).toContain(`the servicemeter server at ${server.url}`);
      expect(held.stderr).toContain(`holds the database ${db}`);

      const body = webhookFixture('zendesk', 'ticket-created.json');
      const reply = await fetch(`${server.url}/api/webhooks/zendesk/${id}`, {
        method: 'POST',
        headers: zendeskHeaders(body, ZENDESK_SECRET, new Date()),
        body,
      });
      expect(reply.status).toBe(200);
      const wrong = await fetch(`${server.url}/api/webhooks/zendesk/${id}`, {
        method: 'POST',
        headers: zendeskHeaders(body, 'not-the-secret-at-all', new Date()),
        body,
      });
      expect(wrong.status).toBe(401);
    } finally {
      await server.stop();
    }

    const listed = await cliOk(['webhooks', 'list', '--db', db]);
    const line = listed.stdout.split('\n').find((l) => l.startsWith(id)) ?? '';
    const [, vendor, source, path, last, counts] = line.split('\t');
    expect([vendor, source, path]).toEqual(['zendesk', 'source zendesk', `/api/webhooks/zendesk/${id}`]);
    expect(last).toMatch(/^last event \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z refused \(.+\)$/);
    expect(counts).toMatch(/^1 accepted, 1 refused, 0 waiting, [01] failed$/);
  });

  test('secret without --secret makes a new Freshdesk secret; remove ends the source', async () => {
    const id = addedId(await cliOk(['webhooks', 'add', 'freshdesk', '--db', db]));
    const before = await storedSecret(db, id);
    const rotated = await cliOk(['webhooks', 'secret', id, '--db', db]);
    const secret = /\(shown only now, copy it now\): (\S+)/.exec(rotated.stdout)?.[1];
    expect(secret).toBe(await storedSecret(db, id));
    expect(secret).not.toBe(before);
    expect(rotated.stdout).toContain(`replace the ${FRESHDESK_SECRET_HEADER} header`);

    const removed = await cliOk(['webhooks', 'remove', id, '--db', db]);
    expect(removed.stdout).toContain(`removed Freshdesk webhook source ${id}`);
    expect(await storedSecret(db, id)).toBeUndefined();
    expect((await cliOk(['webhooks', 'list', '--db', db])).stdout).not.toContain(id);
  });

  test('mistakes name the field and the reason', async () => {
    const unknown = await cli(['webhooks', 'remove', 'no-such-source', '--db', db]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'no webhook source no-such-source (servicemeter webhooks list shows them)',
    );

    const short = await cli(['webhooks', 'add', 'intercom', '--secret', 'short', '--db', db]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('--secret: is shorter than 8 characters');

    const vendor = await cli(['webhooks', 'add', 'hubspot', '--db', db]);
    expect(vendor.code).not.toBe(0);
    expect(vendor.stderr).toMatch(/hubspot/);
    expect(vendor.stderr).toMatch(/zendesk, chatwoot, intercom, freshdesk/);

    const url = await cli(['webhooks', 'add', 'freshdesk', '--public-url', 'meter.example.com', '--db', db]);
    expect(url.code).not.toBe(0);
    expect(url.stderr).toContain('expected an address such as https://meter.example.com');

    const missing = await cli(['webhooks', 'list', '--db', join(dir, 'missing.duckdb')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no database at');
  });
});

/** `servicemeter serve` on a free port, and its address once it listens. */
async function serve(path: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--db', path, '--port', '0'], {
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
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
