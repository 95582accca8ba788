import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { withTempDir } from '../../test/support/engines.js';
import {
  FIELD_LIMIT,
  type FileRecord,
  fieldCountReason,
  InvalidUtf8Error,
  RecordSyntaxError,
  readCsvRecords,
  readTextLines,
  recordFields,
  textProblem,
} from './records.js';

interface Read {
  records: { line: number; fields: string[]; shape: Omit<FileRecord, 'line' | 'fields'> }[];
  error: RecordSyntaxError | null;
}

/** Every record of `content` (a string or raw bytes) read both ways: split and as plain lines. */
async function read(content: string | Buffer, name = 'file.csv'): Promise<Read> {
  return withTempDir(async (dir) => {
    const path = join(dir, name);
    await writeFile(path, name.endsWith('.gz') ? gzipSync(content) : content);
    const ways: Read[] = [];
    for (const plain of [false, true]) {
      const read: Read = { records: [], error: null };
      try {
        for await (const batch of readCsvRecords(path, ',', undefined, plain)) {
          for (const record of batch) {
            const { line, fields: _fields, ...rest } = record;
            const shape: Record<string, unknown> = { ...rest };
            for (const key of ['text', 'start', 'end']) delete shape[key];
            read.records.push({ line, fields: recordFields(record, ','), shape });
          }
        }
      } catch (error) {
        if (!(error instanceof RecordSyntaxError)) throw error;
        read.error = error;
      }
      ways.push(read);
    }
    // Plain lines are an optimisation: they must never change what is read.
    expect(ways[1]).toEqual(ways[0]);
    return ways[0] as Read;
  });
}

const rows = (r: Read) => r.records.map((x) => [x.line, ...x.fields]);

describe('line endings', () => {
  test('in a file whose lines end in LF, a lone carriage return is text of its field', async () => {
    const r = await read('id,text,n\n1,a\rb,2\n2,"q\rx",3\n3,c\r,4\n4,end\r\n5,x\r,end\r\n6,last,6\r');
    expect(rows(r)).toEqual([
      [1, 'id', 'text', 'n'],
      [2, '1', 'a\rb', '2'],
      [3, '2', 'q\rx', '3'],
      [4, '3', 'c\r', '4'],
      // CRLF still ends a line, and so does a CR that ends the file.
      [5, '4', 'end'],
      [6, '5', 'x\r', 'end'],
      [7, '6', 'last', '6'],
    ]);
    expect(r.records.map((x) => x.shape.bareCr)).toEqual([
      undefined,
      'inside',
      undefined,
      'inside',
      undefined,
      'inside',
      undefined,
    ]);
  });

  test('a file whose lines end in CRLF reads as before: a lone CR ends the line', async () => {
    const r = await read('id,text,n\r\n1,a\rb,2\r\n3,c,4\r\n');
    expect(rows(r)).toEqual([
      [1, 'id', 'text', 'n'],
      [2, '1', 'a'],
      [3, 'b', '2'],
      [4, '3', 'c', '4'],
    ]);
    const [, before, after, next] = r.records;
    expect([before?.shape.bareCr, after?.shape.bareCr, next?.shape.bareCr]).toEqual([
      'split',
      'split',
      undefined,
    ]);
    expect(fieldCountReason(before?.shape ?? {}, 2, 3)).toBe(
      'has 2 fields, the header has 3 (a carriage return inside a field?)',
    );
  });

  test('a file whose lines end in CR alone is read line by line', async () => {
    const r = await read('id,text\r1,a\r2,b\r');
    expect(rows(r)).toEqual([
      [1, 'id', 'text'],
      [2, '1', 'a'],
      [3, '2', 'b'],
    ]);
    // There every line ends in a CR: nothing to point at.
    expect(fieldCountReason(r.records[1]?.shape ?? {}, 1, 2)).toBe('has 1 field, the header has 2');
  });

  test('a carriage return at the edge of a read chunk sees the character after it', async () => {
    // The reader takes 1 MiB at a time: put a CR as the chunk's last character.
    const head = 'id,text\n1,';
    const filler = 'x'.repeat((1 << 20) - head.length - 1);
    for (const [after, expected] of [
      ['y,2\n', [`${filler}\ry`, '2']],
      ['\n2,z\n', [filler]],
    ] as const) {
      const r = await read(`${head}${filler}\r${after}`);
      expect(r.error).toBeNull();
      expect(r.records[1]?.fields.slice(1)).toEqual(expected);
      expect(r.records.at(-1)?.line).toBe(after.startsWith('\n') ? 3 : 2);
    }
  });
});

describe('quoted fields over several lines', () => {
  test('a record is named by the line it starts on; the lines after it count every line break', async () => {
    const r = await read('id,text\n1,"one\ntwo\nthree"\n2,x,extra\n');
    expect(rows(r)).toEqual([
      [1, 'id', 'text'],
      [2, '1', 'one\ntwo\nthree'],
      [5, '2', 'x', 'extra'],
    ]);
    expect(r.records[1]?.shape.quoteFrom).toBe(2);
    expect(fieldCountReason({ quoteFrom: 5 }, 12, 7)).toBe(
      'has 12 fields, the header has 7 (an unclosed quote starting on line 5?)',
    );
  });

  test('a quote inside a field that does not start with one is text', async () => {
    const r = await read('id,name\n1,agent "7\n2,say "hi" twice\n3,"quoted ""x"""\n');
    expect(r.error).toBeNull();
    expect(rows(r)).toEqual([
      [1, 'id', 'name'],
      [2, '1', 'agent "7'],
      [3, '2', 'say "hi" twice'],
      [4, '3', 'quoted "x"'],
    ]);
  });

  test('a quote never closed is named on the line its record starts on', async () => {
    const r = await read('id,text\n1,a\n2,"b\n3,c\n');
    expect(r.error?.line).toBe(3);
    expect(r.error?.message).toMatch(/quoted field is not closed before the end of the file/);
    expect(rows(r)).toEqual([
      [1, 'id', 'text'],
      [2, '1', 'a'],
    ]);
  });

  test('text after a closing quote names the line a quote opened on, when earlier', async () => {
    const r = await read('id,text\n1,"a\n2,b\n3,"c",d\n');
    expect(r.error?.line).toBe(4);
    expect(r.error?.message).toMatch(
      /text after a closing quote .*began on line 2: an unclosed quote there\?/,
    );
  });
});

describe('bytes that are no UTF-8', () => {
  test('are named by line, field and byte offset, in plain and compressed files', async () => {
    const bytes = Buffer.concat([Buffer.from('id,text\n1,ok\n2,caf'), Buffer.of(0xe9), Buffer.from(',x\n')]);
    for (const name of ['file.csv', 'file.csv.gz']) {
      const r = await read(bytes, name);
      expect(r.error).toBeInstanceOf(InvalidUtf8Error);
      expect(r.error?.line).toBe(3);
      expect(r.error?.field).toBe(1);
      expect(r.error?.message).toMatch(
        /^not valid UTF-8: byte 0xE9 \(é in Windows-1252\) at byte 18 of the /,
      );
      // The records before it are still read.
      expect(r.records).toHaveLength(2);
    }
  });

  test('a character cut by the end of the file, or split over read chunks, is told apart', async () => {
    const euro = Buffer.from('€');
    const truncated = await read(Buffer.concat([Buffer.from('id,text\n1,a'), euro.subarray(0, 2)]));
    expect(truncated.error?.message).toMatch(/the file ends inside a character \(at byte 11 of the file\)/);
    expect(truncated.error?.line).toBe(2);
    // A valid character across the 1 MiB chunk boundary is no error.
    const head = Buffer.from(`id,text\n1,${'x'.repeat((1 << 20) - 11)}`);
    const whole = await read(Buffer.concat([head, euro, Buffer.from('\n')]));
    expect(whole.error).toBeNull();
    expect(whole.records[1]?.fields[1]?.endsWith('€')).toBe(true);
    // An invalid byte right after the boundary is found where it is.
    const broken = await read(Buffer.concat([head, euro.subarray(0, 1), Buffer.from('ab\n')]));
    expect(broken.error?.message).toMatch(/byte 0xE2 .*at byte 1,048,575 of the file/);
  });

  test('lines of NDJSON name the line; without strict reading the old replacement stays', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'x.ndjson');
      await writeFile(
        path,
        Buffer.concat([Buffer.from('{"a":1}\n\n{"a":"'), Buffer.of(0xff), Buffer.from('"}\n')]),
      );
      const lines: number[] = [];
      const error = await (async () => {
        for await (const batch of readTextLines(path, undefined, true))
          lines.push(...batch.map((l) => l.line));
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidUtf8Error);
      expect((error as InvalidUtf8Error).line).toBe(3);
      expect(lines).toEqual([1]);
      const lenient: string[] = [];
      for await (const batch of readTextLines(path)) lenient.push(...batch.map((l) => l.text));
      expect(lenient[1]).toBe('{"a":"\uFFFD"}');
    });
  });
});

test('a gzip file cut short or not gzip at all is an error on the line reached', async () => {
  const whole = gzipSync(Buffer.from(`id,text\n${'1,a\n'.repeat(50_000)}`));
  for (const bytes of [whole.subarray(0, whole.length >> 1), Buffer.from('id,text\n1,a\n')]) {
    await withTempDir(async (dir) => {
      const path = join(dir, 'file.csv.gz');
      await writeFile(path, bytes);
      const error = await (async () => {
        for await (const _ of readCsvRecords(path, ','));
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RecordSyntaxError);
      expect((error as RecordSyntaxError).message).toMatch(/^not a readable gzip file: /);
    });
  }
});

describe('control characters and sizes', () => {
  test('a record holding a control character is marked, a BOM only after the start', async () => {
    const r = await read('\uFEFFid,text\n1,a\u0000b\n2,"c\u001Bd"\n3,tab\there\n4,x\uFEFF\n');
    expect(r.records.map((x) => x.shape.control)).toEqual([undefined, true, true, undefined, true]);
    expect(r.records[0]?.fields).toEqual(['id', 'text']);
  });

  test('textProblem names the character and its place, or the size over the limit', () => {
    expect(textProblem('ab\u0000c')).toMatch(/control character U\+0000 \(NUL\) at character 3/);
    expect(textProblem('ok\tline\r\nbreak')).toBeNull();
    expect(textProblem('x\u0085')).toMatch(/U\+0085 at character 2/);
    expect(textProblem('x'.repeat(FIELD_LIMIT))).toBeNull();
    expect(textProblem('x'.repeat(FIELD_LIMIT + 1))).toMatch(
      /is 1,048,577 characters long, over the limit of 1,048,576 \(1 MiB\) per field/,
    );
  });
});
