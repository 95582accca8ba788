/**
 * API and dashboard benchmark: a demo database of 1M contacts (BENCH_API_CONTACTS) served by
 * `servicemeter serve`; 20 signed-in users (BENCH_API_USERS) load the overview at once, again and
 * again, as the dashboard does (the totals with the previous period, and the sparkline series), first
 * all on the same view, then each on a view of their own (another channel and period). Then Chromium
 * signs in and the time until the overview tiles show their numbers is taken. A report, not a test.
 *
 *   node --expose-gc dist/bench/api.js
 *   BENCH_API_CONTACTS=100000 node --expose-gc dist/bench/api.js
 *
 * Writes bench/out/api.json.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import { startServer } from '../src/server/serve.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { createUser } from '../src/services/users.js';
import { fmtS, measureStep } from './measure.js';

const CONTACTS = Number(process.env.BENCH_API_CONTACTS ?? 1_000_000);
const USERS = Number(process.env.BENCH_API_USERS ?? 20);
const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 5);
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
const PASSWORD = 'bench-password-2026';
const say = (line = '') => console.log(line);

/** The KPIs of the overview tiles (web/src/pages/Overview.tsx). */
const OVERVIEW_KPIS = [
  'contacts_created',
  'contacts_resolved',
  'backlog_open',
  'frt',
  'frt_within_target',
  'resolution_time',
  'fcr_rate',
  'reopen_rate',
  'csat',
  'nps',
  'ces',
  'abandonment_rate',
  'service_level',
  'asa',
  'aht',
  'escalation_rate',
];

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(url: string, email: string): Promise<Session> {
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

/** One overview load: its two KPI queries at once, as the page sends them. Returns both latencies (ms). */
async function loadOverview(
  url: string,
  session: Session,
  view: { from: string; to: string; channel?: string },
) {
  const base = {
    kpis: OVERVIEW_KPIS,
    from: view.from,
    to: view.to,
    timezone: 'UTC',
    filters: view.channel ? { channel: [view.channel] } : {},
  };
  const post = async (body: object) => {
    const started = performance.now();
    const response = await fetch(`${url}api/kpi/query`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        origin: url.replace(/\/$/, ''),
      },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`kpi query: ${response.status}`);
    return performance.now() - started;
  };
  return Promise.all([post({ ...base, compare: true }), post({ ...base, grain: 'week' })]);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function concurrentLoads(
  url: string,
  sessions: Session[],
  viewOf: (user: number, round: number) => { from: string; to: string; channel?: string },
) {
  const rounds: number[][] = Array.from({ length: ROUNDS }, () => []);
  const started = performance.now();
  await Promise.all(
    sessions.map(async (session, user) => {
      for (let round = 0; round < ROUNDS; round++)
        rounds[round]?.push(...(await loadOverview(url, session, viewOf(user, round))));
    }),
  );
  return { rounds, seconds: (performance.now() - started) / 1000 };
}

function describe(label: string, run: { rounds: number[][]; seconds: number }) {
  const all = run.rounds.flat();
  const later = run.rounds.slice(1).flat();
  const stats = (values: number[]) => ({
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: Math.max(...values),
  });
  const overall = stats(all);
  const warm = stats(later);
  const ms = (v: number) => `${Math.round(v)} ms`;
  say(
    `  ${label}: ${all.length} requests in ${fmtS(run.seconds)}; p50 ${ms(overall.p50)}, p95 ${ms(overall.p95)}, max ${ms(overall.max)}`,
  );
  say(`  after the first round: p50 ${ms(warm.p50)}, p95 ${ms(warm.p95)}, max ${ms(warm.max)}`);
  say(`  target: p95 ≤ 300 ms: ${ms(overall.p95)} — ${overall.p95 <= 300 ? 'PASS' : 'MISS'}`);
  return {
    requests: all.length,
    seconds: run.seconds,
    ...overall,
    afterFirstRound: warm,
    pass: overall.p95 <= 300,
  };
}

/** Chromium signs in; seconds until every overview tile shows its number. Null without Chromium. */
async function dashboardReady(url: string): Promise<number | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.getByLabel('E-mail').fill('bench-0@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    const started = performance.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Every tile's number is a link once its value has loaded.
    await page
      .locator('[data-testid^="tile-"][data-testid$="-drill"]')
      .nth(OVERVIEW_KPIS.length - 1)
      .waitFor({ timeout: 120_000 });
    return (performance.now() - started) / 1000;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-api-'));
  let engine: DuckDbEngine | null = null;
  try {
    say(`servicemeter API benchmark — ${new Date().toISOString()}`);
    say(`\n── 1. a demo database of ${CONTACTS.toLocaleString('en-US')} contacts`);
    const data = join(dir, 'data');
    const dbPath = join(dir, 'api.duckdb');
    const prepared = await measureStep(async () => {
      await writeDemoFiles(data, { contacts: CONTACTS, seed: 1 });
      engine = await openDuckDb({ path: dbPath });
      await migrate(engine);
      const imported = await importFiles(engine, [data]);
      if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.error).slice(0, 1000)}`);
      for (let i = 0; i < USERS; i++) {
        // One admin, so the dashboard does not offer its first-run setup; the others are managers.
        const user = await createUser(engine, {
          email: `bench-${i}@example.com`,
          password: PASSWORD,
          role: i === 0 ? 'admin' : 'manager',
        });
        if (!user.ok) throw new Error(`user: ${JSON.stringify(user.error)}`);
      }
      const range = await engine.all("SELECT strftime(max(created_at), '%Y-%m-%d') AS last FROM contacts");
      return String(range[0]?.last);
    });
    await rm(data, { recursive: true, force: true });
    const last = prepared.result;
    say(`  generated, imported and rebuilt in ${fmtS(prepared.stats.seconds)}; last contact on ${last}`);

    const server = await startServer(engine as unknown as DuckDbEngine, {
      dbPath,
      port: 0,
      host: '127.0.0.1',
      staticDir: existsSync(join(WEB_DIR, 'index.html')) ? WEB_DIR : null,
      version: 'bench',
      log: () => undefined,
    });
    engine = null; // the server owns and closes it
    try {
      const day = (offset: number) =>
        new Date(Date.parse(`${last}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
      const sessions = await Promise.all(
        Array.from({ length: USERS }, (_, i) => signIn(server.url, `bench-${i}@example.com`)),
      );

      say('\n── 2. Chromium: sign in until the overview tiles show their numbers (nothing computed yet)');
      const ready = await dashboardReady(server.url);
      if (ready === null) say('  Chromium not found: skipped (apt-get install -y chromium)');
      else {
        say(`  ${fmtS(ready)}`);
        say(`  target: usable ≤ 2 s after login: ${fmtS(ready)} — ${ready <= 2 ? 'PASS' : 'MISS'}`);
      }

      say(`\n── 3. ${USERS} users load the same overview (last 90 days), ${ROUNDS} times each`);
      const same = describe(
        'same view',
        await concurrentLoads(server.url, sessions, () => ({ from: day(-89), to: day(1) })),
      );

      const channels = ['email', 'chat', 'phone', 'social', 'web_form'];
      say(`\n── 4. ${USERS} users each on a view of their own (channel and period), ${ROUNDS} times each`);
      const own = describe(
        'own views',
        await concurrentLoads(server.url, sessions, (user, round) => ({
          from: day(-89 - user - round * USERS),
          to: day(1 - user - round * USERS),
          channel: channels[user % channels.length],
        })),
      );

      say('\n── 5. Chromium again, now that others have opened the same overview');
      const warmReady = await dashboardReady(server.url);
      if (warmReady !== null) say(`  ${fmtS(warmReady)}`);

      await mkdir(OUT_DIR, { recursive: true });
      const outPath = join(OUT_DIR, 'api.json');
      await writeFile(
        outPath,
        `${JSON.stringify({ date: new Date().toISOString(), contacts: CONTACTS, users: USERS, rounds: ROUNDS, prepareSeconds: prepared.stats.seconds, sameView: same, ownViews: own, dashboardReadySeconds: ready, dashboardReadyWarmSeconds: warmReady }, null, 2)}\n`,
      );
      say(`\n  figures written to ${outPath}`);
    } finally {
      await server.close();
    }
  } finally {
    if (engine) await (engine as DuckDbEngine).close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
