import type english from '../en/overview.js';

const messages: Record<keyof typeof english, string> = {
  'tile.drill': '{name}: {value}. Visa ärendena bakom siffran',
  'tile.change': '{change} jämfört med föregående period',
  'tile.noPrevious': 'Ingen föregående period att jämföra med',
  'tile.definition': 'Definition',
  'tile.trend': 'Trend',
  'tone.better': 'bättre',
  'tone.worse': 'sämre',
  'tone.same': 'oförändrat',
  'target.label': 'Mål',
  'target.met': 'Målet {target} nått',
  'target.missed': 'Målet {target} inte nått',
};

export default messages;
