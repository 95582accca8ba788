/**
 * `servicemeter staffing`, `forecast`, `schedules` and `workforce`: on a database file holding a
 * small team with five weeks of calls, and through the server that holds a database. Runs the
 * built CLI (`npm run build:server` first).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { createToken, createUser } from '../../src/services/users.js';
import { PASSWORD, startTestServer, type TestServer } from '../server/support.js';
import { cli, expectRefused } from '../support/cli.js';

const DAY_MS = 86_400_000;

const day = (time: number) => new Date(time).toISOString().slice(0, 10);
/** Monday of the week after today (UTC): the week the commands plan. */
const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
const NEXT_MONDAY = day(today + (7 - ((new Date(today).getUTCDay() + 6) % 7)) * DAY_MS);

/** A team in UTC open 08:00–16:00 on weekdays, with three calls each weekday morning of the last five weeks. */
function teamFiles(): Record<string, string> {
  const calls: string[] = [];
  for (let back = 35; back >= 1; back--) {
    const date = today - back * DAY_MS;
    const weekday = new Date(date).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const minute of ['00', '10', '20'])
      calls.push(`pbx,c-${day(date)}-${minute},phone,${day(date)}T08:${minute}:00Z,support,ann,closed`);
  }
  return {
    'calendars.csv': 'id,name,timezone,is_default\nutc,UTC,UTC,true\n',
    'calendar_intervals.csv': `calendar_id,weekday,start_time,end_time\n${[1, 2, 3, 4, 5].map((d) => `utc,${d},08:00,16:00`).join('\n')}\n`,
    'teams.csv': 'id,name,calendar_id\nsupport,Support,utc\n',
    'agents.csv': 'id,name,email,team_id,started_on,active\nann,Ann,,support,,true\nbob,Bob,,support,,true\n',
    'contacts.csv': `source,external_id,channel,created_at,team_id,assignee_id,status\n${calls.join('\n')}\n`,
    'schedules.csv': `source,external_id,agent_id,starts_at,ends_at,activity,note\nwfm,ann-1,ann,${NEXT_MONDAY}T08:00:00Z,${NEXT_MONDAY}T16:00:00Z,phone,\n`,
  };
}

let work: string;
let dbPath: string;
let leadId: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-cli-workforce-'));
  const data = join(work, 'data');
  await mkdir(data);
  for (const [name, text] of Object.entries(teamFiles())) await writeFile(join(data, name), text);
  dbPath = join(work, 'team.duckdb');
  const db = await openDuckDb({ path: dbPath });
  await migrate(db);
  const imported = await importFiles(db, [data]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  const lead = await createUser(db, { email: 'lead@example.com', password: PASSWORD, role: 'manager' });
  if (!lead.ok) throw new Error(JSON.stringify(lead.error));
  leadId = lead.data.id;
  const viewer = await createUser(db, { email: 'viewer@example.com', password: PASSWORD, role: 'viewer' });
  if (!viewer.ok) throw new Error(JSON.stringify(viewer.error));
  await db.close();
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('on a database file', () => {
  test('staffing: a table of the open intervals, the same week as JSON and CSV', async () => {
    const args = [
      'staffing',
      '--channel',
      'phone',
      '--week',
      NEXT_MONDAY,
      '--interval',
      '60',
      '--db',
      dbPath,
    ];
    const shown = await cli([...args, '--target-sl', '80/20']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toMatch(new RegExp(`^phone, week of ${NEXT_MONDAY} \\(UTC\\), 60-minute intervals`));
    expect(shown.stderr).toMatch(/target 80 % within 20 s/);
    expect(shown.stderr).toMatch(/intervals under-staffed/);
    const lines = shown.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^local time\s+forecast\s+handle time\s+required\s+to schedule\s+scheduled\s+available\s+SL\s+ASA\s+abandoned$/,
    );
    // Five open days of eight hours.
    expect(lines).toHaveLength(2 + 5 * 8);
    expect(lines[2]).toMatch(new RegExp(`^${NEXT_MONDAY} 08:00 `));

    const json = await cli([
      ...args,
      '--format',
      'json',
      '--target-asa',
      '30',
      '--volume',
      '+10',
      '--handle-time',
      '-5',
      '--shrinkage',
      '0.25',
    ]);
    expect(json.code, json.stderr).toBe(0);
    const week = JSON.parse(json.stdout);
    expect(week).toMatchObject({
      channel: 'phone',
      weekStart: NEXT_MONDAY,
      intervalMinutes: 60,
      target: { kind: 'asa', seconds: 30 },
      shrinkage: { value: 0.25, measured: false },
    });
    expect(week.intervals).toHaveLength(7 * 24);
    expect(week.intervals.find((i: { local: string }) => i.local === `${NEXT_MONDAY}T09:00`).scheduled).toBe(
      1,
    );

    const csv = await cli([...args, '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trim().split('\r\n');
    expect(rows[0]).toBe(
      'local,start,open,forecastArrivals,ahtSeconds,required,requiredScheduled,scheduled,available,serviceLevelAtRequired,asaAtRequired,abandonmentAtRequired,serviceLevelAtScheduled,staffing',
    );
    expect(rows).toHaveLength(1 + 7 * 24);
  });

  test('staffing: mistakes name the option', async () => {
    const base = ['staffing', '--db', dbPath];
    expectRefused(await cli([...base, '--channel', 'fax']), /--channel/);
    expectRefused(await cli(base), /--channel/);
    expectRefused(await cli([...base, '--channel', 'phone', '--target-sl', '80']), /--target-sl.*80\/20/);
    expectRefused(await cli([...base, '--channel', 'phone', '--volume', 'lots']), /--volume/);
    expectRefused(await cli([...base, '--channel', 'phone', '--shrinkage', '1.2']), /--shrinkage/);
    expectRefused(await cli([...base, '--channel', 'phone', '--week', '2026-02-30']), /--week/);
    expectRefused(
      await cli([...base, '--channel', 'phone', '--target-sl', '80/20', '--target-asa', '30']),
      /--target-sl and --target-asa: give one target/,
    );
    expectRefused(await cli([...base, '--channel', 'phone', '--team', 'nobody']), /nobody/);
  });

  test('forecast: the intervals ahead and the accuracy lines', async () => {
    const shown = await cli([
      'forecast',
      '--channel',
      'phone',
      '--interval',
      '60',
      '--weeks-back',
      '2',
      '--db',
      dbPath,
    ]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toMatch(/^phone, 60-minute intervals \(UTC\), method /);
    expect(shown.stdout).toMatch(/^local time\s+actual\s+forecast\s+low\s+high\s+handle time$/m);
    expect(shown.stdout).toMatch(/^accuracy on /m);
    expect(shown.stdout).toMatch(/^forecast\s+WAPE\s+bias$/m);
    expect(shown.stdout).toMatch(/^last 4 weeks\s/m);
    expect(shown.stdout).toMatch(/^same week last year\s/m);
    // Three calls each weekday at eight in the morning: the coming weekdays are forecast then.
    expect(shown.stdout).toMatch(/ 08:00\s+–\s+\d/);
    const json = JSON.parse(
      (await cli(['forecast', '--channel', 'phone', '--format', 'json', '--db', dbPath])).stdout,
    );
    expect(json).toMatchObject({ channel: 'phone', intervalMinutes: 30 });
    expect(json.accuracy).toHaveProperty('sameWeekLastYear');
    expectRefused(
      await cli(['forecast', '--channel', 'phone', '--weeks-ahead', '9', '--db', dbPath]),
      /--weeks-ahead/,
    );
  });

  test('schedules: add, list, a clash refused naming the block, copy a week, remove', async () => {
    const added = await cli([
      'schedules',
      'add',
      '--agent',
      'bob',
      '--start',
      `${NEXT_MONDAY}T08:00:00Z`,
      '--end',
      `${NEXT_MONDAY}T12:00:00Z`,
      '--activity',
      'chat',
      '--note',
      'Launch',
      '--by',
      leadId,
      '--format',
      'json',
      '--db',
      dbPath,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const block = JSON.parse(added.stdout);
    expect(block).toMatchObject({ source: 'servicemeter', agentId: 'bob', activity: 'chat', note: 'Launch' });

    const list = await cli(['schedules', 'list', '--from', NEXT_MONDAY, '--to', NEXT_MONDAY, '--db', dbPath]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^agent\s+starts at\s+ends at\s+activity\s+note\s+key$/m);
    expect(list.stdout).toMatch(
      new RegExp(
        `^ann \\(Ann\\)\\s+${NEXT_MONDAY}T08:00:00Z\\s+${NEXT_MONDAY}T16:00:00Z\\s+phone\\s+wfm ann-1$`,
        'm',
      ),
    );
    expect(list.stdout).toMatch(/^bob \(Bob\)\s+.*chat\s+Launch\s+servicemeter /m);
    const onlyAnn = await cli([
      'schedules',
      'list',
      '--from',
      NEXT_MONDAY,
      '--to',
      NEXT_MONDAY,
      '--agent',
      'ann',
      '--format',
      'csv',
      '--db',
      dbPath,
    ]);
    expect(onlyAnn.stdout.trim().split('\r\n')).toEqual([
      'source,externalId,agentId,agentName,teamId,startsAt,endsAt,activity,note',
      `wfm,ann-1,ann,Ann,support,${NEXT_MONDAY}T08:00:00.000Z,${NEXT_MONDAY}T16:00:00.000Z,phone,`,
    ]);

    expectRefused(
      await cli([
        'schedules',
        'add',
        '--agent',
        'ann',
        '--start',
        `${NEXT_MONDAY}T10:00:00Z`,
        '--end',
        `${NEXT_MONDAY}T11:00:00Z`,
        '--activity',
        'email',
        '--db',
        dbPath,
      ]),
      /ann-1/,
    );
    expectRefused(
      await cli([
        'schedules',
        'add',
        '--agent',
        'ann',
        '--start',
        `${NEXT_MONDAY} 10:00`,
        '--end',
        `${NEXT_MONDAY}T11:00:00Z`,
        '--activity',
        'email',
        '--db',
        dbPath,
      ]),
      /--start/,
    );
    expectRefused(
      await cli([
        'schedules',
        'add',
        '--agent',
        'ann',
        '--start',
        `${NEXT_MONDAY}T10:00:00Z`,
        '--end',
        `${NEXT_MONDAY}T11:00:00Z`,
        '--activity',
        'nap',
        '--db',
        dbPath,
      ]),
      /--activity/,
    );
    expectRefused(
      await cli([
        'schedules',
        'add',
        '--agent',
        'ann',
        '--start',
        `${NEXT_MONDAY}T20:00:00Z`,
        '--end',
        `${NEXT_MONDAY}T21:00:00Z`,
        '--activity',
        'email',
        '--by',
        'nobody',
        '--db',
        dbPath,
      ]),
      /--by: there is no user nobody/,
    );

    const copied = await cli([
      'schedules',
      'copy-week',
      '--from-week',
      NEXT_MONDAY,
      '--to-week',
      day(Date.parse(`${NEXT_MONDAY}T00:00:00Z`) + 7 * DAY_MS),
      '--agent',
      'ann',
      '--db',
      dbPath,
    ]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/^copied 1 blocks from the week of /);

    const removed = await cli(['schedules', 'remove', 'servicemeter', block.externalId, '--db', dbPath]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(`removed schedule block servicemeter ${block.externalId}\n`);
    expectRefused(
      await cli(['schedules', 'remove', 'servicemeter', block.externalId, '--db', dbPath]),
      /no schedule block/,
    );
  });

  test('workforce settings: shown, changed with --set (a target keeps its other fields), a bad value named', async () => {
    const shown = await cli(['workforce', 'settings', '--db', dbPath]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^graceMinutes\s+5$/m);
    const changed = await cli([
      'workforce',
      'settings',
      '--set',
      'graceMinutes=3',
      '--set',
      'targets.phone.seconds=15',
      '--set',
      'shrinkage=0.3',
      '--format',
      'json',
      '--db',
      dbPath,
    ]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toBe('changed graceMinutes, targets, shrinkage\n');
    const settings = JSON.parse(changed.stdout);
    expect(settings).toMatchObject({ graceMinutes: 3, shrinkage: 0.3 });
    expect(settings.targets.phone).toEqual({ kind: 'service-level', share: 0.8, seconds: 15 });
    const again = await cli(['workforce', 'settings', '--db', dbPath]);
    expect(again.stdout).toMatch(/^targets\.phone\s+80 % within 15 s$/m);
    expectRefused(
      await cli(['workforce', 'settings', '--set', 'chatConcurrency=0', '--db', dbPath]),
      /chatConcurrency/,
    );
    expectRefused(await cli(['workforce', 'settings', '--set', 'grace', '--db', dbPath]), /--set.*key=value/);
  });

  test('workforce marked-days: add, list, remove', async () => {
    const added = await cli([
      'workforce',
      'marked-days',
      'add',
      '--day',
      NEXT_MONDAY,
      '--kind',
      'event',
      '--factor',
      '1.5',
      '--label',
      'Spring sale',
      '--channel',
      'phone',
      '--format',
      'json',
      '--db',
      dbPath,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const marked = JSON.parse(added.stdout);
    expect(marked).toMatchObject({ day: NEXT_MONDAY, kind: 'event', factor: 1.5, channel: 'phone' });
    const list = await cli(['workforce', 'marked-days', 'list', '--db', dbPath]);
    expect(list.stdout).toMatch(
      new RegExp(`^${marked.id}\\s+${NEXT_MONDAY}\\s+event\\s+1\\.5\\s+phone\\s+Spring sale$`, 'm'),
    );
    expectRefused(
      await cli([
        'workforce',
        'marked-days',
        'add',
        '--day',
        NEXT_MONDAY,
        '--kind',
        'closed',
        '--factor',
        '2',
        '--label',
        'Move',
        '--db',
        dbPath,
      ]),
      /--factor/,
    );
    const removed = await cli(['workforce', 'marked-days', 'remove', marked.id, '--db', dbPath]);
    expect(removed.stdout).toBe(`removed marked day ${marked.id}\n`);
    const none = await cli(['workforce', 'marked-days', 'list', '--db', dbPath]);
    expect(none.stderr).toBe('no marked days\n');
  });

  test('the help of each command has examples', async () => {
    for (const command of [['staffing'], ['forecast'], ['schedules'], ['workforce', 'settings']]) {
      const help = await cli([...command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout, command.join(' ')).toMatch(/Examples?:\n {2}servicemeter /);
    }
  });
});

describe('through a running server', () => {
  let server: TestServer;
  let managerToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (db) => {
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

  test('the commands go through the server; its refusals are one line', async () => {
    const remote = (token: string) => ['--server', server.url, '--token', token];
    const added = await cli([
      'schedules',
      'add',
      '--agent',
      'ann',
      '--start',
      '2026-03-09T08:00:00Z',
      '--end',
      '2026-03-09T16:00:00Z',
      '--activity',
      'phone',
      ...remote(managerToken),
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      /^added phone for ann 2026-03-09T08:00:00.000Z – 2026-03-09T16:00:00.000Z \(servicemeter /,
    );
    const list = await cli([
      'schedules',
      'list',
      '--from',
      '2026-03-09',
      '--to',
      '2026-03-09',
      '--format',
      'json',
      ...remote(managerToken),
    ]);
    expect(JSON.parse(list.stdout).map((b: { agentId: string }) => b.agentId)).toEqual(['ann']);
    const staffing = await cli([
      'staffing',
      '--channel',
      'phone',
      '--week',
      '2026-03-09',
      '--format',
      'json',
      ...remote(viewerToken),
    ]);
    expect(staffing.code, staffing.stderr).toBe(0);
    const week = JSON.parse(staffing.stdout);
    expect(week).toMatchObject({ channel: 'phone', weekStart: '2026-03-09', timezone: 'Europe/Amsterdam' });
    expect(week.intervals.find((i: { local: string }) => i.local === '2026-03-09T10:00').scheduled).toBe(1);
    const settings = await cli([
      'workforce',
      'settings',
      '--set',
      'targets.chat.share=0.9',
      '--format',
      'json',
      ...remote(managerToken),
    ]);
    expect(settings.code, settings.stderr).toBe(0);
    expect(JSON.parse(settings.stdout).targets.chat).toMatchObject({ kind: 'service-level', share: 0.9 });
    const forecast = await cli([
      'forecast',
      '--channel',
      'email',
      '--weeks-back',
      '1',
      ...remote(viewerToken),
    ]);
    expect(forecast.code, forecast.stderr).toBe(0);
    expect(forecast.stdout).toMatch(/^same week last year\s/m);
    expectRefused(
      await cli(['schedules', 'list', '--from', '2026-03-09', '--to', '2026-03-09', ...remote(viewerToken)]),
      /refused \(403\)/,
    );
    expectRefused(
      await cli(['workforce', 'settings', '--set', 'chatConcurrency=0', ...remote(managerToken)]),
      /refused \(400\): chatConcurrency/,
    );
  });
});
