import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { asteriskQueueLog } from './asterisk-queue-log.js';
import { chatwoot } from './chatwoot.js';
import { csvMapped } from './csv-mapped.js';
import { eventLog } from './event-log.js';
import type { SourceFormat } from './format.js';
import { freshdesk } from './freshdesk.js';
import { intercom } from './intercom.js';
import { socialThreads } from './social-threads.js';
import { surveys } from './surveys.js';
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

/** The source formats a file looks like, with what each would import from it. */
export async function detectSourceFormats(path: string): Promise<{ format: string; description: string }[]> {
  const file = { name: basename(path), head: await headOf(path) };
  return SOURCE_FORMATS.flatMap((format) => {
    const description = format.detect(file);
    return description === null ? [] : [{ format: format.name, description }];
  });
}
