import { count, defineKpi, type KpiDefinition, ratio } from '../define.js';
import { and, col, eq, isNotNull, isNull, isTrue } from '../expr.js';

const answeredSurvey = isNotNull(col('score'));
/** Overall questions only: answers about one service dimension are csat_dimension's. */
const ofKind = (kind: string) => and(eq(col('kind'), kind), isNull(col('dimension')));
/**
 * An invitation's own row: sent, about no service dimension and no further question (those rows of
 * an answered invitation have no time sent, and an imported row of a dimension is one more answer).
 */
const invitationSent = and(isNotNull(col('sent_at')), isNull(col('dimension')), isNull(col('question_id')));

/**
 * The survey indicators, in the order the dashboard lists them: the ones there were before
 * servicemeter collected surveys itself first, the ones its own surveys brought after them.
 */
export const SURVEY_KPIS: readonly KpiDefinition[] = [
  defineKpi({
    id: 'csat',
    label: 'Customer satisfaction (CSAT)',
    definition:
      'Answered CSAT responses in the top box ÷ answered CSAT responses. Top box = above the middle of the scale: 4–5 on 1–5, 3 on 1–3, 2 on 1–2. Skipped surveys are not counted. Placed in the period of the answer; credited to the agent named on the response, else the last agent who replied before it was sent.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('csat'), answeredSurvey),
    value: ratio(count(isTrue('top_box')), count()),
    format: 'percent',
    better: 'higher',
    options: 'csat_avg (mean score), csat_response_rate, survey_response_rate.',
    needs: 'csat_answers',
  }),
  defineKpi({
    id: 'csat_avg',
    label: 'CSAT average score',
    definition:
      'Mean of answered CSAT scores on a 1–5 scale (answers on other scales are mapped linearly onto 1–5). Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('csat'), answeredSurvey),
    value: { kind: 'mean', column: 'score', rescaleTo: { min: 1, max: 5 } },
    format: 'score',
    better: 'higher',
    needs: 'csat_answers',
  }),
  defineKpi({
    id: 'csat_response_rate',
    label: 'CSAT response rate',
    definition:
      'Answered CSAT surveys ÷ CSAT surveys sent. A survey collected by servicemeter counts once per invitation, however many questions it asked. Placed in the period the survey was sent.',
    source: 'survey_facts',
    timeColumn: 'sent_at',
    where: and(ofKind('csat'), isNotNull(col('sent_at'))),
    value: ratio(count(answeredSurvey), count()),
    format: 'percent',
    better: 'higher',
    needs: 'csat_sent',
  }),
  defineKpi({
    id: 'csat_dimension',
    label: 'Satisfaction per service dimension',
    definition:
      'Answered CSAT responses about one service dimension (e.g. delivery, invoice) in the top box ÷ those answered; group by survey_dimension to see each. Overall answers are csat’s. Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(eq(col('kind'), 'csat'), isNotNull(col('dimension')), answeredSurvey),
    value: ratio(count(isTrue('top_box')), count()),
    format: 'percent',
    better: 'higher',
    options: '--by survey_dimension.',
    needs: 'csat_dimension_answers',
  }),
  defineKpi({
    id: 'nps',
    label: 'Net Promoter Score',
    definition:
      '%promoters (9–10) − %detractors (0–6) among answered 0–10 NPS responses, in points from −100 to 100. Skipped answers are not in the denominator. Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('nps'), answeredSurvey),
    value: { kind: 'nps', promoters: isTrue('promoter'), detractors: isTrue('detractor') },
    format: 'nps',
    better: 'higher',
    needs: 'nps_answers',
  }),
  defineKpi({
    id: 'ces',
    label: 'Customer effort score',
    definition:
      'Share of "easy" answers among answered CES responses: above the middle of the scale, 5–7 on 1–7 and 4–5 on 1–5. Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('ces'), answeredSurvey),
    value: ratio(count(isTrue('top_box')), count()),
    format: 'percent',
    better: 'higher',
    options: 'ces_avg (mean score).',
    needs: 'ces_answers',
  }),
  defineKpi({
    id: 'ces_avg',
    label: 'CES average score',
    definition:
      'Mean of answered CES scores on a 1–7 scale (answers on other scales are mapped linearly onto 1–7). Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('ces'), answeredSurvey),
    value: { kind: 'mean', column: 'score', rescaleTo: { min: 1, max: 7 } },
    format: 'score',
    better: 'higher',
    needs: 'ces_answers',
  }),
  defineKpi({
    id: 'survey_response_rate',
    label: 'Survey response rate',
    definition:
      'Invitations answered ÷ invitations sent, of every survey and kind. An invitation counts once, however many questions it asked; an imported survey row is one invitation. Answered means any answer, so an invitation answered only with a comment counts as answered. Public links, QR codes and the widget send nothing and are left out. Placed in the period the invitation was sent.',
    source: 'survey_facts',
    timeColumn: 'sent_at',
    where: invitationSent,
    value: ratio(count(isNotNull(col('responded_at'))), count()),
    format: 'percent',
    better: 'higher',
    options: 'csat_response_rate for CSAT surveys alone; --by survey, survey_source.',
    // No input is needed: a database that sent no survey has no denominator, so no figure, and one
    // upgraded from before these indicators needs no rebuild to know what its sources record.
  }),
  defineKpi({
    id: 'self_service_helpful_rate',
    label: 'Self-service helpful rate',
    definition:
      'Answered "did this help?" questions (kind helpful, 0–1: no, yes) answered yes ÷ those answered; on another scale, yes is above its middle (2 on 1–2). Skipped questions are not counted. Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('helpful'), answeredSurvey),
    value: ratio(count(isTrue('top_box')), count()),
    format: 'percent',
    better: 'higher',
    options: '--by survey_source or survey_question to see the pages and questions.',
    needs: 'helpful_answers',
  }),
  defineKpi({
    id: 'likely_to_stay',
    label: 'Likely to stay',
    definition:
      'Answered "how likely are you to stay with us" questions (kind stay, 1–5 from very unlikely to very likely) answered 4–5, likely or very likely, ÷ those answered; on another scale, above its middle. Skipped questions are not counted. Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('stay'), answeredSurvey),
    value: ratio(count(isTrue('top_box')), count()),
    format: 'percent',
    better: 'higher',
    needs: 'stay_answers',
  }),
  defineKpi({
    id: 'satisfaction_top2',
    label: 'Overall satisfaction (top two)',
    definition:
      'Answered overall satisfaction questions (kind satisfaction, 1–5: not at all, slightly, moderately, very, extremely satisfied) answered very or extremely satisfied (4–5) ÷ those answered; on another scale, above its middle. Skipped questions are not counted. Satisfaction improvement is this share against the same period a year before. Placed in the period of the answer.',
    source: 'survey_facts',
    timeColumn: 'counted_at',
    where: and(ofKind('satisfaction'), answeredSurvey),
    value: ratio(count(isTrue('top_box')), count()),
    format: 'percent',
    better: 'higher',
    options:
      'Satisfaction improvement: --compare-with year (API: compare true, compareWith year) adds the same period a year before and the change from it.',
    needs: 'satisfaction_answers',
  }),
];
