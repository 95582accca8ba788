import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import { Client, PASSWORD, signedIn, startTestServer, type TestServer } from './support.js';

/**
 * Team desk (calendar in UTC): amy, who signs in, and her colleagues ben, cy and dee. Ben is the
 * one whose figures amy tries to obtain by setting her allowed answers against each other:
 * - Mon 4 May: everyone works (amy, cy and dee from 9:00), but only ben between 11:00 and 12:00;
 * - Tue 5 May: only ben works;
 * - Wed 6 May: cy and dee on e-mail and chat, ben alone on the phone;
 * - Thu 7 May: amy, cy and dee on e-mail.
 */
const CONTACTS = [
  ['d1', 'email', '2026-05-04T09:00:00Z', 'amy'],
  ['d2', 'email', '2026-05-04T09:30:00Z', 'cy'],
  ['d3', 'chat', '2026-05-04T10:00:00Z', 'dee'],
  ['d19', 'email', '2026-05-04T09:45:00Z', 'dee'],
  ['d4', 'email', '2026-05-04T10:30:00Z', 'ben'],
  ['d5', 'email', '2026-05-04T11:15:00Z', 'ben'],
  ['d6', 'email', '2026-05-04T11:45:00Z', 'ben'],
  ['d7', 'email', '2026-05-05T10:00:00Z', 'ben'],
  ['d8', 'email', '2026-05-05T14:00:00Z', 'ben'],
  ['d9', 'email', '2026-05-05T15:00:00Z', 'ben'],
  ['d10', 'email', '2026-05-06T09:00:00Z', 'cy'],
  ['d11', 'email', '2026-05-06T09:30:00Z', 'dee'],
  ['d12', 'chat', '2026-05-06T10:00:00Z', 'cy'],
  ['d13', 'chat', '2026-05-06T10:30:00Z', 'dee'],
  ['d14', 'phone', '2026-05-06T11:00:00Z', 'ben'],
  ['d15', 'phone', '2026-05-06T12:00:00Z', 'ben'],
  ['d16', 'email', '2026-05-07T09:00:00Z', 'amy'],
  ['d17', 'email', '2026-05-07T10:00:00Z', 'cy'],
  ['d18', 'email', '2026-05-07T11:00:00Z', 'dee'],
];

const FILES: Record<string, string> = {
  'calendars.csv': 'id,name,timezone,is_default\ndesk_hours,Desk,UTC,false\n',
  'teams.csv': 'id,name,calendar_id\ndesk,Desk,desk_hours\n',
  'agents.csv': `id,name,email,team_id,started_on,active\n${['amy', 'ben', 'cy', 'dee']
    .map((a) => `${a},${a},${a}@example.com,desk,2026-01-01,true`)
    .join('\n')}\n`,
  'contacts.csv': `source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject\n${CONTACTS.map(
    ([id, channel, at, agent]) => `desk,${id},${channel},${at},k${id},desk,${agent},general,,normal,solved,`,
  ).join('\n')}\n`,
};

type Query = Record<string, unknown>;
/** One answer: a number, or why there is none. */
type Answer = number | 'refused' | 'withheld';

/** An attack: answers whose signed sum is ben's count of contacts in some slice. */
interface Attack {
  name: string;
  terms: { sign: 1 | -1; query: Query; row?: Record<string, string | number> }[];
  /** Ben's contacts in the slice the terms single out (amy has none there). */
  ben: number;
}

const KPI = 'contacts_created';
const day = (from: string, to: string, more: Query = {}): Query => ({ kpis: [KPI], from, to, ...more });

const ATTACKS: Attack[] = [
  {
    name: 'nested hour ranges: 08:00–12:00 minus 08:00–11:00 on Monday',
    terms: [
      { sign: 1, query: day('2026-05-04T08:00', '2026-05-04T12:00') },
      { sign: -1, query: day('2026-05-04T08:00', '2026-05-04T11:00') },
    ],
    ben: 2,
  },
  {
    name: 'the whole day minus the day without its last 13 hours',
    terms: [
      { sign: 1, query: day('2026-05-04', '2026-05-05') },
      { sign: -1, query: day('2026-05-04', '2026-05-04T11:00') },
    ],
    ben: 2,
  },
  {
    name: 'hourly grain',
    terms: [
      {
        sign: 1,
        query: day('2026-05-04', '2026-05-05', { grain: 'hour' }),
        row: { period: '2026-05-04T11:00' },
      },
    ],
    ben: 2,
  },
  {
    name: 'nested day ranges: Monday–Tuesday minus Monday',
    terms: [
      { sign: 1, query: day('2026-05-04', '2026-05-06') },
      { sign: -1, query: day('2026-05-04', '2026-05-05') },
    ],
    ben: 3,
  },
  {
    name: 'the day Tuesday on a daily grain',
    terms: [
      { sign: 1, query: day('2026-05-04', '2026-05-08', { grain: 'day' }), row: { period: '2026-05-05' } },
    ],
    ben: 3,
  },
  {
    name: 'filters: Wednesday unfiltered minus e-mail minus chat (the phone only ben served)',
    terms: [
      { sign: 1, query: day('2026-05-06', '2026-05-07') },
      { sign: -1, query: day('2026-05-06', '2026-05-07', { filters: { channel: ['email'] } }) },
      { sign: -1, query: day('2026-05-06', '2026-05-07', { filters: { channel: ['chat'] } }) },
    ],
    ben: 2,
  },
  {
    name: 'filters: e-mail and phone minus e-mail on Wednesday',
    terms: [
      { sign: 1, query: day('2026-05-06', '2026-05-07', { filters: { channel: ['email', 'phone'] } }) },
      { sign: -1, query: day('2026-05-06', '2026-05-07', { filters: { channel: ['email'] } }) },
    ],
    ben: 2,
  },
  {
    name: 'groups: Wednesday minus its e-mail and chat rows by channel',
    terms: [
      { sign: 1, query: day('2026-05-06', '2026-05-07') },
      { sign: -1, query: day('2026-05-06', '2026-05-07', { by: ['channel'] }), row: { channel: 'email' } },
      { sign: -1, query: day('2026-05-06', '2026-05-07', { by: ['channel'] }), row: { channel: 'chat' } },
    ],
    ben: 2,
  },
  {
    name: 'hour of day: Monday minus its hours other than 11',
    terms: [
      { sign: 1, query: day('2026-05-04', '2026-05-05') },
      ...[9, 10].map((hour) => ({
        sign: -1 as const,
        query: day('2026-05-04', '2026-05-05', { by: ['hour_of_day'] }),
        row: { hour_of_day: hour },
      })),
    ],
    ben: 2,
  },
  {
    name: 'previous period: Wednesday compared, its previous value is Tuesday',
    terms: [{ sign: 1, query: day('2026-05-06', '2026-05-07', { compare: true }), row: { previous: 1 } }],
    ben: 3,
  },
  {
    name: 'previous period: Monday–Tuesday, previous to Wednesday–Thursday, minus Monday',
    terms: [
      { sign: 1, query: day('2026-05-06', '2026-05-08', { compare: true }), row: { previous: 1 } },
      { sign: -1, query: day('2026-05-04', '2026-05-05') },
    ],
    ben: 3,
  },
];

let ts: TestServer;
let amy: Client;
let manager: Client;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      const folder = join(dir, 'desk');
      await mkdir(folder);
      for (const [name, text] of Object.entries(FILES)) await writeFile(join(folder, name), text);
      const imported = await importFiles(db, [folder]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      const user = await createUser(db, {
        email: 'amy@example.com',
        role: 'agent',
        agentId: 'amy',
        password: PASSWORD,
      });
      if (!user.ok) throw new Error(JSON.stringify(user.error));
    },
  });
  amy = new Client(ts.url);
  const login = await amy.login('amy@example.com');
  if (login.status !== 200) throw new Error(login.text);
  manager = await signedIn(ts.url, 'manager');
}, 60_000);

afterAll(async () => {
  await ts?.stop();
});

/** The value of the row matching `row` (the first row without one); `previous` picks the previous value. */
async function answer(
  client: Client,
  query: Query,
  row: Record<string, string | number> = {},
): Promise<Answer> {
  const { previous, ...dims } = row;
  const body = {
    timezone: 'UTC',
    ...query,
    filters: { ...((query.filters as object) ?? {}), team: ['desk'] },
  };
  const reply = await client.post('/api/kpi/query', body);
  if (reply.status === 403) return 'refused';
  expect(reply.status, reply.text).toBe(200);
  const found = (reply.json.rows as Record<string, unknown>[]).find((r) =>
    Object.entries(dims).every(([k, v]) => r[k] === v),
  );
  const value = found?.[KPI] as
    | { value: number | null; withheld?: boolean; previous?: { value: number | null } }
    | undefined;
  if (!value) return 0;
  if (value.withheld) return 'withheld';
  if (previous) return value.previous?.value ?? 'withheld';
  return value.value ?? 0;
}

/** Ben's figure from the answers, or null when one of them is refused or withheld. */
async function attack(client: Client, a: Attack): Promise<number | null> {
  let total = 0;
  for (const term of a.terms) {
    const value = await answer(client, term.query, term.row);
    if (typeof value !== 'number') return null;
    total += term.sign * value;
  }
  return total;
}

describe('an agent cannot single out a colleague by setting allowed answers against each other', () => {
  test.each(ATTACKS)('$name', async (a) => {
    // A manager may see it all: the answers do add up to ben's figure.
    expect(await attack(manager, a)).toBe(a.ben);
    // Amy is refused or not told at least one of them.
    expect(await attack(amy, a)).toBeNull();
  });

  test('team queries with a time of day or an hourly grain are refused, saying why', async () => {
    for (const body of [
      day('2026-05-04T08:00', '2026-05-05'),
      day('2026-05-04', '2026-05-04T12:00'),
      day('2026-05-04', '2026-05-05', { grain: 'hour' }),
    ]) {
      const reply = await amy.post('/api/kpi/query', body);
      expect(reply.status, JSON.stringify(body)).toBe(403);
      expect(reply.json.detail ?? reply.json.title).toMatch(/whole days|per day/);
      expect((await amy.post('/api/kpi/export', body)).status).toBe(403);
    }
    // Midnight is a whole day.
    expect((await amy.post('/api/kpi/query', day('2026-05-04T00:00', '2026-05-05T00:00'))).status).toBe(200);
  });

  test('the team’s days are counted in its calendar’s time zone, whatever zone is asked for', async () => {
    // Monday in UTC−12 runs from Monday 12:00 to Tuesday 12:00 UTC: only ben's Tuesday morning.
    const monday = day('2026-05-04', '2026-05-05', { timezone: 'Etc/GMT+12' });
    expect(await answer(manager, monday)).toBe(1);
    const reply = await amy.post('/api/kpi/query', { ...monday, filters: { team: ['desk'] } });
    expect(reply.status).toBe(200);
    expect(reply.json.range.timezone).toBe('UTC');
    expect(reply.json.query.timezone).toBe('UTC');
    // Monday in UTC: cy, dee and ben besides amy.
    expect(reply.json.rows[0][KPI]).toMatchObject({ value: 7 });
  });

  test('her own figures stay hers to see by the hour', async () => {
    const reply = await amy.post(
      '/api/kpi/query',
      day('2026-05-04T08:00', '2026-05-04T10:00', { grain: 'hour', filters: { agent: ['amy'] } }),
    );
    expect(reply.status).toBe(200);
    const nine = reply.json.rows.find((r: { period: string }) => r.period === '2026-05-04T09:00');
    expect(nine[KPI]).toMatchObject({ value: 1 });
  });

  test('days and slices where at least two colleagues worked are shown', async () => {
    // Thursday: cy and dee besides amy, on e-mail only.
    expect(await answer(amy, day('2026-05-07', '2026-05-08'))).toBe(3);
    expect(
      await answer(amy, day('2026-05-07', '2026-05-08', { by: ['channel'] }), { channel: 'email' }),
    ).toBe(3);
    // Monday as a whole: cy, dee and ben.
    expect(await answer(amy, day('2026-05-04', '2026-05-05'))).toBe(7);
    // A range holding Tuesday, ben's alone, is withheld, and the notice says why.
    const reply = await amy.post('/api/kpi/query', { ...day('2026-05-04', '2026-05-08'), timezone: 'UTC' });
    expect(reply.json.rows[0][KPI]).toMatchObject({ withheld: true });
    expect(reply.json.notices).toContainEqual({ code: 'withheld' });
  });
});

describe('scorecards as an agent', () => {
  const card = async (query: string) => {
    const reply = await amy.get(`/api/scorecards/amy?kpis=${KPI}&${query}`);
    if (reply.status === 403) return 'refused';
    expect(reply.status, reply.text).toBe(200);
    const team = reply.json.kpis[0].team as { value: number | null; withheld?: boolean } | null;
    return team?.withheld ? 'withheld' : (team?.value ?? 0);
  };

  test('the team value beside her own cannot be differenced either', async () => {
    expect(await card('from=2026-05-04T08:00&to=2026-05-04T12:00')).toBe('refused');
    expect((await amy.get(`/api/scorecards?kpis=${KPI}&from=2026-05-04&to=2026-05-04T12:00`)).status).toBe(
      403,
    );
    // Monday alone is shown; Monday and Tuesday, whose difference would be ben's Tuesday, is not.
    expect(await card('from=2026-05-04&to=2026-05-05')).toBe(7);
    expect(await card('from=2026-05-04&to=2026-05-06')).toBe('withheld');
    // Her own value stays, with no comparison figure next to it.
    const reply = await amy.get(`/api/scorecards?kpis=${KPI}&from=2026-05-04&to=2026-05-06`);
    expect(reply.status).toBe(200);
    expect(reply.json.agents.map((a: { agent: { id: string } }) => a.agent.id)).toEqual(['amy']);
    expect(reply.json.agents[0].kpis[0].value).toMatchObject({ value: 1, comparison: null });
  });
});
