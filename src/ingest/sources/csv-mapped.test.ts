import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  expectPiecesLikeWhole,
  expectReimportUnchanged,
  fixturePath,
  importSourceError,
  importSourceOrThrow,
  kpiOverview,
  overviewAndCounts,
  refuseThenSkipBadRows,
  rowCount,
  writeEditedCopy,
  writeOverlappingParts,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { csvMapped } from './csv-mapped.js';

const CALLS = fixturePath('sources/csv/bank-calls.txt');
const CALLS_MAP = fixturePath('sources/csv/bank-calls.map.json');
const INCIDENTS = fixturePath('sources/csv/servicenow-incidents.csv');
const INCIDENTS_MAP = fixturePath('sources/csv/servicenow.map.json');

const CALL_KPIS = [
  'contacts_created',
  'offered',
  'answered',
  'abandoned',
  'abandonment_rate',
  'asa',
  'service_level',
  'aht',
  'frt',
];
const callIndicators = (db: Engine) => kpiOverview(db, CALL_KPIS, { from: '1999-03-01', to: '1999-03-02' });
const callSnapshot = overviewAndCounts(callIndicators, ['contacts', 'contact_events']);
const TICKET_KPIS = ['contacts_created', 'contacts_resolved', 'resolution_time', 'reopen_rate'];
const ticketIndicators = (db: Engine) =>
  kpiOverview(db, TICKET_KPIS, { from: '2016-03-01', to: '2016-03-31' });

describe('csv --map, rows: "contact" (call-centre log)', () => {
  test('calls become phone contacts with the queue indicators worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, csvMapped, [CALLS], { mappingPath: CALLS_MAP });
      // 25 rows: 2 PHANTOM calls skipped → 23 contacts. 15 answered (AGENT), 6 HANG after queueing
      // (two of them within the 5 s short-abandon threshold: 3 s and 4 s), 2 HANG in the VRU only.
      expect(await callIndicators(db)).toEqual({
        contacts_created: { value: 23, n: 23 },
        // 15 answered + 4 abandoned; short abandons and VRU-only calls are not offered.
        offered: { value: 19, n: 19 },
        answered: { value: 15, n: 15 },
        abandoned: { value: 4, n: 4 },
        abandonment_rate: { value: 4 / 19, n: 19 },
        // q_time of the answered calls: 10+30+5+15+40+20+0+25+12+8+50+22+18+2+60 = 317 s.
        asa: { value: 317 / 15, n: 15 },
        // Within 20 s: 10, 5, 15, 20, 0, 12, 8, 18, 2 = 9 of 15 answered + 3 abandoned after 20 s (60, 45, 90).
        service_level: { value: 9 / 18, n: 18 },
        // ser_time: 180+120+60+300+240+90+150+200+100+60+180+120+240+30+600 = 2670 s.
        aht: { value: 178, n: 15 },
        // First response = answer: median of the 15 waits (0 2 5 8 10 12 15 18 20 …) = 18 s.
        frt: { value: 18, n: 15 },
      });
      // Israel is UTC+2 in March 1999; call 33110 is answered after midnight.
      const night = await db.all(
        "SELECT kind, CAST(occurred_at AS VARCHAR) AS at FROM contact_events WHERE contact_external_id = '33110' ORDER BY occurred_at, kind",
      );
      expect(night).toEqual([
        { kind: 'queue_enter', at: '1999-03-01 21:59:55' },
        { kind: 'answer', at: '1999-03-01 22:00:03' },
        { kind: 'end', at: '1999-03-01 22:01:03' },
      ]);
      const contact = await db.all(
        "SELECT customer_id, priority, topic, assignee_id FROM contacts WHERE external_id IN ('33103', '33104') ORDER BY external_id",
      );
      expect(contact).toEqual([
        { customer_id: null, priority: 'normal', topic: 'NE', assignee_id: 'DORIT' },
        { customer_id: '40298117', priority: 'high', topic: 'PS', assignee_id: 'ANAT' },
      ]);
      expect(summary.warnings.map((w) => `${w.message} ×${w.count} (${w.examples.join(', ')})`)).toEqual([
        "outcome is 'PHANTOM': row skipped ×2 (line 15, line 23)",
      ]);
    });
  });

  test('importing again, or two overlapping exports, gives the same database', async () => {
    await withTempDir(async (dir) => {
      const [part1, part2] = [join(dir, 'part1.txt'), join(dir, 'part2.txt')];
      await writeOverlappingParts(CALLS, { path: part1, end: 16 }, { path: part2, start: 10 });
      await expectPiecesLikeWhole(csvMapped, [CALLS], [part2, part1], callSnapshot, {
        mappingPath: CALLS_MAP,
      });
    });
  });

  test('an unknown outcome and a broken time are named by file, line and column; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'calls.txt');
      await writeEditedCopy(CALLS, path, [
        [3, '\tAGENT\t', '\tTRANSFER\t'],
        [5, '\t9:30:06\t9:30:46', '\t9:30:06\t9:3O:46'],
      ]);
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, csvMapped, [path], join(dir, 'rejects.csv'), {
          mappingPath: CALLS_MAP,
        });
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 4,
              column: 'outcome',
              reason:
                "'TRANSFER' is not in the map of field outcome: add it to map (null for no value, e.g. no status) or give default",
            },
            {
              file: path,
              line: 6,
              column: 'q_exit',
              reason: "'9:3O:46' is not a time in the format H:mm[:ss]",
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        expect(await rowCount(db, 'contacts')).toBe(21);
        expect(badRows.rejects[1]).toContain(`${path},4,outcome,`);
      });
    });
  });

  test('a broken mapping stops the import before anything is written', async () => {
    await withTempDir(async (dir) => {
      const map = join(dir, 'mapping.json');
      const mapping = JSON.parse(await readFile(CALLS_MAP, 'utf8'));
      mapping.fields.day.format = 'yyQdd';
      await writeFile(map, JSON.stringify(mapping));
      await withDuckDb([], async (db) => {
        expect(await importSourceError(db, csvMapped, [CALLS], { mappingPath: map })).toEqual({
          kind: 'bad_rows',
          total: 1,
          problems: [{ file: map, line: 1, column: 'fields.day.format', reason: "unknown token 'Q'" }],
        });
        expect(await importSourceError(db, csvMapped, [CALLS])).toMatchObject({
          problems: [{ file: '--map', line: 1, column: '(mapping)' }],
        });
      });
    });
  });
});

describe('csv --map, rows: "update" (ServiceNow incident updates)', () => {
  test('updates become status changes and assignments, ordered by update time', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, csvMapped, [INCIDENTS], { mappingPath: INCIDENTS_MAP });
      expect(await ticketIndicators(db)).toEqual({
        contacts_created: { value: 6, n: 6 },
        // INC0000105 is still awaiting the user.
        contacts_resolved: { value: 5, n: 5 },
        // opened → first Resolved: 101 4 h, 102 26 h, 103 4 h, 104 20 h, 106 40 min.
        // Sorted 2400, 14400, 14400, 72000, 93600 s: median 14400.
        resolution_time: { value: 14400, n: 5 },
        // INC0000103 goes back from Resolved to Active.
        reopen_rate: { value: 1 / 5, n: 5 },
      });
      const reopened = await db.all(
        "SELECT kind, status, agent_id, CAST(occurred_at AS VARCHAR) AS at FROM contact_events WHERE contact_external_id = 'INC0000103' ORDER BY occurred_at, kind",
      );
      expect(reopened).toEqual([
        { kind: 'status_change', status: 'new', agent_id: null, at: '2016-03-02 10:00:00' },
        { kind: 'assignment', status: null, agent_id: 'Resolver 7', at: '2016-03-02 10:20:00' },
        { kind: 'status_change', status: 'open', agent_id: null, at: '2016-03-02 10:20:00' },
        { kind: 'status_change', status: 'solved', agent_id: null, at: '2016-03-02 14:00:00' },
        { kind: 'status_change', status: 'open', agent_id: null, at: '2016-03-03 09:00:00' },
        { kind: 'status_change', status: 'solved', agent_id: null, at: '2016-03-03 15:00:00' },
        { kind: 'status_change', status: 'closed', agent_id: null, at: '2016-03-08 15:00:00' },
      ]);
      const contacts = await db.all(
        'SELECT external_id, channel, priority, status, assignee_id, team_id FROM contacts ORDER BY external_id',
      );
      expect(contacts).toEqual([
        {
          external_id: 'INC0000101',
          channel: 'phone',
          priority: 'normal',
          status: 'closed',
          assignee_id: 'Resolver 12',
          team_id: 'Group 56',
        },
        {
          external_id: 'INC0000102',
          channel: 'email',
          priority: 'high',
          status: 'closed',
          assignee_id: 'Resolver 12',
          team_id: 'Group 56',
        },
        {
          external_id: 'INC0000103',
          channel: 'web_form',
          priority: 'low',
          status: 'closed',
          assignee_id: 'Resolver 7',
          team_id: 'Group 70',
        },
        {
          external_id: 'INC0000104',
          channel: 'phone',
          priority: 'urgent',
          status: 'closed',
          assignee_id: 'Resolver 3',
          team_id: 'Group 70',
        },
        {
          external_id: 'INC0000105',
          channel: 'email',
          priority: 'normal',
          status: 'pending',
          assignee_id: 'Resolver 3',
          team_id: 'Group 56',
        },
        {
          external_id: 'INC0000106',
          channel: 'phone',
          priority: 'normal',
          status: 'closed',
          assignee_id: 'Resolver 12',
          team_id: 'Group 70',
        },
      ]);
      // The second "Active" row of INC0000102 changes nothing: no event.
      const changes = await db.all(
        "SELECT count(*) AS n FROM contact_events WHERE contact_external_id = 'INC0000102' AND kind = 'status_change'",
      );
      expect(changes).toEqual([{ n: 6 }]);
    });
  });

  test('changes of assignment group become functional escalations, as the docs show', async () => {
    await withTempDir(async (dir) =>
      withDuckDb([], async (db) => {
        // INC0000104 is handed from Group 70 to Group 56 at 2/3/2016 15:00.
        const incidents = join(dir, 'incidents.csv');
        await writeEditedCopy(INCIDENTS, incidents, [
          [20, 'Group 70', 'Group 56'],
          [21, 'Group 70', 'Group 56'],
          [22, 'Group 70', 'Group 56'],
        ]);
        const mapping = JSON.parse(await readFile(INCIDENTS_MAP, 'utf8'));
        mapping.update = { ...mapping.update, group: 'group', group_change: 'escalation' };
        const mappingPath = join(dir, 'groups.map.json');
        await writeFile(mappingPath, JSON.stringify(mapping));
        await importSourceOrThrow(db, csvMapped, [incidents], { mappingPath });
        const events = await db.all(
          "SELECT kind, team_id, escalation_type, CAST(occurred_at AS VARCHAR) AS at FROM contact_events WHERE contact_external_id = 'INC0000104' AND team_id IS NOT NULL ORDER BY occurred_at, kind DESC",
        );
        expect(events).toEqual([
          { kind: 'assignment', team_id: 'Group 70', escalation_type: null, at: '2016-03-02 14:00:00' },
          {
            kind: 'escalation',
            team_id: 'Group 56',
            escalation_type: 'functional',
            at: '2016-03-02 15:00:00',
          },
          { kind: 'assignment', team_id: 'Group 56', escalation_type: null, at: '2016-03-02 15:00:00' },
        ]);
        expect(
          await kpiOverview(db, ['escalation_rate'], { from: '2016-03-01', to: '2016-03-31' }),
        ).toMatchObject({ escalation_rate: { value: 1 / 6, n: 6 } });
      }),
    );
  });

  test('importing the updates twice gives the same database', async () => {
    await withDuckDb([], async (db) => {
      const counts = (engine: Engine) =>
        engine.all('SELECT (SELECT count(*) FROM contacts) AS c, (SELECT count(*) FROM contact_events) AS e');
      await expectReimportUnchanged(db, csvMapped, [INCIDENTS], counts, { mappingPath: INCIDENTS_MAP });
    });
  });
});

describe('csv detect', () => {
  test('names the shapes it has a mapping for and nothing else', async () => {
    expect(csvMapped.detect(await detectInput(CALLS))).toContain('Call-centre log');
    expect(csvMapped.detect(await detectInput(INCIDENTS))).toContain('ServiceNow');
    for (const other of ['small-helpdesk/contacts.csv', 'sources/asterisk/queue_log'])
      expect(csvMapped.detect(await detectInput(fixturePath(other)))).toBeNull();
  });
});
