import { appendFile, copyFile, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, withDuckDb, withTempDir } from '../../test/support/engines.js';
import type { Engine } from '../core/engine.js';
import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { asteriskQueueLog } from '../ingest/sources/asterisk-queue-log.js';
import { importSource } from './import-source.js';
import { migrate } from './migrate.js';
import { followQueueLog, type QueueLogNotice } from './queue-log-follow.js';

/** The fixture's 25 lines: calls spread over several lines, an unknown event, agent pauses. */
const LOG_LINES = (await readFile(join(FIXTURES, 'sources/asterisk/queue_log'), 'utf8'))
  .trimEnd()
  .split('\n');
/**
 * A call answered in one queue, transferred to another and answered again under the same call id:
 * only its first lines make it a call of the first queue entered at 1772445000.
 */
const TRANSFERRED_CALL = [
  '1772445000|1772445000.20|support|NONE|ENTERQUEUE||0612345690|1',
  '1772445010|1772445000.20|support|SIP/anna|CONNECT|10|1772445010.21|2',
  '1772445070|1772445000.20|support|SIP/anna|TRANSFER|300|from-internal|10|60|1',
  '1772445080|1772445000.20|sales|NONE|ENTERQUEUE||0612345690|1',
  '1772445100|1772445000.20|sales|SIP/ben|CONNECT|20|1772445100.22|2',
  '1772445200|1772445000.20|sales|SIP/ben|COMPLETECALLER|20|100|1',
];
const text = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');

/** What the import made of the log, in an order that does not depend on how it was read. */
async function imported(db: Engine) {
  return {
    contacts: await db.all(
      `SELECT external_id, channel, CAST(created_at AS VARCHAR) AS created_at, assignee_id, topic, status
       FROM contacts ORDER BY external_id`,
    ),
    events: await db.all(
      `SELECT contact_external_id, kind, CAST(occurred_at AS VARCHAR) AS occurred_at, agent_id, queue
       FROM contact_events ORDER BY contact_external_id, occurred_at, kind`,
    ),
    agentStatus: await db.all(
      `SELECT agent_id, status, CAST(occurred_at AS VARCHAR) AS occurred_at, reason
       FROM agent_status_events ORDER BY occurred_at, agent_id, status`,
    ),
  };
}

/** The same lines imported at once, as `servicemeter import --format asterisk-queue-log` would. */
async function importedAtOnce(lines: readonly string[]) {
  return withDuckDb([], async (db, dir) => {
    const path = join(dir, 'queue_log');
    await writeFile(path, text(lines));
    const result = await importSource(db, asteriskQueueLog, [path]);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return imported(db);
  });
}

async function withDatabaseFile<T>(work: (dir: string, open: () => Promise<DuckDbEngine>) => Promise<T>) {
  return withTempDir(async (dir) =>
    work(dir, async () => {
      const db = await openDuckDb({ path: join(dir, 'servicemeter.duckdb') });
      await migrate(db);
      return db;
    }),
  );
}

describe('following a queue_log', () => {
  test('lines appended in pieces, a call spread over several looks and a half-written line, end as one import of the whole log', async () => {
    const whole = await importedAtOnce(LOG_LINES);
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'queue_log');
      await writeFile(path, '');
      const follower = followQueueLog(db, path);
      expect(await follower.poll()).toBeNull();

      // The call 1772442000.1 enters in the first piece and ends in the third.
      await appendFile(path, text(LOG_LINES.slice(0, 5)));
      expect(await follower.poll()).toMatchObject({ lines: 5, calls: 1 });
      expect(await db.all(`SELECT status FROM contacts WHERE external_id = '1772442000.1'`)).toEqual([
        { status: 'open' },
      ]);

      // A line still being written is left for the next look.
      const line = LOG_LINES[5] ?? '';
      await appendFile(path, line.slice(0, 20));
      expect(await follower.poll()).toBeNull();
      await appendFile(path, `${line.slice(20)}\n${text(LOG_LINES.slice(6, 12))}`);
      expect(await follower.poll()).toMatchObject({ lines: 7 });
      expect(await db.all(`SELECT status FROM contacts WHERE external_id = '1772442000.1'`)).toEqual([
        { status: 'closed' },
      ]);

      await appendFile(path, text(LOG_LINES.slice(12)));
      expect(await follower.poll()).toMatchObject({ lines: LOG_LINES.length - 12 });
      expect(await follower.poll()).toBeNull();
      expect(await imported(db)).toEqual(whole);
    });
  });

  test('rotation by rename: the rest of the old file is read before the new one, found by its inode', async () => {
    const whole = await importedAtOnce(LOG_LINES);
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'queue_log');
      const follower = followQueueLog(db, path);
      await writeFile(path, text(LOG_LINES.slice(0, 8)));
      await follower.poll();
      // Written after the last look, then rotated away before the next.
      await appendFile(path, text(LOG_LINES.slice(8, 14)));
      await rename(path, `${path}.1`);
      // Until a new file appears, the old one is read on where it is.
      expect(await follower.poll()).toMatchObject({ lines: 6 });
      await appendFile(`${path}.1`, text(LOG_LINES.slice(14, 16)));
      await writeFile(path, text(LOG_LINES.slice(16)));
      expect(await follower.poll()).toMatchObject({ lines: LOG_LINES.length - 14 });
      expect(await follower.poll()).toBeNull();
      expect(await imported(db)).toEqual(whole);
    });
  });

  test('rotation by copy and truncate: the rest is read from the copy, the truncated file from its start', async () => {
    const whole = await importedAtOnce(LOG_LINES);
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'queue_log');
      const follower = followQueueLog(db, path);
      await writeFile(path, text(LOG_LINES.slice(0, 10)));
      await follower.poll();
      await appendFile(path, text(LOG_LINES.slice(10, 13)));
      await copyFile(path, `${path}-20260302`);
      await truncate(path, 0);
      // More written since than had been read before: only the first line tells the files apart.
      await appendFile(path, text(LOG_LINES.slice(13)));
      expect(await follower.poll()).toMatchObject({ lines: LOG_LINES.length - 10 });
      expect(await follower.poll()).toBeNull();
      expect(await imported(db)).toEqual(whole);
    });
  });

  test('a restart goes on where the last look stopped, keeping the lines of the calls that were going on', async () => {
    const all = [...LOG_LINES, ...TRANSFERRED_CALL];
    const whole = await importedAtOnce(all);
    await withDatabaseFile(async (dir, openDatabase) => {
      const path = join(dir, 'queue_log');
      await writeFile(path, text(all.slice(0, LOG_LINES.length + 3)));
      const first = await openDatabase();
      await followQueueLog(first, path).poll();
      await first.close();

      await appendFile(path, text(all.slice(LOG_LINES.length + 3)));
      const again = await openDatabase();
      try {
        expect(await followQueueLog(again, path).poll()).toMatchObject({ lines: 3, calls: 1 });
        expect(await imported(again)).toEqual(whole);
        expect(whole.contacts).toContainEqual(
          expect.objectContaining({ external_id: '1772445000.20', topic: 'support', assignee_id: 'SIP/ben' }),
        );
      } finally {
        await again.close();
      }
    });
  });

  test('a line the format refuses is reported with its file and line and left out; the others are imported', async () => {
    const good = LOG_LINES.slice(0, 6);
    const whole = await importedAtOnce(good);
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'queue_log');
      const notices: QueueLogNotice[] = [];
      const follower = followQueueLog(db, path, { onNotice: (n) => notices.push(n) });
      await writeFile(
        path,
        text([...good.slice(0, 3), 'yesterday|1.1|support|NONE|ENTERQUEUE||1|1', ...good.slice(3)]),
      );
      expect(await follower.poll()).toMatchObject({ lines: 7 });
      expect(notices).toEqual([
        {
          kind: 'skipped_line',
          path,
          problem: {
            file: path,
            line: 4,
            column: 'time',
            reason: "'yesterday' is not a Unix time in seconds",
          },
        },
      ]);
      expect(await imported(db)).toEqual(whole);
    });
  });

  test('a file truncated with no copy beside it is read from its start, and the gap is reported', async () => {
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'queue_log');
      const notices: QueueLogNotice[] = [];
      const follower = followQueueLog(db, path, { onNotice: (n) => notices.push(n) });
      await writeFile(path, text(LOG_LINES.slice(0, 5)));
      await follower.poll();
      await writeFile(path, text(LOG_LINES.slice(5, 7)));
      expect(await follower.poll()).toMatchObject({ lines: 2 });
      expect(notices).toEqual([
        expect.objectContaining({ kind: 'rotation_gap', message: expect.stringContaining('was truncated') }),
      ]);
    });
  });
});
