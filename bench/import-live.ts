/**
 * An import through the running server while people read: 100,000 contacts
 * (BENCH_IMPORT_CONTACTS) sent to POST /api/imports of `servicemeter serve` (a process of its own,
 * over a demo database of 100,000 contacts, BENCH_IMPORT_BASE) while 20 signed-in managers
 * (BENCH_IMPORT_USERS) read the API as people do, each answer read for 2–8 s before the next
 * request (the status, an overview, the contacts behind it; bench/load.ts paces its users alike),
 * on a server warmed with those views.
 *
 * Reported: the import's time from sending to its result, and the reads' p50, p95 and max before
 * and during the import. The requirement: no read waits more than 1 s behind the import, and
 * none fails. A report, not a test: it exits 0 when the target is missed.
 *
 *   node dist/bench/import-live.js
 *   BENCH_IMPORT_CONTACTS=20000 BENCH_IMPORT_BASE=20000 node dist/bench/import-live.js
 *
 * Writes bench/out/import-live.json.
 */
import { openAsBlob } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OVERVIEW_KPIS } from '../src/core/kpi/overview.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { createUser } from '../src/services/users.js';
import { fmtS } from './measure.js';
import {
  dayAfter,
  type Latencies,
  latencies,
  ms,
  OUT_DIR,
  PASSWORD,
  prepareDemoDatabase,
  randomFrom,
  type Session,
  serveInChild,
  sessionHeaders,
  signIn,
} from './serve.js';

const CONTACTS = Number(process.env.BENCH_IMPORT_CONTACTS ?? 100_000);
const BASE = Number(process.env.BENCH_IMPORT_BASE ?? 100_000);
const USERS = Number(process.env.BENCH_IMPORT_USERS ?? 20);
const BEFORE_S = 30;
const TARGET_MS = 1000;
const say = (line = '') => console.log(line);

interface Read {
  what: string;
  ms: number;
  at: number;
  ok: boolean;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-import-'));
  const dbPath = join(dir, 'bench.duckdb');
  try {
    say(
      `Import through the running server: ${CONTACTS.toLocaleString('en-US')} contacts into a database of ${BASE.toLocaleString('en-US')}, ${USERS} users reading`,
    );
    const prepared = await prepareDemoDatabase({
      dir,
      dbPath,
      contacts: BASE,
      reused: false,
      addUsers: async (engine) => {
        for (let i = 0; i <= USERS; i++) {
          const made = await createUser(engine, {
            email: `user${i}@example.com`,
            // Managers: they read the figures and the contacts behind them.
            role: i === 0 ? 'admin' : 'manager',
            password: PASSWORD,
          });
          if (!made.ok) throw new Error(JSON.stringify(made.error));
        }
      },
    });
    say(`database prepared in ${fmtS(prepared.seconds)}; last contact ${prepared.last}`);
    const files = join(dir, 'import');
    await mkdir(files, { recursive: true });
    await writeDemoFiles(files, { contacts: CONTACTS, seed: 2 });

    const served = await serveInChild(dbPath);
    try {
      const admin = await signIn(served.url, 'user0@example.com');
      const users: Session[] = [];
      for (let i = 1; i <= USERS; i++) users.push(await signIn(served.url, `user${i}@example.com`));
      const to = dayAfter(prepared.last, 1);
      const ranges = [90, 30, 7].map((days) => ({ from: dayAfter(to, -days), to }));
      // Warm, as a server is after its first minutes: the views below computed once.
      for (const range of ranges)
        for (const [path, body] of [
          ['api/kpi/query', { ...range, kpis: [...OVERVIEW_KPIS], compare: true }],
          ['api/contacts/query', { ...range, page: 1, pageSize: 25 }],
        ] as const)
          await fetch(`${served.url}${path}`, {
            method: 'POST',
            headers: sessionHeaders(served.url, admin),
            body: JSON.stringify(body),
          }).then((r) => r.arrayBuffer());
      const reads: Read[] = [];
      const stop = { done: false };
      const read = async (
        session: Session,
        pause: () => number,
        what: string,
        path: string,
        body?: unknown,
      ) => {
        const at = performance.now();
        let ok = false;
        try {
          const response = await fetch(`${served.url}${path}`, {
            method: body === undefined ? 'GET' : 'POST',
            headers: sessionHeaders(served.url, session),
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          await response.arrayBuffer();
          ok = response.ok;
        } catch {
          ok = false;
        }
        reads.push({ what, ms: performance.now() - at, at, ok });
        await new Promise((resolve) => setTimeout(resolve, pause()));
      };
      const reading = users.map(async (session, index) => {
        const random = randomFrom(index + 1);
        const pause = () => 2000 + random() * 6000;
        for (let round = index; !stop.done; round++) {
          const range = ranges[round % ranges.length] ?? { from: to, to };
          await read(session, pause, 'status', 'api/status');
          await read(session, pause, 'kpis', 'api/kpi/query', {
            ...range,
            kpis: [...OVERVIEW_KPIS],
            compare: true,
          });
          await read(session, pause, 'contacts', 'api/contacts/query', { ...range, page: 1, pageSize: 25 });
        }
      });
      await new Promise((resolve) => setTimeout(resolve, BEFORE_S * 1000));

      const form = new FormData();
      for (const name of (await readdir(files)).sort())
        form.append('files', await openAsBlob(join(files, name)), name);
      const { 'content-type': _json, ...headers } = sessionHeaders(served.url, admin);
      const started = performance.now();
      const sent = await fetch(`${served.url}api/imports`, { method: 'POST', headers, body: form });
      if (sent.status !== 202) throw new Error(`import refused: ${sent.status} ${await sent.text()}`);
      const job = (await sent.json()) as { id: string };
      const sentMs = performance.now() - started;
      const events = await (await fetch(`${served.url}api/imports/${job.id}/events`, { headers })).text();
      const importMs = performance.now() - started;
      stop.done = true;
      await Promise.all(reading);
      const outcome = /event: (result|failed)\n/.exec(events)?.[1] ?? 'unknown';

      const before = reads.filter((r) => r.at < started);
      const during = reads.filter((r) => r.at >= started && r.at <= started + importMs);
      const figures = (list: Read[]): Latencies & { failed: number } => ({
        ...latencies(list.map((r) => r.ms)),
        failed: list.filter((r) => !r.ok).length,
      });
      const report = {
        contacts: CONTACTS,
        base: BASE,
        users: USERS,
        outcome,
        uploadSeconds: sentMs / 1000,
        importSeconds: importMs / 1000,
        before: figures(before),
        during: figures(during),
        duringByEndpoint: Object.fromEntries(
          ['status', 'kpis', 'contacts'].map((what) => [
            what,
            figures(during.filter((r) => r.what === what)),
          ]),
        ),
      };
      say(`import ${outcome} in ${fmtS(report.importSeconds)} (upload ${fmtS(report.uploadSeconds)})`);
      for (const [label, f] of [
        ['before', report.before],
        ['during', report.during],
        ...Object.entries(report.duringByEndpoint).map(([what, f]) => [`  ${what}`, f] as const),
      ] as const)
        say(
          `${String(label).padEnd(10)} ${String(f.requests).padStart(6)} reads  p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  max ${ms(f.max)}  failed ${f.failed}`,
        );
      const met = report.during.max <= TARGET_MS && report.during.failed === 0 && outcome === 'result';
      say(met ? 'target met: no read over 1 s during the import, none failed' : 'TARGET MISSED');
      await mkdir(OUT_DIR, { recursive: true });
      await writeFile(join(OUT_DIR, 'import-live.json'), `${JSON.stringify(report, null, 2)}\n`);
    } finally {
      await served.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
