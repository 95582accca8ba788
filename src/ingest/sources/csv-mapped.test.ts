import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { kpiValueIn, withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { importSource } from '../../services/import-source.js';
import { runKpiQuery } from '../../services/kpi.js';
import { csvMapped } from './csv-mapped.js';

const DIR = new URL('../../../test/fixtures/sources/csv/', import.meta.url).pathname;
const CALLS = join(DIR, 'bank-calls.txt');
const CALLS_MAP = join(DIR, 'bank-calls.map.json');
const INCIDENTS = join(DIR, 'servicenow-incidents.csv');
const INCIDENTS_MAP = join(DIR, 'servicenow.map.json');

type Db = Parameters<typeof runKpiQuery>[0];

async function indicators(db: Db, kpis: string[], from: string, to: string) {
  const result = await runKpiQuery(db, { kpis, hours: 'calendar', from, to });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const row = result.data.rows[0];
  return Object.fromEntries(
    kpis.map((id) => [id, { value: kpiValueIn(row, id).value, n: kpiValueIn(row, id).n }]),
  );
}

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
const callIndicators = (db: Db) => indicators(db, CALL_KPIS, '1999-03-01', '1999-03-02');
const TICKET_KPIS = ['contacts_created', 'contacts_resolved', 'resolution_time', 'reopen_rate'];
const ticketIndicators = (db: Db) => indicators(db, TICKET_KPIS, '2016-03-01', '2016-03-31');

describe('csv --map, rows: "contact" (call-centre log)', () => {
  test('calls become phone contacts with the queue indicators worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const result = await importSource(db, csvMapped, [CALLS], { mappingPath: CALLS_MAP });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
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
      expect(result.data.warnings.map((w) => `${w.message} ×${w.count} (${w.examples.join(', ')})`)).toEqual([
        "outcome is 'PHANTOM': row skipped ×2 (line 15, line 23)",
      ]);
    });
  });

  test('importing again, or two overlapping exports, gives the same database', async () => {
    await withTempDir(async (dir) => {
      const lines = (await readFile(CALLS, 'utf8')).trimEnd().split('\n');
      const header = lines[0] ?? '';
      await writeFile(join(dir, 'part1.txt'), `${lines.slice(0, 16).join('\n')}\n`);
      await writeFile(join(dir, 'part2.txt'), `${[header, ...lines.slice(10)].join('\n')}\n`);
      const tables =
        'SELECT (SELECT count(*) FROM contacts) AS c, (SELECT count(*) FROM contact_events) AS e';
      await withDuckDb([], async (whole) => {
        const once = await importSource(whole, csvMapped, [CALLS], { mappingPath: CALLS_MAP });
        if (!once.ok) throw new Error(JSON.stringify(once.error));
        const expected = { kpis: await callIndicators(whole), tables: await whole.all(tables) };
        const again = await importSource(whole, csvMapped, [CALLS], { mappingPath: CALLS_MAP });
        if (!again.ok) throw new Error(JSON.stringify(again.error));
        expect(again.data.facts?.changedContacts).toBe(0);
        expect({ kpis: await callIndicators(whole), tables: await whole.all(tables) }).toEqual(expected);
        await withDuckDb([], async (pieces) => {
          const result = await importSource(
            pieces,
            csvMapped,
            [join(dir, 'part2.txt'), join(dir, 'part1.txt')],
            {
              mappingPath: CALLS_MAP,
            },
          );
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          expect({ kpis: await callIndicators(pieces), tables: await pieces.all(tables) }).toEqual(expected);
        });
      });
    });
  });

  test('an unknown outcome and a broken time are named by file, line and column; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'calls.txt');
      const lines = (await readFile(CALLS, 'utf8')).trimEnd().split('\n');
      lines[3] = lines[3]?.replace('\tAGENT\t', '\tTRANSFER\t') ?? '';
      lines[5] = lines[5]?.replace('\t9:30:06\t9:30:46', '\t9:30:06\t9:3O:46') ?? '';
      await writeFile(path, `${lines.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const result = await importSource(db, csvMapped, [path], { mappingPath: CALLS_MAP });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 4,
              column: 'outcome',
              reason: "unknown value 'TRANSFER' (not in fields.outcome.map)",
            },
            {
              file: path,
              line: 6,
              column: 'q_exit',
              reason: "'9:3O:46' is not a time in the format H:mm[:ss]",
            },
          ],
        });
        expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);

        const skipped = await importSource(db, csvMapped, [path], {
          mappingPath: CALLS_MAP,
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        if (!skipped.ok) throw new Error(JSON.stringify(skipped.error));
        expect(skipped.data.rejected).toBe(2);
        expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 21 }]);
        const rejects = await readFile(join(dir, 'rejects.csv'), 'utf8');
        expect(rejects.split('\n')[1]).toContain(`${path},4,outcome,`);
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
        const result = await importSource(db, csvMapped, [CALLS], { mappingPath: map });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toEqual({
          kind: 'bad_rows',
          total: 1,
          problems: [{ file: map, line: 1, column: 'fields.day.format', reason: "unknown token 'Q'" }],
        });
        const missing = await importSource(db, csvMapped, [CALLS]);
        expect(missing.ok ? null : missing.error).toMatchObject({
          problems: [{ file: '--map', line: 1, column: '(mapping)' }],
        });
      });
    });
  });
});

describe('csv --map, rows: "update" (ServiceNow incident updates)', () => {
  test('updates become status changes and assignments, ordered by update time', async () => {
    await withDuckDb([], async (db) => {
      const result = await importSource(db, csvMapped, [INCIDENTS], { mappingPath: INCIDENTS_MAP });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
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

  test('importing the updates twice gives the same database', async () => {
    await withDuckDb([], async (db) => {
      const once = await importSource(db, csvMapped, [INCIDENTS], { mappingPath: INCIDENTS_MAP });
      if (!once.ok) throw new Error(JSON.stringify(once.error));
      const count = 'SELECT (SELECT count(*) FROM contacts) AS c, (SELECT count(*) FROM contact_events) AS e';
      const before = await db.all(count);
      const again = await importSource(db, csvMapped, [INCIDENTS], { mappingPath: INCIDENTS_MAP });
      if (!again.ok) throw new Error(JSON.stringify(again.error));
      expect(again.data.facts?.changedContacts).toBe(0);
      expect(await db.all(count)).toEqual(before);
    });
  });
});

describe('csv detect', () => {
  const head = async (path: string) => ({ name: path, head: await readFile(path, 'utf8') });
  test('names the shapes it has a mapping for and nothing else', async () => {
    expect(csvMapped.detect(await head(CALLS))).toContain('Call-centre log');
    expect(csvMapped.detect(await head(INCIDENTS))).toContain('ServiceNow');
    const helpdesk = new URL('../../../test/fixtures/small-helpdesk/contacts.csv', import.meta.url).pathname;
    expect(csvMapped.detect(await head(helpdesk))).toBeNull();
    const queueLog = new URL('../../../test/fixtures/sources/asterisk/queue_log', import.meta.url).pathname;
    expect(csvMapped.detect(await head(queueLog))).toBeNull();
  });
});
