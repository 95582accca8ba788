/**
 * API and dashboard benchmark: a demo database of 1M contacts (BENCH_API_CONTACTS) served by
 * `servicemeter serve` in a process of its own, as it runs for a team. Load comes from 20 signed-in
 * users (BENCH_API_USERS), each overview load being its two KPI queries sent at once, as the
 * dashboard sends them (the totals with the previous period, and the sparkline series):
 *
 *   - a working team (the target): for BENCH_API_SECONDS each user loads an overview, reads it for
 *     2–8 s, loads the next. Three loads in four are the team's overview (the last 90 days, every
 *     channel, in the team's time zone: what the dashboard opens with); one in four a view of the
 *     user's own, a channel and period nobody else asks for, so never computed before;
 *   - a burst: all users open the same overview in the same instant, first before anything is
 *     computed, then again and again;
 *   - the ceiling: all users back to back on views of their own, nothing shared or kept.
 *
 * Then Chromium signs in and the time until the overview tiles show their numbers is taken. A
 * report, not a test.
 *
 *   node --expose-gc dist/bench/api.js
 *   BENCH_API_CONTACTS=100000 BENCH_API_SECONDS=20 node --expose-gc dist/bench/api.js
 *   BENCH_API_KEEP=/tmp/api.duckdb node dist/bench/api.js     (keeps the generated database)
 *   BENCH_API_DB=/tmp/api.duckdb node dist/bench/api.js       (measures it again, no generating)
 *
 * Writes bench/out/api.json.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OVERVIEW_CHANNEL_KPIS, OVERVIEW_KPIS } from '../src/core/kpi/overview.js';
import { openingPeriod } from '../src/core/presets.js';
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

const CONTACTS = Number(process.env.BENCH_API_CONTACTS ?? 1_000_000);
const USERS = Number(process.env.BENCH_API_USERS ?? 20);
const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 60);
const TARGET_MS = 300;
const say = (line = '') => console.log(line);

const CHANNELS = ['email', 'chat', 'phone', 'social', 'web_form'];

interface View {
  from: string;
  to: string;
  timezone: string;
  channel?: string;
}

/** One overview load: its two KPI queries at once, as the page sends them. Returns both latencies (ms). */
async function loadOverview(url: string, session: Session, view: View): Promise<number[]> {
  const base = {
    kpis: OVERVIEW_KPIS,
    from: view.from,
    to: view.to,
    timezone: view.timezone,
    filters: view.channel ? { channel: [view.channel] } : {},
  };
  const post = async (body: object) => {
    const started = performance.now();
    const response = await fetch(`${url}api/kpi/query`, {
      method: 'POST',
      headers: sessionHeaders(url, session),
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`kpi query: ${response.status}`);
    return performance.now() - started;
  };
  // As the overview page asks: totals, sparklines and, unless one channel is chosen, the tiles'
  // channel lines.
  return Promise.all([
    post({ ...base, compare: true }),
    post({ ...base, grain: 'week' }),
    ...(view.channel ? [] : [post({ ...base, kpis: OVERVIEW_CHANNEL_KPIS, by: ['channel'], compare: true })]),
  ]);
}

const line = (label: string, l: Latencies) =>
  say(`  ${label}: ${l.requests} requests; p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, max ${ms(l.max)}`);

/** The working team: think time between loads; most loads on the shared view, some on fresh ones. */
async function workingTeam(url: string, sessions: Session[], shared: View, freshView: () => View) {
  const sharedMs: number[] = [];
  const ownMs: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    sessions.map(async (session, user) => {
      const random = randomFrom(user + 1);
      // Users arrive spread over the first few seconds, not all in one instant.
      await new Promise((resolve) => setTimeout(resolve, random() * 4000));
      while (performance.now() < until) {
        const own = random() < 0.25;
        const view = own ? freshView() : shared;
        (own ? ownMs : sharedMs).push(...(await loadOverview(url, session, view)));
        await new Promise((resolve) => setTimeout(resolve, 2000 + random() * 6000));
      }
    }),
  );
  return { all: latencies([...sharedMs, ...ownMs]), shared: latencies(sharedMs), own: latencies(ownMs) };
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
  try {
    say(`servicemeter API benchmark — ${new Date().toISOString()}`);
    say(`\n── 1. a demo database of ${CONTACTS.toLocaleString('en-US')} contacts`);
    // BENCH_API_DB: a database an earlier run kept (BENCH_API_KEEP), to measure again without
    // generating; its users are the ones this benchmark creates.
    const reused = process.env.BENCH_API_DB;
    const dbPath = reused ?? join(dir, 'api.duckdb');
    const prepared = await prepareDemoDatabase({
      dir,
      dbPath,
      contacts: CONTACTS,
      reused: reused !== undefined,
      addUsers: async (engine) => {
        for (let i = 0; i < USERS; i++) {
          // One admin, so the dashboard does not offer its first-run setup; the others are managers.
          const user = await createUser(engine, {
            email: `bench-${i}@example.com`,
            password: PASSWORD,
            role: i === 0 ? 'admin' : 'manager',
          });
          if (!user.ok && user.error.kind !== 'email_taken')
            throw new Error(`user: ${JSON.stringify(user.error)}`);
        }
      },
    });
    if (process.env.BENCH_API_KEEP) await copyFile(dbPath, process.env.BENCH_API_KEEP);
    const { last, contacts } = prepared;
    say(
      reused
        ? `  ${reused}: ${contacts.toLocaleString('en-US')} contacts, the last on ${last}`
        : `  generated, imported and rebuilt in ${fmtS(prepared.seconds)}; last contact on ${last}`,
    );

    const server = await serveInChild(dbPath);
    try {
      const url = server.url;
      const day = (offset: number) => dayAfter(last, offset);
      const sessions = await Promise.all(
        Array.from({ length: USERS }, (_, i) => signIn(url, `bench-${i}@example.com`)),
      );

      say('\n── 2. Chromium: sign in until the overview tiles show their numbers (nothing computed yet)');
      const ready = await dashboardReady(url);
      if (ready === null) say('  Chromium not found: skipped (apt-get install -y chromium)');
      else {
        say(`  ${fmtS(ready)}`);
        say(`  target: usable ≤ 2 s after login: ${fmtS(ready)} — ${ready <= 2 ? 'PASS' : 'MISS'}`);
      }

      // The team's overview as the dashboard opens it, in the team's time zone: the view the
      // server computes when it starts.
      const status = await fetch(`${url}api/status`, {
        headers: sessionHeaders(url, sessions[0] as Session),
      });
      if (!status.ok) throw new Error(`status: ${status.status}`);
      const { to: newest, timezone } = (await status.json()) as { to: string | null; timezone: string };
      const opening = openingPeriod(newest, timezone);
      const shared: View = { from: opening.from, to: opening.to, timezone };
      // Views of their own: every one a channel and a 90-day period no other load asks for, all
      // inside the data (200 of them end within 40 days of the last contact).
      const ownView = (n: number): View => {
        const shift = 1 + Math.floor(n / CHANNELS.length);
        return {
          from: day(-89 - shift),
          to: day(1 - shift),
          timezone,
          channel: CHANNELS[n % CHANNELS.length],
        };
      };
      let viewsAsked = 0;
      const freshView = () => ownView(viewsAsked++);

      say(`\n── 3. a working team: ${USERS} users for ${SECONDS} s, reading each overview for 2–8 s`);
      say('  (3 loads in 4 on the team overview, 1 in 4 on a view of their own, never asked before)');
      const team = await workingTeam(url, sessions, shared, freshView);
      line('team overview', team.shared);
      line('own views', team.own);
      line('all loads', team.all);
      const verdict = (l: Latencies) => (l.p95 <= TARGET_MS ? 'PASS' : 'MISS');
      say(
        `  target: the overview at p95 ≤ ${TARGET_MS} ms with ${USERS} users: ${ms(team.shared.p95)} — ${verdict(team.shared)}`,
      );
      say(
        `  views never asked before, computed over the facts: p95 ${ms(team.own.p95)} — ${verdict(team.own)}; all loads ${ms(team.all.p95)} — ${verdict(team.all)}`,
      );

      say(
        `\n── 4. a burst: ${USERS} users open a new overview in the same instant, then ${ROUNDS} more times`,
      );
      const burstView: View = { from: day(-29), to: day(1), timezone };
      const first = (await Promise.all(sessions.map((s) => loadOverview(url, s, burstView)))).flat();
      const again: number[] = [];
      for (let round = 0; round < ROUNDS; round++)
        again.push(...(await Promise.all(sessions.map((s) => loadOverview(url, s, burstView)))).flat());
      const burst = { first: latencies(first), again: latencies(again) };
      line('first, computed once for all', burst.first);
      line('again', burst.again);

      say(`\n── 5. the ceiling: ${USERS} users back to back, each on views of their own (${ROUNDS} each)`);
      const ceilingMs: number[] = [];
      const started = performance.now();
      await Promise.all(
        sessions.map(async (session) => {
          for (let round = 0; round < ROUNDS; round++)
            ceilingMs.push(...(await loadOverview(url, session, freshView())));
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const ceiling = { ...latencies(ceilingMs), viewsPerSecond: (USERS * ROUNDS) / seconds };
      line('views never asked before', ceiling);
      say(`  ${ceiling.viewsPerSecond.toFixed(1)} such overview loads a second`);

      say('\n── 6. Chromium again, its overview computed by now');
      const warmReady = await dashboardReady(url);
      if (warmReady !== null) say(`  ${fmtS(warmReady)}`);

      await mkdir(OUT_DIR, { recursive: true });
      const outPath = join(OUT_DIR, 'api.json');
      await writeFile(
        outPath,
        `${JSON.stringify(
          {
            date: new Date().toISOString(),
            contacts,
            users: USERS,
            seconds: SECONDS,
            rounds: ROUNDS,
            prepareSeconds: prepared.seconds,
            workingTeam: { ...team, pass: team.shared.p95 <= TARGET_MS, passAll: team.all.p95 <= TARGET_MS },
            burst,
            ceiling,
            dashboardReadySeconds: ready,
            dashboardReadyWarmSeconds: warmReady,
          },
          null,
          2,
        )}\n`,
      );
      say(`\n  figures written to ${outPath}`);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
