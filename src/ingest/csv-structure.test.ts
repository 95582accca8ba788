import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withTempDir } from '../../test/support/engines.js';
import { plainCsvRecordCount } from './csv-structure.js';

/** The count for `content`, the same whatever the chunks the file is read in (or the test fails). */
async function count(
  content: string | Buffer,
  fields = 2,
  delimiter: ',' | '\t' = ',',
): Promise<number | null> {
  return withTempDir(async (dir) => {
    const path = join(dir, 'contacts.csv');
    await writeFile(path, content);
    const whole = await plainCsvRecordCount(path, delimiter, fields);
    for (const chunk of [1, 2, 3, 5, 7]) {
      expect(
        await plainCsvRecordCount(path, delimiter, fields, undefined, undefined, chunk),
        `chunks of ${chunk}`,
      ).toBe(whole);
    }
    return whole;
  });
}

describe('plainCsvRecordCount', () => {
  test('counts the records after the header, with or without a last line feed', async () => {
    expect(await count('a,b\n1,x\n2,y\n')).toBe(2);
    expect(await count('a,b\n1,x\n2,y')).toBe(2);
    expect(await count('a,b\r\n1,x\r\n2,y\r\n')).toBe(2);
    expect(await count('a,b\n')).toBe(0);
    expect(await count('\u{FEFF}a,b\n1,x\n')).toBe(1);
    expect(await count('a\tb\n1\t"x\ty"\n', 2, '\t')).toBe(1);
    expect(await count('a,b,c\n1,,\n,,\n', 3)).toBe(2);
  });

  test('quoted fields may hold delimiters, doubled quotes and line breaks', async () => {
    expect(await count('a,b\n1,"x, ""y""\nz"\n2,""\n3,""""\n')).toBe(3);
    expect(await count('a,b\r\n1,"two\r\nlines"\r\n')).toBe(1);
    expect(await count('a,b\n"1","x"')).toBe(1);
  });

  test("is null unless every record has the header's fields", async () => {
    // An empty line; a delimiter ending a line, which DuckDB's reader would drop unsaid.
    expect(await count('a,b\n1,x\n\n2,y\n')).toBeNull();
    expect(await count('a,b,c\n1,x,\n2,y,z,\n', 3)).toBeNull();
    expect(await count('a,b,c\n1,x,y\n2,y,z\n', 2)).toBeNull();
  });

  test('is null for a file that is not plain: DuckDB and the checks might read it differently', async () => {
    // A quote inside an unquoted field, text after a closing quote, a quote left open.
    expect(await count('a,b\n1,x"y\n2,z\n')).toBeNull();
    expect(await count('a,b\n1,x"y"z\n')).toBeNull();
    expect(await count('a,b\n1,"xy"z\n')).toBeNull();
    expect(await count('a,b\n1,"x\n2,y\n')).toBeNull();
    // A carriage return that ends no line: inside a field, alone as a line end, last in the file.
    expect(await count('a,b\n1,x\ry\n')).toBeNull();
    expect(await count('a,b\r1,x\r')).toBeNull();
    expect(await count('a,b\n1,"x\ry"\n')).toBeNull();
    expect(await count('a,b\n1,x\r')).toBeNull();
    // Nothing at all.
    expect(await count('')).toBeNull();
    expect(await count('\u{FEFF}')).toBeNull();
  });

  test('reads bytes: multi-byte characters around quotes and line ends', async () => {
    expect(await count(Buffer.from('a,b\n1,"é""ü\n€"\n2,日本\n', 'utf8'))).toBe(2);
  });
});
