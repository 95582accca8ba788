/**
 * Following an Asterisk queue_log into a PostgreSQL server: lines appended in pieces end as the
 * rows an import of the whole log stores in a DuckDB file, and a server on PostgreSQL follows a
 * log while it serves (`serve --follow-queue-log`).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { asteriskQueueLog } from '../../src/ingest/sources/asterisk-queue-log.js';
import { importSource } from '../../src/services/import-source.js';
import { followQueueLog } from '../../src/services/queue-log-follow.js';
import { type Client, signedIn, startTestServer, WEEK } from '../server/support.js';
import { FIXTURES, withMigrated, withMigratedServer, withTempDir } from '../support/engines.js';
import { createTestDatabase } from '../support/postgres.js';
import { expectSame, kpiRows } from '../support/same.js';

const LOG_LINES = (await readFile(join(FIXTURES, 'sources/asterisk/queue_log'), 'utf8'))
  .trimEnd()
  .split('\n');
const text = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');

/** The rows the log became, in an order that does not depend on how it was read. */
async function stored(db: Engine) {
  return {
    contacts: await db.all(
      'SELECT external_id, channel, assignee_id, topic, status FROM contacts ORDER BY external_id',
    ),
    events: await db.all(
      'SELECT contact_external_id, kind, agent_id, queue FROM contact_events ORDER BY contact_external_id, occurred_at, kind',
    ),
    agentStatus: await db.all(
      'SELECT agent_id, status, reason FROM agent_status_events ORDER BY occurred_at, agent_id, status',
    ),
  };
}

test('a queue_log followed into PostgreSQL in pieces stores what an import of the whole log stores in a DuckDB file', async () => {
  await withTempDir(async (dir) => {
    const whole = join(dir, 'whole_queue_log');
    await writeFile(whole, text(LOG_LINES));
    await withMigrated('duckdb', async (duck) => {
      const imported = await importSource(duck, asteriskQueueLog, [whole]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      const expected = await stored(duck);
      expect(expected.contacts.length).toBeGreaterThan(0);
      await withMigratedServer(async (pg) => {
        const path = join(dir, 'queue_log');
        await writeFile(path, '');
        const follower = followQueueLog(pg, path);
        expect(await follower.poll()).toBeNull();
        await appendFile(path, text(LOG_LINES.slice(0, 5)));
        expect(await follower.poll()).toMatchObject({ lines: 5, calls: 1 });
        // A line still being written is left for the next look.
        const line = LOG_LINES[5] ?? '';
        await appendFile(path, line.slice(0, 20));
        expect(await follower.poll()).toBeNull();
        await appendFile(path, `${line.slice(20)}\n${text(LOG_LINES.slice(6))}`);
        expect(await follower.poll()).toMatchObject({ lines: LOG_LINES.length - 5 });
        expect(await follower.poll()).toBeNull();
        expect(await stored(pg)).toEqual(expected);
        const query: KpiQueryInput = {
          kpis: ['offered', 'answered', 'abandoned', 'asa', 'aht'],
          by: ['agent'],
        };
        expectSame(await kpiRows(pg, query), await kpiRows(duck, query), 'by agent');
      });
    });
  });
}, 120_000);

async function phoneContacts(client: Client): Promise<number> {
  const reply = await client.post('/api/kpi/query', { ...WEEK, kpis: ['contacts_created'], by: ['channel'] });
  expect(reply.status, reply.text).toBe(200);
  const phone = reply.json.rows.find((r: { channel: string }) => r.channel === 'phone');
  return phone?.contacts_created.value ?? 0;
}

test('a server on PostgreSQL follows a queue_log: lines written while it runs reach the indicators, counted once', async () => {
  const database = await createTestDatabase();
  const ts = await startTestServer({
    postgresUrl: database.url,
    serve: (dir) => ({ followQueueLogs: [join(dir, 'queue_log')] }),
  });
  try {
    const manager = await signedIn(ts.url, 'manager');
    const before = await phoneContacts(manager);
    const path = join(ts.dir, 'queue_log');
    await writeFile(path, text(LOG_LINES.slice(0, 12)));
    await appendFile(path, text(LOG_LINES.slice(12)));
    // The fixture has 8 calls; the server looks about every second.
    const deadline = Date.now() + 30_000;
    while ((await phoneContacts(manager)) < before + 8 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await phoneContacts(manager)).toBe(before + 8);
    // Looks with nothing new import nothing again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await phoneContacts(manager)).toBe(before + 8);
  } finally {
    await ts.stop();
    await database.drop();
  }
}, 120_000);
