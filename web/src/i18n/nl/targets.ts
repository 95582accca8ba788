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
};

export default messages;
