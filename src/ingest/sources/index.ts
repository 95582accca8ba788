import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isWorkbookPath, XlsxError, type XlsxSheet, XlsxWorkbook } from '../xlsx.js';
import { asteriskQueueLog } from './asterisk-queue-log.js';
import { chatwoot } from './chatwoot.js';
import { csvMapped } from './csv-mapped.js';
import { eventLog } from './event-log.js';
import type { SourceFormat } from './format.js';
import { freshdesk } from './freshdesk.js';
import { icalendar } from './icalendar.js';
import { intercom } from './intercom.js';
import { klaus } from './klaus.js';
import { maestroqa } from './maestroqa.js';
import { shopify } from './shopify.js';
import { socialThreads } from './social-threads.js';
import { stripe } from './stripe.js';
import { surveys } from './surveys.js';
import { woocommerce } from './woocommerce.js';
import { zendesk } from './zendesk.js';

/** Every source format `servicemeter import <format> <files...>` reads. */
export const SOURCE_FORMATS: readonly SourceFormat[] = [
  zendesk,
  freshdesk,
  intercom,
  chatwoot,
  asteriskQueueLog,
  socialThreads,
  csvMapped,
  eventLog,
  surveys,
  klaus,
  maestroqa,
  icalendar,
  shopify,
  woocommerce,
  stripe,
];

export function findSourceFormat(name: string): SourceFormat | undefined {
  return SOURCE_FORMATS.find((f) => f.name === name);
}

const HEAD_BYTES = 64 * 1024;

/** The first bytes of a file as text, decompressed when it is gzipped. */
async function headOf(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        return gunzipSync(bytes, { finishFlush: 2 }).toString('utf8');
      } catch {
        return '';
      }
    }
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/** The formats that read Excel workbooks: those of the mapping language. */
const WORKBOOK_FORMATS: readonly SourceFormat[] = [csvMapped, eventLog, surveys];
const WORKBOOK_HEAD_ROWS = 20;

/** The first rows of a sheet as tab-separated text, for the detectors of CSV headers. */
async function sheetHead(workbook: XlsxWorkbook, sheet: XlsxSheet): Promise<string> {
  const lines: string[] = [];
  for await (const batch of workbook.rows(sheet)) {
    for (const row of batch.slice(0, WORKBOOK_HEAD_ROWS - lines.length))
      lines.push(row.fields.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t'));
    if (lines.length >= WORKBOOK_HEAD_ROWS) break;
  }
  return lines.join('\n');
}

/**
 * What an Excel workbook holds: each worksheet whose header a mapped format recognises, else the
 * workbook itself, to be read through a mapping. Nothing for a file that is not a workbook.
 */
async function detectWorkbook(path: string): Promise<{ format: string; description: string }[]> {
  let workbook: XlsxWorkbook;
  try {
    workbook = await XlsxWorkbook.open(path);
  } catch (error) {
    if (error instanceof XlsxError) return [];
    throw error;
  }
  const found: { format: string; description: string }[] = [];
  for (const sheet of workbook.sheets) {
    if (sheet.kind !== 'worksheet') continue;
    let head: string;
    try {
      head = await sheetHead(workbook, sheet);
    } catch (error) {
      if (error instanceof XlsxError) continue;
      throw error;
    }
    const choose = sheet.position === 1 ? '' : ` (set "sheet": "${sheet.name}" in the mapping)`;
    for (const format of WORKBOOK_FORMATS) {
      const description = format.detect({ name: basename(path), head });
      if (description !== null)
        found.push({ format: format.name, description: `sheet '${sheet.name}'${choose}: ${description}` });
    }
  }
  if (found.length > 0) return found;
  const sheets = workbook.sheets.map((s) => `'${s.name}'`).join(', ');
  return [
    {
      format: csvMapped.name,
      description: `Excel workbook with the sheets ${sheets}: a sheet is imported with a mapping file, whose "sheet" chooses it (default: the first); event-log and surveys read workbooks too`,
    },
  ];
}

/** The source formats a file looks like, with what each would import from it. */
export async function detectSourceFormats(path: string): Promise<{ format: string; description: string }[]> {
  if (isWorkbookPath(path)) return detectWorkbook(path);
  const file = { name: basename(path), head: await headOf(path) };
  return SOURCE_FORMATS.flatMap((format) => {
    const description = format.detect(file);
    return description === null ? [] : [{ format: format.name, description }];
  });
}
