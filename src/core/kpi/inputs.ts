/**
 * What an indicator is computed from, beyond the contacts themselves. A source that never records an
 * input (a call log has no escalations, a ticket export no queue) cannot say "none happened": an
 * indicator whose input no source in the selection records is left empty, with a notice naming the
 * input, instead of showing 0 % with a tight interval.
 *
 * The rebuild stores, per source, which inputs it has at least one row of (`source_inputs`).
 */
export interface KpiInputSpec {
  /** Canonical table whose rows carry the input, each with its `source`. */
  table: 'contact_events' | 'contacts' | 'survey_responses';
  /** SQL condition over that table's columns: the row carries the input. */
  condition: string;
  /** What is missing, in English: "no … in the selected data". */
  missing: string;
}

export const KPI_INPUTS = {
  status_changes: {
    table: 'contact_events',
    condition: "kind = 'status_change' AND status IS NOT NULL",
    missing: 'status changes',
  },
  responses: {
    table: 'contact_events',
    condition: "(kind = 'agent_reply' AND public AND actor = 'agent') OR kind = 'answer'",
    missing: 'agent replies or answered calls and chats',
  },
  escalations: {
    table: 'contact_events',
    condition: "kind = 'escalation'",
    missing: 'escalation events',
  },
  assignments: {
    table: 'contact_events',
    condition: "kind = 'assignment'",
    missing: 'assignment events',
  },
  queue: {
    table: 'contact_events',
    condition: "kind = 'queue_enter'",
    missing: 'queue events (queue_enter)',
  },
  handling: {
    table: 'contact_events',
    condition: "kind = 'end'",
    missing: 'end events of answered calls and chats',
  },
  after_contact_work: {
    table: 'contact_events',
    condition: "kind = 'acw_end'",
    missing: 'after-contact work events',
  },
  source_sla: {
    table: 'contacts',
    condition: 'source_sla_met IS NOT NULL',
    missing: 'an SLA flag of the source (contacts.source_sla_met)',
  },
  csat_answers: {
    table: 'survey_responses',
    condition: "kind = 'csat' AND dimension IS NULL AND score IS NOT NULL",
    missing: 'answered CSAT surveys',
  },
  csat_dimension_answers: {
    table: 'survey_responses',
    condition: "kind = 'csat' AND dimension IS NOT NULL AND score IS NOT NULL",
    missing: 'CSAT answers about a service dimension',
  },
  csat_sent: {
    table: 'survey_responses',
    condition: "kind = 'csat' AND dimension IS NULL AND sent_at IS NOT NULL",
    missing: 'CSAT surveys with a time sent',
  },
  nps_answers: {
    table: 'survey_responses',
    condition: "kind = 'nps' AND dimension IS NULL AND score IS NOT NULL",
    missing: 'answered NPS surveys',
  },
  ces_answers: {
    table: 'survey_responses',
    condition: "kind = 'ces' AND dimension IS NULL AND score IS NOT NULL",
    missing: 'answered CES surveys',
  },
  helpful_answers: {
    table: 'survey_responses',
    condition: "kind = 'helpful' AND dimension IS NULL AND score IS NOT NULL",
    missing: 'answered "did this help?" questions',
  },
  stay_answers: {
    table: 'survey_responses',
    condition: "kind = 'stay' AND dimension IS NULL AND score IS NOT NULL",
    missing: 'answered likelihood-to-stay questions',
  },
  satisfaction_answers: {
    table: 'survey_responses',
    condition: "kind = 'satisfaction' AND dimension IS NULL AND score IS NOT NULL",
    missing: 'answered overall satisfaction questions',
  },
} as const satisfies Record<string, KpiInputSpec>;

export type KpiInput = keyof typeof KPI_INPUTS;
export const KPI_INPUT_IDS = Object.keys(KPI_INPUTS) as [KpiInput, ...KpiInput[]];

/**
 * Statements that recompute, from the canonical tables and the contact facts, the per-source summary
 * a KPI query reads: which inputs each source has at least one row of (`source_inputs`), and the UTC
 * days and channels on which it has a contact created or resolved or a survey sent or answered
 * (`source_activity`). Portable SQL: the rebuild runs them on every engine. `sources`, a subquery of
 * source names, limits them to those sources: each source's summary reads only its own rows.
 */
export function sourceSummaryStatements(sources?: string): string[] {
  const of = (column: string) => (sources === undefined ? '' : ` WHERE ${column} IN (${sources})`);
  const tables = [...new Set(KPI_INPUT_IDS.map((id) => KPI_INPUTS[id].table))];
  const inputStatements = tables.map((table) => {
    const inputs = KPI_INPUT_IDS.filter((id) => KPI_INPUTS[id].table === table);
    const found = inputs
      .map((id) => `max(CASE WHEN ${KPI_INPUTS[id].condition} THEN 1 ELSE 0 END) AS ${id}`)
      .join(', ');
    const rows = inputs
      .map((id) => `SELECT source, '${id}' AS input FROM found WHERE ${id} = 1`)
      .join(' UNION ALL ');
    return `INSERT INTO source_inputs (source, input) WITH found AS (SELECT source, ${found} FROM ${table}${of('source')} GROUP BY source) ${rows}`;
  });
  // Each join once, its two days apart by a two-row cross join: joining twice took twice as long.
  const twice = 'CROSS JOIN (VALUES (1), (2)) w(n)';
  const resolved = `SELECT c.source, c.channel, CAST(CASE WHEN w.n = 1 THEN f.first_resolved_at ELSE f.last_resolved_at END AS DATE) AS day FROM contacts c JOIN contact_facts f ON f.contact_key = c.contact_key ${twice}${of('c.source')}`;
  const surveyed = `SELECT s.source, c.channel, CAST(CASE WHEN w.n = 1 THEN COALESCE(s.responded_at, s.sent_at) ELSE s.sent_at END AS DATE) AS day FROM survey_responses s LEFT JOIN contacts c ON c.contact_key = s.contact_key ${twice}${of('s.source')}`;
  return [
    `DELETE FROM source_inputs${of('source')}`,
    ...inputStatements,
    `DELETE FROM source_activity${of('source')}`,
    `INSERT INTO source_activity (source, channel, day) SELECT DISTINCT source, channel, day FROM (
  SELECT source, channel, CAST(created_at AS DATE) AS day FROM contacts${of('source')}
  UNION ALL ${resolved}
  UNION ALL ${surveyed}
) x WHERE day IS NOT NULL`,
  ];
}
