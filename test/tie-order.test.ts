import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine, Row } from '../src/core/engine.js';
import type { DuckDbEngine } from '../src/engines/duckdb/engine.js';
import { csvMapped } from '../src/ingest/sources/csv-mapped.js';
import type { SourceFormat } from '../src/ingest/sources/format.js';
import { getContact } from '../src/services/contacts.js';
import { importFiles } from '../src/services/import.js';
import { ENGINES, withCopyOn, withDuckDb, withTempDir } from './support/engines.js';
import { fixturePath, importSourceOrThrow } from './support/sources.js';

/**
 * Events at the same time are ordered by their place in the source (import run, file, line; for a
 * source format, the order it wrote them), never by their id. Every case is imported twice, the
 * second time with the tied lines the other way round, and the facts must follow: ordering by id
 * would give both imports the same facts.
 */

async function importOk(db: DuckDbEngine, paths: string[]): Promise<void> {
  const result = await importFiles(db, paths);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
}

async function factsOf(db: Engine, key: string): Promise<Row> {
  const rows = await db.all(
    `SELECT reopens, is_open, CAST(first_resolved_at AS VARCHAR) AS first_resolved_at,
       CAST(last_resolved_at AS VARCHAR) AS last_resolved_at, first_resolution_s, full_resolution_s,
       first_reply_agent_id, first_escalation_type, handled_by_agent_id
     FROM contact_facts WHERE contact_key = '${key}'`,
  );
  const row = rows[0];
  if (!row) throw new Error(`no facts for ${key}`);
  return row;
}

describe('a minute-precision update export (rows: "update")', () => {
  const HEADER =
    'number,incident_state,sys_updated_at,opened_at,contact_type,priority,caller_id,assignment_group,assigned_to,category';
  const row = (state: string, updated: string) =>
    `INC0000900,${state},${updated},1/3/2016 08:00,Phone,3 - Moderate,Caller 1,Group 1,Resolver 1,Category 1`;
  const NEW = row('New', '1/3/2016 08:00');
  const RESOLVED = row('Resolved', '1/3/2016 12:00');
  const ACTIVE = row('Active', '1/3/2016 12:00');

  async function importUpdates(lines: string[]): Promise<{ facts: Row; status: unknown }> {
    return withTempDir(async (dir) => {
      const path = join(dir, 'incidents.csv');
      await writeFile(path, `${[HEADER, ...lines].join('\n')}\n`);
      return withDuckDb([], async (db) => {
        await importSourceOrThrow(db, csvMapped, [path], {
          mappingPath: fixturePath('sources/csv/servicenow.map.json'),
        });
        const contact = await db.all("SELECT status FROM contacts WHERE external_id = 'INC0000900'");
        return { facts: await factsOf(db, 'csv|INC0000900'), status: contact[0]?.status };
      });
    });
  }

  test('resolved and then active again in the same minute: a reopen, and the ticket is open', async () => {
    const { facts, status } = await importUpdates([NEW, RESOLVED, ACTIVE]);
    expect(facts).toMatchObject({
      reopens: 1,
      is_open: true,
      first_resolved_at: '2016-03-01 12:00:00',
      last_resolved_at: null,
      first_resolution_s: 4 * 3600,
      full_resolution_s: null,
    });
    expect(status).toBe('open');
  });

  test('active and then resolved in the same minute: no reopen, and the ticket is resolved', async () => {
    const { facts, status } = await importUpdates([NEW, ACTIVE, RESOLVED]);
    expect(facts).toMatchObject({
      reopens: 0,
      is_open: false,
      first_resolved_at: '2016-03-01 12:00:00',
      last_resolved_at: '2016-03-01 12:00:00',
      first_resolution_s: 4 * 3600,
      full_resolution_s: 4 * 3600,
    });
    expect(status).toBe('solved');
  });

  test('resolved, active and resolved again in one minute: two resolutions and a reopen, kept on re-import', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'incidents.csv');
      await writeFile(path, `${[HEADER, NEW, RESOLVED, ACTIVE, RESOLVED].join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const options = { mappingPath: fixturePath('sources/csv/servicenow.map.json') };
        await importSourceOrThrow(db, csvMapped, [path], options);
        await importSourceOrThrow(db, csvMapped, [path], options);
        const changes = await db.all(
          "SELECT status FROM contact_events WHERE kind = 'status_change' ORDER BY occurred_at, seq",
        );
        expect(changes.map((c) => c.status)).toEqual(['new', 'solved', 'open', 'solved']);
        expect(await factsOf(db, 'csv|INC0000900')).toMatchObject({
          reopens: 1,
          is_open: false,
          first_resolved_at: '2016-03-01 12:00:00',
          last_resolved_at: '2016-03-01 12:00:00',
        });
      });
    });
  });
});

describe('canonical files', () => {
  const CONTACTS = [
    'source,external_id,channel,created_at,assignee_id,status',
    'helpdesk,k1,email,2026-03-02T08:00:00Z,ann,open',
    'helpdesk,k2,phone,2026-03-02T10:00:00Z,ann,closed',
  ];
  const EVENTS_HEADER =
    'source,contact_external_id,external_id,kind,occurred_at,agent_id,status,escalation_type';
  // Each pair of lines happens at the same time; the ids sort the other way round than the lines.
  const EVENTS = [
    'helpdesk,k1,m,customer_message,2026-03-02T08:00:00Z,,,',
    'helpdesk,k1,r2,agent_reply,2026-03-02T08:10:00Z,ann,,',
    'helpdesk,k1,r1,agent_reply,2026-03-02T08:10:00Z,bob,,',
    'helpdesk,k1,x2,escalation,2026-03-02T08:20:00Z,,,tier',
    'helpdesk,k1,x1,escalation,2026-03-02T08:20:00Z,,,functional',
    'helpdesk,k1,s2,status_change,2026-03-02T09:00:00Z,,solved,',
    'helpdesk,k1,s1,status_change,2026-03-02T09:00:00Z,,open,',
    'helpdesk,k2,q,queue_enter,2026-03-02T10:00:00Z,,,',
    'helpdesk,k2,a2,answer,2026-03-02T10:00:30Z,ann,,',
    'helpdesk,k2,a1,answer,2026-03-02T10:00:30Z,bob,,',
    'helpdesk,k2,e2,end,2026-03-02T10:05:00Z,ann,,',
    'helpdesk,k2,e1,end,2026-03-02T10:05:00Z,bob,,',
  ];
  // Credited to the last agent who replied before it was sent.
  const SURVEYS = [
    'source,external_id,kind,scale_min,scale_max,score,contact_external_id,sent_at,responded_at',
    'helpdesk,v1,csat,1,5,5,k1,2026-03-02T09:30:00Z,2026-03-02T10:00:00Z',
  ];

  async function writeData(dir: string, events: string[]): Promise<string> {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'contacts.csv'), `${CONTACTS.join('\n')}\n`);
    await writeFile(join(dir, 'contact_events.csv'), `${[EVENTS_HEADER, ...events].join('\n')}\n`);
    await writeFile(join(dir, 'survey_responses.csv'), `${SURVEYS.join('\n')}\n`);
    return dir;
  }

  async function tieFacts(db: Engine) {
    const survey = await db.all("SELECT agent_id FROM survey_facts WHERE survey_key = 'helpdesk|v1'");
    return {
      k1: await factsOf(db, 'helpdesk|k1'),
      k2: await factsOf(db, 'helpdesk|k2'),
      surveyAgent: survey[0]?.agent_id,
    };
  }

  const inLineOrder = {
    k1: {
      first_reply_agent_id: 'ann',
      first_escalation_type: 'tier',
      reopens: 1,
      is_open: true,
      first_resolved_at: '2026-03-02 09:00:00',
      last_resolved_at: null,
    },
    k2: { handled_by_agent_id: 'ann' },
    surveyAgent: 'bob',
  };
  const reversed = {
    k1: {
      first_reply_agent_id: 'bob',
      first_escalation_type: 'functional',
      reopens: 0,
      is_open: false,
      first_resolved_at: '2026-03-02 09:00:00',
      last_resolved_at: '2026-03-02 09:00:00',
    },
    k2: { handled_by_agent_id: 'bob' },
    surveyAgent: 'ann',
  };

  test.each([
    { name: 'in line order', events: EVENTS, expected: inLineOrder },
    { name: 'with the lines reversed', events: [...EVENTS].reverse(), expected: reversed },
  ])(
    'events at the same time follow the file, $name, on DuckDB and PostgreSQL',
    async ({ events, expected }) => {
      await withTempDir(async (dir) => {
        const data = await writeData(join(dir, 'data'), events);
        await withDuckDb([data], async (db) => {
          expect(await tieFacts(db)).toMatchObject(expected);
          // The contact's timeline lists them in time, then file order.
          const contact = await getContact(db, 'helpdesk|k1', { agentId: null });
          if (!contact.ok) throw new Error(JSON.stringify(contact.error));
          const inTime = events
            .map((e) => e.split(','))
            .filter((e) => e[1] === 'k1')
            .sort((x, y) => String(x[4]).localeCompare(String(y[4])));
          expect(contact.data.events.map((e) => e.externalId)).toEqual(inTime.map((e) => e[2]));
          // The rebuild's SQL orders the same way on PostgreSQL, from the same stored ordinals.
          for (const { kind } of ENGINES)
            await withCopyOn(kind, db, async (pg) =>
              expect(await tieFacts(pg), kind).toMatchObject(expected),
            );
        });
      });
    },
  );

  test('across files and import runs: a later file, or a later import, comes later', async () => {
    await withTempDir(async (dir) => {
      const solvedFirst = join(dir, 'one-run');
      await mkdir(solvedFirst);
      await writeFile(join(solvedFirst, 'contacts.csv'), `${CONTACTS.slice(0, 2).join('\n')}\n`);
      const solved = [EVENTS_HEADER, EVENTS[0], EVENTS[5]].join('\n');
      const reopened = [EVENTS_HEADER, EVENTS[6]].join('\n');
      // In a folder, files of a table are imported by name.
      await writeFile(join(solvedFirst, 'contact_events-1.csv'), `${solved}\n`);
      await writeFile(join(solvedFirst, 'contact_events-2.csv'), `${reopened}\n`);
      await withDuckDb([solvedFirst], async (db) => {
        expect(await factsOf(db, 'helpdesk|k1')).toMatchObject({ reopens: 1, is_open: true });
      });
      // The same events in two imports, the reopening one first.
      await withDuckDb(
        [join(solvedFirst, 'contacts.csv'), join(solvedFirst, 'contact_events-2.csv')],
        async (db) => {
          await importOk(db, [join(solvedFirst, 'contact_events-1.csv')]);
          expect(await factsOf(db, 'helpdesk|k1')).toMatchObject({ reopens: 0, is_open: false });
          // Importing the reopening again replaces it: it now comes after the resolution.
          await importOk(db, [join(solvedFirst, 'contact_events-2.csv')]);
          expect(await factsOf(db, 'helpdesk|k1')).toMatchObject({ reopens: 1, is_open: true });
          // Within a file, the last row of a key is the one kept, in its place.
          const repeated = join(dir, 'contact_events-repeated.csv');
          await writeFile(repeated, `${[EVENTS_HEADER, EVENTS[5], EVENTS[6], EVENTS[5]].join('\n')}\n`);
          await importOk(db, [repeated]);
          expect(await factsOf(db, 'helpdesk|k1')).toMatchObject({ reopens: 0, is_open: false });
        },
      );
    });
  });

  test('a file large enough to be read on several threads keeps its line order, and its last row of a key', async () => {
    await withTempDir(async (dir) => {
      // About 24 MB: DuckDB splits the reading of a file this size between its threads. A boolean
      // column converted with a list of words is what once gave the rows back in another order.
      const contacts = 24_000;
      const perContact = 8;
      const padding = 'x'.repeat(80);
      const contactLines = ['source,external_id,channel,created_at'];
      const eventLines = ['source,contact_external_id,external_id,kind,occurred_at,agent_id,public,body'];
      for (let c = 0; c < contacts; c++) {
        const id = `c${String(c).padStart(6, '0')}`;
        contactLines.push(`helpdesk,${id},email,2026-03-02T08:00:00Z`);
        for (let e = 0; e < perContact; e++)
          eventLines.push(
            `helpdesk,${id},${id}-${e},agent_reply,2026-03-02T09:00:00Z,ann,${e % 4 === 0 ? 'true' : ''},${padding}`,
          );
      }
      // The first event's key again, last, with another agent: this row is the one kept.
      eventLines.push(`helpdesk,c000000,c000000-0,agent_reply,2026-03-02T09:00:00Z,bob,yes,${padding}`);
      await writeFile(join(dir, 'contacts.csv'), `${contactLines.join('\n')}\n`);
      await writeFile(join(dir, 'contact_events.csv'), `${eventLines.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const imported = await importFiles(db, [join(dir, 'contacts.csv'), join(dir, 'contact_events.csv')], {
          rebuild: false,
        });
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
        const stored = await db.all('SELECT external_id, agent_id FROM contact_events ORDER BY seq');
        const inLines = eventLines.slice(2).map((line) => line.split(',')[2]);
        expect(stored.map((r) => r.external_id)).toEqual(inLines);
        expect(stored.at(-1)).toEqual({ external_id: 'c000000-0', agent_id: 'bob' });
      });
    });
  });

  test('an NDJSON file whose last line has no line feed keeps that line last, import after import', async () => {
    await withTempDir(async (dir) => {
      const header = EVENTS_HEADER.split(',');
      // Messages, the resolution and then the reopening, the reopening on the file's last line.
      const messages = Array.from(
        { length: 30 },
        (_, i) => `helpdesk,k2,c${i},customer_message,2026-03-02T10:${String(i).padStart(2, '0')}:00Z,,,`,
      );
      const lines = [EVENTS[0], ...messages, EVENTS[5], EVENTS[6]].map((line = '') =>
        JSON.stringify(Object.fromEntries(line.split(',').map((v, i) => [header[i], v === '' ? null : v]))),
      );
      const events = join(dir, 'contact_events.ndjson');
      await writeFile(events, lines.join('\n'));
      await writeFile(join(dir, 'contacts.csv'), `${CONTACTS.join('\n')}\n`);
      await withDuckDb([join(dir, 'contacts.csv')], async (db) => {
        // DuckDB's reader staged such a last line first in about half of the runs.
        for (let run = 0; run < 8; run++) {
          await importOk(db, [events]);
          expect(await factsOf(db, 'helpdesk|k1'), `import ${run + 1}`).toMatchObject({
            reopens: 1,
            is_open: true,
          });
        }
      });
    });
  });
});

describe('a mapped call log staged by SQL (rows: "contact")', () => {
  /** The same format without its SQL stage: every row through the row-by-row converter. */
  const rowByRow: SourceFormat = { ...csvMapped, stage: undefined };
  const LOG = ['id,opened,picked,first,second', 'c1,2026-03-02T10:00:00Z,2026-03-02T10:00:20Z,ann,bob'];
  // The answer and the reply are at the same moment: the first response is the event mapped first.
  const mapping = (events: object[]) => ({
    rows: 'contact',
    fields: {
      id: { column: 'id' },
      opened: { column: 'opened', type: 'timestamp' },
      picked: { column: 'picked', type: 'timestamp' },
      first: { column: 'first' },
      second: { column: 'second' },
    },
    contact: { external_id: 'id', channel: { const: 'chat' }, created_at: 'opened' },
    events: [{ kind: { const: 'queue_enter' }, at: 'opened' }, ...events],
  });
  const answer = { kind: { const: 'answer' }, at: 'picked', agent_id: 'first' };
  const reply = { kind: { const: 'agent_reply' }, at: 'picked', agent_id: 'second' };

  test('a log large enough to be read on several threads keeps its row order', async () => {
    await withTempDir(async (dir) => {
      // About 24 MB, with a value map of five values: as an IN list, they gave the rows back in
      // another order, as the boolean's words did in the canonical files' case above.
      const log = join(dir, 'calls.csv');
      const mappingPath = join(dir, 'calls.map.json');
      const padding = 'x'.repeat(100);
      const ids = Array.from({ length: 160_000 }, (_, i) => `c${String(i).padStart(6, '0')}`);
      const lines = ids.map(
        (id, i) => `${id},2026-03-02T10:00:00Z,2026-03-02T10:00:20Z,ann,bob,${'abcde'[i % 5]},${padding}`,
      );
      await writeFile(log, `${['id,opened,picked,first,second,line,note', ...lines].join('\n')}\n`);
      const mapped = mapping([answer]);
      await writeFile(
        mappingPath,
        JSON.stringify({
          ...mapped,
          fields: {
            ...mapped.fields,
            line: {
              column: 'line',
              map: { a: 'phone', b: 'chat', c: 'email', d: 'web_form', e: 'in_person' },
            },
          },
          contact: { ...mapped.contact, channel: 'line' },
        }),
      );
      await withDuckDb([], async (db) => {
        const summary = await importSourceOrThrow(db, csvMapped, [log], { mappingPath, rebuild: false });
        expect(summary.conversion.by).toBe('sql');
        const stored = await db.all(
          "SELECT contact_external_id AS id FROM contact_events WHERE kind = 'answer' ORDER BY seq",
        );
        expect(stored.map((r) => r.id)).toEqual(ids);
      });
    });
  });

  test.each([
    { name: 'answer mapped first', events: [answer, reply], responder: 'ann' },
    { name: 'reply mapped first', events: [reply, answer], responder: 'bob' },
  ])('events of one row at the same moment keep the mapping order: $name', async ({ events, responder }) => {
    await withTempDir(async (dir) => {
      const log = join(dir, 'calls.csv');
      const mappingPath = join(dir, 'calls.map.json');
      await writeFile(log, `${LOG.join('\n')}\n`);
      await writeFile(mappingPath, JSON.stringify(mapping(events)));
      for (const format of [csvMapped, rowByRow]) {
        await withDuckDb([], async (db) => {
          const summary = await importSourceOrThrow(db, format, [log], { mappingPath });
          expect(summary.conversion.by).toBe(format === csvMapped ? 'sql' : 'rows');
          expect(await factsOf(db, 'csv|c1')).toMatchObject({ first_reply_agent_id: responder });
        });
      }
    });
  });
});
