/**
 * A generated fixture of customers' texts: messages on chat, e-mail and social contacts of ann and
 * bob, and survey comments, in English, Dutch and Chinese, with a complaint word planted in one
 * channel, a word only in bob's texts, personal data in a message and brand-attribute words in
 * Dutch and Chinese. The counts the tests expect are worked out from these lists.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const RANGE = 'from=2026-03-01&to=2026-03-16&timezone=Europe/Amsterdam';

export interface Message {
  channel: 'chat' | 'email' | 'social';
  agent: 'ann' | 'bob';
  language: string;
  body: string;
}

/** The chat complaint: an app that freezes, on chat only. */
export const FREEZES = [
  'The app freezes every time I open my basket',
  'Your app freezes again when I try to pay',
  'App freezes on the payment page, very annoying',
  'Again the app freezes after the update',
  'The checkout freezes and I lose my order',
  'It freezes as soon as I log in',
];
/** Ordinary questions on every channel, so that the chat complaint is set against something. */
export const ORDINARY = [
  'Where is my order, I ordered last week',
  'Can you help me change my delivery address',
  'I would like to know when my order arrives',
  'Please help me with my invoice for the order',
  'How do I return this order',
  'Thanks for the help with my delivery',
];
/** Only in bob's texts: an agent must never see it. */
export const BOB_ONLY = [
  'The zebracode on my parcel is wrong',
  'Which zebracode should I give the courier',
  'My zebracode does not work for the pickup point',
];
/** Dutch texts that say the service is fast ("snel"): the Dutch words of the attribute. */
export const DUTCH_FAST = [
  'Heel snel geholpen, dank jullie wel',
  'Ze hebben mijn vraag snel en goed beantwoord',
];
export const DUTCH_OTHER = [
  'Mijn pakket is nog steeds niet bezorgd',
  'Ik wacht al een week op mijn bestelling',
];
/** Chinese texts that say the reply came quickly ("很快"). */
export const CHINESE_FAST = ['客服回复很快，问题解决了', '退款处理得很快，非常满意'];
export const CHINESE_OTHER = ['我的包裹还没有到，请帮我查一下'];
/** Survey comments of the fixture: on ann's first chat contacts, answered to ann. */
export const COMMENTS: [number, string][] = [
  [1, 'Very slow and nobody answered my questions'],
  [2, 'Slow answers and a rude reply'],
  [5, 'Friendly and quick help, thanks'],
  [5, 'Great friendly service'],
  [4, 'Quick answer, friendly people'],
];
/** The comments of the small-helpdesk fixture the server starts with: one on ann's e-mail, one on bob's. */
export const HELPDESK_COMMENTS = { ann: 1, bob: 1 };
export const PERSONAL =
  'I want a refund, mail me at jan.devries@example.com or call +31 6 12345678 about order';

/** Every text in the period: the messages and both fixtures' comments. */
export const allTexts = () =>
  messages().length + COMMENTS.length + HELPDESK_COMMENTS.ann + HELPDESK_COMMENTS.bob;

export function messages(): Message[] {
  const list: Message[] = [];
  for (const [i, body] of FREEZES.entries())
    list.push({ channel: 'chat', agent: i % 2 ? 'bob' : 'ann', language: 'en', body });
  for (const channel of ['chat', 'email', 'social'] as const)
    for (const [i, body] of ORDINARY.entries())
      list.push({ channel, agent: i % 2 ? 'ann' : 'bob', language: 'en', body });
  for (const body of BOB_ONLY) list.push({ channel: 'email', agent: 'bob', language: 'en', body });
  for (const body of [...DUTCH_FAST, ...DUTCH_OTHER])
    list.push({ channel: 'email', agent: 'ann', language: 'nl', body });
  for (const body of [...CHINESE_FAST, ...CHINESE_OTHER])
    list.push({ channel: 'chat', agent: 'ann', language: 'zh-CN', body });
  list.push({ channel: 'email', agent: 'ann', language: 'en', body: PERSONAL });
  return list;
}

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const line = (values: readonly (string | number)[]) => `${values.map((v) => quote(String(v))).join(',')}\n`;

/** contacts.csv, contact_events.csv and survey_responses.csv of the fixture, in `dir`. */
export async function writeFixture(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  let contacts = line([
    'source',
    'external_id',
    'channel',
    'created_at',
    'customer_id',
    'team_id',
    'assignee_id',
    'topic',
    'status',
    'customer_language',
  ]);
  let events = line(['source', 'contact_external_id', 'external_id', 'kind', 'occurred_at', 'body']);
  messages().forEach((m, i) => {
    const at = new Date(Date.UTC(2026, 2, 2 + (i % 10), 9 + (i % 7), i % 60)).toISOString();
    contacts += line([
      'words',
      `w${i}`,
      m.channel,
      at,
      `c${i}`,
      'support',
      m.agent,
      'general',
      'solved',
      m.language,
    ]);
    events += line(['words', `w${i}`, `m${i}`, 'customer_message', at, m.body]);
  });
  let surveys = line([
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
    'sent_at',
    'responded_at',
  ]);
  COMMENTS.forEach(([score, comment], i) => {
    const at = new Date(Date.UTC(2026, 2, 3 + i, 12)).toISOString();
    surveys += line(['words', `s${i}`, 'csat', 1, 5, score, comment, 'en', 'words', `w${i}`, 'ann', at, at]);
  });
  await writeFile(join(dir, 'contacts.csv'), contacts);
  await writeFile(join(dir, 'contact_events.csv'), events);
  await writeFile(join(dir, 'survey_responses.csv'), surveys);
}
