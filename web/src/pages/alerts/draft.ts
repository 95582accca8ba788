import type { AlertKind, AlertParams, WebhookFormat } from '../../../../src/services/alerts/contract.js';
import type { MessageKey } from '../../i18n/index.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * An alert rule's form as typed: every kind's numbers are kept, so switching the kind back and forth
 * loses nothing; times are in seconds as the duration inputs keep them (NaN while not a time).
 */
export interface AlertDraft {
  name: string;
  kind: AlertKind;
  kpi: string;
  comparison: 'below' | 'above';
  /** In the indicator's unit (a share 0…1, seconds, a score). */
  value: number;
  windowSeconds: number;
  minN: number;
  confidence: number;
  metric: 'volume' | 'abandonment';
  weeks: number;
  sensitivity: number;
  minExpected: number;
  dueWithinSeconds: number;
  minContacts: number;
  source: string;
  silentSeconds: number;
  jobId: string;
  emails: string;
  webhooks: { url: string; format: WebhookFormat }[];
  debounceSeconds: number;
}

export const NEW_ALERT: AlertDraft = {
  name: '',
  kind: 'threshold',
  kpi: 'csat',
  comparison: 'below',
  value: 0.8,
  windowSeconds: 7 * 86_400,
  minN: 30,
  confidence: 0.95,
  metric: 'abandonment',
  weeks: 4,
  sensitivity: 3,
  minExpected: 5,
  dueWithinSeconds: 15 * 60,
  minContacts: 1,
  source: '',
  silentSeconds: 3600,
  jobId: '',
  emails: '',
  webhooks: [],
  debounceSeconds: 15 * 60,
};

/** A stored rule back in the form, the other kinds' fields at their defaults. */
export function draftOfRule(rule: {
  name: string;
  kind: AlertKind;
  kpi: string | null;
  params: AlertParams;
  deliver: { emails: string[]; webhooks: { url: string; format: WebhookFormat }[] };
  debounceMinutes: number;
}): AlertDraft {
  const draft: AlertDraft = {
    ...NEW_ALERT,
    name: rule.name,
    kind: rule.kind,
    kpi: rule.kpi ?? NEW_ALERT.kpi,
    emails: rule.deliver.emails.join(', '),
    webhooks: rule.deliver.webhooks.map((w) => ({ ...w })),
    debounceSeconds: rule.debounceMinutes * 60,
  };
  const p = rule.params;
  switch (p.kind) {
    case 'threshold':
      return {
        ...draft,
        comparison: p.comparison,
        value: p.value,
        windowSeconds: p.windowHours * 3600,
        minN: p.minN,
      };
    case 'baseline':
      return { ...draft, windowSeconds: p.windowHours * 3600, minN: p.minN, confidence: p.confidence };
    case 'anomaly':
      return {
        ...draft,
        metric: p.metric,
        weeks: p.weeks,
        sensitivity: p.sensitivity,
        minExpected: p.minExpected,
      };
    case 'frt_at_risk':
      return { ...draft, dueWithinSeconds: p.minutesBefore * 60, minContacts: p.minContacts };
    case 'source_silent':
      return { ...draft, source: p.source, silentSeconds: p.silentMinutes * 60 };
    case 'job_failed':
      return { ...draft, jobId: p.jobId ?? '' };
  }
}

export interface AlertRequest {
  name: string;
  kind: AlertKind;
  kpi: string | null;
  params: AlertParams;
  deliver: { emails: string[]; webhooks: { url: string; format: WebhookFormat }[] };
  debounceMinutes: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The labels of the fields a problem names, as the form shows them. */
export type FieldLabels = Record<
  | 'value'
  | 'window'
  | 'minN'
  | 'weeks'
  | 'sensitivity'
  | 'minExpected'
  | 'dueWithin'
  | 'minContacts'
  | 'source'
  | 'silent'
  | 'debounce'
  | 'emails',
  string
> & { webhook: (n: number) => string };

/**
 * The form as the API takes it (the kind's own parameters only), or what is wrong, naming the field;
 * the server checks the ranges again.
 */
export function validateAlert(
  draft: AlertDraft,
  t: Translate,
  labels: FieldLabels,
): { ok: true; input: AlertRequest } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const number = (field: keyof FieldLabels, value: number) => {
    if (!Number.isFinite(value)) problems.push(t('alerts.error.number', { field: labels[field] as string }));
    return value;
  };
  if (draft.name.trim() === '') problems.push(t('alerts.error.name'));
  const hours = (seconds: number) => seconds / 3600;
  const minutes = (seconds: number) => Math.round(seconds / 60);
  let params: AlertParams;
  switch (draft.kind) {
    case 'threshold':
      params = {
        kind: 'threshold',
        comparison: draft.comparison,
        value: number('value', draft.value),
        windowHours: hours(number('window', draft.windowSeconds)),
        minN: number('minN', draft.minN),
      };
      break;
    case 'baseline':
      params = {
        kind: 'baseline',
        baselineId: null,
        windowHours: hours(number('window', draft.windowSeconds)),
        minN: number('minN', draft.minN),
        confidence: draft.confidence,
      };
      break;
    case 'anomaly':
      params = {
        kind: 'anomaly',
        metric: draft.metric,
        weeks: number('weeks', draft.weeks),
        sensitivity: number('sensitivity', draft.sensitivity),
        minExpected: number('minExpected', draft.minExpected),
      };
      break;
    case 'frt_at_risk':
      params = {
        kind: 'frt_at_risk',
        minutesBefore: minutes(number('dueWithin', draft.dueWithinSeconds)),
        minContacts: number('minContacts', draft.minContacts),
      };
      break;
    case 'source_silent':
      if (draft.source.trim() === '') problems.push(t('alerts.error.source', { field: labels.source }));
      params = {
        kind: 'source_silent',
        source: draft.source.trim(),
        silentMinutes: minutes(number('silent', draft.silentSeconds)),
      };
      break;
    case 'job_failed':
      params = { kind: 'job_failed', jobId: draft.jobId || null };
      break;
  }
  const emails = draft.emails
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  for (const email of emails)
    if (!EMAIL.test(email)) problems.push(t('alerts.error.email', { field: labels.emails, email }));
  draft.webhooks.forEach((w, i) => {
    if (!/^https?:\/\/\S+$/.test(w.url.trim()))
      problems.push(t('alerts.error.url', { field: labels.webhook(i + 1), url: w.url.trim() }));
  });
  const debounceMinutes = minutes(number('debounce', draft.debounceSeconds));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name: draft.name.trim(),
      kind: draft.kind,
      kpi: draft.kind === 'threshold' || draft.kind === 'baseline' ? draft.kpi : null,
      params,
      deliver: { emails, webhooks: draft.webhooks.map((w) => ({ url: w.url.trim(), format: w.format })) },
      debounceMinutes,
    },
  };
}
