import type english from '../en/targets.js';

const messages: Record<keyof typeof english, string> = {
  'targets.time': 'Tijd',
  'targets.timeHint':
    'Voer een tijd in zoals je erover denkt — 90 min, 1 uur 30 min, 1:30 of 2 dagen — hij wordt voluit teruggetoond, zoals {example}.',
  'targets.rowDeadline': 'Deadline eerste reactie van regel {n}',
  'targets.rowAnswerTime': 'Antwoordtijd serviceniveau van regel {n}',
  'targets.rowAbandonLimit': 'Grens kort ophangen van regel {n}',
  'targets.error.empty': '{field}: vul een tijd in, bijvoorbeeld {example}.',
  'targets.error.negative': '{field}: een tijd kan niet negatief zijn.',
  'targets.error.noUnit':
    '{field}: zet een eenheid achter {number} (sec, min, uur of dagen), bijvoorbeeld {example}.',
  'targets.error.unknownUnit':
    '{field}: „{unit}” is geen tijdseenheid; gebruik sec, min, uur of dagen, bijvoorbeeld {example}.',
  'targets.error.notADuration': '{field}: „{text}” is geen tijd; schrijf het als {example}.',
  'targets.error.tooLong': '{field}: hoogstens {max}.',
  'targets.error.percent': '{field}: een percentage van 0 tot 100.',
  'targets.error.nps': '{field}: een NPS van −100 tot 100.',
  'targets.error.negativeValue': '{field}: mag niet negatief zijn.',
  'targets.hint.frt':
    'Doel voor de mediaan van de eerste reactie (of de statistiek die een grafiek toont), getekend als lijn. Of elk contact op tijd antwoord kreeg, bepaalt de deadline voor de eerste reactie onder Drempels per contact.',
  'targets.hint.frtWithinTarget':
    'Doel voor het aandeel eerste reacties dat binnen de deadline voor de eerste reactie is verstuurd ({deadlines}; in te stellen onder Drempels per contact).',
  'targets.hint.serviceLevel':
    'Doel voor het aandeel gesprekken en chats dat binnen de antwoordtijd voor het serviceniveau is beantwoord ({times}).',
  'targets.title': 'Doelen en nulmetingen',
  'targets.intro':
    'Doelen per indicator voor alle contacten, een kanaal, een team of een medewerker, vanaf een datum; elke grafiek tekent ze als lijn en elke tegel en elk rapport zegt of ze gehaald zijn.',
  'targets.list.title': 'Doelen',
  'targets.scope': 'Bereik',
  'targets.scope.all': 'Alle contacten',
  'targets.value': 'Doel',
  'targets.validFrom': 'Vanaf',
  'targets.always': 'Altijd',
  'targets.choose': 'Kies…',
  'targets.add': 'Doel toevoegen',
  'targets.removeRow': 'Doel {n} verwijderen',
  'targets.none': 'Nog geen doelen.',
  'targets.unsaved': 'Niet-opgeslagen wijzigingen',
  'targets.saved': 'Doelen opgeslagen.',
  'targets.error.value': '{field}: vul een getal in.',
  'targets.error.scope': '{field}: kies er een.',
  'targets.error.period': 'Periode: vul de eerste en de laatste dag in.',
  'targets.error.periodOrder': 'Periode: de laatste dag ligt vóór de eerste.',
  'targets.history.title': 'Geschiedenis van wijzigingen',
  'targets.history.when': 'Wanneer',
  'targets.history.who': 'Wie',
  'targets.history.change': 'Wijziging',
  'targets.history.system': 'Systeem',
  'targets.history.none': 'Nog geen wijzigingen.',
  'targets.history.none.value': 'geen',
  'targets.history.removed': 'verwijderd',
  'targets.baselines.title': 'Nulmetingen',
  'targets.baselines.intro':
    'Een nulmeting is de waarde van een indicator over een afgelopen periode, bewaard om latere cijfers mee te vergelijken; grafieken tekenen haar als streep-stippellijn.',
  'targets.baselines.none': 'Nog geen nulmetingen.',
  'targets.baselines.period': 'Periode',
  'targets.baselines.value': 'Waarde',
  'targets.baselines.n': 'Steekproef',
  'targets.baselines.from': 'Eerste dag',
  'targets.baselines.last': 'Laatste dag',
  'targets.baselines.take': 'Nulmeting vastleggen',
  'targets.baselines.line': 'Nulmeting ({period}): {value}',
};

export default messages;
