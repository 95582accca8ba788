import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { intercom } from './intercom.js';

const EXPORT = fixturePath('sources/intercom/export/');
const LIST = join(EXPORT, 'conversations.json');
const SINGLE = join(EXPORT, 'conversation-1004.json');

const KPIS = [
  'contacts_created',
  'frt',
  'frt_pending',
  'contacts_resolved',
  'reopen_rate',
  'fcr_rate',
  'csat',
];

const overview = (db: Engine) => kpiOverview(db, KPIS, { from: '2026-03-02', to: '2026-03-03' });
const snapshot = overviewAndCounts(overview, ['contacts', 'contact_events', 'survey_responses']);

async function conversations(): Promise<unknown[]> {
  const list = JSON.parse(await readFile(LIST, 'utf8')) as { conversations: unknown[] };
  return [...list.conversations, JSON.parse(await readFile(SINGLE, 'utf8')) as unknown];
}

describe('intercom', () => {
  test('conversations become the indicators worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, intercom, [EXPORT]);
      expect(await overview(db)).toEqual({
        contacts_created: { value: 4, n: 4 },
        // First customer message (the source) to the first admin comment; the Operator's comment
        // and the note do not count: 1001 90 s, 1002 1200 s, 1004 300 s; median 300.
        frt: { value: 300, n: 3 },
        // 1003: only the bot answered.
        frt_pending: { value: 1, n: 1 },
        // 1001, 1002, 1004 were closed.
        contacts_resolved: { value: 3, n: 3 },
        // 1002 reopened when the customer wrote after the close (the part's state is open).
        reopen_rate: { value: 1 / 3, n: 3 },
        // 1001 and 1004: one reply, no reopen; 1002: two replies and a reopen.
        fcr_rate: { value: 2 / 3, n: 3 },
        // Ratings 4 (1001) and 1 (1004); 1002 was not rated.
        csat: { value: 0.5, n: 2 },
      });

      const contacts = await db.all(
        'SELECT external_id, channel, status, assignee_id, team_id, customer_id, tags, subject FROM contacts ORDER BY external_id',
      );
      expect(contacts).toEqual([
        {
          external_id: '1001',
          channel: 'chat',
          status: 'closed',
          assignee_id: '501',
          team_id: '7',
          customer_id: '65f0a1',
          tags: 'delivery',
          subject: null,
        },
        {
          external_id: '1002',
          channel: 'email',
          status: 'closed',
          assignee_id: '502',
          team_id: null,
          customer_id: '65f0a2',
          tags: null,
          subject: 'Invoice 2026-118',
        },
        {
          external_id: '1003',
          channel: 'social',
          status: 'open',
          assignee_id: null,
          team_id: null,
          customer_id: '65f0a3',
          tags: null,
          subject: null,
        },
        {
          external_id: '1004',
          channel: 'chat',
          status: 'closed',
          assignee_id: '501',
          team_id: null,
          customer_id: '65f0a4',
          tags: null,
          subject: null,
        },
      ]);
      const events = await db.all(
        "SELECT external_id, kind, agent_id, public, status FROM contact_events WHERE contact_external_id IN ('1001', '1002') ORDER BY occurred_at",
      );
      expect(events).toEqual([
        { external_id: 'source-401', kind: 'customer_message', agent_id: null, public: null, status: null },
        { external_id: '9001', kind: 'bot_message', agent_id: null, public: null, status: null },
        { external_id: '9002', kind: 'assignment', agent_id: '501', public: null, status: null },
        { external_id: '9003', kind: 'internal_note', agent_id: '501', public: false, status: null },
        { external_id: '9004', kind: 'agent_reply', agent_id: '501', public: true, status: null },
        { external_id: '9005', kind: 'status_change', agent_id: null, public: null, status: 'closed' },
        { external_id: 'source-402', kind: 'customer_message', agent_id: null, public: null, status: null },
        { external_id: '9101', kind: 'agent_reply', agent_id: '502', public: true, status: null },
        { external_id: '9102', kind: 'status_change', agent_id: null, public: null, status: 'closed' },
        { external_id: '9103', kind: 'customer_message', agent_id: null, public: null, status: null },
        { external_id: '9103-state', kind: 'status_change', agent_id: null, public: null, status: 'open' },
        { external_id: '9104', kind: 'agent_reply', agent_id: '502', public: true, status: null },
        { external_id: '9105', kind: 'status_change', agent_id: null, public: null, status: 'closed' },
      ]);
      const surveys = await db.all(
        'SELECT external_id, score, comment, contact_external_id, agent_id, customer_id, sent_at, responded_at FROM survey_responses ORDER BY external_id',
      );
      expect(surveys.map((s) => ({ ...s, responded_at: String(s.responded_at) }))).toEqual([
        {
          external_id: 'rating-1001',
          score: 4,
          comment: 'Good',
          contact_external_id: '1001',
          agent_id: '501',
          customer_id: '65f0a1',
          sent_at: null,
          responded_at: expect.stringContaining('2026-03-02'),
        },
        {
          external_id: 'rating-1004',
          score: 1,
          comment: 'Too slow',
          contact_external_id: '1004',
          agent_id: '501',
          customer_id: '65f0a4',
          sent_at: null,
          responded_at: expect.stringContaining('2026-03-02'),
        },
      ]);
      expect(summary.warnings.map((w) => `${w.file}: ${w.message} ×${w.count}`)).toEqual([
        'conversations.json: part type conversation_attribute_updated_by_admin: not imported ×1',
      ]);
    });
  });

  test('one conversation, an array, {"conversations": […]} and NDJSON give the same database', async () => {
    await withTempDir(async (dir) => {
      const all = await conversations();
      await mkdir(join(dir, 'array'));
      await mkdir(join(dir, 'ndjson'));
      await writeFile(join(dir, 'array', 'conversations.json'), JSON.stringify(all));
      await writeFile(
        join(dir, 'ndjson', 'conversations.ndjson'),
        `${all.map((c) => JSON.stringify(c)).join('\n')}\n`,
      );
      await withDuckDb([], async (reference) => {
        const expected = await expectReimportUnchanged(reference, intercom, [EXPORT], snapshot, {
          againPaths: [LIST, SINGLE],
        });
        for (const shape of ['array', 'ndjson']) {
          await withDuckDb([], async (db) => {
            await importSourceOrThrow(db, intercom, [join(dir, shape)]);
            expect(await snapshot(db)).toEqual(expected);
          });
        }
        // Two overlapping exports: 1001–1003, then 1002–1004.
        await writeFile(join(dir, 'first.json'), JSON.stringify({ conversations: all.slice(0, 3) }));
        await writeFile(join(dir, 'second.json'), JSON.stringify({ conversations: all.slice(1) }));
        await withDuckDb([], async (db) => {
          for (const part of ['first.json', 'second.json'])
            await importSourceOrThrow(db, intercom, [join(dir, part)]);
          expect(await snapshot(db)).toEqual(expected);
        });
      });
    });
  });

  test('a bad record is named by file, line and field; nothing is written; --skip-bad-rows keeps the rest', async () => {
    await withTempDir(async (dir) => {
      const all = (await conversations()) as Record<string, unknown>[];
      const second = all[1];
      if (second) second.state = 'resolved';
      const fourth = all[3] as { conversation_parts: { conversation_parts: Record<string, unknown>[] } };
      const parts = fourth.conversation_parts.conversation_parts;
      const firstPart = parts[0];
      if (firstPart) firstPart.created_at = 'yesterday';
      const path = join(dir, 'conversations.ndjson');
      await writeFile(path, `${all.map((c) => JSON.stringify(c)).join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, intercom, [path], join(dir, 'rejects.csv'));
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 2,
              column: 'state',
              reason: "'resolved' is not one of open, closed, snoozed",
            },
            {
              file: path,
              line: 4,
              column: 'conversation_parts.conversation_parts[0].created_at',
              reason: '"yesterday" is not a Unix time in seconds',
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        expect(await db.all('SELECT external_id FROM contacts ORDER BY external_id')).toEqual([
          { external_id: '1001' },
          { external_id: '1003' },
        ]);
        expect(badRows.rejects[1]).toContain(`${path},2,state,`);
      });
    });
  });

  test('detect recognises Intercom conversations and nothing else', async () => {
    for (const path of [LIST, SINGLE]) expect(intercom.detect(await detectInput(path))).toMatch(/^Intercom /);
    const others = [
      'small-helpdesk/contacts.csv',
      'sources/asterisk/queue_log',
      'sources/chatwoot/api/conversations.json',
      'sources/chatwoot/ndjson/conversations.ndjson',
    ];
    for (const other of others) expect(intercom.detect(await detectInput(fixturePath(other)))).toBeNull();
  });
});
