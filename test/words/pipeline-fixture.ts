/**
 * A small team whose customers write in five languages: contacts with customers' messages (one on a
 * social thread, one in Russian, which is not read), and survey comments with their scores — fifty
 * English CSAT comments, enough for an English tone model, and one or two in each other language.
 * Every figure the tests expect is counted from these rows by hand or by the helpers below.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import { isHeldOut } from '../../src/core/words/classifier.js';
import { ensureCheckRules } from '../../src/services/qa/checks.js';

export const WEEK = { from: '2026-03-02', to: '2026-03-09', timezone: 'UTC' };

const csv = (rows: readonly (readonly (string | number | null)[])[]) =>
  `${rows
    .map((row) =>
      row
        .map((v) =>
          v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v),
        )
        .join(','),
    )
    .join('\n')}\n`;

export interface FixtureMessage {
  id: string;
  contact: string;
  at: string;
  body: string;
}

export const CONTACTS = [
  // id, channel, created_at, assignee, customer_language, customer_id, customer_email
  ['c1', 'email', '2026-03-02T08:00:00Z', 'ann', 'en', 'cust1', 'one@example.com'],
  ['c2', 'chat', '2026-03-02T09:00:00Z', 'ann', 'nl', 'cust2', 'two@example.com'],
  ['c3', 'chat', '2026-03-02T10:00:00Z', 'bob', 'sv', 'cust3', 'three@example.com'],
  ['c4', 'email', '2026-03-03T08:00:00Z', 'bob', 'uk', 'cust4', 'four@example.com'],
  ['c5', 'chat', '2026-03-03T09:00:00Z', 'bob', 'zh-CN', 'cust5', 'five@example.com'],
  ['c6', 'social', '2026-03-03T10:00:00Z', 'ann', 'en', 'cust6', 'six@example.com'],
  ['c7', 'chat', '2026-03-04T10:00:00Z', 'ann', null, 'cust7', 'seven@example.com'],
] as const;

export const MESSAGES: FixtureMessage[] = [
  {
    id: 'm1',
    contact: 'c1',
    at: '2026-03-02T08:01:00Z',
    body: 'My parcel is late and the tracking link is broken, very disappointed.',
  },
  {
    id: 'm2',
    contact: 'c2',
    at: '2026-03-02T09:01:00Z',
    body: 'Mijn bestelling is nog steeds niet geleverd, ik wacht al twee weken.',
  },
  {
    id: 'm3',
    contact: 'c3',
    at: '2026-03-02T10:01:00Z',
    body: 'Hej, jag undrar när min beställning kommer fram till mig?',
  },
  {
    id: 'm4',
    contact: 'c4',
    at: '2026-03-03T08:01:00Z',
    body: 'Доставка була дуже повільна, я розчарований.',
  },
  {
    id: 'm5',
    contact: 'c4',
    at: '2026-03-03T08:30:00Z',
    body: 'Коли нарешті буде доставку? Чекаю вже тиждень.',
  },
  { id: 'm6', contact: 'c5', at: '2026-03-03T09:01:00Z', body: '客服很专业，售后小哥态度很好，退款很快。' },
  {
    id: 'm7',
    contact: 'c6',
    at: '2026-03-03T10:01:00Z',
    body: 'Thanks for the quick and friendly help on twitter, great service!',
  },
  { id: 'm8', contact: 'c7', at: '2026-03-04T10:01:00Z', body: 'Спасибо, всё отлично, вопрос решён.' },
];

export interface FixtureComment {
  id: string;
  contact: string | null;
  agent: string;
  at: string;
  kind: 'csat' | 'nps';
  score: number;
  min: number;
  max: number;
  language: string;
  comment: string;
}

const POSITIVE = [
  'great service, the agent was friendly and helpful',
  'very helpful and quick answer, thank you',
  'excellent support, friendly staff and fast solution',
  'the agent was kind and solved my problem quickly',
  'wonderful help, really happy with the friendly answer',
];
const NEGATIVE = [
  'terrible service, nobody helped me and I waited for hours',
  'slow and rude support, very disappointed',
  'awful experience, the problem is still not solved',
];
const NEUTRAL = ['the answer was okay, nothing special'];

/** Fifty English comments: 32 positive (5), 14 negative (1), 4 neutral (3); held-out ones carry "xylophone", the others "kazoo". */
function englishComments(): FixtureComment[] {
  const comments: FixtureComment[] = [];
  for (let i = 0; i < 50; i++) {
    const id = `e${String(i).padStart(2, '0')}`;
    const [text, score] =
      i < 32
        ? [POSITIVE[i % POSITIVE.length], 5]
        : i < 46
          ? [NEGATIVE[i % NEGATIVE.length], 1]
          : [NEUTRAL[0], 3];
    const marker = isHeldOut(`comment|survey|${id}`) ? 'xylophone' : 'kazoo';
    comments.push({
      id,
      contact: null,
      agent: i % 2 === 0 ? 'ann' : 'bob',
      at: `2026-03-0${2 + (i % 5)}T12:${String(i).padStart(2, '0')}:00Z`,
      kind: 'csat',
      score,
      min: 1,
      max: 5,
      language: 'en',
      comment: `${text} ${marker}`,
    });
  }
  return comments;
}

export const COMMENTS: FixtureComment[] = [
  ...englishComments(),
  {
    id: 'n1',
    contact: 'c2',
    agent: 'ann',
    at: '2026-03-02T11:00:00Z',
    kind: 'csat',
    score: 5,
    min: 1,
    max: 5,
    language: 'nl',
    comment: 'Heel vriendelijke medewerker, ik werd snel geholpen!',
  },
  {
    id: 's1',
    contact: 'c3',
    agent: 'bob',
    at: '2026-03-02T12:00:00Z',
    kind: 'nps',
    score: 2,
    min: 0,
    max: 10,
    language: 'sv',
    comment: 'Väldigt lång väntetid och ingen återkoppling, jag är besviken.',
  },
  {
    id: 'u1',
    contact: 'c4',
    agent: 'bob',
    at: '2026-03-03T12:00:00Z',
    kind: 'csat',
    score: 2,
    min: 1,
    max: 5,
    language: 'uk',
    comment: 'Доставку чекав занадто довго, і ніхто не відповів.',
  },
  {
    id: 'z1',
    contact: 'c5',
    agent: 'bob',
    at: '2026-03-03T13:00:00Z',
    kind: 'csat',
    score: 5,
    min: 1,
    max: 5,
    language: 'zh-CN',
    comment: '售后小哥很专业，问题很快解决了。',
  },
];

/** The brand attributes the team set: fast (intended) and slow (feared). */
export const ATTRIBUTES = [
  {
    id: 'fast',
    name: 'Fast',
    stance: 'intended',
    words: { en: ['fast', 'quick'], nl: ['snel'], sv: ['snabb'], uk: ['швидко'], zh: ['很快'] },
  },
  {
    id: 'slow',
    name: 'Slow',
    stance: 'feared',
    words: { en: ['slow', 'late'], nl: ['wachten'], sv: ['väntetid'], uk: ['повільна', 'довго'] },
  },
] as const;

/** The attributes stored, and the automatic checks switched off. */
export async function prepareDatabase(db: Engine): Promise<void> {
  const p = db.dialect.placeholder;
  // The automatic quality checks an import runs (their spellers take seconds to load) are not
  // what these tests are about.
  await ensureCheckRules(db);
  await db.run('UPDATE qa_check_rules SET enabled = FALSE');
  for (const a of ATTRIBUTES)
    await db.run(
      `INSERT INTO brand_attributes (id, name, stance, words, created_at, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, CAST('2026-03-01 00:00:00' AS TIMESTAMP), CAST('2026-03-01 00:00:00' AS TIMESTAMP))`,
      [a.id, a.name, a.stance, JSON.stringify(a.words)],
    );
}

/** Writes the fixture's CSV files into `dir`; answers their paths in import order. */
export async function writeFixture(
  dir: string,
  comments: readonly FixtureComment[] = COMMENTS,
): Promise<string[]> {
  const files: Record<string, string> = {
    'teams.csv': 'id,name\nsupport,Support\n',
    'agents.csv': 'id,name,team_id\nann,Ann,support\nbob,Bob,support\n',
    'contacts.csv': csv([
      [
        'source',
        'external_id',
        'channel',
        'created_at',
        'team_id',
        'assignee_id',
        'topic',
        'priority',
        'status',
        'customer_language',
        'customer_id',
        'customer_email',
      ],
      ...CONTACTS.map(([id, channel, at, assignee, language, customer, email]) => [
        'desk',
        id,
        channel,
        at,
        'support',
        assignee,
        'delivery',
        'normal',
        'open',
        language,
        customer,
        email,
      ]),
    ]),
    'contact_events.csv': csv([
      ['source', 'contact_external_id', 'external_id', 'kind', 'occurred_at', 'actor', 'body'],
      ...MESSAGES.map((m) => ['desk', m.contact, m.id, 'customer_message', m.at, 'customer', m.body]),
      // An agent's reply is not a customer's text.
      [
        'desk',
        'c1',
        'r1',
        'agent_reply',
        '2026-03-02T08:30:00Z',
        'agent',
        'Sorry for the slow delivery, we are on it.',
      ],
    ]),
    'survey_responses.csv': surveyCsv(comments),
  };
  const paths: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, content);
    paths.push(path);
  }
  return paths;
}

export function surveyCsv(comments: readonly FixtureComment[]): string {
  return csv([
    [
      'source',
      'external_id',
      'kind',
      'scale_min',
      'scale_max',
      'score',
      'comment',
      'language',
      'contact_source',
      'contact_external_id',
      'agent_id',
      'customer_id',
      'responded_at',
    ],
    ...comments.map((c) => [
      'survey',
      c.id,
      c.kind,
      c.min,
      c.max,
      c.score,
      c.comment,
      c.language,
      c.contact === null ? null : 'desk',
      c.contact,
      c.agent,
      c.contact === null ? null : (CONTACTS.find((k) => k[0] === c.contact)?.[5] ?? null),
      c.at,
    ]),
  ]);
}
