import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { kpiValueIn, withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { importSource } from '../../services/import-source.js';
import { runKpiQuery } from '../../services/kpi.js';
import { eventLog } from './event-log.js';
import { detectSourceFormats } from './index.js';

const DIR = new URL('../../../test/fixtures/sources/event-log/', import.meta.url).pathname;
const LOG = join(DIR, 'helpdesk-excerpt.csv');
const MAP = join(DIR, 'helpdesk.map.json');
const KPIS = ['contacts_created', 'contacts_resolved', 'resolution_time', 'frt', 'reopen_rate'];

async function indicators(db: Parameters<typeof runKpiQuery>[0]) {
  const result = await runKpiQuery(db, {
    kpis: KPIS,
    hours: 'calendar',
    from: '2010-01-01',
    to: '2014-01-01',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const row = result.data.rows[0];
  return Object.fromEntries(
    KPIS.map((id) => [id, { value: kpiValueIn(row, id).value, n: kpiValueIn(row, id).n }]),
  );
}

describe('event-log --map', () => {
  test('cases become tickets with resolution and first response worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const result = await importSource(db, eventLog, [LOG], { mappingPath: MAP });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      // 13 cases, each with a Resolve ticket. Times are Europe/Rome wall clock.
      expect(await indicators(db)).toEqual({
        contacts_created: { value: 13, n: 13 },
        contacts_resolved: { value: 13, n: 13 },
        // First event → first Resolve ticket, in seconds, sorted: 2330 (Case 5), 4454, 63386, 66662,
        // 67248, 174014, 457631 (Case 3: 5 d 6:07:11 on the clock + 1 h because summer time ended on
        // 31 Oct 2010), 1365964, 1371849, 1564403, 1634984, 3196613, 3549685 → median 457631.
        resolution_time: { value: 457631, n: 13 },
        // First event → first Take in charge ticket, sorted: 15, 44, 53, 2221, 2697, 3313, 15375 (Case 12:
        // 10:47:34 → 15:03:49), 62954, 457325, … → median 15375.
        frt: { value: 15375, n: 13 },
        // Case 5 is resolved twice, but never goes back to an open status.
        reopen_rate: { value: 0, n: 13 },
      });
      const case20 = await db.all(
        "SELECT kind, status, agent_id FROM contact_events WHERE contact_external_id = 'Case 20' ORDER BY occurred_at, kind",
      );
      expect(case20).toEqual([
        { kind: 'assignment', status: null, agent_id: 'Value 14' },
        { kind: 'customer_message', status: null, agent_id: null },
        { kind: 'agent_reply', status: null, agent_id: 'Value 9' },
        { kind: 'status_change', status: 'pending', agent_id: 'Value 9' },
        { kind: 'status_change', status: 'solved', agent_id: 'Value 9' },
        { kind: 'status_change', status: 'closed', agent_id: 'Value 3' },
      ]);
      const contact = await db.all(
        "SELECT channel, CAST(created_at AS VARCHAR) AS created, status, assignee_id, topic FROM contacts WHERE external_id = 'Case 9'",
      );
      // Insert ticket (13:02:21 Rome, UTC+2 in May) creates the case without an event of its own.
      expect(contact).toEqual([
        {
          channel: 'web_form',
          created: '2010-05-07 11:02:21',
          status: 'closed',
          assignee_id: 'Value 5',
          topic: 'Value 3',
        },
      ]);
    });
  });

  test('importing twice, or two overlapping excerpts, gives the same database', async () => {
    await withTempDir(async (dir) => {
      const lines = (await readFile(LOG, 'utf8')).trimEnd().split('\n');
      await writeFile(join(dir, 'a.csv'), `${lines.slice(0, 30).join('\n')}\n`);
      await writeFile(join(dir, 'b.csv'), `${[lines[0], ...lines.slice(24)].join('\n')}\n`);
      const tables =
        'SELECT (SELECT count(*) FROM contacts) AS c, (SELECT count(*) FROM contact_events) AS e';
      await withDuckDb([], async (whole) => {
        const once = await importSource(whole, eventLog, [LOG], { mappingPath: MAP });
        if (!once.ok) throw new Error(JSON.stringify(once.error));
        const expected = { kpis: await indicators(whole), tables: await whole.all(tables) };
        const again = await importSource(whole, eventLog, [LOG], { mappingPath: MAP });
        if (!again.ok) throw new Error(JSON.stringify(again.error));
        expect(again.data.facts?.changedContacts).toBe(0);
        expect({ kpis: await indicators(whole), tables: await whole.all(tables) }).toEqual(expected);
        await withDuckDb([], async (pieces) => {
          const result = await importSource(pieces, eventLog, [join(dir, 'a.csv'), join(dir, 'b.csv')], {
            mappingPath: MAP,
          });
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          expect({ kpis: await indicators(pieces), tables: await pieces.all(tables) }).toEqual(expected);
        });
      });
    });
  });

  test('an unknown activity and a broken timestamp are rejected with file, line and column', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'log.csv');
      const lines = (await readFile(LOG, 'utf8')).trimEnd().split('\n');
      lines[2] = lines[2]?.replace('Take in charge ticket', 'Escalate to boss') ?? '';
      lines[7] = lines[7]?.replace('2012/04/03 08:55:53.000', '2012/04/31 08:55:53.000') ?? '';
      await writeFile(path, `${lines.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const result = await importSource(db, eventLog, [path], { mappingPath: MAP });
        expect(result.ok ? null : result.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 3,
              column: 'Activity',
              reason: "unknown value 'Escalate to boss' (not in fields.kind.map)",
            },
            {
              file: path,
              line: 8,
              column: 'Complete Timestamp',
              reason: "'2012/04/31 08:55:53.000' is not a timestamp in the format yyyy/MM/dd HH:mm:ss.SSS",
            },
          ],
        });
        expect(await db.all('SELECT count(*) AS n FROM contact_events')).toEqual([{ n: 0 }]);
        const skipped = await importSource(db, eventLog, [path], {
          mappingPath: MAP,
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        if (!skipped.ok) throw new Error(JSON.stringify(skipped.error));
        expect(skipped.data.rejected).toBe(2);
        expect((await readFile(join(dir, 'rejects.csv'), 'utf8')).split('\n')[2]).toContain(
          `${path},8,Complete Timestamp,`,
        );
      });
    });
  });

  test('detect recognises event-log headers and nothing else', async () => {
    expect(eventLog.detect({ name: 'finale.csv', head: await readFile(LOG, 'utf8') })).toContain('Event log');
    expect(
      eventLog.detect({
        name: 'log.csv',
        head: 'case:concept:name;concept:name;time:timestamp;org:resource\n',
      }),
    ).not.toBeNull();
    const helpdesk = new URL('../../../test/fixtures/small-helpdesk/contacts.csv', import.meta.url).pathname;
    expect(eventLog.detect({ name: 'contacts.csv', head: await readFile(helpdesk, 'utf8') })).toBeNull();
    const queueLog = new URL('../../../test/fixtures/sources/asterisk/queue_log', import.meta.url).pathname;
    expect(eventLog.detect({ name: 'queue_log', head: await readFile(queueLog, 'utf8') })).toBeNull();
    expect(await detectSourceFormats(queueLog)).not.toContainEqual(
      expect.objectContaining({ format: 'event-log' }),
    );
  });
});
