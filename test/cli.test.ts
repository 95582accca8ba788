import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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
const README = fileURLToPath(new URL('../README.md', import.meta.url));

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

  test('import prints a summary per file on standard output, and nothing on standard error', async () => {
    expect(firstImport.stderr).toBe('');
    // One line per file with rows read and imported, then the facts.
    const files = (await readdir(BASE)).filter((n) => n.endsWith('.csv'));
    expect(files).toHaveLength(7);
    for (const name of files) {
      const rows = (await readFile(join(BASE, name), 'utf8')).trimEnd().split('\n').length - 1;
      const table = name.replace(/\.csv$/, '');
      expect(firstImport.stdout).toContain(
        `${join(BASE, name)} → ${table}: ${rows} read, ${rows} imported\n`,
      );
    }
    expect(firstImport.stdout).toContain('facts rebuilt for 6 contacts and 10 survey rows');
    expect(firstImport.stdout).toContain(
      'contacts created from 2026-03-02T08:00:00Z to 2026-03-06T15:30:00Z\n',
    );
    expect(firstImport.stdout).toContain('contacts whose facts changed: 6\n');
  });

  test('importing the same folder again leaves the indicators identical', async () => {
    const again = await cliOk('import', BASE, '--db', db);
    expect(again.stdout).toContain(`${join(BASE, 'contacts.csv')} → contacts: 6 read, 6 imported`);
    expect(again.stdout).toContain('contacts whose facts changed: 0\n');
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
      // A quotient (turnover, service cost's share of revenue) is a percentage without an interval.
      const interval = kpi.value.kind !== 'quotient';
      if (interval && (kpi.format === 'percent' || kpi.format === 'score' || kpi.format === 'nps')) {
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

  test('kpi --compare marks a change its interval does not make clear, as the dashboard greys it', async () => {
    const { stdout } = await cliOk(
      'kpi',
      '--db',
      db,
      '--kpi',
      'contacts_created,frt',
      '--from',
      '2026-03-05',
      '--to',
      '2026-03-08',
      '--compare',
    );
    // 1 contact against 5 the days before: −4, well within 1.96·√(1 + 5) of chance.
    expect(stdout).toMatch(/^Contacts created \(contacts_created\) +1 +1 +−4 ~$/m);
    expect(stdout).toMatch(/^First response time \(frt\) +1h 00m +1 +\+59m 30s ~$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('~ not a clear change: its 95 % interval includes 0');
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

  test("kpi's default range runs to the day after the latest contact, resolution, survey answer or survey sent, as --help and the README say", async () => {
    const firstLine = async (...args: string[]) =>
      (await cliOk('kpi', '--db', db, '--kpi', 'contacts_created', ...args)).stdout.split('\n')[0];
    // The last contact is created on 2026-03-06, but t2 is solved on 2026-03-10 at 11:05 UTC. Without
    // --timezone the days are the team's, as the dashboard opens in: the default calendar's zone.
    expect(await firstLine()).toBe('2026-03-02 – 2026-03-11 (Europe/Amsterdam, end exclusive)');
    expect(await firstLine('--timezone', 'UTC')).toBe('2026-03-02 – 2026-03-11 (UTC, end exclusive)');
    expect(await firstLine('--from', '2026-03-05')).toBe(
      '2026-03-05 – 2026-03-11 (Europe/Amsterdam, end exclusive)',
    );
    expect(await firstLine('--to', '2026-03-04')).toBe(
      '2026-03-02 – 2026-03-04 (Europe/Amsterdam, end exclusive)',
    );
    // The days are those of --timezone: 11:05 UTC on the 10th is 01:05 on the 11th at UTC+14.
    expect(await firstLine('--timezone', 'Pacific/Kiritimati')).toBe(
      '2026-03-02 – 2026-03-12 (Pacific/Kiritimati, end exclusive)',
    );
    // So the default counts t2's resolution; ending the day after the last contact would not.
    const resolved = async (...args: string[]) =>
      (
        JSON.parse(await kpiJson(db, '--kpi', 'contacts_resolved', ...args)) as {
          contacts_resolved: { value: number };
        }[]
      )[0]?.contacts_resolved.value;
    expect([await resolved(), await resolved('--from', '2026-03-02', '--to', '2026-03-07')]).toEqual([4, 3]);

    const help = (await cliOk('kpi', '--help')).stdout.replace(/\s+/g, ' ');
    const readme = await readFile(README, 'utf8');
    for (const [option, text] of [
      ['--from', 'default: the day of the earliest contact, resolution, survey answer or survey sent'],
      ['--to', 'default: the day after the latest contact, resolution, survey answer or survey sent'],
    ] as const) {
      expect(help).toContain(`${option} <date>`);
      expect(help).toContain(text);
      const row = readme.split('\n').filter((line) => line.startsWith(`| \`${option} <date>\` |`));
      expect(row, option).toHaveLength(1);
      expect(row[0], option).toContain(text);
    }
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
    expect(staged.stdout).toContain('csv: 1 file converted (staged in SQL)\n');
    expect(staged.stdout).toContain('  contacts: 23 rows converted, 23 imported\n');
    // What became of the rows: none repeated a call, so none were merged or left out.
    expect(staged.stdout).toContain(
      '  rows: 23 converted into 23 contacts; 0 merged (a repeated contact id with the same values), 0 left out (a repeated contact id with other values)\n',
    );
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
    expect(rows.stdout).toContain(
      'csv: 1 file converted (row by row: rows: "update" is converted row by row)\n',
    );
  });

  test('converts, imports and prints what it did, with warnings and the changed contacts', async () => {
    const target = join(tmp, 'queue.duckdb');
    const run = await cliOk('import', 'asterisk-queue-log', QUEUE_LOG, '--db', target);
    expect(run.stdout).toContain('asterisk-queue-log: 1 file converted\n');
    expect(run.stdout).toContain('  contacts: 8 rows converted, 8 imported\n');
    expect(run.stdout).toContain('  agent_status_events: 4 rows converted, 4 imported\n');
    expect(run.stdout).toContain('contacts created from 2026-03-02T09:00:00Z to 2026-03-02T09:13:20Z');
    expect(run.stdout).toContain('contacts whose facts changed: 8');
    // A warning about the data is not part of the summary: standard error, and only there.
    const warning = 'warning: queue_log: unknown event FOOBAR: line not imported — 1× (e.g. line 13)';
    expect(run.stderr).toContain(warning);
    expect(run.stdout).not.toContain('warning:');
    const kpis = JSON.parse(await kpiJson(target, '--kpi', 'answered,abandoned')) as Record<
      string,
      { value: number }
    >[];
    expect([kpis[0]?.answered?.value, kpis[0]?.abandoned?.value]).toEqual([4, 2]);

    const again = await cliOk('import', 'asterisk-queue-log', QUEUE_LOG, '--db', target);
    expect(again.stdout).toContain('contacts whose facts changed: 0');
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
    expect(zone.stderr).toBe(
      "error: option '--timezone <zone>' argument 'Mars/Olympus' is invalid. not an IANA time zone, e.g. Europe/Amsterdam or UTC\n",
    );
    const noMap = await cli('import', 'csv', QUEUE_LOG, '--db', target);
    expect(noMap.stderr).toContain('csv needs --map <mapping file>');
    const mapWithoutFormat = await cli('import', BASE, '--map', QUEUE_LOG, '--db', target);
    expect(mapWithoutFormat.stderr).toContain('--map is for source formats');
    expect(existsSync(target)).toBe(false);
  });
});

describe('standard output has what a command did, standard error the warnings and errors', () => {
  test('import, kpi, rebuild and export of a call log with warnings about its data', async () => {
    const target = join(tmp, 'streams.duckdb');
    const imported = await cliOk(
      'import',
      'asterisk-queue-log',
      join(FIXTURES, 'sources', 'asterisk', 'queue_log'),
      '--db',
      target,
    );
    expect(imported.stdout).toContain('asterisk-queue-log: 1 file converted\n');
    expect(imported.stdout).toContain('contacts whose facts changed: 8\n');
    expect(imported.stdout).not.toContain('warning');
    const warnings = imported.stderr.split('\n').filter((line) => line !== '');
    expect(warnings.length).toBeGreaterThan(2);
    for (const line of warnings) expect(line).toMatch(/^warning: /);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'warning: 8 contacts have no business-hours calendar; their business-hours durations equal calendar time',
        'warning: queue_log: unknown event FOOBAR: line not imported — 1× (e.g. line 13)',
      ]),
    );

    // The table's notes belong to the table; beside JSON or CSV they would break the format.
    const calendarNote =
      'note: 8 contacts have no business-hours calendar (no team calendar and no default): their business-hours durations equal calendar time.';
    const table = await cliOk('kpi', '--db', target, '--kpi', 'answered,frt');
    expect(table.stdout).toContain(`${calendarNote}\n`);
    expect(table.stderr).toBe('');
    for (const format of ['json', 'csv']) {
      const data = await cliOk('kpi', '--db', target, '--kpi', 'answered,frt', '--format', format);
      expect(data.stdout, format).not.toContain('note:');
      expect(data.stderr, format).toContain(`${calendarNote}\n`);
    }
    expect(
      JSON.parse((await cliOk('kpi', '--db', target, '--kpi', 'answered', '--format', 'json')).stdout),
    ).toEqual([{ answered: { value: 4, n: 4 } }]);

    const rebuilt = await cliOk('rebuild', '--db', target);
    expect([rebuilt.stdout, rebuilt.stderr]).toEqual([
      expect.stringMatching(/^facts rebuilt for 8 contacts and 0 survey rows/),
      '',
    ]);
    const exported = await cliOk('export', '--db', target, '--out', join(tmp, 'streams-export'));
    expect(exported.stdout).toContain(`${join(tmp, 'streams-export', 'contacts.csv')}: 8 rows\n`);
    expect(exported.stderr).toBe('');
  });

  test('import social-threads --idle-gap: the summary on standard output, the cuts it made on standard error', async () => {
    const threads = join(tmp, 'revived-thread.csv');
    await writeFile(
      threads,
      [
        'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id',
        '700001,601,True,Mon Oct 02 12:00:00 +0000 2017,@AmazonHelp my parcel is lost,700002,',
        '700002,AmazonHelp,False,Mon Oct 02 12:30:00 +0000 2017,@601 Sorry! DM us the order ^KL,700003,700001',
        '700003,602,True,Thu Oct 05 09:00:00 +0000 2017,@AmazonHelp mine too,700004,700002',
        '700004,AmazonHelp,False,Thu Oct 05 09:10:00 +0000 2017,@602 Please DM us as well ^KL,,700003',
        '',
      ].join('\r\n'),
    );
    // Two days and 20.5 hours of silence before the second customer: a new contact at 36 h, not at 7 d.
    const cut = await cliOk(
      'import',
      'social-threads',
      threads,
      '--idle-gap',
      // 36 hours, written as the mapping's durations may be.
      '1.5d',
      '--db',
      join(tmp, 'cut.duckdb'),
    );
    expect(cut.stdout).toContain('social-threads: 1 file converted\n');
    expect(cut.stdout).toContain('  contacts: 2 rows converted, 2 imported\n');
    expect(cut.stderr).toContain(
      'warning: revived-thread.csv: customer message after more than 36 hours without a message in the thread: starts a new contact — 1× (e.g. tweet 700003 in thread 700001, 2 days idle)\n',
    );
    const whole = await cliOk('import', 'social-threads', threads, '--db', join(tmp, 'whole.duckdb'));
    expect(whole.stdout).toContain('  contacts: 1 rows converted, 1 imported\n');
    expect(whole.stderr).not.toContain('starts a new contact');

    const target = join(tmp, 'idle-gap-refused.duckdb');
    const badDuration = await cli('import', 'social-threads', threads, '--idle-gap', '7x', '--db', target);
    expect(badDuration.code).toBe(1);
    expect(badDuration.stdout).toBe('');
    expect(badDuration.stderr).toContain(
      "option '--idle-gap <duration>' argument '7x' is invalid. expected a duration such as 7d, 36h or 90min",
    );
    const otherFormat = await cli(
      'import',
      'asterisk-queue-log',
      join(FIXTURES, 'sources', 'asterisk', 'queue_log'),
      '--idle-gap',
      '7d',
      '--db',
      target,
    );
    expect([otherFormat.code, otherFormat.stdout, otherFormat.stderr]).toEqual([
      1,
      '',
      'error: --idle-gap is for social-threads\n',
    ]);
    expect(existsSync(target)).toBe(false);
  });
});

describe('sync zendesk', () => {
  test('what a sync fetched and imported is printed on standard output', async () => {
    // An account with nothing in it: every stream ends on its first page.
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const stream = /\/incremental\/(users|tickets)\/cursor\.json$/.exec(url.pathname)?.[1];
      const body =
        stream !== undefined
          ? {
              [stream]: [],
              after_url: null,
              after_cursor: 'c1',
              before_url: null,
              before_cursor: null,
              end_of_stream: true,
            }
          : url.pathname === '/api/v2/satisfaction_ratings.json'
            ? { satisfaction_ratings: [], next_page: null, count: 0 }
            : null;
      response
        .writeHead(body ? 200 : 404, { 'content-type': 'application/json' })
        .end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await cliOk(
        'sync',
        'zendesk',
        '--subdomain',
        'acme',
        '--email',
        'a@b.c',
        '--token',
        't',
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--db',
        join(tmp, 'empty-sync.duckdb'),
      );
      expect([run.stdout, run.stderr]).toEqual([
        'zendesk:acme: 2 pages (0 retried), 0 tickets, 0 users, 0 audits, 0 ratings; 0 rows imported in 0 batches\n',
        '',
      ]);
    } finally {
      server.close();
    }
  });

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
  // Every command starts a process of its own, all at once: on two busy cores that takes a while.
}, 240_000);

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
  const summary = await writeDemoFiles(data, { contacts: 20_000, seed: 3 });
  const expected = summary.files;
  expect(expected.contacts).toBe(20_000);

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
  expect(rerun.stdout).toContain('contacts: 20,000 read, 20,000 imported');
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
}, 240_000);
