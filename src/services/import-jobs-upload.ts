/**
 * The files of an import sent to the server, written to disk as they arrive: a multipart/form-data
 * body with file parts, or a body that is one file. Nothing is held in memory beyond a chunk, a
 * gzipped file (by its name's `.gz`, or the body's Content-Encoding) is stored decompressed, and
 * the bytes stored are counted against a limit, so a small gzip bomb is stopped like a large file.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Default of `servicemeter serve --max-upload`: far above the 1 MiB of a JSON body. */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** Files of one import, and the size of a part's headers: enough for any real export. */
const MAX_FILES = 1000;
const MAX_PART_HEADER_BYTES = 16 * 1024;
/** The multipart field of the mapping file; every other file part is a file to import. */
export const MAPPING_FIELD = 'mapping';

export interface UploadedFile {
  /** The name it was sent with, made safe for a file name (and without `.gz` once decompressed). */
  name: string;
  path: string;
  /** Bytes stored (decompressed). */
  bytes: number;
}

export interface Upload {
  files: UploadedFile[];
  mapping: UploadedFile | null;
}

/** Why an upload was refused, with the HTTP status that says so. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadRequest {
  body: ReadableStream<Uint8Array> | null;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  /** The file name of a body that is one file (the `name` query parameter or X-File-Name). */
  fileName: string | undefined;
}

/** A name sent by a client as a file name of ours: its last segment, in a safe alphabet. */
export function safeFileName(sent: string): string | null {
  const last = sent.split(/[/\\]/).pop() ?? '';
  const safe = last.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe === '' ? null : safe.slice(-200);
}

const isGzipName = (name: string) => name.toLowerCase().endsWith('.gz');

/** Counts what passes and fails once `limit` bytes have passed in total (over every file). */
class Budget {
  used = 0;
  constructor(readonly limit: number) {}

  counter(file: { bytes: number }): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.used += chunk.length;
        file.bytes += chunk.length;
        if (this.used > this.limit)
          done(new UploadRefused(413, `the upload is larger than the limit of ${describeBytes(this.limit)}`));
        else done(null, chunk);
      },
    });
  }
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${bytes} bytes`;
}

/** One file being written: chunks go in, decompressed when gzipped, counted, to disk. */
class FileSink {
  private readonly input = new PassThrough();
  private readonly done: Promise<void>;
  private failure: unknown = null;

  constructor(
    readonly file: UploadedFile,
    gzipped: boolean,
    budget: Budget,
  ) {
    const stages: (Transform | Writable)[] = [];
    if (gzipped) stages.push(createGunzip());
    stages.push(budget.counter(file), createWriteStream(file.path));
    this.done = pipeline(this.input, ...(stages as [Transform, Writable])).catch((error: unknown) => {
      this.failure = error;
    });
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw refusal(this.failure, this.file.name);
    if (!this.input.write(chunk))
      await Promise.race([new Promise((resolve) => this.input.once('drain', resolve)), this.done]);
    if (this.failure) throw refusal(this.failure, this.file.name);
  }

  async end(): Promise<void> {
    this.input.end();
    await this.done;
    if (this.failure) throw refusal(this.failure, this.file.name);
  }

  async abandon(): Promise<void> {
    this.input.destroy();
    await this.done;
  }
}

function refusal(error: unknown, name: string): UploadRefused {
  if (error instanceof UploadRefused) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_'))
    return new UploadRefused(400, `${name}: not readable as gzip (${String(error)})`);
  return new UploadRefused(400, `${name}: ${(error as Error).message ?? String(error)}`);
}

/** Chunks of a web stream as Buffers. */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Buffer> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (value && value.length > 0) yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  } finally {
    reader.releaseLock();
  }
}

interface PartHeaders {
  field: string;
  fileName: string | null;
  encoding: string | null;
}

function parsePartHeaders(text: string): PartHeaders {
  let field: string | null = null;
  let fileName: string | null = null;
  let encoding: string | null = null;
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') {
      field =
        /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? /(?:^|;)\s*name=([^;\s]+)/i.exec(value)?.[1] ?? null;
      const star = /filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(value)?.[1];
      fileName = star
        ? decodeURIComponent(star)
        : (/(?:^|;)\s*filename="([^"]*)"/i.exec(value)?.[1] ??
          /(?:^|;)\s*filename=([^;\s]+)/i.exec(value)?.[1] ??
          null);
    } else if (name === 'content-encoding') encoding = value.toLowerCase();
  }
  if (field === null) throw new UploadRefused(400, 'a multipart part has no Content-Disposition name');
  return { field, fileName, encoding };
}

/**
 * Writes the upload's files into `dir`: each under its own (safe) name, the mapping file apart.
 * On a refusal everything written is removed and the UploadRefused says why.
 */
export async function receiveUpload(request: UploadRequest, dir: string, maxBytes: number): Promise<Upload> {
  const upload: Upload = { files: [], mapping: null };
  const budget = new Budget(maxBytes);
  const open: FileSink[] = [];
  const names = new Set<string>();
  const startFile = (sentName: string, field: string, encoding: string | null): FileSink => {
    const safe = safeFileName(sentName);
    if (safe === null) throw new UploadRefused(400, `'${sentName}' cannot be a file name`);
    const gzipped = isGzipName(safe) || encoding === 'gzip' || encoding === 'x-gzip';
    const name = isGzipName(safe) ? safe.slice(0, -3) : safe;
    const isMapping = field === MAPPING_FIELD;
    if (isMapping && upload.mapping) throw new UploadRefused(400, 'send one mapping file');
    if (!isMapping && names.has(name)) throw new UploadRefused(400, `two files are named ${name}`);
    if (!isMapping && upload.files.length >= MAX_FILES)
      throw new UploadRefused(400, `send at most ${MAX_FILES} files in one import`);
    // The mapping lives beside the files' folder, so a file called like it cannot replace it.
    const file: UploadedFile = {
      name,
      path: isMapping ? join(dir, 'mapping', name) : join(dir, 'files', name),
      bytes: 0,
    };
    if (isMapping) upload.mapping = file;
    else {
      names.add(name);
      upload.files.push(file);
    }
    const sink = new FileSink(file, gzipped, budget);
    open.push(sink);
    return sink;
  };
  try {
    await mkdir(join(dir, 'files'), { recursive: true });
    await mkdir(join(dir, 'mapping'), { recursive: true });
    if (!request.body) throw new UploadRefused(400, 'the request has no body: send the files to import');
    const type = request.contentType ?? '';
    if (/^multipart\/form-data/i.test(type)) {
      const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
      const value = boundary?.[1] ?? boundary?.[2];
      if (!value)
        throw new UploadRefused(400, 'a multipart/form-data body needs its boundary in Content-Type');
      if (request.contentEncoding && request.contentEncoding !== 'identity')
        throw new UploadRefused(415, 'compress the files of a multipart body, not the body (name them .gz)');
      await readMultipart(chunksOf(request.body), value, startFile);
    } else {
      if (!request.fileName)
        throw new UploadRefused(
          400,
          'a body that is one file needs its name: the query parameter name=contacts.csv, or the X-File-Name header (or send multipart/form-data)',
        );
      const encoding = request.contentEncoding?.toLowerCase() ?? null;
      if (encoding !== null && !['gzip', 'x-gzip', 'identity'].includes(encoding))
        throw new UploadRefused(415, `Content-Encoding ${encoding} is not taken: send gzip or none`);
      const sink = startFile(request.fileName, 'file', encoding);
      for await (const chunk of chunksOf(request.body)) await sink.write(chunk);
      await sink.end();
    }
    if (upload.files.length === 0) throw new UploadRefused(400, 'the upload holds no file to import');
    return upload;
  } catch (error) {
    await Promise.all(open.map((sink) => sink.abandon()));
    await rm(join(dir, 'files'), { recursive: true, force: true });
    await rm(join(dir, 'mapping'), { recursive: true, force: true });
    if (error instanceof UploadRefused) throw error;
    throw new UploadRefused(
      400,
      `the upload could not be read: ${(error as Error).message ?? String(error)}`,
    );
  }
}

/**
 * A streaming multipart/form-data reader (RFC 7578): parts are found by their delimiter across
 * chunk edges, and a part's body goes to its file chunk by chunk.
 */
async function readMultipart(
  chunks: AsyncIterable<Buffer>,
  boundary: string,
  startFile: (name: string, field: string, encoding: string | null) => FileSink,
): Promise<void> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const headerEnd = Buffer.from('\r\n\r\n');
  // The first delimiter has no line break before it: one is put there.
  let buffer: Buffer = Buffer.from('\r\n');
  type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'field' | 'done';
  let state = 'preamble' as State;
  let sink: FileSink | null = null;
  let fieldName = '';
  const take = async (): Promise<boolean> => {
    // Works on the buffer as far as it can; false when it needs more bytes.
    switch (state) {
      case 'preamble': {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length));
          return false;
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (buffer.length < 2) return false;
        if (buffer.subarray(0, 2).toString() === '--') {
          state = 'done';
          return false;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return false;
        // Transport padding (spaces, tabs) may follow a delimiter.
        buffer = buffer.subarray(lineEnd + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const at = buffer.indexOf(headerEnd);
        if (at < 0) {
          if (buffer.length > MAX_PART_HEADER_BYTES)
            throw new UploadRefused(400, 'a multipart part has headers longer than 16 KiB');
          return false;
        }
        const headers = parsePartHeaders(buffer.subarray(0, at).toString('utf8'));
        buffer = buffer.subarray(at + headerEnd.length);
        if (headers.fileName === null) {
          fieldName = headers.field;
          state = 'field';
        } else {
          sink = startFile(headers.fileName, headers.field, headers.encoding);
          state = 'body';
        }
        return true;
      }
      case 'field':
      case 'body': {
        const at = buffer.indexOf(delimiter);
        const end = at < 0 ? Math.max(0, buffer.length - delimiter.length + 1) : at;
        if (state === 'field' && (at >= 0 || end > 0))
          throw new UploadRefused(
            400,
            `the multipart field '${fieldName}' is not a file: send files as file parts and the options in the query (format, skipBadRows, …)`,
          );
        if (end > 0 && sink) await sink.write(buffer.subarray(0, end));
        buffer = buffer.subarray(end);
        if (at < 0) return false;
        await sink?.end();
        sink = null;
        buffer = buffer.subarray(delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  };
  for await (const chunk of chunks) {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (await take()) {}
    if (state === 'done') break;
  }
  if (state !== 'done') throw new UploadRefused(400, 'the multipart body ended before its closing boundary');
}
