import type english from '../en/targets.js';

const messages: Record<keyof typeof english, string> = {
  'targets.time': 'Tid',
  'targets.timeHint':
    'Ange en tid som du tänker på den — 90 min, 1 tim 30 min, 1:30 eller 2 d — den visas sedan utskriven, som {example}.',
  'targets.rowDeadline': 'Tidsgräns för första svar på rad {n}',
  'targets.rowAnswerTime': 'Svarstid för servicenivå på rad {n}',
  'targets.rowAbandonLimit': 'Gräns för kort avbrott på rad {n}',
  'targets.error.empty': '{field}: ange en tid, till exempel {example}.',
  'targets.error.negative': '{field}: en tid kan inte vara negativ.',
  'targets.error.noUnit':
    '{field}: lägg till en enhet efter {number} (s, min, tim eller d), till exempel {example}.',
  'targets.error.unknownUnit':
    '{field}: ”{unit}” är ingen tidsenhet; använd s, min, tim eller d, till exempel {example}.',
  'targets.error.notADuration': '{field}: ”{text}” är ingen tid; skriv den som {example}.',
  'targets.error.tooLong': '{field}: högst {max}.',
  'targets.error.percent': '{field}: en procentsats från 0 till 100.',
  'targets.error.nps': '{field}: ett NPS från −100 till 100.',
  'targets.error.negativeValue': '{field}: får inte vara negativt.',
  'targets.hint.frt':
    'Mål för mediantiden till första svar (eller den statistik ett diagram visar), ritas som en linje. Om varje kontakt fick svar i tid avgörs av tidsgränsen för första svar under Tröskelvärden per kontakt.',
  'targets.hint.frtWithinTarget':
    'Mål för andelen första svar som skickades inom tidsgränsen för första svar ({deadlines}; ställs in under Tröskelvärden per kontakt).',
  'targets.hint.serviceLevel':
    'Mål för andelen samtal och chattar som besvarades inom svarstiden för servicenivån ({times}).',
  'targets.title': 'Mål och utgångsvärden',
  'targets.intro':
    'Mål per indikator för alla kontakter, en kanal, ett team eller en medarbetare, från ett datum; varje diagram ritar dem som linjer och varje ruta och rapport visar om de nåtts.',
  'targets.list.title': 'Mål',
  'targets.scope': 'Omfattning',
  'targets.scope.all': 'Alla kontakter',
  'targets.value': 'Mål',
  'targets.validFrom': 'Från',
  'targets.always': 'Alltid',
  'targets.choose': 'Välj…',
  'targets.add': 'Lägg till mål',
  'targets.removeRow': 'Ta bort mål {n}',
  'targets.none': 'Inga mål ännu.',
  'targets.unsaved': 'Osparade ändringar',
  'targets.saved': 'Målen har sparats.',
  'targets.error.value': '{field}: ange ett tal.',
  'targets.error.scope': '{field}: välj ett.',
  'targets.error.period': 'Period: ange första och sista dagen.',
  'targets.error.periodOrder': 'Period: sista dagen kommer före den första.',
  'targets.history.title': 'Ändringshistorik',
  'targets.history.when': 'När',
  'targets.history.who': 'Vem',
  'targets.history.change': 'Ändring',
  'targets.history.system': 'Systemet',
  'targets.history.none': 'Inga ändringar ännu.',
  'targets.history.none.value': 'inget',
  'targets.history.removed': 'borttaget',
  'targets.baselines.title': 'Utgångsvärden',
  'targets.baselines.intro':
    'Ett utgångsvärde är en indikators värde under en tidigare period, sparat så att senare siffror kan jämföras med det; diagrammen ritar det som en streckprickad linje.',
  'targets.baselines.none': 'Inga utgångsvärden ännu.',
  'targets.baselines.period': 'Period',
  'targets.baselines.value': 'Värde',
  'targets.baselines.n': 'Urval',
  'targets.baselines.from': 'Första dag',
  'targets.baselines.last': 'Sista dag',
  'targets.baselines.take': 'Spara utgångsvärde',
  'targets.baselines.line': 'Utgångsvärde ({period}): {value}',
};

export default messages;
