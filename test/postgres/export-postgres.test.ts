/**
 * `servicemeter export` from a PostgreSQL server writes the files a DuckDB file of the same rows
 * writes, byte for byte: the same text for every type, the same quoting, the same order.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CANONICAL_TABLES } from '../../src/core/schema.js';
import { exportCanonical } from '../../src/services/export.js';
import { importFiles } from '../../src/services/import.js';
import { cli } from '../support/cli.js';
import { withDuckDb, withMigratedServer, withTempDir } from '../support/engines.js';
import { TRICKY_SUBJECT, trickyFixture } from '../support/export-fixture.js';
import { createTestDatabase } from '../support/postgres.js';

async function exportedFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) files[name] = await readFile(join(dir, name), 'utf8');
  return files;
}

test('an export from PostgreSQL is the export of a DuckDB file with the same rows, byte for byte', async () => {
  await withTempDir(async (tmp) => {
    const data = join(tmp, 'data');
    await trickyFixture(data);
    await withDuckDb([data], async (duck) => {
      const fromDuckDb = await exportCanonical(duck, join(tmp, 'duckdb'));
      await withMigratedServer(async (pg) => {
        const imported = await importFiles(pg, [data]);
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
        const fromPostgres = await exportCanonical(pg, join(tmp, 'postgres'));
        expect(fromPostgres.files.map((f) => [f.table, f.rows])).toEqual(
          fromDuckDb.files.map((f) => [f.table, f.rows]),
        );
        const expected = await exportedFiles(join(tmp, 'duckdb'));
        expect(Object.keys(expected)).toEqual(CANONICAL_TABLES.map((t) => `${t}.csv`).sort());
        const actual = await exportedFiles(join(tmp, 'postgres'));
        for (const [name, text] of Object.entries(expected)) expect(actual[name], name).toBe(text);
        // The tricky values are in it, not lost on both sides alike.
        expect(actual['contacts.csv']).toContain(`"${TRICKY_SUBJECT.replaceAll('"', '""')}"`);
        expect(actual['contact_events.csv']).toContain('2026-03-03T10:00:40.000456Z');
        expect(actual['survey_responses.csv']).toContain(',4.5,');
      });
    });
  });
}, 120_000);

test('servicemeter export --db postgres://… writes the folder and says how many rows each file has', async () => {
  await withTempDir(async (tmp) => {
    const data = join(tmp, 'data');
    await trickyFixture(data);
    const database = await createTestDatabase();
    try {
      const imported = await cli(['import', data, '--db', database.url]);
      expect(imported.code, imported.stderr).toBe(0);
      const run = await cli(['export', '--out', join(tmp, 'out'), '--db', database.url]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${join(tmp, 'out', 'contacts.csv')}: 6 rows`);
      expect(run.stdout).toContain(`${join(tmp, 'out', 'contact_events.csv')}: 31 rows`);
      // What was written reads back into a DuckDB file as the same rows.
      const again = await cli(['import', join(tmp, 'out'), '--db', join(tmp, 'copy.duckdb')]);
      expect(again.code, again.stderr).toBe(0);
      const copy = await cli(['export', '--out', join(tmp, 'copy'), '--db', join(tmp, 'copy.duckdb')]);
      expect(copy.code, copy.stderr).toBe(0);
      expect(await exportedFiles(join(tmp, 'copy'))).toEqual(await exportedFiles(join(tmp, 'out')));
    } finally {
      await database.drop();
    }
  });
}, 120_000);
