/**
 * An import into a PostgreSQL server stores what the same import stores in a DuckDB file: the same
 * rows, the same last row of a repeated key, the same order of events, the same refusals, the same
 * indicators; nothing of a refused import.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { CANONICAL_TABLES, type CanonicalTableName, TABLES } from '../../src/core/schema.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { openPostgres, type PostgresEngine } from '../../src/engines/postgres/engine.js';
import { type ImportOptions, importFiles } from '../../src/services/import.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { cli } from '../support/cli.js';
import { FIXTURES, openMigratedDuckDb, openMigratedPglite, withTempDir } from '../support/engines.js';
import { createTestDatabase } from '../support/postgres.js';

/** Every column of a canonical table as the engine stores it; times to the microsecond. */
function snapshotSql(engine: Engine, table: CanonicalTableName): string {
  const postgres = engine.kind === 'postgres';
  const columns = TABLES[table].columns.map((c) => {
    if (c.type.kind === 'timestamp')
      return postgres
        ? `to_char(${c.name}, 'YYYY-MM-DD HH24:MI:SS.US') AS ${c.name}`
        : `strftime(${c.name}, '%Y-%m-%d %H:%M:%S.%f') AS ${c.name}`;
    if (c.type.kind === 'date')
      return postgres
        ? `to_char(${c.name}, 'YYYY-MM-DD') AS ${c.name}`
        : `strftime(${c.name}, '%Y-%m-%d') AS ${c.name}`;
    return c.name;
  });
  if (table === 'contacts' || table === 'contact_events' || table === 'survey_responses')
    columns.push('contact_key');
  if (table === 'contact_events') columns.push('seq');
  return `SELECT ${columns.join(', ')} FROM ${table}`;
}

/** The canonical tables, each as rows sorted the same way on every engine. */
async function snapshot(engine: Engine): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of CANONICAL_TABLES) {
    const rows = await engine.all(snapshotSql(engine, table));
    tables[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return tables;
}

/** A week of indicators by agent, rounded past floating-point noise. */
async function indicators(engine: Engine): Promise<unknown> {
  const result = await runKpiQuery(engine, {
    from: '2026-03-02',
    to: '2026-03-16',
    timezone: 'Europe/Amsterdam',
    kpis: ['contacts_created', 'frt', 'aht', 'csat', 'reopen_rate', 'adherence', 'sentiment_score'],
    by: ['agent'],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return JSON.parse(
    JSON.stringify(result.data.rows, (_key, value) =>
      typeof value === 'number' ? Number(value.toPrecision(10)) : value,
    ),
  );
}

/** A DuckDB file and a PostgreSQL database, both migrated and empty, for one test. */
async function withBoth<T>(work: (duck: DuckDbEngine, pg: PostgresEngine, dir: string) => Promise<T>) {
  return withTempDir(async (dir) => {
    const duck = await openMigratedDuckDb(join(dir, 'test.duckdb'));
    const database = await createTestDatabase();
    const pg = await openPostgres({ url: database.url });
    try {
      return await work(duck, pg, dir);
    } finally {
      await duck.close();
      await pg.close();
      await database.drop();
    }
  });
}

/** The import on both engines; the two outcomes, facts left out (their timings differ). */
async function importOnBoth(
  duck: DuckDbEngine,
  pg: PostgresEngine,
  paths: string[],
  options: ImportOptions = {},
) {
  const [onDuck, onPg] = [await importFiles(duck, paths, options), await importFiles(pg, paths, options)];
  const comparable = (outcome: typeof onDuck) =>
    outcome.ok
      ? { ok: true, data: { ...outcome.data, facts: outcome.data.facts === null ? null : 'rebuilt' } }
      : outcome;
  return { duck: comparable(onDuck), pg: comparable(onPg) };
}

/** Files with what an import has to get right: repeats, odd text, fractions of seconds, ties. */
async function writeMessyFiles(dir: string): Promise<string> {
  const folder = join(dir, 'messy');
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'contacts.csv'),
    [
      'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject',
      'helpdesk,m1,email,2026-03-03T10:00:00.123456Z,c1,support,ann,delivery,late|parcel,normal,open,First version',
      'helpdesk,m2,chat,2026-03-03T12:00+02:00,c2,,,,,,,"Quotes ""inside"", commas, and"',
      'helpdesk,m3,email,2026-03-04T09:15:30Z,c3,support,bob,returns,,high,solved,"Line one',
      'line two — ünïcödé 客服 🙂"',
      'helpdesk,m1,email,2026-03-03T10:00:00.5Z,c1,support,bob,delivery,late,normal,solved,Last version wins',
      'helpdesk,m3,email,2026-03-04T09:15:30Z,c3,support,bob,returns,,high,solved,"Line one',
      'line two — ünïcödé 客服 🙂"',
      'phone,m1,phone,2026-03-05T16:45:00Z,,,,,,,,"Same id, other source"',
      // The latest contact, with a fraction: the import's range names it as DuckDB does (milliseconds).
      'phone,m9,phone,2026-03-06T08:00:00.654321Z,,,,,,,,Latest',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(folder, 'contact_events.csv'),
    [
      'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public,status,escalation_type,queue,team_id',
      'helpdesk,m1,,customer_message,2026-03-03T10:00:00.5Z,,,,,,,',
      'helpdesk,m1,x2,agent_reply,2026-03-03T10:30:00Z,,bob,,,,,',
      'helpdesk,m1,x3,status_change,2026-03-03T10:30:00Z,,,,solved,,,',
      'helpdesk,m1,x4,internal_note,2026-03-03T10:30:00Z,,bob,,,,,',
      'helpdesk,m2,,customer_message,2026-03-03T10:00:00Z,,,,,,,',
      'helpdesk,m2,y2,agent_reply,2026-03-03T10:05:00.000001Z,,ann,true,,,,',
      'helpdesk,m1,x2,agent_reply,2026-03-03T10:20:00Z,,ann,,,,,',
      'helpdesk,m3,z1,customer_message,2026-03-04T09:15:30Z,,,,,,,',
      'helpdesk,m3,z2,agent_reply,2026-03-04T11:00:00Z,agent,bob,false,,,,',
      'phone,m1,p1,customer_message,2026-03-05T16:45:00Z,,,,,,inbound,',
      '',
    ].join('\n'),
  );
  const answers = [
    {
      source: 'helpdesk',
      external_id: 'r1',
      kind: 'csat',
      scale_min: '1',
      scale_max: '5',
      score: '4',
      comment: 'Fine, "mostly"\nthanks',
      contact_external_id: 'm1',
      responded_at: '2026-03-03T11:00:00Z',
    },
    {
      source: 'helpdesk',
      external_id: 'r2',
      kind: 'csat',
      scale_min: '1',
      scale_max: '5',
      score: '2',
      comment: '',
      contact_external_id: 'm3',
      responded_at: '2026-03-04T12:00:00.25Z',
    },
  ];
  await writeFile(
    join(folder, 'survey_responses.ndjson'),
    `${answers.map((a) => JSON.stringify(a)).join('\n')}\n`,
  );
  return folder;
}

test('the fixtures and a messy folder are stored row for row as in DuckDB, with the same indicators', async () => {
  await withBoth(async (duck, pg, dir) => {
    const messy = await writeMessyFiles(dir);
    for (const paths of [[join(FIXTURES, 'small-helpdesk')], [join(FIXTURES, 'workforce')], [messy]]) {
      const outcome = await importOnBoth(duck, pg, paths);
      expect(outcome.duck.ok, JSON.stringify(outcome.duck)).toBe(true);
      expect(outcome.pg).toEqual(outcome.duck);
    }
    const stored = await snapshot(duck);
    expect(stored.contacts?.length).toBeGreaterThan(10);
    expect(await snapshot(pg)).toEqual(stored);
    expect(await indicators(pg)).toEqual(await indicators(duck));
    // The last row of a repeated key, and ties kept in line order.
    const [last] = await pg.all("SELECT subject FROM contacts WHERE contact_key = 'helpdesk|m1'");
    expect(last?.subject).toBe('Last version wins');
    const ties = await pg.all(
      "SELECT external_id FROM contact_events WHERE contact_key = 'helpdesk|m1' AND occurred_at = TIMESTAMP '2026-03-03 10:30:00' ORDER BY seq",
    );
    expect(ties.map((t) => t.external_id)).toEqual(['x3', 'x4']);
  });
});

test('importing the same files again stores nothing twice', async () => {
  await withBoth(async (duck, pg, dir) => {
    const messy = await writeMessyFiles(dir);
    const paths = [join(FIXTURES, 'small-helpdesk'), messy];
    const first = await importOnBoth(duck, pg, paths);
    expect(first.pg).toEqual(first.duck);
    const once = await snapshot(pg);
    const again = await importOnBoth(duck, pg, paths);
    expect(again.pg).toEqual(again.duck);
    const twice = await snapshot(pg);
    expect(twice).toEqual(await snapshot(duck));
    // The same rows; only the events' ordinals move on, past the ones stored before.
    const withoutSeq = (rows: string[] | undefined) =>
      (rows ?? []).map((r) => JSON.stringify({ ...JSON.parse(r), seq: null })).sort();
    expect(withoutSeq(twice.contact_events)).toEqual(withoutSeq(once.contact_events));
    expect({ ...twice, contact_events: [] }).toEqual({ ...once, contact_events: [] });
    const [log] = await pg.all('SELECT count(*) AS n FROM import_log');
    expect(log?.n).toBe(2 * (7 + 3));
  });
});

test('a bad row is refused with the same file, line, field and reason, and nothing is stored', async () => {
  await withBoth(async (duck, pg, dir) => {
    const folder = join(dir, 'bad');
    await mkdir(folder);
    await writeFile(
      join(folder, 'contacts.csv'),
      [
        'source,external_id,channel,created_at',
        'helpdesk,b1,email,2026-03-03T10:00:00Z',
        'helpdesk,b2,fax,2026-03-03T11:00:00Z',
        'helpdesk,b3,email,2026-13-03T11:00:00Z',
        '',
      ].join('\n'),
    );
    const outcome = await importOnBoth(duck, pg, [folder]);
    expect(outcome.duck.ok).toBe(false);
    expect(outcome.pg).toEqual(outcome.duck);
    const [stored] = await pg.all(
      'SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM import_log) AS n',
    );
    expect(stored?.n).toBe(0);
    // With --skip-bad-rows the good row goes in, and the rejects say the same on both.
    const skipped = await importOnBoth(duck, pg, [folder], {
      skipBadRows: true,
      rejectsPath: join(dir, 'rejects.csv'),
    });
    expect(skipped.pg).toEqual(skipped.duck);
    expect(await snapshot(pg)).toEqual(await snapshot(duck));
  });
});

test('an event of a contact nowhere to be found is refused the same way, or skipped when asked', async () => {
  await withBoth(async (duck, pg, dir) => {
    const folder = join(dir, 'orphans');
    await mkdir(folder);
    await writeFile(
      join(folder, 'contacts.csv'),
      ['source,external_id,channel,created_at', 'helpdesk,o1,email,2026-03-03T10:00:00Z', ''].join('\n'),
    );
    await writeFile(
      join(folder, 'contact_events.csv'),
      [
        'source,contact_external_id,external_id,kind,occurred_at',
        'helpdesk,o1,e1,customer_message,2026-03-03T10:00:00Z',
        'helpdesk,nobody,e2,customer_message,2026-03-03T10:01:00Z',
        'helpdesk,Nobody,e3,customer_message,2026-03-03T10:02:00Z',
        '',
      ].join('\n'),
    );
    const refused = await importOnBoth(duck, pg, [folder]);
    expect(refused.duck.ok).toBe(false);
    expect(refused.pg).toEqual(refused.duck);
    const [stored] = await pg.all(
      'SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM contact_events) + (SELECT count(*) FROM import_log) AS n',
    );
    expect(stored?.n).toBe(0);
    const skipped = await importOnBoth(duck, pg, [folder], {
      skipBadRows: true,
      rejectsPath: join(dir, 'rejects.csv'),
    });
    expect(skipped.pg).toEqual(skipped.duck);
    expect(await snapshot(pg)).toEqual(await snapshot(duck));
    const [events] = await pg.all('SELECT count(*) AS n FROM contact_events');
    expect(events?.n).toBe(1);
  });
});

test('an engine without COPY (PGlite) takes the staged rows in batches, the same rows', async () => {
  await withBoth(async (duck, _pg, dir) => {
    const pglite = await openMigratedPglite();
    try {
      const paths = [join(FIXTURES, 'small-helpdesk'), await writeMessyFiles(dir)];
      const onDuck = await importFiles(duck, paths);
      const onPglite = await importFiles(pglite, paths);
      expect(onPglite.ok && onPglite.data.files).toEqual(onDuck.ok && onDuck.data.files);
      expect(await snapshot(pglite)).toEqual(await snapshot(duck));
    } finally {
      await pglite.close();
    }
  });
});

test('servicemeter import --db postgres://… loads the files, again without duplicates', async () => {
  const database = await createTestDatabase();
  try {
    const args = ['import', join(FIXTURES, 'small-helpdesk'), '--db', database.url];
    for (let run = 0; run < 2; run++) {
      const imported = await cli(args);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/contacts/);
    }
    const pg = await openPostgres({ url: database.url });
    try {
      const [stored] = await pg.all(
        'SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM import_log) AS files',
      );
      expect(stored).toEqual({ contacts: 6, files: 14 });
    } finally {
      await pg.close();
    }
  } finally {
    await database.drop();
  }
});
