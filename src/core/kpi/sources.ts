/**
 * Tables KPIs read, with the columns that each query dimension maps to. Facts tables are
 * denormalised by the rebuild so a KPI query never joins.
 */
export const DIMENSIONS = [
  'channel',
  'team',
  'agent',
  'topic',
  'priority',
  'escalation_type',
  'survey_dimension',
  'survey',
  'survey_question',
  'survey_source',
  'survey_location',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Source {
  table: string;
  description: string;
  dimensions: Partial<Record<Dimension, string>>;
}

export const SOURCES = {
  contact_facts: {
    table: 'contact_facts',
    description: 'one row per contact, derived from contacts and their events',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'assignee_id',
      topic: 'topic',
      priority: 'priority',
      escalation_type: 'first_escalation_type',
    },
  },
  survey_facts: {
    table: 'survey_facts',
    description:
      'one row per survey sent or answered, and one per further question answered, joined to its contact',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      topic: 'topic',
      priority: 'priority',
      survey_dimension: 'dimension',
      survey: 'survey_id',
      survey_question: 'question_id',
      survey_source: 'survey_source',
      survey_location: 'location',
    },
  },
} as const satisfies Record<string, Source>;

export type SourceName = keyof typeof SOURCES;
