import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withTempDir } from '../../../test/support/engines.js';
import { callLogMapping } from '../../../test/support/mappings.js';
import type { RowProblem } from '../canonical.js';
import { type ContactRowCounts, ConversionLog, type ConvertContext } from './format.js';
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
  counts: ContactRowCounts | null;
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
  let counts: ContactRowCounts | null = null;
  const context: ConvertContext = {
    out,
    source: 'test',
    mappingPath: mapPath,
    timezone: 'Europe/Amsterdam',
    reject: (problem) => log.reject(problem),
    warn: (file, message, example, quality) => log.warn(file, message, example, quality),
    progress: () => {},
    contactRows: (c) => {
      counts = c;
    },
  };
  const compiled = await loadMapping(context, ['contact', 'event', 'update', 'survey'], 'csv');
  if (compiled) await convertMapped(paths, context, compiled);
  await out.close();
  const tables: Record<string, string[]> = {};
  for (const table of ['contacts', 'contact_events']) {
    const text = await readFile(join(dir, `${table}.csv`), 'utf8').catch(() => '');
    tables[table] = text.trimEnd().split('\n').slice(1);
  }
  return { problems: log.problems, warnings: log.warningList(), tables, counts };
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
        // The last columns (source_sla_met, customer_email, customer_language) are not mapped.
        'test,c1,email,2026-03-30T08:15:00Z,,,,,,,,Café €,,,',
        'test,c2,email,2026-03-30T08:15:00Z,,,,,,,,x,,,',
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
        'test,k1,,queue_enter,2026-03-02T23:59:30Z,,,,,,,,',
        'test,k1,,answer,2026-03-03T00:00:40Z,,,,,,,,',
        'test,k1,,end,2026-03-03T00:03:10Z,,,,,,,,',
      ]);
      // A negative wait is suspicious: skipped (the default) and counted.
      expect(warnings).toEqual([
        {
          file: 'calls.csv',
          message: 'wait: negative duration: row skipped',
          count: 1,
          examples: ['line 3'],
          quality: { code: 'negative_interval', days: { '2026-03-02': 1 } },
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

/** The canonical rows a conversion wrote, as objects by column name (test values hold no commas). */
async function written(dir: string, table: 'contacts' | 'contact_events'): Promise<Record<string, string>[]> {
  const text = await readFile(join(dir, `${table}.csv`), 'utf8').catch(() => '');
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

describe('the mapping language: keys, coalesce, conditions, placeholders', () => {
  const CALLS = callLogMapping({ timezone: 'UTC', separator: '/' });
  const HEADER = 'date,line,call_id,q_start,q_exit,ser_start,outcome,server';

  test('a composite key, the first time that has a value, conditions on two fields, per-field placeholders', async () => {
    await withTempDir(async (dir) => {
      const csv = [
        HEADER,
        // The same call id on another line and another day: three contacts.
        '2026-03-02,1,7,10:00:00,10:00:20,10:00:25,AGENT,ann',
        '2026-03-02,2,7,10:01:00,10:01:30,0:00:00,AGENT,bob',
        '2026-03-03,1,7,23:59:50,0:00:05,NULL,AGENT,NO_SERVER',
        // 0:00:00 is nothing in ser_start only: in q_exit it is midnight, after 23:59:55 the next day.
        '2026-03-03,2,7,23:59:55,0:00:00,0:00:00,AGENT,bob',
        // An outcome that means "nothing": no answer, no abandon.
        '2026-03-03,1,8,11:00:00,11:00:09,,NONE,',
        '2026-03-03,1,9,12:00:00,12:00:30,,HANG,',
      ].join('\n');
      const { problems } = await convert(dir, CALLS, { 'calls.csv': csv });
      expect(problems).toEqual([]);
      expect((await written(dir, 'contacts')).map((c) => [c.external_id, c.assignee_id])).toEqual([
        ['2026-03-02/1/7', 'ann'],
        ['2026-03-02/2/7', 'bob'],
        ['2026-03-03/1/7', ''],
        ['2026-03-03/2/7', 'bob'],
        ['2026-03-03/1/8', ''],
        ['2026-03-03/1/9', ''],
      ]);
      const events = (await written(dir, 'contact_events')).map((e) => [
        e.contact_external_id,
        e.kind,
        e.occurred_at,
      ]);
      expect(events).toEqual([
        ['2026-03-02/1/7', 'queue_enter', '2026-03-02T10:00:00Z'],
        ['2026-03-02/1/7', 'answer', '2026-03-02T10:00:25Z'],
        ['2026-03-02/2/7', 'queue_enter', '2026-03-02T10:01:00Z'],
        // No service start (0:00:00 is a placeholder of that column only): the queue exit instead.
        ['2026-03-02/2/7', 'answer', '2026-03-02T10:01:30Z'],
        // Answered by nobody: the second condition of the answer does not hold.
        ['2026-03-03/1/7', 'queue_enter', '2026-03-03T23:59:50Z'],
        ['2026-03-03/2/7', 'queue_enter', '2026-03-03T23:59:55Z'],
        ['2026-03-03/2/7', 'answer', '2026-03-04T00:00:00Z'],
        ['2026-03-03/1/8', 'queue_enter', '2026-03-03T11:00:00Z'],
        ['2026-03-03/1/9', 'queue_enter', '2026-03-03T12:00:00Z'],
        ['2026-03-03/1/9', 'abandon', '2026-03-03T12:00:30Z'],
      ]);
    });
  });

  test('a value not in the map names map, null and default', async () => {
    await withTempDir(async (dir) => {
      const csv = `${HEADER}\n2026-03-02,1,7,10:00:00,10:00:20,10:00:20,TRANSFER,ann\n`;
      const { problems } = await convert(dir, CALLS, { 'calls.csv': csv });
      expect(problems).toEqual([
        {
          file: join(dir, 'calls.csv'),
          line: 2,
          column: 'outcome',
          reason:
            "'TRANSFER' is not in the map of field outcome: add it to map (null for no value, e.g. no status) or give default",
        },
      ]);
    });
  });

  test('the new keys are checked when the mapping is loaded', () => {
    const withField = (name: string, spec: object) => ({
      ...CALLS,
      fields: { ...CALLS.fields, [name]: spec },
    });
    expect(problemOf(withField('answered', { coalesce: ['ser_start', 'outcome'] }))).toEqual({
      path: 'fields.answered.coalesce.1',
      reason: "field 'outcome' is text, 'ser_start' is time",
    });
    expect(problemOf(withField('answered', { coalesce: ['ser_start', 'q_exit'], format: 'HH:mm' }))).toEqual({
      path: 'fields.answered.format',
      reason: 'a field made by coalesce takes only coalesce and type',
    });
    expect(problemOf(withField('answered', { coalesce: ['ser_start', 'nothing'] }))).toEqual({
      path: 'fields.answered.coalesce.1',
      reason: "no field 'nothing' in fields",
    });
    expect(problemOf(withField('answered', { coalesce: ['ser_start'] }))).toMatchObject({
      path: 'fields.answered.coalesce',
    });
    expect(problemOf(withField('key', { join: ['date', 'call'] }))).toEqual({
      path: 'fields.key.join.0',
      reason: "field 'date' is date, expected text",
    });
    expect(problemOf(withField('key', { join: ['day', 'call'], type: 'number' }))).toEqual({
      path: 'fields.key.type',
      reason: 'the fields it joins make a text',
    });
    expect(problemOf(withField('call', { column: 'call_id', separator: '-' }))).toEqual({
      path: 'fields.call.separator',
      reason: 'separator applies to join',
    });
    expect(problemOf(withField('call', { column: 'call_id', join: ['day', 'line'] }))).toEqual({
      path: 'fields.call',
      reason: 'give exactly one of column, const, from, coalesce or join',
    });
    expect(problemOf(withField('key', { join: ['day', 'key'] }))).toEqual({
      path: 'fields.key',
      reason: "field 'key' depends on itself",
    });
    const events = [...CALLS.events];
    events[1] = {
      ...events[1],
      when: [
        { field: 'outcome', in: ['answered'] },
        { field: 'agnet', in: ['x'] },
      ],
    } as never;
    expect(problemOf({ ...CALLS, events })).toEqual({
      path: 'events.1.when.1.field',
      reason: "no field 'agnet' in fields",
    });
    expect(problemOf({ ...CALLS, duplicates: 'newest' })).toMatchObject({ path: 'duplicates' });
  });
});

describe('rows of one contact: merged when they agree, refused or dropped when they conflict', () => {
  const MAPPING = {
    rows: 'contact',
    timezone: 'UTC',
    fields: {
      id: { column: 'id' },
      start: { column: 'start', type: 'timestamp' },
      answered: { column: 'answered', type: 'timestamp' },
      agent: { column: 'agent' },
    },
    contact: { external_id: 'id', channel: { const: 'phone' }, created_at: 'start', assignee_id: 'agent' },
    events: [{ kind: { const: 'answer' }, at: 'answered', agent_id: 'agent' }],
  };
  const CSV = [
    'id,start,answered,agent',
    'c1,2026-03-02T10:00:00Z,2026-03-02T10:00:30Z,ann',
    'c2,2026-03-02T11:00:00Z,2026-03-02T11:00:10Z,bob',
    // An exact repeat of c1: merged.
    'c1,2026-03-02T10:00:00Z,2026-03-02T10:00:30Z,ann',
    // c2 again, answered later by someone else: a conflict.
    'c2,2026-03-02T11:00:00Z,2026-03-02T11:05:00Z,cat',
    // c1 again without an answer.
    'c1,2026-03-02T10:00:00Z,,ann',
  ].join('\n');
  const answers = async (dir: string) =>
    (await written(dir, 'contact_events')).map((e) => [e.contact_external_id, e.occurred_at, e.agent_id]);

  test('by default conflicting rows are refused with both lines and the field that differs', async () => {
    await withTempDir(async (dir) => {
      const { problems, counts } = await convert(dir, MAPPING, { 'calls.csv': CSV });
      const file = join(dir, 'calls.csv');
      expect(problems).toEqual([
        {
          file,
          line: 5,
          column: 'contact.assignee_id',
          reason:
            'contact c2 is also on line 3 with another assignee_id (\'bob\' there, \'cat\' here): rows of one contact must agree; give "duplicates": "first" or "last" in the mapping to keep one of them',
        },
        {
          file,
          line: 6,
          column: 'events.0',
          reason:
            'contact c1 is also on line 2 with another events.0 (an event there, no event here): rows of one contact must agree; give "duplicates": "first" or "last" in the mapping to keep one of them',
        },
      ]);
      expect(counts).toEqual({ converted: 5, merged: 1, conflicting: 2, contacts: 2 });
    });
  });

  test('"first" keeps the first row of a contact, "last" the last; the others are counted with their lines', async () => {
    await withTempDir(async (dir) => {
      const first = await convert(dir, { ...MAPPING, duplicates: 'first' }, { 'calls.csv': CSV });
      expect(first.problems).toEqual([]);
      expect(first.counts).toEqual({ converted: 5, merged: 1, conflicting: 2, contacts: 2 });
      expect(await answers(dir)).toEqual([
        ['c1', '2026-03-02T10:00:30Z', 'ann'],
        ['c2', '2026-03-02T11:00:10Z', 'bob'],
      ]);
      expect(first.warnings.map((w) => [w.message, w.count, w.examples])).toEqual([
        [
          'a contact id repeated with another assignee_id: row dropped, the first row of the contact kept',
          1,
          ['line 5 (contact c2, kept line 3)'],
        ],
        [
          'a contact id repeated with another events.0: row dropped, the first row of the contact kept',
          1,
          ['line 6 (contact c1, kept line 2)'],
        ],
      ]);
    });
    await withTempDir(async (dir) => {
      const last = await convert(dir, { ...MAPPING, duplicates: 'last' }, { 'calls.csv': CSV });
      expect(last.problems).toEqual([]);
      // c1's last row has no answer: both earlier rows of c1 differ from it.
      expect(last.counts).toEqual({ converted: 5, merged: 0, conflicting: 3, contacts: 2 });
      expect(await answers(dir)).toEqual([['c2', '2026-03-02T11:05:00Z', 'cat']]);
      expect((await written(dir, 'contacts')).map((c) => [c.external_id, c.assignee_id])).toEqual([
        ['c2', 'cat'],
        ['c1', 'ann'],
      ]);
      expect(last.warnings.map((w) => [w.message, w.count, w.examples])).toEqual([
        [
          'a contact id repeated with another events.0: row dropped, the last row of the contact kept',
          2,
          ['line 2 (contact c1, kept line 6)', 'line 4 (contact c1, kept line 6)'],
        ],
        [
          'a contact id repeated with another assignee_id: row dropped, the last row of the contact kept',
          1,
          ['line 3 (contact c2, kept line 5)'],
        ],
      ]);
    });
  });

  test('rows that agree are one contact, also across files', async () => {
    await withTempDir(async (dir) => {
      const rows = CSV.split('\n');
      const { problems, counts, tables } = await convert(dir, MAPPING, {
        'a.csv': rows.slice(0, 3).join('\n'),
        'b.csv': [rows[0], rows[2], rows[1]].join('\n'),
      });
      expect(problems).toEqual([]);
      expect(counts).toEqual({ converted: 4, merged: 2, conflicting: 0, contacts: 2 });
      expect(tables.contacts).toHaveLength(2);
      expect(tables.contact_events).toHaveLength(2);
    });
  });
});

describe('rows: "update": group changes', () => {
  const MAPPING = {
    rows: 'update',
    timezone: 'UTC',
    none: ['', '?'],
    fields: {
      number: { column: 'number' },
      state: { column: 'state', map: { New: 'new', Active: 'open', Resolved: 'solved', Note: null } },
      updated: { column: 'updated', type: 'timestamp' },
      opened: { column: 'opened', type: 'timestamp' },
      group: { column: 'group' },
      assignee: { column: 'assigned_to' },
    },
    update: {
      contact: 'number',
      at: 'updated',
      status: 'state',
      assignee: 'assignee',
      group: 'group',
      group_change: 'escalation',
    },
    contact: { channel: { const: 'web_form' }, created_at: 'opened' },
  };
  const CSV = [
    'number,state,updated,opened,group,assigned_to',
    'INC1,New,2026-03-02 10:00,2026-03-02 10:00,Service Desk,?',
    // Two changes of group in the same minute, then one without a group and one that says no status.
    'INC1,Active,2026-03-02 10:05,2026-03-02 10:00,Network,?',
    'INC1,Active,2026-03-02 10:05,2026-03-02 10:00,Database,dana',
    'INC1,Active,2026-03-02 11:00,2026-03-02 10:00,?,dana',
    'INC1,Note,2026-03-02 11:30,2026-03-02 10:00,Database,dana',
    'INC1,Resolved,2026-03-02 12:00,2026-03-02 10:00,Database,dana',
  ].join('\n');

  test('every change of group is an assignment with its team; after the first one also a functional escalation', async () => {
    await withTempDir(async (dir) => {
      const { problems } = await convert(dir, MAPPING, { 'incidents.csv': CSV });
      expect(problems).toEqual([]);
      const events = (await written(dir, 'contact_events')).map((e) =>
        [e.kind, e.occurred_at?.slice(11, 16), e.team_id || e.agent_id || e.status, e.escalation_type]
          .join(' ')
          .trim(),
      );
      expect(events).toEqual([
        'assignment 10:00 Service Desk',
        'status_change 10:00 new',
        'escalation 10:05 Network functional',
        'assignment 10:05 Network',
        'status_change 10:05 open',
        'assignment 10:05 dana',
        'escalation 10:05 Database functional',
        'assignment 10:05 Database',
        'status_change 12:00 solved',
      ]);
      expect((await written(dir, 'contacts')).map((c) => [c.status, c.team_id, c.assignee_id])).toEqual([
        ['solved', 'Database', 'dana'],
      ]);
      const plain = await convert(
        dir,
        { ...MAPPING, update: { ...MAPPING.update, group_change: undefined } },
        { 'incidents.csv': CSV },
      );
      expect(plain.problems).toEqual([]);
      expect((await written(dir, 'contact_events')).filter((e) => e.kind === 'escalation')).toEqual([]);
    });
  });

  test('group_change needs a group; duplicates is for rows: "contact"', () => {
    expect(problemOf({ ...MAPPING, update: { ...MAPPING.update, group: undefined } })).toEqual({
      path: 'update.group_change',
      reason: 'needs update.group, the field of the assignment group',
    });
    expect(problemOf({ ...MAPPING, duplicates: 'first' })).toEqual({
      path: 'duplicates',
      reason: 'applies to rows: "contact" (one row per contact)',
    });
  });
});
