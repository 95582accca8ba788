import type { KpiResult } from '../api.js';
import { formatCount } from '../format.js';
import { useI18n } from '../i18n/index.js';

type Notice = KpiResult['notices'][number];

/** What a KPI's rows can lack (`missing` in the catalog), in the reader's language. */
const MISSING_TEXT: Record<
  string,
  'missing.costData' | 'missing.payrollData' | 'missing.orderData' | 'missing.paidHours'
> = {
  'cost data': 'missing.costData',
  'payroll data': 'missing.payrollData',
  'order data': 'missing.orderData',
  'paid hours': 'missing.paidHours',
};

/**
 * What the server says the reader should know about a result, in the reader's language. Stale facts
 * are left out: the banner at the top of every page says so already.
 */
export function Notices({ notices }: { notices: readonly Notice[] }) {
  const { t, locale, kpiName } = useI18n();
  const lines = notices.flatMap((notice): { key: string; text: string }[] => {
    switch (notice.code) {
      case 'stale_facts':
        return [];
      case 'without_calendar':
        return [
          {
            key: notice.code,
            text: t('notice.withoutCalendar', { contacts: formatCount(locale, notice.contacts) }),
          },
        ];
      case 'withheld':
        return [{ key: notice.code, text: t('notice.withheld') }];
      case 'own_contacts_only':
        return [{ key: notice.code, text: t('notice.ownContactsOnly') }];
      case 'money_withheld':
        return [
          {
            key: notice.code,
            text: t(notice.rule === 'none' ? 'notice.moneyWithheld' : 'notice.moneyTeamTotals', {
              kpis: notice.kpis.map(kpiName).join(', '),
            }),
          },
        ];
      case 'missing_data': {
        const missing = MISSING_TEXT[notice.missing];
        return [
          {
            key: `${notice.code}:${notice.missing}`,
            text: t('notice.missingData', {
              missing: missing ? t(missing) : notice.missing,
              periods: notice.periods.length === 0 ? t('notice.thisPeriod') : notice.periods.join(', '),
              kpis: notice.kpis.map(kpiName).join(', '),
            }),
          },
        ];
      }
      case 'monthly_figure':
        return [
          {
            key: notice.code,
            text: t('notice.monthlyFigure', { kpis: notice.kpis.map(kpiName).join(', ') }),
          },
        ];
      case 'no_input':
        return [
          {
            key: `${notice.code}:${notice.missing}`,
            text: t('notice.noInput', {
              kpis: notice.kpis.map(kpiName).join(', '),
              missing: t(`input.${notice.missing}`),
            }),
          },
        ];
      case 'data_quality': {
        const days =
          notice.from === notice.to
            ? t('notice.oneDay', { day: notice.from })
            : t('notice.dayRange', { from: notice.from, to: notice.to });
        return [
          {
            key: `${notice.code}:${notice.problem}`,
            text: t('notice.dataQuality', {
              contacts: formatCount(locale, notice.contacts),
              days,
              problem: t(`quality.${notice.problem}`),
            }),
          },
        ];
      }
      default: {
        // A notice the server gained without a text here fails the type check.
        const unknown: never = notice;
        return unknown;
      }
    }
  });
  if (lines.length === 0) return null;
  return (
    <ul className="notes" data-testid="notices">
      {lines.map((line) => (
        <li key={line.key}>{line.text}</li>
      ))}
    </ul>
  );
}
