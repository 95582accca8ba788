/**
 * What the API benchmarks share: a demo database prepared for them, `servicemeter serve` in a
 * process of its own as a team runs it, signed-in users and latency figures.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../src/core/engine.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { measureStep } from './measure.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
export const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
export const PASSWORD = 'bench-password-2026';

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(url: string, email: string): Promise<Session> {
  const response = await fetch(`${url}api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url.replace(/\/$/, '') },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
  const body = (await response.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

/** Headers of a signed-in request from the dashboard's own origin. */
export function sessionHeaders(url: string, session: Session): Record<string, string> {
  return {
    'content-type': 'application/json',
    cookie: session.cookie,
    'x-csrf-token': session.csrf,
    origin: url.replace(/\/$/, ''),
  };
}

/**
 * A demo database at `dbPath` (generated and imported unless `reused`), migrated, with the users
 * `addUsers` creates. Returns the day of the last contact, the number of contacts and how long it took.
 */
export async function prepareDemoDatabase(options: {
  dir: string;
  dbPath: string;
  contacts: number;
  reused: boolean;
  addUsers: (engine: Engine) => Promise<void>;
}) {
  const data = join(options.dir, 'data');
  const prepared = await measureStep(async () => {
    if (!options.reused) await writeDemoFiles(data, { contacts: options.contacts, seed: 1 });
    const engine = await openDuckDb({ path: options.dbPath });
    try {
      await migrate(engine);
      if (!options.reused) {
        const imported = await importFiles(engine, [data]);
        if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.error).slice(0, 1000)}`);
      }
      await options.addUsers(engine);
      const range = await engine.all(
        "SELECT strftime(max(created_at), '%Y-%m-%d') AS last, count(*) AS n FROM contacts",
      );
      return { last: String(range[0]?.last), contacts: Number(range[0]?.n) };
    } finally {
      await engine.close();
    }
  });
  await rm(data, { recursive: true, force: true });
  return { ...prepared.result, seconds: prepared.stats.seconds };
}

/** `servicemeter serve` in a process of its own, as a team runs it; resolves with its URL. */
export async function serveInChild(dbPath: string) {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += String(chunk);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (text) => {
      const found = /is serving .* at (http\S+)/.exec(text);
      if (found?.[1]) resolve(found[1]);
    });
    child.stderr.on('data', (chunk) => {
      const found = /is serving .* at (http\S+)/.exec(String(chunk));
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`servicemeter serve exited with ${code}: ${errors}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop, pid: child.pid, errors: () => errors };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export interface Latencies {
  requests: number;
  p50: number;
  p95: number;
  max: number;
}

export function latencies(values: readonly number[]): Latencies {
  return {
    requests: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length === 0 ? Number.NaN : values.reduce((a, b) => Math.max(a, b), 0),
  };
}

export const ms = (v: number) => `${Math.round(v)} ms`;

/**
 * Deterministic 0–1 numbers, so every run asks for the same views at the same pace. The seed is
 * mixed first (murmur3's finaliser): a linear congruential step from seeds 1, 2, 3… gives nearly
 * the same first number for each, which sent every simulated user in at the same instant.
 */
export function randomFrom(seed: number) {
  let state = seed >>> 0;
  state = Math.imul(state ^ (state >>> 16), 0x85eb_ca6b) >>> 0;
  state = Math.imul(state ^ (state >>> 13), 0xc2b2_ae35) >>> 0;
  state = (state ^ (state >>> 16)) >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The day `offset` days after `day` (YYYY-MM-DD). */
export function dayAfter(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}
