import type { Locale, Role } from '../users.js';

/**
 * Scheduled reports: a saved view or a dashboard sent daily, weekly or monthly to users and outside
 * addresses, each in their own time zone and language, with the figures their role may see.
 */

export const REPORT_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export interface ReportRecipient {
  /** A user of the product (their role decides what they get), or null for an outside address. */
  userId: string | null;
  /** The address mailed; for a user, their account's e-mail unless another is given. */
  email: string;
  locale: Locale;
  /** IANA time zone the schedule and the reported period are read in. */
  timezone: string;
}

export interface ReportDefinition {
  id: string;
  /** Unique; what `servicemeter report send <name>` names. */
  name: string;
  ownerId: string;
  source: { kind: 'view' | 'dashboard'; id: string };
  frequency: ReportFrequency;
  /** Local time of sending in each recipient's time zone, `HH:MM`. */
  sendTime: string;
  /** Weekly: ISO weekday 1 (Monday) – 7. */
  weekday: number | null;
  /** Monthly: day of the month 1–28. */
  monthDay: number | null;
  attachPdf: boolean;
  attachCsv: boolean;
  paused: boolean;
  recipients: ReportRecipient[];
  createdAt: string;
  updatedAt: string;
}

/**
 * The period a sending reports on: the last whole day, ISO week (Monday to Sunday) or month before
 * the sending time, in the recipient's time zone, compared with the one before it.
 */
export interface ReportPeriod {
  /** Stable key of the period, e.g. `2026-W49`, `2026-12-03`, `2026-11`: deliveries are unique by it. */
  key: string;
  from: string;
  /** Exclusive. */
  to: string;
  previousFrom: string;
  timezone: string;
}

/** What a recipient may see, as the KPI endpoints decide it for a signed-in user. */
export interface ReportAudience {
  role: Role;
  userId: string | null;
  agentId: string | null;
}

/** One indicator's figures in a report, already limited to what the recipient may see. */
export interface ReportFigure {
  kpi: string;
  label: string;
  format: string;
  better: 'higher' | 'lower' | 'neither';
  value: number | null;
  previous: number | null;
  /** value − previous; null when either is missing. */
  change: number | null;
  n: number | null;
  target: number | null;
  /** null when there is no target or no value. */
  met: boolean | null;
  benchmark: { name: string; year: number; value: number } | null;
  /** Why the value is empty or withheld, in the recipient's language. */
  notice: string | null;
  /** The points of the chart: one series per split value (a single one when unsplit). */
  series: { name: string | null; points: { period: string; value: number | null }[] }[];
  chart: 'value' | 'chart' | 'table';
}

export interface ReportContent {
  report: Pick<ReportDefinition, 'id' | 'name' | 'frequency'>;
  recipient: ReportRecipient;
  period: ReportPeriod;
  figures: ReportFigure[];
  /** An address that opens the view or dashboard in the product, or null without a public address. */
  link: string | null;
}

/** A composed mail, ready for the mailer: HTML with inline chart images, a text part and attachments. */
export interface RenderedReport {
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer; cid?: string }[];
}

export type ReportsProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'conflict'; reason: string }
  | { kind: 'no_mail'; reason: string };
