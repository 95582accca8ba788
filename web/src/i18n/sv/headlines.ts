import type english from '../en/headlines.js';

const messages: Record<keyof typeof english, string> = {
  'headlines.allChannels': 'Alla kanaler sammantaget',
  'headlines.byChannel': '{name} per kanal',
  'headlines.channel': 'Kanal',
  'headlines.value': 'Värde',
  'headlines.change': 'Förändring',
  'headlines.target': 'Mål',
  'headlines.mixBetter': 'Fördelningen mellan kanalerna har ändrats: varje kanal blev bättre.',
  'headlines.mixWorse': 'Fördelningen mellan kanalerna har ändrats: varje kanal blev sämre.',
  'headlines.mixUp': 'Fördelningen mellan kanalerna har ändrats: varje kanal gick upp.',
  'headlines.mixDown': 'Fördelningen mellan kanalerna har ändrats: varje kanal gick ner.',
  'headlines.mixBetterUnclear':
    'Fördelningen mellan kanalerna har ändrats: ingen kanal blev sämre, men inte varje kanal blev tydligt bättre.',
  'headlines.mixWorseUnclear':
    'Fördelningen mellan kanalerna har ändrats: ingen kanal blev bättre, men inte varje kanal blev tydligt sämre.',
  'headlines.mixUpUnclear':
    'Fördelningen mellan kanalerna har ändrats: ingen kanal gick ner, men inte varje kanal gick tydligt upp.',
  'headlines.mixDownUnclear':
    'Fördelningen mellan kanalerna har ändrats: ingen kanal gick upp, men inte varje kanal gick tydligt ner.',
  'headlines.mixWhy': 'Det sammanlagda värdet rörde sig åt andra hållet för att kanalernas andelar ändrades.',
  'headlines.notJudged': 'inte bedömd: fördelningen mellan kanalerna har ändrats',
  'headlines.pending': 'förändringen bedöms fortfarande',
  'headlines.notClear': 'ingen tydlig förändring',
  'headlines.smallSample': 'litet urval',
  'headlines.smallSampleWhy':
    'Färre än {min} i denna period eller den föregående: för få för att tala om en förändring.',
};

export default messages;
