/**
 * `servicemeter import` against a running server: the files go to POST /api/imports as one
 * multipart body streamed from disk, the import is followed through its events, and what is
 * printed and the exit code are those of an import run here.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readServerMarker } from '../server/marker.js';
import type { ImportProgress, ImportSummary } from '../services/import.js';
import type { ImportJobView } from '../services/import-jobs.js';
import type { SourceImportSummary } from '../services/import-source.js';
import { CliError } from './database.js';
import { describeImportError, printImportSummary, printSourceSummary } from './import-summary.js';
import { clearProgress, note } from './output.js';

export interface RemoteImport {
  /** The server's address, e.g. http://localhost:8080/. */
  server: string;
  /** The database file the server holds, when it was found by its marker (not --server). */
  database: string | null;
  token: string | undefined;
  /** A source format's name, or undefined for canonical files. */
  format: string | undefined;
  paths: readonly string[];
  mapping: string | undefined;
  skipBadRows: boolean;
  rejects: string;
  rebuild: boolean;
  source: string | undefined;
  timezone: string;
  idleGapSeconds: number | undefined;
  onProgress: ((progress: ImportProgress) => void) | undefined;
}

const CANONICAL_NAME = /\.(csv|tsv|txt|ndjson|jsonl)(\.gz)?$/i;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The address of the server that holds the database file now, from its marker; null when none runs. */
export function servingServer(dbPath: string): string | null {
  const marker = readServerMarker(dbPath);
  return marker && alive(marker.pid) ? marker.url : null;
}

/** The files to send: folders expanded one level, as the import here reads them. */
async function filesToSend(paths: readonly string[], canonical: boolean): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw new CliError(`${path}: no such file or folder`);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    for (const name of (await readdir(path)).sort()) {
      const file = join(path, name);
      if (name.startsWith('.') || !(await stat(file)).isFile()) continue;
      if (!canonical || CANONICAL_NAME.test(name)) files.push(file);
    }
  }
  if (files.length === 0) throw new CliError(`${paths.join(', ')}: no files to import`);
  return files;
}

const quoted = (name: string) => name.replace(/["\\\r\n]/g, '_');

/** A multipart/form-data body read from the files as it is sent. */
function multipartBody(
  parts: { field: string; path: string }[],
  boundary: string,
): ReadableStream<Uint8Array> {
  async function* generate() {
    for (const part of parts) {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"; filename="${quoted(basename(part.path))}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      for await (const chunk of createReadStream(part.path)) yield chunk as Buffer;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return Readable.toWeb(Readable.from(generate())) as ReadableStream<Uint8Array>;
}

async function problemText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string };
    return problem.detail ?? problem.title ?? text;
  } catch {
    return text || response.statusText;
  }
}

/** Reads an event stream, calling `onEvent` for each event, until it ends. */
async function readEvents(response: Response, onEvent: (event: string, data: string) => void): Promise<void> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent(event, data.join('\n'));
    }
  }
}

/** Sends the import, follows it, prints its summary; throws a CliError when it is refused or fails. */
export async function importThroughServer(request: RemoteImport): Promise<void> {
  const base = request.server.endsWith('/') ? request.server : `${request.server}/`;
  if (!request.token)
    throw new CliError(
      `${request.database ? `the servicemeter server at ${base} holds the database ${request.database}` : `to import through the servicemeter server at ${base}`}: give an API token of an admin or manager with --token or SERVICEMETER_TOKEN (the dashboard: Account → API tokens)`,
    );
  if (request.mapping && !existsSync(request.mapping))
    throw new CliError(`--map ${request.mapping}: no such file`);
  const files = await filesToSend(request.paths, request.format === undefined);
  const query = new URLSearchParams();
  query.set('format', request.format ?? 'canonical');
  if (request.skipBadRows) query.set('skipBadRows', 'true');
  if (!request.rebuild) query.set('rebuild', 'false');
  if (request.source) query.set('source', request.source);
  if (request.format) query.set('timezone', request.timezone);
  if (request.idleGapSeconds !== undefined) query.set('idleGapSeconds', String(request.idleGapSeconds));
  const boundary = `servicemeter-${crypto.randomUUID()}`;
  const parts = [
    ...files.map((path) => ({ field: 'files', path })),
    ...(request.mapping ? [{ field: 'mapping', path: request.mapping }] : []),
  ];
  const headers = { authorization: `Bearer ${request.token}` };
  let response: Response;
  try {
    response = await fetch(new URL(`api/imports?${query}`, base), {
      method: 'POST',
      headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipartBody(parts, boundary),
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    throw new CliError(
      `cannot reach the servicemeter server at ${base}: ${(error as Error).cause ?? (error as Error).message}`,
    );
  }
  if (response.status !== 202)
    throw new CliError(
      `the server at ${base} refused the import (${response.status}): ${await problemText(response)}`,
    );
  let job = (await response.json()) as ImportJobView;
  note(
    `sent to the server at ${base} as import ${job.id}${job.waitingFor > 0 ? `; ${job.waitingFor} import(s) run first` : ''}`,
  );
  const events = await fetch(new URL(`api/imports/${job.id}/events`, base), { headers }).catch(() => null);
  if (events?.ok)
    await readEvents(events, (event, data) => {
      if (event === 'progress') request.onProgress?.(JSON.parse(data) as ImportProgress);
      else if (event !== 'message') job = JSON.parse(data) as ImportJobView;
    }).catch(() => undefined);
  // A stream cut short: the job is asked for until it ends.
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const asked = await fetch(new URL(`api/imports/${job.id}`, base), { headers });
    if (!asked.ok)
      throw new CliError(`lost import ${job.id} on the server at ${base}: ${await problemText(asked)}`);
    job = (await asked.json()) as ImportJobView;
  }
  clearProgress();
  if (job.state === 'failed' || !job.result) {
    const failure = job.error;
    throw new CliError(
      failure?.importError
        ? describeImportError(failure.importError)
        : (failure?.message ?? 'the import failed'),
    );
  }
  const summary = { ...job.result, rejectsPath: null as string | null };
  if (request.skipBadRows) {
    const rejects = await fetch(new URL(`api/imports/${job.id}/rejects`, base), { headers });
    if (rejects.ok && rejects.body) {
      await pipeline(Readable.fromWeb(rejects.body as never), createWriteStream(request.rejects));
      summary.rejectsPath = request.rejects;
    }
  }
  if (job.format === 'canonical') printImportSummary(summary as ImportSummary);
  else printSourceSummary(summary as SourceImportSummary);
  // Imported, but the facts were not rebuilt: the message says so and what to run.
  if (job.error) process.stderr.write(`${job.error.message}\n`);
}
