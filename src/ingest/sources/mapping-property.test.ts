import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { callLogMapping } from '../../../test/support/mappings.js';
import { TABLES } from '../../core/schema.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { importSource } from '../../services/import-source.js';
import { csvMapped } from './csv-mapped.js';
import type { SourceFormat } from './format.js';

/**
 * The SQL stage of `rows: "contact"` mappings against the row-by-row converter, on random call
 * logs: ties, repeated contact ids (agreeing and conflicting, under each `duplicates` option),
 * placeholders, skipped and odd rows, times that cross midnight and a clock change.
 */

const rowByRow: SourceFormat = { ...csvMapped, stage: undefined };

const DAYS = ['2026-03-02', '2026-03-29', '2026-10-25'];
const HEADER = 'day,line,call_id,q_start,q_exit,ser_start,ser_end,outcome,server';

const clock = (seconds: number) => {
  const s = ((seconds % 86_400) + 86_400) % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
};

const callArbitrary = fc.record({
  call: fc.integer({ min: 1, max: 15 }),
  line: fc.constantFrom('1', '2'),
  day: fc.constantFrom(...DAYS),
  // Ties: many calls queue at the same few instants; some just before midnight or in the
  // spring-forward gap and the autumn repeat of Amsterdam.
  start: fc.oneof(
    fc.constantFrom(36_000, 36_000, 86_390, 86_399, 2 * 3600 + 1800, 9 * 3600),
    fc.integer({ min: 0, max: 86_399 }),
  ),
  wait: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 90 })),
  talk: fc.oneof(fc.constant(0), fc.integer({ min: -20, max: 400 })),
  service: fc.constantFrom('time', 'time', '0:00:00', '-', ''),
  outcome: fc.constantFrom('AGENT', 'AGENT', 'HANG', 'NONE', '-', 'PHANTOM'),
  server: fc.constantFrom('ann', 'bob', 'NO_SERVER', '-'),
});
type Call = typeof callArbitrary extends fc.Arbitrary<infer T> ? T : never;

function line(c: Call): string {
  const qExit = c.start + c.wait;
  const service = c.service === 'time' ? clock(qExit) : c.service;
  return [
    c.day,
    c.line,
    c.call,
    clock(c.start),
    clock(qExit),
    service,
    clock(qExit + c.talk),
    c.outcome,
    c.server,
  ].join(',');
}

const caseArbitrary = fc.record({
  calls: fc.array(callArbitrary, { minLength: 1, maxLength: 40 }),
  // Rows repeated elsewhere in the file: as they are (they agree) or with another agent (they conflict).
  repeats: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), conflict: fc.boolean() }), { maxLength: 8 }),
  duplicates: fc.constantFrom(undefined, 'refuse', 'first', 'last'),
  composite: fc.boolean(),
  suspicious: fc.constantFrom('import', 'skip'),
  timezone: fc.constantFrom('UTC', 'Europe/Amsterdam'),
});
type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function fileOf(c: Case): string {
  const lines = c.calls.map(line);
  for (const r of c.repeats) {
    const from = c.calls[r.from % c.calls.length] as Call;
    const copy: Call = r.conflict ? { ...from, server: from.server === 'ann' ? 'bob' : 'ann' } : from;
    lines.splice(r.to % (lines.length + 1), 0, line(copy));
  }
  return `${[HEADER, ...lines].join('\n')}\n`;
}

function mappingOf(c: Case): object {
  return callLogMapping({
    timezone: c.timezone,
    none: ['', '-'],
    settings: { suspicious: c.suspicious, ...(c.duplicates ? { duplicates: c.duplicates } : {}) },
    dayColumn: 'day',
    key: c.composite ? { join: ['day', 'line', 'call'], separator: '/' } : { column: 'call_id' },
    serviceAfter: 'q_exit',
    timesAfterAnswered: { ser_end: { column: 'ser_end', type: 'time', date: 'date', after: 'answered' } },
    skipOutcomes: ['PHANTOM'],
    contact: { status: { const: 'closed' } },
    events: [
      {
        kind: { const: 'end' },
        at: 'ser_end',
        when: { field: 'outcome', in: ['answered'] },
        agent_id: 'agent',
      },
    ],
  });
}

/** The rows of one source in a database: canonical columns, each event's rank among its contact's, facts. */
async function stored(db: DuckDbEngine, source: string) {
  const columns = (table: 'contacts' | 'contact_events') =>
    TABLES[table].columns.map((c) => `CAST(${c.name} AS VARCHAR) AS ${c.name}`).join(', ');
  const where = `WHERE source = '${source}'`;
  return {
    contacts: await db.all(`SELECT ${columns('contacts')} FROM contacts ${where} ORDER BY external_id`),
    events: await db.all(
      `SELECT ${columns('contact_events')}, row_number() OVER (PARTITION BY contact_external_id ORDER BY occurred_at, seq) AS rank FROM contact_events ${where} ORDER BY contact_external_id, rank`,
    ),
    facts: await db
      .all(
        `SELECT * EXCLUDE (rebuilt_at) FROM contact_facts WHERE contact_key LIKE '${source}|%' ORDER BY contact_key`,
      )
      .catch(() =>
        db.all(`SELECT * FROM contact_facts WHERE contact_key LIKE '${source}|%' ORDER BY contact_key`),
      ),
  };
}

describe('the SQL stage against the row-by-row converter', () => {
  test('random call logs give the same contacts, events, warnings, counts and facts both ways', async () => {
    let run = 0;
    const ways = { sql: 0, rows: 0, refused: 0 };
    await withTempDir(async (dir) =>
      withDuckDb([], async (sqlDb) =>
        withDuckDb([], async (rowsDb) => {
          await fc.assert(
            fc.asyncProperty(caseArbitrary, async (c) => {
              run++;
              // A source per run keeps the runs apart in the two databases.
              const source = `run${run}`;
              const csv = join(dir, `calls-${run}.csv`);
              const map = join(dir, `calls-${run}.map.json`);
              await writeFile(csv, fileOf(c));
              await writeFile(map, JSON.stringify(mappingOf(c)));
              const options = { mappingPath: map, source };
              const bySql = await importSource(sqlDb, csvMapped, [csv], options);
              const byRows = await importSource(rowsDb, rowByRow, [csv], options);
              expect(bySql.ok).toBe(byRows.ok);
              if (!bySql.ok || !byRows.ok) {
                ways.refused++;
                expect(bySql.ok ? null : bySql.error).toEqual(byRows.ok ? null : byRows.error);
                return;
              }
              ways[bySql.data.conversion.by]++;
              const said = (s: typeof bySql.data) => ({
                warnings: s.warnings,
                contactRows: s.contactRows,
                files: s.files.map((f) => [f.table, f.rowsRead, f.rowsImported, f.rowsRejected]),
                from: s.contactsFrom,
                to: s.contactsTo,
                changed: s.facts?.changedContacts,
              });
              expect(said(bySql.data)).toEqual(said(byRows.data));
              expect(await stored(sqlDb, source)).toEqual(await stored(rowsDb, source));
            }),
            // A fixed seed: the same cases on every machine, and they reach all three ways.
            { numRuns: 10, seed: 20_261_204, endOnFailure: true },
          );
        }),
      ),
    );
    // The cases reach every way through: staged in SQL, sent row by row, refused.
    expect(ways.sql).toBeGreaterThan(0);
    expect(ways.rows).toBeGreaterThan(0);
    expect(ways.refused).toBeGreaterThan(0);
  }, 120_000);
});
