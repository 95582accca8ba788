import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.intro':
    'Varje handläggare jämfört med resten av teamet under den valda perioden. En skillnad räknas bara när den är statistiskt tydlig (95 %, korrigerat för antalet jämförda handläggare).',
  'agents.scorecards': 'Resultatkort',
  'agents.legend':
    '▲ tydligt bättre, ▼ tydligt sämre än resten av teamet; (n) är antalet ärenden eller svar.',
  'coaching.title': 'Kandidater för coachning',
  'coaching.none': 'Ingen handläggare ligger tydligt efter resten av sitt team under perioden.',
  'coaching.candidate': 'Kandidat för coachning',
  'coaching.flag': 'Kandidat för coachning: minst ett nyckeltal är tydligt sämre än för resten av teamet.',
  'verdict.better': 'tydligt bättre',
  'verdict.worse': 'tydligt sämre',
  'verdict.unclear': 'ingen tydlig skillnad',
  'verdict.notCompared': 'inte jämfört',
  'scorecard.title': 'Resultatkort: {name}',
  'scorecard.back': 'Alla handläggare',
  'scorecard.against': 'Mot resten av team {team}',
  'scorecard.agent': 'Handläggare',
  'scorecard.team': 'Hela teamet, handläggaren inräknad',
  'scorecard.difference': 'Skillnad mot resten av teamet (95 %-intervall)',
  'scorecard.verdict': 'Bedömning',
  'scorecard.legend':
    'Varje indikator jämförs på den statistik den visar (median mot median, andel mot andel); skillnaden är handläggarens värde minus resten av teamets. Andelar och betyg visar ett 95 %-intervall under värdet.',
  'scorecard.noAgent':
    'Din användare är inte kopplad till en handläggare. Be en administratör att ange din handläggare.',
  'scorecard.ownOnly': 'Du ser bara ditt eget resultatkort och ditt teams totaler.',

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
