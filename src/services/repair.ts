import { quoteLiteral } from '../core/dialect.js';
import type { Engine } from '../core/engine.js';
import { type CanonicalTableName, TABLES } from '../core/schema.js';
import { ACCEPTED_RANGE } from '../core/time-range.js';
import { outOfRangeSql, type RebuildSummary, rebuildFacts } from './rebuild.js';

/** Rows of one table whose value in one column the facts rebuild cannot use. */
export interface RepairFinding {
  table: CanonicalTableName;
  column: string;
  reason: string;
  rows: number;
  /** The first few rows, by key (`source|external_id`) and value. */
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

const outsideRangeReason = `outside ${ACCEPTED_RANGE}`;

/**
 * Finds the rows of the canonical tables that the facts rebuild cannot use — a time or date outside
 * the accepted range, which imports refuse today but older versions let in — and, unless `dryRun`,
 * moves them to the `quarantine` table (table, row as JSON, reason, time) and rebuilds the facts,
 * all in one transaction. Each row is reported once, under the first of its columns at fault.
 */
export async function repairDatabase(engine: Engine, options: { dryRun: boolean }): Promise<RepairReport> {
  return engine.transaction(async () => {
    const findings: RepairFinding[] = [];
    const earlierColumns = new Map<CanonicalTableName, string[]>();
    for (const { table, column } of TIME_COLUMNS) {
      const earlier = earlierColumns.get(table) ?? [];
      earlierColumns.set(table, [...earlier, column]);
      const faulty = [
        outOfRangeSql(`t.${column}`),
        ...earlier.map((c) => `NOT COALESCE(${outOfRangeSql(`t.${c}`)}, FALSE)`),
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
        examples: examples.map((e) => `${String(e.key)} (${column} ${String(e.value)})`),
      });
      if (options.dryRun) continue;
      await engine.run(
        `INSERT INTO quarantine (table_name, row_json, reason, quarantined_at)
         SELECT ${quoteLiteral(table)}, CAST(to_json(t) AS VARCHAR),
           ${quoteLiteral(`${column} `)} || CAST(t.${column} AS VARCHAR) || ${quoteLiteral(` is ${outsideRangeReason}`)},
           CURRENT_TIMESTAMP
         FROM ${table} t WHERE ${faulty}`,
      );
      await engine.run(`DELETE FROM ${table} t WHERE ${faulty}`);
    }
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
