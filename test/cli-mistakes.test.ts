import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KPIS } from '../src/core/kpi/catalog.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { migrate } from '../src/services/migrate.js';
import { FIXTURES } from './support/engines.js';

/** The built CLI: `npm run build:server` first (`npm test` builds). */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../package.json', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A mistake is explained in exactly one line on standard error, with exit code 1 and no output. */
function expectMistake(run: Run, message: string) {
  expect(run).toEqual({ code: 1, stdout: '', stderr: `error: ${message}\n` });
}

let tmp: string;
let db: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server before these tests`);
  tmp = await mkdtemp(join(tmpdir(), 'servicemeter-cli-mistakes-'));
  db = join(tmp, 'team.duckdb');
  const imported = await cli('import', join(FIXTURES, 'small-helpdesk'), '--db', db);
  expect(imported.code, imported.stderr).toBe(0);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const kpi = (...args: string[]) => cli('kpi', '--db', db, ...args);

describe('kpi', () => {
  test('an impossible date', async () => {
    expectMistake(
      await kpi('--from', '2026-13-45'),
      "option '--from <date>' argument '2026-13-45' is invalid. month 13 does not exist",
    );
  });

  test('a word instead of a date', async () => {
    expectMistake(
      await kpi('--to', 'yesterday'),
      "option '--to <date>' argument 'yesterday' is invalid. expected YYYY-MM-DD or YYYY-MM-DDTHH:MM",
    );
  });

  test('--from after --to, or on the same day', async () => {
    expectMistake(
      await kpi('--from', '2026-03-05', '--to', '2026-03-01'),
      '--from 2026-03-05 is after --to 2026-03-01; --from starts the range, --to ends it (exclusive)',
    );
    expectMistake(
      await kpi('--from', '2026-03-05', '--to', '2026-03-05'),
      '--from and --to are both 2026-03-05: an empty range, as --to is not part of it (--to 2026-03-06 gives one day)',
    );
  });

  test('only --from, after the newest data', async () => {
    expectMistake(
      await kpi('--from', '2027-01-01'),
      '--from 2027-01-01 is not before the end of the data (2026-03-11, the day after its newest date); give --to as well',
    );
  });

  test('an unknown filter key lists the keys', async () => {
    expectMistake(
      await kpi('--filter', 'chanel=chat'),
      "option '--filter <dim=values>' argument 'chanel=chat' is invalid. unknown filter key 'chanel'; did you mean channel? (filter keys: channel, team, agent, topic, priority, escalation_type, survey_dimension, survey, survey_question, survey_source, survey_location, qa_scorecard, qa_category, qa_reviewer, qa_check, shrinkage_reason, segment, acquisition_channel, cost_category, text_language, brand_attribute)",
    );
  });

  test('an unknown filter value suggests the nearest value in the data', async () => {
    expectMistake(
      await kpi('--filter', 'channel=chatt'),
      "--filter channel=chatt: no channel 'chatt' in the data; did you mean chat?",
    );
    // Nothing near: the values the data has.
    expectMistake(
      await kpi('--filter', 'topic=warranty'),
      "--filter topic=warranty: no topic 'warranty' in the data; it has delivery, returns",
    );
    // An agent's name where the id belongs.
    expectMistake(
      await kpi('--filter', 'agent=Ann'),
      "--filter agent=Ann: no agent 'Ann' in the data; agents are filtered by id: ann",
    );
  });

  test('a repeated --filter of one dimension keeps the values of each', async () => {
    const both = await kpi(
      '--kpi',
      'contacts_created',
      '--filter',
      'channel=chat',
      '--filter',
      'channel=email',
      '--format',
      'json',
    );
    const either = await kpi(
      '--kpi',
      'contacts_created',
      '--filter',
      'channel=chat|email',
      '--format',
      'json',
    );
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toBe(either.stdout);
    expect(JSON.parse(both.stdout)).toEqual([{ contacts_created: { value: 3, n: 3 } }]);
  });

  test('an unknown KPI id suggests the nearest; ids are case-insensitive', async () => {
    expectMistake(
      await kpi('--kpi', 'frtt'),
      "option '--kpi <ids>' argument 'frtt' is invalid. unknown KPI 'frtt'; did you mean frt? (servicemeter kpis lists them all)",
    );
    expectMistake(
      await kpi('--kpi', 'nope'),
      `option '--kpi <ids>' argument 'nope' is invalid. unknown KPI 'nope'; known: ${KPIS.map((k) => k.id).join(', ')}`,
    );
    const upper = await kpi('--kpi', 'FRT,Csat', '--format', 'json');
    expect(upper.code, upper.stderr).toBe(0);
    expect(upper.stdout).toBe((await kpi('--kpi', 'frt,csat', '--format', 'json')).stdout);
  });

  test('a misspelt grain in --by lists the dimensions and grains', async () => {
    expectMistake(
      await kpi('--by', 'weak'),
      "option '--by <dims>' argument 'weak' is invalid. no dimension or grain 'weak'; did you mean week? (dimensions: channel, team, agent, topic, priority, escalation_type, survey_dimension, survey, survey_question, survey_source, survey_location, qa_scorecard, qa_category, qa_reviewer, qa_check, shrinkage_reason, segment, acquisition_channel, cost_category, text_language, brand_attribute, hour_of_day, weekday; grains: hour, day, week, month, quarter, year)",
    );
    expectMistake(
      await kpi('--by', 'week,month'),
      "option '--by <dims>' argument 'week,month' is invalid. at most one grain, got week and month",
    );
  });

  test('a wrong --format lists the valid ones in one line, not the whole help', async () => {
    expectMistake(
      await kpi('--format', 'xml'),
      "option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv.",
    );
  });

  test('a --stat that does not exist lists the statistics', async () => {
    expectMistake(
      await kpi('--stat', 'avg'),
      "option '--stat <stat>' argument 'avg' is invalid. Allowed choices are median, p90, mean.",
    );
  });

  test('a time zone that is not one, or misspelt', async () => {
    expectMistake(
      await kpi('--timezone', 'Mars/Base'),
      "option '--timezone <zone>' argument 'Mars/Base' is invalid. not an IANA time zone, e.g. Europe/Amsterdam or UTC",
    );
    expectMistake(
      await kpi('--timezone', 'Europe/Amsterdm'),
      "option '--timezone <zone>' argument 'Europe/Amsterdm' is invalid. not an IANA time zone; did you mean Europe/Amsterdam?",
    );
  });

  test('--compare shows in every output format', async () => {
    const args = [
      '--kpi',
      'frt',
      '--by',
      'channel',
      '--from',
      '2026-03-04',
      '--to',
      '2026-03-11',
      '--compare',
    ];
    const table = await kpi(...args);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(
      '2026-03-04 – 2026-03-11 (Europe/Amsterdam, end exclusive; compared with the previous period of the same length)',
    );
    expect(table.stdout).toMatch(/^channel +frt +vs previous$/m);
    // e-mail: 1 h now against 20 min in the week before; one reply each, so not a clear change.
    expect(table.stdout).toMatch(/^email +1h 00m \(n 1\) +\+40m 00s ~$/m);
    // Phone has no first response the week before: compared, but no change to show.
    expect(table.stdout).toMatch(/^phone +30s \(n 1\) +–$/m);

    const csv = await kpi(...args, '--format', 'csv');
    expect(csv.stdout.split('\r\n').slice(0, 2)).toEqual([
      'channel,frt,frt_n,frt_low,frt_high,frt_previous,frt_previous_n',
      'email,3600,1,,,1200,1',
    ]);

    const json = JSON.parse((await kpi(...args, '--format', 'json')).stdout) as {
      channel: string;
      frt: { previous: unknown };
    }[];
    expect(json.find((row) => row.channel === 'email')?.frt.previous).toEqual({ value: 1200, n: 1 });
  });
});

describe('the database file', () => {
  test('a read command on a missing database stops and creates none', async () => {
    const missing = join(tmp, 'demo.duckdb');
    const commands = [
      ['kpi'],
      ['export', '--out', join(tmp, 'out')],
      ['serve', '--port', '0'],
      ['data-quality'],
      ['rebuild'],
      ['repair', '--dry-run'],
      ['user', 'list'],
      ['user', 'add', '--email', 'lead@example.com', '--role', 'admin'],
    ];
    const runs = await Promise.all(commands.map((args) => cli(...args, '--db', missing)));
    for (const run of runs)
      expectMistake(run, `no database at ${missing}: run servicemeter import or demo first`);
    expect(existsSync(missing)).toBe(false);
  });

  test('a data file given as --db is refused, not opened as a database of one view', async () => {
    const exported = join(tmp, 'contacts.csv');
    await writeFile(exported, 'source,external_id\nhelpdesk,t1\n');
    for (const args of [['kpi'], ['import', join(tmp, 'contacts.csv')]]) {
      expectMistake(
        await cli(...args, '--db', exported),
        `${exported} is not a servicemeter database (a DuckDB file): give --db the database, not a data file`,
      );
    }
    expect(await readFile(exported, 'utf8')).toBe('source,external_id\nhelpdesk,t1\n');
  });

  test('an import of a missing file creates no database', async () => {
    const target = join(tmp, 'new.duckdb');
    const file = join(tmp, 'contacs.csv');
    expectMistake(await cli('import', file, '--db', target), `${file}: no such file or folder`);
    expectMistake(
      await cli('import', 'zendsk', file, '--db', target),
      'zendsk: no such file or folder, nor a source format; did you mean zendesk?',
    );
    const mapping = join(tmp, 'calls.map.json');
    expectMistake(
      await cli(
        'import',
        'csv',
        join(FIXTURES, 'small-helpdesk', 'contacts.csv'),
        '--map',
        mapping,
        '--db',
        target,
      ),
      `--map ${mapping}: no such file`,
    );
    expect(existsSync(target)).toBe(false);
  });

  test('a first import that fails leaves no empty database behind', async () => {
    const target = join(tmp, 'refused.duckdb');
    const run = await cli(
      'import',
      join(FIXTURES, 'bad', 'corrupt-timestamp', 'contacts.csv'),
      '--db',
      target,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was imported');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.wal`)).toBe(false);
  });

  test('kpi on a database without data says so rather than show n 0', async () => {
    const empty = join(tmp, 'empty.duckdb');
    const engine = await openDuckDb({ path: empty });
    await migrate(engine);
    await engine.close();
    expectMistake(
      await cli('kpi', '--db', empty),
      `no contacts or surveys in ${empty} yet: run servicemeter import or demo first`,
    );
    // With a range asked for too: not a quiet month of n 0.
    expectMistake(
      await cli('kpi', '--db', empty, '--from', '2026-01-01', '--to', '2026-02-01'),
      `no contacts or surveys in ${empty} yet: run servicemeter import or demo first`,
    );
  });

  test('export --out a file says it needs a folder', async () => {
    const file = join(tmp, 'notes.txt');
    await writeFile(file, 'not a folder');
    expectMistake(
      await cli('export', '--db', db, '--out', file),
      `--out ${file} is a file; give a folder (it is created when missing)`,
    );
  });
});

describe('the command line itself', () => {
  test('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(PACKAGE, 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      expect(await cli(flag)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  test('an option without its value points to the help', async () => {
    expectMistake(
      await cli('kpi', '--db'),
      "option '--db <file>' argument missing (servicemeter kpi --help lists the options)",
    );
  });

  test('an unknown option suggests the nearest', async () => {
    expectMistake(
      await kpi('--fitler', 'channel=chat'),
      "unknown option '--fitler'; did you mean --filter? (servicemeter kpi --help lists the options)",
    );
  });

  test('an unknown command suggests the nearest', async () => {
    expectMistake(
      await cli('kpii'),
      "unknown command 'kpii'; did you mean kpi or kpis? (servicemeter --help lists the commands)",
    );
  });

  test('a missing required option of a subcommand names the command', async () => {
    expectMistake(
      await cli('user', 'password', '--db', db),
      "required option '--email <address>' not specified (servicemeter user password --help lists the options)",
    );
  });
});
