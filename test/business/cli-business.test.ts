/**
 * `servicemeter business`: cohorts, clv, conversion, people, notices and settings on a database
 * file holding the small-helpdesk team with its customers, their orders and the agents'
 * employment, and through the server that holds a database (the token's role decides). Runs the
 * built CLI (`npm run build:server` first).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { createToken } from '../../src/services/users.js';
import { startTestServer, type TestServer } from '../server/support.js';
import { cli, expectRefused } from '../support/cli.js';
import { FIXTURES } from '../support/engines.js';

// Each run of the built command line starts in seconds, on a busy machine in tens of them.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const FILES: Record<string, string[]> = {
  'customers.csv': [
    'id,first_seen_at,segment,acquisition_channel,closed_at',
    'c1,2026-01-10T09:00:00Z,consumer,search,',
    'c2,2026-01-15T09:00:00Z,consumer,social,2026-03-20T00:00:00Z',
    'c3,2026-02-05T09:00:00Z,business,search,',
    'c4,2026-02-10T09:00:00Z,consumer,search,',
  ],
  'orders.csv': [
    'source,external_id,customer_id,ordered_at,revenue,cost_of_goods,currency,status',
    'shop,o1,c1,2026-01-11T10:00:00Z,100,60,EUR,paid',
    'shop,o2,c1,2026-03-03T10:00:00Z,50,20,EUR,paid',
    'shop,o3,c3,2026-02-06T10:00:00Z,80,30,EUR,paid',
    'shop,o4,c4,2026-03-20T10:00:00Z,40,10,EUR,',
  ],
  'people.csv': [
    'agent_id,hired_on,fte,hourly_cost,currency',
    'ann,2025-12-20,1,30,EUR',
    'bob,2019-01-01,0.8,25,EUR',
  ],
};

async function importBusiness(db: DuckDbEngine, dir: string): Promise<void> {
  const folder = join(dir, 'business');
  await mkdir(folder);
  for (const [name, lines] of Object.entries(FILES))
    await writeFile(join(folder, name), `${lines.join('\n')}\n`);
  const imported = await importFiles(db, [folder]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
}

const RANGE = ['--from', '2026-01-01', '--to', '2026-04-01'];

let work: string;
let dbPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-cli-business-'));
  dbPath = join(work, 'shop.duckdb');
  const db = await openDuckDb({ path: dbPath });
  await migrate(db);
  const helpdesk = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
  if (!helpdesk.ok) throw new Error(JSON.stringify(helpdesk.error));
  await importBusiness(db, work);
  await db.close();
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('on a database file', () => {
  test('cohorts: a table of retention per month after, the same as JSON and CSV', async () => {
    const args = ['business', 'cohorts', ...RANGE, '--db', dbPath];
    const shown = await cli(args);
    expect(shown.code, shown.stderr).toBe(0);
    const lines = shown.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^cohort\s+customers\s+month 0\s+month 1$/);
    // The data ends on 2026-03-20: February is the last whole month.
    expect(lines[2]).toMatch(/^2026-01\s+2\s+100\.0 %\s+100\.0 %$/);
    expect(lines[3]).toMatch(/^2026-02\s+2\s+100\.0 %$/);
    expect(shown.stderr).toMatch(/Cohort: the customers first seen in a month/);

    const json = await cli([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout);
    expect(view.cohorts.map((c: { cohort: string; size: number }) => [c.cohort, c.size])).toEqual([
      ['2026-01', 2],
      ['2026-02', 2],
    ]);

    const csv = await cli([...args, '--format', 'csv', '--segment', 'consumer']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.trim().split('\r\n')).toEqual([
      'cohort,size,offset,retained,share,low,high',
      expect.stringMatching(/^2026-01,2,0,2,1,/),
      expect.stringMatching(/^2026-01,2,1,2,1,/),
      expect.stringMatching(/^2026-02,1,0,1,1,/),
    ]);
  });

  test('clv, conversion, people and notices: every figure on the file, money included', async () => {
    const clv = await cli(['business', 'clv', ...RANGE, '--json', '--db', dbPath]);
    expect(clv.code, clv.stderr).toBe(0);
    const value = JSON.parse(clv.stdout);
    expect(value.currency).toBe('EUR');
    expect(value.groups.map((g: { handling: string }) => g.handling)).toEqual([
      'first_contact',
      'later',
      'unresolved',
      'no_contact',
    ]);
    const table = await cli(['business', 'clv', ...RANGE, '--db', dbPath]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^handling\s+customers\s+mean CLV EUR/);
    expect(table.stdout).toMatch(/cumulative margin per customer \(EUR\):/);

    const conversion = await cli(['business', 'conversion', ...RANGE, '--by', 'agent', '--db', dbPath]);
    expect(conversion.code, conversion.stderr).toBe(0);
    expect(conversion.stdout).toMatch(/^agent\s+contacts\s+converted\s+rate\s+95 % interval/);
    expect(conversion.stdout).toMatch(/without a contact: .* customer-months/);
    expect(conversion.stderr).toMatch(/not a randomised comparison/i);

    const people = await cli(['business', 'people', ...RANGE, '--json', '--db', dbPath]);
    expect(people.code, people.stderr).toBe(0);
    expect(
      JSON.parse(people.stdout).agents.map((a: { agentId: string; hourlyCost: number }) => [
        a.agentId,
        a.hourlyCost,
      ]),
    ).toEqual([
      ['ann', 30],
      ['bob', 25],
    ]);

    const notices = await cli(['business', 'notices', '--json', '--db', dbPath]);
    expect(notices.code, notices.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(notices.stdout))).toBe(true);
  });

  test('settings: shown, changed with --set, a bad value named', async () => {
    const shown = await cli(['business', 'settings', '--db', dbPath]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/conversionDays\s+7/);
    const changed = await cli([
      'business',
      'settings',
      '--set',
      'conversionDays=14',
      '--json',
      '--db',
      dbPath,
    ]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout).conversionDays).toBe(14);
    expect(changed.stderr).toMatch(/changed conversionDays/);
    const conversion = await cli(['business', 'conversion', ...RANGE, '--json', '--db', dbPath]);
    expect(JSON.parse(conversion.stdout).conversionDays).toBe(14);
    expectRefused(
      await cli(['business', 'settings', '--set', 'conversionDays=0', '--db', dbPath]),
      /--set conversionDays: /,
    );
    expectRefused(await cli(['business', 'settings', '--set', 'nothing', '--db', dbPath]), /--set/);
  });

  test('mistakes name the option', async () => {
    const base = ['business', 'cohorts', '--db', dbPath];
    expectRefused(await cli([...base, '--from', '2026-02-30']), /--from/);
    expectRefused(
      await cli([...base, '--from', '2026-04-01', '--to', '2026-01-01']),
      /--to: must be after --from/,
    );
    expectRefused(await cli(['business', 'conversion', '--by', 'topic', '--db', dbPath]), /--by/);
    expectRefused(await cli([...base, '--format', 'xml']), /--format/);
  });

  test('every command has examples in its help', async () => {
    for (const command of [
      ['business'],
      ['business', 'cohorts'],
      ['business', 'clv'],
      ['business', 'conversion'],
      ['business', 'people'],
      ['business', 'settings'],
    ]) {
      const help = await cli([...command, '--help']);
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.stdout, command.join(' ')).toMatch(/Examples?:\n {2}servicemeter business/);
    }
  });
});

describe('through a running server', () => {
  let server: TestServer;
  let managerToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (db, dir) => {
        await importBusiness(db, dir);
        const ids = await db.all(
          "SELECT id, email FROM users WHERE email IN ('manager@example.com', 'viewer@example.com')",
        );
        const idOf = (email: string) => String(ids.find((r) => r.email === email)?.id);
        managerToken = (await createToken(db, idOf('manager@example.com'), { name: 'cli' })).token;
        viewerToken = (await createToken(db, idOf('viewer@example.com'), { name: 'cli' })).token;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  test("the token's role decides: a viewer sees retention but no money, a manager no hourly cost", async () => {
    const remote = (token: string) => ['--server', server.url, '--token', token];
    const cohorts = await cli(['business', 'cohorts', ...RANGE, '--json', ...remote(viewerToken)]);
    expect(cohorts.code, cohorts.stderr).toBe(0);
    expect(JSON.parse(cohorts.stdout).cohorts).toHaveLength(2);
    expectRefused(await cli(['business', 'clv', ...RANGE, ...remote(viewerToken)]), /refused \(403\)/);
    expectRefused(
      await cli(['business', 'conversion', '--by', 'agent', ...RANGE, ...remote(viewerToken)]),
      /refused \(403\)/,
    );
    const people = await cli(['business', 'people', ...RANGE, '--json', ...remote(managerToken)]);
    expect(people.code, people.stderr).toBe(0);
    expect(JSON.parse(people.stdout).agents.map((a: { hourlyCost: number | null }) => a.hourlyCost)).toEqual([
      null,
      null,
    ]);
    expectRefused(
      await cli(['business', 'settings', '--set', 'conversionDays=14', ...remote(managerToken)]),
      /refused \(403\)/,
    );
  });
});
