import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  expectPiecesLikeWhole,
  fixturePath,
  importSourceOrThrow,
  kpiOverview,
  overviewAndCounts,
  refuseThenSkipBadRows,
  writeEditedCopy,
  writeOverlappingParts,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { eventLog } from './event-log.js';
import { detectSourceFormats } from './index.js';

const LOG = fixturePath('sources/event-log/helpdesk-excerpt.csv');
const MAP = fixturePath('sources/event-log/helpdesk.map.json');
const KPIS = ['contacts_created', 'contacts_resolved', 'resolution_time', 'frt', 'reopen_rate'];

const indicators = (db: Engine) => kpiOverview(db, KPIS, { from: '2010-01-01', to: '2014-01-01' });
const snapshot = overviewAndCounts(indicators, ['contacts', 'contact_events']);

describe('event-log --map', () => {
  test('cases become tickets with resolution and first response worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, eventLog, [LOG], { mappingPath: MAP });
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
      const [a, b] = [join(dir, 'a.csv'), join(dir, 'b.csv')];
      await writeOverlappingParts(LOG, { path: a, end: 30 }, { path: b, start: 24 });
      await expectPiecesLikeWhole(eventLog, [LOG], [a, b], snapshot, { mappingPath: MAP });
    });
  });

  test('an unknown activity and a broken timestamp are rejected with file, line and column', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'log.csv');
      await writeEditedCopy(LOG, path, [
        [2, 'Take in charge ticket', 'Escalate to boss'],
        [7, '2012/04/03 08:55:53.000', '2012/04/31 08:55:53.000'],
      ]);
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, eventLog, [path], join(dir, 'rejects.csv'), {
          mappingPath: MAP,
          emptyTable: 'contact_events',
        });
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 3,
              column: 'Activity',
              reason:
                "'Escalate to boss' is not in the map of field kind: add it to map (null for no value, e.g. no status) or give default",
            },
            {
              file: path,
              line: 8,
              column: 'Complete Timestamp',
              reason: "'2012/04/31 08:55:53.000' is not a timestamp in the format yyyy/MM/dd HH:mm:ss.SSS",
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        expect(badRows.rejects[2]).toContain(`${path},8,Complete Timestamp,`);
      });
    });
  });

  test('detect recognises event-log headers and nothing else', async () => {
    expect(eventLog.detect(await detectInput(LOG, 'finale.csv'))).toContain('Event log');
    expect(
      eventLog.detect({
        name: 'log.csv',
        head: 'case:concept:name;concept:name;time:timestamp;org:resource\n',
      }),
    ).not.toBeNull();
    const helpdesk = fixturePath('small-helpdesk/contacts.csv');
    expect(eventLog.detect(await detectInput(helpdesk, 'contacts.csv'))).toBeNull();
    const queueLog = fixturePath('sources/asterisk/queue_log');
    expect(eventLog.detect(await detectInput(queueLog, 'queue_log'))).toBeNull();
    expect(await detectSourceFormats(queueLog)).not.toContainEqual(
      expect.objectContaining({ format: 'event-log' }),
    );
  });
});
