/**
 * `servicemeter demo --db postgres://…`: the same team, the same figures and the same hints as in
 * a DuckDB file; a database that holds data is refused unless `--replace` empties it.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, expectRefused, type Run } from '../support/cli.js';
import { withTempDir } from '../support/engines.js';
import { createTestDatabase } from '../support/postgres.js';

const DEMO = ['demo', '--no-serve', '--contacts', '1000', '--seed', '3'];

/** What the demo printed, without what differs from run to run: its work folder, timings, --db. */
function printed(run: Run, db: string): string {
  expect(run.code, run.stderr).toBe(0);
  return `${run.stdout}\n${run.stderr}`
    .replaceAll(db, '<db>')
    .replace(/\/\S*servicemeter-demo-[^/\s]+\//g, '<work>/')
    .replace(/ in \d+(\.\d+)? s\b/g, ' in <t> s');
}

test('the demo in a PostgreSQL database prints what it prints in a DuckDB file; a second one needs --replace', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'demo.duckdb');
    const expected = printed(await cli([...DEMO, '--db', file]), file);
    expect(expected).toContain('demo login: demo@example.com');
    const database = await createTestDatabase({ empty: true });
    try {
      expect(printed(await cli([...DEMO, '--db', database.url]), database.url)).toBe(expected);
      expectRefused(
        await cli([...DEMO, '--db', database.url]),
        /^error: postgres:\/\/\S+ holds data \([\d,]+ rows\); use --replace to empty it or pick another database\n$/,
      );
      expect(printed(await cli([...DEMO, '--replace', '--db', database.url]), database.url)).toBe(expected);
    } finally {
      await database.drop();
    }
  });
}, 300_000);
