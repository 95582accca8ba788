import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.statistic.median': 'mediaan',
  'agents.statistic.p90': '90e percentiel',
  'agents.statistic.mean': 'gemiddelde',
  'agents.statistic.share': 'aandeel',
  'agents.statistic.nps': 'score',
  'agents.kpiWithStatistic': '{kpi} ({statistic})',
  'agents.reason.faster':
    '{kpi}: {value} tegenover {rest} voor de rest van het team, {difference} sneller (95 %-interval {low} tot {high})',
  'agents.reason.slower':
    '{kpi}: {value} tegenover {rest} voor de rest van het team, {difference} trager (95 %-interval {low} tot {high})',
  'agents.reason.higher':
    '{kpi}: {value} tegenover {rest} voor de rest van het team, {difference} hoger (95 %-interval {low} tot {high})',
  'agents.reason.lower':
    '{kpi}: {value} tegenover {rest} voor de rest van het team, {difference} lager (95 %-interval {low} tot {high})',
  'agents.column.agentValue': 'Cijfer medewerker',
  'agents.column.rest': 'Rest van het team',
  'agents.column.reason': 'Waarom',
  'agents.tooFew.contacts': 'Te weinig om te rangschikken op {kpi}: minder dan {min} contacten',
  'agents.tooFew.answers': 'Te weinig om te rangschikken op {kpi}: minder dan {min} antwoorden',
  'agents.tooFewToJudge': 'te weinig om te beoordelen: minder dan {min}',
  'agents.rankingHint':
    'Kies de kop van een indicator om de medewerkers daarop te rangschikken, de beste eerst. Medewerkers met minder dan {min} contacten of antwoorden achter een indicator staan apart, zonder rang en zonder ▲ of ▼: zo weinig zegt weinig over hen.',
};

export default messages;
