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
  'qa_scorecard',
  'qa_category',
  'qa_reviewer',
  'qa_check',
  'shrinkage_reason',
  'segment',
  'acquisition_channel',
  'cost_category',
  'text_language',
  'brand_attribute',
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
  qa_review_facts: {
    table: 'qa_review_facts',
    description: 'one row per quality review, with its score computed from its ratings (a view)',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      topic: 'topic',
      priority: 'priority',
      qa_scorecard: 'scorecard_id',
      qa_reviewer: 'reviewer_id',
    },
  },
  qa_rating_facts: {
    table: 'qa_rating_facts',
    description: 'one row per rated category of a quality review (a view)',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      topic: 'topic',
      priority: 'priority',
      qa_scorecard: 'scorecard_id',
      qa_category: 'category_id',
      qa_reviewer: 'reviewer_id',
    },
  },
  qa_contact_facts: {
    table: 'qa_contact_facts',
    description: 'one row per contact handled by an agent, marked when it was reviewed (a view)',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'assignee_id',
      topic: 'topic',
      priority: 'priority',
    },
  },
  qa_calibration_pair_facts: {
    table: 'qa_calibration_pair_facts',
    description:
      'one row per category rated by two reviewers of a calibration session, once from each side (a view)',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      topic: 'topic',
      priority: 'priority',
      qa_scorecard: 'scorecard_id',
      qa_category: 'category_id',
      qa_reviewer: 'reviewer_id',
    },
  },
  qa_check_facts: {
    table: 'qa_check_facts',
    description:
      'one row per checked contact and enabled automatic check, marked when the check hit (a view)',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'assignee_id',
      topic: 'topic',
      priority: 'priority',
      qa_check: 'rule_id',
    },
  },
  workforce_agent_facts: {
    table: 'workforce_agent_facts',
    description:
      'one row per agent, 15-minute interval and state: minutes scheduled, logged in, available, handling, written by the workforce rebuild',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      shrinkage_reason: 'shrinkage_reason',
    },
  },
  workforce_coverage_facts: {
    table: 'workforce_coverage_facts',
    description:
      'one row per team, channel, 15-minute interval and count of agents scheduled and available, in opening hours, written by the workforce rebuild',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
    },
  },
  workforce_shift_facts: {
    table: 'workforce_shift_facts',
    description:
      'one row per shift started, with when its agent was first available, written by the workforce rebuild',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
    },
  },
  business_customer_facts: {
    table: 'business_customer_facts',
    description:
      'one row per customer: when first seen and when churned (closed, or lapsed after the business setting churnAfterDays without an order or contact), written by the business rebuild',
    dimensions: {
      segment: 'segment',
      acquisition_channel: 'acquisition_channel',
    },
  },
  business_customer_month_facts: {
    table: 'business_customer_month_facts',
    description:
      'one row per customer and month they were a customer in: on the books at its start, new, churned, ordered, returning, escalations; written by the business rebuild',
    dimensions: {
      segment: 'segment',
      acquisition_channel: 'acquisition_channel',
    },
  },
  business_contact_facts: {
    table: 'business_contact_facts',
    description:
      'one row per contact of a known customer, marked when the customer ordered within the business setting conversionDays after it, written by the business rebuild',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'assignee_id',
      topic: 'topic',
      segment: 'segment',
      acquisition_channel: 'acquisition_channel',
    },
  },
  business_ledger_facts: {
    table: 'business_ledger_facts',
    description:
      'one row per day and team, channel, agent and cost category with money (costs, payroll, spend, revenue, cost of goods, margin; in the reporting currency) or work (contacts handled and resolved, paid hours), written by the business rebuild',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      cost_category: 'cost_category',
    },
  },
  business_people_facts: {
    table: 'business_people_facts',
    description:
      'one row per agent and day employed: FTE, leavers on their last day, tenure, training days; written by the business rebuild',
    dimensions: {
      team: 'team_id',
      agent: 'agent_id',
    },
  },
  text_facts: {
    table: 'text_facts',
    description:
      'one row per customer’s text read: a survey comment, a message or a social message, with its language, its tone and its contact’s dimensions (a view)',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      topic: 'topic',
      priority: 'priority',
      text_language: 'language',
    },
  },
  text_attribute_facts: {
    table: 'text_attribute_facts',
    description: 'one row per customer’s text and brand attribute its words express (a view)',
    dimensions: {
      channel: 'channel',
      team: 'team_id',
      agent: 'agent_id',
      topic: 'topic',
      priority: 'priority',
      text_language: 'language',
      brand_attribute: 'attribute_id',
    },
  },
} as const satisfies Record<string, Source>;

export type SourceName = keyof typeof SOURCES;
