import { readFile, writeFile } from 'node:fs/promises';
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
import { readCsvRecords } from '../records.js';
import { freshdesk, localTimeToMs } from './freshdesk.js';

const FIXTURE = fixturePath('sources/freshdesk/tickets.csv');
const AMSTERDAM = { timezone: 'Europe/Amsterdam' };
const KPIS = [
  'contacts_created',
  'frt',
  'contacts_resolved',
  'resolution_time',
  'reopen_rate',
  'fcr_rate',
  'csat',
] as const;

const overview = (db: Engine) => kpiOverview(db, KPIS, { from: '2024-03-01', to: '2024-04-30' });
const snapshot = overviewAndCounts(overview, ['contacts', 'contact_events', 'survey_responses']);

async function facts(db: Engine) {
  return db.all(
    'SELECT c.external_id AS id, f.frt_s, f.first_resolution_s FROM contact_facts f JOIN contacts c ON c.contact_key = f.contact_key ORDER BY c.external_id',
  );
}

describe('freshdesk', () => {
  test('the ticket export becomes the indicators worked out by hand (account in Europe/Amsterdam)', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, freshdesk, [FIXTURE], AMSTERDAM);
      expect(await overview(db)).toEqual({
        contacts_created: { value: 5, n: 5 },
        // Created → "Initial response time": 45 min, 90 min, 10 min and 3 h across the change to summer
        // time (23:30 CET → 03:30 CEST); the outbound 1005 has no customer message. Median (2700 + 5400) / 2.
        frt: { value: 4050, n: 4 },
        // 1001 3 h, 1002 5 h (before it was reopened), 1004 4 h (across the DST change), 1005 7 h.
        contacts_resolved: { value: 4, n: 4 },
        resolution_time: { value: 16200, n: 4 },
        // 1002 is Open with a Resolved time: reopened.
        reopen_rate: { value: 1 / 4, n: 4 },
        // One reply each; 1002 was reopened.
        fcr_rate: { value: 3 / 4, n: 4 },
        // Extremely Happy (7 of 1–7) is satisfied; Unhappy (3) and Neutral (4) are not.
        csat: { value: 1 / 3, n: 3 },
      });
      expect(
        await db.all(
          'SELECT external_id, channel, status, priority, tags, created_at FROM contacts ORDER BY external_id',
        ),
      ).toEqual([
        {
          external_id: '1001',
          channel: 'email',
          status: 'closed',
          priority: 'normal',
          tags: 'delivery|late',
          created_at: '2024-03-04 08:00:00',
        },
        {
          external_id: '1002',
          channel: 'web_form',
          status: 'open',
          priority: 'high',
          tags: 'refund',
          created_at: '2024-03-04 09:00:00',
        },
        {
          external_id: '1003',
          channel: 'phone',
          status: 'pending',
          priority: 'low',
          tags: null,
          created_at: '2024-03-05 13:00:00',
        },
        {
          external_id: '1004',
          channel: 'chat',
          status: 'solved',
          priority: 'normal',
          tags: null,
          created_at: '2024-03-30 22:30:00',
        },
        {
          external_id: '1005',
          channel: 'email',
          status: 'solved',
          priority: 'low',
          tags: 'invoice',
          created_at: '2024-03-06 08:00:00',
        },
      ]);
      expect(summary.warnings.map((w) => `${w.message} ×${w.count}`)).toEqual([
        'ticket resolved earlier and open now: counted as reopened at its last update time ×1',
      ]);
    });
  });

  test('our first response and resolution match Freshdesk’s own hour columns (24/7 business hours)', async () => {
    const hours = (text: string) => {
      const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
      return h * 3600 + m * 60 + s;
    };
    const freshdeskFigures: Record<string, { frt: number; resolution: number }> = {};
    for await (const batch of readCsvRecords(FIXTURE, ',')) {
      for (const record of batch) {
        const fields = record.fields ?? [];
        if (record.line === 1) continue;
        freshdeskFigures[fields[0] ?? ''] = {
          frt: hours(fields[15] ?? ''),
          resolution: hours(fields[16] ?? ''),
        };
      }
    }
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, freshdesk, [FIXTURE], AMSTERDAM);
      const ours = await facts(db);
      expect(ours).toHaveLength(5);
      for (const row of ours) {
        const theirs = freshdeskFigures[String(row.id)];
        // Freshdesk writes 00:00:00 where there is no response or resolution yet.
        expect(row.frt_s ?? 0).toBe(theirs?.frt);
        expect(row.first_resolution_s ?? 0).toBe(theirs?.resolution);
      }
    });
  });

  test('Freshdesk’s own resolution SLA verdict is kept as the source’s flag, beside our figures', async () => {
    await withTempDir(async (dir) => {
      const lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
      const violated = lines.map((line) =>
        line.startsWith('1002,')
          ? line.replace(',Within SLA,Within SLA,', ',SLA Violated,Within SLA,')
          : line,
      );
      const path = join(dir, 'tickets.csv');
      await writeFile(path, `${violated.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, freshdesk, [path], AMSTERDAM);
        expect(await db.all('SELECT external_id, source_sla_met FROM contacts ORDER BY external_id')).toEqual(
          [
            { external_id: '1001', source_sla_met: true },
            { external_id: '1002', source_sla_met: false },
            { external_id: '1003', source_sla_met: null },
            { external_id: '1004', source_sla_met: true },
            { external_id: '1005', source_sla_met: true },
          ],
        );
        const sla = await kpiOverview(db, ['source_sla_met_rate'], { from: '2024-03-01', to: '2024-04-30' });
        expect(sla).toMatchObject({ source_sla_met_rate: { value: 0.75, n: 4 } });
      });
      await writeFile(path, `${violated.join('\n').replace(',SLA Violated,', ',Paused,')}\n`);
      await withDuckDb([], async (db) => {
        const summary = await importSourceOrThrow(db, freshdesk, [path], AMSTERDAM);
        expect(summary.warnings.map((w) => w.message)).toContain(
          "Resolution status 'Paused' is neither Within SLA nor SLA Violated: left empty",
        );
        expect(await db.all("SELECT source_sla_met FROM contacts WHERE external_id = '1002'")).toEqual([
          { source_sla_met: null },
        ]);
      });
    });
  });

  test('times are read in --timezone; without it in UTC, the DST ticket is an hour longer', async () => {
    expect(localTimeToMs('2024-03-31 03:30:00', 'Europe/Amsterdam')).toBe(Date.parse('2024-03-31T01:30:00Z'));
    // 02:30 does not exist that night: the clock change. 02:30 on 27 October occurs twice: the earlier one.
    expect(localTimeToMs('2024-03-31 02:30:00', 'Europe/Amsterdam')).toBe(Date.parse('2024-03-31T01:00:00Z'));
    expect(localTimeToMs('2024-10-27 02:30:00', 'Europe/Amsterdam')).toBe(Date.parse('2024-10-27T00:30:00Z'));
    expect(localTimeToMs('2024-03-31T03:30:00Z', 'UTC')).toBeNull();
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, freshdesk, [FIXTURE]);
      expect((await facts(db)).find((f) => f.id === '1004')).toEqual({
        id: '1004',
        frt_s: 4 * 3600,
        first_resolution_s: 5 * 3600,
      });
    });
  });

  test('importing again, or two overlapping exports, gives the same database', async () => {
    await withTempDir(async (dir) => {
      const lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
      const header = lines[0] ?? '';
      await writeFile(join(dir, 'march-1.csv'), `${lines.slice(0, 4).join('\n')}\n`);
      await writeFile(join(dir, 'march-2.csv'), `${[header, ...lines.slice(2)].join('\n')}\n`);
      await withDuckDb([], async (whole) => {
        const expected = await expectReimportUnchanged(whole, freshdesk, [FIXTURE], snapshot, AMSTERDAM);
        await withDuckDb([], async (pieces) => {
          const overlapping = [join(dir, 'march-2.csv'), join(dir, 'march-1.csv')];
          await importSourceOrThrow(pieces, freshdesk, overlapping, AMSTERDAM);
          expect(await snapshot(pieces)).toEqual(expected);
        });
      });
    });
  });

  test('a row with a broken time or an unknown status is named by file, line and field; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'tickets.csv');
      const lines = (await readFile(FIXTURE, 'utf8')).trimEnd().split('\n');
      lines[2] = lines[2]?.replace('2024-03-04 10:00:00', '04/03/2024 10:00') ?? '';
      lines[3] = lines[3]?.replace(',Pending,', ',Escalated,') ?? '';
      await writeFile(path, `${lines.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const rejectsPath = join(dir, 'rejects.csv');
        const badRows = await refuseThenSkipBadRows(db, freshdesk, [path], rejectsPath, AMSTERDAM);
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 3,
              column: 'Created time',
              reason: "'04/03/2024 10:00' is not a time YYYY-MM-DD HH:MM:SS (in Europe/Amsterdam)",
            },
            {
              file: path,
              line: 4,
              column: 'Status',
              reason:
                "status 'Escalated' is not one of Open, Pending, Resolved, Closed, Waiting on Customer, Waiting on Third Party",
            },
          ],
        });
        expect(badRows.skipped.rejected).toBe(2);
        expect(await db.all('SELECT external_id FROM contacts ORDER BY external_id')).toEqual([
          { external_id: '1001' },
          { external_id: '1004' },
          { external_id: '1005' },
        ]);
        expect(badRows.rejects[1]).toContain(`${path},3,Created time,`);
      });
    });
  });

  test('detect recognises the ticket export and nothing else', async () => {
    expect(freshdesk.detect(await detectInput(FIXTURE, 'tickets.csv'))).toContain('Freshdesk ticket export');
    for (const other of [
      'small-helpdesk/contacts.csv',
      'sources/asterisk/queue_log',
      'sources/zendesk/tickets.json',
    ])
      expect(freshdesk.detect(await detectInput(fixturePath(other), other))).toBeNull();
  });
});
