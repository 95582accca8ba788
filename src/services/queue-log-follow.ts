/**
 * Follows a growing Asterisk `queue_log` while the server runs: every second or so the complete
 * lines added since the last look are converted by the queue_log format and imported through the
 * same pipeline as `servicemeter import asterisk-queue-log`.
 *
 * Where the follow is stays in the database (`queue_log_follows`): the file's identity (device and
 * inode), the bytes and lines read from it and the hash of its first line. That survives
 *  - a restart: reading goes on at the byte where it stopped;
 *  - rotation by rename (logrotate's default, Asterisk's `logger rotate`): when another file appears
 *    at the path, the rest of the old one is read first, found in the same folder by its inode;
 *  - rotation by copy and truncate (`copytruncate`): the file at the path is shorter than what was
 *    read, or starts with another line; the rest is read from the copy, found in the same folder by
 *    its first line, and the new file from its start.
 * A call spans several lines, and its contact is only right when converted from all of them. The
 * lines of each call are kept (`queue_log_call_lines`) until a day of log time has passed after its
 * last line; when a call gains a line, all its lines are converted again. The import replaces a
 * contact and its events by their keys, so converting a call again, or a line again after a crash
 * between the import and the saving of the position, counts nothing twice.
 */
import { createHash } from 'node:crypto';
import { open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Engine } from '../core/engine.js';
import type { RowProblem } from '../ingest/canonical.js';
import { asteriskQueueLog } from '../ingest/sources/asterisk-queue-log.js';
import { importSource, type SourceImportSummary } from './import-source.js';
import { makeWorkDir } from './work-dir.js';

/** A call's lines are forgotten this long (log time) after its last line, as the converter forgets calls. */
const KEEP_CALL_LINES_S = 24 * 3600;

/** At most this much of a file is read per look, so a first look at a large log imports it in steps. */
const READ_LIMIT_BYTES = 16 << 20;

/** How much of a file is read to find its first line. */
const FIRST_LINE_LIMIT_BYTES = 64 << 10;

export interface QueueLogFollowOptions {
  /** The `source` of the contacts (default `asterisk-queue-log`, as `servicemeter import` names it). */
  source?: string;
  /** Seconds between looks at the file (default 1). */
  intervalSeconds?: number;
  /** Called after lines were imported. */
  onImported?: (imported: QueueLogImport) => void;
  /** Lines that could not be imported (skipped), rotation gaps, and failures of a look. */
  onNotice?: (notice: QueueLogNotice) => void;
}

export interface QueueLogImport {
  path: string;
  /** New lines read in this look. */
  lines: number;
  /** Calls converted (again) because they gained lines. */
  calls: number;
  summary: SourceImportSummary;
}

export type QueueLogNotice =
  | { kind: 'skipped_line'; path: string; problem: RowProblem }
  | { kind: 'rotation_gap'; path: string; message: string }
  | { kind: 'failed'; path: string; message: string };

interface FileIdentity {
  device: string;
  inode: string;
}

interface FollowState extends FileIdentity {
  byteOffset: number;
  linesRead: number;
  firstLineHash: string | null;
}

/** A line of the log and where it was read, for messages. */
interface LogLine {
  file: string;
  line: number;
  text: string;
}

interface RetainedLine extends LogLine {
  callId: string;
  seq: number;
  logTime: number;
}

function hashLine(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function identityOf(path: string): Promise<(FileIdentity & { size: number }) | null> {
  const info = await stat(path, { bigint: true }).catch(() => null);
  if (!info?.isFile()) return null;
  return { device: String(info.dev), inode: String(info.ino), size: Number(info.size) };
}

const sameFile = (a: FileIdentity, b: FileIdentity) => a.device === b.device && a.inode === b.inode;

/** The hash of a file's first complete line, or null while it has none. */
async function firstLineHash(path: string): Promise<string | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const buffer = Buffer.alloc(FIRST_LINE_LIMIT_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
    return end < 0 ? null : hashLine(stripCarriageReturn(buffer.subarray(0, end).toString('utf8')));
  } finally {
    await handle.close();
  }
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * The lines of `path` from `offset`: complete lines only, unless `toEnd` (a file nobody writes any
 * more, whose last line may lack its line feed). At most READ_LIMIT_BYTES are read.
 */
async function readLines(
  path: string,
  offset: number,
  firstLine: number,
  toEnd: boolean,
): Promise<{ lines: LogLine[]; nextOffset: number; firstText: string | null }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.max(0, Math.min(size - offset, READ_LIMIT_BYTES));
    const buffer = Buffer.alloc(length);
    const { bytesRead } = length > 0 ? await handle.read(buffer, 0, length, offset) : { bytesRead: 0 };
    const read = buffer.subarray(0, bytesRead);
    const lastFeed = read.lastIndexOf(0x0a);
    const whole = toEnd && offset + bytesRead >= size ? bytesRead : lastFeed + 1;
    const texts = read.subarray(0, whole).toString('utf8').split('\n');
    if (texts.at(-1) === '') texts.pop();
    const lines = texts.map((text, index) => ({
      file: path,
      line: firstLine + index + 1,
      text: stripCarriageReturn(text),
    }));
    return { lines, nextOffset: offset + whole, firstText: offset === 0 ? (lines[0]?.text ?? null) : null };
  } finally {
    await handle.close();
  }
}

/** Another file in the folder of `path` that `matches`, newest first; compressed files cannot be read on. */
async function findSibling(
  path: string,
  matches: (candidate: string, identity: FileIdentity & { size: number }) => Promise<boolean>,
): Promise<string | null> {
  const folder = dirname(path);
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: { path: string; modified: number }[] = [];
  for (const name of names) {
    if (name.endsWith('.gz') || name.endsWith('.bz2') || name.endsWith('.xz') || name.endsWith('.zst'))
      continue;
    const candidate = join(folder, name);
    if (candidate === path) continue;
    const identity = await identityOf(candidate);
    if (identity && (await matches(candidate, identity))) {
      found.push({ path: candidate, modified: (await stat(candidate)).mtimeMs });
    }
  }
  found.sort((a, b) => b.modified - a.modified);
  return found[0]?.path ?? null;
}

/** The call a line belongs to, or null for lines about no call (agent log-ins, pauses, queue events). */
function callOf(text: string): { callId: string; logTime: number } | null {
  const [time = '', callId = ''] = text.split('|', 2);
  if (callId === '' || callId === 'NONE') return null;
  const logTime = Number(time);
  return Number.isFinite(logTime) ? { callId, logTime: Math.floor(logTime) } : null;
}

async function loadState(engine: Engine, path: string): Promise<FollowState | null> {
  const rows = await engine.all(
    'SELECT device, inode, byte_offset, lines_read, first_line_hash FROM queue_log_follows WHERE path = $1',
    [path],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    device: String(row.device),
    inode: String(row.inode),
    byteOffset: Number(row.byte_offset),
    linesRead: Number(row.lines_read),
    firstLineHash: row.first_line_hash === null ? null : String(row.first_line_hash),
  };
}

async function loadCallLines(engine: Engine, path: string, callIds: readonly string[]) {
  const rows = [];
  for (let i = 0; i < callIds.length; i += 500) {
    const chunk = callIds.slice(i, i + 500);
    rows.push(
      ...(await engine.all(
        `SELECT call_id, seq, log_time, file, line, text FROM queue_log_call_lines
         WHERE path = $1 AND call_id IN (${chunk.map((_, j) => `$${j + 2}`).join(', ')})`,
        [path, ...chunk],
      )),
    );
  }
  rows.sort((a, b) => Number(a.seq) - Number(b.seq));
  return rows.map(
    (r): RetainedLine => ({
      callId: String(r.call_id),
      seq: Number(r.seq),
      logTime: Number(r.log_time),
      file: String(r.file),
      line: Number(r.line),
      text: String(r.text),
    }),
  );
}

/** What one look found: the lines to import and where the follow will be once they are imported. */
interface Look {
  lines: LogLine[];
  next: FollowState | null;
  gaps: string[];
}

/** Reads what was added to the log at `path` since `state`, following rotations (see the top). */
async function look(path: string, state: FollowState | null): Promise<Look> {
  const current = await identityOf(path);
  const gaps: string[] = [];
  const lines: LogLine[] = [];
  let position = state;

  if (position && !(current && sameFile(current, position))) {
    // Renamed away (or removed): read the rest of the old file, found by its inode.
    const old = position;
    const oldPath = await findSibling(path, async (candidate, identity) => {
      if (!sameFile(identity, old)) return false;
      return old.firstLineHash === null || (await firstLineHash(candidate)) === old.firstLineHash;
    });
    if (oldPath) {
      // Until another file is at the path, the old one may still be written to.
      const read = await readLines(oldPath, old.byteOffset, old.linesRead, current !== null);
      lines.push(...read.lines);
      position = { ...old, byteOffset: read.nextOffset, linesRead: old.linesRead + read.lines.length };
      if (current === null || read.nextOffset < (await stat(oldPath)).size) {
        return { lines, next: position, gaps };
      }
    } else if (current !== null) {
      gaps.push(
        `the file read until byte ${old.byteOffset} was rotated and cannot be found uncompressed beside ${basename(path)}: lines added to it after that byte are not imported`,
      );
    }
    if (current === null) return { lines, next: position, gaps };
    position = null;
  }
  if (current === null) return { lines, next: position, gaps };

  if (position && position.byteOffset > 0) {
    const firstNow = await firstLineHash(path);
    if (current.size < position.byteOffset || firstNow !== position.firstLineHash) {
      // Truncated (copytruncate) or written anew in place: the rest is in the copy, if there is one.
      const was = position;
      const copy = await findSibling(
        path,
        async (candidate, identity) =>
          identity.size >= was.byteOffset && (await firstLineHash(candidate)) === was.firstLineHash,
      );
      if (copy) {
        const read = await readLines(copy, was.byteOffset, was.linesRead, true);
        lines.push(...read.lines);
        if (read.nextOffset < (await stat(copy)).size) {
          return {
            lines,
            next: { ...was, byteOffset: read.nextOffset, linesRead: was.linesRead + read.lines.length },
            gaps,
          };
        }
      } else {
        gaps.push(
          `${basename(path)} was truncated after ${was.byteOffset} bytes had been read and no copy of it was found beside it: lines added between the last look and the truncation are not imported`,
        );
      }
      position = null;
    }
  }

  const from = position ?? { ...current, byteOffset: 0, linesRead: 0, firstLineHash: null };
  const read = await readLines(path, from.byteOffset, from.linesRead, false);
  lines.push(...read.lines);
  return {
    lines,
    next: {
      device: current.device,
      inode: current.inode,
      byteOffset: read.nextOffset,
      linesRead: from.linesRead + read.lines.length,
      firstLineHash: read.firstText !== null ? hashLine(read.firstText) : from.firstLineHash,
    },
    gaps,
  };
}

export interface QueueLogFollower {
  readonly path: string;
  /** Looks once: imports what was added since the last look. Resolves with what it imported, if anything. */
  poll(): Promise<QueueLogImport | null>;
  /** Looks every `intervalSeconds` until stopped. */
  start(): void;
  /** Stops looking; waits for a look in progress. */
  stop(): Promise<void>;
}

/**
 * A follower of the queue_log at `path` importing into `engine`. Looks never overlap. A look that
 * fails (the database refused the import) leaves the position where it was: the next one tries again.
 */
export function followQueueLog(
  engine: Engine,
  path: string,
  options: QueueLogFollowOptions = {},
): QueueLogFollower {
  const source = options.source ?? asteriskQueueLog.name;
  const intervalMs = (options.intervalSeconds ?? 1) * 1000;
  let running: Promise<QueueLogImport | null> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let lastFailure: string | null = null;

  const notice = (value: QueueLogNotice) => options.onNotice?.(value);

  async function pollOnce(): Promise<QueueLogImport | null> {
    const state = await loadState(engine, path);
    const found = await look(path, state);
    for (const message of found.gaps) notice({ kind: 'rotation_gap', path, message });
    if (found.next === null) return null;
    let fresh = found.lines;
    const touched = [...new Set(fresh.map((l) => callOf(l.text)?.callId).filter((id) => id !== undefined))];
    const kept = await loadCallLines(engine, path, touched);

    let summary: SourceImportSummary | null = null;
    if (fresh.length > 0) {
      const workDir = await makeWorkDir('queue-log-follow');
      try {
        // A line the converter refuses is reported with its place and left out; the rest is imported.
        const skipped = new Set<LogLine>();
        const keptLines = new Set<LogLine>(kept);
        for (;;) {
          const feed = [...kept, ...fresh.filter((l) => !skipped.has(l))];
          if (feed.length === 0) break;
          const file = join(workDir, 'queue_log');
          await writeFile(file, `${feed.map((l) => l.text).join('\n')}\n`);
          const result = await importSource(engine, asteriskQueueLog, [file], { source });
          if (result.ok) {
            summary = result.data;
            break;
          }
          const problems = result.error.kind === 'bad_rows' ? result.error.problems : [];
          const refused = problems.map((p) => ({
            problem: p,
            line: p.file === file ? feed[p.line - 1] : undefined,
          }));
          if (refused.length === 0 || refused.some((r) => r.line === undefined)) {
            throw new Error(`the import of ${path} failed: ${JSON.stringify(result.error)}`);
          }
          for (const { problem, line } of refused) {
            if (!line) continue;
            if (keptLines.has(line)) {
              throw new Error(
                `a line kept from ${line.file} line ${line.line} is refused now: ${problem.reason}`,
              );
            }
            skipped.add(line);
            notice({ kind: 'skipped_line', path, problem: { ...problem, file: line.file, line: line.line } });
          }
        }
        fresh = fresh.filter((l) => !skipped.has(l));
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    }
    await saveState(engine, path, found.next, fresh);
    if (summary === null) return null;
    return { path, lines: found.lines.length, calls: touched.length, summary };
  }

  function poll(): Promise<QueueLogImport | null> {
    running ??= pollOnce().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        const imported = await poll();
        lastFailure = null;
        if (imported) options.onImported?.(imported);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // A failure that repeats every second is reported once.
        if (message !== lastFailure) notice({ kind: 'failed', path, message });
        lastFailure = message;
      }
      schedule();
    }, intervalMs);
  }

  return {
    path,
    poll,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** Saves the new position and the lines of calls going on, in one transaction. */
async function saveState(
  engine: Engine,
  path: string,
  next: FollowState,
  fresh: readonly LogLine[],
): Promise<void> {
  await engine.transaction(async () => {
    await engine.run('DELETE FROM queue_log_follows WHERE path = $1', [path]);
    await engine.run(
      `INSERT INTO queue_log_follows (path, device, inode, byte_offset, lines_read, first_line_hash, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, CURRENT_TIMESTAMP)`,
      [path, next.device, next.inode, next.byteOffset, next.linesRead, next.firstLineHash],
    );
    const rows = await engine.all(
      'SELECT coalesce(max(seq), 0) AS seq, coalesce(max(log_time), 0) AS latest FROM queue_log_call_lines WHERE path = $1',
      [path],
    );
    let seq = Number(rows[0]?.seq ?? 0);
    let latest = Number(rows[0]?.latest ?? 0);
    const added: unknown[][] = [];
    for (const line of fresh) {
      const call = callOf(line.text);
      if (!call) continue;
      seq++;
      latest = Math.max(latest, call.logTime);
      added.push([path, call.callId, seq, call.logTime, line.file, line.line, line.text]);
    }
    await engine.insertRows(
      'queue_log_call_lines',
      ['path', 'call_id', 'seq', 'log_time', 'file', 'line', 'text'],
      added,
    );
    // A call whose last line is a day older than the newest line is over: a later line with its id
    // starts a new call, as in the converter.
    await engine.run(
      `DELETE FROM queue_log_call_lines WHERE path = $1 AND call_id IN (
         SELECT call_id FROM queue_log_call_lines WHERE path = $1 GROUP BY call_id HAVING max(log_time) < $2)`,
      [path, latest - KEEP_CALL_LINES_S],
    );
  });
}

/**
 * The queue logs a server follows (`serve --follow-queue-log`): started with the server, stopped
 * before its database closes. Listeners hear of every import (to forget kept KPI results, to count).
 */
export class QueueLogFollowers {
  private readonly followers: QueueLogFollower[];
  private readonly imported = new Set<(imported: QueueLogImport) => void>();

  constructor(
    engine: Engine,
    paths: readonly string[],
    options: Omit<QueueLogFollowOptions, 'onImported'> = {},
  ) {
    this.followers = paths.map((path) =>
      followQueueLog(engine, path, {
        ...options,
        onImported: (imported) => {
          for (const listener of this.imported) listener(imported);
        },
      }),
    );
  }

  get paths(): string[] {
    return this.followers.map((f) => f.path);
  }

  onImported(listener: (imported: QueueLogImport) => void): void {
    this.imported.add(listener);
  }

  start(): void {
    for (const follower of this.followers) follower.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
  }
}
