import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { writeDemoFiles } from './demo/generate.js';
import { type ImportJobEvent, ImportJobs, ImportRefused, type ImportSettings } from './import-jobs.js';
import { receiveUpload, safeFileName, UploadRefused } from './import-jobs-upload.js';
import { migrate } from './migrate.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures');
const HELPDESK = join(FIXTURES, 'small-helpdesk');

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-import-jobs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A body delivered in chunks of `size` bytes, so delimiters fall across chunk edges. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      }
    },
  });
}

async function multipart(parts: { field: string; name?: string; content: string | Uint8Array }[]) {
  const form = new FormData();
  for (const part of parts) {
    if (part.name === undefined) form.append(part.field, String(part.content));
    else form.append(part.field, new Blob([part.content]), part.name);
  }
  const request = new Request('http://127.0.0.1/', { method: 'POST', body: form });
  return {
    bytes: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
}

describe('receiving an upload', () => {
  test('multipart files land on disk under their names, gzipped ones decompressed, whatever the chunks', async () => {
    const contacts = await readFile(join(HELPDESK, 'contacts.csv'));
    const events = await readFile(join(HELPDESK, 'contact_events.csv'));
    const body = await multipart([
      { field: 'files', name: 'contacts.csv', content: contacts },
      { field: 'files', name: 'contact_events.csv.gz', content: gzipSync(events) },
      { field: 'mapping', name: 'map.json', content: '{"a":1}' },
    ]);
    for (const size of [1, 7, 64 * 1024]) {
      const target = join(dir, String(size));
      const upload = await receiveUpload(
        {
          body: chunked(body.bytes, size),
          contentType: body.contentType,
          contentEncoding: undefined,
          fileName: undefined,
        },
        target,
        10 * 1024 * 1024,
      );
      expect(upload.files.map((f) => [f.name, f.bytes])).toEqual([
        ['contacts.csv', contacts.length],
        ['contact_events.csv', events.length],
      ]);
      expect(await readFile(upload.files[0]?.path ?? '')).toEqual(contacts);
      expect(await readFile(upload.files[1]?.path ?? '')).toEqual(events);
      expect(await readFile(upload.mapping?.path ?? '', 'utf8')).toBe('{"a":1}');
    }
  });

  test('a body that is one file needs its name, and may be sent gzipped', async () => {
    const contacts = await readFile(join(HELPDESK, 'contacts.csv'));
    const refused = receiveUpload(
      {
        body: chunked(contacts, 100),
        contentType: 'text/csv',
        contentEncoding: undefined,
        fileName: undefined,
      },
      dir,
      1024 * 1024,
    );
    await expect(refused).rejects.toThrow(/needs its name/);
    const upload = await receiveUpload(
      {
        body: chunked(gzipSync(contacts), 100),
        contentType: 'text/csv',
        contentEncoding: 'gzip',
        fileName: '../x/contacts.csv',
      },
      dir,
      1024 * 1024,
    );
    expect(upload.files).toEqual([
      { name: 'contacts.csv', path: join(dir, 'files', 'contacts.csv'), bytes: contacts.length },
    ]);
  });

  test('what is stored counts against the limit, so a gzip bomb is stopped too, and nothing stays', async () => {
    const zeros = gzipSync(Buffer.alloc(5 * 1024 * 1024));
    expect(zeros.length).toBeLessThan(64 * 1024);
    const attempt = receiveUpload(
      {
        body: chunked(zeros, 4096),
        contentType: 'application/octet-stream',
        contentEncoding: undefined,
        fileName: 'contacts.csv.gz',
      },
      dir,
      1024 * 1024,
    );
    await expect(attempt).rejects.toMatchObject({ status: 413, message: /larger than the limit of 1 MiB/ });
    expect(await readdir(dir)).toEqual([]);
    const body = await multipart([{ field: 'files', name: 'contacts.csv', content: 'x'.repeat(2000) }]);
    await expect(
      receiveUpload(
        {
          body: chunked(body.bytes, 512),
          contentType: body.contentType,
          contentEncoding: undefined,
          fileName: undefined,
        },
        dir,
        1000,
      ),
    ).rejects.toBeInstanceOf(UploadRefused);
  });

  test('a field that is not a file, two files of one name, a cut body and a broken gzip are refused', async () => {
    const cases: [Awaited<ReturnType<typeof multipart>>, RegExp][] = [
      [await multipart([{ field: 'format', content: 'zendesk' }]), /'format' is not a file.*query/],
      [
        await multipart([
          { field: 'files', name: 'contacts.csv', content: 'a' },
          { field: 'files', name: 'dir/contacts.csv', content: 'b' },
        ]),
        /two files are named contacts.csv/,
      ],
      [
        await multipart([{ field: 'files', name: 'contacts.csv.gz', content: 'not gzip' }]),
        /contacts.csv: not readable as gzip/,
      ],
    ];
    for (const [body, message] of cases)
      await expect(
        receiveUpload(
          {
            body: chunked(body.bytes, 50),
            contentType: body.contentType,
            contentEncoding: undefined,
            fileName: undefined,
          },
          dir,
          1e6,
        ),
      ).rejects.toThrow(message);
    const whole = await multipart([{ field: 'files', name: 'contacts.csv', content: 'abc' }]);
    await expect(
      receiveUpload(
        {
          body: chunked(whole.bytes.slice(0, whole.bytes.length - 10), 50),
          contentType: whole.contentType,
          contentEncoding: undefined,
          fileName: undefined,
        },
        dir,
        1e6,
      ),
    ).rejects.toThrow(/ended before its closing boundary/);
  });

  test('names sent become safe file names', () => {
    expect(safeFileName('C:\\exports\\contacts 2026.csv')).toBe('contacts_2026.csv');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..')).toBeNull();
  });
});

describe('import jobs', () => {
  let db: DuckDbEngine;
  let jobs: ImportJobs;
  const settings: ImportSettings = {
    format: null,
    skipBadRows: false,
    rebuild: true,
    source: null,
    timezone: null,
    idleGapSeconds: null,
  };

  beforeEach(async () => {
    db = await openDuckDb({ path: join(dir, 'db.duckdb') });
    await migrate(db);
    jobs = new ImportJobs({ database: db, audit: db });
  });

  afterEach(async () => {
    await jobs.close();
    await db.close();
  });

  /** The fixture's files (or the given contents) as an upload in a new job folder. */
  async function upload(files: Record<string, string | Buffer>, mapping?: { name: string; content: string }) {
    const folder = await jobs.newFolder();
    const body = await multipart([
      ...Object.entries(files).map(([name, content]) => ({ field: 'files', name, content })),
      ...(mapping ? [{ field: 'mapping', ...mapping }] : []),
    ]);
    const received = await receiveUpload(
      {
        body: chunked(body.bytes, 4096),
        contentType: body.contentType,
        contentEncoding: undefined,
        fileName: undefined,
      },
      folder,
      1e8,
    );
    return { folder, received };
  }

  async function helpdeskFiles(): Promise<Record<string, Buffer>> {
    const names = (await readdir(HELPDESK)).filter((n) => n.endsWith('.csv'));
    return Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await readFile(join(HELPDESK, n))] as const)),
    );
  }

  function events(id: string): Promise<ImportJobEvent[]> {
    const seen: ImportJobEvent[] = [];
    return new Promise((resolve) => {
      jobs.follow(id, (event) => {
        seen.push(event);
        if (event.event === 'result' || event.event === 'failed') resolve(seen);
      });
    });
  }

  test('canonical files are detected, imported and rebuilt; the job tells its state, progress and result', async () => {
    const { folder, received } = await upload(await helpdeskFiles());
    const imported: string[] = [];
    jobs.onImported((job) => imported.push(job.id));
    const job = await jobs.submit(folder, received, settings, 'admin@example.com');
    expect(job).toMatchObject({ state: 'queued', format: 'canonical', createdBy: 'admin@example.com' });
    const seen = await events(job.id);
    expect(seen[0]?.event).toBe('state');
    const phases = seen.flatMap((e) => (e.event === 'progress' ? [e.data.phase] : []));
    expect(phases).toContain('load');
    expect(phases).toContain('rebuild');
    const last = seen.at(-1);
    expect(last?.event).toBe('result');
    const done = jobs.get(job.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.result?.files.find((f) => f.table === 'contacts')).toMatchObject({
      file: 'contacts.csv',
      rowsImported: 6,
    });
    expect(done?.result?.facts?.contacts).toBe(6);
    expect(imported).toEqual([job.id]);
    const rows = await db.all('SELECT count(*) AS n FROM contact_facts');
    expect(Number(rows[0]?.n)).toBe(6);
    // The uploaded files are gone once imported; the audit says who imported what.
    expect(existsSync(join(folder, 'files'))).toBe(false);
    const audit = await db.all("SELECT action, email, target FROM audit_log WHERE action LIKE 'import.%'");
    expect(audit).toEqual([{ action: 'import.finish', email: 'admin@example.com', target: job.id }]);
  });

  test('rows imported but facts not rebuilt: the job succeeded and says the facts are stale, not "failed"', async () => {
    await jobs.close();
    jobs = new ImportJobs({
      database: db,
      audit: db,
      aroundRebuild: () => Promise.reject(new Error('Conflict on tuple deletion!')),
    });
    const { folder, received } = await upload(await helpdeskFiles());
    const job = await jobs.submit(folder, received, settings, null);
    const seen = await events(job.id);
    expect(seen.at(-1)?.event).toBe('result');
    const done = jobs.get(job.id);
    expect(done).toMatchObject({ state: 'succeeded', error: { importError: null } });
    expect(done?.error?.message).toBe(
      'imported, facts not rebuilt: Conflict on tuple deletion!; run servicemeter rebuild',
    );
    expect(done?.result?.files.find((f) => f.table === 'contacts')?.rowsImported).toBe(6);
    expect(done?.result?.facts).toBeNull();
    expect(Number((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n)).toBe(6);
    expect(Number((await db.all('SELECT count(*) AS n FROM contact_facts'))[0]?.n)).toBe(0);
  });

  test('a bad row refuses the import naming the file as sent, its line, field and reason; skipping keeps the rejects', async () => {
    const files = await helpdeskFiles();
    const contacts = `${files['contacts.csv']?.toString().trimEnd()}\nhelpdesk,t9,email,yesterday,c9,support,ann,x,,normal,solved,Bad\n`;
    const bad = await upload({ ...files, 'contacts.csv': contacts });
    const refused = await jobs.submit(bad.folder, bad.received, settings, null);
    const seen = await events(refused.id);
    expect(seen.at(-1)?.event).toBe('failed');
    const failure = jobs.get(refused.id)?.error;
    expect(failure?.importError).toMatchObject({ kind: 'bad_rows', total: 1 });
    expect(failure?.importError?.kind === 'bad_rows' && failure.importError.problems[0]).toMatchObject({
      file: 'contacts.csv',
      line: 8,
      column: 'created_at',
    });
    expect(failure?.message).toMatch(/^1 problem found; nothing was imported\.\ncontacts.csv:8 created_at: /);
    expect(Number((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n)).toBe(0);
    expect(await jobs.rejects(refused.id)).toBeNull();

    const skipping = await upload({ ...files, 'contacts.csv': contacts });
    const skipped = await jobs.submit(
      skipping.folder,
      skipping.received,
      { ...settings, skipBadRows: true },
      null,
    );
    await events(skipped.id);
    const done = jobs.get(skipped.id);
    expect(done).toMatchObject({ state: 'succeeded', rejected: 1 });
    expect(done?.result?.rejectsPath).toBe('rejects.csv');
    const rejects = await readFile((await jobs.rejects(skipped.id)) ?? '', 'utf8');
    expect(rejects.split('\n')[1]).toMatch(/^contacts.csv,8,created_at,/);
    expect(Number((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n)).toBe(6);
  });

  test('imports run one at a time, in the order sent, each told how many run before it', async () => {
    const files = await helpdeskFiles();
    const first = await upload(files);
    const second = await upload(files);
    const a = await jobs.submit(first.folder, first.received, settings, null);
    const b = await jobs.submit(second.folder, second.received, settings, null);
    expect(jobs.get(b.id)?.waitingFor).toBeGreaterThanOrEqual(1);
    const [seenA, seenB] = await Promise.all([events(a.id), events(b.id)]);
    const finishedA = Date.parse(jobs.get(a.id)?.finishedAt ?? '');
    const startedB = Date.parse(jobs.get(b.id)?.startedAt ?? '');
    expect(startedB).toBeGreaterThanOrEqual(finishedA);
    expect(seenA.at(-1)?.event).toBe('result');
    expect(seenB.at(-1)?.event).toBe('result');
    // The same files again change nothing: the import is idempotent.
    expect(jobs.get(b.id)?.result?.facts?.contacts).toBe(6);
  });

  test('a server that stops interrupts the running import: nothing of it stays, its folder goes', async () => {
    const demo = join(dir, 'demo');
    await writeDemoFiles(demo, { contacts: 20_000, seed: 3 });
    const files = Object.fromEntries(
      await Promise.all((await readdir(demo)).map(async (n) => [n, await readFile(join(demo, n))] as const)),
    );
    const sent = await upload(files);
    const job = await jobs.submit(sent.folder, sent.received, settings, null);
    const loading = new Promise<void>((resolve) =>
      jobs.follow(job.id, (event) => {
        if (event.event === 'progress' && event.data.phase === 'load') resolve();
      }),
    );
    await loading;
    await jobs.close();
    const stopped = jobs.get(job.id);
    expect(stopped).toMatchObject({
      state: 'failed',
      error: { message: expect.stringMatching(/server stopped/) },
    });
    expect(Number((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n)).toBe(0);
    expect(existsSync(sent.folder)).toBe(false);
  });

  test('a source format is detected from its files, or refused when the files do not say', async () => {
    const queueLog = await readFile(join(FIXTURES, 'sources/asterisk/queue_log'));
    const sent = await upload({ queue_log: queueLog });
    const job = await jobs.submit(sent.folder, sent.received, settings, null);
    expect(job.format).toBe('asterisk-queue-log');
    await events(job.id);
    expect(jobs.get(job.id)).toMatchObject({ state: 'succeeded', result: { format: 'asterisk-queue-log' } });

    const unknown = await upload({ 'notes.txt': 'hello\n' });
    await expect(jobs.submit(unknown.folder, unknown.received, settings, null)).rejects.toThrow(
      /could not be told from the files \(notes.txt: no known format\); choose one/,
    );
    const wrong = await upload({ 'x.csv': 'a,b\n1,2\n' });
    await expect(
      jobs.submit(wrong.folder, wrong.received, { ...settings, format: 'csv' }, null),
    ).rejects.toBeInstanceOf(ImportRefused);
  });
});
