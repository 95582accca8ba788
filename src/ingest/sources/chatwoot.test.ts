import { copyFile, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  expectReimportUnchanged,
  fixturePath,
  importSourceOrThrow,
  kpiOverview,
  overviewAndCounts,
  refuseThenSkipBadRows,
  rowCount,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { chatwoot, statusOfActivity } from './chatwoot.js';

const FIXTURES = fixturePath('sources/chatwoot');
const API = join(FIXTURES, 'api');
const NDJSON = join(FIXTURES, 'ndjson');

const KPIS = [
  'contacts_created',
  'frt',
  'frt_pending',
  'contacts_resolved',
  'reopen_rate',
  'fcr_rate',
  'csat',
  'csat_response_rate',
];

const overview = (db: Engine) => kpiOverview(db, KPIS, { from: '2026-03-02', to: '2026-03-03' });
const snapshot = overviewAndCounts(overview, ['contacts', 'contact_events', 'survey_responses']);

describe('chatwoot', () => {
  test('conversations, messages and CSAT become the indicators worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, chatwoot, [API, NDJSON]);
      expect(await overview(db)).toEqual({
        // 101, 102, 103, 106 from the list; 104, 105 from the NDJSON file.
        contacts_created: { value: 6, n: 6 },
        // Customer message to first public reply by a person (bot messages, the private note and
        // the automated message do not count): 101 120 s, 102 1800 s, 104 300 s, 105 60 s;
        // median of 60, 120, 300, 1800 = 210.
        frt: { value: 210, n: 4 },
        // 103: only the bot answered.
        frt_pending: { value: 1, n: 1 },
        // 101, 102, 104 have a "marked resolved" activity; 106 is resolved without any message,
        // so it has no resolution time; 105 is snoozed.
        contacts_resolved: { value: 3, n: 3 },
        // 102 was reopened by the customer's new message.
        reopen_rate: { value: 1 / 3, n: 3 },
        // 101 and 104: one reply, no reopen; 102: two replies and a reopen.
        fcr_rate: { value: 2 / 3, n: 3 },
        // Answers 5 (101) and 2 (104): one in the top box.
        csat: { value: 0.5, n: 2 },
        // Surveys sent in 101, 102, 104; 102's was not answered.
        csat_response_rate: { value: 2 / 3, n: 3 },
      });

      const contacts = await db.all(
        'SELECT external_id, channel, status, assignee_id, team_id, customer_id, tags, priority FROM contacts ORDER BY external_id',
      );
      expect(contacts).toEqual([
        {
          external_id: '101',
          channel: 'chat',
          status: 'solved',
          assignee_id: '7',
          team_id: '3',
          customer_id: '9',
          tags: 'delivery',
          priority: null,
        },
        {
          external_id: '102',
          channel: 'email',
          status: 'solved',
          assignee_id: '8',
          team_id: '3',
          customer_id: '10',
          tags: 'billing',
          priority: 'high',
        },
        {
          external_id: '103',
          channel: 'social',
          status: 'open',
          assignee_id: null,
          team_id: null,
          customer_id: '11',
          tags: null,
          priority: null,
        },
        {
          external_id: '104',
          channel: 'chat',
          status: 'solved',
          assignee_id: '7',
          team_id: null,
          customer_id: '12',
          tags: null,
          priority: 'normal',
        },
        {
          external_id: '105',
          channel: 'chat',
          status: 'on_hold',
          assignee_id: '7',
          team_id: null,
          customer_id: '13',
          tags: null,
          priority: null,
        },
        {
          external_id: '106',
          channel: 'chat',
          status: 'solved',
          assignee_id: '7',
          team_id: null,
          customer_id: '14',
          tags: null,
          priority: null,
        },
      ]);
      const events = await db.all(
        "SELECT external_id, kind, agent_id, public, status FROM contact_events WHERE contact_external_id = '101' ORDER BY occurred_at",
      );
      expect(events).toEqual([
        { external_id: '1001', kind: 'customer_message', agent_id: null, public: null, status: null },
        { external_id: '1002', kind: 'bot_message', agent_id: null, public: null, status: null },
        { external_id: '1003', kind: 'status_change', agent_id: null, public: null, status: 'open' },
        { external_id: '1004', kind: 'internal_note', agent_id: '7', public: false, status: null },
        { external_id: '1005', kind: 'agent_reply', agent_id: '7', public: true, status: null },
        { external_id: '1006', kind: 'status_change', agent_id: null, public: null, status: 'solved' },
        { external_id: '1007', kind: 'bot_message', agent_id: null, public: null, status: null },
      ]);
      const surveys = await db.all(
        'SELECT external_id, score, comment, contact_external_id, agent_id, customer_id, sent_at IS NOT NULL AS sent, responded_at IS NOT NULL AS answered FROM survey_responses ORDER BY external_id',
      );
      expect(surveys).toEqual([
        {
          external_id: 'csat-1007',
          score: 5,
          comment: 'Quick, thanks!',
          contact_external_id: '101',
          agent_id: '7',
          customer_id: '9',
          sent: true,
          answered: true,
        },
        {
          external_id: 'csat-2004',
          score: null,
          comment: null,
          contact_external_id: '102',
          agent_id: null,
          customer_id: null,
          sent: true,
          answered: false,
        },
        {
          external_id: 'csat-4005',
          score: 2,
          comment: 'Took a while',
          contact_external_id: '104',
          agent_id: '7',
          customer_id: '12',
          sent: true,
          answered: true,
        },
      ]);

      const messages = summary.warnings.map((w) => `${w.file}: ${w.message} ×${w.count}`);
      expect(messages.sort()).toEqual([
        'conversations.json: conversation without its messages (no messages file for it): imported without events ×1',
        'conversations.ndjson: activity message not about the status (assignment, labels, priority, …, or not in English): not imported ×1',
        'conversations.ndjson: outgoing message without a sender (an automation): imported as a bot message ×1',
      ]);
    });
  });

  test('the activity texts Chatwoot writes map to statuses', () => {
    expect(statusOfActivity('Conversation was marked resolved by Ann')).toBe('solved');
    expect(statusOfActivity('Conversation was marked resolved by system due to 3 days of inactivity')).toBe(
      'solved',
    );
    expect(statusOfActivity('Conversation was resolved by Carla')).toBe('solved');
    expect(statusOfActivity('Conversation was reopened by Ann')).toBe('open');
    expect(statusOfActivity('System reopened the conversation due to a new incoming message.')).toBe('open');
    expect(statusOfActivity('Conversation was marked open automatically after an agent reply')).toBe('open');
    expect(statusOfActivity('Conversation was marked as pending by Ann')).toBe('pending');
    expect(statusOfActivity('Conversation was snoozed by Ann')).toBe('on_hold');
    expect(statusOfActivity('Assigned to Bob by Ann')).toBeNull();
  });

  test('importing again, or two overlapping exports, gives the same database', async () => {
    await withTempDir(async (dir) => {
      // Two exports that both hold conversation 101 and its messages.
      const first = join(dir, 'first');
      const second = join(dir, 'second');
      await mkdir(first);
      await mkdir(second);
      for (const name of ['conversations.json', 'messages-101.json', 'messages-102.json', 'csat.json'])
        await copyFile(join(API, name), join(first, name));
      for (const name of ['conversations.json', 'messages-101.json', 'messages-103.json', 'csat.json'])
        await copyFile(join(API, name), join(second, name));
      await copyFile(join(NDJSON, 'conversations.ndjson'), join(second, 'conversations.ndjson'));

      await withDuckDb([], async (whole) => {
        const expected = await expectReimportUnchanged(whole, chatwoot, [API, NDJSON], snapshot);

        await withDuckDb([], async (pieces) => {
          for (const part of [first, second]) await importSourceOrThrow(pieces, chatwoot, [part]);
          expect(await snapshot(pieces)).toEqual(expected);
        });
      });
    });
  });

  test('a bad record is named by file, line and field; nothing is written; --skip-bad-rows keeps the rest', async () => {
    await withTempDir(async (tmp) => {
      const dir = join(tmp, 'export');
      await mkdir(dir);
      const messages = JSON.parse(await readFile(join(API, 'messages-101.json'), 'utf8')) as {
        payload: Record<string, unknown>[];
      };
      const fifth = messages.payload[4];
      if (fifth) fifth.created_at = '2026-03-02 09:02';
      const lines = (await readFile(join(NDJSON, 'conversations.ndjson'), 'utf8')).trimEnd().split('\n');
      lines[1] = lines[1]?.replace('"status": "snoozed"', '"status": "closed"') ?? '';
      await writeFile(join(dir, 'messages-101.json'), JSON.stringify(messages));
      await writeFile(join(dir, 'conversations.ndjson'), `${lines.join('\n')}\n`);
      await copyFile(join(API, 'conversations.json'), join(dir, 'conversations.json'));
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, chatwoot, [dir], join(tmp, 'rejects.csv'));
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: join(dir, 'conversations.ndjson'),
              line: 2,
              column: 'status',
              reason: "'closed' is not one of open, resolved, pending, snoozed",
            },
            {
              file: join(dir, 'messages-101.json'),
              line: 1,
              column: 'payload[4].created_at',
              reason: '"2026-03-02 09:02" is not a Unix time in seconds',
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        // 101–104 and 106; 105 was rejected with its messages.
        expect(await rowCount(db, 'contacts')).toBe(5);
        expect(
          await db.all("SELECT count(*) AS n FROM contact_events WHERE contact_external_id = '101'"),
        ).toEqual([{ n: 6 }]);
        expect(badRows.rejects[2]).toContain(`${join(dir, 'messages-101.json')},1,payload[4].created_at,`);
      });
    });
  });

  test('detect recognises Chatwoot responses and nothing else', async () => {
    for (const name of [
      'api/conversations.json',
      'api/messages-101.json',
      'api/csat.json',
      'ndjson/conversations.ndjson',
    ])
      expect(chatwoot.detect(await detectInput(join(FIXTURES, name)))).toMatch(/^Chatwoot /);
    const others = [
      'small-helpdesk/contacts.csv',
      'sources/asterisk/queue_log',
      'sources/intercom/export/conversations.json',
    ];
    for (const other of others) expect(chatwoot.detect(await detectInput(fixturePath(other)))).toBeNull();
  });
});

describe('chatwoot agents list: presence', () => {
  // GET /api/v1/accounts/{id}/agents, whose availability_status is online, busy or offline:
  // https://developers.chatwoot.com/api-reference/agents/list-agents-in-account
  // Chatwoot's webhooks carry no availability change, so the list saved now and then is the source.
  const AGENTS = fixturePath('workforce-ingest/chatwoot-agents.json');

  test("each agent's availability when the list was saved becomes status changes on chat", async () => {
    await withTempDir(async (dir) => {
      const saved = join(dir, 'agents-0900.json');
      await copyFile(AGENTS, saved);
      const at = new Date('2026-03-02T09:00:00Z');
      await utimes(saved, at, at);
      expect(chatwoot.detect(await detectInput(saved))).toContain('Chatwoot agents list');
      await withDuckDb([], async (db) => {
        // The conversion is what is tested here; the facts of agents still online are not.
        await importSourceOrThrow(db, chatwoot, [saved], { rebuild: false });
        expect(
          await db.all(
            `SELECT external_id, agent_id, status, strftime(occurred_at, '%Y-%m-%dT%H:%M:%SZ') AS at, reason, channel
             FROM agent_status_events ORDER BY agent_id, status`,
          ),
        ).toEqual([
          {
            external_id: '1|login|2026-03-02T09:00:00Z',
            agent_id: '1',
            status: 'login',
            at: '2026-03-02T09:00:00Z',
            reason: null,
            channel: 'chat',
          },
          {
            external_id: '1|unpause|2026-03-02T09:00:00Z',
            agent_id: '1',
            status: 'unpause',
            at: '2026-03-02T09:00:00Z',
            reason: null,
            channel: 'chat',
          },
          {
            external_id: '2|login|2026-03-02T09:00:00Z',
            agent_id: '2',
            status: 'login',
            at: '2026-03-02T09:00:00Z',
            reason: null,
            channel: 'chat',
          },
          {
            external_id: '2|pause|2026-03-02T09:00:00Z',
            agent_id: '2',
            status: 'pause',
            at: '2026-03-02T09:00:00Z',
            reason: 'busy',
            channel: 'chat',
          },
          {
            external_id: '3|logout|2026-03-02T09:00:00Z',
            agent_id: '3',
            status: 'logout',
            at: '2026-03-02T09:00:00Z',
            reason: null,
            channel: 'chat',
          },
        ]);
        // The same list saved again is the same moment: nothing changes.
        await importSourceOrThrow(db, chatwoot, [saved], { rebuild: false });
        expect(await rowCount(db, 'agent_status_events')).toBe(5);
      });
    });
  });

  test('an availability it does not know is refused with the field and why', async () => {
    await withTempDir(async (dir) => {
      const saved = join(dir, 'agents.json');
      await writeFile(saved, (await readFile(AGENTS, 'utf8')).replace('"busy"', '"napping"'));
      await withDuckDb([], async (db) => {
        const { error, skipped } = await refuseThenSkipBadRows(
          db,
          chatwoot,
          [saved],
          join(dir, 'rejects.csv'),
          {
            emptyTable: 'agent_status_events',
            rebuild: false,
          },
        );
        expect(error).toMatchObject({
          kind: 'bad_rows',
          problems: [
            {
              file: saved,
              line: 1,
              column: '[1].availability_status',
              reason: "'napping' is not one of online, busy, offline",
            },
          ],
        });
        expect(skipped.rejected).toBe(1);
        expect(await rowCount(db, 'agent_status_events')).toBe(3);
      });
    });
  });
});
