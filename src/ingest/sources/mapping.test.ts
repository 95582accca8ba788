import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withTempDir } from '../../../test/support/engines.js';
import type { RowProblem } from '../canonical.js';
import { ConversionLog, type ConvertContext } from './format.js';
import { compileFormat, convertMapped, loadMapping, parseMapping } from './mapping.js';
import { CanonicalWriter } from './writer.js';

const problemOf = (mapping: unknown) => {
  const parsed = parseMapping(JSON.stringify(mapping), 'UTC');
  return parsed.ok ? null : parsed.problem;
};

const CALL = {
  rows: 'contact',
  fields: {
    id: { column: 'id' },
    start: { column: 'start', type: 'timestamp' },
  },
  contact: { external_id: 'id', channel: { const: 'phone' }, created_at: 'start' },
  events: [],
};

describe('mapping validation', () => {
  test('names the JSON path and the reason', () => {
    expect(problemOf({ ...CALL, rows: 'calls' })).toEqual({
      path: 'rows',
      reason: expect.stringContaining('contact'),
    });
    expect(
      problemOf({
        ...CALL,
        fields: { ...CALL.fields, start: { column: 'start', type: 'timestamp', format: 'dd/MM/yyyy Q' } },
      }),
    ).toEqual({
      path: 'fields.start.format',
      reason: "unknown token 'Q'",
    });
    expect(problemOf({ ...CALL, contact: { ...CALL.contact, created_at: 'begin' } })).toEqual({
      path: 'contact.created_at',
      reason: "no field 'begin' in fields",
    });
    expect(problemOf({ ...CALL, contact: { ...CALL.contact, channel: { const: 'telephone' } } })).toEqual({
      path: 'contact.channel.const',
      reason: "'telephone' is not one of email, chat, phone, social, web_form, in_person",
    });
    expect(
      problemOf({
        ...CALL,
        fields: { ...CALL.fields, kind: { column: 'k', map: { A: 'answered' } } },
        events: [{ kind: 'kind', at: 'start' }],
      }),
    ).toEqual({
      path: 'fields.kind.map',
      reason: expect.stringContaining("'answered' is not one of customer_message"),
    });
    expect(
      problemOf({ ...CALL, fields: { ...CALL.fields, wait: { column: 'w', type: 'duration' } } }),
    ).toEqual({
      path: 'fields.wait',
      reason: 'a duration needs a unit: seconds, minutes, hours or h:mm:ss',
    });
    expect(problemOf({ ...CALL, timezone: 'Mars/Olympus' })).toEqual({
      path: 'timezone',
      reason: "unknown time zone 'Mars/Olympus'",
    });
    expect(problemOf({ ...CALL, header: false })).toEqual({
      path: 'fields.id.column',
      reason: 'a column name needs header: true; use a 1-based position',
    });
    expect(
      problemOf({ ...CALL, fields: { ...CALL.fields, extra: { column: 'x', typo: true } } }),
    ).toMatchObject({
      path: 'fields.extra',
    });
  });

  test('luxon-style formats', () => {
    expect(compileFormat("yyyy-MM-dd'T'HH:mm")).not.toHaveProperty('error');
    expect(compileFormat('yyMMdd')).not.toHaveProperty('error');
    expect(compileFormat('dd MMM yyyy')).toEqual({ error: "unknown token 'MMM'" });
  });
});

interface Captured {
  problems: RowProblem[];
  warnings: ReturnType<ConversionLog['warningList']>;
  tables: Record<string, string[]>;
}

async function convert(
  dir: string,
  mapping: unknown,
  files: Record<string, string | Buffer>,
): Promise<Captured> {
  const mapPath = join(dir, 'mapping.json');
  await writeFile(mapPath, JSON.stringify(mapping));
  const paths: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    paths.push(join(dir, name));
    await writeFile(join(dir, name), content);
  }
  const log = new ConversionLog();
  const out = new CanonicalWriter(dir);
  const context: ConvertContext = {
    out,
    source: 'test',
    mappingPath: mapPath,
    timezone: 'Europe/Amsterdam',
    reject: (problem) => log.reject(problem),
    warn: (file, message, example, quality) => log.warn(file, message, example, quality),
    progress: () => {},
  };
  const compiled = await loadMapping(context, ['contact', 'event', 'update', 'survey'], 'csv');
  if (compiled) await convertMapped(paths, context, compiled);
  await out.close();
  const tables: Record<string, string[]> = {};
  for (const table of ['contacts', 'contact_events']) {
    const text = await readFile(join(dir, `${table}.csv`), 'utf8').catch(() => '');
    tables[table] = text.trimEnd().split('\n').slice(1);
  }
  return { problems: log.problems, warnings: log.warningList(), tables };
}

describe('mapped rows', () => {
  test('headerless ;-separated Windows-1252 file, per-field and global placeholders', async () => {
    await withTempDir(async (dir) => {
      const mapping = {
        rows: 'contact',
        delimiter: ';',
        header: false,
        encoding: 'windows-1252',
        none: ['', 'NULL'],
        fields: {
          id: { column: 1 },
          start: { column: 2, type: 'timestamp', format: 'dd/MM/yyyy HH:mm' },
          subject: { column: 3 },
          agent: { column: 4, none: ['-'] },
        },
        contact: {
          external_id: 'id',
          channel: { const: 'email' },
          created_at: 'start',
          subject: 'subject',
          assignee_id: 'agent',
        },
        events: [],
      };
      const text = 'c1;30/03/2026 10:15;Caf\xe9 \x80;NULL\nc2;30/03/2026 10:15;x;-\n';
      const { problems, tables } = await convert(dir, mapping, { 'export.csv': Buffer.from(text, 'latin1') });
      expect(problems).toEqual([]);
      // Amsterdam is UTC+2 after the change to summer time on 29 March 2026.
      expect(tables.contacts).toEqual([
        'test,c1,email,2026-03-30T08:15:00Z,,,,,,,,Café €',
        'test,c2,email,2026-03-30T08:15:00Z,,,,,,,,x',
      ]);
    });
  });

  test('date and time in separate columns, h:mm:ss durations, a time computed as start + wait', async () => {
    await withTempDir(async (dir) => {
      const mapping = {
        rows: 'contact',
        timezone: 'UTC',
        fields: {
          id: { column: 'id' },
          day: { column: 'day', type: 'date', format: 'yyMMdd' },
          start: { column: 'start', type: 'time', date: 'day' },
          wait: { column: 'wait', type: 'duration', unit: 'h:mm:ss' },
          answered: { from: 'start', plus: 'wait' },
          talk: { column: 'talk', type: 'duration', unit: 'minutes' },
          ended: { from: 'answered', plus: 'talk' },
        },
        contact: { external_id: 'id', channel: { const: 'phone' }, created_at: 'start' },
        events: [
          { kind: { const: 'queue_enter' }, at: 'start' },
          { kind: { const: 'answer' }, at: 'answered' },
          { kind: { const: 'end' }, at: 'ended' },
        ],
      };
      const csv = 'id,day,start,wait,talk\nk1,260302,23:59:30,0:01:10,2.5\nk2,260302,10:00:00,-0:00:05,1\n';
      const { problems, tables, warnings } = await convert(dir, mapping, { 'calls.csv': csv });
      expect(problems).toEqual([]);
      expect(tables.contact_events).toEqual([
        'test,k1,,queue_enter,2026-03-02T23:59:30Z,,,,,,,',
        'test,k1,,answer,2026-03-03T00:00:40Z,,,,,,,',
        'test,k1,,end,2026-03-03T00:03:10Z,,,,,,,',
      ]);
      // A negative wait is suspicious: skipped (the default) and counted.
      expect(warnings).toEqual([
        {
          file: 'calls.csv',
          message: 'wait: negative duration: row skipped',
          count: 1,
          examples: ['line 3'],
        },
      ]);
      const kept = await convert(dir, { ...mapping, suspicious: 'import' }, { 'calls.csv': csv });
      expect(kept.tables.contacts).toHaveLength(2);
      expect(kept.warnings[0]?.message).toBe('wait: negative duration: row imported as is');
    });
  });

  test('an offset in the value wins over the time zone; without one, --timezone applies', async () => {
    await withTempDir(async (dir) => {
      const csv = 'id,start\na,2026-01-15T10:00:00+05:30\nb,2026-01-15 10:00:00\nc,2026-01-15T10:00:00Z\n';
      const { problems, tables } = await convert(dir, CALL, { 'x.csv': csv });
      expect(problems).toEqual([]);
      // The context's time zone is Europe/Amsterdam, UTC+1 in January.
      expect(tables.contacts?.map((row) => row.split(',')[3])).toEqual([
        '2026-01-15T04:30:00Z',
        '2026-01-15T09:00:00Z',
        '2026-01-15T10:00:00Z',
      ]);
    });
  });

  test('a column missing from the header or named twice is named before any row is read', async () => {
    await withTempDir(async (dir) => {
      const missing = await convert(dir, CALL, { 'a.csv': 'id,begin\nx,2026-03-02T10:00:00Z\n' });
      expect(missing.problems).toEqual([
        {
          file: join(dir, 'a.csv'),
          line: 1,
          column: 'fields.start.column',
          reason: "no column 'start' in the header",
        },
      ]);
      const twice = await convert(dir, CALL, { 'b.csv': 'id,start,start\nx,2026-03-02T10:00:00Z,y\n' });
      expect(twice.problems[0]?.reason).toBe(
        "column 'start' appears more than once in the header; use its position",
      );
      expect(twice.tables.contacts).toEqual([]);
    });
  });
});
