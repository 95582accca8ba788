import type { Expr } from './expr.js';
import type { KpiInput } from './inputs.js';
import type { SourceName } from './sources.js';

/** A count of source rows, optionally of those matching `where`. */
export interface CountMeasure {
  kind: 'count';
  where?: Expr;
  /**
   * A column to add up instead of counting rows: the workforce facts are pieces of time, each
   * `minutes` long, so their shares are minutes over minutes and their `n` is minutes.
   */
  weight?: string;
}

export type DurationStat = 'median' | 'p90' | 'mean';

/**
 * How a KPI's value is computed from the rows of its source that are in the period and match the
 * KPI's `where`. Every measure states its denominator (`n`).
 */
export type Measure =
  /** value = n = number of rows. */
  | CountMeasure
  /** value = numerator ÷ denominator; n = denominator; Wilson interval. */
  | { kind: 'ratio'; numerator: CountMeasure; denominator: CountMeasure }
  /** Seconds; n = rows with a value. `business` is used when the query asks for business hours. */
  | { kind: 'duration'; calendar: string; business?: string; defaultStat: DurationStat }
  /** Mean of a score; n = rows with a value; t interval. `rescaleTo` maps every scale onto one. */
  | { kind: 'mean'; column: string; rescaleTo?: { min: number; max: number } }
  /** %promoters − %detractors among `answered`; interval from the SE of the difference. */
  | { kind: 'nps'; promoters: Expr; detractors: Expr }
  /**
   * Rows "open" at the end of each period: opened before it and not closed by then. A row without
   * a close time counts as open only when `openNow` is true (e.g. closed without a status history).
   */
  | { kind: 'stock'; openedAt: string; closedAt: string; openNow: string }
  /**
   * scale × numerator ÷ denominator, both sums over the same rows (money per contact, contacts per
   * paid hour, leavers per average head). No interval: neither part is a count of trials. n = the
   * denominator. Empty (null) when the denominator is 0, and when the numerator has no row with a
   * value and the KPI names what is `missing`.
   */
  | { kind: 'quotient'; numerator: CountMeasure; denominator: CountMeasure; scale?: number };

/** `money`: an amount in the reporting currency; `rate`: a plain number per unit (contacts per hour). */
export type KpiFormat = 'count' | 'percent' | 'duration' | 'score' | 'nps' | 'money' | 'rate';

export interface KpiDefinition {
  id: string;
  label: string;
  /** One paragraph: numerator, denominator, what is left out, which timestamp places a row in a period. */
  definition: string;
  source: SourceName;
  /** The timestamp that puts a row into a period. */
  timeColumn: string;
  /** Rows of the source the KPI looks at. */
  where?: Expr;
  value: Measure;
  format: KpiFormat;
  better: 'higher' | 'lower' | 'neutral';
  /** Hours used when the query does not say; business unless stated. */
  defaultHours?: 'business' | 'calendar';
  /** Column crediting an agent, when it is not the source's default. */
  agentColumn?: string;
  /** Common variants, and how to get them. */
  options?: string;
  /**
   * What the rows must come from for the value to mean anything: when no source in the selection
   * records this input, the value is empty with a notice (see `inputs.ts`).
   */
  needs?: KpiInput;
  /**
   * A money figure (costs, payroll, revenue, margin, lifetime value): shown to admins and the
   * finance role; managers see it as totals, never by or filtered to an agent; others not at all.
   */
  money?: boolean;
  /**
   * The finest grain the value means something at: a monthly figure (churn of the customers at a
   * month's start) asked for by day or week is empty with a notice.
   */
  minGrain?: 'month';
  /**
   * What the value is made of that a period can lack, e.g. "cost data": a period whose rows carry
   * none of it is empty with the notice "no cost data for this period", never 0.
   */
  missing?: string;
  /**
   * The rows that carry what `missing` names (cost rows: `cost` or `spend` not empty); a group with
   * none of them lacks it. Without it: the rows where the numerator's column has a value.
   */
  carries?: Expr;
}

const KPI_ID = /^[a-z][a-z0-9_]*$/;

export function defineKpi(definition: KpiDefinition): KpiDefinition {
  if (!KPI_ID.test(definition.id)) throw new Error(`KPI id must be snake_case: ${definition.id}`);
  return definition;
}

export const count = (where?: Expr): CountMeasure => (where ? { kind: 'count', where } : { kind: 'count' });
/** The sum of `weight` over the rows (matching `where`): minutes where a row is a piece of time. */
export const total = (weight: string, where?: Expr): CountMeasure =>
  where ? { kind: 'count', where, weight } : { kind: 'count', weight };
export const quotient = (numerator: CountMeasure, denominator: CountMeasure, scale?: number): Measure =>
  scale === undefined
    ? { kind: 'quotient', numerator, denominator }
    : { kind: 'quotient', numerator, denominator, scale };
export const ratio = (numerator: CountMeasure, denominator: CountMeasure): Measure => ({
  kind: 'ratio',
  numerator,
  denominator,
});
