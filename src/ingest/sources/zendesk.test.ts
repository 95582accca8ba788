import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  expectReimportUnchanged,
  fixturePath,
  importSourceError,
  importSourceOrThrow,
  kpiOverview,
  overviewAndCounts,
  refuseThenSkipBadRows,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { zendesk } from './zendesk.js';

const FIXTURE = fixturePath('sources/zendesk/');
const KPIS = [
  'contacts_created',
  'frt',
  'frt_pending',
  'contacts_resolved',
  'resolution_time',
  'reopen_rate',
  'fcr_rate',
  'csat',
  'csat_response_rate',
] as const;

async function fixtureFiles(): Promise<string[]> {
  return (await readdir(FIXTURE))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(FIXTURE, name));
}

const overview = (db: Engine) => kpiOverview(db, KPIS, { from: '2024-03-01', to: '2024-03-31' });
const snapshot = overviewAndCounts(overview, ['contacts', 'contact_events', 'survey_responses', 'agents']);

describe('zendesk', () => {
  test('tickets, audits, ratings and users become the indicators worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      // Newest kind first: the files are told apart by their top-level key, not their order.
      const summary = await importSourceOrThrow(db, zendesk, (await fixtureFiles()).reverse());
      expect(await overview(db)).toEqual({
        // 101, 102, 103, 105; 104 was merged into 101 and is left out.
        contacts_created: { value: 4, n: 4 },
        // First public agent reply: 101 after 30 min, 102 after 60 min (the internal note at 20 min does
        // not count), 103 after 5 min; 105 has only an internal note. Median of 300, 1800, 3600 s.
        frt: { value: 1800, n: 3 },
        frt_pending: { value: 1, n: 1 },
        // 101 solved at 12:00 (3 h, after a pending period), 102 first solved at 11:00 (1 h), 103 at 13:05 (5 min).
        contacts_resolved: { value: 3, n: 3 },
        resolution_time: { value: 3600, n: 3 },
        // 102 went from solved back to open the next day.
        reopen_rate: { value: 1 / 3, n: 3 },
        // Only 103 was solved with one public reply and never reopened.
        fcr_rate: { value: 1 / 3, n: 3 },
        // good = 2 and bad = 1 on 1–2: one of two answers in the top box.
        csat: { value: 0.5, n: 2 },
        // Sent: the good, the bad and the offered one (no answer); the unoffered one was never sent.
        csat_response_rate: { value: 2 / 3, n: 3 },
      });
      const events = await db.all(
        "SELECT kind, agent_id, public FROM contact_events WHERE contact_external_id = '102' AND kind <> 'status_change' ORDER BY occurred_at, external_id",
      );
      expect(events).toEqual([
        { kind: 'customer_message', agent_id: null, public: null },
        { kind: 'internal_note', agent_id: '1002', public: false },
        { kind: 'agent_reply', agent_id: '1002', public: true },
        { kind: 'assignment', agent_id: '1002', public: null },
        { kind: 'customer_message', agent_id: null, public: null },
        { kind: 'agent_reply', agent_id: '1002', public: true },
      ]);
      expect(
        await db.all('SELECT external_id, channel, status, tags FROM contacts ORDER BY external_id'),
      ).toEqual([
        { external_id: '101', channel: 'email', status: 'solved', tags: 'delivery' },
        { external_id: '102', channel: 'web_form', status: 'solved', tags: 'refund' },
        { external_id: '103', channel: 'chat', status: 'solved', tags: null },
        { external_id: '105', channel: 'social', status: 'open', tags: 'delivery' },
      ]);
      expect(
        await db.all(
          'SELECT external_id, scale_max, score, agent_id, sent_at IS NOT NULL AS sent FROM survey_responses ORDER BY external_id',
        ),
      ).toEqual([
        { external_id: '7001', scale_max: 2, score: 2, agent_id: '1001', sent: true },
        { external_id: '7002', scale_max: 2, score: 1, agent_id: '1002', sent: true },
        { external_id: '7003', scale_max: 2, score: null, agent_id: '1001', sent: true },
      ]);
      expect(await db.all('SELECT id, name FROM agents ORDER BY id')).toEqual([
        { id: '1001', name: 'Ann de Vries' },
        { id: '1002', name: 'Bob Jansen' },
      ]);
      const messages = summary.warnings.map((w) => `${w.message} ×${w.count}`);
      expect(messages.sort()).toEqual([
        'comment by a user who is in no users file and is not the requester: not imported (add users.json) ×1',
        'rating of a merged or deleted ticket: not imported ×1',
        'ticket closed by a merge (tag closed_by_merge): left out of the indicators ×1',
      ]);
      expect([summary.contactsFrom, summary.contactsTo]).toEqual([
        '2024-03-04T09:00:00Z',
        '2024-03-04T15:00:00Z',
      ]);
    });
  });

  test('importing again, or two overlapping exports, gives the same database', async () => {
    await withTempDir(async (dir) => {
      const files = await fixtureFiles();
      // Two exports that overlap: 101 and 103 in both, 101 older in the first (given last).
      const tickets = JSON.parse(await readFile(join(FIXTURE, 'tickets.json'), 'utf8')) as {
        tickets: { id: number; status: string; updated_at: string }[];
      };
      const first = tickets.tickets
        .filter((t) => t.id <= 103)
        .map((t) => (t.id === 101 ? { ...t, status: 'pending', updated_at: '2024-03-04T09:30:00Z' } : t));
      await writeFile(join(dir, 'page1.json'), JSON.stringify({ tickets: first, end_of_stream: false }));
      await writeFile(
        join(dir, 'page2.json'),
        JSON.stringify({
          tickets: tickets.tickets.filter((t) => t.id >= 103 || t.id === 101),
          end_of_stream: true,
        }),
      );
      const others = files.filter((f) => !f.endsWith('tickets.json'));
      await withDuckDb([], async (whole) => {
        const expected = await expectReimportUnchanged(whole, zendesk, files, snapshot);
        await withDuckDb([], async (pieces) => {
          await importSourceOrThrow(pieces, zendesk, [
            join(dir, 'page2.json'),
            ...others,
            join(dir, 'page1.json'),
          ]);
          expect(await snapshot(pieces)).toEqual(expected);
          expect(await pieces.all("SELECT status FROM contacts WHERE external_id = '101'")).toEqual([
            { status: 'solved' },
          ]);
        });
      });
    });
  });

  test('a ticket with an unknown channel or a bad time is named by file, line and field; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const files = await fixtureFiles();
      const text = await readFile(join(FIXTURE, 'tickets.json'), 'utf8');
      const broken = text
        .replace('"channel": "chat"', '"channel": "carrier_pigeon"')
        .replace('"created_at": "2024-03-04T15:00:00Z"', '"created_at": "04/03/2024 15:00"');
      const path = join(dir, 'tickets.json');
      await writeFile(path, broken);
      const paths = [...files.filter((f) => !f.endsWith('tickets.json')), path];
      const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
      const ticketLine = (id: number) =>
        text
          .slice(0, text.indexOf(`"id": ${id},`))
          .trimEnd()
          .split('\n').length;
      expect(ticketLine(103)).toBeLessThan(lineOf('"channel": "chat"'));
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, zendesk, paths, join(dir, 'rejects.csv'));
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: ticketLine(105) - 1,
              column: 'tickets[4].created_at',
              reason: "'04/03/2024 15:00' is not an ISO 8601 time with Z or an offset",
            },
            {
              file: path,
              line: ticketLine(103) - 1,
              column: 'tickets[2].via.channel',
              reason: expect.stringMatching(/^channel 'carrier_pigeon' is not one of email, web, /),
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        // The two rejected tickets are left out with their audits and ratings.
        expect(await db.all('SELECT external_id FROM contacts ORDER BY external_id')).toEqual([
          { external_id: '101' },
          { external_id: '102' },
        ]);
        expect(badRows.rejects[1]).toContain(`${path},${ticketLine(105) - 1},tickets[4].created_at,`);
      });
    });
  });

  test('a file that is no Zendesk API response is rejected as a whole', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'tickets.json');
      await writeFile(path, '{"results": []}\n');
      await withDuckDb([], async (db) => {
        expect(await importSourceError(db, zendesk, [path])).toEqual({
          kind: 'bad_rows',
          total: 1,
          problems: [
            {
              file: path,
              line: 1,
              column: '(file)',
              reason:
                'expected a Zendesk API response: a JSON object with an array under tickets, audits, satisfaction_ratings, users, agent_states',
            },
          ],
        });
      });
    });
  });

  test('detect recognises each kind of Zendesk file and nothing else', async () => {
    for (const [file, kind] of [
      ['tickets.json', 'tickets'],
      ['audits-101.json', 'audits'],
      ['satisfaction_ratings.json', 'satisfaction_ratings'],
      ['users.json', 'users'],
    ] as const) {
      expect(zendesk.detect(await detectInput(join(FIXTURE, file), file))).toBe(`Zendesk API JSON: ${kind}`);
    }
    for (const other of ['small-helpdesk/contacts.csv', 'sources/asterisk/queue_log'])
      expect(zendesk.detect(await detectInput(fixturePath(other), other))).toBeNull();
    expect(zendesk.detect({ name: 'x.json', head: '{"results": []}' })).toBeNull();
  });
});
