import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../test/support/engines.js';
import type { SourceFormat } from '../ingest/sources/format.js';
import { importSource } from './import-source.js';

/** A format that turns every line `id,channel` into a contact, trusting the channel as given. */
const linesFormat: SourceFormat = {
  name: 'lines',
  summary: 'test lines',
  mapping: 'none',
  detect: () => null,
  async convert(paths, context) {
    for (const path of paths) {
      for (const line of (await readFile(path, 'utf8')).trim().split('\n')) {
        const [id, channel] = line.split(',');
        context.out.write('contacts', {
          source: context.source,
          external_id: id,
          channel,
          created_at: '2026-03-02T09:00:00Z',
        });
      }
    }
  },
};

describe('importSource', () => {
  test('a converted row the canonical checks refuse names the table it was converted into; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'export.txt');
      await writeFile(path, 'a,email\nb,fax\n');
      await withDuckDb([], async (db) => {
        const result = await importSource(db, linesFormat, [path]);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({
          kind: 'bad_rows',
          total: 1,
          problems: [
            {
              file: 'lines output contacts.csv',
              line: 3,
              column: 'channel',
              reason: expect.stringContaining(`(converted from ${path})`),
            },
          ],
        });
        expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);
      });
    });
  });

  test('a missing path is named before anything is converted', async () => {
    await withDuckDb([], async (db) => {
      const result = await importSource(db, linesFormat, ['/nowhere/export.txt']);
      expect(result).toEqual({ ok: false, error: { kind: 'not_found', file: '/nowhere/export.txt' } });
    });
  });

  test('--source names every row', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'export.txt');
      await writeFile(path, 'a,email\n');
      await withDuckDb([], async (db) => {
        const result = await importSource(db, linesFormat, [path], { source: 'shop-b' });
        expect(result.ok).toBe(true);
        expect(await db.all('SELECT source, external_id FROM contacts')).toEqual([
          { source: 'shop-b', external_id: 'a' },
        ]);
      });
    });
  });
});
