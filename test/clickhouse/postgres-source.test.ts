import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { type ClickHouseEngine, openClickHouse } from '../../src/engines/clickhouse/engine.js';
import { openPostgres } from '../../src/engines/postgres/engine.js';
import { type AnalyticsSource, migrateToClickHouse } from '../../src/services/analytics-copy.js';
import { signedIn, startTestServer, type TestServer, WEEK } from '../server/support.js';
import { copyCanonical, FIXTURES, withDuckDb } from '../support/engines.js';
import { createTestDatabase, type TestPostgres } from '../support/postgres.js';
import { expectSame, kpiRows } from '../support/same.js';
import { until } from '../support/until.js';

/**
 * A PostgreSQL server's database as the source of the ClickHouse copy (chDB in this process): the
 * copy itself, value for value, and a server on PostgreSQL reading its KPI answers from the copy.
 * chDB holds one data folder per process, so every copy here is a database in the server's folder.
 */
let served: TestServer;
let servedDatabase: TestPostgres;
let chdbFolder: string;

beforeAll(async () => {
  servedDatabase = await createTestDatabase();
  served = await startTestServer({
    postgresUrl: servedDatabase.url,
    serve: (dir) => ({ analyticsUrl: `chdb://${join(dir, 'clickhouse')}?database=served` }),
  });
  chdbFolder = join(served.dir, 'clickhouse');
}, 120_000);

afterAll(async () => {
  await served?.stop();
  await servedDatabase?.drop();
});

/**
 * The source copied into a new ClickHouse database, verified; the rows each table's progress last
 * reported must be the rows it holds.
 */
async function withCopyOf<T>(
  source: AnalyticsSource,
  database: string,
  work: (copy: ClickHouseEngine) => Promise<T>,
): Promise<T> {
  const copy = await openClickHouse({ url: `chdb://${chdbFolder}?database=${database}` });
  try {
    const reported = new Map<string, number>();
    const copied = await migrateToClickHouse(source, copy, {
      onProgress: ({ table, rows }) => reported.set(table, rows),
    });
    if (!copied.ok) throw new Error(JSON.stringify(copied.error));
    expect(copied.data.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    for (const table of copied.data.tables) {
      expect(table.targetRows, table.table).toBe(table.rows);
      expect(reported.get(table.table), table.table).toBe(table.rows);
    }
    return await work(copy);
  } finally {
    await copy.run(`DROP DATABASE IF EXISTS ${database}`).catch(() => undefined);
    await copy.close();
  }
}

/** Rows as plain values: a 64-bit integer may come back as text from one engine and a number from the other. */
async function plainRows(engine: Engine, sql: string): Promise<unknown[][]> {
  return (await engine.all(sql)).map((row) =>
    Object.values(row).map((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v)),
  );
}

const AWKWARD_SUBJECT = `Say "hi", then\nbye; 'quoted' \\ 👋`;

test('a PostgreSQL database’s analytical tables reach ClickHouse value for value, in one verified copy', async () => {
  await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (duck) => {
    const database = await createTestDatabase();
    const pg = await openPostgres({ url: database.url });
    try {
      await copyCanonical(duck, pg);
      // What text through CSV could lose: quotes, a line break, an empty text beside a NULL; a
      // timestamp's microseconds; a double's last bits.
      await pg.run(
        `UPDATE contacts SET subject = $1 WHERE contact_key = (SELECT min(contact_key) FROM contacts)`,
        [AWKWARD_SUBJECT],
      );
      await pg.run(
        "UPDATE contacts SET subject = '' WHERE contact_key = (SELECT max(contact_key) FROM contacts)",
      );
      await pg.run(
        "UPDATE contact_events SET occurred_at = occurred_at + INTERVAL '123456 microseconds' WHERE seq = (SELECT min(seq) FROM contact_events)",
      );
      await pg.run(
        'UPDATE contact_facts SET frt_s = CAST(0.1 AS DOUBLE PRECISION) + CAST(0.2 AS DOUBLE PRECISION) WHERE contact_key = (SELECT min(contact_key) FROM contact_facts WHERE frt_s IS NOT NULL)',
      );
      const empties = await pg.all(
        "SELECT count(CASE WHEN subject = '' THEN 1 END) AS empty, count(CASE WHEN subject IS NULL THEN 1 END) AS missing FROM contacts",
      );
      expect(Number(empties[0]?.empty)).toBe(1);

      // The file the rows came from, through DuckDB's own Parquet writer: counted alike.
      await withCopyOf(duck, 'from_file', async () => undefined);
      await withCopyOf(pg, 'direct', async (copy) => {
        const contacts = (micro: string, order: string) =>
          `SELECT contact_key, subject, ${micro} AS us, source_sla_met FROM contacts ORDER BY ${order}`;
        const onCopy = await plainRows(copy, contacts('toUnixTimestamp64Micro(created_at)', 'contact_key'));
        expect(onCopy).toEqual(
          await plainRows(
            pg,
            contacts(
              'CAST(round(EXTRACT(EPOCH FROM created_at) * 1000000) AS BIGINT)',
              'contact_key COLLATE "C"',
            ),
          ),
        );
        expect(onCopy.map((r) => r[1])).toContain(AWKWARD_SUBJECT);
        expect(onCopy.filter((r) => r[1] === '')).toHaveLength(1);
        expect(onCopy.filter((r) => r[1] === null)).toHaveLength(Number(empties[0]?.missing));

        const events = (micro: string) =>
          `SELECT seq, contact_key, kind, ${micro} AS us, public, body FROM contact_events ORDER BY seq`;
        const eventsOnCopy = await plainRows(copy, events('toUnixTimestamp64Micro(occurred_at)'));
        expect(eventsOnCopy).toEqual(
          await plainRows(pg, events('CAST(round(EXTRACT(EPOCH FROM occurred_at) * 1000000) AS BIGINT)')),
        );
        expect(eventsOnCopy.some((r) => Number(r[3]) % 1_000_000 === 123_456)).toBe(true);

        const facts = (order: string) =>
          `SELECT contact_key, frt_s, first_resolution_bh_s, is_open, queued FROM contact_facts ORDER BY ${order}`;
        const factsOnCopy = await plainRows(copy, facts('contact_key'));
        expect(factsOnCopy).toEqual(await plainRows(pg, facts('contact_key COLLATE "C"')));
        expect(factsOnCopy.map((r) => r[1])).toContain(0.1 + 0.2);

        const queries: KpiQueryInput[] = [
          { ...WEEK, kpis: ['contacts_created', 'frt', 'resolution_time', 'csat', 'nps'], by: [] },
          { ...WEEK, kpis: ['contacts_created', 'frt', 'csat'], by: ['agent'] },
        ];
        for (const query of queries)
          expectSame(await kpiRows(copy, query), await kpiRows(pg, query), JSON.stringify(query.by));
      });
    } finally {
      await pg.close();
      await database.drop();
    }
  });
}, 180_000);

test('a server on PostgreSQL answers from its ClickHouse copy once the copy holds its facts', async () => {
  const copy = await openClickHouse({ url: `chdb://${chdbFolder}?database=served` });
  try {
    const pg = await openPostgres({ url: servedDatabase.url });
    const facts = await pg.all('SELECT CAST(rebuilt_at AS TEXT) AS at FROM facts_state');
    await pg.close();
    expect(String(facts[0]?.at ?? '')).not.toBe('');
    await until('the ClickHouse copy', async () => {
      const views = await copy.all(
        "SELECT count(*) AS n FROM system.tables WHERE database = currentDatabase() AND name = 'qa_check_facts'",
      );
      if (Number(views[0]?.n) === 0) return undefined;
      const state = await copy.all('SELECT count(*) AS n FROM facts_state');
      if (Number(state[0]?.n) === 0) return undefined;
      // The version is set right after the last exchange: a turn later it answers.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return true;
    });
    const personal = await copy.all(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('users', 'sessions', 'api_tokens', 'jobs')",
    );
    expect(personal).toEqual([]);

    // A topic only the copy holds shows in the answers: they are read from ClickHouse.
    await copy.run("UPDATE contact_facts SET topic = 'only-in-clickhouse' WHERE topic = 'delivery'");
    const manager = await signedIn(served.url, 'manager');
    const answer = await manager.post('/api/kpi/query', {
      ...WEEK,
      kpis: ['contacts_created', 'frt'],
      by: ['topic'],
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.rows.map((r: { topic: string | null }) => r.topic)).toContain('only-in-clickhouse');
  } finally {
    await copy.close();
  }
}, 180_000);
