/**
 * Targets and baselines of every indicator: a target per channel, team or agent from a date, with
 * the history of its changes; a baseline is an indicator's value over a chosen past period, kept.
 */

export interface TargetScope {
  channel: string | null;
  team: string | null;
  agent: string | null;
}

export interface KpiTarget extends TargetScope {
  kpi: string;
  value: number;
  /** First local date it applies (null: always); until the next target of the same kpi and scope. */
  validFrom: string | null;
}

export interface TargetChange extends TargetScope {
  changedAt: string;
  userId: string | null;
  kpi: string;
  validFrom: string | null;
  /** null: the target was added. */
  oldValue: number | null;
  /** null: the target was removed. */
  newValue: number | null;
}

export interface Baseline extends TargetScope {
  id: string;
  kpi: string;
  from: string;
  /** Exclusive. */
  to: string;
  timezone: string;
  value: number | null;
  n: number | null;
  takenAt: string;
  takenBy: string | null;
}

export type TargetsProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'forbidden'; reason: string };
