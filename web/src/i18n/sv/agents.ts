import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.statistic.median': 'median',
  'agents.statistic.p90': '90:e percentilen',
  'agents.statistic.mean': 'medelvärde',
  'agents.statistic.share': 'andel',
  'agents.statistic.nps': 'poäng',
  'agents.kpiWithStatistic': '{kpi} ({statistic})',
  'agents.reason.faster':
    '{kpi}: {value} mot {rest} för resten av teamet, {difference} snabbare (95 %-intervall {low} till {high})',
  'agents.reason.slower':
    '{kpi}: {value} mot {rest} för resten av teamet, {difference} långsammare (95 %-intervall {low} till {high})',
  'agents.reason.higher':
    '{kpi}: {value} mot {rest} för resten av teamet, {difference} högre (95 %-intervall {low} till {high})',
  'agents.reason.lower':
    '{kpi}: {value} mot {rest} för resten av teamet, {difference} lägre (95 %-intervall {low} till {high})',
  'agents.column.agentValue': 'Handläggarens värde',
  'agents.column.rest': 'Resten av teamet',
  'agents.column.reason': 'Varför',
  'agents.tooFew.contacts': 'För få för att rangordna efter {kpi}: färre än {min} kontakter',
  'agents.tooFew.answers': 'För få för att rangordna efter {kpi}: färre än {min} svar',
  'agents.tooFewToJudge': 'för få för att bedöma: färre än {min}',
  'agents.rankingHint':
    'Välj en indikators rubrik för att rangordna handläggarna efter den, bäst först. Handläggare med färre än {min} kontakter eller svar bakom en indikator visas för sig, utan rang och utan ▲ eller ▼: så få säger lite om dem.',
};

export default messages;
