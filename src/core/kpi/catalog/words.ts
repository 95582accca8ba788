import { count, defineKpi, type KpiDefinition, ratio } from '../define.js';
import { col, eq, isIn } from '../expr.js';

/** A text read with a tone: unsure texts (neither the model nor the lexicon sure enough) are left out. */
const withTone = isIn(col('tone'), ['positive', 'neutral', 'negative']);

/** The indicators of the customers' own words (survey comments and customers' messages). */
export const WORDS_KPIS: readonly KpiDefinition[] = [
  defineKpi({
    id: 'sentiment_score',
    label: 'Customer sentiment',
    definition:
      'Mean tone of the customers’ texts (survey comments, messages, social messages) read with a tone, from −1 (negative) to 1 (positive): per text, the probability of positive minus that of negative, by the tone model trained on the team’s own survey comments, else by the language’s lexicon. Texts the reading is unsure about, and texts in other languages, are left out. Placed in the period the text was written; credited to the contact’s assignee (a survey comment: the agent the answer is credited to).',
    source: 'text_facts',
    timeColumn: 'occurred_at',
    where: withTone,
    value: { kind: 'mean', column: 'sentiment_score' },
    format: 'score',
    better: 'higher',
    options: '--by text_language; negative_share for the share of negative texts.',
  }),
  defineKpi({
    id: 'negative_share',
    label: 'Negative texts',
    definition:
      'Customers’ texts read with a negative tone ÷ texts read with a tone (positive, neutral or negative); texts the reading is unsure about are left out. Placed in the period the text was written.',
    source: 'text_facts',
    timeColumn: 'occurred_at',
    where: withTone,
    value: ratio(count(eq(col('tone'), 'negative')), count()),
    format: 'percent',
    better: 'lower',
    options: '--by text_language.',
  }),
  defineKpi({
    id: 'attribute_mentions',
    label: 'Brand attribute mentions',
    definition:
      'Customers’ texts whose words express a brand attribute (one of its words or synonyms in the text’s language, compared after stemming), counted once per attribute: a text expressing two attributes counts for each. Group by brand_attribute to see each next to the image the team wants. Placed in the period the text was written.',
    source: 'text_attribute_facts',
    timeColumn: 'occurred_at',
    value: count(),
    format: 'count',
    better: 'neutral',
    options: '--by brand_attribute.',
  }),
];
