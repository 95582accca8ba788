import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { quoteLiteral } from '../src/core/dialect.js';
import { targetColumns } from '../src/engines/duckdb/bulk.js';
import type { DuckDbEngine } from '../src/engines/duckdb/engine.js';
import { csvMapped } from '../src/ingest/sources/csv-mapped.js';
import type { SourceFormat, SourceWarning } from '../src/ingest/sources/format.js';
import { ConversionLog } from '../src/ingest/sources/format.js';
import { listQualityNotices } from '../src/services/data-quality.js';
import { importSource } from '../src/services/import-source.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { type Notice, noticeText } from '../src/services/notices.js';
import { withDuckDb, withTempDir } from './support/engines.js';

/**
 * Lines `id,channel,created,wait` become phone contacts; a wait over 12 hours is reported as a
 * plausibility problem on the contact's creation day, as the mapped imports report theirs.
 */
interface Call {
  id: string;
  channel: string;
  created: string;
  wait: number;
}

async function readCalls(paths: readonly string[]): Promise<{ file: string; line: number; call: Call }[]> {
  const calls = [];
  for (const path of paths) {
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    for (const [index, text] of lines.entries()) {
      const [id = '', channel = '', created = '', wait = '0'] = text.split(',');
      calls.push({
        file: basename(path),
        line: index + 1,
        call: { id, channel, created, wait: Number(wait) },
      });
    }
  }
  return calls;
}

const LONG_WAIT = 'queue wait over 12 hours: imported as is';

function warnLong(
  warn: (
    file: string,
    message: string,
    example: string,
    quality?: { code: 'long_queue_wait'; day: string },
  ) => void,
  { file, line, call }: { file: string; line: number; call: Call },
) {
  if (call.wait > 12 * 3600)
    warn(file, LONG_WAIT, `line ${line} (call ${call.id})`, {
      code: 'long_queue_wait',
      day: call.created.slice(0, 10),
    });
}

/** Converts row by row. */
const rowFormat: SourceFormat = {
  name: 'calls',
  summary: 'test calls',
  mapping: 'none',
  detect: () => null,
  async convert(paths, context) {
    for (const entry of await readCalls(paths)) {
      const { call } = entry;
      context.out.write('contacts', {
        source: context.source,
        external_id: call.id,
        channel: call.channel,
        created_at: call.created,
      });
      warnLong(context.warn, entry);
    }
  },
};

/** The same, staged by SQL, with the warnings the staging collected. */
const stagedFormat: SourceFormat = {
  ...rowFormat,
  name: 'staged-calls',
  async stage(_engine, paths, context) {
    const log = new ConversionLog();
    const calls = await readCalls(paths);
    for (const entry of calls) warnLong((...args) => log.warn(...args), entry);
    const values = new Map<string, (c: Call) => string>([
      ['source', () => quoteLiteral(context.source)],
      ['external_id', (c) => quoteLiteral(c.id)],
      ['channel', (c) => quoteLiteral(c.channel)],
      ['created_at', (c) => `CAST(${quoteLiteral(c.created.replace('Z', ''))} AS TIMESTAMP)`],
      ['contact_key', (c) => quoteLiteral(`${context.source}|${c.id}`)],
    ]);
    const select = calls
      .map(
        ({ call }) =>
          `SELECT ${targetColumns('contacts')
            .map((name) => `${values.get(name)?.(call) ?? 'NULL'} AS ${name}`)
            .join(', ')}`,
      )
      .join(' UNION ALL ');
    const warnings: SourceWarning[] = log.warningList();
    return {
      staged: [{ table: 'contacts', order: 'external_id', select }],
      rowsRead: calls.length,
      warnings,
      release: async () => undefined,
    };
  },
};

const CALLS = [
  'c1,phone,2026-03-02T09:00:00Z,30',
  'c2,phone,2026-03-02T10:00:00Z,64800',
  'c3,phone,2026-03-03T09:00:00Z,50000',
  'c4,phone,2026-03-03T10:00:00Z,50000',
  'c5,phone,2026-03-09T10:00:00Z,20',
].join('\n');

async function storedNotices(db: DuckDbEngine) {
  return (await listQualityNotices(db)).map(({ importedAt: _at, ...rest }) => rest);
}

describe.each([rowFormat, stagedFormat])('data-quality notices of $name', (format) => {
  test('are stored per file, problem and day, once however often the files are imported, and go when the problem does', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'calls.csv');
      await writeFile(path, CALLS);
      await withDuckDb([], async (db) => {
        for (let round = 0; round < 2; round++) {
          const result = await importSource(db, format, [path], { source: 'pbx' });
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.data.conversion.by).toBe(format.stage ? 'sql' : 'rows');
        }
        const expected = (day: string, contacts: number, examples: string[]) => ({
          source: 'pbx',
          file: 'calls.csv',
          code: 'long_queue_wait',
          message: LONG_WAIT,
          day,
          contacts,
          examples,
        });
        const all = ['line 2 (call c2)', 'line 3 (call c3)', 'line 4 (call c4)'];
        expect(await storedNotices(db)).toEqual([
          expected('2026-03-02', 1, all),
          expected('2026-03-03', 2, all),
        ]);

        // The mapping mended: the same file without the absurd waits leaves no notice behind.
        await writeFile(path, CALLS.replaceAll(/,(64800|50000)$/gm, ',40'));
        expect((await importSource(db, format, [path], { source: 'pbx' })).ok).toBe(true);
        expect(await storedNotices(db)).toEqual([]);
      });
    });
  });
});

describe('data-quality notices', () => {
  test('are shown with the figures of the days they concern, and only those', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'calls.csv');
      await writeFile(path, CALLS);
      await withDuckDb([], async (db) => {
        expect((await importSource(db, rowFormat, [path], { source: 'pbx' })).ok).toBe(true);
        const week = await runKpiQuery(db, {
          from: '2026-03-02',
          to: '2026-03-09',
          kpis: ['contacts_created'],
        });
        if (!week.ok) throw new Error(JSON.stringify(week.error));
        const notice: Notice = {
          code: 'data_quality',
          problem: 'long_queue_wait',
          contacts: 3,
          from: '2026-03-02',
          to: '2026-03-03',
        };
        expect(week.data.notices).toContainEqual(notice);
        expect(week.data.notes).toContain(
          'data quality: 3 contacts created from 2026-03-02 to 2026-03-03 had an implausibly long queue wait at import, usually a mapping mistake (`servicemeter data-quality` lists them); the figures of these days include them.',
        );
        // One day of it; then a week without.
        const day = await runKpiQuery(db, {
          from: '2026-03-03',
          to: '2026-03-04',
          kpis: ['contacts_created'],
        });
        if (!day.ok) throw new Error(JSON.stringify(day.error));
        expect(day.data.notices).toContainEqual({ ...notice, contacts: 2, from: '2026-03-03' });
        expect(noticeText({ ...notice, contacts: 2, from: '2026-03-03' })).toContain('on 2026-03-03');
        const later = await runKpiQuery(db, {
          from: '2026-03-09',
          to: '2026-03-16',
          kpis: ['contacts_created'],
        });
        if (!later.ok) throw new Error(JSON.stringify(later.error));
        expect(later.data.notices.filter((n) => n.code === 'data_quality')).toEqual([]);
      });
    });
  });

  test('another month’s file of the same name keeps its own notices', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'march'));
      await mkdir(join(dir, 'april'));
      await writeFile(join(dir, 'march', 'calls.csv'), CALLS);
      await writeFile(join(dir, 'april', 'calls.csv'), 'a1,phone,2026-04-07T09:00:00Z,86400\n');
      await withDuckDb([], async (db) => {
        for (const month of ['march', 'april', 'march'])
          expect(
            (await importSource(db, rowFormat, [join(dir, month, 'calls.csv')], { source: 'pbx' })).ok,
          ).toBe(true);
        expect((await storedNotices(db)).map((n) => [n.day, n.contacts])).toEqual([
          ['2026-03-02', 1],
          ['2026-03-03', 2],
          ['2026-04-07', 1],
        ]);
      });
    });
  });

  test('an import that fails stores no notice: rows and notices are written together', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'calls.csv');
      // The last call has a channel the canonical checks refuse: nothing of this import is kept.
      await writeFile(path, `${CALLS}\nc6,fax,2026-03-09T11:00:00Z,20`);
      await withDuckDb([], async (db) => {
        const result = await importSource(db, rowFormat, [path], { source: 'pbx' });
        expect(result.ok).toBe(false);
        expect(await storedNotices(db)).toEqual([]);
        expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);
      });
    });
  });
});

/** A call log mapped with `csv`: the wait of c2 (18 hours) is almost certainly a mapping mistake. */
const CALL_LOG = `call,queued,answered
c1,2026-03-02T09:00:00Z,2026-03-02T09:00:20Z
c2,2026-03-02T10:00:00Z,2026-03-03T04:00:00Z
c3,2026-03-04T11:00:00Z,2026-03-04T11:00:30Z
`;
const CALL_LOG_MAP = JSON.stringify({
  rows: 'contact',
  fields: {
    call: { column: 'call' },
    queued: { column: 'queued', type: 'timestamp' },
    answered: { column: 'answered', type: 'timestamp' },
  },
  contact: { external_id: 'call', channel: { const: 'phone' }, created_at: 'queued' },
  events: [
    { kind: { const: 'queue_enter' }, at: 'queued' },
    { kind: { const: 'answer' }, at: 'answered' },
  ],
});

describe.each([
  { way: 'sql', format: csvMapped },
  { way: 'rows', format: { ...csvMapped, stage: undefined } },
])('a mapped call log, converted by $way', ({ way, format }) => {
  test('stores its implausible wait as a notice that the figures of that day carry', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'calls.csv');
      const map = join(dir, 'calls.map.json');
      await writeFile(path, CALL_LOG);
      await writeFile(map, CALL_LOG_MAP);
      await withDuckDb([], async (db) => {
        const result = await importSource(db, format, [path], { mappingPath: map, source: 'pbx' });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        expect(result.data.conversion.by).toBe(way);
        expect((await storedNotices(db)).map((n) => [n.source, n.file, n.code, n.day, n.contacts])).toEqual([
          ['pbx', 'calls.csv', 'long_queue_wait', '2026-03-02', 1],
        ]);
        const kpi = await runKpiQuery(db, { from: '2026-03-02', to: '2026-03-09', kpis: ['asa'] });
        if (!kpi.ok) throw new Error(JSON.stringify(kpi.error));
        expect(kpi.data.notices).toContainEqual({
          code: 'data_quality',
          problem: 'long_queue_wait',
          contacts: 1,
          from: '2026-03-02',
          to: '2026-03-02',
        });
      });
    });
  });
});
