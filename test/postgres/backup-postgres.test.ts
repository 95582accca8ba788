import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { backupDatabase } from '../../src/services/backup.js';
import { withTempDir } from '../support/engines.js';
import { withPostgresServer } from '../support/postgres.js';

test('a PostgreSQL database a newer servicemeter upgraded meanwhile is not backed up into an older schema, and no file is left', async () => {
  await withTempDir(async (dir) => {
    await withPostgresServer(async (pg) => {
      await pg.run(
        "INSERT INTO schema_migrations VALUES (9999, 'from a newer servicemeter', CURRENT_TIMESTAMP)",
      );
      const made = await backupDatabase(pg, join(dir, 'copy.duckdb'));
      expect(made).toMatchObject({
        ok: false,
        error: {
          kind: 'failed',
          reason: expect.stringMatching(/schema version 9999 and this servicemeter writes \d+/),
        },
      });
      expect(await readdir(dir)).toEqual([]);
    });
  });
});

test('a PostgreSQL database with a column this servicemeter does not know is named, not dropped from the copy', async () => {
  await withTempDir(async (dir) => {
    await withPostgresServer(async (pg) => {
      await pg.run('ALTER TABLE contacts ADD COLUMN region TEXT');
      const made = await backupDatabase(pg, join(dir, 'copy.duckdb'));
      expect(made).toMatchObject({
        ok: false,
        error: {
          kind: 'failed',
          reason: expect.stringMatching(
            /the database has contacts\.region, which this servicemeter does not know/,
          ),
        },
      });
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
