import { findKpi } from '../core/kpi/catalog.js';
import { KPI_INPUTS, type KpiInput } from '../core/kpi/inputs.js';
import type { DataQualityCode } from '../ingest/sources/format.js';

/**
 * What the reader of a result should know to read it right. Each notice has a code and its numbers,
 * so the dashboard can say it in the reader's language; `noticeText` is the English that the CLI
 * prints and the API's `notes` carry.
 */
export type Notice =
  | { code: 'stale_facts' }
  | { code: 'without_calendar'; contacts: number }
  | { code: 'withheld' }
  /**
   * Money figures (costs, payroll, revenue, margin, lifetime value) the asking role may not see:
   * `none` — not for this role at all; `team_totals` — a manager's, shown as team totals only.
   */
  | { code: 'money_withheld'; rule: 'none' | 'team_totals'; kpis: string[] }
  | { code: 'own_contacts_only' }
  /**
   * The rows of these indicators carry no `missing` (e.g. "cost data") in the periods listed (all
   * of the range when none are): empty, never 0.
   */
  | { code: 'missing_data'; missing: string; kpis: string[]; periods: string[] }
  /** Monthly figures asked for by day, week or hour, or by hour of day or weekday: empty. */
  | { code: 'monthly_figure'; kpis: string[] }
  /** No source in the selection records what these indicators are computed from: their values are empty. */
  | { code: 'no_input'; missing: KpiInput; kpis: string[] }
  /**
   * Contacts created on days of the range had implausible values at import (see `DataQualityCode`),
   * usually a mapping mistake; `from` and `to` are the first and last such day (UTC, `yyyy-MM-dd`).
   */
  | { code: 'data_quality'; problem: DataQualityCode; contacts: number; from: string; to: string };

/** The plausibility problems, in English, as "N contacts … had …". */
const QUALITY_TEXT: Record<DataQualityCode, string> = {
  long_queue_wait: 'an implausibly long queue wait',
  long_handle_time: 'an implausibly long handle time',
  answer_before_queue: 'an answer before their queue entry',
  moved_to_next_day: 'a time an `after` rule moved to the next day',
  negative_interval: 'an interval that ends before it starts',
};

export function noticeText(notice: Notice): string {
  switch (notice.code) {
    case 'stale_facts':
      return 'data was imported after the facts were last rebuilt: run `servicemeter rebuild` for current numbers.';
    case 'without_calendar':
      return `${notice.contacts} contacts have no business-hours calendar (no team calendar and no default): their business-hours durations equal calendar time.`;
    case 'withheld':
      return "Figures that could reveal one colleague's work are withheld: those covering a day on which part of your team's work, as broken down or filtered, was exactly one colleague's, and backlogs holding a colleague's contacts.";
    case 'own_contacts_only':
      return 'only contacts assigned to you are listed';
    case 'money_withheld':
      return notice.rule === 'none'
        ? `${notice.kpis.join(', ')} withheld: money figures are for admins and the finance role.`
        : `${notice.kpis.join(', ')} withheld here: managers see money figures as team totals, never by or filtered to an agent or a cost category, nor for a team of fewer than two agents, nor against a previous period; admins and the finance role see them all.`;
    case 'missing_data': {
      const shown = notice.periods.slice(0, 6).join(', ');
      const more = notice.periods.length > 6 ? ` and ${notice.periods.length - 6} more` : '';
      const when = notice.periods.length === 0 ? 'this period' : `${shown}${more}`;
      return `no ${notice.missing} for ${when}: no figure for ${notice.kpis.join(', ')}, rather than 0.`;
    }
    case 'monthly_figure':
      return `${notice.kpis.map((id) => findKpi(id)?.label ?? id).join(', ')} ${notice.kpis.length === 1 ? 'is a monthly figure' : 'are monthly figures'}: choose month, quarter or year, and a range of whole months.`;
    case 'no_input':
      return `no figure for ${notice.kpis.join(', ')}: no source in the selection has ${KPI_INPUTS[notice.missing].missing}.`;
    case 'data_quality': {
      const days = notice.from === notice.to ? `on ${notice.from}` : `from ${notice.from} to ${notice.to}`;
      return `data quality: ${notice.contacts} contacts created ${days} had ${QUALITY_TEXT[notice.problem]} at import, usually a mapping mistake (\`servicemeter data-quality\` lists them); the figures of these days include them.`;
    }
    default: {
      const unknown: never = notice;
      throw new Error(`unknown notice ${JSON.stringify(unknown)}`);
    }
  }
}
