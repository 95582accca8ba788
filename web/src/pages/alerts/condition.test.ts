import { describe, expect, test } from 'vitest';
import type { AlertRule } from '../../../../src/services/alerts/contract.js';
import en from '../../i18n/en.js';
import { interpolate, type MessageKey } from '../../i18n/index.js';
import nl from '../../i18n/nl.js';
import { type ConditionContext, conditionInWords } from './condition.js';
import { draftOfRule, NEW_ALERT, validateAlert } from './draft.js';

const translate = (bundle: typeof en) => (key: MessageKey, params?: Record<string, string | number>) =>
  interpolate(bundle.messages[key], params);
const context = (bundle: typeof en, locale: string): ConditionContext => ({
  t: translate(bundle),
  locale,
  kpiName: (id) => bundle.kpis[id as keyof typeof bundle.kpis]?.name ?? id,
  formatOf: (kpi) => (kpi === 'csat' ? 'percent' : kpi === 'frt' ? 'duration' : 'count'),
});

type RuleShape = Pick<AlertRule, 'kind' | 'kpi' | 'params'>;

describe('a rule’s condition in words', () => {
  test('a threshold in the indicator’s unit, with its window and minimum n', () => {
    const rule: RuleShape = {
      kind: 'threshold',
      kpi: 'csat',
      params: { kind: 'threshold', comparison: 'below', value: 0.8, windowHours: 168, minN: 30 },
    };
    const words = conditionInWords(rule, context(en, 'en-GB'));
    expect(words).toContain('below 80.0%');
    expect(words).toContain('7 days');
    expect(words).toContain('at least 30');
    const dutch = conditionInWords(rule, context(nl, 'nl'));
    expect(dutch).toContain('onder 80,0%');
    expect(dutch).toContain('minstens 30');
  });

  test('a duration threshold reads as a time', () => {
    const rule: RuleShape = {
      kind: 'threshold',
      kpi: 'frt',
      params: { kind: 'threshold', comparison: 'above', value: 5400, windowHours: 24, minN: 10 },
    };
    expect(conditionInWords(rule, context(en, 'en-GB'))).toMatch(
      /above 1 hr 30 mins? over the last 1 day, with at least 10/,
    );
  });

  test('the operational kinds', () => {
    const ctx = context(en, 'en-GB');
    expect(
      conditionInWords(
        {
          kind: 'anomaly',
          kpi: null,
          params: { kind: 'anomaly', metric: 'abandonment', weeks: 4, sensitivity: 3, minExpected: 5 },
        },
        ctx,
      ),
    ).toMatch(/^Abandonment in the last hour .*4 weeks, sensitivity 3/);
    expect(
      conditionInWords(
        {
          kind: 'source_silent',
          kpi: null,
          params: { kind: 'source_silent', source: 'zendesk', silentMinutes: 60 },
        },
        ctx,
      ),
    ).toBe('Webhook source zendesk silent for 1 hr');
    expect(
      conditionInWords({ kind: 'job_failed', kpi: null, params: { kind: 'job_failed', jobId: null } }, ctx),
    ).toBe('A run of any job failed');
    expect(
      conditionInWords(
        {
          kind: 'frt_at_risk',
          kpi: null,
          params: { kind: 'frt_at_risk', minutesBefore: 15, minContacts: 2 },
        },
        ctx,
      ),
    ).toMatch(/^At least 2 open contacts due a first reply within 15 mins?$/);
  });
});

describe('the alert form', () => {
  const labels = {
    value: 'Value',
    window: 'Over the last',
    minN: 'Min n',
    weeks: 'Weeks',
    sensitivity: 'Sensitivity',
    minExpected: 'Min expected',
    dueWithin: 'Due within',
    minContacts: 'Min contacts',
    source: 'Source',
    silent: 'Silent for',
    debounce: 'Debounce',
    emails: 'E-mails',
    webhook: (n: number) => `Webhook ${n}`,
  };
  const t = translate(en);

  test('sends only the chosen kind’s parameters, in the API’s units', () => {
    const checked = validateAlert(
      {
        ...NEW_ALERT,
        name: ' CSAT low ',
        emails: 'lead@example.com, boss@example.com',
        webhooks: [{ url: 'https://hooks.slack.com/x', format: 'slack' }],
      },
      t,
      labels,
    );
    expect(checked).toEqual({
      ok: true,
      input: {
        name: 'CSAT low',
        kind: 'threshold',
        kpi: 'csat',
        params: { kind: 'threshold', comparison: 'below', value: 0.8, windowHours: 168, minN: 30 },
        deliver: {
          emails: ['lead@example.com', 'boss@example.com'],
          webhooks: [{ url: 'https://hooks.slack.com/x', format: 'slack' }],
        },
        debounceMinutes: 15,
      },
    });
    if (checked.ok)
      expect(draftOfRule(checked.input)).toMatchObject({
        name: 'CSAT low',
        value: 0.8,
        windowSeconds: 168 * 3600,
      });
  });

  test('names each field at fault', () => {
    const checked = validateAlert(
      {
        ...NEW_ALERT,
        name: '',
        value: Number.NaN,
        emails: 'not-an-address',
        webhooks: [{ url: 'ftp://x', format: 'teams' }],
      },
      t,
      labels,
    );
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.problems).toEqual([
        'Give the rule a name.',
        'Value: enter a number.',
        'E-mails: “not-an-address” is not an e-mail address.',
        'Webhook 1: “ftp://x” is not an https or http address.',
      ]);
  });
});
