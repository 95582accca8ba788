import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {
  'agents.intro':
    'Elke medewerker tegenover de rest van het team in de gekozen periode. Een verschil telt alleen als het statistisch duidelijk is (95 %, gecorrigeerd voor het aantal vergeleken medewerkers).',
  'agents.scorecards': 'Scorekaarten',
  'agents.legend':
    '▲ duidelijk beter, ▼ duidelijk slechter dan de rest van het team; (n) is het aantal contacten of antwoorden.',
  'coaching.title': 'Kandidaten voor coaching',
  'coaching.none': 'Geen enkele medewerker blijft in deze periode duidelijk achter bij de rest van het team.',
  'coaching.candidate': 'Kandidaat voor coaching',
  'coaching.flag':
    'Kandidaat voor coaching: minstens één indicator is duidelijk slechter dan bij de rest van het team.',
  'verdict.better': 'duidelijk beter',
  'verdict.worse': 'duidelijk slechter',
  'verdict.unclear': 'geen duidelijk verschil',
  'verdict.notCompared': 'niet vergeleken',
  'scorecard.title': 'Scorekaart: {name}',
  'scorecard.back': 'Alle medewerkers',
  'scorecard.against': 'Tegenover de rest van team {team}',
  'scorecard.agent': 'Medewerker',
  'scorecard.team': 'Hele team, medewerker inbegrepen',
  'scorecard.difference': 'Verschil met de rest van het team (95 %-interval)',
  'scorecard.verdict': 'Oordeel',
  'scorecard.legend':
    'Elke indicator wordt vergeleken op de statistiek die hij toont (medianen met medianen, aandelen met aandelen); het verschil is de waarde van de medewerker min die van de rest van het team. Aandelen en scores tonen een 95 %-interval onder de waarde.',
  'scorecard.noAgent':
    'Je gebruiker is niet aan een medewerker gekoppeld. Vraag een beheerder je medewerker in te stellen.',
  'scorecard.ownOnly': 'Je ziet alleen je eigen scorekaart en de totalen van je team.',

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
