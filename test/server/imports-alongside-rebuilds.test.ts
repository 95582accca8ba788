/**
 * An import rebuilds the facts on a connection of its own; a settings change rebuilds them on the
 * shared one. Sent while the import is rebuilding, the settings change waits for it instead of
 * colliding with it (DuckDB refuses the second of two deletions of the same facts): both succeed,
 * and the facts afterwards are those a full rebuild gives.
 */
import { openAsBlob } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { writeDemoFiles } from '../../src/services/demo/generate.js';
import { importFiles } from '../../src/services/import.js';
import { rebuildFacts } from '../../src/services/rebuild.js';
import { signedIn, startTestServer, type TestServer } from './support.js';

/** Enough contacts for a rebuild of a few seconds, so that the settings change lands inside it. */
const IMPORT_CONTACTS = 20_000;

let server: TestServer;
let bigFiles: string;

beforeAll(async () => {
  server = await startTestServer({
    prepare: async (db, dir) => {
      const demo = join(dir, 'demo');
      await writeDemoFiles(demo, { contacts: 2000, seed: 1 });
      const imported = await importFiles(db, [demo]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      bigFiles = join(dir, 'big');
      await writeDemoFiles(bigFiles, { contacts: IMPORT_CONTACTS, seed: 2 });
    },
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

/** Reads an event stream until `until` matches what has arrived; the rest is read by `rest`. */
async function readUntil(
  response: Response,
  until: RegExp,
): Promise<{ seen: string; rest: Promise<string> }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let seen = '';
  while (!until.test(seen)) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
  }
  const rest = (async () => {
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { seen, rest };
}

/** Every fact row, hashed: two databases with the same facts give the same value. */
async function factsFingerprint(db: Awaited<ReturnType<typeof openDuckDb>>) {
  const [row] = await db.all(
    'SELECT count(*) AS n, CAST(bit_xor(hash(f)) AS VARCHAR) AS h FROM contact_facts f',
  );
  return { n: Number(row?.n), h: String(row?.h) };
}

test('a calendar saved while an import rebuilds the facts: both succeed, and the facts are right', async () => {
  const admin = await signedIn(server.url, 'admin');
  const form = new FormData();
  for (const name of (await readdir(bigFiles)).sort())
    form.append('files', await openAsBlob(join(bigFiles, name)), name);
  const sent = await admin.fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
  expect(sent.status).toBe(202);
  const job = (await sent.json()) as { id: string };
  const events = await admin.fetch(`${server.url}/api/imports/${job.id}/events`);
  const { seen, rest } = await readUntil(events, /"phase":"rebuild"|event: (result|failed)\n/);
  expect(seen).toMatch(/"phase":"rebuild"/);

  const saved = await admin.put('/api/settings/calendars/late', {
    name: 'Late shift',
    timezone: 'Europe/Amsterdam',
    isDefault: false,
    intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '20:00', end: '04:00' })),
    holidays: [],
  });
  expect(saved.status, saved.text).toBe(200);
  expect(await rest).toMatch(/event: result\n/);
  const done = await admin.get(`/api/imports/${job.id}`);
  expect(done.json).toMatchObject({ state: 'succeeded', error: null });
  expect(done.json.result.facts).not.toBeNull();

  await server.server.close();
  const db = await openDuckDb({ path: server.dbPath });
  try {
    const after = await factsFingerprint(db);
    expect(after.n).toBeGreaterThan(IMPORT_CONTACTS);
    await rebuildFacts(db);
    expect(await factsFingerprint(db)).toEqual(after);
  } finally {
    await db.close();
  }
}, 300_000);
