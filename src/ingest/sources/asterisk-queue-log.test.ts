import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  expectReimportUnchanged,
  fixturePath,
  importSourceOrThrow,
  kpiOverview,
  overviewAndCounts,
  refuseThenSkipBadRows,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { asteriskQueueLog } from './asterisk-queue-log.js';
import { detectSourceFormats } from './index.js';

const FIXTURE = fixturePath('sources/asterisk/queue_log');
const KPIS = [
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

const overview = (db: Engine) => kpiOverview(db, KPIS, { from: '2026-03-02', to: '2026-03-03' });
const snapshot = overviewAndCounts(overview, ['contacts', 'contact_events', 'agent_status_events']);

describe('asterisk-queue-log', () => {
  test('calls become contacts with the queue indicators worked out by hand', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, asteriskQueueLog, [FIXTURE]);
      // Eight calls; the 3-second abandon is neither offered nor abandoned; a timeout counts as abandoned.
      expect(await overview(db)).toEqual({
        contacts_created: { value: 8, n: 8 },
        offered: { value: 7, n: 7 },
        answered: { value: 4, n: 4 },
        abandoned: { value: 2, n: 2 },
        abandonment_rate: { value: 2 / 7, n: 7 },
        // Waits of the answered calls: 12, 30, 20, 8 s.
        asa: { value: 17.5, n: 4 },
        // Within 20 s: 12, 20, 8 of 4 answered + 2 abandoned after 20 s (45, 100).
        service_level: { value: 0.5, n: 6 },
        // Talk: 180, 60, 100, 60 s.
        aht: { value: 100, n: 4 },
        // First response of a call is its answer: median of 8, 12, 20, 30 s.
        frt: { value: 16, n: 4 },
      });
      const agents = await db.all(
        'SELECT agent_id, status, queue, reason, channel FROM agent_status_events ORDER BY occurred_at, agent_id',
      );
      // Presence in a phone queue is presence on the phone channel.
      expect(agents).toEqual([
        { agent_id: 'SIP/anna', status: 'add_member', queue: 'support', reason: null, channel: 'phone' },
        { agent_id: 'SIP/ben', status: 'add_member', queue: 'support', reason: null, channel: 'phone' },
        { agent_id: 'SIP/anna', status: 'pause', queue: 'support', reason: 'lunch', channel: 'phone' },
        { agent_id: 'SIP/anna', status: 'unpause', queue: 'support', reason: null, channel: 'phone' },
      ]);
      const transferred = await db.all(
        "SELECT count(*) AS n FROM contact_events WHERE kind = 'transfer' AND contact_external_id = '1772442200.5'",
      );
      expect(transferred[0]?.n).toBe(1);
      const open = await db.all("SELECT external_id FROM contacts WHERE status = 'open'");
      expect(open).toEqual([{ external_id: '1772442800.12' }]);

      const messages = summary.warnings.map((w) => `${w.message} ×${w.count}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          'unknown event FOOBAR: line not imported ×1',
          'left the queue at its timeout (EXITWITHTIMEOUT): counted as abandoned ×1',
          'agent rang without answering (RINGNOANSWER): not an indicator yet ×1',
          'call entered the queue before the log starts: entry taken as answer − wait ×1',
          'call has no end in the log (still in the queue or talking when the log ends): imported as open ×1',
        ]),
      );
      expect([summary.contactsFrom, summary.contactsTo]).toEqual([
        '2026-03-02T09:00:00Z',
        '2026-03-02T09:13:20Z',
      ]);
      expect(summary.facts?.changedContacts).toBe(8);
    });
  });

  test('importing the log again, or two overlapping pieces of it, gives the same database', async () => {
    await withTempDir(async (dir) => {
      const lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
      await writeFile(join(dir, 'queue_log.1'), `${lines.slice(0, 16).join('\n')}\n`);
      await writeFile(join(dir, 'queue_log.gz'), gzipSync(`${lines.slice(10).join('\n')}\n`));
      await withDuckDb([], async (whole) => {
        const expected = await expectReimportUnchanged(whole, asteriskQueueLog, [FIXTURE], snapshot);

        await withDuckDb([], async (pieces) => {
          // Given newest first, and gzipped: the format orders the files by their first time.
          await importSourceOrThrow(pieces, asteriskQueueLog, [
            join(dir, 'queue_log.gz'),
            join(dir, 'queue_log.1'),
          ]);
          expect(await snapshot(pieces)).toEqual(expected);
        });
      });
    });
  });

  test('a line with a broken time or a non-numeric wait is named by file, line and field; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'queue_log');
      const lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
      lines[4] = lines[4]?.replace(/^\d+/, '17724420x2') ?? '';
      lines[8] = lines[8]?.replace(/\|45$/, '|4 5') ?? '';
      await writeFile(path, `${lines.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const badRows = await refuseThenSkipBadRows(db, asteriskQueueLog, [path], join(dir, 'rejects.csv'));
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            { file: path, line: 5, column: 'time', reason: "'17724420x2' is not a Unix time in seconds" },
            {
              file: path,
              line: 9,
              column: 'data3',
              reason: "wait time '4 5' of ABANDON is not a whole number of seconds",
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        expect(badRows.rejects[1]).toContain(`${path},5,time,`);
      });
    });
  });

  test('detect recognises a queue_log and nothing else', async () => {
    expect(await detectSourceFormats(FIXTURE)).toEqual([
      { format: 'asterisk-queue-log', description: expect.stringContaining('Asterisk queue_log') },
    ]);
    const csv = fixturePath('small-helpdesk/contacts.csv');
    expect(await detectSourceFormats(csv)).toEqual([]);
  });
});
