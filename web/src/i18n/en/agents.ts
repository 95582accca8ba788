/** English messages of the agents area; the other languages mirror these keys. */
const messages = {
  'agents.intro':
    'Each agent against the rest of their team in the chosen period. A difference counts only when it is statistically clear (95 %, corrected for the number of agents compared).',
  'agents.scorecards': 'Scorecards',
  'agents.legend':
    '▲ clearly better, ▼ clearly worse than the rest of the team; (n) is the number of contacts or answers.',
  'coaching.title': 'Coaching candidates',
  'coaching.none': 'No agent is clearly behind the rest of their team in this period.',
  'coaching.candidate': 'Coaching candidate',
  'coaching.flag': 'Coaching candidate: at least one indicator is clearly worse than the rest of the team.',
  'verdict.better': 'clearly better',
  'verdict.worse': 'clearly worse',
  'verdict.unclear': 'no clear difference',
  'verdict.notCompared': 'not compared',
  'scorecard.title': 'Scorecard: {name}',
  'scorecard.back': 'All agents',
  'scorecard.against': 'Against the rest of team {team}',
  'scorecard.agent': 'Agent',
  'scorecard.team': 'Whole team, agent included',
  'scorecard.difference': 'Difference with the rest of the team (95 % interval)',
  'scorecard.verdict': 'Verdict',
  'scorecard.legend':
    'Each indicator is compared on the statistic it shows (medians against medians, shares against shares); the difference is the agent’s value minus the rest of the team’s. Shares and scores show a 95 % interval under the value.',
  'scorecard.noAgent': 'Your user is not linked to an agent. Ask an administrator to set your agent.',
  'scorecard.ownOnly': 'You see your own scorecard and your team’s totals only.',

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
