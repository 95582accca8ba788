import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withTempDir } from '../../test/support/engines.js';
import { fixturePath } from '../../test/support/sources.js';
import {
  excelSerial,
  writeXlsx,
  type XlsxCell,
  type XlsxSpec,
  xlsxBytes,
  zipBytes,
} from '../../test/support/xlsx.js';
import type { ReadProgress } from './records.js';
import {
  numberFormatKind,
  numberText,
  readXlsxRecords,
  XlsxError,
  type XlsxRecord,
  XlsxWorkbook,
} from './xlsx.js';

const EXCELJS = fixturePath('sources/xlsx/calls-exceljs.xlsx');

/** Every row of a sheet, and how many batches they came in. */
async function readAll(
  path: string,
  sheet?: string | number,
  progress?: ReadProgress,
): Promise<{ rows: XlsxRecord[]; batches: number }> {
  const rows: XlsxRecord[] = [];
  let batches = 0;
  for await (const batch of readXlsxRecords(path, sheet, progress)) {
    rows.push(...batch);
    batches++;
  }
  return { rows, batches };
}

/** The rows of the only sheet of a workbook written from `spec`. */
async function rowsOf(spec: XlsxSpec): Promise<XlsxRecord[]> {
  return withTempDir(async (dir) => {
    const path = join(dir, 'book.xlsx');
    await writeXlsx(path, spec);
    return (await readAll(path)).rows;
  });
}

/** The text of single cells, each in a row of its own. */
async function cellTexts(cells: readonly XlsxCell[], date1904 = false): Promise<string[]> {
  const rows = await rowsOf({ date1904, sheets: [{ name: 'S', rows: cells.map((c) => [c]) }] });
  return rows.map((r) => r.fields.join('|'));
}

/** Why reading the first sheet of a file fails. */
async function failure(path: string, sheet?: string | number): Promise<XlsxError> {
  const error = await readAll(path, sheet).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XlsxError);
  return error as XlsxError;
}

describe('xlsx cells', () => {
  test('shared, rich-text, inline and formula strings, booleans, errors, gaps and entities', async () => {
    const rows = await rowsOf({
      sheets: [
        {
          name: 'Data',
          rows: [
            ['rich', 'inline', 'formula', 'yes', 'no', 'na', 'div'],
            [
              { rich: ['Fo', 'o', ' bar'] },
              { inline: '  spaced  ' },
              { formula: 'A2&"x"', text: 'Foo barx' },
              true,
              false,
              { error: '#N/A' },
              { error: '#DIV/0!' },
            ],
            ['a', null, null, 'd'],
            [
              'a < b & "c" > d',
              {
                xml: '<c r="B4" t="inlineStr"><is><t>caf&#233; &#x1F600; one_x000D_\ntwo _x005F_x000D_ &apos;q&apos;</t></is></c>',
              },
            ],
            [
              {
                // The phonetic reading (rPh) of 東京 is not part of the text.
                sharedXml:
                  '<r><t>東</t></r><r><t>京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>',
              },
              { xml: '<c r="B5" t="str"><f>NA()</f></c>' },
              { xml: '<c r="C5" t="s"><v>0</v></c>' },
            ],
            null,
            // Formatting without content: not a row.
            [{ xml: '<c r="A7" s="1"/>' }, { xml: '<c r="B7" t="inlineStr"><is><t></t></is></c>' }],
            // Trailing empty cells are dropped, inner ones kept.
            [null, 'b', { inline: '' }, { xml: '<c r="D8" s="0"/>' }],
          ],
        },
      ],
    });
    expect(rows).toEqual([
      { line: 1, fields: ['rich', 'inline', 'formula', 'yes', 'no', 'na', 'div'] },
      { line: 2, fields: ['Foo bar', '  spaced  ', 'Foo barx', 'TRUE', 'FALSE', '#N/A', '#DIV/0!'] },
      { line: 3, fields: ['a', '', '', 'd'] },
      { line: 4, fields: ['a < b & "c" > d', "café 😀 one\r\ntwo _x000D_ 'q'"] },
      { line: 5, fields: ['東京', '', 'rich'] },
      { line: 8, fields: ['', 'b'] },
    ]);
  });

  test('numbers in plain decimals, as Excel shows them to 15 significant digits', async () => {
    expect(
      await cellTexts([
        0.1 + 0.2,
        1 / 3,
        123456789012345,
        -0.5,
        0,
        1e-7,
        2.5e-12,
        { xml: '<c r="A8"><v>1.2345678901234568E+19</v></c>' },
        { xml: '<c r="A9"><v>1.5E+3</v></c>' },
        { xml: '<c r="A10" t="n"><v> 42 </v></c>' },
        { number: 0.25, format: '0%' },
        { number: 45000.5, format: '[Red]#,##0.00;[Blue]-#,##0.00' },
        { number: 3, format: '0 "days"' },
        { number: 1234.5, format: '_(€* #,##0.00_)' },
      ]),
    ).toEqual([
      '0.3',
      '0.333333333333333',
      '123456789012345',
      '-0.5',
      '0',
      '0.0000001',
      '0.0000000000025',
      '12345678901234600000',
      '1500',
      '42',
      '0.25',
      '45000.5',
      '3',
      '1234.5',
    ]);
    expect(numberText('0.30000000000000004')).toBe('0.3');
    expect(numberText('1e+300')).toBe('1e+300');
    expect(numberText('abc')).toBe('abc');
  });

  test('dates and times by the number format of the cell style', async () => {
    expect(
      await cellTexts([
        { number: excelSerial('2026-03-02'), format: 14 },
        { number: excelSerial('2026-03-02'), format: 'dd/mm/yyyy' },
        { number: excelSerial('2026-03-02'), format: '[$-409]d-mmm-yy;@' },
        { number: excelSerial('2026-03-02'), format: 'mmmm' },
        { number: excelSerial('2026-03-02T09:15:30'), format: 22 },
        { number: excelSerial('2026-03-02T00:00:00'), format: 'yyyy-mm-dd hh:mm' },
        { number: excelSerial('2026-03-02T09:15:30.25'), format: 'yyyy-mm-dd hh:mm:ss.000' },
        // A date-only format keeps a time it hides.
        { number: excelSerial('2026-03-02T18:00:00'), format: 14 },
        { number: excelSerial('09:05:00'), format: 21 },
        { number: excelSerial('23:59:59'), format: 'hh:mm:ss AM/PM' },
        // 9:00:01 a hair off, as the sum of two times in a sheet often is.
        { number: excelSerial('09:00:00') + excelSerial('00:00:01') - 1e-12, format: 'h:mm:ss' },
        { number: 26 / 24, format: '[h]:mm:ss' },
        { number: 90 / 1440, format: '[mm]:ss' },
        { number: -1.5 / 24, format: '[h]:mm' },
        { number: excelSerial('00:00:01.5'), format: 46 },
        // A time format on a value with a date part: the date is kept.
        { number: 1.5, format: 'h:mm' },
        // Before 1 March 1900 Excel counts a 29 February that never was.
        { number: 59, format: 14 },
        { number: 61, format: 14 },
        { xml: '<c r="A19" t="d"><v>2026-03-02T09:15:00Z</v></c>' },
        { xml: '<c r="A20" t="d"><v>2026-03-02</v></c>' },
        { xml: '<c r="A21" t="d"><v>09:15:00</v></c>' },
      ]),
    ).toEqual([
      '2026-03-02',
      '2026-03-02',
      '2026-03-02',
      '2026-03-02',
      '2026-03-02 09:15:30',
      '2026-03-02 00:00:00',
      '2026-03-02 09:15:30.250',
      '2026-03-02 18:00:00',
      '9:05:00',
      '23:59:59',
      '9:00:01',
      '26:00:00',
      '1:30:00',
      '-1:30:00',
      '0:00:01.500',
      '1900-01-01 12:00:00',
      '1900-02-28',
      '1900-03-01',
      '2026-03-02 09:15:00',
      '2026-03-02',
      '9:15:00',
    ]);
  });

  test('the 1904 date system', async () => {
    expect(
      await cellTexts(
        [
          { number: excelSerial('2026-03-02', true), format: 14 },
          { number: excelSerial('2026-03-02T12:30:00', true), format: 22 },
          { number: excelSerial('12:30:00', true), format: 20 },
        ],
        true,
      ),
    ).toEqual(['2026-03-02', '2026-03-02 12:30:00', '12:30:00']);
    expect(excelSerial('2026-03-02') - excelSerial('2026-03-02', true)).toBe(1462);
  });

  test('number format codes: dates, times and elapsed time outside quotes, escapes and brackets', () => {
    const kinds = Object.fromEntries(
      [
        'General',
        '0.00',
        '0.00E+00',
        '[Red]0.00',
        '0 "days"',
        '\\d0',
        'yyyy-mm-dd',
        'mmm-yy',
        'dd/mm/yyyy hh:mm',
        'h:mm',
        'mm:ss',
        'h:mm AM/PM',
        '[h]:mm:ss',
        '[ss]',
        '[$-F800]dddd, mmmm dd, yyyy',
        '#,##0;[Red]-#,##0',
        'hh:mm;"n/a"',
      ].map((code) => [code, numberFormatKind(code)]),
    );
    expect(kinds).toEqual({
      General: 'number',
      '0.00': 'number',
      '0.00E+00': 'number',
      '[Red]0.00': 'number',
      '0 "days"': 'number',
      '\\d0': 'number',
      'yyyy-mm-dd': 'date',
      'mmm-yy': 'date',
      'dd/mm/yyyy hh:mm': 'datetime',
      'h:mm': 'time',
      'mm:ss': 'time',
      'h:mm AM/PM': 'time',
      '[h]:mm:ss': 'elapsed',
      '[ss]': 'elapsed',
      '[$-F800]dddd, mmmm dd, yyyy': 'date',
      '#,##0;[Red]-#,##0': 'number',
      'hh:mm;"n/a"': 'time',
    });
  });

  test('rows and cells without references, prefixed elements, stored entries', async () => {
    const rows = await rowsOf({
      noRefs: true,
      prefix: 'x',
      stored: true,
      sheets: [{ name: 'S', rows: [['a', 'b'], [1, null, 3], null, ['x', { number: 0.5, format: 20 }]] }],
    });
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '', '3'] },
      { line: 4, fields: ['x', '12:00:00'] },
    ]);
  });

  test('a large sheet streams in batches, across chunk boundaries, deflated or stored', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [i + 1, `café € 😀 ${i}`, { inline: `ü${i}` }]);
    for (const stored of [false, true]) {
      await withTempDir(async (dir) => {
        const path = join(dir, 'big.xlsx');
        await writeXlsx(path, { stored, sheets: [{ name: 'Big', rows }] });
        const progress = { bytesRead: 0 };
        const read = await readAll(path, 'Big', progress);
        expect(read.rows).toHaveLength(30_000);
        expect(read.batches).toBeGreaterThan(1);
        expect(read.rows[29_999]).toEqual({ line: 30_000, fields: ['30000', 'café € 😀 29999', 'ü29999'] });
        expect(read.rows.every((r, i) => r.line === i + 1 && r.fields[1] === `café € 😀 ${i}`)).toBe(true);
        expect(progress.bytesRead).toBeGreaterThan(0);
      });
    }
  });
});

describe('xlsx workbooks', () => {
  test('a sheet by name (exact, then ignoring case) or 1-based position; the first by default', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'book.xlsx');
      await writeXlsx(path, {
        sheets: [
          { name: 'Notes', rows: [['notes']] },
          { name: 'Chart', chart: true },
          { name: 'Calls & more', rows: [['calls']], hidden: true },
          { name: 'calls & MORE', rows: [['other']] },
        ],
      });
      const workbook = await XlsxWorkbook.open(path);
      expect(workbook.sheets.map((s) => [s.name, s.position, s.kind, s.hidden])).toEqual([
        ['Notes', 1, 'worksheet', false],
        ['Chart', 2, 'chartsheet', false],
        ['Calls & more', 3, 'worksheet', true],
        ['calls & MORE', 4, 'worksheet', false],
      ]);
      const first = async (sheet?: string | number) => (await readAll(path, sheet)).rows[0]?.fields[0];
      expect(await first()).toBe('notes');
      expect(await first(3)).toBe('calls');
      expect(await first('Calls & more')).toBe('calls');
      expect(await first('calls & MORE')).toBe('other');
      expect(await first('CALLS & MORE')).toBe('calls');
      const missing = await failure(path, 'Calls');
      expect(missing.message).toBe(
        "no sheet 'Calls' in the workbook; its sheets: 'Notes', 'Chart', 'Calls & more', 'calls & MORE'",
      );
      expect(missing.column).toBe('sheet');
      expect((await failure(path, 5)).message).toMatch(/^no sheet 5 in the workbook; its sheets: 'Notes'/);
      expect((await failure(path, 2)).message).toMatch(/^sheet 'Chart' is a chart, not a table of cells/);
    });
  });

  test('the ExcelJS fixture: 1904 dates, built-in and custom formats, rich text, formulas', async () => {
    const workbook = await XlsxWorkbook.open(EXCELJS);
    expect(workbook.sheets.map((s) => s.name)).toEqual(['Summary', 'Calls']);
    expect(workbook.date1904).toBe(true);
    expect((await readAll(EXCELJS)).rows).toEqual([
      { line: 1, fields: ['Calls of 2 and 3 March 2026'] },
      { line: 2, fields: ['calls', '8'] },
    ]);
    const { rows } = await readAll(EXCELJS, 'Calls');
    expect(rows.map((r) => [r.line, ...r.fields])).toEqual([
      [
        1,
        'Call ID',
        'Date',
        'Queued',
        'Answered',
        'Hung up',
        'Talk',
        'Agent',
        'Outcome',
        'Callback',
        'Notes',
      ],
      [
        2,
        '5001',
        '2026-03-02',
        '9:00:00',
        '9:00:20',
        '',
        '0:03:00',
        'Dana',
        'Answered',
        'FALSE',
        'Tab\there & <there>',
      ],
      [3, '5002', '2026-03-02', '9:05:00', '9:05:45', '', '0:05:00', 'Eli', 'Answered', 'TRUE'],
      [4, '5003', '2026-03-02', '9:10:00', '', '9:11:30', '', '', 'Abandoned', 'TRUE', '#N/A'],
      [5, '5004', '2026-03-02', '10:00:00', '10:00:05', '', '0:02:30', 'Dana', 'Answered', 'FALSE'],
      [
        6,
        '5005',
        '2026-03-02',
        '23:59:50',
        '0:00:10',
        '',
        '0:01:00',
        'Eli',
        'Answered',
        'FALSE',
        'after midnight',
      ],
      [7, '5006', '2026-03-03', '8:30:00', '8:31:00', '', '1:10:00', 'Dana', 'Answered', 'FALSE'],
      [8, '5007', '2026-03-03', '8:40:00', '', '8:40:30', '', '', 'Abandoned', 'TRUE'],
      [9, '5008', '2026-03-03', '12:00:00', '12:00:12', '', '0:04:00', 'Eli', 'Answered', 'FALSE'],
    ]);
  });

  test('a file that is no workbook is named for what it is', async () => {
    await withTempDir(async (dir) => {
      const write = async (name: string, data: string | Buffer) => {
        await writeFile(join(dir, name), data);
        return join(dir, name);
      };
      expect((await failure(await write('text.xlsx', 'id,name\n1,a\n'))).message).toBe(
        'not an Excel workbook (.xlsx): the file is not a zip archive',
      );
      expect((await failure(await write('empty.xlsx', ''))).message).toBe(
        'not an Excel workbook (.xlsx): the file is not a zip archive',
      );
      const cfb = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
      expect((await failure(await write('old.xls', cfb))).message).toMatch(
        /^an Excel 97–2003 workbook \(\.xls\) or a password-protected workbook: save it as \.xlsx/,
      );
      const zip = zipBytes([{ name: 'readme.txt', data: 'hello' }]);
      expect((await failure(await write('other.xlsx', zip))).message).toBe(
        'not an Excel workbook (.xlsx): a zip archive without xl/workbook.xml',
      );
      const book = xlsxBytes({ sheets: [{ name: 'S', rows: [['a']] }] });
      expect((await failure(await write('cut.xlsx', book.subarray(0, book.length - 30)))).message).toBe(
        'the zip archive has no central directory: the file is cut short or damaged',
      );
      const zip64 = Buffer.from(book);
      zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10);
      expect((await failure(await write('zip64.xlsx', zip64))).message).toBe(
        'a zip64 archive (over 4 GB or over 65,535 parts), which is not supported',
      );
      const encrypted = Buffer.from(book);
      for (let at = encrypted.indexOf('PK\x01\x02'); at !== -1; at = encrypted.indexOf('PK\x01\x02', at + 4))
        encrypted.writeUInt16LE(encrypted.readUInt16LE(at + 8) | 1, at + 8);
      expect((await failure(await write('encrypted.xlsx', encrypted))).message).toBe(
        '_rels/.rels is encrypted: save the workbook without a password, or as CSV',
      );
    });
  });

  test('a damaged sheet is caught by its checksum or by inflating it', async () => {
    await withTempDir(async (dir) => {
      const stored = xlsxBytes({ stored: true, sheets: [{ name: 'S', rows: [[123, 'a']] }] });
      const changed = Buffer.from(stored.toString('latin1').replace('<v>123</v>', '<v>124</v>'), 'latin1');
      expect(changed.equals(stored)).toBe(false);
      await writeFile(join(dir, 'changed.xlsx'), changed);
      expect((await failure(join(dir, 'changed.xlsx'))).message).toBe(
        "sheet 'S' is damaged (wrong checksum)",
      );

      const path = join(dir, 'garbled.xlsx');
      const deflated = xlsxBytes({ sheets: [{ name: 'S', rows: [[123, 'a']] }] });
      await writeFile(path, deflated);
      const workbook = await XlsxWorkbook.open(path);
      expect(workbook.sheets).toHaveLength(1);
      // Overwrite the sheet's compressed data, found after its local header name.
      const name = deflated.indexOf('xl/worksheets/sheet1.xml');
      deflated.fill(0xff, name + 30, name + 60);
      await writeFile(path, deflated);
      expect((await failure(path)).message).toMatch(/^sheet 'S' is damaged/);
      expect(await readFile(path)).toHaveLength(deflated.length);
    });
  });
});
