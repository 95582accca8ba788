import { quoteLiteral } from '../core/dialect.js';
import type { Engine } from '../core/engine.js';
import { type CanonicalTableName, TABLES } from '../core/schema.js';
import { ACCEPTED_RANGE } from '../core/time-range.js';
import { outOfRangeSql, type RebuildSummary, rebuildFacts } from './rebuild.js';

/**
 * Rows the facts rebuild cannot use because of the value in one column. A contact is put aside as a
 * unit (the contact, its events and its survey answers) when its creation or one of its events is
 * at fault; a row of any other table, or a survey answer at fault itself, on its own.
 */
export interface RepairFinding {
  table: CanonicalTableName;
  column: string;
  reason: string;
  /** Rows found (and, unless a dry run, put aside), over every table in `rowsByTable`. */
  rows: number;
  /** The contacts put aside whole; null for a finding of rows put aside one by one. */
  contacts: number | null;
  /** Rows per table: for a contact, its events and survey answers are counted with it. */
  rowsByTable: Partial<Record<CanonicalTableName, number>>;
  /** The first few rows (or contacts), by key (`source|external_id`) and value. */
  examples: string[];
}

export interface RepairReport {
  dryRun: boolean;
  findings: RepairFinding[];
  /** Rows found (and, unless a dry run, put aside), over all findings. */
  rows: number;
  /** Rows in the quarantine table after this repair, earlier repairs included. */
  quarantined: number;
  /** The rebuild that followed; null on a dry run. */
  facts: RebuildSummary | null;
}

const EXAMPLES_KEPT = 5;

/** Every time and date column of the canonical tables: each must lie in the accepted range. */
const TIME_COLUMNS = (Object.keys(TABLES) as CanonicalTableName[]).flatMap((table) =>
  TABLES[table].columns
    .filter((c) => c.type.kind === 'timestamp' || c.type.kind === 'date')
    .map((c) => ({ table, column: c.name })),
);

/**
 * The columns whose fault leaves a whole contact out of the facts, in the order a contact's fault
 * is named; the rows of these tables carry the contact's key.
 */
const CONTACT_FAULTS = [
  { table: 'contacts', column: 'created_at' },
  { table: 'contact_events', column: 'occurred_at' },
] as const satisfies readonly { table: CanonicalTableName; column: string }[];
const CONTACT_TABLES = ['contacts', 'contact_events', 'survey_responses'] as const;

const outsideRangeReason = `outside ${ACCEPTED_RANGE}`;
const contactReason = `${outsideRangeReason}: the contact is put aside whole, with its events and survey answers`;

/**
 * Notes in the temporary table `contacts_put_aside` each contact with a creation or event time the
 * rebuild cannot use, once, under its first fault (creation before events, then the earliest
 * value): every row of the contact is quarantined with that one reason.
 */
async function findContactsToPutAside(engine: Engine): Promise<RepairFinding[]> {
  await engine.run('DROP TABLE IF EXISTS contacts_put_aside');
  const faults = CONTACT_FAULTS.map(
    ({ table, column }, rank) =>
      `SELECT ${rank} AS rank, '${table}' AS table_name, '${column}' AS column_name, t.contact_key,
         CAST(t.${column} AS VARCHAR) AS value
       FROM ${table} t WHERE t.contact_key IS NOT NULL AND ${outOfRangeSql(`t.${column}`)}`,
  ).join(' UNION ALL ');
  await engine.run(
    `CREATE TEMP TABLE contacts_put_aside AS
     SELECT rank, table_name, column_name, contact_key, value,
       table_name || '.' || column_name || ' ' || value || ${quoteLiteral(` is ${outsideRangeReason}: contact `)} || contact_key
         || ' put aside whole, with its events and survey answers' AS reason
     FROM (SELECT f.*, row_number() OVER (PARTITION BY contact_key ORDER BY rank, value) AS n FROM (${faults}) f) x
     WHERE n = 1`,
  );
  const rowsPerTable = CONTACT_TABLES.map(
    (table) =>
      `SELECT a.rank, '${table}' AS table_name, count(*) AS n FROM contacts_put_aside a JOIN ${table} t ON t.contact_key = a.contact_key GROUP BY a.rank`,
  ).join(' UNION ALL ');
  const counted = await engine.all(
    `SELECT rank, table_name, n FROM (${rowsPerTable}) x ORDER BY rank, table_name`,
  );
  const contacts = await engine.all(
    'SELECT rank, count(*) AS n FROM contacts_put_aside GROUP BY rank ORDER BY rank',
  );
  const examples = await engine.all(
    `SELECT rank, contact_key, column_name, value FROM (
       SELECT a.*, row_number() OVER (PARTITION BY rank ORDER BY contact_key) AS n FROM contacts_put_aside a) x
     WHERE n <= ${EXAMPLES_KEPT} ORDER BY rank, n`,
  );
  return contacts.map((found) => {
    const rank = Number(found.rank);
    const { table, column } = CONTACT_FAULTS[rank] ?? CONTACT_FAULTS[0];
    const rowsByTable: RepairFinding['rowsByTable'] = {};
    for (const row of counted.filter((r) => Number(r.rank) === rank))
      rowsByTable[String(row.table_name) as CanonicalTableName] = Number(row.n);
    return {
      table,
      column,
      reason: contactReason,
      rows: Object.values(rowsByTable).reduce((sum, n) => sum + n, 0),
      contacts: Number(found.n),
      rowsByTable,
      examples: examples
        .filter((e) => Number(e.rank) === rank)
        .map((e) => `${String(e.contact_key)} (${String(e.column_name)} ${String(e.value)})`),
    };
  });
}

/**
 * Finds the rows of the canonical tables that the facts rebuild cannot use — a time or date outside
 * the accepted range, which imports refuse today but older versions let in — and, unless `dryRun`,
 * moves them to the `quarantine` table (table, row as JSON, reason, time) and rebuilds the facts,
 * all in one transaction. A contact goes as the rebuild leaves it out: whole, with its events and
 * survey answers, each row with the same reason, so its figures never change shape because of a
 * half-removed contact. Any other row goes on its own, reported once, under the first of its
 * columns at fault.
 */
export async function repairDatabase(engine: Engine, options: { dryRun: boolean }): Promise<RepairReport> {
  return engine.transaction(async () => {
    const findings = await findContactsToPutAside(engine);
    if (!options.dryRun && findings.length > 0) {
      for (const table of CONTACT_TABLES) {
        await engine.run(
          `INSERT INTO quarantine (table_name, row_json, reason, quarantined_at)
           SELECT ${quoteLiteral(table)}, CAST(to_json(t) AS VARCHAR), a.reason, CURRENT_TIMESTAMP
           FROM ${table} t JOIN contacts_put_aside a ON a.contact_key = t.contact_key`,
        );
        await engine.run(
          `DELETE FROM ${table} WHERE contact_key IN (SELECT contact_key FROM contacts_put_aside)`,
        );
      }
    }
    // On a dry run the contacts put aside are still there: their rows are not counted again.
    const notPutAside = (table: CanonicalTableName) =>
      (CONTACT_TABLES as readonly string[]).includes(table)
        ? 'NOT EXISTS (SELECT 1 FROM contacts_put_aside a WHERE a.contact_key = t.contact_key)'
        : 'TRUE';
    const earlierColumns = new Map<CanonicalTableName, string[]>();
    for (const { table, column } of TIME_COLUMNS) {
      const earlier = earlierColumns.get(table) ?? [];
      earlierColumns.set(table, [...earlier, column]);
      const faulty = [
        outOfRangeSql(`t.${column}`),
        ...earlier.map((c) => `NOT COALESCE(${outOfRangeSql(`t.${c}`)}, FALSE)`),
        notPutAside(table),
      ].join(' AND ');
      const counted = await engine.all(`SELECT count(*) AS n FROM ${table} t WHERE ${faulty}`);
      const rows = Number(counted[0]?.n ?? 0);
      if (rows === 0) continue;
      const key = TABLES[table].key.map((k) => `COALESCE(CAST(t.${k} AS VARCHAR), '')`).join(` || '|' || `);
      const examples = await engine.all(
        `SELECT ${key} AS key, CAST(t.${column} AS VARCHAR) AS value FROM ${table} t WHERE ${faulty} ORDER BY 1 LIMIT ${EXAMPLES_KEPT}`,
      );
      findings.push({
        table,
        column,
        reason: outsideRangeReason,
        rows,
        contacts: null,
        rowsByTable: { [table]: rows },
        examples: examples.map((e) => `${String(e.key)} (${column} ${String(e.value)})`),
      });
      if (options.dryRun) continue;
      await engine.run(
        `INSERT INTO quarantine (table_name, row_json, reason, quarantined_at)
         SELECT ${quoteLiteral(table)}, CAST(to_json(t) AS VARCHAR),
           ${quoteLiteral(`${table}.${column} `)} || CAST(t.${column} AS VARCHAR) || ${quoteLiteral(` is ${outsideRangeReason}`)},
           CURRENT_TIMESTAMP
         FROM ${table} t WHERE ${faulty}`,
      );
      await engine.run(`DELETE FROM ${table} t WHERE ${faulty}`);
    }
    await engine.run('DROP TABLE contacts_put_aside');
    const facts = options.dryRun ? null : await rebuildFacts(engine);
    const quarantined = await engine.all('SELECT count(*) AS n FROM quarantine');
    return {
      dryRun: options.dryRun,
      findings,
      rows: findings.reduce((sum, f) => sum + f.rows, 0),
      quarantined: Number(quarantined[0]?.n ?? 0),
      facts,
    };
  });
}
