import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, withDuckDb } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { LATEST_SCHEMA_VERSION } from '../core/migrations.js';
import { openDuckDb } from '../engines/duckdb/engine.js';
import { backupDatabase } from './backup.js';

async function contents(db: Engine) {
  return {
    contacts: await db.all('SELECT count(*) AS n FROM contacts'),
    facts: await db.all('SELECT count(*) AS n, count(frt_s) AS frt FROM contact_facts'),
    version: await db.all('SELECT max(version) AS version FROM schema_migrations'),
  };
}

describe('backupDatabase', () => {
  test('copies the open database into a new file that opens with the same rows, while writes go on', async () => {
    await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db, dir) => {
      const before = await contents(db);
      const target = join(dir, 'backup.duckdb');
      // Written on the shared connection while the copy runs on its own.
      const writes = (async () => {
        for (let i = 0; i < 20; i++) {
          await db.run(
            `INSERT INTO audit_log (id, occurred_at, action) VALUES (${i}, CURRENT_TIMESTAMP, 'during backup')`,
          );
        }
      })();
      const result = await backupDatabase(db, target);
      await writes;
      expect(result).toMatchObject({ ok: true, data: { path: target } });
      const copy = await openDuckDb({ path: target });
      try {
        expect(await contents(copy)).toEqual(before);
        expect(before.version).toEqual([{ version: LATEST_SCHEMA_VERSION }]);
      } finally {
        await copy.close();
      }
    });
  });

  test('never overwrites a file', async () => {
    await withDuckDb([], async (db, dir) => {
      const target = join(dir, 'backup.duckdb');
      await writeFile(target, 'keep me');
      expect(await backupDatabase(db, target)).toEqual({
        ok: false,
        error: { kind: 'exists', path: target },
      });
    });
  });
});
