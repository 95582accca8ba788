import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { kpiValueIn, withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { importSource } from '../../services/import-source.js';
import { runKpiQuery } from '../../services/kpi.js';
import { intercom } from './intercom.js';

const EXPORT = new URL('../../../test/fixtures/sources/intercom/export/', import.meta.url).pathname;
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

async function overview(db: Parameters<typeof runKpiQuery>[0]) {
  const result = await runKpiQuery(db, {
    kpis: KPIS,
    hours: 'calendar',
    from: '2026-03-02',
    to: '2026-03-03',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const row = result.data.rows[0];
  return Object.fromEntries(
    KPIS.map((id) => [id, { value: kpiValueIn(row, id).value, n: kpiValueIn(row, id).n }]),
  );
}

const TABLES =
  'SELECT (SELECT count(*) FROM contacts) AS c, (SELECT count(*) FROM contact_events) AS e, (SELECT count(*) FROM survey_responses) AS s';

async function conversations(): Promise<unknown[]> {
  const list = JSON.parse(await readFile(LIST, 'utf8')) as { conversations: unknown[] };
  return [...list.conversations, JSON.parse(await readFile(SINGLE, 'utf8')) as unknown];
}

describe('intercom', () => {
  test('conversations become the indicators worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const result = await importSource(db, intercom, [EXPORT]);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
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
      expect(result.data.warnings.map((w) => `${w.file}: ${w.message} ×${w.count}`)).toEqual([
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
        const once = await importSource(reference, intercom, [EXPORT]);
        if (!once.ok) throw new Error(JSON.stringify(once.error));
        const expected = { kpis: await overview(reference), tables: await reference.all(TABLES) };
        const again = await importSource(reference, intercom, [LIST, SINGLE]);
        if (!again.ok) throw new Error(JSON.stringify(again.error));
        expect(again.data.facts?.changedContacts).toBe(0);
        expect({ kpis: await overview(reference), tables: await reference.all(TABLES) }).toEqual(expected);
        for (const shape of ['array', 'ndjson']) {
          await withDuckDb([], async (db) => {
            const result = await importSource(db, intercom, [join(dir, shape)]);
            if (!result.ok) throw new Error(JSON.stringify(result.error));
            expect({ kpis: await overview(db), tables: await db.all(TABLES) }).toEqual(expected);
          });
        }
        // Two overlapping exports: 1001–1003, then 1002–1004.
        await writeFile(join(dir, 'first.json'), JSON.stringify({ conversations: all.slice(0, 3) }));
        await writeFile(join(dir, 'second.json'), JSON.stringify({ conversations: all.slice(1) }));
        await withDuckDb([], async (db) => {
          for (const part of ['first.json', 'second.json']) {
            const result = await importSource(db, intercom, [join(dir, part)]);
            if (!result.ok) throw new Error(JSON.stringify(result.error));
          }
          expect({ kpis: await overview(db), tables: await db.all(TABLES) }).toEqual(expected);
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
        const result = await importSource(db, intercom, [path]);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toEqual({
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
        expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);

        const skipped = await importSource(db, intercom, [path], {
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        if (!skipped.ok) throw new Error(JSON.stringify(skipped.error));
        expect(skipped.data.sourceRejected).toBe(2);
        expect(await db.all('SELECT external_id FROM contacts ORDER BY external_id')).toEqual([
          { external_id: '1001' },
          { external_id: '1003' },
        ]);
        const rejects = await readFile(join(dir, 'rejects.csv'), 'utf8');
        expect(rejects.split('\n')[1]).toContain(`${path},2,state,`);
      });
    });
  });

  test('detect recognises Intercom conversations and nothing else', async () => {
    const head = async (path: string) => ({
      name: path,
      head: (await readFile(path, 'utf8')).slice(0, 65536),
    });
    for (const path of [LIST, SINGLE]) expect(intercom.detect(await head(path))).toMatch(/^Intercom /);
    const others = [
      new URL('../../../test/fixtures/small-helpdesk/contacts.csv', import.meta.url).pathname,
      new URL('../../../test/fixtures/sources/asterisk/queue_log', import.meta.url).pathname,
      new URL('../../../test/fixtures/sources/chatwoot/api/conversations.json', import.meta.url).pathname,
      new URL('../../../test/fixtures/sources/chatwoot/ndjson/conversations.ndjson', import.meta.url)
        .pathname,
    ];
    for (const path of others) expect(intercom.detect(await head(path))).toBeNull();
  });
});
