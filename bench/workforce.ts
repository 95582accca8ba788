/**
 * Workforce benchmark, in three parts:
 *
 * 1. Erlang: the agents required for every 15-minute interval of a week (672 intervals) on three
 *    queues — phone at 80 % in 20 s, chat with two chats an agent at 80 % in 30 s, a phone line
 *    held to an ASA of 30 s — with the traffic rising from 1 to 800 Erlangs over the week. Target
 *    ≥ 10,000 intervals/s under Erlang C, ≥ 1,000/s under Erlang A (patience 180 s). The e-mail
 *    workload of the same week is timed alongside.
 * 2. Forecast accuracy on the demo (BENCH_WORKFORCE_CONTACTS contacts, 20,000 by default): the last
 *    four weeks held back per channel, the method's WAPE and bias against the last-4-weeks and the
 *    same-week-last-year baselines. Target: the method's WAPE below both baselines'.
 * 3. The workforce facts rebuilt on that demo: seconds and rows. Target < 5 s.
 *
 * A report, not a test: it exits 0 when a target is missed.
 *
 *   node dist/bench/workforce.js
 *   BENCH_WORKFORCE_CONTACTS=2000 node dist/bench/workforce.js
 *
 * Writes bench/out/workforce.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type IntervalLoad,
  type QueueModel,
  requiredAgents,
  requiredChatAgents,
  writtenWorkStaffing,
} from '../src/core/workforce/erlang.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { createDemoWorkforce } from '../src/services/demo/workforce.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { STAFFED_CHANNELS } from '../src/services/workforce/contract.js';
import { rebuildWorkforceFacts } from '../src/services/workforce/facts.js';
import { forecastView } from '../src/services/workforce/forecast.js';

const CONTACTS = Number(process.env.BENCH_WORKFORCE_CONTACTS ?? 20_000);
const OUT_DIR = fileURLToPath(new URL('../../bench/out/', import.meta.url));
const TARGET_PER_SECOND: Record<QueueModel, number> = { 'erlang-c': 10_000, 'erlang-a': 1_000 };
const TARGET_REBUILD_SECONDS = 5;
/** The demo's clock when served: the morning after its last day, so the whole last week is history. */
const DEMO_NOW = new Date('2026-06-29T06:00:00Z');

const INTERVAL_SECONDS = 900;
const WEEK_INTERVALS = 7 * 96;
const AHT_SECONDS = 300;
const PATIENCE_SECONDS = 180;
const MAX_TRAFFIC = 800;

/** The week's loads: traffic rising evenly from 1 to 800 Erlangs. */
function weekLoads(model: QueueModel): IntervalLoad[] {
  return Array.from({ length: WEEK_INTERVALS }, (_, i) => {
    const traffic = 1 + ((MAX_TRAFFIC - 1) * i) / (WEEK_INTERVALS - 1);
    return {
      arrivals: (traffic * INTERVAL_SECONDS) / AHT_SECONDS,
      intervalSeconds: INTERVAL_SECONDS,
      ahtSeconds: AHT_SECONDS,
      ...(model === 'erlang-a' ? { patienceSeconds: PATIENCE_SECONDS } : {}),
    };
  });
}

interface ErlangReport {
  model: QueueModel;
  intervals: number;
  seconds: number;
  intervalsPerSecond: number;
  target: number;
  met: boolean;
  /** Agents required at the week's highest traffic, per queue. */
  atPeak: { phone: number; chat: number; asa: number };
}

function erlangBench(model: QueueModel): ErlangReport {
  const loads = weekLoads(model);
  const started = performance.now();
  let peak = { phone: 0, chat: 0, asa: 0 };
  for (const load of loads) {
    const phone = requiredAgents(model, load, { kind: 'service-level', share: 0.8, seconds: 20 });
    const chat = requiredChatAgents(model, load, 2, { kind: 'service-level', share: 0.8, seconds: 30 });
    const asa = requiredAgents(model, load, { kind: 'asa', seconds: 30 });
    peak = { phone: phone.agents, chat: chat.agents, asa: asa.agents };
  }
  const seconds = (performance.now() - started) / 1000;
  const intervals = loads.length * 3;
  const perSecond = intervals / seconds;
  return {
    model,
    intervals,
    seconds: round(seconds, 3),
    intervalsPerSecond: Math.round(perSecond),
    target: TARGET_PER_SECOND[model],
    met: perSecond >= TARGET_PER_SECOND[model],
    atPeak: peak,
  };
}

function writtenBench(): { intervals: number; seconds: number; peakAgents: number } {
  const arrivals = weekLoads('erlang-c').map((load) => load.arrivals);
  const started = performance.now();
  const { agents } = writtenWorkStaffing({
    arrivals,
    intervalSeconds: INTERVAL_SECONDS,
    ahtSeconds: AHT_SECONDS,
    responseTargetSeconds: 3600,
    maxOccupancy: 0.85,
  });
  const seconds = (performance.now() - started) / 1000;
  return { intervals: arrivals.length, seconds: round(seconds, 4), peakAgents: Math.max(...agents) };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`);

async function main(): Promise<void> {
  const erlang = [erlangBench('erlang-c'), erlangBench('erlang-a')];
  for (const run of erlang)
    console.log(
      `workforce ${run.model}: ${run.intervals} intervals (3 queues × a week of 15 min, 1–${MAX_TRAFFIC} Erlangs) in ${run.seconds} s = ${run.intervalsPerSecond}/s (target ${run.target}/s ${run.met ? 'met' : 'missed'}); at ${MAX_TRAFFIC} Erlangs: phone ${run.atPeak.phone}, chat ${run.atPeak.chat}, ASA ${run.atPeak.asa} agents`,
    );
  const written = writtenBench();
  console.log(
    `workforce e-mail workload: ${written.intervals} intervals in ${written.seconds} s; ${written.peakAgents} agents at the peak`,
  );

  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-bench-workforce-'));
  try {
    const data = join(dir, 'data');
    await writeDemoFiles(data, { contacts: CONTACTS, seed: 1 });
    const engine = await openDuckDb({ path: join(dir, 'bench.duckdb') });
    try {
      await migrate(engine);
      const importStarted = performance.now();
      const imported = await importFiles(engine, [data]);
      if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.error).slice(0, 1000)}`);
      const importSeconds = (performance.now() - importStarted) / 1000;
      await createDemoWorkforce(engine, DEMO_NOW);

      const rebuildStarted = performance.now();
      const facts = await rebuildWorkforceFacts(engine, DEMO_NOW);
      const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
      const rebuild = {
        seconds: round(rebuildSeconds, 2),
        agentRows: facts.agentRows,
        coverageRows: facts.coverageRows,
        shiftRows: facts.shiftRows,
        target: TARGET_REBUILD_SECONDS,
        met: rebuildSeconds < TARGET_REBUILD_SECONDS,
        importSeconds: round(importSeconds, 2),
      };
      console.log(
        `workforce facts rebuild: ${rebuild.agentRows} agent, ${rebuild.coverageRows} coverage, ${rebuild.shiftRows} shift rows in ${rebuild.seconds} s (target < ${TARGET_REBUILD_SECONDS} s ${rebuild.met ? 'met' : 'missed'}); import ${rebuild.importSeconds} s`,
      );

      const forecasts = [];
      for (const channel of STAFFED_CHANNELS) {
        const view = await forecastView(engine, { channel, now: DEMO_NOW });
        const { method, lastFourWeeks, sameWeekLastYear, heldBack } = view.accuracy;
        const baselines = [lastFourWeeks.wape, sameWeekLastYear.wape].filter((w): w is number => w !== null);
        const wape = method.wape;
        const met = wape !== null && baselines.length > 0 && baselines.every((w) => wape < w);
        forecasts.push({ channel, method: view.method, heldBack, accuracy: view.accuracy, met });
        console.log(
          `workforce forecast ${channel} (${view.method}, held back ${heldBack ? `${heldBack.from}–${heldBack.to}` : 'n/a'}): WAPE ${percent(method.wape)} bias ${percent(method.bias)}; last 4 weeks WAPE ${percent(lastFourWeeks.wape)} bias ${percent(lastFourWeeks.bias)}; same week last year WAPE ${percent(sameWeekLastYear.wape)} bias ${percent(sameWeekLastYear.bias)} (target below the baselines ${met ? 'met' : 'missed'})`,
        );
      }

      const report = {
        contacts: CONTACTS,
        erlang,
        written,
        rebuild,
        forecasts,
        loadAverage: loadavg()[0],
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
      await mkdir(OUT_DIR, { recursive: true });
      await writeFile(join(OUT_DIR, 'workforce.json'), `${JSON.stringify(report, null, 2)}\n`);
    } finally {
      await engine.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
