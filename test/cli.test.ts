import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KPIS } from '../src/core/kpi/catalog.js';
import { CANONICAL_TABLES } from '../src/core/schema.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { migrate } from '../src/services/migrate.js';
import { FIXTURES } from './support/engines.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const BASE = join(FIXTURES, 'small-helpdesk');
const CORRUPT_TIMESTAMP = join(FIXTURES, 'bad', 'corrupt-timestamp', 'contacts.csv');
const KPI_IDS = KPIS.map((k) => k.id);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function finish(child: ChildProcess): Promise<Run & { signal: NodeJS.Signals | null }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const cli = (...args: string[]): Promise<Run> => finish(start(args));

/** Runs the CLI and fails with its output unless it exits 0. */
async function cliOk(...args: string[]): Promise<Run> {
  const run = await cli(...args);
  if (run.code !== 0) throw new Error(`servicemeter ${args.join(' ')} → ${run.code}\n${run.stderr}`);
  return run;
}

async function kpiJson(db: string, ...args: string[]): Promise<string> {
  return (await cliOk('kpi', '--db', db, '--format', 'json', ...args)).stdout;
}

/** Every exported table's CSV text. */
async function exported(db: string, dir: string): Promise<Record<string, string>> {
  await cliOk('export', '--db', db, '--out', dir);
  const out: Record<string, string> = {};
  for (const table of CANONICAL_TABLES) out[table] = await readFile(join(dir, `${table}.csv`), 'utf8');
  return out;
}

let tmp: string;
let db: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before these tests`);
  tmp = await mkdtemp(join(tmpdir(), 'servicemeter-cli-'));
  db = join(tmp, 'main.duckdb');
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('import and kpi on the fixture', () => {
  let firstImport: Run;
  let firstKpis: string;

  beforeAll(async () => {
    firstImport = await cliOk('import', BASE, '--db', db);
    firstKpis = await kpiJson(db);
  });

  test('import prints a summary per file', async () => {
    expect(firstImport.stdout).toBe('');
    // One line per file with rows read and imported, then the facts.
    const files = (await readdir(BASE)).filter((n) => n.endsWith('.csv'));
    expect(files).toHaveLength(7);
    for (const name of files) {
      const rows = (await readFile(join(BASE, name), 'utf8')).trimEnd().split('\n').length - 1;
      const table = name.replace(/\.csv$/, '');
      expect(firstImport.stderr).toContain(
        `${join(BASE, name)} → ${table}: ${rows} read, ${rows} imported\n`,
      );
    }
    expect(firstImport.stderr).toContain('facts rebuilt for 6 contacts and 10 survey rows');
    expect(firstImport.stderr).toContain(
      'contacts created from 2026-03-02T08:00:00Z to 2026-03-06T15:30:00Z\n',
    );
    expect(firstImport.stderr).toContain('contacts whose facts changed: 6\n');
  });

  test('importing the same folder again leaves the indicators identical', async () => {
    const again = await cliOk('import', BASE, '--db', db);
    expect(again.stderr).toContain(`${join(BASE, 'contacts.csv')} → contacts: 6 read, 6 imported`);
    expect(again.stderr).toContain('contacts whose facts changed: 0\n');
    expect(await kpiJson(db)).toBe(firstKpis);
  });

  test('a corrupt timestamp: non-zero exit, file:line field: reason, nothing written', async () => {
    const before = await exported(db, join(tmp, 'before-corrupt'));
    const run = await cli('import', BASE, CORRUPT_TIMESTAMP, '--db', db);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('2 problems found; nothing was imported.');
    expect(run.stderr).toContain(`${CORRUPT_TIMESTAMP}:4 created_at: no such date 2026-02-30`);
    expect(run.stderr).toContain(`${CORRUPT_TIMESTAMP}:5 created_at: not an ISO 8601 timestamp`);
    expect(await exported(db, join(tmp, 'after-corrupt'))).toEqual(before);
    expect(await kpiJson(db)).toBe(firstKpis);
  });

  test('kpi --format json: every indicator with value and n, intervals for shares and scores', async () => {
    const rows = JSON.parse(firstKpis) as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, Record<string, unknown>>;
    expect(Object.keys(row).sort()).toEqual([...KPI_IDS].sort());
    for (const kpi of KPIS) {
      const value = row[kpi.id];
      expect(value, kpi.id).toBeTypeOf('object');
      expect(value, kpi.id).toHaveProperty('value');
      expect(value?.n, kpi.id).toBeTypeOf('number');
      if (kpi.format === 'percent' || kpi.format === 'score' || kpi.format === 'nps') {
        expect(value, kpi.id).toHaveProperty('low');
        expect(value, kpi.id).toHaveProperty('high');
      }
    }
    expect(row.contacts_created).toMatchObject({ value: 6, n: 6 });
  });

  test('kpi --format csv has one value, n, low and high column per indicator', async () => {
    const run = await cliOk('kpi', '--db', db, '--format', 'csv');
    const [header, ...lines] = run.stdout.trimEnd().split('\r\n');
    expect(header).toBe(KPI_IDS.flatMap((id) => [id, `${id}_n`, `${id}_low`, `${id}_high`]).join(','));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.split(',')).toHaveLength(KPI_IDS.length * 4);
    expect(lines[0]?.startsWith('6,6,,,')).toBe(true);
  });

  test('kpi --by week,channel groups by period and channel', async () => {
    const json = await kpiJson(db, '--by', 'week,channel', '--kpi', 'contacts_created,frt');
    const rows = JSON.parse(json) as {
      period: string;
      channel: string;
      contacts_created: { value: number };
    }[];
    expect(rows.length).toBeGreaterThan(0);
    const created: Record<string, number> = {};
    for (const row of rows) {
      expect(row.period).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['email', 'chat', 'phone']).toContain(row.channel);
      created[row.channel] = (created[row.channel] ?? 0) + row.contacts_created.value;
    }
    expect(created).toEqual({ email: 2, chat: 1, phone: 3 });
    expect(rows.find((r) => r.period === '2026-03-02' && r.channel === 'chat')).toMatchObject({
      contacts_created: { value: 1, n: 1 },
    });
  });

  test('kpi --kpi nope fails naming the known ids', async () => {
    const run = await cli('kpi', '--db', db, '--kpi', 'nope');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`unknown KPI 'nope'; known: ${KPI_IDS.join(', ')}`);
  });

  test('export --out, then import into a new database: identical indicators and tables', async () => {
    const first = await exported(db, join(tmp, 'export-a'));
    const copy = join(tmp, 'copy.duckdb');
    await cliOk('import', join(tmp, 'export-a'), '--db', copy);
    expect(await kpiJson(copy)).toBe(firstKpis);
    expect(await kpiJson(copy, '--by', 'agent', '--timezone', 'Europe/Amsterdam')).toBe(
      await kpiJson(db, '--by', 'agent', '--timezone', 'Europe/Amsterdam'),
    );
    expect(await exported(copy, join(tmp, 'export-b'))).toEqual(first);
  });
});

describe('import of a source format', () => {
  const QUEUE_LOG = join(FIXTURES, 'sources', 'asterisk', 'queue_log');

  test('a mapped call log says it was staged in SQL; a mapping the SQL does not cover, why it went row by row', async () => {
    const calls = join(FIXTURES, 'sources', 'csv', 'bank-calls.txt');
    const callsMap = join(FIXTURES, 'sources', 'csv', 'bank-calls.map.json');
    const staged = await cliOk('import', 'csv', calls, '--map', callsMap, '--db', join(tmp, 'calls.duckdb'));
    expect(staged.stderr).toContain('csv: 1 file converted (staged in SQL)\n');
    expect(staged.stderr).toContain('  contacts: 23 rows converted, 23 imported\n');
    expect(staged.stderr).toContain(
      "warning: bank-calls.txt: outcome is 'PHANTOM': row skipped — 2× (e.g. line 15, line 23)",
    );
    const incidents = join(FIXTURES, 'sources', 'csv', 'servicenow-incidents.csv');
    const incidentsMap = join(FIXTURES, 'sources', 'csv', 'servicenow.map.json');
    const rows = await cliOk(
      'import',
      'csv',
      incidents,
      '--map',
      incidentsMap,
      '--db',
      join(tmp, 'incidents.duckdb'),
    );
    expect(rows.stderr).toContain(
      'csv: 1 file converted (row by row: rows: "update" is converted row by row)\n',
    );
  });

  test('converts, imports and prints what it did, with warnings and the changed contacts', async () => {
    const target = join(tmp, 'queue.duckdb');
    const run = await cliOk('import', 'asterisk-queue-log', QUEUE_LOG, '--db', target);
    expect(run.stderr).toContain('asterisk-queue-log: 1 file converted\n');
    expect(run.stderr).toContain('  contacts: 8 rows converted, 8 imported\n');
    expect(run.stderr).toContain('  agent_status_events: 4 rows converted, 4 imported\n');
    expect(run.stderr).toContain('contacts created from 2026-03-02T09:00:00Z to 2026-03-02T09:13:20Z');
    expect(run.stderr).toContain('contacts whose facts changed: 8');
    expect(run.stderr).toContain(
      'warning: queue_log: unknown event FOOBAR: line not imported — 1× (e.g. line 13)',
    );
    const kpis = JSON.parse(await kpiJson(target, '--kpi', 'answered,abandoned')) as Record<
      string,
      { value: number }
    >[];
    expect([kpis[0]?.answered?.value, kpis[0]?.abandoned?.value]).toEqual([4, 2]);

    const again = await cliOk('import', 'asterisk-queue-log', QUEUE_LOG, '--db', target);
    expect(again.stderr).toContain('contacts whose facts changed: 0');
  });

  test('--detect names the format of each file', async () => {
    const run = await cliOk('import', '--detect', QUEUE_LOG, join(BASE, 'contacts.csv'));
    expect(run.stdout).toContain(`${QUEUE_LOG}: asterisk-queue-log — Asterisk queue_log`);
    expect(run.stdout).toContain(`(servicemeter import asterisk-queue-log ${QUEUE_LOG})`);
    expect(run.stdout).toContain(`${join(BASE, 'contacts.csv')}: canonical contacts file`);
    const zendeskFolder = join(FIXTURES, 'sources', 'zendesk');
    const folder = await cliOk('import', '--detect', zendeskFolder);
    const jsonFiles = (await readdir(zendeskFolder)).filter((n) => n.endsWith('.json'));
    for (const name of jsonFiles) expect(folder.stdout).toContain(`${join(zendeskFolder, name)}: zendesk — `);
    expect(folder.stdout).toContain(`${join(zendeskFolder, 'README.md')}: no known format recognised`);
    const missing = await cli('import', '--detect', join(tmp, 'nowhere.csv'));
    expect([missing.code, missing.stderr]).toEqual([
      1,
      `error: ${join(tmp, 'nowhere.csv')}: no such file or folder\n`,
    ]);
  });

  test('a format without files, a mapping it does not take, or an unknown time zone is refused', async () => {
    const target = join(tmp, 'refused.duckdb');
    const noFiles = await cli('import', 'asterisk-queue-log', '--db', target);
    expect([noFiles.code, noFiles.stderr]).toEqual([
      1,
      'error: asterisk-queue-log needs the files to import\n',
    ]);
    const withMap = await cli('import', 'asterisk-queue-log', QUEUE_LOG, '--map', QUEUE_LOG, '--db', target);
    expect(withMap.stderr).toContain('asterisk-queue-log takes no --map');
    const zone = await cli(
      'import',
      'asterisk-queue-log',
      QUEUE_LOG,
      '--timezone',
      'Mars/Olympus',
      '--db',
      target,
    );
    expect(zone.stderr).toContain("--timezone: 'Mars/Olympus' is not an IANA time zone");
    const noMap = await cli('import', 'csv', QUEUE_LOG, '--db', target);
    expect(noMap.stderr).toContain('csv needs --map <mapping file>');
    const mapWithoutFormat = await cli('import', BASE, '--map', QUEUE_LOG, '--db', target);
    expect(mapWithoutFormat.stderr).toContain('--map is for source formats');
    expect(existsSync(target)).toBe(false);
  });
});

describe('sync zendesk', () => {
  test('without a token, or with one the API refuses, it stops with a clear message', async () => {
    const target = join(tmp, 'sync.duckdb');
    const env = { ...process.env };
    delete env.ZENDESK_API_TOKEN;
    const noToken = await finish(
      spawn(
        process.execPath,
        [CLI, 'sync', 'zendesk', '--subdomain', 'acme', '--email', 'a@b.c', '--db', target],
        { env },
      ),
    );
    expect([noToken.code, noToken.stderr]).toEqual([
      1,
      'error: give the API token with --token or the ZENDESK_API_TOKEN environment variable\n',
    ]);

    const badStart = await cli(
      'sync',
      'zendesk',
      '--subdomain',
      'acme',
      '--email',
      'a@b.c',
      '--token',
      't',
      '--start',
      '2026-13-01',
      '--db',
      target,
    );
    expect([badStart.code, badStart.stderr]).toEqual([
      1,
      "error: --start: '2026-13-01' is not a date YYYY-MM-DD\n",
    ]);

    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":"Couldn\'t authenticate you"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const refused = await cli(
        'sync',
        'zendesk',
        '--subdomain',
        'acme',
        '--email',
        'a@b.c',
        '--token',
        'wrong',
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--db',
        target,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: .*401.*/);
      expect(refused.stderr).not.toContain('wrong');
      const basic = Buffer.from('a@b.c/token:wrong').toString('base64');
      expect(requests[0]).toMatch(
        new RegExp(`^GET /api/v2/incremental/users/cursor\\.json\\?start_time=0.* Basic ${basic}$`),
      );
    } finally {
      server.close();
    }
  });
});

test('kpis --format json lists the catalog', async () => {
  const run = await cliOk('kpis', '--format', 'json');
  const catalog = JSON.parse(run.stdout) as { id: string; label: string; definition: string }[];
  expect(catalog.map((k) => k.id)).toEqual(KPI_IDS);
  for (const k of catalog) expect(k.definition.length, k.id).toBeGreaterThan(20);
});

test('--help of every command shows an example', async () => {
  const root = await cliOk('--help');
  expect(root.stdout).toContain('Example');
  // The commands as the root help lists them, so a new command cannot go without an example.
  const section = root.stdout.split('Commands:')[1]?.split('\n\n')[0] ?? '';
  const commands = [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)]
    .map((m) => m[1] as string)
    .filter((c) => c !== 'help');
  expect(commands).toEqual(expect.arrayContaining(['import', 'export', 'rebuild', 'kpis', 'kpi', 'demo']));
  const runs = await Promise.all(commands.map((c) => cliOk(c, '--help')));
  runs.forEach((run, i) => {
    expect(run.stdout, commands[i]).toContain('Example');
  });
});

// ---------------------------------------------------------------------------------------------

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

async function tableCounts(path: string): Promise<Record<string, number>> {
  const engine = await openDuckDb({ path });
  try {
    await migrate(engine);
    const out: Record<string, number> = {};
    for (const table of [...CANONICAL_TABLES, 'contact_facts', 'survey_facts', 'import_log']) {
      const rows = await engine.all(`SELECT count(*) AS n FROM ${table}`);
      out[table] = Number(rows[0]?.n);
    }
    return out;
  } finally {
    await engine.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `import` and SIGKILLs it once the database file starts growing (the load transaction
 * writing rows) or after `fallbackMs`. Returns null when the import finished before the kill.
 */
async function killDuringImport(data: string, path: string, fallbackMs: number) {
  const initial = await sizeOf(path);
  const started = Date.now();
  const child = start(['import', data, '--db', path]);
  const result = finish(child);
  let exited = false;
  void result.then(() => {
    exited = true;
  });
  while (!exited) {
    const grown = (await sizeOf(path)) > Math.max(initial, 64 * 1024) + (1 << 20);
    if (grown || Date.now() - started >= fallbackMs) break;
    await sleep(20);
  }
  if (!exited) child.kill('SIGKILL');
  const run = await result;
  return run.signal === 'SIGKILL' ? { elapsed: Date.now() - started } : null;
}

test('an import killed partway leaves a consistent database; running it again completes it', async () => {
  const data = join(tmp, 'demo');
  const summary = await writeDemoFiles(data, { contacts: 40_000, seed: 3 });
  const expected = summary.files;
  expect(expected.contacts).toBe(40_000);

  // Kill the first import while it loads; on a fast machine it may finish first, then kill earlier.
  const path = join(tmp, 'killed.duckdb');
  let killed: { elapsed: number } | null = null;
  for (const fallbackMs of [8000, 3000, 1500]) {
    await rm(path, { force: true });
    await rm(`${path}.wal`, { force: true });
    killed = await killDuringImport(data, path, fallbackMs);
    if (killed) break;
  }
  expect(killed, 'the import was never killed before it finished').not.toBeNull();

  const afterKill = await tableCounts(path);
  const full = {
    ...expected,
    import_log: CANONICAL_TABLES.length,
  };
  if (afterKill.contacts === 0) {
    // Nothing committed: every table is empty, the small ones included (same transaction).
    for (const [table, n] of Object.entries(afterKill)) expect(n, table).toBe(0);
  } else {
    for (const [table, n] of Object.entries(full)) expect(afterKill[table], table).toBe(n);
    expect([0, expected.contacts]).toContain(afterKill.contact_facts);
  }

  // Running the same import again completes it: the counts of a clean import of these files.
  const rerunStarted = Date.now();
  const rerun = await cliOk('import', data, '--db', path);
  const rerunMs = Date.now() - rerunStarted;
  expect(rerun.stderr).toContain('contacts: 40,000 read, 40,000 imported');
  const complete = await tableCounts(path);
  for (const table of CANONICAL_TABLES) expect(complete[table], table).toBe(expected[table] ?? 0);
  expect(complete.contact_facts).toBe(expected.contacts);
  expect(complete.survey_facts).toBe(expected.survey_responses);

  // Killing a re-import (which replaces every stored row) keeps the previous import whole.
  let killedAgain: { elapsed: number } | null = null;
  for (const share of [0.6, 0.35, 0.2]) {
    killedAgain = await killDuringImport(data, path, rerunMs * share);
    if (killedAgain) break;
  }
  expect(killedAgain, 'the re-import was never killed before it finished').not.toBeNull();
  expect(await tableCounts(path)).toEqual({ ...complete, import_log: expect.any(Number) });
}, 60_000);
