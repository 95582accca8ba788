import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { csvMapped } from '../../src/ingest/sources/csv-mapped.js';
import { withDuckDb } from '../support/engines.js';
import { importSourceOrThrow } from '../support/sources.js';
import { csvText, generateCalls, generateTickets, SPRING_MS, wallClock } from './generate.js';
import {
  type Channel,
  expectSameFigures,
  iso,
  QUEUE_KPIS,
  Random,
  type RefContact,
  type RefEvent,
  START_MS,
  type Status,
  TICKET_KPIS,
} from './reference.js';

/** A UTC instant as Amsterdam wall-clock parts, as the exports write them. */
function amsterdam(ms: number): { day: string; time: string; minute: string } {
  const [date = '', clock = ''] = wallClock(ms, 'Europe/Amsterdam').split(' ');
  const [year, month, day] = date.split('-');
  const [hour, minute, second] = clock.split(':');
  return {
    day: `${day}/${month}/${year}`,
    time: `${Number(hour)}:${minute}:${second}`,
    minute: `${Number(day)}/${Number(month)}/${year} ${hour}:${minute}`,
  };
}

/** How far Amsterdam's clock is ahead of UTC at `ms`. */
const amsterdamOffset = (ms: number) =>
  Date.parse(`${wallClock(ms, 'Europe/Amsterdam').replace(' ', 'T')}Z`) - ms;

const duration = (seconds: number) =>
  `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

describe('csv (mapped): figures against an independent computation', () => {
  test('rows: "contact" — a call-centre report in local time across the clock change, midnight crossings and test calls', async () => {
    const random = new Random(707);
    const agents = ['Anouk', 'Bram', 'Chantal', 'Daan', 'Esra'];
    const calls = generateCalls(random, {
      count: 400,
      agents,
      channels: ['phone', 'phone', 'chat'],
      start: SPRING_MS,
    });
    // Some calls just before midnight (Amsterdam), so answers and hang-ups fall on the next day.
    for (const call of calls.slice(0, 30)) {
      const offset = amsterdamOffset(call.createdAt);
      const nextMidnight = (Math.floor((call.createdAt + offset) / 86_400_000) + 1) * 86_400_000 - offset;
      const shift = nextMidnight - random.int(5, 40) * 1000 - call.createdAt;
      call.createdAt += shift;
      for (const e of call.events) e.at += shift;
      for (const s of call.sessions) {
        s.answer += shift;
        s.end += shift;
      }
    }
    // Two calls queued just before the clocks go forward (02:00 → 03:00 on 29 March) and answered after.
    for (const call of calls
      .slice(30)
      .filter((c) => c.outcome === 'answered')
      .slice(0, 2)) {
      const shift = Date.UTC(2026, 2, 29, 0, 59, 40) - call.createdAt;
      call.createdAt += shift;
      for (const e of call.events) e.at += shift;
      for (const s of call.sessions) {
        s.answer += shift;
        s.end += shift;
      }
    }
    const rows = calls.map((call) => {
      const queued = amsterdam(call.createdAt);
      const session = call.sessions[0];
      const abandon = call.events.find((e) => e.kind === 'abandon');
      return [
        call.id,
        call.channel === 'phone' ? 'Phone' : 'Chat',
        queued.day,
        queued.time,
        session ? amsterdam(session.answer).time : '',
        abandon ? amsterdam(abandon.at).time : '',
        session ? duration((session.end - session.answer) / 1000) : '',
        session?.agent ?? '-',
        call.outcome === 'answered' ? 'Answered' : 'Abandoned',
      ];
    });
    // Test calls the switch logs too: skipped by the mapping.
    for (let i = 0; i < 5; i++)
      rows.push([`T${i}`, 'Phone', '05/03/2026', '8:00:00', '8:00:02', '', '0:00:10', 'Anouk', 'Test call']);
    const mapping = {
      rows: 'contact',
      delimiter: ';',
      timezone: 'Europe/Amsterdam',
      fields: {
        call_id: { column: 'Call ID' },
        channel: { column: 'Medium', map: { Phone: 'phone', Chat: 'chat' } },
        day: { column: 'Date', type: 'date', format: 'dd/MM/yyyy' },
        queued: { column: 'Queued', type: 'time', date: 'day' },
        answered: { column: 'Answered', type: 'time', date: 'day', after: 'queued' },
        hung_up: { column: 'Hung up', type: 'time', date: 'day', after: 'queued' },
        talk: { column: 'Talk', type: 'duration', unit: 'h:mm:ss' },
        ended: { from: 'answered', plus: 'talk' },
        agent: { column: 'Agent', none: ['-'] },
        outcome: {
          column: 'Outcome',
          map: { Answered: 'answered', Abandoned: 'abandoned' },
          skip: ['Test call'],
        },
      },
      contact: {
        external_id: 'call_id',
        channel: 'channel',
        created_at: 'queued',
        assignee_id: 'agent',
        status: { const: 'closed' },
      },
      events: [
        { kind: { const: 'queue_enter' }, at: 'queued' },
        {
          kind: { const: 'answer' },
          at: 'answered',
          when: { field: 'outcome', in: ['answered'] },
          agent_id: 'agent',
        },
        { kind: { const: 'abandon' }, at: 'hung_up', when: { field: 'outcome', in: ['abandoned'] } },
        {
          kind: { const: 'end' },
          at: 'ended',
          when: { field: 'outcome', in: ['answered'] },
          agent_id: 'agent',
        },
      ],
    };
    // The same report read by the SQL stage (UTF-8, one month gzipped) and row by row (an encoding
    // the SQL stage leaves to the row reader): both must give the documented figures.
    for (const variant of [
      { encoding: 'utf-8', gzip: true, by: 'sql' },
      { encoding: 'windows-1252', gzip: false, by: 'rows' },
    ] as const) {
      await withDuckDb([], async (db, dir) => {
        const header = [
          'Call ID',
          'Medium',
          'Date',
          'Queued',
          'Answered',
          'Hung up',
          'Talk',
          'Agent',
          'Outcome',
        ];
        const half = Math.floor(rows.length / 2);
        const first = csvText(header, rows.slice(0, half), ';');
        const paths = [join(dir, variant.gzip ? 'calls-1.csv.gz' : 'calls-1.csv'), join(dir, 'calls-2.csv')];
        await writeFile(paths[0] as string, variant.gzip ? gzipSync(first) : first);
        await writeFile(paths[1] as string, csvText(header, rows.slice(half), ';'));
        await writeFile(
          join(dir, 'calls.map.json'),
          JSON.stringify({ ...mapping, encoding: variant.encoding }),
        );
        const summary = await importSourceOrThrow(db, csvMapped, paths, {
          mappingPath: join(dir, 'calls.map.json'),
        });
        expect(summary.conversion.by).toBe(variant.by);
        await expectSameFigures(db, calls, [], {
          contactKpis: ['contacts_created', 'frt', ...QUEUE_KPIS],
          byChannel: ['service_level', 'abandonment_rate', 'asa'],
          byAgent: ['aht', 'asa', 'answered', 'contacts_created'],
        });
      });
    }
  });

  test('rows: "event" — a BI extract with one row per ticket event', async () => {
    const random = new Random(808);
    const agents = ['u17', 'u23', 'u42', 'u56'];
    const tickets = generateTickets(random, {
      count: 320,
      channels: ['email', 'web_form', 'chat'],
      agents,
      escalations: true,
      internalNotes: true,
      bots: true,
      waitingStatuses: true,
      agentStarted: true,
    });
    const label: Record<RefEvent['kind'], string> = {
      customer_message: 'Customer wrote',
      agent_reply: 'Agent replied',
      internal_note: 'Note added',
      bot_message: 'Auto-reply',
      status_change: 'Status changed',
      escalation: 'Escalated',
      assignment: 'Assigned',
      queue_enter: '',
      answer: '',
      abandon: '',
      end: '',
      hold_start: '',
      hold_end: '',
    };
    const rows = tickets.flatMap((t) =>
      t.events.map((e) => [
        t.id,
        t.channel.toUpperCase(),
        label[e.kind],
        iso(e.at).replace('Z', '+00:00'),
        'agent' in e ? (e.agent ?? '') : '',
        e.kind === 'status_change' ? e.status.toUpperCase() : '',
        e.kind === 'escalation' ? e.type : '',
      ]),
    );
    // The extract lists events newest first; the import orders them by time.
    rows.reverse();
    const mapping = {
      rows: 'event',
      fields: {
        ticket: { column: 'ticket_id' },
        channel: { column: 'channel', map: { EMAIL: 'email', WEB_FORM: 'web_form', CHAT: 'chat' } },
        kind: {
          column: 'event',
          map: {
            'Customer wrote': 'customer_message',
            'Agent replied': 'agent_reply',
            'Note added': 'internal_note',
            'Auto-reply': 'bot_message',
            'Status changed': 'status_change',
            Escalated: 'escalation',
          },
        },
        at: { column: 'event_time', type: 'timestamp' },
        agent: { column: 'agent' },
        status: {
          column: 'new_status',
          map: {
            NEW: 'new',
            OPEN: 'open',
            PENDING: 'pending',
            ON_HOLD: 'on_hold',
            SOLVED: 'solved',
            CLOSED: 'closed',
          },
        },
        escalation: { column: 'escalation_type' },
      },
      event: {
        contact: 'ticket',
        kind: 'kind',
        at: 'at',
        agent_id: 'agent',
        status: 'status',
        escalation_type: 'escalation',
      },
      contact: { channel: 'channel' },
    };
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'events.csv');
      await writeFile(
        path,
        csvText(
          ['ticket_id', 'channel', 'event', 'event_time', 'agent', 'new_status', 'escalation_type'],
          rows,
        ),
      );
      await writeFile(join(dir, 'events.map.json'), JSON.stringify(mapping));
      await importSourceOrThrow(db, csvMapped, [path], { mappingPath: join(dir, 'events.map.json') });
      await expectSameFigures(db, tickets, [], {
        contactKpis: [...TICKET_KPIS, 'escalation_rate'],
        byChannel: ['contacts_created', 'frt', 'escalation_rate', 'resolution_time'],
        byAgent: ['frt'],
      });
    });
  });

  test('rows: "update" — incident updates at minute precision, reassignments and reopens', async () => {
    const random = new Random(909);
    const minute = 60_000;
    const states: Record<Status, string> = {
      new: 'New',
      open: 'Active',
      pending: 'Awaiting User Info',
      on_hold: 'Awaiting Vendor',
      solved: 'Resolved',
      closed: 'Closed',
    };
    const channels: [string, Channel][] = [
      ['Phone', 'phone'],
      ['Email', 'email'],
      ['Self service', 'web_form'],
    ];
    const rows: string[][] = [];
    const contacts: RefContact[] = [];
    for (let i = 0; i < 300; i++) {
      const number = `INC${String(10_000 + i).padStart(7, '0')}`;
      const [contactType, channel] = random.pick(channels);
      const opened = START_MS + random.int(0, 20 * 24 * 60) * minute;
      // Each update at a later minute than the one before.
      let at = opened;
      const next = (typical: number) => (at += Math.max(1, random.skewed(typical, 20 * 24 * 60)) * minute);
      const steps: { at: number; status: Status; assignee: string }[] = [];
      let assignee = '';
      const update = (status: Status) => steps.push({ at, status, assignee });
      update('new');
      next(30);
      assignee = `Resolver ${random.int(1, 8)}`;
      update('open');
      if (random.chance(0.3)) {
        next(120);
        update(random.chance(0.7) ? 'pending' : 'on_hold');
        next(600);
        update('open');
      }
      if (random.chance(0.25)) {
        // Reassigned to a colleague: a row whose state does not change.
        next(60);
        assignee = `Resolver ${random.int(1, 8)}`;
        update('open');
      }
      if (random.chance(0.8)) {
        next(900);
        update('solved');
        if (random.chance(0.2)) {
          at +=
            (random.chance(0.7) ? random.int(60, 6 * 24 * 60) : random.int(8 * 24 * 60, 12 * 24 * 60)) *
            minute;
          update('open');
          next(600);
          update('solved');
        }
        if (random.chance(0.6)) {
          next(3 * 24 * 60);
          update('closed');
        }
      }
      const events: RefEvent[] = [];
      let previous: Status | null = null;
      for (const step of steps) {
        if (step.status !== previous)
          events.push({ kind: 'status_change', at: step.at, status: step.status });
        previous = step.status;
        rows.push([
          number,
          states[step.status],
          step.status === 'closed' ? 'false' : 'true',
          `Caller ${random.int(1, 500)}`,
          amsterdamLess(opened),
          amsterdamLess(step.at),
          contactType,
          random.pick(['1 - Critical', '2 - High', '3 - Moderate', '4 - Low']),
          'Group 70',
          step.assignee || '?',
        ]);
      }
      contacts.push({ id: number, channel, createdAt: opened, assignee: assignee || null, events });
    }
    // Exports mix tickets; the import groups them.
    const shuffled = rows
      .map((r) => ({ r, key: random.next() }))
      .sort((a, b) => a.key - b.key)
      .map(({ r }) => r);
    // Rows of a ticket keep their time order in the file (the export is sorted by update time per ticket).
    const byTicket = new Map<string, string[][]>();
    for (const r of rows) byTicket.set(r[0] as string, [...(byTicket.get(r[0] as string) ?? []), r]);
    const counters = new Map<string, number>();
    const ordered = shuffled.map((r) => {
      const k = r[0] as string;
      const n = counters.get(k) ?? 0;
      counters.set(k, n + 1);
      return (byTicket.get(k) as string[][])[n] as string[];
    });
    const mapping = {
      rows: 'update',
      none: ['', '?'],
      fields: {
        number: { column: 'number' },
        state: {
          column: 'incident_state',
          map: {
            New: 'new',
            Active: 'open',
            'Awaiting User Info': 'pending',
            'Awaiting Vendor': 'on_hold',
            Resolved: 'solved',
            Closed: 'closed',
          },
        },
        updated: { column: 'sys_updated_at', type: 'timestamp', format: 'd/M/yyyy HH:mm' },
        opened: { column: 'opened_at', type: 'timestamp', format: 'd/M/yyyy HH:mm' },
        channel: {
          column: 'contact_type',
          map: { Phone: 'phone', Email: 'email', 'Self service': 'web_form' },
        },
        caller: { column: 'caller_id' },
        group: { column: 'assignment_group' },
        assignee: { column: 'assigned_to' },
      },
      update: { contact: 'number', at: 'updated', status: 'state', assignee: 'assignee' },
      contact: { channel: 'channel', created_at: 'opened', customer_id: 'caller', team_id: 'group' },
    };
    await withDuckDb([], async (db, dir) => {
      const path = join(dir, 'incidents.csv');
      await writeFile(
        path,
        csvText(
          [
            'number',
            'incident_state',
            'active',
            'caller_id',
            'opened_at',
            'sys_updated_at',
            'contact_type',
            'priority',
            'assignment_group',
            'assigned_to',
          ],
          ordered,
        ),
      );
      await writeFile(join(dir, 'incidents.map.json'), JSON.stringify(mapping));
      await importSourceOrThrow(db, csvMapped, [path], {
        mappingPath: join(dir, 'incidents.map.json'),
        timezone: 'Europe/Amsterdam',
      });
      await expectSameFigures(db, contacts, [], {
        contactKpis: ['contacts_created', 'contacts_resolved', 'resolution_time', 'reopen_rate'],
        byChannel: ['contacts_created', 'resolution_time', 'reopen_rate'],
        byAgent: ['contacts_created'],
      });
    });
  });
});

/** ServiceNow's `d/M/yyyy HH:mm`, Amsterdam time. */
function amsterdamLess(ms: number): string {
  return amsterdam(ms).minute;
}
