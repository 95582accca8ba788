/**
 * `servicemeter surveys`: on a database file, and through the server that holds it. Runs the built
 * CLI (`npm run build:server` first).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PageSizes, PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { surveyTemplate } from '../src/core/surveys/templates.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { darkRuns, qrMatrix } from '../src/services/surveys/qr.js';
import { createToken } from '../src/services/users.js';
import { startTestServer, type TestServer } from './server/support.js';
import { FIXTURES } from './support/engines.js';
import { addSurveyAnswers, SURVEY_ID } from './support/survey-answers.js';

const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const PUBLIC = 'https://meter.example.com';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SERVICEMETER_TOKEN: '', ...env },
  });
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

/** A failure: exit 1 and one line saying why. */
function expectRefused(run: Run, message: RegExp) {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
}

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
