/** English messages of the agents area; the other languages mirror these keys. */
const messages = {
  'agents.statistic.median': 'median',
  'agents.statistic.p90': '90th percentile',
  'agents.statistic.mean': 'mean',
  'agents.statistic.share': 'share',
  'agents.statistic.nps': 'score',
  'agents.kpiWithStatistic': '{kpi} ({statistic})',
  'agents.reason.faster':
    '{kpi}: {value} against {rest} for the rest of the team, {difference} faster (95 % interval {low} to {high})',
  'agents.reason.slower':
    '{kpi}: {value} against {rest} for the rest of the team, {difference} slower (95 % interval {low} to {high})',
  'agents.reason.higher':
    '{kpi}: {value} against {rest} for the rest of the team, {difference} higher (95 % interval {low} to {high})',
  'agents.reason.lower':
    '{kpi}: {value} against {rest} for the rest of the team, {difference} lower (95 % interval {low} to {high})',
  'agents.column.agentValue': 'Agent’s figure',
  'agents.column.rest': 'Rest of the team',
  'agents.column.reason': 'Why',
  'agents.tooFew.contacts': 'Too few to rank by {kpi}: fewer than {min} contacts',
  'agents.tooFew.answers': 'Too few to rank by {kpi}: fewer than {min} answers',
  'agents.tooFewToJudge': 'too few to judge: fewer than {min}',
  'agents.rankingHint':
    'Choose an indicator’s heading to rank the agents by it, best first. Agents with fewer than {min} contacts or answers behind an indicator are listed apart, unranked, and get no ▲ or ▼: so few say little about them.',
};

export default messages;
