import type english from '../en/heatmap.js';

const messages: Record<keyof typeof english, string> = {
  'heatmap.metric': 'Maat',
  'heatmap.volume': 'Volume',
  'heatmap.firstResponse': 'Eerste reactie',
  'heatmap.abandonment': 'Opgehangen',
  'heatmap.howTo':
    'Rijen zijn weekdagen, kolommen uren van de dag; donkerder is hoger. Ga met de pijltjestoetsen van cel naar cel en toon met Enter de contacten.',
  'heatmap.caption': '{name} per weekdag en uur ({timezone})',
  'heatmap.cellLabel': '{day} {hour}: {value} (n = {n})',
  'heatmap.cellEmpty': '{day} {hour}: geen gegevens',
};

export default messages;
