import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openClickHouse } from '../../src/engines/clickhouse/engine.js';
import { cli, expectRefused, type Run } from '../support/cli.js';
import { FIXTURES, withTempDir } from '../support/engines.js';
import { createTestDatabase } from '../support/postgres.js';

function expectOk(run: Run, what: string): string {
  expect(run.code, `${what}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

/** `kpi` answers the same from the database and, with --analytics, from its ClickHouse copy. */
async function expectSameFromCopy(db: string, copy: string): Promise<void> {
  for (const by of ['channel', 'week,agent']) {
    const args = ['kpi', '--db', db, '--by', by, '--timezone', 'Europe/Amsterdam', '--format', 'json'];
    const fromDatabase = JSON.parse(expectOk(await cli(args), 'kpi'));
    const fromCopy = JSON.parse(expectOk(await cli([...args, '--analytics', copy]), 'kpi --analytics'));
    expect(fromDatabase.length).toBeGreaterThan(0);
    expect(fromCopy).toEqual(fromDatabase);
  }
}

test('migrate-to copies a file’s analytical tables into ClickHouse, verified, and kpi --analytics answers the same from there', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'team.duckdb');
    const copy = `chdb://${join(dir, 'clickhouse')}?database=team`;
    expectOk(await cli(['import', join(FIXTURES, 'small-helpdesk'), '--db', file]), 'import');

    const copied = expectOk(await cli(['migrate-to', copy, '--db', file]), 'migrate-to');
    expect(copied).toMatch(/^copied into chdb:/m);
    expect(copied).toMatch(/contact_facts\s+\d/);
    expect(copied).toMatch(/KPI fingerprint \(sha256, equal on both\): [0-9a-f]{64}/);
    expect(copied).toContain(`--analytics ${copy}`);
    // The accounts and the rest of the running product stay in the file.
    const ch = await openClickHouse({ url: copy });
    try {
      const tables = (await ch.all('SELECT name FROM system.tables WHERE database = currentDatabase()')).map(
        (r) => String(r.name),
      );
      expect(tables).toContain('contact_facts');
      for (const kept of ['users', 'sessions', 'api_tokens', 'jobs', 'alert_rules'])
        expect(tables).not.toContain(kept);
    } finally {
      await ch.close();
    }

    await expectSameFromCopy(file, copy);

    // A second copy into the same database is refused; --replace makes it anew.
    expectRefused(await cli(['migrate-to', copy, '--db', file]), /holds data already: .*--replace/);
    expectOk(await cli(['migrate-to', copy, '--db', file, '--replace']), 'migrate-to --replace');

    // New facts in the file: the copy is behind, and kpi says how to bring it up to date.
    const more = join(dir, 'more');
    await mkdir(more);
    await writeFile(
      join(more, 'contacts.csv'),
      'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject\n' +
        'helpdesk,t900,email,2026-03-03T10:00:00Z,c9,support,ann,warranty,,normal,open,Broken hinge\n',
    );
    expectOk(await cli(['import', more, '--db', file]), 'second import');
    expectRefused(
      await cli(['kpi', '--db', file, '--analytics', copy]),
      /holds the facts rebuilt at .*, not those of .* migrate-to chdb:.* --replace/,
    );
  });
}, 240_000);

test('an address migrate-to cannot copy into, and --analytics without ClickHouse, are refused', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'team.duckdb');
    expectOk(await cli(['import', join(FIXTURES, 'small-helpdesk'), '--db', file]), 'import');
    expectRefused(
      await cli(['migrate-to', 'ftp://example.com/x', '--db', file]),
      /ftp:\/\/ is not a database .*clickhouse:\/\//,
    );
    expectRefused(
      await cli(['kpi', '--db', file, '--analytics', 'postgres://localhost/x']),
      /--analytics postgres:\/\/localhost\/x: give a ClickHouse address/,
    );
    expectRefused(
      await cli(['serve', '--db', file, '--port', '0', '--analytics', 'https://example.com/ch']),
      /--analytics https:\/\/example.com\/ch: give a ClickHouse address/,
    );
    expectRefused(
      await cli(['kpi', '--db', file, '--analytics', `chdb://${join(dir, 'empty')}?database=none`]),
      /holds no copy of .* migrate-to/,
    );
  });
}, 120_000);

test('migrate-to copies a PostgreSQL database’s analytical tables into ClickHouse, and kpi --analytics answers the same from there', async () => {
  await withTempDir(async (dir) => {
    const database = await createTestDatabase();
    try {
      const url = database.url;
      const copy = `chdb://${join(dir, 'clickhouse')}?database=team`;
      expectOk(await cli(['import', join(FIXTURES, 'small-helpdesk'), '--db', url]), 'import');
      const copied = expectOk(await cli(['migrate-to', copy, '--db', url]), 'migrate-to');
      expect(copied).toMatch(/contact_facts\s+\d/);
      expect(copied).toMatch(/KPI fingerprint \(sha256, equal on both\): [0-9a-f]{64}/);
      expect(copied).toContain(`--analytics ${copy}`);
      await expectSameFromCopy(url, copy);
      // Copying PostgreSQL into PostgreSQL is not what migrate-to does: that is pg_dump's work.
      expectRefused(
        await cli(['migrate-to', url, '--db', url]),
        /migrate-to needs a DuckDB file .*give --db the DuckDB file to copy from/,
      );
    } finally {
      await database.drop();
    }
  });
}, 240_000);
