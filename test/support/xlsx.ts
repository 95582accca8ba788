import { writeFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';

/**
 * A small writer of Excel workbooks (.xlsx) for tests, independent of the product's reader: its
 * own zip writer and CRC-32, and the SpreadsheetML parts a workbook needs, so tests can build
 * workbooks with exactly the cells, styles and quirks they are about.
 */

/** One cell as the test means it; null is no cell at all. */
export type XlsxCell =
  /** A shared string. */
  | string
  /** A number in the General format. */
  | number
  | boolean
  | null
  | { inline: string }
  /** A shared string of rich-text runs. */
  | { rich: readonly string[] }
  /** A shared string item (`<si>`) with this inner XML. */
  | { sharedXml: string }
  | { error: string }
  /** A formula with its cached text result (`t="str"`). */
  | { formula: string; text: string }
  /** A number with a number format: a format code, or a built-in format id. */
  | { number: number; format: string | number }
  /** The `<c>` element as written here, for cells no other shape makes. */
  | { xml: string };

export interface XlsxSheetSpec {
  name: string;
  /** Rows from row 1 (or `firstRow`) down; null leaves a row out. */
  rows?: readonly (readonly XlsxCell[] | null)[];
  firstRow?: number;
  /** A chart sheet instead of a worksheet. */
  chart?: boolean;
  hidden?: boolean;
}

export interface XlsxSpec {
  sheets: readonly XlsxSheetSpec[];
  /** The 1904 date system (old Excel for Mac). */
  date1904?: boolean;
  /** Zip entries stored, not deflated. */
  stored?: boolean;
  /** Rows and cells without `r` attributes: positions follow from the order (null cells are `<c/>`). */
  noRefs?: boolean;
  /** A namespace prefix on every SpreadsheetML element, as some producers write (`x`). */
  prefix?: string;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32Of(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip archive of the entries, deflated (method 8) or stored (method 0). */
export function zipBytes(
  entries: readonly { name: string; data: string | Buffer }[],
  { stored = false } = {},
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const body = stored ? data : deflateRawSync(data);
    const crc = crc32Of(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `A`, `B`, … `Z`, `AA`: the letters of a 0-based column. */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * The date serial Excel stores for a wall-clock time: `2026-03-02`, `2026-03-02T09:15:00`, or a
 * time of day alone (`09:15:00`, a fraction of a day).
 */
export function excelSerial(text: string, date1904 = false): number {
  if (/^\d{1,2}:\d{2}/.test(text)) {
    const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
    return (h * 3600 + m * 60 + s) / 86400;
  }
  const ms = Date.parse(`${text.length === 10 ? `${text}T00:00:00` : text}Z`);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return (ms - epoch) / 86_400_000;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The bytes of a workbook made of the sheets and cells of `spec`. */
export function xlsxBytes(spec: XlsxSpec): Buffer {
  const p = spec.prefix ? `${spec.prefix}:` : '';
  const ns = spec.prefix ? `xmlns:${spec.prefix}="${MAIN_NS}"` : `xmlns="${MAIN_NS}"`;
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = (xml: string) => {
    let index = stringIndex.get(xml);
    if (index === undefined) {
      index = strings.length;
      strings.push(xml);
      stringIndex.set(xml, index);
    }
    return index;
  };
  const customFormats: string[] = [];
  const styleFormats: number[] = [];
  const styleOf = (format: string | number) => {
    let id: number;
    if (typeof format === 'number') id = format;
    else {
      const known = customFormats.indexOf(format);
      id = 164 + (known === -1 ? customFormats.push(format) - 1 : known);
    }
    const known = styleFormats.indexOf(id);
    return 1 + (known === -1 ? styleFormats.push(id) - 1 : known);
  };

  const cellXml = (cell: XlsxCell, ref: string): string => {
    const r = ref === '' ? '' : ` r="${ref}"`;
    if (cell === null) return spec.noRefs ? `<${p}c/>` : '';
    if (typeof cell === 'string')
      return `<${p}c${r} t="s"><${p}v>${shared(`<${p}t>${escapeXml(cell)}</${p}t>`)}</${p}v></${p}c>`;
    if (typeof cell === 'number') return `<${p}c${r}><${p}v>${cell}</${p}v></${p}c>`;
    if (typeof cell === 'boolean') return `<${p}c${r} t="b"><${p}v>${cell ? 1 : 0}</${p}v></${p}c>`;
    if ('inline' in cell)
      return `<${p}c${r} t="inlineStr"><${p}is><${p}t xml:space="preserve">${escapeXml(cell.inline)}</${p}t></${p}is></${p}c>`;
    if ('rich' in cell) {
      const runs = cell.rich
        .map(
          (text, i) =>
            `<${p}r>${i % 2 ? `<${p}rPr><${p}b/></${p}rPr>` : ''}<${p}t xml:space="preserve">${escapeXml(text)}</${p}t></${p}r>`,
        )
        .join('');
      return `<${p}c${r} t="s"><${p}v>${shared(runs)}</${p}v></${p}c>`;
    }
    if ('sharedXml' in cell) return `<${p}c${r} t="s"><${p}v>${shared(cell.sharedXml)}</${p}v></${p}c>`;
    if ('error' in cell) return `<${p}c${r} t="e"><${p}v>${escapeXml(cell.error)}</${p}v></${p}c>`;
    if ('formula' in cell)
      return `<${p}c${r} t="str"><${p}f>${escapeXml(cell.formula)}</${p}f><${p}v>${escapeXml(cell.text)}</${p}v></${p}c>`;
    if ('number' in cell)
      return `<${p}c${r} s="${styleOf(cell.format)}"><${p}v>${cell.number}</${p}v></${p}c>`;
    return cell.xml;
  };

  const files: { name: string; data: string }[] = [];
  const sheetEntries: string[] = [];
  const workbookRels: string[] = [];
  const overrides: string[] = [];
  spec.sheets.forEach((sheet, i) => {
    const n = i + 1;
    const folder = sheet.chart ? 'chartsheets' : 'worksheets';
    const type = sheet.chart ? 'chartsheet' : 'worksheet';
    workbookRels.push(
      `<Relationship Id="rId${n}" Type="${REL_TYPE}/${type}" Target="${folder}/sheet${n}.xml"/>`,
    );
    overrides.push(
      `<Override PartName="/xl/${folder}/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${type}+xml"/>`,
    );
    sheetEntries.push(
      `<${p}sheet name="${escapeXml(sheet.name)}" sheetId="${n}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${n}"/>`,
    );
    if (sheet.chart) {
      files.push({
        name: `xl/chartsheets/sheet${n}.xml`,
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}chartsheet ${ns} xmlns:r="${REL_NS}"><${p}sheetViews><${p}sheetView workbookViewId="0"/></${p}sheetViews></${p}chartsheet>`,
      });
      return;
    }
    const rows = (sheet.rows ?? [])
      .map((cells, index) => {
        const rowNumber = (sheet.firstRow ?? 1) + index;
        if (cells === null) return spec.noRefs ? `<${p}row/>` : '';
        const inner = cells
          .map((cell, column) => cellXml(cell, spec.noRefs ? '' : `${columnLetters(column)}${rowNumber}`))
          .join('');
        return `<${p}row${spec.noRefs ? '' : ` r="${rowNumber}"`}>${inner}</${p}row>`;
      })
      .join('\n');
    files.push({
      name: `xl/worksheets/sheet${n}.xml`,
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns} xmlns:r="${REL_NS}">` +
        `<${p}dimension ref="A1"/><${p}sheetViews><${p}sheetView workbookViewId="0"/></${p}sheetViews>` +
        `<${p}sheetFormatPr defaultRowHeight="15"/><${p}cols><${p}col min="1" max="3" width="12" customWidth="1"/></${p}cols>` +
        `<${p}sheetData>\n${rows}\n</${p}sheetData>` +
        `<${p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><${p}rowBreaks count="1" manualBreakCount="1"><${p}brk id="2" max="16383" man="1"/></${p}rowBreaks></${p}worksheet>`,
    });
  });
  const sheetCount = spec.sheets.length;
  workbookRels.push(
    `<Relationship Id="rId${sheetCount + 1}" Type="${REL_TYPE}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rId${sheetCount + 2}" Type="${REL_TYPE}/sharedStrings" Target="/xl/sharedStrings.xml"/>`,
  );
  const numFmts = customFormats
    .map((code, i) => `<${p}numFmt numFmtId="${164 + i}" formatCode="${escapeXml(code)}"/>`)
    .join('');
  const xfs = [0, ...styleFormats]
    .map(
      (id) =>
        `<${p}xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`,
    )
    .join('');
  files.push(
    {
      name: 'xl/styles.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}styleSheet ${ns}>` +
        (numFmts ? `<${p}numFmts count="${customFormats.length}">${numFmts}</${p}numFmts>` : '') +
        `<${p}fonts count="1"><${p}font><${p}sz val="11"/><${p}name val="Calibri"/></${p}font></${p}fonts>` +
        `<${p}fills count="1"><${p}fill><${p}patternFill patternType="none"/></${p}fill></${p}fills>` +
        `<${p}borders count="1"><${p}border/></${p}borders>` +
        // A style with a date format outside cellXfs: cells never refer to it.
        `<${p}cellStyleXfs count="2"><${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><${p}xf numFmtId="14" fontId="0" fillId="0" borderId="0"/></${p}cellStyleXfs>` +
        `<${p}cellXfs count="${styleFormats.length + 1}">${xfs}</${p}cellXfs>` +
        `<${p}cellStyles count="1"><${p}cellStyle name="Normal" xfId="0" builtinId="0"/></${p}cellStyles></${p}styleSheet>`,
    },
    {
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}sst ${ns} count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<${p}si>${s}</${p}si>`).join('')}</${p}sst>`,
    },
  );
  const head = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        `${overrides.join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}workbook ${ns} xmlns:r="${REL_NS}">` +
        `<${p}workbookPr${spec.date1904 ? ' date1904="1"' : ''} defaultThemeVersion="124226"/>` +
        `<${p}bookViews><${p}workbookView xWindow="0" yWindow="0" windowWidth="16384" windowHeight="8192"/></${p}bookViews>` +
        `<${p}sheets>${sheetEntries.join('')}</${p}sheets></${p}workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">${workbookRels.join('')}</Relationships>`,
    },
  ];
  return zipBytes([...head, ...files], { stored: spec.stored ?? false });
}

/** Writes the workbook of `spec` to `path`. */
export async function writeXlsx(path: string, spec: XlsxSpec): Promise<void> {
  await writeFile(path, xlsxBytes(spec));
}
