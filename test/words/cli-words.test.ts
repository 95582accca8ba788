/**
 * `servicemeter words` on a database file holding a small team whose customers write in five
 * languages: chats in Dutch about the waiting time, e-mails in English, Swedish, Ukrainian and
 * Chinese about a damaged parcel, survey comments praising speed. Runs the built CLI (`npm run
 * build:server` first) three times; the attribute files are read in-process, as the command does.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { importAttributes } from '../../src/cli/commands/words.js';
import { CliError } from '../../src/cli/database.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { ensureCheckRules } from '../../src/services/qa/checks.js';
import { cli } from '../support/cli.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const MARCH = ['--from', '2026-03-01', '--to', '2026-04-01'];

/** Dutch chats that all complain about the waiting time: "wachttijd" stands out on chat. */
const CHATS = [
  'De wachttijd in de chat was veel te lang.',
  'Wat een wachttijd, ik zat een half uur in de wachtrij.',
  'Opnieuw een lange wachttijd voordat iemand antwoordde.',
  'De wachttijd is echt belachelijk, doe er iets aan.',
  'Ik vind de wachttijd bij jullie chat onacceptabel.',
  'Na een uur wachttijd kreeg ik eindelijk een medewerker.',
  'Waarom is de wachttijd vandaag zo lang?',
  'De wachttijd was weer enorm, ik ben het zat.',
];

/** E-mails about a damaged parcel, in four languages. */
const EMAILS: [language: string, body: string][] = [
  ['en', 'The parcel arrived damaged and the box was crushed, please send a new one.'],
  ['en', 'My order came broken, the parcel was damaged during delivery.'],
  ['en', 'The parcel was damaged again, this is the second time this month.'],
  ['sv', 'Paketet kom fram skadat och kartongen var trasig, skicka ett nytt.'],
  ['sv', 'Min beställning kom trasig, paketet skadades under leveransen.'],
  ['uk', 'Посилка прийшла пошкоджена, коробка була зім’ята, надішліть нову.'],
  ['uk', 'Моє замовлення прийшло розбитим, посилку пошкодили під час доставки.'],
  ['zh-CN', '包裹到了但是坏了，盒子都压扁了，请再寄一个。'],
  ['zh-CN', '我的订单收到时已经损坏了，快递太不小心了。'],
];

/** Survey comments on the e-mails that praise speed: the attribute "fast" counts each once. */
const FAST_COMMENTS: [language: string, comment: string][] = [
  ['en', 'Quick answer, thank you!'],
  ['en', 'Very quick and friendly help.'],
  ['en', 'They were quick to send a replacement.'],
  ['sv', 'Snabb hjälp, tack så mycket!'],
  ['nl', 'Ik werd heel snel geholpen door een vriendelijke medewerker, echt top.'],
];

const csv = (rows: readonly (readonly (string | number)[])[]) =>
  `${rows.map((row) => row.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v))).join(',')).join('\n')}\n`;

let work: string;
let dbPath: string;

async function writeFixture(dir: string): Promise<string[]> {
  const contacts: (string | number)[][] = [];
  const events: (string | number)[][] = [];
  CHATS.forEach((body, i) => {
    const at = `2026-03-${String(2 + i).padStart(2, '0')}T09:00:00Z`;
    contacts.push(['desk', `chat-${i}`, 'chat', at, 'support', 'ann', 'nl']);
    events.push(['desk', `chat-${i}`, `chat-${i}-m`, 'customer_message', at, body]);
  });
  EMAILS.forEach(([language, body], i) => {
    const at = `2026-03-${String(2 + i).padStart(2, '0')}T14:00:00Z`;
    contacts.push(['desk', `mail-${i}`, 'email', at, 'support', 'bob', language]);
    events.push(['desk', `mail-${i}`, `mail-${i}-m`, 'customer_message', at, body]);
  });
  const responses = FAST_COMMENTS.map(([language, comment], i) => [
    'desk',
    `r-${i}`,
    'csat',
    1,
    5,
    5,
    comment,
    language,
    `mail-${i}`,
    `2026-03-${String(3 + i).padStart(2, '0')}T10:00:00Z`,
    `2026-03-${String(3 + i).padStart(2, '0')}T11:00:00Z`,
  ]);
  const files: Record<string, string> = {
    'teams.csv': 'id,name\nsupport,Support\n',
    'agents.csv': 'id,name,team_id\nann,Ann,support\nbob,Bob,support\n',
    'contacts.csv': csv([
      ['source', 'external_id', 'channel', 'created_at', 'team_id', 'assignee_id', 'customer_language'],
      ...contacts,
    ]),
    'contact_events.csv': csv([
      ['source', 'contact_external_id', 'external_id', 'kind', 'occurred_at', 'body'],
      ...events,
    ]),
    'survey_responses.csv': csv([
      [
        'source',
        'external_id',
        'kind',
        'scale_min',
        'scale_max',
        'score',
        'comment',
        'language',
        'contact_external_id',
        'sent_at',
        'responded_at',
      ],
      ...responses,
    ]),
  };
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, text);
    paths.push(path);
  }
  return paths;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-cli-words-'));
  dbPath = join(work, 'words.duckdb');
  const db = await openDuckDb({ path: dbPath });
  try {
    await migrate(db);
    // The automatic quality checks an import runs load spellers for seconds: not what this is about.
    await ensureCheckRules(db);
    await db.run('UPDATE qa_check_rules SET enabled = FALSE');
    const imported = await importFiles(db, await writeFixture(work));
    expect(imported.ok, JSON.stringify(imported)).toBe(true);

    await writeFile(
      join(work, 'attributes.json'),
      JSON.stringify({
        attributes: [
          {
            name: 'fast',
            stance: 'intended',
            words: { en: ['quick'], nl: ['snel'], sv: ['snabb'] },
          },
          { name: 'slow', stance: 'feared', words: { nl: ['wachttijd'] } },
        ],
      }),
    );
    const saved = await importAttributes(db, join(work, 'attributes.json'));
    expect(saved.map((a) => a.name)).toEqual(['fast', 'slow']);
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test('words analyse reads every text and prints the texts read per language', async () => {
  const run = await cli(['words', 'analyse', '--all', '--db', dbPath]);
  expect(run.code, run.stderr).toBe(0);
  const texts = CHATS.length + EMAILS.length + FAST_COMMENTS.length;
  expect(run.stdout).toContain(`${texts} texts read, 0 removed`);
  const perLanguage = (language: string) =>
    [...CHATS.map(() => 'nl'), ...EMAILS.map(([l]) => l), ...FAST_COMMENTS.map(([l]) => l)].filter(
      (l) => l.slice(0, 2) === language,
    ).length;
  for (const language of ['nl', 'en', 'sv', 'uk', 'zh'])
    expect(run.stdout).toMatch(new RegExp(`^${language}\\s+${perLanguage(language)}$`, 'm'));
  expect(run.stdout).toContain('no tone model trained in this run');
});

test('words topics: the word every chat complains about stands out on chat', async () => {
  const run = await cli(['words', 'topics', ...MARCH, '--focus', 'channel:chat', '--db', dbPath]);
  expect(run.code, run.stderr).toBe(0);
  const texts = EMAILS.length + FAST_COMMENTS.length;
  expect(run.stdout).toContain(`${CHATS.length} texts in focus (channel:chat), ${texts} in the rest`);
  const first = run.stdout.split('\n')[3] ?? '';
  expect(first).toMatch(new RegExp(`^wachttijd(?: \\([^)]*\\))?\\s+${CHATS.length}\\s+0\\s+\\d+\\.\\d\\d`));
  const z = Number(/\s(\d+\.\d\d)\s/.exec(first)?.[1]);
  expect(z).toBeGreaterThan(1.96);
});

test('words attributes profile counts the texts of an imported attribute', async () => {
  const run = await cli(['words', 'attributes', 'profile', ...MARCH, '--json', '--db', dbPath]);
  expect(run.code, run.stderr).toBe(0);
  const view = JSON.parse(run.stdout) as { texts: number; rows: { name: string; mentions: number }[] };
  expect(view.texts).toBe(CHATS.length + EMAILS.length + FAST_COMMENTS.length);
  const mentions = Object.fromEntries(view.rows.map((r) => [r.name, r.mentions]));
  expect(mentions).toEqual({ fast: FAST_COMMENTS.length, slow: CHATS.length });
});

test('a bad attributes file is refused naming the file, the entry and the field; nothing changes', async () => {
  const file = join(work, 'bad-attributes.json');
  await writeFile(
    file,
    JSON.stringify([
      { name: 'friendly', stance: 'intended', words: { en: ['friendly'] } },
      { name: 'rude', stance: 'dreaded', words: { en: ['rude'] } },
    ]),
  );
  const broken = join(work, 'broken.json');
  await writeFile(broken, '{\n  "attributes": [\n    { "name": "fast", }\n  ]\n}\n');
  const db = await openDuckDb({ path: dbPath });
  try {
    await expect(importAttributes(db, file)).rejects.toThrow(
      new CliError(`${file}: attributes.1.stance: one of intended, feared`),
    );
    await expect(importAttributes(db, broken)).rejects.toThrow(
      /broken\.json: not JSON \(line 3, column \d+\)/,
    );
    const kept = await db.all('SELECT name FROM brand_attributes ORDER BY name');
    expect(kept.map((r) => r.name)).toEqual(['fast', 'slow']);
  } finally {
    await db.close();
  }
});
