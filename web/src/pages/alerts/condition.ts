import type { AlertRule } from '../../../../src/services/alerts/contract.js';
import { formatDuration, formatPercent, formatValue, type ValueFormat } from '../../format.js';
import type { MessageKey } from '../../i18n/index.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface ConditionContext {
  t: Translate;
  locale: string;
  kpiName: (id: string) => string;
  /** The unit an indicator's values are in, to write a threshold the way its figures are read. */
  formatOf: (kpi: string) => ValueFormat;
}

/** What a rule watches for, in a sentence of the reader's language. */
export function conditionInWords(
  rule: Pick<AlertRule, 'kind' | 'kpi' | 'params'>,
  { t, locale, kpiName, formatOf }: ConditionContext,
): string {
  const p = rule.params;
  const kpi = rule.kpi ? kpiName(rule.kpi) : '';
  switch (p.kind) {
    case 'threshold':
      return t(p.comparison === 'below' ? 'alerts.condition.below' : 'alerts.condition.above', {
        kpi,
        value: formatValue(locale, formatOf(rule.kpi ?? ''), p.value),
        window: formatDuration(locale, p.windowHours * 3600),
        n: p.minN,
      });
    case 'baseline':
      return t('alerts.condition.baseline', {
        kpi,
        window: formatDuration(locale, p.windowHours * 3600),
        confidence: formatPercent(locale, p.confidence, 0),
        n: p.minN,
      });
    case 'anomaly':
      return t(
        p.metric === 'volume' ? 'alerts.condition.anomalyVolume' : 'alerts.condition.anomalyAbandonment',
        {
          weeks: p.weeks,
          sensitivity: p.sensitivity,
        },
      );
    case 'frt_at_risk':
      return t('alerts.condition.frtAtRisk', {
        n: p.minContacts,
        within: formatDuration(locale, p.minutesBefore * 60),
      });
    case 'source_silent':
      return t('alerts.condition.sourceSilent', {
        source: p.source,
        silent: formatDuration(locale, p.silentMinutes * 60),
      });
    case 'job_failed':
      return p.jobId ? t('alerts.condition.jobFailed', { job: p.jobId }) : t('alerts.condition.anyJobFailed');
  }
}
