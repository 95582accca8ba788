import type { ReportFrequency } from '../../../../src/services/reports/contract.js';
import type { Locale, MessageKey } from '../../i18n/index.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface DraftRecipient {
  /** A user of the product, or null for an outside address. */
  userId: string | null;
  email: string;
  locale: Locale;
  timezone: string;
}

/** The schedule form as typed, before it is checked. */
export interface ReportDraft {
  name: string;
  /** `view:<id>` or `dashboard:<id>`; empty until chosen. */
  source: string;
  frequency: ReportFrequency;
  sendTime: string;
  weekday: number;
  monthDay: number;
  attachPdf: boolean;
  attachCsv: boolean;
  recipients: DraftRecipient[];
}

export interface ReportRequest {
  name: string;
  source: { kind: 'view' | 'dashboard'; id: string };
  frequency: ReportFrequency;
  sendTime: string;
  weekday: number | null;
  monthDay: number | null;
  attachPdf: boolean;
  attachCsv: boolean;
  recipients: { userId: string | null; email?: string; locale: Locale; timezone: string }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

/**
 * The form as the API takes it, or what is wrong with it, each problem naming its field: the server
 * checks the same, this only says it before a round trip.
 */
export function validateReport(
  draft: ReportDraft,
  t: Translate,
): { ok: true; input: ReportRequest } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (draft.name.trim() === '') problems.push(t('reports.error.name'));
  const [kind, ...rest] = draft.source.split(':');
  const sourceId = rest.join(':');
  if ((kind !== 'view' && kind !== 'dashboard') || sourceId === '') problems.push(t('reports.error.source'));
  if (draft.recipients.length === 0) problems.push(t('reports.noRecipients'));
  draft.recipients.forEach((r, i) => {
    const field = t('reports.recipient.row', { n: i + 1 });
    if (r.userId === null && !EMAIL.test(r.email.trim()))
      problems.push(t('reports.error.email', { field, email: r.email.trim() }));
    if (!isTimeZone(r.timezone)) problems.push(t('reports.error.timezone', { field, timezone: r.timezone }));
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name: draft.name.trim(),
      source: { kind: kind as 'view' | 'dashboard', id: sourceId },
      frequency: draft.frequency,
      sendTime: draft.sendTime,
      weekday: draft.frequency === 'weekly' ? draft.weekday : null,
      monthDay: draft.frequency === 'monthly' ? draft.monthDay : null,
      attachPdf: draft.attachPdf,
      attachCsv: draft.attachCsv,
      recipients: draft.recipients.map((r) =>
        r.userId === null
          ? { userId: null, email: r.email.trim(), locale: r.locale, timezone: r.timezone.trim() }
          : { userId: r.userId, email: r.email, locale: r.locale, timezone: r.timezone.trim() },
      ),
    },
  };
}
