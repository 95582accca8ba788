import type english from '../en/overview.js';

const messages: Record<keyof typeof english, string> = {
  'tile.drill': '{name}: {value}. Toon de contacten achter dit getal',
  'tile.change': '{change} t.o.v. vorige periode',
  'tile.noPrevious': 'Geen vorige periode om mee te vergelijken',
  'tile.definition': 'Definitie',
  'tile.trend': 'Trend',
  'tone.better': 'beter',
  'tone.worse': 'slechter',
  'tone.same': 'geen verandering',
  'target.label': 'Doel',
  'target.met': 'Doel {target} gehaald',
  'target.missed': 'Doel {target} niet gehaald',
};

export default messages;
