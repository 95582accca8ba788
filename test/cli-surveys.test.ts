/**
 * `servicemeter surveys`: on a database file, and through the server that holds it. Runs the built
 * CLI (`npm run build:server` first).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PageSizes, PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { surveyTemplate } from '../src/core/surveys/templates.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { darkRuns, qrMatrix } from '../src/services/surveys/qr.js';
import { createSurvey } from '../src/services/surveys/store.js';
import { createToken } from '../src/services/users.js';
import { startTestServer, type TestServer } from './server/support.js';
import { cli, expectRefused } from './support/cli.js';
import { FIXTURES } from './support/engines.js';
import { addSurveyAnswers, SURVEY_ID } from './support/survey-answers.js';

const PUBLIC = 'https://meter.example.com';

let work: string;
let dbPath: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-cli-surveys-'));
  dbPath = join(work, 'team.duckdb');
  const db = await openDuckDb({ path: dbPath });
  await migrate(db);
  const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  await addSurveyAnswers(db, work);
  await db.close();
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('servicemeter surveys on a database file', () => {
  test('list: a table with the survey id first, or JSON', async () => {
    const table = await cli(['surveys', 'list', '--db', dbPath]);
    expect(table.code, table.stderr).toBe(0);
    const [header, , row] = table.stdout.split('\n');
    expect(header?.split(/\s{2,}/)).toEqual([
      'id',
      'name',
      'type',
      'status',
      'version',
      'languages',
      'sent',
      'answered',
      'response rate',
      'last answer',
    ]);
    expect(row).toMatch(
      /^ps\s+After a contact\s+post_contact\s+active\s+1\s+en,nl,sv,uk,zh-CN\s+4\s+3\s+50\.0 %/,
    );
    const json = await cli(['surveys', 'list', '--db', dbPath, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id: SURVEY_ID, sent: 4, answered: 3 }),
    ]);
  });

  test('add: a definition alone, or with its name and settings; a file at fault is named with the field', async () => {
    const bare = join(work, 'relationship.json');
    await writeFile(bare, JSON.stringify(surveyTemplate('relationship')));
    const added = await cli(['surveys', 'add', bare, '--db', dbPath]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      /^added survey [a-z0-9_-]+ \(.+\): relationship, active, version 1, languages en, nl, sv, uk, zh-CN\n$/,
    );

    const full = join(work, 'shop.json');
    await writeFile(
      full,
      JSON.stringify({
        name: 'Shop',
        definition: surveyTemplate('custom'),
        settings: { locations: ['main-street'] },
      }),
    );
    const json = await cli(['surveys', 'add', full, '--db', dbPath, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'Shop', settings: { locations: ['main-street'] } });

    const definition = surveyTemplate('post_contact');
    const broken = join(work, 'broken.json');
    await writeFile(
      broken,
      JSON.stringify({
        ...definition,
        questions: [{ ...definition.questions[0], scale: { min: 1, max: 99 } }],
      }),
    );
    expectRefused(
      await cli(['surveys', 'add', broken, '--db', dbPath]),
      /^error: .*broken\.json: questions\.0\.scale\.max: /,
    );
    const notJson = join(work, 'not.json');
    await writeFile(notJson, '{\n  "name": "x",\n  oops\n}');
    expectRefused(
      await cli(['surveys', 'add', notJson, '--db', dbPath]),
      /not\.json: not JSON \(line 3, column \d+\)/,
    );
    expectRefused(
      await cli(['surveys', 'add', join(work, 'missing.json'), '--db', dbPath]),
      /missing\.json: no such file/,
    );
  });

  test('export: one survey as the JSON add reads, into another database with its id; answers as CSV', async () => {
    const file = join(work, 'ps.json');
    const exported = await cli(['surveys', 'export', SURVEY_ID, '--out', file, '--db', dbPath]);
    expect(exported.code, exported.stderr).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toMatchObject({
      id: SURVEY_ID,
      name: 'After a contact',
      settings: { locations: ['front-desk'] },
    });
    const other = join(work, 'other.duckdb');
    const db = await openDuckDb({ path: other });
    await migrate(db);
    await db.close();
    const added = await cli(['surveys', 'add', file, '--db', other]);
    expect(added.stdout).toMatch(/^added survey ps \(After a contact\)/);
    expectRefused(await cli(['surveys', 'add', file, '--db', other]), /a survey with id ps exists/);

    const all = JSON.parse((await cli(['surveys', 'export', '--db', dbPath])).stdout);
    expect(all.map((s: { id: string }) => s.id)).toContain(SURVEY_ID);

    const csv = await cli(['surveys', 'export', SURVEY_ID, '--answers', '--db', dbPath]);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]?.startsWith('respondedAt,surveyId,surveyVersion,questionId')).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.endsWith('servicemeter|i2'))).toContain('"slow_reply, again"');
    expect(lines.find((l) => l.endsWith('servicemeter|i1'))).toContain('c1@example.com');
    expectRefused(await cli(['surveys', 'export', 'nope', '--answers', '--db', dbPath]), /no survey nope/);
  });

  test('link: prints a personal link on the public address; who it is for and where are required', async () => {
    const run = await cli([
      'surveys',
      'link',
      SURVEY_ID,
      '--contact',
      'helpdesk|t3',
      '--language',
      'nl',
      '--public-url',
      PUBLIC,
      '--db',
      dbPath,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^https:\/\/meter\.example\.com\/s\/[A-Za-z0-9_.-]+\n$/);
    expect(run.stderr).toMatch(/^expires \d{4}-/);
    expectRefused(
      await cli(['surveys', 'link', SURVEY_ID, '--contact', 'helpdesk|t3', '--db', dbPath]),
      /give --public-url/,
    );
    expectRefused(
      await cli(['surveys', 'link', SURVEY_ID, '--public-url', PUBLIC, '--db', dbPath]),
      /give --contact/,
    );
    expectRefused(
      await cli([
        'surveys',
        'link',
        SURVEY_ID,
        '--contact',
        'helpdesk|nope',
        '--public-url',
        PUBLIC,
        '--db',
        dbPath,
      ]),
      /no contact helpdesk\|nope/,
    );
    const mistake = await cli(['surveys', 'link', SURVEY_ID, '--contact', 'no-bar', '--db', dbPath]);
    expect(mistake.code).not.toBe(0);
    expect(mistake.stderr).toMatch(/source\|external_id/);
  });

  test('qr and poster: the location page of the survey, as SVG, PNG and PDF', async () => {
    const svg = join(work, 'front-desk.svg');
    const run = await cli([
      'surveys',
      'qr',
      SURVEY_ID,
      '--location',
      'front-desk',
      '--out',
      svg,
      '--public-url',
      PUBLIC,
      '--db',
      dbPath,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const address = `${PUBLIC}/s/q/${SURVEY_ID}/front-desk`;
    const text = await readFile(svg, 'utf8');
    expect(text).toContain(`<title>${address}</title>`);
    expect(text.match(/<rect x=/g)?.length).toBe(darkRuns(qrMatrix(address)).length);
    const png = join(work, 'front-desk.png');
    await cli([
      'surveys',
      'qr',
      SURVEY_ID,
      '--location',
      'front-desk',
      '--out',
      png,
      '--public-url',
      PUBLIC,
      '--db',
      dbPath,
    ]);
    expect((await readFile(png)).subarray(1, 4).toString('latin1')).toBe('PNG');
    expectRefused(
      await cli([
        'surveys',
        'qr',
        SURVEY_ID,
        '--location',
        'back-door',
        '--out',
        svg,
        '--public-url',
        PUBLIC,
        '--db',
        dbPath,
      ]),
      /--location back-door: not a location of survey ps \(front-desk\)/,
    );
    expectRefused(
      await cli([
        'surveys',
        'qr',
        SURVEY_ID,
        '--location',
        'front-desk',
        '--out',
        join(work, 'x.gif'),
        '--db',
        dbPath,
      ]),
      /\.svg or \.png/,
    );
    const pdf = join(work, 'front-desk.pdf');
    const poster = await cli([
      'surveys',
      'poster',
      SURVEY_ID,
      '--location',
      'front-desk',
      '--size',
      'A6',
      '--out',
      pdf,
      '--public-url',
      PUBLIC,
      '--db',
      dbPath,
    ]);
    expect(poster.code, poster.stderr).toBe(0);
    const document = await PDFDocument.load(await readFile(pdf));
    expect(document.getPage(0).getSize()).toEqual({ width: PageSizes.A6[0], height: PageSizes.A6[1] });
    expect(document.getSubject()).toBe(address);
  });

  test('erase: the address and answers of a customer', async () => {
    expectRefused(await cli(['surveys', 'erase', '--db', dbPath]), /give --email/);
    const run = await cli([
      'surveys',
      'erase',
      '--email',
      'C1@example.com',
      '--no-keep-anonymised',
      '--db',
      dbPath,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^erased: the address from [1-9]\d* invitations/);
    const csv = await cli(['surveys', 'export', SURVEY_ID, '--answers', '--db', dbPath]);
    expect(csv.stdout).not.toContain('c1@example.com');
  });

  test('--help names every command with an example', async () => {
    const help = await cli(['surveys', '--help']);
    for (const command of ['list', 'add', 'export', 'link', 'erase', 'qr', 'poster'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('Examples:');
  });
});

describe('servicemeter surveys while a server holds the database', () => {
  let server: TestServer;
  let adminToken: string;
  let viewerToken: string;

  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (db, dir) => {
        await addSurveyAnswers(db, dir);
        const ids = await db.all(
          "SELECT id, email FROM users WHERE email IN ('admin@example.com', 'viewer@example.com')",
        );
        const idOf = (email: string) => String(ids.find((r) => r.email === email)?.id);
        adminToken = (await createToken(db, idOf('admin@example.com'), { name: 'cli' })).token;
        viewerToken = (await createToken(db, idOf('viewer@example.com'), { name: 'cli' })).token;
      },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  test('the commands go through the server found by the database file', async () => {
    const env = { SERVICEMETER_TOKEN: adminToken };
    const list = await cli(['surveys', 'list', '--db', server.dbPath, '--format', 'json'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual([SURVEY_ID]);
    const link = await cli(
      ['surveys', 'link', SURVEY_ID, '--contact', 'helpdesk|t1', '--db', server.dbPath],
      env,
    );
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout.startsWith(`${server.url}/s/`)).toBe(true);
    const svg = join(work, 'served.svg');
    const qr = await cli(
      ['surveys', 'qr', SURVEY_ID, '--location', 'front-desk', '--out', svg, '--db', server.dbPath],
      env,
    );
    expect(qr.code, qr.stderr).toBe(0);
    expect(await readFile(svg, 'utf8')).toContain(`<title>${server.url}/s/q/${SURVEY_ID}/front-desk</title>`);
    const file = join(work, 'served.json');
    await writeFile(file, JSON.stringify({ name: 'Served', definition: surveyTemplate('suggestion') }));
    const added = await cli(['surveys', 'add', file, '--db', server.dbPath], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^added survey .+ \(Served\): suggestion/);
    const csv = await cli(['surveys', 'export', SURVEY_ID, '--answers', '--db', server.dbPath], env);
    expect(csv.stdout.trim().split('\r\n')).toHaveLength(5);
    const erased = await cli(['surveys', 'erase', '--customer', 'c2', '--db', server.dbPath], env);
    expect(erased.code, erased.stderr).toBe(0);
  });

  test('--server and --token name the server; its refusals are one line', async () => {
    const list = await cli(['surveys', 'list', '--server', server.url, '--token', adminToken]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ps\s/m);
    expectRefused(
      await cli(['surveys', 'list', '--db', server.dbPath]),
      /holds the database .*give an API token/,
    );
    expectRefused(
      await cli([
        'surveys',
        'erase',
        '--email',
        'x@example.com',
        '--server',
        server.url,
        '--token',
        viewerToken,
      ]),
      /refused \(403\)/,
    );
    const definition = surveyTemplate('post_contact');
    const broken = join(work, 'served-broken.json');
    await writeFile(broken, JSON.stringify({ ...definition, defaultLanguage: 'fr' }));
    expectRefused(
      await cli(['surveys', 'add', broken, '--server', server.url, '--token', adminToken]),
      /served-broken\.json: .*defaultLanguage/,
    );
  });
});

/** A relationship survey with a wave known from its imported invitations. */
const WAVE_INVITATIONS = `source,external_id,survey_id,survey_version,via,wave_id,customer_id,email,language,sent_at,delivered_at,bounced_at,failure,opened_at,answered_at
servicemeter,w1-a,rel,1,wave,w1,c1,c1@example.com,en,2026-01-05T08:00:00Z,2026-01-05T08:00:01Z,,,2026-01-05T09:00:00Z,2026-01-05T09:01:00Z
servicemeter,w1-b,rel,1,wave,w1,c2,c2@example.com,nl,2026-01-05T08:00:00Z,2026-01-05T08:00:01Z,,,,
servicemeter,w1-c,rel,1,wave,w1,c3,nobody@example.com,nl,2026-01-05T08:00:00Z,,2026-01-05T08:00:02Z,550 no such user,,
`;

describe('servicemeter surveys answers, invitations, waves and config on a database file', () => {
  let readDb: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(work, 'read-'));
    readDb = join(dir, 'team.duckdb');
    const db = await openDuckDb({ path: readDb });
    await migrate(db);
    const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    await addSurveyAnswers(db, dir);
    const created = await createSurvey(
      db,
      { id: 'rel', name: 'Quarterly', definition: surveyTemplate('relationship') },
      null,
      new Date('2026-01-01T00:00:00Z'),
    );
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const waveFile = join(dir, 'survey_invitations.csv');
    await writeFile(waveFile, WAVE_INVITATIONS);
    const waves = await importFiles(db, [waveFile]);
    if (!waves.ok) throw new Error(JSON.stringify(waves.error));
    await db.close();
  }, 60_000);

  test('answers: a table with the comments last, newest first; filtered by survey, agent, days and words', async () => {
    const run = await cli(['surveys', 'answers', SURVEY_ID, '--db', readDb]);
    expect(run.code, run.stderr).toBe(0);
    const [header, , ...rows] = run.stdout.trimEnd().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual([
      'answered',
      'survey',
      'question',
      'score',
      'contact',
      'agent',
      'channel',
      'via',
      'comment',
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(
      /^2026-03-09T13:00:00(\.000)?Z\s+ps\s+csat\s+1 of 1–5\s+helpdesk\|t2\s.*slow_reply, again$/,
    );
    expect(rows.find((r) => r.includes('knowledge'))).toMatch(/\s4 of 1–5\s/);

    const json = await cli(['surveys', 'answers', SURVEY_ID, '--format', 'json', '--db', readDb]);
    const answers = JSON.parse(json.stdout) as {
      key: string;
      agentId: string | null;
      email: string | null;
    }[];
    expect(answers.map((a) => a.key)).toEqual([
      'servicemeter|i2',
      'servicemeter|i4',
      'servicemeter|i1:knowledge',
      'servicemeter|i1',
    ]);
    expect(answers.find((a) => a.key === 'servicemeter|i1')?.email).toBe('c1@example.com');

    const agent = answers.find((a) => a.key === 'servicemeter|i2')?.agentId;
    expect(agent).toBeTruthy();
    const credited = await cli([
      'surveys',
      'answers',
      '--agent',
      String(agent),
      '--format',
      'json',
      '--db',
      readDb,
    ]);
    const creditedAgents = (JSON.parse(credited.stdout) as { key: string; agentId: string }[]).map(
      (a) => a.agentId,
    );
    expect(new Set(creditedAgents)).toEqual(new Set([agent]));

    const searched = await cli([
      'surveys',
      'answers',
      '--search',
      'SLOW_',
      '--from',
      '2026-03-09',
      '--to',
      '2026-03-09',
      '--format',
      'json',
      '--db',
      readDb,
    ]);
    expect(JSON.parse(searched.stdout).map((a: { key: string }) => a.key)).toEqual(['servicemeter|i2']);
    const days = await cli([
      'surveys',
      'answers',
      '--from',
      '2026-03-03',
      '--to',
      '2026-03-05',
      '--db',
      readDb,
    ]);
    expect(days.stdout).toContain('Friendly at the desk');
    expect(days.stdout).not.toContain('slow_reply');

    // Without a survey: the imported answers of other tools too.
    const everyone = await cli(['surveys', 'answers', '--format', 'json', '--db', readDb]);
    const sources = new Set((JSON.parse(everyone.stdout) as { source: string }[]).map((a) => a.source));
    expect(sources.size).toBeGreaterThan(1);
    expect(sources).toContain('servicemeter');

    const limited = await cli(['surveys', 'answers', '--limit', '1', '--db', readDb]);
    expect(limited.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(limited.stderr).toMatch(/more answers than --limit 1/);

    const none = await cli(['surveys', 'answers', '--search', 'nothing like this', '--db', readDb]);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/no answers found/);
    expectRefused(await cli(['surveys', 'answers', 'nope', '--db', readDb]), /no survey nope/);
    expectRefused(
      await cli(['surveys', 'answers', '--from', '2026-03-10', '--to', '2026-03-01', '--db', readDb]),
      /--from 2026-03-10 is after --to 2026-03-01/,
    );
    const badDay = await cli(['surveys', 'answers', '--from', '2026-02-30', '--db', readDb]);
    expect(badDay.code).toBe(1);
    expect(badDay.stderr).toMatch(/YYYY-MM-DD/);
  });

  test('invitations: the totals per state and the list, newest first, filtered by state', async () => {
    const run = await cli(['surveys', 'invitations', SURVEY_ID, '--db', readDb]);
    expect(run.code, run.stderr).toBe(0);
    const [totals, , header, , ...rows] = run.stdout.trimEnd().split('\n');
    expect(totals).toBe('all 5 · sent 4 · delivered 3 · bounced 1 · opened 4 · answered 3 · reminded 1');
    expect(header?.split(/\s{2,}/)).toEqual([
      'id',
      'state',
      'via',
      'sent',
      'contact',
      'customer',
      'email',
      'language',
      'where',
      'wave',
    ]);
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(['i2', 'i4', 'i5', 'i3', 'i1']);
    expect(rows.find((r) => r.startsWith('i4'))).toMatch(/^i4\s+answered\s+qr\s+–.*front-desk/);

    const bounced = await cli(['surveys', 'invitations', SURVEY_ID, '--state', 'bounced', '--db', readDb]);
    const bouncedRows = bounced.stdout.trimEnd().split('\n').slice(4);
    expect(bouncedRows).toHaveLength(1);
    expect(bouncedRows[0]).toMatch(
      /^i5\s+bounced: 550 5\.1\.1 no such user\s+email\s+2026-03-04T10:00:00(\.000)?Z\s+helpdesk\|t6\s+c1\s+gone@example\.com/,
    );

    const json = await cli([
      'surveys',
      'invitations',
      SURVEY_ID,
      '--limit',
      '2',
      '--format',
      'json',
      '--db',
      readDb,
    ]);
    const listed = JSON.parse(json.stdout);
    expect(listed.totals).toEqual({
      all: 5,
      sent: 4,
      delivered: 3,
      bounced: 1,
      opened: 4,
      answered: 3,
      reminded: 1,
    });
    expect(listed.invitations.map((i: { id: string }) => i.id)).toEqual(['i2', 'i4']);

    const none = await cli(['surveys', 'invitations', 'rel', '--state', 'reminded', '--db', readDb]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toMatch(/no invitations of survey rel were reminded/);
    expectRefused(await cli(['surveys', 'invitations', 'nope', '--db', readDb]), /no survey nope/);
    const badState = await cli(['surveys', 'invitations', SURVEY_ID, '--state', 'lost', '--db', readDb]);
    expect(badState.code).toBe(1);
    expect(badState.stderr).toMatch(
      /Allowed choices are sent, delivered, bounced, opened, answered, reminded/,
    );
  });

  test('waves: the report of each wave; --run needs the server', async () => {
    const run = await cli(['surveys', 'waves', 'rel', '--db', readDb]);
    expect(run.code, run.stderr).toBe(0);
    const [header, , row, extra] = run.stdout.trimEnd().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual([
      'wave',
      'started',
      'audience',
      'sample',
      'customers',
      'invited',
      'sent',
      'delivered',
      'bounced',
      'answered',
      'response rate',
    ]);
    expect(row).toMatch(
      /^w1\s+2026-01-05T08:00:00(\.000)?Z\s+contacts\s+100\.0 %\s+0\s+0\s+3\s+2\s+1\s+1\s+33\.3 %$/,
    );
    expect(extra).toBeUndefined();
    const json = await cli(['surveys', 'waves', 'rel', '--format', 'json', '--db', readDb]);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ waveId: 'w1', sent: 3, delivered: 2, bounced: 1, answered: 1 }),
    ]);
    const other = await cli(['surveys', 'waves', SURVEY_ID, '--db', readDb]);
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(
      /survey ps is a post_contact survey; waves are sent of relationship surveys/,
    );
    expectRefused(
      await cli(['surveys', 'waves', 'rel', '--run', '--db', readDb]),
      /--run: waves are mailed by a running server's job runner; start it with a mail server .*and run this again/,
    );
    expectRefused(await cli(['surveys', 'waves', 'nope', '--db', readDb]), /no survey nope/);
  });

  test('config: shows the settings, changes the ones given, and links follow the public address', async () => {
    const shown = await cli(['surveys', 'config', '--db', readDb]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^retention\s+answers kept until erased on request$/m);
    expect(shown.stdout).toMatch(/^erasure\s+keeps the answers anonymised/m);
    expect(shown.stdout).toMatch(/^public address\s+the server's own address$/m);

    const changed = await cli([
      'surveys',
      'config',
      '--retention-days',
      '730',
      '--delete-answers',
      '--public-url',
      'https://meter.example.com/',
      '--format',
      'json',
      '--db',
      readDb,
    ]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      retentionDays: 730,
      keepAnonymised: false,
      publicBaseUrl: PUBLIC,
    });
    expect(changed.stderr).toMatch(/changed: retentionDays, keepAnonymised, publicBaseUrl/);
    const again = await cli(['surveys', 'config', '--db', readDb]);
    expect(again.stdout).toMatch(/^retention\s+answers erased after 730 days$/m);
    expect(again.stdout).toMatch(/^erasure\s+removes the answers$/m);

    // The public address is where links point, without --public-url.
    const link = await cli(['surveys', 'link', SURVEY_ID, '--contact', 'helpdesk|t3', '--db', readDb]);
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout.startsWith(`${PUBLIC}/s/`)).toBe(true);

    const reset = await cli([
      'surveys',
      'config',
      '--keep-forever',
      '--keep-anonymised',
      '--no-public-url',
      '--format',
      'json',
      '--db',
      readDb,
    ]);
    expect(JSON.parse(reset.stdout)).toMatchObject({
      retentionDays: null,
      keepAnonymised: true,
      publicBaseUrl: null,
    });
    expectRefused(
      await cli(['surveys', 'link', SURVEY_ID, '--contact', 'helpdesk|t3', '--db', readDb]),
      /give --public-url/,
    );

    for (const wrong of [
      ['--retention-days', '730', '--keep-forever'],
      ['--keep-anonymised', '--delete-answers'],
      ['--retention-days', '0'],
      ['--public-url', 'ftp://meter.example.com'],
    ]) {
      const refused = await cli(['surveys', 'config', ...wrong, '--db', readDb]);
      expect(refused.code, wrong.join(' ')).toBe(1);
      expect(refused.stderr.trim().split('\n'), wrong.join(' ')).toHaveLength(1);
    }
  });

  test('--help names the new commands with examples', async () => {
    const help = await cli(['surveys', '--help']);
    for (const command of ['config', 'invitations', 'waves', 'answers'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    for (const command of ['config', 'invitations', 'waves', 'answers']) {
      const own = await cli(['surveys', command, '--help']);
      expect(own.stdout).toContain(`Examples:\n  servicemeter surveys ${command}`);
    }
  });
});

describe('servicemeter surveys answers, invitations, waves and config through a server', () => {
  let server: TestServer;
  const tokens: Record<'admin' | 'manager' | 'ann', string> = { admin: '', manager: '', ann: '' };

  beforeAll(async () => {
    server = await startTestServer({
      prepare: async (db, dir) => {
        await addSurveyAnswers(db, dir);
        const users = await db.all('SELECT id, email FROM users');
        for (const who of ['admin', 'manager', 'ann'] as const) {
          const id = users.find((r) => r.email === `${who}@example.com`)?.id;
          tokens[who] = (await createToken(db, String(id), { name: 'cli' })).token;
        }
      },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  const as = (who: keyof typeof tokens) => ({ SERVICEMETER_TOKEN: tokens[who] });

  test('answers: everyone’s for a manager, only the credited ones for an agent', async () => {
    const all = await cli(['surveys', 'answers', '--format', 'json', '--db', server.dbPath], as('manager'));
    expect(all.code, all.stderr).toBe(0);
    const answers = JSON.parse(all.stdout) as { key: string; agentId: string | null; email: string | null }[];
    expect(answers.filter((a) => a.key.startsWith('servicemeter|'))).toHaveLength(4);
    // Addresses are an admin's.
    expect(answers.every((a) => a.email === null)).toBe(true);
    const own = await cli(['surveys', 'answers', '--format', 'json', '--db', server.dbPath], as('ann'));
    expect(own.code, own.stderr).toBe(0);
    const annsKeys = (JSON.parse(own.stdout) as { key: string }[]).map((a) => a.key).sort();
    expect(annsKeys.length).toBeGreaterThan(0);
    expect(annsKeys).toEqual(
      answers
        .filter((a) => a.agentId === 'ann')
        .map((a) => a.key)
        .sort(),
    );
    expectRefused(
      await cli(['surveys', 'answers', '--agent', 'bob', '--db', server.dbPath], as('ann')),
      /refused \(403\): agents see only the answers credited to them/,
    );
    const searched = await cli(
      ['surveys', 'answers', SURVEY_ID, '--search', 'SLOW_', '--db', server.dbPath],
      as('manager'),
    );
    expect(searched.code, searched.stderr).toBe(0);
    expect(searched.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(searched.stdout).toMatch(/slow_reply, again$/m);
    const day = await cli(
      ['surveys', 'answers', SURVEY_ID, '--from', '2026-03-05', '--to', '2026-03-05', '--db', server.dbPath],
      as('manager'),
    );
    expect(day.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(day.stdout).toMatch(/Friendly at the desk$/m);
    // Pages of the API are joined up to --limit.
    const paged = await cli(
      ['surveys', 'answers', '--limit', '3', '--format', 'json', '--db', server.dbPath],
      as('manager'),
    );
    expect(JSON.parse(paged.stdout)).toHaveLength(3);
    expectRefused(
      await cli(['surveys', 'answers', 'nope', '--db', server.dbPath], as('manager')),
      /refused \(404\): no survey nope/,
    );
  });

  test('invitations: totals and list, addresses for admins', async () => {
    const run = await cli(
      ['surveys', 'invitations', SURVEY_ID, '--state', 'bounced', '--db', server.dbPath],
      as('admin'),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'all 5 · sent 4 · delivered 3 · bounced 1 · opened 4 · answered 3 · reminded 1',
    );
    expect(run.stdout).toMatch(/^i5\s+bounced: .*gone@example\.com/m);
    const managed = await cli(
      ['surveys', 'invitations', SURVEY_ID, '--format', 'json', '--db', server.dbPath],
      as('manager'),
    );
    const listed = JSON.parse(managed.stdout);
    expect(listed.invitations).toHaveLength(5);
    expect(listed.invitations.every((i: { email: string | null }) => i.email === null)).toBe(true);
    expectRefused(
      await cli(['surveys', 'invitations', SURVEY_ID, '--db', server.dbPath], as('ann')),
      /refused \(403\)/,
    );
  });

  test('waves --run asks the server’s job runner; the report follows', async () => {
    expectRefused(
      await cli(['surveys', 'waves', SURVEY_ID, '--run', '--db', server.dbPath], as('manager')),
      /refused \(409\): .*relationship/,
    );
    const file = join(work, 'quarterly.json');
    await writeFile(file, JSON.stringify({ name: 'Quarterly', definition: surveyTemplate('relationship') }));
    const added = await cli(
      ['surveys', 'add', file, '--format', 'json', '--db', server.dbPath],
      as('manager'),
    );
    const id = JSON.parse(added.stdout).id as string;
    const run = await cli(['surveys', 'waves', id, '--run', '--db', server.dbPath], as('manager'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(`asked the server to send the wave of survey ${id} now \\(job [^)]+\\)`),
    );
    const report = await cli(
      ['surveys', 'waves', id, '--format', 'json', '--db', server.dbPath],
      as('manager'),
    );
    expect(report.code, report.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(report.stdout))).toBe(true);
  });

  test('config: an admin’s, shown and changed through the server', async () => {
    const changed = await cli(
      ['surveys', 'config', '--retention-days', '365', '--public-url', PUBLIC, '--db', server.dbPath],
      as('admin'),
    );
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toMatch(/^retention\s+answers erased after 365 days$/m);
    expect(changed.stdout).toMatch(/^public address\s+https:\/\/meter\.example\.com$/m);
    const link = await cli(
      ['surveys', 'link', SURVEY_ID, '--contact', 'helpdesk|t1', '--db', server.dbPath],
      as('admin'),
    );
    expect(link.stdout.startsWith(`${PUBLIC}/s/`)).toBe(true);
    const reset = await cli(
      ['surveys', 'config', '--keep-forever', '--no-public-url', '--format', 'json', '--db', server.dbPath],
      as('admin'),
    );
    expect(JSON.parse(reset.stdout)).toMatchObject({ retentionDays: null, publicBaseUrl: null });
    expectRefused(await cli(['surveys', 'config', '--db', server.dbPath], as('manager')), /refused \(403\)/);
  });
});
