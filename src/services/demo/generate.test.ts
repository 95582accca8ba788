import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CANONICAL_TABLES as ALL_TABLES,
  type CanonicalTableName,
  type ColumnSpec,
  TABLES,
} from '../../core/schema.js';
import { csvField } from './csv.js';
import { type DemoSummary, writeDemoFiles } from './generate.js';
import { NEW_AGENT_ID, UNDER_PERFORMER_ID } from './scenario.js';

/**
 * The tables the demo's files hold: the business tables are written after the import, from the
 * contacts as imported (services/demo/business.ts), and the competitor figures with the rest of the
 * team's reporting (services/demo/reports.ts).
 */
const WRITTEN_AFTER_IMPORT: readonly CanonicalTableName[] = [
  'customers',
  'orders',
  'costs',
  'people',
  'paid_hours',
  'exchange_rates',
  'benchmarks',
];
const CANONICAL_TABLES = ALL_TABLES.filter((t) => !WRITTEN_AFTER_IMPORT.includes(t));

const CONTACTS = 2000;

/** A strict RFC 4180 reader, independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field += text[i];
          i++;
        }
      }
      atFieldStart = false;
      if (i < text.length && text[i] !== ',' && text[i] !== '\n') throw new Error(`junk after quote at ${i}`);
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      atFieldStart = true;
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
    } else if (ch === '"' || ch === '\r') {
      throw new Error(`bare ${JSON.stringify(ch)} in unquoted field at ${i}`);
    } else {
      field += ch;
      atFieldStart = false;
    }
    i++;
  }
  if (!atFieldStart || field !== '' || row.length > 0) throw new Error('file does not end with LF');
  return rows;
}

type Row = Record<string, string>;

interface Dataset {
  dir: string;
  summary: DemoSummary;
  raw: Record<string, Buffer>;
  headers: Record<string, string[]>;
  tables: Record<CanonicalTableName, Row[]>;
}

async function load(dir: string, summary: DemoSummary): Promise<Dataset> {
  const raw: Record<string, Buffer> = {};
  const headers: Record<string, string[]> = {};
  const tables = {} as Record<CanonicalTableName, Row[]>;
  for (const table of CANONICAL_TABLES) {
    const buffer = await readFile(join(dir, `${table}.csv`));
    raw[table] = buffer;
    const [header = [], ...body] = parseCsv(buffer.toString('utf8'));
    headers[table] = header;
    tables[table] = body.map((fields) => {
      if (fields.length !== header.length)
        throw new Error(`${table}: ${fields.length} fields, expected ${header.length}`);
      return Object.fromEntries(header.map((name, k) => [name, fields[k] ?? '']));
    });
  }
  return { dir, summary, raw, headers, tables };
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ts = (value: string): number => Date.parse(value) / 1000;

function valueProblem(column: ColumnSpec, value: string): string | undefined {
  if (value === '') return column.required ? 'required but empty' : undefined;
  const type = column.type;
  switch (type.kind) {
    case 'text':
      return undefined;
    case 'enum':
      return type.values.includes(value) ? undefined : `not one of ${type.values.join('/')}`;
    case 'timestamp':
      return ISO_UTC.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'bad timestamp';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'bad date';
    case 'time':
      return /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(value) ? undefined : 'bad time';
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return 'not an integer';
      const n = Number(value);
      if (type.min !== undefined && n < type.min) return 'below min';
      if (type.max !== undefined && n > type.max) return 'above max';
      return undefined;
    }
    case 'double': {
      const n = Number(value);
      if (!Number.isFinite(n)) return 'not a number';
      return type.min !== undefined && n < type.min ? 'below min' : undefined;
    }
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : 'not a boolean';
    case 'timezone':
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        return undefined;
      } catch {
        return 'unknown time zone';
      }
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function groupEvents(events: Row[]): Map<string, Row[]> {
  const byContact = new Map<string, Row[]>();
  for (const e of events) {
    const id = e.contact_external_id ?? '';
    const list = byContact.get(id);
    if (list) list.push(e);
    else byContact.set(id, [e]);
  }
  return byContact;
}

/** Local weekday (1–7), date and minutes after midnight in a time zone, via Intl. */
function localParts(instant: number, timeZone: string): { weekday: number; date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant * 1000));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return {
    weekday,
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** Whether a calendar (as written in the CSV files) is open at an instant; read independently of the generator. */
function openAt(data: Dataset, calendarId: string, instant: number): boolean {
  const calendar = data.tables.calendars.find((c) => c.id === calendarId);
  if (!calendar) throw new Error(`no calendar ${calendarId}`);
  const zone = calendar.timezone ?? 'UTC';
  const holidays = new Set(
    data.tables.calendar_holidays.filter((h) => h.calendar_id === calendarId).map((h) => h.date),
  );
  const minutes = (time: string) => {
    const [h, m] = time.split(':');
    return Number(h) * 60 + Number(m);
  };
  const here = localParts(instant, zone);
  const dayBefore = localParts(instant - 86_400, zone);
  for (const interval of data.tables.calendar_intervals.filter((i) => i.calendar_id === calendarId)) {
    const start = minutes(interval.start_time ?? '');
    const end = minutes(interval.end_time ?? '');
    const weekday = Number(interval.weekday);
    const overnight = end <= start;
    if (weekday === here.weekday && !holidays.has(here.date)) {
      if (here.minutes >= start && (overnight || here.minutes < end)) return true;
    }
    if (overnight && weekday === dayBefore.weekday && !holidays.has(dayBefore.date) && here.minutes < end) {
      return true;
    }
  }
  return false;
}

describe('writeDemoFiles', () => {
  const dirs: string[] = [];
  let a: Dataset;
  let same: Dataset;
  let other: Dataset;

  const generate = async (seed: number): Promise<Dataset> => {
    const dir = await mkdtemp(join(tmpdir(), 'servicemeter-demo-'));
    dirs.push(dir);
    return load(dir, await writeDemoFiles(dir, { contacts: CONTACTS, seed }));
  };

  beforeAll(async () => {
    a = await generate(42);
    same = await generate(42);
    other = await generate(43);
  });

  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes one file per canonical table and reports the rows written', async () => {
    expect((await readdir(a.dir)).sort()).toEqual(CANONICAL_TABLES.map((t) => `${t}.csv`).sort());
    for (const table of CANONICAL_TABLES) expect(a.summary.files[table], table).toBe(a.tables[table].length);
    expect(a.tables.contacts).toHaveLength(CONTACTS);
    expect(a.tables.agents).toHaveLength(12);
    expect(a.tables.teams.map((t) => t.id)).toEqual(['orders', 'returns', 'phone']);
    expect(a.tables.targets).toHaveLength(8);
    const created = a.tables.contacts.map((c) => c.created_at ?? '').sort();
    expect(a.summary.from).toBe(created[0]);
    expect(a.summary.to).toBe(created[created.length - 1]);
  });

  it('writes headers equal to the schema columns, in order', () => {
    for (const table of CANONICAL_TABLES) {
      expect(a.headers[table], table).toEqual(TABLES[table].columns.map((c) => c.name));
    }
  });

  it('writes only valid values: enums, timestamps, dates, times, booleans, numbers, required fields', () => {
    const problems: string[] = [];
    for (const table of CANONICAL_TABLES) {
      for (const [n, row] of a.tables[table].entries()) {
        for (const column of TABLES[table].columns) {
          const problem = valueProblem(column, row[column.name] ?? '');
          if (problem && problems.length < 20)
            problems.push(`${table} row ${n + 1} ${column.name}: ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Every event and contact comes from the demo source.
    expect(new Set(a.tables.contacts.map((c) => c.source))).toEqual(new Set(['demo']));
    expect(new Set(a.tables.contact_events.map((e) => e.source))).toEqual(new Set(['demo']));
  });

  it('uses RFC 4180 quoting for fields with commas, quotes or line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    const subjects = a.tables.contacts.map((c) => c.subject ?? '');
    expect(subjects.some((s) => s.includes(','))).toBe(true);
    expect(subjects.some((s) => s.includes('"'))).toBe(true);
    expect(a.raw.contacts?.includes('\r')).toBe(false);
  });

  it('keeps keys unique and references consistent', () => {
    const contactIds = new Set(a.tables.contacts.map((c) => c.external_id));
    expect(contactIds.size).toBe(CONTACTS);
    const eventIds = new Set(a.tables.contact_events.map((e) => e.external_id));
    expect(eventIds.size).toBe(a.tables.contact_events.length);
    expect([...eventIds].every((id) => id !== '')).toBe(true);
    const surveyKeys = new Set(a.tables.survey_responses.map((s) => `${s.source}\u0000${s.external_id}`));
    expect(surveyKeys.size).toBe(a.tables.survey_responses.length);
    const agents = new Set(a.tables.agents.map((x) => x.id));
    const teams = new Set(a.tables.teams.map((x) => x.id));
    const calendars = new Set(a.tables.calendars.map((x) => x.id));

    for (const e of a.tables.contact_events) {
      expect(contactIds.has(e.contact_external_id), e.external_id).toBe(true);
      if (e.agent_id) expect(agents.has(e.agent_id), e.external_id).toBe(true);
      if (e.team_id) expect(teams.has(e.team_id), e.external_id).toBe(true);
    }
    for (const c of a.tables.contacts) {
      if (c.assignee_id) expect(agents.has(c.assignee_id)).toBe(true);
      expect(teams.has(c.team_id ?? '')).toBe(true);
    }
    for (const s of a.tables.survey_responses) {
      if (s.contact_external_id) expect(contactIds.has(s.contact_external_id)).toBe(true);
      if (s.agent_id) expect(agents.has(s.agent_id)).toBe(true);
    }
    for (const t of a.tables.teams) if (t.calendar_id) expect(calendars.has(t.calendar_id)).toBe(true);
    for (const x of a.tables.agents) expect(teams.has(x.team_id ?? '')).toBe(true);
    for (const block of a.tables.schedules)
      expect(agents.has(block.agent_id ?? ''), block.external_id).toBe(true);
    for (const p of a.tables.agent_status_events)
      expect(agents.has(p.agent_id ?? ''), p.external_id).toBe(true);
    expect(a.tables.calendars.filter((c) => c.is_default === 'true').map((c) => c.id)).toEqual(['webshop']);
  });

  it('keeps time consistent: events in order, not before their contact, nothing after the horizon', () => {
    const created = new Map(a.tables.contacts.map((c) => [c.external_id, ts(c.created_at ?? '')]));
    const periodStart = ts('2026-01-04T23:00:00Z'); // 2026-01-05 00:00 in Amsterdam
    const periodEnd = ts('2026-06-28T22:00:00Z'); // 2026-06-29 00:00 in Amsterdam
    const horizon = ts('2026-07-15T00:00:00Z');
    for (const t of created.values()) {
      expect(t).toBeGreaterThanOrEqual(periodStart);
      expect(t).toBeLessThan(periodEnd);
    }
    let previous = '';
    let previousTime = 0;
    for (const e of a.tables.contact_events) {
      const t = ts(e.occurred_at ?? '');
      const contactCreated = created.get(e.contact_external_id ?? '') ?? Number.NaN;
      expect(t, e.external_id).toBeGreaterThanOrEqual(contactCreated);
      expect(t, e.external_id).toBeLessThan(horizon);
      if (e.contact_external_id === previous) expect(t, e.external_id).toBeGreaterThanOrEqual(previousTime);
      previous = e.contact_external_id ?? '';
      previousTime = t;
    }
    for (const s of a.tables.survey_responses) {
      // Only an invitation's own row is sent; a public answer and an answer's other questions are not.
      const sent = s.sent_at ? ts(s.sent_at) : undefined;
      if (sent !== undefined) {
        expect(sent).toBeLessThan(horizon);
        if (s.contact_external_id)
          expect(sent).toBeGreaterThanOrEqual(created.get(s.contact_external_id) ?? Number.NaN);
      } else {
        expect(s.source, s.external_id).toBe('servicemeter');
        expect(s.score, s.external_id).not.toBe('');
      }
      if (s.score) {
        expect(s.responded_at).not.toBe('');
        expect(ts(s.responded_at ?? '')).toBeGreaterThanOrEqual(sent ?? 0);
        expect(ts(s.responded_at ?? '')).toBeLessThan(horizon);
        const score = Number(s.score);
        expect(score).toBeGreaterThanOrEqual(Number(s.scale_min));
        expect(score).toBeLessThanOrEqual(Number(s.scale_max));
      } else {
        expect(s.responded_at).toBe('');
      }
    }
  });

  it('opens chats only in webshop hours and calls only in phone-late hours (checked with Intl)', () => {
    for (const c of a.tables.contacts) {
      const t = ts(c.created_at ?? '');
      if (c.channel === 'chat') expect(openAt(a, 'webshop', t), c.created_at).toBe(true);
      if (c.channel === 'phone') expect(openAt(a, 'phone-late', t), c.created_at).toBe(true);
    }
    // E-mail also arrives at night and at weekends.
    const email = a.tables.contacts.filter((c) => c.channel === 'email').map((c) => ts(c.created_at ?? ''));
    expect(email.filter((t) => !openAt(a, 'webshop', t)).length).toBeGreaterThan(email.length * 0.1);
  });

  it('is deterministic: same seed gives byte-identical files, another seed different ones', () => {
    for (const table of CANONICAL_TABLES) {
      expect(same.raw[table]?.equals(a.raw[table] ?? Buffer.alloc(0)), table).toBe(true);
    }
    expect(other.raw.contacts?.equals(a.raw.contacts ?? Buffer.alloc(0))).toBe(false);
    expect(other.raw.contact_events?.equals(a.raw.contact_events ?? Buffer.alloc(0))).toBe(false);
    expect(other.raw.survey_responses?.equals(a.raw.survey_responses ?? Buffer.alloc(0))).toBe(false);
    // The fixed tables do not depend on the seed.
    expect(other.raw.agents?.equals(a.raw.agents ?? Buffer.alloc(0))).toBe(true);
  });

  it('has roughly the intended proportions', () => {
    const byChannel = new Map<string, number>();
    for (const c of a.tables.contacts)
      byChannel.set(c.channel ?? '', (byChannel.get(c.channel ?? '') ?? 0) + 1);
    const share = (channel: string) => (byChannel.get(channel) ?? 0) / CONTACTS;
    expect(share('email')).toBeGreaterThan(0.36);
    expect(share('email')).toBeLessThan(0.44);
    expect(share('chat')).toBeGreaterThan(0.24);
    expect(share('chat')).toBeLessThan(0.32);
    expect(share('phone')).toBeGreaterThan(0.21);
    expect(share('phone')).toBeLessThan(0.29);
    expect(share('social')).toBeGreaterThan(0.05);
    expect(share('social')).toBeLessThan(0.09);

    const events = groupEvents(a.tables.contact_events);
    const phone = a.tables.contacts.filter((c) => c.channel === 'phone');
    const abandoned = phone.filter((c) => events.get(c.external_id ?? '')?.some((e) => e.kind === 'abandon'));
    expect(abandoned.length / phone.length).toBeGreaterThan(0.05);
    expect(abandoned.length / phone.length).toBeLessThan(0.15);

    const perContact = a.tables.contact_events.length / CONTACTS;
    expect(perContact).toBeGreaterThan(6);
    expect(perContact).toBeLessThan(10);

    // Weekly seasonality: Monday busiest, Sunday quietest.
    const weekdays = new Array<number>(8).fill(0);
    for (const c of a.tables.contacts) {
      const day = localParts(ts(c.created_at ?? ''), 'Europe/Amsterdam').weekday;
      weekdays[day] = (weekdays[day] ?? 0) + 1;
    }
    const monday = weekdays[1] ?? 0;
    expect(Math.max(...weekdays)).toBe(monday);
    expect(weekdays[7] ?? 0).toBeLessThan(monday / 3);

    // Every kind of event and survey appears.
    const kinds = new Set(a.tables.contact_events.map((e) => e.kind));
    for (const kind of ['bot_message', 'internal_note', 'escalation', 'hold_start', 'acw_end', 'abandon']) {
      expect(kinds.has(kind), kind).toBe(true);
    }
    const surveys = a.tables.survey_responses;
    expect(new Set(surveys.map((s) => s.kind))).toEqual(
      new Set(['csat', 'nps', 'ces', 'helpful', 'stay', 'satisfaction']),
    );
    expect(surveys.some((s) => s.kind === 'csat' && s.scale_max === '3')).toBe(true);
    expect(surveys.some((s) => s.dimension === 'delivery')).toBe(true);

    // The helpdesk's own SLA flag on resolved e-mail, met and missed; on nothing else.
    const flags = new Map<string, Set<string>>();
    for (const c of a.tables.contacts) {
      const seen = flags.get(c.channel ?? '') ?? new Set<string>();
      seen.add(c.source_sla_met ?? '');
      flags.set(c.channel ?? '', seen);
    }
    expect(flags.get('email')).toEqual(new Set(['true', 'false', '']));
    for (const channel of ['chat', 'phone', 'social']) expect(flags.get(channel)).toEqual(new Set(['']));
  });

  it('shows the under-performer clearly slower to a first reply in the raw events', () => {
    const events = groupEvents(a.tables.contact_events);
    const waits = new Map<string, number[]>();
    for (const c of a.tables.contacts) {
      if (c.channel !== 'email' && c.channel !== 'social') continue;
      const list = events.get(c.external_id ?? '') ?? [];
      const first = list[0];
      if (first?.kind !== 'customer_message') continue;
      const reply = list.find((e) => e.kind === 'agent_reply');
      if (!reply?.agent_id) continue;
      const wait = ts(reply.occurred_at ?? '') - ts(first.occurred_at ?? '');
      const key = reply.agent_id === UNDER_PERFORMER_ID ? 'under' : 'others';
      waits.set(key, [...(waits.get(key) ?? []), wait]);
    }
    const under = waits.get('under') ?? [];
    const others = waits.get('others') ?? [];
    expect(under.length).toBeGreaterThan(50);
    expect(median(under)).toBeGreaterThan(2 * median(others));
  });

  it('gives the new agent a handful of answered CSAT responses, only in the last weeks', () => {
    const events = groupEvents(a.tables.contact_events);
    const newAgentEvents = a.tables.contact_events.filter((e) => e.agent_id === NEW_AGENT_ID);
    expect(newAgentEvents.length).toBeGreaterThan(0);
    const started = a.tables.agents.find((x) => x.id === NEW_AGENT_ID)?.started_on ?? '';
    expect(started).toBe('2026-06-08');
    for (const e of newAgentEvents)
      expect(ts(e.occurred_at ?? '')).toBeGreaterThanOrEqual(ts('2026-06-07T22:00:00Z'));

    const lastReplier = (contact: string, sentAt: number): string => {
      let agent = '';
      for (const e of events.get(contact) ?? []) {
        if (e.kind === 'agent_reply' && ts(e.occurred_at ?? '') <= sentAt) agent = e.agent_id ?? '';
      }
      return agent;
    };
    const credited = a.tables.survey_responses.filter(
      (s) =>
        s.kind === 'csat' &&
        !s.question_id &&
        s.score !== '' &&
        (s.agent_id || lastReplier(s.contact_external_id ?? '', ts(s.sent_at ?? ''))) === NEW_AGENT_ID,
    );
    expect(credited.length).toBeGreaterThanOrEqual(5);
    expect(credited.length).toBeLessThanOrEqual(30);
  });

  it("gives customers addresses and languages, and asks the team's own surveys with them", () => {
    const contacts = a.tables.contacts;
    const withCustomer = contacts.filter((c) => c.customer_id);
    for (const c of withCustomer) {
      if (c.customer_email) expect(c.customer_email).toMatch(/^[a-z]+\.[a-z]+\d+@example\.(com|org|net)$/);
      expect(['en', 'nl', 'sv', 'uk', 'zh-CN']).toContain(c.customer_language);
    }
    for (const c of contacts.filter((c) => !c.customer_id)) expect(c.customer_email).toBe('');
    const languages = new Map<string, number>();
    for (const c of withCustomer)
      languages.set(c.customer_language ?? '', (languages.get(c.customer_language ?? '') ?? 0) + 1);
    expect((languages.get('nl') ?? 0) + (languages.get('en') ?? 0)).toBeGreaterThan(
      withCustomer.length * 0.85,
    );
    for (const language of ['sv', 'uk', 'zh-CN'])
      expect(languages.get(language) ?? 0, language).toBeGreaterThan(0);
    // One customer, one address and language on every contact.
    const byCustomer = new Map<string, string>();
    for (const c of withCustomer) {
      const key = `${c.customer_email}|${c.customer_language}`;
      expect(byCustomer.get(c.customer_id ?? '') ?? key).toBe(key);
      byCustomer.set(c.customer_id ?? '', key);
    }

    const contactById = new Map(contacts.map((c) => [c.external_id, c]));
    const invitations = new Map(a.tables.survey_invitations.map((i) => [i.external_id, i]));
    expect(invitations.size).toBe(a.tables.survey_invitations.length);
    const surveys = new Set(a.tables.survey_invitations.map((i) => i.survey_id));
    expect(surveys).toEqual(new Set(['post-contact', 'help-centre', 'relationship']));
    const vias = new Set(
      a.tables.survey_invitations.map((i) => `${i.survey_id}/${i.via}/${i.source_label}${i.location}`),
    );
    for (const way of [
      'post-contact/email/',
      'post-contact/public/instagram',
      'post-contact/public/contact-page',
      'post-contact/qr/shop-amsterdam',
      'post-contact/qr/shop-utrecht',
      'help-centre/widget/',
      'help-centre/public/help-centre',
      'relationship/wave/',
    ])
      expect(vias.has(way), way).toBe(true);

    const states = { bounced: 0, reminded: 0, opened: 0, answered: 0 };
    for (const i of a.tables.survey_invitations) {
      expect(i.source).toBe('servicemeter');
      if (i.via === 'email' || i.via === 'wave') {
        const contact = i.contact_external_id ? contactById.get(i.contact_external_id) : undefined;
        if (contact) {
          expect(i.email).toBe(contact.customer_email);
          expect(i.language).toBe(contact.customer_language);
          expect(i.customer_id).toBe(contact.customer_id);
        }
        expect(i.email).toMatch(/@example\./);
        expect(i.sent_at).not.toBe('');
        // Delivered or bounced, never both; a bounced invitation is never answered or reminded.
        expect(Boolean(i.delivered_at) !== Boolean(i.bounced_at), i.external_id).toBe(true);
        if (i.bounced_at) {
          expect(i.failure).toMatch(/^55\d /);
          expect(`${i.answered_at}${i.reminded_at}${i.opened_at}`).toBe('');
          states.bounced++;
        }
        if (i.reminded_at) {
          states.reminded++;
          if (i.answered_at) expect(ts(i.answered_at)).toBeGreaterThan(ts(i.reminded_at));
        }
      } else if (i.via === 'widget') {
        expect(i.page_url).toMatch(/^https:\/\/help\.example\.com\/articles\//);
      }
      if (i.via === 'wave') expect(i.wave_id).toMatch(/^2026-q[23]$/);
      if (i.opened_at) states.opened++;
      if (i.answered_at) {
        states.answered++;
        expect(i.opened_at).not.toBe('');
        expect(ts(i.opened_at ?? '')).toBeLessThanOrEqual(ts(i.answered_at));
      }
    }
    for (const [state, count] of Object.entries(states)) expect(count, state).toBeGreaterThan(0);

    // Every answer of the own surveys belongs to an invitation, named like the processor names it.
    const own = a.tables.survey_responses.filter((s) => s.source === 'servicemeter');
    expect(own.length).toBeGreaterThan(0);
    const commentLanguages = new Set<string>();
    for (const s of own) {
      const invitation = invitations.get(s.invitation_id ?? '');
      expect(invitation, s.external_id).toBeDefined();
      expect(s.external_id).toBe(s.question_id ? `${s.invitation_id}:${s.question_id}` : s.invitation_id);
      expect(s.survey_id).toBe(invitation?.survey_id);
      expect(s.via).toBe(invitation?.via);
      expect(s.language).toBe(invitation?.language);
      expect(s.contact_external_id).toBe(invitation?.contact_external_id);
      if (s.score || s.comment) {
        expect(invitation?.answered_at, s.external_id).not.toBe('');
        expect(s.responded_at).toBe(invitation?.answered_at);
      }
      if (s.comment) commentLanguages.add(s.language ?? '');
    }
    // The invitation's own row is its main question: a CSAT that counts in csat_response_rate.
    const mainKinds = new Set(own.filter((s) => !s.question_id).map((s) => `${s.survey_id}:${s.kind}`));
    expect(mainKinds).toEqual(new Set(['post-contact:csat', 'help-centre:helpful', 'relationship:nps']));
    const dimensions = new Set(own.filter((s) => s.dimension).map((s) => s.dimension));
    expect(dimensions).toEqual(new Set(['knowledge', 'speed_to_answer', 'speed_to_solve', 'findability']));
    for (const language of ['nl', 'en', 'sv', 'uk', 'zh-CN'])
      expect(commentLanguages.has(language), language).toBe(true);
    // The helpdesk's own CSAT stops when the team's survey starts.
    const switched = ts('2026-03-01T23:00:00Z');
    for (const s of a.tables.survey_responses.filter((s) => s.source === 'demo' && s.kind !== 'nps'))
      expect(ts(s.sent_at ?? ''), s.external_id).toBeLessThan(switched + 2 * 3600);
  });

  it('writes what was said: customer messages, replies with greetings and closings mostly, notes, bot turns', () => {
    const messages = new Set(['customer_message', 'agent_reply', 'internal_note', 'bot_message']);
    for (const e of a.tables.contact_events) {
      if (messages.has(e.kind ?? '')) expect(e.body, e.external_id).not.toBe('');
      else expect(e.body, e.external_id).toBe('');
    }
    const replies = a.tables.contact_events.filter((e) => e.kind === 'agent_reply').map((e) => e.body ?? '');
    const share = (test: (body: string) => boolean) => replies.filter(test).length / replies.length;
    const greeted = share((b) => /^(Hi|Hello|Good|Dear|Hallo|Hoi|Beste|Goede|Hej)\b/.test(b));
    expect(greeted).toBeGreaterThan(0.5);
    expect(greeted).toBeLessThan(0.95);
    expect(
      share((b) =>
        /(Kind regards|Have a great day|Let us know|Best wishes|Happy to help|Graag geholpen|hjälper gärna|Met vriendelijke groet|Fijne dag|Laat het ons weten|Med vänliga|Ha en bra dag)/.test(
          b,
        ),
      ),
    ).toBeGreaterThan(0.5);
    // The material of the automatic checks: forbidden phrases, misspellings, Swedish.
    expect(
      share((b) =>
        /(nothing we can do|calm down|As I already said|Obviously|niets aan doen|Zoals ik al zei|Rustig aan)/.test(
          b,
        ),
      ),
    ).toBeGreaterThan(0.01);
    expect(
      share((b) => /(recieve|adress|definately|tommorow|bezorgt|alstublief\b|gebeurren)/.test(b)),
    ).toBeGreaterThan(0.01);
    expect(replies.some((b) => b.startsWith('Hej'))).toBe(true);
    expect(same.raw.contact_events?.equals(a.raw.contact_events ?? Buffer.alloc(0))).toBe(true);
  });

  it('reviews about six conversations per agent a month, strict and lenient reviewers apart, with training days', () => {
    const contacts = new Map(a.tables.contacts.map((c) => [c.external_id, c]));
    const perAgentMonth = new Map<string, number>();
    for (const review of a.tables.qa_reviews) {
      const contact = contacts.get(review.contact_external_id);
      expect(contact?.assignee_id, review.external_id).toBe(review.agent_id);
      expect((review.reviewed_at ?? '') > (contact?.created_at ?? '')).toBe(true);
      expect(review.scorecard_id).toBe(contact?.channel === 'phone' ? 'phone' : 'written');
      const key = `${review.agent_id} ${review.reviewed_at?.slice(0, 7)}`;
      perAgentMonth.set(key, (perAgentMonth.get(key) ?? 0) + 1);
    }
    const counts = [...perAgentMonth.values()];
    expect(Math.max(...counts)).toBeLessThanOrEqual(8);
    expect(counts.reduce((x, y) => x + y, 0) / counts.length).toBeGreaterThan(4);
    expect(new Set(a.tables.qa_reviews.map((r) => r.reviewed_at?.slice(0, 7)))).toEqual(
      new Set(['2026-04', '2026-05', '2026-06']),
    );

    const reviewIds = new Set(a.tables.qa_reviews.map((r) => r.external_id));
    const reviewer = new Map(a.tables.qa_reviews.map((r) => [r.external_id, r.reviewer_id]));
    const scoresOf = (id: string) =>
      a.tables.qa_ratings
        .filter((r) => reviewer.get(r.review_external_id) === id && r.rating !== '')
        .map((r) => (Number(r.rating) - Number(r.scale_min)) / (Number(r.scale_max) - Number(r.scale_min)));
    const mean = (values: number[]) => values.reduce((x, y) => x + y, 0) / values.length;
    for (const rating of a.tables.qa_ratings) expect(reviewIds.has(rating.review_external_id)).toBe(true);
    expect(mean(scoresOf('qa-jeroen'))).toBeLessThan(mean(scoresOf('qa-mila')) - 0.05);
    expect(mean(scoresOf('qa-iris'))).toBeGreaterThan(mean(scoresOf('qa-mila')) + 0.05);
    expect(a.tables.qa_ratings.some((r) => r.rating === '')).toBe(true);
    expect(a.tables.qa_ratings.some((r) => r.critical === 'true' && r.rating === '0')).toBe(true);
    for (const rating of a.tables.qa_ratings.filter((r) => r.root_causes !== '')) {
      const score =
        (Number(rating.rating) - Number(rating.scale_min)) /
        (Number(rating.scale_max) - Number(rating.scale_min));
      expect(score).toBeLessThan(0.5);
    }
    expect(a.tables.training_days.length).toBeGreaterThan(10);
    expect(same.raw.qa_ratings?.equals(a.raw.qa_ratings ?? Buffer.alloc(0))).toBe(true);
    expect(other.raw.qa_ratings?.equals(a.raw.qa_ratings ?? Buffer.alloc(0))).toBe(false);
  });

  it('rejects invalid options', async () => {
    await expect(writeDemoFiles(join(tmpdir(), 'never-written'), { contacts: -1, seed: 1 })).rejects.toThrow(
      RangeError,
    );
    await expect(
      writeDemoFiles(join(tmpdir(), 'never-written'), { contacts: 10, seed: 1.5 }),
    ).rejects.toThrow(RangeError);
  });
});
