/**
 * migrate-to: a DuckDB file's data copied into a PostgreSQL server's database, verified by row
 * counts and a KPI fingerprint; a target holding data is refused unless replaced; a copy that goes
 * wrong is undone.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { openPglite } from '../../src/engines/pglite/engine.js';
import { openPostgres, type PostgresEngine } from '../../src/engines/postgres/engine.js';
import { importFiles } from '../../src/services/import.js';
import { kpiFingerprint, type MigrateSummary, migrateTo } from '../../src/services/migrate-to.js';
import { putKpiTargets } from '../../src/services/settings.js';
import { checkCredentials, createUser } from '../../src/services/users.js';
import { cli, expectRefused } from '../support/cli.js';
import { FIXTURES, openMigratedDuckDb, withDuckDb, withTempDir } from '../support/engines.js';
import { createTestDatabase } from '../support/postgres.js';
import { expectSame, kpiRows } from '../support/same.js';

const HELPDESK = join(FIXTURES, 'small-helpdesk');
const PASSWORD = 'correct horse battery staple';

/** The fixture imported, and what people write through the services beside it: a user, a KPI target. */
async function withTeamFile<T>(work: (duck: DuckDbEngine, dir: string) => Promise<T>): Promise<T> {
  return withDuckDb([HELPDESK], async (duck, dir) => {
    const user = await createUser(duck, { email: 'lead@example.com', password: PASSWORD, role: 'admin' });
    expect(user.ok).toBe(true);
    const target = await putKpiTargets(duck, [{ kpi: 'csat', channel: null, value: 0.85 }]);
    expect(target.ok).toBe(true);
    return work(duck, dir);
  });
}

/** A new database on the test server (empty, or migrated), opened; dropped when `work` ends. */
async function withServerDatabase<T>(
  options: { empty?: boolean },
  work: (pg: PostgresEngine, url: string) => Promise<T>,
): Promise<T> {
  const database = await createTestDatabase(options);
  try {
    const pg = await openPostgres({ url: database.url });
    try {
      return await work(pg, database.url);
    } finally {
      await pg.close();
    }
  } finally {
    await database.drop();
  }
}

async function count(engine: Engine, table: string): Promise<number> {
  const rows = await engine.all(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

function must(result: Awaited<ReturnType<typeof migrateTo>>): MigrateSummary {
  if (!result.ok) throw new Error(`migrate-to failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

test('every table is copied into a new PostgreSQL database, verified; the figures and the logins are the same', async () => {
  await withTeamFile(async (duck) => {
    await withServerDatabase({ empty: true }, async (pg) => {
      const progress = new Set<string>();
      const summary = must(await migrateTo(duck, pg, { onProgress: (p) => progress.add(p.table) }));

      // Every table of the file, with the file's own count, and the same count in PostgreSQL.
      const fileTables = await duck.all(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
         ORDER BY table_name`,
      );
      expect(summary.tables.map((t) => t.table)).toEqual(fileTables.map((r) => String(r.table_name)));
      for (const copy of summary.tables) {
        expect(copy.rows, copy.table).toBe(await count(duck, copy.table));
        expect(await count(pg, copy.table), copy.table).toBe(copy.rows);
      }
      for (const table of [
        'contacts',
        'contact_events',
        'contact_facts',
        'survey_responses',
        'users',
        'kpi_targets',
      ])
        expect(summary.tables.find((t) => t.table === table)?.rows, table).toBeGreaterThan(0);
      expect(progress.has('contacts')).toBe(true);
      expect(summary.rows).toBe(summary.tables.reduce((sum, t) => sum + t.rows, 0));

      // The fingerprint is the same computed again on either side, and an unrelated query agrees too.
      const again = await kpiFingerprint(pg);
      expect(again).toEqual({ ok: true, data: summary.fingerprint });
      expect(await kpiFingerprint(duck)).toEqual({ ok: true, data: summary.fingerprint });
      const weekly: KpiQueryInput = {
        timezone: 'Europe/Amsterdam',
        grain: 'week',
        by: ['agent'],
        stat: 'p90',
      };
      const expected = await kpiRows(duck, weekly);
      expect(expected.length).toBeGreaterThan(0);
      expectSame(await kpiRows(pg, weekly), expected, 'weekly by agent');

      // The user logs in on PostgreSQL with the password set on the file.
      const user = await checkCredentials(pg, 'lead@example.com', PASSWORD);
      expect(user?.role).toBe('admin');
      expect(await checkCredentials(pg, 'lead@example.com', 'not the password at all')).toBeNull();
    });
  });
}, 180_000);

test('a target holding data is refused and left as it was; --replace empties it and copies', async () => {
  await withTeamFile(async (duck) => {
    await withServerDatabase({}, async (pg) => {
      const first = must(await migrateTo(duck, pg));
      const users = await count(pg, 'users');
      expect(users).toBe(1);

      const another = await createUser(duck, {
        email: 'second@example.com',
        password: PASSWORD,
        role: 'viewer',
      });
      expect(another.ok).toBe(true);
      const refused = await migrateTo(duck, pg);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.kind).toBe('target_not_empty');
      if (refused.error.kind === 'target_not_empty')
        expect(refused.error.tables.map((t) => t.table)).toContain('contacts');
      expect(await count(pg, 'users')).toBe(1);
      expect(await count(pg, 'contacts')).toBe(first.tables.find((t) => t.table === 'contacts')?.rows);

      const replaced = must(await migrateTo(duck, pg, { replace: true }));
      expect(replaced.replacedRows).toBe(first.rows);
      expect(await count(pg, 'users')).toBe(2);
      expect(await count(pg, 'contacts')).toBe(await count(duck, 'contacts'));
      expect(replaced.fingerprint).toBe(first.fingerprint);
      expect(await checkCredentials(pg, 'second@example.com', PASSWORD)).not.toBeNull();
    });
  });
}, 180_000);

test('a copy that loses rows or changes values is not verified, and undone', async () => {
  await withTeamFile(async (duck) => {
    await withServerDatabase({}, async (pg) => {
      // Something on the server besides servicemeter: a trigger that drops every other event.
      await pg.run(`CREATE FUNCTION drop_some() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF random() < 0.5 THEN RETURN NULL; END IF; RETURN NEW; END $$`);
      await pg.run(
        'CREATE TRIGGER drop_some BEFORE INSERT ON contact_events FOR EACH ROW EXECUTE FUNCTION drop_some()',
      );
      const lost = await migrateTo(duck, pg);
      expect(lost.ok).toBe(false);
      if (lost.ok) return;
      expect(lost.error.kind).toBe('not_verified');
      if (lost.error.kind === 'not_verified') {
        const differing = lost.error.tables.filter((t) => t.rows !== t.targetRows).map((t) => t.table);
        expect(differing).toEqual(['contact_events']);
      }
      expect(await count(pg, 'contacts')).toBe(0);
      expect(await count(pg, 'contact_events')).toBe(0);
      await pg.run('DROP TRIGGER drop_some ON contact_events');

      // Every row arrives, but the first response times are doubled: only the fingerprint sees it.
      await pg.run(`CREATE FUNCTION slower() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.frt_s := NEW.frt_s * 2; RETURN NEW; END $$`);
      await pg.run(
        'CREATE TRIGGER slower BEFORE INSERT ON contact_facts FOR EACH ROW EXECUTE FUNCTION slower()',
      );
      const changed = await migrateTo(duck, pg);
      expect(changed.ok).toBe(false);
      if (changed.ok) return;
      expect(changed.error.kind).toBe('not_verified');
      if (changed.error.kind === 'not_verified') {
        expect(changed.error.tables.every((t) => t.rows === t.targetRows)).toBe(true);
        expect(changed.error.fingerprints.target).not.toBe(changed.error.fingerprints.source);
      }
      expect(await count(pg, 'contact_facts')).toBe(0);
      expect(await count(pg, 'users')).toBe(0);
      await pg.run('DROP TRIGGER slower ON contact_facts');

      // A row the target refuses stops the copy, named, and undoes it.
      await pg.run("ALTER TABLE contacts ADD CONSTRAINT no_chat CHECK (channel <> 'chat')");
      const refused = await migrateTo(duck, pg);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error).toMatchObject({ kind: 'copy_failed', table: 'contacts' });
      expect(await count(pg, 'agents')).toBe(0);
    });
  });
}, 180_000);

test('PGlite, which has no COPY from the process, is filled row batch by row batch', async () => {
  await withTeamFile(async (duck) => {
    const pglite = await openPglite();
    try {
      const summary = must(await migrateTo(duck, pglite));
      expect(await count(pglite, 'contact_events')).toBe(await count(duck, 'contact_events'));
      expect(await kpiFingerprint(pglite)).toEqual({ ok: true, data: summary.fingerprint });
    } finally {
      await pglite.close();
    }
  });
}, 180_000);

test('the command copies a file, prints the tables and the fingerprint, and refuses what it cannot do', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'team.duckdb');
    const duck = await openMigratedDuckDb(file);
    try {
      const imported = await importFiles(duck, [HELPDESK]);
      expect(imported.ok).toBe(true);
    } finally {
      await duck.close();
    }
    const database = await createTestDatabase({ empty: true });
    try {
      const url = database.url;
      const run = await cli(['migrate-to', url, '--db', file]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^copied into postgres/);
      expect(run.stdout).toMatch(/^ {2}contacts +\d+$/m);
      expect(run.stdout).toMatch(/KPI fingerprint \(sha256, equal on both\): [0-9a-f]{64}/);
      expect(run.stdout).toMatch(/verified in \d+\.\d s/);

      // The figures read from PostgreSQL afterwards are the file's.
      const query = ['kpi', '--by', 'month', '--format', 'json', '--timezone', 'UTC'];
      const fromFile = await cli([...query, '--db', file]);
      const fromServer = await cli([...query, '--db', url]);
      expect(fromFile.code, fromFile.stderr).toBe(0);
      expect(fromServer.code, fromServer.stderr).toBe(0);
      expectSame(JSON.parse(fromServer.stdout), JSON.parse(fromFile.stdout), 'kpi --by month');

      const again = await cli(['migrate-to', url, '--db', file]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /holds data already: [\d,]+ rows in \d+ tables \(.*\); nothing was copied\. Add --replace/,
      );

      const replaced = await cli(['migrate-to', url, '--db', file, '--replace']);
      expect(replaced.code, replaced.stderr).toBe(0);
      expect(replaced.stdout).toMatch(/replaced: [\d,]+ rows the target held before were removed/);

      const ftp = await cli(['migrate-to', 'ftp://localhost/default', '--db', file]);
      expectRefused(ftp, /ftp:\/\/ is not a database migrate-to can copy into: give a PostgreSQL address/);
      const nobody = await cli(['migrate-to', 'clickhouse://localhost:1/default', '--db', file]);
      expectRefused(nobody, /cannot reach ClickHouse at clickhouse:\/\/localhost:1\/default: .*ECONNREFUSED/);
    } finally {
      await database.drop();
    }
  });
}, 180_000);
