import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withTempDir } from '../../../test/support/engines.js';
import { openDatabase } from '../../cli/database.js';
import type { Engine } from '../../core/engine.js';
import { type DuckDbUse, openDuckDb, usableMemory } from './engine.js';

const VARIABLES = ['SERVICEMETER_DUCKDB_THREADS', 'SERVICEMETER_DUCKDB_MEMORY'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const GIB = 1024 ** 3;

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const UNITS: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: GIB, TiB: 1024 ** 4 };

/** DuckDB shows its memory limit to a tenth of a unit, `2.7 GiB`: back to bytes and that unit. */
function shownBytes(shown: string): { bytes: number; unit: number } {
  const match = /^([\d.]+) (KiB|MiB|GiB|TiB)$/.exec(shown);
  if (!match) throw new Error(`unexpected memory limit ${shown}`);
  const unit = UNITS[match[2] as string] as number;
  return { bytes: Number(match[1]) * unit, unit };
}

async function settingsIn(engine: Engine) {
  try {
    const [row] = await engine.all(
      "SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS memory_limit",
    );
    return { threads: Number(row?.threads), memory: shownBytes(String(row?.memory_limit)) };
  } finally {
    await engine.close();
  }
}

function settingsOf(options: { threads?: number; memoryLimit?: string; use?: DuckDbUse } = {}) {
  return openDuckDb({ path: ':memory:', ...options }).then(settingsIn);
}

/** What a command gets: half the memory the process may use, in whole megabytes. */
const HALF_THE_MACHINE = Math.max(1e9, Math.floor(usableMemory() / 2 / 1e6) * 1e6);

/** DuckDB cuts the shown figure after the first decimal, so it is at most a tenth of a unit below. */
function expectMemory(memory: { bytes: number; unit: number }, expected: number): void {
  expect(expected - memory.bytes).toBeGreaterThanOrEqual(-0.001 * memory.unit);
  expect(expected - memory.bytes).toBeLessThan(0.1 * memory.unit);
}

describe('DuckDB sized to the machine', () => {
  it('uses every core and, for a server, 1 GB of memory when nothing says otherwise', async () => {
    for (const name of VARIABLES) delete process.env[name];
    const settings = await settingsOf();
    expect(settings.threads).toBe(availableParallelism());
    expectMemory(settings.memory, 1e9);
  });

  it('gives a command, alone on its file, half the memory it may use, and a server 1 GB', async () => {
    for (const name of VARIABLES) delete process.env[name];
    expectMemory((await settingsOf({ use: 'command' })).memory, HALF_THE_MACHINE);
    expectMemory((await settingsOf({ use: 'server' })).memory, 1e9);
    // As the command line opens --db: every command but the ones that serve it.
    await withTempDir(async (dir) => {
      const path = join(dir, 'team.duckdb');
      expectMemory((await settingsIn(await openDatabase(path, { create: true }))).memory, HALF_THE_MACHINE);
      expectMemory((await settingsIn(await openDatabase(path, { serving: true }))).memory, 1e9);
      process.env.SERVICEMETER_DUCKDB_MEMORY = '3GB';
      expectMemory((await settingsIn(await openDatabase(path))).memory, 3e9);
    });
  });

  it('takes threads and memory from the environment', async () => {
    process.env.SERVICEMETER_DUCKDB_THREADS = '3';
    process.env.SERVICEMETER_DUCKDB_MEMORY = '3GB';
    const settings = await settingsOf();
    expect(settings.threads).toBe(3);
    expectMemory(settings.memory, 3e9);
  });

  it("lets the caller's options win over the environment", async () => {
    process.env.SERVICEMETER_DUCKDB_THREADS = '3';
    process.env.SERVICEMETER_DUCKDB_MEMORY = '3GB';
    const settings = await settingsOf({ threads: 1, memoryLimit: '512MiB' });
    expect(settings.threads).toBe(1);
    expectMemory(settings.memory, 512 * 1024 ** 2);
  });

  it('refuses a bad value, naming the variable and what it takes', async () => {
    for (const threads of ['0', 'four', '2.5', '-1']) {
      process.env.SERVICEMETER_DUCKDB_THREADS = threads;
      await expect(openDuckDb({ path: ':memory:' })).rejects.toThrow(
        new RegExp(`SERVICEMETER_DUCKDB_THREADS must be a whole number.*got "${threads}"`),
      );
    }
    delete process.env.SERVICEMETER_DUCKDB_THREADS;
    for (const memory of ['lots', '4', '4 bananas', '0GB', '80%']) {
      process.env.SERVICEMETER_DUCKDB_MEMORY = memory;
      await expect(openDuckDb({ path: ':memory:' })).rejects.toThrow(
        new RegExp(`SERVICEMETER_DUCKDB_MEMORY must be an amount of memory such as 4GB.*got "${memory}"`),
      );
    }
  });
});

describe('reading a large result', () => {
  it('turns it into rows in slices, so that the server answers meanwhile', async () => {
    const engine = await openDuckDb({ path: ':memory:' });
    try {
      // 300,000 rows take about a second to become objects: in one piece they held the event loop
      // for all of it (1,061 ms measured), chunk by chunk for 57–70 ms at most on a busy machine.
      const sql = `SELECT i, 'reply number ' || i AS body, i * 1.5 AS x, TIMESTAMP '2026-01-01' + to_seconds(i) AS at
        FROM range(300000) t(i)`;
      let last = performance.now();
      let longest = 0;
      const ticks = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      let rows: Awaited<ReturnType<typeof engine.all>>;
      try {
        last = performance.now();
        rows = await engine.all(sql);
        // The tick after the read measures its last slice.
        await new Promise((resolve) => setTimeout(resolve, 30));
      } finally {
        clearInterval(ticks);
      }
      expect(rows).toHaveLength(300_000);
      expect(rows[299_999]).toEqual({
        i: 299_999,
        body: 'reply number 299999',
        x: 449_998.5,
        at: '2026-01-04 11:19:59',
      });
      expect(longest).toBeLessThan(300);
    } finally {
      await engine.close();
    }
  });
});
