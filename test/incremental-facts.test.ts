import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Engine, Row } from '../src/core/engine.js';
import { CONTACT_KEY_TABLES } from '../src/core/migrations.js';
import { CANONICAL_TABLES, CHANNELS, EVENT_KINDS, PRIORITIES, STATUSES, TABLES } from '../src/core/schema.js';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import {
  type FactsChange,
  type RebuildSummary,
  rebuildFacts,
  rebuildTouchedFacts,
  type TouchedRows,
} from '../src/services/rebuild.js';
import {
  ENGINES,
  openMigratedPostgres,
  POSTGRES_ENGINES,
  withMigrated,
  withTempDir,
} from './support/engines.js';

/**
 * Rebuilding only the facts of what an import touched must leave every derived table as a full
 * rebuild would: random imports in several steps go into two databases, one rebuilding what the
 * import touched, the other everything, and every facts row, per-source summary, rebuild notice
 * and the facts span are compared after each step. The change each step reports is checked
 * against the facts before and after it.
 */

const SOURCES = ['a', 'b'] as const;
const CONTACT_IDS = 20;
const AGENTS = ['ann', 'bob', 'cid'] as const;
const TEAMS = ['support', 'sales', ''] as const;

/** Every contact of an id is created around the same day, so its events are around it too. */
const contactDay = (id: number) => Date.parse('2026-03-02T00:00:00Z') + id * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const contactArbitrary = fc.record({
  source: fc.constantFrom(...SOURCES),
  id: fc.integer({ min: 1, max: CONTACT_IDS }),
  channel: fc.constantFrom(...CHANNELS),
  createdMinutes: fc.integer({ min: -600, max: 900 }),
  // Often none: the contact is then its assignee's team's.
  team: fc.constantFrom(...TEAMS, ''),
  assignee: fc.constantFrom(...AGENTS, ''),
  topic: fc.constantFrom('delivery', 'billing', ''),
  priority: fc.constantFrom(...PRIORITIES, ''),
  status: fc.constantFrom(...STATUSES, ''),
});

const eventArbitrary = fc.record({
  source: fc.constantFrom(...SOURCES),
  contact: fc.integer({ min: 1, max: CONTACT_IDS }),
  // Few ids, so events are replaced, also by one of another contact; empty ones are derived.
  id: fc.oneof(fc.integer({ min: 1, max: 40 }).map(String), fc.constant('')),
  kind: fc.constantFrom(...EVENT_KINDS),
  minutes: fc.integer({ min: -300, max: 3000 }),
  agent: fc.constantFrom(...AGENTS, ''),
  status: fc.constantFrom(...STATUSES),
  escalation: fc.constantFrom('tier', 'complaint'),
  publicReply: fc.boolean(),
});

const surveyArbitrary = fc.record({
  source: fc.constantFrom(...SOURCES),
  id: fc.integer({ min: 1, max: 6 }),
  nps: fc.boolean(),
  contact: fc.integer({ min: 1, max: CONTACT_IDS }),
  answered: fc.boolean(),
  score: fc.integer({ min: 1, max: 5 }),
  minutes: fc.integer({ min: 0, max: 5000 }),
  agent: fc.constantFrom(...AGENTS, ''),
  dimension: fc.constantFrom('', '', 'speed'),
  survey: fc.constantFrom('', 'post', 'wave'),
  location: fc.constantFrom('', '', 'shop'),
});

const agentArbitrary = fc.record({ id: fc.constantFrom(...AGENTS), team: fc.constantFrom(...TEAMS) });

/** An import of up to `size` contacts, with about four times as many events. */
const stepOf = (size: number) =>
  fc.record({
    contacts: fc.array(contactArbitrary, { minLength: Math.floor(size / 3), maxLength: size }),
    events: fc.array(eventArbitrary, { minLength: size, maxLength: size * 4 }),
    surveys: fc.array(surveyArbitrary, { maxLength: Math.ceil(size / 2) }),
    agents: fc.array(agentArbitrary, { maxLength: 1 }),
    // The calendars, teams and target sent again as they are, as a helpdesk export carries them.
    resendSetUp: fc.boolean(),
    // The previous step's files sent again: as they were, or with their lines in reverse (events
    // at the same time then come in another order, and the last row of a repeated key changes).
    resendPrevious: fc.constantFrom('no', 'same', 'reversed'),
  });
type Step = typeof stepOf extends (size: number) => fc.Arbitrary<infer T> ? T : never;
/** A first import of many contacts, then a few small ones: most contacts are not touched by each. */
const stepsArbitrary = fc
  .tuple(stepOf(30), fc.array(stepOf(3), { minLength: 1, maxLength: 3 }))
  .map(([first, later]) => [first, ...later]);

const csv = (header: string, lines: readonly (readonly (string | number)[])[]) =>
  `${[header, ...lines.map((l) => l.join(','))].join('\n')}\n`;

/** The canonical files of the set-up: two calendars (one overnight), teams, agents, two targets. */
async function writeSetUp(dir: string): Promise<string[]> {
  const files: Record<string, string> = {
    'calendars.csv': csv('id,name,timezone,is_default', [
      ['office', 'Office', 'Europe/Amsterdam', 'true'],
      ['night', 'Night', 'UTC', 'false'],
    ]),
    'calendar_intervals.csv': csv('calendar_id,weekday,start_time,end_time', [
      ...[1, 2, 3, 4, 5].map((day) => ['office', day, '09:00', '17:00']),
      ...[1, 2, 3, 4, 5, 6, 7].map((day) => ['night', day, '22:00', '06:00']),
    ]),
    'teams.csv': csv('id,name,calendar_id', [
      ['support', 'Support', 'office'],
      ['sales', 'Sales', 'night'],
    ]),
    'agents.csv': csv('id,name,email,team_id,started_on,active', [
      ['ann', 'Ann', '', 'support', '', ''],
      ['bob', 'Bob', '', 'sales', '', ''],
      ['cid', 'Cid', '', '', '', ''],
    ]),
    // One target for every team: its key has an empty column, which a re-sent copy must match.
    'targets.csv': csv('metric,channel,team_id,threshold_seconds,hours', [
      ['frt', 'email', 'support', 1800, ''],
      ['frt', 'chat', '', 600, ''],
    ]),
  };
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return Object.keys(files).map((name) => join(dir, name));
}

/**
 * The files of one step, and the contacts that exist after it (events and survey rows of contacts
 * that exist neither before nor in the step are left out: the import would refuse them).
 */
async function writeStep(dir: string, step: Step, existing: Set<string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, text: string) => {
    files.push(join(dir, name));
    await writeFile(join(dir, name), text);
  };
  for (const c of step.contacts) existing.add(`${c.source}|${c.id}`);
  if (step.contacts.length > 0)
    await write(
      'contacts.csv',
      csv(
        'source,external_id,channel,created_at,team_id,assignee_id,topic,priority,status',
        step.contacts.map((c) => [
          c.source,
          c.id,
          c.channel,
          iso(contactDay(c.id) + c.createdMinutes * 60_000),
          c.team,
          c.assignee,
          c.topic,
          c.priority,
          c.status,
        ]),
      ),
    );
  const events = step.events.filter((e) => existing.has(`${e.source}|${e.contact}`));
  if (events.length > 0)
    await write(
      'contact_events.csv',
      csv(
        'source,contact_external_id,external_id,kind,occurred_at,agent_id,public,status,escalation_type',
        events.map((e) => [
          e.source,
          e.contact,
          e.id === '' ? '' : `e${e.id}`,
          e.kind,
          iso(contactDay(e.contact) + e.minutes * 60_000),
          e.agent,
          e.kind === 'agent_reply' ? String(e.publicReply) : '',
          e.kind === 'status_change' ? e.status : '',
          e.kind === 'escalation' ? e.escalation : '',
        ]),
      ),
    );
  const surveys = step.surveys.filter((s) => existing.has(`${s.source}|${s.contact}`));
  if (surveys.length > 0)
    await write(
      'survey_responses.csv',
      csv(
        'source,external_id,kind,scale_min,scale_max,score,dimension,contact_external_id,agent_id,sent_at,responded_at,survey_id,location',
        surveys.map((s) => {
          const sent = contactDay(s.contact) + s.minutes * 60_000;
          return [
            s.source,
            `s${s.id}`,
            s.nps ? 'nps' : 'csat',
            s.nps ? 0 : 1,
            s.nps ? 10 : 5,
            s.answered ? (s.nps ? s.score * 2 : s.score) : '',
            s.dimension,
            s.contact,
            s.agent,
            iso(sent),
            s.answered ? iso(sent + 3_600_000) : '',
            s.survey,
            s.location,
          ];
        }),
      ),
    );
  if (step.agents.length > 0)
    await write(
      'agents.csv',
      csv(
        'id,name,team_id',
        step.agents.map((a) => [a.id, a.id, a.team]),
      ),
    );
  return files;
}

/** Copies of `files` in `dir`, their lines after the header reversed when asked. */
async function resent(files: readonly string[], dir: string, reversed: boolean): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const copies: string[] = [];
  for (const file of files) {
    const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const copy = join(dir, basename(file));
    await writeFile(copy, `${[header, ...(reversed ? lines.reverse() : lines)].join('\n')}\n`);
    copies.push(copy);
  }
  return copies;
}

/** Rows of a query as comparable values: numbers rounded past floating-point noise. */
async function table(db: Engine, sql: string): Promise<Row[]> {
  const rows = await db.all(sql);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v]),
    ),
  );
}

/** Everything a rebuild derives, in a fixed order. */
async function derived(db: Engine) {
  return {
    contactFacts: await table(db, 'SELECT * FROM contact_facts ORDER BY contact_key'),
    surveyFacts: await table(db, 'SELECT * FROM survey_facts ORDER BY survey_key'),
    sourceInputs: await table(db, 'SELECT * FROM source_inputs ORDER BY source, input'),
    sourceActivity: await table(db, 'SELECT * FROM source_activity ORDER BY source, channel, day'),
    notices: await table(
      db,
      "SELECT source, code, message, CAST(day AS VARCHAR) AS day, contacts, examples FROM data_quality_notices WHERE file = '(rebuild)' ORDER BY source, code, day, message",
    ),
    span: await table(
      db,
      'SELECT contacts, CAST(facts_from AS VARCHAR) AS facts_from, CAST(facts_to AS VARCHAR) AS facts_to FROM facts_state',
    ),
    agents: await table(db, 'SELECT id, name, team_id FROM agents ORDER BY id'),
    businessIntervals: await table(
      db,
      'SELECT calendar_id, CAST(start_at AS VARCHAR) AS start_at, cumulative_before_s FROM business_intervals ORDER BY 1, 2',
    ),
  };
}

/** The parts of a summary both rebuilds must agree on. */
function comparable(summary: RebuildSummary | null) {
  if (summary === null) throw new Error('the import did not rebuild');
  const { seconds: _s, scope: _scope, rebuilt: _rebuilt, change: _change, ...rest } = summary;
  return rest;
}

/** The values of every dimension in the facts, as a filter list shows them. */
async function dimensionValues(db: Engine): Promise<string> {
  const both = (contact: string, survey: string) =>
    `SELECT DISTINCT v FROM (SELECT ${contact} AS v FROM contact_facts UNION ALL SELECT ${survey} FROM survey_facts) x`;
  const lists = await Promise.all(
    [
      both('channel', 'channel'),
      both('team_id', 'team_id'),
      both('assignee_id', 'agent_id'),
      both('topic', 'topic'),
      both('priority', 'priority'),
      'SELECT DISTINCT first_escalation_type AS v FROM contact_facts',
      'SELECT DISTINCT dimension AS v FROM survey_facts',
      'SELECT DISTINCT survey_id AS v FROM survey_facts',
      'SELECT DISTINCT question_id AS v FROM survey_facts',
      'SELECT DISTINCT survey_source AS v FROM survey_facts',
      'SELECT DISTINCT location AS v FROM survey_facts',
    ].map(async (sql) => (await db.all(sql)).map((r) => String(r.v)).sort()),
  );
  return JSON.stringify(lists);
}

const TIME_COLUMNS = [
  'created_at',
  'first_customer_message_at',
  'first_reply_at',
  'first_resolved_at',
  'last_resolved_at',
  'sent_at',
  'responded_at',
  'counted_at',
];

/** Every time of a facts row that changed lies within the change's days. */
function expectWithinDays(change: FactsChange, before: readonly Row[], after: readonly Row[], key: string) {
  const byKey = (rows: readonly Row[]) => new Map(rows.map((r) => [String(r[key]), JSON.stringify(r)]));
  const old = byKey(before);
  const now = byKey(after);
  for (const k of new Set([...old.keys(), ...now.keys()])) {
    if (old.get(k) === now.get(k)) continue;
    expect(change.days, `${k} changed`).not.toBeNull();
    for (const text of [old.get(k), now.get(k)]) {
      if (text === undefined) continue;
      const row = JSON.parse(text) as Row;
      for (const column of TIME_COLUMNS) {
        const value = row[column];
        if (value == null) continue;
        const at = new Date(`${String(value).replace(' ', 'T')}Z`).toISOString();
        expect(at >= (change.days?.from ?? '') && at < (change.days?.to ?? ''), `${k}.${column} ${at}`).toBe(
          true,
        );
      }
    }
  }
}

async function openMigrated(path: string): Promise<DuckDbEngine> {
  const db = await openDuckDb({ path });
  await migrate(db);
  return db;
}

async function imported(db: Engine, files: string[], scope: 'touched' | 'all') {
  const result = await importFiles(db, files, { rebuildScope: scope, countChangedContacts: true });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data;
}

/** A contact with a creation time out of range, put there as an older version could: left out. */
async function plantOutOfRange(db: Engine): Promise<void> {
  await db.run(
    `INSERT INTO contacts (source, external_id, channel, created_at, status, contact_key)
     VALUES ('zz', 'year9999', 'email', CAST('9999-12-31 00:00:00' AS TIMESTAMP), 'open', 'zz|year9999')`,
  );
}

describe('incremental facts', () => {
  test('random imports rebuilt by what they touched equal a full rebuild, step by step (DuckDB)', async () => {
    await fc.assert(
      fc.asyncProperty(stepsArbitrary, async (steps) => {
        await withTempDir(async (dir) => {
          const touchedDb = await openMigrated(join(dir, 'touched.duckdb'));
          const fullDb = await openMigrated(join(dir, 'full.duckdb'));
          try {
            const setUp = await writeSetUp(join(dir, 'setup'));
            for (const db of [touchedDb, fullDb]) {
              await plantOutOfRange(db);
              await imported(db, setUp, 'all');
            }
            const existing = new Set<string>();
            let previous: string[] = [];
            for (const [index, step] of steps.entries()) {
              const files = await writeStep(join(dir, `step-${index}`), step, existing);
              if (files.length === 0) continue;
              if (step.resendSetUp) files.push(...setUp.filter((f) => !f.endsWith('agents.csv')));
              if (index > 0 && step.resendPrevious !== 'no')
                files.unshift(
                  ...(await resent(
                    previous,
                    join(dir, `again-${index}`),
                    step.resendPrevious === 'reversed',
                  )),
                );
              previous = files.filter((f) => f.includes(`step-${index}`));
              const before = await derived(touchedDb);
              const valuesBefore = await dimensionValues(touchedDb);
              const bySteps = await imported(touchedDb, files, 'touched');
              const whole = await imported(fullDb, files, 'all');
              const facts = bySteps.facts as RebuildSummary;
              expect(facts.scope).toBe('touched');
              expect(whole.facts?.scope).toBe('all');
              const after = await derived(touchedDb);
              expect(after).toEqual(await derived(fullDb));
              expect(comparable(facts)).toEqual(comparable(whole.facts));

              const { change } = facts;
              expect(change.everything).toBe(false);
              expect(change.before).not.toBe(change.after);
              expectWithinDays(change, before.contactFacts, after.contactFacts, 'contact_key');
              expectWithinDays(change, before.surveyFacts, after.surveyFacts, 'survey_key');
              expect(change.filterValues).toBe(valuesBefore !== (await dimensionValues(touchedDb)));
              expect(change.inputs).toBe(
                JSON.stringify(before.sourceInputs) !== JSON.stringify(after.sourceInputs),
              );
              // Only agents' rows that differ from the stored ones change anything.
              expect(change.agents).toBe(JSON.stringify(before.agents) !== JSON.stringify(after.agents));
              const withoutCalendar = (rows: readonly Row[]) =>
                rows.filter((r) => r.calendar_id == null).length;
              expect(change.withoutCalendar).toBe(
                withoutCalendar(before.contactFacts) !== withoutCalendar(after.contactFacts),
              );
            }
          } finally {
            await touchedDb.close();
            await fullDb.close();
          }
        });
      }),
      // Every case costs imports: on a busy machine fewer cases run, and shrinking a failure stops
      // after a while with the smallest case found so far.
      { numRuns: 8, interruptAfterTimeLimit: 120_000 },
    );
  }, 300_000);

  test('an import that touches most contacts rebuilds all facts', async () => {
    await withTempDir(async (dir) => {
      const db = await openMigrated(join(dir, 'db.duckdb'));
      try {
        const first = await imported(db, await writeSetUp(join(dir, 'setup')), 'touched');
        expect(first.facts?.scope).toBe('all');
        await mkdir(join(dir, 'small'));
        await mkdir(join(dir, 'many'));
        const small = join(dir, 'small', 'contacts.csv');
        await writeFile(
          small,
          csv('source,external_id,channel,created_at', [['a', 'x1', 'email', '2026-03-03T10:00:00Z']]),
        );
        const step = await imported(db, [small], 'touched');
        expect(step.facts?.scope).toBe('touched');
        expect(step.facts?.rebuilt).toEqual({ contacts: 1, surveys: 0 });
        expect(step.facts?.contacts).toBe(1);
        // 5,000 contacts are more than the limit's floor and a tenth of those stored.
        const many = join(dir, 'many', 'contacts.csv');
        await writeFile(
          many,
          csv(
            'source,external_id,channel,created_at',
            Array.from({ length: 5_001 }, (_, i) => ['b', `m${i}`, 'email', '2026-03-03T10:00:00Z']),
          ),
        );
        const most = await imported(db, [many], 'touched');
        expect(most.facts?.scope).toBe('all');
        expect(most.facts?.contacts).toBe(5_002);
      } finally {
        await db.close();
      }
    });
  });
});

describe.each(ENGINES)('the set-up tables re-imported on $kind', ({ kind }) => {
  test('rows equal to the stored ones rebuild nothing; one changed row of a calendar, interval, team or target rebuilds all facts', async () => {
    await withMigrated(kind, async (db) => {
      await withTempDir(async (dir) => {
        const setUp = await writeSetUp(join(dir, 'setup'));
        await imported(db, setUp, 'touched');
        const contacts = join(dir, 'contacts.csv');
        await writeFile(
          contacts,
          csv('source,external_id,channel,created_at,team_id', [
            ['a', 'x1', 'email', '2026-03-03T10:00:00Z', 'support'],
            ['a', 'x2', 'chat', '2026-03-03T23:00:00Z', 'sales'],
          ]),
        );
        await imported(db, [contacts], 'touched');
        const factsBefore = await table(db, 'SELECT * FROM contact_facts ORDER BY contact_key');

        const again = await imported(db, setUp, 'touched');
        expect(again.facts?.scope).toBe('touched');
        expect(again.facts?.rebuilt).toEqual({ contacts: 0, surveys: 0 });
        expect(await table(db, 'SELECT * FROM contact_facts ORDER BY contact_key')).toEqual(factsBefore);

        const changes: [string, string][] = [
          [
            'calendars.csv',
            csv('id,name,timezone,is_default', [['office', 'Office', 'Europe/London', 'true']]),
          ],
          [
            'calendar_intervals.csv',
            csv('calendar_id,weekday,start_time,end_time', [['office', 2, '09:00', '18:00']]),
          ],
          ['teams.csv', csv('id,name,calendar_id', [['sales', 'Sales', 'office']])],
          [
            'targets.csv',
            csv('metric,channel,team_id,threshold_seconds,hours', [['frt', 'email', 'support', 900, '']]),
          ],
        ];
        for (const [name, text] of changes) {
          await mkdir(join(dir, name));
          const changed = join(dir, name, name);
          await writeFile(changed, text);
          const summary = await imported(db, [changed], 'touched');
          expect(summary.facts?.scope, name).toBe('all');
          expect(summary.facts?.change.everything, name).toBe(true);
          // The same file once more is no change.
          const resent = await imported(db, [changed], 'touched');
          expect(resent.facts?.scope, name).toBe('touched');
        }
      });
    });
  });
});

describe.each(ENGINES)('an export imported again on $kind', ({ kind }) => {
  test('rebuilds only the contacts whose rows changed or whose events at the same time come in another order', async () => {
    await withMigrated(kind, async (db) => {
      await withTempDir(async (dir) => {
        const contactsHeader = 'source,external_id,channel,created_at,team_id,topic';
        const contacts = [
          ['a', 'x1', 'email', '2026-03-03T10:00:00Z', 'support', 'delivery'],
          ['a', 'x2', 'email', '2026-03-03T11:00:00Z', 'support', 'billing'],
          ['a', 'x3', 'chat', '2026-03-03T09:00:00Z', 'sales', 'delivery'],
        ];
        const eventsHeader = 'source,contact_external_id,external_id,kind,occurred_at,agent_id,public,status';
        const replyAndSolved = [
          ['a', 'x1', 'e2', 'agent_reply', '2026-03-03T10:30:00Z', 'ann', 'true', ''],
          ['a', 'x1', 'e3', 'status_change', '2026-03-03T10:30:00Z', 'ann', '', 'solved'],
        ];
        const events = (x1Pair: string[][], x2Reply: string) => [
          ['a', 'x1', 'e1', 'customer_message', '2026-03-03T10:00:00Z', '', '', ''],
          ...x1Pair,
          ['a', 'x2', 'e4', 'customer_message', '2026-03-03T11:00:00Z', '', '', ''],
          ['a', 'x2', 'e5', 'agent_reply', x2Reply, 'bob', 'true', ''],
          ['a', 'x3', 'e6', 'customer_message', '2026-03-03T09:00:00Z', '', '', ''],
        ];
        let round = 0;
        const write = async (contactRows: string[][], eventRows: string[][]) => {
          const at = join(dir, `round-${round++}`);
          await mkdir(at);
          await writeFile(join(at, 'contacts.csv'), csv(contactsHeader, contactRows));
          await writeFile(join(at, 'contact_events.csv'), csv(eventsHeader, eventRows));
          return [join(at, 'contacts.csv'), join(at, 'contact_events.csv')];
        };
        /** Imports, and checks the facts against a full rebuild of the same rows. */
        const rebuiltBy = async (files: string[]) => {
          const summary = await imported(db, files, 'touched');
          const facts = await table(db, 'SELECT * FROM contact_facts ORDER BY contact_key');
          await rebuildFacts(db);
          expect(await table(db, 'SELECT * FROM contact_facts ORDER BY contact_key')).toEqual(facts);
          expect(summary.facts?.scope).toBe('touched');
          return summary.facts?.rebuilt.contacts;
        };

        await imported(db, await writeSetUp(join(dir, 'setup')), 'touched');
        const first = await write(contacts, events(replyAndSolved, '2026-03-03T12:00:00Z'));
        expect(await rebuiltBy(first)).toBe(3);
        expect(await rebuiltBy(first)).toBe(0);
        // The same rows again, in another order on other lines: still nothing changed.
        expect(
          await rebuiltBy(
            await write([...contacts].reverse(), events(replyAndSolved, '2026-03-03T12:00:00Z')),
          ),
        ).toBe(0);
        // The reply and the resolution at the same second, the other way round.
        const swapped = [...replyAndSolved].reverse();
        expect(await rebuiltBy(await write(contacts, events(swapped, '2026-03-03T12:00:00Z')))).toBe(1);
        // One event of x2 moved.
        expect(await rebuiltBy(await write(contacts, events(swapped, '2026-03-03T12:30:00Z')))).toBe(1);
        // One contact's topic changed.
        const retopic = contacts.map((c) => (c[1] === 'x3' ? [...c.slice(0, 5), 'billing'] : c));
        expect(await rebuiltBy(await write(retopic, events(swapped, '2026-03-03T12:30:00Z')))).toBe(1);
        // The resolution, stored before the reply since the swap, sent again alone: it now comes
        // after the reply, which was not sent again. Sending the reply alone keeps the order.
        const [reply, solved] = replyAndSolved as [string[], string[]];
        expect(await rebuiltBy(await write(retopic.slice(0, 1), [reply]))).toBe(0);
        expect(await rebuiltBy(await write(retopic.slice(0, 1), [solved]))).toBe(1);
        // An event moved to another contact: both are rebuilt.
        const moved = ['a', 'x2', 'e6', 'customer_message', '2026-03-03T09:00:00Z', '', '', ''];
        expect(await rebuiltBy(await write(retopic.slice(1, 2), [moved]))).toBe(2);
      });
    });
  });
});

/** The canonical tables of `from` copied over those of `to`, as they are. */
async function copyCanonicalRows(from: Engine, to: Engine): Promise<void> {
  for (const name of CANONICAL_TABLES) {
    const columns = TABLES[name].columns.map((c) => c.name);
    if ((CONTACT_KEY_TABLES as readonly string[]).includes(name)) columns.push('contact_key');
    if (name === 'contact_events') columns.push('seq');
    const rows = await from.all(
      `SELECT ${columns.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ')} FROM ${name}`,
    );
    await to.run(`DELETE FROM ${name}`);
    await to.insertRows(
      name,
      columns,
      rows.map((r) => columns.map((c) => r[c] ?? null)),
    );
  }
}

describe.each(POSTGRES_ENGINES)('incremental facts on $kind', ({ kind }) => {
  test('a rebuild of the touched rows equals a full rebuild there too', async () => {
    const touchedDb = await openMigratedPostgres(kind);
    const fullDb = await openMigratedPostgres(kind);
    try {
      await fc.assert(
        fc.asyncProperty(stepsArbitrary, async (steps) => {
          await withTempDir(async (dir) => {
            // The imports run on DuckDB; their rows are copied over, and the PostgreSQL databases
            // are told what the step touched, as the import would tell its rebuild.
            const source = await openMigrated(join(dir, 'source.duckdb'));
            try {
              await imported(source, await writeSetUp(join(dir, 'setup')), 'all');
              for (const db of [touchedDb, fullDb]) {
                await migrate(db);
                for (const derivedTable of [
                  'contact_facts',
                  'survey_facts',
                  'source_inputs',
                  'source_activity',
                  'data_quality_notices',
                  'facts_state',
                ])
                  await db.run(`DELETE FROM ${derivedTable}`);
                await copyCanonicalRows(source, db);
                await plantOutOfRange(db);
                await rebuildFacts(db);
              }
              const existing = new Set<string>();
              for (const [index, step] of steps.entries()) {
                const files = await writeStep(join(dir, `step-${index}`), step, existing);
                if (files.length === 0) continue;
                const eventContacts = new Map(
                  (
                    await source.all(
                      "SELECT source || '|' || external_id AS k, contact_key FROM contact_events",
                    )
                  ).map((r) => [String(r.k), String(r.contact_key)]),
                );
                await imported(source, files, 'all');
                const touched: TouchedRows = {
                  contacts: [
                    ...step.contacts.map((c) => `${c.source}|${c.id}`),
                    ...step.events.flatMap((e) => {
                      const contact = `${e.source}|${e.contact}`;
                      if (!existing.has(contact)) return [];
                      const previous = eventContacts.get(`${e.source}|e${e.id}`);
                      return e.id !== '' && previous !== undefined ? [contact, previous] : [contact];
                    }),
                  ],
                  surveys: step.surveys.map((s) => `${s.source}|s${s.id}`),
                  agents: step.agents.map((a) => a.id),
                };
                for (const db of [touchedDb, fullDb]) {
                  await copyCanonicalRows(source, db);
                  await plantOutOfRange(db);
                }
                const bySteps = await rebuildTouchedFacts(touchedDb, touched);
                const whole = await rebuildFacts(fullDb);
                expect(await derived(touchedDb)).toEqual(await derived(fullDb));
                expect(comparable(bySteps)).toEqual(comparable(whole));
              }
            } finally {
              await source.close();
            }
          });
        }),
        { numRuns: 4, interruptAfterTimeLimit: 120_000 },
      );
    } finally {
      await touchedDb.close();
      await fullDb.close();
    }
  }, 300_000);
});
