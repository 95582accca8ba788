import type { messages } from './en.js';

export const LOCALES = ['en', 'nl', 'sv', 'uk', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Names of the languages in themselves, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  nl: 'Nederlands',
  sv: 'Svenska',
  uk: 'Українська',
  'zh-CN': '简体中文',
};

/**
 * Every KPI id of the catalog (src/core/kpi/catalog.ts). A test checks the two lists agree, so a
 * new KPI cannot ship without a name and definition in every language.
 */
export const KPI_IDS = [
  'contacts_created',
  'contacts_resolved',
  'contacts_resolved_full',
  'backlog_open',
  'frt',
  'frt_pending',
  'frt_within_target',
  'resolution_time',
  'full_resolution_time',
  'resolved_within_24h',
  'fcr_rate',
  'reopen_rate',
  'escalation_rate',
  'reassignment_rate',
  'aht',
  'acw_time',
  'offered',
  'answered',
  'abandoned',
  'abandonment_rate',
  'asa',
  'service_level',
  'source_sla_met_rate',
  'csat',
  'csat_avg',
  'csat_response_rate',
  'csat_dimension',
  'nps',
  'ces',
  'ces_avg',
  'survey_response_rate',
  'self_service_helpful_rate',
  'likely_to_stay',
  'satisfaction_top2',
  'qa_score',
  'qa_category_score',
  'qa_reviews',
  'qa_pass_rate',
  'qa_critical_fail_rate',
  'qa_dispute_rate',
  'qa_coverage',
  'qa_calibration_agreement',
  'qa_check_hit_rate',
  'availability',
  'adherence',
  'conformance',
  'occupancy',
  'utilisation',
  'shrinkage',
  'late_starts',
  'late_start_minutes',
  'customers_new',
  'customers_churned',
  'clv',
  'customers_active',
  'churn_rate',
  'retention_rate',
  'returning_customers',
  'escalations_per_1000_customers',
  'conversion_after_contact',
  'revenue_after_contact',
  'service_cost',
  'cost_per_contact',
  'cost_per_resolution',
  'payroll_cost',
  'service_cost_share',
  'revenue',
  'gross_margin',
  'acquisition_spend',
  'retention_spend',
  'productivity',
  'productivity_per_fte',
  'employee_turnover',
  'tenure',
  'training_days',
  'training_days_per_fte',
  'sentiment_score',
  'negative_share',
  'attribute_mentions',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export function isKpiId(id: string): id is KpiId {
  return (KPI_IDS as readonly string[]).includes(id);
}

export interface KpiText {
  name: string;
  definition: string;
}

export type MessageKey = keyof typeof messages;
/** Every locale must have every key of the English messages, and no other. */
export type Messages = Record<MessageKey, string>;

export interface Bundle {
  messages: Messages;
  kpis: Record<KpiId, KpiText>;
}
