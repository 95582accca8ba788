/**
 * Load test: 50 signed-in users (BENCH_LOAD_USERS) on a demo database of 100,000 contacts
 * (BENCH_LOAD_CONTACTS) served by `servicemeter serve` in a process of its own, for 60 s
 * (BENCH_LOAD_SECONDS). Each user works through the dashboard as people do, reading each page for
 * 2–8 s before the next: opening the dashboard (catalog, status, filter values), the overview (its
 * two KPI queries at once), a breakdown, a trend, the agents' scorecards, one scorecard and the
 * contacts behind a number. Most look at the last 90 days, some at 30 or 7, some at one channel.
 * Six users in ten are managers, two viewers (no contacts) and two agents (their team's figures,
 * their own scorecard and contacts).
 *
 * Reported per endpoint: requests, errors, p50, p95 and max, and apart the p95 of users at work:
 * the requests after each user's first overview, which the server, started for the test, computes
 * cold for everybody at once. The target: p95 under 1 s on every endpoint, over the whole run, and
 * no error. A report, not a test: it exits 0 when the target is missed.
 *
 *   node dist/bench/load.js
 *   BENCH_LOAD_CONTACTS=100000 BENCH_LOAD_SECONDS=20 node dist/bench/load.js
 *   BENCH_LOAD_KEEP=/tmp/load.duckdb node dist/bench/load.js   (keeps the generated database)
 *   BENCH_LOAD_DB=/tmp/load.duckdb node dist/bench/load.js     (measures it again, no generating)
 *
 * Writes bench/out/load.json.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OVERVIEW_CHANNEL_KPIS, OVERVIEW_KPIS } from '../src/core/kpi/overview.js';
import { TIMEZONE as DEMO_TIMEZONE } from '../src/services/demo/scenario.js';
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

const CONTACTS = Number(process.env.BENCH_LOAD_CONTACTS ?? 100_000);
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 50);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const TARGET_MS = 1000;
const say = (line = '') => console.log(line);

const CHANNELS = ['email', 'chat', 'phone', 'social', 'web_form'];
/** The users are the demo team: their browsers send the team's zone, as the dashboard does. */
const TEAM_TIMEZONE = DEMO_TIMEZONE;
const BREAKDOWN_KPIS = ['frt', 'csat', 'aht', 'resolution_time', 'fcr_rate', 'contacts_created'];
const SPLITS = ['channel', 'team', 'topic'];
const TREND_KPIS = ['frt', 'csat', 'contacts_created', 'resolution_time'];

type Role = 'manager' | 'viewer' | 'agent';

interface User {
  email: string;
  role: Role;
  agentId: string | null;
}

/** Six in ten managers, two viewers, two agents; agents spread over the teams of the data. */
function roleOf(index: number): Role {
  const tenth = index % 10;
  return tenth < 6 ? 'manager' : tenth < 8 ? 'viewer' : 'agent';
}

interface Endpoint {
  ms: number[];
  /** The requests of users at work: after their first overview, which a cold server computes. */
  atWorkMs: number[];
  errors: number;
  /** The first few failures, to see what went wrong. */
  failures: string[];
}

class Recorder {
  readonly endpoints = new Map<string, Endpoint>();

  private endpoint(name: string): Endpoint {
    let known = this.endpoints.get(name);
    if (!known) {
      known = { ms: [], atWorkMs: [], errors: 0, failures: [] };
      this.endpoints.set(name, known);
    }
    return known;
  }

  /** One request, timed until its whole body arrived; a failure is counted, not thrown. */
  async request(
    name: string,
    atWork: boolean,
    url: string,
    session: Session,
    path: string,
    body?: object,
  ): Promise<unknown> {
    const endpoint = this.endpoint(name);
    const started = performance.now();
    const took = () => {
      const elapsed = performance.now() - started;
      endpoint.ms.push(elapsed);
      if (atWork) endpoint.atWorkMs.push(elapsed);
    };
    try {
      const response = await fetch(`${url}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: sessionHeaders(url, session),
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      took();
      if (!response.ok) {
        endpoint.errors++;
        if (endpoint.failures.length < 5)
          endpoint.failures.push(`${response.status} ${path}: ${text.slice(0, 300)}`);
        return null;
      }
      return JSON.parse(text) as unknown;
    } catch (error) {
      took();
      endpoint.errors++;
      if (endpoint.failures.length < 5) endpoint.failures.push(`${path}: ${String(error)}`);
      return null;
    }
  }
}

interface View {
  from: string;
  to: string;
  timezone: string;
  filters: Record<string, string[]>;
}

/** One user's session: pages picked at random with think time between them, until `until`. */
async function work(
  recorder: Recorder,
  url: string,
  user: User,
  session: Session,
  seed: number,
  last: string,
  agentIds: readonly string[],
  until: number,
) {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let atWork = false;
  const get = (name: string, path: string) => recorder.request(name, atWork, url, session, path);
  const post = (name: string, path: string, body: object) =>
    recorder.request(name, atWork, url, session, path, body);
  const view = (): View => {
    const r = random();
    const days = r < 0.6 ? 90 : r < 0.85 ? 30 : 7;
    // Agents' aggregates are their team's: the dashboard sends them no team or agent filter.
    const filters: Record<string, string[]> = random() < 0.2 ? { channel: [pick(CHANNELS)] } : {};
    return { from: dayAfter(last, 1 - days), to: dayAfter(last, 1), timezone: TEAM_TIMEZONE, filters };
  };
  const scorecardQuery = (v: View) => `from=${v.from}&to=${v.to}&timezone=${encodeURIComponent(v.timezone)}`;

  const openDashboard = () =>
    Promise.all([
      get('catalog', 'api/catalog'),
      get('status', 'api/status'),
      get('filter-values', 'api/filter-values'),
    ]);
  const overview = (v: View) =>
    Promise.all([
      post('overview totals', 'api/kpi/query', { kpis: OVERVIEW_KPIS, ...v, compare: true }),
      post('overview series', 'api/kpi/query', { kpis: OVERVIEW_KPIS, ...v, grain: 'week' }),
      ...(v.filters.channel
        ? []
        : [
            post('overview channels', 'api/kpi/query', {
              kpis: OVERVIEW_CHANNEL_KPIS,
              ...v,
              by: ['channel'],
              compare: true,
            }),
          ]),
    ]);
  const pages: { weight: number; open: () => Promise<unknown> }[] = [
    { weight: 3, open: () => overview(view()) },
    {
      weight: 2,
      open: () =>
        post('breakdown', 'api/kpi/query', {
          kpis: [pick(BREAKDOWN_KPIS)],
          ...view(),
          by: [user.role === 'agent' ? pick(['channel', 'topic']) : pick(SPLITS)],
          compare: true,
        }),
    },
    {
      weight: 2,
      open: () => {
        const v = view();
        return post('trend', 'api/kpi/query', {
          kpis: [pick(TREND_KPIS)],
          ...v,
          grain: v.from === dayAfter(last, -6) ? 'day' : 'week',
          compare: true,
        });
      },
    },
    { weight: 1, open: () => get('scorecards', `api/scorecards?${scorecardQuery(view())}`) },
    {
      weight: 1,
      open: () => {
        const agent = user.agentId ?? pick(agentIds);
        return get('scorecard', `api/scorecards/${encodeURIComponent(agent)}?${scorecardQuery(view())}`);
      },
    },
    ...(user.role === 'viewer'
      ? []
      : [
          {
            weight: 1,
            open: () => {
              const v = view();
              return post('contacts', 'api/contacts/query', {
                ...(random() < 0.5 ? { kpi: pick(BREAKDOWN_KPIS) } : {}),
                ...v,
                page: 1 + Math.floor(random() * 3),
                pageSize: 50,
              });
            },
          },
        ]),
    { weight: 1, open: openDashboard },
  ];
  const totalWeight = pages.reduce((sum, p) => sum + p.weight, 0);
  const nextPage = () => {
    let r = random() * totalWeight;
    for (const page of pages) {
      r -= page.weight;
      if (r < 0) return page;
    }
    return pages[0] as (typeof pages)[number];
  };

  // Users are signed in and at work: each opens the dashboard somewhere in the first reading
  // time, not all in one instant (the burst of bench/api.ts measures that).
  await new Promise((resolve) => setTimeout(resolve, random() * 8000));
  await openDashboard();
  await overview(view());
  atWork = true;
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 2000 + random() * 6000));
    if (performance.now() >= until) break;
    await nextPage().open();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-load-'));
  try {
    say(`servicemeter load test — ${new Date().toISOString()}`);
    say(`\n── 1. a demo database of ${CONTACTS.toLocaleString('en-US')} contacts`);
    const reused = process.env.BENCH_LOAD_DB;
    const dbPath = reused ?? join(dir, 'load.duckdb');
    const users: User[] = [];
    let agentIds: string[] = [];
    const prepared = await prepareDemoDatabase({
      dir,
      dbPath,
      contacts: CONTACTS,
      reused: reused !== undefined,
      addUsers: async (engine) => {
        // Agents with a team, taken in turn from each team, so the agent users work in several teams.
        const agents = await engine.all(
          `SELECT id FROM (
             SELECT id, row_number() OVER (PARTITION BY team_id ORDER BY id) AS nth, team_id
             FROM agents WHERE team_id IS NOT NULL
           ) ORDER BY nth, team_id`,
        );
        agentIds = agents.map((a) => String(a.id));
        let nextAgent = 0;
        for (let i = 0; i < USERS; i++) {
          const role = roleOf(i);
          const agentId = role === 'agent' ? (agentIds[nextAgent++ % agentIds.length] ?? null) : null;
          const email = `load-${i}@example.com`;
          const created = await createUser(engine, {
            email,
            password: PASSWORD,
            role,
            ...(agentId ? { agentId } : {}),
          });
          if (!created.ok && created.error.kind !== 'email_taken')
            throw new Error(`user ${email}: ${JSON.stringify(created.error)}`);
          users.push({ email, role, agentId });
        }
      },
    });
    if (process.env.BENCH_LOAD_KEEP) await copyFile(dbPath, process.env.BENCH_LOAD_KEEP);
    const { last, contacts } = prepared;
    say(
      reused
        ? `  ${reused}: ${contacts.toLocaleString('en-US')} contacts, the last on ${last}`
        : `  generated, imported and rebuilt in ${fmtS(prepared.seconds)}; last contact on ${last}`,
    );

    const server = await serveInChild(dbPath);
    try {
      const { url } = server;
      const sessions = await Promise.all(users.map((u) => signIn(url, u.email)));
      const roles: Record<string, number> = {};
      for (const u of users) roles[u.role] = (roles[u.role] ?? 0) + 1;
      say(
        `\n── 2. ${USERS} users (${Object.entries(roles)
          .map(([role, n]) => `${n} ${role}s`)
          .join(', ')}) for ${SECONDS} s, reading each page for 2–8 s`,
      );
      const recorder = new Recorder();
      const started = performance.now();
      const until = started + SECONDS * 1000;
      await Promise.all(
        users.map((user, i) =>
          work(recorder, url, user, sessions[i] as Session, i + 1, last, agentIds, until),
        ),
      );
      const seconds = (performance.now() - started) / 1000;

      const endpoints: Record<string, Latencies & { errors: number; failures: string[]; atWork: Latencies }> =
        {};
      for (const [name, e] of recorder.endpoints)
        endpoints[name] = {
          ...latencies(e.ms),
          errors: e.errors,
          failures: e.failures,
          atWork: latencies(e.atWorkMs),
        };
      const width = Math.max(...Object.keys(endpoints).map((n) => n.length));
      say(
        `  ${'endpoint'.padEnd(width)}  requests  errors      p50      p95      max   at work: requests      p95`,
      );
      for (const [name, l] of Object.entries(endpoints))
        say(
          `  ${name.padEnd(width)}  ${String(l.requests).padStart(8)}  ${String(l.errors).padStart(6)}  ${ms(l.p50).padStart(7)}  ${ms(l.p95).padStart(7)}  ${ms(l.max).padStart(7)}  ${String(l.atWork.requests).padStart(17)}  ${ms(l.atWork.p95).padStart(7)}`,
        );
      const all = [...recorder.endpoints.values()];
      const total = latencies(all.flatMap((e) => e.ms));
      const errors = all.reduce((sum, e) => sum + e.errors, 0);
      say(
        `  ${'all'.padEnd(width)}  ${String(total.requests).padStart(8)}  ${String(errors).padStart(6)}  ${ms(total.p50).padStart(7)}  ${ms(total.p95).padStart(7)}  ${ms(total.max).padStart(7)}`,
      );
      const atWork = latencies(all.flatMap((e) => e.atWorkMs));
      say(`  ${(total.requests / seconds).toFixed(1)} requests a second`);
      say(
        `  at work (after each user's first overview, which a cold server computes): p95 ${ms(atWork.p95)} over ${atWork.requests} requests`,
      );
      for (const [name, l] of Object.entries(endpoints))
        for (const failure of l.failures) say(`  ${name} failed: ${failure}`);
      const slow = Object.entries(endpoints).filter(([, l]) => !(l.p95 < TARGET_MS));
      const met = slow.length === 0 && errors === 0;
      say(
        `  target: p95 < ${TARGET_MS} ms on every endpoint and no error: ${met ? 'MET' : 'MISSED'}${
          slow.length > 0 ? ` (slow: ${slow.map(([n]) => n).join(', ')})` : ''
        }${errors > 0 ? ` (${errors} errors)` : ''}`,
      );

      await mkdir(OUT_DIR, { recursive: true });
      const outPath = join(OUT_DIR, 'load.json');
      await writeFile(
        outPath,
        `${JSON.stringify(
          {
            date: new Date().toISOString(),
            contacts,
            users: USERS,
            roles,
            seconds: SECONDS,
            prepareSeconds: prepared.seconds,
            requestsPerSecond: total.requests / seconds,
            endpoints,
            all: { ...total, errors },
            atWork,
            targetMs: TARGET_MS,
            met,
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
