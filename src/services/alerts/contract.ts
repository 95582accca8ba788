/**
 * Alert rules, their state and the events they raise: what the evaluation job, the API, the CLI and
 * the dashboard's notification list share.
 */

export const ALERT_KINDS = [
  /** An indicator over the last `windowHours` beyond a value, with at least `minN` behind it. */
  'threshold',
  /** An indicator over the last `windowHours` clearly (statistically) worse than its baseline. */
  'baseline',
  /** Volume or abandonment in the last hour against the expected level for that hour and weekday. */
  'anomaly',
  /** Open contacts whose first reply is due within `minutesBefore` minutes. */
  'frt_at_risk',
  /** A webhook source that sent nothing for `silentMinutes`. */
  'source_silent',
  /** A job whose last run failed. */
  'job_failed',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertParams =
  | { kind: 'threshold'; comparison: 'below' | 'above'; value: number; windowHours: number; minN: number }
  | { kind: 'baseline'; baselineId: string | null; windowHours: number; minN: number; confidence: number }
  | {
      kind: 'anomaly';
      metric: 'volume' | 'abandonment';
      weeks: number;
      sensitivity: number;
      minExpected: number;
    }
  | { kind: 'frt_at_risk'; minutesBefore: number; minContacts: number }
  | { kind: 'source_silent'; source: string; silentMinutes: number }
  | { kind: 'job_failed'; jobId: string | null };

export const WEBHOOK_FORMATS = ['slack', 'teams', 'json'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface AlertDelivery {
  emails: string[];
  webhooks: { url: string; format: WebhookFormat }[];
  /** Always listed in the dashboard's notifications for the rule's readers. */
}

export interface AlertRule {
  id: string;
  name: string;
  ownerId: string;
  kind: AlertKind;
  /** The indicator, for threshold and baseline rules; null for the others. */
  kpi: string | null;
  filters: Partial<Record<string, string[]>>;
  params: AlertParams;
  deliver: AlertDelivery;
  /** Minutes a condition must hold before it fires, and must be clear before it recovers. */
  debounceMinutes: number;
  paused: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AlertState {
  ruleId: string;
  firing: boolean;
  since: string | null;
  lastValue: number | null;
  lastN: number | null;
  lastEvaluatedAt: string | null;
}

export interface AlertEvent {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: 'fired' | 'recovered';
  occurredAt: string;
  value: number | null;
  n: number | null;
  message: string;
  /** Path of the dashboard view that explains it, e.g. `/trends?kpi=abandon_rate&…`. */
  link: string;
  read: boolean;
}

/** What one evaluation of a rule found, before debouncing. */
export interface AlertCheck {
  /** true: the condition holds; false: it does not; null: not enough data to say (n too small). */
  holds: boolean | null;
  value: number | null;
  n: number | null;
  /** The level compared with: the threshold, the baseline or the expected level. */
  reference: number | null;
  message: string;
}

export type AlertsProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'conflict'; reason: string };
