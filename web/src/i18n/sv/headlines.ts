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
  'headlines.mixWhy': 'Det sammanlagda värdet rörde sig åt andra hållet för att kanalernas andelar ändrades.',
  'headlines.notJudged': 'inte bedömd: fördelningen mellan kanalerna har ändrats',
  'headlines.notClear': 'ingen tydlig förändring',
  'headlines.notClearWhy': 'Förändringens 95 %-intervall rymmer också ingen förändring alls.',
  'headlines.smallSample': 'litet urval',
  'headlines.smallSampleWhy':
    'Färre än {min} i denna period eller den föregående: för få för att tala om en förändring.',
};

export default messages;
