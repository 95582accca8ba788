/**
 * A source-format import (a phone system's log, a helpdesk export, a call-centre log read through
 * a mapping) into a PostgreSQL server stores what it stores in a DuckDB file, where the mapped log
 * is staged in SQL and PostgreSQL converts it row by row: the same rows, the same indicators cell
 * by cell.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { CANONICAL_TABLES } from '../../src/core/schema.js';
import { findSourceFormat } from '../../src/ingest/sources/index.js';
import { importSource, type SourceImportOptions } from '../../src/services/import-source.js';
import { cli } from '../support/cli.js';
import { FIXTURES, withMigrated, withMigratedServer, withTempDir } from '../support/engines.js';
import { createTestDatabase } from '../support/postgres.js';
import { expectSame, kpiRows } from '../support/same.js';

const SOURCES = join(FIXTURES, 'sources');

const CASES: {
  format: string;
  paths: string[];
  options: SourceImportOptions;
  stagedInSql: boolean;
}[] = [
  {
    format: 'csv',
    paths: [join(SOURCES, 'csv', 'anonymous-bank.txt')],
    options: { mappingPath: join(SOURCES, 'csv', 'anonymous-bank.map.json') },
    stagedInSql: true,
  },
  {
    format: 'asterisk-queue-log',
    paths: [join(SOURCES, 'asterisk', 'queue_log')],
    options: {},
    stagedInSql: false,
  },
  {
    format: 'zendesk',
    paths: readdirSync(join(SOURCES, 'zendesk'))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(SOURCES, 'zendesk', name)),
    options: {},
    stagedInSql: false,
  },
];

/** Row counts of the canonical tables, and the contacts' keys, channels and creation times. */
async function stored(engine: Engine) {
  const counts: Record<string, number> = {};
  for (const table of CANONICAL_TABLES) {
    const [row] = await engine.all(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(row?.n);
  }
  const contacts = await engine.all(
    `SELECT contact_key, channel, CAST(created_at AS VARCHAR) AS created_at FROM contacts ORDER BY contact_key`,
  );
  return { counts, contacts: contacts.map((c) => ({ ...c, created_at: String(c.created_at).slice(0, 19) })) };
}

describe.each(CASES)('import $format into PostgreSQL', ({ format, paths, options, stagedInSql }) => {
  test('stores the rows and gives the indicators a DuckDB file gives', async () => {
    const source = findSourceFormat(format);
    if (!source) throw new Error(`no source format ${format}`);
    await withMigrated('duckdb', async (duck) => {
      const onDuck = await importSource(duck, source, paths, options);
      if (!onDuck.ok) throw new Error(JSON.stringify(onDuck.error));
      expect(onDuck.data.conversion.by).toBe(stagedInSql ? 'sql' : 'rows');
      await withMigratedServer(async (pg) => {
        const onPostgres = await importSource(pg, source, paths, options);
        if (!onPostgres.ok) throw new Error(JSON.stringify(onPostgres.error));
        expect(onPostgres.data.conversion.by).toBe('rows');
        expect(onPostgres.data.files.map((f) => [f.table, f.rowsImported])).toEqual(
          onDuck.data.files.map((f) => [f.table, f.rowsImported]),
        );
        const kept = await stored(duck);
        expect(kept.counts.contacts).toBeGreaterThan(0);
        expect(await stored(pg)).toEqual(kept);
        const queries: KpiQueryInput[] = [
          { grain: 'day', by: ['channel'], timezone: 'Europe/Amsterdam' },
          { by: ['agent'], timezone: 'UTC' },
        ];
        for (const query of queries) {
          const expected = await kpiRows(duck, query);
          expect(expected.length).toBeGreaterThan(0);
          expectSame(await kpiRows(pg, query), expected, `${format} ${JSON.stringify(query)}`);
        }
        // Again: nothing is duplicated.
        const again = await importSource(pg, source, paths, options);
        expect(again.ok).toBe(true);
        expect(await stored(pg)).toEqual(kept);
      });
    });
  });
});

test('servicemeter import <format> --db postgres://… converts and stores the log as into a file', async () => {
  await withTempDir(async (dir) => {
    const database = await createTestDatabase();
    try {
      const counts = async (db: string) => {
        const log = join(SOURCES, 'asterisk', 'queue_log');
        const imported = await cli(['import', 'asterisk-queue-log', log, '--db', db]);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toMatch(/asterisk-queue-log: 1 file converted/);
        const figures = await cli([
          'kpi',
          '--kpi',
          'offered,answered,abandoned',
          '--format',
          'json',
          '--db',
          db,
        ]);
        expect(figures.code, figures.stderr).toBe(0);
        return JSON.parse(figures.stdout) as unknown;
      };
      const fromFile = await counts(join(dir, 'team.duckdb'));
      expect(JSON.stringify(fromFile)).toMatch(/"offered"/);
      expect(await counts(database.url)).toEqual(fromFile);
    } finally {
      await database.drop();
    }
  });
});
