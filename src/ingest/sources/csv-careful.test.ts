import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb } from '../../../test/support/engines.js';
import { EMAIL_MAPPING } from '../../../test/support/mappings.js';
import { importSourceError, importSourceOrThrow } from '../../../test/support/sources.js';
import { csvMapped } from './csv-mapped.js';

// Careful reading of mapped CSV files, row by row and through DuckDB's reader: both must read a
// carriage return inside a field, name bad bytes, and refuse control characters in mapped fields.

const HEADER = 'id,opened,subject,agent,note';
const row = (n: number, subject = `subject ${n}`, note = '') =>
  `${n},2026-03-02T09:${String(n).padStart(2, '0')}:00Z,${subject},ann,${note}`;

async function files(dir: string, content: string | Buffer, mapping: object = EMAIL_MAPPING) {
  const path = join(dir, 'export.csv');
  const mappingPath = join(dir, 'map.json');
  await writeFile(path, content);
  await writeFile(mappingPath, JSON.stringify(mapping));
  return { path, mappingPath };
}

describe('csv --map reads what it is given', () => {
  test('a carriage return inside a field of an LF file: read row by row, kept as text', async () => {
    await withDuckDb([], async (db, dir) => {
      const { path, mappingPath } = await files(
        dir,
        `${[HEADER, row(1), row(2, 'two\rlines'), row(3)].join('\n')}\n`,
      );
      const summary = await importSourceOrThrow(db, csvMapped, [path], { mappingPath });
      expect(summary.conversion).toEqual({
        by: 'rows',
        reason: 'export.csv line 3 has a carriage return inside a field',
      });
      expect(await db.all('SELECT external_id, subject FROM contacts ORDER BY external_id')).toEqual([
        { external_id: '1', subject: 'subject 1' },
        { external_id: '2', subject: 'two\rlines' },
        { external_id: '3', subject: 'subject 3' },
      ]);
    });
  });

  test('in a CRLF file a lone CR cuts the row: the error says what it saw', async () => {
    await withDuckDb([], async (db, dir) => {
      const { path, mappingPath } = await files(
        dir,
        `${[HEADER, row(1), row(2, 'two\rlines'), row(3)].join('\r\n')}\r\n`,
      );
      const error = await importSourceError(db, csvMapped, [path], { mappingPath });
      expect(error.kind === 'bad_rows' && error.problems).toEqual([
        {
          file: path,
          line: 3,
          column: 'agent',
          reason:
            'the row has no agent: it has 3 fields, the header has 5 (a carriage return inside a field?)',
        },
        {
          file: path,
          line: 4,
          column: 'opened',
          reason:
            "'ann' is not a timestamp in the format ISO 8601; the row has 3 fields, the header has 5 (a carriage return inside a field?)",
        },
      ]);
    });
  });

  test('bytes that are no UTF-8 are named, with the encoding option that reads them', async () => {
    await withDuckDb([], async (db, dir) => {
      const text = `${[HEADER, row(1), row(2, 'Caf\u00e9'), row(3)].join('\n')}\n`;
      const { path, mappingPath } = await files(dir, Buffer.from(text, 'latin1'));
      const error = await importSourceError(db, csvMapped, [path], { mappingPath });
      expect(error.kind === 'bad_rows' && error.problems).toEqual([
        {
          file: path,
          line: 3,
          column: 'subject',
          reason: expect.stringMatching(
            /^not valid UTF-8: byte 0xE9 \(é in Windows-1252\) at byte \d+ of the file; if the file is in Windows-1252 or Latin-1, say so with "encoding" in the mapping$/,
          ),
        },
      ]);
      const latin1 = join(dir, 'latin1.json');
      await writeFile(latin1, JSON.stringify({ ...EMAIL_MAPPING, encoding: 'latin1' }));
      await importSourceOrThrow(db, csvMapped, [path], { mappingPath: latin1 });
      expect(await db.all("SELECT subject FROM contacts WHERE external_id = '2'")).toEqual([
        { subject: 'Café' },
      ]);
    });
  });

  test('a control character in a mapped field is refused; in a column the mapping ignores it is no matter', async () => {
    await withDuckDb([], async (db, dir) => {
      const ignored = await files(dir, `${[HEADER, row(1, 'ok', 'nul\u0000here'), row(2)].join('\n')}\n`);
      const summary = await importSourceOrThrow(db, csvMapped, [ignored.path], {
        mappingPath: ignored.mappingPath,
      });
      expect(summary.conversion).toEqual({ by: 'sql' });
      const mapped = await files(
        dir,
        `${[HEADER, row(1), row(2, 'nul\u0000here'), row(3, 'big'.repeat(400_000))].join('\n')}\n`,
      );
      const error = await importSourceError(db, csvMapped, [mapped.path], {
        mappingPath: mapped.mappingPath,
      });
      expect(error.kind === 'bad_rows' && error.problems).toEqual([
        {
          file: mapped.path,
          line: 3,
          column: 'subject',
          reason: expect.stringMatching(/^holds the control character U\+0000 \(NUL\) at character 4;/),
        },
        {
          file: mapped.path,
          line: 4,
          column: 'subject',
          reason: 'is 1,200,000 characters long, over the limit of 1,048,576 (1 MiB) per field',
        },
      ]);
    });
  });
});
